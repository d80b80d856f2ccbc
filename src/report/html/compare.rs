//! The page of a comparison of two designs: the answer, the verdicts side by side, every
//! metric with both intervals and whether they overlap, the costs and what regressed.

use super::kit::{NONE, facts, page, section, verdict_badge, with_verdict_class};
use super::table::Table;
use crate::report::compare::{Change, Comparison, Figure, Subject};
use crate::sla::judge::Verdict;
use maud::{Markup, html};

/// The scale, unit and decimals of a compared metric.
fn unit_of(metric: &str) -> (f64, &'static str, usize) {
    if metric.starts_with("delay_ms") {
        (1.0, " ms", 3)
    } else {
        (100.0, "%", 4)
    }
}

fn figure_html(metric: &str, f: Option<Figure>) -> Markup {
    let Some(f) = f else {
        return html! { (NONE) };
    };
    let (k, unit, d) = unit_of(metric);
    html! {
        (format!("{:.d$}{unit}", f.mean * k))
        small { (format!(" [{:.d$}, {:.d$}]", f.ci95[0] * k, f.ci95[1] * k)) }
    }
}

fn change_html(c: Change) -> Markup {
    match c {
        Change::Same => html! { "same" },
        Change::Better => html! { b.pass { "better" } },
        Change::Worse => html! { b.fail { "worse" } },
        Change::Moved => html! { "moved" },
        Change::Unmatched => html! { "one side only" },
    }
}

fn side_badge(v: Option<Verdict>) -> Markup {
    match v {
        Some(v) => verdict_badge(v),
        None => html! { "not in this design" },
    }
}

fn subjects_html(list: &[Subject]) -> Table {
    let mut t = Table::with_heads(&[
        "Name",
        "A",
        "B",
        "Metric",
        "A: mean [95% interval]",
        "B: mean [95% interval]",
        "Intervals overlap",
        "B against A",
    ])
    .numeric(&[4, 5]);
    let none = || html! { (NONE) };
    for s in list {
        if s.metrics.is_empty() {
            t.row(vec![
                html! { (s.name) },
                side_badge(s.verdict_a),
                side_badge(s.verdict_b),
                none(),
                none(),
                none(),
                none(),
                none(),
            ]);
        }
        for (k, r) in s.metrics.iter().enumerate() {
            let first = k == 0;
            t.row(vec![
                if first {
                    html! { (s.name) }
                } else {
                    html! {}
                },
                if first {
                    side_badge(s.verdict_a)
                } else {
                    html! {}
                },
                if first {
                    side_badge(s.verdict_b)
                } else {
                    html! {}
                },
                html! { (r.metric) },
                figure_html(&r.metric, r.a),
                figure_html(&r.metric, r.b),
                html! { (r.overlap.map_or(NONE, |o| if o { "yes" } else { "no" })) },
                change_html(r.change),
            ]);
        }
    }
    t
}

/// A design's line: its label, verdict and, when run here, a link to its own report in the
/// sub-folder `folder` (a constant, "a" or "b").
fn design(label: &str, verdict: Verdict, folder: Option<&'static str>) -> Markup {
    html! {
        (label) " " (verdict_badge(verdict))
        @if let Some(f) = folder {
            " · " a href=(format!("{f}/report.html")) { "its report" }
        }
    }
}

/// The whole page. `runs_here[k]` says that side was run by the comparison, so its own
/// report sits in `a/` or `b/` beside the page.
pub fn render(c: &Comparison, runs_here: [bool; 2]) -> String {
    let regressed = !c.regressions.is_empty();
    let verdict = if regressed {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    let amount = |x: Option<f64>, cur: &Option<String>| match x {
        Some(x) => format!("{x:.2} {}", cur.as_deref().unwrap_or_default()),
        None => "not known (an item has no price)".into(),
    };
    let designs = facts(&[
        ("A", design(&c.a, c.verdict_a, runs_here[0].then_some("a"))),
        ("B", design(&c.b, c.verdict_b, runs_here[1].then_some("b"))),
        (
            "Cost of A per day",
            html! { (amount(c.cost.per_day_a, &c.cost.currency_a)) },
        ),
        (
            "Cost of B per day",
            html! { (amount(c.cost.per_day_b, &c.cost.currency_b)) },
        ),
        (
            "B − A per day",
            html! { (c.cost.difference.map_or(NONE.into(), |d| format!("{d:+.2}"))) },
        ),
    ]);
    let body = html! {
        header class=(with_verdict_class("head", verdict)) {
            div.kicker { "vpcsim · comparison" }
            h1 { (c.b) " " small { "against" } " " (c.a) }
            div.verdict-line {
                span.verdict-words {
                    @if regressed { "B regresses against A" } @else { "B does not regress against A" }
                }
            }
        }
        section #answer class=(with_verdict_class("answer", verdict)) {
            h2 { "Answer" }
            p.lead { (c.answer) }
            @if regressed {
                ul { @for r in &c.regressions { li { (r) } } }
            }
        }
        (section("designs", "Designs", designs))
        @if !c.flows.is_empty() {
            (section("flows", "Flows", html! { (subjects_html(&c.flows)) }))
        }
        @if !c.connections.is_empty() {
            (section("connections", "Connections", html! { (subjects_html(&c.connections)) }))
        }
        (section("method", "How the designs are compared", html! {
            p {
                "Each metric is the mean over replications with its 95% interval. A metric \
                 counts as better or worse only when the two intervals do not overlap and the \
                 change exceeds the tolerance; utilization is shown, never judged. B regresses \
                 against A when a flow or connection that passes in A fails in B, one of A's is \
                 missing from B, or a metric is worse."
            }
        }))
    };
    page(&format!("{} against {}", c.b, c.a), body)
}
