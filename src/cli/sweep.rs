//! `run` on a scenario with [sweep]: one Monte Carlo per value; sweep.csv, a summary with the
//! capacity answer, the sweep plot, and each value's own outputs (with their plots) under
//! sweep/<k>_<value>/.

use super::failed;
use super::progress::Progress;
use super::run::RunOptions;
use crate::model::sweep::SweptParameter;
use crate::report::summary::SweepSummary;
use crate::sla::judge::{FlowVerdict, Verdict};
use crate::study::output::guard;
use crate::study::{Design, SweepStudy};
use std::fmt::Write;
use std::path::Path;

/// Runs the design's sweep into `out` and prints the table and the answer.
pub fn run(design: &Design, opts: &RunOptions, out: &Path) -> u8 {
    let mut study = SweepStudy::new(design);
    study.replications = opts.replications;
    study.seed = opts.seed;
    study.threads = opts.threads;
    study.limits = opts.limits;
    let progress = Progress::new(design.name()).with_parts("value");
    let result = study.execute_into(out, &guard(design, opts.force, &[]), &progress);
    progress.finish();
    let result = match result {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let Some(sweep) = &design.network.sweep else {
        return 0;
    };
    print!("{}", render(sweep, &result.summary));
    println!("outputs: {}", out.display());
    if result.summary.verdict == Verdict::Pass {
        0
    } else {
        1
    }
}

/// A share as a percentage, "-" when nothing measured it.
fn share(x: f64, width: usize, decimals: usize) -> String {
    if x.is_finite() {
        format!("{:>w$.decimals$}%", x * 100.0, w = width - 1)
    } else {
        format!("{:>width$}", "-")
    }
}

fn render(sweep: &SweptParameter, summary: &SweepSummary) -> String {
    let points = &summary.sweep.points;
    let (answer, headroom) = (summary.capacity.as_ref(), summary.headroom.as_ref());
    let mut o = String::new();
    let w = points
        .iter()
        .map(|p| p.value.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(o, "sweep of {}", sweep.parameter);
    let _ = writeln!(
        o,
        "{:w$}  {:>7}  {:>10}  {:>10}  {:>12}  {:>10}",
        "value", "verdict", "worst loss", "worst jit", "min avail", "cost/day"
    );
    for p in points {
        let worst = |f: &dyn Fn(&FlowVerdict) -> Option<f64>| {
            p.flows.iter().filter_map(f).fold(f64::NAN, f64::max)
        };
        let loss = worst(&|f| f.loss.map(|m| m.mean));
        let jit = worst(&|f| f.jitter.map(|m| m.mean));
        let avail = p
            .connections
            .iter()
            .filter_map(|c| c.availability.map(|m| m.mean))
            .chain(
                p.flows
                    .iter()
                    .filter_map(|f| f.availability.map(|m| m.mean)),
            )
            .fold(f64::NAN, f64::min);
        let v = if p.verdict == Verdict::Pass {
            "PASS"
        } else {
            "FAIL"
        };
        let cost = p
            .cost_per_day
            .map_or("-".into(), crate::report::terminal::money);
        let _ = writeln!(
            o,
            "{:w$}  {:>7}  {}  {}  {}  {:>10}",
            crate::report::safe(&p.value),
            v,
            share(loss, 10, 4),
            share(jit, 10, 2),
            share(avail, 12, 4),
            cost
        );
    }
    match answer {
        Some(a) => {
            let _ = writeln!(
                o,
                "\nsmallest {} meeting every target: {} ({} Mbps){}",
                a.parameter,
                a.smallest,
                a.bandwidth_mbps,
                a.cost_per_day.map_or(String::new(), |c| {
                    format!(", {} per day", crate::report::terminal::money(c))
                })
            );
        }
        None if sweep.target.sized_connection().is_some() => {
            let _ = writeln!(o, "\nno swept value meets every target");
        }
        None => {}
    }
    match headroom {
        Some(h) => {
            let _ =
                writeln!(
                    o,
                    "\nlargest {} meeting every target: {}{}",
                    h.parameter,
                    crate::report::safe(&h.largest),
                    h.first_failing.as_ref().map_or(
                        " (every value tried)".to_string(),
                        |f| format!(" ({} misses a target)", crate::report::safe(f))
                    )
                );
        }
        None if sweep.target.grows_load() => {
            let _ = writeln!(o, "\nthe smallest swept value already misses a target");
        }
        None => {}
    }
    o
}
