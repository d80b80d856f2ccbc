//! Each rule applies to the product whose document states it, and not to the other: for
//! every rule, a design that breaks it is refused (exit 2, with the position and the
//! document named), and the same design on the other product validates. Then the lifecycle
//! as a state machine, the limits on degenerate values, and a validator that explains why a
//! flow can never be delivered.

use std::process::{Command, Output};

fn validate(text: &str) -> (Output, String) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("s.toml");
    std::fs::write(&f, text).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(["validate", f.to_str().unwrap()])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o, all)
}

/// The text is refused with every fragment, pointing at `line:col`.
fn refused(text: &str, line: usize, col: usize, fragments: &[&str]) {
    let (o, out) = validate(text);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains(&format!("s.toml:{line}:{col}")),
        "not at {line}:{col}:\n{out}"
    );
    for f in fragments {
        assert!(out.contains(f), "lacks {f:?}:\n{out}");
    }
}

fn accepted(text: &str) -> String {
    let (o, out) = validate(text);
    assert_eq!(o.status.code(), Some(0), "{out}");
    out
}

/// The design moved to Tencent Cloud, where peering is offered: each Alibaba region named is
/// replaced by a Tencent region of the same length, so every line and column stays put.
fn in_tencent(text: &str) -> String {
    text.replace("cn-hangzhou", "ap-shanghai")
        .replace("cn-shanghai", "ap-hongkong")
        .replace("ap-southeast-1", "ap-beijing-fsi")
        .replace("cn-beijing", "ap-beijing")
}

fn vpc(name: &str, region: &str, cidr: &str) -> String {
    format!("[[vpc]]\nname = \"{name}\"\nregion = \"{region}\"\ncidr = [\"{cidr}\"]\n\n")
}

fn connection(name: &str, kind: &str, a: &str, b: &str, extra: &str) -> String {
    let size = match kind {
        "express-connect" => "spec = \"Large.1\"",
        "peering" => "bandwidth = \"1Gbps\"",
        _ => "",
    };
    format!(
        "[[connection]]\nname = \"{name}\"\ntype = \"{kind}\"\nbetween = [\"{a}\", \"{b}\"]\n{size}\n{extra}\n"
    )
}

#[test]
fn the_peer_limit_is_tencents_and_counts_only_peerings() {
    // hub with 11 connections: 10 peerings and an internet connection. Only peerings count
    // towards the 10-peer limit: valid.
    let mut text = vpc("hub", "ap-shanghai", "10.0.0.0/16");
    for k in 1..=11 {
        text += &vpc(&format!("s{k}"), "ap-shanghai", &format!("10.{k}.0.0/16"));
    }
    let mixed: String = (1..=11)
        .map(|k| {
            let kind = if k <= 10 { "peering" } else { "internet" };
            connection(&format!("c{k}"), kind, "hub", &format!("s{k}"), "")
        })
        .collect();
    accepted(&(text.clone() + &mixed));
    // All 11 as peerings: the 11th is refused, citing Tencent.
    let peerings: String = (1..=11)
        .map(|k| connection(&format!("c{k}"), "peering", "hub", &format!("s{k}"), ""))
        .collect();
    let line = (text.clone() + &peerings)
        .lines()
        .position(|l| l == "name = \"c11\"")
        .unwrap()
        + 1;
    refused(
        &(text + &peerings),
        line,
        8,
        &[
            "more than 10 peering connections",
            "Tencent VPC peering, \"Usage Restrictions\"",
            "rule: PEERING-MAX-PEERS",
        ],
    );
}

#[test]
fn the_router_interface_limit_is_express_connects() {
    let mut text = vpc("hub", "cn-hangzhou", "10.0.0.0/16");
    for k in 1..=6 {
        text += &vpc(&format!("s{k}"), "cn-hangzhou", &format!("10.{k}.0.0/16"));
    }
    let ec: String = (1..=6)
        .map(|k| {
            connection(
                &format!("c{k}"),
                "express-connect",
                "hub",
                &format!("s{k}"),
                "",
            )
        })
        .collect();
    let full = text.clone() + &ec;
    let line = full.lines().position(|l| l == "name = \"c6\"").unwrap() + 1;
    refused(&full, line, 8, &["more than 5 router interfaces"]);
    let peerings: String = (1..=6)
        .map(|k| connection(&format!("c{k}"), "peering", "hub", &format!("s{k}"), ""))
        .collect();
    accepted(&in_tencent(&(text + &peerings)));
}

