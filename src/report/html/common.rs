//! Parts every report page shares: the heading with the verdict, the assumptions (run
//! identity and SLA definitions), the failure sentences, the plots and the footer.

use super::kit::{
    Table, escape, facts, figure, num, scalar, section, str_of, target_text, verdict_badge_big,
    verdict_class,
};
use super::svg::{MAX_SVG_BYTES, inline_svg};
use serde_json::Value;
use std::fmt::Write;
use std::path::Path;

/// Minutes in the 30 days over which downtime is quoted.
pub const MINUTES_PER_30_DAYS: f64 = 30.0 * 24.0 * 60.0;

/// The replications of a summary (0 when absent).
pub fn replications(s: &Value) -> u64 {
    s.get("replications").and_then(Value::as_u64).unwrap_or(0)
}

/// The scenario name of a summary, "(unnamed scenario)" when absent.
pub fn scenario_name(s: &Value) -> String {
    str_of(s.get("scenario"))
        .filter(|n| !n.is_empty())
        .unwrap_or("(unnamed scenario)")
        .to_string()
}

/// The page heading: what kind of document, the scenario name, the big verdict and the
/// verdict in words (HTML).
pub fn heading(s: &Value, kind: &str, words_html: &str) -> String {
    let verdict = str_of(s.get("verdict"));
    format!(
        "<header class=\"head {cls}\">\n<div class=\"kicker\">vpcsim · {kind}</div>\n\
         <h1>{name}</h1>\n<div class=\"verdict-line\">{badge}\
         <span class=\"verdict-words\">{words_html}</span></div>\n</header>\n",
        cls = verdict_class(verdict),
        kind = escape(kind),
        name = escape(&scenario_name(s)),
        badge = verdict_badge_big(verdict),
    )
}

