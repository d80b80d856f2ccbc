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

/// The failure stream's name of a backbone link member: the two regions in name order, so the
/// stream does not depend on which region a file declares first.
pub fn link_member(a: &str, b: &str, suffix: &str) -> String {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
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

/// Calls `f` on every (kind, name) of a random component the network could compile to:
/// flows, channels, failure members, tunnels, in a fixed order.
fn for_each_component(net: &Network, mut f: impl FnMut(ComponentKind, &str)) {
    for flow in &net.flows {
        f(ComponentKind::Flow, &flow.name);
    }
    for r in &net.regions {
        f(ComponentKind::Link, &regional_channel(&r.name));
    }
    for l in &net.links {
        let (a, b) = (
            &net.regions[l.a.index()].name,
            &net.regions[l.b.index()].name,
        );
        for m in 0..l.params.count {
            let suffix = member_suffix(l.params.count, m);
            f(ComponentKind::Failure, &link_member(a, b, &suffix));
            for d in 0..2 {
                f(ComponentKind::Link, &backbone_channel(a, b, &suffix, d));
            }
        }
    }
    for p in &net.physical_connections {
        let vbr = &net.vbrs[p.vbr.index()];
        let idc = &net.idcs[vbr.idc.index()].name;
        for m in 0..p.params.count {
            let suffix = member_suffix(p.params.count, m);
            f(ComponentKind::Failure, &line_member(&p.name, &suffix));
            for d in 0..2 {
                f(
                    ComponentKind::Link,
                    &line_channel(&p.name, &suffix, idc, &vbr.name, d),
                );
            }
        }
    }
    for c in &net.connections {
        f(ComponentKind::Tunnel, &c.name);
        if c.internet.is_some() {
            f(ComponentKind::Failure, &internet_member(&c.name));
            let name = |r: RouterId| net.router_name(r).to_string();
            for d in 0..2 {
                f(
                    ComponentKind::Link,
                    &internet_channel(&c.name, &name(c.a), &name(c.b), d),
                );
            }
        }
    }
}

/// Pairs of different component names whose random streams would coincide (the same kind
/// and the same 64-bit name hash): a run with any is refused, since their randomness would
/// be shared. Each pair is (the first name with that stream, a later different one), in the
/// order the later names come.
///
/// A full-mesh backbone of R regions has R²/2 links, so this keeps only (kind, hash,
/// position) per name and sorts them; names are looked at again only when two hashes meet.
pub fn stream_collisions(net: &Network) -> Vec<(String, String)> {
    collisions_by(net, name_id)
}

/// [`stream_collisions`] under any name hash.
fn collisions_by(net: &Network, hash: impl Fn(&str) -> u64) -> Vec<(String, String)> {
    let mut ids: Vec<(ComponentKind, u64, u32)> = Vec::new();
    for_each_component(net, |kind, name| {
        ids.push((kind, hash(name), ids.len() as u32))
    });
    ids.sort_unstable();
    // Positions of the names sharing a stream with an earlier one, and the first position
    // of their stream.
    let mut later: HashMap<u32, u32> = HashMap::new();
    for group in ids.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        for other in &group[1..] {
            later.insert(other.2, group[0].2);
        }
    }
    if later.is_empty() {
        return Vec::new();
    }
    let mut wanted: HashMap<u32, String> = later.values().map(|&p| (p, String::new())).collect();
    let mut out: Vec<(u32, u32, String)> = Vec::new();
    let mut position = 0u32;
    for_each_component(net, |_, name| {
        if let Some(first) = later.get(&position) {
            out.push((position, *first, name.to_string()));
        }
        if let Some(slot) = wanted.get_mut(&position) {
            *slot = name.to_string();
        }
        position += 1;
    });
    out.sort_unstable();
    out.into_iter()
        .filter_map(|(_, first, name)| {
            let first = &wanted[&first];
            (*first != name).then(|| (first.clone(), name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain way: every name kept in a map from its stream to the first name.
    fn naive(net: &Network, hash: impl Fn(&str) -> u64) -> Vec<(String, String)> {
        let mut seen: HashMap<(ComponentKind, u64), String> = HashMap::new();
        let mut out = Vec::new();
        for_each_component(net, |kind, name| match seen.get(&(kind, hash(name))) {
            Some(other) if other != name => out.push((other.clone(), name.to_string())),
            Some(_) => {}
            None => {
                seen.insert((kind, hash(name)), name.to_string());
            }
        });
        out
    }

    #[test]
    fn collisions_are_the_pairs_the_plain_map_finds() {
        let text = crate::estate::Estate::new(5, 12, 30).text();
        let (s, _) = crate::scenario::load_str("e.toml", "e", &text).unwrap();
        let (net, _) = crate::model::build(&s).unwrap();
        assert!(stream_collisions(&net).is_empty());
        // Weak hashes make many names meet: by length, by last byte, by nothing at all.
        let weak: [fn(&str) -> u64; 3] = [
            |n| n.len() as u64,
            |n| u64::from(*n.as_bytes().last().unwrap_or(&0)),
            |_| 0,
        ];
        for h in weak {
            let found = collisions_by(&net, h);
            assert!(!found.is_empty());
            assert_eq!(found, naive(&net, h));
        }
    }
}
