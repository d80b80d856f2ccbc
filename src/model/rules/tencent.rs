//! Tencent VPC peering (seed 003: "Basics", "Usage Restrictions", "Regional vs. Cross-region
//! Peering Connection", "Peering Connection Lifecycle").

use super::{Owner, Rule};
use crate::model::sources::{PeeringSection, Source};

const BASICS: Source = Source::Peering(PeeringSection::Basics);
const RESTRICTIONS: Source = Source::Peering(PeeringSection::Restrictions);
const REGIONS: Source = Source::Peering(PeeringSection::RegionalVsCrossRegion);

/// Peering, as modelled, is Tencent's.
pub const PEERING_IN_TENCENT: Rule = Rule {
    id: "PEERING-IN-TENCENT",
    owner: Owner::Peering,
    source: BASICS,
    statement: "A peering connection joins two VPCs in Tencent Cloud regions; Alibaba's own VPC interconnection is Express Connect",
};

/// Peering joins two VPCs.
pub const PEERING_JOINS_VPCS: Rule = Rule {
    id: "PEERING-JOINS-VPCS",
    owner: Owner::Peering,
    source: BASICS,
    statement: "A peering connection joins two VPCs (not a VBR)",
};

/// One peering per pair of VPCs.
pub const PEERING_ONE_PER_PAIR: Rule = Rule {
    id: "PEERING-ONE-PER-PAIR",
    owner: Owner::Peering,
    source: RESTRICTIONS,
    statement: "Only one peering connection can be created between two VPCs",
};

/// At most `max_peers_per_vpc` peerings per VPC.
pub const PEERING_MAX_PEERS: Rule = Rule {
    id: "PEERING-MAX-PEERS",
    owner: Owner::Peering,
    source: RESTRICTIONS,
    statement: "A VPC has at most `max_peers_per_vpc` (10) peering connections, pending ones included",
};

/// Cross-region: all peers of a VPC mutually disjoint.
pub const PEERING_PEERS_DISJOINT: Rule = Rule {
    id: "PEERING-PEERS-DISJOINT",
    owner: Owner::Peering,
    source: RESTRICTIONS,
    statement: "With cross-region peering, all peers of one VPC must not overlap each other (not for regional peering)",
};

/// Cross-region bandwidth.
pub const PEERING_BANDWIDTH: Rule = Rule {
    id: "PEERING-BANDWIDTH",
    owner: Owner::Peering,
    source: REGIONS,
    statement: "Cross-region bandwidth is at most `max_cross_region_bandwidth` (10 Gbps), settable; regional peering has no upper limit; the cap counts the customer's bytes",
};

/// Applications expire after a week.
pub const PEERING_APPLICATION_EXPIRES: Rule = Rule {
    id: "PEERING-APPLICATION-EXPIRES",
    owner: Owner::Peering,
    source: RESTRICTIONS,
    statement: "An application older than `application_validity` (7 d) has expired and cannot be accepted (a warning at load, an error when accepted later)",
};

/// The lifecycle.
pub const PEERING_LIFECYCLE: Rule = Rule {
    id: "PEERING-LIFECYCLE",
    owner: Owner::Peering,
    source: Source::Peering(PeeringSection::Lifecycle),
    statement: "pending → active, rejected or expired; active → deleted; rejected, expired and deleted are final",
};

/// Who reaches whom across peering.
pub const PEERING_ACCESS: Rule = Rule {
    id: "PEERING-ACCESS",
    owner: Owner::Peering,
    source: BASICS,
    statement: "CVMs of each VPC reach CVMs, databases, load balancers and other resources of the peer, which may answer them; a load balancer is not reachable across regions",
};

/// No tunnel.
pub const PEERING_NO_TUNNEL: Rule = Rule {
    id: "PEERING-NO-TUNNEL",
    owner: Owner::Peering,
    source: BASICS,
    statement: "The peering document describes no tunnel: no encapsulation is measured or judged, and `encap_overhead`, `mtu` and `encap_failure` do not apply",
};
