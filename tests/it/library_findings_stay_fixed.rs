//! Behaviours found by running the scenario library, pinned: connections that never carry
//! traffic are not judged; cap utilization follows spec changes; lines into one VBR share
//! traffic one way; a closed output pipe ends the process quietly.

use std::io::Read;
use std::process::{Command, Stdio};

fn vpcsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
}

const TWO_VPCS: &str = r#"
[simulation]
duration = "300ms"
warmup = "50ms"
replications = 3
[[vpc]]
name = "a"
region = "ap-shanghai"
cidr = ["10.0.0.0/16"]
resources = [{ name = "a-cvm", kind = "ecs", ip = "10.0.0.10" }]
[[vpc]]
name = "b"
region = "ap-tokyo"
cidr = ["10.1.0.0/16"]
[[vpc]]
name = "c"
region = "ap-shanghai"
cidr = ["10.2.0.0/16"]
resources = [{ name = "c-cvm", kind = "ecs", ip = "10.2.0.10" }]
[[link]]
between = ["ap-shanghai", "ap-tokyo"]
count = 2
[[connection]]
name = "ac"
type = "peering"
between = ["a", "c"]
[[connection]]
name = "ab-pending"
type = "peering"
between = ["a", "b"]
bandwidth = "1Gbps"
state = "pending"
[[flow]]
name = "f"
from = "a-cvm"
to = "c-cvm"
rate = "10Mbps"
"#;

#[test]
fn a_pending_connection_is_not_judged_on_availability() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("s.toml");
    std::fs::write(&f, TWO_VPCS).unwrap();
    let out = tmp.path().join("out");
    let o = vpcsim()
        .args(["run", f.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let judged: Vec<&str> = s["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(judged, ["ac"]);
    // Its rows are still in connections.csv for whoever wants them.
    assert!(
        std::fs::read_to_string(out.join("connections.csv"))
            .unwrap()
            .contains("ab-pending")
    );
}

#[test]
fn cap_utilization_follows_a_spec_upgrade_and_never_exceeds_one() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    vpcsim()
        .args([
            "run",
            "scenarios/traffic_surge_spec_upgrade.toml",
            "--replications",
            "2",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let csv = std::fs::read_to_string(out.join("connections.csv")).unwrap();
    let mut rows = 0;
    for line in csv.lines().skip(1) {
        let field = line.split(',').nth(5).unwrap();
        if field.is_empty() {
            continue;
        }
        let u: f64 = field.parse().unwrap();
        assert!(u <= 1.0 + 1e-9, "utilization {u} > 1: {line}");
        rows += 1;
    }
    assert!(rows > 0);
    let ts = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    for line in ts.lines().skip(1) {
        let u: f64 = line.split(',').nth(3).unwrap().parse().unwrap();
        assert!(u <= 1.0 + 1e-6, "sampled utilization {u} > 1: {line}");
    }
}

#[test]
fn lines_into_one_vbr_that_share_traffic_differently_are_refused() {
    let text = r#"
[[vpc]]
name = "a"
region = "cn-shanghai"
cidr = ["10.0.0.0/16"]
[[idc]]
name = "dc"
cidr = ["192.168.0.0/16"]
[[physical_connection]]
name = "slow"
idc = "dc"
access_point = "cn-shanghai"
bandwidth = "100Mbps"
distance = "10km"
vbr = "v"
[[physical_connection]]
name = "fast"
idc = "dc"
access_point = "cn-shanghai"
bandwidth = "1Gbps"
distance = "10km"
vbr = "v"
mode = "active-active"
"#;
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("s.toml");
    std::fs::write(&f, text).unwrap();
    let o = vpcsim()
        .args(["validate", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "\"fast\" is active-active but \"slow\", the other line into VBR v, is active-standby"
        ),
        "{err}"
    );
    assert!(err.contains("s.toml:23:8"), "{err}");
}

#[test]
fn a_closed_output_pipe_ends_the_run_quietly() {
    // 40 VPCs of 3 resources: 120 endpoints, 14 040 rows of `reach`, far more than a pipe holds.
    let mut text = String::new();
    for v in 0..40 {
        text += &format!(
            "[[vpc]]\nname = \"v{v}\"\nregion = \"cn-hangzhou\"\ncidr = [\"10.{v}.0.0/16\"]\nresources = ["
        );
        for r in 0..3 {
            text += &format!("{{ name = \"v{v}-r{r}\", ip = \"10.{v}.0.{}\" }},", r + 10);
        }
        text += "]\n";
    }
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("big.toml");
    std::fs::write(&f, text).unwrap();
    let mut child = vpcsim()
        .args(["reach", f.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(status.code(), Some(101), "a panic exits 101");
}
