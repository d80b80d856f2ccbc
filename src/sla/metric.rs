//! The metrics an SLA sets targets on, in one table: each metric's key in `[sla]`, its name in
//! the result files, its words, and how a value meets a target. Judges, reports and plots
//! read this table instead of spelling the four metrics out each time.

/// How a value meets a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Strictly below ("packet loss rate is lower than 0.2%", seed 001).
    Below,
    /// At most ("delay jitter does not exceed 20%", seed 001).
    AtMost,
    /// At least ("not lower than 99.8%", seed 001).
    AtLeast,
}

impl Bound {
    /// The comparison a value meeting the target satisfies: "<", "≤", "≥".
    pub fn op(self) -> &'static str {
        match self {
            Bound::Below => "<",
            Bound::AtMost => "≤",
            Bound::AtLeast => "≥",
        }
    }

    /// The comparison a value missing the target satisfies.
    pub fn miss_op(self) -> &'static str {
        match self {
            Bound::Below => "≥",
            Bound::AtMost => ">",
            Bound::AtLeast => "<",
        }
    }

    /// Whether `value` meets `target`.
    pub fn meets(self, value: f64, target: f64) -> bool {
        match self {
            Bound::Below => value < target,
            Bound::AtMost => value <= target,
            Bound::AtLeast => value >= target,
        }
    }

    /// Of two targets, the one harder to meet.
    pub fn stricter(self, a: f64, b: f64) -> f64 {
        match self {
            Bound::Below | Bound::AtMost => a.min(b),
            Bound::AtLeast => a.max(b),
        }
    }
}

/// A metric with a target in the SLA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlaMetric {
    Loss,
    Jitter,
    EncapSuccess,
    Availability,
}

impl SlaMetric {
    /// Every metric, in the order of the result files' columns.
    pub const ALL: [SlaMetric; 4] = [
        SlaMetric::Loss,
        SlaMetric::Jitter,
        SlaMetric::EncapSuccess,
        SlaMetric::Availability,
    ];

    /// The key of its target in `[sla]` and in summary.json's `targets`.
    pub fn key(self) -> &'static str {
        match self {
            SlaMetric::Loss => "max_loss",
            SlaMetric::Jitter => "max_jitter",
            SlaMetric::EncapSuccess => "min_encap_success",
            SlaMetric::Availability => "min_availability",
        }
    }

    /// Its name in summary.json (`compliance.loss`) and in flows.csv.
    pub fn name(self) -> &'static str {
        match self {
            SlaMetric::Loss => "loss",
            SlaMetric::Jitter => "jitter",
            SlaMetric::EncapSuccess => "encap_success",
            SlaMetric::Availability => "availability",
        }
    }

    /// Its name in sentences.
    pub fn words(self) -> &'static str {
        match self {
            SlaMetric::Loss => "loss",
            SlaMetric::Jitter => "jitter",
            SlaMetric::EncapSuccess => "encapsulation success",
            SlaMetric::Availability => "availability",
        }
    }

    /// How a value meets its target.
    pub fn bound(self) -> Bound {
        match self {
            SlaMetric::Loss => Bound::Below,
            SlaMetric::Jitter => Bound::AtMost,
            SlaMetric::EncapSuccess | SlaMetric::Availability => Bound::AtLeast,
        }
    }

    /// Whether `value` meets `target`.
    pub fn meets(self, value: f64, target: f64) -> bool {
        self.bound().meets(value, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_must_be_strictly_below_and_the_others_may_touch_their_target() {
        assert!(!SlaMetric::Loss.meets(0.002, 0.002));
        assert!(SlaMetric::Jitter.meets(0.2, 0.2));
        assert!(SlaMetric::EncapSuccess.meets(0.998, 0.998));
        assert!(SlaMetric::Availability.meets(0.9995, 0.9995));
        assert!(!SlaMetric::Availability.meets(0.9994, 0.9995));
    }

    #[test]
    fn the_stricter_target_is_the_lower_ceiling_or_the_higher_floor() {
        assert_eq!(SlaMetric::Loss.bound().stricter(0.002, 0.001), 0.001);
        assert_eq!(
            SlaMetric::Availability.bound().stricter(0.999, 0.9995),
            0.9995
        );
    }
}
