//! Confidence intervals over Monte Carlo replications and the analytic availability references.
//!
//! The SLA judge reports, for each target, the share of replications that met it with a Wilson
//! score interval, and each metric's mean with a Student t interval (docs/scenario.md, "SLA
//! metrics"). Tests of the simulator's loss against theory use the exact Clopper–Pearson
//! interval, and tests of availability use MTBF/(MTBF + MTTR) with the parallel and series
//! formulas for redundant paths.
//!
//! Every `confidence` is a two-sided level in (0, 1), such as 0.95; a level outside that range
//! is a programming error and panics.

use super::special;
use crate::units::Duration;

/// The standard normal quantile Φ⁻¹(p) (Wichura's AS 241, accurate to about 1e-16): −∞ at 0,
/// +∞ at 1, NaN outside [0, 1].
pub fn normal_quantile(p: f64) -> f64 {
    special::normal_quantile(p)
}

/// The Student t quantile with `df` degrees of freedom (df > 0, not necessarily whole),
/// accurate to about 1e-12 relative; NaN for p outside [0, 1] or df ≤ 0.
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    special::student_t_quantile(p, df)
}

/// The z of a two-sided normal interval: Φ⁻¹(1 − (1 − confidence)/2), 1.959963984540054 at
/// 95%.
///
/// # Panics
/// If `confidence` is not inside (0, 1).
pub fn z_for_confidence(confidence: f64) -> f64 {
    normal_quantile(1.0 - tail(confidence))
}

/// Half of 1 − confidence: the probability left in each tail.
fn tail(confidence: f64) -> f64 {
    assert!(
        confidence > 0.0 && confidence < 1.0,
        "confidence must be inside (0, 1), got {confidence}"
    );
    0.5 * (1.0 - confidence)
}

/// Wilson score interval for a proportion of `successes` out of `n` trials — here the share of
/// replications that met a target. Unlike the normal approximation it stays inside [0, 1] and
/// is sensible at 0 or n successes, which is where compliance shares usually sit.
///
/// With no trials nothing is known and the interval is (0, 1).
///
/// # Panics
/// If `successes > n` or `confidence` is not inside (0, 1).
pub fn wilson_interval(successes: u64, n: u64, confidence: f64) -> (f64, f64) {
    assert!(successes <= n, "{successes} successes out of {n} trials");
    let z = z_for_confidence(confidence);
    if n == 0 {
        return (0.0, 1.0);
    }
    let n_f = n as f64;
    let p = successes as f64 / n_f;
    let z2n = z * z / n_f;
    let center = (p + z2n / 2.0) / (1.0 + z2n);
    let half = z / (1.0 + z2n) * (p * (1.0 - p) / n_f + z2n / (4.0 * n_f)).sqrt();
    let lo = if successes == 0 { 0.0 } else { center - half };
    let hi = if successes == n { 1.0 } else { center + half };
    (lo.clamp(0.0, 1.0), hi.clamp(0.0, 1.0))
}

/// A sample mean with its two-sided confidence interval [lo, hi].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MeanCi {
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
    /// Number of samples (replications) behind the mean.
    pub n: usize,
}

impl MeanCi {
    /// Half the width of the interval, the "±" figure.
    pub fn half_width(&self) -> f64 {
        0.5 * (self.hi - self.lo)
    }

    /// Whether `value` lies inside the closed interval.
    pub fn contains(&self, value: f64) -> bool {
        self.lo <= value && value <= self.hi
    }
}

/// The mean of `samples` (one value per replication) with the Student t interval
/// mean ± t_{1−α/2, n−1} · s/√n, s being the sample standard deviation.
///
/// With one sample the spread is unknown, and the interval collapses to lo = hi = mean rather
/// than being infinite, so that a single-replication run still prints numbers; read n beside
/// it. With no samples every figure is NaN and n is 0. A NaN sample makes the result NaN.
///
/// # Panics
/// If `confidence` is not inside (0, 1).
pub fn mean_ci(samples: &[f64], confidence: f64) -> MeanCi {
    let alpha_half = tail(confidence);
    let n = samples.len();
    if n == 0 {
        return MeanCi {
            mean: f64::NAN,
            lo: f64::NAN,
            hi: f64::NAN,
            n,
        };
    }
    let n_f = n as f64;
    let mean = samples.iter().sum::<f64>() / n_f;
    if n == 1 {
        return MeanCi {
            mean,
            lo: mean,
            hi: mean,
            n,
        };
    }
    // Two passes: the squared deviations from the mean do not cancel as Σx² − n·mean² would.
    let variance = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n_f - 1.0);
    let t = student_t_quantile(1.0 - alpha_half, n_f - 1.0);
    let half = t * (variance / n_f).sqrt();
    MeanCi {
        mean,
        lo: mean - half,
        hi: mean + half,
        n,
    }
}

