//! Two designs side by side. Each side is a finished run (its folder's manifest verified) or
//! a design run here; designs run here share one seed and replication count (common random
//! numbers: the same replication of A and B sees the same draws wherever their components
//! share names).

use super::budget::Limits;
use super::output;
use super::run::{check_budget, check_numbers};
use super::{
    Collector, Design, Error, Experiment, Observer, Rows, RunConfig, RunResult, Shard, execute,
};
use crate::report::Summary;
use crate::report::compare::{Comparison, compare};
use crate::report::manifest::{
    Kind, MAX_MANIFEST_BYTES, Manifest, read_limited, sha256_hex, verify,
};
use crate::report::outdir::{Guard, Staging};
use crate::report::regression::Tolerance;
use crate::report::tables::TableWriters;
use crate::sla::record::Tables;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One side of a comparison.
#[derive(Clone)]
pub enum Side<'a> {
    /// A finished run: its summary.json, read from `path`.
    Result {
        path: PathBuf,
        summary: Box<Summary>,
    },
    /// A design to run here; `path` names it in the comparison's labels.
    Design { path: PathBuf, design: &'a Design },
}

impl Side<'_> {
    /// Reads a result folder of a whole run as a side; `letter` ("A", "B") names it in errors.
    pub fn read(path: &Path, letter: &str) -> Result<Side<'static>, Error> {
        let m = verify(path).map_err(Error::Input)?;
        if m.kind != Kind::Run {
            return Err(Error::Input(format!(
                "{letter} ({}) holds a {} result; compare takes whole runs (a run or merge folder) or scenario files",
                path.display(),
                m.kind.word()
            )));
        }
        let file = path.join("summary.json");
        let bytes = read_limited(&file, MAX_MANIFEST_BYTES).map_err(Error::Input)?;
        let summary: Summary = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Input(format!("{}: not a run summary: {e}", file.display())))?;
        Ok(Side::Result {
            path: path.to_path_buf(),
            summary: Box::new(summary),
        })
    }

    fn name(&self) -> String {
        match self {
            Side::Result { summary, .. } => summary.header.scenario.clone(),
            Side::Design { design, .. } => design.name().to_string(),
        }
    }

    fn hash(&self) -> String {
        match self {
            Side::Result { summary, .. } => summary.header.scenario_hash.clone(),
            Side::Design { design, .. } => design.hash.clone(),
        }
    }

    fn path(&self) -> &Path {
        match self {
            Side::Result { path, .. } | Side::Design { path, .. } => path,
        }
    }

    /// (seed, replications) of a finished run.
    pub fn fixed(&self) -> Option<(u64, u32)> {
        match self {
            Side::Result { summary, .. } => Some((
                summary.header.seed,
                u32::try_from(summary.header.replications).ok()?,
            )),
            Side::Design { .. } => None,
        }
    }

    fn design(&self) -> Option<&Design> {
        match self {
            Side::Design { design, .. } => Some(design),
            Side::Result { .. } => None,
        }
    }
}

/// A comparison of design B against design A.
#[derive(Clone)]
pub struct Compare<'a> {
    a: Side<'a>,
    b: Side<'a>,
    /// Replications of the designs run here [default: a finished side's, else A's scenario's].
    pub replications: Option<u32>,
    /// Seed of the designs run here [default: a finished side's, else A's scenario's].
    pub seed: Option<u64>,
    /// Worker threads; 0 uses every core.
    pub threads: usize,
    /// How far a metric may move before it counts.
    pub tolerance: Tolerance,
    /// The work each design run here may take on.
    pub limits: Limits,
}

/// What a comparison found, with the runs made for it.
#[derive(Debug, Clone)]
pub struct CompareResult {
    pub comparison: Comparison,
    /// The run of each side that was a design (`None` for a finished run).
    pub runs: [Option<RunResult>; 2],
}

impl CompareResult {
    /// Whether B regresses against A.
    pub fn regressed(&self) -> bool {
        !self.comparison.regressions.is_empty()
    }
}

