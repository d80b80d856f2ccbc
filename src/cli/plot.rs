//! `vpcsim plot DIR`: redraw the plots of a finished run from its CSVs and summary.json (of
//! a sweep from its sweep.csv, with each value's run under sweep/; of an N-1 analysis from its
//! n1.csv). The folder's manifest is
//! verified first, and the redrawn folder is sealed with a new manifest, replacing the old
//! folder as a whole.

use super::EXIT_BAD_INPUT;
use crate::report::manifest::{Kind, MANIFEST, verify};
use crate::report::outdir::Staging;
use crate::report::plots::{PlotError, redraw, redraw_n1, redraw_sweep};
use std::path::{Path, PathBuf};

/// Redraws the plots in `dir`. Exit 0, or 2 when `dir` is not a verified result or a plot
/// cannot be drawn or written.
pub fn run(dir: &Path) -> u8 {
    match redraw_dir(dir) {
        Ok(files) => {
            println!("plots: {files} files in {}", dir.display());
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_BAD_INPUT
        }
    }
}

/// Copies every file of `from` (but the manifest) into `to`, as hard links where possible.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let dest = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            std::fs::create_dir_all(&dest)?;
            copy_tree(&e.path(), &dest)?;
        } else if e.file_name() != MANIFEST && std::fs::hard_link(e.path(), &dest).is_err() {
            std::fs::copy(e.path(), &dest)?;
        }
    }
    Ok(())
}

fn redraw_dir(dir: &Path) -> Result<usize, String> {
    let manifest = verify(dir)?;
    let plot = |e: PlotError| e.to_string();
    let staging = Staging::begin(dir, &Default::default())?;
    copy_tree(dir, staging.path()).map_err(|e| format!("cannot copy {}: {e}", dir.display()))?;
    let at = staging.path();
    let files = match manifest.kind {
        Kind::Run => redraw(at).map_err(plot)?.len(),
        Kind::Sweep => {
            let mut n = redraw_sweep(at).map_err(plot)?.len();
            for value in sweep_values(at) {
                // Plots are replaced by rename, so the old folder's hard-linked files stay
                // as they were until the swap.
                n += redraw(&value).map_err(plot)?.len();
                crate::study::output::report(&value, Kind::Run).map_err(|e| e.to_string())?;
            }
            n
        }
        Kind::N1 => redraw_n1(at).map_err(plot)?.len(),
        Kind::Shard => {
            return Err(format!(
                "{} is one shard of a run: merge the shards first, then plot the merged folder",
                dir.display()
            ));
        }
        other => {
            return Err(format!(
                "{} holds a {} result, which has no plots to redraw here",
                dir.display(),
                other.word()
            ));
        }
    };
    // The report embeds the plots: it is written again with them.
    crate::study::output::report(at, manifest.kind).map_err(|e| e.to_string())?;
    staging
        .commit(manifest)
        .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
    Ok(files)
}

/// The folders of a sweep's values, sweep/<k>_<value>/, in order of their names.
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
