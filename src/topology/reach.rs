//! The reachability matrix: which resource reaches which, by what path (and which backups)
//! and with what delay, or exactly why not. Pairs are computed and printed one at a time, so
//! memory does not grow with the square of the number of resources.

use super::forward::{Blocked, RouteChoice, choices};
use super::plan::{ElementKind, Hop, Plan};
use crate::model::{Endpoint, Network, RouterId, Site};
use crate::units::Duration;
use std::fmt::Write;

/// One ordered pair of endpoints and its verdict.
#[derive(Debug, Clone)]
pub struct ReachRow {
    pub from: String,
    pub to: String,
    pub verdict: Result<ReachPath, Blocked>,
}

/// The way a pair is reached, and the ways it would be if that one failed.
#[derive(Debug, Clone)]
pub struct ReachPath {
    pub connection: String,
    /// Channel names along the preferred path.
    pub channels: Vec<String>,
    /// One-way propagation delay of the preferred path (no queueing, no serialization).
    pub delay: Duration,
    /// The other paths in the order traffic would take them: (connection, delay).
    pub backups: Vec<(String, Duration)>,
}

/// One pair of the matrix as a table row (the library's and the Python package's `reach`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReachRecord {
    #[serde(with = "crate::sla::cell")]
    pub from: String,
    #[serde(with = "crate::sla::cell")]
    pub to: String,
    pub reachable: bool,
    /// The connection of the preferred path; empty when blocked.
    #[serde(with = "crate::sla::cell::optional")]
    pub connection: Option<String>,
    /// One-way propagation delay of the preferred path, ms.
    pub one_way_ms: Option<f64>,
    /// The channels of the preferred path, joined by " > ".
    #[serde(with = "crate::sla::cell::optional")]
    pub path: Option<String>,
    /// The other paths in the order traffic would take them, as "connection (delay ms)".
    #[serde(with = "crate::sla::cell::optional")]
    pub backups: Option<String>,
    /// Why the pair is not reachable.
    #[serde(with = "crate::sla::cell::optional")]
    pub reason: Option<String>,
}

impl From<ReachRow> for ReachRecord {
    fn from(r: ReachRow) -> ReachRecord {
        let ms = |d: Duration| d.as_nanos() as f64 / 1e6;
        match r.verdict {
            Ok(p) => ReachRecord {
                from: r.from,
                to: r.to,
                reachable: true,
                connection: Some(p.connection),
                one_way_ms: Some(ms(p.delay)),
                path: Some(p.channels.join(" > ")),
                backups: (!p.backups.is_empty()).then(|| {
                    p.backups
                        .iter()
                        .map(|(c, d)| format!("{c} ({:.3} ms)", ms(*d)))
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
                reason: None,
            },
            Err(b) => ReachRecord {
                from: r.from,
                to: r.to,
                reachable: false,
                connection: None,
                one_way_ms: None,
                path: None,
                backups: None,
                reason: Some(b.to_string()),
            },
        }
    }
}

/// Every resource and on-premises host (or the network itself when it lists none).
pub fn endpoints(net: &Network) -> Vec<Endpoint> {
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
            out.push(Endpoint {
                site: Some(site),
                ip: crate::model::first_host(c),
                kind: None,
                label: name.to_string(),
            });
        }
        return;
    }
    out.extend(list.iter().map(|r| Endpoint {
        site: Some(site),
        ip: r.ip,
        kind: Some(r.kind),
        label: r.name.clone(),
    }));
}

/// The line bundle hop of a VBR end, if the plan has it.
fn line_hop(plan: &Plan, r: RouterId, d: u8) -> Option<Hop> {
    let RouterId::Vbr(v) = r else { return None };
    plan.elements
        .iter()
        .find(|e| e.kind == ElementKind::Vbr(v))
        .and_then(|e| e.bundle)
        .map(|b| Hop::Bundle(b, d))
}

fn hop_channel(plan: &Plan, h: &Hop) -> Option<(String, Duration)> {
    let ch = match h {
        Hop::Channel(c) => Some(*c),
        Hop::Bundle(b, d) => plan.bundles[b.index()].channels[*d as usize]
            .first()
            .copied(),
        _ => None,
    }?;
    let c = plan.channel(ch);
    Some((c.name.clone(), c.delay))
}

