//! `vpcsim run FILE`: simulate, judge, write outputs; exit 0 all SLAs met, 1 violated, 2 bad
//! input.

use super::progress::Progress;
use super::{EXIT_BAD_INPUT, output, print_diagnostics};
use crate::study::budget::Limits;
use crate::study::{Collector, Experiment, RunConfig, execute};
use crate::study::{MAX_REPLICATIONS, MAX_THREADS, Shard};
use crate::study::design::{Design, load_network_with};
use crate::report::manifest::Kind;
use crate::report::outdir::{Guard, Staging};
use crate::report::tables::TableWriters;
use crate::report::{default_out_dir, terminal};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of `run` that override the scenario.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub replications: Option<u32>,
    pub seed: Option<u64>,
    pub threads: usize,
    pub out: Option<PathBuf>,
    pub shard: Option<Shard>,
    /// The work a run may take on.
    pub limits: Limits,
    /// Replace an output folder that is not a vpcsim result.
    pub force: bool,
}

/// Checks replications, threads and seed against their limits; the message says the limit.
pub(crate) fn check_numbers(replications: u32, threads: usize, seed: u64) -> Result<(), String> {
    if replications == 0 || replications > MAX_REPLICATIONS {
        return Err(format!(
            "--replications {replications} is outside 1..={MAX_REPLICATIONS}"
        ));
    }
    if threads > MAX_THREADS {
        return Err(format!(
            "--threads {threads} is more than {MAX_THREADS}; use 0 for every core"
        ));
    }
    if seed > crate::engine::MAX_SEED {
        return Err(format!(
            "--seed {seed} is above {}: seeds stay below 2^63 so every CSV reader keeps them exactly",
            crate::engine::MAX_SEED
        ));
    }
    Ok(())
}

/// Refuses work beyond `limits`: prints every limit exceeded, at its place in the scenario,
/// and returns an empty error (the message is already out).
pub(crate) fn check_budget(
    loaded: &Design,
    replications: u32,
    experiments: usize,
    limits: &Limits,
) -> Result<(), String> {
    let mut diags = crate::scenario::Diagnostics::new(loaded.scenario.file.clone());
    let net = &loaded.network;
    let channels = crate::study::budget::channels(net);
    crate::study::budget::check(
        &loaded.scenario,
        net,
        channels,
        replications,
        experiments,
        limits,
        &mut diags,
    );
    for p in &loaded.points {
        crate::study::budget::check(
            &loaded.scenario,
            &p.network,
            channels,
            replications,
            0,
            limits,
            &mut diags,
        );
    }
    diags.sort();
    if diags.has_errors() {
        print_diagnostics(&diags);
        return Err(String::new());
    }
    Ok(())
}

/// Checks the command-line numbers; the message says the limit.
pub(crate) fn config(loaded: &Design, opts: &RunOptions) -> Result<RunConfig, String> {
    let net = &loaded.network;
    let replications = opts.replications.unwrap_or(net.simulation.replications);
    let seed = opts.seed.unwrap_or(net.simulation.seed);
    check_numbers(replications, opts.threads, seed)?;
    let experiments = loaded.points.len().max(1);
    check_budget(loaded, replications, experiments, &opts.limits)?;
    if let Some(s) = opts.shard
        && s.count > replications
    {
        return Err(format!(
            "--shard {}/{}: more shards than the {replications} replications",
            s.index + 1,
            s.count
        ));
    }
    Ok(RunConfig {
        seed,
        replications,
        shard: opts.shard.unwrap_or(Shard::WHOLE),
        threads: opts.threads,
    })
}

pub fn run(file: &Path, opts: &RunOptions) -> u8 {
    let loaded = match load_network_with(file, super::load_options()) {
        Ok(l) => l,
        Err(d) => {
            print_diagnostics(&d);
            return EXIT_BAD_INPUT;
        }
    };
    print_diagnostics(&loaded.warnings);
    let cfg = match config(&loaded, opts) {
        Ok(c) => c,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            return EXIT_BAD_INPUT;
        }
    };
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| default_out_dir(&loaded.network.name));
    let result = if !loaded.points.is_empty() {
        if opts.shard.is_some() {
            Err("--shard does not apply to a scenario with [sweep]; run the sweep on one machine, or split it into one scenario per value".to_string())
        } else {
            let guard = output::guard(&loaded, opts.force, &[]);
            super::sweep::run(loaded, &cfg, &out, &guard)
        }
    } else {
        let guard = output::guard(&loaded, opts.force, &[]);
        single(loaded, &cfg, opts.shard.is_some(), &out, &guard)
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        EXIT_BAD_INPUT
    })
}

/// One experiment: a whole run, or (with `sharded`) one shard of it for `merge`.
fn single(
    loaded: Design,
    cfg: &RunConfig,
    sharded: bool,
    out: &Path,
    guard: &Guard,
) -> Result<u8, String> {
    let staging = Staging::begin(out, guard)?;
    let tables = TableWriters::create(staging.path(), sharded)?;
    let exp = Experiment::new("", loaded.network.clone());
    let mut collectors = [Collector::new(&exp.network, Some(tables))];
    let progress = Progress::new(
        &exp.network.name,
        cfg.shard.replications(cfg.replications).count() as u64,
    );
    let wall = Instant::now();
    execute(std::slice::from_ref(&exp), cfg, &mut collectors, &progress)?;
    progress.finish();
    let [collector] = collectors;
    let outcome = collector.finish()?;
    let stats = crate::report::Stats::new(outcome.events, outcome.packet_hops);
    let dir = staging.path();
    output::run_json(dir, wall.elapsed(), outcome.events, cfg.threads)?;
    let net = &loaded.network;
    if sharded {
        let m = output::manifest(Kind::Shard, &loaded, cfg, &stats);
        staging
            .commit(m)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        println!(
            "{}: shard {}/{} ({} replications) written to {}",
            crate::report::safe(&net.name),
            cfg.shard.index + 1,
            cfg.shard.count,
            outcome.replications,
            out.display()
        );
        return Ok(0);
    }
    let summary = output::priced_summary(net, &loaded.hash, cfg, &outcome);
    output::write_result(dir, &summary)?;
    let m = output::manifest(Kind::Run, &loaded, cfg, &stats);
    staging
        .commit(m)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    print!("{}", terminal::render(&outcome.report));
    print!("{}", terminal::cost_line(&summary.cost));
    println!("outputs: {}", out.display());
    Ok(outcome.report.verdict.exit_code())
}
