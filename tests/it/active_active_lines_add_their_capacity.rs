//! Two leased lines into one VBR with `mode = "active-active"` share the load: 2 Gbps of CBR
//! (1000 B packets, one every 4 µs) crosses two 1 Gbps lines without a single queue or cap
//! loss, each line busy all the time. The same offered load on one line — the line alone, or
//! two lines in the default active/standby mode, where one carries and the other waits — loses
//! about half of it to the line's queue.
//!
//! Why exactly: a packet goes to the member that can start sending it soonest. A 1000 B packet
//! takes 8 µs at 1 Gbps; packets arrive every 4 µs, so each line receives one every 8 µs and
//! finishes it as the next arrives: nothing ever waits. With one line, the backlog grows by
//! 1 Gbps until the 1 MB buffer (the backbone default) is full, then every other packet is
//! dropped. The connection's cap (Large.5, 5 Gbps) is far above the load, the region's fabric
//! has no rate, nothing fails (MTBF 100 000 days), and there is no random loss or jitter.

use crate::common;

use common::network;
use vpcsim::metrics::DropCause;
use vpcsim::net::RunMetrics;
use vpcsim::topology::{ChannelKind, Plan};

const DURATION_S: f64 = 0.2;
/// 2 Gbps in 1000 B packets for 200 ms, from t = 0: 50 000 packets.
const OFFERED: u64 = 50_000;

fn line(name: &str, mode: &str) -> String {
    format!(
        r#"
[[physical_connection]]
name = "{name}"
idc = "plant"
access_point = "cn-shanghai"
bandwidth = "1Gbps"
delay = "1ms"
vbr = "vbr-sh"
{mode}
"#
    )
}

fn scenario(lines: &str) -> String {
    format!(
        r#"
[simulation]
seed = 1
duration = "200ms"
warmup = "0s"
replications = 1

[backbone]
loss = "0%"
jitter = "0ms"
mtbf = "100000d"

[[region]]
name = "cn-shanghai"

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

{lines}

[[connection]]
name = "idc-cloud"
type = "express-connect"
between = ["vbr-sh", "cloud"]
spec = "Large.5"

[[flow]]
name = "bulk"
from = "erp"
to = "app"
traffic = "cbr"
rate = "2Gbps"
packet_size = "1000B"
"#
    )
}

const ACTIVE_ACTIVE: &str = "mode = \"active-active\"";

fn run(text: &str) -> (Plan, RunMetrics) {
    let (net, plan) = network(text);
    let m = vpcsim::net::simulate(&net, &plan, 1, 0);
    (plan, m)
}

/// Utilization of each line's channel towards the VBR, in plan order.
fn line_utilization(plan: &Plan, m: &RunMetrics) -> Vec<f64> {
    plan.channels
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, ChannelKind::Line(_)) && c.direction == 0)
        .map(|(i, _)| m.channels[i].utilization(m.window))
        .collect()
}

#[test]
fn two_active_active_lines_carry_twice_one_lines_rate_without_loss() {
    let text = scenario(&(line("line-a", ACTIVE_ACTIVE) + &line("line-b", ACTIVE_ACTIVE)));
    let (plan, m) = run(&text);
    let f = &m.flows[0];
    assert_eq!(f.offered_packets(), OFFERED);
    assert_eq!(f.lost_by_cause(), [0; DropCause::COUNT]);
    assert_eq!(f.delivered_packets(), OFFERED);
    let gbps = f.delivered_bytes().as_bytes() as f64 * 8.0 / DURATION_S / 1e9;
    assert!((gbps - 2.0).abs() < 1e-9, "delivered {gbps} Gbps");
    // Each line busy the whole window but the last packet's serialization: exactly half each.
    let u = line_utilization(&plan, &m);
    eprintln!("active-active: {gbps} Gbps delivered, line utilization {u:?}");
    assert_eq!(u.len(), 2);
    for x in &u {
        assert!((x - 1.0).abs() < 1e-4, "line utilization {u:?}");
    }
    // Nothing waited: every packet's delay is the line's 1 ms, 8 µs of serialization, the
    // cap's 1000 B of the customer's at 5 Gbps (1.6 µs) and the region's 300 µs.
    let (lo, hi) = (f.delays().min().unwrap(), f.delays().max().unwrap());
    assert_eq!(lo, hi, "no packet queued");
    assert_eq!(lo.as_nanos(), 1_000_000 + 8_000 + 1_600 + 300_000);
}

fn assert_about_half_lost_to_the_queue(text: &str, what: &str) {
    let (_, m) = run(text);
    let f = &m.flows[0];
    assert_eq!(f.offered_packets(), OFFERED, "{what}");
    let queue = f.lost(DropCause::Queue);
    assert_eq!(f.lost_total(), queue, "{what}: only queue losses");
    eprintln!("{what}: {queue} of {OFFERED} packets lost to the queue");
    // In 200 ms one line sends 25 000 packets and its 1 MB buffer holds 1 000 more (one in
    // service besides); of the 50 000 offered, the other 24 000 overflow.
    assert!(
        (23_990..=24_010).contains(&queue),
        "{what}: {queue} of {OFFERED} lost"
    );
}

#[test]
fn the_same_load_on_one_line_loses_half_of_it() {
    assert_about_half_lost_to_the_queue(&scenario(&line("line-a", "")), "one line");
}

#[test]
fn two_lines_in_standby_carry_one_lines_rate() {
    let text = scenario(&(line("line-a", "") + &line("line-b", "")));
    assert_about_half_lost_to_the_queue(&text, "active/standby");
}

/// CBR 400 Mbps in 1000 B packets: one every 20 µs, 50 000 in the second.
const GAP_NS: u64 = 20_000;

/// Packets born in [lo, hi): births are k × GAP_NS.
fn born_in(lo: u64, hi: u64) -> u64 {
    hi.div_ceil(GAP_NS) - lo.div_ceil(GAP_NS)
}

#[test]
fn a_failed_active_active_line_loses_its_share_until_the_failure_is_detected() {
    // 400 Mbps over two active-active lines: each takes every other packet (the one that
    // finished longest ago). line-a fails at t0 = 300.01 ms for 200 ms; until its failure is
    // detected, `failover` = 50 ms later, it keeps receiving its share — half the packets
    // born in [t0, t0 + 50 ms) — and they are lost as `down`; then line-b carries them all.
    let failover = "failover = \"50ms\"";
    let text = scenario(
        &(line("line-a", &format!("{ACTIVE_ACTIVE}\n{failover}"))
            + &line("line-b", &format!("{ACTIVE_ACTIVE}\n{failover}"))),
    )
    .replace("duration = \"200ms\"", "duration = \"1s\"")
    .replace("rate = \"2Gbps\"", "rate = \"400Mbps\"")
        + "\n[[event]]\nat = \"300.01ms\"\nfault = \"physical_connection:line-a\"\nfor = \"200ms\"\n";
    let (_, m) = run(&text);
    let f = &m.flows[0];
    assert_eq!(f.offered_packets(), 50_000);
    let in_detection = born_in(300_010_000, 350_010_000);
    assert_eq!(in_detection, 2_500);
    assert_eq!(
        f.lost_total(),
        f.lost(DropCause::Down),
        "{:?}",
        f.lost_by_cause()
    );
    assert_eq!(
        f.lost(DropCause::Down),
        in_detection / 2,
        "its share, not all of them"
    );
}
