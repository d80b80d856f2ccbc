//! Tests that install and start software on the machine: a throw-away Slurm cluster and
//! Debian's headless Chromium. Kept apart from `it` so they run as a step of their own.

#![allow(dead_code)]

#[path = "../it/support/mod.rs"]
mod support;

mod report_renders_in_a_browser;
mod runs_on_a_slurm_cluster;
