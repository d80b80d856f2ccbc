//! Plots of a finished run, drawn only from its CSV records (and the SLA targets), so
//! `vpcsim plot DIR` redraws exactly what `run` drew. Each plot is written as SVG and PNG
//! with the embedded DejaVu Sans font: no font or graphics library of the machine is used.
//!
//! | file | shows |
//! |---|---|
//! | `delay_cdf` | each flow's one-way delay distribution from delay_hist.csv (every delivered packet): the CDF, and its tail as 1 − CDF on a log scale, p50 and p99 marked |
//! | `jitter_hist` | per flow, a histogram of the per-replication jitter ratio on bins chosen from its values, with the jitter target |
//! | `loss_by_cause` | mean loss by cause per flow, stacked, with the loss target |
//! | `utilization` | queue utilization over time against the capacity in force (mean over replications, the peak of any replication marked), 0–100% with the 100% line, spec changes marked |
//! | `availability` | downtime per 30 days (from 1 − availability) with its 95% interval, per connection and per flow, against the downtime the target allows |
//!
//! A sweep's folder gets one more, drawn from its sweep.csv and summary.json:
//!
//! | file | shows |
//! |---|---|
//! | `sweep` | each SLA metric's mean and 95% interval against the swept value, per flow or connection, with the targets and the capacity answer; the cost per day when the values are priced |
//!
//! An N-1 analysis' folder gets its own, drawn from its n1.csv and summary.json:
//!
//! | file | shows |
//! |---|---|
//! | `n1` | a grid of cases (rows) × flows (columns), each cell pass ✓ or fail ✗ with why: no path, the loss and its main cause, the jitter |
//!
//! Each PNG has twice the SVG's logical size in each direction ([`PNG_SCALE`]), for print.

mod availability;
mod canvas;
mod chart;
mod delay_cdf;
mod font;
mod group;
mod input;
mod jitter_hist;
mod layout;
mod loss_by_cause;
mod n1;
mod scale;
mod sweep;
mod utilization;

pub use canvas::PNG_SCALE;
pub use input::{CSV_FILES, read_n1, read_run, read_sweep};
pub use sweep::SweepMeta;

use crate::plan::SweepRow;
use crate::plan::n1::N1Row;
use crate::report::Tables;
use crate::report::summary::Targets;
use crate::report::tables::DelayBucket;
use crate::sla::targets::DesignTargets;
use plotters::drawing::DrawingAreaErrorKind;
use std::path::{Path, PathBuf};

/// The file stems of the plots, each written as `.svg` and `.png`.
pub const PLOTS: [&str; 5] = [
    "delay_cdf",
    "jitter_hist",
    "loss_by_cause",
    "utilization",
    "availability",
];

/// The file stem of a sweep's plot, written as `.svg` and `.png`.
pub const SWEEP_PLOT: &str = "sweep";

/// The file stem of an N-1 analysis' plot, written as `.svg` and `.png`.
pub const N1_PLOT: &str = "n1";

/// Why plots could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("{}: not the output folder of a finished run: missing {missing}", dir.display())]
    MissingInput { dir: PathBuf, missing: String },
    #[error("{message}")]
    Unreadable { dir: PathBuf, message: String },
    #[error("cannot draw {plot}: {message}")]
    Draw { plot: &'static str, message: String },
    #[error("cannot write {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A failure while drawing one plot, from plotters or the font.
#[derive(Debug)]
pub(crate) struct Failed(pub(crate) String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for Failed {
    fn from(e: DrawingAreaErrorKind<E>) -> Failed {
        Failed(e.to_string())
    }
}

/// Draws every plot of a run into `dir` from its records and the rows of its
/// delay_hist.csv; returns the files written.
pub fn draw_all(
    dir: &Path,
    tables: &Tables,
    delays: &[DelayBucket],
    targets: &DesignTargets,
) -> Result<Vec<PathBuf>, PlotError> {
    font::ensure_registered().map_err(|e| PlotError::Draw {
        plot: "font",
        message: e.0,
    })?;
    let mut files = Vec::with_capacity(2 * PLOTS.len());
    files.extend(canvas::render(
        &delay_cdf::DelayCdf::new(&tables.flows, delays),
        dir,
    )?);
    files.extend(canvas::render(
        &jitter_hist::JitterHist::new(&tables.flows, targets),
        dir,
    )?);
    files.extend(canvas::render(
        &loss_by_cause::LossByCause::new(&tables.flows, targets),
        dir,
    )?);
    files.extend(canvas::render(
        &utilization::Utilization::new(&tables.timeseries),
        dir,
    )?);
    files.extend(canvas::render(
        &availability::Availability::new(&tables.connections, &tables.flows, targets),
        dir,
    )?);
    Ok(files)
}

/// Redraws the plots of the finished run in `dir` from its CSVs and summary.json.
pub fn redraw(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let (tables, delays, targets) = read_run(dir)?;
    draw_all(dir, &tables, &delays, &targets)
}

/// Draws the plot of a sweep into `dir` from its sweep.csv rows and what its summary says
/// (`meta`, with the cost of each value); returns the files written.
pub fn draw_sweep(
    dir: &Path,
    rows: &[SweepRow],
    meta: &SweepMeta,
) -> Result<Vec<PathBuf>, PlotError> {
    font::ensure_registered().map_err(|e| PlotError::Draw {
        plot: "font",
        message: e.0,
    })?;
    let plot =
        sweep::SweepPlot::new(rows, meta, &meta.costs).with_currency(meta.currency.as_deref());
    Ok(canvas::render(&plot, dir)?.to_vec())
}

/// Redraws the plot of the sweep in `dir` from its sweep.csv and summary.json.
pub fn redraw_sweep(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let (rows, meta) = read_sweep(dir)?;
    draw_sweep(dir, &rows, &meta)
}

/// Draws the plot of an N-1 analysis into `dir` from its n1.csv rows, the SLA targets and
/// the replications per case; returns the files written.
pub fn draw_n1(
    dir: &Path,
    rows: &[N1Row],
    sla: &Targets,
    replications: u64,
) -> Result<Vec<PathBuf>, PlotError> {
    font::ensure_registered().map_err(|e| PlotError::Draw {
        plot: "font",
        message: e.0,
    })?;
    let grid = n1::N1Grid::new(rows, sla.required_compliance, replications);
    Ok(canvas::render(&grid, dir)?.to_vec())
}

/// Redraws the plot of the N-1 analysis in `dir` from its n1.csv and summary.json.
pub fn redraw_n1(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let (rows, targets, replications) = read_n1(dir)?;
    draw_n1(dir, &rows, &targets, replications)
}

/// The SLA's required compliance as words for a subtitle: "in at least 95% of replications".
fn compliance_words(required_compliance: f64) -> String {
    format!(
        "in at least {}% of replications",
        scale::significant(required_compliance * 100.0)
    )
}

#[cfg(test)]
pub(super) mod tests {
    use crate::scenario::ConnectionType;
    use crate::sla::targets::{DesignTargets, NamedFlowTargets, promised};

    /// Flows `names` held to Express Connect's targets, judged as by default.
    pub fn express_connect_targets(names: &[&str]) -> DesignTargets {
        DesignTargets {
            required_compliance: 0.95,
            jitter: "pdv".into(),
            flows: names
                .iter()
                .map(|n| NamedFlowTargets {
                    name: n.to_string(),
                    targets: promised(ConnectionType::ExpressConnect),
                })
                .collect(),
            connections: Vec::new(),
        }
    }
}
