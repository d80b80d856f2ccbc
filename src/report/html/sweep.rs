//! The report of a sweep: the capacity answer, one row per swept value with its worst flow
//! figures and cost, and the sweep plot.

use super::common::{
    AVAILABILITY, FIGURES_NOTE, TARGETS, answer, assumptions, command_line, connection_failures,
    flow_failures, footer, heading, scenario_name,
};
use super::figures::Unit;
use super::kit::{NONE, page, section, verdict_badge};
use super::plots::{Plot, plots_section};
use super::table::{Cell, Table};
use crate::report::summary::{PointSummary, SweepSummary};
use crate::sla::judge::{Metric, Verdict};
use crate::sla::metric::SlaMetric;
use crate::sla::targets::Shared;
use maud::{Markup, html};
use std::path::Path;

/// The plot of a sweep folder.
pub const SWEEP_PLOTS: [Plot; 1] = [Plot {
    file: "sweep.svg",
    title: "SLA metrics against the swept parameter",
    caption: "Every SLA metric against the swept value, with its 95% interval and target, the \
              answer (smallest value meeting every target, or largest load carried) marked, and \
              the design's cost per day.",
}];

/// At most this many reasons are listed for a failing value; the rest are counted.
const REASONS_PER_VALUE: usize = 3;

fn amount(x: Option<f64>, currency: &str) -> String {
    match x {
        Some(x) if currency.is_empty() => format!("{x:.2}"),
        Some(x) => format!("{x:.2} {currency}"),
        None => NONE.into(),
    }
}

/// A number without trailing zeros: 1000 → "1000", 0.25 → "0.25".
fn trim_number(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A point's value with its numeric form when that says more ("Large.1", "1000 Mbps").
fn value_html(p: &PointSummary) -> Markup {
    let numeric = format!("{} {}", trim_number(p.x), p.unit);
    let numeric = numeric.trim();
    let says_more = p.x.is_finite() && numeric.replace(' ', "") != p.value.replace(' ', "");
    html! { (p.value) @if says_more { small { (numeric) } } }
}

/// One flow's or connection's figure in a column of worst figures.
struct Entry<'a> {
    name: &'a str,
    figure: Option<f64>,
    missed: bool,
}

/// The worst figure of a column: (value, whose, whether anyone misses the target).
fn worst<'a>(
    entries: impl Iterator<Item = Entry<'a>>,
    higher_is_worse: bool,
) -> Option<(f64, &'a str, bool)> {
    let mut best: Option<(f64, &str)> = None;
    let mut missed = false;
    for e in entries {
        missed |= e.missed;
        let Some(x) = e.figure.filter(|x| x.is_finite()) else {
            continue;
        };
        let better = match best {
            None => true,
            Some((b, _)) if higher_is_worse => x > b,
            Some((b, _)) => x < b,
        };
        if better {
            best = Some((x, e.name));
        }
    }
    best.map(|(x, name)| (x, name, missed))
}

fn worst_cell(w: Option<(f64, &str, bool)>, unit: Unit, show_name: bool) -> Cell {
    let Some((x, name, missed)) = w else {
        return Cell::text(NONE);
    };
    let cell = Cell::html(html! {
        span.v { (unit.format(x)) }
        @if show_name { small { (name) } }
    });
    if missed { cell.class("miss") } else { cell }
}

fn mean(m: Option<Metric>) -> Option<f64> {
    m.map(|m| m.mean)
}

