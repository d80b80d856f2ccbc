//! `jitter_hist`: how the jitter ratio of each flow varies across replications, against the
//! SLA's jitter target. One panel per flow, each on its own scale with bins chosen from its
//! values: flows' jitter differs by orders of magnitude (0.3% beside 1500%), and a flow's
//! replications lie close together, so on one shared axis every flow would be a single bar.
//! A rug of ticks under the bars marks each replication's value; the target is a dashed line
//! where it falls on the panel's scale, else named at the panel's edge with an arrow.
//!
//! For PDV, a grey band spans the provider's part in each replication: the jitter the flow
//! would have without the time its packets spent waiting in the design's own queues (caps,
//! link and line queues). The distance from the band to the bars is what the design adds.

use super::canvas::Figure;
use super::chart::{self, Axes, Body, sla_line};
use super::group::{by_name, keep_top, mean, replications};
use super::layout::{
    self, DESC_PX, Entry, LABEL_PX, MARGIN, MUTED, Mark, SLA, WIDTH, bold, px, pxy, series_color,
    short, text, upx,
};
use super::scale::{Axis, digits, digits_apart, extent, nice_step, significant};
use super::{Failed, compliance_words};
use crate::sla::record::FlowRecord;
use crate::sla::targets::{DesignTargets, Shared};
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The provider's part of the jitter.
const NETWORK: RGBColor = RGBColor(120, 120, 120);

/// Flows drawn at most (those with the highest mean jitter).
const MAX_FLOWS: usize = 8;
/// Logical pixels of one flow's panel: its heading, chart and tick labels.
const PANEL_PX: u32 = 150;
/// Logical pixels of a panel's heading line.
const HEADING_PX: u32 = 24;
/// Logical pixels of the heading's second line, the split of the jitter into its parts.
const SPLIT_PX: u32 = 20;
/// The target is drawn inside a panel when that at most doubles the span of its bins.
const TARGET_REACH: f64 = 1.0;

/// Bins of one flow: `count` bins of `width` from `start`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bins {
    pub start: f64,
    pub width: f64,
    pub count: usize,
}

impl Bins {
    /// Bins on multiples of a 1-2-5 width, the widest that still gives at least
    /// `wanted(n)` bins across the values: even a few replications spread over several
    /// bins. Equal values get one bin, a fiftieth of their size wide.
    pub fn of(values: &[f64]) -> Bins {
        let (lo, hi) = extent(values.iter().copied()).unwrap_or((0.0, 1.0));
        if hi - lo <= 1e-9 * hi.abs().max(1e-9) {
            let width = nice_step((lo.abs() * 0.02).max(0.01));
            let start = if lo >= 0.0 && lo - width / 2.0 < 0.0 {
                0.0
            } else {
                lo - width / 2.0
            };
            return Bins {
                start,
                width,
                count: 1,
            };
        }
        let wanted = wanted(values.len()) as f64;
        let mut width = nice_step((hi - lo) / wanted);
        let count = |w: f64| ((hi / w).floor() - (lo / w).floor() + 1.0).max(1.0);
        // nice_step rounds up, which can halve the bins: step down the 1-2-5 series.
        while count(width) < wanted {
            width = smaller_step(width);
        }
        Bins {
            start: (lo / width).floor() * width,
            width,
            count: count(width) as usize,
        }
    }

    pub fn end(&self) -> f64 {
        self.start + self.width * self.count as f64
    }

    /// Replications per bin.
    pub fn counts(&self, values: &[f64]) -> Vec<usize> {
        let mut c = vec![0; self.count];
        for v in values {
            let i = ((v - self.start) / self.width + 1e-9).floor().max(0.0) as usize;
            c[i.min(self.count - 1)] += 1;
        }
        c
    }
}

/// The 1-2-5 value below `step` (a value of that series): 0.5 → 0.2 → 0.1 → 0.05.
fn smaller_step(step: f64) -> f64 {
    let e = 10f64.powf(step.log10().floor());
    let m = (step / e).round();
    if m >= 5.0 {
        2.0 * e
    } else if m >= 2.0 {
        e
    } else {
        0.5 * e
    }
}

/// Bins wanted for `n` values: 5 for a few replications, up to 20 for hundreds.
fn wanted(n: usize) -> usize {
    ((n as f64).sqrt().round() as usize + 3).clamp(5, 20)
}

