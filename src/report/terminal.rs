//! The compact verdict table printed after a run. Every share is printed the same way
//! everywhere (`run`, `merge`, `check`, `compare`): a percentage with its decimals fixed per
//! metric; names are escaped so a name cannot rewrite the screen.

use super::safe;
use crate::sla::judge::{Compliance, Metric, SlaReport, Verdict};
use std::fmt::Write;

/// Decimals of each share metric on screen, the same in every command.
fn decimals(metric: &str) -> usize {
    match metric {
        "jitter" | "utilization" => 2,
        "encap_success" => 3,
        _ => 4,
    }
}

/// One value of `metric` as every command prints it: shares as percentages with the
/// metric's decimals, delays (`delay_ms.*`) in milliseconds with three.
pub fn metric(metric: &str, v: f64) -> String {
    if !v.is_finite() {
        "-".into()
    } else if metric.starts_with("delay_ms") {
        format!("{v:.3} ms")
    } else {
        format!("{:.*}%", decimals(metric), v * 100.0)
    }
}

/// A share metric's mean as [`metric`] prints it; "-" when not measured.
pub fn pct(name: &str, m: Option<Metric>) -> String {
    m.map_or("-".into(), |m| metric(name, m.mean))
}

fn ms(m: Option<Metric>) -> String {
    m.map_or("-".into(), |m| format!("{:.3}", m.mean))
}

/// The compliance share; "!" marks a target missed, "-" one not measured, "·" a metric
/// that is no target (shown, not judged).
fn mark(c: &Option<Compliance>, target: Option<f64>) -> String {
    if target.is_none() {
        return NO_TARGET.into();
    }
    c.map_or("-".into(), |c| {
        format!("{}{:.0}%", if c.met { "" } else { "!" }, c.share * 100.0)
    })
}

/// What the "ok" column shows for a metric that is no target.
const NO_TARGET: &str = "·";

fn verdict(v: Verdict) -> &'static str {
    v.word()
}

/// An amount of money with two decimals; an amount that rounds to zero is "0.00", never
/// "-0.00".
pub fn money(x: f64) -> String {
    let cents = (x * 100.0).round();
    if cents == 0.0 {
        "0.00".into()
    } else {
        format!("{:.2}", cents / 100.0)
    }
}

/// "1 flow", "2 flows".
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Renders flows and connections with means and compliance shares ("!" marks a missed target).
pub fn render(r: &SlaReport) -> String {
    render_parts(r.verdict, &r.flows, &r.connections)
}

/// [`render`] of a run's summary.json.
pub fn render_summary(s: &crate::report::Summary) -> String {
    render_parts(s.verdict, &s.flows, &s.connections)
}

