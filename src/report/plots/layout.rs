//! The parts every plot shares around its chart: a title with a subtitle that says what is
//! drawn, a legend below the chart that never covers data, the colours, and the "no data"
//! page.
//!
//! Every size here is in logical pixels (SVG user units). The PNG is drawn at
//! [`PNG_SCALE`](super::canvas::PNG_SCALE) times that: while it is drawn, [`Scale`] makes
//! [`px`], [`upx`] and the font sizes of [`text`] multiply by it, so the layout (computed in
//! logical pixels, text measured by [`measure`]) is the same in both files.

use super::Failed;
use super::font::FAMILY;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::cell::Cell;

/// Size of every plot in pixels (and SVG user units), unless a plot grows to fit its rows.
pub(super) const WIDTH: u32 = 1000;
pub(super) const HEIGHT: u32 = 620;
/// The least height of a plot whose height follows its rows.
pub(super) const MIN_HEIGHT: u32 = 460;
/// Left and right margin of the title, the legend and the chart.
pub(super) const MARGIN: i32 = 20;

// Even sizes only: plotters' ab_glyph renderer places each glyph at (size / 2 + its top)
// truncated to whole pixels, so an odd size lifts some glyphs (a period) a pixel above others.
const TITLE_PX: u32 = 22;
const SUBTITLE_PX: u32 = 14;
pub(super) const LABEL_PX: u32 = 14;
pub(super) const DESC_PX: u32 = 16;
pub(super) const LEGEND_ROW: i32 = 24;
const SWATCH: i32 = 28;

/// Series colours (the Tableau 10 palette without its red, which marks SLA targets).
const SERIES: [RGBColor; 9] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];
/// The colour of SLA targets.
pub(super) const SLA: RGBColor = RGBColor(204, 0, 0);
pub(super) const GRID: RGBColor = RGBColor(225, 225, 225);
pub(super) const MUTED: RGBColor = RGBColor(90, 90, 90);

/// The colour of the `i`-th series; a flow keeps its colour across plots.
pub(super) fn series_color(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

thread_local! {
    static SCALE: Cell<i32> = const { Cell::new(1) };
}

/// Device pixels per logical pixel while a PNG is drawn on this thread; 1 otherwise. Set for
/// the lifetime of the value [`Scale::set`] returns.
pub(super) struct Scale(i32);

impl Scale {
    pub fn set(k: u32) -> Scale {
        Scale(SCALE.with(|s| s.replace(k.max(1) as i32)))
    }
}

impl Drop for Scale {
    fn drop(&mut self) {
        SCALE.with(|s| s.set(self.0));
    }
}

/// `v` logical pixels in device pixels.
pub(super) fn px(v: i32) -> i32 {
    v * SCALE.with(Cell::get)
}

/// `v` logical pixels in device pixels.
pub(super) fn upx(v: u32) -> u32 {
    v * SCALE.with(Cell::get) as u32
}

/// A point in logical pixels in device pixels.
pub(super) fn pxy((x, y): (i32, i32)) -> (i32, i32) {
    (px(x), px(y))
}

/// The width and height of `s` in logical pixels in the regular font of size `size`
/// (whatever the scale: measured at the logical size).
pub(super) fn measure(s: &str, size: u32) -> (u32, u32) {
    measure_in(s, size, FontStyle::Normal)
}

/// The width and height of `s` in logical pixels in the bold font of size `size`.
pub(super) fn measure_bold(s: &str, size: u32) -> (u32, u32) {
    measure_in(s, size, FontStyle::Bold)
}

fn measure_in(s: &str, size: u32, style: FontStyle) -> (u32, u32) {
    FontDesc::new(FontFamily::Name(FAMILY), size as f64, style)
        .box_size(s)
        .unwrap_or((s.chars().count() as u32 * size * 6 / 10, size))
}

/// A text style of the embedded font, `size` logical pixels high.
pub(super) fn text(size: u32, color: &RGBColor) -> TextStyle<'static> {
    (FAMILY, upx(size) as f64).into_font().color(color)
}

