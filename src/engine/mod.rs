//! The discrete-event engine: simulated time, the pending-event queue, the run loop and
//! seeded random streams.
//!
//! The engine knows nothing of packets or networks. A model implements [`Model`], keeps its
//! state in flat tables, and schedules small `Copy` events on an [`EventQueue`];
//! [`run_until`] pops them in (time, insertion order) and hands them back. Time is
//! [`SimTime`], integer nanoseconds, so a run is exact and a pure function of its scenario
//! and seed. Every random process draws from its own [`stream`], keyed by (master seed,
//! replication, [`component_id`]), so adding a component never perturbs another's numbers.

mod queue;
mod rng;
mod run;
mod time;

pub use queue::EventQueue;
pub use rng::{
    ComponentId, ComponentKind, MAX_SEED, MAX_SUB, SimRng, component_id, name_id, replication_seed,
    rng_from_seed, stream, stream_seed,
};
pub use run::{Model, RunStats, run_until};
pub use time::SimTime;
