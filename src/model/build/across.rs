//! The rules that involve several connections, each applied to the product whose document
//! states it, each citing it, each in linear or n·log n time (hash maps, one union-find of
//! the backbone, sorted sweeps), reporting every violation at its place.
//!
//! The rules (see `model::rules`): `ENDS-DISJOINT`, `PEERING-ONE-PER-PAIR`, `EC-ONE-PAIR`,
//! `PEERING-MAX-PEERS`, `EC-MAX-INTERFACES`, `PEERING-PEERS-DISJOINT`, `BACKBONE-REACHES`.

use super::places::overlaps;
use crate::model::entities::*;
use crate::model::rules::{self, Rule};
use crate::scenario::{ConnectionState, ConnectionType, Diagnostics, Scenario};
use ipnet::Ipv4Net;
use std::collections::HashMap;

/// States in which a connection counts against limits: applications and live connections.
fn is_live(state: ConnectionState) -> bool {
    matches!(state, ConnectionState::Pending | ConnectionState::Active)
}

/// Checks the rules that involve several connections.
pub(crate) fn rules(s: &Scenario, net: &Network, diags: &mut Diagnostics) {
    let index: HashMap<&str, usize> = s
        .connections
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.get_ref().as_str(), i))
        .collect();
    let entry = |c: &Connection| index.get(c.name.as_str()).copied().unwrap_or(0);
    no_overlap_between_ends(net, diags, &entry);
    one_connection_per_pair(net, diags, &entry);
    peer_limit(s, net, diags, &entry);
    router_interface_limit(s, net, diags, &entry);
    cross_region_peers_disjoint(net, diags, &entry);
    backbone_reaches_both_ends(net, diags, &entry);
}

/// The first overlapping pair of blocks between two sorted lists (by network address):
/// a merge walk, linear in their lengths.
fn first_overlap(a: &[Ipv4Net], b: &[Ipv4Net]) -> Option<(Ipv4Net, Ipv4Net)> {
    let mut a: Vec<Ipv4Net> = a.to_vec();
    let mut b: Vec<Ipv4Net> = b.to_vec();
    a.sort_unstable_by_key(|n| n.network());
    b.sort_unstable_by_key(|n| n.network());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if overlaps(&a[i], &b[j]) {
            return Some((a[i], b[j]));
        }
        if a[i].broadcast() < b[j].broadcast() {
            i += 1;
        } else {
            j += 1;
        }
    }
    None
}

/// Interconnected networks (VPC-VPC, or a VPC and the IDC behind a VBR) must not have
/// overlapping CIDRs; the public internet joins any networks.
fn no_overlap_between_ends(
    net: &Network,
    diags: &mut Diagnostics,
    entry: &dyn Fn(&Connection) -> usize,
) {
    for c in net
        .connections
        .iter()
        .filter(|c| c.kind != ConnectionType::Internet)
    {
        if let Some((x, y)) = first_overlap(net.router_cidrs(c.a), net.router_cidrs(c.b)) {
            rules::error(
                diags,
                &rules::ENDS_DISJOINT,
                c.span.clone(),
                format!("connection[{}].between", entry(c)),
                format!(
                    "\"{}\" joins overlapping blocks: {x} of {} and {y} of {}",
                    c.name,
                    net.router_name(c.a),
                    net.router_name(c.b)
                ),
                "interconnected networks must use disjoint CIDR blocks",
            );
        }
    }
}

