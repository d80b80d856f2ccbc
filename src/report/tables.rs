//! The tidy CSVs of a run, written row by row as replications finish (so memory does not grow
//! with the replication count) and read back row by row by `merge` and `plot`.

use crate::metrics::DelayHistogram;
pub use crate::sla::record::Tables;
use crate::sla::record::{ConnectionRecord, FlowRecord, TimeseriesRecord};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

pub const FLOWS_CSV: &str = "flows.csv";
pub const CONNECTIONS_CSV: &str = "connections.csv";
pub const TIMESERIES_CSV: &str = "timeseries.csv";
pub const DELAY_HIST_CSV: &str = "delay_hist.csv";

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

/// The bytes of a table written with `header` and then `rows`, exactly as the streamed files
/// of a result folder hold them.
pub fn table_csv<T: Serialize>(header: &[&str], rows: &[T]) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(header).map_err(|e| e.to_string())?;
    for r in rows {
        w.serialize(r).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

impl Tables {
    /// flows.csv of these rows.
    pub fn flows_csv(&self) -> Result<Vec<u8>, String> {
        table_csv(FLOW_COLUMNS, &self.flows)
    }

    /// connections.csv of these rows.
    pub fn connections_csv(&self) -> Result<Vec<u8>, String> {
        table_csv(CONNECTION_COLUMNS, &self.connections)
    }

    /// timeseries.csv of these rows.
    pub fn timeseries_csv(&self) -> Result<Vec<u8>, String> {
        table_csv(TIMESERIES_COLUMNS, &self.timeseries)
    }
}

/// delay_hist.csv of a run's delay distributions.
pub fn delay_hist_csv(delays: &[(String, DelayHistogram)]) -> Result<Vec<u8>, String> {
    to_csv(&delay_rows(delays, false), DELAY_HIST_COLUMNS).map_err(|e| e.to_string())
}

/// Reads every row of a CSV file.
pub fn from_csv<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for_each_row(path, |r| {
        out.push(r);
        Ok(())
    })?;
    Ok(out)
}

/// Calls `f` on each row of a CSV file in order, without holding the file in memory. Errors
/// name the file and the line.
pub fn for_each_row<T: DeserializeOwned>(
    path: &Path,
    mut f: impl FnMut(T) -> Result<(), String>,
) -> Result<(), String> {
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for row in r.deserialize() {
        let row: T = row.map_err(|e| {
            let line = e
                .position()
                .map_or(String::new(), |p| format!(":{}", p.line()));
            format!("{}{line}: {e}", path.display())
        })?;
        f(row)?;
    }
    Ok(())
}

type CsvOut = csv::Writer<BufWriter<File>>;

fn create(dir: &Path, name: &str, header: &[&str]) -> std::io::Result<CsvOut> {
    std::fs::create_dir_all(dir)?;
    super::files::injected_failure(name)?;
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(BufWriter::new(File::create(dir.join(name))?));
    w.write_record(header).map_err(std::io::Error::other)?;
    Ok(w)
}

/// The three per-replication CSVs of one run, open for appending rows, and the delay
/// distribution written when the run ends.
pub struct TableWriters {
    dir: std::path::PathBuf,
    /// Write every fine bucket of the delay distribution (shards, so `merge` can add them
    /// exactly) instead of the few hundred rows that draw it.
    fine_delays: bool,
    flows: CsvOut,
    connections: CsvOut,
    timeseries: CsvOut,
}

fn io(e: csv::Error) -> String {
    e.to_string()
}

impl TableWriters {
    /// A write error of the file `name`, naming its path.
    fn failed(&self, name: &str, e: impl std::fmt::Display) -> String {
        format!("cannot write {}: {e}", self.dir.join(name).display())
    }
}

impl TableWriters {
    /// Creates flows.csv, connections.csv and timeseries.csv (headers only) in `dir`.
    pub fn create(dir: &Path, fine_delays: bool) -> Result<TableWriters, String> {
        let open = |name: &str, header: &[&str]| {
            create(dir, name, header)
                .map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))
        };
        Ok(TableWriters {
            dir: dir.to_path_buf(),
            fine_delays,
            flows: open(FLOWS_CSV, FLOW_COLUMNS)?,
            connections: open(CONNECTIONS_CSV, CONNECTION_COLUMNS)?,
            timeseries: open(TIMESERIES_CSV, TIMESERIES_COLUMNS)?,
        })
    }

    /// Appends the rows of one replication.
    pub fn write(
        &mut self,
        flows: &[FlowRecord],
        connections: &[ConnectionRecord],
        timeseries: &[TimeseriesRecord],
    ) -> Result<(), String> {
        for r in flows {
            if let Err(e) = self.flows.serialize(r) {
                return Err(self.failed(FLOWS_CSV, e));
            }
        }
        for r in connections {
            if let Err(e) = self.connections.serialize(r) {
                return Err(self.failed(CONNECTIONS_CSV, e));
            }
        }
        for r in timeseries {
            if let Err(e) = self.timeseries.serialize(r) {
                return Err(self.failed(TIMESERIES_CSV, e));
            }
        }
        Ok(())
    }

    /// Writes delay_hist.csv from the per-flow distributions and flushes every file.
    pub fn finish(self, delays: &[(String, DelayHistogram)]) -> Result<(), String> {
        let rows = delay_rows(delays, self.fine_delays);
        let bytes = to_csv(&rows, DELAY_HIST_COLUMNS).map_err(io)?;
        super::write_atomic(&self.dir.join(DELAY_HIST_CSV), &bytes)
            .map_err(|e| format!("cannot write {e}"))?;
        let dir = self.dir.clone();
        let failed = |name: &str, e: &dyn std::fmt::Display| {
            format!("cannot write {}: {e}", dir.join(name).display())
        };
        for (name, w) in [
            (FLOWS_CSV, self.flows),
            (CONNECTIONS_CSV, self.connections),
            (TIMESERIES_CSV, self.timeseries),
        ] {
            let f = w.into_inner().map_err(|e| failed(name, e.error()))?;
            let f = f.into_inner().map_err(|e| failed(name, e.error()))?;
            f.sync_all().map_err(|e| failed(name, &e))?;
            super::outdir::crash_point();
        }
        Ok(())
    }
}