/// A bold text style, `size` logical pixels high.
pub(super) fn bold(size: u32, color: &RGBColor) -> TextStyle<'static> {
    (FAMILY, upx(size) as f64, FontStyle::Bold)
        .into_font()
        .color(color)
}

/// A name cut to `max` characters, so one long name cannot push a legend off the page.
pub(super) fn short(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let head: String = name.chars().take(max.saturating_sub(1)).collect();
        format!("{head}…")
    }
}

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Line,
    Dashed,
    Bar,
    Dot,
    Ring,
    Triangle,
    Tick,
    Band,
    Dotted,
    /// A dot with an interval through it.
    Interval,
}

/// One line of a legend.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub label: String,
    pub color: RGBColor,
    pub mark: Mark,
}

impl Entry {
    pub fn new(label: impl Into<String>, color: RGBColor, mark: Mark) -> Entry {
        Entry {
            label: label.into(),
            color,
            mark,
        }
    }
}

/// Words of `s` in lines no wider than `max_w` logical pixels in the font `size`, `style`.
fn wrap(s: &str, size: u32, style: FontStyle, max_w: u32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && measure_in(&candidate, size, style).0 > max_w {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The height in logical pixels of the title and subtitle of a plot `width` wide.
pub(super) fn header_height(width: u32, title: &str, subtitle: &str) -> i32 {
    let max_w = width.saturating_sub(2 * MARGIN as u32);
    let t = wrap(title, TITLE_PX, FontStyle::Bold, max_w).len() as i32;
    let s = wrap(subtitle, SUBTITLE_PX, FontStyle::Normal, max_w).len() as i32;
    14 + t * (TITLE_PX * 13 / 10) as i32 + 2 + s * (SUBTITLE_PX * 13 / 10) as i32 + 6
}

/// Draws the title and the subtitle (wrapped); returns the area below them.
pub(super) fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, Failed> {
    let width = root.dim_in_pixel().0 / upx(1);
    let max_w = width.saturating_sub(2 * MARGIN as u32);
    let mut y = 14;
    let title_style = bold(TITLE_PX, &BLACK);
    for line in wrap(title, TITLE_PX, FontStyle::Bold, max_w) {
        root.draw(&Text::new(line, pxy((MARGIN, y)), title_style.clone()))?;
        y += (TITLE_PX * 13 / 10) as i32;
    }
    y += 2;
    let sub_style = text(SUBTITLE_PX, &MUTED);
    for line in wrap(subtitle, SUBTITLE_PX, FontStyle::Normal, max_w) {
        root.draw(&Text::new(line, pxy((MARGIN, y)), sub_style.clone()))?;
        y += (SUBTITLE_PX * 13 / 10) as i32;
    }
    Ok(root.split_vertically(px(y + 6)).1)
}

/// How a legend of `entries` is laid out in `width` logical pixels: column width, columns,
/// rows, and its height.
fn legend_grid(entries: &[Entry], width: u32) -> (i32, i32, i32, i32) {
    let avail = (width as i32 - 2 * MARGIN).max(1);
    let mut col_w = 1;
    for e in entries {
        let tw = measure(&e.label, LABEL_PX).0 as i32;
        col_w = col_w.max(SWATCH + 8 + tw + 28);
    }
    let col_w = col_w.min(avail);
    let cols = (avail / col_w).clamp(1, 4).min(entries.len().max(1) as i32);
    let rows = (entries.len() as i32 + cols - 1) / cols;
    (col_w, cols, rows, rows * LEGEND_ROW + 18)
}

/// The height in logical pixels of the legend of `entries` in a plot `width` wide.
pub(super) fn legend_height(entries: &[Entry], width: u32) -> i32 {
    if entries.is_empty() {
        0
    } else {
        legend_grid(entries, width).3
    }
}

/// Draws `entries` in a boxed grid at the bottom of `area`; returns the area above it.
pub(super) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
) -> Result<DrawingArea<DB, Shift>, Failed> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let style = text(LABEL_PX, &BLACK).pos(Pos::new(HPos::Left, VPos::Center));
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w / upx(1), h / upx(1));
    let (col_w, cols, _, height) = legend_grid(entries, w);
    let (top, bottom) = area.split_vertically(px((h as i32 - height).max(0)));
    bottom.draw(&Rectangle::new(
        [
            pxy((MARGIN - 8, 4)),
            pxy((MARGIN + cols * col_w - 10, height - 6)),
        ],
        GRID.stroke_width(upx(1)),
    ))?;
    for (i, e) in entries.iter().enumerate() {
        let (row, col) = (i as i32 / cols, i as i32 % cols);
        let x = MARGIN + col * col_w;
        let y = 5 + row * LEGEND_ROW + LEGEND_ROW / 2;
        swatch(&bottom, e, x, y)?;
        bottom.draw(&Text::new(
            e.label.clone(),
            pxy((x + SWATCH + 8, y)),
            style.clone(),
        ))?;
    }
    Ok(top)
}

