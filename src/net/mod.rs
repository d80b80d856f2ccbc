//! The data plane: traffic sources, FIFO servers for links and bandwidth caps, delay
//! variation, loss, encapsulation, failures and rerouting, driven by the engine over a
//! compiled [`Plan`].
//!
//! Pieces, each owning its state: [`source`] (when packets are emitted), [`server`] (FIFO
//! queues in exact time), [`variation`] (delay variation behind background traffic),
//! [`loss`] (Bernoulli and Gilbert-Elliott), [`health`] (members, bundles, elements),
//! [`routing`] (which candidate path each flow uses), [`availability`] (the same failure and
//! routing rules over the availability horizon, without packets). `sim` wires them to the
//! event queue: `dataplane` moves packets, `control` applies failures, the timeline and
//! sampling.
//!
//! [`simulate`] runs one replication and is a pure function of (network, plan, seed,
//! replication): every random component draws from its own stream.

pub mod availability;
mod control;
mod dataplane;
pub mod health;
mod loss;
pub mod routing;
pub mod server;
mod sim;
mod source;
pub mod variation;
mod walk;

pub use server::{Admission, FifoServer};
pub use sim::{MAX_SAMPLES_PER_CHANNEL, SimOptions, simulate, simulate_observed, simulate_with};

use crate::engine::SimTime;
use crate::metrics::{FlowMetrics, LinkUsage};
use crate::model::Network;
use crate::topology::Plan;
use crate::units::Duration;

/// A time-series sample of one queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub time: SimTime,
    /// A channel index, or `channels.len() + i` for shaper (cap) i.
    pub channel: u32,
    /// Share of the interval the queue was transmitting (bytes carried / capacity).
    pub utilization: f64,
    /// Bytes queued or in service at the sample time.
    pub queue_bytes: u64,
    /// The rate the queue was served at, bits per second.
    pub rate_bps: u64,
}

/// What one replication measured (after warmup).
#[derive(Debug, Clone)]
pub struct RunMetrics {
    pub replication: u64,
    /// The master seed the replication's streams derive from.
    pub seed: u64,
    /// Indexed like `Network::flows`.
    pub flows: Vec<FlowMetrics>,
    /// Indexed like `Plan::channels`.
    pub channels: Vec<LinkUsage>,
    /// Bytes carried by each connection, per direction (a→b, b→a).
    pub connection_bytes: Vec<[u64; 2]>,
    /// Bits each connection's cap could carry per direction over the window, following spec
    /// changes (0 when uncapped): the denominator of its utilization.
    pub connection_capacity_bits: Vec<f64>,
    pub timeseries: Vec<Sample>,
    /// Events processed.
    pub events: u64,
    /// Servers (channels and caps) crossed by packets: events / packet_hops is the engine's
    /// cost per hop.
    pub packet_hops: u64,
    /// Length of the measurement window (duration − warmup).
    pub window: Duration,
}

impl RunMetrics {
    fn new(net: &Network, plan: &Plan, seed: u64, replication: u64) -> Self {
        RunMetrics {
            replication,
            seed,
            flows: (0..net.flows.len()).map(|_| FlowMetrics::new()).collect(),
            channels: (0..plan.channels.len()).map(|_| LinkUsage::new()).collect(),
            connection_bytes: vec![[0; 2]; net.connections.len()],
            connection_capacity_bits: vec![0.0; net.connections.len()],
            timeseries: Vec::new(),
            events: 0,
            packet_hops: 0,
            window: Duration(
                net.simulation
                    .duration
                    .as_nanos()
                    .saturating_sub(net.simulation.warmup.as_nanos()),
            ),
        }
    }
}
