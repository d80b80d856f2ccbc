//! Parallel Monte Carlo replications. Replication i derives its streams from (seed, i) alone,
//! and results are collected in replication order, so outputs do not depend on thread count.

mod outcome;

pub use outcome::{Outcome, execute};

use crate::model::Network;
use crate::net::{RunMetrics, simulate};
use crate::topology::Plan;
use rayon::prelude::*;

/// Which replications to compute: all of them, or those with `i % count == index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 0-based.
    pub index: u32,
    pub count: u32,
}

impl Shard {
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    pub fn replications(self, total: u32) -> impl Iterator<Item = u64> {
        (0..total as u64).filter(move |i| i % self.count as u64 == self.index as u64)
    }
}

/// Runs the shard's replications on `threads` threads (0 = all cores), in replication order.
/// `progress` is called once per finished replication.
pub fn replicate(
    net: &Network,
    plan: &Plan,
    seed: u64,
    replications: u32,
    shard: Shard,
    threads: usize,
    progress: &(dyn Fn() + Sync),
) -> Vec<RunMetrics> {
    replicate_map(
        net,
        plan,
        seed,
        replications,
        shard,
        threads,
        progress,
        |m| m,
    )
}

/// Like [`replicate`], but reduces each replication with `reduce` as soon as it finishes, so
/// memory holds one replication's full metrics per thread, not one per replication.
#[allow(clippy::too_many_arguments)]
pub fn replicate_map<T: Send>(
    net: &Network,
    plan: &Plan,
    seed: u64,
    replications: u32,
    shard: Shard,
    threads: usize,
    progress: &(dyn Fn() + Sync),
    reduce: impl Fn(RunMetrics) -> T + Sync,
) -> Vec<T> {
    let reps: Vec<u64> = shard.replications(replications).collect();
    let work = || {
        reps.par_iter()
            .map(|&i| {
                let m = reduce(simulate(net, plan, seed, i));
                progress();
                m
            })
            .collect::<Vec<_>>()
    };
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}
