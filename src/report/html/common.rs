//! Parts every report page shares: the heading with the verdict, the answer box, the SLA
//! targets and the sentences saying what misses them, the assumptions (run identity and SLA
//! definitions) and the footer.

use super::figures::{Unit, group, replication_counts, share_text, target_text};
use super::kit::{facts, section, verdict_badge_big, with_verdict_class};
use super::table::Table;
use crate::report::summary::{Header, Targets};
use crate::sla::judge::{
    Compliance, ConnectionVerdict, FlowCompliance, FlowVerdict, Metric, Verdict,
};
use crate::sla::metric::SlaMetric;
use maud::{Markup, html};

/// The scenario name of a summary, "(unnamed scenario)" when empty.
pub fn scenario_name(h: &Header) -> &str {
    if h.scenario.is_empty() {
        "(unnamed scenario)"
    } else {
        &h.scenario
    }
}

/// The page heading: what kind of document, the scenario name, the big verdict and the
/// verdict in words.
pub fn heading(h: &Header, verdict: Verdict, kind: &str, words: &str) -> Markup {
    html! {
        header class=(with_verdict_class("head", verdict)) {
            div.kicker { "vpcsim · " (kind) }
            h1 { (scenario_name(h)) }
            div.verdict-line {
                (verdict_badge_big(verdict))
                span.verdict-words { (words) }
            }
        }
    }
}

/// The answer box: a lead sentence and a list of items.
pub fn answer(verdict: Verdict, lead: Markup, items: &[Markup]) -> Markup {
    html! {
        section #answer class=(with_verdict_class("answer", verdict)) {
            h2 { "Answer" }
            p.lead { (lead) }
            @if !items.is_empty() {
                ul { @for i in items { li { (i) } } }
            }
        }
    }
}

/// One SLA target as the report shows it: the metric, its column heading and precision.
pub struct Target {
    pub metric: SlaMetric,
    /// Name in a column heading.
    pub column: &'static str,
    /// Decimals of its percentage.
    pub decimals: usize,
}

/// The four targets of the SLA, in table order.
pub const TARGETS: [Target; 4] = [
    Target {
        metric: SlaMetric::Loss,
        column: "Loss",
        decimals: 3,
    },
    Target {
        metric: SlaMetric::Jitter,
        column: "Jitter",
        decimals: 2,
    },
    Target {
        metric: SlaMetric::EncapSuccess,
        column: "Encap. success",
        decimals: 3,
    },
    Target {
        metric: SlaMetric::Availability,
        column: "Availability",
        decimals: 4,
    },
];

/// The availability target, the one connections are judged on too.
pub const AVAILABILITY: &Target = &TARGETS[3];

use crate::sla::targets::Shared;

impl Target {
    /// Name in sentences.
    pub fn name(&self) -> &'static str {
        self.metric.words()
    }

    /// The comparison a compliant value satisfies: "<", "≤" or "≥".
    pub fn op(&self) -> &'static str {
        self.metric.bound().op()
    }

    /// A flow's figure of it.
    pub fn of_flow(&self, f: &FlowVerdict) -> Option<Metric> {
        f.metric(self.metric)
    }

    /// A flow's compliance with it.
    pub fn compliance(&self, c: &FlowCompliance) -> Option<Compliance> {
        c.get(self.metric)
    }

    /// Whether `x` meets `limit`.
    pub fn meets(&self, x: f64, limit: f64) -> bool {
        self.metric.meets(x, limit)
    }

    /// "target < 0.2%", or "no target".
    pub fn limit_text(&self, limit: Option<f64>) -> String {
        match limit {
            Some(l) => format!("target {} {}", self.op(), target_text(l)),
            None => "no target".into(),
        }
    }

    /// The targets of a column of `rows` ("flow", "connection") in small type under its
    /// heading.
    pub fn small(&self, limits: Shared, rows: &str) -> Markup {
        let text = match limits {
            Shared::Same(l) => self.limit_text(Some(l)),
            Shared::None => "no target".into(),
            Shared::Varies => format!("target per {rows}"),
        };
        html! { small { (text) } }
    }

    /// The column heading: name (the jitter's with its definition) and the targets.
    pub fn header(&self, sla: &Targets, limits: Shared, rows: &str) -> Markup {
        html! {
            @if self.metric == SlaMetric::Jitter { "Jitter (" (sla.jitter) ")" } @else { (self.column) }
            (self.small(limits, rows))
        }
    }
}

