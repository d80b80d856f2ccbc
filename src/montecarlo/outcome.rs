//! A whole Monte Carlo run of one network: replications, availability, records.

use super::{Shard, replicate};
use crate::model::Network;
use crate::net::availability::connection_availability;
use crate::sla::record::{Tables, records};
use crate::topology::compile;

/// The records of every replication of a shard, in replication order.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub tables: Tables,
    /// Events processed over all replications.
    pub events: u64,
    pub replications: u32,
}

/// Simulates the shard's replications of `net` with `seed` and turns them into records.
pub fn execute(
    net: &Network,
    seed: u64,
    replications: u32,
    shard: Shard,
    threads: usize,
    progress: &(dyn Fn() + Sync),
) -> Outcome {
    let plan = compile(net);
    let runs = replicate(net, &plan, seed, replications, shard, threads, progress);
    let mut tables = Tables::default();
    for r in &runs {
        let avail = connection_availability(
            &plan,
            net.simulation.availability_horizon,
            seed,
            r.replication,
        );
        let (f, c, t) = records(net, &plan, r, &avail);
        tables.flows.extend(f);
        tables.connections.extend(c);
        tables.timeseries.extend(t);
    }
    Outcome {
        tables,
        events: runs.iter().map(|r| r.events).sum(),
        replications,
    }
}
