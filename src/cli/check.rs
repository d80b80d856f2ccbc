//! `vpcsim check FILE --baseline summary.json`: re-run and compare with a stored result.
//! Exit 0 same, 1 regressed, 2 bad input (including a baseline that cannot be compared).

use super::{EXIT_BAD_INPUT, print_diagnostics};
use crate::study::{Collector, Experiment, RunConfig, execute};
use crate::study::{MAX_REPLICATIONS, Shard};
use crate::study::design::load_network_with;
use crate::report::compare::changes_since;
use crate::report::manifest::{MAX_MANIFEST_BYTES, read_limited, verify};
use crate::report::regression::Tolerance;
use crate::report::{Summary, safe};
use serde_json::Value;
use std::path::Path;

/// A baseline summary read and checked for what `check` needs.
struct Baseline {
    json: Value,
    seed: u64,
    replications: u32,
}

/// Reads a baseline: a summary.json, or a result folder (its manifest verified). Refuses
/// anything that is not the whole, consistent summary of a run of `scenario`: every field the
/// judge compares must be there (a figure or `null`), every value in its range, every verdict
/// the one its figures give.
fn read_baseline(path: &Path, scenario: &str) -> Result<Baseline, String> {
    let file = if path.is_dir() {
        let m = verify(path)?;
        if m.kind != crate::report::manifest::Kind::Run {
            return Err(format!(
                "{} holds a {} result; a baseline is the summary of a whole run",
                path.display(),
                m.kind.word()
            ));
        }
        path.join("summary.json")
    } else {
        path.to_path_buf()
    };
    let bytes = read_limited(&file, MAX_MANIFEST_BYTES)?;
    let json: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{}: not JSON: {e}", file.display()))?;
    let not = |why: &str| format!("{}: not a vpcsim run summary: {why}", file.display());
    if json.get("sweep").is_some() {
        return Err(not("it is a sweep's summary; check compares plain runs"));
    }
    if json.get("cases").is_some() {
        return Err(not("it is an N-1 analysis; check compares plain runs"));
    }
    let summary: Summary = serde_json::from_value(json.clone()).map_err(|e| not(&e.to_string()))?;
    if summary.header.scenario != scenario {
        return Err(format!(
            "{}: the baseline is of scenario \"{}\", not \"{}\"",
            file.display(),
            safe(&summary.header.scenario),
            safe(scenario)
        ));
    }
    if summary.header.seed > crate::engine::MAX_SEED {
        return Err(not("\"seed\" is not a seed below 2^63"));
    }
    let replications = u32::try_from(summary.header.replications)
        .ok()
        .filter(|r| (1..=MAX_REPLICATIONS).contains(r))
        .ok_or_else(|| {
            not(&format!(
                "\"replications\" is not in 1..={MAX_REPLICATIONS}"
            ))
        })?;
    if summary.flows.is_empty() {
        return Err(not("it has no flows, so nothing can be compared"));
    }
    let problems = summary.problems();
    if !problems.is_empty() {
        return Err(not(&problems.join("; ")));
    }
    Ok(Baseline {
        json,
        seed: summary.header.seed,
        replications,
    })
}

/// The command-line options of `check`.
pub struct CheckOptions {
    /// 0 for every core.
    pub threads: usize,
    /// `--tolerance` items, applied in order over the default.
    pub tolerance: Vec<String>,
    /// The work a run may take on.
    pub limits: crate::study::budget::Limits,
}

pub fn run(file: &Path, baseline: &Path, opts: &CheckOptions) -> u8 {
    match check(file, baseline, opts) {
        Ok(code) => code,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            EXIT_BAD_INPUT
        }
    }
}

fn check(file: &Path, baseline: &Path, opts: &CheckOptions) -> Result<u8, String> {
    let threads = opts.threads;
    let mut tol = Tolerance::default();
    for t in &opts.tolerance {
        tol.apply(t)?;
    }
    if threads > crate::study::MAX_THREADS {
        return Err(format!(
            "--threads {threads} is more than {}; use 0 for every core",
            crate::study::MAX_THREADS
        ));
    }
    let loaded = load_network_with(file, super::load_options()).map_err(|d| {
        print_diagnostics(&d);
        String::new()
    })?;
    let net = &loaded.network;
    if !loaded.points.is_empty() {
        return Err("check compares plain runs; this scenario has a [sweep]".into());
    }
    let base = read_baseline(baseline, &net.name)?;
    super::run::check_budget(&loaded, base.replications, 0, &opts.limits)?;
    if let Some(h) = base.json.get("scenario_hash").and_then(Value::as_str)
        && h != loaded.hash
    {
        eprintln!(
            "note: {} was written from another version of {}; differences may come from the scenario",
            baseline.display(),
            file.display()
        );
    }
    // Re-run with the baseline's seed and replication count so the comparison is like for like.
    let cfg = RunConfig {
        seed: base.seed,
        replications: base.replications,
        shard: Shard::WHOLE,
        threads,
    };
    let exp = Experiment::new("", net.clone());
    let mut collectors = [Collector::new(net, None)];
    execute(std::slice::from_ref(&exp), &cfg, &mut collectors, &())?;
    let [c] = collectors;
    let outcome = c.finish()?;
    let summary = super::output::priced_summary(net, &loaded.hash, &cfg, &outcome);
    let current = serde_json::to_value(&summary).map_err(|e| e.to_string())?;
    let found = changes_since(&base.json, &current, &tol);
    let name = safe(&net.name);
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut o = String::new();
    if found.regressions.is_empty() {
        o += &format!(
            "{name}: no regression against {} (seed {}, {} replications)\n",
            baseline.display(),
            cfg.seed,
            cfg.replications
        );
    } else {
        o += &format!(
            "{name}: {} against {}:\n",
            count(found.regressions.len(), "regression"),
            baseline.display()
        );
        for r in &found.regressions {
            o += &format!("  {r}\n");
        }
    }
    if !found.improvements.is_empty() {
        o += &format!(
            "{} (not regressions; refresh the baseline to keep them):\n",
            count(found.improvements.len(), "improvement")
        );
        for r in &found.improvements {
            o += &format!("  {r}\n");
        }
    }
    print!("{o}");
    Ok(if found.regressions.is_empty() { 0 } else { 1 })
}
