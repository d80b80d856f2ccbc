//! `utilization`: each channel's utilization over time, the mean over replications of each
//! sample, for the busiest channels. A log scale when the channels differ by decades, so a
//! lightly used backbone is not drawn flat on zero beside a busy leased line.

use super::Failed;
use super::canvas::Figure;
use super::chart::{self, Axes, Body};
use super::group::{by_name, keep_top, mean, replications};
use super::layout::{self, Entry, Mark, series_color, short};
use super::scale::{Axis, extent, significant, spans_decades};
use crate::sla::record::TimeseriesRecord;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use std::collections::BTreeMap;

/// Channels drawn at most (the busiest by mean utilization).
const MAX_CHANNELS: usize = 8;
const TITLE: &str = "Channel utilization over time (mean over replications)";

struct Channel {
    name: String,
    /// (time in s, mean utilization in %) by time.
    points: Vec<(f64, f64)>,
    mean: f64,
    peak: f64,
}

pub(super) struct Utilization {
    channels: Vec<Channel>,
    total: usize,
    replications: usize,
}

impl Utilization {
    pub fn new(rows: &[TimeseriesRecord]) -> Utilization {
        let mut channels = Vec::new();
        for (name, rs) in by_name(rows, |r| &r.link) {
            // Samples of all replications at the same instant (keyed in ns) are averaged.
            let mut at: BTreeMap<i64, (f64, usize)> = BTreeMap::new();
            for r in rs {
                if r.time_s.is_finite() && r.utilization.is_finite() {
                    let e = at.entry((r.time_s * 1e9).round() as i64).or_default();
                    e.0 += r.utilization * 100.0;
                    e.1 += 1;
                }
            }
            let points: Vec<(f64, f64)> = at
                .into_iter()
                .map(|(t, (sum, n))| (t as f64 / 1e9, sum / n as f64))
                .collect();
            if let Some(mean) = mean(points.iter().map(|p| p.1)) {
                let peak = points.iter().map(|p| p.1).fold(f64::MIN, f64::max);
                channels.push(Channel {
                    name: name.to_string(),
                    points,
                    mean,
                    peak,
                });
            }
        }
        let total = keep_top(&mut channels, MAX_CHANNELS, |c| c.mean);
        // Busiest first, so colours and legend follow the ranking.
        channels.sort_by(|a, b| b.mean.total_cmp(&a.mean));
        Utilization {
            channels,
            total,
            replications: replications(rows, |r| r.replication),
        }
    }

    fn axes(&self) -> (Axis, Axis) {
        let all = || self.channels.iter().flat_map(|c| c.points.iter());
        let (t0, t1) = extent(all().map(|p| p.0)).unwrap_or((0.0, 1.0));
        let x = Axis::linear(t0, t1, 10);
        let positive = extent(all().map(|p| p.1).filter(|v| *v > 0.0));
        let top = extent(all().map(|p| p.1)).map_or(1.0, |e| e.1);
        let y = match positive {
            Some((lo, hi)) if spans_decades(lo, hi, 2.0) => Axis::log(lo, hi).padded(0.03, false),
            _ => Axis::linear(0.0, top.max(1e-3) * 1.1, 8),
        };
        (x, y)
    }
}

impl Body for Utilization {
    fn draw<DB, X, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Result<(), Failed>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let (_, y) = self.axes();
        for (i, c) in self.channels.iter().enumerate() {
            let color = series_color(i);
            let points: Vec<(f64, f64)> = c.points.iter().map(|&(t, u)| (t, y.clamp(u))).collect();
            if let [only] = points.as_slice() {
                // One sample is no line: draw it as a dot.
                chart.draw_series(std::iter::once(Circle::new(*only, 4, color.filled())))?;
            }
            chart.draw_series(LineSeries::new(points, color.stroke_width(2)))?;
        }
        Ok(())
    }
}

impl Figure for Utilization {
    const NAME: &'static str = "utilization";

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.channels.is_empty() {
            return layout::no_data(
                root,
                TITLE,
                "timeseries.csv has no samples (no channel with a finite rate carried traffic).",
            );
        }
        let (x, y) = self.axes();
        let mut subtitle = format!(
            "Each point: bits sent in one sample interval / the channel's capacity, averaged \
             over {} replications at that instant. No SLA target applies to utilization.",
            self.replications
        );
        if self.total > self.channels.len() {
            subtitle += &format!(
                " Showing the {} busiest of {} channels.",
                self.channels.len(),
                self.total
            );
        }
        if y.log {
            subtitle += " Log scale: the channels differ by decades; zero is drawn at the bottom.";
        }
        let area = layout::header(root, TITLE, &subtitle)?;
        let entries: Vec<Entry> = self
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let label = format!(
                    "{} (mean {}%, peak {}%)",
                    short(&c.name, 40),
                    significant(c.mean),
                    significant(c.peak)
                );
                Entry::new(label, series_color(i), Mark::Line)
            })
            .collect();
        let area = layout::legend(&area, &entries)?;
        let y_desc = if y.log {
            "utilization (%, log scale)"
        } else {
            "utilization (%)"
        };
        let axes = Axes {
            x: &x,
            y: &y,
            x_desc: "simulated time (s)",
            y_desc,
            y_label_width: 64,
            y_label: None,
        };
        chart::draw(&area, &axes, self)
    }
}