struct FlowJitter {
    name: String,
    color: usize,
    /// Per-replication jitter ratio in %.
    values: Vec<f64>,
    mean: f64,
    bins: Bins,
    /// Per-replication provider's part of the PDV in %: `jitter_network_ms` over the
    /// minimum delay, so that it and the design's part add up to the ratio. Empty for the
    /// other definitions, whose split the records do not hold.
    network: Vec<f64>,
    /// The flow's jitter target in %, when it has one.
    target: Option<f64>,
}

impl FlowJitter {
    /// The lowest and highest provider's part, and its mean.
    fn network_range(&self) -> Option<(f64, f64, f64)> {
        let (lo, hi) = extent(self.network.iter().copied())?;
        Some((lo, hi, mean(self.network.iter().copied())?))
    }
}

pub(super) struct JitterHist {
    flows: Vec<FlowJitter>,
    total: usize,
    without: Vec<String>,
    /// What the flows' jitter targets have in common (in %).
    shared: Shared,
    definition: String,
    compliance: String,
    replications: usize,
}

impl JitterHist {
    pub fn new(rows: &[FlowRecord], targets: &DesignTargets) -> JitterHist {
        let mut flows = Vec::new();
        let mut without = Vec::new();
        for (color, (name, rs)) in by_name(rows, |r| &r.flow).into_iter().enumerate() {
            let values: Vec<f64> = rs
                .iter()
                .filter_map(|r| r.jitter)
                .map(|j| j * 100.0)
                .filter(|v| v.is_finite())
                .collect();
            let network = if targets.jitter == "pdv" {
                rs.iter()
                    .filter_map(|r| {
                        let min = r.delay_min_ms.filter(|m| *m > 0.0)?;
                        Some(r.jitter_network_ms? / min * 100.0)
                    })
                    .filter(|v| v.is_finite())
                    .collect()
            } else {
                Vec::new()
            };
            match mean(values.iter().copied()) {
                Some(mean) => flows.push(FlowJitter {
                    name: name.to_string(),
                    color,
                    bins: Bins::of(&values),
                    values,
                    mean,
                    network,
                    target: targets.flow(name).max_jitter.map(|t| t * 100.0),
                }),
                None => without.push(name.to_string()),
            }
        }
        let total = keep_top(&mut flows, MAX_FLOWS, |f| f.mean);
        let shared = Shared::of(flows.iter().map(|f| f.target));
        JitterHist {
            flows,
            total,
            without,
            shared,
            definition: targets.jitter.clone(),
            compliance: compliance_words(targets.required_compliance),
            replications: replications(rows, |r| r.replication),
        }
    }

    fn title(&self) -> String {
        format!("Jitter ratio per replication ({})", self.definition)
    }

    /// "SLA: jitter ≤ 20% (pdv)".
    fn target_words(&self, target: f64) -> String {
        format!(
            "SLA: jitter ≤ {}% ({})",
            significant(target),
            self.definition
        )
    }

    /// What the SLA asks of the flows' jitter, for the subtitle.
    fn asks(&self) -> String {
        match self.shared {
            Shared::Same(t) => format!(
                "The SLA asks jitter ≤ {}% {}.",
                significant(t),
                self.compliance
            ),
            Shared::Varies => format!(
                "Each flow is held to the jitter target of the products its paths use, {}; a \
                 flow without one is shown, not judged.",
                self.compliance
            ),
            Shared::None => "No flow has a jitter target (none of their products promises \
                             one): the figures are shown, not judged."
                .into(),
        }
    }

    fn subtitle(&self) -> String {
        let mut s = format!(
            "Each panel: one flow's jitter ratio ({}) in each of the {} replications, \
             binned on that flow's own scale (bins chosen from its values); the ticks under \
             the bars mark each replication's value. {}",
            definition_words(&self.definition),
            self.replications,
            self.asks()
        );
        if self.total > self.flows.len() {
            s += &format!(
                " Showing the {} of {} flows with the highest mean jitter.",
                self.flows.len(),
                self.total
            );
        }
        if !self.without.is_empty() {
            s += &format!(" No delivered packets: {}.", self.without.join(", "));
        }
        s
    }

