//! Where the replications of one experiment go: rows to the output files as they arrive, and
//! into the streaming judge; delay distributions merged per flow.

use super::execute::Replication;
use crate::metrics::DelayHistogram;
use crate::model::Network;
use crate::report::tables::TableWriters;
use crate::sla::judge::{Judge, SlaReport};
use crate::sla::record::{ConnectionRecord, FlowRecord, Tables, TimeseriesRecord};
use crate::sla::targets::DesignTargets;

/// Where an experiment's per-replication rows go.
pub enum Rows {
    /// Nowhere: only the judgment is wanted (`check`, `n1`).
    Discard,
    /// Streamed to the CSV files of a result folder as replications finish, so memory does not
    /// grow with the replication count.
    Files(Box<TableWriters>),
    /// Kept in memory, for a library caller to read or write later.
    Memory(Tables),
}

/// The result of an experiment once every replication is in.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub report: SlaReport,
    /// The rows, when they were kept in memory.
    pub tables: Option<Tables>,
    /// Per flow, the delays of every delivered packet of every replication.
    pub delays: Vec<(String, DelayHistogram)>,
    /// Events processed over all replications.
    pub events: u64,
    /// Servers crossed by packets over all replications.
    pub packet_hops: u64,
    pub replications: u64,
}

/// Receives one experiment's replications in order.
pub struct Collector {
    judge: Judge,
    delays: Vec<(String, DelayHistogram)>,
    rows: Rows,
    events: u64,
    packet_hops: u64,
    replications: u64,
}

impl Collector {
    /// A collector for `net`'s flows and judged connections, each judged on its own
    /// targets; rows go to `rows`.
    pub fn new(net: &Network, rows: Rows) -> Collector {
        Collector::judged_on(net, &DesignTargets::of(net), rows)
    }

    /// [`Collector::new`] with the targets given: an N-1 case is judged on the intact
    /// design's targets, not on those of the products it has left.
    pub fn judged_on(net: &Network, targets: &DesignTargets, rows: Rows) -> Collector {
        let flows: Vec<String> = net.flows.iter().map(|f| f.name.clone()).collect();
        Collector::for_names(targets, &flows, &net.judged_connections(), rows)
    }

    /// A collector for rows read back from files (merge): the names fix the report's order.
    pub fn for_names(
        targets: &DesignTargets,
        flows: &[String],
        connections: &[String],
        rows: Rows,
    ) -> Collector {
        Collector {
            judge: Judge::new(targets, flows, connections),
            delays: flows
                .iter()
                .map(|f| (f.clone(), DelayHistogram::new()))
                .collect(),
            rows,
            events: 0,
            packet_hops: 0,
            replications: 0,
        }
    }

    /// Adds a simulated replication.
    pub fn add(&mut self, r: Replication) -> Result<(), String> {
        for ((_, all), h) in self.delays.iter_mut().zip(&r.delays) {
            all.merge(h);
        }
        self.events += r.events;
        self.packet_hops += r.packet_hops;
        self.add_rows(&r.flows, &r.connections, &r.timeseries)
    }

    /// Adds the rows of one replication (read from files by `merge`, or simulated).
    pub fn add_rows(
        &mut self,
        flows: &[FlowRecord],
        connections: &[ConnectionRecord],
        timeseries: &[TimeseriesRecord],
    ) -> Result<(), String> {
        flows.iter().for_each(|r| self.judge.add_flow(r));
        self.judge.add_connections(connections);
        self.replications += 1;
        match &mut self.rows {
            Rows::Files(t) => t.write(flows, connections, timeseries),
            Rows::Memory(t) => {
                t.flows.extend_from_slice(flows);
                t.connections.extend_from_slice(connections);
                t.timeseries.extend_from_slice(timeseries);
                Ok(())
            }
            Rows::Discard => Ok(()),
        }
    }

    /// The per-flow delay distributions, for `merge` to add shard rows to.
    pub fn delays_mut(&mut self) -> &mut [(String, DelayHistogram)] {
        &mut self.delays
    }

    /// Counts events and packet hops processed elsewhere (shards being merged).
    pub fn add_work(&mut self, events: u64, packet_hops: u64) {
        self.events += events;
        self.packet_hops += packet_hops;
    }

    /// Finishes the files and returns the judgment.
    pub fn finish(self) -> Result<Outcome, String> {
        let tables = match self.rows {
            Rows::Files(t) => {
                (*t).finish(&self.delays)?;
                None
            }
            Rows::Memory(t) => Some(t),
            Rows::Discard => None,
        };
        Ok(Outcome {
            report: self.judge.report(),
            tables,
            delays: self.delays,
            events: self.events,
            packet_hops: self.packet_hops,
            replications: self.replications,
        })
    }
}
