//! The report of one run: verdict, what fails, assumptions, flows, connections, blocked
//! flows, cost, plots.

use super::common::{
    AVAILABILITY, FIGURES_NOTE, TARGETS, answer, assumptions, command_line, connection_failures,
    flow_failures, flow_misses, footer, heading, scenario_name,
};
use super::figures::{
    Unit, downtime_cell, group, metric_cell, metric_parts, sla_cell, target_text,
};
use super::kit::{NONE, page, section, verdict_badge};
use super::plots::{Plot, plots_section};
use super::table::{Cell, Table};
use crate::plan::cost::Cost;
use crate::report::Summary;
use crate::report::summary::Header;
use crate::sla::judge::{ConnectionVerdict, FlowVerdict, Verdict};
use crate::sla::metric::SlaMetric;
use crate::sla::targets::Shared;
use maud::{Markup, html};
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

/// "1 flow", "3 flows".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The report page of a run summary; the plots are read from `dir`.
pub fn render(s: &Summary, dir: &Path) -> String {
    let h = &s.header;
    let (flows, connections) = (&s.flows, &s.connections);
    let mut items = Vec::new();
    for f in flows {
        items.extend(flow_failures(f, h));
    }
    for c in connections {
        items.extend(connection_failures(c, h));
    }
    let missed = flows.iter().map(flow_misses).sum::<usize>()
        + connections
            .iter()
            .filter(|c| c.compliance.availability.is_some_and(|c| !c.met))
            .count();
    let blocked = flows.iter().filter(|f| f.blocked_reason.is_some()).count();
    let words = verdict_words(s.verdict, missed, blocked);
    let body = html! {
        (heading(h, s.verdict, "SLA report of a simulation run", &words))
        (answer(s.verdict, html! { (lead(s)) }, &items))
        (assumptions(h, s.stats.events, FIGURES_NOTE, Vec::new()))
        (section("flows", "Flows", flow_table(flows, h)))
        (section("connections", "Connections", connection_table(connections, h)))
        @if blocked > 0 {
            (section("blocked", "Blocked flows", blocked_list(flows)))
        }
        (section("cost", "Cost", cost_html(&s.cost)))
        (plots_section(dir, &RUN_PLOTS, "Plots"))
        (footer(h, &command_line("run", h), "summary.json and the plots (SVG)"))
    };
    let title = format!(
        "{} — {} — vpcsim report",
        scenario_name(h),
        s.verdict.as_str().to_uppercase()
    );
    page(&title, body)
}

/// The answer's first sentence: yes, no with counts, or why there is no answer yet.
fn lead(s: &Summary) -> String {
    let (flows, connections) = (&s.flows, &s.connections);
    let n = s.header.replications;
    let failing_flows = flows.iter().filter(|f| f.verdict == Verdict::Fail).count();
    let failing_connections = connections
        .iter()
        .filter(|c| c.verdict == Verdict::Fail)
        .count();
    match s.verdict {
        Verdict::Pass => format!(
            "Yes. {} and {} meet every SLA target in at least {} of the {n} replications.",
            plural(flows.len(), "flow", "flows"),
            plural(connections.len(), "connection", "connections"),
            target_text(s.header.sla.required_compliance),
        ),
        Verdict::Fail => format!(
            "No. {failing_flows} of {} and {failing_connections} of {} fail. What fails:",
            plural(flows.len(), "flow", "flows"),
            plural(connections.len(), "connection", "connections"),
        ),
        Verdict::NotMeasured => "Not shown. Some flow offered no packet in the measurement \
             window, so nothing of it was measured and no verdict can be given; see the flows \
             marked NOT MEASURED."
            .to_string(),
        Verdict::Inconclusive => "Not yet decided. No target is missed, but for some the share \
             of replications meeting it is too uncertain to say; more replications decide it."
            .to_string(),
    }
}

/// The verdict in words: "meets every SLA target" or "misses 3 SLA targets".
pub fn verdict_words(verdict: Verdict, missed_targets: usize, blocked: usize) -> String {
    match verdict {
        Verdict::Pass => "meets every SLA target".into(),
        Verdict::Fail => {
            let targets = plural(missed_targets, "SLA target", "SLA targets");
            let blocked_text = plural(blocked, "flow is blocked", "flows are blocked");
            match (missed_targets > 0, blocked > 0) {
                (true, false) => format!("misses {targets}"),
                (true, true) => format!("misses {targets}; {blocked_text}"),
                (false, true) => format!("misses the SLA: {blocked_text}"),
                (false, false) => "misses the SLA".into(),
            }
        }
        Verdict::NotMeasured => "was not measured".into(),
        Verdict::Inconclusive => "is not yet decided".into(),
    }
}

