//! The page of a comparison of two designs: the answer, the verdicts side by side, every
//! metric with both intervals and whether they overlap, the costs and what regressed.

use super::kit::{NONE, Table, escape, facts, page, section, verdict_badge, verdict_class};
use crate::report::compare::{Change, Comparison, Figure, Subject};

fn unit_of(metric: &str) -> (f64, &'static str, usize) {
    if metric.starts_with("delay_ms") {
        (1.0, " ms", 3)
    } else {
        (100.0, "%", 4)
    }
}

fn figure_html(metric: &str, f: Option<Figure>) -> String {
    let Some(f) = f else { return NONE.into() };
    let (k, unit, d) = unit_of(metric);
    format!(
        "{:.d$}{unit}<small> [{:.d$}, {:.d$}]</small>",
        f.mean * k,
        f.ci95[0] * k,
        f.ci95[1] * k
    )
}

fn change_html(c: Change) -> &'static str {
    match c {
        Change::Same => "same",
        Change::Better => "<b class=\"pass\">better</b>",
        Change::Worse => "<b class=\"fail\">worse</b>",
        Change::Moved => "moved",
        Change::Unmatched => "one side only",
    }
}

fn subjects_html(list: &[Subject]) -> String {
    let mut t = Table::new(&[
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
    for s in list {
        let badge = |v: &Option<crate::sla::judge::Verdict>| match v {
            Some(v) => verdict_badge(Some(v.as_str())),
            None => "not in this design".into(),
        };
        if s.metrics.is_empty() {
            t.row(vec![
                escape(&s.name),
                badge(&s.verdict_a),
                badge(&s.verdict_b),
                NONE.into(),
                NONE.into(),
                NONE.into(),
                NONE.into(),
                NONE.into(),
            ]);
        }
        for (k, r) in s.metrics.iter().enumerate() {
            let first = k == 0;
            t.row(vec![
                if first {
                    escape(&s.name)
                } else {
                    String::new()
                },
                if first {
                    badge(&s.verdict_a)
                } else {
                    String::new()
                },
                if first {
                    badge(&s.verdict_b)
                } else {
                    String::new()
                },
                escape(&r.metric),
                figure_html(&r.metric, r.a),
                figure_html(&r.metric, r.b),
                r.overlap
                    .map_or(NONE.into(), |o| if o { "yes" } else { "no" }.to_string()),
                change_html(r.change).to_string(),
            ]);
        }
    }
    t.to_html()
}

/// A design's line: its label, verdict and, when run here, a link to its own report.
fn design(label: &str, verdict: &str, folder: Option<&str>) -> String {
    let link = folder.map_or(String::new(), |f| {
        format!(" · <a href=\"{f}/report.html\">its report</a>")
    });
    format!("{} {}{link}", escape(label), verdict_badge(Some(verdict)))
}

/// The whole page. `runs_here[k]` says that side was run by the comparison, so its own
/// report sits in `a/` or `b/` beside the page.
pub fn render(c: &Comparison, runs_here: [bool; 2]) -> String {
    let regressed = !c.regressions.is_empty();
    let cls = verdict_class(Some(if regressed { "fail" } else { "pass" }));
    let mut body = format!(
        "<header class=\"head {cls}\">\n<div class=\"kicker\">vpcsim · comparison</div>\n\
         <h1>{} <small>against</small> {}</h1>\n<div class=\"verdict-line\">\
         <span class=\"verdict-words\">{}</span></div>\n</header>\n",
        escape(&c.b),
        escape(&c.a),
        if regressed {
            "B regresses against A"
        } else {
            "B does not regress against A"
        }
    );
    let mut answer = format!(
        "<section class=\"answer {cls}\" id=\"answer\">\n<h2>Answer</h2>\n<p class=\"lead\">{}</p>\n",
        escape(&c.answer)
    );
    if regressed {
        answer.push_str("<ul>\n");
        for r in &c.regressions {
            answer.push_str(&format!("<li>{}</li>\n", escape(r)));
        }
        answer.push_str("</ul>\n");
    }
    answer.push_str("</section>\n");
    body.push_str(&answer);
    let amount = |x: Option<f64>, cur: &Option<String>| match x {
        Some(x) => format!("{x:.2} {}", escape(cur.as_deref().unwrap_or_default())),
        None => "not known (an item has no price)".into(),
    };
    body.push_str(&section(
        "designs",
        "Designs",
        &facts(&[
            (
                "A",
                design(&c.a, c.verdict_a.as_str(), runs_here[0].then_some("a")),
            ),
            (
                "B",
                design(&c.b, c.verdict_b.as_str(), runs_here[1].then_some("b")),
            ),
            (
                "Cost of A per day",
                amount(c.cost.per_day_a, &c.cost.currency_a),
            ),
            (
                "Cost of B per day",
                amount(c.cost.per_day_b, &c.cost.currency_b),
            ),
            (
                "B − A per day",
                c.cost
                    .difference
                    .map_or(NONE.into(), |d| format!("{d:+.2}")),
            ),
        ]),
    ));
    if !c.flows.is_empty() {
        body.push_str(&section("flows", "Flows", &subjects_html(&c.flows)));
    }
    if !c.connections.is_empty() {
        body.push_str(&section(
            "connections",
            "Connections",
            &subjects_html(&c.connections),
        ));
    }
    body.push_str(&section(
        "method",
        "How the designs are compared",
        "<p>Each metric is the mean over replications with its 95% interval. A metric counts as \
         better or worse only when the two intervals do not overlap and the change exceeds the \
         tolerance; utilization is shown, never judged. B regresses against A when a flow or \
         connection that passes in A fails in B, one of A's is missing from B, or a metric is \
         worse.</p>\n",
    ));
    page(&format!("{} against {}", c.b, c.a), &body)
}
