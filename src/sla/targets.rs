//! Which targets each flow and connection is judged on.
//!
//! Each product promises its own SLA, stated by its own document:
//! - Express Connect (Alibaba, seed 001, "Communication quality and availability"): delay
//!   jitter does not exceed 20%, encapsulation success rate is not lower than 99.8%,
//!   availability is not lower than 99.95%, packet loss rate is lower than 0.2%;
//! - VPC peering (Tencent, seed 003, section 3): availability 99.95% or more; the document
//!   states no loss, jitter or encapsulation figure, and peering has no tunnel;
//! - the internet: no promise at all (seed 001 contrasts it with Express Connect).
//!
//! A scenario writes targets over these: at the top of `[sla]` for every product, in
//! `[sla.express-connect]`, `[sla.peering]` or `[sla.internet]` for one. A flow is judged
//! on the targets of the products its paths use (the stricter where two differ); a metric
//! that is no target of its flow is reported and never judged.

use super::metric::SlaMetric;
use crate::model::Network;
use crate::scenario::{ConnectionType, SlaSection, WrittenTargets};
use serde::{Deserialize, Serialize};

/// The targets of one flow, as fractions; `None` where the metric is no target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowTargets {
    #[serde(deserialize_with = "Option::deserialize")]
    pub max_loss: Option<f64>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub max_jitter: Option<f64>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub min_encap_success: Option<f64>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub min_availability: Option<f64>,
}

impl FlowTargets {
    /// No target at all.
    pub const NONE: FlowTargets = FlowTargets {
        max_loss: None,
        max_jitter: None,
        min_encap_success: None,
        min_availability: None,
    };

    /// The target on `m`, if it is one.
    pub fn get(&self, m: SlaMetric) -> Option<f64> {
        match m {
            SlaMetric::Loss => self.max_loss,
            SlaMetric::Jitter => self.max_jitter,
            SlaMetric::EncapSuccess => self.min_encap_success,
            SlaMetric::Availability => self.min_availability,
        }
    }

    fn slot(&mut self, m: SlaMetric) -> &mut Option<f64> {
        match m {
            SlaMetric::Loss => &mut self.max_loss,
            SlaMetric::Jitter => &mut self.max_jitter,
            SlaMetric::EncapSuccess => &mut self.min_encap_success,
            SlaMetric::Availability => &mut self.min_availability,
        }
    }

    /// Both sets at once: a target of either is a target, the stricter where both have one.
    pub fn strictest(mut self, other: FlowTargets) -> FlowTargets {
        for m in SlaMetric::ALL {
            let v = match (self.get(m), other.get(m)) {
                (Some(a), Some(b)) => Some(m.bound().stricter(a, b)),
                (a, b) => a.or(b),
            };
            *self.slot(m) = v;
        }
        self
    }

    /// Whether any metric is a target.
    pub fn any(&self) -> bool {
        SlaMetric::ALL.iter().any(|m| self.get(*m).is_some())
    }

    /// Whether one replication's `value` of `m` meets its target: `None` where the metric is
    /// no target or the replication has no value.
    pub fn met(&self, m: SlaMetric, value: Option<f64>) -> Option<bool> {
        Some(m.meets(value?, self.get(m)?))
    }
}

/// The targets of one connection: its availability, where its product promises one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionTargets {
    #[serde(deserialize_with = "Option::deserialize")]
    pub min_availability: Option<f64>,
}

/// What the targets of several flows (or connections) on one metric have in common, for a
/// report column or a plot legend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shared {
    /// Every one has this target.
    Same(f64),
    /// None has one.
    None,
    /// They differ.
    Varies,
}

impl Shared {
    /// The common target of `targets`.
    pub fn of(targets: impl IntoIterator<Item = Option<f64>>) -> Shared {
        let mut it = targets.into_iter();
        let Some(first) = it.next() else {
            return Shared::None;
        };
        if it.all(|t| t == first) {
            first.map_or(Shared::None, Shared::Same)
        } else {
            Shared::Varies
        }
    }
}

/// What a product's own document promises, before the scenario writes anything.
pub fn promised(product: ConnectionType) -> FlowTargets {
    match product {
        // seed 001, "Communication quality and availability".
        ConnectionType::ExpressConnect => FlowTargets {
            max_loss: Some(0.002),
            max_jitter: Some(0.20),
            min_encap_success: Some(0.998),
            min_availability: Some(0.9995),
        },
        // seed 003, section 3: "Availability: 99.95% or more, no single point of failure".
        ConnectionType::Peering => FlowTargets {
            min_availability: Some(0.9995),
            ..FlowTargets::NONE
        },
        ConnectionType::Internet => FlowTargets::NONE,
    }
}

fn written(w: &WrittenTargets) -> FlowTargets {
    FlowTargets {
        max_loss: w.max_loss.map(|r| r.fraction()),
        max_jitter: w.max_jitter.map(|r| r.fraction()),
        min_encap_success: w.min_encap_success.map(|r| r.fraction()),
        min_availability: w.min_availability.map(|r| r.fraction()),
    }
}

