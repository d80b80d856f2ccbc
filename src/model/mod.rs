//! The validated cloud model and the product rules it enforces.
//!
//! [`build`] turns a loaded [`crate::scenario::Scenario`] into a [`Network`]: names resolved to
//! indices, quantities typed, and every rule of docs/scenario.md "Rules by product" checked
//! (CIDR overlap, peer limits, one connection per pair, application expiry, cross-region
//! bandwidth, router interface rules, load balancer backends, VBR roles).

pub mod access;
pub(crate) mod build;
pub mod catalogue;
mod entities;
pub mod geo;
pub mod rules;
pub mod sources;
pub mod sweep;

pub use build::build;
pub use build::places::first_host;
pub use build::traffic::{fault_target_forms, resource_at, sites_of};
pub use entities::*;
