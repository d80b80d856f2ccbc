//! One experiment pipeline for every command.
//!
//! An experiment is a scenario, possibly edited (a sweep value, a failed element), built with
//! every rule and compiled. [`execute`] runs the replications of one or many experiments on
//! one pool and hands each replication, in order, to that experiment's [`Collector`], which
//! streams its rows to the output files and feeds the judge. `run`, `check`, `sweep`, `merge`,
//! `n1` and `compare` differ only in which experiments they build and what they write.

use super::collect::Collector;

use super::montecarlo::Shard;
use super::schedule::run_in_order;
use crate::engine::replication_seed;
use crate::metrics::DelayHistogram;
use crate::model::Network;
use crate::net::availability::horizon;
use crate::sla::record::{ConnectionRecord, FlowRecord, TimeseriesRecord, records};
use crate::topology::{Plan, compile};

/// A built and compiled network, ready to replicate.
pub struct Experiment {
    /// What distinguishes it within a study: "" for a plain run, the value of a sweep, the
    /// failed element of an N-1 case.
    pub label: String,
    pub network: Network,
    pub plan: Plan,
    /// Whether to simulate the failure process over the availability horizon (an N-1 case
    /// judges the network with one element down, not its availability).
    pub availability: bool,
}

impl Experiment {
    pub fn new(label: impl Into<String>, network: Network) -> Experiment {
        let plan = compile(&network);
        Experiment {
            label: label.into(),
            network,
            plan,
            availability: true,
        }
    }
}

/// How many replications to run, with which seed, on how many threads.
#[derive(Debug, Clone, Copy)]
pub struct RunConfig {
    pub seed: u64,
    pub replications: u32,
    pub shard: Shard,
    /// Worker threads; 0 = every core.
    pub threads: usize,
}

/// What one replication yields: its rows and its per-flow delay distributions.
#[derive(Debug, Clone)]
pub struct Replication {
    pub index: u64,
    /// The seed every stream of this replication derives from (below 2⁶³).
    pub seed: u64,
    pub flows: Vec<FlowRecord>,
    pub connections: Vec<ConnectionRecord>,
    pub timeseries: Vec<TimeseriesRecord>,
    /// Indexed like the network's flows.
    pub delays: Vec<DelayHistogram>,
    pub events: u64,
    /// Servers crossed by packets (see `net::Output::packet_hops`).
    pub packet_hops: u64,
}

/// What an experiment reports while it runs (progress bars, heartbeat lines, the Python
/// package's callback). Both methods do nothing by default.
pub trait Observer: Sync {
    /// The work begins: `replications` replications of each of these experiments (labelled as
    /// in [`Experiment::label`]: a sweep value, an N-1 case, or "" for a plain run).
    fn started(&self, _experiments: &[&str], _replications: u64) {}
    /// `share` more of one replication has been simulated; over a replication the shares add
    /// up to exactly 1.
    fn advanced(&self, _share: f64) {}
    /// A replication of `experiments[experiment]` has been delivered to its collector.
    fn finished(&self, _experiment: usize) {}
}

/// Observes nothing.
impl Observer for () {}

/// Simulates replication `index` of an experiment.
pub fn replicate_one(e: &Experiment, seed: u64, index: u64) -> Replication {
    replicate_observed(e, seed, index, &())
}

/// [`replicate_one`], reporting its progress to `observer`.
pub fn replicate_observed(
    e: &Experiment,
    seed: u64,
    index: u64,
    observer: &dyn Observer,
) -> Replication {
    let mut reported = 0.0;
    let run = crate::net::simulate_observed(
        &e.network,
        &e.plan,
        seed,
        index,
        crate::net::SimOptions::default(),
        &mut |share| {
            // The packet window is most of a replication's work; the rest is reported at the end.
            let now = share * 0.99;
            observer.advanced(now - reported);
            reported = now;
        },
    );
    let avail = if e.availability {
        horizon(&e.network, &e.plan, seed, index)
    } else {
        crate::net::availability::Availability {
            flows: vec![None; e.network.flows.len()],
            connections: vec![None; e.network.connections.len()],
        }
    };
    let (flows, connections, timeseries) = records(&e.network, &e.plan, &run, &avail);
    observer.advanced(1.0 - reported);
    Replication {
        index,
        seed: replication_seed(seed, index),
        flows,
        connections,
        timeseries,
        delays: run
            .flows
            .iter()
            .map(|f| f.delays().histogram().clone())
            .collect(),
        events: run.events,
        packet_hops: run.packet_hops,
    }
}

/// Runs the configured replications of every experiment on one pool: tasks are (experiment,
/// replication) pairs in that order, so a sweep with few replications per value still keeps
/// every core busy. `collectors[k]` receives experiment k's replications in order; `observer`
/// hears of the progress within each replication and of each one delivered.
pub fn execute(
    experiments: &[Experiment],
    cfg: &RunConfig,
    collectors: &mut [Collector],
    observer: &dyn Observer,
) -> Result<(), String> {
    let reps: Vec<u64> = cfg.shard.replications(cfg.replications).collect();
    let labels: Vec<&str> = experiments.iter().map(|e| e.label.as_str()).collect();
    observer.started(&labels, reps.len() as u64);
    let tasks: Vec<(usize, u64)> = (0..experiments.len())
        .flat_map(|e| reps.iter().map(move |r| (e, *r)))
        .collect();
    run_in_order(
        tasks.len(),
        cfg.threads,
        |i| {
            let (e, r) = tasks[i];
            replicate_observed(&experiments[e], cfg.seed, r, observer)
        },
        |i, rep| {
            collectors[tasks[i].0].add(rep)?;
            observer.finished(tasks[i].0);
            Ok(())
        },
    )
}