/// At most one peering between the same two VPCs, and one router interface pair between two
/// routers.
fn one_connection_per_pair(
    net: &Network,
    diags: &mut Diagnostics,
    entry: &dyn Fn(&Connection) -> usize,
) {
    let mut seen: HashMap<(ConnectionType, RouterId, RouterId), &str> = HashMap::new();
    for c in net
        .connections
        .iter()
        .filter(|c| is_live(c.state) && c.kind != ConnectionType::Internet)
    {
        let pair = if c.a < c.b { (c.a, c.b) } else { (c.b, c.a) };
        let Some(first) = seen.insert((c.kind, pair.0, pair.1), &c.name) else {
            continue;
        };
        let (words, rule, hint): (_, &Rule, _) = match c.kind {
            ConnectionType::Peering => (
                "only one peering connection can be created between two VPCs",
                &rules::PEERING_ONE_PER_PAIR,
                "raise the first one's bandwidth instead",
            ),
            _ => (
                "two routers have at most one router interface pair between them",
                &rules::EC_ONE_PAIR,
                "raise the first one's spec instead",
            ),
        };
        rules::error(
            diags,
            rule,
            c.span.clone(),
            format!("connection[{}]", entry(c)),
            format!(
                "\"{}\" is a second {} connection between {} and {} (\"{first}\" is the first): {words}",
                c.name,
                c.kind,
                net.router_name(c.a),
                net.router_name(c.b)
            ),
            hint,
        );
    }
}

/// At most `max_peers_per_vpc` peering connections per VPC, pending ones included.
fn peer_limit(
    s: &Scenario,
    net: &Network,
    diags: &mut Diagnostics,
    entry: &dyn Fn(&Connection) -> usize,
) {
    let max = s.limits.max_peers_per_vpc as usize;
    per_router_limit(
        net,
        diags,
        entry,
        max,
        |c| c.kind == ConnectionType::Peering,
        |r| matches!(r, RouterId::Vpc(_)),
        &rules::PEERING_MAX_PEERS,
        |r| {
            (
                format!(
                    "VPC \"{}\" has more than {max} peering connections (pending ones count)",
                    net.router_name(r)
                ),
                "delete or reject an application, or raise [limits] max_peers_per_vpc",
            )
        },
    );
}

/// A router has at most `max_router_interfaces` router interfaces (express-connect ends).
fn router_interface_limit(
    s: &Scenario,
    net: &Network,
    diags: &mut Diagnostics,
    entry: &dyn Fn(&Connection) -> usize,
) {
    let max = s.limits.max_router_interfaces as usize;
    per_router_limit(
        net,
        diags,
        entry,
        max,
        |c| c.kind == ConnectionType::ExpressConnect,
        |_| true,
        &rules::EC_MAX_INTERFACES,
        |r| {
            (
                format!(
                    "router \"{}\" has more than {max} router interfaces",
                    net.router_name(r)
                ),
                "a VRouter or VBR has at most 5 router interfaces ([limits] max_router_interfaces)",
            )
        },
    );
}

