//! `vpcsim plot DIR`: redraw the plots of a finished run from its CSVs and summary.json (and
//! of a sweep from its sweep.csv, with each value's run under sweep/); and the plotting step
//! at the end of `run` and `merge`.

use super::EXIT_BAD_INPUT;
use crate::report::Tables;
use crate::report::plots::{PlotError, draw_all, redraw, redraw_sweep};
use crate::report::summary::Targets;
use std::path::{Path, PathBuf};

/// Redraws the plots in `dir`: a sweep's plot when it has sweep.csv (and the plots of each
/// value's folder under sweep/), a run's plots when it has flows.csv. Exit 0, or 2 when
/// `dir` is neither or a plot cannot be drawn or written.
pub fn run(dir: &Path) -> u8 {
    match redraw_dir(dir) {
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

fn redraw_dir(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let sweep = dir.join("sweep.csv").is_file();
    let run = dir.join("flows.csv").is_file();
    if !sweep {
        // A run's folder; without flows.csv this names the missing CSVs.
        return redraw(dir);
    }
    let mut files = redraw_sweep(dir)?;
    for value in sweep_values(dir) {
        files.extend(redraw(&value)?);
    }
    if run {
        files.extend(redraw(dir)?);
    }
    Ok(files)
}

/// The folders of a sweep's values, sweep/<k>_<value>/, that hold a run's flows.csv, in
/// order of their names.
fn sweep_values(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join("sweep")) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("flows.csv").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// Draws the plots of a run that has just written its CSVs to `out`. A plot that cannot be
/// drawn is reported but does not change the exit code: the verdict is in summary.json.
pub(crate) fn after_run(out: &Path, tables: &Tables, targets: &Targets) {
    if let Err(e) = draw_all(out, tables, targets) {
        eprintln!("warning: plots not drawn: {e}");
    }
}
