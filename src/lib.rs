pub mod sla;
pub mod units;
