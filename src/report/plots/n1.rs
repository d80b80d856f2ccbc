//! `n1`: the N-1 analysis as a grid — one row per case (the baseline, then each single
//! failure), one column per flow — each cell the flow's verdict in that case. A cell reads
//! without colour: a ✓ or ✗ mark, and for a failing flow the reason in words (no path, the loss
//! and what caused most of it, the jitter) or for a passing one its mean delay, which shows
//! the detour's cost. Drawn from n1.csv and the SLA targets, like every other plot.

use super::canvas::Figure;
use super::layout::{
    self, Entry, LABEL_PX, MARGIN, MUTED, Mark, WIDTH, bold, measure, measure_bold, px, pxy, short,
    text,
};
use super::scale::significant;
use super::{Failed, compliance_words};
use crate::plan::n1::{N1Row, NONE};
use crate::sla::judge::{Verdict, cause_words};
use crate::sla::metric::SlaMetric;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Cases drawn at most: the baseline and every failing case first, then passing ones.
const MAX_CASES: usize = 60;
/// Flows drawn at most: those that fail in some case first.
const MAX_FLOWS: usize = 12;
/// Logical pixels of one row of cells (two lines of text).
const ROW_PX: i32 = 46;
/// Height of the row of flow names above the cells.
const HEAD_PX: i32 = 34;
/// The narrowest cell; the plot widens past [`WIDTH`] rather than squeeze more.
const MIN_CELL_PX: i32 = 150;
/// The widest cell: a few flows do not stretch across the page.
const MAX_CELL_PX: i32 = 260;
/// Gap between cells.
const GAP_PX: i32 = 3;
const CELL_PX: u32 = 13;
const TITLE: &str = "N-1: every flow with each single element failed";

/// A pass: pale green, near white in greyscale, with a dark ✓.
const PASS_FILL: RGBColor = RGBColor(223, 241, 223);
const PASS_INK: RGBColor = RGBColor(20, 90, 30);
/// A failure: dark red, dark grey in greyscale, with a white ✗.
const FAIL_FILL: RGBColor = RGBColor(178, 34, 34);
const FAIL_INK: RGBColor = WHITE;
/// A flow the case does not report.
const NA_FILL: RGBColor = RGBColor(240, 240, 240);

/// What one cell shows.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cell {
    pub pass: bool,
    /// First line: "pass", "no path", "loss 36.5%", "jitter 31%".
    pub head: String,
    /// Second line: the loss's main cause, the mean delay, or nothing.
    pub detail: String,
}

/// A percentage with three significant digits: 0.36507 → "36.5%".
fn pct(x: f64) -> String {
    format!("{}%", significant(x * 100.0))
}

impl Cell {
    fn of(r: &N1Row) -> Cell {
        let t = &r.targets;
        let delay = r
            .delay_mean_ms
            .map_or(String::new(), |d| format!("mean {} ms", significant(d)));
        if r.verdict == Verdict::Pass {
            return Cell {
                pass: true,
                head: "pass".into(),
                detail: delay,
            };
        }
        let cause = r
            .loss_cause
            .map_or(String::new(), |c| cause_words(c).into());
        let loss = r.loss.filter(|l| l.is_finite());
        let jitter = r.jitter.filter(|j| j.is_finite());
        let (head, detail) = if !r.reachable {
            ("no path".to_string(), String::new())
        } else if let Some(l) = loss.filter(|l| t.met(SlaMetric::Loss, Some(*l)) == Some(false)) {
            (format!("loss {}", pct(l)), cause)
        } else if let Some(j) = jitter.filter(|j| t.met(SlaMetric::Jitter, Some(*j)) == Some(false))
        {
            (format!("jitter {}", pct(j)), delay)
        } else if let Some(l) = loss.filter(|l| *l > 0.0) {
            (format!("loss {}", pct(l)), cause)
        } else {
            ("misses a target".to_string(), delay)
        };
        Cell {
            pass: false,
            head,
            detail,
        }
    }
}

