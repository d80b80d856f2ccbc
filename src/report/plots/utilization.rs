//! `utilization`: each queue's utilization over time — the share of the capacity in force
//! that it used in each sample interval — as the mean over replications of each sample, for
//! the busiest queues. One linear scale from 0 with the 100% capacity line, whatever the
//! values. The peak is the highest sample of any single replication (the mean curve hides
//! bursts that happen at different instants in different replications), marked ▲ where it
//! happened. A spec change (where capacity_mbps changes) is a dotted vertical line.
//!
//! timeseries.csv divides each interval's bits by the rate in force at the sample instant,
//! so the sample whose interval ended with a spec change is measured against the new rate;
//! it is measured here against the rate before the change, which served that interval.

use super::Failed;
use super::canvas::Figure;
use super::chart::{self, Axes, Body, dashed};
use super::group::{by_name, keep_top, mean, replications};
use super::layout::{
    self, Entry, LABEL_PX, MUTED, Mark, WIDTH, px, pxy, series_color, short, text, upx,
};
use super::scale::{Axis, extent, significant};
use crate::sla::record::TimeseriesRecord;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::BTreeMap;

/// Queues drawn at most (the busiest by mean utilization).
const MAX_CHANNELS: usize = 8;
const TITLE: &str = "Queue utilization over time, against the capacity in force";
/// The colour of the 100% line and of spec changes: not a series colour, not an SLA's red.
const CAPACITY: RGBColor = RGBColor(40, 40, 40);

/// A change of a queue's capacity between two samples.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SpecChange {
    /// The first sample with the new capacity, in s.
    pub time: f64,
    pub from_mbps: f64,
    pub to_mbps: f64,
}

pub(super) struct Channel {
    /// The queue's name in timeseries.csv.
    name: String,
    /// (time in s, mean utilization in %) by time.
    points: Vec<(f64, f64)>,
    mean: f64,
    /// The highest sample of any replication: (time in s, utilization in %, replication).
    pub peak: (f64, f64, u64),
    /// Capacities in Mbps in the order they were in force.
    capacities: Vec<f64>,
    pub changes: Vec<SpecChange>,
}

pub(super) struct Utilization {
    channels: Vec<Channel>,
    total: usize,
    idle: usize,
    replications: usize,
    /// The sample interval in s.
    interval: Option<f64>,
}

/// One replication's samples of one queue as (time in s, utilization in %), measured against
/// the capacity that served each interval, and the capacity changes it saw.
fn replication_series(rows: &[&TimeseriesRecord]) -> (Vec<(f64, f64)>, Vec<SpecChange>) {
    let mut rows: Vec<&TimeseriesRecord> = rows
        .iter()
        .copied()
        .filter(|r| r.time_s.is_finite() && r.utilization.is_finite())
        .collect();
    rows.sort_by(|a, b| a.time_s.total_cmp(&b.time_s));
    let mut points = Vec::with_capacity(rows.len());
    let mut changes = Vec::new();
    let mut before: Option<f64> = None;
    for r in rows {
        let cap = r.capacity_mbps;
        let mut u = r.utilization;
        if let Some(prev) = before
            && cap.is_finite()
            && prev.is_finite()
            && (cap - prev).abs() > 1e-9 * prev.abs().max(1.0)
        {
            changes.push(SpecChange {
                time: r.time_s,
                from_mbps: prev,
                to_mbps: cap,
            });
            if prev > 0.0 {
                u *= cap / prev;
            }
        }
        before = Some(cap);
        points.push((r.time_s, u * 100.0));
    }
    (points, changes)
}

