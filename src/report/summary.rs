//! summary.json of every kind of result, typed in both directions: written by the studies,
//! read back by `merge`, `check`, `compare`, `plot` and the report. Field names are a
//! contract. Every kind starts with the same [`Header`]; which kind a folder holds is its
//! manifest's `kind`, so no reader guesses from the keys present.

use crate::plan::cost::Cost;
use crate::scenario::SlaSection;
use crate::sla::judge::{ConnectionVerdict, FlowVerdict, Verdict};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    pub max_jitter: f64,
    pub jitter: String,
    pub min_encap_success: f64,
    pub max_loss: f64,
    pub min_availability: f64,
    pub required_compliance: f64,
}

impl From<&SlaSection> for Targets {
    fn from(sla: &SlaSection) -> Targets {
        Targets {
            max_jitter: sla.max_jitter.fraction(),
            jitter: sla.jitter.to_string(),
            min_encap_success: sla.min_encap_success.fraction(),
            max_loss: sla.max_loss.fraction(),
            min_availability: sla.min_availability.fraction(),
            required_compliance: sla.required_compliance.fraction(),
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
    pub fn new(
        scenario: &str,
        hash: &str,
        seed: u64,
        replications: u32,
        sla: &SlaSection,
    ) -> Header {
        Header {
            scenario: scenario.to_string(),
            scenario_hash: hash.to_string(),
            seed,
            replications: replications as u64,
            version: env!("CARGO_PKG_VERSION").to_string(),
            sla: Targets::from(sla),
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
        for (k, v) in [
            ("max_jitter", t.max_jitter),
            ("min_encap_success", t.min_encap_success),
            ("max_loss", t.max_loss),
            ("min_availability", t.min_availability),
            ("required_compliance", t.required_compliance),
        ] {
            let in_range = v.is_finite() && (0.0..=1.0).contains(&v);
            // Jitter is a ratio to the minimum delay and may exceed 1.
            let jitter_ok = k == "max_jitter" && v.is_finite() && v >= 0.0;
            if !(in_range || jitter_ok) {
                out.push(format!("sla.{k} = {v} is out of range"));
            }
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
            if met.contains(&false) != (f.verdict == Verdict::Fail) {
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