/// Why `subject` misses `target`: a sentence from the metric's mean and the compliance share,
/// or `None` when the target is met or not measured.
pub fn miss_sentence(
    subject: &Markup,
    target: &Target,
    limit: f64,
    metric: Option<Metric>,
    compliance: Option<Compliance>,
    h: &Header,
) -> Option<Markup> {
    let c = compliance.filter(|c| !c.met)?;
    let mean = metric.map(|m| m.mean).filter(|m| m.is_finite());
    let unit = Unit::Percent(target.decimals);
    let required = target_text(h.sla.required_compliance);
    let met = match replication_counts(&c, h.replications) {
        Some((k, n)) => format!("met in {k}/{n} replications"),
        None => format!("met in {} of replications", share_text(c.share)),
    };
    let rest = match mean {
        Some(m) if !target.meets(m, limit) => format!(
            " (mean {} {} {}): {met}, {required} required",
            unit.format(m),
            target.metric.bound().miss_op(),
            target_text(limit)
        ),
        Some(m) => format!(
            ": {met}, {required} required, though the mean {} is {} {}",
            unit.format(m),
            target.op(),
            target_text(limit)
        ),
        None => format!(": {met}, {required} required"),
    };
    Some(html! { (subject) " misses " (target.name()) (rest) })
}

/// The sentences naming what a flow misses; a blocked flow says why.
pub fn flow_failures(flow: &FlowVerdict, h: &Header) -> Vec<Markup> {
    let name = html! { b { (flow.name) } };
    let mut out = Vec::new();
    if let Some(reason) = &flow.blocked_reason {
        out.push(html! { (name) " is blocked: " (reason) });
    }
    for t in &TARGETS {
        let Some(limit) = flow.targets.get(t.metric) else {
            continue;
        };
        let compliance = t.compliance(&flow.compliance);
        out.extend(miss_sentence(
            &name,
            t,
            limit,
            t.of_flow(flow),
            compliance,
            h,
        ));
    }
    if out.is_empty() && flow.verdict == Verdict::Fail {
        out.push(html! { (name) " fails" });
    }
    out
}

/// The sentences naming what a connection misses.
pub fn connection_failures(conn: &ConnectionVerdict, h: &Header) -> Vec<Markup> {
    let name = html! { "connection " b { (conn.name) } };
    let compliance = conn.compliance.availability;
    let mut out: Vec<Markup> = conn
        .targets
        .min_availability
        .and_then(|limit| {
            miss_sentence(&name, AVAILABILITY, limit, conn.availability, compliance, h)
        })
        .into_iter()
        .collect();
    if out.is_empty() && conn.verdict == Verdict::Fail {
        out.push(html! { (name) " fails" });
    }
    out
}

/// How many targets a flow misses.
pub fn flow_misses(f: &FlowVerdict) -> usize {
    f.missed().count()
}

/// One sentence on a jitter definition.
pub fn jitter_definition(name: &str) -> String {
    match name {
        "pdv" => "PDV (RFC 5481 packet delay variation): the 99th percentile of the one-way \
                  delay minus its minimum, divided by the minimum."
            .into(),
        "ipdv" => "IPDV (inter-packet delay variation): the mean absolute difference between \
                   the one-way delays of consecutive delivered packets, divided by the mean \
                   delay."
            .into(),
        "rfc3550" => "RFC 3550 interarrival jitter: the smoothed estimate J += (|D(i) − \
                      D(i−1)| − J)/16 over consecutive delivered packets, divided by the \
                      mean delay."
            .into(),
        other => format!("“{other}”, a definition this report does not know."),
    }
}

/// The note under the SLA targets of a run or sweep: how to read the figures.
pub const FIGURES_NOTE: &str = "Every figure below is the mean over the replications; under it \
     in small type, its 95% confidence interval (Student t) and, for a target, “k/n met”: the \
     replications that meet it out of those that measure it (✗ when fewer than the required \
     share). “—” marks a figure that does not apply or was not measured.";

