//! What the sweep plot draws, prepared from sweep.csv's rows: the swept values in sweep
//! order, the flows and connections (one colour each), and per SLA metric one series per
//! subject of its means, 95% intervals and compliance, all in %.

use crate::plan::SweepRow;
use crate::report::plots::group::{by_name, keep_top};
use crate::sla::targets::Shared;

/// Flows and connections drawn at most (those missing a target most often): one colour of
/// the palette each, so no two series look alike.
const MAX_SUBJECTS: usize = 9;

/// Whether a metric's target is a ceiling (loss, jitter) or a floor (success, availability).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Better {
    Lower,
    Higher,
}

/// One SLA metric of sweep.csv and how its panel names it.
#[derive(Debug)]
pub(super) struct Metric {
    /// The `metric` column.
    pub key: &'static str,
    /// The `kind` column of its rows: "flow" or "connection".
    pub kind: &'static str,
    pub heading: &'static str,
    /// The quantity in the SLA label and on the y axis: "loss".
    pub quantity: &'static str,
    /// The SLA's comparison: "<", "≤" or "≥".
    pub op: &'static str,
    pub better: Better,
}

/// The panels, top to bottom.
pub(super) const METRICS: [Metric; 4] = [
    Metric {
        key: "loss",
        kind: "flow",
        heading: "Packet loss per flow",
        quantity: "loss",
        op: "<",
        better: Better::Lower,
    },
    Metric {
        key: "jitter",
        kind: "flow",
        heading: "Jitter ratio per flow",
        quantity: "jitter",
        op: "≤",
        better: Better::Lower,
    },
    Metric {
        key: "encap_success",
        kind: "flow",
        heading: "Encapsulation success per flow",
        quantity: "encapsulation success",
        op: "≥",
        better: Better::Higher,
    },
    Metric {
        key: "availability",
        kind: "connection",
        heading: "Availability per connection",
        quantity: "availability",
        op: "≥",
        better: Better::Higher,
    },
];

/// The swept values in sweep order.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Values {
    /// As written in [sweep] values: "Large.1", "500Mbps".
    pub labels: Vec<String>,
    /// As numbers in `unit`.
    pub x: Vec<f64>,
    pub unit: String,
}

/// A flow or a connection, with its series colour.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Subject {
    pub name: String,
    /// "flow" or "connection".
    pub kind: String,
    pub color: usize,
}

/// One swept value of a series, in %.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Point {
    /// Index of the value in [`Values`].
    pub at: usize,
    pub mean: f64,
    /// The 95% confidence interval of the mean, when there is one.
    pub ci: Option<(f64, f64)>,
    /// Whether the subject meets the target in the share of replications the SLA asks.
    pub met: bool,
}

/// One subject's points in a panel.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Series {
    pub subject: usize,
    pub points: Vec<Point>,
}

/// One SLA metric's panel.
#[derive(Debug)]
pub(super) struct Panel {
    pub metric: &'static Metric,
    /// What the drawn subjects' targets (in %) have in common.
    pub targets: Shared,
    /// Their common target in %; NaN when they have none or differ (no line is drawn).
    pub target: f64,
    pub series: Vec<Series>,
}

impl Panel {
    pub fn points(&self) -> impl Iterator<Item = &Point> {
        self.series.iter().flat_map(|s| s.points.iter())
    }

    /// Whether every point at value `at` meets its target (false when there are none).
    pub fn all_met_at(&self, at: usize) -> bool {
        let mut any = false;
        for p in self.points().filter(|p| p.at == at) {
            if !p.met {
                return false;
            }
            any = true;
        }
        any
    }
}

/// Everything the sweep plot draws.
#[derive(Debug)]
pub(super) struct SweepData {
    pub values: Values,
    pub subjects: Vec<Subject>,
    /// Flows and connections in sweep.csv, before keeping the [`MAX_SUBJECTS`] drawn.
    pub total_subjects: usize,
    pub panels: Vec<Panel>,
}

/// A value of sweep.csv in %, if it is a finite number.
fn percent(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite()).map(|v| v * 100.0)
}

