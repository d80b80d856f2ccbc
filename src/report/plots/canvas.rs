//! Rendering one plot twice, to SVG and to PNG, each file written atomically. The PNG has
//! [`PNG_SCALE`] times the SVG's logical size in each direction (2000 px wide for a
//! 1000-unit SVG), sharp enough to print: it is drawn anew at that size with every pixel
//! measure of the layout multiplied (see [`layout::px`](super::layout::px)), not scaled up.

use super::{Failed, PlotError};
use crate::report::write_atomic;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

/// Device pixels of the PNG per logical pixel (SVG user unit), in each direction.
pub const PNG_SCALE: u32 = 2;

/// A plot: its file stem, its size and how it draws itself on any backend.
pub(super) trait Figure {
    /// The file stem: `<NAME>.svg` and `<NAME>.png`.
    const NAME: &'static str;

    fn size(&self) -> (u32, u32) {
        (super::layout::WIDTH, super::layout::HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed>;
}

/// Draws `fig` into `dir` as `<NAME>.svg` and `<NAME>.png`; returns both paths.
pub(super) fn render<F: Figure>(fig: &F, dir: &Path) -> Result<[PathBuf; 2], PlotError> {
    let failed = |e: Failed| PlotError::Draw {
        plot: F::NAME,
        message: e.0,
    };
    let size = fig.size();
    let svg_path = dir.join(format!("{}.svg", F::NAME));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        paint(fig, &root).map_err(failed)?;
    }
    write_atomic(&svg_path, svg.as_bytes()).map_err(|source| PlotError::Write {
        path: svg_path.clone(),
        source,
    })?;
    let png_path = dir.join(format!("{}.png", F::NAME));
    write_png(fig, size, &png_path).map_err(|e| match e {
        PngFailure::Draw(e) => failed(e),
        PngFailure::Io(source) => PlotError::Write {
            path: png_path.clone(),
            source,
        },
    })?;
    Ok([svg_path, png_path])
}

fn paint<F: Figure, DB: DrawingBackend>(
    fig: &F,
    root: &DrawingArea<DB, Shift>,
) -> Result<(), Failed> {
    root.fill(&WHITE)?;
    fig.draw(root)?;
    root.present()?;
    Ok(())
}

enum PngFailure {
    Draw(Failed),
    Io(std::io::Error),
}

/// Draws the PNG to a temporary file beside `path` (its name ends in .png, which tells the
/// encoder the format) and renames it into place, as [`write_atomic`] does.
fn write_png<F: Figure>(fig: &F, size: (u32, u32), path: &Path) -> Result<(), PngFailure> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(PngFailure::Io)?;
    let tmp = dir.join(format!(".{}.tmp-{}.png", F::NAME, std::process::id()));
    let result = (|| {
        {
            let _scale = super::layout::Scale::set(PNG_SCALE);
            let k = PNG_SCALE;
            let root = BitMapBackend::new(&tmp, (size.0 * k, size.1 * k)).into_drawing_area();
            paint(fig, &root).map_err(PngFailure::Draw)?;
        }
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&tmp, path))
            .map_err(PngFailure::Io)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
