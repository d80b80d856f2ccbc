//! `sweep`: every SLA metric against the swept value, one panel per metric stacked
//! vertically (loss, jitter, encapsulation success, availability). Each flow or connection
//! is a series of means with 95% error bars; a hollow marker misses its target; the target
//! is a dashed line; a band marks the smallest value that meets every target.

mod data;

use super::availability::percent;
use super::canvas::Figure;
use super::chart::{self, Axes, Body, LabelAt, fraction, sla_hline};
use super::layout::{
    self, DESC_PX, Entry, LABEL_PX, MARGIN, MUTED, Mark, SLA, WIDTH, series_color, short, text,
};
use super::scale::{Axis, extent, significant, spans_decades};
use super::{Failed, compliance_words};
use crate::plan::SweepRow;
use crate::report::summary::Targets;
use data::{Better, Panel, Point, SweepData};
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Pixels of one metric's panel: its heading, chart and x labels.
const PANEL_PX: u32 = 250;
/// Pixels of the heading line above each panel's chart.
const HEADING_PX: u32 = 26;
/// Characters of a flow or connection name in the legend.
const NAME_CHARS: usize = 36;
/// A linear panel is zoomed to its values when the largest is below target / ZOOM_BELOW.
const ZOOM_BELOW: f64 = 5.0;
/// Series at one value are drawn side by side this fraction of the x axis apart.
const DODGE: f64 = 0.012;
/// Radius of a point's marker in pixels.
const RADIUS: i32 = 6;
/// The colour of the capacity answer's band, and of its centre line and label: a
/// highlighter's amber, far from every series colour and from the red of SLA targets.
const ANSWER: RGBColor = RGBColor(240, 180, 0);
const ANSWER_TEXT: RGBColor = RGBColor(150, 100, 0);

/// What a sweep's summary.json adds to sweep.csv for its plot.
#[derive(Debug, Clone)]
pub struct SweepMeta {
    /// The swept parameter as written in [sweep]: "connection.hz-bj.spec".
    pub parameter: String,
    pub replications: u64,
    pub targets: Targets,
    /// The capacity answer: the smallest value meeting every target, as written in [sweep].
    pub smallest: Option<String>,
}

impl SweepMeta {
    /// Whether the sweep sizes a connection, so a capacity answer applies.
    fn sizes_a_connection(&self) -> bool {
        self.parameter.starts_with("connection.")
            && (self.parameter.ends_with(".spec") || self.parameter.ends_with(".bandwidth"))
    }

    /// Whether the values are spec names ("Large.1"), drawn as categories in sweep order.
    fn by_spec(&self) -> bool {
        self.parameter.ends_with(".spec")
    }
}

/// A panel's y axis and how its target is drawn.
struct YAxis {
    axis: Axis,
    /// The target is inside the range (else the panel is zoomed to its values).
    target_on_scale: bool,
    /// Where a log axis draws zero (and intervals reaching below it), labelled "0".
    zero: Option<f64>,
}

impl YAxis {
    /// Where `v` is drawn: inside the range, zero on its own line of a log axis.
    fn at(&self, v: f64) -> f64 {
        match self.zero {
            Some(z) if v <= 0.0 => z,
            _ => self.axis.clamp(v),
        }
    }
}

pub(super) struct SweepPlot {
    data: SweepData,
    meta: SweepMeta,
}

impl SweepPlot {
    pub fn new(rows: &[SweepRow], meta: &SweepMeta) -> SweepPlot {
        SweepPlot {
            data: SweepData::new(rows, &meta.targets),
            meta: meta.clone(),
        }
    }

    fn title(&self) -> String {
        format!("SLA metrics against {}", self.meta.parameter)
    }

    /// Where value `at` is drawn on the x axis: its index for spec names, else its number.
    fn pos(&self, at: usize) -> f64 {
        if self.meta.by_spec() {
            at as f64
        } else {
            self.data.values.x[at]
        }
    }

    /// The index of the capacity answer among the values, if there is one.
    fn answer(&self) -> Option<usize> {
        let s = self.meta.smallest.as_deref()?;
        self.data.values.labels.iter().position(|l| l == s)
    }

