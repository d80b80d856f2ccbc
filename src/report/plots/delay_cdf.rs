//! `delay_cdf`: the one-way delay distribution of each flow.
//!
//! flows.csv keeps, per replication, only the delay's min, p50, p99 and max (not every
//! packet). The curve of a flow goes through the mean over replications of each of those
//! quantiles — (min, 0), (p50, 0.5), (p99, 0.99), (max, 1) — linearly between them (a
//! quantile average), so its p50 and p99 markers are the mean p50 and p99 that summary.json
//! reports. A light band spans the replications: at each share, from the smallest to the
//! largest delay any replication had there. The title says the curve is approximate.

use super::Failed;
use super::canvas::Figure;
use super::chart::{self, Axes, Body};
use super::group::{by_name, keep_top, replications};
use super::layout::{self, Entry, MUTED, Mark, series_color, short};
use super::scale::{Axis, extent, significant, spans_decades};
use crate::sla::record::FlowRecord;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

/// Flows drawn at most (those with the highest p99); more curves could not be told apart.
const MAX_FLOWS: usize = 8;
/// Flows drawn with the band of their replications; more bands would hide one another.
const MAX_BANDS: usize = 3;
/// Points per curve between the axis ends, besides the quantile points themselves.
const SAMPLES: usize = 400;
/// The share of packets at or below each quantile point.
const PROBS: [f64; 4] = [0.0, 0.5, 0.99, 1.0];
const TITLE: &str = "One-way delay CDF per flow (approximate, from per-replication quantiles)";

struct FlowCdf {
    name: String,
    color: usize,
    /// Min, p50, p99, max delay in ms: the mean over replications of each.
    mean: [f64; 4],
    /// The smallest and the largest of each quantile over replications.
    fastest: [f64; 4],
    slowest: [f64; 4],
}

impl FlowCdf {
    /// The flow's curve from its replications' quantiles, if any replication delivered.
    fn of(name: &str, color: usize, knots: &[[f64; 4]]) -> Option<FlowCdf> {
        let first = *knots.first()?;
        let (mut sum, mut fastest, mut slowest) = ([0.0; 4], first, first);
        for k in knots {
            for i in 0..4 {
                sum[i] += k[i];
                fastest[i] = fastest[i].min(k[i]);
                slowest[i] = slowest[i].max(k[i]);
            }
        }
        Some(FlowCdf {
            name: name.to_string(),
            color,
            mean: sum.map(|s| s / knots.len() as f64),
            fastest,
            slowest,
        })
    }

    fn p50(&self) -> f64 {
        self.mean[1]
    }

    fn p99(&self) -> f64 {
        self.mean[2]
    }
}

pub(super) struct DelayCdf {
    flows: Vec<FlowCdf>,
    total: usize,
    without_delay: Vec<String>,
    replications: usize,
}

impl DelayCdf {
    pub fn new(rows: &[FlowRecord]) -> DelayCdf {
        let mut flows = Vec::new();
        let mut without_delay = Vec::new();
        for (color, (name, rs)) in by_name(rows, |r| &r.flow).into_iter().enumerate() {
            let knots: Vec<[f64; 4]> = rs.iter().filter_map(|r| knots(r)).collect();
            match FlowCdf::of(name, color, &knots) {
                Some(f) => flows.push(f),
                None => without_delay.push(name.to_string()),
            }
        }
        let total = keep_top(&mut flows, MAX_FLOWS, |f| f.p99());
        DelayCdf {
            flows,
            total,
            without_delay,
            replications: replications(rows, |r| r.replication),
        }
    }

    fn banded(&self) -> bool {
        self.flows.len() <= MAX_BANDS
    }

    fn subtitle(&self) -> String {
        let mut s = format!(
            "flows.csv keeps each replication's min, p50, p99 and max delay, not every packet: \
             each curve goes through the mean of those over the {} replications (those that \
             delivered packets; dot: p50, ring: p99), linear between them{}. No SLA target \
             applies to delay.",
            self.replications,
            if self.banded() {
                "; its band spans the replications"
            } else {
                ""
            }
        );
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
        let lo = extent(self.flows.iter().map(|f| f.fastest[0]));
        let hi = extent(self.flows.iter().map(|f| f.slowest[3]));
        let (lo, hi) = (lo.map_or(0.0, |e| e.0), hi.map_or(1.0, |e| e.1));
        if spans_decades(lo, hi, 1.0) {
            Axis::log(lo, hi)
        } else {
            Axis::linear(lo, hi, 10)
        }
    }
}

/// One replication's quantile points, if it delivered packets.
fn knots(r: &FlowRecord) -> Option<[f64; 4]> {
    let mut k = [
        r.delay_min_ms?,
        r.delay_p50_ms?,
        r.delay_p99_ms?,
        r.delay_max_ms?,
    ];
    if k.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return None;
    }
    // Quantiles of one histogram are ordered; sorting keeps a CDF from going back anyway.
    k.sort_by(f64::total_cmp);
    Some(k)
}

/// The CDF of one replication at `x`: linear between its quantile points.
fn cdf_at(k: &[f64; 4], x: f64) -> f64 {
    if x < k[0] {
        return 0.0;
    }
    for i in 0..3 {
        if x < k[i + 1] {
            return PROBS[i] + (PROBS[i + 1] - PROBS[i]) * (x - k[i]) / (k[i + 1] - k[i]);
        }
    }
    1.0
}