/// Counts live connections of the kinds `counts` at each router `limited`, and reports the
/// connection that first takes a router past `max`.
#[allow(clippy::too_many_arguments)]
fn per_router_limit(
    net: &Network,
    diags: &mut Diagnostics,
    entry: &dyn Fn(&Connection) -> usize,
    max: usize,
    counts: impl Fn(&Connection) -> bool,
    limited: impl Fn(RouterId) -> bool,
    rule: &Rule,
    message: impl Fn(RouterId) -> (String, &'static str),
) {
    let mut count: HashMap<RouterId, usize> = HashMap::new();
    for c in net
        .connections
        .iter()
        .filter(|c| is_live(c.state) && counts(c))
    {
        for r in [c.a, c.b].into_iter().filter(|r| limited(*r)) {
            let n = count.entry(r).or_default();
            *n += 1;
            if *n == max + 1 {
                let (m, hint) = message(r);
                rules::error(
                    diags,
                    rule,
                    c.span.clone(),
                    format!("connection[{}]", entry(c)),
                    m,
                    hint,
                );
            }
        }
    }
}

/// Cross-region peering: all peers of one VPC must not overlap each other. The peers of each
/// VPC are gathered once (a map from VPC to its peerings), and their blocks checked with a
/// sorted sweep.
fn cross_region_peers_disjoint(
    net: &Network,
    diags: &mut Diagnostics,
    entry: &dyn Fn(&Connection) -> usize,
) {
    let mut peers: HashMap<RouterId, Vec<(&Connection, RouterId)>> = HashMap::new();
    for c in net
        .connections
        .iter()
        .filter(|c| c.kind == ConnectionType::Peering && is_live(c.state))
    {
        peers.entry(c.a).or_default().push((c, c.b));
        peers.entry(c.b).or_default().push((c, c.a));
    }
    let mut vpcs: Vec<(&RouterId, &Vec<(&Connection, RouterId)>)> = peers.iter().collect();
    vpcs.sort_by_key(|(r, _)| **r);
    for (me, list) in vpcs {
        if !list.iter().any(|(c, _)| c.cross_region) {
            continue;
        }
        // Every block of every peer, tagged with its position in `list`, sorted by address.
        let mut blocks: Vec<(Ipv4Net, usize)> = list
            .iter()
            .enumerate()
            .flat_map(|(k, (_, p))| net.router_cidrs(*p).iter().map(move |b| (*b, k)))
            .collect();
        blocks.sort_unstable_by_key(|(b, k)| (b.network(), *k));
        let mut reported = std::collections::HashSet::new();
        // Sweep: a block overlaps an earlier one iff it starts before the furthest end seen.
        let mut reach: Option<(Ipv4Net, usize)> = None;
        for &(b, k) in &blocks {
            if let Some((r, rk)) = reach
                && rk != k
                && overlaps(&r, &b)
            {
                let (first, second) = (rk.min(k), rk.max(k));
                let (c1, c2) = (list[first].0, list[second].0);
                if (c1.cross_region || c2.cross_region) && reported.insert(second) {
                    let (x, y) = if rk < k { (r, b) } else { (b, r) };
                    rules::error(
                        diags,
                        &rules::PEERING_PEERS_DISJOINT,
                        c2.span.clone(),
                        format!("connection[{}]", entry(c2)),
                        format!(
                            "peers of \"{}\" overlap: {x} of {} and {y} of {}",
                            net.router_name(*me),
                            net.router_name(list[first].1),
                            net.router_name(list[second].1)
                        ),
                        "with cross-region peering, all peers of one VPC must use disjoint blocks",
                    );
                }
            }
            if reach.is_none_or(|(r, _)| b.broadcast() > r.broadcast()) {
                reach = Some((b, k));
            }
        }
    }
}

/// A connection across regions needs a chain of backbone links between them (with
/// `topology = "explicit"` only the [[link]] entries exist): one union-find over the
/// backbone, then a lookup per connection.
fn backbone_reaches_both_ends(
    net: &Network,
    diags: &mut Diagnostics,
    entry: &dyn Fn(&Connection) -> usize,
) {
    let mut parent: Vec<usize> = (0..net.regions.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for l in &net.links {
        let (a, b) = (
            root(&mut parent, l.a.index()),
            root(&mut parent, l.b.index()),
        );
        if a != b {
            parent[a] = b;
        }
    }
    for c in net
        .connections
        .iter()
        .filter(|c| c.cross_region && c.kind != ConnectionType::Internet)
    {
        let (a, b) = (net.router_region(c.a), net.router_region(c.b));
        if root(&mut parent, a.index()) != root(&mut parent, b.index()) {
            let (ra, rb) = (&net.regions[a.index()].name, &net.regions[b.index()].name);
            rules::error(
                diags,
                &rules::BACKBONE_REACHES,
                c.span.clone(),
                format!("connection[{}]", entry(c)),
                format!(
                    "\"{}\" joins {ra} and {rb}, but no backbone links connect them",
                    c.name
                ),
                format!(
                    "add a [[link]] between = [\"{ra}\", \"{rb}\"], or use [backbone] topology = \"full-mesh\""
                ),
            );
        }
    }
}
