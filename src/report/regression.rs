//! How far a metric may move before a comparison (`check`, `compare`) counts it: a metric
//! changes only when it moved both beyond what the two 95% confidence intervals allow (they no
//! longer overlap) and beyond a tolerance, so that a shift too small to matter is not flagged
//! however narrow the intervals are.

use super::compare::metric_names;

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
    /// 1% of the baseline's mean (of its shortfall from 1 for availability and encapsulation
    /// success, see [`Tolerance::allowed`]), and at least: 0.0001 of loss and encapsulation success
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
                let known = metric_names();
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
    ///
    /// A relative tolerance is taken of what the metric measures: for availability and
    /// encapsulation success, shares that sit near 1 and are judged by how far they fall
    /// short of it, that is the shortfall `1 − base`. 1% of 99.99% availability is then
    /// 0.0001 points (about 3 s a month more downtime), not a whole point (7 h).
    pub fn allowed(&self, metric: &str, base: f64) -> f64 {
        let of = relative_base(metric, base);
        let mut allowed = self.relative * of;
        for (m, a) in &self.per_metric {
            if m == metric {
                allowed = allowed.max(match a {
                    Allowance::Absolute(v) => *v,
                    Allowance::Relative(r) => r * of,
                });
            }
        }
        allowed
    }
}

/// What a relative tolerance of `metric` is a share of: the shortfall from 1 for shares
/// judged near 1, the value itself for everything else.
fn relative_base(metric: &str, base: f64) -> f64 {
    match metric {
        "availability" | "encap_success" => (1.0 - base).abs(),
        _ => base.abs(),
    }
}

fn number(s: &str, item: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| format!("--tolerance {item}: \"{s}\" is not a non-negative number"))
}

/// How a metric's value reads on screen: the same as in `run`'s table.
pub fn show(metric: &str, v: f64) -> String {
    super::terminal::metric(metric, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_items_parse_or_say_why_not() {
        let mut t = Tolerance::default();
        t.apply("2%").unwrap();
        assert_eq!(t.relative, 0.02);
        t.apply("loss=0.001").unwrap();
        assert_eq!(t.allowed("loss", 0.0), 0.001);
        assert!(
            t.apply("lost=0.001")
                .unwrap_err()
                .contains("unknown metric")
        );
        assert!(t.apply("0.5").unwrap_err().contains("relative"));
        assert!(t.apply("loss=-1").is_err());
    }

    #[test]
    fn a_relative_tolerance_of_a_share_near_one_is_taken_of_its_shortfall() {
        let t = Tolerance::default();
        // 99.99% available: 1% of the 0.01% shortfall is below the 0.00001 floor.
        assert_eq!(t.allowed("availability", 0.9999), 1e-5);
        // 90% available: 1% of the 10% shortfall.
        assert!((t.allowed("availability", 0.9) - 1e-3).abs() < 1e-12);
        assert!((t.allowed("encap_success", 0.98) - 2e-4).abs() < 1e-12);
        let mut five = Tolerance::default();
        five.apply("availability=5%").unwrap();
        assert!((five.allowed("availability", 0.99) - 5e-4).abs() < 1e-12);
        // Loss is near 0: relative to itself.
        assert!((t.allowed("loss", 0.5) - 5e-3).abs() < 1e-12);
    }

    #[test]
    fn the_allowance_is_the_larger_of_relative_and_absolute() {
        let t = Tolerance::default();
        assert_eq!(t.allowed("delay_ms.mean", 10.0), 0.1);
        assert_eq!(t.allowed("delay_ms.mean", 0.01), 1e-3);
    }
}
