//! A run sharded over a live Slurm cluster merges into exactly the unsharded local run.
//!
//! A throw-away single-node cluster (installed with apt-get when missing, started as root or
//! through sudo, stopped when the test ends) runs the very files the cluster guide documents:
//! `docs/cluster/submit.sh` queues a job array of 4 shards (`vpcsim run --shard-from-env`,
//! shard i of 4) of `scenarios/quickstart.toml` and a merge job that waits for all of them
//! (`vpcsim merge`). Its summary.json and every CSV must be byte-identical to one local run
//! of the same replications, and the merge job must exit as the local run does. Then one shard
//! is pointed at a missing scenario: that task fails with its reason in its log, and the merge
//! job never runs.
//!
//! When the machine cannot have a cluster (no root or sudo, no packages), the test fails under
//! CI (`CI=true`), where it must run, and elsewhere says why and returns.

use crate::support::slurm_cluster;

use slurm_cluster::{Cluster, JobLine, Unavailable};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SCENARIO: &str = "scenarios/quickstart.toml";
const SHARDS: usize = 4;
const REPLICATIONS: &str = "8";
const JOB_TIMEOUT: Duration = Duration::from_secs(90);
const OUTPUTS: [&str; 5] = [
    "summary.json",
    "flows.csv",
    "connections.csv",
    "timeseries.csv",
    "delay_hist.csv",
];

fn cannot_run(why: Unavailable) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "the Slurm cluster test must run under CI, but cannot: {}",
            why.0
        );
    }
    println!("SKIP: the Slurm cluster test cannot run here: {}", why.0);
    eprintln!("SKIP: the Slurm cluster test cannot run here: {}", why.0);
}

/// The two job ids `submit.sh` prints.
struct Submitted {
    array: String,
    merge: String,
}

fn submit(cluster: &mut Cluster, out: &Path, env: &[(&str, String)]) -> Submitted {
    let mut cmd = cluster.client("bash");
    cmd.arg("docs/cluster/submit.sh")
        .arg(SCENARIO)
        .arg(out)
        .arg(SHARDS.to_string())
        .args(["--", "--replications", REPLICATIONS])
        .env("VPCSIM", env!("CARGO_BIN_EXE_vpcsim"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run docs/cluster/submit.sh");
    let text = String::from_utf8_lossy(&o.stdout);
    let id = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(str::to_string)
    };
    match (o.status.success(), id("array_job="), id("merge_job=")) {
        (true, Some(array), Some(merge)) => {
            cluster.submitted(&array);
            cluster.submitted(&merge);
            Submitted { array, merge }
        }
        _ => cluster.die(&format!(
            "docs/cluster/submit.sh failed ({}):\n{text}\n{}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
        )),
    }
}

fn log(out: &Path, name: &str) -> String {
    std::fs::read_to_string(out.join("logs").join(name)).unwrap_or_else(|_| "(no log)".into())
}

fn tasks(cluster: &Cluster, id: &str) -> Vec<JobLine> {
    cluster
        .job(id)
        .unwrap_or_else(|| cluster.die(&format!("scontrol show job {id} failed")))
}

/// The local, unsharded reference run; returns its exit code.
fn whole(out: &Path) -> i32 {
    let o = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(["run", SCENARIO, "--replications", REPLICATIONS, "--out"])
        .arg(out)
        .output()
        .expect("run vpcsim");
    let code = o.status.code().unwrap_or(-1);
    assert!(
        matches!(code, 0 | 1),
        "local run exited {code}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    code
}

fn shards_merge_into_the_whole_run(cluster: &mut Cluster, whole_dir: &Path, whole_code: i32) {
    let out = cluster.dir().join("ok");
    let start = Instant::now();
    let jobs = submit(cluster, &out, &[]);
    cluster.wait(&[&jobs.array, &jobs.merge], JOB_TIMEOUT);
    println!(
        "slurm: array job {} ({SHARDS} shards) and merge job {} done {:.1} s after submission",
        jobs.array,
        jobs.merge,
        start.elapsed().as_secs_f64()
    );
    let shards = tasks(cluster, &jobs.array);
    assert_eq!(shards.len(), SHARDS, "array tasks: {shards:?}");
    for t in &shards {
        let task = t.task.unwrap_or(0);
        assert_eq!(
            t.state,
            "COMPLETED",
            "shard task {task}: {t:?}\n{}",
            log(&out, &format!("shard-{task}.log"))
        );
    }
    let merge = &tasks(cluster, &jobs.merge)[0];
    assert_eq!(
        merge.exit,
        format!("{whole_code}:0"),
        "merge job {merge:?}; the local run exited {whole_code}\n{}",
        log(&out, "merge.log")
    );
    for f in OUTPUTS {
        let (a, b) = (whole_dir.join(f), out.join("merged").join(f));
        let (a, b) = (read(&a), read(&b));
        assert!(a == b, "merged {f} differs from the unsharded local run");
        println!(
            "slurm: merged {f} ({} bytes) is byte-identical to the local run",
            b.len()
        );
    }
}

fn a_failed_shard_keeps_the_merge_from_running(cluster: &mut Cluster) {
    let out = cluster.dir().join("fail");
    let bad = 2;
    let missing = cluster.dir().join("no-such-scenario.toml");
    let jobs = submit(
        cluster,
        &out,
        &[(
            "SCENARIO_FOR_TASK_2",
            missing.to_string_lossy().into_owned(),
        )],
    );
    cluster.wait(&[&jobs.array, &jobs.merge], JOB_TIMEOUT);
    let failed: Vec<JobLine> = tasks(cluster, &jobs.array)
        .into_iter()
        .filter(|t| t.state != "COMPLETED")
        .collect();
    assert_eq!(
        failed.iter().map(|t| t.task).collect::<Vec<_>>(),
        vec![Some(bad)],
        "only the task pointed at a missing scenario fails: {failed:?}"
    );
    let shard_log = log(&out, &format!("shard-{bad}.log"));
    assert!(
        shard_log.contains("no-such-scenario.toml"),
        "the failed shard's log names the missing scenario:\n{shard_log}"
    );
    let merge = &tasks(cluster, &jobs.merge)[0];
    assert!(
        merge.state == "CANCELLED"
            || (merge.state == "PENDING" && merge.reason == "DependencyNeverSatisfied"),
        "the merge job must never run after a failed shard: {merge:?}"
    );
    assert!(!out.join("merged").exists() && !out.join("logs/merge.log").exists());
    println!(
        "slurm: shard {}/{SHARDS} failed on purpose ({}, exit {}); merge job {}: {} ({})",
        bad + 1,
        failed[0].state,
        failed[0].exit,
        jobs.merge,
        merge.state,
        merge.reason
    );
}

fn read(p: &PathBuf) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn a_run_sharded_over_slurm_merges_into_the_unsharded_run() {
    let start = Instant::now();
    let mut cluster = match Cluster::start() {
        Ok(c) => c,
        Err(why) => return cannot_run(why),
    };
    let whole_dir = cluster.dir().join("whole");
    let code = whole(&whole_dir);
    shards_merge_into_the_whole_run(&mut cluster, &whole_dir, code);
    a_failed_shard_keeps_the_merge_from_running(&mut cluster);
    drop(cluster);
    println!("slurm: wall time {:.1} s", start.elapsed().as_secs_f64());
}
