//! scenarios/ is regression-ready: every committed baseline re-runs without regression, a
//! baseline that disagrees is reported with exit 1, naming what moved, and a baseline that
//! cannot be compared (not a run summary, another scenario, no flows) is refused with exit 2.

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

fn quickstart_baseline() -> serde_json::Value {
    let text = std::fs::read_to_string("scenarios/baselines/quickstart.summary.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_baseline_better_than_the_run_is_a_regression() {
    let mut v = quickstart_baseline();
    v["flows"][0]["delay_ms"]["mean"] = serde_json::json!({ "mean": 0.5, "ci95": [0.49, 0.51] });
    let o = check_with(&v);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("flow db-replication: delay_ms.mean worse, 0.500 ms [0.490 ms, 0.510 ms] in the baseline"),
        "{out}"
    );
}

#[test]
fn a_baseline_worse_than_the_run_is_an_improvement_not_a_regression() {
    let mut v = quickstart_baseline();
    // A consistent failing baseline: loss met in half of the replications.
    v["verdict"] = "fail".into();
    v["flows"][0]["verdict"] = "fail".into();
    v["flows"][0]["compliance"]["loss"] =
        serde_json::json!({ "share": 0.5, "wilson95": [0.2, 0.8], "met": false });
    v["flows"][0]["delay_ms"]["mean"] =
        serde_json::json!({ "mean": 100.5, "ci95": [100.0, 101.0] });
    let o = check_with(&v);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("no regression"), "{out}");
    assert!(
        out.contains("2 improvements")
            && out.contains("flow db-replication passes in this run and fails in the baseline")
            && out.contains("flow db-replication: delay_ms.mean better"),
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

fn check_with(baseline: &serde_json::Value) -> std::process::Output {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("b.json");
    std::fs::write(&p, serde_json::to_vec(baseline).unwrap()).unwrap();
    vpcsim(&[
        "check",
        "scenarios/quickstart.toml",
        "--baseline",
        p.to_str().unwrap(),
    ])
}

#[test]
fn a_baseline_that_cannot_be_compared_is_refused() {
    let text = std::fs::read_to_string("scenarios/baselines/quickstart.summary.json").unwrap();
    let good: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut no_flows = good.clone();
    no_flows["flows"] = serde_json::json!([]);
    let mut other = good.clone();
    other["scenario"] = "peering-mesh".into();
    let mut huge = good.clone();
    huge["replications"] = serde_json::json!(4_294_967_295u64);
    let cases = [
        (serde_json::json!({}), "missing field"),
        (serde_json::Value::Null, "not a vpcsim run summary"),
        (serde_json::json!([1, 2]), "not a vpcsim run summary"),
        (no_flows, "no flows"),
        (other, "is of scenario \"peering-mesh\", not \"quickstart\""),
        (huge, "\"replications\" is not in 1..="),
    ];
    for (baseline, message) in cases {
        let o = check_with(&baseline);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{baseline}: {err}");
        assert!(err.contains(message), "{baseline}: {err}");
    }
}

#[test]
fn a_tolerance_turns_a_trivial_shift_into_no_regression_and_back() {
    let text = std::fs::read_to_string("scenarios/baselines/quickstart.summary.json").unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Lower the baseline's mean delay by 1 µs with an interval too narrow to overlap the run's.
    let mean = v["flows"][0]["delay_ms"]["mean"]["mean"].as_f64().unwrap() - 0.001;
    v["flows"][0]["delay_ms"]["mean"] =
        serde_json::json!({ "mean": mean, "ci95": [mean - 1e-9, mean + 1e-9] });
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("b.json");
    std::fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
    let p = p.to_str().unwrap();
    let lenient = vpcsim(&["check", "scenarios/quickstart.toml", "--baseline", p]);
    assert_eq!(
        lenient.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&lenient.stdout)
    );
    let strict = vpcsim(&[
        "check",
        "scenarios/quickstart.toml",
        "--baseline",
        p,
        "--tolerance",
        "0%",
        "--tolerance",
        "delay_ms.mean=0.0001",
    ]);
    let out = String::from_utf8_lossy(&strict.stdout);
    assert_eq!(strict.status.code(), Some(1), "{out}");
    assert!(out.contains("delay_ms.mean worse"), "{out}");
}

#[test]
fn check_refuses_a_scenario_above_the_work_limit() {
    let o = vpcsim(&[
        "check",
        "scenarios/quickstart.toml",
        "--baseline",
        "scenarios/baselines/quickstart.summary.json",
        "--max-packets",
        "10",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("more than the limit of 10") && err.contains("--max-packets"),
        "{err}"
    );
}

/// A baseline gutted or edited by hand cannot vouch for anything: with its metrics stripped,
/// a figure out of range or a verdict that contradicts its figures it is refused (exit 2);
/// with a figure set to null where the run measures one, the missing figure is a regression.
/// Each of these baselines would hide a doubled delay that the real baseline flags.
#[test]
fn a_gutted_or_edited_baseline_never_hides_a_regression() {
    let mut doubled = quickstart_baseline();
    let mean = doubled["flows"][0]["delay_ms"]["mean"]["mean"]
        .as_f64()
        .unwrap()
        / 2.0;
    doubled["flows"][0]["delay_ms"]["mean"] =
        serde_json::json!({ "mean": mean, "ci95": [mean * 0.99, mean * 1.01] });
    assert_eq!(
        check_with(&doubled).status.code(),
        Some(1),
        "the real baseline flags it"
    );

    let mut stripped = doubled.clone();
    for f in stripped["flows"].as_array_mut().unwrap() {
        let keep = serde_json::json!({ "name": f["name"], "verdict": f["verdict"] });
        *f = keep;
    }
    let mut negative = doubled.clone();
    negative["flows"][0]["loss"]["mean"] = (-1.0).into();
    let mut contradiction = doubled.clone();
    contradiction["flows"][1]["compliance"]["loss"]["met"] = false.into();
    for (b, message) in [
        (stripped, "missing field"),
        (negative, "flow db-replication: loss is not a share"),
        (contradiction, "contradicts"),
    ] {
        let o = check_with(&b);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(message), "{err}");
    }
    let mut nulls = doubled.clone();
    for m in ["loss", "jitter", "encap_success"] {
        nulls["flows"][0][m] = serde_json::Value::Null;
    }
    nulls["flows"][0]["delay_ms"]["mean"] = serde_json::Value::Null;
    let o = check_with(&nulls);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("delay_ms.mean has no figure in the baseline"),
        "{out}"
    );
}