/// The report page of a sweep summary; the plot is read from `dir`.
pub fn render(s: &SweepSummary, dir: &Path) -> String {
    let h = &s.header;
    let parameter = s.sweep.parameter.as_str();
    let points = &s.sweep.points;
    let passing = points.iter().filter(|p| p.verdict == Verdict::Pass).count();
    let words = match s.verdict {
        Verdict::Pass => format!(
            "meets every SLA target at {passing} of {} values",
            points.len()
        ),
        Verdict::Fail => format!("misses the SLA at every value tried ({})", points.len()),
        Verdict::Inconclusive => "is not yet decided".into(),
        Verdict::NotMeasured => "was not measured".into(),
    };
    let p_html = html! { code { (parameter) } };
    let currency = s.sweep.currency.as_str();
    let lead = if let Some(c) = &s.capacity {
        html! {
            "The smallest " (p_html) " meeting every SLA target is " b { (c.smallest) }
            " (" (trim_number(c.bandwidth_mbps)) " Mbps)"
            @if let Some(x) = c.cost_per_day { ", at " (amount(Some(x), currency)) " per day" }
            "."
        }
    } else if let Some(hr) = &s.headroom {
        html! {
            "The design meets every SLA target up to " (p_html) " = " b { (hr.largest) }
            @match &hr.first_failing {
                Some(f) => { "; at " (f) " a target is missed" },
                None => "; every value tried meets every target",
            }
            "."
        }
    } else if passing > 0 {
        html! {
            (passing) " of " (points.len()) " values of " (p_html) " meet every SLA target \
            (the sweep names no smallest one)."
        }
    } else {
        html! {
            "No value of " (p_html) " tried meets every SLA target; a larger value or another \
            design is needed."
        }
    };
    let items: Vec<Markup> = points
        .iter()
        .filter(|p| p.verdict == Verdict::Fail)
        .map(|p| {
            let why: Vec<Markup> = p
                .flows
                .iter()
                .flat_map(|f| flow_failures(f, h))
                .chain(p.connections.iter().flat_map(|c| connection_failures(c, h)))
                .collect();
            let more = why.len().saturating_sub(REASONS_PER_VALUE);
            html! {
                "At " b { (p.value) } ": "
                @if why.is_empty() { "fails" }
                @for (i, w) in why.iter().take(REASONS_PER_VALUE).enumerate() {
                    @if i > 0 { "; " }
                    (w)
                }
                @if more > 0 { "; and " (more) " more" }
            }
        })
        .collect();
    let body = html! {
        (heading(h, s.verdict, "Capacity sweep", &words))
        (answer(s.verdict, lead, &items))
        (assumptions(h, s.stats.events, FIGURES_NOTE, vec![
            ("Swept parameter", p_html.clone()),
            ("Values tried", html! { (points.len()) }),
        ]))
        (section("values", "Values", points_table(s)))
        (plots_section(dir, &SWEEP_PLOTS, "Plot"))
        (footer(h, &command_line("run", h), "summary.json and sweep.svg"))
    };
    let title = format!(
        "{} — sweep of {parameter} — vpcsim report",
        scenario_name(h)
    );
    page(&title, body)
}

