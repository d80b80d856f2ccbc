//! One-way delay distribution of delivered packets, in bounded memory.

use super::histogram::DelayHistogram;
use crate::units::Duration;

/// Streaming record of one-way delays in nanoseconds.
///
/// Quantiles come from a fine sparse histogram ([`DelayHistogram`]: 64 ns buckets up to
/// 16.8 ms, 7.6·10⁻⁶ relative above); count, sum, minimum and maximum are exact, so `min`,
/// `max` and `mean` are exact and quantiles are clamped into [min, max] (a constant delay has
/// p99 = min exactly). Memory does not grow with the number of packets, only with the spread of
/// the delays (136 B per 8 µs of spread below 16.8 ms, 1.2 KB where 256 packets share a
/// 64 ns bucket).
#[derive(Debug, Clone, Default)]
pub struct DelayRecorder {
    histogram: DelayHistogram,
}

/// The usual figures of a delay distribution, small enough to keep per replication and flow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DelaySummary {
    /// Number of delivered packets behind the figures.
    pub count: u64,
    pub min: Duration,
    /// Exact arithmetic mean in nanoseconds (fractional).
    pub mean_ns: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl DelayRecorder {
    /// An empty recorder.
    pub fn new() -> Self {
        DelayRecorder {
            histogram: DelayHistogram::new(),
        }
    }

    /// Records the one-way delay of one delivered packet.
    #[inline]
    pub fn record(&mut self, delay: Duration) {
        self.histogram.record(delay.as_nanos());
    }

    /// Number of delays recorded.
    pub fn count(&self) -> u64 {
        self.histogram.count()
    }

    pub fn is_empty(&self) -> bool {
        self.histogram.is_empty()
    }

    /// The smallest delay, exactly; `None` before any delivery.
    pub fn min(&self) -> Option<Duration> {
        self.histogram.min().map(Duration)
    }

    /// The largest delay, exactly; `None` before any delivery.
    pub fn max(&self) -> Option<Duration> {
        self.histogram.max().map(Duration)
    }

    /// The exact mean delay in nanoseconds (sum / count); `None` before any delivery.
    pub fn mean_ns(&self) -> Option<f64> {
        self.histogram.mean()
    }

    /// The mean delay rounded to the nearest nanosecond; `None` before any delivery.
    pub fn mean(&self) -> Option<Duration> {
        self.mean_ns().map(|m| Duration(m.round() as u64))
    }

    /// The delay below or at which a share `q` of the packets fall (q in [0, 1], clamped),
    /// within 32 ns or 3.8·10⁻⁶ relative, e.g. `quantile(0.99)` for p99. `quantile(0.0)` is
    /// the exact minimum and `quantile(1.0)` the exact maximum. `None` before any delivery.
    pub fn quantile(&self, q: f64) -> Option<Duration> {
        self.histogram.quantile(q).map(Duration)
    }

    /// Count, min, exact mean, p50, p99 and max together; `None` before any delivery.
    pub fn summary(&self) -> Option<DelaySummary> {
        Some(DelaySummary {
            count: self.count(),
            min: self.min()?,
            mean_ns: self.mean_ns()?,
            p50: self.quantile(0.5)?,
            p99: self.quantile(0.99)?,
            max: self.max()?,
        })
    }

    /// Adds every delay recorded by `other`, as if they had been recorded here (used to pool
    /// replications or shards for a distribution plot).
    pub fn merge(&mut self, other: &DelayRecorder) {
        self.histogram.merge(&other.histogram);
    }

    /// The underlying histogram (nanoseconds), for the delay distribution of a run.
    pub fn histogram(&self) -> &DelayHistogram {
        &self.histogram
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn micros_1_to_10000() -> DelayRecorder {
        let mut r = DelayRecorder::new();
        for us in 1..=10_000 {
            r.record(Duration::from_micros(us));
        }
        r
    }

    fn within_precision(actual: Duration, expected_ns: u64) -> bool {
        actual.as_nanos().abs_diff(expected_ns) as f64 <= (32.0f64).max(expected_ns as f64 * 4e-6)
    }

    #[test]
    fn quantiles_of_1_to_10000_us_are_within_32_ns_or_4_millionths() {
        let r = micros_1_to_10000();
        // ⌈0.5·10000⌉ = 5000th value is 5000 µs; ⌈0.99·10000⌉ = 9900th is 9900 µs.
        let p50 = r.quantile(0.5).unwrap();
        let p99 = r.quantile(0.99).unwrap();
        assert!(within_precision(p50, 5_000_000), "{p50:?}");
        assert!(within_precision(p99, 9_900_000), "{p99:?}");
    }

    #[test]
    fn min_max_and_mean_are_exact() {
        let r = micros_1_to_10000();
        assert_eq!(r.count(), 10_000);
        assert_eq!(r.min(), Some(Duration::from_micros(1)));
        assert_eq!(r.max(), Some(Duration::from_micros(10_000)));
        // Σ 1..=10000 µs / 10000 = 5000.5 µs.
        assert_eq!(r.mean_ns(), Some(5_000_500.0));
        assert_eq!(r.mean(), Some(Duration(5_000_500)));
        assert_eq!(r.quantile(0.0), r.min());
        assert_eq!(r.quantile(1.0), r.max());
    }

    #[test]
    fn constant_delay_has_every_quantile_equal_to_it() {
        let mut r = DelayRecorder::new();
        for _ in 0..1000 {
            r.record(Duration(12_345_678));
        }
        assert_eq!(r.quantile(0.99), Some(Duration(12_345_678)));
        assert_eq!(r.quantile(0.5), Some(Duration(12_345_678)));
    }

    #[test]
    fn empty_recorder_has_no_figures() {
        let r = DelayRecorder::new();
        assert_eq!(r.count(), 0);
        assert_eq!((r.min(), r.max(), r.mean()), (None, None, None));
        assert_eq!(r.quantile(0.5), None);
        assert!(r.summary().is_none());
    }

    #[test]
    fn merge_equals_recording_everything_in_one() {
        let mut all = DelayRecorder::new();
        let mut a = DelayRecorder::new();
        let mut b = DelayRecorder::new();
        for i in 0..20_000_u64 {
            // Two different ranges so that merging must widen the histogram.
            let d = if i % 3 == 0 {
                Duration(1_000 + i * 7)
            } else {
                Duration(50_000_000 + i * 13_001)
            };
            all.record(d);
            if i % 2 == 0 { a.record(d) } else { b.record(d) }
        }
        a.merge(&b);
        assert_eq!(a.summary(), all.summary());
        for q in [0.0, 0.1, 0.25, 0.5, 0.9, 0.99, 0.999, 1.0] {
            assert_eq!(a.quantile(q), all.quantile(q), "q = {q}");
        }
        let mut empty = DelayRecorder::new();
        empty.merge(&all);
        assert_eq!(empty.summary(), all.summary());
    }

    #[test]
    fn memory_follows_the_spread_of_delays_not_the_packet_count() {
        let mut r = DelayRecorder::new();
        // Delays spread over 1 µs .. 100 ms by a fixed pseudo-random walk.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration(1_000 + x % 100_000_000)
        };
        for _ in 0..200_000 {
            r.record(next());
        }
        let bytes = r.histogram().allocated_bytes();
        for _ in 0..1_000_000 {
            r.record(next());
        }
        assert_eq!(r.count(), 1_200_000);
        assert_eq!(r.histogram().allocated_bytes(), bytes);
        // 16.8 ms of 64 ns buckets plus 2.6 doublings at 2^17 buckets each, in 1 KB chunks.
        assert!(bytes < 6_000_000, "{bytes} bytes for delays up to 100 ms");
        // A narrow distribution (jitter of a few µs) stays at a few KB.
        let mut narrow = DelayRecorder::new();
        for i in 0..1_000_000u64 {
            narrow.record(Duration(10_000_000 + (i * 7919) % 5_000));
        }
        assert!(narrow.histogram().allocated_bytes() <= 2 * (136 + 1024 + 8));
    }
}
