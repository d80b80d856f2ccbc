//! `run --shard-from-env` as a scheduler starts it: shards taken from Slurm job-array or
//! Kubernetes Indexed Job variables merge into the unsharded result, and inconsistent variables
//! are refused with exit 2 before anything is written. (The live Slurm cluster test is
//! tests/runs_on_a_slurm_cluster.rs.)

use std::path::Path;
use std::process::{Command, Output};

const SCENARIO: &str = "scenarios/quickstart.toml";
const CSVS: [&str; 5] = [
    "flows.csv",
    "connections.csv",
    "timeseries.csv",
    "delay_hist.csv",
    "summary.json",
];
/// Every variable `--shard-from-env` reads, cleared so a test run inside a job is unaffected.
const VARS: [&str; 6] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_MAX",
    "SLURM_ARRAY_TASK_COUNT",
    "JOB_COMPLETION_INDEX",
    "VPCSIM_SHARD_COUNT",
];

fn vpcsim(args: &[&str], env: &[(&str, String)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vpcsim"));
    c.args(args);
    for v in VARS {
        c.env_remove(v);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run vpcsim")
}

fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn read(dir: &Path, f: &str) -> Vec<u8> {
    std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))
}

fn whole(dir: &Path, reps: &str) {
    ok(&vpcsim(
        &[
            "run",
            SCENARIO,
            "--replications",
            reps,
            "--out",
            dir.to_str().unwrap(),
        ],
        &[],
    ));
}

fn merge_equals_whole(shards: &[String], whole: &Path, merged: &Path) {
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(|s| s.as_str()));
    args.extend(["--out", merged.to_str().unwrap()]);
    ok(&vpcsim(&args, &[]));
    for f in CSVS {
        assert_eq!(read(whole, f), read(merged, f), "{f} differs after merge");
    }
}

#[test]
fn a_slurm_array_starting_at_one_merges_into_the_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    whole(&tmp.path().join("whole"), "7");
    let mut shards = Vec::new();
    for id in 1..=3 {
        let d = tmp.path().join(format!("shard-{id}"));
        let env = [
            ("SLURM_ARRAY_TASK_ID", id.to_string()),
            ("SLURM_ARRAY_TASK_MIN", "1".to_string()),
            ("SLURM_ARRAY_TASK_MAX", "3".to_string()),
            ("SLURM_ARRAY_TASK_COUNT", "3".to_string()),
        ];
        let o = vpcsim(
            &[
                "run",
                SCENARIO,
                "--replications",
                "7",
                "--shard-from-env",
                "--out",
                d.to_str().unwrap(),
            ],
            &env,
        );
        ok(&o);
        let info: serde_json::Value = serde_json::from_slice(&read(&d, "manifest.json")).unwrap();
        assert_eq!(info["kind"], "shard");
        assert_eq!(info["shard"]["index"], id);
        assert_eq!(info["shard"]["count"], 3);
        shards.push(d.to_str().unwrap().to_string());
    }
    merge_equals_whole(&shards, &tmp.path().join("whole"), &tmp.path().join("m"));
}

#[test]
fn a_kubernetes_indexed_job_merges_into_the_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    whole(&tmp.path().join("whole"), "5");
    let mut shards = Vec::new();
    for index in 0..2 {
        let d = tmp.path().join(format!("shard-{index}"));
        // Index 0 takes the count from the flag, index 1 from VPCSIM_SHARD_COUNT.
        let (args, env): (Vec<&str>, Vec<(&str, String)>) = if index == 0 {
            (
                vec!["--shard-count", "2"],
                vec![("JOB_COMPLETION_INDEX", "0".to_string())],
            )
        } else {
            (
                vec![],
                vec![
                    ("JOB_COMPLETION_INDEX", "1".to_string()),
                    ("VPCSIM_SHARD_COUNT", "2".to_string()),
                ],
            )
        };
        let mut all = vec![
            "run",
            SCENARIO,
            "--replications",
            "5",
            "--shard-from-env",
            "--out",
            d.to_str().unwrap(),
        ];
        all.extend(args);
        ok(&vpcsim(&all, &env));
        shards.push(d.to_str().unwrap().to_string());
    }
    merge_equals_whole(&shards, &tmp.path().join("whole"), &tmp.path().join("m"));
}

