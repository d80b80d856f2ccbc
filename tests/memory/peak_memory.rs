//! Peak resident memory of `vpcsim run` with 10,000 flows on 2 threads stays under 500 MB:
//! per-flow state is small until it needs to grow and rows stream to their files, so memory
//! follows flows × threads only by a few kilobytes per flow. Measured on the child process
//! (`ru_maxrss`, its own high-water mark), not on the test process.
//!
//! The design is the generated estate of the scale bench (100 regions, 1,000 VPCs, 2,000
//! Express Connect pairs) carrying 10,000 Poisson flows of 5 to 15 Mbps. A short window (200 ms
//! after 100 ms of warmup) and two replications keep it a few seconds, yet every flow sends
//! hundreds of packets, so its delay histogram, records, plots and report are filled as in a
//! long run. Before per-flow histograms were made compact, the same load took 788 MB on one
//! thread and 1.65 GB on two.

use crate::support::peak_rss;

use std::process::Command;

const LIMIT_MB: f64 = 500.0;

#[test]
fn ten_thousand_flows_on_two_threads_stay_under_500_mb() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("estate.toml");
    let estate = vpcsim::estate::Estate::new(100, 1_000, 10_000).duration("200ms");
    std::fs::write(&file, estate.text()).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vpcsim"));
    cmd.arg("run")
        .arg(&file)
        .args(["--replications", "2", "--threads", "2", "--out"])
        .arg(dir.path().join("out"));
    let done = peak_rss::run_measured(cmd);
    assert!(
        matches!(done.code, Some(0 | 1)),
        "vpcsim run exited {:?}:\n{}",
        done.code,
        done.stderr
    );
    let rows = std::fs::read_to_string(dir.path().join("out/flows.csv")).unwrap();
    assert_eq!(
        rows.lines().count(),
        1 + 2 * 10_000,
        "a row per replication and flow"
    );
    println!(
        "10,000 flows, 2 replications on 2 threads: peak RSS {:.1} MB",
        done.peak_mb()
    );
    assert!(
        done.peak_mb() < LIMIT_MB,
        "peak RSS {:.1} MB, limit {LIMIT_MB} MB",
        done.peak_mb()
    );
}
