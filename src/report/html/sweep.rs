//! The report of a sweep: the capacity answer, one row per swept value with its worst flow
//! figures and cost, and the sweep plot.

use super::common::{
    FIGURES_NOTE, Plot, TARGETS, answer, assumptions, connection_failures, flow_failures, footer,
    heading, plots_section, run_command, scenario_name,
};
use super::kit::{Cell, NONE, Table, Unit, escape, num, page, section, str_of, verdict_badge};
use serde_json::Value;
use std::fmt::Write;
use std::path::Path;

/// The plot of a sweep folder.
pub const SWEEP_PLOTS: [Plot; 1] = [Plot {
    file: "sweep.svg",
    title: "SLA metrics against the swept parameter",
    caption: "Every SLA metric against the swept value, with the targets and the smallest \
              value meeting every target marked.",
}];

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The currency of amounts, when the summary names one.
fn currency(s: &Value) -> Option<String> {
    str_of(s.get("currency"))
        .or_else(|| str_of(s.get("cost").and_then(|c| c.get("currency"))))
        .map(escape)
}

fn amount(x: Option<f64>, currency: Option<&str>) -> String {
    match (x, currency) {
        (Some(x), Some(c)) => format!("{x:.2} {c}"),
        (Some(x), None) => format!("{x:.2}"),
        (None, _) => NONE.into(),
    }
}

/// A point's value with its numeric form when that says more ("Large.1", "1000 Mbps").
fn value_html(p: &Value) -> String {
    let value = str_of(p.get("value")).unwrap_or("?");
    let mut o = escape(value);
    if let Some(x) = num(p.get("x")) {
        let unit = str_of(p.get("unit")).unwrap_or("");
        let numeric = format!("{} {}", trim_number(x), unit);
        let numeric = numeric.trim();
        if numeric.replace(' ', "") != value.replace(' ', "") {
            let _ = write!(o, "<small>{}</small>", escape(numeric));
        }
    }
    o
}

