//! `sweep`: every SLA metric against the swept value, one panel per metric stacked
//! vertically (loss, jitter, encapsulation success, availability), and the cost per day
//! when the values are priced. Each flow or connection is a series of means with 95% error
//! bars; a hollow marker misses its target; the target is a dashed line; a band marks the
//! smallest value that meets every target. A log axis has no zero: a mean of 0 is drawn on
//! the bottom edge as a triangle, an interval reaching 0 ends there in an arrow, and the
//! subtitle says so.

mod data;

use super::availability::percent;
use super::canvas::Figure;
use super::chart::{self, Axes, Body, LabelAt, fraction, sla_hline};
use super::layout::{
    self, DESC_PX, Entry, LABEL_PX, MARGIN, MUTED, Mark, SLA, WIDTH, bold, measure, px, pxy,
    series_color, short, text, upx,
};
use super::scale::{Axis, extent, significant, spans_decades};
use super::{Failed, compliance_words};
use crate::plan::SweepRow;
use crate::report::summary::Targets;
use crate::sla::targets::Shared;
use data::{Better, Panel, Point, SweepData};
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Logical pixels of one metric's panel: its heading, chart and x labels.
const PANEL_PX: u32 = 250;
/// Logical pixels of the heading line above each panel's chart.
const HEADING_PX: u32 = 26;
/// Characters of a flow or connection name in the legend.
const NAME_CHARS: usize = 36;
/// A linear panel is zoomed to its values when the largest is below target / ZOOM_BELOW.
const ZOOM_BELOW: f64 = 5.0;
/// Series at one value are drawn side by side this fraction of the x axis apart.
const DODGE: f64 = 0.012;
/// Radius of a point's marker in logical pixels.
const RADIUS: i32 = 6;
/// The colour of the cost series.
const COST: RGBColor = RGBColor(70, 70, 70);
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
    /// The headroom answer of a load sweep: the largest value that, with every smaller one,
    /// meets every target.
    pub largest: Option<String>,
    /// The cost per day of each swept value, in sweep order: (value, cost), the cost `None`
    /// where a value is not priced; empty when no value is.
    pub costs: Vec<(String, Option<f64>)>,
    /// The currency of the costs.
    pub currency: Option<String>,
}

impl SweepMeta {
    /// What the plot needs of a sweep's summary: the same whether the sweep has just run or
    /// `plot` reads its summary.json, so both draw the same file.
    pub fn of(summary: &crate::report::summary::SweepSummary) -> SweepMeta {
        let costs: Vec<(String, Option<f64>)> = summary
            .sweep
            .points
            .iter()
            .map(|p| (p.value.clone(), p.cost_per_day.filter(|c| c.is_finite())))
            .collect();
        SweepMeta {
            parameter: summary.sweep.parameter.clone(),
            replications: summary.header.replications,
            targets: summary.header.sla.clone(),
            smallest: summary.capacity.as_ref().map(|a| a.smallest.clone()),
            largest: summary.headroom.as_ref().map(|h| h.largest.clone()),
            costs: if costs.iter().any(|c| c.1.is_some()) {
                costs
            } else {
                Vec::new()
            },
            currency: Some(summary.sweep.currency.clone()),
        }
    }

    /// The answer marked on the plot and the words that name it.
    fn answer(&self) -> Option<(&str, &'static str)> {
        match (&self.smallest, &self.largest) {
            (Some(v), _) => Some((v, "smallest value meeting every target")),
            (None, Some(v)) => Some((v, "largest load meeting every target")),
            _ => None,
        }
    }

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
    /// Some mean lies below a log axis (0 has no place on it), drawn on its bottom edge.
    zero_mean: bool,
    /// Some interval reaches below a log axis, drawn to its bottom edge.
    zero_end: bool,
}

impl YAxis {
    /// Where `v` is drawn: inside the range (a log axis' zeros on its bottom edge).
    fn at(&self, v: f64) -> f64 {
        self.axis.clamp(v)
    }

    /// Whether `v` is below the axis, drawn clipped on its bottom edge.
    fn below(&self, v: f64) -> bool {
        self.axis.log && v < self.axis.lo
    }
}

