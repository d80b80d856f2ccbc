//! `availability`: the downtime each connection (and each flow whose path can fail) would
//! have per month — minutes per 30 days, from 1 − availability — as the mean over
//! replications with its 95% confidence interval (the t-interval summary.json reports),
//! against the downtime the SLA's availability target allows (99.95% allows 21.6 minutes).
//! Availabilities crowd at 100.00%; their downtimes differ by orders of magnitude, so the
//! axis is logarithmic when they span decades, a zero (no failure in any replication, or an
//! interval reaching it) drawn at the axis' left edge with an arrow.

use super::canvas::Figure;
use super::chart::{self, Axes, Body, fraction, sla_line};
use super::group::{by_name, keep_top, replications};
use super::layout::{
    self, Entry, LABEL_PX, MIN_HEIGHT, MUTED, Mark, SLA, WIDTH, px, series_color, short, text, upx,
};
use super::scale::{Axis, extent, fixed, significant, spans_decades};
use super::{Failed, compliance_words};
use crate::sla::judge::{Range, Running};
use crate::sla::record::{ConnectionRecord, FlowRecord};
use crate::sla::targets::{DesignTargets, Shared};
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::BTreeMap;

/// Rows drawn at most (those with the most downtime).
const MAX_ROWS: usize = 30;
/// Logical pixels per row: the plot's height follows its number of rows.
const ROW_PX: u32 = 34;
/// Minutes in the 30 days downtime is counted over.
pub(super) const MONTH_MIN: f64 = 30.0 * 24.0 * 60.0;
/// The axis is logarithmic when its values span more than this many decades.
const LOG_DECADES: f64 = 2.0;
const TITLE: &str = "Downtime per month: connections and flows";
/// The colour of connections; a flow keeps its colour of the other plots.
const CONNECTION: RGBColor = RGBColor(60, 60, 60);

/// One connection's or flow's availability across replications, as downtime.
pub(super) struct Row {
    name: String,
    /// "connection" or "flow".
    kind: &'static str,
    color: RGBColor,
    replications: usize,
    /// Replications meeting the row's target; `None` without a target.
    met: Option<usize>,
    /// The row's availability target (a share), when it has one.
    target: Option<f64>,
    /// Mean downtime in minutes per 30 days, and its 95% interval.
    pub mean: f64,
    pub ci: (f64, f64),
}

impl Row {
    /// The row of per-replication availabilities (shares), if any is finite.
    fn of(
        name: &str,
        kind: &'static str,
        color: RGBColor,
        values: &[f64],
        target: Option<f64>,
    ) -> Option<Row> {
        let mut acc = Running::default();
        for v in values.iter().filter(|v| v.is_finite()) {
            acc.push(*v);
        }
        let m = acc.metric(Range::Share)?;
        let down = |a: f64| ((1.0 - a) * MONTH_MIN).max(0.0);
        Some(Row {
            name: name.to_string(),
            kind,
            color,
            replications: acc.count() as usize,
            met: target.map(|t| values.iter().filter(|v| **v >= t).count()),
            target,
            mean: down(m.mean),
            ci: (down(m.ci95[1]), down(m.ci95[0])),
        })
    }
}

pub(super) struct Availability {
    rows: Vec<Row>,
    total: usize,
    /// Connections and flows with nothing on their path that can fail.
    cannot_fail: Vec<String>,
    /// What the rows' availability targets (shares) have in common.
    shared: Shared,
    compliance: String,
    replications: usize,
}

