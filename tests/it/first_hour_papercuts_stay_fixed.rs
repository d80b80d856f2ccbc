//! What a newcomer meets in the first hour: a mistyped file name, progress in a log file,
//! seeds another tool can read, intervals a share can take, one way of printing a metric, a
//! load sweep's answer and a readable output README.

use crate::common;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn vpcsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Two VPCs and a flow `bulk` from a-ecs to b-ecs, whose rate the test appends.
fn two_vpcs() -> String {
    format!(
        "{}[[flow]]\nname = \"bulk\"\nfrom = \"a-ecs\"\nto = \"b-ecs\"\n",
        common::two_vpcs(2)
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn a_missing_file_says_no_such_file_and_names_the_nearest_scenario() {
    let o = vpcsim(&["run", "scenarios/quickstrat.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let t = text(&o);
    assert!(
        t.contains("error: no such file: scenarios/quickstrat.toml"),
        "{t}"
    );
    assert!(t.contains("did you mean scenarios/quickstart.toml?"), "{t}");
    assert!(!t.contains("key:"), "no empty key line: {t}");
    assert!(!t.contains("┌─"), "no empty code frame: {t}");
}

#[test]
fn a_heartbeat_reaches_a_log_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "s.toml",
        &format!("{}rate = \"20Mbps\"\n", two_vpcs()),
    );
    let log = std::fs::File::create(tmp.path().join("stderr.log")).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args([
            "run",
            &file,
            "--replications",
            "6",
            "--threads",
            "1",
            "--out",
        ])
        .arg(tmp.path().join("out"))
        .env("VPCSIM_HEARTBEAT", "0.000001")
        .stdout(Stdio::null())
        .stderr(log)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let log = std::fs::read_to_string(tmp.path().join("stderr.log")).unwrap();
    let beats: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("vpcsim: s: ") && l.contains("/6 replications"))
        .collect();
    assert!(!beats.is_empty(), "no heartbeat in: {log}");
    assert!(beats.iter().all(|l| l.contains("eta")), "{beats:?}");
}

#[test]
fn every_seed_in_flows_csv_is_below_2_pow_63() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "s.toml",
        &format!("{}rate = \"5Mbps\"\n", two_vpcs()),
    );
    let out = tmp.path().join("out");
    let o = vpcsim(&[
        "run",
        &file,
        "--replications",
        "16",
        "--seed",
        "9223372036854775807",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let csv = std::fs::read_to_string(out.join("flows.csv")).unwrap();
    let seeds: Vec<u64> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(seeds.len(), 16);
    assert!(seeds.iter().all(|&s| s < 1 << 63), "{seeds:?}");
    // A seed of 2^63 itself is refused with the reason.
    let o = vpcsim(&["run", &file, "--seed", "9223372036854775808"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("below 2^63"), "{}", text(&o));
}

/// Walks a summary and checks every metric's interval: shares stay in [0, 1] (availability,
/// loss, encapsulation success), jitter, delays and bytes stay at or above 0.
fn check_intervals(v: &Value, path: &str, bad: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let (Some(mean), Some(ci)) = (m.get("mean"), m.get("ci95").and_then(Value::as_array))
            {
                let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
                let share = ["loss", "availability", "encap_success", "utilization"]
                    .iter()
                    .any(|k| path.ends_with(k));
                if lo < 0.0 || (share && hi > 1.0 && !path.ends_with("utilization")) {
                    bad.push(format!("{path}: [{lo}, {hi}] around {mean}"));
                }
            }
            for (k, x) in m {
                check_intervals(x, &format!("{path}.{k}"), bad);
            }
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| check_intervals(x, &format!("{path}[{i}]"), bad)),
        _ => {}
    }
}

#[test]
fn no_interval_leaves_the_range_of_its_metric() {
    // Two replications and a loss near zero: a t-interval would reach below zero.
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "s.toml",
        &format!("{}rate = \"102Mbps\"\n", two_vpcs()),
    );
    let out = tmp.path().join("out");
    vpcsim(&["run", &file, "--out", out.to_str().unwrap()]);
    let s: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let lo = s["flows"][0]["loss"]["ci95"][0].as_f64().unwrap();
    let mean = s["flows"][0]["loss"]["mean"].as_f64().unwrap();
    assert!(
        mean > 0.0 && lo == 0.0,
        "the case clips: loss {mean}, lower bound {lo}"
    );
    let mut bad = Vec::new();
    check_intervals(&s, "", &mut bad);
    assert!(bad.is_empty(), "{bad:?}");
}

/// `check` and `run` print loss the same way: the figure `check` reports for the current
/// run appears, to the digit, in the table `run` prints for the same scenario and seed.
#[test]
fn check_and_run_print_a_metric_the_same_way() {
    let tmp = tempfile::tempdir().unwrap();
    let base = write(
        tmp.path(),
        "s.toml",
        &format!("{}rate = \"20Mbps\"\n", two_vpcs()),
    );
    let out = tmp.path().join("base");
    assert_eq!(
        vpcsim(&["run", &base, "--out", out.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let heavy = write(
        tmp.path(),
        "s.toml",
        &format!("{}rate = \"120Mbps\"\n", two_vpcs()),
    );
    let checked = vpcsim(&["check", &heavy, "--baseline", out.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1), "{}", text(&checked));
    let line = text(&checked)
        .lines()
        .find(|l| l.contains("loss worse"))
        .unwrap_or_else(|| panic!("{}", text(&checked)))
        .to_string();
    // "... in the baseline, 21.2282% [lo, hi] in this run": the current run's mean loss.
    let now = line
        .split("in the baseline, ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .unwrap()
        .to_string();
    let ran = vpcsim(&[
        "run",
        &heavy,
        "--out",
        tmp.path().join("heavy").to_str().unwrap(),
    ]);
    let table = text(&ran);
    let row = table.lines().find(|l| l.starts_with("bulk")).unwrap();
    assert!(
        row.contains(&now),
        "run prints {row:?}; check printed {now}"
    );
}

#[test]
fn a_load_sweep_names_the_largest_rate_that_meets_every_target() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "s.toml",
        &format!(
            "{}rate = \"10Mbps\"\n[sweep]\nparameter = \"flow.bulk.rate\"\n\
             values = [\"20Mbps\", \"50Mbps\", \"150Mbps\"]\n",
            two_vpcs()
        ),
    );
    let out = tmp.path().join("out");
    let o = vpcsim(&["run", &file, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains(
            "largest flow.bulk.rate meeting every target: 50Mbps (150Mbps misses a target)"
        ),
        "{}",
        text(&o)
    );
    let s: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(s["headroom"]["largest"], "50Mbps");
    assert!(!text(&o).contains("NaN"));
}

#[test]
fn the_output_readme_has_no_escaped_newlines() {
    let t = std::fs::read_to_string("output/README.md").unwrap();
    assert!(!t.contains("\\n"), "{t}");
    assert!(t.starts_with("# Generated outputs\n\n"));
}
