//! The report of one run: verdict, what fails, assumptions, flows, connections, blocked
//! flows, cost, plots.

use super::common::{
    FIGURES_NOTE, MINUTES_PER_30_DAYS, Plot, TARGETS, answer, assumptions, connection_failures,
    flow_failures, footer, heading, plots_section, replications, run_command,
};
use super::kit::{
    Cell, NONE, Table, Unit, escape, metric_cell, metric_parts, num, page, scalar, section,
    sla_cell, str_of, target_text, verdict_badge,
};
use serde_json::Value;
use std::fmt::Write;
use std::path::Path;

/// The plots of a run folder, in page order.
pub const RUN_PLOTS: [Plot; 5] = [
    Plot {
        file: "delay_cdf.svg",
        title: "One-way delay",
        caption: "The distribution of each flow's one-way delay over every delivered packet of \
                  every replication (from delay_hist.csv). No SLA target applies to delay.",
    },
    Plot {
        file: "jitter_hist.svg",
        title: "Jitter",
        caption: "Each flow's jitter ratio over the replications, by the SLA's jitter \
                  definition, against the jitter target.",
    },
    Plot {
        file: "loss_by_cause.svg",
        title: "Packet loss by cause",
        caption: "Share of offered packets lost per flow, split by cause, against the loss \
                  target.",
    },
    Plot {
        file: "utilization.svg",
        title: "Utilization",
        caption: "The share of its capacity in force each queue used per sample interval, mean \
                  over replications, with the highest sample of any replication marked. No SLA \
                  target applies to utilization.",
    },
    Plot {
        file: "availability.svg",
        title: "Availability",
        caption: "Downtime per 30 days of the connections and flows (1 − availability over \
                  the horizon), mean and 95% interval over the replications, against what the \
                  availability target allows.",
    },
];

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The report page of a run summary.
pub fn render(s: &Value, dir: &Path) -> String {
    let flows = array(s, "flows");
    let connections = array(s, "connections");
    let verdict = str_of(s.get("verdict"));
    let n = replications(s);
    let mut items = Vec::new();
    let mut missed_targets = 0;
    let mut blocked = 0;
    for f in flows {
        blocked += usize::from(str_of(f.get("blocked_reason")).is_some());
        missed_targets += missed_count(f);
        items.extend(flow_failures(f, s));
    }
    for c in connections {
        missed_targets += missed_count(c);
        items.extend(connection_failures(c, s));
    }
    let words = verdict_words(verdict, missed_targets, blocked);
    let failing = |list: &[Value]| {
        list.iter()
            .filter(|x| str_of(x.get("verdict")) == Some("fail"))
            .count()
    };
    let required = target_text(num(s.get("sla").and_then(|x| x.get("required_compliance"))));
    let lead = match verdict {
        Some("pass") => format!(
            "Yes. {} and {} meet every SLA target in at least {required} of the {n} \
             replications.",
            plural(flows.len(), "flow", "flows"),
            plural(connections.len(), "connection", "connections"),
        ),
        Some("fail") => format!(
            "No. {} of {} and {} of {} fail. What fails:",
            failing(flows),
            plural(flows.len(), "flow", "flows"),
            failing(connections),
            plural(connections.len(), "connection", "connections"),
        ),
        Some("not_measured") => "Not shown. Some flow offered no packet in the measurement \
             window, so nothing of it was measured and no verdict can be given; see the flows \
             marked NOT MEASURED."
            .to_string(),
        Some("inconclusive") => "Not yet decided. No target is missed, but for some the share \
             of replications meeting it is too uncertain to say; more replications decide it."
            .to_string(),
        _ => "The summary holds no verdict.".to_string(),
    };

    let mut body = heading(s, "SLA report of a simulation run", &words);
    body.push_str(&answer(verdict, &lead, &items));
    body.push_str(&assumptions(s, FIGURES_NOTE, &[]));
    body.push_str(&section("flows", "Flows", &flow_table(flows, s)));
    body.push_str(&section(
        "connections",
        "Connections",
        &connection_table(connections, s),
    ));
    let blocked_html = blocked_list(flows);
    if !blocked_html.is_empty() {
        body.push_str(&section("blocked", "Blocked flows", &blocked_html));
    }
    if let Some(cost) = s.get("cost").filter(|c| c.is_object()) {
        body.push_str(&section("cost", "Cost", &cost_html(cost)));
    }
    body.push_str(&plots_section(dir, &RUN_PLOTS, "Plots"));
    body.push_str(&footer(
        s,
        &run_command(s),
        "summary.json and the plots (SVG)",
    ));
    let title = format!(
        "{} — {} — vpcsim report",
        super::common::scenario_name(s),
        verdict.map_or("no verdict".into(), str::to_uppercase)
    );
    page(&title, &body)
}

