//! The report of an N-1 analysis: every single failure tried, the ones the design does not
//! survive first with the flows that break and why, then a matrix of cases × flows.

use super::common::{answer, assumptions, command_line, footer, heading, scenario_name};
use super::figures::{Unit, target_text};
use super::kit::{NONE, page, section, verdict_badge};
use super::plots::{Plot, plots_section};
use super::table::{Cell, Table};
use crate::plan::n1::{CaseFlow, CaseSummary};
use crate::report::summary::N1Summary;
use crate::sla::judge::Verdict;
use crate::sla::metric::SlaMetric;
use maud::{Markup, html};
use std::path::Path;

/// The plot of an N-1 folder (it may be absent).
pub const N1_PLOTS: [Plot; 1] = [Plot {
    file: "n1.svg",
    title: "Flows under each single failure",
    caption: "One row per case, one column per flow: ✓ pass, or ✗ fail with why (no path, \
              the loss and its main cause, the jitter).",
}];

/// The case with nothing failed.
const BASELINE: &str = "none";

/// A case in words: "none" → "No failure (baseline)", "link:A/B" → "Backbone link A/B
/// fails", and so on; an unknown form is shown as written.
pub fn case_label(case: &str) -> String {
    if case == BASELINE {
        return "No failure (baseline)".into();
    }
    let Some((kind, name)) = case.split_once(':') else {
        return case.to_string();
    };
    let what = match kind {
        "link" => "Backbone link",
        "physical_connection" => "Leased line",
        "vbr" => "Virtual border router",
        "connection" => "Connection",
        _ => return case.to_string(),
    };
    format!("{what} {name} fails")
}

fn case_cell(case: &str) -> Markup {
    let label = case_label(case);
    html! {
        @if label == case { (case) } @else { (label) small { code { (case) } } }
    }
}

/// The targets of `f` its figures miss: loss and jitter, the two an N-1 case measures.
fn over_target(f: &CaseFlow) -> Vec<(SlaMetric, f64, f64)> {
    [(SlaMetric::Loss, f.loss), (SlaMetric::Jitter, f.jitter)]
        .into_iter()
        .filter_map(|(m, v)| {
            let (v, t) = (v?, f.targets.get(m)?);
            (!m.meets(v, t)).then_some((m, v, t))
        })
        .collect()
}

/// Why a flow breaks in a case, as short phrases: unreachable with the reason, or the
/// figures over their targets, or the reason given.
pub fn why(f: &CaseFlow) -> Vec<String> {
    let reason = f.reason.as_deref().filter(|r| !r.is_empty());
    if !f.reachable {
        return vec![match reason {
            Some(r) => format!("unreachable: {r}"),
            None => "unreachable".into(),
        }];
    }
    let mut out: Vec<String> = over_target(f)
        .into_iter()
        .map(|(m, v, t)| {
            let digits = if m == SlaMetric::Jitter { 2 } else { 3 };
            format!(
                "{} {} {} {}",
                m.words(),
                Unit::Percent(digits).format(v),
                m.bound().miss_op(),
                target_text(t)
            )
        })
        .collect();
    out.extend(reason.map(str::to_string));
    if out.is_empty() && f.verdict == Verdict::Fail {
        out.push("misses a target".into());
    }
    out
}

/// The one-word reason of a failed matrix cell.
fn why_word(f: &CaseFlow) -> &'static str {
    if !f.reachable {
        return "unreachable";
    }
    let over: Vec<SlaMetric> = over_target(f).into_iter().map(|(m, _, _)| m).collect();
    match (
        over.contains(&SlaMetric::Loss),
        over.contains(&SlaMetric::Jitter),
    ) {
        (true, true) => "loss, jitter",
        (true, false) => "loss",
        (false, true) => "jitter",
        (false, false) => "",
    }
}

fn failing_flows(c: &CaseSummary) -> impl Iterator<Item = &CaseFlow> {
    c.flows.iter().filter(|f| f.verdict == Verdict::Fail)
}

/// The report page of an N-1 summary; the plot is read from `dir`.
pub fn render(s: &N1Summary, dir: &Path) -> String {
    let h = &s.header;
    let cases = &s.cases;
    let is_fail = |c: &&CaseSummary| c.verdict == Verdict::Fail;
    let failures = cases.iter().filter(|c| c.case != BASELINE).count();
    let failing: Vec<&CaseSummary> = cases.iter().filter(is_fail).collect();
    let failing_failures = failing.iter().filter(|c| c.case != BASELINE).count();
    let baseline_fails = failing.iter().any(|c| c.case == BASELINE);
    let words = match s.verdict {
        Verdict::Pass => {
            format!("meets every SLA target under each of {failures} single failures")
        }
        Verdict::Fail if baseline_fails => format!(
            "misses the SLA even with nothing failed, and under {failing_failures} of \
             {failures} single failures"
        ),
        Verdict::Fail => {
            format!("misses the SLA under {failing_failures} of {failures} single failures")
        }
        Verdict::Inconclusive => "is not yet decided".into(),
        Verdict::NotMeasured => "was not measured".into(),
    };
    let lead = match s.verdict {
        Verdict::Pass => format!(
            "Yes. Every flow meets every SLA target with nothing failed and with any one of the \
             {failures} elements tested failed."
        ),
        Verdict::Fail => format!(
            "No. The design does not survive {} of the {} cases tested; the flows that break:",
            failing.len(),
            cases.len()
        ),
        _ => "No verdict yet: some case has a flow that was not measured or not decided.".into(),
    };
    let items: Vec<Markup> = failing
        .iter()
        .map(|c| {
            html! {
                b { (case_label(&c.case)) } ": "
                @if failing_flows(c).next().is_none() { "fails" }
                @for (i, f) in failing_flows(c).enumerate() {
                    @if i > 0 { "; " }
                    b { (f.flow) } " " (why(f).join("; "))
                }
            }
        })
        .collect();
    let cases_fact = format!(
        "{} ({failures} single failures{})",
        cases.len(),
        if failures < cases.len() {
            " and the baseline"
        } else {
            ""
        }
    );
    let body = html! {
        (heading(h, s.verdict, "N-1 analysis: one failure at a time", &words))
        (answer(s.verdict, html! { (lead) }, &items))
        (assumptions(
            h,
            s.stats.events,
            "Loss, jitter and delay below are each case's means over its replications; a case \
             fails when any flow misses a target in it.",
            vec![("Cases", html! { (cases_fact) })],
        ))
        @if !failing.is_empty() {
            (section("failing", "Failures the design does not survive", failing_html(&failing)))
        }
        (section("matrix", "Every case × every flow", matrix(cases)))
        (plots_section(dir, &N1_PLOTS, "Plot"))
        (footer(h, &command_line("n1", h), "summary.json and n1.svg when present"))
    };
    let title = format!("{} — N-1 — vpcsim report", scenario_name(h));
    page(&title, body)
}