    fn legend(&self) -> Vec<Entry> {
        let mut entries = vec![
            Entry::new("replications in the bin", MUTED, Mark::Bar),
            Entry::new("one replication", MUTED, Mark::Tick),
        ];
        if self.flows.iter().any(|f| !f.network.is_empty()) {
            entries.push(Entry::new(
                "provider's network alone (range, mean): without waits in the design's queues",
                NETWORK,
                Mark::Band,
            ));
        }
        match self.shared {
            Shared::Same(t) => entries.push(Entry::new(self.target_words(t), SLA, Mark::Dashed)),
            Shared::Varies => entries.push(Entry::new(
                format!("the flow's SLA target ({})", self.definition),
                SLA,
                Mark::Dashed,
            )),
            Shared::None => {}
        }
        entries
    }

    /// Whether the target is drawn inside the panel of `f`.
    fn target_on_scale(&self, f: &FlowJitter) -> bool {
        let Some(t) = f.target.filter(|t| t.is_finite()) else {
            return false;
        };
        // Inside what the panel shows anyway (bins and the provider's part), or near enough
        // to the bins that drawing it at most doubles their span.
        let (lo, hi) = self.data_range(f);
        let span = f.bins.end() - f.bins.start;
        (lo..=hi).contains(&t)
            || (t >= f.bins.start - TARGET_REACH * span && t <= f.bins.end() + TARGET_REACH * span)
    }

    /// What a flow's panel shows before its target: its bins with half a bin of room either
    /// side (none below zero), and the provider's part.
    fn data_range(&self, f: &FlowJitter) -> (f64, f64) {
        let b = &f.bins;
        let (mut lo, mut hi) = (b.start - b.width / 2.0, b.end() + b.width / 2.0);
        if b.count == 1 {
            lo = b.start - 2.0 * b.width;
            hi = b.end() + 2.0 * b.width;
        }
        if b.start >= 0.0 {
            lo = lo.max(0.0);
        }
        if let Some((n_lo, n_hi, _)) = f.network_range() {
            let pad = b.width / 2.0;
            lo = lo.min((n_lo - pad).max(0.0));
            hi = hi.max(n_hi + pad);
        }
        (lo, hi)
    }

    /// The x axis of a flow's panel: [`Self::data_range`], and the target when it is near.
    fn x_axis(&self, f: &FlowJitter) -> Axis {
        let (mut lo, mut hi) = self.data_range(f);
        if let Some(t) = f.target.filter(|_| self.target_on_scale(f)) {
            lo = lo.min(t);
            hi = hi.max(t * 1.02);
        }
        Axis::within(lo, hi, 6).suffixed("%")
    }

    fn y_axis(&self, f: &FlowJitter) -> Axis {
        let top = f.bins.counts(&f.values).into_iter().max().unwrap_or(1);
        Axis::counts(top as f64, 4).padded(0.12, false)
    }