pub(super) struct SweepPlot {
    data: SweepData,
    meta: SweepMeta,
    /// The cost per day of each swept value (by index), where priced; empty when none is.
    costs: Vec<Option<f64>>,
    /// The cost axis's title, with the currency when known.
    cost_desc: String,
}

impl SweepPlot {
    /// `costs`: (value, cost per day) of summary.json's sweep points.
    pub fn new(rows: &[SweepRow], meta: &SweepMeta, costs: &[(String, Option<f64>)]) -> SweepPlot {
        let data = SweepData::new(rows);
        let costs: Vec<Option<f64>> = data
            .values
            .labels
            .iter()
            .map(|l| costs.iter().find(|c| &c.0 == l).and_then(|c| c.1))
            .collect();
        let costs = if costs.iter().any(Option::is_some) {
            costs
        } else {
            Vec::new()
        };
        SweepPlot {
            data,
            meta: meta.clone(),
            costs,
            cost_desc: "cost per day".into(),
        }
    }

    /// Names the currency of the costs on their axis.
    pub fn with_currency(mut self, currency: Option<&str>) -> SweepPlot {
        if let Some(c) = currency {
            self.cost_desc = format!("cost per day ({c})");
        }
        self
    }

    fn has_costs(&self) -> bool {
        !self.costs.is_empty()
    }

