//! How cost grows with the design: generated estates (`vpcsim::estate`) at three sizes, one
//! replication on one thread.
//!
//! | size | regions | VPCs | connections | flows |
//! |---|---|---|---|---|
//! | small | 10 | 40 | 80 | 40 |
//! | medium | 30 | 300 | 600 | 300 |
//! | large | 100 | 1,000 | 2,000 | 2,000 |
//! | validate only | 200 | 2,000 | 4,000 | 2,000 |
//!
//! Measured per size: `validate` (load the file, build with every rule, the checks of
//! `vpcsim validate`), one replication of 1 s simulated (`net::simulate` on the compiled
//! plan) with its events/s, and the peak resident memory of `vpcsim run` on the file
//! (a child process, `ru_maxrss`). Growth is reported as ratios against the small design
//! measured in the same run: validate time per VPC ÷ the small design's, and events/s ÷ the
//! small design's. Linear validation keeps the first near 1; a per-event cost that does not
//! grow with the design keeps the second near 1.
//!
//! `cargo bench --bench scale` (a few minutes); `-- validate` or `-- simulate` runs one part.

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vpcsim::estate::Estate;

#[path = "../tests/it/support/peak_rss.rs"]
#[allow(dead_code)]
mod peak_rss;

/// (name, regions, VPCs, flows); connections are two per VPC.
const SIZES: [(&str, usize, usize, usize); 3] = [
    ("small", 10, 40, 40),
    ("medium", 30, 300, 300),
    ("large", 100, 1_000, 2_000),
];
/// The largest design `validate` must take in under a second.
const VALIDATE_ONLY: (&str, usize, usize, usize) = ("xlarge", 200, 2_000, 2_000);

/// Each timed iteration's wall time, by (measurement, size), for the ratio table.
static TIMES: Mutex<BTreeMap<(&'static str, &'static str), Vec<f64>>> = Mutex::new(BTreeMap::new());

fn record(what: &'static str, size: &'static str, d: Duration) {
    TIMES
        .lock()
        .unwrap()
        .entry((what, size))
        .or_default()
        .push(d.as_secs_f64());
}

fn median(what: &'static str, size: &'static str) -> Option<f64> {
    let mut v = TIMES.lock().unwrap().get(&(what, size))?.clone();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

fn write_estate(dir: &Path, (name, regions, vpcs, flows): (&str, usize, usize, usize)) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, Estate::new(regions, vpcs, flows).text()).expect("write the estate");
    path
}

fn validate(c: &mut Criterion, dir: &Path) {
    let mut group = c.benchmark_group("scale_validate");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for size in SIZES.iter().copied().chain([VALIDATE_ONLY]) {
        let path = write_estate(dir, size);
        group.throughput(Throughput::Elements(size.2 as u64));
        group.bench_function(BenchmarkId::new("vpcs", size.2), |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                for _ in 0..iters {
                    let loaded = vpcsim::study::design::load_network(&path);
                    assert!(loaded.is_ok(), "the {} estate does not validate", size.0);
                    black_box(loaded.ok());
                }
                let d = start.elapsed();
                record("validate", size.0, d / iters as u32);
                d
            })
        });
    }
    group.finish();
}

fn simulate(c: &mut Criterion, dir: &Path, events: &mut BTreeMap<&'static str, u64>) {
    let mut group = c.benchmark_group("scale_simulate_1s");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for size in SIZES {
        let path = write_estate(dir, size);
        let loaded = vpcsim::study::design::load_network(&path)
            .unwrap_or_else(|d| panic!("the {} estate:\n{}", size.0, d.render()));
        let net = loaded.network;
        let plan = vpcsim::topology::compile(&net);
        // Every replication of the same seed does the same work: count its events once.
        let n = vpcsim::net::simulate(&net, &plan, 1, 0).events;
        events.insert(size.0, n);
        group.throughput(Throughput::Elements(n));
        group.bench_function(BenchmarkId::new("vpcs", size.2), |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                for _ in 0..iters {
                    black_box(vpcsim::net::simulate(&net, &plan, 1, 0));
                }
                let d = start.elapsed();
                record("simulate", size.0, d / iters as u32);
                d
            })
        });
    }
    group.finish();
}

