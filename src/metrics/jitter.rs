//! Jitter of a flow by the three definitions of docs/scenario.md, computed while packets arrive.
//!
//! - PDV (RFC 5481 packet delay variation, the default): (p99 − min) / min of the one-way
//!   delays.
//! - IPDV: mean |D(i) − D(i−1)| over consecutive delivered packets, divided by the mean delay.
//! - RFC 3550: the smoothed interarrival jitter J += (|D(i) − D(i−1)| − J)/16, starting from
//!   J = 0, divided by the mean delay. |D(i) − D(i−1)| equals RFC 3550's
//!   |(Rᵢ − Rᵢ₋₁) − (Sᵢ − Sᵢ₋₁)| because each delay is receive time minus send time.
//!
//! "Consecutive" means consecutive in delivery order, the order in which the tracker is fed.
//! Each ratio is dimensionless; the absolute figures beside them are durations.
//!
//! A jitter figure is `None` when it is undefined: with no delivered packet (PDV), with fewer
//! than two (IPDV and RFC 3550, which need a difference), or, for the ratios, when the divisor
//! (minimum or mean delay) is zero. The SLA judge must treat `None` as "not measured", never as
//! zero jitter.

use super::delay::DelayRecorder;
use crate::units::Duration;
use std::fmt;
use std::str::FromStr;

/// Which jitter figure an SLA target is judged on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum JitterDefinition {
    /// (p99 − min) / min of the delays; the default because it is what RFC 5481 recommends
    /// for capacity and SLA questions and does not depend on packet order.
    #[default]
    Pdv,
    /// Mean absolute difference of consecutive delays over the mean delay.
    Ipdv,
    /// RFC 3550 smoothed interarrival jitter over the mean delay.
    Rfc3550,
}

/// A jitter definition name that is none of "pdv", "ipdv", "rfc3550".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown jitter definition `{0}`; write one of \"pdv\", \"ipdv\", \"rfc3550\"")]
pub struct UnknownJitterDefinition(pub String);

impl JitterDefinition {
    pub const ALL: [JitterDefinition; 3] = [
        JitterDefinition::Pdv,
        JitterDefinition::Ipdv,
        JitterDefinition::Rfc3550,
    ];

    /// The scenario spelling: "pdv", "ipdv" or "rfc3550".
    pub const fn as_str(self) -> &'static str {
        match self {
            JitterDefinition::Pdv => "pdv",
            JitterDefinition::Ipdv => "ipdv",
            JitterDefinition::Rfc3550 => "rfc3550",
        }
    }

    /// Parses the scenario spelling (case-insensitive, surrounding spaces ignored).
    pub fn parse(s: &str) -> Result<Self, UnknownJitterDefinition> {
        let t = s.trim();
        Self::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| UnknownJitterDefinition(s.to_string()))
    }
}

impl FromStr for JitterDefinition {
    type Err = UnknownJitterDefinition;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for JitterDefinition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Streaming state for IPDV and RFC 3550 jitter: the previous delay, the exact sum of absolute
/// differences, and J. Constant size whatever the number of packets. PDV needs the delay
/// distribution and is read from the flow's [`DelayRecorder`].
#[derive(Debug, Clone, Default)]
pub struct JitterTracker {
    previous_ns: Option<u64>,
    /// Σ |D(i) − D(i−1)| in ns, exact.
    abs_diff_sum_ns: u128,
    /// Number of differences, one less than the number of delays seen.
    diffs: u64,
    /// RFC 3550 J in ns.
    smoothed_ns: f64,
}

impl JitterTracker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the delay of the next delivered packet, in delivery order.
    pub fn record(&mut self, delay: Duration) {
        let d = delay.as_nanos();
        if let Some(previous) = self.previous_ns {
            let diff = d.abs_diff(previous);
            self.abs_diff_sum_ns += u128::from(diff);
            self.diffs += 1;
            self.smoothed_ns += (diff as f64 - self.smoothed_ns) / 16.0;
        }
        self.previous_ns = Some(d);
    }

    /// Mean |D(i) − D(i−1)| in ns; `None` with fewer than two delays.
    pub fn ipdv_ns(&self) -> Option<f64> {
        (self.diffs > 0).then(|| self.abs_diff_sum_ns as f64 / self.diffs as f64)
    }

