//! Two designs side by side: each flow's and connection's verdict in A and in B, every metric's
//! mean with both 95% intervals and whether they overlap, the cost per day of each, and a
//! short answer a planner can paste. B *regresses* against A when something that passed in A
//! fails in B, something of A is missing from B, or a metric got worse with intervals apart
//! and by more than the tolerance; an improvement is never a regression.

use super::Summary;
use super::regression::Tolerance;
use super::safe;
use super::terminal::money;
use crate::sla::judge::{ConnectionVerdict, FlowVerdict, Metric, Verdict};
use serde::{Deserialize, Serialize};

/// Which way is better for a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Better {
    Lower,
    Higher,
    /// Informational (utilization): a change is shown, never judged.
    Neither,
}

/// A compared metric of `T` (a flow or a connection entry of summary.json): its path there,
/// which way is better, and where the figure is.
type Compared<T> = (&'static str, Better, fn(&T) -> Option<Metric>);

/// The metrics compared in a flow entry of summary.json, as JSON paths, which way is better,
/// and where the figure is.
pub(super) const FLOW_METRICS: &[Compared<FlowVerdict>] = &[
    ("loss", Better::Lower, |f| f.loss),
    ("jitter", Better::Lower, |f| f.jitter),
    ("encap_success", Better::Higher, |f| f.encap_success),
    ("availability", Better::Higher, |f| f.availability),
    ("delay_ms.mean", Better::Lower, |f| f.delay_ms.mean),
    ("delay_ms.p99", Better::Lower, |f| f.delay_ms.p99),
];
/// The metrics compared in a connection entry.
pub(super) const CONNECTION_METRICS: &[Compared<ConnectionVerdict>] = &[
    ("availability", Better::Higher, |c| c.availability),
    ("utilization", Better::Neither, |c| c.utilization),
];

/// Every metric name a tolerance may name.
pub(super) fn metric_names() -> Vec<&'static str> {
    let mut known: Vec<&str> = FLOW_METRICS
        .iter()
        .map(|(m, _, _)| *m)
        .chain(CONNECTION_METRICS.iter().map(|(m, _, _)| *m))
        .collect();
    known.sort_unstable();
    known.dedup();
    known
}

/// A mean with its interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub mean: f64,
    pub ci95: [f64; 2],
}

impl From<Metric> for Figure {
    fn from(m: Metric) -> Figure {
        Figure {
            mean: m.mean,
            ci95: m.ci95,
        }
    }
}

/// How one metric moved from A to B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The intervals overlap, or the move is within the tolerance.
    Same,
    Better,
    Worse,
    /// Moved, on a metric with no better direction.
    Moved,
    /// Measured on one side only.
    Unmatched,
}

/// One metric of one flow or connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricRow {
    pub metric: String,
    pub a: Option<Figure>,
    pub b: Option<Figure>,
    /// Whether the two 95% intervals overlap; null when a side has no figure.
    pub overlap: Option<bool>,
    pub change: Change,
}

/// A flow or connection in both designs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub name: String,
    /// The verdict in each design; null when the subject is not in that design.
    pub verdict_a: Option<Verdict>,
    pub verdict_b: Option<Verdict>,
    /// Targets missed in each design ("loss", "jitter", ...).
    pub missed_a: Vec<String>,
    pub missed_b: Vec<String>,
    pub metrics: Vec<MetricRow>,
}

/// The cost per day of each design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostPair {
    pub currency_a: Option<String>,
    pub currency_b: Option<String>,
    pub per_day_a: Option<f64>,
    pub per_day_b: Option<f64>,
    /// B − A, when both are known and in one currency.
    pub difference: Option<f64>,
}

/// The whole comparison, written as compare.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub verdict_a: Verdict,
    pub verdict_b: Verdict,
    pub flows: Vec<Subject>,
    pub connections: Vec<Subject>,
    pub cost: CostPair,
    /// What makes B worse than A; empty when B does not regress.
    pub regressions: Vec<String>,
    /// What makes B better than A.
    pub improvements: Vec<String>,
    /// The answer in one or two sentences.
    pub answer: String,
}

