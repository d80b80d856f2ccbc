//! Regression check: compare a fresh summary with a stored one. A regression is a verdict that
//! flips, a flow or connection that disappears, or a metric that moved both beyond what the
//! two 95% confidence intervals allow (they no longer overlap) and beyond a tolerance, so
//! that a shift too small to matter is not flagged however narrow the intervals are.

use serde_json::Value;
use std::fmt;

/// The metrics compared, as JSON paths inside a flow or connection entry.
pub const FLOW_METRICS: &[&str] = &[
    "loss",
    "jitter",
    "encap_success",
    "availability",
    "delay_ms.mean",
    "delay_ms.p99",
];
pub const CONNECTION_METRICS: &[&str] = &["availability", "utilization"];

/// How far a metric may move before it counts: absolute in the metric's unit (shares as
/// fractions, delays in ms) or relative to the baseline's mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Allowance {
    Absolute(f64),
    Relative(f64),
}

/// The tolerance of every metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Tolerance {
    /// Applies to every metric.
    pub relative: f64,
    /// Per metric path (e.g. "loss", "delay_ms.mean"): absolute or relative allowances.
    pub per_metric: Vec<(String, Allowance)>,
}

impl Default for Tolerance {
    /// 1% of the baseline's mean, and at least: 0.0001 of loss and encapsulation success
    /// (0.01 points), 0.005 of jitter (0.5 points), 0.00001 of availability (26 s a month),
    /// 0.01 of utilization, 0.001 ms (1 µs) of delays.
    fn default() -> Self {
        let abs = |m: &str, v| (m.to_string(), Allowance::Absolute(v));
        Tolerance {
            relative: 0.01,
            per_metric: vec![
                abs("loss", 1e-4),
                abs("encap_success", 1e-4),
                abs("jitter", 5e-3),
                abs("availability", 1e-5),
                abs("utilization", 1e-2),
                abs("delay_ms.mean", 1e-3),
                abs("delay_ms.p99", 1e-3),
            ],
        }
    }
}

impl Tolerance {
    /// Applies one `--tolerance` item: `5%` (every metric, relative), `METRIC=0.001`
    /// (absolute, in the metric's unit) or `METRIC=2%` (relative).
    pub fn apply(&mut self, item: &str) -> Result<(), String> {
        let (metric, value) = match item.split_once('=') {
            Some((m, v)) => (Some(m.trim()), v.trim()),
            None => (None, item.trim()),
        };
        let allowance = match value.strip_suffix('%') {
            Some(p) => Allowance::Relative(number(p, item)? / 100.0),
            None => Allowance::Absolute(number(value, item)?),
        };
        match (metric, allowance) {
            (None, Allowance::Relative(r)) => self.relative = r,
            (None, Allowance::Absolute(_)) => {
                return Err(format!(
                    "--tolerance {item}: a tolerance for every metric is relative, e.g. 2%; give an absolute one per metric, e.g. loss=0.0001"
                ));
            }
            (Some(m), a) => {
                let known: Vec<&str> = FLOW_METRICS
                    .iter()
                    .chain(CONNECTION_METRICS)
                    .copied()
                    .collect();
                if !known.contains(&m) {
                    return Err(format!(
                        "--tolerance {item}: unknown metric \"{m}\"; metrics are {}",
                        known.join(", ")
                    ));
                }
                self.per_metric.retain(|(k, _)| k != m);
                self.per_metric.push((m.to_string(), a));
            }
        }
        Ok(())
    }

    /// The largest change of `metric` from `base` that is not a regression.
    pub fn allowed(&self, metric: &str, base: f64) -> f64 {
        let mut allowed = self.relative * base.abs();
        for (m, a) in &self.per_metric {
            if m == metric {
                allowed = allowed.max(match a {
                    Allowance::Absolute(v) => *v,
                    Allowance::Relative(r) => r * base.abs(),
                });
            }
        }
        allowed
    }
}

fn number(s: &str, item: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| format!("--tolerance {item}: \"{s}\" is not a non-negative number"))
}

/// One difference that counts as a regression.
#[derive(Debug, Clone, PartialEq)]
pub struct Regression {
    pub subject: String,
    pub what: String,
}

impl fmt::Display for Regression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.what)
    }
}

fn get<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn interval(m: &Value) -> Option<(f64, f64, f64)> {
    let mean = m.get("mean")?.as_f64()?;
    let ci = m.get("ci95")?.as_array()?;
    Some((mean, ci.first()?.as_f64()?, ci.get(1)?.as_f64()?))
}

/// How a metric's value reads on screen: the same as in `run`'s table.
pub fn show(metric: &str, v: f64) -> String {
    super::terminal::metric(metric, v)
}

