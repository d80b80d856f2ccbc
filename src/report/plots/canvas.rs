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
    let png = draw_png(fig, size).map_err(|e| match e {
        PngFailure::Draw(e) => failed(e),
        PngFailure::Encode(e) => PlotError::Write {
            path: png_path.clone(),
            source: std::io::Error::other(e),
        },
    })?;
    write_atomic(&png_path, &png).map_err(|source| PlotError::Write {
        path: png_path.clone(),
        source,
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
    Encode(png::EncodingError),
}

/// Draws the PNG into memory and encodes it, so it is written like every other output file
/// (see [`write_atomic`]).
///
/// One filter (Paeth) for every row and fast deflate: plots are large areas of flat colour,
/// which that compresses within a few percent of per-row adaptive filtering, with less work.
fn draw_png<F: Figure>(fig: &F, size: (u32, u32)) -> Result<Vec<u8>, PngFailure> {
    let k = PNG_SCALE;
    let (w, h) = (size.0 * k, size.1 * k);
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    {
        let _scale = super::layout::Scale::set(k);
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        paint(fig, &root).map_err(PngFailure::Draw)?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Paeth);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
    let encode = || -> Result<(), png::EncodingError> {
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
        writer.finish()
    };
    encode().map_err(PngFailure::Encode)?;
    Ok(out)
}