/// One bucket of a flow's delay distribution: `count` delivered packets with a one-way delay
/// in (previous row's `delay_ms`, this row's `delay_ms`] (the first row of a flow starts at
/// the flow's minimum delay).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct DelayBucket {
    #[serde(with = "crate::sla::cell")]
    pub flow: String,
    pub delay_ms: f64,
    pub count: u64,
}

/// Rows drawn per flow in a run's delay_hist.csv (about; see [`DelayHistogram::coarse_rows`]).
pub const DELAY_ROWS_PER_FLOW: u64 = 400;

fn ms(ns: u64) -> f64 {
    ns as f64 / 1e6
}

/// The rows of delay_hist.csv: per flow, bucket upper edges in ms with counts.
pub fn delay_rows(delays: &[(String, DelayHistogram)], fine: bool) -> Vec<DelayBucket> {
    let mut out = Vec::new();
    for (flow, h) in delays {
        let rows: Vec<(u64, u64)> = if fine {
            h.buckets()
                .map(|(b, n)| (crate::metrics::histogram::bucket_range(b).1, n))
                .collect()
        } else {
            h.coarse_rows(DELAY_ROWS_PER_FLOW)
        };
        out.extend(rows.into_iter().map(|(edge, count)| DelayBucket {
            flow: flow.clone(),
            delay_ms: ms(edge),
            count,
        }));
    }
    out
}

/// Adds the fine rows of a shard's delay_hist.csv to per-flow histograms: each row's count
/// goes to the bucket whose upper edge it names.
pub fn add_fine_rows(
    rows: &[DelayBucket],
    by_flow: &mut [(String, DelayHistogram)],
) -> Result<(), String> {
    for r in rows {
        let Some((_, h)) = by_flow.iter_mut().find(|(n, _)| *n == r.flow) else {
            return Err(format!(
                "delay_hist.csv names an unknown flow \"{}\"",
                r.flow
            ));
        };
        let edge = (r.delay_ms * 1e6).round();
        if !(edge.is_finite() && edge >= 1.0) {
            return Err(format!(
                "delay_hist.csv: {} is not a bucket edge",
                r.delay_ms
            ));
        }
        h.record_n(edge as u64 - 1, r.count);
    }
    Ok(())
}

pub const DELAY_HIST_COLUMNS: &[&str] = &["flow", "delay_ms", "count"];

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
    "jitter_queue_ms",
    "jitter_network_ms",
    "availability",
    "blocked_reason",
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
    "capacity_mbps",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The header constants are what serde writes for the record types, so an empty file and
    /// a file with rows have the same header.
    #[test]
    fn column_lists_match_the_record_fields() {
        fn header<T: Serialize>(row: &T) -> Vec<String> {
            let bytes = to_csv(std::slice::from_ref(row), &[]).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            text.lines()
                .next()
                .unwrap()
                .split(',')
                .map(str::to_string)
                .collect()
        }
        let f = FlowRecord {
            replication: 0,
            seed: 0,
            flow: "f".into(),
            offered: 0,
            delivered: 0,
            lost_queue: 0,
            lost_cap: 0,
            lost_link: 0,
            lost_encap: 0,
            lost_down: 0,
            lost_blocked: 0,
            loss: None,
            delay_min_ms: None,
            delay_mean_ms: None,
            delay_p99_ms: None,
            jitter: None,
            encap_success: None,
            delay_p50_ms: None,
            delay_max_ms: None,
            jitter_ms: None,
            jitter_queue_ms: None,
            jitter_network_ms: None,
            availability: None,
            blocked_reason: None,
        };
        assert_eq!(header(&f), FLOW_COLUMNS);
        let c = ConnectionRecord {
            replication: 0,
            seed: 0,
            connection: "c".into(),
            direction: "a>b".into(),
            availability: None,
            utilization: None,
            bytes: 0,
        };
        assert_eq!(header(&c), CONNECTION_COLUMNS);
        let t = TimeseriesRecord {
            replication: 0,
            time_s: 0.0,
            link: "l".into(),
            utilization: 0.0,
            queue_bytes: 0,
            capacity_mbps: 0.0,
        };
        assert_eq!(header(&t), TIMESERIES_COLUMNS);
        let d = DelayBucket {
            flow: "f".into(),
            delay_ms: 1.0,
            count: 1,
        };
        assert_eq!(header(&d), DELAY_HIST_COLUMNS);
    }
}
