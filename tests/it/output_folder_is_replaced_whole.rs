//! A result folder is one unit: a run killed at any point of its write phase leaves the
//! previous complete result or the new complete one — never a mix, never stray files — and
//! after any sequence of runs, sweeps and shards into one folder only the last result is
//! there, sealed by a manifest that `plot` accepts.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output};

fn vpcsim(args: &[&str], kill_at: Option<u32>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vpcsim"));
    c.args(args);
    match kill_at {
        Some(k) => c.env("VPCSIM_KILL_AT_WRITE", k.to_string()),
        None => c.env_remove("VPCSIM_KILL_AT_WRITE"),
    };
    c.output().expect("run vpcsim")
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap()
}

/// The folder verifies against its manifest (through `plot`, which refuses anything else).
fn sealed(dir: &Path) {
    let o = vpcsim(&["plot", dir.to_str().unwrap()], None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}: {}",
        dir.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn run_args<'a>(out: &'a str, seed: &'a str) -> Vec<&'a str> {
    vec![
        "run",
        "scenarios/quickstart.toml",
        "--replications",
        "2",
        "--seed",
        seed,
        "--out",
        out,
    ]
}

#[test]
fn a_kill_at_any_write_point_leaves_the_old_or_the_new_result() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_s = out.to_str().unwrap();
    // The two results a reader may see: seed 1 (old) and seed 2 (new).
    let reference = tmp.path().join("new");
    assert!(
        vpcsim(&run_args(reference.to_str().unwrap(), "2"), None)
            .status
            .code()
            == Some(0)
    );
    let new = summary(&reference);
    let mut points = 0;
    for k in 1..200 {
        assert!(vpcsim(&run_args(out_s, "1"), None).status.code() == Some(0));
        let old = summary(&out);
        let o = vpcsim(&run_args(out_s, "2"), Some(k));
        let killed = o.status.signal() == Some(9);
        sealed(&out);
        let now = summary(&out);
        assert!(now == old || now == new, "kill point {k}: a mixed result");
        if killed {
            // Nothing but the target is left beside it once the next run has cleaned up.
            points += 1;
        } else {
            assert_eq!(now, new, "a finished run leaves its own result");
            break;
        }
    }
    assert!(points >= 12, "only {points} write points were exercised");
    // A later run removes whatever a killed one left behind.
    assert!(vpcsim(&run_args(out_s, "1"), None).status.code() == Some(0));
    let siblings: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut siblings = siblings;
    siblings.sort();
    assert_eq!(siblings, ["new", "out"], "stray staging folders remain");
}

#[test]
fn after_a_sweep_a_shard_and_a_run_into_one_folder_only_the_last_result_is_there() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_s = out.to_str().unwrap();
    let sweep = vpcsim(
        &[
            "run",
            "scenarios/capacity_sweep.toml",
            "--replications",
            "1",
            "--out",
            out_s,
        ],
        None,
    );
    assert!(matches!(sweep.status.code(), Some(0 | 1)));
    assert!(out.join("sweep.csv").exists());
    let shard = vpcsim(
        &[
            "run",
            "scenarios/quickstart.toml",
            "--replications",
            "2",
            "--shard",
            "1/2",
            "--out",
            out_s,
        ],
        None,
    );
    assert_eq!(shard.status.code(), Some(0));
    assert!(!out.join("sweep.csv").exists() && !out.join("sweep").exists());
    assert!(!out.join("summary.json").exists(), "a shard has no verdict");
    let run = vpcsim(&run_args(out_s, "3"), None);
    assert_eq!(run.status.code(), Some(0));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.starts_with("sweep")), "{names:?}");
    let s = summary(&out);
    assert_eq!(s["replications"], 2);
    assert_eq!(s["seed"], 3);
    sealed(&out);
}

/// Every file of a folder with its content.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_plot_or_report_that_cannot_be_written_fails_the_run_and_keeps_the_old_result() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_s = out.to_str().unwrap();
    assert_eq!(vpcsim(&run_args(out_s, "1"), None).status.code(), Some(0));
    let before = files_of(&out);
    assert!(before.len() >= 18, "{} files", before.len());
    for file in ["delay_cdf.png", "report.html", "summary.json", "flows.csv"] {
        let o = crate::common::cli::vpcsim_with_env(
            &run_args(out_s, "2"),
            &[("VPCSIM_FAIL_WRITE", file)],
        );
        o.expect_code(2)
            .expect_stderr(&[file, "No space left on device"]);
        assert_eq!(files_of(&out), before, "{file}: the old result is kept");
        let siblings = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(siblings, 1, "{file}: no staging folder is left behind");
    }
}
