//! Forwarding: the ways a flow can cross the network, found through the sender's route
//! tables, best first, and why it is blocked when none works.
//!
//! A destination address is resolved through the sender's route table first (most specific
//! prefix, then priority), then inside the network that route leads to: two isolated VPCs
//! may use the same block, and a flow reaches exactly the one its route leads to. The
//! product's own access rules (see `model::access`) apply to the sender and the receiver.

use crate::model::access::{Refusal, may_receive, may_send};
use crate::model::{ConnectionId, Endpoint, Network, RouterId, Site, resource_at};
use crate::scenario::{ConnectionState, ConnectionType, Provider, ResourceKind};
use std::cmp::Reverse;
use std::fmt;
use std::net::Ipv4Addr;

/// The preference of a route: (longer prefix, lower priority, explicit first); lower is better.
pub type Rank = (Reverse<u8>, u32, bool);

/// One way across: connection `connection` from `ingress` to `egress`, found by a route of
/// rank `rank` (lower is better; equal ranks share load per flow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteChoice {
    pub connection: ConnectionId,
    /// The router the flow enters the connection at (VPC router or one of the IDC's VBRs).
    pub ingress: RouterId,
    pub egress: RouterId,
    pub rank: Rank,
}

/// Why a flow cannot pass. Every variant names the thing to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// No route in `table` covers `destination`.
    NoRoute {
        table: String,
        destination: Ipv4Addr,
    },
    /// The destination answers, but its table has no route back.
    NoReturnRoute {
        table: String,
        destination: Ipv4Addr,
    },
    /// The route leads to a connection that does not carry traffic.
    ConnectionNotActive {
        connection: String,
        state: ConnectionState,
    },
    /// The route leads to a network the destination is not in: interconnection is not
    /// transitive.
    NotTransitive {
        connection: String,
        via: String,
        destination: String,
    },
    /// The sender's kind may not start traffic across the connection's product.
    SenderNotAllowed {
        resource: String,
        kind: Option<ResourceKind>,
        connection: String,
        refusal: Refusal,
    },
    /// The receiver's kind is not reachable across the connection's product.
    ReceiverNotAllowed {
        resource: String,
        kind: Option<ResourceKind>,
        connection: String,
        refusal: Refusal,
    },
    /// The IDC has no physical connection, hence no VBR.
    IdcWithoutVbr { idc: String },
    /// The connection's regions have no backbone path between them.
    NoBackbonePath { connection: String },
    /// No route reaches the destination, which is in the other cloud: neither product joins
    /// Alibaba Cloud and Tencent Cloud, only an internet connection does.
    OtherCloud {
        table: String,
        destination: Ipv4Addr,
        cloud: Provider,
    },
}

fn kind_words(kind: Option<ResourceKind>) -> String {
    kind.map_or("not a declared resource".into(), |k| {
        format!("kind \"{k}\"")
    })
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocked::NoRoute { table, destination } => {
                write!(f, "no route in table {table} for {destination}")
            }
            Blocked::NoReturnRoute { table, destination } => write!(
                f,
                "no route back: table {table} has no route for {destination} (routes are needed in both directions)"
            ),
            Blocked::ConnectionNotActive { connection, state } => {
                write!(f, "connection {connection} is {state}")
            }
            Blocked::NotTransitive {
                connection,
                via,
                destination,
            } => write!(
                f,
                "not transitive: {destination} is not in {via}, where connection {connection} leads"
            ),
            Blocked::SenderNotAllowed {
                resource,
                kind,
                connection,
                refusal,
            }
            | Blocked::ReceiverNotAllowed {
                resource,
                kind,
                connection,
                refusal,
            } => write!(
                f,
                "{resource} is {} and {} (connection {connection}; {})",
                kind_words(*kind),
                refusal.allowed,
                refusal.source
            ),
            Blocked::IdcWithoutVbr { idc } => {
                write!(f, "IDC {idc} has no physical connection to a VBR")
            }
            Blocked::NoBackbonePath { connection } => {
                write!(f, "connection {connection} has no working backbone path")
            }
            Blocked::OtherCloud {
                table,
                destination,
                cloud,
            } => write!(
                f,
                "no route in table {table} for {destination}, which is in {} Cloud: only an internet connection joins the two clouds",
                match cloud {
                    Provider::Alibaba => "Alibaba",
                    Provider::Tencent => "Tencent",
                }
            ),
        }
    }
}

