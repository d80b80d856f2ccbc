//! `vpcsim run FILE`: simulate, judge, write outputs; exit 0 all SLAs met, 1 violated, 2 bad
//! input.

use super::progress::Progress;
use super::{EXIT_BAD_INPUT, output, print_diagnostics};
use crate::experiment::{Collector, Experiment, RunConfig, execute};
use crate::montecarlo::{MAX_REPLICATIONS, MAX_THREADS, Shard};
use crate::pipeline::{Loaded, load_network_with};
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
    /// Refuse a run whose replications would each simulate more packets than this.
    pub max_packets: Option<u64>,
    /// Replace an output folder that is not a vpcsim result.
    pub force: bool,
}

/// Packets one replication may simulate unless `--max-packets` says otherwise: about a
/// minute and a half of work at five million packets a second. A rate typed with the wrong
/// unit ("10Tbps") would otherwise run for hours.
pub const MAX_PACKETS: u64 = 500_000_000;

/// The packets each flow offers in one replication: its mean rate (times its largest
/// `scale` factor) over the time it sends, in packets of its mean size.
pub fn packets_per_replication(net: &crate::model::Network) -> Vec<(String, f64)> {
    net.flows
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let stop = f
                .stop
                .unwrap_or(net.simulation.duration)
                .min(net.simulation.duration);
            let seconds = stop.as_nanos().saturating_sub(f.start.as_nanos()) as f64 / 1e9;
            let surge = net
                .events
                .iter()
                .filter_map(|e| match e.action {
                    crate::model::TimelineAction::Scale { flow, factor } if flow.index() == i => {
                        Some(factor)
                    }
                    _ => None,
                })
                .fold(1.0f64, f64::max);
            let packets =
                f.rate.as_bps() as f64 * surge * seconds / (f.packet_size.mean_bytes() * 8.0);
            (f.name.clone(), packets)
        })
        .collect()
}

/// Refuses a run larger than `limit` packets per replication, naming the biggest flow.
pub fn check_work(net: &crate::model::Network, limit: u64) -> Result<(), String> {
    let flows = packets_per_replication(net);
    let total: f64 = flows.iter().map(|(_, p)| p).sum();
    if total <= limit as f64 {
        return Ok(());
    }
    let (name, most) = flows
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .cloned()
        .unwrap_or_default();
    Err(format!(
        "one replication would simulate about {total:.3e} packets ({most:.3e} from flow \"{}\" alone), more than {limit}: shorten [simulation] duration, lower the rate or enlarge the packets, or raise --max-packets",
        crate::report::safe(&name)
    ))
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

/// Checks the command-line numbers; the message says the limit.
pub(crate) fn config(loaded: &Loaded, opts: &RunOptions) -> Result<RunConfig, String> {
    let net = &loaded.network;
    let replications = opts.replications.unwrap_or(net.simulation.replications);
    let seed = opts.seed.unwrap_or(net.simulation.seed);
    check_numbers(replications, opts.threads, seed)?;
    check_work(net, opts.max_packets.unwrap_or(MAX_PACKETS))?;
    for p in &loaded.points {
        check_work(&p.network, opts.max_packets.unwrap_or(MAX_PACKETS))?;
    }
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
            eprintln!("error: {e}");
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
    loaded: Loaded,
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
    execute(std::slice::from_ref(&exp), cfg, &mut collectors, &|| {
        progress.tick("")
    })?;
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
