//! A fault on the timeline takes a link or a connection down for its duration: packets that
//! reach it meanwhile are lost as `down`, and traffic flows again when it ends.
//!
//! Every flow is CBR 10 Mbps of 1000 B packets, one every 800 µs from t = 0 for 1 s (1250
//! packets), and each fault lasts from 300.4 ms to 500.4 ms. The packets born at 300.8 ms
//! … 500.0 ms (k = 376 … 625) meet the fault — 250 of them — and reach the failed element
//! within microseconds of their birth (the caps are at least 1 Gbps), long before it
//! recovers; all other packets are delivered.

use crate::common;

use common::{express, network, single_link};
use vpcsim::metrics::{DropCause, FlowMetrics};

const CBR: &str = "traffic = \"cbr\"\nrate = \"10Mbps\"\npacket_size = \"1000B\"";
const DOWN: u64 = 250;

fn fault(target: &str) -> String {
    format!("[[event]]\nat = \"300.4ms\"\nfault = \"{target}\"\nfor = \"200ms\"\n")
}

fn check(f: &FlowMetrics) {
    assert_eq!(f.offered_packets(), 1250);
    assert_eq!(f.lost(DropCause::Down), DOWN, "{:?}", f.lost_by_cause());
    assert_eq!(f.lost_total(), DOWN);
    assert_eq!(f.delivered_packets(), 1250 - DOWN);
}

fn express_with(event: &str) -> FlowMetrics {
    let text = express(
        "1s",
        "0s",
        "bandwidth = \"10Gbps\"",
        "spec = \"Large.1\"",
        &format!("[[flow]]\nname = \"f\"\nfrom = \"src\"\nto = \"dst\"\n{CBR}\n\n{event}"),
    );
    let (net, plan) = network(&text);
    vpcsim::net::simulate(&net, &plan, 1, 0).flows[0].clone()
}

#[test]
fn a_link_fault_drops_the_packets_that_reach_the_link_meanwhile() {
    check(&express_with(&fault("link:cn-hangzhou/cn-shanghai")));
}

#[test]
fn a_fault_of_a_capped_connection_drops_its_packets_meanwhile() {
    check(&express_with(&fault("connection:ec")));
}

#[test]
fn a_fault_of_an_uncapped_connection_drops_its_packets_meanwhile() {
    // An internet connection without `bandwidth`: no shaper on its route.
    let text = format!(
        "{}\n{}",
        single_link("1s", "0s", r#""0%""#, CBR),
        fault("connection:public")
    );
    let (net, plan) = network(&text);
    assert!(plan.shapers.is_empty());
    check(&vpcsim::net::simulate(&net, &plan, 1, 0).flows[0]);
}
