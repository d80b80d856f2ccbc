//! `run` on a scenario with [sweep]: one Monte Carlo per value; sweep.csv, a summary with the
//! capacity answer, the sweep plot, and each value's own outputs (with their plots) under
//! sweep/<k>_<value>/.

use super::EXIT_BAD_INPUT;
use super::run::{stats, write_tables};
use crate::model::Network;
use crate::model::sweep::Sweep;
use crate::plan::{CapacityAnswer, capacity, rows, run as run_sweep};
use crate::report::plots::{SweepMeta, draw_sweep};
use crate::report::summary::Targets;
use crate::report::{Summary, sanitize_name, tables, write_atomic};
use crate::sla::judge::{ConnectionVerdict, FlowVerdict, Verdict};
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

#[derive(Serialize)]
struct PointSummary {
    value: String,
    x: f64,
    unit: String,
    verdict: Verdict,
    cost_per_day: Option<f64>,
    flows: Vec<FlowVerdict>,
    connections: Vec<ConnectionVerdict>,
}

#[derive(Serialize)]
struct SweepInfo {
    parameter: String,
    points: Vec<PointSummary>,
}

#[derive(Serialize)]
struct SweepSummary {
    scenario: String,
    seed: u64,
    replications: u64,
    version: String,
    sla: Targets,
    /// "pass" when at least one value meets every target.
    verdict: Verdict,
    sweep: SweepInfo,
    capacity: Option<CapacityAnswer>,
    stats: crate::report::Stats,
}

pub fn run(net: &Network, sweep: &Sweep, seed: u64, reps: u32, threads: usize, out: &Path) -> u8 {
    let wall = std::time::Instant::now();
    let bar = super::progress::bar(reps as u64 * sweep.values.len() as u64);
    let points = run_sweep(net, sweep, seed, reps, threads, &|| bar.inc(1));
    bar.finish_and_clear();
    let wall_s = wall.elapsed().as_secs_f64();
    for (k, p) in points.iter().enumerate() {
        let dir = out
            .join("sweep")
            .join(format!("{k}_{}", sanitize_name(&p.label)));
        let summary = Summary::new(
            &net.name,
            seed,
            reps as u64,
            &net.sla,
            p.report.clone(),
            stats(p.events, 0.0),
        );
        let json = serde_json::to_vec_pretty(&summary).unwrap_or_default();
        if let Err(e) = write_tables(&dir, &p.tables)
            .and_then(|_| write_atomic(&dir.join("summary.json"), &json))
        {
            eprintln!("error: cannot write {}: {e}", dir.display());
            return EXIT_BAD_INPUT;
        }
        super::plot::after_run(&dir, &p.tables, &summary.sla);
    }
    let table = rows(net, &points);
    let csv = match tables::to_csv(&table, &[]) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    let answer = capacity(net, sweep, &points);
    let any_pass = points.iter().any(|p| p.report.verdict == Verdict::Pass);
    let events = points.iter().map(|p| p.events).sum();
    print!("{}", render(sweep, &points, answer.as_ref()));
    let summary = SweepSummary {
        scenario: net.name.clone(),
        seed,
        replications: reps as u64,
        version: env!("CARGO_PKG_VERSION").into(),
        sla: Targets::from(&net.sla),
        verdict: if any_pass {
            Verdict::Pass
        } else {
            Verdict::Fail
        },
        sweep: SweepInfo {
            parameter: sweep.parameter.clone(),
            points: points
                .iter()
                .map(|p| PointSummary {
                    value: p.label.clone(),
                    x: p.value.numeric(),
                    unit: p.value.unit().into(),
                    verdict: p.report.verdict,
                    cost_per_day: p.cost_per_day,
                    flows: p.report.flows.clone(),
                    connections: p.report.connections.clone(),
                })
                .collect(),
        },
        capacity: answer,
        stats: stats(events, wall_s),
    };
    let json = serde_json::to_vec_pretty(&summary).unwrap_or_default();
    if let Err(e) = write_atomic(&out.join("sweep.csv"), &csv)
        .and_then(|_| write_atomic(&out.join("summary.json"), &json))
    {
        eprintln!("error: cannot write {}: {e}", out.display());
        return EXIT_BAD_INPUT;
    }
    // Drawn from what sweep.csv and summary.json hold, so `vpcsim plot` redraws the same file.
    let meta = SweepMeta {
        parameter: summary.sweep.parameter,
        replications: summary.replications,
        targets: summary.sla,
        smallest: summary.capacity.map(|a| a.smallest),
    };
    if let Err(e) = draw_sweep(out, &table, &meta) {
        eprintln!("warning: sweep plot not drawn: {e}");
    }
    println!("outputs: {}", out.display());
    if any_pass { 0 } else { 1 }
}

fn render(
    sweep: &Sweep,
    points: &[crate::plan::SweepPoint],
    answer: Option<&CapacityAnswer>,
) -> String {
    let mut o = String::new();
    let w = points
        .iter()
        .map(|p| p.label.len())
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
            p.report.flows.iter().filter_map(f).fold(f64::NAN, f64::max)
        };
        let loss = worst(&|f| f.loss.map(|m| m.mean));
        let jit = worst(&|f| f.jitter.map(|m| m.mean));
        let avail = p
            .report
            .connections
            .iter()
            .filter_map(|c| c.availability.map(|m| m.mean))
            .fold(f64::NAN, f64::min);
        let v = if p.report.verdict == Verdict::Pass {
            "PASS"
        } else {
            "FAIL"
        };
        let cost = p.cost_per_day.map_or("-".into(), |c| format!("{c:.2}"));
        let _ = writeln!(
            o,
            "{:w$}  {:>7}  {:>9.4}%  {:>9.2}%  {:>11.4}%  {:>10}",
            p.label,
            v,
            loss * 100.0,
            jit * 100.0,
            avail * 100.0,
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
                a.cost_per_day
                    .map_or(String::new(), |c| format!(", {c:.2} per day"))
            );
        }
        None if sweep.target.sized_connection().is_some() => {
            let _ = writeln!(o, "\nno swept value meets every target");
        }
        None => {}
    }
    o
}