/// The verdict in words: "meets every SLA target" or "misses 3 SLA targets".
pub fn verdict_words(verdict: Option<&str>, missed_targets: usize, blocked: usize) -> String {
    match verdict {
        Some("pass") => "meets every SLA target".into(),
        Some("fail") => {
            let targets = plural(missed_targets, "SLA target", "SLA targets");
            let blocked_text = plural(blocked, "flow is blocked", "flows are blocked");
            match (missed_targets > 0, blocked > 0) {
                (true, false) => format!("misses {targets}"),
                (true, true) => format!("misses {targets}; {blocked_text}"),
                (false, true) => format!("misses the SLA: {blocked_text}"),
                (false, false) => "misses the SLA".into(),
            }
        }
        Some("not_measured") => "was not measured".into(),
        Some("inconclusive") => "is not yet decided".into(),
        _ => "verdict unknown".into(),
    }
}

/// How many targets a flow or connection misses (compliance `met` false).
pub fn missed_count(v: &Value) -> usize {
    v.get("compliance")
        .and_then(Value::as_object)
        .map_or(0, |c| {
            c.values()
                .filter(|x| x.get("met").and_then(Value::as_bool) == Some(false))
                .count()
        })
}

/// The per-flow table (HTML).
pub fn flow_table(flows: &[Value], s: &Value) -> String {
    if flows.is_empty() {
        return "<p class=\"note\">The scenario has no flow.</p>\n".into();
    }
    let sla = s.get("sla").unwrap_or(&Value::Null);
    let n = replications(s);
    let mut head = vec!["Flow".to_string(), "Verdict".to_string()];
    head.extend(TARGETS.iter().map(|t| t.header(sla)));
    head.push("Mean delay<small>ms</small>".into());
    head.push("p99 delay<small>ms</small>".into());
    let mut table = Table::new(&head).numeric(&[2, 3, 4, 5, 6, 7]);
    for f in flows {
        let name = str_of(f.get("name")).unwrap_or("?");
        let packets = match (
            f.get("delivered_packets").and_then(Value::as_u64),
            f.get("offered_packets").and_then(Value::as_u64),
        ) {
            (Some(d), Some(o)) => format!(
                "<small>{} of {} packets delivered</small>",
                group(d),
                group(o)
            ),
            _ => String::new(),
        };
        let mut cells = vec![
            Cell::html(format!("{}{packets}", escape(name))).class("name"),
            Cell::html(verdict_badge(str_of(f.get("verdict")))),
        ];
        let compliance = f.get("compliance");
        for t in &TARGETS {
            let mut cell = sla_cell(
                f.get(t.key),
                compliance.and_then(|c| c.get(t.key)),
                Unit::Percent(t.decimals),
                n,
            );
            if t.key == "jitter"
                && let Some((ms, _)) = metric_parts(f.get("jitter_ms"))
            {
                let _ = write!(cell.html, "<small>≈ {ms:.3} ms</small>");
            }
            cells.push(cell);
        }
        let delay = f.get("delay_ms");
        for k in ["mean", "p99"] {
            cells.push(Cell::html(metric_cell(
                delay.and_then(|d| d.get(k)),
                Unit::Ms(3),
            )));
        }
        table.row_with_class(str_of(f.get("verdict")).unwrap_or(""), cells);
    }
    table.to_html()
}

/// The per-connection table (HTML).
pub fn connection_table(connections: &[Value], s: &Value) -> String {
    if connections.is_empty() {
        return "<p class=\"note\">The scenario has no connection.</p>\n".into();
    }
    let sla = s.get("sla").unwrap_or(&Value::Null);
    let n = replications(s);
    let mut table = Table::new(&[
        "Connection".to_string(),
        "Verdict".to_string(),
        TARGETS[3].header(sla),
        "Downtime<small>minutes per 30 days</small>".to_string(),
        "Utilization<small>busier direction</small>".to_string(),
    ])
    .numeric(&[2, 3, 4]);
    for c in connections {
        let availability = c.get("availability");
        table.row_with_class(
            str_of(c.get("verdict")).unwrap_or(""),
            vec![
                Cell::text(str_of(c.get("name")).unwrap_or("?")).class("name"),
                Cell::html(verdict_badge(str_of(c.get("verdict")))),
                sla_cell(
                    availability,
                    c.get("compliance").and_then(|x| x.get("availability")),
                    Unit::Percent(4),
                    n,
                ),
                Cell::html(downtime_cell(availability)),
                Cell::html(metric_cell(c.get("utilization"), Unit::Percent(2))),
            ],
        );
    }
    let mut o = table.to_html();
    o.push_str(
        "<p class=\"note\">Downtime is (1 − availability) × 43 200 minutes; utilization is the \
         busier direction's share of the connection's bandwidth cap (“—”: the connection has \
         no cap, or nothing on it can fail).</p>\n",
    );
    o
}

