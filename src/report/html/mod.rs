//! report.html: one self-contained page a capacity planner can hand over.
//!
//! [`write_report`] reads `summary.json` of a result folder as the typed summary of its kind
//! (a run, a sweep or an N-1 analysis, as its manifest says) and writes `report.html` beside
//! it: the verdict in large type and in words, what fails and why, the assumptions (the
//! scenario's SHA-256, seed, replications, tool version, the SLA definitions), the tables,
//! the cost, the plots, and how to reproduce the result. A comparison's page is rendered
//! from its [`Comparison`](crate::report::compare::Comparison) by [`compare::render`].
//!
//! The page needs nothing else: no network, no font, no script (it holds none and its
//! Content Security Policy forbids them), its style sheet inline, each plot an image held in
//! a `data:` URI; it prints on A4. The pages are maud templates, which escape every text
//! spliced into them; [`kit::page`] also shows hidden characters as escapes. The pieces
//! ([`page`], [`Table`], [`verdict_badge`], [`metric_cell`], ...) are public so other pages
//! can share the look.

pub mod common;
pub mod compare;
pub mod figures;
pub mod kit;
pub mod n1;
pub mod plots;
pub mod run;
pub mod style;
pub mod sweep;
pub mod table;

pub use figures::{
    Unit, compliance_line, metric_cell, replication_counts, share_text, sla_cell, target_text,
};
pub use kit::{NONE, facts, page, section, shown, verdict_badge, verdict_badge_big};
pub use plots::{Plot, plots_section};
pub use style::STYLE;
pub use table::{Cell, Table};

use crate::report::manifest::Kind;
use crate::report::summary::{N1Summary, Summary, SweepSummary};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The name of the page written into the folder.
pub const REPORT_FILE: &str = "report.html";

/// The largest summary.json read (bytes).
pub const MAX_SUMMARY_BYTES: u64 = 256 * 1024 * 1024;

/// The summary.json of `dir`, read as the summary of a `kind` result. The error names the
/// file and says what is wrong: missing, too large, not JSON, or not that kind of summary.
pub fn read_summary<T: DeserializeOwned>(dir: &Path, kind: Kind) -> Result<T, String> {
    let path = dir.join("summary.json");
    if !path.is_file() {
        return Err(format!(
            "{}: no summary.json: not a vpcsim result folder",
            dir.display()
        ));
    }
    let bytes = crate::report::manifest::read_limited(&path, MAX_SUMMARY_BYTES)?;
    serde_json::from_slice(&bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => format!(
            "{}: not the summary of a vpcsim {} result: {e}",
            path.display(),
            kind.word()
        ),
        _ => format!("{}: not valid JSON: {e}", path.display()),
    })
}

/// The report page of the `kind` result in `dir`, as a string (reads `dir/summary.json` and
/// its plots). A shard has no page (its shards are merged first) and a comparison's page is
/// written from its comparison, not from a summary.
pub fn render_report(dir: &Path, kind: Kind) -> Result<String, String> {
    match kind {
        Kind::Run => Ok(run::render(&read_summary::<Summary>(dir, kind)?, dir)),
        Kind::Sweep => Ok(sweep::render(
            &read_summary::<SweepSummary>(dir, kind)?,
            dir,
        )),
        Kind::N1 => Ok(n1::render(&read_summary::<N1Summary>(dir, kind)?, dir)),
        Kind::Shard | Kind::Compare => Err(format!(
            "{}: a {} result has no report.html of its own here{}",
            dir.display(),
            kind.word(),
            if kind == Kind::Shard {
                ": merge the shards, and the merged run has one"
            } else {
                ": `vpcsim compare` writes it from the comparison"
            }
        )),
    }
}

/// Writes `dir/report.html` from the folder's summary.json (read as the summary of `kind`)
/// and plots, and returns its path. The error names the file and the problem (no
/// summary.json, invalid JSON, another kind of summary, no such report, cannot write).
pub fn write_report(dir: &Path, kind: Kind) -> Result<PathBuf, String> {
    let html = render_report(dir, kind)?;
    let out = dir.join(REPORT_FILE);
    crate::report::write_atomic(&out, html.as_bytes()).map_err(|e| format!("cannot write {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests;
