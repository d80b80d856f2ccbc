//! summary.json of every kind of result, typed in both directions: written by the studies,
//! read back by `merge`, `check`, `compare`, `plot` and the report. Field names are a
//! contract. Every kind starts with the same [`Header`]; which kind a folder holds is its
//! manifest's `kind`, so no reader guesses from the keys present.

use crate::plan::cost::Cost;
use crate::scenario::{ConnectionType, SlaSection};
use crate::sla::judge::{ConnectionVerdict, FlowVerdict, Verdict};
use crate::sla::metric::SlaMetric;
use crate::sla::targets::FlowTargets;
use serde::{Deserialize, Serialize};

/// The SLA a result was judged against: how targets are judged, and what a flow over each
/// product alone is held to (each flow's own targets are in its entry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// The jitter definition `max_jitter` judges.
    pub jitter: String,
    /// Share of replications that must meet a target.
    pub required_compliance: f64,
    /// By product: the product's document, with the scenario's `[sla]` written over it.
    pub products: ProductTargets,
}

/// Targets by product.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductTargets {
    #[serde(rename = "express-connect")]
    pub express_connect: FlowTargets,
    pub peering: FlowTargets,
    pub internet: FlowTargets,
}

impl ProductTargets {
    /// Each product with its targets, in the order of the scenario's words.
    pub fn iter(&self) -> [(ConnectionType, &FlowTargets); 3] {
        [
            (ConnectionType::ExpressConnect, &self.express_connect),
            (ConnectionType::Peering, &self.peering),
            (ConnectionType::Internet, &self.internet),
        ]
    }
}

impl From<&SlaSection> for Targets {
    fn from(sla: &SlaSection) -> Targets {
        let of = |p| crate::sla::targets::for_product(sla, p);
        Targets {
            jitter: sla.jitter.to_string(),
            required_compliance: sla.required_compliance.fraction(),
            products: ProductTargets {
                express_connect: of(ConnectionType::ExpressConnect),
                peering: of(ConnectionType::Peering),
                internet: of(ConnectionType::Internet),
            },
        }
    }
}

/// What the simulation did, independent of the machine: deterministic, unlike the wall-clock
/// figures in run.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    /// Events processed over all replications.
    pub events: u64,
    /// Servers (channels and caps) crossed by packets over all replications.
    pub packet_hops: u64,
    /// events / packet_hops: the engine's work per packet and server crossed (below 1 when
    /// packets cross servers nobody else uses without an event); null with no packet hop.
    #[serde(deserialize_with = "Option::deserialize")]
    pub events_per_packet_hop: Option<f64>,
}

impl Stats {
    pub fn new(events: u64, packet_hops: u64) -> Stats {
        Stats {
            events,
            packet_hops,
            events_per_packet_hop: (packet_hops > 0).then(|| events as f64 / packet_hops as f64),
        }
    }
}

/// Wall-clock figures of a run (run.json), kept apart from summary.json so that the summary
/// is byte-identical across runs, thread counts and shards.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub wall_s: f64,
    pub events_per_s: f64,
    pub threads: usize,
}

/// What every summary.json starts with: what was computed from what, by which build, against
/// which targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub scenario: String,
    /// SHA-256 of the scenario's content.
    pub scenario_hash: String,
    pub seed: u64,
    /// Replications per simulated design (per value of a sweep, per case of an N-1 analysis).
    pub replications: u64,
    /// The vpcsim version that wrote it.
    pub version: String,
    pub sla: Targets,
}

impl Header {
    /// The header of a result of this build computed from the named scenario.
    pub fn new(scenario: &str, hash: &str, seed: u64, replications: u32, sla: Targets) -> Header {
        Header {
            scenario: scenario.to_string(),
            scenario_hash: hash.to_string(),
            seed,
            replications: replications as u64,
            version: env!("CARGO_PKG_VERSION").to_string(),
            sla,
        }
    }
}

/// summary.json of a run: written by `run` and `merge`, read back by `check` and `compare`
/// with every field required (a `null` where a figure is undefined, never a missing key).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    #[serde(flatten)]
    pub header: Header,
    pub verdict: Verdict,
    pub flows: Vec<FlowVerdict>,
    pub connections: Vec<ConnectionVerdict>,
    /// What the design costs per day, item by item.
    pub cost: Cost,
    pub stats: Stats,
}

/// Whether `m` is a figure of a metric with values in `[lo, hi]`: finite, in range, and its
/// interval around its mean.
fn figure_ok(m: &crate::sla::judge::Metric, lo: f64, hi: f64) -> bool {
    let [a, b] = m.ci95;
    [m.mean, a, b]
        .iter()
        .all(|v| v.is_finite() && *v >= lo && *v <= hi)
        && a <= m.mean
        && m.mean <= b
}

