//! Name registries: resolve a name to its id, or say which name was meant.

use super::super::entities::*;
use crate::scenario::{At, Diagnostics, did_you_mean};
use std::collections::HashMap;

/// Name → id maps for everything a scenario can refer to by name.
#[derive(Debug, Default)]
pub(crate) struct Names {
    pub regions: HashMap<String, RegionId>,
    pub vpcs: HashMap<String, VpcId>,
    pub idcs: HashMap<String, IdcId>,
    pub vbrs: HashMap<String, VbrId>,
    pub physical_connections: HashMap<String, PhysicalConnectionId>,
    pub connections: HashMap<String, ConnectionId>,
    pub flows: HashMap<String, FlowId>,
    /// Resources of VPCs and hosts of IDCs: name → (site, index in its list).
    pub resources: HashMap<String, (Site, usize)>,
}

/// Looks `name` up in `map`; reports an unknown name with the closest existing one.
pub(crate) fn resolve<T: Copy>(
    map: &HashMap<String, T>,
    what: &str,
    name: &At<String>,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    if let Some(v) = map.get(name.get_ref()) {
        return Some(*v);
    }
    let mut keys: Vec<&str> = map.keys().map(|k| k.as_str()).collect();
    keys.sort_unstable();
    let hint = match did_you_mean(name.get_ref(), &keys) {
        Some(c) => format!("did you mean \"{c}\"?"),
        None if keys.is_empty() => format!("no {what} is defined"),
        None if keys.len() <= 8 => format!("defined: {}", keys.join(", ")),
        None => format!("{} {what}s are defined; check the spelling", keys.len()),
    };
    diags.error_hint(
        name.span(),
        key,
        format!("unknown {what} \"{}\"", name.get_ref()),
        hint,
    );
    None
}

/// Registers a unique name; a duplicate is an error pointing at the second definition.
pub(crate) fn register<T: Copy>(
    map: &mut HashMap<String, T>,
    what: &str,
    name: &At<String>,
    id: T,
    key: &str,
    diags: &mut Diagnostics,
) -> bool {
    if map.contains_key(name.get_ref()) {
        diags.error_hint(
            name.span(),
            key,
            format!("{what} \"{}\" is defined twice", name.get_ref()),
            format!("give each {what} a unique name"),
        );
        return false;
    }
    map.insert(name.get_ref().clone(), id);
    true
}
