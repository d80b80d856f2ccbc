//! `vpcsim specs`, `vpcsim regions` and `vpcsim explain` through the binary: every catalogue
//! entry is printed, and a key's reference entry is found (or refused with a suggestion).

use std::process::{Command, Output};
use vpcsim::model::catalogue::{SPECS, regions};
use vpcsim::scenario::Word;

fn vpcsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .expect("vpcsim runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn specs_lists_every_spec_of_the_catalogue_with_its_bandwidth() {
    let o = vpcsim(&["specs"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for (name, bandwidth) in SPECS {
        let row = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(*name))
            .unwrap_or_else(|| panic!("no row for {name}:\n{text}"));
        assert!(row.contains(&bandwidth.to_string()), "{row}");
        // The price column is the built-in table's figure, or "-" where none is published.
        let price = row.split_whitespace().nth(2);
        let table = &vpcsim::plan::cost::prices::prices()
            .express_connect
            .spec_per_day;
        match table.get(*name) {
            Some(p) => assert_eq!(price, Some(format!("{p:.2}").as_str()), "{row}"),
            None => assert_eq!(price, Some("-"), "{row}"),
        }
    }
    assert!(text.contains("[cost] spec_per_day"), "{text}");
}

#[test]
fn regions_lists_all_55_regions_and_filters_by_provider() {
    let o = vpcsim(&["regions"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 55, "{text}");
    assert_eq!(regions().len(), 55);
    for r in regions() {
        let row = rows
            .iter()
            .find(|l| l.split_whitespace().next() == Some(r.region.as_str()))
            .unwrap_or_else(|| panic!("no row for {}", r.region));
        assert!(
            row.contains(r.provider.as_str()) && row.contains(&r.city),
            "{row}"
        );
        assert!(row.contains(&format!("{:.2}", r.lat)), "{row}");
    }
    let tencent = stdout(&vpcsim(&["regions", "--provider", "tencent"]));
    let n = regions()
        .iter()
        .filter(|r| r.provider == vpcsim::scenario::Provider::Tencent)
        .count();
    assert_eq!(tencent.lines().count(), n + 1, "{tencent}");
    assert!(tencent.lines().skip(1).all(|l| l.contains("tencent")));
    assert_eq!(
        vpcsim(&["regions", "--provider", "aws"]).status.code(),
        Some(2)
    );
}

#[test]
fn explain_prints_a_keys_entry_in_every_spelling() {
    for key in ["flow.rate", "[[flow]].rate"] {
        let o = vpcsim(&["explain", key]);
        assert_eq!(o.status.code(), Some(0), "{key}");
        let text = stdout(&o);
        assert!(text.starts_with("[[flow]] rate"), "{text}");
        assert!(
            text.contains("bandwidth") && text.contains("rate = \"800Mbps\""),
            "{text}"
        );
    }
    let cost = stdout(&vpcsim(&["explain", "cost.internet_per_gb"]));
    assert!(cost.contains("sending region's price"), "{cost}");
    let matrix = stdout(&vpcsim(&["explain", "traffic_matrix.scale"]));
    assert!(matrix.contains("traffic_matrix.NAME.scale"), "{matrix}");
    let nested = stdout(&vpcsim(&["explain", "event.spec.to"]));
    assert!(nested.starts_with("[[event]] spec.to"), "{nested}");
    let section = stdout(&vpcsim(&["explain", "flow"]));
    assert!(
        section.contains("`packet_size`") && section.contains("`stop`"),
        "{section}"
    );
    let everywhere = stdout(&vpcsim(&["explain", "mtbf"]));
    for s in [
        "[backbone] mtbf",
        "[[link]] mtbf",
        "[[physical_connection]] mtbf",
        "[[connection]] mtbf",
    ] {
        assert!(everywhere.contains(s), "{s} missing:\n{everywhere}");
    }
}

#[test]
fn explain_list_prints_every_key() {
    let o = vpcsim(&["explain", "--list"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for k in [
        "simulation.sample_interval",
        "flow.rate",
        "connection.priority",
        "sweep.values",
    ] {
        assert!(text.lines().any(|l| l == k), "{k} missing");
    }
}

#[test]
fn an_unknown_key_exits_2_with_a_suggestion() {
    let o = vpcsim(&["explain", "flow.rat"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown key"), "{err}");
    assert!(err.contains("did you mean `flow.rate`"), "{err}");
    assert!(err.contains("vpcsim explain --list"), "{err}");
    assert_eq!(
        vpcsim(&["explain", "nothing.like.this"]).status.code(),
        Some(2)
    );
    assert_eq!(vpcsim(&["explain"]).status.code(), Some(2));
}
