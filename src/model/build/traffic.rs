//! Flows (endpoints resolved to sites and addresses) and the timeline of events.

use super::names::{Names, register, resolve};
use crate::model::entities::*;
use crate::scenario::{At, ConnectionType, Diagnostics, EventAction, Scenario, did_you_mean};
use std::net::Ipv4Addr;

/// Which end of a flow an endpoint is: a sender must be in exactly one network; a
/// destination address is resolved by the sender's routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    From,
    To,
}

/// Resolves "a resource, a VPC (its first address), an IDC, or an IP".
fn endpoint(
    name: &At<String>,
    key: &str,
    end: End,
    net: &Network,
    names: &Names,
    diags: &mut Diagnostics,
) -> Option<Endpoint> {
    let label = name.get_ref().clone();
    if let Some((site, i)) = names.resources.get(name.get_ref()) {
        let r = match site {
            Site::Vpc(v) => &net.vpcs[v.index()].resources[*i],
            Site::Idc(d) => &net.idcs[d.index()].hosts[*i],
        };
        return Some(Endpoint {
            site: Some(*site),
            ip: r.ip,
            kind: Some(r.kind),
            label,
        });
    }
    let first_host = |cidrs: &[ipnet::Ipv4Net]| cidrs.first().map(super::places::first_host);
    if let Some(v) = names.vpcs.get(name.get_ref()) {
        let ip = first_host(&net.vpcs[v.index()].cidrs)?;
        let site = Site::Vpc(*v);
        return Some(Endpoint {
            site: Some(site),
            ip,
            kind: resource_at(net, site, ip).map(|r| r.kind),
            label,
        });
    }
    if let Some(d) = names.idcs.get(name.get_ref()) {
        let ip = first_host(&net.idcs[d.index()].cidrs)?;
        return Some(Endpoint {
            site: Some(Site::Idc(*d)),
            ip,
            kind: None,
            label,
        });
    }
    if let Ok(ip) = name.get_ref().parse::<Ipv4Addr>() {
        let owners = sites_of(net, ip);
        if owners.is_empty() {
            diags.error_hint(
                name.span(),
                key,
                format!("{ip} is in no VPC or IDC block"),
                "use an address inside a VPC's or IDC's cidr",
            );
            return None;
        }
        return match (end, owners.as_slice()) {
            (End::From, [site]) => Some(Endpoint {
                site: Some(*site),
                ip,
                kind: resource_at(net, *site, ip).map(|r| r.kind),
                label,
            }),
            (End::From, _) => {
                let names: Vec<&str> = owners.iter().map(|s| net.site_name(*s)).collect();
                diags.error_hint(
                    name.span(),
                    key,
                    format!("{ip} is in several networks ({})", names.join(", ")),
                    "name the sending resource, so the flow leaves the right network",
                );
                None
            }
            // The sender's route table decides which network the address is in.
            (End::To, _) => Some(Endpoint {
                site: None,
                ip,
                kind: None,
                label,
            }),
        };
    }
    let mut all: Vec<&str> = names
        .resources
        .keys()
        .chain(names.vpcs.keys())
        .chain(names.idcs.keys())
        .map(|s| s.as_str())
        .collect();
    all.sort_unstable();
    let hint = match did_you_mean(name.get_ref(), &all) {
        Some(c) => format!("did you mean \"{c}\"?"),
        None => "name a resource, a VPC, an IDC, or give an IP address".to_string(),
    };
    diags.error_hint(
        name.span(),
        key,
        format!("unknown endpoint \"{}\"", name.get_ref()),
        hint,
    );
    None
}

/// Whether `ip` is in one of `site`'s own blocks.
fn local_address(net: &Network, site: Site, ip: Ipv4Addr) -> bool {
    let cidrs = match site {
        Site::Vpc(v) => &net.vpcs[v.index()].cidrs,
        Site::Idc(d) => &net.idcs[d.index()].cidrs,
    };
    cidrs.iter().any(|c| c.contains(&ip))
}