/// Downtime in minutes per 30 days from an availability metric, with its interval.
pub fn downtime_cell(availability: Option<&Value>) -> String {
    match metric_parts(availability) {
        None => NONE.into(),
        Some((mean, ci)) => {
            let mut o = format!(
                "<span class=\"v\">{}</span>",
                minutes((1.0 - mean) * MINUTES_PER_30_DAYS)
            );
            if let Some((lo, hi)) = ci {
                let (a, b) = (
                    minutes((1.0 - hi) * MINUTES_PER_30_DAYS),
                    minutes((1.0 - lo) * MINUTES_PER_30_DAYS),
                );
                if a != b {
                    let _ = write!(o, "<small class=\"ci\">{a}–{b}</small>");
                }
            }
            o
        }
    }
}

/// Minutes with a precision that suits their size: two significant digits below 1.
fn minutes(m: f64) -> String {
    let m = m.max(0.0);
    if m == 0.0 {
        "0".into()
    } else if m < 1e-6 {
        "≈ 0".into()
    } else if m < 1.0 {
        let decimals = (-m.log10().floor()) as usize + 1;
        format!("{m:.decimals$}")
    } else if m < 10.0 {
        format!("{m:.2}")
    } else if m < 1000.0 {
        format!("{m:.1}")
    } else {
        format!("{m:.0}")
    }
}

/// 1234567 → "1 234 567" (thin spaces).
pub fn group(n: u64) -> String {
    let s = n.to_string();
    let mut o = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            o.push('\u{202F}');
        }
        o.push(c);
    }
    o
}

/// The blocked flows with their reasons (HTML), empty when none is blocked.
pub fn blocked_list(flows: &[Value]) -> String {
    let items: Vec<String> = flows
        .iter()
        .filter_map(|f| {
            let reason = str_of(f.get("blocked_reason"))?;
            Some(format!(
                "<li><b>{}</b>: {}</li>",
                escape(str_of(f.get("name")).unwrap_or("?")),
                escape(reason)
            ))
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    format!(
        "<p>The model cannot deliver these flows; every packet they offer is lost as \
         blocked.</p>\n<ul class=\"blocked\">\n{}\n</ul>\n",
        items.join("\n")
    )
}

/// The cost section's body: the total per day and one row per priced item.
pub fn cost_html(cost: &Value) -> String {
    let currency = str_of(cost.get("currency")).map(escape).unwrap_or_default();
    let amount = |x: f64| {
        if currency.is_empty() {
            format!("{x:.2}")
        } else {
            format!("{x:.2} {currency}")
        }
    };
    let mut o = match num(cost.get("per_day")) {
        Some(total) => format!(
            "<p class=\"lead\">Total: <b>{}</b> per day (≈ {} per 30 days).</p>\n",
            amount(total),
            amount(total * 30.0)
        ),
        None => {
            "<p class=\"lead\">Total: not known — at least one item has no price.</p>\n".to_string()
        }
    };
    let items = array(cost, "items");
    if items.is_empty() {
        o.push_str("<p class=\"note\">No item is priced.</p>\n");
        return o;
    }
    let per_day = if currency.is_empty() {
        "Per&nbsp;day".to_string()
    } else {
        format!("Per&nbsp;day<small>{currency}</small>")
    };
    let mut table = Table::new(&[
        "Item", "Kind", "Product", "Rule", "Basis", &per_day, "Source",
    ])
    .numeric(&[5]);
    for i in items {
        table.row(vec![
            Cell::html(scalar(i.get("item"))).class("name"),
            Cell::html(scalar(i.get("kind"))),
            Cell::html(scalar(i.get("product"))),
            Cell::html(scalar(i.get("rule"))),
            Cell::html(scalar(i.get("basis"))),
            Cell::html(num(i.get("per_day")).map_or(NONE.into(), |x| format!("{x:.2}"))),
            Cell::html(scalar(i.get("source"))),
        ]);
    }
    o.push_str(&table.to_html());
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_minutes_rounded() {
        assert_eq!(group(360164), "360\u{202F}164");
        assert_eq!(group(12), "12");
        assert_eq!(minutes(0.0), "0");
        assert_eq!(minutes(1e-7), "≈ 0");
        assert_eq!(minutes(0.00083), "0.00083");
        assert_eq!(minutes(0.5), "0.50");
        assert_eq!(minutes(64.37), "64.4");
    }

    #[test]
    fn verdict_words_count_what_fails() {
        assert_eq!(verdict_words(Some("pass"), 0, 0), "meets every SLA target");
        assert_eq!(verdict_words(Some("fail"), 1, 0), "misses 1 SLA target");
        assert_eq!(
            verdict_words(Some("fail"), 3, 1),
            "misses 3 SLA targets; 1 flow is blocked"
        );
        assert_eq!(
            verdict_words(Some("fail"), 0, 2),
            "misses the SLA: 2 flows are blocked"
        );
    }
}
