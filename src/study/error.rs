//! The one error type of the study layer: why a study could not give an answer.

use crate::scenario::Diagnostics;

/// Why a study could not give an answer. The command line maps every variant to exit code 2
/// (bad input or usage); a result that misses its targets is not an error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario breaks the format or a product rule: every problem, each with its file,
    /// line, column, key and hint.
    #[error("the scenario has {} error(s)", .0.errors().count())]
    Invalid(Box<Diagnostics>),
    /// The run would take on more work than the limits allow (packets, failure events, bytes
    /// written), with the place in the scenario that makes it so.
    #[error("the run exceeds a limit")]
    Limit(Box<Diagnostics>),
    /// An option or request that cannot be honoured: replications out of range, more shards
    /// than replications, a sweep where one design is expected.
    #[error("{0}")]
    Usage(String),
    /// A file or folder read as a result (a shard, a baseline, a side of a comparison) is not
    /// what it must be; the message names the path and the problem.
    #[error("{0}")]
    Input(String),
    /// An output could not be written (full disk, permissions, a folder that may not be
    /// replaced); the message names the path.
    #[error("{0}")]
    Write(String),
}

impl Error {
    /// An invalid scenario's diagnostics as an error.
    pub fn invalid(d: Diagnostics) -> Error {
        Error::Invalid(Box::new(d))
    }

    /// The diagnostics of an invalid scenario or an exceeded limit, to print with their
    /// source lines.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            Error::Invalid(d) | Error::Limit(d) => Some(d),
            _ => None,
        }
    }
}