/// The per-flow table.
pub fn flow_table(flows: &[FlowVerdict], h: &Header) -> Markup {
    if flows.is_empty() {
        return html! { p.note { "The scenario has no flow." } };
    }
    let mut head = vec![html! { "Flow" }, html! { "Verdict" }];
    let limits: Vec<Shared> = TARGETS
        .iter()
        .map(|t| Shared::of(flows.iter().map(|f| f.targets.get(t.metric))))
        .collect();
    head.extend(
        TARGETS
            .iter()
            .zip(&limits)
            .map(|(t, l)| t.header(&h.sla, *l, "flow")),
    );
    head.push(html! { "Mean delay" small { "ms" } });
    head.push(html! { "p99 delay" small { "ms" } });
    let mut table = Table::new(head).numeric(&[2, 3, 4, 5, 6, 7]);
    for f in flows {
        let mut cells = vec![
            Cell::html(html! {
                (f.name)
                small {
                    (group(f.delivered_packets)) " of " (group(f.offered_packets))
                    " packets delivered"
                }
            })
            .class("name"),
            Cell::html(verdict_badge(f.verdict)),
        ];
        for (t, l) in TARGETS.iter().zip(&limits) {
            let compliance = t.compliance(&f.compliance);
            let mut cell = sla_cell(
                t.of_flow(f),
                compliance,
                Unit::Percent(t.decimals),
                h.replications,
            );
            if t.metric == SlaMetric::Jitter
                && let Some((ms, _)) = metric_parts(f.jitter_ms)
            {
                cell.html = html! { (cell.html) small { "≈ " (format!("{ms:.3}")) " ms" } };
            }
            if *l == Shared::Varies {
                let own = t.limit_text(f.targets.get(t.metric));
                cell.html = html! { (cell.html) small { (own) } };
            }
            cells.push(cell);
        }
        cells.push(Cell::html(metric_cell(f.delay_ms.mean, Unit::Ms(3))));
        cells.push(Cell::html(metric_cell(f.delay_ms.p99, Unit::Ms(3))));
        table.row_with_class(f.verdict.as_str(), cells);
    }
    html! { (table) }
}

/// The per-connection table.
pub fn connection_table(connections: &[ConnectionVerdict], h: &Header) -> Markup {
    if connections.is_empty() {
        return html! { p.note { "The scenario has no connection." } };
    }
    let mut table = Table::new(vec![
        html! { "Connection" },
        html! { "Verdict" },
        AVAILABILITY.header(
            &h.sla,
            Shared::of(connections.iter().map(|c| c.targets.min_availability)),
            "connection",
        ),
        html! { "Downtime" small { "minutes per 30 days" } },
        html! { "Utilization" small { "busier direction" } },
    ])
    .numeric(&[2, 3, 4]);
    for c in connections {
        table.row_with_class(
            c.verdict.as_str(),
            vec![
                Cell::text(&c.name).class("name"),
                Cell::html(verdict_badge(c.verdict)),
                sla_cell(
                    c.availability,
                    c.compliance.availability,
                    Unit::Percent(4),
                    h.replications,
                ),
                Cell::html(downtime_cell(c.availability)),
                Cell::html(metric_cell(c.utilization, Unit::Percent(2))),
            ],
        );
    }
    html! {
        (table)
        p.note {
            "Downtime is (1 − availability) × 43 200 minutes; utilization is the busier \
             direction's share of the connection's bandwidth cap (“—”: the connection has no \
             cap, or nothing on it can fail)."
        }
    }
}

/// The blocked flows with their reasons.
pub fn blocked_list(flows: &[FlowVerdict]) -> Markup {
    html! {
        p {
            "The model cannot deliver these flows; every packet they offer is lost as blocked."
        }
        ul.blocked {
            @for f in flows {
                @if let Some(reason) = &f.blocked_reason {
                    li { b { (f.name) } ": " (reason) }
                }
            }
        }
    }
}

/// The cost section's body: the total per day and one row per priced item.
pub fn cost_html(cost: &Cost) -> Markup {
    let currency = cost.currency.as_str();
    let amount = |x: f64| {
        if currency.is_empty() {
            format!("{x:.2}")
        } else {
            format!("{x:.2} {currency}")
        }
    };
    let mut table = Table::new(vec![
        html! { "Item" },
        html! { "Kind" },
        html! { "Product" },
        html! { "Rule" },
        html! { "Basis" },
        html! { "Per\u{a0}day" @if !currency.is_empty() { small { (currency) } } },
        html! { "Source" },
    ])
    .numeric(&[5]);
    for i in &cost.items {
        table.row(vec![
            Cell::text(&i.item).class("name"),
            Cell::text(&i.kind),
            Cell::text(&i.product),
            Cell::text(&i.rule),
            Cell::text(&i.basis),
            Cell::text(&i.per_day.map_or(NONE.into(), |x| format!("{x:.2}"))),
            Cell::text(&i.source),
        ]);
    }
    html! {
        @match cost.per_day {
            Some(total) => p.lead {
                "Total: " b { (amount(total)) } " per day (≈ " (amount(total * 30.0))
                " per 30 days)."
            },
            None => p.lead { "Total: not known — at least one item has no price." },
        }
        @if cost.items.is_empty() {
            p.note { "No item is priced." }
        } @else {
            (table)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_words_count_what_fails() {
        assert_eq!(verdict_words(Verdict::Pass, 0, 0), "meets every SLA target");
        assert_eq!(verdict_words(Verdict::Fail, 1, 0), "misses 1 SLA target");
        assert_eq!(
            verdict_words(Verdict::Fail, 3, 1),
            "misses 3 SLA targets; 1 flow is blocked"
        );
        assert_eq!(
            verdict_words(Verdict::Fail, 0, 2),
            "misses the SLA: 2 flows are blocked"
        );
        assert_eq!(
            verdict_words(Verdict::Inconclusive, 0, 0),
            "is not yet decided"
        );
    }
}