impl Summary {
    /// What makes this summary unfit to judge against: values out of their range, intervals
    /// that do not hold their mean, compliance flags that contradict their shares, verdicts
    /// that contradict their targets. Empty for a summary vpcsim wrote.
    pub fn problems(&self) -> Vec<String> {
        use crate::sla::judge::{Compliance, Metric, Verdict};
        let mut out = Vec::new();
        let t = &self.header.sla;
        let target_problems = |what: &str, targets: &FlowTargets, out: &mut Vec<String>| {
            for m in SlaMetric::ALL {
                let Some(v) = targets.get(m) else { continue };
                let in_range = v.is_finite() && (0.0..=1.0).contains(&v);
                // Jitter is a ratio to the minimum delay and may exceed 1.
                let jitter_ok = m == SlaMetric::Jitter && v.is_finite() && v >= 0.0;
                if !(in_range || jitter_ok) {
                    out.push(format!("{what}.{} = {v} is out of range", m.key()));
                }
            }
        };
        for (p, targets) in t.products.iter() {
            target_problems(&format!("sla.products.{p}"), targets, &mut out);
        }
        if !(0.0..=1.0).contains(&t.required_compliance) {
            out.push(format!(
                "sla.required_compliance = {} is out of range",
                t.required_compliance
            ));
        }
        let required = t.required_compliance;
        let share = |what: String, m: &Option<Metric>, out: &mut Vec<String>| {
            if let Some(m) = m
                && !figure_ok(m, 0.0, 1.0)
            {
                out.push(format!("{what} is not a share with its interval around it"));
            }
        };
        let positive = |what: String, m: &Option<Metric>, out: &mut Vec<String>| {
            if let Some(m) = m
                && !figure_ok(m, 0.0, f64::INFINITY)
            {
                out.push(format!(
                    "{what} is not a non-negative figure with its interval"
                ));
            }
        };
        let compliance = |what: String, c: &Option<Compliance>, out: &mut Vec<String>| {
            let Some(c) = c else { return true };
            let [a, b] = c.wilson95;
            let sane = [c.share, a, b].iter().all(|v| (0.0..=1.0).contains(v)) && a <= b;
            if !sane || c.met != (c.share >= required) {
                out.push(format!(
                    "{what} contradicts its share or the required compliance"
                ));
            }
            c.met
        };
        for f in &self.flows {
            let n = crate::report::safe(&f.name).into_owned();
            target_problems(&format!("flow {n}: targets"), &f.targets, &mut out);
            for m in SlaMetric::ALL {
                if f.targets.get(m).is_none() && f.compliance.get(m).is_some() {
                    out.push(format!("flow {n}: {} is judged but is no target", m.name()));
                }
            }
            share(format!("flow {n}: loss"), &f.loss, &mut out);
            share(
                format!("flow {n}: encap_success"),
                &f.encap_success,
                &mut out,
            );
            share(format!("flow {n}: availability"), &f.availability, &mut out);
            positive(format!("flow {n}: jitter"), &f.jitter, &mut out);
            let d = &f.delay_ms;
            for (k, m) in [
                ("min", &d.min),
                ("mean", &d.mean),
                ("p50", &d.p50),
                ("p99", &d.p99),
                ("max", &d.max),
            ] {
                positive(format!("flow {n}: delay_ms.{k}"), m, &mut out);
            }
            let c = &f.compliance;
            let met = [
                compliance(format!("flow {n}: compliance.loss"), &c.loss, &mut out),
                compliance(format!("flow {n}: compliance.jitter"), &c.jitter, &mut out),
                compliance(
                    format!("flow {n}: compliance.encap_success"),
                    &c.encap_success,
                    &mut out,
                ),
                compliance(
                    format!("flow {n}: compliance.availability"),
                    &c.availability,
                    &mut out,
                ),
            ];
            let fails = met.contains(&false) || f.blocked_reason.is_some();
            if fails != (f.verdict == Verdict::Fail) {
                out.push(format!(
                    "flow {n}: verdict {:?} contradicts its compliance",
                    f.verdict
                ));
            }
            if f.delivered_packets > f.offered_packets {
                out.push(format!("flow {n}: more packets delivered than offered"));
            }
        }
        for c in &self.connections {
            let n = crate::report::safe(&c.name).into_owned();
            share(
                format!("connection {n}: availability"),
                &c.availability,
                &mut out,
            );
            share(
                format!("connection {n}: utilization"),
                &c.utilization,
                &mut out,
            );
            let met = compliance(
                format!("connection {n}: compliance.availability"),
                &c.compliance.availability,
                &mut out,
            );
            if met == (c.verdict == Verdict::Fail) {
                out.push(format!(
                    "connection {n}: verdict {:?} contradicts its compliance",
                    c.verdict
                ));
            }
        }
        let worst = Verdict::worst(
            self.flows
                .iter()
                .map(|f| f.verdict)
                .chain(self.connections.iter().map(|c| c.verdict)),
        );
        if worst != self.verdict {
            out.push(format!(
                "verdict {:?} is not that of its flows and connections",
                self.verdict
            ));
        }
        out
    }
}

/// One value of a sweep in summary.json.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PointSummary {
    /// The value as written in [sweep].
    pub value: String,
    /// The value as a number in `unit`.
    pub x: f64,
    pub unit: String,
    pub verdict: Verdict,
    /// The design's cost per day at this value; null when not priced.
    pub cost_per_day: Option<f64>,
    pub flows: Vec<FlowVerdict>,
    pub connections: Vec<ConnectionVerdict>,
}

/// What a sweep varied and what each value gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepInfo {
    pub parameter: String,
    /// The currency of every `cost_per_day`.
    pub currency: String,
    pub points: Vec<PointSummary>,
}

/// summary.json of a sweep.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepSummary {
    #[serde(flatten)]
    pub header: Header,
    /// "pass" when at least one value meets every target.
    pub verdict: Verdict,
    pub sweep: SweepInfo,
    /// A sizing sweep's answer: the smallest value meeting every target.
    pub capacity: Option<crate::plan::CapacityAnswer>,
    /// A load sweep's answer: the largest value the design carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headroom: Option<crate::plan::HeadroomAnswer>,
    pub stats: Stats,
}

/// summary.json of an N-1 analysis.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct N1Summary {
    #[serde(flatten)]
    pub header: Header,
    /// "pass" when every flow meets every target in every case.
    pub verdict: Verdict,
    pub cases: Vec<crate::plan::n1::CaseSummary>,
    pub stats: Stats,
}