    /// The heading of a flow's panel, and the target's note when it is off the scale.
    fn heading<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        f: &FlowJitter,
    ) -> Result<DrawingArea<DB, Shift>, Failed> {
        let split = f.network_range().is_some();
        let head_px = HEADING_PX + if split { SPLIT_PX } else { 0 };
        let (head, body) = area.split_vertically(px(head_px as i32));
        let mid = HEADING_PX as i32 / 2 + 2;
        let (lo, hi) = extent(f.values.iter().copied()).unwrap_or((f.mean, f.mean));
        let met = |t: f64| f.values.iter().filter(|v| **v <= t).count();
        let name_style =
            bold(DESC_PX, &series_color(f.color)).pos(Pos::new(HPos::Left, VPos::Center));
        let name = short(&f.name, 36);
        head.draw(&Text::new(name.clone(), pxy((MARGIN, mid)), name_style))?;
        let name_w = layout::measure_bold(&name, DESC_PX).0 as i32 + 10;
        let n = digits_apart(lo, hi);
        let range = if f.values.len() > 1 && hi > lo {
            format!(", range {}–{}%", digits(lo, n), digits(hi, n))
        } else {
            String::new()
        };
        let judged = match f.target {
            Some(t) => format!(
                "{} of {} replications ≤ {}%",
                met(t),
                f.values.len(),
                significant(t)
            ),
            None => "no jitter target".into(),
        };
        let facts = if hi > lo {
            format!(
                "mean {}%{range}; {judged}; bins of {}%",
                digits(f.mean, n),
                significant(f.bins.width),
            )
        } else {
            format!("every replication {}%; {judged}", significant(lo))
        };
        if let Some((_, _, network)) = f.network_range() {
            let n = n.max(digits_apart(network, f.mean));
            let split = format!(
                "of the mean: {}% the provider's network, {}% waiting in the design's own \
                 queues (caps, links, lines)",
                digits(network, n),
                digits((f.mean - network).max(0.0), n)
            );
            let style = text(LABEL_PX, &MUTED).pos(Pos::new(HPos::Left, VPos::Center));
            head.draw(&Text::new(
                split,
                pxy((MARGIN + name_w, mid + SPLIT_PX as i32)),
                style,
            ))?;
        }
        let style = text(LABEL_PX, &BLACK).pos(Pos::new(HPos::Left, VPos::Center));
        head.draw(&Text::new(facts, pxy((MARGIN + name_w, mid)), style))?;
        if let Some(t) = f.target.filter(|_| !self.target_on_scale(f)) {
            let w = (area.dim_in_pixel().0 / upx(1)) as i32;
            let above = t > f.bins.end();
            let note = if above && hi > 0.0 {
                format!(
                    "{}: off scale, {}× the largest →",
                    self.target_words(t),
                    significant(t / hi)
                )
            } else if above {
                format!("{}: off scale →", self.target_words(t))
            } else {
                format!("← {}: off scale, below every value", self.target_words(t))
            };
            let style = text(LABEL_PX, &SLA).pos(Pos::new(HPos::Right, VPos::Center));
            head.draw(&Text::new(note, pxy((w - MARGIN - 10, mid)), style))?;
        }
        Ok(body)
    }
}

/// What the ratio of each jitter definition divides, for the subtitle.
fn definition_words(def: &str) -> &'static str {
    match def {
        "pdv" => "RFC 5481 PDV: (p99 − min) / min of the one-way delay",
        "ipdv" => "IPDV: mean |D(i) − D(i−1)| / mean delay",
        "rfc3550" => "RFC 3550 interarrival jitter / mean delay",
        _ => "as chosen in [sla]",
    }
}

/// One flow's panel.
struct Panel<'a> {
    plot: &'a JitterHist,
    flow: &'a FlowJitter,
    x: Axis,
    y: Axis,
}

impl Body for Panel<'_> {
    fn draw<DB, X, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Result<(), Failed>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let f = self.flow;
        let b = &f.bins;
        if let Some((lo, hi, mean)) = f.network_range() {
            // At least a few pixels wide, so a band of equal values still shows.
            let min_w = (self.x.hi - self.x.lo) / 300.0;
            let (lo, hi) = if hi - lo < min_w {
                (mean - min_w / 2.0, mean + min_w / 2.0)
            } else {
                (lo, hi)
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(self.x.clamp(lo), self.y.lo), (self.x.clamp(hi), self.y.hi)],
                NETWORK.mix(0.25).filled(),
            )))?;
            let x = self.x.clamp(mean);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, self.y.lo), (x, self.y.hi)],
                NETWORK.stroke_width(upx(2)),
            )))?;
        }
        let c = series_color(f.color);
        let gap = b.width * 0.04;
        let bars = b
            .counts(&f.values)
            .into_iter()
            .enumerate()
            .filter(|(_, k)| *k > 0)
            .map(|(i, k)| {
                let x0 = b.start + i as f64 * b.width;
                Rectangle::new(
                    [(x0 + gap, 0.0), (x0 + b.width - gap, k as f64)],
                    c.mix(0.85).filled(),
                )
            });
        chart.draw_series(bars)?;
        // The rug: each replication's value, a short tick up from the axis.
        let tick = BLACK.stroke_width(upx(1));
        chart.draw_series(f.values.iter().map(|v| {
            EmptyElement::at((self.x.clamp(*v), 0.0))
                + PathElement::new(vec![(0, 0), (0, px(-7))], tick)
        }))?;
        if let Some(t) = f.target.filter(|_| self.plot.target_on_scale(f)) {
            let label = self.plot.target_words(t);
            sla_line(chart, &self.x, &self.y, t, &label)?;
        }
        Ok(())
    }
}

impl Figure for JitterHist {
    const NAME: &'static str = "jitter_hist";