pub(super) struct N1Grid {
    cases: Vec<String>,
    flows: Vec<String>,
    /// Per case, per flow: the cell, `None` when the case does not report the flow.
    cells: Vec<Vec<Option<Cell>>>,
    total_cases: usize,
    total_flows: usize,
    /// Share of replications that must meet a target.
    required_compliance: f64,
    replications: u64,
}

/// Names in first-seen order.
fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    out
}

/// The first `max` of `items` that `keep_first` prefers, then the others, in their order.
fn preferring(items: Vec<String>, max: usize, keep_first: impl Fn(&str) -> bool) -> Vec<String> {
    let mut chosen: Vec<&String> = items.iter().filter(|i| keep_first(i)).take(max).collect();
    for i in items.iter().filter(|i| !keep_first(i)) {
        if chosen.len() >= max {
            break;
        }
        chosen.push(i);
    }
    items
        .iter()
        .filter(|i| chosen.contains(i))
        .cloned()
        .collect()
}

impl N1Grid {
    pub fn new(rows: &[N1Row], required_compliance: f64, replications: u64) -> N1Grid {
        let all_cases = distinct(rows.iter().map(|r| r.case.as_str()));
        let all_flows = distinct(rows.iter().map(|r| r.flow.as_str()));
        let failing = |pick: &dyn Fn(&N1Row) -> &str, name: &str| {
            rows.iter()
                .any(|r| pick(r) == name && r.verdict == Verdict::Fail)
        };
        let cases = preferring(all_cases.clone(), MAX_CASES, |c| {
            c == NONE || failing(&|r| &r.case, c)
        });
        let flows = preferring(all_flows.clone(), MAX_FLOWS, |f| failing(&|r| &r.flow, f));
        let cells = cases
            .iter()
            .map(|c| {
                flows
                    .iter()
                    .map(|f| {
                        rows.iter()
                            .find(|r| &r.case == c && &r.flow == f)
                            .map(Cell::of)
                    })
                    .collect()
            })
            .collect();
        N1Grid {
            cases,
            flows,
            cells,
            total_cases: all_cases.len(),
            total_flows: all_flows.len(),
            required_compliance,
            replications,
        }
    }

    /// The cells drawn, row by row (for the tests).
    #[cfg(test)]
    pub fn cells(&self) -> &[Vec<Option<Cell>>] {
        &self.cells
    }

    fn case_label(case: &str) -> String {
        if case == NONE {
            "none (baseline)".into()
        } else {
            case.to_string()
        }
    }

    /// Width of the case column, in logical pixels.
    fn label_width(&self) -> i32 {
        self.cases
            .iter()
            .map(|c| measure_bold(&short(&Self::case_label(c), 44), LABEL_PX).0 as i32)
            .max()
            .unwrap_or(60)
            + 16
    }

    fn cell_width(&self, width: u32) -> i32 {
        let n = self.flows.len().max(1) as i32;
        ((width as i32 - 2 * MARGIN - self.label_width()) / n).clamp(MIN_CELL_PX, MAX_CELL_PX)
    }

    fn subtitle(&self) -> String {
        let mut s = format!(
            "Each row fails one element (a backbone link with all its members, a leased line, a \
             VBR, a connection) for the whole simulated window, routing converged around it; the \
             first row fails nothing. Each column is a flow. ✓ pass: the flow meets every SLA \
             target of the products its paths use {}; ✗ fail, with why: no path left, the loss \
             and what caused most of it (queue overflow on a detour, an element down), or the \
             jitter. Figures are means over {} replications per case; passing cells give the \
             mean one-way delay.",
            compliance_words(self.required_compliance),
            self.replications
        );
        if self.cases.len() < self.total_cases {
            s += &format!(
                " Showing {} of {} cases: the baseline, every failing case, then passing ones.",
                self.cases.len(),
                self.total_cases
            );
        }
        if self.flows.len() < self.total_flows {
            s += &format!(
                " Showing {} of {} flows, those that fail somewhere first.",
                self.flows.len(),
                self.total_flows
            );
        }
        s
    }

