//! Alibaba Cloud and Tencent Cloud are two networks: each product lives in its own cloud
//! (Express Connect, physical connections and VBRs in Alibaba's; peering in Tencent's), each
//! provider has its own backbone, and only the internet joins the two. Every broken rule is
//! refused at its place, with its rule id and its own product's document.

use crate::common::cli::vpcsim;
use serde_json::Value;

fn vpc(name: &str, region: &str, cidr: &str, host: &str) -> String {
    format!(
        "[[vpc]]\nname = \"{name}\"\nregion = \"{region}\"\ncidr = [\"{cidr}\"]\nresources = [{{ name = \"{name}-vm\", kind = \"ecs\", ip = \"{host}\" }}]\n\n"
    )
}

fn connection(name: &str, kind: &str, a: &str, b: &str, extra: &str) -> String {
    format!(
        "[[connection]]\nname = \"{name}\"\ntype = \"{kind}\"\nbetween = [\"{a}\", \"{b}\"]\n{extra}\n\n"
    )
}

fn flow(from: &str, to: &str, extra: &str) -> String {
    format!("[[flow]]\nname = \"f\"\nfrom = \"{from}\"\nto = \"{to}\"\n{extra}\n\n")
}

const SIM: &str = "[simulation]\nduration = \"300ms\"\nwarmup = \"50ms\"\nreplications = 2\n\n";

fn file(text: &str) -> (tempfile::TempDir, String) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("s.toml");
    std::fs::write(&p, text).unwrap();
    (d, p.display().to_string())
}

fn refused(text: &str, fragments: &[&str]) {
    let (_d, p) = file(text);
    vpcsim(["validate", &p])
        .expect_code(2)
        .expect_stderr(fragments);
}

fn ali(name: &str, region: &str, n: u8) -> String {
    vpc(
        name,
        region,
        &format!("10.{n}.0.0/16"),
        &format!("10.{n}.0.10"),
    )
}

#[test]
fn express_connect_between_tencent_vpcs_is_refused() {
    refused(
        &(ali("a", "ap-guangzhou", 1)
            + &ali("b", "ap-shanghai", 2)
            + &connection("ab", "express-connect", "a", "b", "spec = \"Large.1\"")),
        &[
            "rule: EC-IN-ALIBABA",
            "What is Express Connect",
            "type = \"peering\"",
        ],
    );
}

#[test]
fn a_product_between_the_clouds_is_refused_with_the_internet_as_the_way() {
    for (kind, extra) in [
        ("express-connect", "spec = \"Large.1\""),
        ("peering", "bandwidth = \"100Mbps\""),
    ] {
        refused(
            &(ali("a", "cn-shanghai", 1)
                + &ali("b", "ap-shanghai", 2)
                + &connection("ab", kind, "a", "b", extra)),
            &["rule: CROSS-CLOUD-INTERNET", "type = \"internet\""],
        );
    }
    // The internet joins them.
    let (_d, p) = file(
        &(ali("a", "cn-shanghai", 1)
            + &ali("b", "ap-shanghai", 2)
            + &connection("ab", "internet", "a", "b", "")),
    );
    vpcsim(["validate", &p]).expect_code(0);
}

#[test]
fn peering_between_alibaba_vpcs_points_at_express_connect() {
    refused(
        &(ali("a", "cn-hangzhou", 1)
            + &ali("b", "cn-shanghai", 2)
            + &connection("ab", "peering", "a", "b", "bandwidth = \"1Gbps\"")),
        &[
            "rule: PEERING-IN-TENCENT",
            "Tencent VPC peering",
            "Alibaba's VPC interconnection is Express Connect",
        ],
    );
}

#[test]
fn a_leased_line_to_a_tencent_access_point_is_refused() {
    refused(
        "[[idc]]\nname = \"plant\"\ncidr = [\"192.168.0.0/16\"]\n\n[[physical_connection]]\nname = \"pc\"\nidc = \"plant\"\naccess_point = \"ap-shanghai\"\nbandwidth = \"1Gbps\"\ndistance = \"10km\"\n",
        &["rule: LINE-TO-ALIBABA", "s.toml:8:16"],
    );
}

#[test]
fn a_backbone_link_between_the_clouds_is_refused() {
    refused(
        "[[link]]\nbetween = [\"cn-shanghai\", \"ap-shanghai\"]\n",
        &["rule: ONE-BACKBONE-PER-PROVIDER", "s.toml:2:11"],
    );
}

