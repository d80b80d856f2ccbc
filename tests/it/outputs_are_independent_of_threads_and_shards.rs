//! A run is a pure function of (scenario, seed): CSVs and summary.json are byte-identical
//! whatever the thread count and across runs, and shards merged equal one unsharded run.

use std::path::Path;
use std::process::Command;

fn vpcsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .expect("run vpcsim")
}

fn read(dir: &Path, f: &str) -> Vec<u8> {
    std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))
}

/// Every file whose content the seed decides (run.json holds wall-clock figures).
const DETERMINED: [&str; 5] = [
    "flows.csv",
    "connections.csv",
    "timeseries.csv",
    "delay_hist.csv",
    "summary.json",
];

#[test]
fn one_thread_and_two_threads_write_identical_csvs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("t1"), tmp.path().join("t2"));
    for (dir, threads) in [(&a, "1"), (&b, "2")] {
        let o = vpcsim(&[
            "run",
            "scenarios/quickstart.toml",
            "--replications",
            "6",
            "--threads",
            threads,
            "--out",
            dir.to_str().unwrap(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    for f in DETERMINED {
        assert_eq!(
            read(&a, f),
            read(&b, f),
            "{f} differs between 1 and 2 threads"
        );
    }
    // A second run with the same seed writes the same bytes again.
    let c = tmp.path().join("again");
    let o = vpcsim(&[
        "run",
        "scenarios/quickstart.toml",
        "--replications",
        "6",
        "--out",
        c.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    for f in DETERMINED {
        assert_eq!(read(&a, f), read(&c, f), "{f} differs between two runs");
    }
}

#[test]
fn merged_shards_equal_an_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    let o = vpcsim(&[
        "run",
        "scenarios/quickstart.toml",
        "--replications",
        "7",
        "--out",
        whole.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut shards = Vec::new();
    for k in 1..=3 {
        let d = tmp.path().join(format!("s{k}"));
        let o = vpcsim(&[
            "run",
            "scenarios/quickstart.toml",
            "--replications",
            "7",
            "--shard",
            &format!("{k}/3"),
            "--out",
            d.to_str().unwrap(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        shards.push(d.to_str().unwrap().to_string());
    }
    let merged = tmp.path().join("merged");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(|s| s.as_str()));
    args.extend(["--out", merged.to_str().unwrap()]);
    let o = vpcsim(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for f in DETERMINED {
        assert_eq!(read(&whole, f), read(&merged, f), "{f} differs after merge");
    }
}

#[test]
fn a_missing_shard_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("s1");
    let o = vpcsim(&[
        "run",
        "scenarios/quickstart.toml",
        "--replications",
        "4",
        "--shard",
        "1/2",
        "--out",
        d.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let o = vpcsim(&[
        "merge",
        d.to_str().unwrap(),
        "--out",
        tmp.path().join("m").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("shard(s) 2/2 missing"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
