//! `loss_by_cause`: each flow's mean loss split by cause, as stacked horizontal bars (flow
//! names read left of their bar however long or many), against each flow's `max_loss`: one
//! line when every flow has the same target, a mark on each flow's row when they differ.

use super::canvas::Figure;
use super::chart::{self, Axes, Body, sla_line};
use super::group::{by_name, keep_top, mean, replications};
use super::layout::{self, Entry, LABEL_PX, MIN_HEIGHT, Mark, SLA, WIDTH, px, pxy, short, text};
use super::scale::{Axis, significant};
use super::{Failed, compliance_words};
use crate::sla::record::FlowRecord;
use crate::sla::targets::{DesignTargets, Shared};
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Flows drawn at most (those with the highest loss).
const MAX_FLOWS: usize = 30;
/// Pixels per flow row: the plot's height follows its number of rows.
const ROW_PX: u32 = 34;
const TITLE: &str = "Packet loss by cause per flow";
/// Characters of a flow name beside its bar; longer names are cut with "…".
const NAME_CHARS: usize = 36;
/// The axis is zoomed to the losses when the largest is below max_loss / ZOOM_BELOW.
const ZOOM_BELOW: f64 = 5.0;

/// The causes of flows.csv's `lost_*` columns, in stacking order, with their colours.
const CAUSES: [(&str, RGBColor); 6] = [
    ("queue overflow", RGBColor(31, 119, 180)),
    ("bandwidth cap", RGBColor(255, 127, 14)),
    ("link loss", RGBColor(148, 103, 189)),
    ("encapsulation failure", RGBColor(188, 189, 34)),
    ("link down", RGBColor(127, 127, 127)),
    ("blocked (no route)", RGBColor(140, 86, 75)),
];

fn lost(r: &FlowRecord) -> [u64; 6] {
    [
        r.lost_queue,
        r.lost_cap,
        r.lost_link,
        r.lost_encap,
        r.lost_down,
        r.lost_blocked,
    ]
}

struct FlowLoss {
    name: String,
    /// Mean over replications of lost / offered, in %, per cause.
    by_cause: [f64; 6],
    total: f64,
    /// The flow's loss target in %, when it has one.
    target: Option<f64>,
}

pub(super) struct LossByCause {
    flows: Vec<FlowLoss>,
    total: usize,
    without: Vec<String>,
    /// What the flows' loss targets (in %) have in common.
    shared: Shared,
    /// The highest loss target of a flow, in %: where the axis must reach to show them.
    max_loss: Option<f64>,
    compliance: String,
    replications: usize,
}

impl LossByCause {
    pub fn new(rows: &[FlowRecord], targets: &DesignTargets) -> LossByCause {
        let mut flows = Vec::new();
        let mut without = Vec::new();
        for (name, rs) in by_name(rows, |r| &r.flow) {
            let offered: Vec<&&FlowRecord> = rs.iter().filter(|r| r.offered > 0).collect();
            if offered.is_empty() {
                without.push(name.to_string());
                continue;
            }
            let mut by_cause = [0.0; 6];
            for (c, share) in by_cause.iter_mut().enumerate() {
                *share = mean(
                    offered
                        .iter()
                        .map(|r| lost(r)[c] as f64 / r.offered as f64 * 100.0),
                )
                .unwrap_or(0.0);
            }
            flows.push(FlowLoss {
                name: name.to_string(),
                by_cause,
                total: by_cause.iter().sum(),
                target: targets.flow(name).max_loss.map(|t| t * 100.0),
            });
        }
        let total = keep_top(&mut flows, MAX_FLOWS, |f| f.total);
        let shared = Shared::of(flows.iter().map(|f| f.target));
        let max_loss = flows.iter().filter_map(|f| f.target).reduce(f64::max);
        LossByCause {
            flows,
            total,
            without,
            shared,
            max_loss,
            compliance: compliance_words(targets.required_compliance),
            replications: replications(rows, |r| r.replication),
        }
    }

    fn largest(&self) -> f64 {
        self.flows
            .iter()
            .map(|f| f.total)
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
    }

    /// Whether the axis reaches the SLA target. When every loss is far below it, the axis
    /// is zoomed to the losses instead, or their bars would be slivers whose causes no one
    /// could tell apart; the target is then named at the chart's edge and in the legend.
    fn target_on_scale(&self) -> bool {
        let top = self.largest();
        let Some(t) = self.max_loss.filter(|t| t.is_finite()) else {
            return true;
        };
        top == 0.0 || top >= t / ZOOM_BELOW
    }

    fn x_axis(&self) -> Axis {
        let mut top = self.largest();
        if let Some(t) = self
            .max_loss
            .filter(|t| self.target_on_scale() && t.is_finite())
        {
            top = top.max(t);
        }
        // Room right of the longest bar for its number, without ticks past the data (a
        // tick at 120% would suggest a loss above 100% could be read there).
        Axis::linear(0.0, top, 8).padded(0.14, false)
    }

    /// The legend's words for the targets; `None` when no flow has one.
    fn target_label(&self) -> Option<String> {
        let base = match self.shared {
            Shared::Same(t) => format!("SLA: loss < {}%", significant(t)),
            Shared::Varies => "SLA: the flow's loss target".into(),
            Shared::None => return None,
        };
        Some(match self.max_loss {
            Some(t) if !self.target_on_scale() => format!(
                "{base}, off scale: {}× the largest loss",
                significant(t / self.largest())
            ),
            _ => base,
        })
    }