/// What the comparison needs of a flow or a connection.
trait Judged {
    fn name(&self) -> &str;
    fn verdict(&self) -> Verdict;
    /// The targets missed, in name order.
    fn missed(&self) -> Vec<String>;
}

/// The names of the compliance entries whose target is missed, in name order (the order
/// summary.json readers have always listed them in).
fn missed_of(entries: &[(&str, &Option<crate::sla::judge::Compliance>)]) -> Vec<String> {
    let mut out: Vec<String> = entries
        .iter()
        .filter(|(_, c)| c.is_some_and(|c| !c.met))
        .map(|(k, _)| k.to_string())
        .collect();
    out.sort();
    out
}

impl Judged for FlowVerdict {
    fn name(&self) -> &str {
        &self.name
    }
    fn verdict(&self) -> Verdict {
        self.verdict
    }
    fn missed(&self) -> Vec<String> {
        let c = &self.compliance;
        missed_of(&[
            ("loss", &c.loss),
            ("jitter", &c.jitter),
            ("encap_success", &c.encap_success),
            ("availability", &c.availability),
        ])
    }
}

impl Judged for ConnectionVerdict {
    fn name(&self) -> &str {
        &self.name
    }
    fn verdict(&self) -> Verdict {
        self.verdict
    }
    fn missed(&self) -> Vec<String> {
        missed_of(&[("availability", &self.compliance.availability)])
    }
}

fn row(
    metric: &str,
    better: Better,
    fa: Option<Figure>,
    fb: Option<Figure>,
    tol: &Tolerance,
) -> MetricRow {
    let (overlap, change) = match (fa, fb) {
        (Some(x), Some(y)) => {
            let overlap = x.ci95[0] <= y.ci95[1] && y.ci95[0] <= x.ci95[1];
            let moved = !overlap && (y.mean - x.mean).abs() > tol.allowed(metric, x.mean);
            let change = match (moved, better) {
                (false, _) => Change::Same,
                (true, Better::Neither) => Change::Moved,
                (true, Better::Lower) if y.mean < x.mean => Change::Better,
                (true, Better::Higher) if y.mean > x.mean => Change::Better,
                (true, _) => Change::Worse,
            };
            (Some(overlap), change)
        }
        (None, None) => (None, Change::Same),
        _ => (None, Change::Unmatched),
    };
    MetricRow {
        metric: metric.to_string(),
        a: fa,
        b: fb,
        overlap,
        change,
    }
}

/// Every subject of A, then those only in B, with each metric compared.
fn subjects<T: Judged>(
    la: &[T],
    lb: &[T],
    metrics: &[Compared<T>],
    tol: &Tolerance,
) -> Vec<Subject> {
    let mut names: Vec<&str> = la.iter().map(Judged::name).collect();
    for n in lb.iter().map(Judged::name) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
        .into_iter()
        .map(|n| {
            let x = la.iter().find(|v| v.name() == n);
            let y = lb.iter().find(|v| v.name() == n);
            Subject {
                name: n.to_string(),
                verdict_a: x.map(Judged::verdict),
                verdict_b: y.map(Judged::verdict),
                missed_a: x.map(Judged::missed).unwrap_or_default(),
                missed_b: y.map(Judged::missed).unwrap_or_default(),
                metrics: metrics
                    .iter()
                    .map(|(m, better, get)| {
                        let fig = |v: Option<&T>| v.and_then(get).map(Figure::from);
                        row(m, *better, fig(x), fig(y), tol)
                    })
                    .filter(|r| r.a.is_some() || r.b.is_some())
                    .collect(),
            }
        })
        .collect()
}

