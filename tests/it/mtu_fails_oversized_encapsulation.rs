//! Encapsulation adds the tunnel overhead; a packet whose encapsulated size exceeds the
//! connection's MTU fails encapsulation and is lost as `encap`.

use crate::common;

use common::{express, network};
use vpcsim::metrics::{DropCause, FlowMetrics};
use vpcsim::net::RunMetrics;

fn flow(name: &str, from: &str, size: u64) -> String {
    format!(
        "[[flow]]\nname = \"{name}\"\nfrom = \"{from}\"\nto = \"dst\"\ntraffic = \"cbr\"\n\
         rate = \"100Mbps\"\npacket_size = \"{size}B\"\n"
    )
}

/// One connection with 50 B of overhead and a 1500 B MTU; four flows over it of 1480 B,
/// 1400 B, 1450 B (exactly at the MTU once encapsulated) and 1451 B (one byte over).
fn run() -> RunMetrics {
    let flows = [
        flow("f1480", "src", 1480),
        flow("f1400", "src2", 1400),
        flow("f1450", "src3", 1450),
        flow("f1451", "src4", 1451),
    ]
    .concat();
    let text = express(
        "1s",
        "100ms",
        "bandwidth = \"10Gbps\"",
        "spec = \"Large.1\"\nencap_overhead = \"50B\"\nmtu = \"1500B\"",
        &flows,
    );
    let (net, plan) = network(&text);
    vpcsim::net::simulate(&net, &plan, 5, 0)
}

fn all_fail(f: &FlowMetrics) {
    assert!(f.offered_packets() > 1000);
    assert_eq!(f.encap_presented_packets(), f.offered_packets());
    assert_eq!(f.encapsulated_packets(), 0);
    assert_eq!(f.encap_success(), Some(0.0));
    assert_eq!(f.lost(DropCause::Encap), f.offered_packets());
    assert_eq!(f.lost_total(), f.offered_packets());
    assert_eq!(f.delivered_packets(), 0);
}

fn all_pass(f: &FlowMetrics) {
    assert!(f.offered_packets() > 1000);
    assert_eq!(f.encap_presented_packets(), f.offered_packets());
    assert_eq!(f.encap_success(), Some(1.0));
    assert_eq!(f.lost_total(), 0);
    assert_eq!(f.delivered_packets(), f.offered_packets());
}

#[test]
fn packets_over_the_mtu_once_encapsulated_all_fail() {
    let m = run();
    // 1480 + 50 = 1530 > 1500.
    all_fail(&m.flows[0]);
    // 1451 + 50 = 1501 > 1500.
    all_fail(&m.flows[3]);
    println!(
        "MTU: 1480 B: offered {}, encap success {:?}, lost encap {}",
        m.flows[0].offered_packets(),
        m.flows[0].encap_success(),
        m.flows[0].lost(DropCause::Encap)
    );
}

#[test]
fn packets_within_the_mtu_once_encapsulated_all_pass() {
    let m = run();
    // 1400 + 50 = 1450 ≤ 1500.
    all_pass(&m.flows[1]);
    // 1450 + 50 = 1500: exactly the MTU passes.
    all_pass(&m.flows[2]);
    println!(
        "MTU: 1400 B: offered {}, encap success {:?}, delivered {}",
        m.flows[1].offered_packets(),
        m.flows[1].encap_success(),
        m.flows[1].delivered_packets()
    );
}

#[test]
fn delivered_bytes_are_the_bytes_offered_without_the_tunnel_header() {
    let m = run();
    let f = &m.flows[1];
    assert_eq!(f.lost_total(), 0);
    // 1400 B offered per packet, 1400 B delivered per packet (not 1450 B).
    assert_eq!(f.offered_bytes().as_bytes(), 1400 * f.offered_packets());
    assert_eq!(f.delivered_bytes(), f.offered_bytes());
}
