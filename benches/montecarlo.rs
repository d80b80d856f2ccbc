//! Replications per second on the quickstart with 1 and 2 worker threads, measured in the same
//! run so the ratio is meaningful on a noisy machine.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;
use vpcsim::montecarlo::{Shard, replicate};
use vpcsim::pipeline::load_network;
use vpcsim::topology::compile;

const REPLICATIONS: u32 = 8;

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
}

criterion_group!(benches, bench);
criterion_main!(benches);
