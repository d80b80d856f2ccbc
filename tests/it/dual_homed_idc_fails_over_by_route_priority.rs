//! A dual-homed IDC: one on-premises site on two leased lines to two access points, each
//! ending in its own VBR with its own connection to the VPC, and `[[route]]` priorities that
//! make one line the preferred path and the other the backup.
//!
//! - `plant` (an IDC near Shanghai) has `line-sh` (1 ms) to a VBR in cn-shanghai and
//!   `line-hz` (2 ms) to a VBR in cn-hangzhou; `sh-cloud` joins vbr-sh to the VPC `cloud` in
//!   cn-shanghai, `hz-cloud` joins vbr-hz to it over the explicit backbone link (1 ms).
//! - Routes: priority 1 via sh-cloud and 2 via hz-cloud, in the VBRs' tables (towards the VPC)
//!   and in the VPC's table (back to the IDC). Swapped, the other VBR carries.
//! - Two CBR flows of 10 Mbps in 1000 B packets, one every 800 µs from t = 0 for 1 s: erp → app
//!   (the line is its first hop) and app → erp (the line is its last hop).
//! - A scripted fault takes a line down at `t0` = 300.1 ms for 200 ms; the line's `failover` is
//!   F = 50 ms. Routing moves a flow off the failed line at t0 + F. A packet is lost (as
//!   `down`) exactly when it reaches the failed line before it is repaired, on the path it was
//!   given at birth: for erp → app the packets born in [t0, t0 + F); for app → erp, whose
//!   packets need d to reach the line, those born in [t0 − d, t0 + F) (the ones already on
//!   their way when the reroute happens arrive at the line while it is still down).
//! - When the line comes back, traffic moves back at once, without loss (make-before-break).
//!
//! The backbone link has the default two members (`#1` carries). Nothing else can lose a packet: no random loss, no jitter, buffers of 1000 MB, members
//! practically never fail (MTBF 100 000 days), caps of 1 Gbps against 10 Mbps.

use crate::common;

use common::network;
use vpcsim::metrics::{DropCause, FlowMetrics};
use vpcsim::topology::{ReachPath, reach};

/// CBR gap: 1000 B × 8 / 10 Mbps = 800 µs.
const GAP_NS: u64 = 800_000;
/// Packets in the 1 s run: t = 0, 0.8 ms, …, 999.2 ms.
const OFFERED: u64 = 1_250;
/// The fault starts between two packets (300 ms and 300.8 ms), so no birth ties a reroute.
const T0_NS: u64 = 300_100_000;
/// The lines' `failover`.
const FAILOVER_NS: u64 = 50_000_000;
/// app → erp over sh-cloud reaches line-sh after its cap (1050 B encapsulated at 1 Gbps:
/// 8.4 µs) and the region's fabric (300 µs).
const TO_LINE_SH_NS: u64 = 8_400 + 300_000;
/// app → erp over hz-cloud reaches line-hz after its cap (8.4 µs), the backbone link's
/// serialization (1050 B at 100 Gbps: 84 ns) and its 1 ms.
const TO_LINE_HZ_NS: u64 = 8_400 + 84 + 1_000_000;

/// Packets born in [lo, hi): births are k × GAP_NS, k = 0, 1, …
fn born_in(lo: u64, hi: u64) -> u64 {
    hi.div_ceil(GAP_NS) - lo.div_ceil(GAP_NS)
}

