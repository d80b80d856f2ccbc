//! A flow the model blocks (an inactive connection, no route) delivers nothing, and every
//! packet it offers counts as a `blocked` loss. A connection whose state changes on the
//! timeline blocks exactly the packets sent while it is not active.

use crate::common;

use common::network;
use vpcsim::metrics::{DropCause, FlowMetrics};
use vpcsim::topology::Blocked;

const SCENARIO: &str = r#"
[simulation]
seed = 1
duration = "1s"
warmup = "0s"
replications = 1

[backbone]
topology = "full-mesh"
loss = "0%"
jitter = "0ms"
mtbf = "100000d"

[[region]]
name = "cn-hangzhou"

[[region]]
name = "cn-shanghai"

[[vpc]]
name = "a"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{ name = "a-src", kind = "ecs", ip = "10.0.0.10" }]

[[vpc]]
name = "b"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [{ name = "b-dst", kind = "ecs", ip = "10.1.0.10" }]

[[vpc]]
name = "c"
region = "cn-shanghai"
cidr = ["10.2.0.0/16"]
resources = [{ name = "c-dst", kind = "ecs", ip = "10.2.0.10" }]

[[vpc]]
name = "d"
region = "cn-shanghai"
cidr = ["10.3.0.0/16"]
resources = [{ name = "d-dst", kind = "ecs", ip = "10.3.0.10" }]

[[vpc]]
name = "e"
region = "cn-shanghai"
cidr = ["10.4.0.0/16"]
resources = [{ name = "e-dst", kind = "ecs", ip = "10.4.0.10" }]

# a-b: an application still pending (never accepted).
[[connection]]
name = "ab"
type = "express-connect"
between = ["a", "b"]
spec = "Large.1"
state = "pending"

# a-d: pending, accepted at 500.4 ms.
[[connection]]
name = "ad"
type = "express-connect"
between = ["a", "d"]
spec = "Large.1"
state = "pending"

# a-e: active, deleted at 500.4 ms.
[[connection]]
name = "ae"
type = "express-connect"
between = ["a", "e"]
spec = "Large.1"

[[event]]
at = "500.4ms"
state = { connection = "ad", to = "active" }

[[event]]
at = "500.4ms"
state = { connection = "ae", to = "deleted" }

# Every flow: CBR 10 Mbps of 1000 B packets, one every 800 us, 1250 in the second.
[[flow]]
name = "over-pending"
from = "a-src"
to = "b-dst"
traffic = "cbr"
rate = "10Mbps"
packet_size = "1000B"

[[flow]]
name = "no-route"
from = "a-src"
to = "c-dst"
traffic = "cbr"
rate = "10Mbps"
packet_size = "1000B"

[[flow]]
name = "accepted-later"
from = "a-src"
to = "d-dst"
traffic = "cbr"
rate = "10Mbps"
packet_size = "1000B"

[[flow]]
name = "deleted-later"
from = "a-src"
to = "e-dst"
traffic = "cbr"
rate = "10Mbps"
packet_size = "1000B"
"#;

fn only_blocked_losses(f: &FlowMetrics) {
    for cause in DropCause::ALL {
        if cause != DropCause::Blocked {
            assert_eq!(f.lost(cause), 0, "{cause}");
        }
    }
    assert_eq!(f.unresolved(), 0);
}

#[test]
fn flows_over_a_pending_connection_or_without_a_route_deliver_nothing() {
    let (net, plan) = network(SCENARIO);
    assert!(matches!(
        plan.flows[0].blocked,
        Some(Blocked::ConnectionNotActive { .. })
    ));
    assert!(matches!(
        plan.flows[1].blocked,
        Some(Blocked::NoRoute { .. })
    ));
    let m = vpcsim::net::simulate(&net, &plan, 1, 0);
    for f in &m.flows[0..2] {
        assert_eq!(f.offered_packets(), 1250);
        assert_eq!(f.delivered_packets(), 0);
        assert_eq!(f.lost(DropCause::Blocked), f.offered_packets());
        assert_eq!(f.loss(), Some(1.0));
        assert_eq!(f.encap_presented_packets(), 0);
        assert!(f.delays().is_empty());
        only_blocked_losses(f);
    }
}

#[test]
fn a_state_change_on_the_timeline_blocks_exactly_the_packets_sent_while_inactive() {
    let (net, plan) = network(SCENARIO);
    let m = vpcsim::net::simulate(&net, &plan, 1, 0);
    // Packets leave at k × 800 us, k = 0..1249; k = 0..=625 (up to 500.0 ms) go before the
    // change at 500.4 ms, k = 626..=1249 after it.
    let (before, after) = (626, 624);
    let accepted = &m.flows[2];
    assert_eq!(accepted.offered_packets(), before + after);
    assert_eq!(accepted.lost(DropCause::Blocked), before);
    assert_eq!(accepted.delivered_packets(), after);
    only_blocked_losses(accepted);
    let deleted = &m.flows[3];
    assert_eq!(deleted.offered_packets(), before + after);
    assert_eq!(deleted.delivered_packets(), before);
    assert_eq!(deleted.lost(DropCause::Blocked), after);
    only_blocked_losses(deleted);
}
