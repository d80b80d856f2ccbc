//! Replications per second on the quickstart with 1 and 2 worker threads, measured in the same
//! run so the ratio is meaningful on a noisy machine. Beside it, the machine's own ceiling: the
//! same 1 vs 2 threads on a pure arithmetic loop (virtual CPUs often share a physical core, so
//! perfect scaling is 2× only on real cores).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use std::path::Path;
use vpcsim::study::design::load_network;
use vpcsim::study::{Shard, replicate};
use vpcsim::topology::compile;

/// A batch as large as a typical run (30+ replications), so the two threads stay balanced;
/// with only 8, one thread idles while the other finishes the longest replications.
const REPLICATIONS: u32 = 32;

fn bench(c: &mut Criterion) {
    let loaded = match load_network(Path::new("scenarios/quickstart.toml")) {
        Ok(l) => l,
        Err(d) => panic!("quickstart does not load:\n{}", d.render()),
    };
    let net = &loaded.network;
    let plan = compile(net);
    let mut group = c.benchmark_group("quickstart_replications");
    group.sample_size(10);
    group.throughput(Throughput::Elements(REPLICATIONS as u64));
    for threads in [1usize, 2] {
        group.bench_function(format!("threads_{threads}"), |b| {
            b.iter(|| replicate(net, &plan, 42, REPLICATIONS, Shard::WHOLE, threads, &|| {}))
        });
    }
    group.finish();

    let mut ceiling = c.benchmark_group("machine_ceiling");
    ceiling.sample_size(10);
    ceiling.throughput(Throughput::Elements(REPLICATIONS as u64));
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        ceiling.bench_function(format!("threads_{threads}"), |b| {
            b.iter(|| {
                pool.install(|| {
                    (0..REPLICATIONS as u64)
                        .into_par_iter()
                        .map(spin)
                        .sum::<u64>()
                })
            })
        });
    }
    ceiling.finish();
}

/// About 20 ms of dependent integer arithmetic: no memory traffic, no sharing.
fn spin(seed: u64) -> u64 {
    let mut x = seed;
    for i in 0..30_000_000u64 {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(i);
    }
    x
}

criterion_group!(benches, bench);
criterion_main!(benches);
