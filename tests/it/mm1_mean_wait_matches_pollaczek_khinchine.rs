//! M/M/1 through M/G/1: the engine draws packet sizes from a weighted list, so exponential
//! service is approximated by a fine discretisation of Exp(mean 1000 B) into 200 sizes.
//!
//! Discretisation: bins [50k, 50(k+1)) bytes for k = 0..198 and a tail bin [9950 B, ∞); each
//! bin's weight is its exponential probability and its size the exponential's conditional
//! mean in the bin (a + 1000 for the tail, by memorylessness), rounded to whole bytes. The
//! discrete distribution then has E[size] = 1000.2 B and E[S²]/(2E[S]²) = 0.9997 (exactly
//! 1 for the exponential): it is within 0.05% of Exp(1000 B) in the first two moments, which
//! is all a mean-wait formula sees.
//!
//! Two checks, within 2%:
//! - the simulated mean wait equals the exact Pollaczek-Khinchine mean for *that* discrete
//!   distribution, W = λE[S²] / (2(1 − ρ)), computed from the sizes the network holds;
//! - the simulated mean sojourn equals the continuous M/M/1's E[S]/(1 − ρ), E[S] = 8 µs;
//!   the discrete P-K sojourn is asserted to be within 0.1% of it (the discretisation error),
//!   so the 2% is all left to simulation noise.
//!
//! Sample size: the M/M/1 wait is noisier than M/D/1's (one 10 s replication has a standard
//! deviation of about 0.7% of W at ρ = 0.5 and 1.3% at ρ = 0.8, measured). 8 replications
//! of 10 s (about 5 M packets at ρ = 0.5, 8 M at ρ = 0.8) give standard errors of 0.25% and
//! 0.45%: 2% is more than 4 standard errors.

use crate::common;

use common::{LINK_DELAY_NS, NS_PER_BYTE_AT_1GBPS, assert_single_server, network, single_link};

const REPLICATIONS: u32 = 8;
const SEED: u64 = 77;
const MEAN_BYTES: f64 = 1000.0;
const BIN_BYTES: f64 = 50.0;
const BINS: usize = 200;

/// (size in bytes, probability) of the discretised Exp(mean 1000 B).
fn exponential_sizes() -> Vec<(u64, f64)> {
    let tail = (-BIN_BYTES / MEAN_BYTES).exp();
    (0..BINS)
        .map(|k| {
            let a = k as f64 * BIN_BYTES;
            let p_from_a = (-a / MEAN_BYTES).exp();
            if k == BINS - 1 {
                ((a + MEAN_BYTES).round() as u64, p_from_a)
            } else {
                // E[X | a ≤ X < a + w] = a + μ − w·e^(−w/μ) / (1 − e^(−w/μ)).
                let mean = a + MEAN_BYTES - BIN_BYTES * tail / (1.0 - tail);
                (mean.round() as u64, p_from_a * (1.0 - tail))
            }
        })
        .collect()
}

fn packet_size_toml() -> String {
    let items: Vec<String> = exponential_sizes()
        .iter()
        .map(|(s, p)| format!("{{ size = \"{s}B\", weight = {p:.17} }}"))
        .collect();
    format!("[{}]", items.join(", "))
}

fn check(rho: f64) {
    let rate_mbps = (rho * 1000.0).round() as u64;
    let text = single_link(
        "10s",
        "100ms",
        r#""0%""#,
        &format!(
            "traffic = \"poisson\"\nrate = \"{rate_mbps}Mbps\"\npacket_size = {}",
            packet_size_toml()
        ),
    );
    let (net, plan) = network(&text);
    assert_single_server(&plan);

    // The exact P-K figures of the distribution the network actually holds.
    let choices = net.flows[0].packet_size.choices();
    assert_eq!(choices.len(), BINS);
    let total: f64 = choices.iter().map(|(_, w)| w).sum();
    let moment = |k: i32| {
        choices
            .iter()
            .map(|(s, w)| (s.as_bytes() as f64 * NS_PER_BYTE_AT_1GBPS).powi(k) * w)
            .sum::<f64>()
            / total
    };
    let (es, es2) = (moment(1), moment(2));
    // The source spaces packets by the mean size, so ρ = rate / 1 Gbps exactly.
    let lambda = rho / es;
    let w_pk = lambda * es2 / (2.0 * (1.0 - rho));
    let t_pk = w_pk + es;
    let t_mm1 = 1000.0 * NS_PER_BYTE_AT_1GBPS / (1.0 - rho);
    let discretisation = (t_pk - t_mm1) / t_mm1;
    assert!(
        discretisation.abs() < 0.001,
        "discretisation error {discretisation}"
    );

    let runs = common::replications(&net, &plan, SEED, REPLICATIONS);
    // Per replication: (mean sojourn, mean service of the sizes actually drawn). No tunnel
    // on this path, so delivered bytes are the sizes the source drew.
    let per_run: Vec<(f64, f64)> = runs
        .iter()
        .map(|r| {
            let f = &r.flows[0];
            assert_eq!(f.delivered_packets(), f.offered_packets());
            let service = f.delivered_bytes().as_bytes() as f64 * NS_PER_BYTE_AT_1GBPS
                / f.delivered_packets() as f64;
            (f.delays().mean_ns().unwrap() - LINK_DELAY_NS, service)
        })
        .collect();
    let n = per_run.len() as f64;
    let t = per_run.iter().map(|(t, _)| t).sum::<f64>() / n;
    let w = per_run.iter().map(|(t, s)| t - s).sum::<f64>() / n;
    let err_w = (w - w_pk) / w_pk;
    let err_t = (t - t_mm1) / t_mm1;
    println!(
        "M/M/1 rho={rho}: E[S]={es:.2} ns, E[S^2]/(2E[S]^2)={:.5}; wait {w:.1} ns vs P-K {w_pk:.1} \
         ({:+.3}%); sojourn {t:.1} ns vs M/M/1 {t_mm1:.1} ({:+.3}%; P-K sojourn {t_pk:.1})",
        es2 / (2.0 * es * es),
        100.0 * err_w,
        100.0 * err_t
    );
    assert!(err_w.abs() < 0.02, "wait {w} vs P-K {w_pk}");
    assert!(err_t.abs() < 0.02, "sojourn {t} vs M/M/1 {t_mm1}");
}

#[test]
fn mm1_mean_wait_at_rho_0_5() {
    check(0.5);
}

#[test]
fn mm1_mean_wait_at_rho_0_8() {
    check(0.8);
}