    /// Spec names as categories in sweep order ("Large.1 (1000 Mbps)" when such labels fit
    /// side by side), else a numeric axis in the values' unit, log when they span more than
    /// a decade; a tick at each swept value. Labels that would overlap their left neighbour
    /// are left out. Returns the axis and its description.
    fn x_axis<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        y_label_width: u32,
    ) -> Result<(Axis, String), Failed> {
        let v = &self.data.values;
        let p = &self.meta.parameter;
        let chart_w = area
            .dim_in_pixel()
            .0
            .saturating_sub(y_label_width + 2 * MARGIN as u32 + 10) as f64;
        if self.meta.by_spec() {
            let with_rate: Vec<(f64, String)> = v
                .labels
                .iter()
                .zip(&v.x)
                .enumerate()
                .map(|(i, (l, x))| (i as f64, format!("{l} ({} {})", significant(*x), v.unit)))
                .collect();
            let axis = Axis::categories(v.labels.clone());
            let kept = thin(area, &axis, chart_w, with_rate.clone())?;
            if kept.len() == with_rate.len() {
                return Ok((
                    axis.with_ticks(kept),
                    format!("{p} (spec, with its bandwidth)"),
                ));
            }
            let names = v.labels.iter().cloned().enumerate();
            let kept = thin(
                area,
                &axis,
                chart_w,
                names.map(|(i, l)| (i as f64, l)).collect(),
            )?;
            return Ok((axis.with_ticks(kept), format!("{p} (spec)")));
        }
        let (lo, hi) = extent(v.x.iter().copied()).unwrap_or((0.0, 1.0));
        let (axis, desc) = if spans_decades(lo, hi, 1.0) {
            let unit = &v.unit;
            (
                Axis::log(lo, hi).padded(0.03, true),
                format!("{p} ({unit}, log scale)"),
            )
        } else {
            (
                Axis::linear(lo, hi, 8).padded(0.03, true),
                format!("{p} ({})", v.unit),
            )
        };
        let mut xs: Vec<f64> = v.x.iter().copied().filter(|x| x.is_finite()).collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        let ticks = xs.into_iter().map(|x| (x, significant(x))).collect();
        let kept = thin(area, &axis, chart_w, ticks)?;
        Ok((axis.with_ticks(kept), desc))
    }

    /// A ceiling metric: from zero, or log when its values differ by more than 100×; the
    /// target is in range unless every value is far below it. A floor metric (near 100%):
    /// from its lowest value, or from as far below the target as the target is below 100%.
    fn y_axis(&self, panel: &Panel) -> YAxis {
        let values = || {
            panel.points().flat_map(|p| {
                let (lo, hi) = p.ci.unwrap_or((p.mean, p.mean));
                [p.mean, lo, hi]
            })
        };
        let target = panel.target;
        match panel.metric.better {
            Better::Lower => {
                let top = extent(values()).map_or(0.0, |e| e.1.max(0.0));
                if let Some((lo, hi)) = extent(values().filter(|v| *v > 0.0))
                    && spans_decades(lo, hi, 2.0)
                {
                    let (lo, hi) = (lo.min(target), hi.max(target));
                    if !values().any(|v| v <= 0.0) {
                        return YAxis {
                            axis: Axis::log(lo, hi).padded(0.04, true),
                            target_on_scale: true,
                            zero: None,
                        };
                    }
                    // Zero has no place on a log axis: it gets its own line, labelled "0", a
                    // decade or more below the smallest value, and no tick near it.
                    let axis = Axis::log(lo / 10.0, hi);
                    let zero = axis.lo;
                    let ticks: Vec<(f64, String)> = std::iter::once((zero, "0".to_string()))
                        .chain(
                            axis.ticks
                                .iter()
                                .filter(|t| **t >= zero * 3.0)
                                .map(|t| (*t, axis.label(*t))),
                        )
                        .collect();
                    return YAxis {
                        axis: axis.with_ticks(ticks).padded(0.04, true),
                        target_on_scale: true,
                        zero: Some(zero),
                    };
                }
                let on_scale = !target.is_finite() || top == 0.0 || top >= target / ZOOM_BELOW;
                let hi = if on_scale && target.is_finite() {
                    top.max(target)
                } else {
                    top
                };
                YAxis {
                    axis: Axis::linear(0.0, hi, 5).padded(0.08, false),
                    target_on_scale: on_scale,
                    zero: None,
                }
            }
            Better::Higher => {
                let lowest = extent(values()).map_or(100.0, |e| e.0);
                let below_target = if target.is_finite() && target < 100.0 {
                    target - (100.0 - target)
                } else {
                    f64::INFINITY
                };
                let lo = lowest.min(below_target).clamp(0.0, 99.99);
                YAxis {
                    axis: Axis::linear(lo, 100.0, 5).padded(0.08, false),
                    target_on_scale: true,
                    zero: None,
                }
            }
        }
    }

    fn sla_label(&self, panel: &Panel) -> String {
        let m = panel.metric;
        let value = match m.better {
            Better::Lower => significant(panel.target),
            Better::Higher => percent(panel.target),
        };
        format!("SLA: {} {} {value}%", m.quantity, m.op)
    }

    fn y_desc(&self, panel: &Panel, y: &Axis) -> String {
        let q = match panel.metric.key {
            "jitter" => format!("jitter ratio, {}", self.meta.targets.jitter),
            _ => panel.metric.quantity.to_string(),
        };
        if y.log {
            format!("{q} (%, log scale)")
        } else {
            format!("{q} (%)")
        }
    }

    fn subtitle(&self, logs: &[&str], zeros: bool) -> String {
        let mut s = format!(
            "Each point is the mean over {} replications at one swept value, with its 95% \
             confidence interval (hidden behind the point when narrower). A filled dot meets \
             its target {}, as the SLA asks; a hollow ring does not.",
            self.meta.replications,
            compliance_words(&self.meta.targets)
        );
        match (&self.meta.smallest, self.answer()) {
            (Some(v), Some(_)) => s += &format!(" The smallest value meeting every target is {v}."),
            _ if self.meta.sizes_a_connection() => s += " No swept value meets every target.",
            _ => {}
        }
        if !logs.is_empty() {
            s += &format!(
                " Log scale for {}: the values differ by decades{}.",
                logs.join(" and "),
                if zeros {
                    "; zero is drawn on the line labelled 0"
                } else {
                    ""
                }
            );
        }
        let shown = self.data.subjects.len();
        if self.data.total_subjects > shown {
            s += &format!(
                " Showing the {shown} of {} flows and connections that miss a target most often.",
                self.data.total_subjects
            );
        }
        s
    }

    fn legend(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = self
            .data
            .subjects
            .iter()
            .map(|s| {
                Entry::new(
                    format!("{} ({})", short(&s.name, NAME_CHARS), s.kind),
                    series_color(s.color),
                    Mark::Line,
                )
            })
            .collect();
        entries.push(Entry::new("meets its target", MUTED, Mark::Dot));
        entries.push(Entry::new("misses its target", MUTED, Mark::Ring));
        entries.push(Entry::new("95% confidence interval", MUTED, Mark::Tick));
        entries.push(Entry::new("SLA target", SLA, Mark::Dashed));
        if let Some(v) = self
            .meta
            .smallest
            .as_ref()
            .filter(|_| self.answer().is_some())
        {
            entries.push(Entry::new(
                format!("smallest value meeting every target: {v}"),
                ANSWER,
                Mark::Band,
            ));
        }
        entries
    }

    /// Draws a panel's heading (and its target, when off scale) above its chart; returns
    /// the area of the chart.
    fn heading<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        panel: &Panel,
        y: &YAxis,
    ) -> Result<DrawingArea<DB, Shift>, Failed> {
        let (head, body) = area.split_vertically(HEADING_PX);
        let mid = HEADING_PX as i32 / 2 + 2;
        let bold = (super::font::FAMILY, DESC_PX, FontStyle::Bold)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        head.draw(&Text::new(panel.metric.heading, (MARGIN, mid), bold))?;
        if !y.target_on_scale {
            let largest = extent(panel.points().map(|p| p.mean)).map_or(0.0, |e| e.1);
            let label = format!(
                "{}, off scale: {}× the largest mean ↑",
                self.sla_label(panel),
                significant(panel.target / largest)
            );
            let w = area.dim_in_pixel().0 as i32;
            let style = text(LABEL_PX, &SLA).pos(Pos::new(HPos::Right, VPos::Center));
            head.draw(&Text::new(label, (w - MARGIN - 10, mid), style))?;
        }
        Ok(body)
    }
}

