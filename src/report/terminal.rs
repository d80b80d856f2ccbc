//! The compact verdict table printed after a run. Every share is printed the same way
//! everywhere (`run`, `merge`, `check`, `compare`): a percentage with its decimals fixed per
//! metric; names are escaped so a name cannot rewrite the screen.

use super::safe;
use crate::sla::judge::{Compliance, Metric, SlaReport, Verdict};
use std::fmt::Write;

/// A share as a percentage with `decimals` decimals; "-" when not measured.
pub fn pct(m: Option<Metric>, decimals: usize) -> String {
    m.map_or("-".into(), |m| format!("{:.decimals$}%", m.mean * 100.0))
}

fn ms(m: Option<Metric>) -> String {
    m.map_or("-".into(), |m| format!("{:.3}", m.mean))
}

/// The compliance share; "!" marks a target missed, "-" one not measured.
fn mark(c: &Option<Compliance>) -> String {
    c.map_or("-".into(), |c| {
        format!("{}{:.0}%", if c.met { "" } else { "!" }, c.share * 100.0)
    })
}

fn verdict(v: Verdict) -> &'static str {
    v.word()
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
    let mut o = String::new();
    let w = r
        .flows
        .iter()
        .map(|f| safe(&f.name).chars().count())
        .chain(r.connections.iter().map(|c| safe(&c.name).chars().count()))
        .max()
        .unwrap_or(4)
        .max(10);
    let _ = writeln!(
        o,
        "{:w$}  {:>4}  {:>9} {:>5}  {:>8} {:>5}  {:>9} {:>5}  {:>10} {:>5}  {:>8} {:>8}",
        "flow", "", "loss", "ok", "jitter", "ok", "encap", "ok", "avail", "ok", "mean ms", "p99 ms"
    );
    for f in &r.flows {
        let c = &f.compliance;
        let _ = writeln!(
            o,
            "{:w$}  {:>4}  {:>9} {:>5}  {:>8} {:>5}  {:>9} {:>5}  {:>10} {:>5}  {:>8} {:>8}",
            safe(&f.name),
            verdict(f.verdict),
            pct(f.loss, 3),
            mark(&c.loss),
            pct(f.jitter, 2),
            mark(&c.jitter),
            pct(f.encap_success, 3),
            mark(&c.encap_success),
            pct(f.availability, 4),
            mark(&c.availability),
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
            "\n{:w$}  {:>4}  {:>10} {:>5}  {:>11}",
            "connection", "", "avail", "ok", "utilization"
        );
        for c in &r.connections {
            let _ = writeln!(
                o,
                "{:w$}  {:>4}  {:>10} {:>5}  {:>11}",
                safe(&c.name),
                verdict(c.verdict),
                pct(c.availability, 4),
                mark(&c.compliance.availability),
                pct(c.utilization, 2)
            );
        }
    }
    let _ = writeln!(o, "\nverdict: {}", verdict(r.verdict));
    o
}