/// The cloud a site's traffic enters: a VPC's region's; an IDC's is Alibaba's, where its lines
/// and VBRs are.
fn cloud_of(net: &Network, site: Site) -> Provider {
    net.site_provider(site).unwrap_or(Provider::Alibaba)
}

/// A missing route to a site in the other cloud says why no product could carry it.
fn across_clouds(net: &Network, from: Site, to: Option<Site>, e: Blocked) -> Blocked {
    match (e, to) {
        (Blocked::NoRoute { table, destination }, Some(to))
            if cloud_of(net, to) != cloud_of(net, from) =>
        {
            Blocked::OtherCloud {
                table,
                destination,
                cloud: cloud_of(net, to),
            }
        }
        (e, _) => e,
    }
}

/// The site a router's traffic belongs to: its VPC, or the IDC behind a VBR.
pub fn site_of_router(net: &Network, r: RouterId) -> Site {
    match r {
        RouterId::Vpc(v) => Site::Vpc(v),
        RouterId::Vbr(v) => Site::Idc(net.vbrs[v.index()].idc),
    }
}

/// Routers a site's traffic leaves by: the VPC's router, or the VBRs of an IDC.
pub fn routers_of(net: &Network, site: Site) -> Vec<RouterId> {
    match site {
        Site::Vpc(v) => vec![RouterId::Vpc(v)],
        Site::Idc(i) => net.idcs[i.index()]
            .vbrs
            .iter()
            .map(|v| RouterId::Vbr(*v))
            .collect(),
    }
}

/// Every way from `from` to `to`, best first, or why there is none. With `require_active`,
/// a connection that is not active at time 0 blocks its route (for `reach`); without, it is
/// kept, and the data plane uses it while it is active on the timeline.
pub fn choices(
    net: &Network,
    from: &Endpoint,
    to: &Endpoint,
    require_active: bool,
) -> Result<Vec<RouteChoice>, Blocked> {
    choices_of(net, from, to, Opener::Sender, require_active)
}

/// Who opened the session a flow's bytes belong to: the products' access rules are judged
/// from that side ("ECS instances on both sides can access ... RDS instances of the other
/// side": the bytes of a read come back from the RDS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Opener {
    /// The sender opened it (the default).
    #[default]
    Sender,
    /// The receiver opened it: the flow carries its replies.
    Receiver,
}

/// [`choices`] of the bytes of a session opened by `opener`.
pub fn choices_of(
    net: &Network,
    from: &Endpoint,
    to: &Endpoint,
    opener: Opener,
    require_active: bool,
) -> Result<Vec<RouteChoice>, Blocked> {
    let Some(from_site) = from.site else {
        return Err(Blocked::NoRoute {
            table: from.label.clone(),
            destination: to.ip,
        });
    };
    let ingresses = routers_of(net, from_site);
    if ingresses.is_empty()
        && let Site::Idc(i) = from_site
    {
        return Err(Blocked::IdcWithoutVbr {
            idc: net.idcs[i.index()].name.clone(),
        });
    }
    let mut found = Vec::new();
    let mut first_err: Option<(Rank, Blocked)> = None;
    let mut keep = |rank, e: Blocked| {
        if first_err.as_ref().is_none_or(|(r, _)| rank < *r) {
            first_err = Some((rank, e));
        }
    };
    for ingress in ingresses {
        let routes = net.table(ingress).candidates(to.ip);
        if routes.is_empty() {
            let e = inactive_connection_towards(net, ingress, to).unwrap_or(Blocked::NoRoute {
                table: net.router_name(ingress).to_string(),
                destination: to.ip,
            });
            keep((Reverse(0), u32::MAX, true), e);
        }
        for route in routes {
            match choice(net, ingress, route.via, from, to, opener, require_active) {
                Ok(egress) => found.push(RouteChoice {
                    connection: route.via,
                    ingress,
                    egress,
                    rank: route.rank(),
                }),
                Err(e) => keep(route.rank(), e),
            }
        }
    }
    if found.is_empty() {
        let e = first_err.map(|(_, e)| e).unwrap_or(Blocked::NoRoute {
            table: net.site_name(from_site).to_string(),
            destination: to.ip,
        });
        return Err(across_clouds(net, from_site, to.site, e));
    }
    found.sort_by_key(|c| c.rank);
    // Several routes of one table may lead to the same connection (a [[route]] and the
    // automatic route it overrides, a shorter prefix): that is one way across, at its best
    // rank, not a backup of itself.
    let mut seen: Vec<(ConnectionId, RouterId)> = Vec::with_capacity(found.len());
    found.retain(|c| {
        let way = (c.connection, c.ingress);
        let new = !seen.contains(&way);
        if new {
            seen.push(way);
        }
        new
    });
    Ok(found)
}

