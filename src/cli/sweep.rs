//! `run` on a scenario with [sweep]: one Monte Carlo per value; sweep.csv, a summary with the
//! capacity answer, the sweep plot, and each value's own outputs (with their plots) under
//! sweep/<k>_<value>/.

use super::output;
use super::progress::Progress;
use crate::study::{Collector, Experiment, RunConfig, execute};
use crate::model::sweep::SweptParameter;
use crate::study::design::Design;
use crate::plan::{CapacityAnswer, HeadroomAnswer, SweepPoint, capacity, headroom, rows};
use crate::report::manifest::Kind;
use crate::report::outdir::{Guard, Staging};
use crate::report::plots::{SweepMeta, draw_sweep};
use crate::report::summary::{Header, PointSummary, SweepInfo, SweepSummary};
use crate::report::tables::TableWriters;
use crate::report::{Stats, sanitize_name, tables, write_atomic};
use crate::sla::judge::{FlowVerdict, Verdict};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn run(loaded: Design, cfg: &RunConfig, out: &Path, guard: &Guard) -> Result<u8, String> {
    let Some(sweep) = loaded.network.sweep.clone() else {
        return Err("the scenario has no [sweep]".into());
    };
    let staging = Staging::begin(out, guard)?;
    let experiments: Vec<Experiment> = loaded
        .points
        .iter()
        .map(|p| Experiment::new(p.label.clone(), p.network.clone()))
        .collect();
    let dirs: Vec<PathBuf> = experiments
        .iter()
        .enumerate()
        .map(|(k, e)| {
            staging
                .path()
                .join("sweep")
                .join(format!("{k}_{}", sanitize_name(&e.label)))
        })
        .collect();
    let mut collectors = experiments
        .iter()
        .zip(&dirs)
        .map(|(e, d)| {
            Ok(Collector::new(
                &e.network,
                Some(TableWriters::create(d, false)?),
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let per_value = cfg.shard.replications(cfg.replications).count();
    let progress = Progress::new(&loaded.network.name, (per_value * experiments.len()) as u64)
        .with_parts(
            "value",
            experiments.iter().map(|e| e.label.clone()).collect(),
        );
    let wall = Instant::now();
    execute(&experiments, cfg, &mut collectors, &progress)?;
    progress.finish();
    let mut points = Vec::new();
    for ((collector, e), dir) in collectors.into_iter().zip(&experiments).zip(&dirs) {
        let outcome = collector.finish()?;
        let summary = output::priced_summary(&e.network, &loaded.hash, cfg, &outcome);
        let cost_per_day = summary.cost.per_day;
        output::write_result(dir, &summary)?;
        let point = loaded
            .points
            .iter()
            .find(|p| p.label == e.label)
            .ok_or("sweep value lost")?;
        points.push(SweepPoint {
            label: e.label.clone(),
            value: point.value.clone(),
            cost_per_day,
            report: outcome.report,
            events: outcome.events,
            packet_hops: outcome.packet_hops,
        });
    }
    let net = &loaded.network;
    let table = rows(net, &points);
    let csv = tables::to_csv(&table, &[]).map_err(|e| e.to_string())?;
    let answer = capacity(net, &sweep, &points);
    let any_pass = points.iter().any(|p| p.report.verdict == Verdict::Pass);
    let stats = Stats::new(
        points.iter().map(|p| p.events).sum(),
        points.iter().map(|p| p.packet_hops).sum(),
    );
    let summary = SweepSummary {
        header: Header::new(&net.name, &loaded.hash, cfg.seed, cfg.replications, &net.sla),
        verdict: if any_pass {
            Verdict::Pass
        } else {
            Verdict::Fail
        },
        sweep: SweepInfo {
            parameter: sweep.parameter.clone(),
            currency: crate::plan::cost::plan(net).currency,
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
        headroom: headroom(&sweep, &points),
        stats: stats.clone(),
    };
    let dir = staging.path();
    write_atomic(&dir.join("sweep.csv"), &csv).map_err(|e| format!("cannot write {e}"))?;
    output::write_json(&dir.join("summary.json"), &summary)?;
    output::run_json(dir, wall.elapsed(), stats.events, cfg.threads)?;
    // Drawn from what sweep.csv and summary.json hold, so `vpcsim plot` redraws the same file.
    let meta = SweepMeta {
        parameter: summary.sweep.parameter.clone(),
        replications: summary.header.replications,
        targets: summary.header.sla.clone(),
        smallest: summary.capacity.as_ref().map(|a| a.smallest.clone()),
        largest: summary.headroom.as_ref().map(|h| h.largest.clone()),
    };
    draw_sweep(dir, &table, &meta).map_err(|e| format!("sweep plot not drawn: {e}"))?;
    output::report(dir)?;
    staging
        .commit(output::manifest(Kind::Sweep, &loaded, cfg, &stats))
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    print!(
        "{}",
        render(
            &sweep,
            &points,
            summary.capacity.as_ref(),
            summary.headroom.as_ref()
        )
    );
    println!("outputs: {}", out.display());
    Ok(if any_pass { 0 } else { 1 })
}

/// A share as a percentage, "-" when nothing measured it.
fn share(x: f64, width: usize, decimals: usize) -> String {
    if x.is_finite() {
        format!("{:>w$.decimals$}%", x * 100.0, w = width - 1)
    } else {
        format!("{:>width$}", "-")
    }
}

fn render(
    sweep: &SweptParameter,
    points: &[SweepPoint],
    answer: Option<&CapacityAnswer>,
    headroom: Option<&HeadroomAnswer>,
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
            .chain(
                p.report
                    .flows
                    .iter()
                    .filter_map(|f| f.availability.map(|m| m.mean)),
            )
            .fold(f64::NAN, f64::min);
        let v = if p.report.verdict == Verdict::Pass {
            "PASS"
        } else {
            "FAIL"
        };
        let cost = p.cost_per_day.map_or("-".into(), crate::report::terminal::money);
        let _ = writeln!(
            o,
            "{:w$}  {:>7}  {}  {}  {}  {:>10}",
            crate::report::safe(&p.label),
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
                a.cost_per_day
                    .map_or(String::new(), |c| {
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
