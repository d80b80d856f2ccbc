//! Writing result folders: the files every kind of result shares (summary.json, run.json,
//! plots, report.html) and the manifest that seals the folder. Every study writes through
//! here, so a folder is the same whichever shell (command line, library, Python) asked.

use super::Error;
use super::design::Design;
use super::{Outcome, RunConfig};
use crate::plan::cost::Cost;
use crate::report::manifest::{Kind, Manifest, ShardRef};
use crate::report::summary::Targets;
use crate::report::{RunInfo, Stats, Summary, write_atomic};
use serde::Serialize;
use std::path::Path;

/// Writes `value` as pretty JSON to `path`, atomically.
pub fn write_json(path: &Path, value: &impl Serialize) -> Result<(), Error> {
    let json = serde_json::to_vec_pretty(value).map_err(|e| Error::Write(e.to_string()))?;
    write_atomic(path, &json).map_err(|e| Error::Write(format!("cannot write {e}")))
}

/// The summary of one experiment's outcome on `net`, priced by the design's own cost plan.
pub fn priced_summary(
    net: &crate::model::Network,
    hash: &str,
    cfg: &RunConfig,
    outcome: &Outcome,
) -> Summary {
    let cost = crate::plan::cost::plan(net).price(&outcome.report);
    summary(&net.name, hash, cfg, Targets::from(&net.sla), outcome, cost)
}

/// Writes a result's summary.json into `dir` and draws its plots and report from it.
pub fn write_result(dir: &Path, summary: &Summary) -> Result<(), Error> {
    write_json(&dir.join("summary.json"), summary)?;
    plots(dir)
}

/// The summary of one run's outcome.
pub fn summary(
    name: &str,
    hash: &str,
    cfg: &RunConfig,
    sla: Targets,
    outcome: &Outcome,
    cost: Cost,
) -> Summary {
    Summary {
        header: crate::report::summary::Header::new(name, hash, cfg.seed, cfg.replications, sla),
        verdict: outcome.report.verdict,
        flows: outcome.report.flows.clone(),
        connections: outcome.report.connections.clone(),
        cost,
        stats: Stats::new(outcome.events, outcome.packet_hops),
    }
}

/// Writes run.json: the wall-clock figures of the work just done.
pub fn run_json(
    dir: &Path,
    wall: std::time::Duration,
    events: u64,
    threads: usize,
) -> Result<(), Error> {
    let wall_s = wall.as_secs_f64();
    write_json(
        &dir.join("run.json"),
        &RunInfo {
            wall_s,
            events_per_s: if wall_s > 0.0 {
                events as f64 / wall_s
            } else {
                0.0
            },
            threads: crate::study::worker_count(threads),
        },
    )
}

/// The manifest head of a result computed from `loaded` with `cfg`.
pub fn manifest(kind: Kind, loaded: &Design, cfg: &RunConfig, stats: &Stats) -> Manifest {
    let net = &loaded.network;
    let shard = (kind == Kind::Shard).then_some(ShardRef {
        index: cfg.shard.index + 1,
        count: cfg.shard.count,
    });
    let mut m = Manifest::new(
        kind,
        &net.name,
        loaded.hash.clone(),
        cfg.seed,
        cfg.replications as u64,
        shard,
    );
    m.sla = Some(Targets::from(&net.sla));
    m.targets = Some(crate::sla::targets::DesignTargets::of(net));
    m.flows = net.flows.iter().map(|f| f.name.clone()).collect();
    m.connections = net.judged_connections();
    m.events = stats.events;
    m.packet_hops = stats.packet_hops;
    if kind == Kind::Shard {
        m.cost = Some(crate::plan::cost::plan(net));
    }
    m
}

/// Draws the plots of the run folder `dir` from its CSVs and summary.json, then the
/// hand-over report that embeds them. A result is every file or none: a plot or report that
/// cannot be written fails the command, and the previous result stays in place.
///
/// Without the `plots` feature the folder holds no plots; without `report`, no report.html.
pub fn plots(dir: &Path) -> Result<(), Error> {
    release_freed_memory();
    #[cfg(feature = "plots")]
    crate::report::plots::redraw(dir).map_err(|e| Error::Write(format!("plots not drawn: {e}")))?;
    release_freed_memory();
    report(dir, Kind::Run)
}

/// Hands memory freed by the replications back to the system before the plots and report
/// read the files: glibc keeps each worker thread's freed blocks in that thread's arena, where
/// the main thread cannot reuse them, so without this the peak of a run on N threads is the
/// simulation's and the report's added up.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of the allocator's arenas to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Writes report.html from the folder's summary.json (of the given kind of result) and plots.
pub fn report(dir: &Path, kind: Kind) -> Result<(), Error> {
    #[cfg(feature = "report")]
    crate::report::html::write_report(dir, kind)
        .map_err(|e| Error::Write(format!("report.html not written: {e}")))?;
    #[cfg(not(feature = "report"))]
    let _ = (dir, kind);
    Ok(())
}

/// What a result computed from `loaded` (and `extra` inputs) must not touch, and whether the
/// user allowed replacing a folder that is not a result.
pub fn guard(loaded: &Design, force: bool, extra: &[&Path]) -> crate::report::outdir::Guard {
    let mut inputs = loaded.inputs();
    inputs.extend(extra.iter().map(|p| p.to_path_buf()));
    crate::report::outdir::Guard { force, inputs }
}
