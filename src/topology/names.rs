//! The names of compiled components. A component's random stream follows its name (see
//! `engine::name_id`), so the names are made in one place, and every name a network could
//! use is checked for shared streams before anything runs.

use crate::engine::{ComponentKind, name_id};
use crate::model::{Network, RouterId};
use std::collections::HashMap;

/// "a → b" in direction 0, "b → a" in direction 1.
pub fn arrow(a: &str, b: &str, direction: u8) -> String {
    if direction == 0 {
        format!("{a} → {b}")
    } else {
        format!("{b} → {a}")
    }
}

/// " #k" for the k-th of several parallel members, nothing for a single one.
pub fn member_suffix(count: u32, m: u32) -> String {
    if count > 1 {
        format!(" #{}", m + 1)
    } else {
        String::new()
    }
}

pub fn link_member(a: &str, b: &str, suffix: &str) -> String {
    format!("link:{a}/{b}{suffix}")
}

pub fn backbone_channel(a: &str, b: &str, suffix: &str, direction: u8) -> String {
    format!("backbone {}{suffix}", arrow(a, b, direction))
}

pub fn line_member(line: &str, suffix: &str) -> String {
    format!("physical_connection:{line}{suffix}")
}

pub fn line_channel(line: &str, suffix: &str, idc: &str, vbr: &str, direction: u8) -> String {
    format!("line {line}{suffix} ({})", arrow(idc, vbr, direction))
}

pub fn internet_member(connection: &str) -> String {
    format!("internet:{connection}")
}

pub fn internet_channel(connection: &str, a: &str, b: &str, direction: u8) -> String {
    format!("internet {connection} ({})", arrow(a, b, direction))
}

pub fn regional_channel(region: &str) -> String {
    format!("inside {region}")
}

/// Every (kind, name) of a random component the network could compile to: flows, channels,
/// failure members, tunnels.
fn component_names(net: &Network) -> Vec<(ComponentKind, String)> {
    let mut out: Vec<(ComponentKind, String)> = net
        .flows
        .iter()
        .map(|f| (ComponentKind::Flow, f.name.clone()))
        .collect();
    for r in &net.regions {
        out.push((ComponentKind::Link, regional_channel(&r.name)));
    }
    for l in &net.links {
        let (a, b) = (
            &net.regions[l.a.index()].name,
            &net.regions[l.b.index()].name,
        );
        for m in 0..l.params.count {
            let suffix = member_suffix(l.params.count, m);
            out.push((ComponentKind::Failure, link_member(a, b, &suffix)));
            for d in 0..2 {
                out.push((ComponentKind::Link, backbone_channel(a, b, &suffix, d)));
            }
        }
    }
    for p in &net.physical_connections {
        let vbr = &net.vbrs[p.vbr.index()];
        let idc = &net.idcs[vbr.idc.index()].name;
        for m in 0..p.params.count {
            let suffix = member_suffix(p.params.count, m);
            out.push((ComponentKind::Failure, line_member(&p.name, &suffix)));
            for d in 0..2 {
                out.push((
                    ComponentKind::Link,
                    line_channel(&p.name, &suffix, idc, &vbr.name, d),
                ));
            }
        }
    }
    for c in &net.connections {
        out.push((ComponentKind::Tunnel, c.name.clone()));
        if c.internet.is_some() {
            out.push((ComponentKind::Failure, internet_member(&c.name)));
            let name = |r: RouterId| net.router_name(r).to_string();
            for d in 0..2 {
                out.push((
                    ComponentKind::Link,
                    internet_channel(&c.name, &name(c.a), &name(c.b), d),
                ));
            }
        }
    }
    out
}

/// Pairs of different component names whose random streams would coincide (the same kind
/// and the same 64-bit name hash): a run with any is refused, since their randomness would
/// be shared.
pub fn stream_collisions(net: &Network) -> Vec<(String, String)> {
    let mut seen: HashMap<(ComponentKind, u64), String> = HashMap::new();
    let mut out = Vec::new();
    for (kind, name) in component_names(net) {
        let id = name_id(&name);
        match seen.get(&(kind, id)) {
            Some(other) if *other != name => out.push((other.clone(), name)),
            Some(_) => {}
            None => {
                seen.insert((kind, id), name);
            }
        }
    }
    out
}
