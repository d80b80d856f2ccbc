//! N-1 analysis against hand-computed answers.
//!
//! Three regions in a triangle of explicit single-member links: r1–r3 direct (10 Gbps), and a
//! detour r1–r2 (1 Gbps) – r2–r3 (10 Gbps). VPC `a` (r1) sends `bulk`, 1.5 Gbps of CBR in
//! 1000 B packets, to VPC `c` (r3) over Express Connect (Large.5, far above the load). An IDC
//! near r3 sends `erp` (200 Mbps) to `c` over two 1 Gbps leased lines into one VBR.
//!
//! - `link:r1/r3`: the flow detours through the 1 Gbps link, where it is 1.5 Gbps × 1050/1000
//!   (the 50 B tunnel header) = 1.575 Gbps; once the 1 MB queue is full (14 ms, inside the
//!   20 ms warm-up) the link sends 1 Gbps and drops the rest: loss 1 − 1/1.575 = 36.51%, every
//!   lost packet a `queue` loss on that link. The case fails.
//! - `physical_connection:line-1`: the other line of the VBR carries `erp` from the start (the
//!   case is a converged network, not a failure in progress): nothing is lost, in the default
//!   active/standby mode and in active-active. The case passes.
//! - Every other single failure is either redundant (a detour or a second line) or cuts a
//!   flow's only way (a VBR, a connection): "no path".

use std::path::Path;
use std::process::{Command, Output};
use vpcsim::metrics::DropCause;
use vpcsim::topology::ChannelKind;

/// The triangle; with `mode`, both lines get `mode = "..."`.
fn scenario(mode: &str) -> String {
    let text = include_str!("../fixtures/n1/triangle.toml");
    if mode.is_empty() {
        text.to_string()
    } else {
        text.replace("vbr = \"vbr-r3\"", &format!("vbr = \"vbr-r3\"\n{mode}"))
    }
}

/// Loss of `bulk` on the 1 Gbps detour: 1 − 1 / (1.5 × 1050 / 1000).
const DETOUR_LOSS: f64 = 1.0 - 1.0 / 1.575;

/// (case, flow) → (verdict, loss, reachable, reason) from n1.csv.
type Rows = Vec<(String, String, String, f64, bool, String)>;

fn n1(text: &str) -> (Output, Rows, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("triangle.toml");
    std::fs::write(&file, text).unwrap();
    let out = tmp.path().join("out");
    let started = std::time::Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(["n1", file.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .expect("run vpcsim");
    eprintln!("vpcsim n1: {:.2} s", started.elapsed().as_secs_f64());
    let rows = read_rows(&out.join("n1.csv"));
    (o, rows, tmp)
}

fn read_rows(path: &Path) -> Rows {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[0].to_string(),
                rec[1].to_string(),
                rec[2].to_string(),
                rec[3].parse().unwrap_or(f64::NAN),
                &rec[6] == "true",
                rec[7].to_string(),
            )
        })
        .collect()
}

fn row<'a>(
    rows: &'a Rows,
    case: &str,
    flow: &str,
) -> &'a (String, String, String, f64, bool, String) {
    rows.iter()
        .find(|r| r.0 == case && r.1 == flow)
        .unwrap_or_else(|| panic!("no n1.csv row {case} × {flow} in {rows:#?}"))
}

const CASES: [&str; 9] = [
    "none",
    "link:r1/r2",
    "link:r1/r3",
    "link:r2/r3",
    "physical_connection:line-1",
    "physical_connection:line-2",
    "vbr:vbr-r3",
    "connection:ac",
    "connection:plant-c",
];