    fn legend(&self) -> Vec<Entry> {
        vec![
            Entry::new("✓ pass: every target met", PASS_FILL, Mark::Bar),
            Entry::new("✗ fail: why, in the cell", FAIL_FILL, Mark::Bar),
        ]
    }

    fn draw_cell<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        cell: Option<&Cell>,
        (x, y, w): (i32, i32, i32),
    ) -> Result<(), Failed> {
        let (fill, ink) = match cell {
            None => (NA_FILL, MUTED),
            Some(c) if c.pass => (PASS_FILL, PASS_INK),
            Some(_) => (FAIL_FILL, FAIL_INK),
        };
        let h = ROW_PX - GAP_PX;
        area.draw(&Rectangle::new(
            [pxy((x, y)), pxy((x + w - GAP_PX, y + h))],
            fill.filled(),
        ))?;
        let Some(c) = cell else {
            let style = text(CELL_PX, &ink).pos(Pos::new(HPos::Center, VPos::Center));
            area.draw(&Text::new("—", pxy((x + w / 2, y + h / 2)), style))?;
            return Ok(());
        };
        let mark = if c.pass { "✓" } else { "✗" };
        let mark_style = bold(18, &ink).pos(Pos::new(HPos::Center, VPos::Center));
        area.draw(&Text::new(mark, pxy((x + 14, y + h / 2)), mark_style))?;
        let room = (w - GAP_PX - 34).max(20);
        let fit = |s: &str, size: u32| {
            let mut n = s.chars().count();
            while n > 1 && measure(&short(s, n), size).0 as i32 > room {
                n -= 1;
            }
            short(s, n)
        };
        let left = Pos::new(HPos::Left, VPos::Center);
        let head_style = bold(CELL_PX, &ink).pos(left);
        if c.detail.is_empty() {
            area.draw(&Text::new(
                fit(&c.head, CELL_PX),
                pxy((x + 28, y + h / 2)),
                head_style,
            ))?;
        } else {
            area.draw(&Text::new(
                fit(&c.head, CELL_PX),
                pxy((x + 28, y + h / 2 - 9)),
                head_style,
            ))?;
            let detail_style = text(CELL_PX - 1, &ink).pos(left);
            area.draw(&Text::new(
                fit(&c.detail, CELL_PX - 1),
                pxy((x + 28, y + h / 2 + 9)),
                detail_style,
            ))?;
        }
        Ok(())
    }
}

impl Figure for N1Grid {
    const NAME: &'static str = super::N1_PLOT;

