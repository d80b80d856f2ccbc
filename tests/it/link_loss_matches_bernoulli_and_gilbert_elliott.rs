//! Random loss on a backbone link against its analytic rate.
//!
//! The network is two VPCs joined by express-connect over one 10 Gbps link, with a cap
//! (1 Tbps) and a buffer far above the offered 800 Mbps of CBR traffic and no encapsulation
//! overhead: the link's random loss is the only way to lose a packet, and every offered
//! packet reaches the link once.
//!
//! Each test runs 40 independent replications of 1 s (about 99 000 packets each, 4 M in
//! all) and checks three things:
//! - the pooled loss rate lies in its 99% interval around the analytic rate (Bernoulli: the
//!   exact Clopper-Pearson interval of the pooled count; Gilbert-Elliott: see below);
//! - the mean of the per-replication loss rates lies in its 99% Student t interval — batch
//!   means with independent replications as batches, which needs no model of the
//!   correlation at all;
//! - the spread of the per-replication loss counts matches the variance the model predicts
//!   (a chi-square test of the sample variance at 99%). For Gilbert-Elliott this variance is
//!   3.2 times the binomial one because losses come in bursts, so this check sees the burst
//!   structure even though the engine does not expose the loss sequence (the mean burst
//!   length cannot be measured through the public API; see the report).

use crate::common;

use common::{express, network};
use vpcsim::metrics::DropCause;
use vpcsim::sla::{clopper_pearson, mean_ci, normal_quantile, z_for_confidence};

const REPLICATIONS: u32 = 40;
const SEED: u64 = 4242;
const CONFIDENCE: f64 = 0.99;

/// Per replication: (packets offered, packets lost on the link).
fn run(loss: &str) -> Vec<(u64, u64)> {
    let text = express(
        "1s",
        "10ms",
        &format!("bandwidth = \"10Gbps\"\nloss = {loss}"),
        "spec = \"Fast.1\"\nencap_overhead = \"0B\"",
        "[[flow]]\nname = \"f\"\nfrom = \"src\"\nto = \"dst\"\ntraffic = \"cbr\"\nrate = \"800Mbps\"\npacket_size = \"1000B\"",
    );
    let (net, plan) = network(&text);
    common::replications(&net, &plan, SEED, REPLICATIONS)
        .iter()
        .map(|r| {
            let f = &r.flows[0];
            for cause in DropCause::ALL {
                if cause != DropCause::Link {
                    assert_eq!(f.lost(cause), 0, "{cause}");
                }
            }
            assert_eq!(f.unresolved(), 0);
            (f.offered_packets(), f.lost(DropCause::Link))
        })
        .collect()
}

/// Chi-square quantile by Wilson-Hilferty (relative error below 1e-3 at these degrees of
/// freedom, far below what the test needs).
fn chi_square_quantile(p: f64, df: f64) -> f64 {
    let a = 2.0 / (9.0 * df);
    df * (1.0 - a + normal_quantile(p) * a.sqrt()).powi(3)
}

/// Checks the sample variance of the per-replication loss counts against `per_packet_var`·n
/// (n packets per replication), two-sided at 99%; returns the ratio.
fn check_spread(runs: &[(u64, u64)], per_packet_var: f64) -> f64 {
    let n = runs.len() as f64;
    let counts: Vec<f64> = runs.iter().map(|(_, k)| *k as f64).collect();
    let mean = counts.iter().sum::<f64>() / n;
    let s2 = counts.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let packets = runs.iter().map(|(o, _)| *o as f64).sum::<f64>() / n;
    let ratio = s2 / (per_packet_var * packets);
    let df = n - 1.0;
    let (lo, hi) = (
        chi_square_quantile(0.005, df) / df,
        chi_square_quantile(0.995, df) / df,
    );
    assert!(
        lo <= ratio && ratio <= hi,
        "sample variance / model variance = {ratio:.3}, outside the 99% range [{lo:.3}, {hi:.3}]"
    );
    ratio
}

fn check_batch_means(runs: &[(u64, u64)], p: f64) {
    let rates: Vec<f64> = runs.iter().map(|(o, k)| *k as f64 / *o as f64).collect();
    let ci = mean_ci(&rates, CONFIDENCE);
    assert!(
        ci.contains(p),
        "mean of replication loss rates {:.6} in [{:.6}, {:.6}] excludes {p:.6}",
        ci.mean,
        ci.lo,
        ci.hi
    );
}

#[test]
fn bernoulli_loss_is_inside_its_clopper_pearson_interval() {
    let p = 0.002;
    let runs = run(r#""0.2%""#);
    let n: u64 = runs.iter().map(|(o, _)| o).sum();
    let k: u64 = runs.iter().map(|(_, k)| k).sum();
    assert!(n > 3_900_000, "{n} packets");
    let (lo, hi) = clopper_pearson(k, n, CONFIDENCE);
    let ratio = check_spread(&runs, p * (1.0 - p));
    println!(
        "Bernoulli p={p}: lost {k} of {n} = {:.6}, 99% Clopper-Pearson [{lo:.6}, {hi:.6}], \
         variance ratio {ratio:.3}",
        k as f64 / n as f64
    );
    assert!(lo <= p && p <= hi, "p={p} outside [{lo}, {hi}]");
    check_batch_means(&runs, p);
}

#[test]
fn gilbert_elliott_loss_is_the_stationary_rate() {
    let (gb, bg, h) = (0.01, 0.3, 0.5);
    let runs = run(&format!(
        "{{ model = \"gilbert-elliott\", p_good_bad = {gb}, p_bad_good = {bg}, loss_bad = \"50%\" }}"
    ));
    // Stationary loss: π_B · loss_bad, π_B = p_gb / (p_gb + p_bg) = 1/31.
    let pi_b = gb / (gb + bg);
    let p = pi_b * h;
    // The loss indicators X_i are correlated through the chain: Cov(X_0, X_k) =
    // h²·π_B·π_G·λ^k with λ = 1 − p_gb − p_bg = 0.69, so the variance of the loss count over
    // n packets is n·σ² with σ² = p(1 − p) + 2h²π_Bπ_G·λ/(1 − λ) (= 0.0506, 3.2 times the
    // binomial p(1 − p)). The pooled rate's 99% interval is the normal one with this
    // inflated variance; with 4 M packets and a correlation time of ~3 packets the normal
    // approximation is excellent.
    let lambda = 1.0 - gb - bg;
    let sigma2 = p * (1.0 - p) + 2.0 * h * h * pi_b * (1.0 - pi_b) * lambda / (1.0 - lambda);
    let n: u64 = runs.iter().map(|(o, _)| o).sum();
    let k: u64 = runs.iter().map(|(_, k)| k).sum();
    let rate = k as f64 / n as f64;
    let half = z_for_confidence(CONFIDENCE) * (sigma2 / n as f64).sqrt();
    let ratio = check_spread(&runs, sigma2);
    println!(
        "Gilbert-Elliott: lost {k} of {n} = {rate:.6}, stationary {p:.6} ± {half:.6} (99%), \
         variance ratio to the Markov model {ratio:.3} (to binomial {:.3})",
        ratio * sigma2 / (p * (1.0 - p))
    );
    assert!(
        (rate - p).abs() <= half,
        "loss {rate:.6} outside {p:.6} ± {half:.6}"
    );
    check_batch_means(&runs, p);
}
