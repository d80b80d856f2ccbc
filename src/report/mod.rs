//! Reports: CSV tables, summary.json, the terminal verdict table; written atomically.

pub mod files;
pub mod plots;
pub mod regression;
pub mod summary;
pub mod tables;
pub mod terminal;

pub use files::{default_out_dir, sanitize_name, write_atomic};
pub use summary::{Stats, Summary};
pub use tables::Tables;
