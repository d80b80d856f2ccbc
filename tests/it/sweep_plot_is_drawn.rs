//! A sweep draws its `sweep` plot (every SLA metric against the swept value, and the cost per
//! day of a priced sweep) as SVG and PNG beside sweep.csv, and each value's folder gets the
//! five plots of a run; `vpcsim plot` on the sweep's folder redraws the same files from the
//! CSVs and summary.json.

use crate::support::plot_files;

use plot_files::{PLOTS, assert_valid_plot, read};
use std::path::Path;
use std::process::{Command, Output};

/// The folders of capacity_sweep.toml's values, sweep/<k>_<value>/.
const VALUES: [&str; 5] = [
    "0_Middle.2",
    "1_Middle.5",
    "2_Large.1",
    "3_Large.2",
    "4_Large.5",
];

fn vpcsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .expect("run vpcsim")
}

fn succeeded(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn run_sweep(out: &Path) {
    let o = vpcsim(&[
        "run",
        "scenarios/capacity_sweep.toml",
        "--replications",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    // At least one spec meets every target: exit 0, and no plot warning.
    succeeded(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn a_sweep_draws_its_plot_and_each_value_its_run_plots() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_sweep(&out);
    let svg = assert_valid_plot(&out, "sweep");
    assert!(svg.len() > 20_000, "a chart, not a no-data page");
    for label in [
        "Packet loss per flow",
        "Availability per connection",
        "SLA: loss < 0.2%",
        "SLA: availability ≥ 99.95%",
        "Large.1",
        "smallest value meeting every target: Large.1",
        "replication (flow)",
        "hz-bj (connection)",
        "Cost per day",
        "36.00",
    ] {
        let escaped = label.replace('<', "&lt;");
        assert!(
            svg.contains(label) || svg.contains(&escaped),
            "sweep.svg has {label:?}"
        );
    }
    // A log axis has no 0: nothing is labelled as if it were one.
    assert!(!svg.contains("zero is drawn on the line labelled 0"));
    let folders = std::fs::read_dir(out.join("sweep")).unwrap().count();
    assert_eq!(folders, VALUES.len(), "one folder per swept value");
    for value in VALUES {
        let dir = out.join("sweep").join(value);
        for name in PLOTS {
            assert_valid_plot(&dir, name);
        }
    }
    assert!(
        !out.join("delay_cdf.svg").exists(),
        "a sweep's top folder has no flows.csv, so no run plots"
    );
}

#[test]
fn plot_redraws_the_sweep_plot_identically() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_sweep(&out);
    let sweep_svg = read(&out, "sweep.svg");
    let sweep_png = read(&out, "sweep.png");
    let value_svg = read(&out.join("sweep").join(VALUES[0]), "loss_by_cause.svg");
    succeeded(&vpcsim(&["plot", out.to_str().unwrap()]));
    assert!(read(&out, "sweep.svg") == sweep_svg, "sweep.svg differs");
    assert!(read(&out, "sweep.png") == sweep_png, "sweep.png differs");
    let again = read(&out.join("sweep").join(VALUES[0]), "loss_by_cause.svg");
    assert!(again == value_svg, "a value's loss_by_cause.svg differs");
    for value in VALUES {
        for name in PLOTS {
            assert_valid_plot(&out.join("sweep").join(value), name);
        }
    }
    assert!(
        !out.join("delay_cdf.svg").exists(),
        "no run plots where there is no flows.csv"
    );
    // An edited sweep.csv is refused.
    std::fs::write(out.join("sweep.csv"), b"value\n").unwrap();
    let o = vpcsim(&["plot", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("sweep.csv"));
}

#[test]
fn a_sweep_without_rows_draws_a_no_data_plot() {
    let tmp = tempfile::tempdir().unwrap();
    let meta = vpcsim::report::plots::SweepMeta {
        parameter: "flow.f.rate".into(),
        replications: 3,
        targets: vpcsim::report::summary::Targets::from(&vpcsim::scenario::SlaSection::default()),
        smallest: None,
        largest: None,
        costs: Vec::new(),
        currency: None,
    };
    vpcsim::report::plots::draw_sweep(tmp.path(), &[], &meta).unwrap();
    let svg = assert_valid_plot(tmp.path(), "sweep");
    assert!(svg.contains("no data"), "sweep.svg says no data");
}

#[test]
fn a_load_sweep_marks_the_largest_load_carried() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/capacity_sweep.toml").unwrap();
    let text = text.replace(
        "parameter = \"connection.hz-bj.spec\"\nvalues = [\"Middle.2\", \"Middle.5\", \"Large.1\", \"Large.2\", \"Large.5\"]",
        "parameter = \"flow.replication.rate\"\nvalues = [\"300Mbps\", \"700Mbps\", \"1200Mbps\"]",
    );
    assert!(text.contains("flow.replication.rate"));
    let file = tmp.path().join("load.toml");
    std::fs::write(&file, text).unwrap();
    let out = tmp.path().join("out");
    let o = vpcsim(&[
        "run",
        file.to_str().unwrap(),
        "--replications",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    succeeded(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    // The 1 Gbps spec carries 700 Mbps, not 1200 Mbps.
    assert!(
        stdout.contains("largest flow.replication.rate meeting every target: 700Mbps"),
        "{stdout}"
    );
    let svg = assert_valid_plot(&out, "sweep");
    assert!(
        svg.contains("largest load meeting every target: 700Mbps"),
        "the plot marks the answer"
    );
    assert!(
        svg.contains("cost per day (USD)"),
        "the cost axis names its currency"
    );
}
