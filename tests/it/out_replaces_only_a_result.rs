//! `--out` only ever replaces a vpcsim result, or an empty or absent folder: a folder of the
//! user's, one that holds an input, one inside an input, or one that holds the working
//! directory is refused with exit 2 and left exactly as it was; `--force` replaces a
//! non-result folder but never an input or the working directory.

use crate::common::cli::{Out, vpcsim, vpcsim_in};
use std::path::Path;

const QUICKSTART: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/quickstart.toml");

fn run_into(scenario: &Path, out: &Path, extra: &[&str]) -> Out {
    let mut args = vec![
        "run".to_string(),
        scenario.display().to_string(),
        "--replications".into(),
        "2".into(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    vpcsim(args)
}

/// Every file under `dir`, with its content, for before/after comparisons.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push((
                    e.path().strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_folder_holding_the_scenario_is_never_replaced() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("p");
    std::fs::create_dir_all(p.join(".git")).unwrap();
    std::fs::copy(QUICKSTART, p.join("quickstart.toml")).unwrap();
    std::fs::write(p.join("notes.txt"), "my notes").unwrap();
    std::fs::write(p.join(".git/HEAD"), "ref: refs/heads/main").unwrap();
    let before = snapshot(&p);
    for extra in [&[][..], &["--force"][..]] {
        run_into(&p.join("quickstart.toml"), &p, extra)
            .expect_code(2)
            .expect_stderr(&["refusing to write to", "quickstart.toml, an input"]);
        assert_eq!(snapshot(&p), before, "the folder is untouched");
    }
}

#[test]
fn a_folder_of_the_users_is_replaced_only_with_force() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("mine");
    std::fs::create_dir(&p).unwrap();
    std::fs::write(p.join("notes.txt"), "my notes").unwrap();
    run_into(Path::new(QUICKSTART), &p, &[])
        .expect_code(2)
        .expect_stderr(&["is not a vpcsim result", "notes.txt", "--force"]);
    assert_eq!(std::fs::read(p.join("notes.txt")).unwrap(), b"my notes");
    run_into(Path::new(QUICKSTART), &p, &["--force"]).expect_code(0);
    assert!(p.join("summary.json").is_file());
    assert!(!p.join("notes.txt").exists());
}

#[test]
fn an_empty_folder_or_an_earlier_result_is_replaced() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("out");
    std::fs::create_dir(&p).unwrap();
    run_into(Path::new(QUICKSTART), &p, &[]).expect_code(0);
    run_into(Path::new(QUICKSTART), &p, &[]).expect_code(0);
}

#[test]
fn a_result_edited_by_hand_is_replaced_only_with_force() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("out");
    run_into(Path::new(QUICKSTART), &p, &[]).expect_code(0);
    std::fs::write(p.join("flows.csv"), "edited").unwrap();
    run_into(Path::new(QUICKSTART), &p, &[])
        .expect_code(2)
        .expect_stderr(&["not an untouched vpcsim result", "flows.csv"]);
    run_into(Path::new(QUICKSTART), &p, &["--force"]).expect_code(0);
}

#[test]
fn a_folder_holding_the_working_directory_is_never_replaced() {
    let d = tempfile::tempdir().unwrap();
    let work = d.path().join("work");
    std::fs::create_dir(&work).unwrap();
    std::fs::write(work.join("notes.txt"), "my notes").unwrap();
    let before = snapshot(d.path());
    for out in [d.path().to_str().unwrap(), "."] {
        for force in [false, true] {
            let mut args = vec!["run", QUICKSTART, "--replications", "1", "--out", out];
            if force {
                args.push("--force");
            }
            vpcsim_in(&work, args)
                .expect_code(2)
                .expect_stderr(&["contains the working directory"]);
            assert_eq!(snapshot(d.path()), before);
        }
    }
}

#[test]
fn compare_never_writes_over_a_side_and_merge_never_over_a_shard() {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    run_into(Path::new(QUICKSTART), &a, &[]).expect_code(0);
    run_into(Path::new(QUICKSTART), &b, &[]).expect_code(0);
    let before = snapshot(&a);
    let (a_s, b_s) = (a.to_str().unwrap(), b.to_str().unwrap());
    vpcsim(["compare", a_s, b_s, "--out", a_s, "--force"])
        .expect_code(2)
        .expect_stderr(&["an input of this command"]);
    assert_eq!(snapshot(&a), before);
    let shards: Vec<String> = (1..=2)
        .map(|k| d.path().join(format!("s{k}")).display().to_string())
        .collect();
    for (k, s) in shards.iter().enumerate() {
        let shard = format!("{}/2", k + 1);
        vpcsim([
            "run",
            QUICKSTART,
            "--replications",
            "2",
            "--shard",
            &shard,
            "--out",
            s,
        ])
        .expect_code(0);
    }
    let shard_before = snapshot(Path::new(&shards[0]));
    let inside = format!("{}/merged", shards[0]);
    for out in [shards[0].as_str(), inside.as_str()] {
        vpcsim(["merge", &shards[0], &shards[1], "--out", out, "--force"])
            .expect_code(2)
            .expect_stderr(&["an input of this command"]);
        assert_eq!(snapshot(Path::new(&shards[0])), shard_before);
    }
}
