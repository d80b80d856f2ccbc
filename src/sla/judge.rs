//! The SLA judgment, fed one replication at a time: per replication each target is met, missed
//! or not measured; across replications the compliance share with a 95% Wilson interval and
//! each metric's mean with a 95% t-interval; a target is met by the scenario when its
//! compliance ≥ `required_compliance`.
//!
//! The judge keeps running sums, not rows, so its memory does not grow with the number of
//! replications; `run` and `merge` feed it the same rows in the same (replication) order and
//! therefore produce byte-identical reports.

use super::metric::SlaMetric;
use super::record::{ConnectionRecord, FlowRecord};
use super::stats::{student_t_quantile, wilson_interval};
use super::targets::{ConnectionTargets, DesignTargets, FlowTargets};
use crate::metrics::DropCause;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A metric across replications: its mean and a 95% confidence interval that stays inside the
/// metric's range (a share in [0, 1], a delay or jitter ≥ 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub mean: f64,
    pub ci95: [f64; 2],
}

/// What values a metric can take; its interval is clipped to that range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// A share: loss, encapsulation success, availability, utilization (may exceed 1 only
    /// through measurement at the window's edge; clipped to [0, 1]).
    Share,
    /// A non-negative quantity: delays, jitter.
    NonNegative,
}

/// Welford's running mean and sum of squared deviations: numerically stable in one pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Running {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Running {
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    pub fn push_opt(&mut self, x: Option<f64>) {
        if let Some(x) = x.filter(|x| x.is_finite()) {
            self.push(x);
        }
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    /// The mean with its Student-t 95% interval (mean ± t·s/√n), clipped to `range`. With one
    /// sample the interval is the point itself; with none there is no metric.
    pub fn metric(&self, range: Range) -> Option<Metric> {
        if self.n == 0 {
            return None;
        }
        let half = if self.n < 2 {
            0.0
        } else {
            let n = self.n as f64;
            let s2 = self.m2 / (n - 1.0);
            student_t_quantile(0.975, n - 1.0) * (s2 / n).sqrt()
        };
        let (lo, hi) = match range {
            Range::Share => (0.0, 1.0),
            Range::NonNegative => (0.0, f64::INFINITY),
        };
        let mean = self.mean.clamp(lo, hi);
        Some(Metric {
            mean,
            ci95: [(mean - half).max(lo), (mean + half).min(hi)],
        })
    }
}

/// How often a target was met, among the replications that measured it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compliance {
    pub share: f64,
    pub wilson95: [f64; 2],
    pub met: bool,
}

/// Met / measured counts of one target.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    met: u64,
    measured: u64,
}

impl Tally {
    /// Records one replication: `Some(true)` met, `Some(false)` missed, `None` not measured.
    pub fn push(&mut self, met: Option<bool>) {
        if let Some(m) = met {
            self.measured += 1;
            self.met += u64::from(m);
        }
    }

    /// The compliance share with its Wilson interval; `None` when no replication measured the
    /// target (it does not apply, or nothing was offered).
    pub fn compliance(&self, required: f64) -> Option<Compliance> {
        if self.measured == 0 {
            return None;
        }
        let share = self.met as f64 / self.measured as f64;
        let (lo, hi) = wilson_interval(self.met, self.measured, 0.95);
        Some(Compliance {
            share,
            wilson95: [lo, hi],
            met: share >= required,
        })
    }
}

/// The judgment of a flow, a connection or a whole design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every target is met.
    Pass,
    /// Some target is missed.
    Fail,
    /// No target is missed, but some compliance interval straddles the required share: more
    /// replications would decide it.
    Inconclusive,
    /// Nothing was measured: the flow offered no packet in the measurement window.
    NotMeasured,
}

impl Verdict {
    pub fn from(ok: bool) -> Verdict {
        if ok { Verdict::Pass } else { Verdict::Fail }
    }

