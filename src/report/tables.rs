//! CSV serialization of records, and reading them back (for `merge`).

pub use crate::sla::record::Tables;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Serializes rows to CSV with a header (columns named after the record fields).
pub fn to_csv<T: Serialize>(rows: &[T], header_if_empty: &[&str]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(Vec::new());
    if rows.is_empty() {
        w.write_record(header_if_empty)?;
    }
    for r in rows {
        w.serialize(r)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Reads rows back from a CSV file.
pub fn from_csv<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, String> {
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    r.deserialize()
        .map(|row| row.map_err(|e| format!("{}: {e}", path.display())))
        .collect()
}

pub const FLOW_COLUMNS: &[&str] = &[
    "replication",
    "seed",
    "flow",
    "offered",
    "delivered",
    "lost_queue",
    "lost_cap",
    "lost_link",
    "lost_encap",
    "lost_down",
    "lost_blocked",
    "loss",
    "delay_min_ms",
    "delay_mean_ms",
    "delay_p99_ms",
    "jitter",
    "encap_success",
    "delay_p50_ms",
    "delay_max_ms",
    "jitter_ms",
];
pub const CONNECTION_COLUMNS: &[&str] = &[
    "replication",
    "seed",
    "connection",
    "direction",
    "availability",
    "utilization",
    "bytes",
];
pub const TIMESERIES_COLUMNS: &[&str] = &[
    "replication",
    "time_s",
    "link",
    "utilization",
    "queue_bytes",
];
