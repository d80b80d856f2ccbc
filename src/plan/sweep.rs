//! Sweep results: a tidy table of every SLA metric against the swept value, and — when the
//! sweep sizes a connection — the smallest value meeting every target.

use crate::model::Network;
use crate::model::sweep::{SweepValue, SweptParameter};
use crate::sla::judge::{Compliance, Metric, SlaReport, Verdict};
use crate::sla::metric::SlaMetric;
use serde::{Deserialize, Serialize};

/// One swept value and its judgment.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    pub label: String,
    pub value: SweepValue,
    pub report: SlaReport,
    pub events: u64,
    pub packet_hops: u64,
    /// Cost per day of the design at this value, when priced.
    pub cost_per_day: Option<f64>,
}

/// The smallest value of a connection sizing sweep that meets every target.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CapacityAnswer {
    pub parameter: String,
    pub connection: String,
    /// As written in [sweep] values, e.g. "Large.2".
    pub smallest: String,
    pub bandwidth_mbps: f64,
    pub cost_per_day: Option<f64>,
}

/// The capacity answer: among values that meet every target, the one with the least bandwidth.
pub fn capacity(
    net: &Network,
    sweep: &SweptParameter,
    points: &[SweepPoint],
) -> Option<CapacityAnswer> {
    let c = sweep.target.sized_connection()?;
    let best = points
        .iter()
        .filter(|p| p.report.verdict == Verdict::Pass)
        .min_by(|a, b| a.value.numeric().total_cmp(&b.value.numeric()))?;
    Some(CapacityAnswer {
        parameter: sweep.parameter.clone(),
        connection: net.connections[c.index()].name.clone(),
        smallest: best.label.clone(),
        bandwidth_mbps: best.value.numeric(),
        cost_per_day: best.cost_per_day,
    })
}

/// How much demand the design carries: the largest value of a load sweep such that it and
/// every smaller value tried meet every target (a pass above a failure is not counted on).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeadroomAnswer {
    pub parameter: String,
    /// As written in [sweep] values, e.g. "400Mbps".
    pub largest: String,
    /// `largest` as a number in `unit`.
    pub value: f64,
    pub unit: String,
    /// The smallest value tried that misses a target, if any.
    pub first_failing: Option<String>,
}

/// The headroom answer of a load sweep; `None` for other sweeps or when even the smallest
/// value misses a target.
pub fn headroom(sweep: &SweptParameter, points: &[SweepPoint]) -> Option<HeadroomAnswer> {
    if !sweep.target.grows_load() {
        return None;
    }
    let mut sorted: Vec<&SweepPoint> = points.iter().collect();
    sorted.sort_by(|a, b| a.value.numeric().total_cmp(&b.value.numeric()));
    let first_fail = sorted
        .iter()
        .position(|p| p.report.verdict != Verdict::Pass)
        .unwrap_or(sorted.len());
    let best = sorted[..first_fail].last()?;
    Some(HeadroomAnswer {
        parameter: sweep.parameter.clone(),
        largest: best.label.clone(),
        value: best.value.numeric(),
        unit: best.value.unit().to_string(),
        first_failing: sorted.get(first_fail).map(|p| p.label.clone()),
    })
}

/// One row of sweep.csv: a value × subject × metric, with its interval and compliance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepRow {
    #[serde(with = "crate::sla::cell")]
    pub value: String,
    /// The value as a number in `unit`.
    pub x: f64,
    pub unit: String,
    /// "flow" or "connection".
    pub kind: String,
    #[serde(with = "crate::sla::cell")]
    pub name: String,
    pub metric: String,
    pub mean: Option<f64>,
    pub ci95_lo: Option<f64>,
    pub ci95_hi: Option<f64>,
    pub target: Option<f64>,
    /// Share of replications meeting the target; empty when no replication measured it.
    pub compliance: Option<f64>,
    pub wilson95_lo: Option<f64>,
    pub wilson95_hi: Option<f64>,
    pub met: Option<bool>,
}

/// The long-format table of every SLA metric against the swept value; `target` is empty
/// where the metric is no target of the flow or connection (reported, not judged).
pub fn rows(points: &[SweepPoint]) -> Vec<SweepRow> {
    let mut out = Vec::new();
    for p in points {
        let mut push = |kind: &str,
                        name: &str,
                        metric: &str,
                        m: Option<Metric>,
                        target: Option<f64>,
                        c: &Option<Compliance>| {
            out.push(SweepRow {
                value: p.label.clone(),
                x: p.value.numeric(),
                unit: p.value.unit().into(),
                kind: kind.into(),
                name: name.into(),
                metric: metric.into(),
                mean: m.map(|m| m.mean),
                ci95_lo: m.map(|m| m.ci95[0]),
                ci95_hi: m.map(|m| m.ci95[1]),
                target,
                compliance: c.map(|c| c.share),
                wilson95_lo: c.map(|c| c.wilson95[0]),
                wilson95_hi: c.map(|c| c.wilson95[1]),
                met: c.map(|c| c.met),
            });
        };
        for f in &p.report.flows {
            for m in SlaMetric::ALL {
                push(
                    "flow",
                    &f.name,
                    m.name(),
                    f.metric(m),
                    f.targets.get(m),
                    &f.compliance.get(m),
                );
            }
        }
        for c in &p.report.connections {
            push(
                "connection",
                &c.name,
                SlaMetric::Availability.name(),
                c.availability,
                c.targets.min_availability,
                &c.compliance.availability,
            );
        }
    }
    out
}