/// Every VPC or IDC with a block containing `ip`.
pub fn sites_of(net: &Network, ip: Ipv4Addr) -> Vec<Site> {
    let vpcs = net
        .vpcs
        .iter()
        .enumerate()
        .filter(|(_, v)| v.cidrs.iter().any(|c| c.contains(&ip)))
        .map(|(i, _)| Site::Vpc(VpcId(i as u32)));
    let idcs = net
        .idcs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.cidrs.iter().any(|c| c.contains(&ip)))
        .map(|(i, _)| Site::Idc(IdcId(i as u32)));
    vpcs.chain(idcs).collect()
}

/// The resource or host whose address or range holds `ip` in `site` (the most specific).
pub fn resource_at(net: &Network, site: Site, ip: Ipv4Addr) -> Option<&Resource> {
    let list = match site {
        Site::Vpc(v) => &net.vpcs[v.index()].resources,
        Site::Idc(d) => &net.idcs[d.index()].hosts,
    };
    list.iter()
        .filter(|r| r.range.contains(&ip))
        .max_by_key(|r| r.range.prefix_len())
}

/// Packets a flow must be expected to offer in the measurement window for its figures to mean
/// something; below this a warning says they will likely not be measured.
const MIN_MEASURED_PACKETS: f64 = 1.0;

/// A flow whose sending time misses the measurement window (`warmup` to `duration`) is an
/// error: nothing it sends would be judged, and a verdict on nothing is no verdict. A flow
/// expected to offer less than a packet in the window gets a warning.
fn check_measured(
    f: &crate::scenario::FlowEntry,
    key: &str,
    sim: &crate::scenario::SimulationSection,
    diags: &mut Diagnostics,
) {
    let (warmup, duration) = (sim.warmup, sim.duration);
    let end = f.stop.unwrap_or(duration).min(duration);
    let name = f.name.get_ref();
    if f.start >= duration {
        diags.error_hint(
            f.start_span.clone().unwrap_or(f.name.span()),
            format!("{key}.start"),
            format!(
                "flow \"{name}\" starts at {}, when the run has ended ([simulation] duration {duration}): nothing it sends is measured",
                f.start
            ),
            "start the flow before the end of the run",
        );
        return;
    }
    if end <= warmup {
        diags.error_hint(
            f.stop_span.clone().unwrap_or(f.name.span()),
            format!("{key}.stop"),
            format!(
                "flow \"{name}\" stops at {end}, before the measurement window opens ([simulation] warmup {warmup}): nothing it sends is measured"
            ),
            "stop the flow after the warmup, or shorten the warmup",
        );
        return;
    }
    let seconds = (end.as_nanos() - f.start.max(warmup).as_nanos()) as f64 / 1e9;
    let packets = f.rate.get_ref().as_bps() as f64 * seconds / (f.packet_size.mean_bytes() * 8.0);
    if packets < MIN_MEASURED_PACKETS {
        diags.warning(
            f.rate.span(),
            format!("{key}.rate"),
            format!(
                "flow \"{name}\" offers about {packets:.2e} packets in the measurement window: its loss, delay and jitter will likely not be measured, and it will be judged \"not measured\""
            ),
        );
    }
}

