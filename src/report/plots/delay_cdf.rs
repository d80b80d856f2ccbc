//! `delay_cdf`: the one-way delay distribution of each flow, from delay_hist.csv, which
//! counts every delivered packet of every replication in a few hundred delay buckets per
//! flow. Within a bucket the delays are taken as spread evenly, so the CDF is linear between
//! bucket edges and its quantiles are read by linear interpolation.
//!
//! Two panels share the delay axis: the CDF (share of packets with delay ≤ x), and below it
//! the tail, 1 − CDF on a log scale, where the last percent of packets — invisible at the
//! top of a CDF — spreads over decades. The p50 (dot) and p99 (ring) of the pooled packets
//! are marked on both. The delay axis is logarithmic when the flows' delays differ by more
//! than [`LOG_X_RATIO`]×.

use super::Failed;
use super::canvas::Figure;
use super::chart::{self, Axes, Body};
use super::group::{by_name, keep_top, replications};
use super::layout::{self, Entry, HEIGHT, MUTED, Mark, WIDTH, px, series_color, short, text, upx};
use super::scale::{Axis, digits, extent, grouped};
use crate::report::tables::DelayBucket;
use crate::sla::record::FlowRecord;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Flows drawn at most (those with the highest p99); more curves could not be told apart.
const MAX_FLOWS: usize = 8;
/// The delay axis is logarithmic when the largest delay is more than this many times the
/// smallest.
const LOG_X_RATIO: f64 = 4.0;
/// Extra height of the plot for its second (tail) panel.
const TAIL_PX: u32 = 270;
/// Significant digits of the p50 and p99 in the legend.
const DIGITS: i32 = 4;
const TITLE: &str = "One-way delay distribution per flow";

/// One flow's pooled delay distribution.
pub(super) struct FlowDelays {
    name: String,
    color: usize,
    /// Delivered packets counted.
    packets: u64,
    /// (delay in ms, share of packets with delay ≤ it): the flow's minimum at share 0, then
    /// each bucket's upper edge. Delays increase and shares do not decrease.
    cdf: Vec<(f64, f64)>,
    pub p50: f64,
    pub p99: f64,
}

impl FlowDelays {
    /// The distribution of one flow's rows of delay_hist.csv (in file order, increasing
    /// delay); `min` is the flow's smallest delay, where its first bucket starts.
    pub fn of(name: &str, color: usize, rows: &[&DelayBucket], min: Option<f64>) -> Option<Self> {
        let rows: Vec<(f64, u64)> = rows
            .iter()
            .filter(|r| r.delay_ms.is_finite() && r.delay_ms >= 0.0)
            .map(|r| (r.delay_ms, r.count))
            .collect();
        let packets: u64 = rows.iter().map(|r| r.1).sum();
        if packets == 0 {
            return None;
        }
        let first = rows[0].0;
        let start = min
            .filter(|m| m.is_finite() && *m <= first)
            .unwrap_or(first);
        let mut cdf = vec![(start, 0.0)];
        let mut seen = 0u64;
        for (edge, count) in rows {
            seen += count;
            let last = cdf.last().map_or(start, |p| p.0);
            cdf.push((edge.max(last), seen as f64 / packets as f64));
        }
        let mut f = FlowDelays {
            name: name.to_string(),
            color,
            packets,
            cdf,
            p50: 0.0,
            p99: 0.0,
        };
        f.p50 = f.quantile(0.5);
        f.p99 = f.quantile(0.99);
        Some(f)
    }

    /// The delay below which a share `q` of the packets fall: linear within the bucket
    /// where the share is reached.
    pub fn quantile(&self, q: f64) -> f64 {
        let q = q.clamp(0.0, 1.0);
        for w in self.cdf.windows(2) {
            let ((x0, f0), (x1, f1)) = (w[0], w[1]);
            if f1 >= q && f1 > f0 {
                return x0 + (x1 - x0) * ((q - f0) / (f1 - f0)).clamp(0.0, 1.0);
            }
        }
        self.max()
    }

