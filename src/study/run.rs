//! A Monte Carlo run of one design: its replications simulated on a pool of threads, judged
//! against the SLA, priced, and (on request) written as a result folder.

use super::budget::{self, Limits};
use super::output;
use super::{
    Collector, Design, Error, Experiment, MAX_REPLICATIONS, MAX_THREADS, Observer, Outcome, Rows,
    RunConfig, Shard, execute,
};
use crate::metrics::DelayHistogram;
use crate::report::Summary;
use crate::report::manifest::{Kind, Manifest};
use crate::report::outdir::{Guard, Staging};
use crate::report::tables::TableWriters;
use crate::scenario::Diagnostics;
use crate::sla::record::Tables;
use std::path::Path;
use std::time::{Duration, Instant};

/// A run of one design: how many replications, with which seed, on how many threads, within
/// which limits. Each option left `None` takes the scenario's value.
#[derive(Clone)]
pub struct Run<'d> {
    design: &'d Design,
    /// Replications [default: the scenario's `[simulation] replications`].
    pub replications: Option<u32>,
    /// Master seed, below 2^63 [default: the scenario's].
    pub seed: Option<u64>,
    /// Worker threads; 0 uses every core. Results do not depend on it.
    pub threads: usize,
    /// Only the replications of this shard (for `merge` to combine).
    pub shard: Option<Shard>,
    /// The work the run may take on.
    pub limits: Limits,
}

/// What a run found.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// summary.json: every flow's and connection's verdict and figures, the cost, the stats.
    pub summary: Summary,
    /// The rows of flows.csv, connections.csv and timeseries.csv, when the run kept them in
    /// memory ([`Run::execute`]); `None` when they were streamed to a folder.
    pub tables: Option<Tables>,
    /// Each flow's delay distribution over every replication (delay_hist.csv).
    pub delays: Vec<(String, DelayHistogram)>,
    /// Wall-clock time of the simulation (run.json; never in summary.json).
    pub wall: Duration,
    /// The configuration the run used.
    pub config: RunConfig,
    /// The manifest the result folder is sealed with (files listed when it is written).
    pub manifest: Manifest,
}

/// Checks replications, threads and seed against their limits; the message says the limit.
pub fn check_numbers(replications: u32, threads: usize, seed: u64) -> Result<(), Error> {
    if replications == 0 || replications > MAX_REPLICATIONS {
        return Err(Error::Usage(format!(
            "--replications {replications} is outside 1..={MAX_REPLICATIONS}"
        )));
    }
    if threads > MAX_THREADS {
        return Err(Error::Usage(format!(
            "--threads {threads} is more than {MAX_THREADS}; use 0 for every core"
        )));
    }
    if seed > crate::engine::MAX_SEED {
        return Err(Error::Usage(format!(
            "--seed {seed} is above {}: seeds stay below 2^63 so every CSV reader keeps them exactly",
            crate::engine::MAX_SEED
        )));
    }
    Ok(())
}