    fn size(&self) -> (u32, u32) {
        if self.cells.is_empty() || self.flows.is_empty() {
            return (WIDTH, layout::HEIGHT);
        }
        let wide = 2 * MARGIN + self.label_width() + self.flows.len() as i32 * MIN_CELL_PX;
        let width = WIDTH.max(wide as u32);
        let head = layout::header_height(width, TITLE, &self.subtitle());
        let legend = layout::legend_height(&self.legend(), width);
        let grid = HEAD_PX + ROW_PX * self.cases.len() as i32 + 16;
        (width, (head + legend + grid) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.cells.is_empty() || self.flows.is_empty() {
            return layout::no_data(root, TITLE, "n1.csv has no rows.");
        }
        let width = root.dim_in_pixel().0 / px(1) as u32;
        let area = layout::header(root, TITLE, &self.subtitle())?;
        let area = layout::legend(&area, &self.legend())?;
        let label_w = self.label_width();
        let cell_w = self.cell_width(width);
        let x0 = MARGIN + label_w;
        let flow_style = bold(LABEL_PX, &BLACK).pos(Pos::new(HPos::Center, VPos::Center));
        for (j, f) in self.flows.iter().enumerate() {
            let room = cell_w - GAP_PX - 8;
            let mut n = f.chars().count();
            while n > 1 && measure_bold(&short(f, n), LABEL_PX).0 as i32 > room {
                n -= 1;
            }
            let x = x0 + j as i32 * cell_w + (cell_w - GAP_PX) / 2;
            area.draw(&Text::new(
                short(f, n),
                pxy((x, HEAD_PX / 2)),
                flow_style.clone(),
            ))?;
        }
        let right = Pos::new(HPos::Right, VPos::Center);
        for (i, case) in self.cases.iter().enumerate() {
            let y = HEAD_PX + i as i32 * ROW_PX;
            let fails = self.cells[i].iter().flatten().any(|c| !c.pass);
            let label = short(&Self::case_label(case), 44);
            let style = if fails {
                bold(LABEL_PX, &BLACK)
            } else {
                text(LABEL_PX, &MUTED)
            };
            area.draw(&Text::new(
                label,
                pxy((x0 - 10, y + (ROW_PX - GAP_PX) / 2)),
                style.pos(right),
            ))?;
            for (j, cell) in self.cells[i].iter().enumerate() {
                let x = x0 + j as i32 * cell_w;
                Self::draw_cell(&area, cell.as_ref(), (x, y, cell_w))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::DropCause;

    fn row(case: &str, flow: &str, pass: bool) -> N1Row {
        N1Row {
            case: case.into(),
            flow: flow.into(),
            verdict: Verdict::from(pass),
            loss: Some(0.0),
            jitter: Some(0.01),
            delay_mean_ms: Some(1.97),
            reachable: true,
            reason: None,
            loss_cause: None,
            targets: crate::sla::targets::promised(crate::scenario::ConnectionType::ExpressConnect),
        }
    }

    #[test]
    fn cells_say_why_a_flow_fails() {
        assert_eq!(
            Cell::of(&row("none", "a", true)),
            Cell {
                pass: true,
                head: "pass".into(),
                detail: "mean 1.97 ms".into()
            }
        );
        let mut detour = row("link:a/b", "a", false);
        detour.loss = Some(0.36507);
        detour.loss_cause = Some(DropCause::Queue);
        let c = Cell::of(&detour);
        assert_eq!(
            (c.head.as_str(), c.detail.as_str()),
            ("loss 36.5%", "queue overflow")
        );
        let mut cut = row("vbr:x", "a", false);
        cut.reachable = false;
        cut.loss = Some(1.0);
        cut.loss_cause = Some(DropCause::Down);
        assert_eq!(Cell::of(&cut).head, "no path");
        let mut shaky = row("link:a/c", "a", false);
        shaky.jitter = Some(0.31);
        assert_eq!(Cell::of(&shaky).head, "jitter 31%");
    }

    #[test]
    fn a_cell_per_case_and_flow_failing_ones_kept_first() {
        let mut rows = Vec::new();
        for c in 0..70 {
            for f in 0..14 {
                let case = if c == 0 {
                    NONE.to_string()
                } else {
                    format!("link:r{c}/x")
                };
                // Case 65 breaks flow 13: both are beyond the limits, and are kept.
                rows.push(row(&case, &format!("f{f}"), !(c == 65 && f == 13)));
            }
        }
        let g = N1Grid::new(&rows, 0.95, 2);
        assert_eq!(g.cases.len(), MAX_CASES);
        assert_eq!(g.flows.len(), MAX_FLOWS);
        assert_eq!(g.cases[0], NONE);
        assert!(g.cases.contains(&"link:r65/x".to_string()));
        assert_eq!(g.flows.last().map(String::as_str), Some("f13"));
        assert!(
            g.cells()
                .iter()
                .all(|r| r.len() == MAX_FLOWS && r.iter().all(Option::is_some))
        );
        assert!(g.subtitle().contains("Showing 60 of 70 cases"));
    }
}