impl SweepData {
    pub fn new(rows: &[SweepRow]) -> SweepData {
        let by_value = by_name(rows, |r| &r.value);
        let values = Values {
            labels: by_value.iter().map(|(v, _)| v.to_string()).collect(),
            x: by_value.iter().map(|(_, rs)| rs[0].x).collect(),
            unit: rows.first().map_or(String::new(), |r| r.unit.clone()),
        };
        // Flows first, then connections, each in the scenario's order.
        let mut subjects: Vec<(Subject, usize)> = Vec::new();
        for kind in ["flow", "connection"] {
            let of_kind: Vec<&SweepRow> = rows.iter().filter(|r| r.kind == kind).collect();
            for (name, rs) in by_name(&of_kind, |r| &r.name) {
                let unmet = rs.iter().filter(|r| r.met == Some(false)).count();
                subjects.push((
                    Subject {
                        name: name.to_string(),
                        kind: kind.to_string(),
                        color: 0,
                    },
                    unmet,
                ));
            }
        }
        let total_subjects = keep_top(&mut subjects, MAX_SUBJECTS, |s| s.1 as f64);
        let subjects: Vec<Subject> = subjects
            .into_iter()
            .enumerate()
            .map(|(color, (s, _))| Subject { color, ..s })
            .collect();
        let index_of = |label: &str| values.labels.iter().position(|l| l == label);
        let panels = METRICS
            .iter()
            .map(|metric| {
                let series = subjects
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.kind == metric.kind)
                    .map(|(i, s)| Series {
                        subject: i,
                        points: rows
                            .iter()
                            .filter(|r| {
                                r.kind == s.kind && r.name == s.name && r.metric == metric.key
                            })
                            .filter_map(|r| {
                                Some(Point {
                                    at: index_of(&r.value)?,
                                    mean: percent(r.mean)?,
                                    ci: percent(r.ci95_lo).zip(percent(r.ci95_hi)),
                                    met: r.met.unwrap_or(true),
                                })
                            })
                            .collect(),
                    })
                    .collect();
                let targets = Shared::of(
                    rows.iter()
                        .filter(|r| r.metric == metric.key && r.kind == metric.kind)
                        .filter(|r| subjects.iter().any(|s| s.name == r.name))
                        .map(|r| r.target.map(|t| t * 100.0)),
                );
                let target = match targets {
                    Shared::Same(t) => t,
                    _ => f64::NAN,
                };
                Panel {
                    metric,
                    targets,
                    target,
                    series,
                }
            })
            .collect();
        SweepData {
            values,
            subjects,
            total_subjects,
            panels,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(value: &str, x: f64, kind: &str, name: &str, metric: &str, mean: f64) -> SweepRow {
        SweepRow {
            value: value.into(),
            x,
            unit: "Mbps".into(),
            kind: kind.into(),
            name: name.into(),
            metric: metric.into(),
            mean: Some(mean),
            ci95_lo: Some(mean * 0.9),
            ci95_hi: Some(mean * 1.1),
            target: Some(0.002),
            compliance: Some(1.0),
            wilson95_lo: Some(0.7),
            wilson95_hi: Some(1.0),
            met: Some(mean < 0.002),
        }
    }

    #[test]
    fn values_keep_sweep_order_and_metrics_their_panels() {
        let rows = [
            row("Middle.5", 500.0, "flow", "a", "loss", 0.3),
            row("Middle.5", 500.0, "connection", "c", "availability", 1.0),
            row("Large.1", 1000.0, "flow", "a", "loss", 0.0),
            row("Large.1", 1000.0, "connection", "c", "availability", 1.0),
        ];
        let d = SweepData::new(&rows);
        assert_eq!(d.values.labels, ["Middle.5", "Large.1"]);
        assert_eq!(d.values.x, [500.0, 1000.0]);
        assert_eq!(d.subjects.len(), 2);
        assert_eq!(
            (d.subjects[0].kind.as_str(), d.subjects[0].color),
            ("flow", 0)
        );
        let loss = &d.panels[0];
        assert_eq!(loss.target, 0.2);
        assert_eq!(loss.series.len(), 1);
        let p = loss.series[0].points[0];
        assert!((p.mean - 30.0).abs() < 1e-9 && !p.met);
        assert_eq!(loss.series[0].points[1].at, 1);
        assert!(loss.all_met_at(1) && !loss.all_met_at(0));
        assert!(d.panels[1].series[0].points.is_empty(), "no jitter rows");
        assert_eq!(d.panels[3].series[0].subject, 1);
    }

    #[test]
    fn missing_means_are_skipped() {
        let mut r = row("Large.1", 1000.0, "flow", "a", "loss", 0.1);
        r.mean = None;
        let d = SweepData::new(&[r]);
        assert!(d.panels[0].series[0].points.is_empty());
    }
}