/// Refuses work beyond `limits`: every limit exceeded, at its place in the scenario.
pub fn check_budget(
    design: &Design,
    replications: u32,
    experiments: usize,
    limits: &Limits,
) -> Result<(), Error> {
    let mut diags = Diagnostics::new(design.scenario.file.clone());
    let net = &design.network;
    let channels = budget::channels(net);
    budget::check(
        &design.scenario,
        net,
        channels,
        replications,
        experiments,
        limits,
        &mut diags,
    );
    for p in &design.points {
        budget::check(
            &design.scenario,
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
        return Err(Error::Limit(Box::new(diags)));
    }
    Ok(())
}

/// The manifest of a result computed from `design` with `cfg`.
pub fn manifest(kind: Kind, design: &Design, cfg: &RunConfig, outcome: &Outcome) -> Manifest {
    output::manifest(
        kind,
        design,
        cfg,
        &crate::report::Stats::new(outcome.events, outcome.packet_hops),
    )
}

impl<'d> Run<'d> {
    /// A run of `design` with the scenario's own settings and the default limits.
    pub fn new(design: &'d Design) -> Run<'d> {
        Run {
            design,
            replications: None,
            seed: None,
            threads: 0,
            shard: None,
            limits: Limits::default(),
        }
    }

    /// Sets the replications.
    pub fn replications(mut self, n: u32) -> Self {
        self.replications = Some(n);
        self
    }

    /// Sets the master seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Sets the worker threads (0: every core).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// The design run.
    pub fn design(&self) -> &'d Design {
        self.design
    }

    /// The configuration of the run, its numbers and its work checked against their limits.
    pub fn config(&self) -> Result<RunConfig, Error> {
        let net = &self.design.network;
        let replications = self.replications.unwrap_or(net.simulation.replications);
        let seed = self.seed.unwrap_or(net.simulation.seed);
        check_numbers(replications, self.threads, seed)?;
        check_budget(self.design, replications, 1, &self.limits)?;
        if let Some(s) = self.shard
            && s.count > replications
        {
            return Err(Error::Usage(format!(
                "--shard {}/{}: more shards than the {replications} replications",
                s.index + 1,
                s.count
            )));
        }
        Ok(RunConfig {
            seed,
            replications,
            shard: self.shard.unwrap_or(Shard::WHOLE),
            threads: self.threads,
        })
    }

    fn refuse_sweep(&self) -> Result<(), Error> {
        if self.design.has_sweep() {
            return Err(Error::Usage(
                "the scenario has a [sweep]: run it as a sweep (study::SweepStudy), one Monte \
                 Carlo per value"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Simulates the run, keeping every row in memory.
    pub fn execute(&self, observer: &dyn Observer) -> Result<RunResult, Error> {
        self.refuse_sweep()?;
        let cfg = self.config()?;
        self.simulate(&cfg, Rows::Memory(Tables::default()), observer)
    }

    /// Simulates the run and writes its result folder to `out` (a shard folder with
    /// `shard` set), streaming rows to the files as replications finish. The folder replaces
    /// `out` as a whole once every file is written, if `guard` allows.
    pub fn execute_into(
        &self,
        out: &Path,
        guard: &Guard,
        observer: &dyn Observer,
    ) -> Result<RunResult, Error> {
        self.refuse_sweep()?;
        let cfg = self.config()?;
        let staging = Staging::begin(out, guard).map_err(Error::Write)?;
        let sharded = self.shard.is_some();
        let tables = TableWriters::create(staging.path(), sharded).map_err(Error::Write)?;
        let result = self.simulate(&cfg, Rows::Files(Box::new(tables)), observer)?;
        finish_folder(&result, staging, sharded)?;
        Ok(result)
    }

    fn simulate(
        &self,
        cfg: &RunConfig,
        rows: Rows,
        observer: &dyn Observer,
    ) -> Result<RunResult, Error> {
        let net = &self.design.network;
        let exp = Experiment::new("", net.clone());
        let mut collectors = [Collector::new(net, rows)];
        let wall = Instant::now();
        execute(std::slice::from_ref(&exp), cfg, &mut collectors, observer)
            .map_err(Error::Write)?;
        let [collector] = collectors;
        let outcome = collector.finish().map_err(Error::Write)?;
        let wall = wall.elapsed();
        let kind = if self.shard.is_some() {
            Kind::Shard
        } else {
            Kind::Run
        };
        Ok(RunResult {
            summary: output::priced_summary(net, &self.design.hash, cfg, &outcome),
            manifest: manifest(kind, self.design, cfg, &outcome),
            tables: outcome.tables,
            delays: outcome.delays,
            wall,
            config: *cfg,
        })
    }
}

/// Writes the files a run's result folder holds besides its tables (run.json, and for a whole
/// run summary.json, the plots and the report) and seals and commits it.
fn finish_folder(result: &RunResult, staging: Staging, sharded: bool) -> Result<(), Error> {
    let dir = staging.path();
    output::run_json(
        dir,
        result.wall,
        result.summary.stats.events,
        result.config.threads,
    )?;
    if !sharded {
        output::write_result(dir, &result.summary)?;
    }
    let target = staging.target().display().to_string();
    staging
        .commit(result.manifest.clone())
        .map_err(|e| Error::Write(format!("cannot write {target}: {e}")))
}

impl RunResult {
    /// The verdict of the design.
    pub fn verdict(&self) -> crate::sla::judge::Verdict {
        self.summary.verdict
    }

    /// Writes the result folder of a run kept in memory to `out`: the same files, byte for
    /// byte, as [`Run::execute_into`] writes.
    pub fn write(&self, out: &Path, guard: &Guard) -> Result<(), Error> {
        let Some(tables) = &self.tables else {
            return Err(Error::Usage(
                "this result was written as it ran; its rows are in its folder, not in memory"
                    .into(),
            ));
        };
        let staging = Staging::begin(out, guard).map_err(Error::Write)?;
        let sharded = self.manifest.kind == Kind::Shard;
        let mut w = TableWriters::create(staging.path(), sharded).map_err(Error::Write)?;
        w.write(&tables.flows, &tables.connections, &tables.timeseries)
            .map_err(Error::Write)?;
        w.finish(&self.delays).map_err(Error::Write)?;
        finish_folder(self, staging, sharded)
    }
}
