//! The chart inside a plot: axes from [`Axis`] (linear or log, with our own ticks and
//! labels), a light grid, and SLA target lines.

use super::Failed;
use super::layout::{DESC_PX, GRID, LABEL_PX, MARGIN, MUTED, SLA, measure, px, text, upx};
use super::scale::Axis;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// What a plot draws inside its chart, for any pair of linear or log axes.
pub(super) trait Body {
    fn draw<DB, X, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Result<(), Failed>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>;
}

/// The axes of a chart and their descriptions (with units).
pub(super) struct Axes<'a> {
    pub x: &'a Axis,
    pub y: &'a Axis,
    pub x_desc: &'a str,
    pub y_desc: &'a str,
    /// Width of the y labels' area in logical pixels (wider for category names).
    pub y_label_width: u32,
    /// Height of the x labels' area in logical pixels: 54 with a description, about 30
    /// for tick labels only.
    pub x_label_height: u32,
    /// A y label in place of the axis' own (for rows of categories).
    pub y_label: Option<&'a dyn Fn(f64) -> String>,
}

/// Builds the chart on `area` (log where an axis says so), draws the grid, then `body`.
pub(super) fn draw<DB: DrawingBackend, B: Body>(
    area: &DrawingArea<DB, Shift>,
    axes: &Axes,
    body: &B,
) -> Result<(), Failed> {
    let mut builder = ChartBuilder::on(area);
    builder
        .margin_left(upx(MARGIN as u32))
        .margin_right(upx(MARGIN as u32 + 10))
        .margin_top(upx(8))
        .margin_bottom(upx(4))
        .x_label_area_size(upx(axes.x_label_height))
        .y_label_area_size(upx(axes.y_label_width));
    let (x, y) = (axes.x, axes.y);
    macro_rules! with {
        ($xr:expr, $yr:expr) => {{
            let mut chart = builder
                .build_cartesian_2d(Ticked::new($xr, &x.ticks), Ticked::new($yr, &y.ticks))?;
            mesh(&mut chart, axes)?;
            body.draw(&mut chart)
        }};
    }
    let linear = |a: &Axis| RangedCoordf64::from(a.lo..a.hi);
    let log = |a: &Axis| LogCoord::from((a.lo..a.hi).log_scale());
    match (x.log, y.log) {
        (false, false) => with!(linear(x), linear(y)),
        (true, false) => with!(log(x), linear(y)),
        (false, true) => with!(linear(x), log(y)),
        (true, true) => with!(log(x), log(y)),
    }
}

/// A linear or log coordinate with exactly our ticks (no light grid lines), labelled by
/// our formatter: plotters' own `WithKeyPoints` loses the label formatting of f64 axes.
struct Ticked<R> {
    inner: R,
    ticks: Vec<f64>,
}

impl<R> Ticked<R> {
    fn new(inner: R, ticks: &[f64]) -> Ticked<R> {
        Ticked {
            inner,
            ticks: ticks.to_vec(),
        }
    }
}

impl<R: Ranged<ValueType = f64>> Ranged for Ticked<R> {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }

    fn axis_pixel_range(&self, limit: (i32, i32)) -> Range<i32> {
        self.inner.axis_pixel_range(limit)
    }
}

fn mesh<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    axes: &Axes,
) -> Result<(), Failed>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let x_fmt = |v: &f64| axes.x.label(*v);
    let y_fmt = |v: &f64| match axes.y_label {
        Some(f) => f(*v),
        None => axes.y.label(*v),
    };
    chart
        .configure_mesh()
        .x_desc(axes.x_desc)
        .y_desc(axes.y_desc)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(text(LABEL_PX, &BLACK))
        .axis_desc_style(text(DESC_PX, &BLACK))
        .bold_line_style(GRID.stroke_width(upx(1)))
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED.stroke_width(upx(1)))
        .set_all_tick_mark_size(px(5))
        .draw()?;
    Ok(())
}

/// A dashed vertical SLA line at `x` across the chart, labelled at its top on the side with
/// more room.
pub(super) fn sla_line<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    x_axis: &Axis,
    y_axis: &Axis,
    x: f64,
    label: &str,
) -> Result<(), Failed>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    if !x.is_finite() || x < x_axis.lo || x > x_axis.hi {
        return Ok(());
    }
    dashed(chart, vec![(x, y_axis.lo), (x, y_axis.hi)], SLA, 2)?;
    // On the side where the label fits; else where there is more room.
    let (range, _) = chart.plotting_area().get_pixel_range();
    let at = chart.backend_coord(&(x, y_axis.hi)).0;
    let w = px(measure(label, LABEL_PX).0 as i32 + 8);
    let right_side = if at + w <= range.end {
        at - w < range.start || fraction(x_axis, x) < 0.7
    } else {
        at - w < range.start && range.end - at > at - range.start
    };
    let (dx, h) = if right_side {
        (6, HPos::Left)
    } else {
        (-6, HPos::Right)
    };
    let style = text(LABEL_PX, &SLA).pos(Pos::new(h, VPos::Top));
    chart.draw_series(std::iter::once(
        EmptyElement::at((x, y_axis.hi)) + Text::new(label.to_string(), (px(dx), px(6)), style),
    ))?;
    Ok(())
}

/// Where a horizontal SLA line's label goes: at the chart's left or right end, above or
/// below the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LabelAt {
    pub right: bool,
    pub above: bool,
}

/// A dashed horizontal SLA line at `y` across the chart, labelled at one end.
pub(super) fn sla_hline<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    x_axis: &Axis,
    y_axis: &Axis,
    y: f64,
    label: &str,
    at: LabelAt,
) -> Result<(), Failed>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    if !y.is_finite() || y < y_axis.lo || y > y_axis.hi {
        return Ok(());
    }
    dashed(chart, vec![(x_axis.lo, y), (x_axis.hi, y)], SLA, 2)?;
    let (x, dx, h) = if at.right {
        (x_axis.hi, -8, HPos::Right)
    } else {
        (x_axis.lo, 8, HPos::Left)
    };
    let (dy, v) = if at.above {
        (-4, VPos::Bottom)
    } else {
        (4, VPos::Top)
    };
    let style = text(LABEL_PX, &SLA).pos(Pos::new(h, v));
    chart.draw_series(std::iter::once(
        EmptyElement::at((x, y)) + Text::new(label.to_string(), (px(dx), px(dy)), style),
    ))?;
    Ok(())
}

/// A dashed line through `points` (dashes of 8 and gaps of 5 logical pixels), `width`
/// logical pixels wide.
pub(super) fn dashed<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    points: Vec<(f64, f64)>,
    color: RGBColor,
    width: u32,
) -> Result<(), Failed>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    chart.draw_series(DashedLineSeries::new(
        points,
        px(8) as u32,
        px(5) as u32,
        color.stroke_width(upx(width)),
    ))?;
    Ok(())
}

/// Where `v` sits along the axis, from 0 (start) to 1 (end).
pub(super) fn fraction(axis: &Axis, v: f64) -> f64 {
    let f = if axis.log {
        (v / axis.lo).ln() / (axis.hi / axis.lo).ln()
    } else {
        (v - axis.lo) / (axis.hi - axis.lo)
    };
    if f.is_finite() { f } else { 0.0 }
}
