//! `run` exits 0 when every target is met, 1 when any is violated (naming the flow and the
//! target), 2 on bad input, and a bad file writes nothing.

use crate::common;

use std::process::Command;

fn run_text(toml: &str, out: &std::path::Path) -> std::process::Output {
    let dir = out.parent().unwrap();
    let file = dir.join("s.toml");
    std::fs::write(&file, toml).unwrap();
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap()
}

#[test]
fn a_flow_over_its_cap_violates_loss_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let text = format!(
        "{}[[flow]]\nname = \"bulk\"\nfrom = \"a-ecs\"\nto = \"b-ecs\"\ntraffic = \"cbr\"\nrate = \"150Mbps\"\n",
        common::two_vpcs(4)
    );
    let o = run_text(&text, &out);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("bulk"))
        .expect("a row for the flow");
    assert!(line.contains("FAIL") && line.contains("!0%"), "{line}");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["verdict"], "fail");
    assert_eq!(summary["flows"][0]["name"], "bulk");
    assert_eq!(summary["flows"][0]["compliance"]["loss"]["met"], false);
}

#[test]
fn a_flow_within_its_cap_passes_and_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let text = format!(
        "{}[[flow]]\nname = \"small\"\nfrom = \"a-ecs\"\nto = \"b-ecs\"\ntraffic = \"cbr\"\nrate = \"20Mbps\"\n",
        common::two_vpcs(4)
    );
    let o = run_text(&text, &out);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    for f in [
        "summary.json",
        "flows.csv",
        "connections.csv",
        "timeseries.csv",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
}

#[test]
fn a_bad_file_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = run_text("[simulation]\nduration = 10\n", &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("a bare number 10 is not a duration"));
    assert!(!out.exists(), "no output folder for bad input");
}

#[test]
fn output_folder_holds_only_complete_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let text = format!(
        "{}[[flow]]\nname = \"small\"\nfrom = \"a-ecs\"\nto = \"b-ecs\"\nrate = \"20Mbps\"\n",
        common::two_vpcs(4)
    );
    run_text(&text, &out);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "availability.png",
            "availability.svg",
            "connections.csv",
            "delay_cdf.png",
            "delay_cdf.svg",
            "delay_hist.csv",
            "flows.csv",
            "jitter_hist.png",
            "jitter_hist.svg",
            "loss_by_cause.png",
            "loss_by_cause.svg",
            "manifest.json",
            "report.html",
            "run.json",
            "summary.json",
            "timeseries.csv",
            "utilization.png",
            "utilization.svg"
        ],
        "no temporary files remain"
    );
}