/// The channels and delay of a route choice over its connection's backbone path `alt`.
fn describe(
    net: &Network,
    plan: &Plan,
    choice: &RouteChoice,
    alt: usize,
) -> Option<(Vec<String>, Duration)> {
    let c = &net.connections[choice.connection.index()];
    let dir = if c.a == choice.ingress { 0 } else { 1 };
    let path = plan.connections[choice.connection.index()].paths[dir].get(alt)?;
    let hops = line_hop(plan, choice.ingress, 0)
        .into_iter()
        .chain(plan.path(*path).hops.iter().copied())
        .chain(line_hop(plan, choice.egress, 1));
    let mut names = Vec::new();
    let mut delay = Duration::ZERO;
    for h in hops {
        if let Some((n, d)) = hop_channel(plan, &h) {
            names.push(n);
            delay = delay + d;
        }
    }
    Some((names, delay))
}

/// How `from` reaches `to` as the network stands at time 0 (only active connections).
pub fn route(
    net: &Network,
    plan: &Plan,
    from: &Endpoint,
    to: &Endpoint,
) -> Result<ReachPath, Blocked> {
    let found = choices(net, from, to, true)?;
    let mut ways = Vec::new();
    for choice in &found {
        let alternatives = plan.connections[choice.connection.index()].paths
            [usize::from(net.connections[choice.connection.index()].a != choice.ingress)]
        .len();
        for alt in 0..alternatives {
            if let Some((names, delay)) = describe(net, plan, choice, alt) {
                ways.push((choice.connection, names, delay));
            }
        }
    }
    let mut ways = ways.into_iter();
    let Some((c, channels, delay)) = ways.next() else {
        return Err(Blocked::NoBackbonePath {
            connection: net.connections[found[0].connection.index()].name.clone(),
        });
    };
    Ok(ReachPath {
        connection: net.connections[c.index()].name.clone(),
        channels,
        delay,
        backups: ways
            .map(|(c, _, d)| (net.connections[c.index()].name.clone(), d))
            .collect(),
    })
}

/// The matrix over every ordered pair of endpoints in different networks (for tests and
/// small networks; the command streams with [`write_matrix`]).
pub fn reach(net: &Network) -> Vec<ReachRow> {
    let plan = super::compile(net);
    let mut rows = Vec::new();
    for_each_pair(net, &plan, |_, _| true, |r| rows.push(r));
    rows
}

/// Every ordered pair of endpoints in different networks that `keep` accepts, in the order
/// of the matrix, without computing a route.
fn kept_pairs<'e>(
    eps: &'e [Endpoint],
    keep: &'e impl Fn(&Endpoint, &Endpoint) -> bool,
) -> impl Iterator<Item = (&'e Endpoint, &'e Endpoint)> + 'e {
    eps.iter().flat_map(move |a| {
        eps.iter()
            .filter(move |b| b.site != a.site && keep(a, b))
            .map(move |b| (a, b))
    })
}

/// Calls `f` on the verdict of every ordered pair in different networks that `keep` accepts
/// (by label), one pair at a time.
pub fn for_each_pair(
    net: &Network,
    plan: &Plan,
    keep: impl Fn(&Endpoint, &Endpoint) -> bool,
    mut f: impl FnMut(ReachRow),
) {
    let eps = endpoints(net);
    for (a, b) in kept_pairs(&eps, &keep) {
        f(ReachRow {
            from: a.label.clone(),
            to: b.label.clone(),
            verdict: route(net, plan, a, b),
        });
    }
}

/// Whether an endpoint is, or is in, the network or resource `name` (a VPC, an IDC, or a
/// resource or host): what `reach --from` and `--to` select by.
pub fn named(net: &Network, e: &Endpoint, name: &str) -> bool {
    e.label == name || e.site.is_some_and(|s| net.site_name(s) == name)
}