/// What a flow over `product` alone is judged on: the product's table of `[sla]`, else the
/// top of `[sla]`, else the product's document.
pub fn for_product(sla: &SlaSection, product: ConnectionType) -> FlowTargets {
    let own = written(sla.written_for(product));
    let all = written(&sla.all);
    let promise = promised(product);
    let mut t = FlowTargets::NONE;
    for m in SlaMetric::ALL {
        *t.slot(m) = own.get(m).or(all.get(m)).or(promise.get(m));
    }
    t
}

/// A flow's targets by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedFlowTargets {
    pub name: String,
    pub targets: FlowTargets,
}

/// A connection's targets by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedConnectionTargets {
    pub name: String,
    pub targets: ConnectionTargets,
}

/// What every flow and connection of a design is judged on, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignTargets {
    /// Share of replications that must meet a target.
    pub required_compliance: f64,
    /// The jitter definition `max_jitter` judges.
    pub jitter: String,
    pub flows: Vec<NamedFlowTargets>,
    pub connections: Vec<NamedConnectionTargets>,
}

impl DesignTargets {
    /// The targets of `net`'s flows (from the products their routes use, whether or not the
    /// connections are active yet) and of every connection.
    pub fn of(net: &Network) -> DesignTargets {
        let sla = &net.sla;
        let flows = net
            .flows
            .iter()
            .map(|f| {
                let products = crate::topology::choices_of(net, &f.from, &f.to, f.opener, false)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| net.connections[c.connection.index()].kind);
                let targets = products.fold(None, |acc: Option<FlowTargets>, p| {
                    let t = for_product(sla, p);
                    Some(acc.map_or(t, |a| a.strictest(t)))
                });
                NamedFlowTargets {
                    name: f.name.clone(),
                    // A flow no route carries is judged on what [sla] writes for every
                    // product, and fails as blocked whatever its targets.
                    targets: targets.unwrap_or_else(|| written(&sla.all)),
                }
            })
            .collect();
        let connections = net
            .connections
            .iter()
            .map(|c| NamedConnectionTargets {
                name: c.name.clone(),
                targets: ConnectionTargets {
                    min_availability: for_product(sla, c.kind).min_availability,
                },
            })
            .collect();
        DesignTargets {
            required_compliance: sla.required_compliance.fraction(),
            jitter: sla.jitter.to_string(),
            flows,
            connections,
        }
    }

    /// The targets of the flow called `name`; none for a flow the design does not have.
    pub fn flow(&self, name: &str) -> FlowTargets {
        self.flows
            .iter()
            .find(|f| f.name == name)
            .map_or(FlowTargets::NONE, |f| f.targets)
    }

    /// The targets of the connection called `name`.
    pub fn connection(&self, name: &str) -> ConnectionTargets {
        self.connections
            .iter()
            .find(|c| c.name == name)
            .map_or(ConnectionTargets::default(), |c| c.targets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Ratio;

    #[test]
    fn each_product_promises_what_its_document_states() {
        let sla = SlaSection::default();
        let ec = for_product(&sla, ConnectionType::ExpressConnect);
        assert_eq!(
            (
                ec.max_loss,
                ec.max_jitter,
                ec.min_encap_success,
                ec.min_availability
            ),
            (Some(0.002), Some(0.2), Some(0.998), Some(0.9995))
        );
        let peering = for_product(&sla, ConnectionType::Peering);
        assert_eq!(
            peering,
            FlowTargets {
                min_availability: Some(0.9995),
                ..FlowTargets::NONE
            }
        );
        assert!(!for_product(&sla, ConnectionType::Internet).any());
    }

    #[test]
    fn a_product_table_beats_the_top_of_sla_which_beats_the_document() {
        let mut sla = SlaSection::default();
        sla.all.max_loss = Some(Ratio::from_const(0.01));
        sla.peering.max_loss = Some(Ratio::from_const(0.001));
        assert_eq!(
            for_product(&sla, ConnectionType::Peering).max_loss,
            Some(0.001)
        );
        assert_eq!(
            for_product(&sla, ConnectionType::ExpressConnect).max_loss,
            Some(0.01)
        );
        assert_eq!(
            for_product(&sla, ConnectionType::Internet).max_loss,
            Some(0.01)
        );
        assert_eq!(for_product(&sla, ConnectionType::Internet).max_jitter, None);
    }

    #[test]
    fn a_flow_over_two_products_is_held_to_the_stricter_target_of_each_metric() {
        let a = FlowTargets {
            max_loss: Some(0.002),
            min_availability: Some(0.999),
            ..FlowTargets::NONE
        };
        let b = FlowTargets {
            max_loss: Some(0.01),
            min_availability: Some(0.9995),
            max_jitter: Some(0.3),
            ..FlowTargets::NONE
        };
        let s = a.strictest(b);
        assert_eq!(s.max_loss, Some(0.002));
        assert_eq!(s.min_availability, Some(0.9995));
        assert_eq!(s.max_jitter, Some(0.3));
        assert_eq!(s.min_encap_success, None);
    }
}