    /// What the SLA asks, for the subtitle.
    fn asks(&self) -> String {
        match self.shared {
            Shared::Same(t) => format!(
                "The SLA asks loss < {}% {}.",
                significant(t),
                self.compliance
            ),
            Shared::Varies => format!(
                "Each flow is held to the loss target of the products its paths use (a red \
                 mark on its row), {}; a flow without one is shown, not judged.",
                self.compliance
            ),
            Shared::None => "No flow has a loss target (none of their products promises \
                             one): the figures are shown, not judged."
                .into(),
        }
    }

    fn y_axis(&self) -> Axis {
        Axis::rows(self.flows.len())
    }

    /// The flow of the row at `y`; the first flow is the top row.
    fn row_name(&self, y: f64) -> String {
        let n = self.flows.len();
        let i = y.floor();
        if i < 0.0 || i >= n as f64 {
            return String::new();
        }
        let f = &self.flows[n - 1 - i as usize];
        let name = short(&f.name, NAME_CHARS);
        if f.target.is_none() && self.shared == Shared::Varies {
            format!("{name} (no target)")
        } else {
            name
        }
    }
}

impl Body for LossByCause {
    fn draw<DB, X, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Result<(), Failed>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let n = self.flows.len();
        let number = text(LABEL_PX, &BLACK).pos(Pos::new(HPos::Left, VPos::Center));
        for (i, f) in self.flows.iter().enumerate() {
            let c = (n - 1 - i) as f64 + 0.5;
            let mut x0 = 0.0;
            for (share, (_, color)) in f.by_cause.iter().zip(CAUSES) {
                if *share > 0.0 {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x0, c - 0.32), (x0 + share, c + 0.32)],
                        color.filled(),
                    )))?;
                    x0 += share;
                }
            }
            let label = format!("{}%", significant(f.total));
            chart.draw_series(std::iter::once(
                EmptyElement::at((f.total, c)) + Text::new(label, (px(6), 0), number.clone()),
            ))?;
        }
        let (x, y) = (self.x_axis(), self.y_axis());
        if !self.target_on_scale() {
            let style = text(LABEL_PX, &SLA).pos(Pos::new(HPos::Right, VPos::Top));
            let label = match self.shared {
                Shared::Same(t) => format!("SLA: loss < {}%, off scale →", significant(t)),
                _ => "SLA targets off scale →".into(),
            };
            chart.draw_series(std::iter::once(
                EmptyElement::at((x.hi, y.hi)) + Text::new(label, pxy((-6, 6)), style),
            ))?;
            return Ok(());
        }
        match self.shared {
            Shared::Same(t) => sla_line(
                chart,
                &x,
                &y,
                t,
                &format!("SLA: loss < {}%", significant(t)),
            ),
            Shared::Varies => {
                for (i, f) in self.flows.iter().enumerate() {
                    let Some(t) = f.target else { continue };
                    let c = (n - 1 - i) as f64 + 0.5;
                    chart::dashed(chart, vec![(t, c - 0.45), (t, c + 0.45)], SLA, 2)?;
                }
                Ok(())
            }
            Shared::None => Ok(()),
        }
    }
}

impl Figure for LossByCause {
    const NAME: &'static str = "loss_by_cause";

    fn size(&self) -> (u32, u32) {
        (
            WIDTH,
            (300 + ROW_PX * self.flows.len() as u32).max(MIN_HEIGHT),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.flows.is_empty() {
            let why = if self.without.is_empty() {
                "flows.csv has no rows.".to_string()
            } else {
                format!("No packets offered by: {}.", self.without.join(", "))
            };
            return layout::no_data(root, TITLE, &why);
        }
        let mut subtitle = format!(
            "Mean over {} replications of each replication's lost / offered packets, split by \
             cause; the number is the total. {}",
            self.replications,
            self.asks()
        );
        if !self.target_on_scale() {
            subtitle += " The axis is zoomed to the losses, all far below the target.";
        }
        if self.total > self.flows.len() {
            subtitle += &format!(
                " Showing the {} of {} flows with the highest loss.",
                self.flows.len(),
                self.total
            );
        }
        if !self.without.is_empty() {
            subtitle += &format!(" No packets offered: {}.", self.without.join(", "));
        }
        let area = layout::header(root, TITLE, &subtitle)?;
        let mut entries: Vec<Entry> = CAUSES
            .iter()
            .map(|(name, color)| Entry::new(*name, *color, Mark::Bar))
            .collect();
        if let Some(label) = self.target_label() {
            entries.push(Entry::new(label, SLA, Mark::Dashed));
        }
        let area = layout::legend(&area, &entries)?;
        let widest = self
            .flows
            .iter()
            .enumerate()
            .map(|(i, _)| layout::measure(&self.row_name(i as f64 + 0.5), LABEL_PX).0)
            .max()
            .unwrap_or(0);
        let (x, y) = (self.x_axis(), self.y_axis());
        let row_name = |v: f64| self.row_name(v);
        let axes = Axes {
            x: &x,
            y: &y,
            x_desc: "mean loss (% of offered packets)",
            y_desc: "flow",
            y_label_width: widest + 40,
            x_label_height: 54,
            y_label: Some(&row_name),
        };
        chart::draw(&area, &axes, self)
    }
}
