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

const SCENARIO: &str = r#"
[simulation]
seed = 1
duration = "10s"
warmup = "0s"
replications = 1

[backbone]
topology = "explicit"
bandwidth = "1Gbps"
buffer = "1000MB"
loss = "0%"
jitter = "0ms"
mtbf = "100000d"

[[region]]
name = "cn-hangzhou"

[[region]]
name = "cn-shanghai"

[[vpc]]
name = "a"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{ name = "src", kind = "ecs", ip = "10.0.0.10" }]

[[vpc]]
name = "b"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [{ name = "dst", kind = "ecs", ip = "10.1.0.10" }]

[[connection]]
name = "public"
type = "internet"
between = ["a", "b"]
delay = "1ms"
loss = "0%"
jitter = "0ms"

[[flow]]
name = "f"
from = "src"
to = "dst"
traffic = "poisson"
rate = "800Mbps"
packet_size = "1000B"
"#;

fn network() -> (Network, Plan) {
    let (scenario, _) = vpcsim::scenario::load_str("single_link.toml", "single_link", SCENARIO)
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let (net, _) = vpcsim::model::build(&scenario).unwrap_or_else(|d| panic!("{}", d.render()));
    let plan = vpcsim::topology::compile(&net);
    (net, plan)
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
