//! The compact verdict table printed after a run.

use crate::sla::judge::{Compliance, Metric, SlaReport, Verdict};
use std::fmt::Write;

fn pct(m: Option<Metric>) -> String {
    m.map_or("-".into(), |m| format!("{:.3}%", m.mean * 100.0))
}

fn ms(m: Option<Metric>) -> String {
    m.map_or("-".into(), |m| format!("{:.3}", m.mean))
}

fn mark(c: &Compliance) -> String {
    format!("{}{:.0}%", if c.met { "" } else { "!" }, c.share * 100.0)
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "PASS",
        Verdict::Fail => "FAIL",
    }
}

/// Renders flows and connections with means and compliance shares ("!" marks a missed target).
pub fn render(r: &SlaReport) -> String {
    let mut o = String::new();
    let w = r
        .flows
        .iter()
        .map(|f| f.name.len())
        .chain(r.connections.iter().map(|c| c.name.len()))
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        o,
        "{:w$}  {:>4}  {:>9} {:>6}  {:>9} {:>6}  {:>9} {:>6}  {:>9} {:>9}",
        "flow", "", "loss", "ok", "jitter", "ok", "encap", "ok", "mean ms", "p99 ms"
    );
    for f in &r.flows {
        let c = &f.compliance;
        let _ = writeln!(
            o,
            "{:w$}  {:>4}  {:>9} {:>6}  {:>9} {:>6}  {:>9} {:>6}  {:>9} {:>9}",
            f.name,
            verdict(f.verdict),
            pct(f.loss),
            mark(&c.loss),
            pct(f.jitter),
            mark(&c.jitter),
            pct(f.encap_success),
            mark(&c.encap_success),
            ms(f.delay_ms.mean),
            ms(f.delay_ms.p99)
        );
    }
    if !r.connections.is_empty() {
        let _ = writeln!(
            o,
            "\n{:w$}  {:>4}  {:>12} {:>6}  {:>11}",
            "connection", "", "availability", "ok", "utilization"
        );
        for c in &r.connections {
            let _ = writeln!(
                o,
                "{:w$}  {:>4}  {:>12} {:>6}  {:>11}",
                c.name,
                verdict(c.verdict),
                c.availability
                    .map_or("-".into(), |m| format!("{:.4}%", m.mean * 100.0)),
                mark(&c.compliance.availability),
                pct(c.utilization)
            );
        }
    }
    let _ = writeln!(o, "\nverdict: {}", verdict(r.verdict));
    o
}
