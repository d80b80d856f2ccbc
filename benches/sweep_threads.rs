//! A sweep's values and replications share one pool: 4 values × 2 replications of
//! `scenarios/capacity_sweep.toml` on 1 and then 2 worker threads, measured in the same run.
//! With the 8 tasks on one list, two threads finish in about half the time even though each
//! value has only 2 replications; were values run one after another, the speed-up would be
//! bounded by each value's own 2 replications and by the waits between values.
//!
//! Prints the ratio (1-thread time ÷ 2-thread time, medians), which should be at least 1.6 on
//! two cores. `cargo bench --bench sweep_threads` (about a minute).

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vpcsim::experiment::{Collector, Experiment, RunConfig, execute};
use vpcsim::montecarlo::Shard;
use vpcsim::pipeline::load_network;

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
        .map(|e| Collector::new(&e.network, None))
        .collect();
    execute(experiments, &cfg, &mut collectors, &|| {}).expect("the sweep runs");
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
    if let (Some(one), Some(two)) = (median(1), median(2)) {
        println!(
            "\nsweep of {VALUES} values × {REPLICATIONS} replications: 1 thread {:.3} s, \
             2 threads {:.3} s, speed-up {:.2}× (at least 1.6× expected on two cores)",
            one,
            two,
            one / two
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