    fn min(&self) -> f64 {
        self.cdf[0].0
    }

    fn max(&self) -> f64 {
        self.cdf.last().map_or(0.0, |p| p.0)
    }

    /// The smallest share of packets above a bucket edge that is not zero.
    fn smallest_tail(&self) -> Option<f64> {
        self.cdf
            .iter()
            .map(|p| 1.0 - p.1)
            .filter(|t| *t > 1e-12)
            .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.min(t))))
    }
}

pub(super) struct DelayCdf {
    flows: Vec<FlowDelays>,
    total: usize,
    without_delay: Vec<String>,
    replications: usize,
}

impl DelayCdf {
    pub fn new(rows: &[FlowRecord], delays: &[DelayBucket]) -> DelayCdf {
        let mut flows = Vec::new();
        let mut without_delay = Vec::new();
        // Flows in the order of their rows, then those with buckets only; each looked up once,
        // so 10,000 flows cost no more per flow than ten.
        let by_flow = by_name(delays, |r| &r.flow);
        let by_row = by_name(rows, |r| &r.flow);
        let buckets_of: std::collections::HashMap<&str, &[&DelayBucket]> =
            by_flow.iter().map(|(n, b)| (*n, &b[..])).collect();
        let rows_of: std::collections::HashMap<&str, &[&FlowRecord]> =
            by_row.iter().map(|(n, r)| (*n, &r[..])).collect();
        let names = by_row.iter().map(|g| g.0).chain(
            by_flow
                .iter()
                .map(|g| g.0)
                .filter(|n| !rows_of.contains_key(n)),
        );
        for (color, name) in names.enumerate() {
            let min = rows_of
                .get(name)
                .copied()
                .unwrap_or_default()
                .iter()
                .filter_map(|r| r.delay_min_ms)
                .filter(|v| v.is_finite())
                .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.min(v))));
            let buckets = buckets_of.get(name).copied().unwrap_or_default();
            match FlowDelays::of(name, color, buckets, min) {
                Some(f) => flows.push(f),
                None => without_delay.push(name.to_string()),
            }
        }
        let total = keep_top(&mut flows, MAX_FLOWS, |f| f.p99);
        DelayCdf {
            flows,
            total,
            without_delay,
            replications: replications(rows, |r| r.replication),
        }
    }

    /// The flows drawn, for the tests.
    #[cfg(test)]
    pub fn flows(&self) -> &[FlowDelays] {
        &self.flows
    }

    fn subtitle(&self, x: &Axis) -> String {
        let packets: u64 = self.flows.iter().map(|f| f.packets).sum();
        let mut s = format!(
            "From delay_hist.csv: all {} delivered packets of the {} replications, \
             pooled per flow in fine delay buckets (delays spread evenly within a bucket). \
             Top: share of packets with delay ≤ x. Bottom: the tail, share with delay > x, \
             on a log scale down to a single packet; a curve ends at the flow's largest \
             delay. Dot: p50, ring: p99 of the pooled packets. No SLA target applies to \
             delay.",
            grouped(packets),
            self.replications
        );
        if x.log {
            s += &format!(
                " Delay on a log scale: the flows' delays differ by more than {LOG_X_RATIO}×."
            );
        }
        if self.total > self.flows.len() {
            s += &format!(
                " Showing the {} of {} flows with the highest p99.",
                self.flows.len(),
                self.total
            );
        }
        if !self.without_delay.is_empty() {
            s += &format!(" No delivered packets: {}.", self.without_delay.join(", "));
        }
        s
    }

    fn x_axis(&self) -> Axis {
        let lo = extent(self.flows.iter().map(|f| f.min())).map_or(0.0, |e| e.0);
        let hi = extent(self.flows.iter().map(|f| f.max())).map_or(1.0, |e| e.1);
        if lo > 0.0 && hi / lo > LOG_X_RATIO {
            Axis::log(lo, hi)
        } else {
            Axis::linear(lo, hi, 10)
        }
    }

    /// The tail axis: from the power of ten at or below the smallest tail share to 1,
    /// labelled in percent.
    fn tail_axis(&self) -> Axis {
        let smallest = self
            .flows
            .iter()
            .filter_map(|f| f.smallest_tail())
            .fold(0.01_f64, f64::min);
        let lo = 10f64.powf(smallest.log10().floor()).min(0.01);
        let decades = (-lo.log10()).round() as i32;
        let ticks: Vec<(f64, String)> = (0..=decades)
            .map(|k| {
                let v = 10f64.powi(-k);
                (v, format!("{}%", digits(v * 100.0, 3)))
            })
            .collect();
        Axis::log(lo, 1.0).with_ticks(ticks).padded(0.02, false)
    }

    fn legend(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = self
            .flows
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut label = format!(
                    "{}: p50 {} ms, p99 {} ms, max {} ms",
                    short(&f.name, 36),
                    digits(f.p50, DIGITS),
                    digits(f.p99, DIGITS),
                    digits(f.max(), DIGITS)
                );
                // A curve drawn later over the very same one hides it: say so.
                if let Some(over) = self.flows[i + 1..].iter().rev().find(|g| g.cdf == f.cdf) {
                    label += &format!(" (hidden under {}: same delays)", short(&over.name, 24));
                }
                Entry::new(label, series_color(f.color), Mark::Line)
            })
            .collect();
        entries.push(Entry::new("p50 (median)", MUTED, Mark::Dot));
        entries.push(Entry::new("p99", MUTED, Mark::Ring));
        entries
    }
}