/// The ticks, in order along the axis, whose labels do not overlap the last one kept.
fn thin<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axis: &Axis,
    chart_w: f64,
    ticks: Vec<(f64, String)>,
) -> Result<Vec<(f64, String)>, Failed> {
    let style = text(LABEL_PX, &BLACK);
    let mut kept = Vec::with_capacity(ticks.len());
    let mut right = f64::NEG_INFINITY;
    for (v, label) in ticks {
        let w = area.estimate_text_size(&label, &style)?.0 as f64;
        let centre = fraction(axis, v) * chart_w;
        if centre - w / 2.0 >= right + 10.0 {
            right = centre + w / 2.0;
            kept.push((v, label));
        }
    }
    Ok(kept)
}

/// What one panel's chart draws.
struct PanelBody<'a> {
    plot: &'a SweepPlot,
    panel: &'a Panel,
    x: &'a Axis,
    y: &'a YAxis,
    /// Whether the capacity answer's band is labelled here (the top panel).
    label_answer: bool,
}

/// A series as drawn: its colour, and its points at their x (moved aside from the other
/// series at the same value), in order of x.
struct Placed {
    color: RGBColor,
    points: Vec<(f64, Point)>,
}

/// A point in pixels.
type Px = (i32, i32);
/// A box of pixels: left, top, right, bottom.
type Rect = [i32; 4];

