//! Work a run may take on, estimated before it starts: packets per replication (at each
//! flow's peak rate), failure events per replication (over the availability horizon) and
//! bytes written. A scenario beyond a limit is refused up front, with the figure, the flow or
//! element behind it, and the option that raises the limit, instead of running for hours,
//! filling the disk or growing memory with no output.

use crate::model::{Network, TimelineAction};
use crate::scenario::{Diagnostics, Scenario, Traffic};

/// The limits of one invocation (each raised by a command-line option).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Packets one replication may simulate (`--max-packets`).
    pub max_packets: u64,
    /// Failure and repair events one replication's availability horizon may hold
    /// (`--max-failure-events`).
    pub max_failure_events: u64,
    /// Bytes the result's tables may take (`--max-output`).
    pub max_output_bytes: u64,
}

/// Packets per replication by default: about a minute and a half of work at five million
/// packets a second. A rate typed with the wrong unit ("10Tbps") would otherwise run for hours.
pub const MAX_PACKETS: u64 = 500_000_000;

/// Failure events per replication by default: a few seconds of work. The library's designs
/// hold a few hundred; `mtbf = "1ms"` over a month would hold billions.
pub const MAX_FAILURE_EVENTS: u64 = 50_000_000;

/// Bytes of tables per run by default (10 GB): a thousand replications of a thousand flows
/// write about 250 MB.
pub const MAX_OUTPUT_BYTES: u64 = 10_000_000_000;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_packets: MAX_PACKETS,
            max_failure_events: MAX_FAILURE_EVENTS,
            max_output_bytes: MAX_OUTPUT_BYTES,
        }
    }
}

/// Bytes of one flows.csv row, about (twenty columns of numbers and a name).
const FLOW_ROW_BYTES: u64 = 240;
/// Bytes of one connections.csv row (one direction), about.
const CONNECTION_ROW_BYTES: u64 = 90;
/// Bytes of one timeseries.csv row, about.
const SAMPLE_ROW_BYTES: u64 = 70;

/// The packets each flow may offer in one replication: at its peak rate (an on-off source
/// sends at `rate × (on + off) / on` while on, and one on period may last the whole run),
/// times its largest surge, over the time it sends, in packets of its mean size.
pub fn peak_packets(net: &Network) -> Vec<f64> {
    net.flows
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let stop = f
                .stop
                .unwrap_or(net.simulation.duration)
                .min(net.simulation.duration);
            let seconds = stop.as_nanos().saturating_sub(f.start.as_nanos()) as f64 / 1e9;
            let surge = net
                .events
                .iter()
                .filter_map(|e| match e.action {
                    TimelineAction::Scale { flow, factor } if flow.index() == i => Some(factor),
                    _ => None,
                })
                .fold(1.0f64, f64::max);
            let peak = match f.traffic {
                Traffic::OnOff => {
                    let (on, off) = (f.on.as_nanos() as f64, f.off.as_nanos() as f64);
                    (on + off) / on.max(1.0)
                }
                _ => 1.0,
            };
            f.rate.as_bps() as f64 * peak * surge * seconds / (f.packet_size.mean_bytes() * 8.0)
        })
        .collect()
}

/// Where a failure unit comes from, to point at it in the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureUnit {
    Link(crate::model::LinkId),
    Line(crate::model::PhysicalConnectionId),
    Internet(crate::model::ConnectionId),
}

/// Every failure unit with its name and its expected failures and repairs over one horizon:
/// `2 × count × horizon / (mtbf + mttr)`.
pub fn failure_events(net: &Network) -> Vec<(FailureUnit, String, f64)> {
    use crate::model::{ConnectionId, LinkId, PhysicalConnectionId};
    let horizon = net.simulation.availability_horizon.as_nanos() as f64;
    let events = |p: &crate::model::PathParams| {
        2.0 * p.count as f64 * horizon / (p.mtbf.as_nanos() + p.mttr.as_nanos()).max(1) as f64
    };
    let region = |r: crate::model::RegionId| net.regions[r.index()].name.as_str();
    let links = net.links.iter().enumerate().map(|(i, l)| {
        (
            FailureUnit::Link(LinkId(i as u32)),
            format!("link {}/{}", region(l.a), region(l.b)),
            events(&l.params),
        )
    });
    let lines = net.physical_connections.iter().enumerate().map(|(i, p)| {
        (
            FailureUnit::Line(PhysicalConnectionId(i as u32)),
            format!("physical connection {}", p.name),
            events(&p.params),
        )
    });
    let internet = net.connections.iter().enumerate().filter_map(|(i, c)| {
        c.internet.as_ref().map(|p| {
            (
                FailureUnit::Internet(ConnectionId(i as u32)),
                format!("internet connection {}", c.name),
                events(p),
            )
        })
    });
    links.chain(lines).chain(internet).collect()
}

