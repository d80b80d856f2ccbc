//! `vpcsim run FILE`: simulate, judge, write outputs; exit 0 all SLAs met, 1 violated, 2 bad
//! input.

use super::{EXIT_BAD_INPUT, print_diagnostics};
use crate::montecarlo::{Outcome, Shard, execute};
use crate::pipeline::load_network;
use crate::report::summary::Targets;
use crate::report::{Stats, Summary, Tables, default_out_dir, tables, terminal, write_atomic};
use crate::sla::judge::{SlaReport, Verdict, judge};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Options of `run` that override the scenario.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub replications: Option<u32>,
    pub seed: Option<u64>,
    pub threads: usize,
    pub out: Option<PathBuf>,
    pub shard: Option<Shard>,
}

/// What a shard folder records beside its CSVs, so `merge` can judge without the scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShardInfo {
    pub scenario: String,
    pub seed: u64,
    pub replications: u64,
    pub shard_index: u32,
    pub shard_count: u32,
    pub sla: Targets,
    pub flows: Vec<String>,
    pub connections: Vec<String>,
    pub events: u64,
    pub wall_s: f64,
}

pub const SHARD_FILE: &str = "shard.json";

pub fn run(file: &Path, opts: &RunOptions) -> u8 {
    let loaded = match load_network(file) {
        Ok(l) => l,
        Err(d) => {
            print_diagnostics(&d);
            return EXIT_BAD_INPUT;
        }
    };
    print_diagnostics(&loaded.warnings);
    let net = &loaded.network;
    let seed = opts.seed.unwrap_or(net.simulation.seed);
    let reps = opts.replications.unwrap_or(net.simulation.replications);
    if reps == 0 {
        eprintln!("error: --replications must be at least 1");
        return EXIT_BAD_INPUT;
    }
    let shard = opts.shard.unwrap_or(Shard::WHOLE);
    if let Some(sweep) = &net.sweep {
        if opts.shard.is_some() {
            eprintln!(
                "error: --shard does not apply to a scenario with [sweep]; run the sweep on one machine, or split it into one scenario per value"
            );
            return EXIT_BAD_INPUT;
        }
        let out = opts
            .out
            .clone()
            .unwrap_or_else(|| default_out_dir(&net.name));
        return super::sweep::run(net, sweep, seed, reps, opts.threads, &out);
    }
    let wall = std::time::Instant::now();
    let bar = super::progress::bar(shard.replications(reps).count() as u64);
    let Outcome { tables, events, .. } =
        execute(net, seed, reps, shard, opts.threads, &|| bar.inc(1));
    bar.finish_and_clear();
    let wall_s = wall.elapsed().as_secs_f64();
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| default_out_dir(&net.name));
    let flow_names: Vec<String> = net.flows.iter().map(|f| f.name.clone()).collect();
    let conn_names: Vec<String> = net.judged_connections();
    if let Err(e) = write_tables(&out, &tables) {
        eprintln!("error: cannot write outputs to {}: {e}", out.display());
        return EXIT_BAD_INPUT;
    }
    let sla_targets = Targets::from(&net.sla);
    // Any requested shard, 1/1 included (a one-task array), writes a shard folder for `merge`.
    if opts.shard.is_some() {
        let info = ShardInfo {
            scenario: net.name.clone(),
            seed,
            replications: reps as u64,
            shard_index: shard.index,
            shard_count: shard.count,
            sla: sla_targets,
            flows: flow_names,
            connections: conn_names,
            events,
            wall_s,
        };
        let json = serde_json::to_vec_pretty(&info).unwrap_or_default();
        if let Err(e) = write_atomic(&out.join(SHARD_FILE), &json) {
            eprintln!("error: cannot write {}: {e}", out.display());
            return EXIT_BAD_INPUT;
        }
        println!(
            "{}: shard {}/{} ({} replications) written to {}",
            net.name,
            shard.index + 1,
            shard.count,
            shard.replications(reps).count(),
            out.display()
        );
        return 0;
    }
    super::plot::after_run(&out, &tables, &sla_targets);
    let report = judge(
        &net.sla,
        &flow_names,
        &conn_names,
        &tables.flows,
        &tables.connections,
    );
    finish(
        &out,
        &net.name,
        seed,
        reps as u64,
        &net.sla,
        report,
        stats(events, wall_s),
    )
}

pub(crate) fn stats(events: u64, wall_s: f64) -> Stats {
    Stats {
        events,
        wall_s,
        events_per_s: if wall_s > 0.0 {
            events as f64 / wall_s
        } else {
            0.0
        },
    }
}

/// Writes summary.json, prints the verdict table and returns the exit code.
pub(crate) fn finish(
    out: &Path,
    name: &str,
    seed: u64,
    reps: u64,
    sla: &crate::scenario::SlaSection,
    report: SlaReport,
    stats: Stats,
) -> u8 {
    print!("{}", terminal::render(&report));
    let verdict = report.verdict;
    let summary = Summary::new(name, seed, reps, sla, report, stats);
    let json = match serde_json::to_vec_pretty(&summary) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: cannot encode summary: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    if let Err(e) = write_atomic(&out.join("summary.json"), &json) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return EXIT_BAD_INPUT;
    }
    println!("outputs: {}", out.display());
    match verdict {
        Verdict::Pass => 0,
        Verdict::Fail => 1,
    }
}

pub(crate) fn write_tables(out: &Path, t: &Tables) -> std::io::Result<()> {
    let io = |e: csv::Error| std::io::Error::other(e.to_string());
    write_atomic(
        &out.join("flows.csv"),
        &tables::to_csv(&t.flows, tables::FLOW_COLUMNS).map_err(io)?,
    )?;
    write_atomic(
        &out.join("connections.csv"),
        &tables::to_csv(&t.connections, tables::CONNECTION_COLUMNS).map_err(io)?,
    )?;
    write_atomic(
        &out.join("timeseries.csv"),
        &tables::to_csv(&t.timeseries, tables::TIMESERIES_COLUMNS).map_err(io)?,
    )
}
