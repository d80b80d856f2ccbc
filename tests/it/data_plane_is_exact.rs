//! The data plane to the nanosecond:
//! - delay quantiles are true to the waiting-time distribution they describe: on an M/D/1
//!   link (ρ = 0.7, 2 µs service, 10 ms propagation) the reported p50 and p99 of the delay
//!   less its minimum match the exact waiting-time quantiles of a Lindley recursion within 5%;
//! - time does not drift: 95 Gbps of 64 B CBR into a 100 Gbps link loses nothing and its
//!   minimum delay is the propagation plus one serialization;
//! - random streams do not collide: flows named `costarring` and `liquid` (one 32-bit FNV-1a
//!   hash) draw different randomness.

use crate::common;

use common::{link, network, single_link};
use rand_distr::{Distribution, Exp};

/// Exact M/D/1 waiting-time quantiles from the Lindley recursion W' = max(0, W + S − A),
/// with its own random numbers: 20 M customers after 100 k of warm-up.
fn lindley_quantiles(rho: f64, service_ns: f64, qs: &[f64]) -> Vec<f64> {
    let mut rng = vpcsim::engine::rng_from_seed(77);
    let arrivals = Exp::new(rho / service_ns).unwrap();
    let mut w = 0.0f64;
    let mut waits = Vec::with_capacity(20_000_000);
    for i in 0..20_100_000 {
        let a: f64 = arrivals.sample(&mut rng);
        w = (w + service_ns - a).max(0.0);
        if i >= 100_000 {
            waits.push(w);
        }
    }
    waits.sort_by(f64::total_cmp);
    qs.iter()
        .map(|q| waits[((q * waits.len() as f64).ceil() as usize).clamp(1, waits.len()) - 1])
        .collect()
}

#[test]
fn md1_delay_quantiles_match_the_exact_waiting_time_quantiles() {
    // 250 B at 1 Gbps is 2 µs; 700 Mbps of them is ρ = 0.7.
    let text = link(
        "1Gbps",
        "10ms",
        "0ms",
        "4s",
        "100ms",
        "\"0%\"",
        "traffic = \"poisson\"\nrate = \"700Mbps\"\npacket_size = \"250B\"",
    );
    let (net, plan) = network(&text);
    let reference = lindley_quantiles(0.7, 2_000.0, &[0.5, 0.99]);
    let runs = common::replications(&net, &plan, 3, 4);
    let (mut p50, mut p99) = (0.0, 0.0);
    for r in &runs {
        let d = r.flows[0].delays();
        let min = d.min().unwrap().as_nanos() as f64;
        assert_eq!(min, 10_002_000.0, "a packet that never waits");
        p50 += d.quantile(0.5).unwrap().as_nanos() as f64 - min;
        p99 += d.quantile(0.99).unwrap().as_nanos() as f64 - min;
    }
    let n = runs.len() as f64;
    let (p50, p99) = (p50 / n, p99 / n);
    eprintln!(
        "M/D/1 rho 0.7: p50 wait {p50:.0} ns (exact {:.0}), p99 {p99:.0} ns (exact {:.0})",
        reference[0], reference[1]
    );
    assert!(
        (p50 / reference[0] - 1.0).abs() < 0.05,
        "p50 {p50} vs {}",
        reference[0]
    );
    assert!(
        (p99 / reference[1] - 1.0).abs() < 0.05,
        "p99 {p99} vs {}",
        reference[1]
    );
}

#[test]
fn ninety_five_gbps_of_small_packets_fit_in_a_hundred_gbps_link() {
    let text = link(
        "100Gbps",
        "1ms",
        "0ms",
        "20ms",
        "0s",
        "\"0%\"",
        "traffic = \"cbr\"\nrate = \"95Gbps\"\npacket_size = \"64B\"",
    );
    let (net, plan) = network(&text);
    let m = vpcsim::net::simulate(&net, &plan, 1, 0);
    let f = &m.flows[0];
    // 20 ms of 95 Gbps in 64 B packets: 3 710 937.5 gaps of 5.389 ns.
    assert!(f.offered_packets() >= 3_710_937, "{}", f.offered_packets());
    assert_eq!(f.lost_total(), 0, "nothing queues up, nothing is lost");
    assert_eq!(f.delivered_packets(), f.offered_packets());
    // 1 ms plus 5.12 ns of serialization, the departure rounded up to the nanosecond.
    assert_eq!(f.delays().min().unwrap().as_nanos(), 1_000_006);
    assert!(f.delays().max().unwrap().as_nanos() <= 1_000_012);
}

#[test]
fn flows_whose_names_collide_in_32_bits_draw_different_randomness() {
    let flows = |name: &str| {
        format!(
            "traffic = \"poisson\"\nrate = \"100Mbps\"\n\n[[flow]]\nname = \"{name}\"\nfrom = \"src\"\nto = \"dst\"\ntraffic = \"poisson\"\nrate = \"100Mbps\""
        )
    };
    let text = single_link("200ms", "0s", "\"0%\"", &flows("liquid"));
    let text = text.replace("name = \"f\"", "name = \"costarring\"");
    let (net, plan) = network(&text);
    assert_eq!(net.flows[0].name, "costarring");
    assert_eq!(net.flows[1].name, "liquid");
    let m = vpcsim::net::simulate(&net, &plan, 1, 0);
    assert_ne!(
        m.flows[0].offered_packets(),
        m.flows[1].offered_packets(),
        "the two flows drew the same arrivals"
    );
}
