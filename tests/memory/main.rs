//! Peak-memory tests of whole commands. The kernel's high-water mark of a child (`ru_maxrss`)
//! includes what its parent held when the child was spawned, so these run from a test process
//! of their own that simulates nothing, apart from the suite in `it`.

#![allow(dead_code)]

#[path = "../it/support/mod.rs"]
mod support;

mod peak_memory;
mod reach_lists_what_is_asked_in_bounded_memory;
