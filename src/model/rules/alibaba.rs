//! Alibaba Express Connect: router interface pairs between VPCs, physical connections from an
//! IDC to an access point ending in a VBR (seeds 000 FAQ, 001 "What is Express Connect", 002
//! its later edition).

use super::{Owner, Rule};
use crate::model::sources::Source;

/// Express Connect is Alibaba's: both ends in Alibaba regions.
pub const EC_IN_ALIBABA: Rule = Rule {
    id: "EC-IN-ALIBABA",
    owner: Owner::ExpressConnect,
    source: Source::EcWhatIs,
    statement: "An express-connect connection joins VPCs (or a VBR and a VPC) in Alibaba Cloud regions; it does not reach another cloud",
};

/// A physical connection arrives at an Alibaba access point.
pub const LINE_TO_ALIBABA: Rule = Rule {
    id: "LINE-TO-ALIBABA",
    owner: Owner::ExpressConnect,
    source: Source::EcLater,
    statement: "A physical connection runs from an IDC to an Alibaba Cloud access point (a region of Alibaba Cloud), where it ends in a VBR",
};

/// A VBR only initiates.
pub const EC_VBR_INITIATOR: Rule = Rule {
    id: "EC-VBR-INITIATOR",
    owner: Owner::ExpressConnect,
    source: Source::EcFaq(5),
    statement: "A router interface pair has an initiator and an acceptor; a VBR can only be the initiator",
};

/// "Negative" is the acceptor's spec, not one to give.
pub const EC_NEGATIVE_SPEC: Rule = Rule {
    id: "EC-NEGATIVE-SPEC",
    owner: Owner::ExpressConnect,
    source: Source::EcFaq(5),
    statement: "The pair runs at the initiator's spec; \"Negative\" is the acceptor's, not a spec to give",
};

/// The spec caps the capacity, and changes at once.
pub const EC_CAPACITY_IS_SPEC: Rule = Rule {
    id: "EC-CAPACITY-IS-SPEC",
    owner: Owner::ExpressConnect,
    source: Source::EcFaq(6),
    statement: "The router interface spec caps the capacity in each direction (the customer's bytes); the initiator's spec can change at any time and takes effect at once",
};

/// One interface pair between two routers.
pub const EC_ONE_PAIR: Rule = Rule {
    id: "EC-ONE-PAIR",
    owner: Owner::ExpressConnect,
    source: Source::Contract,
    statement: "Two routers have at most one router interface pair between them",
};

/// At most `max_router_interfaces` per router.
pub const EC_MAX_INTERFACES: Rule = Rule {
    id: "EC-MAX-INTERFACES",
    owner: Owner::ExpressConnect,
    source: Source::Contract,
    statement: "A VRouter or VBR has at most `max_router_interfaces` (5) router interfaces, pending ones included",
};

/// Who reaches whom across Express Connect.
pub const EC_ACCESS: Rule = Rule {
    id: "EC-ACCESS",
    owner: Owner::ExpressConnect,
    source: Source::EcFaq(4),
    statement: "ECS instances on each side reach ECS, SLB and RDS instances of the other side, which may answer them; other kinds are not reachable",
};

/// The overlay tunnel.
pub const EC_TUNNEL: Rule = Rule {
    id: "EC-TUNNEL",
    owner: Owner::ExpressConnect,
    source: Source::EcWhatIs,
    statement: "Express Connect carries packets in an overlay tunnel: encapsulation success is measured and judged, and the tunnel's MTU applies",
};

/// An IDC reaches a VPC only through its line, VBR and a connection from the VBR.
pub const IDC_THROUGH_VBR: Rule = Rule {
    id: "IDC-THROUGH-VBR",
    owner: Owner::ExpressConnect,
    source: Source::EcWhatIs,
    statement: "An IDC reaches a VPC only through a physical connection, its VBR and an express-connect connection from that VBR",
};
