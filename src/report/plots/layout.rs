//! The parts every plot shares around its chart: a title with a subtitle that says what is
//! drawn, a legend below the chart that never covers data, the colours, and the "no data"
//! page.

use super::Failed;
use super::font::FAMILY;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
const LEGEND_ROW: i32 = 24;
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

/// A text style of the embedded font.
pub(super) fn text(px: u32, color: &RGBColor) -> TextStyle<'static> {
    (FAMILY, px).into_font().color(color)
}

fn bold(px: u32) -> TextStyle<'static> {
    (FAMILY, px, FontStyle::Bold).into_font().color(&BLACK)
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
    Tick,
    Band,
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

/// Words of `s` in lines no wider than `max_w` pixels.
fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    style: &TextStyle,
    max_w: u32,
) -> Result<Vec<String>, Failed> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && area.estimate_text_size(&candidate, style)?.0 > max_w {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Ok(lines)
}

/// Draws the title and the subtitle (wrapped); returns the area below them.
pub(super) fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, Failed> {
    let max_w = root.dim_in_pixel().0.saturating_sub(2 * MARGIN as u32);
    let mut y = 14;
    let title_style = bold(TITLE_PX);
    for line in wrap(root, title, &title_style, max_w)? {
        root.draw(&Text::new(line, (MARGIN, y), title_style.clone()))?;
        y += (TITLE_PX * 13 / 10) as i32;
    }
    y += 2;
    let sub_style = text(SUBTITLE_PX, &MUTED);
    for line in wrap(root, subtitle, &sub_style, max_w)? {
        root.draw(&Text::new(line, (MARGIN, y), sub_style.clone()))?;
        y += (SUBTITLE_PX * 13 / 10) as i32;
    }
    Ok(root.split_vertically(y + 6).1)
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
    let avail = (w as i32 - 2 * MARGIN).max(1);
    let mut col_w = 1;
    for e in entries {
        let tw = area.estimate_text_size(&e.label, &style)?.0 as i32;
        col_w = col_w.max(SWATCH + 8 + tw + 28);
    }
    let col_w = col_w.min(avail);
    let cols = (avail / col_w).clamp(1, 4).min(entries.len() as i32);
    let rows = (entries.len() as i32 + cols - 1) / cols;
    let height = rows * LEGEND_ROW + 18;
    let (top, bottom) = area.split_vertically((h as i32 - height).max(0));
    bottom.draw(&Rectangle::new(
        [(MARGIN - 8, 4), (MARGIN + cols * col_w - 10, height - 6)],
        GRID.stroke_width(1),
    ))?;
    for (i, e) in entries.iter().enumerate() {
        let (row, col) = (i as i32 / cols, i as i32 % cols);
        let x = MARGIN + col * col_w;
        let y = 5 + row * LEGEND_ROW + LEGEND_ROW / 2;
        swatch(&bottom, e, x, y)?;
        bottom.draw(&Text::new(
            e.label.clone(),
            (x + SWATCH + 8, y),
            style.clone(),
        ))?;
    }
    Ok(top)
}

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
            vec![(x, y), (x + SWATCH, y)],
            c.stroke_width(3),
        ))?,
        Mark::Dashed => {
            for k in 0..3 {
                let x0 = x + k * 11;
                area.draw(&PathElement::new(
                    vec![(x0, y), (x0 + 6, y)],
                    c.stroke_width(2),
                ))?;
            }
        }
        Mark::Bar => area.draw(&Rectangle::new(
            [(x + 4, y - 7), (x + SWATCH - 4, y + 7)],
            c.filled(),
        ))?,
        Mark::Dot => area.draw(&Circle::new((mid, y), 5, c.mix(0.6).filled()))?,
        Mark::Ring => area.draw(&Circle::new((mid, y), 5, c.stroke_width(2)))?,
        Mark::Band => area.draw(&Rectangle::new(
            [(x, y - 7), (x + SWATCH, y + 7)],
            c.mix(0.25).filled(),
        ))?,
        Mark::Tick => area.draw(&PathElement::new(
            vec![(mid, y - 8), (mid, y + 8)],
            c.stroke_width(3),
        ))?,
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
        [(MARGIN, 10), (w - MARGIN, h - MARGIN)],
        GRID.stroke_width(2),
    ))?;
    let style = text(32, &MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new("no data", (w / 2, h / 2), style))?;
    Ok(())
}
