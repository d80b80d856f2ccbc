//! Every scenario shipped in scenarios/ validates, and runs (with 4 replications) to the
//! verdict its comments promise: exit 0 when every SLA target is met, 1 when one is violated
//! on purpose. The directory is read at test time, so a new scenario is covered as soon as it
//! is added — and the test fails until its expected verdict is written in `EXPECTED`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scenario's expected outcome.
struct Expected {
    /// File name in scenarios/.
    file: &'static str,
    /// Exit code of `vpcsim run`: 0 all targets met, 1 some violated.
    exit: i32,
    /// Flows expected to fail in summary.json (all others pass); `None`: not checked.
    failing_flows: Option<&'static [&'static str]>,
}

const fn pass(file: &'static str) -> Expected {
    Expected {
        file,
        exit: 0,
        failing_flows: Some(&[]),
    }
}

const fn fail(file: &'static str, flows: &'static [&'static str]) -> Expected {
    Expected {
        file,
        exit: 1,
        failing_flows: Some(flows),
    }
}

const EXPECTED: &[Expected] = &[
    pass("quickstart.toml"),
    pass("cross_region_express_connect.toml"),
    pass("hybrid_cloud_idc.toml"),
    pass("peering_mesh.toml"),
    // The internet flow violates loss and availability; the identical Express Connect flow
    // passes.
    fail("express_connect_vs_internet.toml", &["over-internet"]),
    // Six tenths of a second over Large.1 before the upgrade: loss and jitter fail.
    fail("traffic_surge_spec_upgrade.toml", &["order-sync"]),
    // A 200 ms corridor cut and a 50 ms line failover with a catch-up burst.
    fail(
        "backbone_fault_failover.toml",
        &["db-replication", "erp-feed"],
    ),
    Expected {
        file: "capacity_sweep.toml",
        exit: 0,
        failing_flows: None,
    },
    // A scripted fault on the preferred line: both flows lose the failover interval and run
    // on the longer backup for a while (loss and jitter); each connection hangs on one line.
    fail("dual_homed_idc.toml", &["erp-to-app", "app-to-erp"]),
    // Rerouting in a mesh keeps every flow available; `n1` is where single failures show.
    pass("meshed_backbone_n1.toml"),
    // A sweep of the matrix's scale: at least one scale meets every target.
    Expected {
        file: "traffic_matrix.toml",
        exit: 0,
        failing_flows: None,
    },
];

/// Table entries that may have no file yet (a scenario written elsewhere).
const OPTIONAL: &[&str] = &["capacity_sweep.toml"];

fn vpcsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .expect("vpcsim runs")
}

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

