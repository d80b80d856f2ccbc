//! Event-queue throughput on the classic hold model, against a plain binary heap measured in
//! the same run.
//!
//! The hold model keeps Q events pending: each step pops the earliest and pushes one at
//! now + Exp(mean Q·1µs), so the pending set stays at Q with a stationary spread of times
//! ahead of now (about one event per microsecond of simulated time). Both queues draw their
//! increments from identically seeded `rand_pcg` generators, and the draw is part of each
//! timed step, as it would be in a simulation.
//!
//! - `EventQueue` carries a 16-byte event payload (a typical `enum` of ids) with each entry.
//! - The baseline is `BinaryHeap<Reverse<(u64, u64)>>` of (time, sequence number), the
//!   smallest correct FIFO-tie scheduler, carrying no payload at all.
//!
//! Criterion prints events/s (one event = one pop plus one push). The queues are prefilled
//! outside the timed loop and persist across iterations, so warm-up brings them to their
//! steady state.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand::SeedableRng;
use rand_distr::{Distribution, Exp};
use rand_pcg::Pcg64Mcg;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::time::Duration;
use vpcsim::engine::{EventQueue, SimTime};

/// Hold steps per timed iteration.
const BATCH: u64 = 10_000;
/// Pending-set sizes.
const SIZES: [u64; 2] = [1_000, 1_000_000];
const SEED: u64 = 0x5eed;

/// A representative 16-byte event.
#[derive(Clone, Copy)]
struct Event {
    kind: u32,
    link: u32,
    packet: u64,
}

/// Exponential increments in nanoseconds with mean `q` microseconds.
struct Increments {
    rng: Pcg64Mcg,
    exp: Exp<f64>,
}

impl Increments {
    fn new(q: u64) -> Self {
        let mean_ns = q as f64 * 1_000.0;
        Increments {
            rng: Pcg64Mcg::seed_from_u64(SEED),
            exp: Exp::new(1.0 / mean_ns).expect("positive rate"),
        }
    }

    #[inline]
    fn next(&mut self) -> u64 {
        self.exp.sample(&mut self.rng) as u64
    }
}

fn event_queue(q: u64) -> impl FnMut() {
    let mut inc = Increments::new(q);
    let mut queue = EventQueue::with_capacity(q as usize);
    for i in 0..q {
        let event = Event {
            kind: (i % 4) as u32,
            link: i as u32,
            packet: i,
        };
        queue.push(SimTime(inc.next()), event);
    }
    move || {
        for _ in 0..BATCH {
            let (now, event) = queue.pop().expect("hold keeps the queue full");
            let next = Event {
                kind: event.kind ^ 1,
                link: event.link,
                packet: event.packet + 1,
            };
            queue.push(SimTime(now.0 + inc.next()), black_box(next));
        }
    }
}

fn binary_heap(q: u64) -> impl FnMut() {
    let mut inc = Increments::new(q);
    let mut heap = BinaryHeap::with_capacity(q as usize);
    let mut seq = 0u64;
    for _ in 0..q {
        heap.push(Reverse((inc.next(), seq)));
        seq += 1;
    }
    move || {
        for _ in 0..BATCH {
            let Reverse((now, s)) = heap.pop().expect("hold keeps the heap full");
            black_box(s);
            heap.push(Reverse((now + inc.next(), seq)));
            seq += 1;
        }
    }
}

fn hold(c: &mut Criterion) {
    let mut group = c.benchmark_group("hold");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(BATCH));
    for q in SIZES {
        let mut step = binary_heap(q);
        group.bench_function(BenchmarkId::new("binary_heap", q), |b| b.iter(&mut step));
        let mut step = event_queue(q);
        group.bench_function(BenchmarkId::new("event_queue", q), |b| b.iter(&mut step));
    }
    group.finish();
}

criterion_group!(benches, hold);
criterion_main!(benches);
