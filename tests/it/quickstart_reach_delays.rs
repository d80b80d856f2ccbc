//! The one-way delays of the quickstart's reachability matrix, checked to the nanosecond
//! against a hand computation from geography.
//!
//! hz-prod (cn-hangzhou) and sh-dr (cn-shanghai) are joined by Express Connect over the
//! default full-mesh backbone, whose link delay is
//!     great-circle distance × route_factor (1.5) × propagation (5 µs/km), rounded to the ns,
//!     + regional_delay (300 µs).
//! The IDC's host erp reaches hz-prod through its VBR in cn-shanghai, so its path adds the
//! leased line: 40 km × 5 µs/km = 200 µs.

use std::path::Path;
use vpcsim::study::design::load_network;
use vpcsim::topology::{ReachRow, reach};

/// cn-hangzhou in src/model/regions.csv: `alibaba,cn-hangzhou,Hangzhou,30.27,120.15`.
const HANGZHOU: (f64, f64) = (30.27, 120.15);
/// cn-shanghai in src/model/regions.csv: `alibaba,cn-shanghai,Shanghai,31.23,121.47`.
const SHANGHAI: (f64, f64) = (31.23, 121.47);
/// Mean Earth radius (IUGG), the value src/model/geo.rs uses.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// [backbone] defaults (docs/scenario.md): fiber is 1.5 × the great circle, light in fiber travels
/// 1 km in 5 µs = 5000 ns, and crossing a region costs 300 µs.
const ROUTE_FACTOR: f64 = 1.5;
const PROPAGATION_NS_PER_KM: f64 = 5_000.0;
const REGIONAL_DELAY_NS: u64 = 300_000;

/// The leased line pc-sh-1: `distance = "40km"` at 5 µs/km.
const LEASED_LINE_NS: u64 = 40 * 5_000;

/// Great-circle distance by the haversine formula, degrees in, km out.
fn haversine_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

/// One-way delay of the Hangzhou–Shanghai backbone link in ns.
fn hangzhou_shanghai_ns() -> u64 {
    let km = haversine_km(HANGZHOU, SHANGHAI);
    // 165.244 km × 1.5 = 247.867 km of fiber × 5000 ns/km = 1_239_333.08 ns → 1_239_333 ns.
    let fiber_ns = (km * ROUTE_FACTOR * PROPAGATION_NS_PER_KM).round() as u64;
    fiber_ns + REGIONAL_DELAY_NS
}

fn quickstart() -> Vec<ReachRow> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/quickstart.toml");
    match load_network(&path) {
        Ok(loaded) => reach(&loaded.network),
        Err(d) => panic!("quickstart does not load:\n{}", d.render()),
    }
}

fn delay_ns(rows: &[ReachRow], from: &str, to: &str) -> u64 {
    let row = rows
        .iter()
        .find(|r| r.from == from && r.to == to)
        .unwrap_or_else(|| panic!("no row {from} -> {to}"));
    match &row.verdict {
        Ok(p) => p.delay.as_nanos(),
        Err(b) => panic!("{from} -> {to} is blocked: {b}"),
    }
}

/// "1.539 ms": milliseconds with three decimals, rounded to the microsecond.
fn as_ms_text(ns: u64) -> String {
    let us = (ns + 500) / 1_000;
    format!("{}.{:03} ms", us / 1_000, us % 1_000)
}

#[test]
fn the_hand_computation_is_what_it_says() {
    let km = haversine_km(HANGZHOU, SHANGHAI);
    assert!((km - 165.244).abs() < 0.001, "{km}");
    assert_eq!(hangzhou_shanghai_ns(), 1_539_333);
    assert_eq!(as_ms_text(1_539_333), "1.539 ms");
    assert_eq!(as_ms_text(1_739_333), "1.739 ms");
}

#[test]
fn database_replication_crosses_one_backbone_link() {
    let rows = quickstart();
    let expected = hangzhou_shanghai_ns();
    assert_eq!(delay_ns(&rows, "hz-app", "sh-db"), expected);
    assert_eq!(delay_ns(&rows, "hz-web", "sh-db"), expected);
}

#[test]
fn the_idc_path_adds_the_leased_line() {
    let rows = quickstart();
    let expected = hangzhou_shanghai_ns() + LEASED_LINE_NS;
    assert_eq!(delay_ns(&rows, "erp", "hz-web"), expected);
    assert_eq!(delay_ns(&rows, "hz-web", "erp"), expected);
    assert_eq!(delay_ns(&rows, "erp", "hz-db"), expected);
}

#[test]
fn the_cli_prints_the_computed_delays() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["reach", "scenarios/quickstart.toml"])
        .output()
        .expect("vpcsim runs");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let row = |from: &str, to: &str| {
        stdout
            .lines()
            .find(|l| {
                let mut cols = l.split_whitespace();
                cols.next() == Some(from) && cols.next() == Some(to)
            })
            .unwrap_or_else(|| panic!("no {from} -> {to} row:\n{stdout}"))
    };
    let backbone = as_ms_text(hangzhou_shanghai_ns());
    let idc = as_ms_text(hangzhou_shanghai_ns() + LEASED_LINE_NS);
    let r = row("hz-app", "sh-db");
    assert!(r.contains(&backbone) && r.contains("via hz-sh"), "{r}");
    let r = row("erp", "hz-web");
    assert!(r.contains(&idc) && r.contains("via idc-hz"), "{r}");
    assert!(
        r.contains("line pc-sh-1 (sh-idc → vbr-sh) > backbone cn-shanghai → cn-hangzhou #1"),
        "{r}"
    );
}
