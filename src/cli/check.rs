//! `vpcsim check FILE --baseline summary.json`: re-run and compare with a stored result.
//! Exit 0 same, 1 regressed, 2 bad input (including a baseline that cannot be compared).

use super::{EXIT_BAD_INPUT, failed, load};
use crate::report::regression::Tolerance;
use crate::report::safe;
use crate::study::{Baseline, Check, CheckResult};
use std::path::Path;

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
    let mut tolerance = Tolerance::default();
    for t in &opts.tolerance {
        if let Err(e) = tolerance.apply(t) {
            eprintln!("error: {e}");
            return EXIT_BAD_INPUT;
        }
    }
    if let Err(e) = crate::study::run::check_numbers(1, opts.threads, 0) {
        return failed(e);
    }
    let Some(design) = load(file) else {
        return EXIT_BAD_INPUT;
    };
    let base = match Baseline::read(baseline) {
        Ok(b) => b,
        Err(e) => return failed(e),
    };
    let mut check = Check::new(&design, &base);
    check.tolerance = tolerance;
    check.threads = opts.threads;
    check.limits = opts.limits;
    let result = match check.execute(&()) {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    if result.scenario_changed {
        eprintln!(
            "note: {} was written from another version of {}; differences may come from the scenario",
            baseline.display(),
            file.display()
        );
    }
    print!("{}", render(design.name(), baseline, &result));
    if result.changes.regressions.is_empty() {
        0
    } else {
        1
    }
}

fn render(name: &str, baseline: &Path, r: &CheckResult) -> String {
    let found = &r.changes;
    let name = safe(name);
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut o = String::new();
    if found.regressions.is_empty() {
        o += &format!(
            "{name}: no regression against {} (seed {}, {} replications)\n",
            baseline.display(),
            r.seed,
            r.replications
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
    o
}
