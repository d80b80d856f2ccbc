//! The report of an N-1 analysis: every single failure tried, the ones the design does not
//! survive first with the flows that break and why, then a matrix of cases × flows.

use super::common::{
    Plot, answer, assumptions, footer, heading, plots_section, run_command, scenario_name,
};
use super::kit::{
    Cell, NONE, Table, Unit, escape, num, page, section, str_of, target_text, verdict_badge,
};
use serde_json::Value;
use std::fmt::Write;
use std::path::Path;

/// The plot of an N-1 folder (it may be absent).
pub const N1_PLOTS: [Plot; 1] = [Plot {
    file: "n1.svg",
    title: "Flows under each single failure",
    caption: "One row per case, one column per flow: ✓ pass, or ✗ fail with why (no path, \
              the loss and its main cause, the jitter).",
}];

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A case in words: "none" → "No failure (baseline)", "link:A/B" → "Backbone link A/B
/// fails", and so on; an unknown form is shown as written. Plain text.
pub fn case_label(case: &str) -> String {
    if case == "none" {
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

fn case_cell(case: &str) -> String {
    let label = case_label(case);
    if label == case {
        escape(case)
    } else {
        format!(
            "{}<small><code>{}</code></small>",
            escape(&label),
            escape(case)
        )
    }
}

fn flow_name(f: &Value) -> &str {
    str_of(f.get("flow"))
        .or_else(|| str_of(f.get("name")))
        .unwrap_or("?")
}

/// Why a flow breaks in a case, as short phrases (plain text): unreachable with the reason,
/// or the figures over their targets, or the reason given.
pub fn why(f: &Value, sla: &Value) -> Vec<String> {
    let reason = str_of(f.get("reason")).filter(|r| !r.is_empty());
    if f.get("reachable").and_then(Value::as_bool) == Some(false) {
        return vec![match reason {
            Some(r) => format!("unreachable: {r}"),
            None => "unreachable".into(),
        }];
    }
    let mut out = Vec::new();
    if let (Some(l), Some(max)) = (num(f.get("loss")), num(sla.get("max_loss")))
        && l >= max
    {
        out.push(format!(
            "loss {} ≥ {}",
            Unit::Percent(3).format(l),
            target_text(Some(max))
        ));
    }
    if let (Some(j), Some(max)) = (num(f.get("jitter")), num(sla.get("max_jitter")))
        && j > max
    {
        out.push(format!(
            "jitter {} > {}",
            Unit::Percent(2).format(j),
            target_text(Some(max))
        ));
    }
    if let Some(r) = reason {
        out.push(r.to_string());
    }
    if out.is_empty() && str_of(f.get("verdict")) == Some("fail") {
        out.push("misses a target".into());
    }
    out
}

/// The one-word reason of a failed matrix cell.
fn why_word(f: &Value, sla: &Value) -> &'static str {
    if f.get("reachable").and_then(Value::as_bool) == Some(false) {
        return "unreachable";
    }
    let over = |key: &str, limit: &str, strict: bool| matches!((num(f.get(key)), num(sla.get(limit))), (Some(x), Some(m)) if if strict { x >= m } else { x > m });
    match (
        over("loss", "max_loss", true),
        over("jitter", "max_jitter", false),
    ) {
        (true, true) => "loss, jitter",
        (true, false) => "loss",
        (false, true) => "jitter",
        (false, false) => "",
    }
}

/// The report page of an N-1 summary.
pub fn render(s: &Value, dir: &Path) -> String {
    let cases = array(s, "cases");
    let sla = s.get("sla").unwrap_or(&Value::Null);
    let verdict = str_of(s.get("verdict"));
    let is_fail = |c: &Value| str_of(c.get("verdict")) == Some("fail");
    let is_baseline = |c: &Value| str_of(c.get("case")) == Some("none");
    let failures: Vec<&Value> = cases.iter().filter(|c| !is_baseline(c)).collect();
    let failing: Vec<&Value> = cases.iter().filter(|c| is_fail(c)).collect();
    let failing_failures = failures.iter().filter(|c| is_fail(c)).count();
    let baseline_fails = cases.iter().any(|c| is_baseline(c) && is_fail(c));
    let words = match verdict {
        Some("pass") => format!(
            "meets every SLA target under each of {} single failures",
            failures.len()
        ),
        Some("fail") if baseline_fails => format!(
            "misses the SLA even with nothing failed, and under {failing_failures} of {} \
             single failures",
            failures.len()
        ),
        Some("fail") => format!(
            "misses the SLA under {failing_failures} of {} single failures",
            failures.len()
        ),
        _ => "verdict unknown".into(),
    };
    let lead = match verdict {
        Some("pass") => format!(
            "Yes. Every flow meets every SLA target with nothing failed and with any one of the \
             {} elements tested failed.",
            failures.len()
        ),
        Some("fail") => format!(
            "No. The design does not survive {} of the {} cases tested; the flows that break:",
            failing.len(),
            cases.len()
        ),
        _ => "The summary holds no verdict.".into(),
    };
    let items: Vec<String> = failing
        .iter()
        .map(|c| {
            let case = str_of(c.get("case")).unwrap_or("?");
            let broken: Vec<String> = array(c, "flows")
                .iter()
                .filter(|f| str_of(f.get("verdict")) == Some("fail"))
                .map(|f| {
                    format!(
                        "<b>{}</b> {}",
                        escape(flow_name(f)),
                        escape(&why(f, sla).join("; "))
                    )
                })
                .collect();
            format!(
                "<b>{}</b>: {}",
                escape(&case_label(case)),
                if broken.is_empty() {
                    "fails".to_string()
                } else {
                    broken.join("; ")
                }
            )
        })
        .collect();

    let mut body = heading(s, "N-1 analysis: one failure at a time", &words);
    body.push_str(&answer(verdict, &lead, &items));
    body.push_str(&assumptions(
        s,
        "<p class=\"note\">Loss, jitter and delay below are each case's means over its \
         replications; a case fails when any flow misses a target in it.</p>\n",
        &[(
            "Cases",
            format!(
                "{} ({} single failures{})",
                cases.len(),
                failures.len(),
                if failures.len() < cases.len() {
                    " and the baseline"
                } else {
                    ""
                }
            ),
        )],
    ));
    if !failing.is_empty() {
        body.push_str(&section(
            "failing",
            "Failures the design does not survive",
            &failing_html(&failing, sla),
        ));
    }
    body.push_str(&section(
        "matrix",
        "Every case × every flow",
        &matrix(cases, sla),
    ));
    body.push_str(&plots_section(dir, &N1_PLOTS, "Plot"));
    let command = str_of(s.get("command"))
        .map(escape)
        .unwrap_or_else(|| run_command(s));
    body.push_str(&footer(s, &command, "summary.json and n1.svg when present"));
    let title = format!("{} — N-1 — vpcsim report", scenario_name(s));
    page(&title, &body)
}

/// For each failing case, the flows that break with why and their figures.
fn failing_html(failing: &[&Value], sla: &Value) -> String {
    let mut o = String::new();
    for c in failing {
        let case = str_of(c.get("case")).unwrap_or("?");
        let label = case_label(case);
        let code = if label == case {
            String::new()
        } else {
            format!("<span class=\"case-code\">{}</span>", escape(case))
        };
        let _ = writeln!(
            o,
            "<h3>{} {}{code}</h3>",
            verdict_badge(str_of(c.get("verdict"))),
            escape(&label)
        );
        let mut table = Table::new(&[
            "Flow",
            "Why it breaks",
            "Loss",
            "Jitter",
            "Mean delay<small>ms</small>",
        ])
        .class("breaks")
        .numeric(&[2, 3, 4]);
        for f in array(c, "flows")
            .iter()
            .filter(|f| str_of(f.get("verdict")) == Some("fail"))
        {
            table.row_with_class(
                "fail",
                vec![
                    Cell::text(flow_name(f)).class("name"),
                    Cell::text(&why(f, sla).join("; ")),
                    Cell::html(opt(num(f.get("loss")), Unit::Percent(3))),
                    Cell::html(opt(num(f.get("jitter")), Unit::Percent(2))),
                    Cell::html(opt(num(f.get("delay_mean_ms")), Unit::Ms(3))),
                ],
            );
        }
        if table.is_empty() {
            o.push_str("<p class=\"note\">The case fails, but names no failing flow.</p>\n");
        } else {
            o.push_str(&table.to_html());
        }
    }
    o
}

fn opt(x: Option<f64>, unit: Unit) -> String {
    x.map_or(NONE.into(), |x| unit.format(x))
}

/// The compact matrix: one row per case, one column per flow, pass/FAIL cells.
fn matrix(cases: &[Value], sla: &Value) -> String {
    if cases.is_empty() {
        return "<p class=\"note\">The summary holds no case.</p>\n".into();
    }
    let mut flows: Vec<&str> = Vec::new();
    for c in cases {
        for f in array(c, "flows") {
            let n = flow_name(f);
            if !flows.contains(&n) {
                flows.push(n);
            }
        }
    }
    let mut head = vec!["<span>Case</span>".to_string(), "Verdict".to_string()];
    head.extend(flows.iter().map(|f| escape(f)));
    let mut table = Table::new(&head).class("matrix");
    for c in cases {
        let mut cells = vec![
            Cell::html(case_cell(str_of(c.get("case")).unwrap_or("?"))).class("rowhead"),
            Cell::html(verdict_badge(str_of(c.get("verdict")))),
        ];
        let list = array(c, "flows");
        for name in &flows {
            let cell = match list.iter().find(|f| flow_name(f) == *name) {
                None => Cell::html(NONE).class("cell-na"),
                Some(f) => match str_of(f.get("verdict")) {
                    Some("pass") => Cell::html("pass").class("cell-pass"),
                    Some("fail") => {
                        let word = why_word(f, sla);
                        let title = escape(&why(f, sla).join("; "));
                        let html = if word.is_empty() {
                            format!("<span title=\"{title}\">FAIL</span>")
                        } else {
                            format!("<span title=\"{title}\">FAIL<small>{word}</small></span>")
                        };
                        Cell::html(html).class("cell-fail")
                    }
                    other => Cell::html(verdict_badge(other)).class("cell-na"),
                },
            };
            cells.push(cell);
        }
        table.row(cells);
    }
    let mut o = table.to_html();
    o.push_str(
        "<p class=\"note\">A cell is the flow's verdict with that one element failed for the \
         whole simulated window; “—” marks a flow the case does not report.</p>\n",
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        let sla = json!({"max_loss": 0.002, "max_jitter": 0.2});
        let f = json!({"flow": "a", "verdict": "fail", "reachable": false, "reason": "no route"});
        assert_eq!(why(&f, &sla), ["unreachable: no route"]);
        let f = json!({"flow": "a", "verdict": "fail", "reachable": true, "loss": 0.05,
                       "jitter": 0.3, "reason": null});
        assert_eq!(why(&f, &sla), ["loss 5.000% ≥ 0.2%", "jitter 30.00% > 20%"]);
        assert_eq!(why_word(&f, &sla), "loss, jitter");
    }
}
