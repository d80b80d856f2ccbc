//! An on-off flow offers its `rate` on average: the emission clock runs only while the flow
//! is on and resumes where it stopped, so no on period starts with an extra packet.

use crate::common;

use common::{network, replications, single_link};

/// Offered rate of each replication, in bits per second, of an on-off flow of 1500 B packets
/// (on 10 ms, off 40 ms on average, exponential) at `rate_mbps` over a `seconds`-long window.
fn offered_bps(rate_mbps: u32, seconds: u32, reps: u32) -> Vec<f64> {
    let text = single_link(
        &format!("{seconds}s"),
        "0s",
        "\"0%\"",
        &format!(
            "traffic = \"on-off\"\nrate = \"{rate_mbps}Mbps\"\npacket_size = \"1500B\"\n\
             on = \"10ms\"\noff = \"40ms\""
        ),
    );
    let (net, plan) = network(&text);
    replications(&net, &plan, 7, reps)
        .iter()
        .map(|m| m.flows[0].offered_bytes().0 as f64 * 8.0 / f64::from(seconds))
        .collect()
}

/// Mean and standard error of the mean.
fn mean_and_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Asserts that the offered rate's 99.9% confidence interval holds `rate` and is tight
/// enough (half-width under 2% of the rate) to tell a biased source apart.
fn assert_offers(rate_mbps: u32, seconds: u32, reps: u32) {
    let rate = f64::from(rate_mbps) * 1e6;
    let (mean, se) = mean_and_se(&offered_bps(rate_mbps, seconds, reps));
    // Student t, 15 degrees of freedom, two-sided 99.9%.
    assert_eq!(reps, 16, "the t quantile below is for 16 replications");
    let half = 4.073 * se;
    assert!(
        half < 0.02 * rate,
        "interval too wide to judge: ±{:.2}% of the rate",
        100.0 * half / rate
    );
    assert!(
        (mean - rate).abs() <= half,
        "offered {:.4} Mbps ± {:.4} for a rate of {rate_mbps} Mbps ({:+.2}%)",
        mean / 1e6,
        half / 1e6,
        100.0 * (mean / rate - 1.0)
    );
}

/// Peak 10 Mbps: one packet per 1.2 ms while on. A packet at the start of every 10 ms on
/// period would offer (1 + 1.2 / 20) × rate, 6% more.
#[test]
fn two_megabits_on_off_offers_two_megabits() {
    assert_offers(2, 1000, 16);
}

/// Peak 100 Mbps: one packet per 120 µs while on.
#[test]
fn twenty_megabits_on_off_offers_twenty_megabits() {
    assert_offers(20, 1000, 16);
}