/// The assumptions: who ran what (scenario, hash, seed, replications, tool version, events
/// simulated), `extra` facts, the SLA definitions, then `note`.
pub fn assumptions(h: &Header, events: u64, note: &str, extra: Vec<(&str, Markup)>) -> Markup {
    let mut items = vec![
        ("Scenario", html! { (scenario_name(h)) }),
        (
            "Scenario SHA-256",
            html! { span.mono { (h.scenario_hash) } },
        ),
        ("Seed", html! { (h.seed) }),
        ("Replications", html! { (h.replications) }),
        ("Tool", html! { "vpcsim " (h.version) }),
        ("Events simulated", html! { (group(events)) }),
    ];
    items.extend(extra);
    let sla = &h.sla;
    let mut table = Table::with_heads(&[
        "Target",
        "Express Connect",
        "Peering",
        "Internet",
        "Judged for",
        "What it measures",
    ])
    .caption("SLA targets by product (a flow is held to those of the products its paths use)");
    let what = |m: SlaMetric| -> (Markup, &'static str, String) {
        match m {
            SlaMetric::Loss => (
                html! { "Loss" },
                "each flow",
                "Packets lost ÷ packets offered in one replication, whatever the cause (queue, \
                 bandwidth cap, link, encapsulation, outage, blocked)."
                    .into(),
            ),
            SlaMetric::Jitter => (
                html! { "Jitter " small { "definition: " (sla.jitter) } },
                "each flow",
                jitter_definition(&sla.jitter),
            ),
            SlaMetric::EncapSuccess => (
                html! { "Encapsulation success" },
                "each flow through a tunnel",
                "Packets encapsulated ÷ packets presented at a tunnel ingress (a packet too \
                 large for the MTU after the overhead fails)."
                    .into(),
            ),
            SlaMetric::Availability => (
                html! { "Availability" },
                "each flow and connection",
                "Share of the availability horizon with a working path, rerouting included; \
                 shown below also as downtime in minutes per 30 days."
                    .into(),
            ),
        }
    };
    for m in SlaMetric::ALL {
        let (name, judged, text) = what(m);
        let mut row = vec![name];
        for (_, targets) in sla.products.iter() {
            row.push(html! {
                @match targets.get(m) {
                    Some(l) => { (m.bound().op()) " " (target_text(l)) }
                    None => { "no target" }
                }
            });
        }
        row.push(html! { (judged) });
        row.push(html! { (text) });
        table.row(row);
    }
    let required = format!("≥ {} of replications", target_text(sla.required_compliance));
    table.row(vec![
        html! { "Compliance" },
        html! { (required) },
        html! { (required) },
        html! { (required) },
        html! { "every target" },
        html! {
            "A target is met when at least this share of the Monte Carlo replications meets \
             it; a flow or connection passes when it meets all its targets, and the design \
             passes when all of them do. A figure with no target is shown, not judged."
        },
    ]);
    section(
        "assumptions",
        "Assumptions",
        html! { (facts(&items)) (table) p.note { (note) } },
    )
}

/// The footer: how to reproduce the result (`command`) and where the figures come from.
pub fn footer(h: &Header, command: &str, files: &str) -> Markup {
    html! {
        footer {
            p {
                b { "Reproduce." } " With the scenario file whose SHA-256 is "
                span.mono { (h.scenario_hash) }
                " (scenario “" (scenario_name(h)) "”) and vpcsim " (h.version) ":"
            }
            pre { (command) }
            p {
                "A run is a pure function of the scenario and the seed: the same command gives \
                 byte-identical results on any machine, whatever the thread count or sharding. \
                 This page was generated from " (files) " of the result folder and loads \
                 nothing else."
            }
        }
    }
}

/// `vpcsim COMMAND SCENARIO.toml --seed S --replications N`: what reproduces a result.
pub fn command_line(command: &str, h: &Header) -> String {
    format!(
        "vpcsim {command} SCENARIO.toml --seed {} --replications {}",
        h.seed, h.replications
    )
}
