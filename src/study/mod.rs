//! The study layer: everything a command does between reading a scenario and printing an
//! answer, as a library.
//!
//! A [`Design`] is a scenario loaded (from a file or a string), checked against every rule and
//! built; it can be edited with the sweep grammar ([`Design::with_value`]) and built again. A
//! study is a typed request on a design — [`Run`], [`SweepStudy`], [`N1`], [`Check`],
//! [`Compare`], [`Merge`] — that returns a typed result ([`RunResult`], [`SweepResult`],
//! [`N1Result`], ...) and reports its progress to an [`Observer`]. Every failure is one
//! [`Error`]. The command line and the Python package are thin shells over this module: they
//! parse arguments, print, and map outcomes to exit codes.
//!
//! Results are written as folders (tables, summary.json, plots, report.html, a sealed
//! manifest) by the same code whichever shell asks, so a folder is byte-identical whether it
//! came from `vpcsim run` or from `Run::execute_into`.

pub mod budget;
pub mod check;
mod collect;
pub mod compare;
pub mod design;
pub mod error;
pub mod execute;
pub mod merge;
pub mod montecarlo;
pub mod n1;
pub mod output;
pub mod run;
pub mod schedule;
pub mod sweep;

pub use check::{Baseline, Check, CheckResult};
pub use collect::{Collector, Outcome, Rows};
pub use compare::{Compare, CompareResult, Side};
pub use design::{Design, Point};
pub use error::Error;
pub use execute::{Experiment, Observer, Replication, RunConfig, execute, replicate_one};
pub use merge::Merge;
pub use montecarlo::{MAX_REPLICATIONS, MAX_SHARDS, Shard, replicate};
pub use n1::{N1, N1Result};
pub use run::{Run, RunResult};
pub use schedule::{MAX_THREADS, worker_count};
pub use sweep::{Answer, SweepResult, SweepStudy};
