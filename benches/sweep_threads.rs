//! A sweep's values and replications share one pool: 4 values × 2 replications of
//! `scenarios/capacity_sweep.toml` on 1 and then 2 worker threads, measured in the same run.
//! With the 8 tasks on one list, two threads finish in about half the time even though each
//! value has only 2 replications; were values run one after another, the speed-up would be
//! bounded by each value's own 2 replications and by the waits between values.
//!
//! Prints the ratio (1-thread time ÷ 2-thread time, medians), which should be at least 1.6 on
//! two free cores, beside the machine's own ceiling: the same 8 tasks as pure arithmetic on
//! the same pool, so a machine whose cores are busy with other work is told apart from a
//! schedule that serializes. `cargo bench --bench sweep_threads` (about a minute).

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vpcsim::study::Shard;
use vpcsim::study::design::load_network;
use vpcsim::study::schedule::run_in_order;
use vpcsim::study::{Collector, Experiment, RunConfig, execute};

const VALUES: usize = 4;
const REPLICATIONS: u32 = 2;

/// Each timed iteration's wall time, by thread count.
static TIMES: Mutex<BTreeMap<usize, Vec<f64>>> = Mutex::new(BTreeMap::new());

fn median(threads: usize) -> Option<f64> {
    let mut v = TIMES.lock().unwrap().get(&threads)?.clone();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

fn sweep(experiments: &[Experiment], threads: usize) {
    let cfg = RunConfig {
        seed: 42,
        replications: REPLICATIONS,
        shard: Shard::WHOLE,
        threads,
    };
    let mut collectors: Vec<Collector> = experiments
        .iter()
        .map(|e| Collector::new(&e.network, vpcsim::study::Rows::Discard))
        .collect();
    execute(experiments, &cfg, &mut collectors, &()).expect("the sweep runs");
    for c in collectors {
        std::hint::black_box(c.finish().expect("an outcome per value"));
    }
}

fn bench(c: &mut Criterion) {
    let loaded = load_network(Path::new("scenarios/capacity_sweep.toml"))
        .unwrap_or_else(|d| panic!("capacity_sweep does not load:\n{}", d.render()));
    assert!(
        loaded.points.len() >= VALUES,
        "the sweep has fewer than {VALUES} values"
    );
    let experiments: Vec<Experiment> = loaded.points[..VALUES]
        .iter()
        .map(|p| Experiment::new(p.label.clone(), p.network.clone()))
        .collect();
    let mut group = c.benchmark_group("sweep_4_values_x_2_replications");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for threads in [1usize, 2] {
        group.bench_function(format!("threads_{threads}"), |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                for _ in 0..iters {
                    sweep(&experiments, threads);
                }
                let d = start.elapsed();
                TIMES
                    .lock()
                    .unwrap()
                    .entry(threads)
                    .or_default()
                    .push(d.as_secs_f64() / iters as f64);
                d
            })
        });
    }
    group.finish();
    let mut ceiling = c.benchmark_group("machine_ceiling_8_tasks");
    ceiling
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    for threads in [1usize, 2] {
        ceiling.bench_function(format!("threads_{threads}"), |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                for _ in 0..iters {
                    run_in_order(8, threads, spin, |_, x| {
                        std::hint::black_box(x);
                        Ok(())
                    })
                    .expect("spin tasks");
                }
                let d = start.elapsed();
                TIMES
                    .lock()
                    .unwrap()
                    .entry(SPIN + threads)
                    .or_default()
                    .push(d.as_secs_f64() / iters as f64);
                d
            })
        });
    }
    ceiling.finish();
    if let (Some(one), Some(two)) = (median(1), median(2)) {
        println!(
            "\nsweep of {VALUES} values × {REPLICATIONS} replications: 1 thread {:.3} s, \
             2 threads {:.3} s, speed-up {:.2}× (at least 1.6× expected on two free cores)",
            one,
            two,
            one / two
        );
    }
    if let (Some(one), Some(two)) = (median(SPIN + 1), median(SPIN + 2)) {
        println!(
            "machine ceiling, the same 8 tasks of pure arithmetic: speed-up {:.2}× \
             (below 2× when the cores are shared with other work)",
            one / two
        );
    }
}

/// Key offset of the arithmetic-only tasks in [`TIMES`].
const SPIN: usize = 100;

/// About 6 ms of dependent integer arithmetic: no memory traffic, no sharing.
fn spin(seed: usize) -> u64 {
    let mut x = seed as u64;
    for i in 0..8_000_000u64 {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(i);
    }
    x
}

criterion_group!(benches, bench);
criterion_main!(benches);