impl Utilization {
    pub fn new(rows: &[TimeseriesRecord]) -> Utilization {
        let mut channels = Vec::new();
        let mut idle = 0;
        let mut interval: Option<f64> = None;
        for (name, rs) in by_name(rows, |r| &r.link) {
            // Samples of all replications at the same instant (keyed in ns) are averaged.
            let mut at: BTreeMap<i64, (f64, usize)> = BTreeMap::new();
            let mut peak: Option<(f64, f64, u64)> = None;
            let mut changes: Vec<SpecChange> = Vec::new();
            let mut by_rep: BTreeMap<u64, Vec<&TimeseriesRecord>> = BTreeMap::new();
            for r in &rs {
                by_rep.entry(r.replication).or_default().push(r);
            }
            for (rep, reps) in by_rep {
                let (series, seen) = replication_series(&reps);
                for w in series.windows(2) {
                    let dt = w[1].0 - w[0].0;
                    if dt > 0.0 {
                        interval = Some(interval.map_or(dt, |i: f64| i.min(dt)));
                    }
                }
                for &(t, u) in &series {
                    let e = at.entry((t * 1e9).round() as i64).or_default();
                    e.0 += u;
                    e.1 += 1;
                    if peak.is_none_or(|p| u > p.1) {
                        peak = Some((t, u, rep));
                    }
                }
                for c in seen {
                    if !changes.contains(&c) {
                        changes.push(c);
                    }
                }
            }
            changes.sort_by(|a, b| a.time.total_cmp(&b.time));
            let points: Vec<(f64, f64)> = at
                .into_iter()
                .map(|(t, (sum, n))| (t as f64 / 1e9, sum / n as f64))
                .collect();
            let (Some(mean), Some(peak)) = (mean(points.iter().map(|p| p.1)), peak) else {
                continue;
            };
            if peak.1 <= 0.0 {
                idle += 1;
                continue;
            }
            let mut capacities: Vec<f64> = Vec::new();
            let first = rs
                .iter()
                .filter(|r| r.time_s.is_finite())
                .min_by(|a, b| a.time_s.total_cmp(&b.time_s))
                .map(|r| r.capacity_mbps);
            capacities.extend(changes.first().map(|c| c.from_mbps).or(first));
            capacities.extend(changes.iter().map(|c| c.to_mbps));
            channels.push(Channel {
                name: name.to_string(),
                points,
                mean,
                peak,
                capacities,
                changes,
            });
        }
        let total = keep_top(&mut channels, MAX_CHANNELS, |c| c.mean);
        // Busiest first, so colours and legend follow the ranking.
        channels.sort_by(|a, b| b.mean.total_cmp(&a.mean));
        Utilization {
            channels,
            total,
            idle,
            replications: replications(rows, |r| r.replication),
            interval,
        }
    }