/// The exact (Clopper–Pearson) binomial interval for `k` events in `n` trials, e.g. packets
/// lost out of packets offered: the bounds are the Beta(k, n − k + 1) quantile at α/2 and the
/// Beta(k + 1, n − k) quantile at 1 − α/2. It is conservative (covers at least the stated
/// confidence), which makes it the right check that a simulated loss rate agrees with theory.
///
/// k = 0 gives lower bound 0 and k = n upper bound 1 exactly; n = 0 gives (0, 1).
///
/// # Panics
/// If `k > n` or `confidence` is not inside (0, 1).
pub fn clopper_pearson(k: u64, n: u64, confidence: f64) -> (f64, f64) {
    assert!(k <= n, "{k} events out of {n} trials");
    let alpha_half = tail(confidence);
    if n == 0 {
        return (0.0, 1.0);
    }
    let (k_f, n_f) = (k as f64, n as f64);
    let lo = match k {
        0 => 0.0,
        // Beta(n, 1) has quantile p^(1/n) in closed form.
        _ if k == n => alpha_half.powf(1.0 / n_f),
        _ => special::inverse_beta_reg(k_f, n_f - k_f + 1.0, alpha_half),
    };
    let hi = match k {
        _ if k == n => 1.0,
        // Beta(1, n) has quantile 1 − (1 − p)^(1/n); here 1 − p = α/2.
        0 => -(alpha_half.ln() / n_f).exp_m1(),
        _ => special::inverse_beta_reg(k_f + 1.0, n_f - k_f, 1.0 - alpha_half),
    };
    (lo, hi)
}

/// Steady-state availability of one component that alternates between up periods of mean
/// `mtbf` and repairs of mean `mttr`: MTBF/(MTBF + MTTR), whatever the two distributions
/// (alternating renewal process). This is the analytic reference the simulated availability of
/// a single link is tested against. A component with zero repair time is always up (1.0, also
/// when both are zero).
pub fn availability(mtbf: Duration, mttr: Duration) -> f64 {
    if mttr.as_nanos() == 0 {
        return 1.0;
    }
    let (up, down) = (mtbf.as_nanos() as f64, mttr.as_nanos() as f64);
    up / (up + down)
}

/// Availability of redundant components in parallel, up when at least one is up, failures
/// independent: 1 − Π(1 − aᵢ). No components give 0 (there is no path).
pub fn parallel(availabilities: &[f64]) -> f64 {
    1.0 - availabilities.iter().map(|a| 1.0 - a).product::<f64>()
}