/// For each failing case, the flows that break with why and their figures.
fn failing_html(failing: &[&CaseSummary]) -> Markup {
    html! {
        @for c in failing {
            @let label = case_label(&c.case);
            h3 {
                (verdict_badge(c.verdict)) " " (label)
                @if label != c.case { span.case-code { (c.case) } }
            }
            @let table = breaks(c);
            @if table.is_empty() {
                p.note { "The case fails, but names no failing flow." }
            } @else {
                (table)
            }
        }
    }
}

/// The flows that break in a case: why, and their loss, jitter and mean delay.
fn breaks(c: &CaseSummary) -> Table {
    let opt = |x: Option<f64>, unit: Unit| x.map_or(NONE.into(), |x| unit.format(x));
    let mut table = Table::new(vec![
        html! { "Flow" },
        html! { "Why it breaks" },
        html! { "Loss" },
        html! { "Jitter" },
        html! { "Mean delay" small { "ms" } },
    ])
    .class("breaks")
    .numeric(&[2, 3, 4]);
    for f in failing_flows(c) {
        table.row_with_class(
            "fail",
            vec![
                Cell::text(&f.flow).class("name"),
                Cell::text(&why(f).join("; ")),
                Cell::text(&opt(f.loss, Unit::Percent(3))),
                Cell::text(&opt(f.jitter, Unit::Percent(2))),
                Cell::text(&opt(f.delay_mean_ms, Unit::Ms(3))),
            ],
        );
    }
    table
}

/// The compact matrix: one row per case, one column per flow, pass/FAIL cells.
fn matrix(cases: &[CaseSummary]) -> Markup {
    if cases.is_empty() {
        return html! { p.note { "The summary holds no case." } };
    }
    let mut flows: Vec<&str> = Vec::new();
    for c in cases {
        for f in &c.flows {
            if !flows.contains(&f.flow.as_str()) {
                flows.push(&f.flow);
            }
        }
    }
    let mut head = vec![html! { span { "Case" } }, html! { "Verdict" }];
    head.extend(flows.iter().map(|f| html! { (f) }));
    let mut table = Table::new(head).class("matrix");
    for c in cases {
        let mut cells = vec![
            Cell::html(case_cell(&c.case)).class("rowhead"),
            Cell::html(verdict_badge(c.verdict)),
        ];
        for name in &flows {
            cells.push(match c.flows.iter().find(|f| f.flow == *name) {
                None => Cell::text(NONE).class("cell-na"),
                Some(f) => match f.verdict {
                    Verdict::Pass => Cell::text("pass").class("cell-pass"),
                    Verdict::Fail => {
                        let word = why_word(f);
                        Cell::html(html! {
                            span title=(why(f).join("; ")) {
                                "FAIL" @if !word.is_empty() { small { (word) } }
                            }
                        })
                        .class("cell-fail")
                    }
                    other => Cell::html(verdict_badge(other)).class("cell-na"),
                },
            });
        }
        table.row(cells);
    }
    html! {
        (table)
        p.note {
            "A cell is the flow's verdict with that one element failed for the whole simulated \
             window; “—” marks a flow the case does not report."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(reachable: bool, loss: Option<f64>, jitter: Option<f64>, reason: &str) -> CaseFlow {
        CaseFlow {
            flow: "a".into(),
            verdict: Verdict::Fail,
            loss,
            jitter,
            delay_mean_ms: None,
            reachable,
            reason: Some(reason.into()).filter(|r: &String| !r.is_empty()),
            loss_cause: None,
            targets: crate::sla::targets::promised(crate::scenario::ConnectionType::ExpressConnect),
        }
    }

    #[test]
    fn cases_are_put_in_words() {
        assert_eq!(case_label("none"), "No failure (baseline)");
        assert_eq!(
            case_label("link:cn-hangzhou/cn-shanghai"),
            "Backbone link cn-hangzhou/cn-shanghai fails"
        );
        assert_eq!(
            case_label("vbr:vbr-sh"),
            "Virtual border router vbr-sh fails"
        );
        assert_eq!(case_label("zone:a"), "zone:a");
    }

    #[test]
    fn why_names_unreachable_and_figures_over_target() {
        let f = flow(false, Some(1.0), None, "no route");
        assert_eq!(why(&f), ["unreachable: no route"]);
        let f = flow(true, Some(0.05), Some(0.3), "");
        assert_eq!(why(&f), ["loss 5.000% ≥ 0.2%", "jitter 30.00% > 20%"]);
        assert_eq!(why_word(&f), "loss, jitter");
    }
}
