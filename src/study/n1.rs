//! N-1 analysis as a study: every single failure unit down in turn for the whole window, with
//! routing converged around it, every flow judged; n1.csv, a summary, the n1 plot and a report.

use super::budget::Limits;
use super::output;
use super::run::{check_budget, check_numbers};
use super::{Collector, Design, Error, Experiment, Observer, Rows, RunConfig, Shard, execute};
use crate::model::build;
use crate::plan::n1::{N1Row, case_summary, cases, edit, matters, reachable, rows};
use crate::report::Stats;
use crate::report::manifest::Kind;
use crate::report::outdir::{Guard, Staging};
use crate::report::summary::{Header, N1Summary, Targets};
use crate::report::tables;
use crate::sla::judge::Verdict;
use crate::sla::targets::DesignTargets;
use std::path::Path;
use std::time::Instant;

/// An N-1 analysis of a design (without [sweep]).
#[derive(Clone)]
pub struct N1<'d> {
    design: &'d Design,
    /// Replications per case [default: the scenario's].
    pub replications: Option<u32>,
    /// Master seed [default: the scenario's].
    pub seed: Option<u64>,
    /// Worker threads; 0 uses every core.
    pub threads: usize,
    /// The work each case may take on.
    pub limits: Limits,
}

/// What an N-1 analysis found.
#[derive(Debug, Clone)]
pub struct N1Result {
    /// summary.json: every case with every flow's verdict.
    pub summary: N1Summary,
    /// n1.csv: one row per case × flow.
    pub rows: Vec<N1Row>,
    /// How many cases were simulated (the others cross no flow's path and reuse `none`).
    pub simulated: usize,
    wall: std::time::Duration,
    config: RunConfig,
}

impl<'d> N1<'d> {
    /// An N-1 analysis of `design` with the scenario's settings.
    pub fn new(design: &'d Design) -> N1<'d> {
        N1 {
            design,
            replications: None,
            seed: None,
            threads: 0,
            limits: Limits::default(),
        }
    }

    /// Sets the replications per case.
    pub fn replications(mut self, n: u32) -> Self {
        self.replications = Some(n);
        self
    }

    /// Sets the master seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The analysis' configuration, checked.
    pub fn config(&self) -> Result<RunConfig, Error> {
        if self.design.has_sweep() {
            return Err(Error::Usage(
                "n1 analyses one design; remove [sweep] (or run n1 on each value)".into(),
            ));
        }
        let net = &self.design.network;
        let replications = self.replications.unwrap_or(net.simulation.replications);
        let seed = self.seed.unwrap_or(net.simulation.seed);
        check_numbers(replications, self.threads, seed)?;
        check_budget(self.design, replications, 1, &self.limits)?;
        Ok(RunConfig {
            seed,
            replications,
            shard: Shard::WHOLE,
            threads: self.threads,
        })
    }

    /// Runs every case.
    pub fn execute(&self, observer: &dyn Observer) -> Result<N1Result, Error> {
        let cfg = self.config()?;
        let design = self.design;
        let wall = Instant::now();
        // Build every case; those whose element no flow's path uses reuse the `none` case.
        let mut experiments = Vec::new();
        let mut case_of: Vec<(String, Option<usize>, Vec<bool>)> = Vec::new();
        for name in cases(&design.network) {
            let scenario = edit(&design.scenario, &name);
            let (net, _) = build(&scenario).map_err(Error::invalid)?;
            let mut exp = Experiment::new(name.clone(), net);
            exp.availability = false;
            let reach = reachable(&exp.network, &exp.plan);
            let simulate = name == crate::plan::n1::NONE || matters(&exp.network, &exp.plan);
            if simulate {
                case_of.push((name, Some(experiments.len()), reach));
                experiments.push(exp);
            } else {
                case_of.push((name, None, reach));
            }
        }
        // Every case is judged on the intact design's targets: a flow that loses its Express
        // Connect path is still held to Express Connect's promise.
        let targets = DesignTargets::of(&design.network);
        let mut collectors: Vec<Collector> = experiments
            .iter()
            .map(|e| Collector::judged_on(&e.network, &targets, Rows::Discard))
            .collect();
        execute(&experiments, &cfg, &mut collectors, observer).map_err(Error::Write)?;
        let outcomes = collectors
            .into_iter()
            .map(Collector::finish)
            .collect::<Result<Vec<_>, _>>()
            .map_err(Error::Write)?;
        let sla = &design.network.sla;
        let none = case_of
            .iter()
            .find_map(|(_, k, _)| *k)
            .ok_or_else(|| Error::Usage("no baseline case".into()))?;
        let mut all_rows: Vec<N1Row> = Vec::new();
        let mut summaries = Vec::new();
        for (name, k, reach) in &case_of {
            let report = &outcomes[k.unwrap_or(none)].report;
            let r = rows(name, report, reach);
            summaries.push(case_summary(name, k.is_some(), &r));
            all_rows.extend(r);
        }
        let stats = Stats::new(
            outcomes.iter().map(|o| o.events).sum(),
            outcomes.iter().map(|o| o.packet_hops).sum(),
        );
        let verdict = Verdict::from(summaries.iter().all(|c| c.verdict == Verdict::Pass));
        let summary = N1Summary {
            header: Header::new(
                &design.network.name,
                &design.hash,
                cfg.seed,
                cfg.replications,
                Targets::from(sla),
            ),
            verdict,
            cases: summaries,
            stats,
        };
        Ok(N1Result {
            summary,
            rows: all_rows,
            simulated: experiments.len(),
            wall: wall.elapsed(),
            config: cfg,
        })
    }

    /// Runs every case and writes the result folder to `out`.
    pub fn execute_into(
        &self,
        out: &Path,
        guard: &Guard,
        observer: &dyn Observer,
    ) -> Result<N1Result, Error> {
        self.config()?;
        crate::report::outdir::check_target(out, guard).map_err(Error::Write)?;
        let result = self.execute(observer)?;
        result.write(self.design, out, guard)?;
        Ok(result)
    }
}

impl N1Result {
    /// Writes the analysis' result folder: n1.csv, summary.json, run.json, the n1 plot and the
    /// report, sealed by a manifest.
    pub fn write(&self, design: &Design, out: &Path, guard: &Guard) -> Result<(), Error> {
        let staging = Staging::begin(out, guard).map_err(Error::Write)?;
        let dir = staging.path();
        let csv = tables::to_csv(&self.rows, &[]).map_err(|e| Error::Write(e.to_string()))?;
        crate::report::write_atomic(&dir.join("n1.csv"), &csv)
            .map_err(|e| Error::Write(format!("cannot write {e}")))?;
        let s = &self.summary;
        output::write_json(&dir.join("summary.json"), s)?;
        output::run_json(dir, self.wall, s.stats.events, self.config.threads)?;
        #[cfg(feature = "plots")]
        crate::report::plots::draw_n1(dir, &self.rows, &s.header.sla, s.header.replications)
            .map_err(|e| Error::Write(format!("plot not drawn: {e}")))?;
        output::report(dir, Kind::N1)?;
        let target = staging.target().display().to_string();
        staging
            .commit(output::manifest(Kind::N1, design, &self.config, &s.stats))
            .map_err(|e| Error::Write(format!("cannot write {target}: {e}")))
    }
}