/// Peak RSS of `vpcsim run` on each estate: one replication, one thread, every output written.
fn peak_memory(dir: &Path) -> BTreeMap<&'static str, f64> {
    let mut out = BTreeMap::new();
    for size in SIZES {
        let path = write_estate(dir, size);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_vpcsim"));
        cmd.arg("run")
            .arg(&path)
            .args(["--replications", "1", "--threads", "1", "--out"])
            .arg(dir.join(format!("out-{}", size.0)));
        let done = peak_rss::run_measured(cmd);
        assert!(
            matches!(done.code, Some(0 | 1)),
            "vpcsim run on the {} estate: {:?}\n{}",
            size.0,
            done.code,
            done.stderr
        );
        out.insert(size.0, done.peak_mb());
    }
    out
}

fn report(events: &BTreeMap<&'static str, u64>, rss: &BTreeMap<&'static str, f64>) {
    let base = SIZES[0];
    let per_vpc =
        |s: (&'static str, usize, usize, usize)| median("validate", s.0).map(|t| t / s.2 as f64);
    let rate = |s: &'static str| Some(*events.get(s)? as f64 / median("simulate", s)?);
    let fmt = |x: Option<f64>, f: &dyn Fn(f64) -> String| x.map_or("-".into(), f);
    println!("\nscale: ratios against the small design measured in this run");
    println!(
        "{:8} {:>6} {:>11} {:>13} {:>12} {:>11} {:>13} {:>10}",
        "size",
        "VPCs",
        "validate",
        "per VPC ÷ sm",
        "run 1 s",
        "events/s",
        "events/s ÷ sm",
        "peak RSS"
    );
    for s in SIZES.iter().copied().chain([VALIDATE_ONLY]) {
        let v = median("validate", s.0);
        let ratio_v = per_vpc(s).zip(per_vpc(base)).map(|(a, b)| a / b);
        let r = rate(s.0);
        let ratio_r = r.zip(rate(base.0)).map(|(a, b)| a / b);
        println!(
            "{:8} {:>6} {:>11} {:>13} {:>12} {:>11} {:>13} {:>10}",
            s.0,
            s.2,
            fmt(v, &|t| format!("{:.1} ms", t * 1e3)),
            fmt(ratio_v, &|x| format!("{x:.2}")),
            fmt(median("simulate", s.0), &|t| format!("{t:.3} s")),
            fmt(r, &|x| format!("{:.2} M", x / 1e6)),
            fmt(ratio_r, &|x| format!("{x:.2}")),
            fmt(rss.get(s.0).copied(), &|m| format!("{m:.0} MB")),
        );
    }
    println!("\ntargets");
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    for (s, limit) in [(VALIDATE_ONLY, 1.0), (SIZES[2], 0.3)] {
        if let Some(t) = median("validate", s.0) {
            println!(
                "  validate of {} VPCs: {:.1} ms, under {limit} s: {}",
                s.2,
                t * 1e3,
                verdict(t < limit)
            );
        }
    }
    if let (Some(large), Some(small)) = (rate(SIZES[2].0), rate(base.0)) {
        println!(
            "  events/s of {} regions ÷ {} regions: {:.2}, at least {MIN_EVENT_RATE_RATIO}: {}",
            SIZES[2].1,
            base.1,
            large / small,
            verdict(large / small >= MIN_EVENT_RATE_RATIO)
        );
    }
}

/// The per-event cost may grow by at most this much from the small to the large design.
const MIN_EVENT_RATE_RATIO: f64 = 0.7;

fn scale(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wants = |part: &str| filter.is_empty() || filter.iter().any(|f| part.contains(f.as_str()));
    if wants("scale_validate") {
        validate(c, dir.path());
    }
    let mut events = BTreeMap::new();
    if wants("scale_simulate_1s") {
        simulate(c, dir.path(), &mut events);
    }
    let rss = if wants("scale_peak_memory") {
        peak_memory(dir.path())
    } else {
        BTreeMap::new()
    };
    report(&events, &rss);
}

criterion_group!(benches, scale);
criterion_main!(benches);
