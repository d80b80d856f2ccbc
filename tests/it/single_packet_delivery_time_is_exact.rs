//! One packet alone on a known path is delivered at exactly its serialization times plus the
//! propagation delays of its hops, to the nanosecond.
//!
//! Each flow is CBR at 1 Mbps with 1000 B packets (one packet every 8 ms) and stops 1 ms after
//! it starts, so it sends exactly one packet, at its start. The flows start 10 ms apart and
//! share no queue that another flow's packet is still in, so each packet is alone. With no
//! jitter, no loss and no failures, the delay recorder must show min == max == the hand
//! computation below.

use crate::common;

use common::network;
use vpcsim::topology::Hop;

const SCENARIO: &str = r#"
[simulation]
seed = 3
duration = "100ms"
warmup = "0s"
replications = 1

[backbone]
topology = "explicit"
regional_delay = "250us"
loss = "0%"
jitter = "0ms"
mtbf = "100000d"
buffer = "1000MB"

[[region]]
name = "cn-hangzhou"

[[region]]
name = "cn-shanghai"

[[link]]
between = ["cn-shanghai", "cn-hangzhou"]
bandwidth = "10Gbps"
delay = "3ms"

[[vpc]]
name = "hz"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{ name = "hz-web", kind = "ecs", ip = "10.0.1.10" }]

[[vpc]]
name = "hz2"
region = "cn-hangzhou"
cidr = ["10.2.0.0/16"]
resources = [{ name = "hz2-app", kind = "ecs", ip = "10.2.1.10" }]

[[idc]]
name = "sh-idc"
location = { lat = 31.23, lon = 121.47 }
cidr = ["192.168.0.0/16"]
hosts = [{ name = "erp", ip = "192.168.1.10" }]

[[physical_connection]]
name = "pc-sh-1"
idc = "sh-idc"
access_point = "cn-shanghai"
bandwidth = "1Gbps"
distance = "40km"

[[connection]]
name = "idc-hz"
type = "express-connect"
between = ["vbr-pc-sh-1", "hz"]
spec = "Middle.1"

[[connection]]
name = "hz-hz2"
type = "express-connect"
between = ["hz", "hz2"]
spec = "Middle.1"
encap_overhead = "30B"

[[flow]]
name = "idc-to-vpc"
from = "erp"
to = "hz-web"
traffic = "cbr"
rate = "1Mbps"
packet_size = "1000B"
start = "0ms"
stop = "1ms"

[[flow]]
name = "vpc-to-idc"
from = "hz-web"
to = "erp"
traffic = "cbr"
rate = "1Mbps"
packet_size = "1000B"
start = "10ms"
stop = "11ms"

[[flow]]
name = "same-region"
from = "hz-web"
to = "hz2-app"
traffic = "cbr"
rate = "1Mbps"
packet_size = "1000B"
start = "20ms"
stop = "21ms"
"#;

/// Delivers each flow's single packet and returns its (min, max) one-way delay in ns.
fn delays() -> Vec<(u64, u64)> {
    let (net, plan) = network(SCENARIO);
    let m = vpcsim::net::simulate(&net, &plan, 3, 0);
    m.flows
        .iter()
        .enumerate()
        .map(|(i, f)| {
            assert_eq!(f.offered_packets(), 1, "flow {i} sends one packet");
            assert_eq!(f.delivered_packets(), 1, "flow {i} delivers it");
            let d = f.delays();
            (d.min().unwrap().as_nanos(), d.max().unwrap().as_nanos())
        })
        .collect()
}

#[test]
fn the_routes_are_the_expected_hops() {
    let (_, plan) = network(SCENARIO);
    let kinds = |i: usize| -> Vec<&'static str> {
        common::hops(&plan, i)
            .iter()
            .map(|h| match h {
                Hop::Encap(_) => "encap",
                Hop::Shaper(_) => "shaper",
                Hop::Channel(_) | Hop::Bundle(..) => "channel",
                Hop::Decap(_) => "decap",
            })
            .collect()
    };
    // Physical connection, cap (on the customer's bytes), tunnel in, backbone link, tunnel out.
    assert_eq!(kinds(0), ["channel", "shaper", "encap", "channel", "decap"]);
    // Cap, tunnel in, backbone link, tunnel out, physical connection to the IDC.
    assert_eq!(kinds(1), ["shaper", "encap", "channel", "decap", "channel"]);
    // Cap, tunnel in, the region's fabric (delay only), tunnel out.
    assert_eq!(kinds(2), ["shaper", "encap", "channel", "decap"]);
}

#[test]
fn idc_to_vpc_over_physical_connection_and_backbone() {
    // Born at t = 0 in the IDC, 1000 B.
    //   physical connection sh-idc > vbr-pc-sh-1, 1 Gbps: 1000 B × 8 ns/B   =     8 000 ns
    //     + its propagation, 40 km × 5 µs/km                                =   200 000 ns
    //   cap Middle.1 = 100 Mbps (FIFO at the cap rate) on the customer's
    //   1000 B: 1000 × 8 / 1e8 s                                            =    80 000 ns
    //   tunnel ingress adds the default 50 B overhead: 1050 B
    //   backbone cn-shanghai > cn-hangzhou, 10 Gbps: 1050 × 8 / 1e10 s      =       840 ns
    //     + its delay                                                       = 3 000 000 ns
    //   tunnel egress; cross-region, so no regional-delay hop.
    //   total                                                               = 3 288 840 ns
    let expected = 8_000 + 200_000 + 80_000 + 840 + 3_000_000;
    assert_eq!(expected, 3_288_840);
    assert_eq!(delays()[0], (expected, expected));
}

#[test]
fn vpc_to_idc_leaves_the_tunnel_before_the_physical_connection() {
    // Born at t = 0 in hz, 1000 B.
    //   cap Middle.1, 100 Mbps, on the customer's 1000 B: 1000 × 8 / 1e8 s  =    80 000 ns
    //   tunnel ingress: 1050 B
    //   backbone cn-hangzhou > cn-shanghai, 10 Gbps: 1050 × 8 / 1e10 s      =       840 ns
    //     + its delay                                                       = 3 000 000 ns
    //   tunnel egress at the VBR: the packet is 1000 B again
    //   physical connection vbr-pc-sh-1 > sh-idc, 1 Gbps: 1000 B × 8 ns/B   =     8 000 ns
    //     + its propagation, 40 km × 5 µs/km                                =   200 000 ns
    //   total                                                               = 3 288 840 ns
    let expected = 80_000 + 840 + 3_000_000 + 8_000 + 200_000;
    assert_eq!(expected, 3_288_840);
    assert_eq!(delays()[1], (expected, expected));
}

#[test]
fn same_region_express_connect_crosses_the_regional_fabric() {
    // Born in hz, 1000 B; both VPCs are in cn-hangzhou.
    //   cap Middle.1, 100 Mbps, on the customer's 1000 B: 1000 × 8 / 1e8 s  =    80 000 ns
    //   tunnel ingress with encap_overhead = 30 B: 1030 B
    //   the region's fabric: regional_delay (no serialization, no queue)    =   250 000 ns
    //   total                                                               =   330 000 ns
    let expected = 80_000 + 250_000;
    assert_eq!(delays()[2], (expected, expected));
}