fn trim_number(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The worst of one figure over a point's flows: (value, flow name, missed).
fn worst(
    flows: &[Value],
    figure: impl Fn(&Value) -> Option<f64>,
    higher_is_worse: bool,
    target: Option<&str>,
) -> Option<(f64, String, bool)> {
    let mut best: Option<(f64, String)> = None;
    for f in flows {
        let Some(x) = figure(f) else { continue };
        let better = match &best {
            None => true,
            Some((b, _)) if higher_is_worse => x > *b,
            Some((b, _)) => x < *b,
        };
        if better {
            best = Some((x, str_of(f.get("name")).unwrap_or("?").to_string()));
        }
    }
    let (x, name) = best?;
    let missed = target.is_some_and(|t| {
        flows.iter().any(|f| {
            f.get("compliance")
                .and_then(|c| c.get(t))
                .and_then(|c| c.get("met"))
                .and_then(Value::as_bool)
                == Some(false)
        })
    });
    Some((x, name, missed))
}

fn worst_cell(w: Option<(f64, String, bool)>, unit: Unit, show_name: bool) -> Cell {
    match w {
        None => Cell::html(NONE),
        Some((x, name, missed)) => {
            let mut html = format!("<span class=\"v\">{}</span>", unit.format(x));
            if show_name {
                let _ = write!(html, "<small>{}</small>", escape(&name));
            }
            let cell = Cell::html(html);
            if missed { cell.class("miss") } else { cell }
        }
    }
}

fn mean_of(v: &Value, key: &str) -> Option<f64> {
    num(v.get(key).and_then(|m| m.get("mean")))
}

/// The report page of a sweep summary.
pub fn render(s: &Value, dir: &Path) -> String {
    let sweep = s.get("sweep").unwrap_or(&Value::Null);
    let parameter = str_of(sweep.get("parameter")).unwrap_or("the swept parameter");
    let points = array(sweep, "points");
    let capacity = s.get("capacity").filter(|c| c.is_object());
    let currency = currency(s);
    let cur = currency.as_deref();
    let passing = points
        .iter()
        .filter(|p| str_of(p.get("verdict")) == Some("pass"))
        .count();
    let verdict = str_of(s.get("verdict"));
    let words = match verdict {
        Some("pass") => format!(
            "meets every SLA target at {passing} of {} values",
            points.len()
        ),
        Some("fail") => format!("misses the SLA at every value tried ({})", points.len()),
        _ => "verdict unknown".into(),
    };
    let p_html = format!("<code>{}</code>", escape(parameter));
    let lead = match capacity {
        Some(c) => {
            let smallest = str_of(c.get("smallest")).unwrap_or("?");
            let bw = num(c.get("bandwidth_mbps"))
                .map(|b| format!(" ({} Mbps)", trim_number(b)))
                .unwrap_or_default();
            let cost = num(c.get("cost_per_day"))
                .map(|x| format!(", at {} per day", amount(Some(x), cur)))
                .unwrap_or_default();
            format!(
                "The smallest {p_html} meeting every SLA target is <b>{}</b>{bw}{cost}.",
                escape(smallest)
            )
        }
        None if s.get("headroom").is_some_and(Value::is_object) => {
            let h = &s["headroom"];
            let next = str_of(h.get("first_failing"))
                .map(|f| format!("; at {} a target is missed", escape(f)))
                .unwrap_or_else(|| "; every value tried meets every target".into());
            format!(
                "The design meets every SLA target up to {p_html} = <b>{}</b>{next}.",
                escape(str_of(h.get("largest")).unwrap_or("?"))
            )
        }
        None if passing > 0 => format!(
            "{passing} of {} values of {p_html} meet every SLA target (the sweep names no \
             smallest one).",
            points.len()
        ),
        None => format!(
            "No value of {p_html} tried meets every SLA target; a larger value or another \
             design is needed."
        ),
    };
    let mut items = Vec::new();
    for p in points
        .iter()
        .filter(|p| str_of(p.get("verdict")) == Some("fail"))
    {
        let mut why: Vec<String> = array(p, "flows")
            .iter()
            .flat_map(|f| flow_failures(f, s))
            .chain(
                array(p, "connections")
                    .iter()
                    .flat_map(|c| connection_failures(c, s)),
            )
            .collect();
        let more = why.len().saturating_sub(3);
        why.truncate(3);
        let mut line = format!(
            "At <b>{}</b>: {}",
            escape(str_of(p.get("value")).unwrap_or("?")),
            if why.is_empty() {
                "fails".to_string()
            } else {
                why.join("; ")
            }
        );
        if more > 0 {
            let _ = write!(line, "; and {more} more");
        }
        items.push(line);
    }

    let mut body = heading(s, "Capacity sweep", &words);
    body.push_str(&answer(verdict, &lead, &items));
    body.push_str(&assumptions(
        s,
        FIGURES_NOTE,
        &[
            ("Swept parameter", p_html.clone()),
            ("Values tried", points.len().to_string()),
        ],
    ));
    body.push_str(&section(
        "values",
        "Values",
        &points_table(points, s, capacity, cur),
    ));
    body.push_str(&plots_section(dir, &SWEEP_PLOTS, "Plot"));
    body.push_str(&footer(s, &run_command(s), "summary.json and sweep.svg"));
    let title = format!(
        "{} — sweep of {parameter} — vpcsim report",
        scenario_name(s)
    );
    page(&title, &body)
}

/// One row per swept value: verdict, worst flow figures, connections, failing names, cost.
fn points_table(
    points: &[Value],
    s: &Value,
    capacity: Option<&Value>,
    cur: Option<&str>,
) -> String {
    if points.is_empty() {
        return "<p class=\"note\">The sweep holds no value.</p>\n".into();
    }
    let sla = s.get("sla").unwrap_or(&Value::Null);
    let smallest = capacity.and_then(|c| str_of(c.get("smallest")));
    let mut table = Table::new(&[
        "Value".to_string(),
        "Verdict".to_string(),
        format!("Worst loss{}", small_target(&TARGETS[0], sla)),
        format!("Worst jitter{}", small_target(&TARGETS[1], sla)),
        format!("Lowest encap.{}", small_target(&TARGETS[2], sla)),
        format!("Lowest availability{}", small_target(&TARGETS[3], sla)),
        "Worst p99 delay<small>ms</small>".to_string(),
        "Busiest connection<small>utilization</small>".to_string(),
        "Failing".to_string(),
        format!(
            "Cost per day{}",
            cur.map(|c| format!("<small>{c}</small>"))
                .unwrap_or_default()
        ),
    ])
    .numeric(&[2, 3, 4, 5, 6, 7, 9]);
    for p in points {
        let flows = array(p, "flows");
        let connections = array(p, "connections");
        let chosen = smallest.is_some() && str_of(p.get("value")) == smallest;
        let mut value = value_html(p);
        if chosen {
            value.push_str("<small>smallest meeting every target</small>");
        }
        let availability = worst(
            &flows.iter().chain(connections).cloned().collect::<Vec<_>>(),
            |f| mean_of(f, "availability"),
            false,
            Some("availability"),
        );
        let failing: Vec<String> = flows
            .iter()
            .chain(connections)
            .filter(|x| str_of(x.get("verdict")) == Some("fail"))
            .map(|x| escape(str_of(x.get("name")).unwrap_or("?")))
            .collect();
        let cells = vec![
            Cell::html(value).class("name"),
            Cell::html(verdict_badge(str_of(p.get("verdict")))),
            worst_cell(
                worst(flows, |f| mean_of(f, "loss"), true, Some("loss")),
                Unit::Percent(3),
                flows.len() > 1,
            ),
            worst_cell(
                worst(flows, |f| mean_of(f, "jitter"), true, Some("jitter")),
                Unit::Percent(2),
                flows.len() > 1,
            ),
            worst_cell(
                worst(
                    flows,
                    |f| mean_of(f, "encap_success"),
                    false,
                    Some("encap_success"),
                ),
                Unit::Percent(3),
                flows.len() > 1,
            ),
            worst_cell(availability, Unit::Percent(4), true),
            worst_cell(
                worst(
                    flows,
                    |f| num(f.get("delay_ms")?.get("p99")?.get("mean")),
                    true,
                    None,
                ),
                Unit::Ms(3),
                flows.len() > 1,
            ),
            worst_cell(
                worst(connections, |c| mean_of(c, "utilization"), true, None),
                Unit::Percent(2),
                true,
            ),
            Cell::html(if failing.is_empty() {
                NONE.to_string()
            } else {
                failing.join(", ")
            }),
            Cell::html(amount(num(p.get("cost_per_day")), None)),
        ];
        let class = if chosen {
            "chosen"
        } else {
            str_of(p.get("verdict")).unwrap_or("")
        };
        table.row_with_class(class, cells);
    }
    let mut o = table.to_html();
    o.push_str(
        "<p class=\"note\">Each figure is the worst mean over the value's flows (for \
         availability, its flows and connections), with the flow or connection it belongs \
         to; red marks a target missed at that value. Each value's full result, with its own \
         plots, is in <code>sweep/&lt;k&gt;_&lt;value&gt;/</code> of the result folder.</p>\n",
    );
    o
}

fn small_target(t: &super::common::Target, sla: &Value) -> String {
    format!(
        "<small>target {} {}</small>",
        t.op,
        super::kit::target_text(num(sla.get(t.threshold)))
    )
}
