//! Carrying a packet on without an event (the engine's shortcuts: into a server a single
//! flow uses, or wherever its arrival would be the very next event) changes the number of
//! events and nothing else: every metric of every scenario in the library, and of stress
//! networks with failures, spec changes and sampling, is the same with and without it.

use crate::common;

use std::path::Path;
use vpcsim::net::{RunMetrics, SimOptions, simulate_with};
use vpcsim::study::design::load_network;
use vpcsim::topology::compile;

/// Everything a replication measured but the event count.
fn measured(m: &RunMetrics) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?} {}",
        m.flows,
        m.channels,
        m.connection_bytes,
        m.connection_capacity_bits,
        m.timeseries,
        m.packet_hops
    )
}

fn same_either_way(net: &vpcsim::model::Network, name: &str) {
    let plan = compile(net);
    for rep in 0..2 {
        let with = simulate_with(net, &plan, 5, rep, SimOptions { shortcuts: true });
        let without = simulate_with(net, &plan, 5, rep, SimOptions { shortcuts: false });
        assert!(
            measured(&with) == measured(&without),
            "{name}, replication {rep}: results differ with shortcuts"
        );
        assert!(
            with.events <= without.events,
            "{name}: shortcuts added events"
        );
        eprintln!(
            "{name} rep {rep}: {} events with shortcuts, {} without ({:.2} vs {:.2} per packet-hop)",
            with.events,
            without.events,
            with.events as f64 / with.packet_hops.max(1) as f64,
            without.events as f64 / without.packet_hops.max(1) as f64
        );
    }
}

/// The network of a scenario file, which must load.
fn load(path: &Path) -> vpcsim::model::Network {
    load_network(path)
        .unwrap_or_else(|d| panic!("{}", d.render()))
        .network
}

#[test]
fn every_library_scenario_measures_the_same_with_and_without_shortcuts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let mut net = load(&path);
        // Short windows keep the test fast; the events inside are the same kinds.
        net.simulation.duration = net
            .simulation
            .duration
            .min(vpcsim::units::Duration::from_millis(600));
        net.simulation.warmup = net
            .simulation
            .warmup
            .min(vpcsim::units::Duration::from_millis(100));
        same_either_way(&net, &path.display().to_string());
        checked += 1;
    }
    assert!(checked >= 8);
}

#[test]
fn failures_and_repairs_during_the_window_do_not_break_the_equivalence() {
    // Members fail every few hundred ms on average, so transitions, failovers and reroutes
    // happen in the window; the backbone has three regions to reroute through.
    let text = r#"
[simulation]
duration = "3s"
warmup = "100ms"
sample_interval = "20ms"

[backbone]
topology = "full-mesh"
mtbf = "400ms"
mttr = "100ms"
failover = "5ms"
jitter = "30us"
count = 2

[[region]]
name = "cn-hangzhou"
[[region]]
name = "cn-shanghai"
[[region]]
name = "cn-beijing"

[[vpc]]
name = "a"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{ name = "a1", ip = "10.0.0.10" }, { name = "a2", ip = "10.0.0.11" }]

[[vpc]]
name = "b"
region = "cn-beijing"
cidr = ["10.1.0.0/16"]
resources = [{ name = "b1", ip = "10.1.0.10" }]

[[idc]]
name = "dc"
location = { lat = 31.2, lon = 121.5 }
cidr = ["192.168.0.0/16"]
hosts = [{ name = "h", ip = "192.168.0.10" }]

[[physical_connection]]
name = "l1"
idc = "dc"
access_point = "cn-shanghai"
bandwidth = "1Gbps"
distance = "40km"
vbr = "v"
mtbf = "300ms"
mttr = "50ms"
failover = "10ms"
mode = "active-active"

[[physical_connection]]
name = "l2"
idc = "dc"
access_point = "cn-shanghai"
bandwidth = "1Gbps"
distance = "60km"
vbr = "v"
mtbf = "300ms"
mttr = "50ms"
failover = "10ms"
mode = "active-active"

[[connection]]
name = "ab"
type = "express-connect"
between = ["a", "b"]
spec = "Large.1"

[[connection]]
name = "va"
type = "express-connect"
between = ["v", "a"]
spec = "Large.2"

[[flow]]
name = "f1"
from = "a1"
to = "b1"
rate = "300Mbps"

[[flow]]
name = "f2"
from = "h"
to = "a2"
traffic = "on-off"
rate = "400Mbps"

[[event]]
at = "1s"
spec = { connection = "ab", to = "Middle.5" }

[[event]]
at = "1.5s"
fault = "connection:va"
for = "100ms"
"#;
    let (net, _) = common::network(text);
    same_either_way(&net, "stress");
}

#[test]
fn a_hop_whose_arrival_is_the_next_event_takes_no_event() {
    // The ns-3 comparison's chain: every link is shared (an end-to-end flow and a cross flow),
    // so only the rule "nothing else is scheduled before the arrival" can spare an event.
    // Without shortcuts each packet costs an event per server after the first and one for
    // its delivery; with them, the hop from a connection's cap (8 ns at 1 Tbps) into the
    // shared link almost never waits for another event, and neither does a delivery.
    let mut net = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/ns3/chain.toml"));
    net.simulation.duration = vpcsim::units::Duration::from_millis(100);
    let plan = compile(&net);
    let with = simulate_with(&net, &plan, 1, 0, SimOptions { shortcuts: true });
    let without = simulate_with(&net, &plan, 1, 0, SimOptions { shortcuts: false });
    assert!(measured(&with) == measured(&without));
    let ratio = with.events as f64 / without.events as f64;
    assert!(
        ratio < 0.55,
        "{} events with shortcuts, {} without ({ratio:.3})",
        with.events,
        without.events
    );
}