fn cost(a: &Summary, b: &Summary) -> CostPair {
    let (ca, cb) = (a.cost.currency.clone(), b.cost.currency.clone());
    let (pa, pb) = (a.cost.per_day, b.cost.per_day);
    let difference = match (pa, pb) {
        (Some(x), Some(y)) if ca == cb => Some(y - x),
        _ => None,
    };
    CostPair {
        currency_a: Some(ca),
        currency_b: Some(cb),
        per_day_a: pa,
        per_day_b: pb,
        difference,
    }
}

/// The flows and connections of two summaries, compared.
fn both(a: &Summary, b: &Summary, tol: &Tolerance) -> (Vec<Subject>, Vec<Subject>) {
    (
        subjects(&a.flows, &b.flows, FLOW_METRICS, tol),
        subjects(&a.connections, &b.connections, CONNECTION_METRICS, tol),
    )
}

/// Compares the summaries `a` and `b` (summary.json of two runs), labelled `label_a` and
/// `label_b` in the answer.
pub fn compare(
    label_a: &str,
    a: &Summary,
    label_b: &str,
    b: &Summary,
    tol: &Tolerance,
) -> Comparison {
    let (flows, connections) = both(a, b, tol);
    let Changes {
        regressions,
        improvements,
    } = changes(&flows, &connections, ("A", "B"));
    let cost = cost(a, b);
    let mut c = Comparison {
        a: label_a.to_string(),
        b: label_b.to_string(),
        verdict_a: a.verdict,
        verdict_b: b.verdict,
        flows,
        connections,
        cost,
        regressions,
        improvements,
        answer: String::new(),
    };
    c.answer = answer(&c);
    c
}

fn show(metric: &str, v: f64) -> String {
    super::regression::show(metric, v)
}

/// What got worse and what got better from one summary to another, in words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub regressions: Vec<String>,
    pub improvements: Vec<String>,
}

/// The regressions and improvements of `current` against `baseline` (two summary.json), worded
/// for a regression check: "the baseline" and "this run".
///
/// A check is strict: a figure measured on one side only is a regression too (a baseline
/// with a `null` where this run measures something cannot vouch for it).
pub fn changes_since(baseline: &Summary, current: &Summary, tol: &Tolerance) -> Changes {
    let (flows, connections) = both(baseline, current, tol);
    let mut out = changes(&flows, &connections, ("the baseline", "this run"));
    for (what, list) in [("flow", &flows), ("connection", &connections)] {
        for s in list
            .iter()
            .filter(|s| s.verdict_a.is_some() && s.verdict_b.is_some())
        {
            for r in s.metrics.iter().filter(|r| r.change == Change::Unmatched) {
                let side = if r.a.is_none() {
                    "the baseline"
                } else {
                    "this run"
                };
                out.regressions.push(format!(
                    "{what} {}: {} has no figure in {side}, so the two cannot be compared",
                    safe(&s.name),
                    r.metric
                ));
            }
        }
    }
    out
}

/// " (loss, jitter)", or nothing for an empty list.
fn listed(targets: &[String]) -> String {
    if targets.is_empty() {
        String::new()
    } else {
        format!(" ({})", targets.join(", "))
    }
}

