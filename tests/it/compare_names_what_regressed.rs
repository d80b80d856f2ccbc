//! `compare A B` puts two designs side by side and exits 1 exactly when B regresses against
//! A: the quickstart against a copy with a smaller router interface spec names the flows that
//! break and why; the other way round is an improvement, not a regression. Result folders
//! compare like the scenarios that made them, and a tampered folder is refused.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn vpcsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .unwrap()
}

/// The quickstart with every Large.1 interface made `spec`, priced at `price` per day.
fn quickstart_with(dir: &Path, name: &str, spec: &str, price: f64) -> PathBuf {
    let text = std::fs::read_to_string("scenarios/quickstart.toml")
        .unwrap()
        .replace("spec = \"Large.1\"", &format!("spec = \"{spec}\""));
    let text = format!("{text}\n[cost]\nspec_per_day = {{ \"{spec}\" = {price} }}\n");
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn compare(a: &Path, b: &Path, out: &Path) -> (Option<i32>, String, Value) {
    let o = vpcsim(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--replications",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let json = std::fs::read(out.join("compare.json"))
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap_or(Value::Null);
    (o.status.code(), text, json)
}

#[test]
fn a_smaller_spec_regresses_and_a_larger_one_does_not() {
    let tmp = tempfile::tempdir().unwrap();
    let big = quickstart_with(tmp.path(), "big.toml", "Large.1", 36.0);
    let small = quickstart_with(tmp.path(), "small.toml", "Middle.2", 12.0);

    let (code, text, c) = compare(&big, &small, &tmp.path().join("down"));
    assert_eq!(code, Some(1), "{text}");
    let regressions: Vec<&str> = c["regressions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        regressions.contains(&"flow db-replication fails in B (loss) and passes in A"),
        "{regressions:?}"
    );
    assert!(
        regressions
            .iter()
            .any(|r| r.starts_with("flow erp-sync fails in B")),
        "{regressions:?}"
    );
    // Two interfaces, each 24.00 cheaper per day.
    let answer = c["answer"].as_str().unwrap();
    assert!(
        answer.starts_with("B misses loss on db-replication"),
        "{answer}"
    );
    assert!(
        answer.ends_with("B costs 48.00 USD less per day."),
        "{answer}"
    );
    assert!(text.contains("B regresses against A:"), "{text}");
    let html = std::fs::read_to_string(tmp.path().join("down/report.html")).unwrap();
    assert!(html.contains("B regresses against A") && html.contains("db-replication"));
    assert!(tmp.path().join("down/a/summary.json").is_file());

    let (code, text, c) = compare(&small, &big, &tmp.path().join("up"));
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(c["regressions"], Value::Array(vec![]));
    assert!(
        c["answer"]
            .as_str()
            .unwrap()
            .starts_with("B meets every target; A misses"),
        "{}",
        c["answer"]
    );
}

#[test]
fn folders_compare_like_their_scenarios_and_tampering_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let big = quickstart_with(tmp.path(), "big.toml", "Large.1", 36.0);
    let run = |file: &Path, out: &str| {
        let o = vpcsim(&[
            "run",
            file.to_str().unwrap(),
            "--replications",
            "2",
            "--out",
            tmp.path().join(out).to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0));
    };
    run(&big, "ra");
    run(&big, "rb");
    let (code, text, c) = compare(
        &tmp.path().join("ra"),
        &tmp.path().join("rb"),
        &tmp.path().join("c"),
    );
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(
        c["answer"],
        "Both meet every target. B costs the same per day."
    );
    // A folder against the scenario that made it: the scenario runs with the folder's seed
    // and replications, so every figure is identical.
    let (code, text, c) = compare(&tmp.path().join("ra"), &big, &tmp.path().join("c2"));
    assert_eq!(code, Some(0), "{text}");
    for f in c["flows"].as_array().unwrap() {
        for m in f["metrics"].as_array().unwrap() {
            assert_eq!(m["a"], m["b"], "{f}");
        }
    }

    let summary = tmp.path().join("rb/summary.json");
    let edited = std::fs::read_to_string(&summary)
        .unwrap()
        .replacen("\"fail\"", "\"pass\"", 1)
        .replacen("\"pass\"", "\"fail\"", 1);
    std::fs::write(&summary, edited).unwrap();
    let (code, text, _) = compare(
        &tmp.path().join("ra"),
        &tmp.path().join("rb"),
        &tmp.path().join("c3"),
    );
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("summary.json"), "{text}");
    assert!(!tmp.path().join("c3").exists());
}
