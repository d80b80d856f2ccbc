//! Command-line interface: thin wrappers that call the library stages and map outcomes to
//! exit codes (0 ok / all SLAs met, 1 SLA violated or regression, 2 bad input or usage).

mod check;
mod merge;
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

#[derive(Parser, Debug)]
#[command(
    name = "vpcsim",
    version,
    about = "Discrete-event simulator of private cloud interconnection: VPCs, Express Connect, peering, IDCs; judges SLA targets across Monte Carlo replications"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and check scenario files; print every problem with file:line:column.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the reachability matrix: which resource reaches which, by what path, or why not.
    Reach { file: PathBuf },
    /// Simulate the scenario's replications and judge the SLA.
    Run {
        file: PathBuf,
        /// Number of replications (default: the scenario's).
        #[arg(long)]
        replications: Option<u32>,
        /// Master seed (default: the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Worker threads (default: all cores).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Output folder (default: output/<scenario name>/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Compute only shard K of N (replications i with i % N == K - 1), e.g. 2/4.
        #[arg(long, value_parser = parse_shard)]
        shard: Option<crate::montecarlo::Shard>,
        /// Take the shard from the scheduler: a Slurm job array (SLURM_ARRAY_TASK_ID, _MIN,
        /// _COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with --shard-count).
        #[arg(long, conflicts_with = "shard")]
        shard_from_env: bool,
        /// Shard count of a Kubernetes Indexed Job, its completions (default: $VPCSIM_SHARD_COUNT).
        #[arg(long, requires = "shard_from_env")]
        shard_count: Option<u32>,
    },
    /// Regression check: re-run and compare with a stored summary.json (exit 1 on regression).
    Check {
        file: PathBuf,
        /// A summary.json from an earlier run.
        #[arg(long)]
        baseline: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Combine shard folders into one result, identical to an unsharded run.
    Merge {
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder (default: output/<scenario name>/).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Redraw the plots of a finished run from the CSVs (and summary.json) in its folder, or
    /// of a sweep from its sweep.csv, with the plots of each value under sweep/.
    Plot { dir: PathBuf },
}

/// Parses "K/N" with 1 <= K <= N.
fn parse_shard(s: &str) -> Result<crate::montecarlo::Shard, String> {
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
    Ok(crate::montecarlo::Shard {
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
    let code = match cli.command {
        Command::Validate { files } => validate::run(&files),
        Command::Reach { file } => reach::run(&file),
        Command::Run {
            file,
            replications,
            seed,
            threads,
            out,
            shard,
            ..
        } => run::run(
            &file,
            &run::RunOptions {
                replications,
                seed,
                threads,
                out,
                shard,
            },
        ),
        Command::Merge { dirs, out } => merge::run(&dirs, out.as_deref()),
        Command::Check {
            file,
            baseline,
            threads,
        } => check::run(&file, &baseline, threads),
        Command::Plot { dir } => plot::run(&dir),
    };
    ExitCode::from(code)
}

/// Prints diagnostics to stderr, in colour when stderr is a terminal.
pub fn print_diagnostics(d: &crate::scenario::Diagnostics) {
    use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
    use std::io::{IsTerminal, Write};
    let choice = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut out = BufferedStandardStream::stderr(choice);
    d.render_to(&mut out);
    let _ = out.flush();
}