/// Writes the matrix of the pairs `keep` accepts as an aligned table, computing and writing
/// one pair at a time: memory does not grow with the number of pairs. A first pass over the
/// names alone (no routes) gives the column widths and the count for the heading. Returns
/// (pairs, reachable).
pub fn write_matrix(
    net: &Network,
    plan: &Plan,
    keep: impl Fn(&Endpoint, &Endpoint) -> bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<(usize, usize)> {
    let eps = endpoints(net);
    let (mut pairs, mut wf, mut wt) = (0, 4, 2);
    for (a, b) in kept_pairs(&eps, &keep) {
        pairs += 1;
        wf = wf.max(a.label.len());
        wt = wt.max(b.label.len());
    }
    writeln!(out, "reachability in {} ({pairs} pairs)", net.name)?;
    writeln!(
        out,
        "{:wf$}  {:wt$}  {:>12}  path or reason",
        "from", "to", "one-way"
    )?;
    let mut ok = 0;
    for (a, b) in kept_pairs(&eps, &keep) {
        let row = ReachRow {
            from: a.label.clone(),
            to: b.label.clone(),
            verdict: route(net, plan, a, b),
        };
        ok += usize::from(row.verdict.is_ok());
        writeln!(out, "{}", render_row(&row, wf, wt))?;
    }
    writeln!(out, "{ok} of {pairs} pairs reachable")?;
    Ok((pairs, ok))
}

/// Writes one line per scenario flow: how it crosses the network at time 0 (only active
/// connections), or exactly why it cannot. Returns (flows, reachable).
pub fn write_flows(
    net: &Network,
    plan: &Plan,
    out: &mut dyn std::io::Write,
) -> std::io::Result<(usize, usize)> {
    let wn = net
        .flows
        .iter()
        .map(|f| f.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let wf = net
        .flows
        .iter()
        .map(|f| f.from.label.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let wt = net
        .flows
        .iter()
        .map(|f| f.to.label.len())
        .max()
        .unwrap_or(2)
        .max(2);
    writeln!(out, "flows of {} ({} flows)", net.name, net.flows.len())?;
    writeln!(
        out,
        "{:wn$}  {:wf$}  {:wt$}  {:>12}  path or reason",
        "flow", "from", "to", "one-way"
    )?;
    let mut ok = 0;
    for f in &net.flows {
        let row = ReachRow {
            from: f.from.label.clone(),
            to: f.to.label.clone(),
            verdict: route(net, plan, &f.from, &f.to),
        };
        ok += usize::from(row.verdict.is_ok());
        let name = crate::report::safe(&f.name);
        writeln!(out, "{name:wn$}  {}", render_row(&row, wf, wt))?;
    }
    writeln!(out, "{ok} of {} flows reachable", net.flows.len())?;
    Ok((net.flows.len(), ok))
}

/// Formats a delay as milliseconds with microsecond precision, e.g. "12.345 ms".
pub fn format_ms(d: Duration) -> String {
    let us = (d.as_nanos() + 500) / 1000;
    format!("{}.{:03} ms", us / 1000, us % 1000)
}

/// One line of the matrix, aligned to the given column widths.
pub fn render_row(r: &ReachRow, wf: usize, wt: usize) -> String {
    let (from, to) = (crate::report::safe(&r.from), crate::report::safe(&r.to));
    match &r.verdict {
        Ok(p) => {
            let mut line = format!(
                "{from:wf$}  {to:wt$}  {:>12}  via {}: {}",
                format_ms(p.delay),
                p.connection,
                p.channels.join(" > ")
            );
            if !p.backups.is_empty() {
                let b: Vec<String> = p
                    .backups
                    .iter()
                    .map(|(c, d)| format!("{c} {}", format_ms(*d)))
                    .collect();
                let _ = write!(line, "; backups: {}", b.join(", "));
            }
            line
        }
        Err(b) => format!("{from:wf$}  {to:wt$}  {:>12}  blocked: {b}", "-"),
    }
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
        let _ = writeln!(out, "{}", render_row(r, wf, wt));
    }
    let ok = rows.iter().filter(|r| r.verdict.is_ok()).count();
    let _ = writeln!(out, "{ok} of {} pairs reachable", rows.len());
    out
}