    fn size(&self) -> (u32, u32) {
        if self.flows.is_empty() {
            return (WIDTH, layout::HEIGHT);
        }
        let head = layout::header_height(WIDTH, &self.title(), &self.subtitle());
        let legend = layout::legend_height(&self.legend(), WIDTH);
        let split = self.flows.iter().filter(|f| !f.network.is_empty()).count() as u32;
        let panels = PANEL_PX * self.flows.len() as u32 + SPLIT_PX * split + 24;
        (WIDTH, (head + legend) as u32 + panels + 8)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.flows.is_empty() {
            let why = if self.without.is_empty() {
                "flows.csv has no rows.".to_string()
            } else {
                format!("No delivered packets: {}.", self.without.join(", "))
            };
            return layout::no_data(root, &self.title(), &why);
        }
        let area = layout::header(root, &self.title(), &self.subtitle())?;
        let area = layout::legend(&area, &self.legend())?;
        let n = self.flows.len();
        let (panels_area, _) = area.split_vertically(area.dim_in_pixel().1 as i32 - px(8));
        let panels = panels_area.split_evenly((n, 1));
        let x_desc = format!("jitter ratio, {} (%)", self.definition);
        for (i, (pa, f)) in panels.iter().zip(&self.flows).enumerate() {
            let body = self.heading(pa, f)?;
            let last = i + 1 == n;
            let (x, y) = (self.x_axis(f), self.y_axis(f));
            let axes = Axes {
                x: &x,
                y: &y,
                x_desc: if last { &x_desc } else { "" },
                y_desc: "replications",
                y_label_width: 64,
                x_label_height: if last { 54 } else { 30 },
                y_label: None,
            };
            let panel = Panel {
                plot: self,
                flow: f,
                x: x.clone(),
                y: y.clone(),
            };
            chart::draw(&body, &axes, &panel)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(flow: &str, replication: u64, jitter: Option<f64>) -> FlowRecord {
        FlowRecord {
            replication,
            flow: flow.into(),
            offered: 10,
            delivered: 10,
            jitter,
            ..Default::default()
        }
    }

    /// Every flow held to Express Connect's targets.
    fn targets() -> DesignTargets {
        super::super::tests::express_connect_targets(&["a", "b"])
    }

    #[test]
    fn every_replication_lands_in_one_bin_and_nan_is_skipped() {
        let rows = [
            row("a", 0, Some(0.07)),
            row("a", 1, Some(0.30)),
            row("a", 2, Some(f64::NAN)),
            row("b", 0, None),
        ];
        let h = JitterHist::new(&rows, &targets());
        assert_eq!(h.flows.len(), 1);
        assert_eq!(h.without, vec!["b".to_string()]);
        let f = &h.flows[0];
        assert_eq!(f.bins.counts(&f.values).iter().sum::<usize>(), 2);
        let x = h.x_axis(f);
        assert!(x.lo <= 7.0 && x.hi >= 30.0);
        assert!(h.target_on_scale(f), "20% lies between the values");
    }

    #[test]
    fn eight_close_replications_spread_over_several_bins() {
        let values = [6.02, 6.27, 5.95, 6.49, 6.13, 6.31, 6.07, 6.4];
        let b = Bins::of(&values);
        assert!(b.count >= 5, "{b:?}");
        let counts = b.counts(&values);
        assert_eq!(counts.iter().sum::<usize>(), 8);
        assert!(counts.iter().filter(|c| **c > 0).count() >= 4, "{counts:?}");
        assert!(b.start <= 5.95 && b.end() >= 6.49);
        // Equal values: one bin around them.
        let same = Bins::of(&[0.0, 0.0]);
        assert_eq!((same.count, same.start), (1, 0.0));
        assert_eq!(same.counts(&[0.0, 0.0]), [2]);
    }

    #[test]
    fn a_far_target_is_off_scale() {
        let rows: Vec<FlowRecord> = [0.059, 0.060, 0.061, 0.058]
            .iter()
            .enumerate()
            .map(|(i, j)| row("a", i as u64, Some(*j)))
            .collect();
        let h = JitterHist::new(&rows, &targets());
        let f = &h.flows[0];
        assert!(!h.target_on_scale(f));
        assert!(h.x_axis(f).hi < 10.0);
        assert_eq!(h.target_words(20.0), "SLA: jitter ≤ 20% (pdv)");
    }
}
