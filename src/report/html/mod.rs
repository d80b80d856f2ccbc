//! report.html: one self-contained page a capacity planner can hand over.
//!
//! [`write_report`] reads `summary.json` and the plots (SVG) of a result folder — a run, a
//! sweep or an N-1 analysis, told apart by the summary — and writes `report.html` beside
//! them: the verdict in large type and in words, what fails and why, the assumptions (the
//! scenario's SHA-256, seed, replications, tool version, the SLA definitions), the tables,
//! the cost, the plots inlined, and how to reproduce the result.
//!
//! The page needs nothing else: no network, no font, no script (it holds none and its
//! Content Security Policy forbids them), its style sheet inline; it prints on A4. Every text
//! taken from the files is escaped. The pieces ([`page`], [`escape`], [`Table`],
//! [`verdict_badge`], [`metric_cell`], ...) are public so other pages (a design comparison)
//! can share the look.

pub mod common;
pub mod compare;
pub mod kit;
pub mod n1;
pub mod run;
pub mod svg;
pub mod sweep;

pub use kit::{
    Cell, NONE, STYLE, Table, Unit, compliance_line, escape, facts, figure, metric_cell, page,
    section, share_text, sla_cell, target_text, verdict_badge, verdict_badge_big,
};
pub use svg::inline_svg;

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The name of the page written into the folder.
pub const REPORT_FILE: &str = "report.html";

/// The largest summary.json read (bytes).
pub const MAX_SUMMARY_BYTES: u64 = 256 * 1024 * 1024;

/// What a result folder holds, told by its summary.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One scenario simulated: flows and connections.
    Run,
    /// A [sweep]: a `sweep` object with one point per value.
    Sweep,
    /// An N-1 analysis: a `cases` array.
    N1,
}

/// The kind of a parsed summary.json.
pub fn kind_of(summary: &Value) -> Kind {
    if summary.get("sweep").is_some_and(Value::is_object) {
        Kind::Sweep
    } else if summary.get("cases").is_some_and(Value::is_array) {
        Kind::N1
    } else {
        Kind::Run
    }
}

/// The report page of a result folder, as a string (reads `dir/summary.json` and its SVGs).
pub fn render_report(dir: &Path) -> Result<String, String> {
    let path = dir.join("summary.json");
    if !path.is_file() {
        return Err(format!(
            "{}: no summary.json: not a vpcsim result folder",
            dir.display()
        ));
    }
    let bytes = crate::report::manifest::read_limited(&path, MAX_SUMMARY_BYTES)?;
    let summary: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{}: not valid JSON: {e}", path.display()))?;
    // The text is not needed once parsed; with 10,000 flows it is tens of megabytes.
    drop(bytes);
    if !summary.is_object() {
        return Err(format!("{}: not a vpcsim summary", path.display()));
    }
    Ok(match kind_of(&summary) {
        Kind::Run => run::render(&summary, dir),
        Kind::Sweep => sweep::render(&summary, dir),
        Kind::N1 => n1::render(&summary, dir),
    })
}

/// Writes `dir/report.html` from the folder's summary.json and plots and returns its path.
/// The error names the file and the problem (no summary.json, invalid JSON, cannot write).
pub fn write_report(dir: &Path, kind: crate::report::manifest::Kind) -> Result<PathBuf, String> {
    let _ = kind;
    let html = render_report(dir)?;
    let out = dir.join(REPORT_FILE);
    crate::report::write_atomic(&out, html.as_bytes()).map_err(|e| format!("cannot write {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const N1_FIXTURE: &str = include_str!("testdata/n1_summary.json");

    fn folder(summary: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("summary.json"), summary).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn kinds_are_told_apart() {
        let v: Value = serde_json::from_str(N1_FIXTURE).unwrap();
        assert_eq!(kind_of(&v), Kind::N1);
        assert_eq!(kind_of(&serde_json::json!({"sweep": {}})), Kind::Sweep);
        assert_eq!(kind_of(&serde_json::json!({"flows": []})), Kind::Run);
    }

    #[test]
    fn hostile_names_are_escaped_and_nothing_executable_is_written() {
        let summary = r#"{"scenario": "<script>alert(1)</script>", "verdict": "fail",
            "seed": 1, "replications": 2, "sla": {"max_loss": 0.002},
            "flows": [{"name": "a\"<img src=x onerror=alert(1)>&\u0007\u202e", "verdict": "fail",
                       "loss": null, "blocked_reason": "no <route> & \u001b[2K"}],
            "connections": [], "cost": {"currency": "<b>", "per_day": null,
                       "items": [{"item": "<i>", "per_day": 1.5}]}}"#;
        let svg = "<?xml version=\"1.0\"?><svg width=\"10\" height=\"10\"><script>x</script></svg>";
        let dir = folder(summary, &[("delay_cdf.svg", svg)]);
        let out = write_report(dir.path(), crate::report::manifest::Kind::Run).unwrap();
        let html = std::fs::read_to_string(out).unwrap();
        assert!(!html.to_lowercase().contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<route>") && !html.contains("<b>&lt;") && !html.contains("<i>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("\\u{7}") && html.contains("\\u{202e}") && html.contains("\\u{1b}"));
        assert!(!html.contains('\u{7}') && !html.contains('\u{1b}') && !html.contains('\u{202e}'));
        assert!(html.contains("delay_cdf.svg is not shown"));
    }

    #[test]
    fn a_folder_without_summary_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            write_report(dir.path(), crate::report::manifest::Kind::Run)
                .unwrap_err()
                .contains("no summary.json")
        );
        std::fs::write(dir.path().join("summary.json"), "{").unwrap();
        assert!(
            write_report(dir.path(), crate::report::manifest::Kind::Run)
                .unwrap_err()
                .contains("not valid JSON")
        );
        std::fs::write(dir.path().join("summary.json"), "[]").unwrap();
        assert!(write_report(dir.path(), crate::report::manifest::Kind::Run).is_err());
    }

    #[test]
    fn the_n1_fixture_shows_failing_cases_first() {
        let dir = folder(N1_FIXTURE, &[]);
        let html = render_report(dir.path()).unwrap();
        let failing = html.find("Failures the design does not survive").unwrap();
        let matrix = html.find("Every case × every flow").unwrap();
        assert!(failing < matrix);
        assert!(html.contains("unreachable"));
        assert!(!html.contains("<figure>"), "n1.svg is absent");
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"200\" height=\"100\" \
                   xmlns=\"http://www.w3.org/2000/svg\"><text x=\"1\" y=\"9\">n-1</text></svg>\n";
        let dir = folder(N1_FIXTURE, &[("n1.svg", svg)]);
        let html = render_report(dir.path()).unwrap();
        assert_eq!(html.matches("<figure>").count(), 1);
        assert!(!html.contains("<?xml"));
    }
}