pub(crate) fn flows(s: &Scenario, net: &mut Network, names: &mut Names, diags: &mut Diagnostics) {
    for (i, f) in s.flows.iter().enumerate() {
        let key = f.key(i);
        let id = FlowId(net.flows.len() as u32);
        if !register(
            &mut names.flows,
            "flow",
            &f.name,
            id,
            &format!("{key}.name"),
            diags,
        ) {
            continue;
        }
        let from = endpoint(
            &f.from,
            &format!("{key}.from"),
            End::From,
            net,
            names,
            diags,
        );
        let to = endpoint(&f.to, &format!("{key}.to"), End::To, net, names, diags);
        let (Some(from), Some(to)) = (from, to) else {
            names.flows.remove(f.name.get_ref());
            continue;
        };
        let local = from.site.is_some_and(|s| {
            to.site == Some(s) || (to.site.is_none() && local_address(net, s, to.ip))
        });
        if local {
            diags.error_hint(
                f.to.span(),
                format!("{key}.to"),
                format!(
                    "flow \"{}\" stays inside {}",
                    f.name.get_ref(),
                    from.site.map_or("?", |s| net.site_name(s))
                ),
                "vpcsim models traffic between VPCs and IDCs; pick endpoints in two networks",
            );
            names.flows.remove(f.name.get_ref());
            continue;
        }
        if f.rate.get_ref().as_bps() == 0 {
            diags.error_hint(
                f.rate.span(),
                format!("{key}.rate"),
                "a flow's rate must be positive",
                "write a rate such as \"100Mbps\"",
            );
        } else {
            check_measured(f, &key, &s.simulation, diags);
        }
        let opener = match &f.initiator {
            None => crate::topology::Opener::Sender,
            Some(i) if i.get_ref() == f.from.get_ref() => crate::topology::Opener::Sender,
            Some(i) if i.get_ref() == f.to.get_ref() => crate::topology::Opener::Receiver,
            Some(i) => {
                diags.error_hint(
                    i.span(),
                    format!("{key}.initiator"),
                    format!(
                        "the initiator \"{}\" is neither end of flow \"{}\"",
                        i.get_ref(),
                        f.name.get_ref()
                    ),
                    format!(
                        "name the end that opened the session: \"{}\" (the default) or \"{}\" (the flow carries its replies)",
                        f.from.get_ref(),
                        f.to.get_ref()
                    ),
                );
                crate::topology::Opener::Sender
            }
        };
        net.flows.push(Flow {
            name: f.name.get_ref().clone(),
            from,
            to,
            opener,
            traffic: f.traffic,
            rate: *f.rate.get_ref(),
            packet_size: f.packet_size.clone(),
            on: f.on,
            off: f.off,
            burst: f.burst,
            shape: f.shape,
            start: f.start,
            stop: f.stop,
            span: f.name.span(),
        });
    }
    events_on_flows(s, net, names, diags);
}

/// Resolves the targets of events that name connections, links and physical connections,
/// and of the elements an N-1 case fails.
pub(crate) fn events(s: &Scenario, net: &mut Network, names: &Names, diags: &mut Diagnostics) {
    for f in &s.failed {
        if let Some(t) = fault_target(f, "failed", net, names, diags) {
            net.failed.push(t);
        }
    }
    for (i, e) in s.events.iter().enumerate() {
        let key = format!("event[{i}]");
        if e.at > s.simulation.duration {
            diags.warning(
                e.span.start..e.span.start + 1,
                format!("{key}.at"),
                format!(
                    "event at {} is after the end of the run ({})",
                    e.at, s.simulation.duration
                ),
            );
        }
        let action = match &e.action {
            EventAction::Fault { target, duration } => {
                fault_target(target, &format!("{key}.fault"), net, names, diags).map(|t| {
                    TimelineAction::Fault {
                        target: t,
                        duration: *duration,
                    }
                })
            }
            EventAction::Spec { connection, to } => {
                let Some(c) = resolve(
                    &names.connections,
                    "connection",
                    connection,
                    &format!("{key}.spec.connection"),
                    diags,
                ) else {
                    continue;
                };
                if net.connections[c.index()].kind != ConnectionType::ExpressConnect {
                    diags.error_hint(
                        connection.span(),
                        format!("{key}.spec.connection"),
                        format!(
                            "\"{}\" is not an express-connect connection",
                            connection.get_ref()
                        ),
                        "a spec change applies to a router interface pair",
                    );
                    continue;
                }
                match net.spec_bandwidth(to.get_ref()) {
                    Some(cap) => Some(TimelineAction::Spec { connection: c, cap }),
                    None => {
                        let known: Vec<&str> = net.specs.iter().map(|(n, _)| n.as_str()).collect();
                        let hint = did_you_mean(to.get_ref(), &known).map_or_else(
                            || format!("known specs: {}", known.join(", ")),
                            |k| format!("did you mean \"{k}\"?"),
                        );
                        diags.error_hint(
                            to.span(),
                            format!("{key}.spec.to"),
                            format!("unknown router interface spec \"{}\"", to.get_ref()),
                            hint,
                        );
                        None
                    }
                }
            }
            EventAction::State { connection, to } => resolve(
                &names.connections,
                "connection",
                connection,
                &format!("{key}.state.connection"),
                diags,
            )
            .map(|c| TimelineAction::State {
                connection: c,
                to: *to,
            }),
            EventAction::Scale { .. } => continue,
        };
        if let Some(action) = action {
            net.events.push(TimelineEvent { at: e.at, action });
        }
    }
}