/// A legend entry's mark at (x, y) in logical pixels.
fn swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    e: &Entry,
    x: i32,
    y: i32,
) -> Result<(), Failed> {
    let c = e.color;
    let mid = x + SWATCH / 2;
    match e.mark {
        Mark::Line => area.draw(&PathElement::new(
            vec![pxy((x, y)), pxy((x + SWATCH, y))],
            c.stroke_width(upx(3)),
        ))?,
        Mark::Dashed => {
            for k in 0..3 {
                let x0 = x + k * 11;
                area.draw(&PathElement::new(
                    vec![pxy((x0, y)), pxy((x0 + 6, y))],
                    c.stroke_width(upx(2)),
                ))?;
            }
        }
        Mark::Dotted => {
            for k in 0..5 {
                let x0 = x + k * 6;
                area.draw(&PathElement::new(
                    vec![pxy((x0, y)), pxy((x0 + 2, y))],
                    c.stroke_width(upx(2)),
                ))?;
            }
        }
        Mark::Bar => area.draw(&Rectangle::new(
            [pxy((x + 4, y - 7)), pxy((x + SWATCH - 4, y + 7))],
            c.filled(),
        ))?,
        Mark::Dot => area.draw(&Circle::new(pxy((mid, y)), upx(5), c.mix(0.6).filled()))?,
        Mark::Ring => area.draw(&Circle::new(pxy((mid, y)), upx(5), c.stroke_width(upx(2))))?,
        Mark::Triangle => area.draw(&Polygon::new(
            vec![
                pxy((mid - 6, y + 5)),
                pxy((mid + 6, y + 5)),
                pxy((mid, y - 6)),
            ],
            c.filled(),
        ))?,
        Mark::Band => area.draw(&Rectangle::new(
            [pxy((x, y - 7)), pxy((x + SWATCH, y + 7))],
            c.mix(0.25).filled(),
        ))?,
        Mark::Tick => area.draw(&PathElement::new(
            vec![pxy((mid, y - 8)), pxy((mid, y + 8))],
            c.stroke_width(upx(3)),
        ))?,
        Mark::Interval => {
            let bar = c.stroke_width(upx(2));
            area.draw(&PathElement::new(
                vec![pxy((x + 2, y)), pxy((x + SWATCH - 2, y))],
                bar,
            ))?;
            for end in [x + 2, x + SWATCH - 2] {
                area.draw(&PathElement::new(
                    vec![pxy((end, y - 5)), pxy((end, y + 5))],
                    bar,
                ))?;
            }
            area.draw(&Circle::new(pxy((mid, y)), upx(5), c.filled()))?;
        }
    }
    Ok(())
}

/// A whole plot that says there is nothing to draw, and why.
pub(super) fn no_data<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    reason: &str,
) -> Result<(), Failed> {
    let area = header(root, title, reason)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    area.draw(&Rectangle::new(
        [pxy((MARGIN, 10)), (w - px(MARGIN), h - px(MARGIN))],
        GRID.stroke_width(upx(2)),
    ))?;
    let style = text(32, &MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new("no data", (w / 2, h / 2), style))?;
    Ok(())
}
