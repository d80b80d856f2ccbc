//! One-way delay distribution of delivered packets, in bounded memory.

use crate::units::Duration;
use hdrhistogram::Histogram;

/// Significant decimal digits kept by the delay histogram: quantiles are within 0.1% of the
/// true value (hdrhistogram's resolution at 3 digits is 1 part in 1024).
pub const DELAY_SIGNIFICANT_DIGITS: u8 = 3;

/// Streaming record of one-way delays in nanoseconds.
///
/// Quantiles come from an auto-resizing HDR histogram; count, sum, minimum and maximum are kept
/// exactly beside it, so `min`, `max` and `mean` are exact and quantiles are clamped into
/// [min, max] (a constant delay has p99 = min exactly). Memory does not grow with the number of
/// packets: the histogram has about 1024 counters per power of two between 1 ns and the largest
/// delay seen — about 17 000 counters (140 KB) for delays up to 100 ms, 33 000 for an hour.
/// Reports that keep one value per replication should keep a [`DelaySummary`] and merge the
/// recorders they need for distributions instead of storing them all.
#[derive(Debug, Clone)]
pub struct DelayRecorder {
    histogram: Histogram<u64>,
    count: u64,
    sum_ns: u128,
    min_ns: u64,
    max_ns: u64,
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

impl Default for DelayRecorder {
    fn default() -> Self {
        Self::new()
    }
}

impl DelayRecorder {
    /// An empty recorder; its histogram starts small and grows with the largest delay.
    pub fn new() -> Self {
        DelayRecorder {
            histogram: Histogram::new(DELAY_SIGNIFICANT_DIGITS)
                .expect("3 significant digits is a valid histogram configuration"),
            count: 0,
            sum_ns: 0,
            min_ns: u64::MAX,
            max_ns: 0,
        }
    }

    /// Records the one-way delay of one delivered packet.
    pub fn record(&mut self, delay: Duration) {
        let ns = delay.as_nanos();
        if self.histogram.record(ns).is_err() {
            // Only delays beyond ~146 years (i64::MAX / 2 ns) cannot be tracked; they are
            // clamped in the histogram and stay exact in min/max/mean.
            self.histogram.saturating_record(ns);
        }
        self.count += 1;
        self.sum_ns += u128::from(ns);
        self.min_ns = self.min_ns.min(ns);
        self.max_ns = self.max_ns.max(ns);
    }

    /// Number of delays recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The smallest delay, exactly; `None` before any delivery.
    pub fn min(&self) -> Option<Duration> {
        (self.count > 0).then_some(Duration(self.min_ns))
    }

    /// The largest delay, exactly; `None` before any delivery.
    pub fn max(&self) -> Option<Duration> {
        (self.count > 0).then_some(Duration(self.max_ns))
    }

    /// The exact mean delay in nanoseconds (sum / count); `None` before any delivery.
    pub fn mean_ns(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum_ns as f64 / self.count as f64)
    }

    /// The mean delay rounded to the nearest nanosecond; `None` before any delivery.
    pub fn mean(&self) -> Option<Duration> {
        (self.count > 0).then(|| {
            let count = u128::from(self.count);
            let rounded = (self.sum_ns + count / 2) / count;
            Duration(u64::try_from(rounded).unwrap_or(u64::MAX))
        })
    }

    /// The delay below or at which a share `q` of the packets fall (q in [0, 1], clamped),
    /// within 0.1%, e.g. `quantile(0.99)` for p99. It is the upper end of the histogram bucket
    /// holding the ⌈q·count⌉-th smallest delay, clamped into [min, max]; `quantile(0.0)` is the
    /// exact minimum and `quantile(1.0)` the exact maximum. `None` before any delivery.
    pub fn quantile(&self, q: f64) -> Option<Duration> {
        if self.count == 0 {
            return None;
        }
        let q = if q.is_nan() { 0.0 } else { q.clamp(0.0, 1.0) };
        let ns = self.histogram.value_at_quantile(q);
        Some(Duration(ns.clamp(self.min_ns, self.max_ns)))
    }

    /// Count, min, exact mean, p50, p99 and max together; `None` before any delivery.
    pub fn summary(&self) -> Option<DelaySummary> {
        Some(DelaySummary {
            count: self.count,
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
        if self.histogram.add(&other.histogram).is_err() {
            // Unreachable with auto-resizing histograms; stay total anyway.
            for bucket in other.histogram.iter_recorded() {
                self.histogram
                    .saturating_record_n(bucket.value_iterated_to(), bucket.count_at_value());
            }
        }
        self.count += other.count;
        self.sum_ns += other.sum_ns;
        self.min_ns = self.min_ns.min(other.min_ns);
        self.max_ns = self.max_ns.max(other.max_ns);
    }

    /// The underlying histogram (nanoseconds), for plotting the delay CDF.
    pub fn histogram(&self) -> &Histogram<u64> {
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

    fn within_hdr_precision(actual: Duration, expected_ns: u64) -> bool {
        actual.as_nanos().abs_diff(expected_ns) as f64 <= expected_ns as f64 / 1024.0
    }

    #[test]
    fn quantiles_of_1_to_10000_us_are_within_histogram_precision() {
        let r = micros_1_to_10000();
        // ⌈0.5·10000⌉ = 5000th value is 5000 µs; ⌈0.99·10000⌉ = 9900th is 9900 µs.
        let p50 = r.quantile(0.5).unwrap();
        let p99 = r.quantile(0.99).unwrap();
        assert!(within_hdr_precision(p50, 5_000_000), "{p50:?}");
        assert!(within_hdr_precision(p99, 9_900_000), "{p99:?}");
        assert!(p50.as_nanos() >= 5_000_000 && p99.as_nanos() >= 9_900_000);
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
    fn memory_stays_bounded_over_a_million_packets() {
        let mut r = DelayRecorder::new();
        // Delays spread over 1 µs .. 100 ms by a fixed pseudo-random walk.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration(1_000 + x % 100_000_000)
        };
        for _ in 0..1_000 {
            r.record(next());
        }
        r.record(Duration(100_000_000));
        let counters = r.histogram().distinct_values();
        for _ in 0..1_000_000 {
            r.record(next());
        }
        assert_eq!(r.count(), 1_001_001);
        assert_eq!(r.histogram().distinct_values(), counters);
        assert!(
            counters < 20_000,
            "{counters} counters for delays up to 100 ms"
        );
    }
}
