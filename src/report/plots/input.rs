//! What `plot DIR` reads: the four CSVs of a finished run and its SLA targets, a sweep's
//! sweep.csv and summary.json (with the cost of each swept value), or an N-1 analysis'
//! n1.csv and summary.json.

use super::{PlotError, SweepMeta};
use crate::plan::SweepRow;
use crate::plan::n1::N1Row;
use crate::report::Tables;
use crate::report::summary::Targets;
use crate::report::tables::{DelayBucket, from_csv};
use std::path::Path;

/// The CSVs a run writes, all needed to redraw its plots.
pub const CSV_FILES: [&str; 4] = [
    "flows.csv",
    "connections.csv",
    "timeseries.csv",
    "delay_hist.csv",
];

/// Reads a run folder's CSVs (delay_hist.csv's rows apart) and the SLA targets of its
/// summary.json (or, for a shard folder, of its shard.json).
pub fn read_run(dir: &Path) -> Result<(Tables, Vec<DelayBucket>, Targets), PlotError> {
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

/// Reads a folder's table `csv` and its summary.json, with the SLA targets the summary holds.
fn read_table_and_summary<R: serde::de::DeserializeOwned>(
    dir: &Path,
    csv: &str,
) -> Result<(Vec<R>, serde_json::Value, Targets), PlotError> {
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
    let unreadable = |message| PlotError::Unreadable {
        dir: dir.to_path_buf(),
        message,
    };
    let rows: Vec<R> = from_csv(&csv).map_err(unreadable)?;
    let bytes = std::fs::read(&path).map_err(|e| unreadable(format!("{}: {e}", path.display())))?;
    let bad = |what: &str| unreadable(format!("{}: {what}", path.display()));
    let doc: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| bad(&e.to_string()))?;
    let targets: Targets = serde_json::from_value(doc.get("sla").cloned().unwrap_or_default())
        .map_err(|e| bad(&format!("sla: {e}")))?;
    Ok((rows, doc, targets))
}

/// Reads a sweep folder's sweep.csv, and from its summary.json the swept parameter, the
/// replications, the SLA targets and the capacity answer.
pub fn read_sweep(dir: &Path) -> Result<(Vec<SweepRow>, SweepMeta), PlotError> {
    let (rows, doc, targets) = read_table_and_summary::<SweepRow>(dir, "sweep.csv")?;
    let bad = |what: &str| PlotError::Unreadable {
        dir: dir.to_path_buf(),
        message: format!("{}: {what}", dir.join("summary.json").display()),
    };
    let parameter = doc
        .pointer("/sweep/parameter")
        .and_then(|v| v.as_str())
        .ok_or_else(|| bad("no sweep.parameter: not the summary of a sweep"))?;
    let meta = SweepMeta {
        parameter: parameter.to_string(),
        replications: doc
            .get("replications")
            .and_then(|v| v.as_u64())
            .unwrap_or(0),
        targets,
        smallest: doc
            .pointer("/capacity/smallest")
            .and_then(|v| v.as_str())
            .map(str::to_string),
        largest: doc
            .pointer("/headroom/largest")
            .and_then(|v| v.as_str())
            .map(str::to_string),
    };
    Ok((rows, meta))
}

/// Reads an N-1 folder's n1.csv, and from its summary.json the SLA targets and the
/// replications per case.
pub fn read_n1(dir: &Path) -> Result<(Vec<N1Row>, Targets, u64), PlotError> {
    let (rows, doc, targets) = read_table_and_summary::<N1Row>(dir, "n1.csv")?;
    let replications = doc
        .get("replications")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    Ok((rows, targets, replications))
}

/// The cost per day of each swept value, from the `sweep.points` of the summary.json in
/// `dir`, in sweep order: (value, cost), the cost `None` where a value is not priced. Empty
/// when there is no such file or no point is priced.
pub(super) fn read_costs(dir: &Path) -> Vec<(String, Option<f64>)> {
    let Ok(bytes) = std::fs::read(dir.join("summary.json")) else {
        return Vec::new();
    };
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Vec::new();
    };
    let Some(points) = doc.pointer("/sweep/points").and_then(|p| p.as_array()) else {
        return Vec::new();
    };
    let costs: Vec<(String, Option<f64>)> = points
        .iter()
        .filter_map(|p| {
            let value = p.get("value")?.as_str()?.to_string();
            let cost = p
                .get("cost_per_day")
                .and_then(|c| c.as_f64())
                .filter(|c| c.is_finite());
            Some((value, cost))
        })
        .collect();
    if costs.iter().any(|c| c.1.is_some()) {
        costs
    } else {
        Vec::new()
    }
}

/// The currency of a sweep's costs (`sweep.currency` of the summary.json in `dir`).
pub(super) fn read_currency(dir: &Path) -> Option<String> {
    let bytes = std::fs::read(dir.join("summary.json")).ok()?;
    let doc = serde_json::from_slice::<serde_json::Value>(&bytes).ok()?;
    Some(doc.pointer("/sweep/currency")?.as_str()?.to_string())
}

fn read_targets(dir: &Path) -> Result<Targets, PlotError> {
    for name in ["summary.json", "shard.json"] {
        let path = dir.join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let bad = |e: serde_json::Error| PlotError::Unreadable {
            dir: dir.to_path_buf(),
            message: format!("{}: {e}", path.display()),
        };
        // Only the targets are kept: the rest of the document (a few kilobytes per flow) is
        // skipped as it is read, not built into a tree.
        #[derive(serde::Deserialize)]
        struct WithSla {
            sla: Option<serde_json::Value>,
        }
        let doc: WithSla = serde_json::from_slice(&bytes).map_err(bad)?;
        let sla = doc.sla.unwrap_or(serde_json::Value::Null);
        return serde_json::from_value(sla).map_err(bad);
    }
    Err(PlotError::MissingInput {
        dir: dir.to_path_buf(),
        missing: "summary.json (it holds the SLA targets)".into(),
    })
}
