//! `availability`: each connection's availability in every replication, one dot per
//! replication on the connection's row, against the SLA's `min_availability`. Rows say how
//! many replications meet the target, since many dots at 100% draw as one.

use super::canvas::Figure;
use super::chart::{self, Axes, Body, sla_line};
use super::group::{by_name, keep_top, mean, replications};
use super::layout::{
    self, Entry, LABEL_PX, MIN_HEIGHT, MUTED, Mark, SLA, WIDTH, series_color, short, text,
};
use super::scale::{Axis, extent, fixed};
use super::{Failed, compliance_words};
use crate::report::summary::Targets;
use crate::sla::record::ConnectionRecord;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use std::collections::BTreeMap;

/// Connections drawn at most (those with the lowest mean availability).
const MAX_CONNECTIONS: usize = 30;
/// Pixels per connection row: the plot's height follows its number of rows.
const ROW_PX: u32 = 34;
const TITLE: &str = "Connection availability per replication";

struct ConnectionAvailability {
    name: String,
    color: usize,
    /// (replication, availability in %).
    values: Vec<(u64, f64)>,
    mean: f64,
    met: usize,
}

pub(super) struct Availability {
    connections: Vec<ConnectionAvailability>,
    total: usize,
    /// The SLA's min_availability in %.
    target: f64,
    compliance: String,
    replications: usize,
}

/// An availability in % with enough decimals to tell it from 100%: 99.95, 99.9999981.
pub(super) fn percent(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let gap = 100.0 - v;
    if gap <= 1e-9 {
        return "100".into();
    }
    let decimals = ((-gap.log10()).ceil() as i64 + 1).clamp(1, 7) as usize;
    let s = fixed(v, decimals);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl Availability {
    pub fn new(rows: &[ConnectionRecord], targets: &Targets) -> Availability {
        let target = targets.min_availability * 100.0;
        let mut connections = Vec::new();
        for (color, (name, rs)) in by_name(rows, |r| &r.connection).into_iter().enumerate() {
            // Both directions of a connection share its availability: one value per replication.
            let mut by_rep: BTreeMap<u64, f64> = BTreeMap::new();
            for r in rs {
                if let Some(a) = r.availability.filter(|a| a.is_finite()) {
                    by_rep.entry(r.replication).or_insert(a * 100.0);
                }
            }
            let values: Vec<(u64, f64)> = by_rep.into_iter().collect();
            if let Some(mean) = mean(values.iter().map(|v| v.1)) {
                let met = values.iter().filter(|v| v.1 >= target).count();
                connections.push(ConnectionAvailability {
                    name: name.to_string(),
                    color,
                    values,
                    mean,
                    met,
                });
            }
        }
        let total = keep_top(&mut connections, MAX_CONNECTIONS, |c| -c.mean);
        Availability {
            connections,
            total,
            target,
            compliance: compliance_words(targets),
            replications: replications(rows, |r| r.replication),
        }
    }

    /// From the lowest value, or from as far below the target as the target is below 100%,
    /// to 100% and a little room, so dots at 100% are not drawn on the frame.
    fn x_axis(&self) -> Axis {
        let lowest = extent(
            self.connections
                .iter()
                .flat_map(|c| c.values.iter().map(|v| v.1)),
        )
        .map_or(0.0, |e| e.0);
        let below_target = if self.target.is_finite() && self.target < 100.0 {
            self.target - (100.0 - self.target)
        } else {
            f64::INFINITY
        };
        let lo = lowest.min(below_target).clamp(0.0, 99.99);
        Axis::linear(lo, 100.0, 8).padded(0.04, false)
    }

    fn row_name(&self, y: f64) -> String {
        let n = self.connections.len();
        let i = y.floor();
        if i < 0.0 || i >= n as f64 {
            return String::new();
        }
        let c = &self.connections[n - 1 - i as usize];
        format!("{}  {}/{} met", short(&c.name, 28), c.met, c.values.len())
    }
}

/// A vertical offset in [-0.25, 0.25] of a row, fixed per replication, so equal values of
/// several replications do not draw as one dot (and every run draws the same picture).
fn spread(replication: u64) -> f64 {
    let golden = 0.618_033_988_749_895;
    ((replication as f64 * golden).fract() - 0.5) * 0.5
}

impl Body for Availability {
    fn draw<DB, X, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Result<(), Failed>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let x = self.x_axis();
        let n = self.connections.len();
        for (i, c) in self.connections.iter().enumerate() {
            let row = (n - 1 - i) as f64 + 0.5;
            let color = series_color(c.color);
            // The mean first, so the dots stay visible where they coincide with it.
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(c.mean, row - 0.38), (c.mean, row + 0.38)],
                BLACK.stroke_width(2),
            )))?;
            chart.draw_series(c.values.iter().map(|&(rep, v)| {
                Circle::new((x.clamp(v), row + spread(rep)), 5, color.mix(0.6).filled())
            }))?;
        }
        let label = format!("SLA: availability ≥ {}%", percent(self.target));
        sla_line(chart, &x, &Axis::rows(n), self.target, &label)
    }
}

impl Figure for Availability {
    const NAME: &'static str = "availability";

    fn size(&self) -> (u32, u32) {
        (
            WIDTH,
            (300 + ROW_PX * self.connections.len() as u32).max(MIN_HEIGHT),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.connections.is_empty() {
            return layout::no_data(root, TITLE, "connections.csv has no rows.");
        }
        let mut subtitle = format!(
            "Share of the availability horizon with a working path; each dot is one of {} \
             replications, spread up and down within its row to show overlap, the bar is the \
             mean. The SLA asks availability ≥ {}% {}; \"met\" counts the replications that do.",
            self.replications,
            percent(self.target),
            self.compliance
        );
        if self.total > self.connections.len() {
            subtitle += &format!(
                " Showing the {} of {} connections with the lowest availability.",
                self.connections.len(),
                self.total
            );
        }
        let area = layout::header(root, TITLE, &subtitle)?;
        let entries = [
            Entry::new("one replication", MUTED, Mark::Dot),
            Entry::new("mean over replications", BLACK, Mark::Tick),
            Entry::new(
                format!("SLA min_availability {}%", percent(self.target)),
                SLA,
                Mark::Dashed,
            ),
        ];
        let area = layout::legend(&area, &entries)?;
        let style = text(LABEL_PX, &BLACK);
        let mut widest = 0;
        for i in 0..self.connections.len() {
            let label = self.row_name(i as f64 + 0.5);
            widest = widest.max(area.estimate_text_size(&label, &style)?.0);
        }
        let x = self.x_axis();
        let y = Axis::rows(self.connections.len());
        let row_name = |v: f64| self.row_name(v);
        let axes = Axes {
            x: &x,
            y: &y,
            x_desc: "availability (% of the horizon)",
            y_desc: "connection",
            y_label_width: widest + 40,
            y_label: Some(&row_name),
        };
        chart::draw(&area, &axes, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_near_100_keep_their_nines() {
        assert_eq!(percent(100.0), "100");
        assert_eq!(percent(99.95), "99.95");
        assert_eq!(percent(99.999_998_07), "99.9999981");
        assert_eq!(percent(99.0), "99");
        assert_eq!(percent(50.0), "50");
    }

    #[test]
    fn spread_stays_inside_the_row() {
        assert!((0..1000).all(|r| spread(r).abs() <= 0.25));
    }
}