/// The answer box: a lead sentence and a list of items (both HTML).
pub fn answer(verdict: Option<&str>, lead_html: &str, items_html: &[String]) -> String {
    let mut o = format!(
        "<section class=\"answer {}\" id=\"answer\">\n<h2>Answer</h2>\n<p class=\"lead\">{lead_html}</p>\n",
        verdict_class(verdict)
    );
    if !items_html.is_empty() {
        o.push_str("<ul>\n");
        for i in items_html {
            let _ = writeln!(o, "<li>{i}</li>");
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
    o
}

/// One SLA target: its key in `sla`, in `compliance` and in a flow, its name, comparison.
pub struct Target {
    /// Key of the metric in a flow and of its compliance.
    pub key: &'static str,
    /// Name in sentences.
    pub name: &'static str,
    /// Key of the threshold in `sla`.
    pub threshold: &'static str,
    /// The comparison a compliant value satisfies: "<", "≤" or "≥".
    pub op: &'static str,
    /// Decimals of its percentage.
    pub decimals: usize,
}

/// The four targets of the SLA, in table order.
pub const TARGETS: [Target; 4] = [
    Target {
        key: "loss",
        name: "loss",
        threshold: "max_loss",
        op: "<",
        decimals: 3,
    },
    Target {
        key: "jitter",
        name: "jitter",
        threshold: "max_jitter",
        op: "≤",
        decimals: 2,
    },
    Target {
        key: "encap_success",
        name: "encapsulation success",
        threshold: "min_encap_success",
        op: "≥",
        decimals: 3,
    },
    Target {
        key: "availability",
        name: "availability",
        threshold: "min_availability",
        op: "≥",
        decimals: 4,
    },
];

impl Target {
    /// Whether `x` meets `limit`.
    pub fn meets(&self, x: f64, limit: f64) -> bool {
        match self.op {
            "<" => x < limit,
            "≤" => x <= limit,
            _ => x >= limit,
        }
    }

    /// The comparison a value missing the target satisfies.
    pub fn miss_op(&self) -> &'static str {
        match self.op {
            "<" => "≥",
            "≤" => ">",
            _ => "<",
        }
    }

    /// The column heading: name and the target in small type (HTML).
    pub fn header(&self, sla: &Value) -> String {
        let name = match self.key {
            "encap_success" => "Encap. success".to_string(),
            "jitter" => match str_of(sla.get("jitter")) {
                Some(d) => format!("Jitter ({})", escape(d)),
                None => "Jitter".to_string(),
            },
            "loss" => "Loss".to_string(),
            _ => "Availability".to_string(),
        };
        format!(
            "{name}<small>target {} {}</small>",
            self.op,
            target_text(num(sla.get(self.threshold)))
        )
    }
}

/// Why `subject` (HTML, e.g. a bold name) misses `target`: a sentence from the metric's mean
/// and the compliance share, or `None` when the compliance says it is met or is absent.
pub fn miss_sentence(
    subject_html: &str,
    target: &Target,
    metric: Option<&Value>,
    compliance: Option<&Value>,
    s: &Value,
) -> Option<String> {
    let c = compliance.filter(|c| c.is_object())?;
    if c.get("met").and_then(Value::as_bool) != Some(false) {
        return None;
    }
    let sla = s.get("sla").unwrap_or(&Value::Null);
    let limit = num(sla.get(target.threshold));
    let mean = metric.and_then(|m| num(m.get("mean")));
    let unit = super::kit::Unit::Percent(target.decimals);
    let required = target_text(num(sla.get("required_compliance")));
    let met = match super::kit::replication_counts(c, replications(s)) {
        Some((k, n)) => format!("met in {k}/{n} replications"),
        None => format!(
            "met in {} of replications",
            super::kit::share_text(num(c.get("share")).unwrap_or(f64::NAN))
        ),
    };
    let mut o = format!("{subject_html} misses {}", target.name);
    match (mean, limit) {
        (Some(m), Some(l)) if !target.meets(m, l) => {
            let _ = write!(
                o,
                " (mean {} {} {}): {met}, {required} required",
                unit.format(m),
                target.miss_op(),
                target_text(Some(l))
            );
        }
        (Some(m), Some(l)) => {
            let _ = write!(
                o,
                ": {met}, {required} required, though the mean {} is {} {}",
                unit.format(m),
                target.op,
                target_text(Some(l))
            );
        }
        _ => {
            let _ = write!(o, ": {met}, {required} required");
        }
    }
    Some(o)
}

/// The sentences naming what a flow misses (HTML); a blocked flow says why.
pub fn flow_failures(flow: &Value, s: &Value) -> Vec<String> {
    let name = format!("<b>{}</b>", escape(str_of(flow.get("name")).unwrap_or("?")));
    let mut out = Vec::new();
    if let Some(reason) = str_of(flow.get("blocked_reason")) {
        out.push(format!("{name} is blocked: {}", escape(reason)));
    }
    let compliance = flow.get("compliance");
    for t in &TARGETS {
        if let Some(m) = miss_sentence(
            &name,
            t,
            flow.get(t.key),
            compliance.and_then(|c| c.get(t.key)),
            s,
        ) {
            out.push(m);
        }
    }
    if out.is_empty() && str_of(flow.get("verdict")) == Some("fail") {
        out.push(format!("{name} fails"));
    }
    out
}

/// The sentences naming what a connection misses (HTML).
pub fn connection_failures(conn: &Value, s: &Value) -> Vec<String> {
    let name = format!(
        "connection <b>{}</b>",
        escape(str_of(conn.get("name")).unwrap_or("?"))
    );
    let t = &TARGETS[3];
    let mut out: Vec<String> = miss_sentence(
        &name,
        t,
        conn.get("availability"),
        conn.get("compliance").and_then(|c| c.get("availability")),
        s,
    )
    .into_iter()
    .collect();
    if out.is_empty() && str_of(conn.get("verdict")) == Some("fail") {
        out.push(format!("{name} fails"));
    }
    out
}

/// One sentence on a jitter definition.
pub fn jitter_definition(name: Option<&str>) -> String {
    match name {
        Some("pdv") => "PDV (RFC 5481 packet delay variation): the 99th percentile of the one-way \
                        delay minus its minimum, divided by the minimum."
            .into(),
        Some("ipdv") => {
            "IPDV (inter-packet delay variation): the mean absolute difference between \
                         the one-way delays of consecutive delivered packets, divided by the mean \
                         delay."
                .into()
        }
        Some("rfc3550") => "RFC 3550 interarrival jitter: the smoothed estimate J += (|D(i) − \
                            D(i−1)| − J)/16 over consecutive delivered packets, divided by the \
                            mean delay."
            .into(),
        Some(other) => format!(
            "“{}”, a definition this report does not know.",
            escape(other)
        ),
        None => "not stated in the summary.".into(),
    }
}

/// The note under the SLA targets of a run or sweep: how to read the figures (HTML).
pub const FIGURES_NOTE: &str = "<p class=\"note\">Every figure below is the mean over the \
     replications; under it in small type, its 95% confidence interval (Student t) and, for a \
     target, “k/n met”: the replications that meet it out of those that measure it (✗ when \
     fewer than the required share). “—” marks a figure that does not apply or was not \
     measured.</p>\n";

/// The assumptions: who ran what (scenario, hash, seed, replications, tool version), extra
/// facts (HTML), the SLA definitions, then `note_html`.
pub fn assumptions(s: &Value, note_html: &str, extra: &[(&str, String)]) -> String {
    let mut items = vec![
        ("Scenario", escape(&scenario_name(s))),
        (
            "Scenario SHA-256",
            format!(
                "<span class=\"mono\">{}</span>",
                scalar(s.get("scenario_hash"))
            ),
        ),
        ("Seed", scalar(s.get("seed"))),
        ("Replications", scalar(s.get("replications"))),
        ("Tool", format!("vpcsim {}", scalar(s.get("version")))),
    ];
    if let Some(e) = s.get("stats").and_then(|st| st.get("events")) {
        let events = e
            .as_u64()
            .map_or_else(|| scalar(Some(e)), super::run::group);
        items.push(("Events simulated", events));
    }
    items.extend(extra.iter().cloned());
    let mut o = facts(&items);
    let sla = s.get("sla").unwrap_or(&Value::Null);
    let t = |k: &str| target_text(num(sla.get(k)));
    let mut table = Table::new(&["Target", "Threshold", "Judged for", "What it measures"]);
    table.row(vec![
        "Loss".to_string(),
        format!("&lt; {}", t("max_loss")),
        "each flow".into(),
        "Packets lost ÷ packets offered in one replication, whatever the cause (queue, \
         bandwidth cap, link, encapsulation, outage, blocked)."
            .into(),
    ]);
    table.row(vec![
        format!(
            "Jitter <small>definition: {}</small>",
            scalar(sla.get("jitter"))
        ),
        format!("≤ {}", t("max_jitter")),
        "each flow".into(),
        jitter_definition(str_of(sla.get("jitter"))),
    ]);
    table.row(vec![
        "Encapsulation success".to_string(),
        format!("≥ {}", t("min_encap_success")),
        "each flow through a tunnel".into(),
        "Packets encapsulated ÷ packets presented at a tunnel ingress (a packet too large for \
         the MTU after the overhead fails)."
            .into(),
    ]);
    table.row(vec![
        "Availability".to_string(),
        format!("≥ {}", t("min_availability")),
        "each flow and connection".into(),
        "Share of the availability horizon with a working path, rerouting included; shown \
         below also as downtime in minutes per 30 days."
            .into(),
    ]);
    table.row(vec![
        "Compliance".to_string(),
        format!("≥ {} of replications", t("required_compliance")),
        "every target".into(),
        "A target is met when at least this share of the Monte Carlo replications meets it; a \
         flow or connection passes when it meets all its targets, and the design passes when \
         all of them do."
            .into(),
    ]);
    o.push_str(&table.caption("SLA targets").to_html());
    o.push_str(note_html);
    section("assumptions", "Assumptions", &o)
}

/// A plot of the folder: its file name, title and caption.
pub struct Plot {
    pub file: &'static str,
    pub title: &'static str,
    pub caption: &'static str,
}

/// The plots of `plots` present in `dir`, inlined as figures; a file that cannot be inlined
/// is named with the reason. Empty when none is present.
pub fn plots_section(dir: &Path, plots: &[Plot], heading: &str) -> String {
    let mut body = String::new();
    let mut number = 0;
    for p in plots {
        let path = dir.join(p.file);
        if !path.is_file() {
            continue;
        }
        let text = crate::report::manifest::read_limited(&path, MAX_SVG_BYTES)
            .and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8 text".to_string()));
        match text.and_then(|t| inline_svg(&t, p.title)) {
            Ok(svg) => {
                number += 1;
                let caption = format!("{} ({})", p.caption, p.file);
                body.push_str(&figure(&svg, number, p.title, &caption));
            }
            Err(e) => {
                let _ = writeln!(
                    body,
                    "<p class=\"note warn\">{} is not shown: {}.</p>",
                    escape(p.file),
                    escape(&e)
                );
            }
        }
    }
    if body.is_empty() {
        return String::new();
    }
    format!(
        "<section class=\"plots\" id=\"plots\">\n<h2>{}</h2>\n{body}</section>\n",
        escape(heading)
    )
}

/// The footer: how to reproduce the result (`command_html`, already escaped) and where the
/// figures come from.
pub fn footer(s: &Value, command_html: &str, files: &str) -> String {
    format!(
        "<footer>\n<p><b>Reproduce.</b> With the scenario file whose SHA-256 is \
         <span class=\"mono\">{hash}</span> (scenario “{name}”) and vpcsim {version}:</p>\n\
         <pre>{command_html}</pre>\n<p>A run is a pure function of the scenario and the seed: \
         the same command gives byte-identical results on any machine, whatever the thread \
         count or sharding. This page was generated from {files} of the result folder and \
         loads nothing else.</p>\n</footer>\n",
        hash = scalar(s.get("scenario_hash")),
        name = escape(&scenario_name(s)),
        version = scalar(s.get("version")),
    )
}

/// `vpcsim run SCENARIO.toml --seed S --replications N`, escaped.
pub fn run_command(s: &Value) -> String {
    let mut c = String::from("vpcsim run SCENARIO.toml");
    if let Some(seed) = s.get("seed").filter(|v| !v.is_null()) {
        let _ = write!(c, " --seed {}", scalar(Some(seed)));
    }
    if let Some(n) = s.get("replications").filter(|v| !v.is_null()) {
        let _ = write!(c, " --replications {}", scalar(Some(n)));
    }
    c
}
