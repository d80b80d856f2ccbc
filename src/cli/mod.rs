//! Command-line interface: thin wrappers that call the library stages and map outcomes to
//! exit codes (0 ok / all SLAs met, 1 SLA violated or regression, 2 bad input or usage).

mod catalogue;
mod check;
mod compare;
mod explain;
mod merge;
mod n1;
mod plot;
mod progress;
mod reach;
mod run;
mod shard_env;
mod sweep;
mod validate;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code for bad input or usage.
pub const EXIT_BAD_INPUT: u8 = 2;

const RUN_EXIT: &str = "Exit codes:\n  0  every SLA target is met (a sweep: at least one value meets every target; a shard: written)\n  1  some target is violated (a sweep: no value meets every target)\n  2  bad input or usage: the scenario, an option or a file is wrong; nothing is written";
const VALIDATE_EXIT: &str = "Exit codes:\n  0  every file is valid (warnings may be printed)\n  2  some file has errors; each is printed with file:line:column, key and hint";
const REACH_EXIT: &str = "Exit codes:\n  0  the matrix (or the flows) was printed\n  2  the scenario has errors, or --from/--to names nothing in it";
const MERGE_EXIT: &str = "Exit codes:\n  0  merged; every SLA target is met\n  1  merged; some target is violated\n  2  the folders are not the complete, untouched shards of one run (the message names the folder and the mismatch)";
const CHECK_EXIT: &str = "Exit codes:\n  0  no regression against the baseline\n  1  a regression: a verdict flipped, a flow or connection disappeared, or a metric moved beyond its interval and tolerance\n  2  bad input: the scenario has errors, or the baseline is not a run summary of this scenario";
const N1_EXIT: &str = "Exit codes:\n  0  every flow meets every target in every case\n  1  some case makes a flow miss a target (the table names the case, the flow and why)\n  2  bad input or usage";
const COMPARE_EXIT: &str = "Exit codes:\n  0  B does not regress against A\n  1  B regresses: a flow or connection passing in A fails in B, one of A's is missing from B, or a metric is worse (intervals apart and beyond the tolerance)\n  2  bad input: a scenario has errors, a folder is not a finished, untouched run, or an option is wrong";
const SPECS_EXIT: &str = "Exit codes:\n  0  the catalogue was printed\n  2  bad usage";
const REGIONS_EXIT: &str =
    "Exit codes:\n  0  the catalogue was printed\n  2  bad usage (e.g. an unknown --provider)";
const EXPLAIN_EXIT: &str = "Exit codes:\n  0  the entry (or, with --list, every key) was printed\n  2  unknown key (with the closest known one), or bad usage\n\nExamples: vpcsim explain flow.rate, vpcsim explain '[[flow]].rate', vpcsim explain flow, vpcsim explain mtbf";
const PLOT_EXIT: &str = "Exit codes:\n  0  plots redrawn\n  2  the folder is not a finished, untouched result (its manifest does not match) or a plot cannot be drawn";

#[derive(Parser, Debug)]
#[command(
    name = "vpcsim",
    version,
    about = "Discrete-event simulator of private cloud interconnection: VPCs, Express Connect, peering, IDCs; judges SLA targets across Monte Carlo replications",
    after_help = "Exit codes: 0 success (all SLA targets met), 1 SLA violated or regression, 2 bad input or usage. The scenario format is described in docs/scenario.md."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Let a scenario's `[[traffic_matrix]] file` name a path outside the scenario file's
    /// folder (absolute, or through `..`). Off by default, so a scenario from elsewhere cannot
    /// read other files.
    #[arg(long, global = true)]
    pub allow_outside_paths: bool,
}

/// How this process loads scenarios, set once from the command line.
static LOAD_OPTIONS: std::sync::OnceLock<crate::scenario::LoadOptions> = std::sync::OnceLock::new();

