//! Helpers shared by several test modules.

pub mod figures;
pub mod peak_rss;
pub mod plot_files;
pub mod slurm_cluster;