fn changes(flows: &[Subject], connections: &[Subject], (x, y): (&str, &str)) -> Changes {
    let mut out = Changes::default();
    let interval = |f: Figure, m: &str| {
        format!(
            "{} [{}, {}]",
            show(m, f.mean),
            show(m, f.ci95[0]),
            show(m, f.ci95[1])
        )
    };
    for (what, list) in [("flow", flows), ("connection", connections)] {
        for s in list {
            let n = safe(&s.name);
            let word = |v: Verdict| match v {
                Verdict::Fail => "fails",
                Verdict::Pass => "passes",
                Verdict::Inconclusive => "is inconclusive",
                Verdict::NotMeasured => "is not measured",
            };
            let pass = Some(Verdict::Pass);
            match (s.verdict_a, s.verdict_b) {
                (Some(_), None) => out.regressions.push(format!("{what} {n} is not in {y}")),
                (None, Some(b)) if b != Verdict::Pass => out.regressions.push(format!(
                    "{what} {n} is new in {y} and {}{}",
                    word(b),
                    listed(&s.missed_b)
                )),
                (a, Some(b)) if a == pass && b != Verdict::Pass => out.regressions.push(format!(
                    "{what} {n} {} in {y}{} and passes in {x}",
                    word(b),
                    listed(&s.missed_b)
                )),
                (Some(a), b) if b == pass && a != Verdict::Pass => out.improvements.push(format!(
                    "{what} {n} passes in {y} and {} in {x}{}",
                    word(a),
                    listed(&s.missed_a)
                )),
                _ => {}
            }
            for r in &s.metrics {
                let (Some(fa), Some(fb)) = (r.a, r.b) else {
                    continue;
                };
                let list = match r.change {
                    Change::Worse => &mut out.regressions,
                    Change::Better => &mut out.improvements,
                    _ => continue,
                };
                list.push(format!(
                    "{what} {n}: {} {}, {} in {x}, {} in {y}",
                    r.metric,
                    if r.change == Change::Worse {
                        "worse"
                    } else {
                        "better"
                    },
                    interval(fa, &r.metric),
                    interval(fb, &r.metric),
                ));
            }
        }
    }
    out
}

/// "meets every target" or "misses jitter on erp-sync, loss on bulk".
fn standing(subjects: &[&Subject], side: impl Fn(&Subject) -> &Vec<String>) -> String {
    let mut misses = Vec::new();
    for s in subjects {
        for m in side(s) {
            misses.push(format!("{m} on {}", safe(&s.name)));
        }
    }
    match misses.len() {
        0 => "meets every target".to_string(),
        1..=3 => format!("misses {}", misses.join(", ")),
        n => format!("misses {} and {} more", misses[..3].join(", "), n - 3),
    }
}

fn answer(c: &Comparison) -> String {
    let all: Vec<&Subject> = c.flows.iter().chain(&c.connections).collect();
    let sa = standing(&all, |s| &s.missed_a);
    let sb = standing(&all, |s| &s.missed_b);
    let mut o = if sa == sb && sa == "meets every target" {
        "Both meet every target.".to_string()
    } else {
        format!("B {sb}; A {sa}.")
    };
    let p = &c.cost;
    let cur = p.currency_b.as_deref().map(safe).unwrap_or_default();
    o.push(' ');
    o.push_str(&match (p.difference, p.per_day_a, p.per_day_b) {
        (Some(d), _, _) if d.abs() < 0.005 => "B costs the same per day.".to_string(),
        (Some(d), _, _) if d > 0.0 => format!("B costs {} {cur} more per day.", money(d)),
        (Some(d), _, _) => format!("B costs {} {cur} less per day.", money(-d)),
        (None, Some(_), Some(_)) => "The costs are in different currencies.".to_string(),
        (None, None, None) => "Neither cost is known.".to_string(),
        (None, None, _) => "A's cost is not known.".to_string(),
        (None, _, None) => "B's cost is not known.".to_string(),
    });
    o
}