/// The load options of this invocation.
pub(crate) fn load_options() -> crate::scenario::LoadOptions {
    LOAD_OPTIONS.get().copied().unwrap_or_default()
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and check scenario files; print every problem with file:line:column, key and hint.
    #[command(after_help = VALIDATE_EXIT)]
    Validate {
        /// Scenario files (TOML) to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print the reachability matrix: which resource reaches which, by what path, or why not.
    #[command(after_help = REACH_EXIT)]
    Reach {
        /// The scenario file (TOML).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Only pairs sent from this VPC, IDC or resource.
        #[arg(long, value_name = "NAME")]
        from: Option<String>,
        /// Only pairs received by this VPC, IDC or resource.
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
        /// One line per scenario flow (its path, or why it is blocked) instead of the matrix.
        #[arg(long, conflicts_with_all = ["from", "to"])]
        flows: bool,
    },
    /// Simulate the scenario's replications, judge the SLA and write the outputs.
    #[command(after_help = RUN_EXIT)]
    Run {
        /// The scenario file (TOML).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Number of replications [default: the scenario's].
        #[arg(long, value_name = "N")]
        replications: Option<u32>,
        /// Master seed, below 2^63 [default: the scenario's].
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// Worker threads, at most 1024 (default: all cores).
        #[arg(long, value_name = "T")]
        threads: Option<usize>,
        /// Output folder, replaced as a whole when the run ends; it must be absent, empty or an
        /// earlier vpcsim result (see --force) [default: output/<scenario name>/].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Compute only shard K of N (replications i with i % N == K - 1), e.g. 2/4; `merge`
        /// combines the shard folders.
        #[arg(long, value_parser = parse_shard, value_name = "K/N")]
        shard: Option<crate::study::Shard>,
        /// Take the shard from the scheduler: a Slurm job array (SLURM_ARRAY_TASK_ID, _MIN,
        /// _COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with --shard-count).
        #[arg(long, conflicts_with = "shard")]
        shard_from_env: bool,
        /// Shard count of a Kubernetes Indexed Job, its completions [default: $VPCSIM_SHARD_COUNT].
        #[arg(long, requires = "shard_from_env", value_name = "N")]
        shard_count: Option<u32>,
        #[command(flatten)]
        limits: LimitArgs,
        /// Replace the output folder even when it is not a vpcsim result (everything in it
        /// is deleted). Never allowed for a folder that holds an input or the working directory.
        #[arg(long)]
        force: bool,
    },
    /// Regression check: re-run with a stored summary's seed and replications and compare.
    #[command(after_help = CHECK_EXIT)]
    Check {
        /// The scenario file (TOML) the baseline was computed from.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// A summary.json of an earlier run of the same scenario, or its result folder.
        #[arg(long, value_name = "SUMMARY")]
        baseline: PathBuf,
        /// Worker threads, at most 1024 (default: all cores).
        #[arg(long, value_name = "T")]
        threads: Option<usize>,
        /// How far a metric may move before it counts, besides leaving its confidence
        /// interval: `2%` (every metric, relative to the baseline), `loss=0.0001` (absolute,
        /// shares as fractions, delays in ms) or `delay_ms.p99=5%`. Repeatable. A relative
        /// tolerance of availability or encapsulation success is of the shortfall from 100%.
        /// Default: 1%, and at least 0.0001 of loss and encapsulation success, 0.005 of
        /// jitter, 0.00001 of availability, 0.01 of utilization, 0.001 ms of delay.
        #[arg(long, value_name = "SPEC")]
        tolerance: Vec<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// N-1 analysis: fail every backbone link, leased line, VBR and connection in turn for the
    /// whole window (routing converged around it) and judge every flow.
    #[command(after_help = N1_EXIT)]
    N1 {
        /// The scenario file (TOML).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replications per case [default: the scenario's].
        #[arg(long, value_name = "N")]
        replications: Option<u32>,
        /// Master seed, below 2^63 [default: the scenario's].
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// Worker threads, at most 1024 (default: all cores).
        #[arg(long, value_name = "T")]
        threads: Option<usize>,
        /// Output folder [default: output/<scenario name>-n1/].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
        /// Replace the output folder even when it is not a vpcsim result (everything in it
        /// is deleted). Never allowed for a folder that holds an input or the working directory.
        #[arg(long)]
        force: bool,
    },
    /// Compare two designs: verdicts, every metric with both intervals, cost per day, and a
    /// short answer; writes compare.json and report.html.
    #[command(after_help = COMPARE_EXIT)]
    Compare {
        /// Design A, the reference: a result folder of `run` or `merge`, or a scenario file
        /// (run here).
        #[arg(value_name = "A")]
        a: PathBuf,
        /// Design B, judged against A: a result folder or a scenario file.
        #[arg(value_name = "B")]
        b: PathBuf,
        /// Replications of the scenarios run here [default: a given folder's, else A's scenario's].
        #[arg(long, value_name = "N")]
        replications: Option<u32>,
        /// Master seed of the scenarios run here, below 2^63 [default: a given folder's, else
        /// A's scenario's].
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// Worker threads, at most 1024 (default: all cores).
        #[arg(long, value_name = "T")]
        threads: Option<usize>,
        /// Output folder [default: output/compare-<A>-vs-<B>/].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// How far a metric may move before it counts, as for `check`: `2%`, `loss=0.0001`,
        /// `delay_ms.p99=5%`. Repeatable.
        #[arg(long, value_name = "SPEC")]
        tolerance: Vec<String>,
        #[command(flatten)]
        limits: LimitArgs,
        /// Replace the output folder even when it is not a vpcsim result (everything in it
        /// is deleted). Never allowed for a folder that holds an input or the working directory.
        #[arg(long)]
        force: bool,
    },
    /// Combine shard folders into one result, identical to an unsharded run.
    #[command(after_help = MERGE_EXIT)]
    Merge {
        /// The shard folders written by `run --shard K/N`, one per K.
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Output folder [default: output/<scenario name>/].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace the output folder even when it is not a vpcsim result (everything in it
        /// is deleted). Never allowed for a folder that holds an input or the working directory.
        #[arg(long)]
        force: bool,
    },
    /// Redraw the plots of a finished run (or sweep, or N-1 analysis) from the files in its folder.
    #[command(after_help = PLOT_EXIT)]
    Plot {
        /// A result folder written by `run`, `merge` or `n1`.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Print the router interface specifications (name, bandwidth per direction) that
    /// `[[connection]] spec` and `[sweep]` accept.
    #[command(after_help = SPECS_EXIT)]
    Specs,
    /// Print the product rules `validate` enforces: each rule's id (as errors name it), the
    /// product it applies to, the document that states it, and the rule.
    #[command(after_help = SPECS_EXIT)]
    Rules,
    /// Print the built-in regions (name, provider, city, latitude, longitude) a scenario may
    /// name without a location.
    #[command(after_help = REGIONS_EXIT)]
    Regions {
        /// Only the regions of this provider [default: both].
        #[arg(long, value_enum)]
        provider: Option<catalogue::Provider>,
    },
    /// Print a scenario key's entry of the reference (docs/scenario.md): type, unit, default,
    /// where the default comes from, meaning and example.
    #[command(after_help = EXPLAIN_EXIT)]
    Explain {
        /// The key: `flow.rate`, `[[flow]].rate`, `cost.internet_per_gb`, `event.spec.to`; a
        /// section (`flow`) prints the whole section; a bare key (`mtbf`) every section's.
        #[arg(value_name = "KEY", required_unless_present = "list")]
        key: Option<String>,
        /// Print every key of the reference, one `section.key` per line.
        #[arg(long, conflicts_with = "key")]
        list: bool,
    },
}

/// The limits on the work of one run (see `experiment::budget`).
#[derive(clap::Args, Debug, Clone, Copy, Default)]
pub struct LimitArgs {
    /// Refuse runs whose replications would each simulate more packets than this, counting
    /// each flow at its peak rate [default: 500000000, about 100 s of work].
    #[arg(long, value_name = "N")]
    max_packets: Option<u64>,
    /// Refuse runs whose replications would each hold more failures and repairs over the
    /// availability horizon than this [default: 50000000].
    #[arg(long, value_name = "N")]
    max_failure_events: Option<u64>,
    /// Refuse runs whose tables would take more than this, e.g. 50GB [default: 10GB].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_output: Option<u64>,
}

impl LimitArgs {
    /// The limits, defaults filled in.
    pub fn limits(self) -> crate::study::budget::Limits {
        let d = crate::study::budget::Limits::default();
        crate::study::budget::Limits {
            max_packets: self.max_packets.unwrap_or(d.max_packets),
            max_failure_events: self.max_failure_events.unwrap_or(d.max_failure_events),
            max_output_bytes: self.max_output.unwrap_or(d.max_output_bytes),
        }
    }
}

/// Parses a size with its unit ("50GB", "500MiB").
fn parse_size(s: &str) -> Result<u64, String> {
    s.parse::<crate::units::Size>()
        .map(|v| v.0)
        .map_err(|e| format!("`{s}` is not a size such as 50GB: {e}"))
}

/// Parses "K/N" with 1 <= K <= N.
fn parse_shard(s: &str) -> Result<crate::study::Shard, String> {
    let (k, n) = s
        .split_once('/')
        .ok_or_else(|| format!("`{s}` is not K/N, e.g. 2/4"))?;
    let k: u32 = k
        .trim()
        .parse()
        .map_err(|_| format!("`{k}` is not a shard number"))?;
    let n: u32 = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a shard count"))?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("shard {k}/{n} is out of range: K is 1..=N"));
    }
    if n > crate::study::MAX_SHARDS {
        return Err(format!(
            "{n} shards is more than {}",
            crate::study::MAX_SHARDS
        ));
    }
    Ok(crate::study::Shard {
        index: k - 1,
        count: n,
    })
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_BAD_INPUT } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let cli = match shard_env::apply(cli) {
        Ok(c) => c,
        Err(code) => return ExitCode::from(code),
    };
    let _ = LOAD_OPTIONS.set(crate::scenario::LoadOptions {
        allow_outside_paths: cli.allow_outside_paths,
    });
    let code = match cli.command {
        Command::Validate { files } => validate::run(&files),
        Command::Reach {
            file,
            from,
            to,
            flows,
        } => reach::run(&file, &reach::ReachOptions { from, to, flows }),
        Command::Run {
            file,
            replications,
            seed,
            threads,
            out,
            shard,
            limits,
            force,
            ..
        } => run::run(
            &file,
            &run::RunOptions {
                replications,
                seed,
                threads: threads.unwrap_or(0),
                out,
                shard,
                limits: limits.limits(),
                force,
            },
        ),
        Command::Merge { dirs, out, force } => merge::run(&dirs, out.as_deref(), force),
        Command::N1 {
            file,
            replications,
            seed,
            threads,
            out,
            limits,
            force,
        } => n1::run(
            &file,
            &run::RunOptions {
                replications,
                seed,
                threads: threads.unwrap_or(0),
                out,
                shard: None,
                limits: limits.limits(),
                force,
            },
        ),
        Command::Check {
            file,
            baseline,
            threads,
            tolerance,
            limits,
        } => check::run(
            &file,
            &baseline,
            &check::CheckOptions {
                threads: threads.unwrap_or(0),
                tolerance,
                limits: limits.limits(),
            },
        ),
        Command::Plot { dir } => plot::run(&dir),
        Command::Compare {
            a,
            b,
            replications,
            seed,
            threads,
            out,
            tolerance,
            limits,
            force,
        } => compare::run(
            &a,
            &b,
            &compare::CompareOptions {
                run: run::RunOptions {
                    replications,
                    seed,
                    threads: threads.unwrap_or(0),
                    out,
                    shard: None,
                    limits: limits.limits(),
                    force,
                },
                tolerance,
            },
        ),
        Command::Specs => catalogue::specs(),
        Command::Rules => catalogue::rules(),
        Command::Regions { provider } => catalogue::regions_of(provider),
        Command::Explain { key, list } => explain::run(key.as_deref(), list),
    };
    ExitCode::from(code)
}

/// Prints diagnostics to stderr, in colour when stderr is a terminal.
pub fn print_diagnostics(d: &crate::scenario::Diagnostics) {
    use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
    use std::io::{IsTerminal, Write};
    if d.items.is_empty() {
        return;
    }
    let choice = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut out = BufferedStandardStream::stderr(choice);
    d.render_to(&mut out);
    let _ = out.flush();
}

/// Loads and builds a scenario file, printing its warnings, or every problem (then `None`).
pub(crate) fn load(file: &std::path::Path) -> Option<crate::study::Design> {
    match crate::study::Design::load_with(file, load_options()) {
        Ok(d) => {
            print_diagnostics(&d.warnings);
            Some(d)
        }
        Err(e) => {
            failed(e);
            None
        }
    }
}

/// Prints why a study failed (every diagnostic of an invalid scenario or exceeded limit, with
/// its source line) and returns the exit code for bad input.
pub(crate) fn failed(e: crate::study::Error) -> u8 {
    match e.diagnostics() {
        Some(d) => print_diagnostics(d),
        None => eprintln!("error: {e}"),
    }
    EXIT_BAD_INPUT
}