    /// The verdict as summary.json writes it: "pass", "fail", "inconclusive", "not_measured".
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Inconclusive => "inconclusive",
            Verdict::NotMeasured => "not_measured",
        }
    }

    /// The verdict as the terminal shows it: "PASS", "FAIL", ...
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Fail => "FAIL",
            Verdict::Inconclusive => "INCONCLUSIVE",
            Verdict::NotMeasured => "NOT MEASURED",
        }
    }

    /// How bad a verdict is, for combining: a failure outweighs everything, then an open
    /// question, then a figure never measured.
    fn rank(self) -> u8 {
        match self {
            Verdict::Pass => 0,
            Verdict::NotMeasured => 1,
            Verdict::Inconclusive => 2,
            Verdict::Fail => 3,
        }
    }

    /// The verdict of a whole made of these parts: the worst of them, `Pass` for none.
    pub fn worst(parts: impl IntoIterator<Item = Verdict>) -> Verdict {
        parts
            .into_iter()
            .max_by_key(|v| v.rank())
            .unwrap_or(Verdict::Pass)
    }

    /// The process exit code of a command whose answer is this verdict: 0 pass, 1 fail, 3
    /// inconclusive or not measured (never 0: a CI gate must not pass on what was not shown).
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Pass => 0,
            Verdict::Fail => 1,
            Verdict::Inconclusive | Verdict::NotMeasured => EXIT_UNDECIDED,
        }
    }
}

/// The exit code of a run whose verdict is neither pass nor fail (see [`Verdict::exit_code`]).
pub const EXIT_UNDECIDED: u8 = 3;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelayMs {
    #[serde(deserialize_with = "Option::deserialize")]
    pub min: Option<Metric>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub mean: Option<Metric>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub p50: Option<Metric>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub p99: Option<Metric>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub max: Option<Metric>,
}

/// Packets lost over all replications, by cause (the `lost_*` columns of flows.csv).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LostByCause {
    pub queue: u64,
    pub cap: u64,
    pub link: u64,
    pub encap: u64,
    pub down: u64,
    pub blocked: u64,
}

impl LostByCause {
    /// The cause that lost the most packets, in words; `None` when nothing was lost.
    pub fn dominant(&self) -> Option<&'static str> {
        self.dominant_cause().map(cause_words)
    }

    /// The cause that lost the most packets (the first of equals in column order); `None`
    /// when nothing was lost.
    pub fn dominant_cause(&self) -> Option<DropCause> {
        let counts = [
            self.queue,
            self.cap,
            self.link,
            self.encap,
            self.down,
            self.blocked,
        ];
        DropCause::ALL
            .into_iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .fold(None, |best: Option<(DropCause, u64)>, (c, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((c, n)),
            })
            .map(|(c, _)| c)
    }
}