impl<'a> Compare<'a> {
    /// B compared against A with the default settings.
    pub fn new(a: Side<'a>, b: Side<'a>) -> Compare<'a> {
        Compare {
            a,
            b,
            replications: None,
            seed: None,
            threads: 0,
            tolerance: Tolerance::default(),
            limits: Limits::default(),
        }
    }

    /// The seed and replications of the designs run here: as set, else a finished side's (so
    /// the run matches it), else A's scenario's, else B's; checked against their limits.
    pub fn config(&self) -> Result<RunConfig, Error> {
        for (s, letter) in [(&self.a, "A"), (&self.b, "B")] {
            if let Some(d) = s.design()
                && d.has_sweep()
            {
                return Err(Error::Usage(format!(
                    "{letter} ({}) has a [sweep]; compare takes one design per side",
                    s.path().display()
                )));
            }
        }
        let fixed = self.a.fixed().or(self.b.fixed());
        let scenario = [&self.a, &self.b]
            .into_iter()
            .find_map(|s| s.design().map(|d| &d.network.simulation));
        let seed = self
            .seed
            .or(fixed.map(|f| f.0))
            .or(scenario.map(|s| s.seed))
            .unwrap_or(1);
        let replications = self
            .replications
            .or(fixed.map(|f| f.1))
            .or(scenario.map(|s| s.replications))
            .unwrap_or(1);
        check_numbers(replications, self.threads, seed)?;
        for s in [&self.a, &self.b] {
            if let Some(d) = s.design() {
                check_budget(d, replications, 1, &self.limits)?;
            }
        }
        Ok(RunConfig {
            seed,
            replications,
            shard: Shard::WHOLE,
            threads: self.threads,
        })
    }

    /// The (seed, replications) of two finished sides when they differ: their differences
    /// then include sampling noise.
    pub fn mismatched_runs(&self) -> Option<((u64, u32), (u64, u32))> {
        match (self.a.fixed(), self.b.fixed()) {
            (Some(a), Some(b)) if a != b => Some((a, b)),
            _ => None,
        }
    }

    /// The name of each side.
    pub fn names(&self) -> (String, String) {
        (self.a.name(), self.b.name())
    }

    /// Every file this comparison reads, which its output may not touch.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut out = vec![self.a.path().to_path_buf(), self.b.path().to_path_buf()];
        for s in [&self.a, &self.b] {
            if let Some(d) = s.design() {
                out.extend(d.inputs());
            }
        }
        out
    }

    /// Runs the designs (rows kept in memory) and compares.
    pub fn execute(&self, observer: &dyn Observer) -> Result<CompareResult, Error> {
        let cfg = self.config()?;
        let runs = self.run_sides(&cfg, None, observer)?;
        self.compare(runs)
    }

    /// Runs the designs, compares, and writes the result folder to `out`: compare.json,
    /// report.html, run.json, and each design run here under `a/` or `b/`.
    pub fn execute_into(
        &self,
        out: &Path,
        guard: &Guard,
        observer: &dyn Observer,
    ) -> Result<CompareResult, Error> {
        let cfg = self.config()?;
        let staging = Staging::begin(out, guard).map_err(Error::Write)?;
        let dir = staging.path().to_path_buf();
        let wall = Instant::now();
        let runs = self.run_sides(&cfg, Some(&dir), observer)?;
        let result = self.compare(runs)?;
        let c = &result.comparison;
        output::write_json(&dir.join("compare.json"), c)?;
        #[cfg(feature = "report")]
        {
            let html = dir.join(crate::report::html::REPORT_FILE);
            let runs_here = [&self.a, &self.b].map(|s| s.design().is_some());
            let page = crate::report::html::compare::render(c, runs_here);
            crate::report::write_atomic(&html, page.as_bytes())
                .map_err(|e| Error::Write(format!("cannot write {e}")))?;
        }
        let events = [&self.a, &self.b]
            .iter()
            .zip(&result.runs)
            .map(|(s, r)| match (s, r) {
                (Side::Result { summary, .. }, _) => summary.stats.events,
                (_, Some(r)) => r.summary.stats.events,
                _ => 0,
            })
            .sum();
        output::run_json(&dir, wall.elapsed(), events, cfg.threads)?;
        let (name_a, name_b) = self.names();
        let mut m = Manifest::new(
            Kind::Compare,
            &format!("{name_a} vs {name_b}"),
            sha256_hex(format!("{}\n{}", self.a.hash(), self.b.hash()).as_bytes()),
            cfg.seed,
            cfg.replications as u64,
            None,
        );
        m.events = events;
        let target = staging.target().display().to_string();
        staging
            .commit(m)
            .map_err(|e| Error::Write(format!("cannot write {target}: {e}")))?;
        Ok(result)
    }

    /// Runs the sides that are designs on one pool; with `dir`, each run's folder is written
    /// under `dir/a/` or `dir/b/` (rows streamed), else its rows are kept in memory.
    fn run_sides(
        &self,
        cfg: &RunConfig,
        dir: Option<&Path>,
        observer: &dyn Observer,
    ) -> Result<[Option<RunResult>; 2], Error> {
        let mut experiments = Vec::new();
        let mut collectors = Vec::new();
        let mut dirs = Vec::new();
        let mut sides = Vec::new();
        for (k, (s, sub)) in [(&self.a, "a"), (&self.b, "b")].into_iter().enumerate() {
            let Some(design) = s.design() else { continue };
            let rows = match dir {
                Some(d) => {
                    let d = d.join(sub);
                    let t = TableWriters::create(&d, false).map_err(Error::Write)?;
                    dirs.push(Some(d));
                    Rows::Files(Box::new(t))
                }
                None => {
                    dirs.push(None);
                    Rows::Memory(Tables::default())
                }
            };
            collectors.push(Collector::new(&design.network, rows));
            experiments.push(Experiment::new(sub, design.network.clone()));
            sides.push((k, design));
        }
        let wall = Instant::now();
        execute(&experiments, cfg, &mut collectors, observer).map_err(Error::Write)?;
        let wall = wall.elapsed();
        let mut runs: [Option<RunResult>; 2] = [None, None];
        for ((collector, d), (k, design)) in collectors.into_iter().zip(dirs).zip(sides) {
            let outcome = collector.finish().map_err(Error::Write)?;
            let summary = output::priced_summary(&design.network, &design.hash, cfg, &outcome);
            if let Some(d) = &d {
                output::write_result(d, &summary)?;
            }
            runs[k] = Some(RunResult {
                manifest: super::run::manifest(Kind::Run, design, cfg, &outcome),
                summary,
                tables: outcome.tables,
                delays: outcome.delays,
                wall,
                config: *cfg,
            });
        }
        Ok(runs)
    }

    fn compare(&self, runs: [Option<RunResult>; 2]) -> Result<CompareResult, Error> {
        let label = |name: String, path: &Path| format!("{name} ({})", path.display());
        let (Some(a), Some(b)) = (summary_of(&self.a, &runs[0]), summary_of(&self.b, &runs[1]))
        else {
            return Err(Error::Usage(
                "a side of the comparison has no summary".into(),
            ));
        };
        let comparison = compare(
            &label(self.a.name(), self.a.path()),
            a,
            &label(self.b.name(), self.b.path()),
            b,
            &self.tolerance,
        );
        Ok(CompareResult { comparison, runs })
    }
}

/// A side's summary: read from its folder, or of the run made of its design.
fn summary_of<'s>(side: &'s Side<'_>, run: &'s Option<RunResult>) -> Option<&'s Summary> {
    match side {
        Side::Result { summary, .. } => Some(summary),
        Side::Design { .. } => run.as_ref().map(|r| &r.summary),
    }
}
