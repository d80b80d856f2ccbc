//! scenarios/ is regression-ready: every committed baseline re-runs without regression, and a
//! baseline that disagrees is reported with exit 1, naming what moved.

use std::process::Command;

fn vpcsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .expect("run vpcsim")
}

#[test]
fn every_committed_baseline_rechecks_without_regression() {
    let mut checked = 0;
    for entry in std::fs::read_dir("scenarios/baselines").unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".summary.json"))
        else {
            continue;
        };
        let scenario = format!("scenarios/{stem}.toml");
        let o = vpcsim(&["check", &scenario, "--baseline", path.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{scenario}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        checked += 1;
    }
    assert!(checked >= 1, "no baselines found");
}

#[test]
fn a_baseline_that_disagrees_is_a_regression() {
    let text = std::fs::read_to_string("scenarios/baselines/quickstart.summary.json").unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["flows"][0]["verdict"] = "fail".into();
    v["flows"][0]["delay_ms"]["mean"]["ci95"] = serde_json::json!([100.0, 101.0]);
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("b.json");
    std::fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
    let o = vpcsim(&[
        "check",
        "scenarios/quickstart.toml",
        "--baseline",
        p.to_str().unwrap(),
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("flow db-replication: verdict \"fail\" → \"pass\""),
        "{out}"
    );
    assert!(
        out.contains("flow db-replication: delay_ms.mean moved from"),
        "{out}"
    );
}

#[test]
fn an_unreadable_baseline_is_bad_input() {
    let o = vpcsim(&[
        "check",
        "scenarios/quickstart.toml",
        "--baseline",
        "no/such/file.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
}
