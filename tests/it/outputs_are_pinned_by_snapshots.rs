//! The `reach` matrix and the per-flow verdict table of the quickstart and the peering mesh are
//! pinned: any change to routing, delays or simulation shows up as a diff to review. After an
//! intended change, refresh with `VPCSIM_UPDATE_SNAPSHOTS=1 cargo test --release`.

use std::process::Command;

fn check(name: &str, args: &[&str], keep: impl Fn(&str) -> bool) {
    let o = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .unwrap();
    let text: String = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| keep(l))
        .map(|l| format!("{l}\n"))
        .collect();
    let path = format!("tests/snapshots/{name}.txt");
    if std::env::var_os("VPCSIM_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}; create it with VPCSIM_UPDATE_SNAPSHOTS=1"));
    if want != text {
        let diff: Vec<String> = want
            .lines()
            .zip(text.lines())
            .filter(|(a, b)| a != b)
            .take(5)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        panic!(
            "{name} changed ({} vs {} lines); first differences:\n{}",
            want.lines().count(),
            text.lines().count(),
            diff.join("\n")
        );
    }
}

#[test]
fn quickstart_reach_matrix_is_pinned() {
    check(
        "quickstart_reach",
        &["reach", "scenarios/quickstart.toml"],
        |_| true,
    );
}

#[test]
fn peering_mesh_reach_matrix_is_pinned() {
    check(
        "peering_mesh_reach",
        &["reach", "scenarios/peering_mesh.toml"],
        |_| true,
    );
}

#[test]
fn quickstart_verdict_table_is_pinned() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap().to_string();
    // The last line names the (temporary) output folder; everything else is pinned.
    check(
        "quickstart_verdicts",
        &["run", "scenarios/quickstart.toml", "--out", &out],
        |l| !l.starts_with("outputs:"),
    );
}
