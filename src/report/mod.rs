//! Reports: CSV tables, summary.json, the terminal verdict table; written atomically.

pub mod compare;
pub mod files;
#[cfg(feature = "report")]
pub mod html;
pub mod manifest;
pub mod outdir;
#[cfg(feature = "plots")]
pub mod plots;
pub mod regression;
mod safe;
pub mod summary;
pub mod tables;
pub mod terminal;

pub use files::{default_out_dir, sanitize_name, write_atomic};
pub use safe::{is_unprintable, safe};
pub use summary::{RunInfo, Stats, Summary};
pub use tables::Tables;