fn render_parts(
    verdict_of_all: Verdict,
    flows: &[crate::sla::judge::FlowVerdict],
    connections: &[crate::sla::judge::ConnectionVerdict],
) -> String {
    let r = Parts { flows, connections };
    let mut o = String::new();
    let w = r
        .flows
        .iter()
        .map(|f| safe(&f.name).chars().count())
        .chain(r.connections.iter().map(|c| safe(&c.name).chars().count()))
        .max()
        .unwrap_or(4)
        .max(10);
    // The verdict column: as wide as its widest word ("PASS" and "FAIL" are 4).
    let v = r
        .flows
        .iter()
        .map(|f| f.verdict.word().len())
        .chain(r.connections.iter().map(|c| c.verdict.word().len()))
        .max()
        .unwrap_or(4);
    let _ = writeln!(
        o,
        "{:w$}  {:>v$}  {:>9} {:>5}  {:>8} {:>5}  {:>9} {:>5}  {:>10} {:>5}  {:>8} {:>8}",
        "flow", "", "loss", "ok", "jitter", "ok", "encap", "ok", "avail", "ok", "mean ms", "p99 ms"
    );
    for f in r.flows {
        let c = &f.compliance;
        let _ = writeln!(
            o,
            "{:w$}  {:>v$}  {:>9} {:>5}  {:>8} {:>5}  {:>9} {:>5}  {:>10} {:>5}  {:>8} {:>8}",
            safe(&f.name),
            verdict(f.verdict),
            pct("loss", f.loss),
            mark(&c.loss, f.targets.max_loss),
            pct("jitter", f.jitter),
            mark(&c.jitter, f.targets.max_jitter),
            pct("encap_success", f.encap_success),
            mark(&c.encap_success, f.targets.min_encap_success),
            pct("availability", f.availability),
            mark(&c.availability, f.targets.min_availability),
            ms(f.delay_ms.mean),
            ms(f.delay_ms.p99)
        );
    }
    for f in r.flows.iter().filter(|f| f.blocked_reason.is_some()) {
        let _ = writeln!(
            o,
            "  {} is blocked: {}",
            safe(&f.name),
            safe(f.blocked_reason.as_deref().unwrap_or(""))
        );
    }
    if !r.connections.is_empty() {
        let _ = writeln!(
            o,
            "\n{:w$}  {:>v$}  {:>10} {:>5}  {:>11}",
            "connection", "", "avail", "ok", "utilization"
        );
        for c in r.connections {
            let _ = writeln!(
                o,
                "{:w$}  {:>v$}  {:>10} {:>5}  {:>11}",
                safe(&c.name),
                verdict(c.verdict),
                pct("availability", c.availability),
                mark(&c.compliance.availability, c.targets.min_availability),
                pct("utilization", c.utilization)
            );
        }
    }
    let untargeted = r.flows.iter().any(|f| {
        crate::sla::metric::SlaMetric::ALL
            .iter()
            .any(|m| f.targets.get(*m).is_none())
    }) || r
        .connections
        .iter()
        .any(|c| c.targets.min_availability.is_none());
    if untargeted {
        let _ = writeln!(
            o,
            "\nok {NO_TARGET}: not a target of the products on that path (shown, not judged)"
        );
    }
    let _ = writeln!(o, "\nverdict: {}", verdict(verdict_of_all));
    o
}

/// The flows and connections a table shows.
struct Parts<'a> {
    flows: &'a [crate::sla::judge::FlowVerdict],
    connections: &'a [crate::sla::judge::ConnectionVerdict],
}

/// The design's cost per day in one line: the total and what it is made of, or why it is
/// unknown.
pub fn cost_line(c: &crate::plan::cost::Cost) -> String {
    let cur = safe(&c.currency);
    let free = c.items.iter().filter(|i| i.per_day == Some(0.0)).count();
    match c.per_day {
        Some(total) => {
            let mut billed: Vec<_> = c
                .items
                .iter()
                .filter(|i| i.per_day.is_some_and(|p| p > 0.0))
                .collect();
            billed.sort_by(|a, b| {
                b.per_day
                    .partial_cmp(&a.per_day)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            let mut parts: Vec<String> = billed
                .iter()
                .take(3)
                .map(|i| format!("{} {}", safe(&i.item), money(i.per_day.unwrap_or(0.0))))
                .collect();
            if billed.len() > 3 {
                parts.push(format!("{} more", billed.len() - 3));
            }
            if free > 0 {
                parts.push(format!("{free} free"));
            }
            let detail = if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            };
            format!("cost: {} {cur} per day{detail}\n", money(total))
        }
        None => {
            let unpriced: Vec<_> = c.unpriced().collect();
            let first = unpriced[0];
            let more = match unpriced.len() {
                1 => String::new(),
                n => format!(" and {}", count(n - 1, "more item")),
            };
            format!(
                "cost: unknown: no price for {}{more}: {}\n",
                safe(&first.item),
                safe(&first.basis)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cost_of_nothing_is_never_negative_zero() {
        assert_eq!(money(-0.0), "0.00");
        assert_eq!(money(-0.001), "0.00");
        assert_eq!(money(5.586), "5.59");
        assert_eq!(money(-2.5), "-2.50");
    }
}
