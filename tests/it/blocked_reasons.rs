//! Why a pair of endpoints cannot talk: the reachability matrix names the thing to fix.
//!
//! Each fixture in `tests/fixtures/reach/` is a valid network in which some pairs are blocked by
//! one rule (only active connections carry traffic, routes are needed both ways, peering is not
//! transitive, each product's own kind rules: ECS → ECS/SLB/RDS over Express Connect, CVM →
//! anything but a cross-region load balancer over peering; an IDC reaches a VPC only through
//! its VBR).

use crate::common;
use std::path::Path;
use vpcsim::study::design::load_network;
use vpcsim::topology::{Blocked, ReachPath, ReachRow, reach};

fn matrix(fixture: &str) -> Vec<ReachRow> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reach")
        .join(fixture);
    match load_network(&path) {
        Ok(loaded) => reach(&loaded.network),
        Err(d) => panic!("{fixture} does not load:\n{}", d.render()),
    }
}

fn verdict<'r>(rows: &'r [ReachRow], from: &str, to: &str) -> &'r Result<ReachPath, Blocked> {
    &rows
        .iter()
        .find(|r| r.from == from && r.to == to)
        .unwrap_or_else(|| panic!("no row {from} -> {to}"))
        .verdict
}

fn blocked(rows: &[ReachRow], from: &str, to: &str) -> Blocked {
    match verdict(rows, from, to) {
        Err(b) => b.clone(),
        Ok(p) => panic!(
            "{from} -> {to} should be blocked, but goes via {}",
            p.connection
        ),
    }
}

fn reached_via(rows: &[ReachRow], from: &str, to: &str) -> String {
    match verdict(rows, from, to) {
        Ok(p) => p.connection.clone(),
        Err(b) => panic!("{from} -> {to} should be reachable, but is blocked: {b}"),
    }
}

#[test]
fn a_pending_connection_carries_no_traffic() {
    let rows = matrix("pending.toml");
    for (from, to) in [("hz-db", "sg-db"), ("sg-db", "hz-db")] {
        let b = blocked(&rows, from, to);
        assert_eq!(
            b.to_string(),
            "connection hz-sg is pending",
            "{from} -> {to}"
        );
    }
}

#[test]
fn a_missing_return_route_names_the_table_and_address() {
    let rows = matrix("one_way_routes.toml");
    // hz-prod has a route to sg-prod, but sg-prod has none back to hz-app's address.
    let b = blocked(&rows, "hz-app", "sg-app");
    assert!(matches!(b, Blocked::NoReturnRoute { .. }), "{b:?}");
    assert_eq!(
        b.to_string(),
        "no route back: table sg-prod has no route for 10.0.8.20 (routes are needed in both directions)"
    );
    // The other way round there is no route at all.
    let b = blocked(&rows, "sg-app", "hz-app");
    assert_eq!(b.to_string(), "no route in table sg-prod for 10.0.8.20");
}

#[test]
fn peering_is_not_transitive() {
    let rows = matrix("peering_chain.toml");
    assert_eq!(reached_via(&rows, "a-web", "b-web"), "a-b");
    assert_eq!(reached_via(&rows, "b-web", "c-web"), "b-c");
    for (from, to, table, ip) in [
        ("a-web", "c-web", "a", "10.2.1.10"),
        ("c-web", "a-web", "c", "10.0.1.10"),
    ] {
        let b = blocked(&rows, from, to);
        assert_eq!(
            b.to_string(),
            format!("no route in table {table} for {ip}"),
            "{from} -> {to}"
        );
    }
}

#[test]
fn a_route_into_a_peer_for_a_third_vpc_is_blocked_as_not_transitive() {
    let rows = matrix("peering_chain_with_route_through_b.toml");
    let b = blocked(&rows, "a-web", "c-web");
    assert!(matches!(b, Blocked::NotTransitive { .. }), "{b:?}");
    let text = b.to_string();
    assert!(
        text.contains("not transitive") && text.contains("c-web is not in b"),
        "{text}"
    );
    assert_eq!(reached_via(&rows, "a-web", "b-web"), "a-b");
}

#[test]
fn a_load_balancer_is_not_reachable_across_regions_over_peering_only() {
    let rows = matrix("load_balancers.toml");
    // Tencent peering: "the cloud load balancer does not support cross-region peering".
    let b = blocked(&rows, "gz-web", "tk-lb");
    assert_eq!(
        b.to_string(),
        "tk-lb is kind \"slb\" and a load balancer is not reachable across a cross-region peering connection (connection gz-tk; Tencent VPC peering, \"Usage Restrictions\")"
    );
    // Its backend is, and so is a load balancer in the same region over peering.
    assert_eq!(reached_via(&rows, "gz-web", "tk-web"), "gz-tk");
    assert_eq!(reached_via(&rows, "gz-web", "shop-lb"), "gz-shop");
    // Express Connect has no such rule: ECS reaches SLB of the other side in any region.
    assert_eq!(reached_via(&rows, "hz-web", "sg-lb"), "hz-sg");
}

