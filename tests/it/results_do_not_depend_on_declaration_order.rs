//! A run is a function of the design, not of how its file is laid out: every random stream is
//! keyed by names, so reversing every array-of-tables section (`[[region]]`, `[[link]]`,
//! `[[vpc]]`, `[[connection]]`, `[[flow]]`, ...) of a library scenario gives the same figures
//! for every flow and connection, with the same seed.

use crate::common::cli::vpcsim;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The scenario with every top-level array of tables in reverse order.
fn reversed(text: &str) -> String {
    let mut doc: toml::Table = text.parse().expect("library scenarios parse");
    for (_, v) in doc.iter_mut() {
        if let toml::Value::Array(items) = v
            && items.iter().all(toml::Value::is_table)
        {
            items.reverse();
        }
    }
    toml::to_string(&doc).expect("serialise")
}

/// Each flow's and connection's summary entry, by name.
fn by_name(dir: &Path) -> BTreeMap<String, Value> {
    let s: Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for kind in ["flows", "connections"] {
        for e in s[kind].as_array().unwrap() {
            out.insert(format!("{kind}:{}", e["name"].as_str().unwrap()), e.clone());
        }
    }
    out
}

/// The lines of a CSV, sorted (rows keyed by replication and name).
fn sorted_rows(path: &Path) -> Vec<String> {
    let mut lines: Vec<String> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

fn run(scenario: &Path, out: &Path) {
    vpcsim([
        "run".as_ref(),
        scenario.as_os_str(),
        "--replications".as_ref(),
        "3".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(
        out.join("summary.json").is_file(),
        "{} ran",
        scenario.display()
    );
}

#[test]
fn reversing_every_section_changes_no_figure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let d = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if path.extension().is_none_or(|e| e != "toml") || text.contains("[sweep]") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let flipped = d.path().join(format!("{stem}.toml"));
        std::fs::write(&flipped, reversed(&text)).unwrap();
        let (a, b) = (
            d.path().join(format!("{stem}-a")),
            d.path().join(format!("{stem}-b")),
        );
        run(&path, &a);
        run(&flipped, &b);
        assert_eq!(by_name(&a), by_name(&b), "{stem}: summary entries differ");
        for csv in ["flows.csv", "connections.csv"] {
            assert_eq!(
                sorted_rows(&a.join(csv)),
                sorted_rows(&b.join(csv)),
                "{stem}: {csv} differs"
            );
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} scenarios checked");
}