/// The downtime an availability target allows, in minutes per 30 days.
fn allowed(target: f64) -> f64 {
    (1.0 - target) * MONTH_MIN
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

/// A downtime in minutes in words: "21.6 min", "37.5 s", "12 ms", "0".
pub(super) fn duration(min: f64) -> String {
    if !min.is_finite() {
        return "n/a".into();
    }
    let s = min * 60.0;
    if min <= 0.0 {
        "0".into()
    } else if min >= 1.0 {
        format!("{} min", significant(min))
    } else if s >= 1.0 {
        format!("{} s", significant(s))
    } else if s >= 1e-3 {
        format!("{} ms", significant(s * 1e3))
    } else {
        format!("{} µs", significant(s * 1e6))
    }
}

impl Availability {
    pub fn new(
        connections: &[ConnectionRecord],
        flows: &[FlowRecord],
        targets: &DesignTargets,
    ) -> Availability {
        let mut rows = Vec::new();
        let mut cannot_fail = Vec::new();
        for (name, rs) in by_name(connections, |r| &r.connection) {
            // Both directions of a connection share its availability: one value per
            // replication.
            let mut by_rep: BTreeMap<u64, f64> = BTreeMap::new();
            for r in rs {
                if let Some(a) = r.availability.filter(|a| a.is_finite()) {
                    by_rep.entry(r.replication).or_insert(a);
                }
            }
            let values: Vec<f64> = by_rep.into_values().collect();
            let target = targets.connection(name).min_availability;
            match Row::of(name, "connection", CONNECTION, &values, target) {
                Some(r) => rows.push(r),
                None => cannot_fail.push(format!("{name} (connection)")),
            }
        }
        for (i, (name, rs)) in by_name(flows, |r| &r.flow).into_iter().enumerate() {
            let values: Vec<f64> = rs.iter().filter_map(|r| r.availability).collect();
            let target = targets.flow(name).min_availability;
            match Row::of(name, "flow", series_color(i), &values, target) {
                Some(r) => rows.push(r),
                None => cannot_fail.push(format!("{name} (flow)")),
            }
        }
        let total = keep_top(&mut rows, MAX_ROWS, |r| r.ci.1);
        let shared = Shared::of(rows.iter().map(|r| r.target));
        Availability {
            rows,
            total,
            cannot_fail,
            shared,
            compliance: compliance_words(targets.required_compliance),
            replications: replications(connections, |r| r.replication)
                .max(replications(flows, |r| r.replication)),
        }
    }

    /// The rows drawn, for the tests.
    #[cfg(test)]
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The downtime each row's target allows, in minutes per 30 days.
    fn allowed(&self) -> impl Iterator<Item = f64> + '_ {
        self.rows.iter().filter_map(|r| r.target).map(allowed)
    }

    /// From the smallest downtime to the largest (or the allowed one), log when they span
    /// decades; linear from 0 otherwise.
    pub(super) fn x_axis(&self) -> Axis {
        let values = || {
            self.rows
                .iter()
                .flat_map(|r| [r.mean, r.ci.0, r.ci.1])
                .chain(self.allowed())
                .filter(|v| v.is_finite())
        };
        let hi = extent(values()).map_or(1.0, |e| e.1).max(1e-9);
        match extent(values().filter(|v| *v > 0.0)) {
            Some((lo, _)) if spans_decades(lo, hi, LOG_DECADES) => {
                let lo = 10f64.powf(lo.log10().floor());
                Axis::log(lo, hi).padded(0.06, true)
            }
            _ => Axis::linear(0.0, hi, 8).padded(0.06, false),
        }
    }

    fn row_name(&self, y: f64) -> String {
        let n = self.rows.len();
        let i = y.floor();
        if i < 0.0 || i >= n as f64 {
            return String::new();
        }
        let r = &self.rows[n - 1 - i as usize];
        match r.met {
            Some(met) => format!(
                "{} ({})  {met}/{} met",
                short(&r.name, 28),
                r.kind,
                r.replications
            ),
            None => format!("{} ({})  no target", short(&r.name, 28), r.kind),
        }
    }

    fn target_words(target: f64) -> String {
        format!(
            "SLA: availability ≥ {}% allows {} per 30 days",
            percent(target * 100.0),
            duration(allowed(target))
        )
    }

    /// What the SLA asks, for the subtitle.
    fn asks(&self) -> String {
        match self.shared {
            Shared::Same(t) => format!(
                "The SLA asks availability ≥ {}% {}, that is at most {} of downtime per 30 \
                 days; \"met\" counts the replications that do.",
                percent(t * 100.0),
                self.compliance,
                duration(allowed(t))
            ),
            Shared::Varies => format!(
                "Each is held to the availability target of its products (a red mark on its \
                 row: the downtime it allows), {}; \"met\" counts the replications that meet \
                 it.",
                self.compliance
            ),
            Shared::None => "None has an availability target: the figures are shown, not \
                             judged."
                .into(),
        }
    }

    fn subtitle(&self, x: &Axis) -> String {
        let mut s = format!(
            "Downtime per month = (1 − availability) × 30 days, availability being the share \
             of the horizon with a working path. Dot: the mean over {} replications; bar: its \
             95% confidence interval (as in summary.json). {}",
            self.replications,
            self.asks()
        );
        if x.log {
            s += " Log scale: the downtimes differ by decades.";
            let zero_mean = self.rows.iter().any(|r| r.mean < x.lo);
            let zero_end = self.rows.iter().any(|r| r.ci.0 < x.lo);
            s += match (zero_mean, zero_end) {
                (true, _) => {
                    " A log scale has no 0: a mean of 0 (no failure in any replication) is \
                     drawn at the left edge as ◁, and an interval reaching 0 ends there in an \
                     arrow."
                }
                (false, true) => {
                    " A log scale has no 0: an interval reaching 0 ends at the \
                                  left edge in an arrow."
                }
                (false, false) => "",
            };
        }
        if self.total > self.rows.len() {
            s += &format!(
                " Showing the {} of {} with the most downtime.",
                self.rows.len(),
                self.total
            );
        }
        if !self.cannot_fail.is_empty() {
            s += &format!(
                " Nothing on the path can fail: {}.",
                self.cannot_fail.join(", ")
            );
        }
        s
    }

    fn legend(&self) -> Vec<Entry> {
        let mut entries = vec![Entry::new(
            "mean downtime, with its 95% confidence interval",
            MUTED,
            Mark::Interval,
        )];
        match self.shared {
            Shared::Same(t) => entries.push(Entry::new(Self::target_words(t), SLA, Mark::Dashed)),
            Shared::Varies => entries.push(Entry::new(
                "SLA: the downtime the row's availability target allows per 30 days",
                SLA,
                Mark::Dashed,
            )),
            Shared::None => {}
        }
        entries
    }
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
        let n = self.rows.len();
        let below = |v: f64| x.log && v < x.lo;
        let number = text(LABEL_PX, &BLACK);
        for (i, r) in self.rows.iter().enumerate() {
            let row = (n - 1 - i) as f64 + 0.5;
            let color = r.color;
            let bar = color.stroke_width(upx(2));
            let (lo, hi) = (x.clamp(r.ci.0), x.clamp(r.ci.1));
            if hi > lo {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(lo, row), (hi, row)],
                    bar,
                )))?;
                for (end, cut) in [(lo, below(r.ci.0)), (hi, false)] {
                    let shape = if cut {
                        // An arrow: the interval goes on down to 0, off the log scale.
                        vec![(px(8), px(-6)), (0, 0), (px(8), px(6))]
                    } else {
                        vec![(0, px(-7)), (0, px(7))]
                    };
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((end, row)) + PathElement::new(shape, bar),
                    ))?;
                }
            }
            let at = (x.clamp(r.mean), row);
            if below(r.mean) {
                let tri = vec![(0, 0), (px(12), px(-7)), (px(12), px(7))];
                chart.draw_series(std::iter::once(
                    EmptyElement::at(at)
                        + Polygon::new(tri.clone(), WHITE.filled())
                        + PathElement::new(
                            tri.into_iter().chain([(0, 0)]).collect::<Vec<_>>(),
                            color.stroke_width(upx(2)),
                        ),
                ))?;
            } else {
                chart.draw_series(std::iter::once(Circle::new(at, upx(6), color.filled())))?;
            }
            // The figures beside the interval, on the side with room.
            let words = if r.mean >= MONTH_MIN * (1.0 - 1e-9) {
                format!("{}: down all the time", duration(r.mean))
            } else if r.ci.1 <= 0.0 {
                "0: no failure in any replication".to_string()
            } else if r.ci.1 > r.ci.0 {
                format!(
                    "{} (95%: {} – {})",
                    duration(r.mean),
                    duration(r.ci.0),
                    duration(r.ci.1)
                )
            } else {
                duration(r.mean)
            };
            // Beside the interval where there is room, else above its right end (an interval
            // across the whole axis leaves no room either side).
            let (anchor, offset, pos) = if fraction(&x, hi) < 0.62 {
                let dx = 12 + if below(r.mean) { 8 } else { 0 };
                (hi, (px(dx), 0), Pos::new(HPos::Left, VPos::Center))
            } else if fraction(&x, lo) > 0.38 {
                let dx = -12 - if below(r.mean) { 8 } else { 0 };
                (lo, (px(dx), 0), Pos::new(HPos::Right, VPos::Center))
            } else {
                (hi, (0, px(-9)), Pos::new(HPos::Right, VPos::Bottom))
            };
            chart.draw_series(std::iter::once(
                EmptyElement::at((anchor, row)) + Text::new(words, offset, number.pos(pos)),
            ))?;
        }
        match self.shared {
            Shared::Same(t) => sla_line(
                chart,
                &x,
                &Axis::rows(n),
                allowed(t),
                &Self::target_words(t),
            ),
            Shared::Varies => {
                for (i, r) in self.rows.iter().enumerate() {
                    let Some(t) = r.target else { continue };
                    let row = (n - 1 - i) as f64 + 0.5;
                    let at = x.clamp(allowed(t));
                    chart::dashed(chart, vec![(at, row - 0.45), (at, row + 0.45)], SLA, 2)?;
                }
                Ok(())
            }
            Shared::None => Ok(()),
        }
    }
}

