//! The reachability matrix: which resource reaches which, by what path and with what delay,
//! or exactly why not.

use super::forward::Blocked;
use super::plan::{Hop, Plan, compile_with};
use crate::model::{Endpoint, Network, Site};
use crate::units::Duration;
use std::fmt::Write;

/// One ordered pair of endpoints and its verdict.
#[derive(Debug, Clone)]
pub struct ReachRow {
    pub from: String,
    pub to: String,
    pub verdict: Result<ReachPath, Blocked>,
}

#[derive(Debug, Clone)]
pub struct ReachPath {
    pub connection: String,
    /// Channel names along the way.
    pub channels: Vec<String>,
    /// One-way propagation delay (no queueing, no serialization).
    pub delay: Duration,
}

/// Every resource and on-premises host (or the network itself when it lists none).
fn endpoints(net: &Network) -> Vec<Endpoint> {
    let mut out = Vec::new();
    for (i, v) in net.vpcs.iter().enumerate() {
        let site = Site::Vpc(crate::model::VpcId(i as u32));
        push_all(&mut out, site, &v.name, &v.resources, &v.cidrs);
    }
    for (i, d) in net.idcs.iter().enumerate() {
        let site = Site::Idc(crate::model::IdcId(i as u32));
        push_all(&mut out, site, &d.name, &d.hosts, &d.cidrs);
    }
    out
}

fn push_all(
    out: &mut Vec<Endpoint>,
    site: Site,
    name: &str,
    list: &[crate::model::Resource],
    cidrs: &[ipnet::Ipv4Net],
) {
    if list.is_empty() {
        if let Some(c) = cidrs.first() {
            let ip = std::net::Ipv4Addr::from(u32::from(c.network()).saturating_add(1));
            out.push(Endpoint {
                site,
                ip,
                kind: None,
                label: name.to_string(),
            });
        }
        return;
    }
    out.extend(list.iter().map(|r| Endpoint {
        site,
        ip: r.ip,
        kind: Some(r.kind),
        label: r.name.clone(),
    }));
}

/// The matrix over every ordered pair of endpoints in different networks.
pub fn reach(net: &Network) -> Vec<ReachRow> {
    let eps = endpoints(net);
    let pairs: Vec<(Endpoint, Endpoint)> = eps
        .iter()
        .flat_map(|a| {
            eps.iter()
                .filter(|b| b.site != a.site)
                .map(move |b| (a.clone(), b.clone()))
        })
        .collect();
    let (plan, routes) = compile_with(net, &pairs);
    pairs
        .iter()
        .zip(routes)
        .map(|((a, b), r)| ReachRow {
            from: a.label.clone(),
            to: b.label.clone(),
            verdict: r.map(|route| ReachPath {
                connection: net.connections[route.forwarding.connection.index()]
                    .name
                    .clone(),
                channels: channel_names(&plan, &route.hops),
                delay: route.delay,
            }),
        })
        .collect()
}

fn channel_names(plan: &Plan, hops: &[Hop]) -> Vec<String> {
    hops.iter()
        .filter_map(|h| match h {
            Hop::Channel(c) => Some(plan.channel(*c).name.clone()),
            _ => None,
        })
        .collect()
}

/// Formats a delay as milliseconds with microsecond precision, e.g. "12.345 ms".
pub fn format_ms(d: Duration) -> String {
    let us = (d.as_nanos() + 500) / 1000;
    format!("{}.{:03} ms", us / 1000, us % 1000)
}

/// Renders the matrix as an aligned table.
pub fn render(net: &Network, rows: &[ReachRow]) -> String {
    let wf = rows.iter().map(|r| r.from.len()).max().unwrap_or(4).max(4);
    let wt = rows.iter().map(|r| r.to.len()).max().unwrap_or(2).max(2);
    let mut out = String::new();
    let _ = writeln!(out, "reachability in {} ({} pairs)", net.name, rows.len());
    let _ = writeln!(
        out,
        "{:wf$}  {:wt$}  {:>12}  path or reason",
        "from", "to", "one-way"
    );
    for r in rows {
        match &r.verdict {
            Ok(p) => {
                let _ = writeln!(
                    out,
                    "{:wf$}  {:wt$}  {:>12}  via {}: {}",
                    r.from,
                    r.to,
                    format_ms(p.delay),
                    p.connection,
                    p.channels.join(" > ")
                );
            }
            Err(b) => {
                let _ = writeln!(
                    out,
                    "{:wf$}  {:wt$}  {:>12}  blocked: {b}",
                    r.from, r.to, "-"
                );
            }
        }
    }
    let ok = rows.iter().filter(|r| r.verdict.is_ok()).count();
    let _ = writeln!(out, "{ok} of {} pairs reachable", rows.len());
    out
}