/// Differences that count as regressions; empty when none.
pub fn regressions(baseline: &Value, current: &Value, tol: &Tolerance) -> Vec<Regression> {
    let mut out = Vec::new();
    if baseline.get("verdict") != current.get("verdict") {
        out.push(Regression {
            subject: "scenario".into(),
            what: format!(
                "verdict {} → {}",
                baseline["verdict"].as_str().unwrap_or("?"),
                current["verdict"].as_str().unwrap_or("?")
            ),
        });
    }
    compare(baseline, current, "flows", FLOW_METRICS, tol, &mut out);
    compare(
        baseline,
        current,
        "connections",
        CONNECTION_METRICS,
        tol,
        &mut out,
    );
    out
}

fn compare(
    baseline: &Value,
    current: &Value,
    section: &str,
    metrics: &[&str],
    tol: &Tolerance,
    out: &mut Vec<Regression>,
) {
    let empty = Vec::new();
    let cur = current
        .get(section)
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let what = &section[..section.len() - 1];
    for b in baseline
        .get(section)
        .and_then(Value::as_array)
        .unwrap_or(&empty)
    {
        let name = b.get("name").and_then(Value::as_str).unwrap_or("?");
        let subject = format!("{what} {}", crate::report::safe(name));
        let Some(c) = cur
            .iter()
            .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
        else {
            out.push(Regression {
                subject,
                what: "missing from the current run".into(),
            });
            continue;
        };
        if b.get("verdict") != c.get("verdict") {
            out.push(Regression {
                subject: subject.clone(),
                what: format!(
                    "verdict {} → {}",
                    b["verdict"].as_str().unwrap_or("?"),
                    c["verdict"].as_str().unwrap_or("?")
                ),
            });
        }
        for path in metrics {
            let (Some(bm), Some(cm)) = (
                get(b, path).and_then(interval),
                get(c, path).and_then(interval),
            ) else {
                continue;
            };
            let disjoint = bm.2 < cm.1 || cm.2 < bm.1;
            if disjoint && (cm.0 - bm.0).abs() > tol.allowed(path, bm.0) {
                out.push(Regression {
                    subject: subject.clone(),
                    what: format!(
                        "{path} moved from {} [{}, {}] to {} [{}, {}]",
                        show(path, bm.0),
                        show(path, bm.1),
                        show(path, bm.2),
                        show(path, cm.0),
                        show(path, cm.1),
                        show(path, cm.2),
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn summary(verdict: &str, loss: f64, lo: f64, hi: f64) -> Value {
        json!({ "verdict": verdict, "flows": [ { "name": "f", "verdict": verdict, "loss": { "mean": loss, "ci95": [lo, hi] } } ], "connections": [] })
    }

    #[test]
    fn overlapping_intervals_are_not_a_regression() {
        assert!(
            regressions(
                &summary("pass", 0.001, 0.0008, 0.0012),
                &summary("pass", 0.0011, 0.0009, 0.0013),
                &Tolerance::default()
            )
            .is_empty()
        );
    }

    #[test]
    fn disjoint_intervals_and_flipped_verdicts_are_named() {
        let r = regressions(
            &summary("pass", 0.001, 0.0008, 0.0012),
            &summary("fail", 0.003, 0.0025, 0.0035),
            &Tolerance::default(),
        );
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(r[1].to_string(), "flow f: verdict pass → fail");
        assert!(
            r[2].to_string()
                .starts_with("flow f: loss moved from 0.1000%"),
            "{r:?}"
        );
    }

    #[test]
    fn a_shift_inside_the_tolerance_is_not_a_regression_however_narrow_the_intervals() {
        let delay = |m: f64| json!({ "verdict": "pass", "flows": [ { "name": "f", "verdict": "pass", "delay_ms": { "mean": { "mean": m, "ci95": [m - 1e-6, m + 1e-6] } } } ], "connections": [] });
        // 13 µs on a 10 ms path: within 1%.
        assert!(regressions(&delay(10.0), &delay(10.013), &Tolerance::default()).is_empty());
        let mut strict = Tolerance::default();
        strict.apply("0%").unwrap();
        strict.apply("delay_ms.mean=0.001").unwrap();
        assert_eq!(regressions(&delay(10.0), &delay(10.013), &strict).len(), 1);
    }

    #[test]
    fn tolerance_items_parse_or_say_why_not() {
        let mut t = Tolerance::default();
        t.apply("2%").unwrap();
        assert_eq!(t.relative, 0.02);
        t.apply("loss=0.001").unwrap();
        assert!(
            t.apply("lost=0.001")
                .unwrap_err()
                .contains("unknown metric")
        );
        assert!(t.apply("0.5").unwrap_err().contains("relative"));
        assert!(t.apply("loss=-1").is_err());
    }

    #[test]
    fn a_vanished_flow_is_a_regression() {
        let cur = json!({ "verdict": "pass", "flows": [], "connections": [] });
        assert_eq!(
            regressions(&summary("pass", 0.0, 0.0, 0.0), &cur, &Tolerance::default())
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>(),
            vec!["flow f: missing from the current run".to_string()]
        );
    }
}
