//! vpcsim: a discrete-event network simulator of private cloud interconnection.
//!
//! The pipeline (see DESIGN in the docs): `scenario` loads a TOML file with diagnostics,
//! `model` builds the validated network and enforces the product rules, `topology` compiles
//! it into flat tables, `engine` and `net` simulate packets, `metrics` and `sla` judge the
//! results, and `report` writes them. `cli` is a thin layer over these.

#[cfg(feature = "cli")]
pub mod cli;
pub mod engine;
#[doc(hidden)]
pub mod estate;
pub mod input;
pub mod metrics;
pub mod model;
pub mod net;
pub mod plan;
pub mod report;
pub mod scenario;
pub mod sla;
pub mod study;
pub mod topology;
pub mod units;