/// One row per swept value: verdict, worst flow figures, connections, failing names, cost.
fn points_table(s: &SweepSummary) -> Markup {
    let points = &s.sweep.points;
    if points.is_empty() {
        return html! { p.note { "The sweep holds no value." } };
    }
    let currency = s.sweep.currency.as_str();
    // What the points' flows (and, for availability, connections) are held to.
    let limits = |m: SlaMetric| {
        let flows = points
            .iter()
            .flat_map(|p| p.flows.iter().map(move |f| f.targets.get(m)));
        let connections = points.iter().flat_map(|p| {
            p.connections
                .iter()
                .filter(move |_| m == SlaMetric::Availability)
                .map(|c| c.targets.min_availability)
        });
        Shared::of(flows.chain(connections))
    };
    let smallest = s.capacity.as_ref().map(|c| c.smallest.as_str());
    let mut table = Table::new(vec![
        html! { "Value" },
        html! { "Verdict" },
        html! { "Worst loss" (TARGETS[0].small(limits(SlaMetric::Loss), "flow")) },
        html! { "Worst jitter" (TARGETS[1].small(limits(SlaMetric::Jitter), "flow")) },
        html! { "Lowest encap." (TARGETS[2].small(limits(SlaMetric::EncapSuccess), "flow")) },
        html! { "Lowest availability" (AVAILABILITY.small(limits(SlaMetric::Availability), "flow or connection")) },
        html! { "Worst p99 delay" small { "ms" } },
        html! { "Busiest connection" small { "utilization" } },
        html! { "Failing" },
        html! { "Cost per day" @if !currency.is_empty() { small { (currency) } } },
    ])
    .numeric(&[2, 3, 4, 5, 6, 7, 9]);
    for p in points {
        let chosen = smallest == Some(p.value.as_str());
        let several = p.flows.len() > 1;
        let flow_column = |k: usize, higher_is_worse: bool| {
            let t = &TARGETS[k];
            worst(
                p.flows.iter().map(|f| Entry {
                    name: &f.name,
                    figure: mean(t.of_flow(f)),
                    missed: t.compliance(&f.compliance).is_some_and(|c| !c.met),
                }),
                higher_is_worse,
            )
        };
        let availability = worst(
            p.flows
                .iter()
                .map(|f| Entry {
                    name: &f.name,
                    figure: mean(f.availability),
                    missed: f.compliance.availability.is_some_and(|c| !c.met),
                })
                .chain(p.connections.iter().map(|c| Entry {
                    name: &c.name,
                    figure: mean(c.availability),
                    missed: c.compliance.availability.is_some_and(|c| !c.met),
                })),
            false,
        );
        let p99 = worst(
            p.flows.iter().map(|f| Entry {
                name: &f.name,
                figure: mean(f.delay_ms.p99),
                missed: false,
            }),
            true,
        );
        let busiest = worst(
            p.connections.iter().map(|c| Entry {
                name: &c.name,
                figure: mean(c.utilization),
                missed: false,
            }),
            true,
        );
        let failing: Vec<&str> = p
            .flows
            .iter()
            .filter(|f| f.verdict == Verdict::Fail)
            .map(|f| f.name.as_str())
            .chain(
                p.connections
                    .iter()
                    .filter(|c| c.verdict == Verdict::Fail)
                    .map(|c| c.name.as_str()),
            )
            .collect();
        let cells = vec![
            Cell::html(html! {
                (value_html(p))
                @if chosen { small { "smallest meeting every target" } }
            })
            .class("name"),
            Cell::html(verdict_badge(p.verdict)),
            worst_cell(flow_column(0, true), Unit::Percent(3), several),
            worst_cell(flow_column(1, true), Unit::Percent(2), several),
            worst_cell(flow_column(2, false), Unit::Percent(3), several),
            worst_cell(availability, Unit::Percent(4), true),
            worst_cell(p99, Unit::Ms(3), several),
            worst_cell(busiest, Unit::Percent(2), true),
            Cell::text(&if failing.is_empty() {
                NONE.to_string()
            } else {
                failing.join(", ")
            }),
            Cell::text(&amount(p.cost_per_day, "")),
        ];
        let class = if chosen { "chosen" } else { p.verdict.as_str() };
        table.row_with_class(class, cells);
    }
    html! {
        (table)
        p.note {
            "Each figure is the worst mean over the value's flows (for availability, its flows \
             and connections), with the flow or connection it belongs to; red marks a target \
             missed at that value. Each value's full result, with its own plots, is in "
            code { "sweep/<k>_<value>/" } " of the result folder."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(trim_number(1000.0), "1000");
        assert_eq!(trim_number(0.25), "0.25");
    }

    #[test]
    fn the_worst_figure_names_its_owner_and_any_miss() {
        let entries = [
            ("a", Some(0.1), false),
            ("b", Some(0.3), false),
            ("c", None, true),
        ];
        let it = || {
            entries.iter().map(|(n, x, m)| Entry {
                name: n,
                figure: *x,
                missed: *m,
            })
        };
        assert_eq!(worst(it(), true), Some((0.3, "b", true)));
        assert_eq!(worst(it(), false), Some((0.1, "a", true)));
    }
}