/// A loss cause in words, as reports print it.
pub fn cause_words(c: DropCause) -> &'static str {
    match c {
        DropCause::Queue => "queue overflow",
        DropCause::Cap => "bandwidth cap",
        DropCause::Link => "link loss",
        DropCause::Encap => "encapsulation failure",
        DropCause::Down => "element down",
        DropCause::Blocked => "blocked",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowCompliance {
    #[serde(deserialize_with = "Option::deserialize")]
    pub loss: Option<Compliance>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub jitter: Option<Compliance>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub encap_success: Option<Compliance>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub availability: Option<Compliance>,
}

impl FlowCompliance {
    /// The compliance of the target on `m`; `None` where it is no target or was never
    /// measured.
    pub fn get(&self, m: SlaMetric) -> Option<Compliance> {
        match m {
            SlaMetric::Loss => self.loss,
            SlaMetric::Jitter => self.jitter,
            SlaMetric::EncapSuccess => self.encap_success,
            SlaMetric::Availability => self.availability,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowVerdict {
    pub name: String,
    pub verdict: Verdict,
    /// What the flow is judged on: the targets of the products its paths use.
    pub targets: FlowTargets,
    pub offered_packets: u64,
    pub delivered_packets: u64,
    /// Packets lost, by cause, over all replications.
    pub lost: LostByCause,
    #[serde(deserialize_with = "Option::deserialize")]
    pub loss: Option<Metric>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub jitter: Option<Metric>,
    /// Absolute jitter of the chosen definition, in ms.
    #[serde(deserialize_with = "Option::deserialize")]
    pub jitter_ms: Option<Metric>,
    /// The part of the delay variation (p99 − min, ms) that the design's own traffic adds
    /// waiting in its queues (connection caps, link and line queues): total minus what the
    /// provider's network alone gives.
    #[serde(deserialize_with = "Option::deserialize")]
    pub jitter_queue_ms: Option<Metric>,
    /// Delay variation (p99 − min, ms) of the delay without the time spent in the design's
    /// queues: what the provider's network (the background traffic on its backbone, leased
    /// lines and public paths) contributes.
    #[serde(deserialize_with = "Option::deserialize")]
    pub jitter_network_ms: Option<Metric>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub encap_success: Option<Metric>,
    /// End-to-end availability over the horizon, with rerouting.
    #[serde(deserialize_with = "Option::deserialize")]
    pub availability: Option<Metric>,
    pub delay_ms: DelayMs,
    pub compliance: FlowCompliance,
    /// Why the flow cannot be delivered, when it cannot.
    #[serde(deserialize_with = "Option::deserialize")]
    pub blocked_reason: Option<String>,
}

impl FlowVerdict {
    /// The flow's figure of an SLA metric, across replications.
    pub fn metric(&self, m: SlaMetric) -> Option<Metric> {
        match m {
            SlaMetric::Loss => self.loss,
            SlaMetric::Jitter => self.jitter,
            SlaMetric::EncapSuccess => self.encap_success,
            SlaMetric::Availability => self.availability,
        }
    }

    /// The targets the flow misses.
    pub fn missed(&self) -> impl Iterator<Item = SlaMetric> + '_ {
        SlaMetric::ALL
            .into_iter()
            .filter(|m| self.compliance.get(*m).is_some_and(|c| !c.met))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionCompliance {
    #[serde(deserialize_with = "Option::deserialize")]
    pub availability: Option<Compliance>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionVerdict {
    pub name: String,
    pub verdict: Verdict,
    /// What the connection is judged on: its product's availability promise.
    pub targets: ConnectionTargets,
    #[serde(deserialize_with = "Option::deserialize")]
    pub availability: Option<Metric>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub utilization: Option<Metric>,
    /// Bytes carried per replication's window, both directions together.
    #[serde(deserialize_with = "Option::deserialize")]
    pub bytes: Option<Metric>,
    pub compliance: ConnectionCompliance,
    /// Bytes carried per replication's window in each direction (`a>b` first), what
    /// usage-based billing needs. Kept in memory only: `bytes` is the published figure.
    #[serde(skip)]
    pub directions: Vec<DirectionBytes>,
    /// Bytes of the busier direction per replication's window (the larger of the two in each
    /// replication, then the mean): the statistic peering is billed on.
    #[serde(skip)]
    pub busier_bytes: Option<Metric>,
}

/// What one direction of a connection carried.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectionBytes {
    /// `from>to`, as in connections.csv.
    pub direction: String,
    pub bytes: Option<Metric>,
}

/// The judgment of a whole run.
#[derive(Debug, Clone, Serialize)]
pub struct SlaReport {
    pub verdict: Verdict,
    pub flows: Vec<FlowVerdict>,
    pub connections: Vec<ConnectionVerdict>,
}

/// Whether one replication meets each of a flow's targets, in [`SlaMetric::ALL`] order;
/// `None` where the metric is no target of the flow or the replication has no figure
/// (nothing offered, nothing delivered, no tunnel on the path, no failure process).
pub fn flow_targets_met(r: &FlowRecord, targets: &FlowTargets) -> [Option<bool>; 4] {
    SlaMetric::ALL.map(|m| targets.met(m, r.value(m)))
}

#[derive(Debug, Clone, Default)]
struct FlowAcc {
    offered: u64,
    delivered: u64,
    lost: LostByCause,
    loss: Running,
    jitter: Running,
    jitter_ms: Running,
    jitter_queue_ms: Running,
    jitter_network_ms: Running,
    encap: Running,
    availability: Running,
    delay: [Running; 5],
    met: [Tally; 4],
    blocked_reason: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct ConnectionAcc {
    availability: Running,
    utilization: Running,
    bytes: Running,
    busier_bytes: Running,
    /// Per direction, in the order of the rows: (direction, bytes).
    directions: Vec<(String, Running)>,
    met: Tally,
}

/// The streaming judge of one run.
#[derive(Debug, Clone)]
pub struct Judge {
    required_compliance: f64,
    flow_targets: Vec<FlowTargets>,
    connection_targets: Vec<ConnectionTargets>,
    flow_names: Vec<String>,
    connection_names: Vec<String>,
    flow_index: HashMap<String, usize>,
    connection_index: HashMap<String, usize>,
    flows: Vec<FlowAcc>,
    connections: Vec<ConnectionAcc>,
}

impl Judge {
    /// A judge of these flows and connections on their `targets`; the report lists them in
    /// this order.
    pub fn new(
        targets: &DesignTargets,
        flow_names: &[String],
        connection_names: &[String],
    ) -> Judge {
        let index = |names: &[String]| {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), i))
                .collect::<HashMap<_, _>>()
        };
        Judge {
            required_compliance: targets.required_compliance,
            flow_targets: flow_names.iter().map(|n| targets.flow(n)).collect(),
            connection_targets: connection_names
                .iter()
                .map(|n| targets.connection(n))
                .collect(),
            flow_names: flow_names.to_vec(),
            connection_names: connection_names.to_vec(),
            flow_index: index(flow_names),
            connection_index: index(connection_names),
            flows: vec![FlowAcc::default(); flow_names.len()],
            connections: vec![ConnectionAcc::default(); connection_names.len()],
        }
    }

    /// Adds one replication × flow row; rows of flows not judged are ignored.
    pub fn add_flow(&mut self, r: &FlowRecord) {
        let Some(&i) = self.flow_index.get(&r.flow) else {
            return;
        };
        let met = flow_targets_met(r, &self.flow_targets[i]);
        let a = &mut self.flows[i];
        a.offered += r.offered;
        a.delivered += r.delivered;
        a.lost.queue += r.lost_queue;
        a.lost.cap += r.lost_cap;
        a.lost.link += r.lost_link;
        a.lost.encap += r.lost_encap;
        a.lost.down += r.lost_down;
        a.lost.blocked += r.lost_blocked;
        a.loss.push_opt(r.loss);
        a.jitter.push_opt(r.jitter);
        a.jitter_ms.push_opt(r.jitter_ms);
        a.jitter_queue_ms.push_opt(r.jitter_queue_ms);
        a.jitter_network_ms.push_opt(r.jitter_network_ms);
        a.encap.push_opt(r.encap_success);
        a.availability.push_opt(r.availability);
        for (acc, v) in a.delay.iter_mut().zip([
            r.delay_min_ms,
            r.delay_mean_ms,
            r.delay_p50_ms,
            r.delay_p99_ms,
            r.delay_max_ms,
        ]) {
            acc.push_opt(v);
        }
        for (t, m) in a.met.iter_mut().zip(met) {
            t.push(m);
        }
        if a.blocked_reason.is_none() {
            a.blocked_reason.clone_from(&r.blocked_reason);
        }
    }

    /// Adds the rows of one connection in one replication (both directions): availability
    /// is the connection's (the same in both rows); utilization is the busier direction's,
    /// what a planner sizes for.
    pub fn add_connection(&mut self, rows: &[&ConnectionRecord]) {
        let Some(first) = rows.first() else { return };
        let Some(&i) = self.connection_index.get(&first.connection) else {
            return;
        };
        let a = &mut self.connections[i];
        a.availability.push_opt(first.availability);
        let target = self.connection_targets[i].min_availability;
        a.met.push(
            first
                .availability
                .zip(target)
                .map(|(v, t)| SlaMetric::Availability.meets(v, t)),
        );
        let busier = rows
            .iter()
            .filter_map(|r| r.utilization)
            .fold(None, |m: Option<f64>, u| Some(m.map_or(u, |m| m.max(u))));
        a.utilization.push_opt(busier);
        a.bytes.push(rows.iter().map(|r| r.bytes as f64).sum());
        a.busier_bytes
            .push(rows.iter().map(|r| r.bytes as f64).fold(0.0, f64::max));
        for (k, r) in rows.iter().enumerate() {
            if a.directions.len() <= k {
                a.directions.push((r.direction.clone(), Running::default()));
            }
            a.directions[k].1.push(r.bytes as f64);
        }
    }

    /// Adds every connection row of one replication, grouped by connection.
    pub fn add_connections(&mut self, rows: &[ConnectionRecord]) {
        let mut start = 0;
        while start < rows.len() {
            let name = &rows[start].connection;
            let end = rows[start..]
                .iter()
                .position(|r| &r.connection != name)
                .map_or(rows.len(), |k| start + k);
            let group: Vec<&ConnectionRecord> = rows[start..end].iter().collect();
            self.add_connection(&group);
            start = end;
        }
    }

    /// The report so far.
    pub fn report(&self) -> SlaReport {
        let required = self.required_compliance;
        let flows: Vec<FlowVerdict> = self
            .flow_names
            .iter()
            .zip(&self.flows)
            .zip(&self.flow_targets)
            .map(|((name, a), targets)| {
                let [loss, jitter, encap, availability] = a.met.map(|t| t.compliance(required));
                let compliance = FlowCompliance {
                    loss,
                    jitter,
                    encap_success: encap,
                    availability,
                };
                let ok = [
                    &compliance.loss,
                    &compliance.jitter,
                    &compliance.encap_success,
                    &compliance.availability,
                ]
                .iter()
                .all(|c| c.is_none_or(|c| c.met));
                // A flow no route can ever carry fails, whatever its targets.
                let blocked = a.blocked_reason.is_some();
                let verdict = match (ok && !blocked, a.offered) {
                    (false, _) => Verdict::Fail,
                    (true, 0) => Verdict::NotMeasured,
                    (true, _) => Verdict::Pass,
                };
                let d = |k: usize| a.delay[k].metric(Range::NonNegative);
                FlowVerdict {
                    name: name.clone(),
                    verdict,
                    targets: *targets,
                    offered_packets: a.offered,
                    delivered_packets: a.delivered,
                    lost: a.lost,
                    loss: a.loss.metric(Range::Share),
                    jitter: a.jitter.metric(Range::NonNegative),
                    jitter_ms: a.jitter_ms.metric(Range::NonNegative),
                    jitter_queue_ms: a.jitter_queue_ms.metric(Range::NonNegative),
                    jitter_network_ms: a.jitter_network_ms.metric(Range::NonNegative),
                    encap_success: a.encap.metric(Range::Share),
                    availability: a.availability.metric(Range::Share),
                    delay_ms: DelayMs {
                        min: d(0),
                        mean: d(1),
                        p50: d(2),
                        p99: d(3),
                        max: d(4),
                    },
                    compliance,
                    blocked_reason: a.blocked_reason.clone(),
                }
            })
            .collect();
        let connections: Vec<ConnectionVerdict> = self
            .connection_names
            .iter()
            .zip(&self.connections)
            .zip(&self.connection_targets)
            .map(|((name, a), targets)| {
                let availability = a.met.compliance(required);
                ConnectionVerdict {
                    name: name.clone(),
                    verdict: Verdict::from(availability.is_none_or(|c| c.met)),
                    targets: *targets,
                    availability: a.availability.metric(Range::Share),
                    utilization: a.utilization.metric(Range::Share),
                    bytes: a.bytes.metric(Range::NonNegative),
                    compliance: ConnectionCompliance { availability },
                    directions: a
                        .directions
                        .iter()
                        .map(|(d, r)| DirectionBytes {
                            direction: d.clone(),
                            bytes: r.metric(Range::NonNegative),
                        })
                        .collect(),
                    busier_bytes: a.busier_bytes.metric(Range::NonNegative),
                }
            })
            .collect();
        let verdict = Verdict::worst(
            flows
                .iter()
                .map(|f| f.verdict)
                .chain(connections.iter().map(|c| c.verdict)),
        );
        SlaReport {
            verdict,
            flows,
            connections,
        }
    }
}

/// Judges complete tables at once (rows in replication order).
pub fn judge(
    targets: &DesignTargets,
    flow_names: &[String],
    connection_names: &[String],
    flows: &[FlowRecord],
    conns: &[ConnectionRecord],
) -> SlaReport {
    let mut j = Judge::new(targets, flow_names, connection_names);
    flows.iter().for_each(|r| j.add_flow(r));
    let mut start = 0;
    while start < conns.len() {
        let rep = conns[start].replication;
        let end = conns[start..]
            .iter()
            .position(|r| r.replication != rep)
            .map_or(conns.len(), |k| start + k);
        j.add_connections(&conns[start..end]);
        start = end;
    }
    j.report()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::stats::mean_ci;

    #[test]
    fn running_mean_and_interval_match_the_two_pass_formula() {
        let xs = [0.12, 0.5, 0.33, 0.91, 0.07, 0.64];
        let mut r = Running::default();
        xs.iter().for_each(|x| r.push(*x));
        let m = r.metric(Range::NonNegative).unwrap();
        let reference = mean_ci(&xs, 0.95);
        assert!((m.mean - reference.mean).abs() < 1e-15);
        assert!(
            (m.ci95[0] - reference.lo).abs() < 1e-12,
            "{m:?} {reference:?}"
        );
        assert!((m.ci95[1] - reference.hi).abs() < 1e-12);
    }

    #[test]
    fn a_share_interval_never_leaves_zero_to_one() {
        let mut r = Running::default();
        for x in [0.0, 0.0, 0.0, 2.6e-6] {
            r.push(x);
        }
        let m = r.metric(Range::Share).unwrap();
        assert_eq!(m.ci95[0], 0.0, "{m:?}");
        let mut r = Running::default();
        for x in [1.0, 0.99999, 1.0] {
            r.push(x);
        }
        assert!(r.metric(Range::Share).unwrap().ci95[1] <= 1.0);
    }

    #[test]
    fn a_target_measured_in_no_replication_has_no_compliance() {
        let mut t = Tally::default();
        t.push(None);
        t.push(None);
        assert_eq!(t.compliance(0.95), None);
        t.push(Some(true));
        assert_eq!(t.compliance(0.95).map(|c| c.share), Some(1.0));
    }
}