fn events_on_flows(s: &Scenario, net: &mut Network, names: &Names, diags: &mut Diagnostics) {
    for (i, e) in s.events.iter().enumerate() {
        if let EventAction::Scale { flow, factor } = &e.action
            && let Some(f) = resolve(
                &names.flows,
                "flow",
                flow,
                &format!("event[{i}].scale.flow"),
                diags,
            )
        {
            net.events.push(TimelineEvent {
                at: e.at,
                action: TimelineAction::Scale {
                    flow: f,
                    factor: *factor,
                },
            });
        }
    }
    net.events.sort_by_key(|e| e.at);
}

/// What a fault target names, by the word before its colon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FaultKind {
    Link,
    Connection,
    PhysicalConnection,
    Vbr,
}

/// The kinds of fault target with the form of the name after the colon. An [[event]]'s
/// `fault` and an N-1 case name what fails this way.
const FAULT_KINDS: &[(&str, &str, FaultKind)] = &[
    ("link", "REGION/REGION", FaultKind::Link),
    ("connection", "NAME", FaultKind::Connection),
    ("physical_connection", "NAME", FaultKind::PhysicalConnection),
    ("vbr", "NAME", FaultKind::Vbr),
];

/// Every form of fault target: `link:REGION/REGION`, `connection:NAME`, ...
pub fn fault_target_forms() -> Vec<String> {
    FAULT_KINDS
        .iter()
        .map(|(kind, name, _)| format!("{kind}:{name}"))
        .collect()
}

fn fault_target(
    target: &At<String>,
    key: &str,
    net: &Network,
    names: &Names,
    diags: &mut Diagnostics,
) -> Option<FaultTarget> {
    let forms: Vec<String> = fault_target_forms()
        .iter()
        .map(|f| format!("\"{f}\""))
        .collect();
    let hint = format!("write one of {}", forms.join(", "));
    let hint = hint.as_str();
    let Some((kind, rest)) = target.get_ref().split_once(':') else {
        diags.error_hint(
            target.span(),
            key,
            format!("\"{}\" does not say what fails", target.get_ref()),
            hint,
        );
        return None;
    };
    let named = serde_spanned::Spanned::new(target.span(), rest.to_string());
    let found = FAULT_KINDS.iter().find(|(k, _, _)| *k == kind);
    match found.map(|(_, _, f)| *f) {
        Some(FaultKind::Connection) => {
            resolve(&names.connections, "connection", &named, key, diags)
                .map(FaultTarget::Connection)
        }
        Some(FaultKind::PhysicalConnection) => resolve(
            &names.physical_connections,
            "physical connection",
            &named,
            key,
            diags,
        )
        .map(FaultTarget::PhysicalConnection),
        Some(FaultKind::Vbr) => {
            resolve(&names.vbrs, "VBR", &named, key, diags).map(FaultTarget::Vbr)
        }
        Some(FaultKind::Link) => {
            let Some((a, b)) = rest.split_once('/') else {
                diags.error_hint(
                    target.span(),
                    key,
                    format!("\"{}\" does not name two regions", target.get_ref()),
                    hint,
                );
                return None;
            };
            let ra = resolve(
                &names.regions,
                "region",
                &serde_spanned::Spanned::new(target.span(), a.to_string()),
                key,
                diags,
            )?;
            let rb = resolve(
                &names.regions,
                "region",
                &serde_spanned::Spanned::new(target.span(), b.to_string()),
                key,
                diags,
            )?;
            let found = net
                .links
                .iter()
                .position(|l| (l.a, l.b) == (ra, rb) || (l.a, l.b) == (rb, ra));
            if found.is_none() {
                diags.error_hint(
                    target.span(),
                    key,
                    format!("there is no backbone link between {a} and {b}"),
                    "add a [[link]] or use topology = \"full-mesh\"",
                );
            }
            found.map(|i| FaultTarget::Link(LinkId(i as u32)))
        }
        None => {
            diags.error_hint(
                target.span(),
                key,
                format!("unknown fault kind \"{kind}\""),
                hint,
            );
            None
        }
    }
}