/// The comparison for a terminal: verdicts side by side with the metrics that moved, the
/// costs, the answer, and the regressions.
pub fn render(c: &Comparison) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let v = |x: &Option<Verdict>| x.map_or("-", |v| v.word());
    let w = c
        .flows
        .iter()
        .chain(&c.connections)
        .map(|s| safe(&s.name).chars().count())
        .max()
        .unwrap_or(4)
        .max(11);
    for (title, list) in [("flow", &c.flows), ("connection", &c.connections)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(o, "{title:w$}  {:>5}  {:>5}  what moved (A → B)", "A", "B");
        for s in list {
            let moved: Vec<String> = s
                .metrics
                .iter()
                .filter(|r| r.change != Change::Same)
                .map(|r| match (r.a, r.b) {
                    (Some(x), Some(y)) => format!(
                        "{} {} → {} ({})",
                        r.metric,
                        show(&r.metric, x.mean),
                        show(&r.metric, y.mean),
                        match r.change {
                            Change::Better => "better",
                            Change::Worse => "worse",
                            _ => "moved",
                        }
                    ),
                    _ => format!("{} on one side only", r.metric),
                })
                .collect();
            let _ = writeln!(
                o,
                "{:w$}  {:>5}  {:>5}  {}",
                safe(&s.name),
                v(&s.verdict_a),
                v(&s.verdict_b),
                if moved.is_empty() {
                    "-".to_string()
                } else {
                    moved.join("; ")
                }
            );
        }
        o.push('\n');
    }
    let amount = |x: Option<f64>, cur: &Option<String>| match x {
        Some(x) => format!(
            "{} {}",
            money(x),
            cur.as_deref().map(safe).unwrap_or_default()
        ),
        None => "unknown".into(),
    };
    let _ = writeln!(
        o,
        "{:w$}  A {}, B {}",
        "cost/day",
        amount(c.cost.per_day_a, &c.cost.currency_a),
        amount(c.cost.per_day_b, &c.cost.currency_b)
    );
    let _ = writeln!(
        o,
        "verdict: A {}, B {}",
        c.verdict_a.word(),
        c.verdict_b.word()
    );
    let _ = writeln!(o, "{}", c.answer);
    if c.regressions.is_empty() {
        let _ = writeln!(o, "B does not regress against A.");
    } else {
        let _ = writeln!(o, "B regresses against A:");
        for r in &c.regressions {
            let _ = writeln!(o, "  {r}");
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::judge::Compliance;

    /// A summary with one flow `name` whose loss has this mean and interval and whose loss
    /// target is met or not, priced `cost` per day.
    fn with_flow(
        name: &str,
        loss: Option<(f64, f64, f64)>,
        met: bool,
        cost: Option<f64>,
    ) -> Summary {
        let mut s: Summary = serde_json::from_str(include_str!("testdata/one_flow_summary.json"))
            .expect("the fixture is a summary");
        let f = &mut s.flows[0];
        f.name = name.into();
        f.verdict = Verdict::from(met);
        f.loss = loss.map(|(mean, lo, hi)| Metric {
            mean,
            ci95: [lo, hi],
        });
        f.compliance.loss = Some(Compliance {
            share: if met { 1.0 } else { 0.0 },
            wilson95: [0.0, 1.0],
            met,
        });
        s.verdict = Verdict::from(met);
        s.cost.per_day = cost;
        s
    }

    fn summary(verdict: &str, loss: (f64, f64, f64), met: bool, cost: Option<f64>) -> Summary {
        assert_eq!(verdict == "pass", met);
        with_flow("erp", Some(loss), met, cost)
    }

    #[test]
    fn a_target_missed_only_in_b_is_a_regression_with_its_name() {
        let a = summary("pass", (0.0, 0.0, 0.0), true, Some(10.0));
        let b = summary("fail", (0.3, 0.25, 0.35), false, Some(4.0));
        let c = compare("a", &a, "b", &b, &Tolerance::default());
        assert_eq!(c.regressions.len(), 2, "{:?}", c.regressions);
        assert!(c.regressions[0].contains("flow erp fails in B (loss)"));
        assert_eq!(c.flows[0].metrics[0].change, Change::Worse);
        assert_eq!(c.flows[0].metrics[0].overlap, Some(false));
        assert_eq!(
            c.answer,
            "B misses loss on erp; A meets every target. B costs 6.00 USD less per day."
        );
    }

    #[test]
    fn an_improvement_is_not_a_regression() {
        let a = summary("fail", (0.3, 0.25, 0.35), false, Some(4.0));
        let b = summary("pass", (0.0, 0.0, 0.0), true, Some(18.0));
        let c = compare("a", &a, "b", &b, &Tolerance::default());
        assert!(c.regressions.is_empty(), "{:?}", c.regressions);
        assert_eq!(c.flows[0].metrics[0].change, Change::Better);
        assert!(
            c.answer.ends_with("B costs 14.00 USD more per day."),
            "{}",
            c.answer
        );
    }

    #[test]
    fn overlapping_intervals_are_the_same() {
        let a = summary("pass", (0.001, 0.0005, 0.0015), true, None);
        let b = summary("pass", (0.0012, 0.0007, 0.0017), true, None);
        let c = compare("a", &a, "b", &b, &Tolerance::default());
        assert!(c.regressions.is_empty());
        assert_eq!(c.flows[0].metrics[0].overlap, Some(true));
        assert_eq!(c.answer, "Both meet every target. Neither cost is known.");
    }

    #[test]
    fn a_flow_missing_from_b_is_a_regression() {
        let a = summary("pass", (0.0, 0.0, 0.0), true, Some(1.0));
        let mut b = a.clone();
        b.flows.clear();
        let c = compare("a", &a, "b", &b, &Tolerance::default());
        assert_eq!(c.regressions, vec!["flow erp is not in B".to_string()]);
    }

    fn check_summary(verdict: &str, loss: f64, lo: f64, hi: f64) -> Summary {
        with_flow("f", Some((loss, lo, hi)), verdict == "pass", None)
    }

    #[test]
    fn a_check_names_the_flipped_verdict_and_the_metric_that_got_worse() {
        let c = changes_since(
            &check_summary("pass", 0.001, 0.0008, 0.0012),
            &check_summary("fail", 0.003, 0.0025, 0.0035),
            &Tolerance::default(),
        );
        assert_eq!(
            c.regressions,
            vec![
                "flow f fails in this run (loss) and passes in the baseline".to_string(),
                "flow f: loss worse, 0.1000% [0.0800%, 0.1200%] in the baseline, 0.3000% [0.2500%, 0.3500%] in this run".to_string(),
            ]
        );
        assert!(c.improvements.is_empty());
    }

    #[test]
    fn a_check_reports_an_improvement_without_calling_it_a_regression() {
        let c = changes_since(
            &check_summary("fail", 0.003, 0.0025, 0.0035),
            &check_summary("pass", 0.001, 0.0008, 0.0012),
            &Tolerance::default(),
        );
        assert!(c.regressions.is_empty(), "{:?}", c.regressions);
        assert_eq!(c.improvements.len(), 2, "{:?}", c.improvements);
    }

    #[test]
    fn a_shift_inside_the_tolerance_is_not_a_change_however_narrow_the_intervals() {
        let delay = |m: f64| {
            let mut s = with_flow("f", None, true, None);
            s.flows[0].delay_ms.mean = Some(Metric {
                mean: m,
                ci95: [m - 1e-6, m + 1e-6],
            });
            s
        };
        // 13 µs on a 10 ms path: within 1%.
        assert_eq!(
            changes_since(&delay(10.0), &delay(10.013), &Tolerance::default()),
            Changes::default()
        );
        let mut strict = Tolerance::default();
        strict.apply("0%").unwrap();
        strict.apply("delay_ms.mean=0.001").unwrap();
        assert_eq!(
            changes_since(&delay(10.0), &delay(10.013), &strict)
                .regressions
                .len(),
            1
        );
    }

    #[test]
    fn a_vanished_flow_and_a_new_failing_flow_are_regressions() {
        let one = check_summary("fail", 0.3, 0.2, 0.4);
        let mut empty = one.clone();
        empty.flows.clear();
        empty.verdict = Verdict::Pass;
        assert_eq!(
            changes_since(&one, &empty, &Tolerance::default()).regressions,
            vec!["flow f is not in this run".to_string()]
        );
        assert_eq!(
            changes_since(&empty, &one, &Tolerance::default()).regressions,
            vec!["flow f is new in this run and fails (loss)".to_string()]
        );
    }
}