    /// The RFC 3550 jitter J in ns after the last delay; `None` with fewer than two delays.
    pub fn rfc3550_ns(&self) -> Option<f64> {
        (self.diffs > 0).then_some(self.smoothed_ns)
    }

    /// All three figures, taking minimum, p99 and mean from `delays`, which must have recorded
    /// the same packets as this tracker.
    pub fn report(&self, delays: &DelayRecorder) -> JitterReport {
        debug_assert!(
            (self.previous_ns.is_none() && delays.is_empty()) || self.diffs + 1 == delays.count(),
            "jitter tracker and delay recorder saw different packets"
        );
        let mean_ns = delays.mean_ns();
        let over_mean = |abs: Option<f64>| ratio(abs?, mean_ns?);
        let ipdv_ns = self.ipdv_ns();
        let rfc3550_ns = self.rfc3550_ns();
        JitterReport {
            pdv: pdv(delays),
            ipdv: over_mean(ipdv_ns),
            rfc3550: over_mean(rfc3550_ns),
            pdv_abs: pdv_abs(delays),
            ipdv_abs: ipdv_ns.map(round_ns),
            rfc3550_abs: rfc3550_ns.map(round_ns),
        }
    }
}

/// `numerator / denominator`, undefined when the denominator is zero.
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator > 0.0).then(|| numerator / denominator)
}

fn round_ns(ns: f64) -> Duration {
    Duration(ns.round() as u64)
}

/// p99 − min of the recorded delays; `None` before any delivery.
pub fn pdv_abs(delays: &DelayRecorder) -> Option<Duration> {
    let min = delays.min()?;
    let p99 = delays.quantile(0.99)?;
    Some(Duration(p99.as_nanos() - min.as_nanos()))
}

/// PDV = (p99 − min) / min of the recorded delays; `None` before any delivery or when the
/// minimum delay is zero.
pub fn pdv(delays: &DelayRecorder) -> Option<f64> {
    ratio(
        pdv_abs(delays)?.as_nanos() as f64,
        delays.min()?.as_nanos() as f64,
    )
}

/// A flow's jitter by every definition: dimensionless ratios and the absolute figures they
/// come from. Each is `None` when undefined (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JitterReport {
    /// (p99 − min) / min.
    pub pdv: Option<f64>,
    /// Mean |ΔD| / mean delay.
    pub ipdv: Option<f64>,
    /// RFC 3550 J / mean delay.
    pub rfc3550: Option<f64>,
    /// p99 − min.
    pub pdv_abs: Option<Duration>,
    /// Mean |ΔD|, rounded to the nanosecond.
    pub ipdv_abs: Option<Duration>,
    /// RFC 3550 J, rounded to the nanosecond.
    pub rfc3550_abs: Option<Duration>,
}

impl JitterReport {
    /// The ratio an SLA target of this definition is judged on.
    pub fn ratio(&self, definition: JitterDefinition) -> Option<f64> {
        match definition {
            JitterDefinition::Pdv => self.pdv,
            JitterDefinition::Ipdv => self.ipdv,
            JitterDefinition::Rfc3550 => self.rfc3550,
        }
    }

    /// The absolute figure of this definition.
    pub fn absolute(&self, definition: JitterDefinition) -> Option<Duration> {
        match definition {
            JitterDefinition::Pdv => self.pdv_abs,
            JitterDefinition::Ipdv => self.ipdv_abs,
            JitterDefinition::Rfc3550 => self.rfc3550_abs,
        }
    }