/// What a label must not cover: markers, lines and error bars (as points sampled along
/// them) and labels drawn before.
#[derive(Default)]
struct Obstacles {
    points: Vec<Px>,
    rects: Vec<Rect>,
}

impl Obstacles {
    /// Points every few pixels from `a` to `b`.
    fn segment(&mut self, a: Px, b: Px) {
        let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
        let n = ((dx.hypot(dy) / 3.0).ceil() as i32).max(1);
        for i in 0..=n {
            let t = i as f64 / n as f64;
            self.points
                .push((a.0 + (dx * t).round() as i32, a.1 + (dy * t).round() as i32));
        }
    }

    /// How much of what was drawn `r` would cover.
    fn covered(&self, r: &Rect) -> usize {
        let pad = RADIUS + 1;
        let points = self
            .points
            .iter()
            .filter(|p| {
                p.0 >= r[0] - pad && p.0 <= r[2] + pad && p.1 >= r[1] - pad && p.1 <= r[3] + pad
            })
            .count();
        let rects = self
            .rects
            .iter()
            .filter(|o| o[0] < r[2] && r[0] < o[2] && o[1] < r[3] && r[1] < o[3])
            .count();
        points + 100 * rects
    }

    /// The first of `candidates` inside `frame` that covers nothing, else the one inside
    /// covering least, else the first.
    fn best(&self, candidates: &[Rect], frame: &Rect) -> usize {
        let inside =
            |r: &Rect| r[0] >= frame[0] && r[1] >= frame[1] && r[2] <= frame[2] && r[3] <= frame[3];
        candidates
            .iter()
            .enumerate()
            .filter(|(_, r)| inside(r))
            .min_by_key(|(i, r)| (self.covered(r), *i))
            .map_or(0, |(i, _)| i)
    }
}

/// The box of a text of size `(w, h)` whose anchor is `at` moved by `d`, placed as `pos`
/// says (left or right of it, above or below).
fn text_box(at: Px, d: (i32, i32), (w, h): (u32, u32), right_of: bool, below: bool) -> Rect {
    let (x, y) = (at.0 + d.0, at.1 + d.1);
    let (w, h) = (w as i32, h as i32);
    let (x0, x1) = if right_of { (x, x + w) } else { (x - w, x) };
    let (y0, y1) = if below { (y, y + h) } else { (y - h, y) };
    [x0, y0, x1, y1]
}

impl PanelBody<'_> {
    fn placed(&self) -> Vec<Placed> {
        let n = self.panel.series.len();
        self.panel
            .series
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let dodge = (k as f64 - (n as f64 - 1.0) / 2.0) * DODGE;
                let mut points: Vec<(f64, Point)> = s
                    .points
                    .iter()
                    .map(|p| (self.x.shift(self.plot.pos(p.at), dodge), *p))
                    .collect();
                points.sort_by(|a, b| a.0.total_cmp(&b.0));
                Placed {
                    color: series_color(self.plot.data.subjects[s.subject].color),
                    points,
                }
            })
            .collect()
    }

    /// The capacity answer's band: its left edge, centre and right edge.
    fn band(&self) -> Option<(f64, f64, f64)> {
        let c = self.plot.pos(self.plot.answer()?);
        Some(if self.plot.meta.by_spec() {
            (c - 0.4, c, c + 0.4)
        } else {
            (self.x.shift(c, -0.025), c, self.x.shift(c, 0.025))
        })
    }
}

