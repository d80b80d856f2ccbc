pub mod metrics;
pub mod sla;
pub mod units;
