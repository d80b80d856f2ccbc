//! SLA judgement: targets, verdicts, Monte Carlo aggregation and confidence intervals.
//!
//! `stats` holds the interval arithmetic and the analytic availability references the judge
//! and the fidelity tests rely on; it knows nothing of the engine.

mod special;
pub mod stats;

pub use stats::{
    MeanCi, availability, clopper_pearson, mean_ci, normal_quantile, parallel, series,
    student_t_quantile, wilson_interval, z_for_confidence,
};

pub mod cell;
pub mod judge;
pub mod metric;
pub mod record;
pub mod targets;
