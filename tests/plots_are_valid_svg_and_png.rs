//! Every run draws its five plots as SVG and PNG; `vpcsim plot DIR` redraws byte-identical
//! files from the folder's CSVs (so does `merge` from shards); a folder that is not a sealed,
//! untouched result exits 2 and is left as it was.

#[path = "support/plot_files.rs"]
mod plot_files;

use plot_files::{PLOTS, assert_valid_plot, read};
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

#[test]
fn run_draws_every_plot_as_svg_and_png() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_quickstart(&out, &[]);
    assert_valid_plots(&out, 5000);
    let cdf = String::from_utf8(read(&out, "delay_cdf.svg")).unwrap();
    assert!(cdf.contains("one-way delay (ms)") && cdf.contains("db-replication"));
    let jitter = String::from_utf8(read(&out, "jitter_hist.svg")).unwrap();
    assert!(
        jitter.contains("SLA: jitter ≤ 20%"),
        "the threshold is labelled"
    );
    let availability = String::from_utf8(read(&out, "availability.svg")).unwrap();
    assert!(availability.contains("99.95%"), "the target is marked");
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
    let targets = vpcsim::report::summary::Targets::from(&vpcsim::scenario::SlaSection::default());
    vpcsim::report::plots::draw_all(tmp.path(), &vpcsim::report::Tables::default(), &targets)
        .unwrap();
    assert_valid_plots(tmp.path(), 500);
    for name in PLOTS {
        let svg = String::from_utf8(read(tmp.path(), &format!("{name}.svg"))).unwrap();
        assert!(svg.contains("no data"), "{name}.svg says no data");
    }
}
