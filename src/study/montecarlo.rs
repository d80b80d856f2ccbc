//! Parallel Monte Carlo replications. Replication i derives its streams from (seed, i) alone,
//! and results are delivered in replication order, so outputs do not depend on thread count.

use super::schedule::run_in_order;
use crate::model::Network;
use crate::net::{RunMetrics, simulate};
use crate::topology::Plan;

/// The most replications one run may ask for: each is a full simulation, and a million is
/// already far beyond what a confidence interval needs.
pub const MAX_REPLICATIONS: u32 = 1_000_000;

/// The most shards a run may be split into.
pub const MAX_SHARDS: u32 = 100_000;

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

    /// Whether replication `i` belongs to this shard.
    pub fn holds(self, i: u64) -> bool {
        i % self.count as u64 == self.index as u64
    }
}

/// Runs the shard's replications of one compiled network on `threads` threads (0 = all
/// cores) and returns their raw metrics in replication order. `progress` is called once per
/// finished replication. (Commands go through [`crate::study::execute`], which reduces
/// each replication to its rows as it finishes; this keeps every metric, for tests.)
pub fn replicate(
    net: &Network,
    plan: &Plan,
    seed: u64,
    replications: u32,
    shard: Shard,
    threads: usize,
    progress: &(dyn Fn() + Sync),
) -> Vec<RunMetrics> {
    let reps: Vec<u64> = shard.replications(replications).collect();
    let mut out = Vec::with_capacity(reps.len());
    let _ = run_in_order(
        reps.len(),
        threads,
        |i| simulate(net, plan, seed, reps[i]),
        |_, m| {
            out.push(m);
            progress();
            Ok(())
        },
    );
    out
}
