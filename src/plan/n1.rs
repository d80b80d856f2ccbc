//! N-1 analysis: fail each single element in turn — every backbone link (all its members),
//! every leased line, every VBR, every connection that carries traffic — for the whole
//! packet window, with routing converged around it, and judge every flow.
//!
//! A case is an edited scenario (its `failed` list), built and compiled like any other
//! experiment. A case whose element no flow's candidate path uses cannot change anything, so
//! it reuses the results of the `none` case instead of being simulated again. Availability
//! is not judged in a case (it asks how the network carries traffic with the element down,
//! not how often elements fail).

use crate::metrics::DropCause;
use crate::model::Network;
use crate::net::health::{Health, fault_scope};
use crate::net::routing::best;
use crate::scenario::Scenario;
use crate::sla::judge::{FlowVerdict, SlaReport, Verdict};
use crate::sla::metric::SlaMetric;
use crate::sla::targets::FlowTargets;
use crate::topology::Plan;
use serde::{Deserialize, Serialize};
use serde_spanned::Spanned;

/// The case in which nothing fails.
pub const NONE: &str = "none";

/// Every single failure unit of `net`, as fault targets ("link:A/B", ...), after `none`.
pub fn cases(net: &Network) -> Vec<String> {
    let mut out = vec![NONE.to_string()];
    out.extend(net.links.iter().map(|l| {
        format!(
            "link:{}/{}",
            net.regions[l.a.index()].name,
            net.regions[l.b.index()].name
        )
    }));
    out.extend(
        net.physical_connections
            .iter()
            .map(|p| format!("physical_connection:{}", p.name)),
    );
    out.extend(net.vbrs.iter().map(|v| format!("vbr:{}", v.name)));
    out.extend(
        net.connections
            .iter()
            .enumerate()
            .filter(|(i, _)| net.carries_traffic(crate::model::ConnectionId(*i as u32)))
            .map(|(_, c)| format!("connection:{}", c.name)),
    );
    out
}

/// The scenario with `case` failed for the whole window.
pub fn edit(s: &Scenario, case: &str) -> Scenario {
    let mut s = s.clone();
    s.sweep = None;
    if case != NONE {
        s.failed.push(Spanned::new(0..0, case.to_string()));
    }
    s
}

/// Whether the elements a case fails are on any flow's candidate paths.
pub fn matters(net: &Network, plan: &Plan) -> bool {
    net.failed.iter().any(|t| {
        let (members, element) = fault_scope(plan, *t);
        plan.flows.iter().flat_map(|f| &f.candidates).any(|p| {
            let path = plan.path(*p);
            element.is_some_and(|e| path.elements.contains(&e))
                || path.elements.iter().any(|e| {
                    plan.elements[e.index()].bundle.is_some_and(|b| {
                        members
                            .iter()
                            .any(|m| plan.bundles[b.index()].members.contains(m))
                    })
                })
        })
    })
}

/// Per flow, whether some candidate path works with the case's elements down (and every
/// other member up).
pub fn reachable(net: &Network, plan: &Plan) -> Vec<bool> {
    let mut health = Health::new(
        plan,
        vec![true; plan.members.len()],
        (0..net.connections.len())
            .map(|c| net.carries_traffic(crate::model::ConnectionId(c as u32)))
            .collect(),
    );
    health.fail_from_start(plan, &net.failed);
    plan.flows
        .iter()
        .map(|f| best(plan, &health, &f.candidates).is_some())
        .collect()
}

/// One row of n1.csv: a case × a flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct N1Row {
    #[serde(with = "crate::sla::cell")]
    pub case: String,
    #[serde(with = "crate::sla::cell")]
    pub flow: String,
    pub verdict: Verdict,
    pub loss: Option<f64>,
    pub jitter: Option<f64>,
    pub delay_mean_ms: Option<f64>,
    pub reachable: bool,
    /// Why the flow fails in this case; empty when it passes.
    #[serde(with = "crate::sla::cell::optional")]
    pub reason: Option<String>,
    /// The cause that lost the most of the flow's packets (`queue`, `cap`, `link`, `encap`,
    /// `down`, `blocked`); empty when nothing was lost.
    #[serde(default)]
    pub loss_cause: Option<DropCause>,
    /// What the flow is judged on (in summary.json, not in n1.csv).
    #[serde(skip)]
    pub targets: FlowTargets,
}

/// A target as a percentage: 0.002 → "0.2%".
fn percent(fraction: f64) -> String {
    format!("{}%", (fraction * 100.0 * 1e6).round() / 1e6)
}

/// Why a flow misses its targets, in words.
fn reason(f: &FlowVerdict, reachable: bool) -> Option<String> {
    if f.verdict == Verdict::Pass {
        return None;
    }
    if !reachable {
        return Some("no path".into());
    }
    let why: Vec<String> = f
        .missed()
        .filter(|m| *m != SlaMetric::Availability)
        .map(|m| {
            let mean = f.metric(m).map_or(f64::NAN, |x| x.mean * 100.0);
            let digits = if m == SlaMetric::Jitter { 2 } else { 3 };
            let cause = match (m, f.lost.dominant()) {
                (SlaMetric::Loss, Some(d)) => format!(", {d}"),
                _ => String::new(),
            };
            let target = f.targets.get(m).map_or(String::new(), |t| {
                format!(" (target {} {})", m.bound().op(), percent(t))
            });
            format!("{} {mean:.digits$}%{cause}{target}", m.words())
        })
        .collect();
    Some(why.join("; "))
}

/// The rows of one case.
pub fn rows(case: &str, report: &SlaReport, reachable: &[bool]) -> Vec<N1Row> {
    report
        .flows
        .iter()
        .zip(reachable)
        .map(|(f, r)| N1Row {
            case: case.to_string(),
            flow: f.name.clone(),
            verdict: f.verdict,
            loss: f.loss.map(|m| m.mean),
            jitter: f.jitter.map(|m| m.mean),
            delay_mean_ms: f.delay_ms.mean.map(|m| m.mean),
            reachable: *r,
            reason: reason(f, *r),
            loss_cause: f.lost.dominant_cause(),
            targets: f.targets,
        })
        .collect()
}

/// A case in summary.json.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseSummary {
    pub case: String,
    pub verdict: Verdict,
    /// Whether the case was simulated, or reused the `none` case because no flow's path
    /// crosses what it fails.
    pub simulated: bool,
    pub flows: Vec<CaseFlow>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseFlow {
    pub flow: String,
    pub verdict: Verdict,
    pub loss: Option<f64>,
    pub jitter: Option<f64>,
    pub delay_mean_ms: Option<f64>,
    pub reachable: bool,
    pub reason: Option<String>,
    pub loss_cause: Option<DropCause>,
    /// What the flow is judged on.
    pub targets: FlowTargets,
}

/// The summary of a case from its rows.
pub fn case_summary(case: &str, simulated: bool, rows: &[N1Row]) -> CaseSummary {
    let flows: Vec<CaseFlow> = rows
        .iter()
        .map(|r| CaseFlow {
            flow: r.flow.clone(),
            verdict: r.verdict,
            loss: r.loss,
            jitter: r.jitter,
            delay_mean_ms: r.delay_mean_ms,
            reachable: r.reachable,
            reason: r.reason.clone(),
            loss_cause: r.loss_cause,
            targets: r.targets,
        })
        .collect();
    CaseSummary {
        case: case.to_string(),
        verdict: Verdict::from(flows.iter().all(|f| f.verdict == Verdict::Pass)),
        simulated,
        flows,
    }
}
