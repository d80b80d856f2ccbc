//! Planning answers on top of Monte Carlo runs: parameter sweeps, the smallest connection
//! size that meets the SLA, and what it costs per day.

pub mod cost;
pub mod n1;
pub mod sweep;

pub use sweep::{CapacityAnswer, HeadroomAnswer, SweepPoint, SweepRow, capacity, headroom, rows};
