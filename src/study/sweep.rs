//! A sweep: one Monte Carlo per value of one parameter, all on one pool; sweep.csv, a summary
//! with the answer (the smallest spec that meets every target, or the largest load carried),
//! and each value's own result under `sweep/<k>_<value>/`.

use super::budget::Limits;
use super::output;
use super::run::{check_budget, check_numbers, manifest};
use super::{
    Collector, Design, Error, Experiment, Observer, Outcome, Rows, RunConfig, Shard, execute,
};
use crate::plan::{CapacityAnswer, HeadroomAnswer, SweepPoint, SweepRow, capacity, headroom, rows};
use crate::report::manifest::Kind;
use crate::report::outdir::{Guard, Staging};
use crate::report::summary::{Header, PointSummary, SweepInfo, SweepSummary, Targets};
use crate::report::tables::TableWriters;
use crate::report::{Stats, sanitize_name, tables, write_atomic};
use crate::sla::judge::Verdict;
use crate::sla::record::Tables;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A sweep of a design that has a [sweep] (see [`Design::with_sweep`] to give it one).
#[derive(Clone)]
pub struct SweepStudy<'d> {
    design: &'d Design,
    /// Replications per value [default: the scenario's].
    pub replications: Option<u32>,
    /// Master seed [default: the scenario's]; every value uses the same seed, so values are
    /// compared on common random numbers.
    pub seed: Option<u64>,
    /// Worker threads; 0 uses every core.
    pub threads: usize,
    /// The work each value may take on.
    pub limits: Limits,
}

/// What a sweep found.
#[derive(Debug, Clone)]
pub struct SweepResult {
    /// summary.json: every value's verdicts and cost, and the answer.
    pub summary: SweepSummary,
    /// sweep.csv: every SLA metric of every flow and connection against the swept value.
    pub table: Vec<SweepRow>,
    /// Each value's own run, in sweep order.
    pub points: Vec<super::RunResult>,
}

/// The answer a sweep gives a planner.
#[derive(Debug, Clone)]
pub enum Answer<'a> {
    /// A sizing sweep: the smallest value meeting every target.
    Capacity(&'a CapacityAnswer),
    /// A load sweep: the largest value the design carries.
    Headroom(&'a HeadroomAnswer),
    /// The sweep sizes nothing and grows nothing, or no value meets every target.
    None,
}

impl SweepResult {
    /// The sweep's answer.
    pub fn answer(&self) -> Answer<'_> {
        match (&self.summary.capacity, &self.summary.headroom) {
            (Some(c), _) => Answer::Capacity(c),
            (None, Some(h)) => Answer::Headroom(h),
            _ => Answer::None,
        }
    }
}

