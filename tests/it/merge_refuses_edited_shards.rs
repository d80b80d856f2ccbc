//! `merge` believes nothing a shard's files do not prove: a manifest field edited by hand (the
//! SLA targets that decide the verdict, the event count, the version) breaks the manifest's
//! seal and is refused with exit 2, as is a set of shards written by another build.

use crate::common::cli::vpcsim;
use std::path::{Path, PathBuf};

const QUICKSTART: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/quickstart.toml");

fn shards(dir: &Path) -> Vec<PathBuf> {
    (1..=2)
        .map(|k| {
            let out = dir.join(format!("s{k}"));
            let shard = format!("{k}/2");
            vpcsim([
                "run".as_ref(),
                QUICKSTART.as_ref(),
                "--replications".as_ref(),
                "2".as_ref(),
                "--shard".as_ref(),
                shard.as_ref(),
                "--out".as_ref(),
                out.as_os_str(),
            ])
            .expect_code(0);
            out
        })
        .collect()
}

fn edit_manifest(dir: &Path, edit: impl Fn(&mut serde_json::Value)) {
    let at = dir.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&at).unwrap()).unwrap();
    edit(&mut m);
    std::fs::write(&at, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

fn merge(dir: &Path, s: &[PathBuf]) -> crate::common::cli::Out {
    let out = dir.join("merged");
    vpcsim([
        "merge".as_ref(),
        s[0].as_os_str(),
        s[1].as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
}

#[test]
fn an_edited_sla_target_in_every_shard_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let s = shards(d.path());
    for dir in &s {
        edit_manifest(dir, |m| {
            m["targets"]["flows"][0]["targets"]["max_loss"] = 1.0.into()
        });
    }
    merge(d.path(), &s)
        .expect_code(2)
        .expect_stderr(&["the manifest was edited"]);
}

#[test]
fn an_edited_event_count_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let s = shards(d.path());
    edit_manifest(&s[1], |m| m["events"] = 1.into());
    merge(d.path(), &s)
        .expect_code(2)
        .expect_stderr(&["the manifest was edited"]);
}

#[test]
fn shards_of_another_build_are_refused_even_when_resealed() {
    let d = tempfile::tempdir().unwrap();
    let s = shards(d.path());
    // Rewrite the version and the seal as another build would have written them.
    for dir in &s {
        let at = dir.join("manifest.json");
        let mut m: vpcsim::report::manifest::Manifest =
            serde_json::from_slice(&std::fs::read(&at).unwrap()).unwrap();
        m.version = "0.0.1".into();
        m.seal = m.compute_seal();
        std::fs::write(&at, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    }
    merge(d.path(), &s)
        .expect_code(2)
        .expect_stderr(&["written by vpcsim 0.0.1"]);
}

#[test]
fn untouched_shards_merge() {
    let d = tempfile::tempdir().unwrap();
    let s = shards(d.path());
    merge(d.path(), &s).expect_code(0);
}
