//! `vpcsim compare A B`: two designs side by side. A and B are result folders (their
//! manifests verified) or scenario files, which are run here with the same seed and
//! replication count (common random numbers: the same replication of A and B sees the same
//! random draws wherever their components share names). Exit 0 when B does not regress
//! against A, 1 when it does, 2 for bad input.

use super::run::{RunOptions, check_budget};
use super::{EXIT_BAD_INPUT, output, print_diagnostics};
use crate::study::{Collector, Experiment, RunConfig, execute};
use crate::study::Shard;
use crate::study::design::{Design, load_network_with};
use crate::report::compare::{Comparison, compare, render};
use crate::report::html::{REPORT_FILE, compare as page};
use crate::report::manifest::{
    Kind, MAX_MANIFEST_BYTES, Manifest, read_limited, sha256_hex, verify,
};
use crate::report::outdir::Staging;
use crate::report::regression::Tolerance;
use crate::report::tables::TableWriters;
use crate::report::{default_out_dir, write_atomic};
use serde_json::Value;
use std::path::Path;
use std::time::Instant;

/// Options of `compare`.
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    pub run: RunOptions,
    pub tolerance: Vec<String>,
}

/// One side of the comparison.
enum Side {
    /// A finished run: its summary.json.
    Folder { summary: Value },
    /// A scenario to run here.
    Scenario(Box<Design>),
}

impl Side {
    fn name(&self) -> String {
        match self {
            Side::Folder { summary, .. } => summary
                .get("scenario")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string(),
            Side::Scenario(l) => l.network.name.clone(),
        }
    }

    fn hash(&self) -> String {
        match self {
            Side::Folder { summary, .. } => summary
                .get("scenario_hash")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            Side::Scenario(l) => l.hash.clone(),
        }
    }

    /// (seed, replications) of a finished run.
    fn fixed(&self) -> Option<(u64, u32)> {
        match self {
            Side::Folder { summary, .. } => Some((
                summary.get("seed")?.as_u64()?,
                u32::try_from(summary.get("replications")?.as_u64()?).ok()?,
            )),
            Side::Scenario(_) => None,
        }
    }
}

pub fn run(a: &Path, b: &Path, opts: &CompareOptions) -> u8 {
    match compare_paths(a, b, opts) {
        Ok(code) => code,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            EXIT_BAD_INPUT
        }
    }
}

/// Reads a side: a result folder of a whole run, or a scenario file without [sweep].
fn side(path: &Path, letter: &str) -> Result<Side, String> {
    if path.is_dir() {
        let m = verify(path)?;
        if m.kind != Kind::Run {
            return Err(format!(
                "{letter} ({}) holds a {} result; compare takes whole runs (a run or merge folder) or scenario files",
                path.display(),
                m.kind.word()
            ));
        }
        let file = path.join("summary.json");
        let bytes = read_limited(&file, MAX_MANIFEST_BYTES)?;
        let summary: Value = serde_json::from_slice(&bytes)
            .map_err(|e| format!("{}: not JSON: {e}", file.display()))?;
        if summary.get("flows").and_then(Value::as_array).is_none() {
            return Err(format!("{}: not a run summary: no flows", file.display()));
        }
        return Ok(Side::Folder { summary });
    }
    let loaded = load_network_with(path, super::load_options()).map_err(|d| {
        print_diagnostics(&d);
        String::new()
    })?;
    print_diagnostics(&loaded.warnings);
    if !loaded.points.is_empty() {
        return Err(format!(
            "{letter} ({}) has a [sweep]; compare takes one design per side",
            path.display()
        ));
    }
    Ok(Side::Scenario(Box::new(loaded)))
}

/// Seed and replications for the sides still to run: the command line, else a finished
/// side's (so the run matches it), else A's scenario, else B's.
fn config(a: &Side, b: &Side, opts: &RunOptions) -> Result<RunConfig, String> {
    let fixed = a.fixed().or(b.fixed());
    let scenario = [a, b].into_iter().find_map(|s| match s {
        Side::Scenario(l) => Some(&l.network.simulation),
        Side::Folder { .. } => None,
    });
    let seed = opts
        .seed
        .or(fixed.map(|f| f.0))
        .or(scenario.map(|s| s.seed))
        .unwrap_or(1);
    let replications = opts
        .replications
        .or(fixed.map(|f| f.1))
        .or(scenario.map(|s| s.replications))
        .unwrap_or(1);
    super::run::check_numbers(replications, opts.threads, seed)?;
    for s in [a, b] {
        if let Side::Scenario(l) = s {
            check_budget(l, replications, 1, &opts.limits)?;
        }
    }
    Ok(RunConfig {
        seed,
        replications,
        shard: Shard::WHOLE,
        threads: opts.threads,
    })
}

