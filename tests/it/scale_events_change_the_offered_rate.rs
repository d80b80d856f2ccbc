//! A `scale` event on the timeline multiplies a flow's offered rate from that instant on.

use crate::common;

use common::{express, network};

/// CBR 10 Mbps of 1000 B packets (one every 800 µs) over an uncongested connection, with
/// the given `[[event]]` tables.
fn offered(duration: &str, warmup: &str, events: &str) -> u64 {
    let text = express(
        duration,
        warmup,
        "bandwidth = \"10Gbps\"",
        "spec = \"Large.1\"",
        &format!(
            "[[flow]]\nname = \"f\"\nfrom = \"src\"\nto = \"dst\"\ntraffic = \"cbr\"\n\
             rate = \"10Mbps\"\npacket_size = \"1000B\"\n\n{events}"
        ),
    );
    let (net, plan) = network(&text);
    let m = vpcsim::net::simulate(&net, &plan, 1, 0);
    let f = &m.flows[0];
    assert_eq!(f.offered_packets(), f.delivered_packets());
    f.offered_packets()
}

#[test]
fn a_surge_doubles_the_rate_from_the_event_on() {
    // 0 .. 500.4 ms at 800 µs: 626 packets; 500.4 ms .. 1 s at 400 µs: about 1249.
    let n = offered(
        "1s",
        "0s",
        "[[event]]\nat = \"500.4ms\"\nscale = { flow = \"f\", factor = 2.0 }",
    );
    assert!(
        (1873..=1876).contains(&n),
        "offered {n}, expected about 1875"
    );
}

#[test]
fn a_flow_scaled_to_zero_resumes_when_scaled_back() {
    // Silenced at 300.4 ms, back to its rate at 600.4 ms. Counting only from 600.4 ms
    // (warmup), the flow offers one packet per 800 µs until 1 s: about 500 packets.
    let n = offered(
        "1s",
        "600.4ms",
        "[[event]]\nat = \"300.4ms\"\nscale = { flow = \"f\", factor = 0.0 }\n\n\
         [[event]]\nat = \"600.4ms\"\nscale = { flow = \"f\", factor = 1.0 }",
    );
    assert!((499..=501).contains(&n), "offered {n}, expected about 500");
}