    /// Panels drawn: the metrics', and the cost's when priced.
    fn panel_count(&self) -> usize {
        self.data.panels.len() + usize::from(self.has_costs())
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

    /// The index of the answer (capacity or headroom) among the values, if there is one.
    fn answer(&self) -> Option<usize> {
        let (s, _) = self.meta.answer()?;
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
        let chart_w = (area.dim_in_pixel().0 / upx(1))
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
            let kept = thin(&axis, chart_w, with_rate.clone());
            if kept.len() == with_rate.len() {
                return Ok((
                    axis.with_ticks(kept),
                    format!("{p} (spec, with its bandwidth)"),
                ));
            }
            let names = v.labels.iter().cloned().enumerate();
            let kept = thin(&axis, chart_w, names.map(|(i, l)| (i as f64, l)).collect());
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
        let kept = thin(&axis, chart_w, ticks);
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
                    // Zero has no place on a log axis: values of 0 are clipped to its bottom
                    // edge, drawn so that they cannot be read as a value there.
                    // With room below the smallest value, so that what is clipped to the
                    // edge stands apart from it.
                    let (lo, hi) = (lo.min(target), hi.max(target));
                    let zero_mean = panel.points().any(|p| p.mean <= 0.0);
                    let zero_end = panel.points().any(|p| p.ci.is_some_and(|c| c.0 <= 0.0));
                    let lo = if zero_mean || zero_end { lo / 5.0 } else { lo };
                    let axis = Axis::log(lo, hi).padded(0.04, true);
                    return YAxis {
                        axis,
                        target_on_scale: true,
                        zero_mean,
                        zero_end,
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
                    zero_mean: false,
                    zero_end: false,
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
                    zero_mean: false,
                    zero_end: false,
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

    /// `zeros`: whether some mean, and some interval, reaches 0 on a log axis.
    fn subtitle(&self, logs: &[&str], zeros: (bool, bool)) -> String {
        let mut s = format!(
            "Each point is the mean over {} replications at one swept value, with its 95% \
             confidence interval (hidden behind the point when narrower). A filled dot meets \
             its target {}, as the SLA asks; a hollow ring does not.",
            self.meta.replications,
            compliance_words(self.meta.targets.required_compliance)
        );
        match (self.meta.answer(), self.answer()) {
            (Some((v, words)), Some(_)) => {
                let mut w = words.chars();
                let first = w
                    .next()
                    .map(|c| c.to_uppercase().to_string())
                    .unwrap_or_default();
                s += &format!(" {first}{}: {v}.", w.as_str());
            }
            _ if self.meta.sizes_a_connection() => s += " No swept value meets every target.",
            _ => {}
        }
        if !logs.is_empty() {
            s += &format!(
                " Log scale for {}: the values differ by decades.",
                logs.join(" and ")
            );
        }
        s += match zeros {
            (true, _) => {
                " A log scale has no 0: a mean of 0 is drawn on the bottom edge as ▽ (▼ when \
                 it meets its target), and an interval reaching 0 ends there in an arrow."
            }
            (false, true) => {
                " A log scale has no 0: an interval reaching 0 ends on the bottom edge in an \
                 arrow."
            }
            (false, false) => "",
        };
        if self.has_costs() {
            s += " The last panel is the cost per day of each value, as priced in [cost].";
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
        if self.has_costs() {
            entries.push(Entry::new("cost per day", COST, Mark::Line));
        }
        if let Some((v, words)) = self.meta.answer().filter(|_| self.answer().is_some()) {
            entries.push(Entry::new(format!("{words}: {v}"), ANSWER, Mark::Band));
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
        let body = heading_line(area, panel.metric.heading)?;
        let mid = HEADING_PX as i32 / 2 + 2;
        let w = (area.dim_in_pixel().0 / upx(1)) as i32;
        let note = match panel.targets {
            Shared::Varies => Some("each its own target: a ring marks a miss"),
            Shared::None => Some("no target: shown, not judged"),
            Shared::Same(_) => None,
        };
        if let Some(note) = note {
            let style = text(LABEL_PX, &SLA).pos(Pos::new(HPos::Right, VPos::Center));
            area.draw(&Text::new(note, pxy((w - MARGIN - 10, mid)), style))?;
        }
        if !y.target_on_scale {
            let largest = extent(panel.points().map(|p| p.mean)).map_or(0.0, |e| e.1);
            let label = format!(
                "{}, off scale: {}× the largest mean ↑",
                self.sla_label(panel),
                significant(panel.target / largest)
            );
            let style = text(LABEL_PX, &SLA).pos(Pos::new(HPos::Right, VPos::Center));
            area.draw(&Text::new(label, pxy((w - MARGIN - 10, mid)), style))?;
        }
        Ok(body)
    }

    /// The cost panel's y axis: from 0 to the highest cost.
    fn cost_axis(&self) -> Axis {
        let top = self.costs.iter().flatten().fold(0.0_f64, |m, c| m.max(*c));
        Axis::linear(0.0, top.max(1e-9), 5).padded(0.15, false)
    }
}

/// Draws a panel's heading in bold above its chart; returns the area of the chart.
fn heading_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    heading: &str,
) -> Result<DrawingArea<DB, Shift>, Failed> {
    let (head, body) = area.split_vertically(px(HEADING_PX as i32));
    let mid = HEADING_PX as i32 / 2 + 2;
    let style = bold(DESC_PX, &BLACK).pos(Pos::new(HPos::Left, VPos::Center));
    head.draw(&Text::new(heading.to_string(), pxy((MARGIN, mid)), style))?;
    Ok(body)
}

/// The ticks, in order along the axis, whose labels do not overlap the last one kept.
/// `chart_w` is the chart's width in logical pixels.
fn thin(axis: &Axis, chart_w: f64, ticks: Vec<(f64, String)>) -> Vec<(f64, String)> {
    let mut kept = Vec::with_capacity(ticks.len());
    let mut right = f64::NEG_INFINITY;
    for (v, label) in ticks {
        let w = measure(&label, LABEL_PX).0 as f64;
        let centre = fraction(axis, v) * chart_w;
        if centre - w / 2.0 >= right + 10.0 {
            right = centre + w / 2.0;
            kept.push((v, label));
        }
    }
    kept
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
        let n = ((dx.hypot(dy) / px(3) as f64).ceil() as i32).max(1);
        for i in 0..=n {
            let t = i as f64 / n as f64;
            self.points
                .push((a.0 + (dx * t).round() as i32, a.1 + (dy * t).round() as i32));
        }
    }

    /// How much of what was drawn `r` would cover.
    fn covered(&self, r: &Rect) -> usize {
        let pad = px(RADIUS + 1);
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

/// The box of a text of size `(w, h)` (device pixels) whose anchor is `at` moved by `d`
/// (logical pixels), placed as `pos` says (left or right of it, above or below).
fn text_box(at: Px, d: (i32, i32), (w, h): (u32, u32), right_of: bool, below: bool) -> Rect {
    let (x, y) = (at.0 + px(d.0), at.1 + px(d.1));
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
                    .map(|(xp, p)| {
                        let (lo, hi) = p.ci.map(|(lo, hi)| (ya.at(lo), ya.at(hi)))?;
                        let (a, b) = (
                            chart.backend_coord(&(*xp, lo)),
                            chart.backend_coord(&(*xp, hi)),
                        );
                        ((a.1 - b.1).abs() > px(2 * RADIUS)).then_some((lo, hi))
                    })
                    .collect()
            })
            .collect();
        let mut obstacles = Obstacles::default();
        for (s, ci) in placed.iter().zip(&intervals) {
            let mut last = None;
            for ((xp, p), ci) in s.points.iter().zip(ci) {
                let c = chart.backend_coord(&(*xp, ya.at(p.mean)));
                obstacles.points.push(c);
                if let Some(prev) = last {
                    obstacles.segment(prev, c);
                }
                last = Some(c);
                if let Some((lo, hi)) = *ci {
                    obstacles.segment(
                        chart.backend_coord(&(*xp, lo)),
                        chart.backend_coord(&(*xp, hi)),
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
                ANSWER_TEXT.stroke_width(upx(2)),
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
        if let (Some((l, _, r)), Some((v, words))) = (band, self.plot.meta.answer())
            && self.label_answer
        {
            let label = format!("{words}: {v}");
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
                        pxy((if right { 6 } else { -6 }, if top { 6 } else { -6 })),
                        style.pos(pos),
                    ),
            ))?;
        }
        for (s, ci) in placed.iter().zip(&intervals) {
            chart.draw_series(LineSeries::new(
                s.points.iter().map(|(xp, p)| (*xp, ya.at(p.mean))),
                s.color.mix(0.8).stroke_width(upx(2)),
            ))?;
            for ((xp, p), ci) in s.points.iter().zip(ci) {
                let xp = *xp;
                if let Some((lo, hi)) = *ci {
                    let bar = s.color.stroke_width(upx(2));
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(xp, lo), (xp, hi)],
                        bar,
                    )))?;
                    let cut = p.ci.is_some_and(|c| ya.below(c.0));
                    for (end, arrow) in [(lo, cut), (hi, false)] {
                        // An arrow where the interval goes on down to 0, off the log scale.
                        let shape = if arrow {
                            vec![(px(-5), px(-7)), (0, 0), (px(5), px(-7))]
                        } else {
                            vec![(px(-5), 0), (px(5), 0)]
                        };
                        chart.draw_series(std::iter::once(
                            EmptyElement::at((xp, end)) + PathElement::new(shape, bar),
                        ))?;
                    }
                }
                let c = (xp, ya.at(p.mean));
                if ya.below(p.mean) {
                    // A mean of 0 on a log axis: a triangle pointing down from the edge.
                    let tri = vec![(px(-7), px(-12)), (px(7), px(-12)), (0, 0)];
                    let fill = if p.met {
                        s.color.filled()
                    } else {
                        WHITE.filled()
                    };
                    chart.draw_series(std::iter::once(
                        EmptyElement::at(c)
                            + Polygon::new(tri.clone(), fill)
                            + PathElement::new(
                                tri.iter().copied().chain([tri[0]]).collect::<Vec<_>>(),
                                s.color.stroke_width(upx(2)),
                            ),
                    ))?;
                } else if p.met {
                    chart.draw_series(std::iter::once(Circle::new(
                        c,
                        upx(RADIUS as u32),
                        s.color.filled(),
                    )))?;
                } else {
                    let ring = s.color.stroke_width(upx(2));
                    let r = upx(RADIUS as u32);
                    chart.draw_series(std::iter::once(Circle::new(c, r, WHITE.filled())))?;
                    chart.draw_series(std::iter::once(Circle::new(c, r, ring)))?;
                }
            }
        }
        Ok(())
    }
}

