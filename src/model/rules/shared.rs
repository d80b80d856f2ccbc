//! Rules of every product (each document states them for its own) and of the scenario format.

use super::{Owner, Rule};
use crate::model::sources::{PeeringSection, Source};

/// Every region has a provider.
pub const PROVIDER_OF_REGION: Rule = Rule {
    id: "PROVIDER-OF-REGION",
    owner: Owner::Format,
    source: Source::Contract,
    statement: "Every region belongs to Alibaba Cloud or Tencent Cloud: the catalogue knows its regions' provider, a custom region states it",
};

/// Each provider carries its own traffic over its own backbone.
pub const ONE_BACKBONE_PER_PROVIDER: Rule = Rule {
    id: "ONE-BACKBONE-PER-PROVIDER",
    owner: Owner::AllProducts,
    source: Source::EcFaq(3),
    statement: "Each provider has its own backbone (Alibaba's backbone transmission network; Tencent's cross-region MPLS network): a backbone link joins two regions of one provider, and no path crosses to the other cloud's backbone",
};

/// Interconnected networks must not overlap.
pub const ENDS_DISJOINT: Rule = Rule {
    id: "ENDS-DISJOINT",
    owner: Owner::AllProducts,
    source: Source::Peering(PeeringSection::Restrictions),
    statement: "The two ends of a connection must not have overlapping CIDR blocks (Tencent states it for peering; for Express Connect routing to an overlapping block cannot work)",
};

/// A connection across regions needs a backbone path.
pub const BACKBONE_REACHES: Rule = Rule {
    id: "BACKBONE-REACHES",
    owner: Owner::AllProducts,
    source: Source::EcFaq(3),
    statement: "A connection across regions needs a chain of its provider's backbone links between them",
};

/// A load balancer's backends.
pub const SLB_BACKENDS: Rule = Rule {
    id: "SLB-BACKENDS",
    owner: Owner::AllProducts,
    source: Source::EcFaq(4),
    statement: "A load balancer's backends are ECS instances of its own VPC (Alibaba: not the other side's ECS; Tencent: no cross-VPC binding)",
};

/// The receiver in a VPC is a declared resource.
pub const RECEIVER_DECLARED: Rule = Rule {
    id: "RECEIVER-DECLARED",
    owner: Owner::AllProducts,
    source: Source::EcFaq(4),
    statement: "A receiver in a VPC must be a declared resource: its kind decides whether the product lets traffic reach it",
};

/// Only active connections carry traffic, and routes are needed both ways.
pub const ACTIVE_CARRIES: Rule = Rule {
    id: "ACTIVE-CARRIES",
    owner: Owner::AllProducts,
    source: Source::Peering(PeeringSection::Basics),
    statement: "Only active connections carry traffic, and routes are needed in both directions (a flow with no route back is blocked)",
};

/// Interconnection is not transitive.
pub const NOT_TRANSITIVE: Rule = Rule {
    id: "NOT-TRANSITIVE",
    owner: Owner::AllProducts,
    source: Source::Peering(PeeringSection::Basics),
    statement: "Interconnection is not transitive: traffic does not cross a third network (Tencent: \"interconnection does not occur unless the two VPCs are directly connected\"; Alibaba: a router interface pair joins exactly two routers)",
};

/// The internet joins clouds.
pub const CROSS_CLOUD_INTERNET: Rule = Rule {
    id: "CROSS-CLOUD-INTERNET",
    owner: Owner::AllProducts,
    source: Source::EcWhatIs,
    statement: "Neither product joins Alibaba Cloud and Tencent Cloud: traffic between the clouds goes over an internet connection",
};