impl Body for PanelBody<'_> {
    fn draw<DB, X, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Result<(), Failed>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let (x, ya) = (self.x, self.y);
        let y = &ya.axis;
        let placed = self.placed();
        // An interval narrower than the marker would only draw its caps around it.
        let intervals: Vec<Vec<Option<(f64, f64)>>> = placed
            .iter()
            .map(|s| {
                s.points
                    .iter()
                    .map(|(px, p)| {
                        let (lo, hi) = p.ci.map(|(lo, hi)| (ya.at(lo), ya.at(hi)))?;
                        let (a, b) = (
                            chart.backend_coord(&(*px, lo)),
                            chart.backend_coord(&(*px, hi)),
                        );
                        ((a.1 - b.1).abs() > 2 * RADIUS).then_some((lo, hi))
                    })
                    .collect()
            })
            .collect();
        let mut obstacles = Obstacles::default();
        for (s, ci) in placed.iter().zip(&intervals) {
            let mut last = None;
            for ((px, p), ci) in s.points.iter().zip(ci) {
                let c = chart.backend_coord(&(*px, ya.at(p.mean)));
                obstacles.points.push(c);
                if let Some(prev) = last {
                    obstacles.segment(prev, c);
                }
                last = Some(c);
                if let Some((lo, hi)) = *ci {
                    obstacles.segment(
                        chart.backend_coord(&(*px, lo)),
                        chart.backend_coord(&(*px, hi)),
                    );
                }
            }
        }
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let frame: Rect = [xr.start, yr.start, xr.end, yr.end];
        let band = self.band();
        if let Some((l, c, r)) = band {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(l, y.lo), (r, y.hi)],
                ANSWER.mix(0.25).filled(),
            )))?;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(c, y.lo), (c, y.hi)],
                ANSWER_TEXT.stroke_width(2),
            )))?;
        }
        if self.y.target_on_scale && self.panel.target >= y.lo && self.panel.target <= y.hi {
            // On the line's side where values miss the target, at whichever end covers
            // least of the data (the end where values meet it, usually).
            let label = self.plot.sla_label(self.panel);
            let style = text(LABEL_PX, &SLA);
            let size = chart.plotting_area().estimate_text_size(&label, &style)?;
            let fail_above = self.panel.metric.better == Better::Lower;
            let n = self.plot.data.values.labels.len();
            let right_first = n == 0 || self.panel.all_met_at(n - 1) || !self.panel.all_met_at(0);
            let options: Vec<LabelAt> = [fail_above, !fail_above]
                .into_iter()
                .flat_map(|above| [right_first, !right_first].map(|right| LabelAt { right, above }))
                .collect();
            let boxes: Vec<Rect> = options
                .iter()
                .map(|o| {
                    let edge = if o.right { x.hi } else { x.lo };
                    let at = chart.backend_coord(&(edge, self.panel.target));
                    let dx = if o.right { -8 } else { 8 };
                    let dy = if o.above { -4 } else { 4 };
                    text_box(at, (dx, dy), size, !o.right, !o.above)
                })
                .collect();
            let i = obstacles.best(&boxes, &frame);
            sla_hline(chart, x, y, self.panel.target, &label, options[i])?;
            obstacles.rects.push(boxes[i]);
        }
        if let (Some((l, _, r)), Some(v)) = (band, self.plot.meta.smallest.as_ref())
            && self.label_answer
        {
            let label = format!("smallest value meeting every target: {v}");
            let style = text(LABEL_PX, &ANSWER_TEXT);
            let size = chart.plotting_area().estimate_text_size(&label, &style)?;
            // Beside the band at the top or the bottom of the chart.
            let options = [
                (r, true, y.hi),
                (l, false, y.hi),
                (r, true, y.lo),
                (l, false, y.lo),
            ];
            let boxes: Vec<Rect> = options
                .iter()
                .map(|&(edge, right, end)| {
                    let at = chart.backend_coord(&(edge, end));
                    let dx = if right { 6 } else { -6 };
                    let top = end == y.hi;
                    let dy = if top { 6 } else { -6 };
                    text_box(at, (dx, dy), size, right, top)
                })
                .collect();
            let (edge, right, end) = options[obstacles.best(&boxes, &frame)];
            let top = end == y.hi;
            let pos = Pos::new(
                if right { HPos::Left } else { HPos::Right },
                if top { VPos::Top } else { VPos::Bottom },
            );
            chart.draw_series(std::iter::once(
                EmptyElement::at((edge, end))
                    + Text::new(
                        label,
                        (if right { 6 } else { -6 }, if top { 6 } else { -6 }),
                        style.pos(pos),
                    ),
            ))?;
        }
        for (s, ci) in placed.iter().zip(&intervals) {
            chart.draw_series(LineSeries::new(
                s.points.iter().map(|(px, p)| (*px, ya.at(p.mean))),
                s.color.mix(0.8).stroke_width(2),
            ))?;
            for ((px, p), ci) in s.points.iter().zip(ci) {
                let px = *px;
                if let Some((lo, hi)) = *ci {
                    let bar = s.color.stroke_width(2);
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(px, lo), (px, hi)],
                        bar,
                    )))?;
                    for end in [lo, hi] {
                        chart.draw_series(std::iter::once(
                            EmptyElement::at((px, end))
                                + PathElement::new(vec![(-5, 0), (5, 0)], bar),
                        ))?;
                    }
                }
                let c = (px, ya.at(p.mean));
                if p.met {
                    chart.draw_series(std::iter::once(Circle::new(c, RADIUS, s.color.filled())))?;
                } else {
                    let ring = s.color.stroke_width(2);
                    chart.draw_series(std::iter::once(Circle::new(c, RADIUS, WHITE.filled())))?;
                    chart.draw_series(std::iter::once(Circle::new(c, RADIUS, ring)))?;
                }
            }
        }
        Ok(())
    }
}