/// The place in `s` that sets a failure unit's MTBF, and its key: its own `mtbf` (or its
/// entry) when it has one, else the `[backbone]` default.
fn failure_source(
    s: &Scenario,
    net: &Network,
    unit: FailureUnit,
) -> (std::ops::Range<usize>, String) {
    let own = |i: usize, section: &str, o: &crate::scenario::PathOverrides, entry| match &o.mtbf {
        Some(m) => (m.span(), format!("{section}[{i}].mtbf")),
        None => (entry, format!("{section}[{i}]")),
    };
    let found = match unit {
        FailureUnit::Link(l) => {
            let link = &net.links[l.index()];
            let names = [
                &net.regions[link.a.index()].name,
                &net.regions[link.b.index()].name,
            ];
            s.links.iter().enumerate().find_map(|(i, e)| {
                let ends: Vec<&String> = e.between.get_ref().iter().map(|n| n.get_ref()).collect();
                (ends.len() == 2 && names.iter().all(|n| ends.contains(n)))
                    .then(|| own(i, "link", &e.overrides, e.span.clone()))
            })
        }
        FailureUnit::Line(p) => {
            let name = &net.physical_connections[p.index()].name;
            s.physical_connections
                .iter()
                .enumerate()
                .find(|(_, e)| e.name.get_ref() == name)
                .map(|(i, e)| own(i, "physical_connection", &e.overrides, e.name.span()))
        }
        FailureUnit::Internet(c) => {
            let name = &net.connections[c.index()].name;
            s.connections
                .iter()
                .enumerate()
                .find(|(_, e)| e.name.get_ref() == name)
                .map(|(i, e)| (e.name.span(), format!("connection[{i}]")))
        }
    };
    found.unwrap_or((0..0, "backbone.mtbf".to_string()))
}

/// The channels whose queues timeseries.csv samples, about: both directions of every member
/// of every backbone link, leased line and internet path, and one per region.
pub fn channels(net: &Network) -> u64 {
    let members = |p: &crate::model::PathParams| 2 * p.count as u64;
    net.links.iter().map(|l| members(&l.params)).sum::<u64>()
        + net
            .physical_connections
            .iter()
            .map(|p| members(&p.params))
            .sum::<u64>()
        + net
            .connections
            .iter()
            .filter_map(|c| c.internet.as_ref().map(members))
            .sum::<u64>()
        + net.regions.len() as u64
}

/// The bytes the tables of `replications` replications of `experiments` networks like `net`
/// take, about: flows.csv, connections.csv and timeseries.csv rows.
pub fn output_bytes(net: &Network, channels: u64, replications: u32, experiments: usize) -> f64 {
    let s = &net.simulation;
    let samples = (s.duration.as_nanos() / s.sample_interval.as_nanos().max(1))
        .clamp(1, crate::net::MAX_SAMPLES_PER_CHANNEL);
    let per_replication = net.flows.len() as u64 * FLOW_ROW_BYTES
        + net.connections.len() as u64 * 2 * CONNECTION_ROW_BYTES
        + channels * samples * SAMPLE_ROW_BYTES;
    per_replication as f64 * replications as f64 * experiments as f64
}

/// Reports, as errors in `diags`, every limit the run of `replications` replications of
/// `experiments` networks like `net` (built from `s`) would exceed.
pub fn check(
    s: &Scenario,
    net: &Network,
    channels: u64,
    replications: u32,
    experiments: usize,
    limits: &Limits,
    diags: &mut Diagnostics,
) {
    let packets = peak_packets(net);
    let total: f64 = packets.iter().sum();
    if total > limits.max_packets as f64
        && let Some((i, most)) = packets
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))
    {
        let span = s.flows.get(i).map_or(0..0, |f| f.rate.span());
        let key = s.flows.get(i).map_or_else(String::new, |f| f.key(i));
        diags.error_hint(
            span,
            format!("{key}.rate"),
            format!(
                "one replication may simulate about {total:.3e} packets ({most:.3e} from flow \"{}\" at its peak rate), more than the limit of {}",
                net.flows[i].name, limits.max_packets
            ),
            "shorten [simulation] duration, lower the rate, enlarge the packets, or raise the limit with --max-packets",
        );
    }
    let failures = failure_events(net);
    let total: f64 = failures.iter().map(|(_, _, n)| n).sum();
    if total > limits.max_failure_events as f64
        && let Some((unit, name, most)) = failures.iter().max_by(|a, b| a.2.total_cmp(&b.2))
    {
        let (span, key) = failure_source(s, net, *unit);
        diags.error_hint(
            span,
            key,
            format!(
                "one replication's availability horizon holds about {total:.3e} failures and repairs ({most:.3e} of {name}), more than the limit of {}",
                limits.max_failure_events
            ),
            "check mtbf and mttr (a day is \"1d\", not \"1ms\"), shorten availability_horizon, or raise the limit with --max-failure-events",
        );
    }
    let bytes = output_bytes(net, channels, replications, experiments);
    if bytes > limits.max_output_bytes as f64 {
        diags.error_hint(
            0..0,
            "simulation.replications",
            format!(
                "{replications} replications would write about {:.1} GB of tables, more than the limit of {:.1} GB",
                bytes / 1e9,
                limits.max_output_bytes as f64 / 1e9
            ),
            "run fewer replications (--replications), or raise the limit with --max-output",
        );
    }
}