/// The panel of the CDF or of its tail.
struct Panel<'a> {
    plot: &'a DelayCdf,
    x: &'a Axis,
    y: &'a Axis,
    tail: bool,
}

impl Panel<'_> {
    /// The share drawn for a share `f` of packets with delay ≤ x.
    fn share(&self, f: f64) -> f64 {
        if self.tail { 1.0 - f } else { f }
    }
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
        let (x, y) = (self.x, self.y);
        for f in &self.plot.flows {
            let c = series_color(f.color);
            let mut points: Vec<(f64, f64)> = Vec::with_capacity(f.cdf.len() + 2);
            // From the axis' start, where no packet is yet.
            points.push((x.lo, self.share(0.0)));
            for &(d, share) in &f.cdf {
                let v = self.share(share);
                if self.tail && v <= 0.0 {
                    // The tail reaches zero at the largest delay: drop to the bottom there.
                    points.push((x.clamp(d), y.lo));
                    break;
                }
                points.push((x.clamp(d), y.clamp(v)));
            }
            if !self.tail {
                // A step at the largest delay on to the top, and on to the axis' end.
                points.push((x.hi, 1.0));
            }
            chart.draw_series(LineSeries::new(points, c.stroke_width(upx(3))))?;
        }
        for f in &self.plot.flows {
            let c = series_color(f.color);
            let (p50, p99) = (self.share(0.5), self.share(0.99));
            chart.draw_series(std::iter::once(Circle::new(
                (x.clamp(f.p50), p50),
                upx(6),
                c.filled(),
            )))?;
            chart.draw_series(std::iter::once(Circle::new(
                (x.clamp(f.p99), p99),
                upx(7),
                WHITE.filled(),
            )))?;
            chart.draw_series(std::iter::once(Circle::new(
                (x.clamp(f.p99), p99),
                upx(7),
                c.stroke_width(upx(3)),
            )))?;
        }
        // Name the two levels the markers sit on, at the chart's right edge.
        let style = text(12, &MUTED).pos(Pos::new(HPos::Right, VPos::Bottom));
        for (level, name) in [(0.5, "p50"), (0.99, "p99")] {
            let v = self.share(level);
            if v >= y.lo && v <= y.hi {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((x.hi, v))
                        + Text::new(name.to_string(), (px(-4), px(-3)), style.clone()),
                ))?;
            }
        }
        Ok(())
    }
}

impl Figure for DelayCdf {
    const NAME: &'static str = "delay_cdf";

