//! Each kind of page renders from its typed result; hostile names come out as text.

use super::*;
use crate::plan::CapacityAnswer;
use crate::plan::cost::{CostItem, Pricing};
use crate::report::compare::{Change, Comparison, CostPair, Figure, MetricRow, Subject};
use crate::report::summary::{PointSummary, SweepInfo};
use crate::sla::judge::{Compliance, Metric, Verdict};

const N1_FIXTURE: &str = include_str!("testdata/n1_summary.json");
const RUN_FIXTURE: &str = include_str!("../testdata/one_flow_summary.json");

/// A name holding markup, quotes, an ampersand, a bell, an escape and a right-to-left override.
const HOSTILE: &str = "a\"<img src=x onerror=alert(1)>&\u{7}\u{1b}[2K\u{202e}";

fn folder(summary: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("summary.json"), summary).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn run_summary() -> Summary {
    serde_json::from_str(RUN_FIXTURE).unwrap()
}

/// A failing run whose scenario, flow, reason, currency and cost item have hostile names.
fn hostile_run() -> Summary {
    let mut s = run_summary();
    s.header.scenario = "<script>alert(1)</script>".into();
    s.verdict = Verdict::Fail;
    let f = &mut s.flows[0];
    f.name = HOSTILE.into();
    f.verdict = Verdict::Fail;
    f.blocked_reason = Some("no <route> & \u{1b}[2K".into());
    f.loss = Some(Metric {
        mean: 1.0,
        ci95: [1.0, 1.0],
    });
    let (lo, hi) = crate::sla::wilson_interval(0, 8, 0.95);
    f.compliance.loss = Some(Compliance {
        share: 0.0,
        wilson95: [lo, hi],
        met: false,
    });
    s.cost.currency = "<b>".into();
    s.cost.per_day = Some(1.5);
    s.cost.items.push(CostItem {
        item: "<i>".into(),
        kind: "connection".into(),
        product: "express-connect".into(),
        rule: "per day".into(),
        basis: "1 interface".into(),
        per_day: Some(1.5),
        source: "the scenario's [cost]".into(),
        pricing: Pricing::Fixed { per_day: Some(1.5) },
    });
    s
}

/// What no page may hold: a script, markup from a name, a raw hidden character.
fn assert_inert(html: &str) {
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    assert!(!lower.contains("<img src=x"), "{html}");
    assert!(!html.contains("<route>") && !html.contains("<b>&lt;") && !html.contains("<i>"));
    for c in ['\u{7}', '\u{1b}', '\u{202e}'] {
        assert!(!html.contains(c), "a raw {c:?}");
    }
}

#[test]
fn hostile_names_are_escaped_and_nothing_executable_is_written() {
    let s = hostile_run();
    let svg = "<?xml version=\"1.0\"?><svg width=\"10\" height=\"10\"><script>x</script></svg>";
    let dir = folder(
        &serde_json::to_string(&s).unwrap(),
        &[("delay_cdf.svg", svg)],
    );
    let out = write_report(dir.path(), Kind::Run).unwrap();
    let html = std::fs::read_to_string(out).unwrap();
    assert_inert(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains(
        "<b>a&quot;&lt;img src=x onerror=alert(1)&gt;&amp;\\u{7}\\u{1b}[2K\\u{202e}</b> is \
         blocked: no &lt;route&gt; &amp; \\u{1b}[2K"
    ));
    assert!(html.contains("misses loss (mean 100.000% ≥ 0.2%): met in 0/8 replications"));
    assert!(html.contains("<td class=\"name\">&lt;i&gt;</td>"), "{html}");
    assert!(
        html.contains("Total: <b>1.50 &lt;b&gt;</b> per day"),
        "{html}"
    );
    assert!(
        html.contains("Per\u{a0}day<small>&lt;b&gt;</small>"),
        "{html}"
    );
    // The SVG is an image of its own bytes: its script is data, never markup of the page.
    let img = html.matches("<img ").count();
    assert_eq!(img, 1, "{html}");
    assert!(html.contains("<img class=\"plot wide\" src=\"data:image/svg+xml;base64,"));
    assert!(html.contains("default-src 'none'; style-src 'unsafe-inline'; img-src data:"));
}