impl Figure for SweepPlot {
    const NAME: &'static str = super::SWEEP_PLOT;

    fn size(&self) -> (u32, u32) {
        if self.data.values.labels.is_empty() {
            return (WIDTH, layout::HEIGHT);
        }
        (WIDTH, 230 + PANEL_PX * self.data.panels.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.data.values.labels.is_empty() {
            return layout::no_data(root, &self.title(), "sweep.csv has no rows.");
        }
        let ys: Vec<YAxis> = self.data.panels.iter().map(|p| self.y_axis(p)).collect();
        let logs: Vec<&str> = self
            .data
            .panels
            .iter()
            .zip(&ys)
            .filter(|(_, y)| y.axis.log)
            .map(|(p, _)| p.metric.quantity)
            .collect();
        let zeros = self
            .data
            .panels
            .iter()
            .zip(&ys)
            .any(|(_, y)| y.zero.is_some());
        let area = layout::header(root, &self.title(), &self.subtitle(&logs, zeros))?;
        let area = layout::legend(&area, &self.legend())?;
        // One label width for every panel, so their x axes line up.
        let style = text(LABEL_PX, &BLACK);
        let mut widest = 0;
        for y in &ys {
            for t in &y.axis.ticks {
                widest = widest.max(area.estimate_text_size(&y.axis.label(*t), &style)?.0);
            }
        }
        let y_label_width = widest + 44;
        let (x, x_desc) = self.x_axis(&area, y_label_width)?;
        let panels = area.split_evenly((self.data.panels.len(), 1));
        for (i, ((pa, panel), y)) in panels.iter().zip(&self.data.panels).zip(&ys).enumerate() {
            let body_area = self.heading(pa, panel, y)?;
            if panel.points().next().is_none() {
                let (w, h) = body_area.dim_in_pixel();
                body_area.draw(&Rectangle::new(
                    [(MARGIN, 4), (w as i32 - MARGIN, h as i32 - 12)],
                    layout::GRID.stroke_width(2),
                ))?;
                let why = format!("sweep.csv has no {} values", panel.metric.quantity);
                let style = text(DESC_PX, &MUTED).pos(Pos::new(HPos::Center, VPos::Center));
                body_area.draw(&Text::new(why, (w as i32 / 2, h as i32 / 2), style))?;
                continue;
            }
            let last = i + 1 == self.data.panels.len();
            let y_desc = self.y_desc(panel, &y.axis);
            let axes = Axes {
                x: &x,
                y: &y.axis,
                x_desc: if last { &x_desc } else { "" },
                y_desc: &y_desc,
                y_label_width,
                y_label: None,
            };
            let body = PanelBody {
                plot: self,
                panel,
                x: &x,
                y,
                label_answer: i == 0,
            };
            chart::draw(&body_area, &axes, &body)?;
        }
        Ok(())
    }
}
