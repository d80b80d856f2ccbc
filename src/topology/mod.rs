//! Topology: the petgraph graph of the backbone, forwarding over route tables, reachability,
//! and the compiled [`Plan`] the engine runs on.

pub mod forward;
pub mod graph;
pub mod names;
pub mod plan;
pub mod reach;

pub use forward::{Blocked, Opener, RouteChoice, choices, choices_of};
pub use plan::{
    Bundle, BundleId, BundleMode, Channel, ChannelId, ChannelKind, ConnectionPlan,
    DEFAULT_SHAPER_BUFFER, Element, ElementId, ElementKind, FlowPlan, Hop, Member, MemberId, Path,
    PathId, Plan, Shaper, ShaperId, Tunnel, TunnelId, compile,
};
pub use reach::{ReachPath, ReachRow, reach};
