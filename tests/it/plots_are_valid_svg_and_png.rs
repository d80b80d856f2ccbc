//! Every run draws its five plots as SVG and PNG (the PNG at twice the SVG's size, for
//! print); `vpcsim plot DIR` redraws byte-identical files from the folder's CSVs (so does
//! `merge` from shards); a folder that is not a sealed, untouched result exits 2 and is left
//! as it was. The delay CDF is the distribution of delay_hist.csv, its p99 that
//! distribution's; utilization is on one linear scale with its 100% line.

use crate::support::plot_files;

use plot_files::{PLOTS, assert_valid_plot, read, svg_texts};
use std::path::Path;
use std::process::{Command, Output};

fn vpcsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .expect("run vpcsim")
}

fn ok(o: &Output) {
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn run_quickstart(out: &Path, extra: &[&str]) {
    let mut args = vec![
        "run",
        "scenarios/quickstart.toml",
        "--replications",
        "3",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    ok(&vpcsim(&args));
}

/// `min_svg`: bytes an SVG has at least (a chart has thousands, a "no data" page hundreds).
fn assert_valid_plots(dir: &Path, min_svg: usize) {
    for name in PLOTS {
        let svg = assert_valid_plot(dir, name);
        assert!(svg.len() > min_svg, "{name}.svg has {} bytes", svg.len());
    }
}

fn svg(dir: &Path, name: &str) -> String {
    String::from_utf8(read(dir, &format!("{name}.svg"))).unwrap()
}

/// Rows of a CSV file as maps from column to cell.
fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(str::to_string))
                .collect()
        })
        .collect()
}

/// The delay (ms) below which a share `q` of a flow's packets fall, read from delay_hist.csv
/// as documented: each row counts the packets in (previous row's delay_ms, its delay_ms],
/// the first from the flow's smallest delay (flows.csv's delay_min_ms), delays spread evenly
/// within a row.
fn histogram_quantile(dir: &Path, flow: &str, q: f64) -> f64 {
    let min = csv_rows(&dir.join("flows.csv"))
        .iter()
        .filter(|r| r["flow"] == flow)
        .filter_map(|r| r["delay_min_ms"].parse::<f64>().ok())
        .fold(f64::INFINITY, f64::min);
    let rows: Vec<(f64, f64)> = csv_rows(&dir.join("delay_hist.csv"))
        .iter()
        .filter(|r| r["flow"] == flow)
        .map(|r| (r["delay_ms"].parse().unwrap(), r["count"].parse().unwrap()))
        .collect();
    assert!(!rows.is_empty(), "delay_hist.csv has rows for {flow}");
    let total: f64 = rows.iter().map(|r| r.1).sum();
    let (mut lo, mut seen) = (min.min(rows[0].0), 0.0);
    for (edge, count) in rows {
        if count > 0.0 && seen + count >= q * total {
            return lo + (edge - lo) * (q * total - seen) / count;
        }
        seen += count;
        lo = edge;
    }
    lo
}

/// The number after `key ` and before " ms" in the legend entry of `flow`.
fn legend_ms(texts: &[String], flow: &str, key: &str) -> f64 {
    let entry = texts
        .iter()
        .find(|t| t.starts_with(&format!("{flow}: ")))
        .unwrap_or_else(|| panic!("a legend entry for {flow} in {texts:?}"));
    let at = entry.find(&format!("{key} ")).unwrap() + key.len() + 1;
    let end = entry[at..].find(" ms").unwrap() + at;
    entry[at..end].parse().unwrap()
}

#[test]
fn run_draws_every_plot_as_svg_and_png() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_quickstart(&out, &[]);
    assert_valid_plots(&out, 5000);
    let cdf = svg(&out, "delay_cdf");
    assert!(cdf.contains("one-way delay (ms)") && cdf.contains("db-replication"));
    assert!(
        !cdf.contains("approximate"),
        "drawn from the real distribution"
    );
    assert!(cdf.contains("delay_hist.csv"), "says what it is drawn from");
    let jitter = svg(&out, "jitter_hist");
    assert!(
        jitter.contains("SLA: jitter ≤ 20% (pdv)"),
        "the threshold is labelled in words"
    );
    assert!(!jitter.contains("max_jitter"), "no internal keys");
    let availability = svg(&out, "availability");
    assert!(availability.contains("99.95%"), "the target is marked");
    assert!(
        availability.contains("allows 21.6 min per 30 days"),
        "as downtime per month"
    );
    assert!(availability.contains("downtime (minutes per 30 days"));
    assert!(
        !availability.contains("min_availability"),
        "no internal keys"
    );
}