fn compare_paths(a: &Path, b: &Path, opts: &CompareOptions) -> Result<u8, String> {
    let mut tol = Tolerance::default();
    for t in &opts.tolerance {
        tol.apply(t)?;
    }
    let (sa, sb) = (side(a, "A")?, side(b, "B")?);
    let cfg = config(&sa, &sb, &opts.run)?;
    if let (Some(fa), Some(fb)) = (sa.fixed(), sb.fixed())
        && fa != fb
    {
        eprintln!(
            "note: A ran with seed {} and {} replications, B with seed {} and {}: differences include sampling noise",
            fa.0, fa.1, fb.0, fb.1
        );
    }
    let (name_a, name_b) = (sa.name(), sb.name());
    let out = opts
        .run
        .out
        .clone()
        .unwrap_or_else(|| default_out_dir(&format!("compare-{name_a}-vs-{name_b}")));
    let mut guard = crate::report::outdir::Guard {
        force: opts.run.force,
        inputs: vec![a.to_path_buf(), b.to_path_buf()],
    };
    for s in [&sa, &sb] {
        if let Side::Scenario(l) = s {
            guard
                .inputs
                .extend(super::output::guard(l, false, &[]).inputs);
        }
    }
    let staging = Staging::begin(&out, &guard)?;
    let dir = staging.path().to_path_buf();
    let wall = Instant::now();
    let summaries = summaries(&[(&sa, "a"), (&sb, "b")], &cfg, &dir)?;
    let label = |name: &str, path: &Path| format!("{name} ({})", path.display());
    let c = compare(
        &label(&name_a, a),
        &summaries[0],
        &label(&name_b, b),
        &summaries[1],
        &tol,
    );
    output::write_json(&dir.join("compare.json"), &c)?;
    let html = dir.join(REPORT_FILE);
    let runs_here = [&sa, &sb].map(|s| matches!(s, Side::Scenario(_)));
    write_atomic(&html, page::render(&c, runs_here).as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", html.display()))?;
    let events = summaries
        .iter()
        .filter_map(|s| s.pointer("/stats/events").and_then(Value::as_u64))
        .sum();
    output::run_json(&dir, wall.elapsed(), events, cfg.threads)?;
    let mut m = Manifest::new(
        Kind::Compare,
        &format!("{name_a} vs {name_b}"),
        sha256_hex(format!("{}\n{}", sa.hash(), sb.hash()).as_bytes()),
        cfg.seed,
        cfg.replications as u64,
        None,
    );
    m.events = events;
    staging
        .commit(m)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    print!("{}", render(&c));
    println!("outputs: {}", out.display());
    Ok(exit_code(&c))
}

fn exit_code(c: &Comparison) -> u8 {
    if c.regressions.is_empty() { 0 } else { 1 }
}

/// The summary of each side: read from its folder, or computed here (both scenarios on one
/// pool) and written, with its tables and plots, under `dir/<a|b>/`.
fn summaries(sides: &[(&Side, &str)], cfg: &RunConfig, dir: &Path) -> Result<Vec<Value>, String> {
    let mut experiments = Vec::new();
    let mut collectors = Vec::new();
    let mut dirs = Vec::new();
    for (s, sub) in sides {
        if let Side::Scenario(l) = s {
            let d = dir.join(sub);
            collectors.push(Collector::new(
                &l.network,
                Some(TableWriters::create(&d, false)?),
            ));
            experiments.push(Experiment::new(*sub, l.network.clone()));
            dirs.push(d);
        }
    }
    execute(&experiments, cfg, &mut collectors, &())?;
    let mut computed = Vec::new();
    for ((collector, e), d) in collectors.into_iter().zip(&experiments).zip(&dirs) {
        let outcome = collector.finish()?;
        let loaded = sides
            .iter()
            .find_map(|(s, sub)| match s {
                Side::Scenario(l) if *sub == e.label => Some(l),
                _ => None,
            })
            .ok_or("a compared scenario was lost")?;
        let summary = output::priced_summary(&e.network, &loaded.hash, cfg, &outcome);
        output::write_result(d, &summary)?;
        computed.push(serde_json::to_value(&summary).map_err(|e| e.to_string())?);
    }
    let mut computed = computed.into_iter();
    sides
        .iter()
        .map(|(s, _)| match s {
            Side::Folder { summary, .. } => Ok(summary.clone()),
            Side::Scenario(_) => computed
                .next()
                .ok_or_else(|| "a summary was lost".to_string()),
        })
        .collect()
}