#[test]
fn a_run_renders_from_its_summary() {
    let s = run_summary();
    let dir = tempfile::tempdir().unwrap();
    let html = run::render(&s, dir.path());
    assert!(
        html.contains("<span class=\"badge big pass\">PASS</span>"),
        "{html}"
    );
    assert!(html.contains("meets every SLA target"));
    assert!(html.contains("Yes. 1 flow and 0 connections meet every SLA target"));
    assert!(html.contains("db-replication<small>360\u{202F}162 of 360\u{202F}164 packets"));
    assert!(html.contains("The scenario has no connection."));
    assert!(html.contains("1\u{202F}258\u{202F}050"), "events simulated");
    assert!(html.contains("<pre>vpcsim run SCENARIO.toml --seed 42 --replications 8</pre>"));
    assert!(!html.contains("id=\"plots\""), "no plot in the folder");
    assert!(html.contains("<title>quickstart — PASS — vpcsim report</title>"));
}

#[test]
fn a_sweep_renders_from_its_summary() {
    let run = hostile_run();
    let point = |value: &str, x: f64, verdict: Verdict, cost: Option<f64>| PointSummary {
        value: value.into(),
        x,
        unit: "Mbps".into(),
        verdict,
        cost_per_day: cost,
        flows: if verdict == Verdict::Fail {
            run.flows.clone()
        } else {
            run_summary().flows
        },
        connections: Vec::new(),
    };
    let s = SweepSummary {
        header: run.header.clone(),
        verdict: Verdict::Pass,
        sweep: SweepInfo {
            parameter: "connection.<c>.spec".into(),
            currency: "USD".into(),
            points: vec![
                point("Small.1", 100.0, Verdict::Fail, Some(1.0)),
                point("Large.1", 1000.0, Verdict::Pass, Some(24.0)),
            ],
        },
        capacity: Some(CapacityAnswer {
            parameter: "connection.<c>.spec".into(),
            connection: "<c>".into(),
            smallest: "Large.1".into(),
            bandwidth_mbps: 1000.0,
            cost_per_day: Some(24.0),
        }),
        headroom: None,
        stats: run.stats.clone(),
    };
    let dir = folder(&serde_json::to_string(&s).unwrap(), &[]);
    let html = render_report(dir.path(), Kind::Sweep).unwrap();
    assert_inert(&html);
    assert!(html.contains(
        "The smallest <code>connection.&lt;c&gt;.spec</code> meeting every SLA target is \
         <b>Large.1</b> (1000 Mbps), at 24.00 USD per day."
    ));
    assert!(html.contains("meets every SLA target at 1 of 2 values"));
    assert!(
        html.contains("At <b>Small.1</b>: <b>a&quot;&lt;img"),
        "{html}"
    );
    assert!(html.contains("<tr class=\"chosen\"><td class=\"name\">Large.1<small>1000 Mbps"));
    assert!(html.contains("Cost per day<small>USD</small>"));
    assert!(
        html.contains("<td class=\"miss num\"><span class=\"v\">100.000%"),
        "{html}"
    );
}

