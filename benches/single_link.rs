//! Packet-engine throughput on the M/D/1 test network: Poisson arrivals of 1000 B packets at
//! ρ = 0.8 on one 1 Gbps FIFO channel (an uncapped internet connection), 10 simulated seconds
//! (about 1 M packets, 2 M events) per replication, one replication per iteration.
//!
//! Two measurements of the same work: one reports packets/s (packets offered by the source),
//! the other events/s (events the engine processed, from `RunMetrics::events`).

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use vpcsim::model::Network;
use vpcsim::topology::Plan;

/// The same single-queue network the M/D/1 tests check against theory.
#[path = "../tests/it/common/mod.rs"]
#[allow(dead_code)]
mod common;

fn network() -> (Network, Plan) {
    let flow = "traffic = \"poisson\"\nrate = \"800Mbps\"\npacket_size = \"1000B\"";
    common::network(&common::single_link("10s", "0s", "\"0%\"", flow))
}

fn single_link(c: &mut Criterion) {
    let (net, plan) = network();
    // Every replication of the same seed does identical work: count it once.
    let probe = vpcsim::net::simulate(&net, &plan, 1, 0);
    let packets = probe.flows[0].offered_packets();
    let events = probe.events;
    println!(
        "single_link M/D/1 rho=0.8, 10 s simulated: {packets} packets, {events} events \
         ({:.2} events per packet)",
        events as f64 / packets as f64
    );

    let mut group = c.benchmark_group("single_link_md1_rho0.8_10s");
    // Each iteration takes a fraction of a second: flat sampling, 10 samples.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(12));
    group.throughput(Throughput::Elements(packets));
    group.bench_function("packets", |b| {
        b.iter(|| black_box(vpcsim::net::simulate(&net, &plan, 1, 0)))
    });
    group.throughput(Throughput::Elements(events));
    group.bench_function("events", |b| {
        b.iter(|| black_box(vpcsim::net::simulate(&net, &plan, 1, 0)))
    });
    group.finish();
}

criterion_group!(benches, single_link);
criterion_main!(benches);