#[test]
fn the_cross_region_bandwidth_limit_is_tencents() {
    let text = vpc("a", "cn-hangzhou", "10.0.0.0/16") + &vpc("b", "ap-southeast-1", "10.1.0.0/16");
    let peering = "[[connection]]\nname = \"ab\"\ntype = \"peering\"\nbetween = [\"a\", \"b\"]\nbandwidth = \"40Gbps\"\n";
    refused(
        &in_tencent(&(text.clone() + peering)),
        15,
        13,
        &[
            "cross-region peering bandwidth 40Gbps exceeds the limit of 10Gbps",
            "Tencent VPC peering",
            "rule: PEERING-BANDWIDTH",
        ],
    );
    let ec = "[[connection]]\nname = \"ab\"\ntype = \"express-connect\"\nbetween = [\"a\", \"b\"]\nbandwidth = \"40Gbps\"\n";
    accepted(&(text + ec));
}

#[test]
fn disjoint_peers_across_regions_is_tencents() {
    let text = vpc("hub", "cn-hangzhou", "10.0.0.0/16")
        + &vpc("x", "ap-southeast-1", "10.1.0.0/16")
        + &vpc("y", "ap-southeast-1", "10.1.0.0/17");
    let peerings =
        connection("hx", "peering", "hub", "x", "") + &connection("hy", "peering", "hub", "y", "");
    let full = in_tencent(&(text.clone() + &peerings));
    let line = full.lines().position(|l| l == "name = \"hy\"").unwrap() + 1;
    refused(
        &full,
        line,
        8,
        &[
            "peers of \"hub\" overlap",
            "Usage Restrictions",
            "rule: PEERING-PEERS-DISJOINT",
        ],
    );
    let ec = connection("hx", "express-connect", "hub", "x", "")
        + &connection("hy", "express-connect", "hub", "y", "");
    accepted(&(text + &ec));
}

#[test]
fn application_expiry_is_tencents() {
    let text = vpc("a", "cn-hangzhou", "10.0.0.0/16") + &vpc("b", "cn-shanghai", "10.1.0.0/16");
    let old = "state = \"pending\"\nrequested = \"-8d\"";
    let out = accepted(&in_tencent(
        &(text.clone() + &connection("ab", "peering", "a", "b", old)),
    ));
    assert!(out.contains("has expired and carries no traffic"), "{out}");
    let out = accepted(&(text + &connection("ab", "express-connect", "a", "b", old)));
    assert!(!out.contains("expired"), "{out}");
}

#[test]
fn overlapping_ends_are_refused_for_both_products_but_not_over_the_internet() {
    let text = vpc("a", "cn-hangzhou", "10.0.0.0/16") + &vpc("b", "cn-shanghai", "10.0.0.0/16");
    for kind in ["express-connect", "peering"] {
        let design = text.clone() + &connection("ab", kind, "a", "b", "");
        let design = if kind == "peering" {
            in_tencent(&design)
        } else {
            design
        };
        refused(
            &design,
            12,
            8,
            &["joins overlapping blocks", "rule: ENDS-DISJOINT"],
        );
    }
    accepted(&(text + &connection("ab", "internet", "a", "b", "")));
}

#[test]
fn one_connection_per_pair_holds_for_each_product_but_not_for_the_internet() {
    let text = vpc("a", "cn-hangzhou", "10.0.0.0/16") + &vpc("b", "cn-shanghai", "10.1.0.0/16");
    refused(
        &in_tencent(
            &(text.clone()
                + &connection("p1", "peering", "a", "b", "")
                + &connection("p2", "peering", "b", "a", "")),
        ),
        18,
        8,
        &[
            "second peering connection",
            "only one peering connection",
            "Usage Restrictions",
            "rule: PEERING-ONE-PER-PAIR",
        ],
    );
    accepted(
        &(text
            + &connection("i1", "internet", "a", "b", "")
            + &connection("i2", "internet", "b", "a", "")),
    );
}

fn lifecycle(initial: &str, changes: &[(&str, &str)]) -> String {
    let mut text = vpc("a", "cn-hangzhou", "10.0.0.0/16") + &vpc("b", "cn-shanghai", "10.1.0.0/16");
    text += &connection("ab", "peering", "a", "b", &format!("state = \"{initial}\""));
    for (at, to) in changes {
        text += &format!(
            "[[event]]\nat = \"{at}\"\nstate = {{ connection = \"ab\", to = \"{to}\" }}\n\n"
        );
    }
    in_tencent(&text)
}

#[test]
fn the_lifecycle_allows_exactly_the_documented_transitions() {
    let states = ["pending", "active", "rejected", "expired", "deleted"];
    let legal = [
        ("pending", "active"),
        ("pending", "rejected"),
        ("pending", "expired"),
        ("active", "deleted"),
    ];
    for from in states {
        for to in states {
            let text = lifecycle(from, &[("1s", to)]);
            let (o, out) = validate(&text);
            if legal.contains(&(from, to)) {
                assert_eq!(o.status.code(), Some(0), "{from} -> {to}: {out}");
            } else {
                assert_eq!(
                    o.status.code(),
                    Some(2),
                    "{from} -> {to} should be refused: {out}"
                );
                assert!(
                    out.contains(&format!("cannot go from {from} to {to}"))
                        && out.contains("Peering Connection Lifecycle"),
                    "{from} -> {to}: {out}"
                );
                // The position is the event's connection name.
                assert!(out.contains("s.toml:19:24"), "{out}");
            }
        }
    }
    // A sequence is followed step by step: accept, delete, then a revival is refused.
    let (o, out) = validate(&lifecycle(
        "pending",
        &[("1s", "active"), ("2s", "deleted"), ("3s", "active")],
    ));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        out.contains("cannot go from deleted to active at 3s"),
        "{out}"
    );
}

