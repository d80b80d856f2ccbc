//! Simulated time: an instant in integer nanoseconds.

use crate::units::Duration;
use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// An instant of simulated time, in nanoseconds since the start of a run.
///
/// Integer nanoseconds keep event ordering exact and runs reproducible: two events computed
/// by different paths land on the same instant only when they truly coincide, never because of
/// floating-point rounding. A `u64` covers about 584 years, far more than any availability
/// horizon. Arithmetic saturates at [`SimTime::MAX`] instead of wrapping, so "never" plus a
/// delay is still "never".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The start of a run.
    pub const ZERO: SimTime = SimTime(0);
    /// The last representable instant; usable as "never" or "run to the end".
    pub const MAX: SimTime = SimTime(u64::MAX);

    /// Nanoseconds since the start of the run.
    #[inline]
    pub const fn as_nanos(self) -> u64 {
        self.0
    }

    /// Seconds since the start of the run, as a float. For reports only: simulation logic
    /// compares and adds integer nanoseconds.
    #[inline]
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 * 1e-9
    }
}

impl Add<Duration> for SimTime {
    type Output = SimTime;

    /// The instant `d` after `self`, saturating at [`SimTime::MAX`].
    #[inline]
    fn add(self, d: Duration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl AddAssign<Duration> for SimTime {
    #[inline]
    fn add_assign(&mut self, d: Duration) {
        *self = *self + d;
    }
}

impl Sub for SimTime {
    type Output = Duration;

    /// The span from `earlier` to `self`; zero if `earlier` is in fact later.
    #[inline]
    fn sub(self, earlier: SimTime) -> Duration {
        Duration(self.0.saturating_sub(earlier.0))
    }
}

impl fmt::Display for SimTime {
    /// Seconds with nanosecond precision and trailing zeros trimmed: "0s", "1.5s",
    /// "0.000000001s". Exact, unlike [`SimTime::as_secs_f64`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0 / 1_000_000_000;
        let nanos = self.0 % 1_000_000_000;
        if nanos == 0 {
            return write!(f, "{secs}s");
        }
        let frac = format!("{nanos:09}");
        write!(f, "{secs}.{}s", frac.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_a_duration_saturates_at_max() {
        assert_eq!(SimTime(5) + Duration(7), SimTime(12));
        assert_eq!(SimTime(u64::MAX - 1) + Duration(10), SimTime::MAX);
        assert_eq!(SimTime::MAX + Duration(1), SimTime::MAX);
    }

    #[test]
    fn subtracting_a_later_instant_gives_zero() {
        assert_eq!(SimTime(12) - SimTime(5), Duration(7));
        assert_eq!(SimTime(5) - SimTime(12), Duration(0));
    }

    #[test]
    fn display_is_exact_seconds() {
        assert_eq!(SimTime::ZERO.to_string(), "0s");
        assert_eq!(SimTime(1_500_000_000).to_string(), "1.5s");
        assert_eq!(SimTime(1).to_string(), "0.000000001s");
        assert_eq!(SimTime(3_000_000_000).to_string(), "3s");
    }

    #[test]
    fn seconds_as_float_for_reports() {
        assert_eq!(SimTime(2_500_000_000).as_secs_f64(), 2.5);
    }
}
