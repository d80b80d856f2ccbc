//! What `plot DIR` reads: the four CSVs of a finished run and its SLA targets, a sweep's
//! sweep.csv and summary.json (with the cost of each swept value), or an N-1 analysis'
//! n1.csv and summary.json. Summaries are read typed, as the kind of result they belong to.

use super::{PlotError, SweepMeta};
use crate::plan::SweepRow;
use crate::plan::n1::N1Row;
use crate::report::Tables;
use crate::report::manifest::{MANIFEST, MAX_MANIFEST_BYTES, Manifest, read_limited};
use crate::report::summary::{N1Summary, Summary, SweepSummary, Targets};
use crate::report::tables::{DelayBucket, from_csv};
use crate::sla::targets::{DesignTargets, NamedConnectionTargets, NamedFlowTargets};
use serde::de::DeserializeOwned;
use std::path::Path;

/// The CSVs a run writes, all needed to redraw its plots.
pub const CSV_FILES: [&str; 4] = [
    "flows.csv",
    "connections.csv",
    "timeseries.csv",
    "delay_hist.csv",
];

/// The largest summary.json read for a plot (bytes).
const MAX_SUMMARY_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a run folder's CSVs (delay_hist.csv's rows apart) and the targets of its flows and
/// connections from its summary.json (or, for a shard folder, from its manifest).
pub fn read_run(dir: &Path) -> Result<(Tables, Vec<DelayBucket>, DesignTargets), PlotError> {
    let missing: Vec<&str> = CSV_FILES
        .iter()
        .copied()
        .filter(|f| !dir.join(f).is_file())
        .collect();
    if !missing.is_empty() {
        return Err(PlotError::MissingInput {
            dir: dir.to_path_buf(),
            missing: missing.join(", "),
        });
    }
    let unreadable = |message| PlotError::Unreadable {
        dir: dir.to_path_buf(),
        message,
    };
    let tables = Tables {
        flows: from_csv(&dir.join("flows.csv")).map_err(unreadable)?,
        connections: from_csv(&dir.join("connections.csv")).map_err(unreadable)?,
        timeseries: from_csv(&dir.join("timeseries.csv")).map_err(unreadable)?,
    };
    let delays = from_csv(&dir.join("delay_hist.csv")).map_err(unreadable)?;
    Ok((tables, delays, read_targets(dir)?))
}

/// Reads `dir/name` as JSON of type `T`, at most `max` bytes; the error names the file.
fn read_json<T: DeserializeOwned>(dir: &Path, name: &str, max: u64) -> Result<T, PlotError> {
    let path = dir.join(name);
    let unreadable = |message| PlotError::Unreadable {
        dir: dir.to_path_buf(),
        message,
    };
    let bytes = read_limited(&path, max).map_err(unreadable)?;
    serde_json::from_slice(&bytes).map_err(|e| unreadable(format!("{}: {e}", path.display())))
}

/// Reads a folder's table `csv` and its summary.json as a `T`.
fn read_table_and_summary<R: DeserializeOwned, T: DeserializeOwned>(
    dir: &Path,
    csv: &str,
) -> Result<(Vec<R>, T), PlotError> {
    let csv = dir.join(csv);
    let path = dir.join("summary.json");
    for p in [&csv, &path] {
        if !p.is_file() {
            return Err(PlotError::MissingInput {
                dir: dir.to_path_buf(),
                missing: p.file_name().unwrap_or_default().to_string_lossy().into(),
            });
        }
    }
    let rows: Vec<R> = from_csv(&csv).map_err(|message| PlotError::Unreadable {
        dir: dir.to_path_buf(),
        message,
    })?;
    Ok((rows, read_json(dir, "summary.json", MAX_SUMMARY_BYTES)?))
}

/// Reads a sweep folder's sweep.csv, and from its summary.json the swept parameter, the
/// replications, the SLA targets, the capacity or headroom answer and the cost of each value.
pub fn read_sweep(dir: &Path) -> Result<(Vec<SweepRow>, SweepMeta), PlotError> {
    let (rows, summary) = read_table_and_summary::<SweepRow, SweepSummary>(dir, "sweep.csv")?;
    Ok((rows, SweepMeta::of(&summary)))
}

/// Reads an N-1 folder's n1.csv, and from its summary.json the SLA targets and the
/// replications per case.
pub fn read_n1(dir: &Path) -> Result<(Vec<N1Row>, Targets, u64), PlotError> {
    let (mut rows, summary) = read_table_and_summary::<N1Row, N1Summary>(dir, "n1.csv")?;
    // n1.csv has no targets: each row's are its flow's in summary.json.
    for r in &mut rows {
        if let Some(f) = summary
            .cases
            .iter()
            .filter(|c| c.case == r.case)
            .flat_map(|c| &c.flows)
            .find(|f| f.flow == r.flow)
        {
            r.targets = f.targets;
        }
    }
    Ok((rows, summary.header.sla, summary.header.replications))
}

/// The targets of a run folder's flows and connections: from its summary.json, or for a
/// shard folder, which has no summary, from its manifest.
fn read_targets(dir: &Path) -> Result<DesignTargets, PlotError> {
    if dir.join("summary.json").is_file() {
        let s: Summary = read_json(dir, "summary.json", MAX_SUMMARY_BYTES)?;
        return Ok(DesignTargets {
            required_compliance: s.header.sla.required_compliance,
            jitter: s.header.sla.jitter,
            flows: s
                .flows
                .into_iter()
                .map(|f| NamedFlowTargets {
                    name: f.name,
                    targets: f.targets,
                })
                .collect(),
            connections: s
                .connections
                .into_iter()
                .map(|c| NamedConnectionTargets {
                    name: c.name,
                    targets: c.targets,
                })
                .collect(),
        });
    }
    if dir.join(MANIFEST).is_file() {
        let manifest: Manifest = read_json(dir, MANIFEST, MAX_MANIFEST_BYTES)?;
        if let Some(t) = manifest.targets {
            return Ok(t);
        }
    }
    Err(PlotError::MissingInput {
        dir: dir.to_path_buf(),
        missing: "summary.json (it holds the SLA targets)".into(),
    })
}
