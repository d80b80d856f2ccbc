//! `validate` reports two [[route]] entries of one table that send the same prefix at the same
//! priority to different networks — equal routes share load per flow, so which network a flow
//! reached would depend on its name — with file:line:column, the key and a hint. Routes of
//! different priorities are a preference and its backup, and equal routes to one network
//! (two VBRs of one IDC) share load: neither is reported.
//!
//! The hub VPC has Express Connect to `blue` and to `green`, two VPCs that reuse one block
//! (10.1.0.0/16), which is allowed: each connection's two sides do not overlap.

use std::process::{Command, Output};

const HUB: &str = r#"[[region]]
name = "cn-hangzhou"

[[vpc]]
name = "hub"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{ name = "app", kind = "ecs", ip = "10.0.0.10" }]

[[vpc]]
name = "blue"
region = "cn-hangzhou"
cidr = ["10.1.0.0/16"]

[[vpc]]
name = "green"
region = "cn-hangzhou"
cidr = ["10.1.0.0/16"]

[[connection]]
name = "hub-blue"
type = "express-connect"
between = ["hub", "blue"]
spec = "Large.1"
routes = "none"

[[connection]]
name = "hub-green"
type = "express-connect"
between = ["hub", "green"]
spec = "Large.1"
routes = "none"

[[route]]
table = "hub"
destination = "10.1.0.0/16"
via = "hub-blue"
priority = 10

[[route]]
table = "hub"
destination = "10.1.0.0/16"
via = "hub-green"
priority = PRIORITY
"#;

fn validate(text: &str) -> (Option<i32>, String) {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("hub.toml");
    std::fs::write(&file, text).unwrap();
    let o: Output = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(["validate", file.to_str().unwrap()])
        .output()
        .expect("run vpcsim");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn equal_routes_to_two_networks_conflict() {
    // A misspelt key elsewhere is reported in the same pass.
    let text = HUB.replace("PRIORITY", "10")
        + "\n[[route]]\ntable = \"blue\"\ndestination = \"10.0.0.0/16\"\nvia = \"hub-blue\"\npriorty = 5\n";
    let (code, err) = validate(&text);
    assert_eq!(code, Some(2), "{err}");
    // Line 44 is the second route's `priority = 10`; the first route's is line 38.
    assert!(err.contains("hub.toml:44:12"), "{err}");
    assert!(
        err.contains(
            "route[1] conflicts with route[0] (line 38): both send 10.1.0.0/16 from table hub \
             at priority 10, one to blue via hub-blue, the other to green via hub-green"
        ),
        "{err}"
    );
    assert!(err.contains("key: route[1]"), "{err}");
    assert!(
        err.contains("hint: give one a higher priority number"),
        "{err}"
    );
    assert!(err.contains("unknown key `priorty`"), "{err}");
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn routes_of_different_priorities_do_not_conflict() {
    let (code, err) = validate(&HUB.replace("PRIORITY", "20"));
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("conflict"), "{err}");
}

#[test]
fn equal_routes_to_one_network_share_load_and_do_not_conflict() {
    // The VPC reaches the IDC through either VBR at the same priority: ECMP, one network.
    let text = r#"[[region]]
name = "cn-shanghai"

[[region]]
name = "cn-hangzhou"

[[vpc]]
name = "cloud"
region = "cn-shanghai"
cidr = ["10.0.0.0/16"]

[[idc]]
name = "plant"
cidr = ["192.168.0.0/16"]

[[physical_connection]]
name = "line-sh"
idc = "plant"
access_point = "cn-shanghai"
bandwidth = "1Gbps"
distance = "40km"

[[physical_connection]]
name = "line-hz"
idc = "plant"
access_point = "cn-hangzhou"
bandwidth = "1Gbps"
distance = "150km"

[[connection]]
name = "sh-cloud"
type = "express-connect"
between = ["vbr-line-sh", "cloud"]
spec = "Large.1"

[[connection]]
name = "hz-cloud"
type = "express-connect"
between = ["vbr-line-hz", "cloud"]
spec = "Large.1"

[[route]]
table = "cloud"
destination = "192.168.0.0/16"
via = "sh-cloud"
priority = 1

[[route]]
table = "cloud"
destination = "192.168.0.0/16"
via = "hz-cloud"
priority = 1
"#;
    let (code, err) = validate(text);
    assert_eq!(code, Some(0), "{err}");
}
