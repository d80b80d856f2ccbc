//! Every product rule of docs/scenario.md "Rules by product", and the format's own checks,
//! seen from the command line: `vpcsim validate` on a scenario that breaks exactly that rule.
//!
//! Each fixture in `tests/fixtures/rules/` is a small valid network with one mistake. The test
//! asserts the exit code (2 for an error, 0 for a warning), a fragment of the message, that the
//! problem is the only one reported, and the `file:line:column` of the offending value, counted
//! by hand from the fixture.

use std::process::Command;

const RULES: &str = "tests/fixtures/rules";

/// The outcome of `vpcsim validate` on one file.
struct Validation {
    path: String,
    code: i32,
    stdout: String,
    stderr: String,
}

fn validate(path: &str) -> Validation {
    let out = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", path])
        .output()
        .expect("vpcsim runs");
    Validation {
        path: path.to_string(),
        code: out
            .status
            .code()
            .expect("vpcsim exits (not killed by a signal)"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Validation {
    fn assert_mentions(&self, fragments: &[&str]) {
        for f in fragments {
            assert!(
                self.stderr.contains(f),
                "{}: stderr lacks {f:?}:\n{}",
                self.path,
                self.stderr
            );
        }
    }

    fn assert_points_at(&self, line: usize, column: usize) {
        let at = format!("{}:{line}:{column}", self.path);
        assert!(
            self.stderr.contains(&at),
            "{}: stderr does not point at {at}:\n{}",
            self.path,
            self.stderr
        );
    }
}

/// `fixture` is refused with exit 2 and exactly one error at `line:column`.
fn assert_rejected(fixture: &str, line: usize, column: usize, fragments: &[&str]) {
    let v = validate(&format!("{RULES}/{fixture}"));
    assert_eq!(v.code, 2, "{}: exit code\n{}", v.path, v.stderr);
    assert!(
        v.stderr.contains(&format!("{}: 1 error\n", v.path)),
        "{}: expected exactly one error (the fixture breaks one rule):\n{}",
        v.path,
        v.stderr
    );
    v.assert_mentions(&["error: "]);
    v.assert_mentions(fragments);
    v.assert_points_at(line, column);
}

/// `fixture` loads (exit 0) with exactly one warning at `line:column`.
fn assert_warned(fixture: &str, line: usize, column: usize, fragments: &[&str]) {
    let v = validate(&format!("{RULES}/{fixture}"));
    assert_eq!(v.code, 0, "{}: exit code\n{}", v.path, v.stderr);
    assert!(
        v.stdout.contains(&format!("ok: {}", v.path)) && v.stdout.contains(", 1 warning)"),
        "{}: expected ok with one warning on stdout:\n{}",
        v.path,
        v.stdout
    );
    assert!(!v.stderr.contains("error"), "{}:\n{}", v.path, v.stderr);
    v.assert_mentions(&["warning: "]);
    v.assert_mentions(fragments);
    v.assert_points_at(line, column);
}

// Connections between networks.

#[test]
fn overlapping_peered_vpcs_are_rejected() {
    // Line 13 `name = "hz-sg"`: the connection that joins the overlapping blocks.
    assert_rejected(
        "overlapping_peered_vpcs.toml",
        13,
        8,
        &[
            "\"hz-sg\" joins overlapping blocks",
            "10.0.0.0/16 of hz-prod and 10.0.128.0/17 of sg-prod",
        ],
    );
}

#[test]
fn vpc_overlapping_the_idc_behind_a_vbr_is_rejected() {
    // Line 20 `name = "idc-hz"`: the connection from the VBR to the overlapping VPC.
    assert_rejected(
        "vpc_overlaps_idc_behind_vbr.toml",
        20,
        8,
        &[
            "joins overlapping blocks",
            "10.0.200.0/24 of vbr-pc-hz-1 and 10.0.0.0/16 of hz-prod",
        ],
    );
}

#[test]
fn overlapping_peers_of_a_cross_region_peered_vpc_are_rejected() {
    // Line 24 `name = "hz-sg-b"`: the second peering brings the clash.
    assert_rejected(
        "cross_region_peers_overlap.toml",
        24,
        8,
        &[
            "peers of \"hz-prod\" overlap",
            "10.1.0.0/16 of sg-a and 10.1.0.0/17 of sg-b",
        ],
    );
}

#[test]
fn more_than_ten_connections_per_vpc_counting_pending_ones_are_rejected() {
    // Eight active and three pending peerings: the 11th, `name = "hub-11"` on line 116, is
    // one too many only because pending applications count.
    assert_rejected(
        "too_many_peers.toml",
        116,
        8,
        &[
            "VPC \"hub\" has more than 10 peering connections",
            "pending ones count",
            "Tencent VPC peering, \"Usage Restrictions\"",
        ],
    );
}

#[test]
fn a_second_connection_between_the_same_vpcs_is_rejected() {
    // Line 19 `name = "sg-hz"`: the same pair, written the other way round.
    assert_rejected(
        "second_connection_same_pair.toml",
        19,
        8,
        &[
            "\"sg-hz\" is a second express-connect connection between sg-prod and hz-prod",
            "\"hz-sg\" is the first",
            "at most one router interface pair",
        ],
    );
}

#[test]
fn a_pending_application_past_its_validity_expires_with_a_warning() {
    // Line 19 `requested = "-8d"`: eight days is past the default validity of one week.
    assert_warned(
        "expired_application.toml",
        19,
        13,
        &[
            "the application of \"hz-sg\" is 8d old",
            "past its validity of 1w",
            "carries no traffic",
        ],
    );
}

#[test]
fn cross_region_peering_above_the_bandwidth_limit_is_rejected() {
    // Line 16 `bandwidth = "20Gbps"`.
    assert_rejected(
        "cross_region_peering_bandwidth.toml",
        16,
        13,
        &["cross-region peering bandwidth 20Gbps exceeds the limit of 10Gbps"],
    );
}

#[test]
fn a_route_via_a_connection_of_another_router_is_rejected() {
    // Line 26 `via = "hz-sg"`: hz-sg joins hz-prod and sg-prod, not hz-dev.
    assert_rejected(
        "route_via_foreign_connection.toml",
        26,
        7,
        &["connection \"hz-sg\" does not end at hz-dev"],
    );
}

#[test]
fn a_static_route_to_a_third_vpc_is_flagged_as_not_transitive() {
    // Line 31 `destination = "10.2.0.0/16"`: sg-dr's block, behind sg-prod.
    assert_warned(
        "static_route_to_third_vpc.toml",
        31,
        15,
        &[
            "10.2.0.0/16 is not inside sg-prod",
            "interconnection is not transitive",
            "rule: NOT-TRANSITIVE",
        ],
    );
}

#[test]
fn a_vbr_as_acceptor_is_rejected() {
    // Line 22 `between = ["hz-prod", "vbr-pc-hz-1"]`, column 23: the VBR in second place.
    assert_rejected(
        "vbr_as_acceptor.toml",
        22,
        23,
        &[
            "VBR \"vbr-pc-hz-1\" is the acceptor",
            "a VBR can only be the initiator",
        ],
    );
}

#[test]
fn more_than_five_router_interfaces_on_one_router_are_rejected() {
    // Line 69 `name = "hub-6"`: the sixth express-connect pair of the hub.
    assert_rejected(
        "too_many_router_interfaces.toml",
        69,
        8,
        &["router \"hub\" has more than 5 router interfaces"],
    );
}

#[test]
fn an_unknown_spec_is_rejected_with_the_closest_known_one() {
    // Line 16 `spec = "Lrage.1"`.
    assert_rejected(
        "unknown_spec.toml",
        16,
        8,
        &[
            "unknown router interface spec \"Lrage.1\"",
            "did you mean \"Large.1\"?",
        ],
    );
}

#[test]
fn the_negative_spec_on_the_initiator_is_rejected() {
    // Line 16 `spec = "Negative"`.
    assert_rejected(
        "negative_spec_on_initiator.toml",
        16,
        8,
        &["\"Negative\" is the acceptor's spec"],
    );
}

#[test]
fn peering_with_a_vbr_is_rejected() {
    // Line 22 `between = ["vbr-pc-hz-1", "hz-prod"]`.
    assert_rejected(
        "peering_with_vbr.toml",
        22,
        11,
        &["peering connects two VPCs"],
    );
}

#[test]
fn a_connection_ending_at_an_idc_instead_of_its_vbr_is_rejected() {
    // Line 22 `between = ["hz-idc", "hz-prod"]`, column 12: the IDC's name.
    assert_rejected(
        "connection_ends_at_idc.toml",
        22,
        12,
        &["\"hz-idc\" is an IDC; connections end at its VBR"],
    );
}

#[test]
fn express_connect_with_both_spec_and_bandwidth_is_rejected() {
    // Line 17 `bandwidth = "1Gbps"` under `spec = "Large.1"`.
    assert_rejected(
        "express_connect_spec_and_bandwidth.toml",
        17,
        13,
        &["give either `spec` or `bandwidth`, not both"],
    );
}

// Resources and load balancers.

#[test]
fn a_load_balancer_backend_in_another_vpc_is_rejected() {
    // Line 7, the `backends = ["sg-web"]` list at column 63.
    assert_rejected(
        "slb_backend_in_other_vpc.toml",
        7,
        63,
        &[
            "backend sg-web is in VPC sg-prod, not in hz-prod",
            "cannot be a load balancer's backend",
        ],
    );
}

#[test]
fn a_load_balancer_backend_that_is_not_ecs_is_rejected() {
    // Line 7, the `backends = ["hz-db"]` list at column 63: hz-db is an RDS instance.
    assert_rejected(
        "slb_backend_not_ecs.toml",
        7,
        63,
        &["backend hz-db is rds, not an ECS instance"],
    );
}

#[test]
fn a_resource_address_outside_its_vpc_is_rejected() {
    // Line 8, `ip = "10.9.1.10"` at column 41.
    assert_rejected(
        "resource_ip_outside_cidr.toml",
        8,
        41,
        &["10.9.1.10 is outside the network's blocks 10.0.0.0/16"],
    );
}

// CIDR blocks.

#[test]
fn a_cidr_with_host_bits_set_is_rejected_with_the_network_address() {
    // Line 5 `cidr = ["10.0.0.1/16"]`, the string at column 9.
    assert_rejected(
        "cidr_host_bits.toml",
        5,
        9,
        &["\"10.0.0.1/16\" has host bits set", "write \"10.0.0.0/16\""],
    );
}

#[test]
fn a_slash_zero_cidr_is_rejected() {
    // Line 5 `cidr = ["0.0.0.0/0"]`.
    assert_rejected(
        "cidr_slash_zero.toml",
        5,
        9,
        &["prefix /0 of \"0.0.0.0/0\" is outside /8../28"],
    );
}

#[test]
fn an_ipv6_cidr_is_rejected() {
    // Line 5 `cidr = ["fd00:10::/48"]`.
    assert_rejected(
        "cidr_ipv6.toml",
        5,
        9,
        &[
            "\"fd00:10::/48\" is not an IPv4 CIDR block",
            "IPv6 is not modelled",
        ],
    );
}

// Names.

#[test]
fn an_unknown_region_is_rejected_with_the_closest_catalogue_name() {
    // Line 4 `region = "cn-hangzou"`.
    assert_rejected(
        "unknown_region.toml",
        4,
        10,
        &[
            "unknown region \"cn-hangzou\"",
            "did you mean \"cn-hangzhou\"?",
        ],
    );
}

#[test]
fn a_duplicate_vpc_name_is_rejected_at_its_second_definition() {
    // Line 13, the second `name = "hz-prod"`.
    assert_rejected(
        "duplicate_vpc_name.toml",
        13,
        8,
        &["VPC \"hz-prod\" is defined twice"],
    );
}

#[test]
fn an_unknown_flow_endpoint_is_rejected_with_the_closest_name() {
    // Line 25 `from = "hz-bd"`.
    assert_rejected(
        "unknown_flow_endpoint.toml",
        25,
        8,
        &["unknown endpoint \"hz-bd\"", "did you mean \"hz-db\"?"],
    );
}

#[test]
fn a_flow_inside_one_vpc_is_rejected() {
    // Line 26 `to = "hz-db"`: hz-web and hz-db are both in hz-prod.
    assert_rejected(
        "flow_inside_one_vpc.toml",
        26,
        6,
        &["flow \"web-to-db\" stays inside hz-prod"],
    );
}

#[test]
fn a_fault_on_an_unknown_connection_is_rejected_with_the_closest_name() {
    // Line 25 `fault = "connection:hz-sgg"`.
    assert_rejected(
        "fault_on_unknown_connection.toml",
        25,
        9,
        &["unknown connection \"hz-sgg\"", "did you mean \"hz-sg\"?"],
    );
}

// The format: keys and quantities.

#[test]
fn an_unknown_key_is_rejected_with_the_closest_key() {
    // Line 4 `replicatons = 8`: the key itself, at column 1.
    assert_rejected(
        "unknown_key.toml",
        4,
        1,
        &["unknown key `replicatons`", "did you mean `replications`?"],
    );
}

#[test]
fn a_bare_number_for_a_duration_is_rejected_with_the_unit_to_write() {
    // Line 3 `duration = 10`.
    assert_rejected(
        "bare_number_duration.toml",
        3,
        12,
        &[
            "a bare number 10 is not a duration",
            "write it as a string with a unit, such as \"20ms\"",
        ],
    );
}

#[test]
fn an_unknown_unit_is_rejected_with_the_known_units() {
    // Line 3 `duration = "10secs"`.
    assert_rejected(
        "unknown_unit.toml",
        3,
        12,
        &[
            "unknown duration unit `secs`",
            "units: ns, us, ms, s, min, h, d, w",
        ],
    );
}

#[test]
fn a_bandwidth_overflowing_64_bits_is_rejected() {
    // Line 16 `bandwidth = "1e30Gbps"`.
    assert_rejected(
        "bandwidth_overflow.toml",
        16,
        13,
        &["bandwidth `1e30Gbps` is too large"],
    );
}

#[test]
fn a_negative_duration_is_rejected() {
    // Line 4 `warmup = "-100ms"`.
    assert_rejected(
        "negative_duration.toml",
        4,
        10,
        &["duration `-100ms` cannot be negative"],
    );
}

#[test]
fn a_warmup_not_shorter_than_the_duration_is_rejected() {
    // Line 4 `warmup = "1s"` with `duration = "1s"`.
    assert_rejected(
        "warmup_not_shorter.toml",
        4,
        10,
        &["warmup 1s is not shorter than duration 1s"],
    );
}

// Several problems in one file.

#[test]
fn three_independent_errors_in_one_file_are_all_reported() {
    let v = validate("tests/fixtures/three_independent_errors.toml");
    assert_eq!(v.code, 2, "{}", v.stderr);
    assert!(
        v.stderr.contains(&format!("{}: 3 errors\n", v.path)),
        "{}",
        v.stderr
    );
    v.assert_mentions(&[
        "unknown region \"cn-hangzou\"",
        "\"10.1.0.1/16\" has host bits set",
        "unknown router interface spec \"Lrage.1\"",
    ]);
    v.assert_points_at(4, 10);
    v.assert_points_at(10, 9);
    v.assert_points_at(16, 8);
}

#[test]
fn load_errors_and_rule_errors_are_reported_together() {
    let v = validate("tests/fixtures/load_and_rule_errors.toml");
    assert_eq!(v.code, 2, "{}", v.stderr);
    v.assert_mentions(&["unknown key `replicatons`", "joins overlapping blocks"]);
    v.assert_points_at(5, 1);
    v.assert_points_at(18, 8);
    assert!(
        v.stderr.contains(&format!("{}: 2 errors\n", v.path)),
        "{}",
        v.stderr
    );
}

#[test]
fn a_misspelt_connection_type_is_the_only_error_reported() {
    let v = validate("tests/fixtures/connection_type_typo.toml");
    assert_eq!(v.code, 2, "{}", v.stderr);
    v.assert_mentions(&[
        "unknown value \"expres-connect\"",
        "did you mean \"express-connect\"?",
    ]);
    v.assert_points_at(15, 8);
    assert!(
        !v.stderr.contains("unknown key"),
        "valid keys reported as unknown:\n{}",
        v.stderr
    );
    assert!(
        v.stderr.contains(&format!("{}: 1 error\n", v.path)),
        "{}",
        v.stderr
    );
}

#[test]
fn every_rule_fixture_has_a_test() {
    let source = include_str!("rules_are_enforced.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RULES);
    let mut untested = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures directory") {
        let name = entry.expect("directory entry").file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".toml") && !source.contains(&format!("\"{name}\"")) {
            untested.push(name.into_owned());
        }
    }
    assert!(untested.is_empty(), "fixtures without a test: {untested:?}");
}