#[test]
fn the_n1_fixture_shows_failing_cases_first() {
    let dir = folder(N1_FIXTURE, &[]);
    let html = render_report(dir.path(), Kind::N1).unwrap();
    assert_inert(&html);
    let failing = html.find("Failures the design does not survive").unwrap();
    let matrix = html.find("Every case × every flow").unwrap();
    assert!(failing < matrix);
    assert!(html.contains("unreachable"));
    assert!(html.contains("no path &lt;once the link is down&gt; &amp; no alternative\\u{7}"));
    assert!(html.contains("bi-feed &lt;&amp;&quot;'&gt;"));
    assert!(html.contains("<pre>vpcsim n1 SCENARIO.toml --seed 42 --replications 8</pre>"));
    assert!(!html.contains("<figure>"), "n1.svg is absent");
    let svg = "<?xml version=\"1.0\"?>\n<svg width=\"200\" height=\"100\" \
               xmlns=\"http://www.w3.org/2000/svg\"><text x=\"1\" y=\"9\">n-1</text></svg>\n";
    let dir = folder(N1_FIXTURE, &[("n1.svg", svg)]);
    let html = render_report(dir.path(), Kind::N1).unwrap();
    assert_eq!(html.matches("<figure>").count(), 1);
    assert!(!html.contains("<?xml") && !html.contains("<svg"));
    assert!(html.contains("alt=\"Flows under each single failure\" width=\"200\" height=\"100\">"));
}

#[test]
fn a_comparison_renders_from_its_value() {
    let figure = |mean: f64| {
        Some(Figure {
            mean,
            ci95: [mean, mean],
        })
    };
    let subject = Subject {
        name: HOSTILE.into(),
        verdict_a: Some(Verdict::Pass),
        verdict_b: None,
        missed_a: Vec::new(),
        missed_b: Vec::new(),
        metrics: vec![MetricRow {
            metric: "delay_ms.mean".into(),
            a: figure(1.5),
            b: figure(2.0),
            overlap: Some(false),
            change: Change::Worse,
        }],
    };
    let c = Comparison {
        a: "<a>".into(),
        b: "b & c".into(),
        verdict_a: Verdict::Pass,
        verdict_b: Verdict::Fail,
        flows: vec![subject],
        connections: Vec::new(),
        cost: CostPair {
            currency_a: Some("<b>".into()),
            currency_b: None,
            per_day_a: Some(2.0),
            per_day_b: None,
            difference: None,
        },
        regressions: vec!["flow <x> fails in B".into()],
        improvements: Vec::new(),
        answer: "B misses <loss> & more.".into(),
    };
    let html = compare::render(&c, [true, false]);
    assert_inert(&html);
    assert!(
        html.contains("<h1>b &amp; c <small>against</small> &lt;a&gt;</h1>"),
        "{html}"
    );
    assert!(html.contains("<p class=\"lead\">B misses &lt;loss&gt; &amp; more.</p>"));
    assert!(html.contains("<li>flow &lt;x&gt; fails in B</li>"));
    assert!(html.contains("<a href=\"a/report.html\">its report</a>"));
    assert!(!html.contains("b/report.html"));
    assert!(html.contains("2.00 &lt;b&gt;"));
    assert!(html.contains("1.500 ms<small> [1.500, 1.500]</small>"));
    assert!(html.contains("<b class=\"fail\">worse</b>"));
    assert!(html.contains("not in this design"));
}

#[test]
fn a_folder_without_a_summary_of_its_kind_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = |kind| write_report(dir.path(), kind).unwrap_err();
    assert!(err(Kind::Run).contains("no summary.json"));
    std::fs::write(dir.path().join("summary.json"), "{").unwrap();
    assert!(err(Kind::Run).contains("not valid JSON"));
    std::fs::write(dir.path().join("summary.json"), "[]").unwrap();
    assert!(err(Kind::Run).contains("not the summary of a vpcsim run result"));
    std::fs::write(dir.path().join("summary.json"), RUN_FIXTURE).unwrap();
    assert!(err(Kind::Sweep).contains("not the summary of a vpcsim sweep result"));
    assert!(err(Kind::N1).contains("not the summary of a vpcsim n1 result"));
    assert!(err(Kind::Shard).contains("a shard result has no report.html"));
    assert!(err(Kind::Compare).contains("a compare result has no report.html"));
    assert!(!dir.path().join(REPORT_FILE).exists());
    assert!(write_report(dir.path(), Kind::Run).is_ok());
}