/// The scenario with route priorities `sh` and `hz`, and `extra` appended (events).
fn scenario(sh: u32, hz: u32, extra: &str) -> String {
    format!(
        r#"
[simulation]
seed = 1
duration = "1s"
warmup = "0s"
replications = 1

[backbone]
topology = "explicit"
loss = "0%"
jitter = "0ms"
mtbf = "100000d"
buffer = "1000MB"

[[region]]
name = "cn-shanghai"

[[region]]
name = "cn-hangzhou"

[[link]]
between = ["cn-hangzhou", "cn-shanghai"]
delay = "1ms"

[[vpc]]
name = "cloud"
region = "cn-shanghai"
cidr = ["10.0.0.0/16"]
resources = [{{ name = "app", kind = "ecs", ip = "10.0.1.10" }}]

[[idc]]
name = "plant"
location = {{ lat = 31.0, lon = 121.0 }}
cidr = ["192.168.0.0/16"]
hosts = [{{ name = "erp", ip = "192.168.1.10" }}]

[[physical_connection]]
name = "line-sh"
idc = "plant"
access_point = "cn-shanghai"
bandwidth = "1Gbps"
delay = "1ms"
failover = "50ms"
vbr = "vbr-sh"

[[physical_connection]]
name = "line-hz"
idc = "plant"
access_point = "cn-hangzhou"
bandwidth = "1Gbps"
delay = "2ms"
failover = "50ms"
vbr = "vbr-hz"

[[connection]]
name = "sh-cloud"
type = "express-connect"
between = ["vbr-sh", "cloud"]
spec = "Large.1"

[[connection]]
name = "hz-cloud"
type = "express-connect"
between = ["vbr-hz", "cloud"]
spec = "Large.1"

[[route]]
table = "vbr-sh"
destination = "10.0.0.0/16"
via = "sh-cloud"
priority = {sh}

[[route]]
table = "vbr-hz"
destination = "10.0.0.0/16"
via = "hz-cloud"
priority = {hz}

[[route]]
table = "cloud"
destination = "192.168.0.0/16"
via = "sh-cloud"
priority = {sh}

[[route]]
table = "cloud"
destination = "192.168.0.0/16"
via = "hz-cloud"
priority = {hz}

[[flow]]
name = "erp-to-app"
from = "erp"
to = "app"
traffic = "cbr"
rate = "10Mbps"
packet_size = "1000B"

[[flow]]
name = "app-to-erp"
from = "app"
to = "erp"
traffic = "cbr"
rate = "10Mbps"
packet_size = "1000B"

{extra}
"#
    )
}

fn fault(line: &str) -> String {
    format!(
        "[[event]]\nat = \"300.1ms\"\nfault = \"physical_connection:{line}\"\nfor = \"200ms\"\n"
    )
}

/// Both flows' metrics of one replication.
fn simulate(text: &str) -> [FlowMetrics; 2] {
    let (net, plan) = network(text);
    let m = vpcsim::net::simulate(&net, &plan, 1, 0);
    [m.flows[0].clone(), m.flows[1].clone()]
}

fn assert_lost_down(f: &FlowMetrics, expected: u64, what: &str) {
    assert_eq!(f.offered_packets(), OFFERED, "{what}");
    assert_eq!(
        f.lost(DropCause::Down),
        expected,
        "{what}: {:?}",
        f.lost_by_cause()
    );
    assert_eq!(f.lost_total(), expected, "{what}: only `down` losses");
    assert_eq!(f.delivered_packets(), OFFERED - expected, "{what}");
}

#[test]
fn a_fault_on_the_backup_line_loses_nothing() {
    let [to_app, to_erp] = simulate(&scenario(1, 2, &fault("line-hz")));
    assert_lost_down(&to_app, 0, "erp → app");
    assert_lost_down(&to_erp, 0, "app → erp");
    // Nothing moved: every packet took the preferred 1 ms line and the region's fabric.
    assert_eq!(
        to_app.delays().max().unwrap(),
        to_app.delays().min().unwrap()
    );
}

#[test]
fn a_fault_on_the_preferred_line_loses_exactly_the_failover_interval() {
    let [to_app, to_erp] = simulate(&scenario(1, 2, &fault("line-sh")));
    let forward = born_in(T0_NS, T0_NS + FAILOVER_NS);
    let back = born_in(T0_NS - TO_LINE_SH_NS, T0_NS + FAILOVER_NS);
    // 300.8 ms … 349.6 ms, and 300.0 ms … 349.6 ms.
    assert_eq!((forward, back), (62, 63));
    assert_lost_down(&to_app, forward, "erp → app");
    assert_lost_down(&to_erp, back, "app → erp");
    // The backup path carried in between: it is slower (2 ms line + 1 ms backbone).
    assert!(to_app.delays().max().unwrap() > to_app.delays().min().unwrap());
}