#[test]
fn the_delay_cdf_marks_the_p50_and_p99_of_delay_hist_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_quickstart(&out, &[]);
    let texts = svg_texts(&svg(&out, "delay_cdf"));
    for flow in ["db-replication", "erp-sync"] {
        for (key, q) in [("p50", 0.5), ("p99", 0.99)] {
            let want = histogram_quantile(&out, flow, q);
            let drawn = legend_ms(&texts, flow, key);
            // Four significant digits.
            let tolerance = 0.5 * 10f64.powf(want.log10().floor() - 3.0) + 1e-9;
            assert!(
                (drawn - want).abs() <= tolerance,
                "{flow} {key}: drawn {drawn} ms, delay_hist.csv has {want} ms"
            );
        }
    }
}

#[test]
fn the_delay_cdf_follows_delay_hist_csv_not_the_per_replication_quantiles() {
    use vpcsim::report::tables::DelayBucket;
    use vpcsim::sla::record::FlowRecord;
    let tmp = tempfile::tempdir().unwrap();
    let targets = vpcsim::sla::targets::DesignTargets {
        required_compliance: 0.95,
        jitter: "pdv".into(),
        flows: Vec::new(),
        connections: Vec::new(),
    };
    // flows.csv's quantiles say 100 ms; the histogram says 90 packets at 1–2 ms, 9 at 2–3 ms
    // and one at 3–10 ms.
    let flows: Vec<FlowRecord> = (0..2)
        .map(|replication| FlowRecord {
            replication,
            flow: "f".into(),
            offered: 50,
            delivered: 50,
            delay_min_ms: Some(1.0),
            delay_p50_ms: Some(100.0),
            delay_p99_ms: Some(100.0),
            delay_max_ms: Some(100.0),
            jitter: Some(0.05),
            ..Default::default()
        })
        .collect();
    let delays = [(2.0, 90), (3.0, 9), (10.0, 1)].map(|(delay_ms, count)| DelayBucket {
        flow: "f".into(),
        delay_ms,
        count,
    });
    let tables = vpcsim::report::Tables {
        flows,
        ..Default::default()
    };
    vpcsim::report::plots::draw_all(tmp.path(), &tables, &delays, &targets).unwrap();
    let texts = svg_texts(&svg(tmp.path(), "delay_cdf"));
    // p50: half of the 90 packets of (1, 2] ms; p99: the end of (2, 3] ms.
    assert_eq!(legend_ms(&texts, "f", "p50"), 1.556, "{texts:?}");
    assert_eq!(legend_ms(&texts, "f", "p99"), 3.0, "{texts:?}");
    assert_eq!(legend_ms(&texts, "f", "max"), 10.0, "{texts:?}");
    assert!(
        texts.iter().any(|t| t == "100%"),
        "the tail axis: 1 − CDF, from 100%"
    );
    assert!(
        texts.iter().any(|t| t == "1%"),
        "down to the last percent and below"
    );
}

#[test]
fn utilization_has_one_linear_scale_with_a_100_percent_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_quickstart(&out, &[]);
    let texts = svg_texts(&svg(&out, "utilization"));
    assert!(
        texts.iter().any(|t| t == "100% of capacity"),
        "the 100% line is labelled: {texts:?}"
    );
    assert!(texts.iter().any(|t| t == "0%") && texts.iter().any(|t| t == "100%"));
    assert!(
        !texts.iter().any(|t| t.contains("log scale")),
        "never a log scale"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("highest sample of any replication")),
        "the peak is of a single replication, and says so"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("connection hz-sh (bandwidth cap), ")),
        "queues are named in words: {texts:?}"
    );
}