#[test]
fn an_expired_application_cannot_be_accepted() {
    let mut text = vpc("a", "cn-hangzhou", "10.0.0.0/16") + &vpc("b", "cn-shanghai", "10.1.0.0/16");
    // Requested 6 days 23 hours before the start: it expires at 1 h; accepted at 2 h.
    text += &connection(
        "ab",
        "peering",
        "a",
        "b",
        "state = \"pending\"\nrequested = \"-167h\"",
    );
    let late =
        text.clone() + "[[event]]\nat = \"2h\"\nstate = { connection = \"ab\", to = \"active\" }\n";
    let late = late.replace(
        "[[vpc]]\nname = \"a\"",
        "[simulation]\nduration = \"3h\"\n\n[[vpc]]\nname = \"a\"",
    );
    let (o, out) = validate(&in_tencent(&late));
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains("\"ab\" cannot be accepted at 2h: its application expired at 1h"),
        "{out}"
    );
    let early =
        text + "[[event]]\nat = \"30min\"\nstate = { connection = \"ab\", to = \"active\" }\n";
    accepted(&in_tencent(&early));
}

#[test]
fn degenerate_values_are_refused() {
    let text = vpc("a", "cn-hangzhou", "10.0.0.0/16") + &vpc("b", "cn-shanghai", "10.1.0.0/16");
    refused(
        &in_tencent(
            &(text.clone()
                + "[[connection]]\nname = \"ab\"\ntype = \"peering\"\nbetween = [\"a\", \"b\"]\nbandwidth = \"0Gbps\"\n"),
        ),
        15,
        13,
        &["a connection's bandwidth must be positive"],
    );
    let flow = |size: &str| {
        format!(
            "{}[[flow]]\nname = \"f\"\nfrom = \"a\"\nto = \"b\"\nrate = \"1Mbps\"\npacket_size = \"{size}\"\n",
            text.clone() + &connection("ab", "internet", "a", "b", "")
        )
    };
    refused(&flow("0B"), 22, 15, &["a packet of 0B cannot be sent"]);
    refused(&flow("100KiB"), 22, 15, &["cannot be sent", "64KiB"]);
    accepted(&flow("9000B"));
}

#[test]
fn a_flow_too_large_to_simulate_is_refused_with_the_flow_named() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("s.toml");
    let text = vpc("a", "cn-hangzhou", "10.0.0.0/16")
        + &vpc("b", "cn-shanghai", "10.1.0.0/16")
        + &connection("ab", "internet", "a", "b", "")
        + "[[flow]]\nname = \"typo\"\nfrom = \"a\"\nto = \"b\"\nrate = \"10Tbps\"\n";
    std::fs::write(&f, text).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "run",
            f.to_str().unwrap(),
            "--out",
            dir.path().join("o").to_str().unwrap().to_string().leak(),
        ];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_vpcsim"))
            .args(&args)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("flow \"typo\"") && err.contains("--max-packets"),
        "{err}"
    );
    assert!(!dir.path().join("o").exists(), "nothing written");
}

#[test]
fn validate_names_each_undeliverable_flow_and_why() {
    let text = vpc("a", "cn-hangzhou", "10.0.0.0/16")
        + "resources = []\n"
        + &vpc("b", "cn-shanghai", "10.1.0.0/16")
        + &vpc("c", "cn-beijing", "10.2.0.0/16")
        + &connection("ab", "express-connect", "a", "b", "routes = \"none\"")
        + "[[route]]\ntable = \"a\"\ndestination = \"10.1.0.0/16\"\nvia = \"ab\"\n\n"
        + &connection("ac", "express-connect", "a", "c", "state = \"pending\"")
        + "[[flow]]\nname = \"one-way\"\nfrom = \"a\"\nto = \"10.1.0.9\"\nrate = \"1Mbps\"\n\n"
        + "[[flow]]\nname = \"to-pending\"\nfrom = \"a\"\nto = \"c\"\nrate = \"1Mbps\"\n";
    let text = text.replace("resources = []\n", "");
    let out = accepted(&text);
    assert!(
        out.contains("flow \"one-way\" can never be delivered"),
        "{out}"
    );
    assert!(
        out.contains("flow \"to-pending\" can never be delivered: connection ac is pending"),
        "{out}"
    );
}