#[test]
fn the_same_fault_without_failover_time_loses_nothing() {
    // With `failover = "0s"` routing moves at the instant of the fault: F = 0 empties both
    // intervals except the packets already on their way to the line (app → erp).
    let text =
        scenario(1, 2, &fault("line-sh")).replace("failover = \"50ms\"", "failover = \"0s\"");
    let [to_app, to_erp] = simulate(&text);
    assert_lost_down(&to_app, 0, "erp → app");
    assert_lost_down(&to_erp, born_in(T0_NS - TO_LINE_SH_NS, T0_NS), "app → erp");
}

fn row<'a>(rows: &'a [vpcsim::topology::ReachRow], from: &str, to: &str) -> &'a ReachPath {
    let r = rows
        .iter()
        .find(|r| r.from == from && r.to == to)
        .unwrap_or_else(|| panic!("no reach row {from} → {to}"));
    r.verdict
        .as_ref()
        .unwrap_or_else(|b| panic!("{from} → {to} blocked: {b}"))
}

#[test]
fn reach_shows_the_preferred_vbr_then_the_backup() {
    let (net, _) = network(&scenario(1, 2, ""));
    let rows = reach(&net);
    let p = row(&rows, "erp", "app");
    assert_eq!(p.connection, "sh-cloud");
    assert_eq!(
        p.channels,
        ["line line-sh (plant → vbr-sh)", "inside cn-shanghai"]
    );
    // 1 ms of line and 300 µs of fabric; the backup is 2 ms of line and 1 ms of backbone.
    assert_eq!(p.delay.as_nanos(), 1_300_000);
    let backups: Vec<(&str, u64)> = p
        .backups
        .iter()
        .map(|(c, d)| (c.as_str(), d.as_nanos()))
        .collect();
    assert_eq!(
        backups,
        [("hz-cloud", 3_000_000)],
        "each way once, in order"
    );
    let back = row(&rows, "app", "erp");
    assert_eq!(back.connection, "sh-cloud");
    assert_eq!(back.backups.len(), 1);
}

#[test]
fn a_route_that_prefers_the_second_vbr_is_honoured() {
    let (net, _) = network(&scenario(2, 1, ""));
    let rows = reach(&net);
    let p = row(&rows, "erp", "app");
    assert_eq!(p.connection, "hz-cloud");
    assert_eq!(
        p.channels,
        [
            "line line-hz (plant → vbr-hz)",
            "backbone cn-hangzhou → cn-shanghai #1"
        ]
    );
    assert_eq!(p.delay.as_nanos(), 3_000_000);
    let backups: Vec<&str> = p.backups.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(backups, ["sh-cloud"]);
    assert_eq!(row(&rows, "app", "erp").connection, "hz-cloud");

    // The slower path carries: every delivered packet took it.
    let [to_app, _] = simulate(&scenario(2, 1, ""));
    assert_eq!(to_app.lost_total(), 0);
    let min = to_app.delays().min().unwrap().as_nanos();
    assert!(min > 3_000_000, "the hz path's delay, {min} ns");

    // Now line-hz is the one whose fault costs the failover interval; line-sh costs nothing.
    let [to_app, to_erp] = simulate(&scenario(2, 1, &fault("line-hz")));
    assert_lost_down(&to_app, born_in(T0_NS, T0_NS + FAILOVER_NS), "erp → app");
    assert_lost_down(
        &to_erp,
        born_in(T0_NS - TO_LINE_HZ_NS, T0_NS + FAILOVER_NS),
        "app → erp",
    );
    let [to_app, to_erp] = simulate(&scenario(2, 1, &fault("line-sh")));
    assert_lost_down(&to_app, 0, "erp → app");
    assert_lost_down(&to_erp, 0, "app → erp");
}