#[test]
fn a_spec_change_is_marked_on_the_utilization_plot() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = vpcsim(&[
        "run",
        "scenarios/traffic_surge_spec_upgrade.toml",
        "--replications",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    // Does some queue's capacity change in timeseries.csv?
    let mut first: std::collections::HashMap<String, String> = Default::default();
    let mut changed = false;
    for r in csv_rows(&out.join("timeseries.csv")) {
        let cap = first
            .entry(r["link"].clone())
            .or_insert_with(|| r["capacity_mbps"].clone());
        changed |= *cap != r["capacity_mbps"];
    }
    assert!(changed, "the scenario upgrades a spec");
    let texts = svg_texts(&svg(&out, "utilization"));
    assert!(
        texts.iter().any(|t| t.starts_with("spec change ")),
        "the change is marked: {texts:?}"
    );
    assert_valid_plots(&out, 5000);
}

#[test]
fn plot_redraws_identical_files_from_the_csvs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_quickstart(&out, &[]);
    let before: Vec<Vec<u8>> = PLOTS
        .iter()
        .flat_map(|n| ["svg", "png"].map(|e| read(&out, &format!("{n}.{e}"))))
        .collect();
    let manifest = read(&out, "manifest.json");
    for _ in 0..2 {
        let o = vpcsim(&["plot", out.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let after: Vec<Vec<u8>> = PLOTS
        .iter()
        .flat_map(|n| ["svg", "png"].map(|e| read(&out, &format!("{n}.{e}"))))
        .collect();
    assert!(before == after, "a plot differs after redrawing");
    assert!(
        read(&out, "manifest.json") == manifest,
        "the manifest still describes the folder"
    );
}

#[test]
fn plot_refuses_a_folder_that_was_changed_and_leaves_it_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_quickstart(&out, &[]);
    std::fs::remove_file(out.join("delay_cdf.svg")).unwrap();
    let mut flows = read(&out, "flows.csv");
    flows.extend_from_slice(b"9,1,db-replication,1,1,0,0,0,0,0,0,0,,,,,,,,,,,,\n");
    std::fs::write(out.join("flows.csv"), flows).unwrap();
    let o = vpcsim(&["plot", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("delay_cdf.svg is missing"), "{err}");
    assert!(err.contains("flows.csv has"), "{err}");
    assert!(!out.join("delay_cdf.svg").exists(), "nothing redrawn");
}

#[test]
fn merged_shards_draw_the_plots_of_an_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    run_quickstart(&whole, &[]);
    let shards: Vec<String> = (1..=2)
        .map(|k| {
            let d = tmp.path().join(format!("s{k}"));
            run_quickstart(&d, &["--shard", &format!("{k}/2")]);
            assert!(!d.join("delay_cdf.svg").exists(), "a shard draws no plots");
            d.to_str().unwrap().to_string()
        })
        .collect();
    let merged = tmp.path().join("merged");
    ok(&vpcsim(&[
        "merge",
        &shards[0],
        &shards[1],
        "--out",
        merged.to_str().unwrap(),
    ]));
    for name in PLOTS {
        let f = format!("{name}.svg");
        assert!(read(&whole, &f) == read(&merged, &f), "{f} differs");
    }
}

#[test]
fn plot_on_a_folder_that_is_not_a_result_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let o = vpcsim(&["plot", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no manifest.json"), "{err}");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn empty_tables_draw_no_data_plots() {
    let tmp = tempfile::tempdir().unwrap();
    let targets = vpcsim::sla::targets::DesignTargets {
        required_compliance: 0.95,
        jitter: "pdv".into(),
        flows: Vec::new(),
        connections: Vec::new(),
    };
    vpcsim::report::plots::draw_all(
        tmp.path(),
        &vpcsim::report::Tables::default(),
        &[],
        &targets,
    )
    .unwrap();
    assert_valid_plots(tmp.path(), 500);
    for name in PLOTS {
        let svg = String::from_utf8(read(tmp.path(), &format!("{name}.svg"))).unwrap();
        assert!(svg.contains("no data"), "{name}.svg says no data");
    }
}
