//! Regression check: compare a fresh summary with a stored one. A regression is a verdict that
//! flips, a flow or connection that disappears, or a metric whose mean moved outside what the
//! two 95% confidence intervals allow (the intervals no longer overlap).

use serde_json::Value;

/// The metrics compared, as JSON paths inside a flow or connection entry.
const FLOW_METRICS: &[&[&str]] = &[
    &["loss"],
    &["jitter"],
    &["encap_success"],
    &["delay_ms", "mean"],
    &["delay_ms", "p99"],
];
const CONNECTION_METRICS: &[&[&str]] = &[&["availability"], &["utilization"]];

fn get<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

fn interval(m: &Value) -> Option<(f64, f64, f64)> {
    let mean = m.get("mean")?.as_f64()?;
    let ci = m.get("ci95")?.as_array()?;
    Some((mean, ci.first()?.as_f64()?, ci.get(1)?.as_f64()?))
}

/// Differences that count as regressions, one line each; empty when none.
pub fn regressions(baseline: &Value, current: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if baseline.get("verdict") != current.get("verdict") {
        out.push(format!(
            "scenario verdict {} → {}",
            baseline["verdict"], current["verdict"]
        ));
    }
    compare(baseline, current, "flows", FLOW_METRICS, &mut out);
    compare(
        baseline,
        current,
        "connections",
        CONNECTION_METRICS,
        &mut out,
    );
    out
}

fn compare(
    baseline: &Value,
    current: &Value,
    section: &str,
    metrics: &[&[&str]],
    out: &mut Vec<String>,
) {
    let empty = Vec::new();
    let cur = current
        .get(section)
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    for b in baseline
        .get(section)
        .and_then(Value::as_array)
        .unwrap_or(&empty)
    {
        let name = b.get("name").and_then(Value::as_str).unwrap_or("?");
        let what = &section[..section.len() - 1];
        let Some(c) = cur
            .iter()
            .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
        else {
            out.push(format!("{what} {name}: missing from the current run"));
            continue;
        };
        if b.get("verdict") != c.get("verdict") {
            out.push(format!(
                "{what} {name}: verdict {} → {}",
                b["verdict"], c["verdict"]
            ));
        }
        for path in metrics {
            let (Some(bm), Some(cm)) = (
                get(b, path).and_then(interval),
                get(c, path).and_then(interval),
            ) else {
                continue;
            };
            if bm.2 < cm.1 || cm.2 < bm.1 {
                out.push(format!(
                    "{what} {name}: {} moved from {:.6} [{:.6}, {:.6}] to {:.6} [{:.6}, {:.6}] (intervals do not overlap)",
                    path.join("."), bm.0, bm.1, bm.2, cm.0, cm.1, cm.2
                ));
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
                &summary("pass", 0.0011, 0.0009, 0.0013)
            )
            .is_empty()
        );
    }

    #[test]
    fn disjoint_intervals_and_flipped_verdicts_are_named() {
        let r = regressions(
            &summary("pass", 0.001, 0.0008, 0.0012),
            &summary("fail", 0.003, 0.0025, 0.0035),
        );
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(
            r[1].contains("flow f: verdict \"pass\" → \"fail\""),
            "{r:?}"
        );
        assert!(r[2].contains("flow f: loss moved from"), "{r:?}");
    }

    #[test]
    fn a_vanished_flow_is_a_regression() {
        let cur = json!({ "verdict": "pass", "flows": [], "connections": [] });
        assert_eq!(
            regressions(&summary("pass", 0.0, 0.0, 0.0), &cur),
            vec!["flow f: missing from the current run".to_string()]
        );
    }
}
