//! A flow's delay variation splits into the provider's part (propagation, serialization and
//! the background variation of its links) and what the design's own traffic adds waiting in
//! its queues (`jitter_network_ms` and `jitter_queue_ms`).

use crate::common;

use common::{link, network};
use vpcsim::metrics::DelayRecorder;

/// p99 − min, ns.
fn spread(d: &DelayRecorder) -> u64 {
    d.quantile(0.99).unwrap().as_nanos() - d.min().unwrap().as_nanos()
}

/// (total, network) p99 − min of flow 0 of a single 1 Gbps, 1 ms channel with `jitter`.
fn spreads(jitter: &str, rate: &str) -> (u64, u64) {
    let text = link(
        "1Gbps",
        "1ms",
        jitter,
        "2s",
        "100ms",
        "\"0%\"",
        &format!("traffic = \"poisson\"\nrate = \"{rate}\"\npacket_size = \"1000B\""),
    );
    let (net, plan) = network(&text);
    let m = vpcsim::net::simulate(&net, &plan, 3, 0);
    let f = &m.flows[0];
    (spread(f.delays()), spread(f.network_delays()))
}

/// 900 Mbps of Poisson 1000 B packets on a 1 Gbps link with no variation of its own: every
/// microsecond of spread is queueing behind the flow's own packets. The network's part is a
/// constant delay (8 µs of serialization and 1 ms of propagation): no spread at all.
#[test]
fn a_loaded_queue_is_the_designs_part() {
    let (total, network) = spreads("0ms", "900Mbps");
    // M/D/1 at ρ = 0.9, 8 µs service: the p99 wait is tens of microseconds.
    assert!(total > 50_000, "total spread {total} ns");
    assert_eq!(network, 0, "the network alone has no spread");
}

/// 1 Mbps on the same link with σ = 50 µs of background variation: packets practically
/// never queue behind each other, so the network's part is the whole spread, about the
/// background's p99 wait of 4.517 σ ≈ 226 µs.
#[test]
fn background_variation_on_an_idle_link_is_the_networks_part() {
    let (total, network) = spreads("50us", "1Mbps");
    assert_eq!(total, network);
    assert!(
        (190_000..=260_000).contains(&network),
        "network spread {network} ns"
    );
}