impl Figure for Availability {
    const NAME: &'static str = "availability";

    fn size(&self) -> (u32, u32) {
        if self.rows.is_empty() {
            return (WIDTH, layout::HEIGHT);
        }
        let head = layout::header_height(WIDTH, TITLE, &self.subtitle(&self.x_axis()));
        let legend = layout::legend_height(&self.legend(), WIDTH);
        let chart = ROW_PX * self.rows.len() as u32 + 110;
        (WIDTH, ((head + legend) as u32 + chart).max(MIN_HEIGHT))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.rows.is_empty() {
            let why = if self.cannot_fail.is_empty() {
                "connections.csv and flows.csv have no rows.".to_string()
            } else {
                format!(
                    "Nothing can fail on any path, so there is no downtime: {}.",
                    self.cannot_fail.join(", ")
                )
            };
            return layout::no_data(root, TITLE, &why);
        }
        let x = self.x_axis();
        let area = layout::header(root, TITLE, &self.subtitle(&x))?;
        let area = layout::legend(&area, &self.legend())?;
        let widest = (0..self.rows.len())
            .map(|i| layout::measure(&self.row_name(i as f64 + 0.5), LABEL_PX).0)
            .max()
            .unwrap_or(0);
        let y = Axis::rows(self.rows.len());
        let row_name = |v: f64| self.row_name(v);
        let x_desc = if x.log {
            "downtime (minutes per 30 days, log scale)"
        } else {
            "downtime (minutes per 30 days)"
        };
        let axes = Axes {
            x: &x,
            y: &y,
            x_desc,
            y_desc: "",
            y_label_width: widest + 16,
            x_label_height: 54,
            y_label: Some(&row_name),
        };
        chart::draw(&area, &axes, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Flow `f` and connection `c` held to 99.95% availability.
    fn targets() -> DesignTargets {
        let mut t = crate::report::plots::tests::express_connect_targets(&["f"]);
        t.connections
            .push(crate::sla::targets::NamedConnectionTargets {
                name: "c".into(),
                targets: crate::sla::targets::ConnectionTargets {
                    min_availability: Some(0.9995),
                },
            });
        t
    }

    fn conn(rep: u64, name: &str, a: Option<f64>) -> ConnectionRecord {
        ConnectionRecord {
            replication: rep,
            seed: 0,
            connection: name.into(),
            direction: "a>b".into(),
            availability: a,
            utilization: None,
            bytes: 0,
        }
    }

    #[test]
    fn percentages_near_100_keep_their_nines() {
        assert_eq!(percent(100.0), "100");
        assert_eq!(percent(99.95), "99.95");
        assert_eq!(percent(99.999_998_07), "99.9999981");
        assert_eq!(percent(99.0), "99");
        assert_eq!(percent(50.0), "50");
    }

    #[test]
    fn downtime_is_per_30_days_with_the_summary_interval() {
        let rows = [
            conn(0, "c", Some(0.9995)),
            conn(0, "c", Some(0.9995)),
            conn(1, "c", Some(0.9990)),
            conn(1, "c", Some(0.9990)),
            conn(0, "never", None),
        ];
        let a = Availability::new(&rows, &[], &targets());
        assert_eq!(a.shared, Shared::Same(0.9995));
        assert!((allowed(0.9995) - 21.6).abs() < 1e-9);
        assert_eq!(a.rows().len(), 1);
        let r = &a.rows()[0];
        assert!((r.mean - 32.4).abs() < 1e-6, "{}", r.mean);
        assert!(r.ci.0 < r.mean && r.mean < r.ci.1);
        assert_eq!((r.met, r.replications), (Some(1), 2));
        assert_eq!(a.cannot_fail, ["never (connection)"]);
        assert_eq!(duration(21.6), "21.6 min");
        assert_eq!(duration(0.000625), "37.5 ms");
        assert_eq!(
            Availability::target_words(0.9995),
            "SLA: availability ≥ 99.95% allows 21.6 min per 30 days"
        );
    }

    #[test]
    fn tiny_downtimes_get_a_log_axis_that_reaches_the_allowed_one() {
        let rows = [conn(0, "c", Some(1.0 - 1e-8)), conn(1, "c", Some(1.0))];
        let flows = [FlowRecord {
            flow: "f".into(),
            availability: Some(0.9999),
            ..Default::default()
        }];
        let a = Availability::new(&rows, &flows, &targets());
        assert_eq!(a.rows().len(), 2);
        let x = a.x_axis();
        assert!(x.log && x.lo <= 0.000432 / 2.0 && x.hi >= 21.6, "{x:?}");
    }
}
