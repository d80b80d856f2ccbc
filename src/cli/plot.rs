//! `vpcsim plot DIR`: redraw the plots of a finished run from its CSVs and summary.json;
//! and the plotting step at the end of `run` and `merge`.

use super::EXIT_BAD_INPUT;
use crate::report::Tables;
use crate::report::plots::{draw_all, redraw};
use crate::report::summary::Targets;
use std::path::Path;

/// Redraws the plots in `dir`: exit 0, or 2 when `dir` is not a finished run's folder or a
/// plot cannot be drawn or written.
pub fn run(dir: &Path) -> u8 {
    match redraw(dir) {
        Ok(files) => {
            println!("plots: {} files in {}", files.len(), dir.display());
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_BAD_INPUT
        }
    }
}

/// Draws the plots of a run that has just written its CSVs to `out`. A plot that cannot be
/// drawn is reported but does not change the exit code: the verdict is in summary.json.
pub(crate) fn after_run(out: &Path, tables: &Tables, targets: &Targets) {
    if let Err(e) = draw_all(out, tables, targets) {
        eprintln!("warning: plots not drawn: {e}");
    }
}