/// The connections flows use, with their egress, or why this route cannot carry the flow.
fn choice(
    net: &Network,
    ingress: RouterId,
    via: ConnectionId,
    from: &Endpoint,
    to: &Endpoint,
    opener: Opener,
    require_active: bool,
) -> Result<RouterId, Blocked> {
    let c = &net.connections[via.index()];
    let egress = c.peer_of(ingress).unwrap_or(c.b);
    let there = site_of_router(net, egress);
    let inside = match to.site {
        Some(s) => s == there,
        None => net.router_cidrs(egress).iter().any(|b| b.contains(&to.ip)),
    };
    if !inside {
        return Err(Blocked::NotTransitive {
            connection: c.name.clone(),
            via: net.router_name(egress).to_string(),
            destination: to.label.clone(),
        });
    }
    // The access rules of the product, from the side that opened the session.
    let kind_at = |e: &Endpoint, site: Site| {
        e.kind
            .or_else(|| resource_at(net, site, e.ip).map(|r| r.kind))
    };
    let from_site = from.site.unwrap_or(there);
    let (opening, opening_site, answering, answering_site) = match opener {
        Opener::Sender => (from, from_site, to, there),
        Opener::Receiver => (to, there, from, from_site),
    };
    if let Site::Vpc(_) = opening_site
        && let Err(refusal) = may_send(c.kind, kind_at(opening, opening_site))
    {
        return Err(Blocked::SenderNotAllowed {
            resource: opening.label.clone(),
            kind: kind_at(opening, opening_site),
            connection: c.name.clone(),
            refusal,
        });
    }
    if let Site::Vpc(_) = answering_site {
        let kind = kind_at(answering, answering_site);
        if let Err(refusal) = may_receive(c.kind, kind, c.cross_region) {
            return Err(Blocked::ReceiverNotAllowed {
                resource: answering.label.clone(),
                kind,
                connection: c.name.clone(),
                refusal,
            });
        }
    }
    if require_active && c.state != ConnectionState::Active {
        return Err(Blocked::ConnectionNotActive {
            connection: c.name.clone(),
            state: c.state,
        });
    }
    let back = net.table(egress).candidates(from.ip);
    let returns = back.iter().any(|r| {
        net.connections[r.via.index()]
            .peer_of(egress)
            .is_some_and(|p| Some(site_of_router(net, p)) == from.site)
    });
    if !returns {
        return Err(Blocked::NoReturnRoute {
            table: net.router_name(egress).to_string(),
            destination: from.ip,
        });
    }
    Ok(egress)
}

/// When no route exists, a connection between the two networks that is not active is the
/// more useful explanation ("connection X is pending").
fn inactive_connection_towards(net: &Network, ingress: RouterId, to: &Endpoint) -> Option<Blocked> {
    net.table(ingress).connections.iter().find_map(|c| {
        let c = &net.connections[c.index()];
        let peer = c.peer_of(ingress)?;
        let there = site_of_router(net, peer);
        let leads = match to.site {
            Some(s) => s == there,
            None => net.router_cidrs(peer).iter().any(|b| b.contains(&to.ip)),
        };
        (leads && c.state != ConnectionState::Active).then(|| Blocked::ConnectionNotActive {
            connection: c.name.clone(),
            state: c.state,
        })
    })
}

/// Whether a connection's product restricts who may use it (not the internet).
pub fn is_interconnection(kind: ConnectionType) -> bool {
    kind != ConnectionType::Internet
}