impl<'d> SweepStudy<'d> {
    /// A sweep of `design` with the scenario's settings.
    pub fn new(design: &'d Design) -> SweepStudy<'d> {
        SweepStudy {
            design,
            replications: None,
            seed: None,
            threads: 0,
            limits: Limits::default(),
        }
    }

    /// Sets the replications per value.
    pub fn replications(mut self, n: u32) -> Self {
        self.replications = Some(n);
        self
    }

    /// Sets the master seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The sweep's configuration, checked.
    pub fn config(&self) -> Result<RunConfig, Error> {
        if !self.design.has_sweep() {
            return Err(Error::Usage("the scenario has no [sweep]".into()));
        }
        let net = &self.design.network;
        let replications = self.replications.unwrap_or(net.simulation.replications);
        let seed = self.seed.unwrap_or(net.simulation.seed);
        check_numbers(replications, self.threads, seed)?;
        check_budget(
            self.design,
            replications,
            self.design.points.len(),
            &self.limits,
        )?;
        Ok(RunConfig {
            seed,
            replications,
            shard: Shard::WHOLE,
            threads: self.threads,
        })
    }

    /// The labels of the values, in the order they run.
    pub fn labels(&self) -> Vec<String> {
        self.design.points.iter().map(|p| p.label.clone()).collect()
    }

    fn experiments(&self) -> Vec<Experiment> {
        self.design
            .points
            .iter()
            .map(|p| Experiment::new(p.label.clone(), p.network.clone()))
            .collect()
    }

    /// Runs every value, keeping every row in memory.
    pub fn execute(&self, observer: &dyn Observer) -> Result<SweepResult, Error> {
        let cfg = self.config()?;
        let experiments = self.experiments();
        let collectors = experiments
            .iter()
            .map(|e| Collector::new(&e.network, Rows::Memory(Tables::default())))
            .collect();
        self.simulate(&cfg, &experiments, collectors, observer)
    }

    /// Runs every value and writes the sweep's result folder to `out`, each value's rows
    /// streamed to its own folder as its replications finish.
    pub fn execute_into(
        &self,
        out: &Path,
        guard: &Guard,
        observer: &dyn Observer,
    ) -> Result<SweepResult, Error> {
        let cfg = self.config()?;
        let staging = Staging::begin(out, guard).map_err(Error::Write)?;
        let experiments = self.experiments();
        let dirs = value_dirs(staging.path(), &experiments);
        let collectors = experiments
            .iter()
            .zip(&dirs)
            .map(|(e, d)| {
                TableWriters::create(d, false)
                    .map(|t| Collector::new(&e.network, Rows::Files(Box::new(t))))
            })
            .collect::<Result<Vec<_>, String>>()
            .map_err(Error::Write)?;
        let result = self.simulate(&cfg, &experiments, collectors, observer)?;
        for (p, d) in result.points.iter().zip(&dirs) {
            output::write_result(d, &p.summary)?;
        }
        write_sweep_files(staging.path(), &result)?;
        commit(staging, self.design, &cfg, &result)?;
        Ok(result)
    }

    fn simulate(
        &self,
        cfg: &RunConfig,
        experiments: &[Experiment],
        mut collectors: Vec<Collector>,
        observer: &dyn Observer,
    ) -> Result<SweepResult, Error> {
        let wall = Instant::now();
        execute(experiments, cfg, &mut collectors, observer).map_err(Error::Write)?;
        let wall = wall.elapsed();
        let design = self.design;
        let mut points = Vec::new();
        let mut runs = Vec::new();
        for ((collector, e), p) in collectors.into_iter().zip(experiments).zip(&design.points) {
            let outcome: Outcome = collector.finish().map_err(Error::Write)?;
            let summary = output::priced_summary(&e.network, &design.hash, cfg, &outcome);
            points.push(SweepPoint {
                label: e.label.clone(),
                value: p.value.clone(),
                cost_per_day: summary.cost.per_day,
                report: outcome.report.clone(),
                events: outcome.events,
                packet_hops: outcome.packet_hops,
            });
            runs.push(super::RunResult {
                manifest: manifest(Kind::Run, design, cfg, &outcome),
                summary,
                tables: outcome.tables,
                delays: outcome.delays,
                wall,
                config: *cfg,
            });
        }
        let net = &design.network;
        let sweep = net
            .sweep
            .as_ref()
            .ok_or_else(|| Error::Usage("the scenario has no [sweep]".into()))?;
        let stats = Stats::new(
            points.iter().map(|p| p.events).sum(),
            points.iter().map(|p| p.packet_hops).sum(),
        );
        let any_pass = points.iter().any(|p| p.report.verdict == Verdict::Pass);
        let summary = SweepSummary {
            header: Header::new(
                &net.name,
                &design.hash,
                cfg.seed,
                cfg.replications,
                Targets::from(&net.sla),
            ),
            verdict: Verdict::from(any_pass),
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
            capacity: capacity(net, sweep, &points),
            headroom: headroom(sweep, &points),
            stats,
        };
        Ok(SweepResult {
            table: rows(&points),
            summary,
            points: runs,
        })
    }
}

/// The folder of each value: `sweep/<k>_<value>/`.
fn value_dirs(root: &Path, experiments: &[Experiment]) -> Vec<PathBuf> {
    experiments
        .iter()
        .enumerate()
        .map(|(k, e)| {
            root.join("sweep")
                .join(format!("{k}_{}", sanitize_name(&e.label)))
        })
        .collect()
}

/// Writes sweep.csv, summary.json, run.json, the sweep plot and the report into `dir`.
fn write_sweep_files(dir: &Path, result: &SweepResult) -> Result<(), Error> {
    let summary = &result.summary;
    let csv = tables::to_csv(&result.table, &[]).map_err(|e| Error::Write(e.to_string()))?;
    write_atomic(&dir.join("sweep.csv"), &csv)
        .map_err(|e| Error::Write(format!("cannot write {e}")))?;
    output::write_json(&dir.join("summary.json"), summary)?;
    let wall = result.points.first().map(|p| p.wall).unwrap_or_default();
    let threads = result.points.first().map_or(0, |p| p.config.threads);
    output::run_json(dir, wall, summary.stats.events, threads)?;
    // Drawn from what sweep.csv and summary.json hold, so `vpcsim plot` redraws the same file.
    #[cfg(feature = "plots")]
    let meta = crate::report::plots::SweepMeta::of(summary);
    #[cfg(feature = "plots")]
    crate::report::plots::draw_sweep(dir, &result.table, &meta)
        .map_err(|e| Error::Write(format!("sweep plot not drawn: {e}")))?;
    output::report(dir, Kind::Sweep)
}

fn commit(
    staging: Staging,
    design: &Design,
    cfg: &RunConfig,
    result: &SweepResult,
) -> Result<(), Error> {
    let target = staging.target().display().to_string();
    let m = output::manifest(Kind::Sweep, design, cfg, &result.summary.stats);
    staging
        .commit(m)
        .map_err(|e| Error::Write(format!("cannot write {target}: {e}")))
}

impl SweepResult {
    /// Writes the sweep's result folder from rows kept in memory: the same files, byte for
    /// byte, as [`SweepStudy::execute_into`] writes.
    pub fn write(&self, design: &Design, out: &Path, guard: &Guard) -> Result<(), Error> {
        let staging = Staging::begin(out, guard).map_err(Error::Write)?;
        let experiments: Vec<Experiment> = design
            .points
            .iter()
            .map(|p| Experiment::new(p.label.clone(), p.network.clone()))
            .collect();
        for (p, d) in self
            .points
            .iter()
            .zip(value_dirs(staging.path(), &experiments))
        {
            let Some(t) = &p.tables else {
                return Err(Error::Usage(
                    "this sweep was written as it ran; its rows are in its folder".into(),
                ));
            };
            let mut w = TableWriters::create(&d, false).map_err(Error::Write)?;
            w.write(&t.flows, &t.connections, &t.timeseries)
                .map_err(Error::Write)?;
            w.finish(&p.delays).map_err(Error::Write)?;
            output::write_result(&d, &p.summary)?;
        }
        write_sweep_files(staging.path(), self)?;
        let cfg =
            self.points.first().map(|p| p.config).ok_or_else(|| {
                Error::Usage("a sweep without values has nothing to write".into())
            })?;
        commit(staging, design, &cfg, self)
    }
}