/// The CDF through quantile points `k` at `SAMPLES` points of the axis and at `k` itself
/// (on a log axis a straight segment of data space bends, so it is sampled).
fn curve(k: &[f64; 4], axis: &Axis) -> Vec<(f64, f64)> {
    let mut xs: Vec<f64> = (0..=SAMPLES)
        .map(|i| {
            let t = i as f64 / SAMPLES as f64;
            if axis.log {
                axis.lo * (axis.hi / axis.lo).powf(t)
            } else {
                axis.lo + (axis.hi - axis.lo) * t
            }
        })
        .chain(k.iter().copied())
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    xs.into_iter().map(|x| (x, cdf_at(k, x))).collect()
}

/// The band between the CDFs of the fastest and the slowest quantiles, as a polygon.
fn band(f: &FlowCdf, axis: &Axis) -> Vec<(f64, f64)> {
    let mut points = curve(&f.fastest, axis);
    points.extend(curve(&f.slowest, axis).into_iter().rev());
    points
}

impl Body for DelayCdf {
    fn draw<DB, X, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Result<(), Failed>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let axis = self.x_axis();
        for f in self.flows.iter().filter(|_| self.banded()) {
            let band = Polygon::new(band(f, &axis), series_color(f.color).mix(0.12).filled());
            chart.draw_series(std::iter::once(band))?;
        }
        for f in &self.flows {
            let c = series_color(f.color);
            chart.draw_series(LineSeries::new(curve(&f.mean, &axis), c.stroke_width(3)))?;
            chart.draw_series(std::iter::once(Circle::new((f.p50(), 0.5), 6, c.filled())))?;
            chart.draw_series(std::iter::once(Circle::new(
                (f.p99(), 0.99),
                7,
                c.stroke_width(3),
            )))?;
        }
        Ok(())
    }
}

impl Figure for DelayCdf {
    const NAME: &'static str = "delay_cdf";

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.flows.is_empty() {
            let why = if self.total == 0 && self.without_delay.is_empty() {
                "flows.csv has no rows.".to_string()
            } else {
                format!(
                    "No flow delivered packets: {}.",
                    self.without_delay.join(", ")
                )
            };
            return layout::no_data(root, TITLE, &why);
        }
        let area = layout::header(root, TITLE, &self.subtitle())?;
        let mut entries: Vec<Entry> = self
            .flows
            .iter()
            .map(|f| {
                let label = format!(
                    "{}: p50 {} ms, p99 {} ms",
                    short(&f.name, 40),
                    significant(f.p50()),
                    significant(f.p99())
                );
                Entry::new(label, series_color(f.color), Mark::Line)
            })
            .collect();
        entries.push(Entry::new("mean p50 over replications", MUTED, Mark::Dot));
        entries.push(Entry::new("mean p99 over replications", MUTED, Mark::Ring));
        if self.banded() {
            entries.push(Entry::new("range over replications", MUTED, Mark::Band));
        }
        let area = layout::legend(&area, &entries)?;
        let x = self.x_axis();
        let y = Axis::linear(0.0, 1.0, 10).padded(0.03, false);
        let x_desc = if x.log {
            "one-way delay (ms, log scale)"
        } else {
            "one-way delay (ms)"
        };
        let axes = Axes {
            x: &x,
            y: &y,
            x_desc,
            y_desc: "share of packets with delay ≤ x",
            y_label_width: 64,
            y_label: None,
        };
        chart::draw(&area, &axes, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replication_cdf_passes_through_its_quantiles() {
        let k = [1.0, 2.0, 3.0, 5.0];
        assert_eq!(cdf_at(&k, 0.5), 0.0);
        assert_eq!(cdf_at(&k, 1.0), 0.0);
        assert_eq!(cdf_at(&k, 1.5), 0.25);
        assert_eq!(cdf_at(&k, 2.0), 0.5);
        assert_eq!(cdf_at(&k, 3.0), 0.99);
        assert_eq!(cdf_at(&k, 5.0), 1.0);
        // A constant delay is a step.
        let c = [2.0; 4];
        assert_eq!((cdf_at(&c, 1.99), cdf_at(&c, 2.0)), (0.0, 1.0));
    }

    #[test]
    fn the_curve_goes_through_the_mean_quantiles_within_the_band() {
        let knots = [[1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 4.0, 5.0]];
        let f = FlowCdf::of("f", 0, &knots).unwrap();
        assert_eq!(f.mean, [1.5, 2.5, 3.5, 4.5]);
        assert_eq!((f.fastest, f.slowest), (knots[0], knots[1]));
        let axis = Axis::linear(1.0, 5.0, 10);
        let c = curve(&f.mean, &axis);
        assert!(c.windows(2).all(|w| w[1].1 >= w[0].1 && w[1].0 > w[0].0));
        assert!(c.contains(&(2.5, 0.5)) && c.contains(&(3.5, 0.99)));
        for (x, y) in c {
            assert!(cdf_at(&f.slowest, x) <= y && y <= cdf_at(&f.fastest, x));
        }
        assert!(FlowCdf::of("g", 0, &[]).is_none());
    }
}