    /// The queues drawn, for the tests.
    #[cfg(test)]
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }

    fn axes(&self) -> (Axis, Axis) {
        let all = || self.channels.iter().flat_map(|c| c.points.iter());
        let (t0, t1) = extent(all().map(|p| p.0)).unwrap_or((0.0, 1.0));
        let x = Axis::linear(t0, t1, 10);
        let top = self
            .channels
            .iter()
            .map(|c| c.peak.1)
            .chain(all().map(|p| p.1))
            .fold(100.0, f64::max);
        // Room above the 100% line for its label and those of spec changes.
        let changes = self.spec_changes().len().min(4) as f64;
        let y = Axis::linear(0.0, top, 10)
            .padded(0.07 + 0.045 * changes, false)
            .suffixed("%");
        (x, y)
    }

    /// Every spec change once: (time, what changed), in order of time.
    fn spec_changes(&self) -> Vec<(f64, String)> {
        let mut out: Vec<(f64, String)> = Vec::new();
        for c in &self.channels {
            let who = connection_of(&c.name);
            for s in &c.changes {
                let label = format!("{who}: {} → {}", rate(s.from_mbps), rate(s.to_mbps));
                if !out
                    .iter()
                    .any(|o| (o.0 - s.time).abs() < 1e-9 && o.1 == label)
                {
                    out.push((s.time, label));
                }
            }
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out
    }

    fn subtitle(&self) -> String {
        let every = self.interval.map_or(String::new(), |i| {
            format!(" {} ms", significant(i * 1000.0))
        });
        let mut s = format!(
            "Each line: the share of its capacity a queue used in each{every} sample interval \
             (bits sent / the capacity in force then), averaged over the {} replications at \
             that instant. ▲ marks the peak: the highest sample of any single replication, \
             which the mean can hide. No SLA target applies to utilization.",
            self.replications
        );
        if !self.spec_changes().is_empty() {
            s += " A dotted line marks a spec change (capacity_mbps changed); the interval it \
                  ended is measured against the capacity before the change.";
        }
        if self.total > self.channels.len() {
            s += &format!(
                " Showing the {} busiest of {} queues that carried traffic.",
                self.channels.len(),
                self.total
            );
        }
        if self.idle > 0 {
            s += &format!(
                " Not shown: {} queue{} that never carried traffic.",
                self.idle,
                if self.idle == 1 { "" } else { "s" }
            );
        }
        s
    }

    fn legend(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = self
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let caps: Vec<String> = c.capacities.iter().map(|m| rate(*m)).collect();
                let mut label = format!(
                    "{}, {}: mean {}%, peak {}%",
                    readable(&c.name),
                    caps.join(" → "),
                    significant(c.mean),
                    significant(c.peak.1)
                );
                label = short(&label, 110);
                // A line drawn later over the very same one hides it: say so.
                if let Some(j) = (i + 1..self.channels.len())
                    .rev()
                    .find(|j| self.channels[*j].points == c.points)
                {
                    label += &format!(" (hidden under {})", series_name(j));
                }
                Entry::new(label, series_color(i), Mark::Line)
            })
            .collect();
        entries.push(Entry::new(
            "peak: highest sample of any replication",
            MUTED,
            Mark::Triangle,
        ));
        entries.push(Entry::new(
            "100% of the capacity in force",
            CAPACITY,
            Mark::Dashed,
        ));
        if !self.spec_changes().is_empty() {
            entries.push(Entry::new("spec change", CAPACITY, Mark::Dotted));
        }
        entries
    }
}

/// How the legend refers to the `i`-th line by its colour.
fn series_name(i: usize) -> &'static str {
    const NAMES: [&str; 9] = [
        "the blue line",
        "the orange line",
        "the green line",
        "the purple line",
        "the brown line",
        "the pink line",
        "the grey line",
        "the olive line",
        "the cyan line",
    ];
    NAMES[i % NAMES.len()]
}

/// A rate in Mbps in words: "500 Mbps", "1 Gbps", "2.5 Gbps", "100 Gbps".
fn rate(mbps: f64) -> String {
    if !mbps.is_finite() {
        return "unlimited".into();
    }
    if mbps >= 1000.0 {
        format!("{} Gbps", significant(mbps / 1000.0))
    } else if mbps >= 1.0 {
        format!("{} Mbps", significant(mbps))
    } else {
        format!("{} kbps", significant(mbps * 1000.0))
    }
}

/// The parts of a queue's name: its kind, its subject and the rest ("(a → b)", "#1").
fn parts(name: &str) -> (&str, &str, &str) {
    let (kind, rest) = name.split_once(' ').unwrap_or(("", name));
    match kind {
        "cap" | "line" | "internet" => match rest.split_once(" (") {
            Some((subject, dir)) => (kind, subject, dir.trim_end_matches(')')),
            None => (kind, rest, ""),
        },
        "backbone" => match rest.rsplit_once(" #") {
            Some((path, member)) => (kind, path, member),
            None => (kind, rest, ""),
        },
        "inside" => (kind, rest, ""),
        _ => ("", name, ""),
    }
}

