//! A regression check: the design run again with a stored summary's seed and replications,
//! and the two compared, strictly (see [`crate::report::compare::changes_since`]).

use super::budget::Limits;
use super::run::{check_budget, check_numbers};
use super::{Collector, Design, Error, Experiment, Observer, Rows, RunConfig, Shard, execute};
use crate::report::compare::{Changes, changes_since};
use crate::report::manifest::{Kind, MAX_MANIFEST_BYTES, read_limited, verify};
use crate::report::regression::Tolerance;
use crate::report::{Summary, safe};
use std::path::{Path, PathBuf};

/// A baseline: the whole, consistent summary of an earlier run.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// Where it was read from (summary.json itself).
    pub path: PathBuf,
    pub summary: Summary,
}

impl Baseline {
    /// Reads a baseline: a summary.json, or a result folder (its manifest verified). Refuses
    /// anything that is not the whole, consistent summary of a run: every field the judge
    /// compares present (a figure or `null`), every value in its range, every verdict the one
    /// its figures give.
    pub fn read(path: &Path) -> Result<Baseline, Error> {
        let file = if path.is_dir() {
            let m = verify(path).map_err(Error::Input)?;
            if m.kind != Kind::Run {
                return Err(Error::Input(format!(
                    "{} holds a {} result; a baseline is the summary of a whole run",
                    path.display(),
                    m.kind.word()
                )));
            }
            path.join("summary.json")
        } else {
            path.to_path_buf()
        };
        let not = |why: &str| {
            Error::Input(format!(
                "{}: not a vpcsim run summary: {why}",
                file.display()
            ))
        };
        let bytes = read_limited(&file, MAX_MANIFEST_BYTES).map_err(Error::Input)?;
        #[derive(serde::Deserialize)]
        struct Keys {
            sweep: Option<serde::de::IgnoredAny>,
            cases: Option<serde::de::IgnoredAny>,
        }
        if let Ok(k) = serde_json::from_slice::<Keys>(&bytes) {
            if k.sweep.is_some() {
                return Err(not("it is a sweep's summary; check compares plain runs"));
            }
            if k.cases.is_some() {
                return Err(not("it is an N-1 analysis; check compares plain runs"));
            }
        }
        let summary: Summary = serde_json::from_slice(&bytes).map_err(|e| not(&e.to_string()))?;
        if summary.header.seed > crate::engine::MAX_SEED {
            return Err(not("\"seed\" is not a seed below 2^63"));
        }
        if !(1..=super::MAX_REPLICATIONS as u64).contains(&summary.header.replications) {
            return Err(not(&format!(
                "\"replications\" is not in 1..={}",
                super::MAX_REPLICATIONS
            )));
        }
        if summary.flows.is_empty() {
            return Err(not("it has no flows, so nothing can be compared"));
        }
        let problems = summary.problems();
        if !problems.is_empty() {
            return Err(not(&problems.join("; ")));
        }
        Ok(Baseline {
            path: file,
            summary,
        })
    }
}

/// A check of a design against a baseline.
pub struct Check<'d> {
    design: &'d Design,
    baseline: &'d Baseline,
    /// How far a metric may move before it counts.
    pub tolerance: Tolerance,
    /// Worker threads; 0 uses every core.
    pub threads: usize,
    /// The work the run may take on.
    pub limits: Limits,
}

/// What a check found.
#[derive(Debug, Clone)]
pub struct CheckResult {
    /// What got worse (regressions) and what got better.
    pub changes: Changes,
    /// The seed and replications both runs used (the baseline's).
    pub seed: u64,
    pub replications: u32,
    /// Whether the baseline was computed from other scenario content: differences may then
    /// come from the scenario rather than from vpcsim.
    pub scenario_changed: bool,
    /// The summary of the run just made.
    pub current: Summary,
}

impl<'d> Check<'d> {
    /// A check of `design` against `baseline` with the default tolerance.
    pub fn new(design: &'d Design, baseline: &'d Baseline) -> Check<'d> {
        Check {
            design,
            baseline,
            tolerance: Tolerance::default(),
            threads: 0,
            limits: Limits::default(),
        }
    }

    /// Runs the design with the baseline's seed and replications and compares.
    pub fn execute(&self, observer: &dyn Observer) -> Result<CheckResult, Error> {
        let design = self.design;
        let net = &design.network;
        if design.has_sweep() {
            return Err(Error::Usage(
                "check compares plain runs; this scenario has a [sweep]".into(),
            ));
        }
        let base = &self.baseline.summary;
        if base.header.scenario != net.name {
            return Err(Error::Input(format!(
                "{}: the baseline is of scenario \"{}\", not \"{}\"",
                self.baseline.path.display(),
                safe(&base.header.scenario),
                safe(&net.name)
            )));
        }
        let replications = base.header.replications as u32;
        check_numbers(replications, self.threads, base.header.seed)?;
        check_budget(design, replications, 0, &self.limits)?;
        // Re-run with the baseline's seed and replication count so the comparison is like for
        // like.
        let cfg = RunConfig {
            seed: base.header.seed,
            replications,
            shard: Shard::WHOLE,
            threads: self.threads,
        };
        let exp = Experiment::new("", net.clone());
        let mut collectors = [Collector::new(net, Rows::Discard)];
        execute(std::slice::from_ref(&exp), &cfg, &mut collectors, observer)
            .map_err(Error::Write)?;
        let [c] = collectors;
        let outcome = c.finish().map_err(Error::Write)?;
        let current = super::output::priced_summary(net, &design.hash, &cfg, &outcome);
        Ok(CheckResult {
            changes: changes_since(base, &current, &self.tolerance),
            seed: cfg.seed,
            replications,
            scenario_changed: base.header.scenario_hash != design.hash,
            current,
        })
    }
}