#[test]
fn a_one_task_array_still_writes_a_shard_folder_for_merge() {
    let tmp = tempfile::tempdir().unwrap();
    whole(&tmp.path().join("whole"), "3");
    let d = tmp.path().join("shard-0");
    let env = [
        ("SLURM_ARRAY_TASK_ID", "0".to_string()),
        ("SLURM_ARRAY_TASK_MIN", "0".to_string()),
        ("SLURM_ARRAY_TASK_COUNT", "1".to_string()),
    ];
    let o = vpcsim(
        &[
            "run",
            SCENARIO,
            "--replications",
            "3",
            "--shard-from-env",
            "--out",
            d.to_str().unwrap(),
        ],
        &env,
    );
    ok(&o);
    let info: serde_json::Value = serde_json::from_slice(&read(&d, "manifest.json")).unwrap();
    assert_eq!(info["shard"], serde_json::json!({ "index": 1, "count": 1 }));
    merge_equals_whole(
        &[d.to_str().unwrap().to_string()],
        &tmp.path().join("whole"),
        &tmp.path().join("m"),
    );
}

/// Variables set for one `vpcsim` process.
type Env<'a> = Vec<(&'a str, String)>;

#[test]
fn inconsistent_scheduler_variables_exit_2_naming_the_variable_and_write_nothing() {
    let s = |v: &str| v.to_string();
    let cases: Vec<(Env, Vec<&str>, &str)> = vec![
        (
            vec![
                ("SLURM_ARRAY_TASK_ID", s("4")),
                ("SLURM_ARRAY_TASK_MIN", s("0")),
                ("SLURM_ARRAY_TASK_COUNT", s("4")),
            ],
            vec![],
            "SLURM_ARRAY_TASK_ID=4",
        ),
        (
            vec![
                ("SLURM_ARRAY_TASK_ID", s("1")),
                ("SLURM_ARRAY_TASK_MIN", s("0")),
                ("SLURM_ARRAY_TASK_COUNT", s("four")),
            ],
            vec![],
            "SLURM_ARRAY_TASK_COUNT=\"four\"",
        ),
        (
            vec![
                ("SLURM_ARRAY_TASK_ID", s("0")),
                ("SLURM_ARRAY_TASK_MIN", s("0")),
                ("SLURM_ARRAY_TASK_COUNT", s("0")),
            ],
            vec![],
            "SLURM_ARRAY_TASK_COUNT=0",
        ),
        (
            vec![("SLURM_ARRAY_TASK_ID", s("1"))],
            vec![],
            "SLURM_ARRAY_TASK_COUNT",
        ),
        (
            vec![("JOB_COMPLETION_INDEX", s("2"))],
            vec!["--shard-count", "2"],
            "JOB_COMPLETION_INDEX=2",
        ),
        (
            vec![("JOB_COMPLETION_INDEX", s("0"))],
            vec![],
            "VPCSIM_SHARD_COUNT",
        ),
        (vec![], vec![], "SLURM_ARRAY_TASK_ID"),
        (
            vec![("JOB_COMPLETION_INDEX", s("0"))],
            vec!["--shard", "1/2"],
            "--shard",
        ),
    ];
    for (env, extra, expected) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let mut args = vec![
            "run",
            SCENARIO,
            "--replications",
            "2",
            "--shard-from-env",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        let o = vpcsim(&args, &env);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{env:?}: {err}");
        assert!(
            err.contains(expected),
            "{env:?}: `{expected}` not in: {err}"
        );
        assert!(!out.exists(), "{env:?}: {} was written", out.display());
    }
}
