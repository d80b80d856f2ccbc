//! Forwarding: which connection a flow takes, by longest-prefix match over the route tables,
//! and why it is blocked when it cannot pass.

use crate::model::{ConnectionId, Endpoint, Network, RouterId, Site};
use crate::scenario::{ConnectionState, ResourceKind};
use std::fmt;
use std::net::Ipv4Addr;

/// The way a flow crosses the network: one connection from `ingress` to `egress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forwarding {
    pub connection: ConnectionId,
    /// The router the flow enters the connection at (VPC router or the IDC's VBR).
    pub ingress: RouterId,
    pub egress: RouterId,
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
    /// The route leads to a third network: peering is not transitive.
    NotTransitive {
        connection: String,
        via: String,
        destination: String,
    },
    /// Across an interconnection only ECS, SLB and RDS are reachable.
    KindNotReachable { resource: String },
    /// Load balancers are not reachable across regions.
    LoadBalancerAcrossRegions {
        resource: String,
        connection: String,
    },
    /// The IDC has no physical connection, hence no VBR.
    IdcWithoutVbr { idc: String },
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocked::NoRoute { table, destination } => {
                write!(f, "no route in table {table} for {destination}")
            }
            Blocked::NoReturnRoute { table, destination } => write!(
                f,
                "no route back: table {table} has no route for {destination}"
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
                "peering is not transitive: {destination} is not behind {via} (connection {connection})"
            ),
            Blocked::KindNotReachable { resource } => write!(
                f,
                "{resource} is not ECS, SLB or RDS: not reachable across an interconnection"
            ),
            Blocked::LoadBalancerAcrossRegions {
                resource,
                connection,
            } => write!(
                f,
                "load balancer {resource} is not reachable across regions (connection {connection})"
            ),
            Blocked::IdcWithoutVbr { idc } => {
                write!(f, "IDC {idc} has no physical connection to a VBR")
            }
        }
    }
}

/// Whether a connection carries traffic at time 0.
fn active(net: &Network, c: ConnectionId) -> bool {
    net.connections[c.index()].state == ConnectionState::Active
}

fn site_of_router(net: &Network, r: RouterId) -> Site {
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

/// Finds the connection a flow from `from` to `to` takes. With `require_active`, a connection
/// that is not active at time 0 blocks the flow; without, a connection that becomes active
/// later on the timeline is accepted (the engine gates it by state over time).
pub fn forward(
    net: &Network,
    from: &Endpoint,
    to: &Endpoint,
    require_active: bool,
) -> Result<Forwarding, Blocked> {
    let ingresses = routers_of(net, from.site);
    if ingresses.is_empty()
        && let Site::Idc(i) = from.site
    {
        return Err(Blocked::IdcWithoutVbr {
            idc: net.idcs[i.index()].name.clone(),
        });
    }
    let mut first_err = None;
    for ingress in ingresses {
        match forward_from(net, ingress, from, to, require_active) {
            Ok(f) => return Ok(f),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or(Blocked::NoRoute {
        table: net.site_name(from.site).to_string(),
        destination: to.ip,
    }))
}

fn forward_from(
    net: &Network,
    ingress: RouterId,
    from: &Endpoint,
    to: &Endpoint,
    require_active: bool,
) -> Result<Forwarding, Blocked> {
    let Some(route) = net.table(ingress).lookup(to.ip) else {
        return Err(
            inactive_connection_towards(net, ingress, to.site).unwrap_or(Blocked::NoRoute {
                table: net.router_name(ingress).to_string(),
                destination: to.ip,
            }),
        );
    };
    let c = &net.connections[route.via.index()];
    let egress = c.peer_of(ingress).unwrap_or(c.b);
    if site_of_router(net, egress) != to.site {
        return Err(Blocked::NotTransitive {
            connection: c.name.clone(),
            via: net.router_name(egress).to_string(),
            destination: to.label.clone(),
        });
    }
    if require_active && !active(net, route.via) {
        return Err(Blocked::ConnectionNotActive {
            connection: c.name.clone(),
            state: c.state,
        });
    }
    match net.table(egress).lookup(from.ip) {
        Some(back) if net.connections[back.via.index()].peer_of(egress) == Some(ingress) => {}
        _ => {
            return Err(Blocked::NoReturnRoute {
                table: net.router_name(egress).to_string(),
                destination: from.ip,
            });
        }
    }
    if let (Site::Vpc(_), Some(kind)) = (to.site, to.kind) {
        match kind {
            ResourceKind::Other => {
                return Err(Blocked::KindNotReachable {
                    resource: to.label.clone(),
                });
            }
            ResourceKind::Slb if c.cross_region => {
                return Err(Blocked::LoadBalancerAcrossRegions {
                    resource: to.label.clone(),
                    connection: c.name.clone(),
                });
            }
            _ => {}
        }
    }
    Ok(Forwarding {
        connection: route.via,
        ingress,
        egress,
    })
}

/// When no route exists, a connection between the two networks that is not active is the
/// more useful explanation ("connection X is pending").
fn inactive_connection_towards(net: &Network, ingress: RouterId, to: Site) -> Option<Blocked> {
    net.connections.iter().find_map(|c| {
        let peer = c.peer_of(ingress)?;
        (site_of_router(net, peer) == to && c.state != ConnectionState::Active).then(|| {
            Blocked::ConnectionNotActive {
                connection: c.name.clone(),
                state: c.state,
            }
        })
    })
}