/// Availability of components in series, up only when all are up, failures independent:
/// Π aᵢ. No components give 1 (nothing can fail).
pub fn series(availabilities: &[f64]) -> f64 {
    availabilities.iter().product()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values below were computed independently at 50 significant digits (mpmath:
    // bisection on the regularized incomplete beta / binomial sums, erfinv for z).

    fn assert_close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "{actual} differs from {expected} by more than {tolerance}"
        );
    }

    #[test]
    fn z_at_95_percent_is_1_959963984540054() {
        assert_close(z_for_confidence(0.95), 1.959_963_984_540_054, 1e-15);
        assert_close(z_for_confidence(0.99), 2.575_829_303_548_901, 1e-14);
    }

    #[test]
    fn student_t_quantiles_match_tables() {
        let cases = [
            (0.975, 1.0, 12.706_204_736_174_705),
            (0.975, 2.0, 4.302_652_729_749_464),
            (0.975, 3.0, 3.182_446_305_283_709_6),
            (0.975, 4.0, 2.776_445_105_197_794_4),
            (0.975, 9.0, 2.262_157_162_798_205_5),
            (0.975, 10.0, 2.228_138_851_986_275),
            (0.975, 29.0, 2.045_229_642_132_704_3),
            (0.975, 100.0, 1.983_971_518_523_552_3),
            (0.975, 1000.0, 1.962_339_080_826_408_5),
            (0.975, 1e5, 1.959_987_707_534_609_6),
            (0.975, 1e9, 1.959_963_986_912_325_5),
            (0.995, 1.0, 63.656_741_162_871_58),
            (0.995, 5.0, 4.032_142_983_555_193),
            (0.995, 19.0, 2.860_934_606_464_979),
            (0.95, 3.0, 2.353_363_434_801_824),
            (0.95, 100.0, 1.660_234_326_085_339_6),
        ];
        for (p, df, expected) in cases {
            let t = student_t_quantile(p, df);
            assert!(
                (t - expected).abs() <= 1e-11 * expected,
                "t({p}, {df}) = {t}, expected {expected}"
            );
            assert_close(student_t_quantile(1.0 - p, df), -expected, 1e-11 * expected);
        }
    }

    #[test]
    fn student_t_tends_to_the_normal_for_large_df() {
        assert_close(
            student_t_quantile(0.975, 1e12),
            1.959_963_984_540_054,
            1e-11,
        );
    }

    #[test]
    fn wilson_interval_of_95_out_of_100() {
        let (lo, hi) = wilson_interval(95, 100, 0.95);
        assert_close(lo, 0.888_249_530_768_080_9, 1e-12);
        assert_close(hi, 0.978_456_320_845_632, 1e-12);
    }

    #[test]
    fn wilson_interval_at_the_edges_stays_inside_zero_one() {
        let (lo, hi) = wilson_interval(0, 10, 0.95);
        assert_eq!(lo, 0.0);
        assert_close(hi, 0.277_532_799_862_889_25, 1e-12);
        let (lo, hi) = wilson_interval(10, 10, 0.95);
        assert_close(lo, 0.722_467_200_137_110_8, 1e-12);
        assert_eq!(hi, 1.0);
        let (lo, hi) = wilson_interval(999, 1000, 0.95);
        assert_close(lo, 0.994_357_441_402_042_1, 1e-12);
        assert_close(hi, 0.999_823_453_629_373_9, 1e-12);
        assert_eq!(wilson_interval(0, 0, 0.95), (0.0, 1.0));
    }

    #[test]
    fn mean_ci_uses_student_t_with_n_minus_1_df() {
        // Samples 1..=11: mean 6, s² = 11, s/√n = 1; t(0.975, 10) = 2.2281388519862747.
        let samples: Vec<f64> = (1..=11).map(f64::from).collect();
        let ci = mean_ci(&samples, 0.95);
        assert_eq!(ci.mean, 6.0);
        assert_eq!(ci.n, 11);
        assert_close(ci.half_width(), 2.228_138_851_986_275, 1e-11);
        assert_close(ci.lo, 6.0 - 2.228_138_851_986_275, 1e-11);
        // Two samples 0 and 2: mean 1, s = √2, s/√n = 1; t(0.975, 1) = 12.706204736174705.
        let ci = mean_ci(&[0.0, 2.0], 0.95);
        assert_close(ci.hi, 1.0 + 12.706_204_736_174_705, 1e-10);
        assert!(ci.contains(1.0));
    }

    #[test]
    fn mean_ci_of_one_sample_is_a_point_and_of_none_is_nan() {
        let ci = mean_ci(&[0.25], 0.95);
        assert_eq!((ci.mean, ci.lo, ci.hi, ci.n), (0.25, 0.25, 0.25, 1));
        let ci = mean_ci(&[], 0.95);
        assert!(ci.mean.is_nan() && ci.lo.is_nan() && ci.hi.is_nan());
        assert_eq!(ci.n, 0);
    }

    #[test]
    fn clopper_pearson_matches_exact_binomial_bounds() {
        let cases = [
            (0, 10, 0.95, 0.0, 0.308_497_107_818_760_8),
            (
                5,
                10,
                0.95,
                0.187_086_028_447_398_53,
                0.812_913_971_552_601_5,
            ),
            (10, 10, 0.95, 0.691_502_892_181_239_2, 1.0),
            (
                3,
                100,
                0.95,
                0.006_229_971_538_306_394,
                0.085_176_052_974_280_04,
            ),
            (
                3,
                100,
                0.99,
                0.003_407_070_103_179_757_5,
                0.105_481_253_725_078_26,
            ),
            (
                20,
                10_000,
                0.95,
                0.001_222_066_621_322_945_8,
                0.003_087_155_989_216_292_7,
            ),
            (
                1,
                1_000_000,
                0.95,
                2.531_780_766_379_417_8e-8,
                5.571_630_655_172_244e-6,
            ),
        ];
        for (k, n, confidence, lo, hi) in cases {
            let (a, b) = clopper_pearson(k, n, confidence);
            assert!(
                (a - lo).abs() <= 1e-10 * lo && (b - hi).abs() <= 1e-10 * hi,
                "k={k} n={n}: ({a}, {b}), expected ({lo}, {hi})"
            );
        }
        assert_eq!(clopper_pearson(0, 0, 0.95), (0.0, 1.0));
    }

    #[test]
    fn availability_is_mtbf_over_mtbf_plus_mttr() {
        let day = Duration::from_secs(86_400);
        let mtbf = Duration(day.as_nanos() * 999);
        assert_close(availability(mtbf, day), 0.999, 1e-15);
        assert_eq!(availability(day, Duration::ZERO), 1.0);
        assert_eq!(availability(Duration::ZERO, day), 0.0);
    }

    #[test]
    fn redundant_paths_in_parallel_and_series() {
        // Two 99% links in parallel: 1 − 0.01² = 0.9999; in series: 0.99² = 0.9801.
        assert_close(parallel(&[0.99, 0.99]), 0.9999, 1e-15);
        assert_close(series(&[0.99, 0.99]), 0.9801, 1e-15);
        // A parallel pair in series with a third link.
        assert_close(series(&[parallel(&[0.9, 0.9]), 0.999]), 0.99 * 0.999, 1e-15);
        assert_eq!(parallel(&[]), 0.0);
        assert_eq!(series(&[]), 1.0);
    }

    #[test]
    #[should_panic(expected = "confidence must be inside (0, 1)")]
    fn a_confidence_of_one_is_refused() {
        wilson_interval(1, 2, 1.0);
    }
}