    fn size(&self) -> (u32, u32) {
        if self.flows.is_empty() {
            return (WIDTH, HEIGHT);
        }
        let legend = layout::legend_height(&self.legend(), WIDTH).max(100) as u32;
        (WIDTH, HEIGHT + TAIL_PX + legend - 100)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.flows.is_empty() {
            let why = if self.without_delay.is_empty() {
                "flows.csv and delay_hist.csv have no rows.".to_string()
            } else {
                format!(
                    "No flow delivered packets: {}.",
                    self.without_delay.join(", ")
                )
            };
            return layout::no_data(root, TITLE, &why);
        }
        let x = self.x_axis();
        let area = layout::header(root, TITLE, &self.subtitle(&x))?;
        let area = layout::legend(&area, &self.legend())?;
        let h = area.dim_in_pixel().1 as i32;
        let (top, bottom) = area.split_vertically(h * 50 / 100);
        let cdf_y = Axis::linear(0.0, 1.0, 10).padded(0.03, false);
        let tail_y = self.tail_axis();
        let x_desc = if x.log {
            "one-way delay (ms, log scale)"
        } else {
            "one-way delay (ms)"
        };
        let top_axes = Axes {
            x: &x,
            y: &cdf_y,
            x_desc: "",
            y_desc: "share with delay ≤ x",
            y_label_width: 74,
            x_label_height: 30,
            y_label: None,
        };
        let top_panel = Panel {
            plot: self,
            x: &x,
            y: &cdf_y,
            tail: false,
        };
        chart::draw(&top, &top_axes, &top_panel)?;
        let bottom_axes = Axes {
            x: &x,
            y: &tail_y,
            x_desc,
            y_desc: "share with delay > x (log)",
            y_label_width: 74,
            x_label_height: 54,
            y_label: None,
        };
        let bottom_panel = Panel {
            plot: self,
            x: &x,
            y: &tail_y,
            tail: true,
        };
        chart::draw(&bottom, &bottom_axes, &bottom_panel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(flow: &str, delay_ms: f64, count: u64) -> DelayBucket {
        DelayBucket {
            flow: flow.into(),
            delay_ms,
            count,
        }
    }

    #[test]
    fn quantiles_interpolate_within_the_bucket() {
        let rows = [
            bucket("f", 2.0, 50),
            bucket("f", 3.0, 49),
            bucket("f", 5.0, 1),
        ];
        let refs: Vec<&DelayBucket> = rows.iter().collect();
        let f = FlowDelays::of("f", 0, &refs, Some(1.0)).unwrap();
        assert_eq!(f.cdf[0], (1.0, 0.0));
        assert_eq!(f.packets, 100);
        assert!((f.p50 - 2.0).abs() < 1e-12, "{}", f.p50);
        assert!((f.p99 - 3.0).abs() < 1e-12, "{}", f.p99);
        assert!((f.quantile(0.25) - 1.5).abs() < 1e-12);
        assert!((f.quantile(0.995) - 4.0).abs() < 1e-12);
        assert_eq!(f.max(), 5.0);
        assert!((f.smallest_tail().unwrap() - 0.01).abs() < 1e-12);
        assert!(FlowDelays::of("g", 0, &[], None).is_none());
    }

    #[test]
    fn flows_keep_the_order_of_flows_csv_and_a_log_axis_over_decades() {
        let rows = [
            bucket("b", 10.0, 5),
            bucket("b", 100.0, 5),
            bucket("a", 1.0, 10),
        ];
        let records = [
            FlowRecord {
                flow: "a".into(),
                delay_min_ms: Some(0.5),
                ..Default::default()
            },
            FlowRecord {
                flow: "b".into(),
                ..Default::default()
            },
        ];
        let d = DelayCdf::new(&records, &rows);
        let names: Vec<&str> = d.flows().iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(d.flows()[0].min(), 0.5);
        assert!(d.x_axis().log);
        let t = d.tail_axis();
        assert!(t.lo <= 0.01 && t.hi >= 1.0);
    }
}