#[test]
fn the_overloaded_detour_fails_and_the_redundant_line_passes() {
    let (o, rows, _tmp) = n1(&scenario(""));
    assert_eq!(
        o.status.code(),
        Some(1),
        "some case fails: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    // One row per case × flow, in case order.
    let cases: Vec<&str> = rows.iter().step_by(2).map(|r| r.0.as_str()).collect();
    assert_eq!(cases, CASES, "{stdout}");
    assert_eq!(rows.len(), CASES.len() * 2);

    let (_, _, verdict, loss, reachable, reason) = row(&rows, "link:r1/r3", "bulk");
    assert_eq!(verdict, "fail");
    assert!(*reachable, "the detour exists");
    assert!(
        (loss - DETOUR_LOSS).abs() < 0.001,
        "loss {loss}, expected {DETOUR_LOSS}"
    );
    assert!(reason.contains("queue"), "{reason}");
    assert!(
        stdout.contains("link:r1/r3") && stdout.contains("bulk"),
        "{stdout}"
    );

    for line in ["physical_connection:line-1", "physical_connection:line-2"] {
        let (_, _, verdict, loss, _, reason) = row(&rows, line, "erp");
        assert_eq!((verdict.as_str(), *loss), ("pass", 0.0), "{line}: {reason}");
    }
    for (case, flow) in [
        ("link:r1/r2", "bulk"),
        ("link:r2/r3", "bulk"),
        ("none", "bulk"),
    ] {
        let (_, _, verdict, loss, _, _) = row(&rows, case, flow);
        assert_eq!((verdict.as_str(), *loss), ("pass", 0.0), "{case} × {flow}");
    }
    for (case, flow) in [
        ("vbr:vbr-r3", "erp"),
        ("connection:plant-c", "erp"),
        ("connection:ac", "bulk"),
    ] {
        let (_, _, verdict, loss, reachable, reason) = row(&rows, case, flow);
        assert_eq!(verdict, "fail", "{case} × {flow}");
        assert!(
            !reachable && *loss == 1.0 && reason == "no path",
            "{case}: {reason}"
        );
    }
}

#[test]
fn a_failed_active_active_line_is_left_out_from_the_start() {
    let (o, rows, _tmp) = n1(&scenario("mode = \"active-active\""));
    assert_eq!(o.status.code(), Some(1));
    for line in ["physical_connection:line-1", "physical_connection:line-2"] {
        let (_, _, verdict, loss, _, reason) = row(&rows, line, "erp");
        assert_eq!((verdict.as_str(), *loss), ("pass", 0.0), "{line}: {reason}");
    }
}

#[test]
fn the_detour_loss_is_queue_overflow_on_the_thin_link() {
    let s = vpcsim::scenario::load_str("triangle.toml", "triangle", &scenario(""))
        .unwrap_or_else(|d| panic!("{}", d.render()))
        .0;
    let case = vpcsim::plan::n1::edit(&s, "link:r1/r3");
    let (net, _) = vpcsim::model::build(&case).unwrap_or_else(|d| panic!("{}", d.render()));
    let plan = vpcsim::topology::compile(&net);
    let m = vpcsim::net::simulate(&net, &plan, 3, 0);
    let bulk = &m.flows[0];
    assert_eq!(
        bulk.lost_total(),
        bulk.lost(DropCause::Queue),
        "{:?}",
        bulk.lost_by_cause()
    );
    let measured = bulk.lost_total() as f64 / bulk.offered_packets() as f64;
    assert!((measured - DETOUR_LOSS).abs() < 0.001, "{measured}");
    let busy = |name: &str| {
        let (i, _) = plan
            .channels
            .iter()
            .enumerate()
            .find(|(_, c)| c.name == name && matches!(c.kind, ChannelKind::Backbone(_)))
            .unwrap_or_else(|| panic!("no channel {name}"));
        m.channels[i].utilization(m.window)
    };
    // The thin link sends all the time; the failed direct link sends nothing.
    assert!(
        busy("backbone r1 → r2") > 0.999,
        "{}",
        busy("backbone r1 → r2")
    );
    assert_eq!(busy("backbone r1 → r3"), 0.0);
}
