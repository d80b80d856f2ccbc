pub mod engine;
pub mod units;