    /// The absolute figure in milliseconds, as reports print it beside the ratio.
    pub fn absolute_ms(&self, definition: JitterDefinition) -> Option<f64> {
        self.absolute(definition).map(|d| d.as_nanos() as f64 / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(delays_ms: &[u64]) -> (DelayRecorder, JitterTracker) {
        let mut recorder = DelayRecorder::new();
        let mut tracker = JitterTracker::new();
        for &ms in delays_ms {
            recorder.record(Duration::from_millis(ms));
            tracker.record(Duration::from_millis(ms));
        }
        (recorder, tracker)
    }

    #[test]
    fn ipdv_and_rfc3550_on_a_hand_computed_sequence() {
        // Delays 10, 12, 11, 15, 15 ms. Differences |ΔD|: 2, 1, 4, 0 ms.
        // IPDV: mean |ΔD| = 7/4 = 1.75 ms; mean delay = 63/5 = 12.6 ms; ratio 1.75/12.6.
        // RFC 3550 (J₀ = 0, in ms):
        //   J₁ = 0 + (2 − 0)/16          = 0.125
        //   J₂ = 0.125 + (1 − 0.125)/16   = 0.1796875
        //   J₃ = 0.1796875 + (4 − 0.1796875)/16 = 0.418457031250
        //   J₄ = 0.41845703125 + (0 − 0.41845703125)/16 = 0.392303466796875
        // ratio 0.392303466796875/12.6.
        let (recorder, tracker) = feed(&[10, 12, 11, 15, 15]);
        let report = tracker.report(&recorder);
        assert_eq!(tracker.ipdv_ns(), Some(1_750_000.0));
        assert!((report.ipdv.unwrap() - 1.75 / 12.6).abs() < 1e-15);
        assert!((tracker.rfc3550_ns().unwrap() - 392_303.466_796_875).abs() < 1e-6);
        assert!((report.rfc3550.unwrap() - 0.392_303_466_796_875 / 12.6).abs() < 1e-15);
        assert_eq!(report.ipdv_abs, Some(Duration(1_750_000)));
        assert_eq!(report.rfc3550_abs, Some(Duration(392_303)));
        assert_eq!(report.absolute_ms(JitterDefinition::Ipdv), Some(1.75));
    }

    #[test]
    fn pdv_from_a_known_set() {
        // 100 delays: 99 of 20 ms and one of 50 ms. The 99th smallest (⌈0.99·100⌉) is 20 ms,
        // so PDV = 0 up to the histogram's resolution (p99 is the top of 20 ms's bucket, at
        // most 1/1024 above it). With 98 of 20 ms and two of 50 ms the 99th is 50 ms: PDV =
        // 30/20 = 1.5.
        let mut delays = vec![20; 99];
        delays.push(50);
        let (recorder, tracker) = feed(&delays);
        let pdv_near_zero = tracker.report(&recorder).pdv.unwrap();
        assert!(
            (0.0..=1.0 / 1024.0).contains(&pdv_near_zero),
            "{pdv_near_zero}"
        );
        delays[0] = 50;
        let (recorder, tracker) = feed(&delays);
        let report = tracker.report(&recorder);
        let p99 = recorder.quantile(0.99).unwrap().as_nanos() as f64;
        assert!((p99 - 50e6).abs() <= 50e6 / 1024.0);
        assert_eq!(report.pdv, Some((p99 - 20e6) / 20e6));
        assert!((report.pdv.unwrap() - 1.5).abs() < 0.005);
        assert_eq!(
            report.ratio(JitterDefinition::Pdv),
            pdv(&recorder),
            "the report and the free function agree"
        );
    }

    #[test]
    fn jitter_is_undefined_without_enough_packets() {
        let (recorder, tracker) = feed(&[]);
        let report = tracker.report(&recorder);
        for d in JitterDefinition::ALL {
            assert_eq!(report.ratio(d), None);
            assert_eq!(report.absolute(d), None);
        }
        let (recorder, tracker) = feed(&[7]);
        let report = tracker.report(&recorder);
        assert_eq!(report.pdv, Some(0.0));
        assert_eq!(report.ipdv, None);
        assert_eq!(report.rfc3550, None);
    }

    #[test]
    fn pdv_ratio_is_undefined_when_the_minimum_delay_is_zero() {
        let mut recorder = DelayRecorder::new();
        recorder.record(Duration::ZERO);
        recorder.record(Duration(1_000));
        assert_eq!(pdv(&recorder), None);
        assert_eq!(pdv_abs(&recorder), Some(Duration(1_000)));
    }

    #[test]
    fn definitions_parse_from_their_names() {
        for d in JitterDefinition::ALL {
            assert_eq!(JitterDefinition::parse(d.as_str()), Ok(d));
            assert_eq!(d.to_string().parse::<JitterDefinition>(), Ok(d));
        }
        assert_eq!(
            JitterDefinition::parse(" RFC3550 "),
            Ok(JitterDefinition::Rfc3550)
        );
        let e = JitterDefinition::parse("mdev").unwrap_err();
        assert!(e.to_string().contains("\"pdv\", \"ipdv\", \"rfc3550\""));
        assert_eq!(JitterDefinition::default(), JitterDefinition::Pdv);
    }
}
