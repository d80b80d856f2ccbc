//! The SLA judgment: per replication each target met or not; across replications the
//! compliance share with a 95% Wilson interval and each metric's mean with a 95% t-interval;
//! a target is met by the scenario when compliance ≥ `required_compliance`.

use super::record::{ConnectionRecord, FlowRecord};
use super::stats::{mean_ci, wilson_interval};
use crate::scenario::SlaSection;
use serde::Serialize;

/// A metric across replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metric {
    pub mean: f64,
    pub ci95: [f64; 2],
}

impl Metric {
    fn of(samples: &[f64]) -> Option<Metric> {
        if samples.is_empty() {
            return None;
        }
        let ci = mean_ci(samples, 0.95);
        Some(Metric {
            mean: ci.mean,
            ci95: [ci.lo, ci.hi],
        })
    }
}

/// How often a target was met.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Compliance {
    pub share: f64,
    pub wilson95: [f64; 2],
    pub met: bool,
}

impl Compliance {
    fn of(met: &[bool], required: f64) -> Compliance {
        let n = met.len() as u64;
        let k = met.iter().filter(|m| **m).count() as u64;
        let share = if n == 0 { 0.0 } else { k as f64 / n as f64 };
        let (lo, hi) = wilson_interval(k, n, 0.95);
        Compliance {
            share,
            wilson95: [lo, hi],
            met: n > 0 && share >= required,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
}

impl Verdict {
    fn from(ok: bool) -> Verdict {
        if ok { Verdict::Pass } else { Verdict::Fail }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DelayMs {
    pub min: Option<Metric>,
    pub mean: Option<Metric>,
    pub p50: Option<Metric>,
    pub p99: Option<Metric>,
    pub max: Option<Metric>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlowCompliance {
    pub loss: Compliance,
    pub jitter: Compliance,
    pub encap_success: Compliance,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlowVerdict {
    pub name: String,
    pub verdict: Verdict,
    pub offered_packets: u64,
    pub delivered_packets: u64,
    pub loss: Option<Metric>,
    pub jitter: Option<Metric>,
    /// Absolute jitter of the chosen definition, in ms.
    pub jitter_ms: Option<Metric>,
    pub encap_success: Option<Metric>,
    pub delay_ms: DelayMs,
    pub compliance: FlowCompliance,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConnectionCompliance {
    pub availability: Compliance,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConnectionVerdict {
    pub name: String,
    pub verdict: Verdict,
    pub availability: Option<Metric>,
    pub utilization: Option<Metric>,
    pub compliance: ConnectionCompliance,
}

/// The judgment of a whole run.
#[derive(Debug, Clone, Serialize)]
pub struct SlaReport {
    pub verdict: Verdict,
    pub flows: Vec<FlowVerdict>,
    pub connections: Vec<ConnectionVerdict>,
}

/// Whether one replication meets each flow target: (loss, jitter, encap_success).
/// Loss must be strictly below its target; a flow with nothing offered or nothing delivered
/// has no loss or jitter figure and does not meet those targets; a flow without a tunnel
/// (internet) meets the encapsulation target vacuously.
pub fn flow_targets_met(r: &FlowRecord, sla: &SlaSection) -> (bool, bool, bool) {
    let loss = r.loss.is_some_and(|l| l < sla.max_loss.fraction());
    let jitter = r.jitter.is_some_and(|j| j <= sla.max_jitter.fraction());
    let encap = r
        .encap_success
        .is_none_or(|e| e >= sla.min_encap_success.fraction());
    (loss, jitter, encap)
}

fn collect<T>(rows: &[&T], f: impl Fn(&T) -> Option<f64>) -> Vec<f64> {
    rows.iter().filter_map(|r| f(r)).collect()
}

/// Per replication, the utilization of the busier direction: what a planner sizes for.
fn busier_direction(rows: &[&ConnectionRecord]) -> Vec<f64> {
    let mut out: Vec<(u64, f64)> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some((rep, u)) if *rep == r.replication => *u = u.max(r.utilization),
            _ => out.push((r.replication, r.utilization)),
        }
    }
    out.into_iter().map(|(_, u)| u).collect()
}

/// Judges records. `flow_names` and `connection_names` fix the report order.
pub fn judge(
    sla: &SlaSection,
    flow_names: &[String],
    connection_names: &[String],
    flows: &[FlowRecord],
    conns: &[ConnectionRecord],
) -> SlaReport {
    let required = sla.required_compliance.fraction();
    let flows: Vec<FlowVerdict> = flow_names
        .iter()
        .map(|name| {
            let rows: Vec<&FlowRecord> = flows.iter().filter(|r| &r.flow == name).collect();
            let met: Vec<(bool, bool, bool)> =
                rows.iter().map(|r| flow_targets_met(r, sla)).collect();
            let compliance = FlowCompliance {
                loss: Compliance::of(&met.iter().map(|m| m.0).collect::<Vec<_>>(), required),
                jitter: Compliance::of(&met.iter().map(|m| m.1).collect::<Vec<_>>(), required),
                encap_success: Compliance::of(
                    &met.iter().map(|m| m.2).collect::<Vec<_>>(),
                    required,
                ),
            };
            let ok = compliance.loss.met && compliance.jitter.met && compliance.encap_success.met;
            FlowVerdict {
                name: name.clone(),
                verdict: Verdict::from(ok),
                offered_packets: rows.iter().map(|r| r.offered).sum(),
                delivered_packets: rows.iter().map(|r| r.delivered).sum(),
                loss: Metric::of(&collect(&rows, |r| r.loss)),
                jitter: Metric::of(&collect(&rows, |r| r.jitter)),
                jitter_ms: Metric::of(&collect(&rows, |r| r.jitter_ms)),
                encap_success: Metric::of(&collect(&rows, |r| r.encap_success)),
                delay_ms: DelayMs {
                    min: Metric::of(&collect(&rows, |r| r.delay_min_ms)),
                    mean: Metric::of(&collect(&rows, |r| r.delay_mean_ms)),
                    p50: Metric::of(&collect(&rows, |r| r.delay_p50_ms)),
                    p99: Metric::of(&collect(&rows, |r| r.delay_p99_ms)),
                    max: Metric::of(&collect(&rows, |r| r.delay_max_ms)),
                },
                compliance,
            }
        })
        .collect();
    let connections: Vec<ConnectionVerdict> = connection_names
        .iter()
        .map(|name| {
            // Availability is per connection (both directions carry the same figure).
            let rows: Vec<&ConnectionRecord> =
                conns.iter().filter(|r| &r.connection == name).collect();
            let per_rep: Vec<&ConnectionRecord> = rows
                .iter()
                .copied()
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, r)| r)
                .collect();
            let met: Vec<bool> = per_rep
                .iter()
                .map(|r| r.availability >= sla.min_availability.fraction())
                .collect();
            let availability = Compliance::of(&met, required);
            ConnectionVerdict {
                name: name.clone(),
                verdict: Verdict::from(availability.met),
                availability: Metric::of(&collect(&per_rep, |r| Some(r.availability))),
                utilization: Metric::of(&busier_direction(&rows)),
                compliance: ConnectionCompliance { availability },
            }
        })
        .collect();
    let ok = flows.iter().all(|f| f.verdict == Verdict::Pass)
        && connections.iter().all(|c| c.verdict == Verdict::Pass);
    SlaReport {
        verdict: Verdict::from(ok),
        flows,
        connections,
    }
}
