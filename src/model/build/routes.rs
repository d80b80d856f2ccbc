//! Route tables: automatic routes for connections that carry traffic, plus [[route]] entries.

use super::names::{Names, resolve};
use super::places::parse_cidr;
use crate::model::entities::*;
use crate::scenario::{Diagnostics, RouteMode, Scenario};
use std::collections::HashMap;

/// The priority of a route or connection that gives none.
pub const DEFAULT_PRIORITY: u32 = 100;

fn table_mut(net: &mut Network, r: RouterId) -> &mut RouteTable {
    match r {
        RouterId::Vpc(v) => &mut net.vpc_tables[v.index()],
        RouterId::Vbr(v) => &mut net.vbr_tables[v.index()],
    }
}

pub(crate) fn route_tables(
    s: &Scenario,
    net: &mut Network,
    names: &Names,
    diags: &mut Diagnostics,
) {
    for i in 0..net.connections.len() {
        let id = ConnectionId(i as u32);
        let (a, b) = (net.connections[i].a, net.connections[i].b);
        table_mut(net, a).connections.push(id);
        table_mut(net, b).connections.push(id);
        let c = &net.connections[i];
        if c.routes != RouteMode::Auto || !net.carries_traffic(id) {
            continue;
        }
        let (a, b, priority) = (c.a, c.b, c.priority);
        for (from, to) in [(a, b), (b, a)] {
            let dests = net.router_cidrs(to).to_vec();
            let table = table_mut(net, from);
            table
                .routes
                .extend(dests.into_iter().map(|destination| Route {
                    destination,
                    via: id,
                    origin: RouteOrigin::Auto,
                    priority,
                }));
        }
    }
    let mut routers: HashMap<String, RouterId> = names
        .vpcs
        .iter()
        .map(|(k, v)| (k.clone(), RouterId::Vpc(*v)))
        .collect();
    routers.extend(
        names
            .vbrs
            .iter()
            .map(|(k, v)| (k.clone(), RouterId::Vbr(*v))),
    );
    let mut written: Vec<Written> = Vec::new();
    for (i, r) in s.routes.iter().enumerate() {
        let key = format!("route[{i}]");
        let table = resolve(
            &routers,
            "route table (VPC or VBR)",
            &r.table,
            &format!("{key}.table"),
            diags,
        );
        let via = resolve(
            &names.connections,
            "connection",
            &r.via,
            &format!("{key}.via"),
            diags,
        );
        let dest = parse_cidr_any(&r.destination, &format!("{key}.destination"), diags);
        let (Some(table), Some(via), Some(destination)) = (table, via, dest) else {
            continue;
        };
        let c = &net.connections[via.index()];
        let Some(peer) = c.peer_of(table) else {
            diags.error_hint(
                r.via.span(),
                format!("{key}.via"),
                format!(
                    "connection \"{}\" does not end at {}",
                    c.name,
                    net.router_name(table)
                ),
                format!(
                    "a route in table {} goes via one of its own connections",
                    net.router_name(table)
                ),
            );
            continue;
        };
        if !net
            .router_cidrs(peer)
            .iter()
            .any(|p| p.contains(&destination))
        {
            crate::model::rules::warning(
                diags,
                &crate::model::rules::NOT_TRANSITIVE,
                r.destination.span(),
                format!("{key}.destination"),
                format!(
                    "{destination} is not inside {}, the other end of {} connection \"{}\": traffic would transit a third network, and interconnection is not transitive; flows using this route are blocked",
                    net.router_name(peer),
                    c.kind,
                    c.name
                ),
            );
        }
        let priority = r
            .priority
            .as_ref()
            .map_or(DEFAULT_PRIORITY, |p| *p.get_ref());
        written.push(Written {
            index: i,
            table,
            destination,
            priority,
            via,
            at: r
                .priority
                .as_ref()
                .map_or(r.destination.span(), |p| p.span()),
        });
        table_mut(net, table).routes.push(Route {
            destination,
            via,
            origin: RouteOrigin::Static(r.span.clone()),
            priority,
        });
    }
    conflicts(net, &written, diags);
}

/// A [[route]] as built, with where to point at it.
struct Written {
    index: usize,
    table: RouterId,
    destination: ipnet::Ipv4Net,
    priority: u32,
    via: ConnectionId,
    /// Its `priority` value, or its destination when it gives none.
    at: std::ops::Range<usize>,
}

/// The network a route leads to: the VPC, or the IDC behind a VBR.
fn leads_to(net: &Network, w: &Written) -> Option<Site> {
    match net.connections[w.via.index()].peer_of(w.table)? {
        RouterId::Vpc(v) => Some(Site::Vpc(v)),
        RouterId::Vbr(v) => Some(Site::Idc(net.vbrs[v.index()].idc)),
    }
}

/// Two [[route]] entries of one table for the same prefix at the same priority that lead to
/// different networks conflict: equal routes share load per flow, so flows to one address
/// would be split between two networks, and which one a flow reaches would depend on its
/// name. Routes of different priorities do not conflict: the other is the backup.
fn conflicts(net: &Network, written: &[Written], diags: &mut Diagnostics) {
    for (k, b) in written.iter().enumerate() {
        let Some(there) = leads_to(net, b) else {
            continue;
        };
        let clash = written[..k].iter().find(|a| {
            (a.table, a.destination, a.priority) == (b.table, b.destination, b.priority)
                && leads_to(net, a).is_some_and(|s| s != there)
        });
        let Some(a) = clash else { continue };
        let (line, _) = diags.file.line_col(a.at.start);
        let via = |w: &Written| net.connections[w.via.index()].name.clone();
        let site = |w: &Written| leads_to(net, w).map_or("?", |s| net.site_name(s));
        diags.error_hint(
            b.at.clone(),
            format!("route[{}]", b.index),
            format!(
                "route[{}] conflicts with route[{}] (line {line}): both send {} from table {} \
                 at priority {}, one to {} via {}, the other to {} via {}",
                b.index,
                a.index,
                b.destination,
                net.router_name(b.table),
                b.priority,
                site(a),
                via(a),
                site(b),
                via(b),
            ),
            "give one a higher priority number (it becomes the backup), or route a narrower prefix",
        );
    }
}

/// A route destination may be any IPv4 block (/0../32), unlike VPC blocks.
fn parse_cidr_any(
    text: &crate::scenario::At<String>,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<ipnet::Ipv4Net> {
    match text.get_ref().parse::<ipnet::Ipv4Net>() {
        Ok(n) if n.trunc() == n => Some(n),
        Ok(n) => {
            diags.error_hint(
                text.span(),
                key,
                format!("\"{}\" has host bits set", text.get_ref()),
                format!("write \"{}\"", n.trunc()),
            );
            None
        }
        Err(_) => parse_cidr(text, key, diags),
    }
}
