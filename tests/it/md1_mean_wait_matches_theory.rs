//! M/D/1: Poisson arrivals of fixed 1000 B packets at one 1 Gbps FIFO server. The mean
//! waiting time is Pollaczek-Khinchine's W = ρS / (2(1 − ρ)), S = 8 µs the serialization
//! time; the simulator must reproduce it within 2%.
//!
//! Sample size. The waiting time is strongly autocorrelated near saturation, so the run
//! length, not the packet count, sets the precision. Measured with this network: the mean
//! wait of one 10 s replication has a standard deviation of about 0.5% of W at ρ = 0.5,
//! 0.9% at ρ = 0.8 and 1.0% at ρ = 0.9 (it grows like 1/(1 − ρ)² over the run). Averaging
//! 8 independent replications of 10 s (about 9 M packets at ρ = 0.9) gives a standard error
//! of about 0.36% at ρ = 0.9, so the 2% tolerance is more than 5 standard errors: the test
//! checks the model, not the luck of the seed. The 100 ms warmup is over 30 relaxation
//! times of the queue at ρ = 0.9 (S/(1 − √ρ)² ≈ 3 ms), so the empty start does not bias W.

use crate::common;

use common::{LINK_DELAY_NS, NS_PER_BYTE_AT_1GBPS, assert_single_server, network, single_link};

const REPLICATIONS: u32 = 8;
const SEED: u64 = 20_240_601;

/// Mean waiting time (ns) averaged over replications, and the theoretical value.
fn md1(rho: f64) -> (f64, f64) {
    let rate_mbps = (rho * 1000.0).round() as u64;
    let text = single_link(
        "10s",
        "100ms",
        r#""0%""#,
        &format!("traffic = \"poisson\"\nrate = \"{rate_mbps}Mbps\"\npacket_size = \"1000B\""),
    );
    let (net, plan) = network(&text);
    assert_single_server(&plan);
    let s = 1000.0 * NS_PER_BYTE_AT_1GBPS;
    let runs = common::replications(&net, &plan, SEED, REPLICATIONS);
    let waits: Vec<f64> = runs
        .iter()
        .map(|r| {
            let f = &r.flows[0];
            // Nothing is lost and every packet is resolved: the delays are of all packets.
            assert_eq!(f.delivered_packets(), f.offered_packets());
            assert!(f.offered_packets() > 500_000);
            // One-way delay = waiting + serialization + the channel's propagation delay.
            let min = f.delays().min().unwrap().as_nanos() as f64;
            assert_eq!(min, s + LINK_DELAY_NS, "a packet that never waits");
            f.delays().mean_ns().unwrap() - s - LINK_DELAY_NS
        })
        .collect();
    let measured = waits.iter().sum::<f64>() / waits.len() as f64;
    let theory = rho * s / (2.0 * (1.0 - rho));
    (measured, theory)
}

fn check(rho: f64) {
    let (measured, theory) = md1(rho);
    let err = (measured - theory) / theory;
    println!(
        "M/D/1 rho={rho}: mean wait {:.1} ns, theory {:.1} ns, error {:+.3}%",
        measured,
        theory,
        100.0 * err
    );
    assert!(
        err.abs() < 0.02,
        "rho={rho}: mean wait {measured:.1} ns vs P-K {theory:.1} ns ({:+.2}%)",
        100.0 * err
    );
}

#[test]
fn md1_mean_wait_at_rho_0_5() {
    check(0.5);
}

#[test]
fn md1_mean_wait_at_rho_0_8() {
    check(0.8);
}

#[test]
fn md1_mean_wait_at_rho_0_9() {
    check(0.9);
}