#[test]
fn peering_traffic_stays_on_tencents_backbone() {
    // A Tencent peering Guangzhou - Shanghai, with Alibaba regions in the same file: the full
    // mesh of each provider is its own, so the path cannot detour through cn-shanghai.
    let text = ali("gz", "ap-guangzhou", 1)
        + &ali("sh", "ap-shanghai", 2)
        + &ali("ali-sh", "cn-shanghai", 3)
        + &ali("ali-hz", "cn-hangzhou", 4)
        + &connection("gz-sh", "peering", "gz", "sh", "bandwidth = \"1Gbps\"")
        + &connection(
            "ali",
            "express-connect",
            "ali-sh",
            "ali-hz",
            "spec = \"Large.1\"",
        );
    let (_d, p) = file(&text);
    let o = vpcsim(["reach", &p, "--from", "gz-vm", "--to", "sh-vm"]);
    o.expect_code(0);
    assert!(
        o.stdout.contains("ap-guangzhou → ap-shanghai"),
        "{}",
        o.stdout
    );
    assert!(!o.stdout.contains("cn-"), "{}", o.stdout);
}

#[test]
fn a_flow_to_the_other_cloud_is_blocked_unless_an_internet_connection_carries_it() {
    let base = SIM.to_string()
        + &ali("a", "cn-shanghai", 1)
        + &ali("b", "ap-shanghai", 2)
        + &flow("a-vm", "b-vm", "rate = \"1Mbps\"");
    let (_d, p) = file(&base);
    let o = vpcsim(["reach", &p, "--flows"]);
    assert!(
        o.stdout.contains("Tencent Cloud") && o.stdout.contains("internet"),
        "{}",
        o.stdout
    );
    let (_d, p) = file(&(base + &connection("ab", "internet", "a", "b", "")));
    let o = vpcsim(["reach", &p, "--flows"]);
    assert!(o.stdout.contains("via ab"), "{}", o.stdout);
}

#[test]
fn peering_has_no_tunnel_so_no_encapsulation_is_judged() {
    refused(
        &(ali("a", "ap-guangzhou", 1)
            + &ali("b", "ap-shanghai", 2)
            + &connection(
                "ab",
                "peering",
                "a",
                "b",
                "bandwidth = \"1Gbps\"\nmtu = \"1500B\"",
            )),
        &["rule: PEERING-NO-TUNNEL", "connection[0].mtu"],
    );
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("s.toml");
    std::fs::write(
        &p,
        SIM.to_string()
            + &ali("a", "ap-guangzhou", 1)
            + &ali("b", "ap-shanghai", 2)
            + &connection("ab", "peering", "a", "b", "bandwidth = \"1Gbps\"")
            + &flow("a-vm", "b-vm", "rate = \"10Mbps\"\npacket_size = \"1500B\""),
    )
    .unwrap();
    let out = d.path().join("out");
    vpcsim(["run", p.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let s: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert!(
        s["flows"][0]["encap_success"].is_null(),
        "{}",
        s["flows"][0]
    );
    assert_eq!(s["flows"][0]["lost"]["encap"], 0);
}

#[test]
fn a_spec_caps_the_customers_bytes_not_the_overlay_header() {
    // 960 Mbps of the customer's 1000 B packets on a 1 Gbps Large.1: below the cap, so no
    // loss, and the connection is 96% used (the 50 B header costs time on the backbone only).
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("s.toml");
    std::fs::write(
        &p,
        SIM.to_string()
            + &ali("a", "cn-hangzhou", 1)
            + &ali("b", "cn-shanghai", 2)
            + &connection("ab", "express-connect", "a", "b", "spec = \"Large.1\"")
            + &flow("a-vm", "b-vm", "traffic = \"cbr\"\nrate = \"960Mbps\""),
    )
    .unwrap();
    let out = d.path().join("out");
    vpcsim(["run", p.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let s: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(s["flows"][0]["lost"]["cap"], 0, "{}", s["flows"][0]);
    let u = s["connections"][0]["utilization"]["mean"].as_f64().unwrap();
    assert!((u - 0.96).abs() < 0.005, "utilization {u}");
}

#[test]
fn an_express_connect_state_error_does_not_cite_tencents_lifecycle() {
    let text = ali("a", "cn-hangzhou", 1)
        + &ali("b", "cn-shanghai", 2)
        + &connection("ab", "express-connect", "a", "b", "spec = \"Large.1\"")
        + "[[event]]\nat = \"1s\"\nstate = { connection = \"ab\", to = \"pending\" }\n";
    let (_d, p) = file(&text);
    let o = vpcsim(["validate", &p]);
    o.expect_code(2)
        .expect_stderr(&["cannot go from active to pending", "vpcsim scenario format"]);
    assert!(!o.stderr.contains("Tencent"), "{}", o.stderr);
}