fn report(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn every_scenario_has_an_expected_verdict_and_every_entry_a_file() {
    let names: Vec<String> = scenario_files().iter().map(|p| name_of(p)).collect();
    assert!(
        names.iter().any(|n| n == "quickstart.toml"),
        "scenarios/ should hold quickstart.toml; found {names:?}"
    );
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| !EXPECTED.iter().any(|e| e.file == n.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "scenario(s) {missing:?} have no expected verdict: add an entry to EXPECTED in \
         tests/scenario_library_runs_with_expected_verdicts.rs (exit 0 if it meets every SLA \
         target, 1 if it violates one on purpose)"
    );
    let stale: Vec<&str> = EXPECTED
        .iter()
        .map(|e| e.file)
        .filter(|f| !OPTIONAL.contains(f) && !names.iter().any(|n| n == f))
        .collect();
    assert!(
        stale.is_empty(),
        "EXPECTED lists {stale:?}, which are not in scenarios/: remove the entries"
    );
}

#[test]
fn every_scenario_validates_and_runs_to_its_expected_verdict() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let mut problems = Vec::new();
    for path in scenario_files() {
        let name = name_of(&path);
        let Some(expected) = EXPECTED.iter().find(|e| e.file == name) else {
            // Reported by every_scenario_has_an_expected_verdict_and_every_entry_a_file.
            continue;
        };
        let file = path.to_str().expect("a UTF-8 path");

        let v = vpcsim(&["validate", file]);
        if v.status.code() != Some(0) {
            problems.push(format!("{name}: validate should exit 0\n{}", report(&v)));
            continue;
        }

        let out = tmp.path().join(name.trim_end_matches(".toml"));
        let r = vpcsim(&[
            "run",
            file,
            "--replications",
            "4",
            "--out",
            out.to_str().expect("a UTF-8 path"),
        ]);
        if r.status.code() != Some(expected.exit) {
            problems.push(format!(
                "{name}: run should exit {} ({})\n{}",
                expected.exit,
                if expected.exit == 0 { "pass" } else { "fail" },
                report(&r)
            ));
            continue;
        }

        let Some(failing) = expected.failing_flows else {
            continue;
        };
        let summary: serde_json::Value = match std::fs::read(out.join("summary.json")) {
            Ok(bytes) => serde_json::from_slice(&bytes).expect("summary.json is JSON"),
            Err(e) => {
                problems.push(format!("{name}: no summary.json in {}: {e}", out.display()));
                continue;
            }
        };
        let want_verdict = if expected.exit == 0 { "pass" } else { "fail" };
        if summary["verdict"] != want_verdict {
            problems.push(format!(
                "{name}: summary.json verdict is {}, expected \"{want_verdict}\"",
                summary["verdict"]
            ));
        }
        for flow in summary["flows"].as_array().into_iter().flatten() {
            let flow_name = flow["name"].as_str().unwrap_or_default();
            let want = if failing.contains(&flow_name) {
                "fail"
            } else {
                "pass"
            };
            if flow["verdict"] != want {
                problems.push(format!(
                    "{name}: flow {flow_name} verdict is {}, expected \"{want}\"",
                    flow["verdict"]
                ));
            }
        }
        for f in failing {
            let listed = summary["flows"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x["name"] == *f));
            if !listed {
                problems.push(format!("{name}: summary.json has no flow {f}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The row of `vpcsim reach` output for the pair `from` -> `to`.
fn reach_row<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    text.lines()
        .find(|l| {
            let mut cols = l.split_whitespace();
            cols.next() == Some(from) && cols.next() == Some(to)
        })
        .unwrap_or_else(|| panic!("no reach row {from} -> {to} in\n{text}"))
}

#[test]
fn peering_mesh_shows_that_peering_is_not_transitive() {
    let file = scenarios_dir().join("peering_mesh.toml");
    let o = vpcsim(&["reach", file.to_str().expect("a UTF-8 path")]);
    assert_eq!(o.status.code(), Some(0), "{}", report(&o));
    let text = String::from_utf8_lossy(&o.stdout);

    // A (gz-core) reaches B (gz-data), B reaches C (partner-bi)...
    let ab = reach_row(&text, "core-app", "data-ecs");
    assert!(ab.contains("via core-data"), "A -> B: {ab}");
    let bc = reach_row(&text, "data-ecs", "bi-ecs");
    assert!(bc.contains("via data-bi"), "B -> C: {bc}");
    let ba = reach_row(&text, "data-ecs", "core-app");
    assert!(ba.contains("via core-data"), "B -> A: {ba}");

    // ...but A does not reach C through B, even with a static route that tries.
    for from in ["core-app", "core-db"] {
        let ac = reach_row(&text, from, "bi-ecs");
        assert!(
            ac.contains("blocked") && ac.contains("not transitive"),
            "A -> C should be blocked as non-transitive: {ac}"
        );
    }
    let ca = reach_row(&text, "bi-ecs", "core-app");
    assert!(ca.contains("blocked"), "C -> A: {ca}");

    // The pending application holds a slot but carries nothing; the expired one neither.
    let sg = reach_row(&text, "core-app", "psg-ecs");
    assert!(sg.contains("blocked") && sg.contains("pending"), "{sg}");
    let ml = reach_row(&text, "core-app", "pml-ecs");
    assert!(ml.contains("blocked") && ml.contains("expired"), "{ml}");
}

#[test]
fn meshed_backbone_n1_names_the_cut_whose_detour_overloads() {
    let file = scenarios_dir().join("meshed_backbone_n1.toml");
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let out = tmp.path().join("n1");
    let o = vpcsim(&[
        "n1",
        file.to_str().expect("a UTF-8 path"),
        "--out",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", report(&o));
    let mut r = csv::Reader::from_path(out.join("n1.csv")).expect("n1.csv");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("a row")).collect();
    let verdict = |case: &str, flow: &str| -> (String, String) {
        let row = rows
            .iter()
            .find(|x| &x[0] == case && &x[1] == flow)
            .unwrap_or_else(|| panic!("no n1.csv row {case} × {flow}"));
        (row[2].to_string(), row[8].to_string())
    };
    // The Hangzhou-Beijing cut sends the replication onto the 2 Gbps Shanghai-Beijing link.
    for flow in ["db-replication", "app-sync"] {
        assert_eq!(
            verdict("link:cn-hangzhou/cn-beijing", flow),
            ("fail".to_string(), "queue".to_string()),
            "{flow}"
        );
    }
    // The other cuts have a detour with room, or touch no flow.
    for case in [
        "none",
        "link:cn-shanghai/cn-beijing",
        "link:cn-hangzhou/cn-shanghai",
    ] {
        for flow in ["db-replication", "app-sync"] {
            assert_eq!(verdict(case, flow).0, "pass", "{case} × {flow}");
        }
    }
}

#[test]
fn dual_homed_idc_loses_only_while_failing_over() {
    let file = scenarios_dir().join("dual_homed_idc.toml");
    let file = file.to_str().expect("a UTF-8 path");

    let o = vpcsim(&["reach", file]);
    assert_eq!(o.status.code(), Some(0), "{}", report(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    let row = reach_row(&text, "erp", "app");
    assert!(
        row.contains("via sh-cloud") && row.contains("backups: hz-cloud"),
        "the preferred chain first, the backup after: {row}"
    );

    let tmp = tempfile::tempdir().expect("a temporary directory");
    let out = tmp.path().join("run");
    let r = vpcsim(&[
        "run",
        file,
        "--replications",
        "2",
        "--out",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(r.status.code(), Some(1), "{}", report(&r));
    let mut rd = csv::Reader::from_path(out.join("flows.csv")).expect("flows.csv");
    let header = rd.headers().expect("a header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    for rec in rd.records() {
        let rec = rec.expect("a row");
        let n = |c: &str| rec[col(c)].parse::<u64>().expect(c);
        let offered = n("offered");
        let down = n("lost_down");
        // 50 ms of failover in a 1.8 s window; nothing else but rare random loss.
        let share = down as f64 / offered as f64;
        assert!(
            (0.02..0.04).contains(&share),
            "{}: lost_down {down} of {offered}",
            &rec[col("flow")]
        );
        assert_eq!(n("lost_queue") + n("lost_cap") + n("lost_blocked"), 0);
    }
}
