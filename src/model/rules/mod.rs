//! The product rules vpcsim enforces, each with a stable id, the product it belongs to and
//! the document that states it. A rule applies to the product whose document states it:
//! Alibaba's Express Connect documents (seeds 000–002) for router interfaces, physical
//! connections and VBRs; Tencent's VPC peering document (seed 003) for peering; the internet
//! follows neither; rules the documents leave to the model belong to the scenario format.
//!
//! A broken rule is reported with its id (`rule: PEERING-MAX-PEERS` under the message), so
//! scripts and tests key on the id, not on the words; docs/scenario.md's rule table is checked
//! against [`RULES`].

mod alibaba;
mod shared;
mod tencent;

pub use alibaba::*;
pub use shared::*;
pub use tencent::*;

use super::sources::Source;
use crate::scenario::Diagnostics;
use std::ops::Range;

/// Whose rule it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// Alibaba Express Connect: router interfaces, physical connections, VBRs (seeds 000–002).
    ExpressConnect,
    /// Tencent VPC peering (seed 003).
    Peering,
    /// Every product: each document states it for its own.
    AllProducts,
    /// The scenario format: what the documents leave to the model.
    Format,
}

impl Owner {
    /// The owner as the rule table names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Owner::ExpressConnect => "express-connect",
            Owner::Peering => "peering",
            Owner::AllProducts => "all products",
            Owner::Format => "scenario format",
        }
    }
}

/// One rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, e.g. `PEERING-MAX-PEERS`.
    pub id: &'static str,
    pub owner: Owner,
    /// Where it is stated.
    pub source: Source,
    /// The rule in one sentence, as docs/scenario.md's rule table states it.
    pub statement: &'static str,
}

/// Every rule, in the order of the reference's table.
pub const RULES: &[&Rule] = &[
    &PROVIDER_OF_REGION,
    &ONE_BACKBONE_PER_PROVIDER,
    &EC_IN_ALIBABA,
    &LINE_TO_ALIBABA,
    &PEERING_IN_TENCENT,
    &PEERING_JOINS_VPCS,
    &EC_VBR_INITIATOR,
    &EC_NEGATIVE_SPEC,
    &EC_CAPACITY_IS_SPEC,
    &EC_ONE_PAIR,
    &EC_MAX_INTERFACES,
    &EC_ACCESS,
    &EC_TUNNEL,
    &IDC_THROUGH_VBR,
    &ENDS_DISJOINT,
    &PEERING_ONE_PER_PAIR,
    &PEERING_MAX_PEERS,
    &PEERING_PEERS_DISJOINT,
    &PEERING_BANDWIDTH,
    &PEERING_APPLICATION_EXPIRES,
    &PEERING_LIFECYCLE,
    &PEERING_ACCESS,
    &PEERING_NO_TUNNEL,
    &BACKBONE_REACHES,
    &SLB_BACKENDS,
    &RECEIVER_DECLARED,
    &ACTIVE_CARRIES,
    &NOT_TRANSITIVE,
    &CROSS_CLOUD_INTERNET,
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// Every rule as a Markdown table (id, product, document, rule): docs/scenario.md holds it
/// as printed here, and `vpcsim rules` prints it.
pub fn markdown_table() -> String {
    let mut out = String::from("| id | applies to | document | rule |\n|---|---|---|---|\n");
    for r in RULES {
        let cell = |s: String| s.replace('|', "\\|");
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id,
            r.owner.as_str(),
            cell(r.source.to_string()),
            cell(r.statement.to_string())
        ));
    }
    out
}

/// A message that names the document of its rule.
pub fn cite(rule: &Rule, message: impl std::fmt::Display) -> String {
    format!("{message} ({})", rule.source)
}

/// Reports a broken rule as an error: the message cites the rule's document, the diagnostic
/// carries the rule's id.
pub fn error(
    diags: &mut Diagnostics,
    rule: &Rule,
    span: Range<usize>,
    key: impl Into<String>,
    message: impl std::fmt::Display,
    hint: impl Into<String>,
) {
    diags.error_hint(span, key, cite(rule, message), hint);
    tag(diags, rule);
}

/// Reports a rule as a warning (see [`error`]).
pub fn warning(
    diags: &mut Diagnostics,
    rule: &Rule,
    span: Range<usize>,
    key: impl Into<String>,
    message: impl std::fmt::Display,
) {
    diags.warning(span, key, cite(rule, message));
    tag(diags, rule);
}

fn tag(diags: &mut Diagnostics, rule: &Rule) {
    if let Some(d) = diags.items.last_mut() {
        d.rule = Some(rule.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_unique_id_in_capitals() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        assert!(ids.iter().all(|id| {
            id.chars()
                .all(|c| c.is_ascii_uppercase() || c == '-' || c.is_ascii_digit())
        }));
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule ids");
    }

    #[test]
    fn a_product_rule_cites_its_own_products_document() {
        use super::super::sources::Source::*;
        for r in RULES {
            match r.owner {
                Owner::ExpressConnect => assert!(
                    matches!(r.source, EcFaq(_) | EcWhatIs | EcLater | Contract),
                    "{}",
                    r.id
                ),
                Owner::Peering => assert!(matches!(r.source, Peering(_)), "{}", r.id),
                _ => {}
            }
        }
    }
}
