//! A replication is a pure function of (scenario, seed, replication): the same inputs give
//! identical results, whatever the thread count, and adding an unrelated flow on disjoint
//! links leaves another flow's results bit-identical (each random component draws from its
//! own stream).
//!
//! The network uses every random component the engine has: Poisson arrivals with IMIX sizes,
//! Gilbert-Elliott loss and jitter on the link, random encapsulation failures, and link
//! failures and repairs (MTBF 2 s, MTTR 50 ms, two members with failover) inside the run.

use crate::common;

use common::network;
use vpcsim::model::Network;
use vpcsim::net::RunMetrics;
use vpcsim::topology::Plan;

const BASE: &str = r#"
[simulation]
seed = 9
duration = "3s"
warmup = "100ms"
replications = 4

[backbone]
topology = "explicit"
bandwidth = "1Gbps"
buffer = "200KB"
jitter = "30us"
mtbf = "2s"
mttr = "50ms"
failover = "20ms"

[[region]]
name = "cn-hangzhou"

[[region]]
name = "cn-shanghai"

[[link]]
between = ["cn-hangzhou", "cn-shanghai"]
delay = "2ms"
count = 2
loss = { model = "gilbert-elliott", p_good_bad = 0.01, p_bad_good = 0.3, loss_bad = "50%" }

[[vpc]]
name = "a"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{ name = "src", kind = "ecs", ip = "10.0.0.10" }]

[[vpc]]
name = "b"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [{ name = "dst", kind = "ecs", ip = "10.1.0.10" }]

[[connection]]
name = "ab"
type = "express-connect"
between = ["a", "b"]
spec = "Middle.5"
encap_failure = "0.5%"

[[flow]]
name = "f"
from = "src"
to = "dst"
traffic = "poisson"
rate = "450Mbps"
packet_size = "imix"
"#;

/// A second pair of VPCs in two other regions, on their own link and connection, with a
/// flow of their own: nothing shared with flow "f".
const UNRELATED: &str = r#"
[[link]]
between = ["cn-beijing", "cn-shenzhen"]
delay = "10ms"
loss = "1%"

[[vpc]]
name = "c"
region = "cn-beijing"
cidr = ["10.2.0.0/16"]
resources = [{ name = "c-src", kind = "ecs", ip = "10.2.0.10" }]

[[vpc]]
name = "d"
region = "cn-shenzhen"
cidr = ["10.3.0.0/16"]
resources = [{ name = "d-dst", kind = "ecs", ip = "10.3.0.10" }]

[[connection]]
name = "cd"
type = "express-connect"
between = ["c", "d"]
spec = "Large.1"
encap_failure = "1%"

[[flow]]
name = "g"
from = "c-src"
to = "d-dst"
traffic = "on-off"
rate = "600Mbps"
packet_size = "imix"
"#;

/// Every summary number of flow 0 and of the channels on its route.
fn fingerprint(plan: &Plan, m: &RunMetrics) -> String {
    let f = &m.flows[0];
    let channels: Vec<String> = common::hops(plan, 0)
        .into_iter()
        .filter_map(|h| common::channel_of(plan, h))
        .map(|c| format!("{:?}", m.channels[c.index()]))
        .collect();
    format!(
        "offered {} {:?} delivered {} {:?} lost {:?} encap {}/{} delays {:?} jitter {:?} \
         channels {channels:?} cap bytes {:?}",
        f.offered_packets(),
        f.offered_bytes(),
        f.delivered_packets(),
        f.delivered_bytes(),
        f.lost_by_cause(),
        f.encapsulated_packets(),
        f.encap_presented_packets(),
        f.delays().summary(),
        f.jitter_report(),
        m.connection_bytes[0],
    )
}

fn base() -> (Network, Plan) {
    network(BASE)
}

#[test]
fn the_same_seed_gives_identical_results() {
    let (net, plan) = base();
    for rep in 0..2 {
        let a = vpcsim::net::simulate(&net, &plan, 9, rep);
        let b = vpcsim::net::simulate(&net, &plan, 9, rep);
        assert_eq!(fingerprint(&plan, &a), fingerprint(&plan, &b));
        assert_eq!(a.events, b.events);
        assert_eq!(format!("{:?}", a.timeseries), format!("{:?}", b.timeseries));
        // The run exercises what it claims to: losses of several kinds and delivered jitter.
        let f = &a.flows[0];
        assert!(f.delivered_packets() > 100_000);
        assert!(f.lost(vpcsim::metrics::DropCause::Link) > 0);
        assert!(f.lost(vpcsim::metrics::DropCause::Encap) > 0);
    }
    // A different seed gives different numbers: the comparison above is not vacuous.
    let a = vpcsim::net::simulate(&net, &plan, 9, 0);
    let c = vpcsim::net::simulate(&net, &plan, 10, 0);
    assert_ne!(fingerprint(&plan, &a), fingerprint(&plan, &c));
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let (net, plan) = base();
    let run = |threads| {
        vpcsim::study::replicate(
            &net,
            &plan,
            9,
            4,
            vpcsim::study::Shard::WHOLE,
            threads,
            &|| {},
        )
        .iter()
        .map(|m| (fingerprint(&plan, m), m.events))
        .collect::<Vec<_>>()
    };
    assert_eq!(run(1), run(2));
}

#[test]
fn an_unrelated_flow_on_disjoint_links_changes_nothing() {
    let (net, plan) = base();
    let (net2, plan2) = network(&format!("{BASE}\n{UNRELATED}"));
    assert_eq!(net2.flows.len(), 2);
    // The two flows share no channel, shaper or tunnel.
    let hops = |p: &Plan, i: usize| common::hops(p, i);
    assert!(hops(&plan2, 1).iter().all(|h| !hops(&plan2, 0).contains(h)));
    assert_eq!(hops(&plan, 0), hops(&plan2, 0));
    for rep in 0..2 {
        let alone = vpcsim::net::simulate(&net, &plan, 9, rep);
        let beside = vpcsim::net::simulate(&net2, &plan2, 9, rep);
        assert!(beside.flows[1].delivered_packets() > 0);
        assert_eq!(fingerprint(&plan, &alone), fingerprint(&plan2, &beside));
    }
}
