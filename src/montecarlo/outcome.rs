//! A whole Monte Carlo run of one network: replications, availability, records.

use super::{Shard, replicate_map};
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
    let horizon = net.simulation.availability_horizon;
    let per_rep = replicate_map(
        net,
        &plan,
        seed,
        replications,
        shard,
        threads,
        progress,
        |r| {
            let avail = connection_availability(&plan, horizon, seed, r.replication);
            (records(net, &plan, &r, &avail), r.events)
        },
    );
    let mut tables = Tables::default();
    let mut events = 0;
    for ((f, c, t), e) in per_rep {
        tables.flows.extend(f);
        tables.connections.extend(c);
        tables.timeseries.extend(t);
        events += e;
    }
    Outcome {
        tables,
        events,
        replications,
    }
}