/// The cost panel's chart: the cost per day of each priced value, labelled.
struct CostBody<'a> {
    plot: &'a SweepPlot,
    x: &'a Axis,
    y: &'a Axis,
}

impl Body for CostBody<'_> {
    fn draw<DB, X, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Result<(), Failed>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let (x, y) = (self.x, self.y);
        if let Some(at) = self.plot.answer() {
            let c = self.plot.pos(at);
            let (l, r) = if self.plot.meta.by_spec() {
                (c - 0.4, c + 0.4)
            } else {
                (x.shift(c, -0.025), x.shift(c, 0.025))
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(l, y.lo), (r, y.hi)],
                ANSWER.mix(0.25).filled(),
            )))?;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(c, y.lo), (c, y.hi)],
                ANSWER_TEXT.stroke_width(upx(2)),
            )))?;
        }
        let points: Vec<(f64, f64)> = self
            .plot
            .costs
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (self.plot.pos(i), c)))
            .collect();
        chart.draw_series(LineSeries::new(
            points.iter().copied(),
            COST.stroke_width(upx(2)),
        ))?;
        // Above each point, on the side away from the next segment when it rises.
        for (i, &(xp, c)) in points.iter().enumerate() {
            chart.draw_series(std::iter::once(Circle::new(
                (xp, c),
                upx(RADIUS as u32 - 1),
                COST.filled(),
            )))?;
            // The first label right of its point, the last left, so both stay in the chart.
            let rises = points.get(i + 1).is_some_and(|n| n.1 > c);
            let left = i > 0 && (rises || i + 1 == points.len());
            let (dx, h) = if left {
                (-RADIUS - 2, HPos::Right)
            } else {
                (RADIUS + 2, HPos::Left)
            };
            let style = text(LABEL_PX, &BLACK).pos(Pos::new(h, VPos::Bottom));
            chart.draw_series(std::iter::once(
                EmptyElement::at((xp, c)) + Text::new(cost_words(c), pxy((dx, -RADIUS)), style),
            ))?;
        }
        Ok(())
    }
}

