//! Typed physical quantities parsed from strings with units.
//!
//! Every dimensioned value in a scenario carries its unit ("20ms", "10Gbps", "1500B"). Inside
//! the simulator quantities are integers in a base unit — nanoseconds, bits per second, bytes —
//! so that arithmetic on time is exact and runs are reproducible. Parsing is exact decimal
//! arithmetic: "1.5s" is 1_500_000_000 ns, and a value finer than the base unit or larger than
//! `u64` is an error that says what to write. `Display` prints a form that parses back to the
//! same value.

mod decimal;
mod quantity;
mod ratio;
mod serde_impl;

pub use quantity::{Bandwidth, Distance, Duration, Offset, PropagationRate, Size};
pub use ratio::Ratio;

/// A quantity that could not be parsed, with a hint saying what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct UnitError {
    /// What is wrong, e.g. "unknown unit `Mbit`".
    pub message: String,
    /// What to write instead, e.g. "write a bandwidth such as \"10Gbps\"".
    pub hint: Option<String>,
}

impl UnitError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        UnitError {
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}