/// A queue's name in words, with what it is and the direction measured: "connection hz-sh
/// (bandwidth cap), hz-prod → sh-dr"; "backbone cn-hangzhou → cn-shanghai, member 1".
pub(super) fn readable(name: &str) -> String {
    match parts(name) {
        ("cap", c, dir) => format!("connection {c} (bandwidth cap), {dir}"),
        ("line", l, dir) => format!("leased line {l}, {dir}"),
        ("internet", c, dir) => format!("internet path {c}, {dir}"),
        ("backbone", path, "") => format!("backbone {path}"),
        ("backbone", path, member) => format!("backbone {path}, member {member}"),
        ("inside", region, _) => format!("network inside {region}"),
        _ => name.to_string(),
    }
}

/// What a spec change is named by: the connection of a cap, else the queue in words.
fn connection_of(name: &str) -> String {
    match parts(name) {
        ("cap", c, _) => c.to_string(),
        _ => readable(name),
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
        let (x, y) = self.axes();
        // Spec changes first, under the data, labelled at the top, staggered.
        let style = text(LABEL_PX, &CAPACITY).pos(Pos::new(HPos::Left, VPos::Top));
        for (i, (t, label)) in self.spec_changes().into_iter().enumerate() {
            chart.draw_series(DashedLineSeries::new(
                vec![(t, y.lo), (t, y.hi)],
                px(2) as u32,
                px(4) as u32,
                CAPACITY.stroke_width(upx(2)),
            ))?;
            let words = format!("spec change {label}");
            let right = chart::fraction(&x, t) > 0.6;
            let (dx, pos) = if right {
                (-6, Pos::new(HPos::Right, VPos::Top))
            } else {
                (6, Pos::new(HPos::Left, VPos::Top))
            };
            chart.draw_series(std::iter::once(
                EmptyElement::at((t, y.hi))
                    + Text::new(words, (px(dx), px(3 + 18 * (i % 4) as i32)), style.pos(pos)),
            ))?;
        }
        dashed(chart, vec![(x.lo, 100.0), (x.hi, 100.0)], CAPACITY, 2)?;
        let label_style = text(LABEL_PX, &CAPACITY).pos(Pos::new(HPos::Left, VPos::Bottom));
        chart.draw_series(std::iter::once(
            EmptyElement::at((x.lo, 100.0))
                + Text::new("100% of capacity".to_string(), (px(8), px(-3)), label_style),
        ))?;
        for (i, c) in self.channels.iter().enumerate() {
            let color = series_color(i);
            let points: Vec<(f64, f64)> = c.points.iter().map(|&(t, u)| (t, y.clamp(u))).collect();
            if let [only] = points.as_slice() {
                // One sample is no line: draw it as a dot.
                chart.draw_series(std::iter::once(Circle::new(*only, upx(4), color.filled())))?;
            }
            chart.draw_series(LineSeries::new(points, color.stroke_width(upx(2))))?;
        }
        for (i, c) in self.channels.iter().enumerate() {
            let color = series_color(i);
            let (t, u, _) = c.peak;
            let triangle = vec![pxy((-6, 2)), pxy((6, 2)), pxy((0, -9))];
            chart.draw_series(std::iter::once(
                EmptyElement::at((t, y.clamp(u)))
                    + Polygon::new(triangle.clone(), color.filled())
                    + PathElement::new(
                        triangle
                            .into_iter()
                            .chain([pxy((-6, 2))])
                            .collect::<Vec<_>>(),
                        WHITE.stroke_width(upx(1)),
                    ),
            ))?;
        }
        Ok(())
    }
}

impl Figure for Utilization {
    const NAME: &'static str = "utilization";

