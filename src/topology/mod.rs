//! Topology: the petgraph graph of the network, geography-derived delays, longest-prefix
//! forwarding over route tables, reachability, and the compiled [`Plan`] the engine runs on.

pub mod forward;
pub mod graph;
pub mod plan;
pub mod reach;

pub use forward::{Blocked, Forwarding, forward};
pub use plan::{
    Channel, ChannelId, ChannelKind, ConnectionPlan, FailureUnit, FlowPlan, FlowRoute, Hop, Plan,
    Shaper, ShaperId, Tunnel, TunnelId, UnitId, compile,
};
pub use reach::{ReachPath, ReachRow, reach};