#[test]
fn a_resource_of_kind_other_is_not_reachable_across_an_interconnection() {
    let rows = matrix("other_kind.toml");
    let b = blocked(&rows, "hz-web", "sg-nas");
    assert!(matches!(b, Blocked::ReceiverNotAllowed { .. }), "{b:?}");
    assert_eq!(
        b.to_string(),
        "sg-nas is kind \"other\" and across Express Connect only ECS, SLB and RDS instances are reachable (connection hz-sg; Alibaba Express Connect FAQ, question 4)"
    );
    assert_eq!(reached_via(&rows, "hz-web", "sg-db"), "hz-sg");
}

#[test]
fn an_idc_reaches_a_vpc_only_through_a_connection_from_its_vbr() {
    let rows = matrix("idc_via_vbr.toml");
    // The VBR's connection to hz-prod carries erp's traffic, both ways.
    assert_eq!(reached_via(&rows, "erp", "hz-web"), "idc-hz");
    assert_eq!(reached_via(&rows, "hz-web", "erp"), "idc-hz");
    // hz-dev is peered with hz-prod, but the VBR has no connection to it.
    assert_eq!(
        blocked(&rows, "erp", "dev-web").to_string(),
        "no route in table vbr-pc-sh-1 for 10.1.1.10"
    );
    assert_eq!(
        blocked(&rows, "dev-web", "erp").to_string(),
        "no route in table hz-dev for 192.168.1.10"
    );
    // An IDC without a physical connection has no VBR, hence no way out.
    assert_eq!(
        blocked(&rows, "crm", "hz-web").to_string(),
        "IDC bj-idc has no physical connection to a VBR"
    );
}

#[test]
fn the_cli_prints_the_reasons() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["reach", "tests/fixtures/reach/pending.toml"])
        .output()
        .expect("vpcsim runs");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let row = stdout
        .lines()
        .find(|l| l.starts_with("hz-db") && l.contains("sg-db"))
        .unwrap_or_else(|| panic!("no hz-db -> sg-db row:\n{stdout}"));
    assert!(
        row.contains("blocked: connection hz-sg is pending"),
        "{row}"
    );
    assert!(stdout.contains("0 of 2 pairs reachable"), "{stdout}");
}

#[test]
fn a_connection_without_a_backbone_path_is_not_reported_reachable() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reach/no_backbone_path.toml");
    // Either the model refuses the connection, or reach reports the pair blocked; it must not
    // claim a path with no channels and no delay between Hangzhou and Singapore.
    if let Ok(loaded) = load_network(&path) {
        for row in reach(&loaded.network) {
            if let Ok(p) = &row.verdict {
                panic!(
                    "{} -> {} reported reachable via {} in {} ns over channels {:?}",
                    row.from,
                    row.to,
                    p.connection,
                    p.delay.as_nanos(),
                    p.channels
                );
            }
        }
    }
}

/// "ECS instances on both sides can access the ... RDS instances of the other side" (Alibaba
/// Express Connect FAQ, question 4): a read's bytes come back from the RDS. A flow sent by the
/// RDS is refused, unless it names the ECS that opened the session as its `initiator`.
#[test]
fn a_read_from_an_rds_flows_back_to_the_ecs_that_opened_it() {
    let text = r#"
[[vpc]]
name = "hz"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{ name = "app", kind = "ecs", ip = "10.0.1.10" }]
[[vpc]]
name = "sh"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [{ name = "db", kind = "rds", ip = "10.1.8.20" }]
[[connection]]
name = "hz-sh"
type = "express-connect"
between = ["hz", "sh"]
spec = "Large.1"
[[flow]]
name = "read"
from = "db"
to = "app"
rate = "10Mbps"
"#;
    let (_, plan) = common::network(text);
    assert!(
        plan.flows[0].blocked.is_some(),
        "an RDS does not open sessions"
    );
    let read = text.replace(
        "rate = \"10Mbps\"",
        "rate = \"10Mbps\"\ninitiator = \"app\"",
    );
    let (_, plan) = common::network(&read);
    assert!(
        plan.flows[0].blocked.is_none(),
        "{:?}",
        plan.flows[0].blocked
    );
    // Another kind on the ECS side still cannot be read by it.
    let other = read.replace("kind = \"ecs\"", "kind = \"other\"");
    let (_, plan) = common::network(&other);
    assert!(plan.flows[0].blocked.is_some());
}
