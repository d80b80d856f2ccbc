//! Who may reach whom across an interconnection, by product: the rules of the product whose
//! document states them, and no other.
//!
//! - Express Connect (Alibaba FAQ, question 4): "ECS instances on both sides can access the
//!   ECS instances, Server Load Balancer instances, and RDS instances of the other side";
//!   ECS instances "cannot access cloud product instances other than" those. So the sender in
//!   a VPC is an ECS instance and the receiver in a VPC is ECS, SLB or RDS.
//! - VPC peering (Tencent, "Basics" and the regional/cross-region table): "CVM of each VPC can
//!   access CVM, database, cloud load balancer and other resources in the peer VPC" (CMEM
//!   included); "the cloud load balancer does not support cross-region peering connection"
//!   (Usage Restrictions). So the sender in a VPC is a CVM (kind `ecs`), any kind receives,
//!   and a load balancer only within one region.
//! - Internet: neither document restricts the public path.
//!
//! On-premises hosts (an IDC behind a VBR) are the customer's own machines: the documents
//! state no kind rule for them, so they may send and receive; the rule on the VPC side still
//! applies.

use super::sources::{PeeringSection, Source};
use crate::scenario::{ConnectionType, ResourceKind};

/// Why a sender or receiver is not allowed, and which document says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub source: Source,
    /// What the product allows, for the message.
    pub allowed: &'static str,
}

/// Whether a resource of `kind` in a VPC may start traffic across `product`. `None` means the
/// address holds no declared resource.
pub fn may_send(product: ConnectionType, kind: Option<ResourceKind>) -> Result<(), Refusal> {
    match product {
        ConnectionType::Internet => Ok(()),
        ConnectionType::ExpressConnect if kind == Some(ResourceKind::Ecs) => Ok(()),
        ConnectionType::ExpressConnect => Err(Refusal {
            source: Source::EcFaq(4),
            allowed: "only ECS instances send across Express Connect",
        }),
        ConnectionType::Peering if kind == Some(ResourceKind::Ecs) => Ok(()),
        ConnectionType::Peering => Err(Refusal {
            source: Source::Peering(PeeringSection::Basics),
            allowed: "only CVM instances (kind \"ecs\") send across a peering connection",
        }),
    }
}

/// Whether a resource of `kind` in a VPC may be reached across `product`; `cross_region` says
/// whether the connection joins two regions.
pub fn may_receive(
    product: ConnectionType,
    kind: Option<ResourceKind>,
    cross_region: bool,
) -> Result<(), Refusal> {
    match (product, kind) {
        (ConnectionType::Internet, _) => Ok(()),
        (_, None) => Err(Refusal {
            source: match product {
                ConnectionType::Peering => Source::Peering(PeeringSection::Basics),
                _ => Source::EcFaq(4),
            },
            allowed: "the receiver in a VPC must be a declared resource, whose kind decides whether it is reachable",
        }),
        (ConnectionType::ExpressConnect, Some(ResourceKind::Other)) => Err(Refusal {
            source: Source::EcFaq(4),
            allowed: "across Express Connect only ECS, SLB and RDS instances are reachable",
        }),
        (ConnectionType::ExpressConnect, Some(_)) => Ok(()),
        (ConnectionType::Peering, Some(ResourceKind::Slb)) if cross_region => Err(Refusal {
            source: Source::Peering(PeeringSection::Restrictions),
            allowed: "a load balancer is not reachable across a cross-region peering connection",
        }),
        (ConnectionType::Peering, Some(_)) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionType::*;
    use ResourceKind::*;

    #[test]
    fn each_product_applies_its_own_kind_rules() {
        // Express Connect: ECS → ECS/SLB/RDS, not other; SLB fine across regions.
        assert!(may_send(ExpressConnect, Some(Ecs)).is_ok());
        assert!(may_send(ExpressConnect, Some(Rds)).is_err());
        assert!(may_receive(ExpressConnect, Some(Other), false).is_err());
        assert!(may_receive(ExpressConnect, Some(Slb), true).is_ok());
        // Peering: CVM → anything, CMEM ("other") included; no LB across regions.
        assert!(may_receive(Peering, Some(Other), true).is_ok());
        assert!(may_receive(Peering, Some(Slb), true).is_err());
        assert!(may_receive(Peering, Some(Slb), false).is_ok());
        assert!(may_send(Peering, Some(Slb)).is_err());
        // Internet: no rule.
        assert!(may_send(Internet, Some(Other)).is_ok());
        assert!(may_receive(Internet, None, true).is_ok());
    }
}