    fn size(&self) -> (u32, u32) {
        if self.channels.is_empty() {
            return (WIDTH, layout::HEIGHT);
        }
        let legend = layout::legend_height(&self.legend(), WIDTH).max(120) as u32;
        let head = layout::header_height(WIDTH, TITLE, &self.subtitle()).max(90) as u32;
        (WIDTH, layout::HEIGHT + legend - 120 + head - 90)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.channels.is_empty() {
            let why = if self.idle > 0 {
                format!(
                    "No queue carried traffic ({} queues sampled, all idle).",
                    self.idle
                )
            } else {
                "timeseries.csv has no samples (no queue with a finite rate carried traffic)."
                    .to_string()
            };
            return layout::no_data(root, TITLE, &why);
        }
        let (x, y) = self.axes();
        let area = layout::header(root, TITLE, &self.subtitle())?;
        let area = layout::legend(&area, &self.legend())?;
        let axes = Axes {
            x: &x,
            y: &y,
            x_desc: "simulated time (s)",
            y_desc: "utilization (% of the capacity in force)",
            y_label_width: 64,
            x_label_height: 54,
            y_label: None,
        };
        chart::draw(&area, &axes, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(rep: u64, t: f64, link: &str, u: f64, cap: f64) -> TimeseriesRecord {
        TimeseriesRecord {
            replication: rep,
            time_s: t,
            link: link.into(),
            utilization: u,
            queue_bytes: 0,
            capacity_mbps: cap,
        }
    }

    #[test]
    fn names_say_what_the_queue_is_and_its_direction() {
        assert_eq!(
            readable("cap hz-sh (hz-prod → sh-dr)"),
            "connection hz-sh (bandwidth cap), hz-prod → sh-dr"
        );
        assert_eq!(
            readable("line pc-sh-1 (sh-idc → vbr-sh)"),
            "leased line pc-sh-1, sh-idc → vbr-sh"
        );
        assert_eq!(
            readable("backbone cn-hangzhou → cn-shanghai #1"),
            "backbone cn-hangzhou → cn-shanghai, member 1"
        );
        assert_eq!(
            readable("internet shop (a → b)"),
            "internet path shop, a → b"
        );
        assert_eq!(readable("inside cn-hangzhou"), "network inside cn-hangzhou");
        assert_eq!(readable("something else"), "something else");
        assert_eq!(rate(1000.0), "1 Gbps");
        assert_eq!(rate(500.0), "500 Mbps");
    }

    #[test]
    fn the_peak_is_of_one_replication_and_spec_changes_are_measured_before() {
        let q = "cap c (a → b)";
        let rows = [
            sample(0, 0.05, q, 0.5, 1000.0),
            sample(0, 0.10, q, 1.0, 1000.0),
            sample(0, 0.15, q, 0.5, 2000.0),
            sample(0, 0.20, q, 0.3, 2000.0),
            sample(1, 0.05, q, 0.5, 1000.0),
            sample(1, 0.10, q, 0.2, 1000.0),
            sample(1, 0.15, q, 0.5, 2000.0),
            sample(1, 0.20, q, 0.3, 2000.0),
            sample(0, 0.05, "line idle (a → b)", 0.0, 1000.0),
            sample(0, 0.10, "line idle (a → b)", 0.0, 1000.0),
        ];
        let u = Utilization::new(&rows);
        assert_eq!((u.channels().len(), u.idle), (1, 1));
        let c = &u.channels()[0];
        // The mean at 0.10 s is 60%; one replication reached 100% then.
        assert!((c.points[1].1 - 60.0).abs() < 1e-9);
        assert_eq!((c.peak.0, c.peak.1, c.peak.2), (0.10, 100.0, 0));
        // The interval that ended with the upgrade ran at 1000 Mbps: 0.5 × 2000 / 1000.
        assert!((c.points[2].1 - 100.0).abs() < 1e-9, "{:?}", c.points);
        assert_eq!(
            c.changes,
            [SpecChange {
                time: 0.15,
                from_mbps: 1000.0,
                to_mbps: 2000.0
            }]
        );
        assert_eq!(c.capacities, [1000.0, 2000.0]);
        let (_, y) = u.axes();
        assert!(!y.log && y.lo == 0.0 && y.hi >= 100.0);
        assert_eq!(u.spec_changes(), [(0.15, "c: 1 Gbps → 2 Gbps".to_string())]);
    }
}
