//! Streaming statistics of one replication: losses by cause, delay distributions, jitter,
//! encapsulation success and link utilization.
//!
//! Everything here has constant size whatever the number of packets or the simulated time, so
//! a replication's memory depends on the network, not on how long it runs. The engine feeds
//! these types; the `sla` stage reads them. Times are [`Duration`](crate::units::Duration)s
//! (integer nanoseconds) and sizes [`Size`](crate::units::Size)s (bytes).

mod cause;
mod delay;
mod flow;
pub mod histogram;
mod jitter;
mod link;

pub use cause::DropCause;
pub use delay::{DelayRecorder, DelaySummary};
pub use flow::FlowMetrics;
pub use histogram::DelayHistogram;
pub use jitter::{
    JitterDefinition, JitterReport, JitterTracker, UnknownJitterDefinition, pdv, pdv_abs,
};
pub use link::LinkUsage;