/// A cost per day as written: two decimals below 1000, whole above.
fn cost_words(c: f64) -> String {
    if c.abs() >= 1000.0 {
        format!("{c:.0}")
    } else {
        format!("{c:.2}")
    }
}

impl Figure for SweepPlot {
    const NAME: &'static str = super::SWEEP_PLOT;

    fn size(&self) -> (u32, u32) {
        if self.data.values.labels.is_empty() {
            return (WIDTH, layout::HEIGHT);
        }
        let legend = layout::legend_height(&self.legend(), WIDTH).max(110) as u32;
        (WIDTH, 120 + legend + PANEL_PX * self.panel_count() as u32)
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
        let zeros = (
            ys.iter().any(|y| y.zero_mean),
            ys.iter().any(|y| y.zero_end),
        );
        let area = layout::header(root, &self.title(), &self.subtitle(&logs, zeros))?;
        let area = layout::legend(&area, &self.legend())?;
        // One label width for every panel, so their x axes line up.
        let cost_y = self.cost_axis();
        let mut widest = 0;
        for axis in ys.iter().map(|y| &y.axis).chain([&cost_y]) {
            for t in &axis.ticks {
                widest = widest.max(measure(&axis.label(*t), LABEL_PX).0);
            }
        }
        let y_label_width = widest + 44;
        let (x, x_desc) = self.x_axis(&area, y_label_width)?;
        let count = self.panel_count();
        let panels = area.split_evenly((count, 1));
        for (i, ((pa, panel), y)) in panels.iter().zip(&self.data.panels).zip(&ys).enumerate() {
            let body_area = self.heading(pa, panel, y)?;
            if panel.points().next().is_none() {
                let (w, h) = body_area.dim_in_pixel();
                let (w, h) = ((w / upx(1)) as i32, (h / upx(1)) as i32);
                body_area.draw(&Rectangle::new(
                    [pxy((MARGIN, 4)), pxy((w - MARGIN, h - 12))],
                    layout::GRID.stroke_width(upx(2)),
                ))?;
                let why = format!("sweep.csv has no {} values", panel.metric.quantity);
                let style = text(DESC_PX, &MUTED).pos(Pos::new(HPos::Center, VPos::Center));
                body_area.draw(&Text::new(why, pxy((w / 2, h / 2)), style))?;
                continue;
            }
            let last = i + 1 == count;
            let y_desc = self.y_desc(panel, &y.axis);
            let axes = Axes {
                x: &x,
                y: &y.axis,
                x_desc: if last { &x_desc } else { "" },
                y_desc: &y_desc,
                y_label_width,
                x_label_height: if last { 54 } else { 30 },
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
        if self.has_costs()
            && let Some(pa) = panels.last()
        {
            let body_area = heading_line(pa, "Cost per day")?;
            let axes = Axes {
                x: &x,
                y: &cost_y,
                x_desc: &x_desc,
                y_desc: &self.cost_desc,
                y_label_width,
                x_label_height: 54,
                y_label: None,
            };
            let body = CostBody {
                plot: self,
                x: &x,
                y: &cost_y,
            };
            chart::draw(&body_area, &axes, &body)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(value: &str, x: f64, metric: &str, mean: f64, ci: (f64, f64)) -> SweepRow {
        SweepRow {
            value: value.into(),
            x,
            unit: "Mbps".into(),
            kind: "flow".into(),
            name: "f".into(),
            metric: metric.into(),
            mean: Some(mean),
            ci95_lo: Some(ci.0),
            ci95_hi: Some(ci.1),
            target: Some(0.002),
            compliance: Some(1.0),
            wilson95_lo: Some(0.7),
            wilson95_hi: Some(1.0),
            met: Some(mean < 0.002),
        }
    }

    fn meta() -> SweepMeta {
        SweepMeta {
            parameter: "connection.c.spec".into(),
            replications: 4,
            targets: Targets::from(&crate::scenario::SlaSection::default()),
            smallest: Some("Large.1".into()),
            largest: None,
            costs: Vec::new(),
            currency: None,
        }
    }

    #[test]
    fn a_log_axis_clips_zeros_to_its_edge_and_labels_no_tick_0() {
        let rows = [
            row("Middle.2", 200.0, "loss", 0.7, (0.69, 0.71)),
            row("Large.1", 1000.0, "loss", 0.000_006, (0.0, 0.000_02)),
            row("Large.2", 2000.0, "loss", 0.0, (0.0, 0.0)),
        ];
        let plot = SweepPlot::new(&rows, &meta(), &[]);
        let y = plot.y_axis(&plot.data.panels[0]);
        assert!(y.axis.log && y.zero_mean && y.zero_end);
        assert!(y.axis.lo > 0.0 && y.axis.lo < 0.0006);
        assert!(y.axis.ticks.iter().all(|t| y.axis.label(*t) != "0"));
        assert!(y.below(0.0) && !y.below(0.0006));
        assert_eq!(y.at(0.0), y.axis.lo, "drawn on the bottom edge");
        assert!(
            plot.subtitle(&["loss"], (true, true))
                .contains("A log scale has no 0")
        );
        assert!(!plot.has_costs());
    }

    #[test]
    fn costs_follow_the_values_in_sweep_order() {
        let rows = [
            row("Middle.2", 200.0, "loss", 0.7, (0.69, 0.71)),
            row("Large.1", 1000.0, "loss", 0.0, (0.0, 0.0)),
        ];
        let costs = [
            ("Large.1".to_string(), Some(36.0)),
            ("Middle.2".to_string(), None),
        ];
        let plot = SweepPlot::new(&rows, &meta(), &costs);
        assert_eq!(plot.costs, [None, Some(36.0)]);
        assert_eq!(plot.panel_count(), plot.data.panels.len() + 1);
        assert!(plot.cost_axis().hi >= 36.0);
        assert_eq!(cost_words(36.0), "36.00");
        let unpriced = [("Large.1".to_string(), None)];
        assert!(!SweepPlot::new(&rows, &meta(), &unpriced).has_costs());
    }
}
