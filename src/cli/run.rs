//! `vpcsim run FILE`: simulate, judge, write outputs; exit 0 all SLAs met, 1 violated, 2 bad
//! input, 3 not shown.

use super::progress::Progress;
use super::{EXIT_BAD_INPUT, failed, load};
use crate::report::{default_out_dir, safe, terminal};
use crate::study::budget::Limits;
use crate::study::output::guard;
use crate::study::{Design, Run, Shard};
use std::path::{Path, PathBuf};

/// Options of `run` that override the scenario.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub replications: Option<u32>,
    pub seed: Option<u64>,
    pub threads: usize,
    pub out: Option<PathBuf>,
    pub shard: Option<Shard>,
    /// The work a run may take on.
    pub limits: Limits,
    /// Replace an output folder that is not a vpcsim result.
    pub force: bool,
}

pub fn run(file: &Path, opts: &RunOptions) -> u8 {
    let Some(design) = load(file) else {
        return EXIT_BAD_INPUT;
    };
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| default_out_dir(design.name()));
    if design.has_sweep() {
        if opts.shard.is_some() {
            eprintln!(
                "error: --shard does not apply to a scenario with [sweep]; run the sweep on one machine, or split it into one scenario per value"
            );
            return EXIT_BAD_INPUT;
        }
        return super::sweep::run(&design, opts, &out);
    }
    single(&design, opts, &out)
}

/// One design: a whole run, or one shard of it for `merge`.
fn single(design: &Design, opts: &RunOptions, out: &Path) -> u8 {
    let mut run = Run::new(design);
    run.replications = opts.replications;
    run.seed = opts.seed;
    run.threads = opts.threads;
    run.shard = opts.shard;
    run.limits = opts.limits;
    let progress = Progress::new(design.name());
    let result = run.execute_into(out, &guard(design, opts.force, &[]), &progress);
    progress.finish();
    let result = match result {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    if let Some(s) = opts.shard {
        println!(
            "{}: shard {}/{} ({} replications) written to {}",
            safe(design.name()),
            s.index + 1,
            s.count,
            s.replications(result.config.replications).count(),
            out.display()
        );
        return 0;
    }
    print_result(&result.summary, out);
    result.verdict().exit_code()
}

/// Prints a run's table, its cost and where its outputs are.
pub fn print_result(summary: &crate::report::Summary, out: &Path) {
    print!("{}", terminal::render_summary(summary));
    print!("{}", terminal::cost_line(&summary.cost));
    println!("outputs: {}", out.display());
}
