//! `reach` lists only the pairs asked for (`--from`, `--to` by VPC, IDC or resource), one line
//! per scenario flow with `--flows`, refuses a name the scenario does not have, and writes
//! the full matrix pair by pair: its memory does not grow with the square of the VPC count.

use crate::support::peak_rss;

use std::process::{Command, Output};

const QUICKSTART: &str = "scenarios/quickstart.toml";

fn reach(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .arg("reach")
        .args(args)
        .output()
        .expect("run vpcsim reach")
}

/// The (from, to) of every pair line of a matrix listing.
fn pairs(o: &Output) -> Vec<(String, String)> {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    assert!(n >= 3, "{text}");
    lines[2..n - 1]
        .iter()
        .map(|l| {
            let mut w = l.split_whitespace();
            (w.next().unwrap().to_string(), w.next().unwrap().to_string())
        })
        .collect()
}

fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn from_and_to_keep_the_pairs_of_the_named_networks_or_resources() {
    let from_idc = reach(&[QUICKSTART, "--from", "sh-idc"]);
    assert_eq!(
        pairs(&from_idc),
        owned(&[
            ("erp", "hz-web"),
            ("erp", "hz-app"),
            ("erp", "hz-db"),
            ("erp", "sh-db")
        ])
    );
    let text = String::from_utf8_lossy(&from_idc.stdout);
    assert!(
        text.starts_with("reachability in quickstart (4 pairs)\n"),
        "{text}"
    );
    assert!(text.ends_with("3 of 4 pairs reachable\n"), "{text}");
    assert_eq!(
        pairs(&reach(&[QUICKSTART, "--from", "hz-prod", "--to", "sh-dr"])),
        owned(&[("hz-web", "sh-db"), ("hz-app", "sh-db"), ("hz-db", "sh-db")])
    );
    assert_eq!(
        pairs(&reach(&[QUICKSTART, "--from", "hz-app", "--to", "sh-db"])),
        owned(&[("hz-app", "sh-db")])
    );
    // A filtered line says what the full matrix says of that pair (columns may be narrower).
    let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let all = String::from_utf8(reach(&[QUICKSTART]).stdout).unwrap();
    let only = String::from_utf8(reach(&[QUICKSTART, "--to", "hz-db"]).stdout).unwrap();
    let rows: Vec<&str> = only
        .lines()
        .skip(2)
        .filter(|l| l.contains(" hz-db "))
        .collect();
    assert_eq!(rows.len(), 2, "{only}");
    for line in rows {
        assert!(all.lines().any(|l| words(l) == words(line)), "{line}");
    }
}

#[test]
fn a_name_the_scenario_does_not_have_is_refused_with_the_closest() {
    let o = reach(&[QUICKSTART, "--to", "hz-prd"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("\"hz-prd\"") && err.contains("did you mean \"hz-prod\""),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn flows_lists_each_flow_with_its_path_or_why_it_is_blocked() {
    let text = std::fs::read_to_string(QUICKSTART).unwrap()
        + r#"
[[vpc]]
name = "lonely"
region = "cn-hangzhou"
cidr = ["10.9.0.0/16"]
resources = [{ name = "lonely-vm", kind = "ecs", ip = "10.9.0.10" }]

[[flow]]
name = "to-nowhere"
from = "hz-app"
to = "lonely-vm"
traffic = "cbr"
rate = "1Mbps"
packet_size = "1000B"
"#;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flows.toml");
    std::fs::write(&file, text).unwrap();
    let o = reach(&[file.to_str().unwrap(), "--flows"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "flows of quickstart (3 flows)");
    assert_eq!(lines.len(), 2 + 3 + 1, "{out}");
    assert!(
        lines[2].starts_with("db-replication  hz-app  sh-db")
            && lines[2].contains("via hz-sh: backbone cn-hangzhou → cn-shanghai"),
        "{out}"
    );
    assert!(
        lines[3].starts_with("erp-sync  ") && lines[3].contains("via idc-hz: line pc-sh-1"),
        "{out}"
    );
    assert!(
        lines[4].starts_with("to-nowhere  ")
            && lines[4].ends_with("blocked: no route in table hz-prod for 10.9.0.10"),
        "{out}"
    );
    assert_eq!(lines[5], "2 of 3 flows reachable");
}

/// The full matrix of a generated estate of 100 regions and 1,000 VPCs (999,000 pairs) stays
/// far below 100 MB: no row is kept once written. Kept in memory, the rows alone took 436 MB.
#[test]
fn the_matrix_of_1000_vpcs_is_written_in_under_100_mb() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("estate.toml");
    std::fs::write(&file, vpcsim::estate::Estate::new(100, 1_000, 2_000).text()).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vpcsim"));
    cmd.arg("reach").arg(&file);
    let done = peak_rss::run_measured_quiet(cmd);
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    println!(
        "reach of 1,000 VPCs (999,000 pairs): peak RSS {:.1} MB",
        done.peak_mb()
    );
    assert!(done.peak_mb() < 100.0, "peak RSS {:.1} MB", done.peak_mb());
}
