//! The compiled plan: flat, index-addressed tables the engine runs on.
//!
//! A *channel* is one direction of a transmission resource (a backbone link, the physical
//! connections into a VBR, an internet path, the fabric inside a region). A *shaper* is a
//! connection's bandwidth cap in one direction; a *tunnel* its encapsulation. A flow's path is
//! a list of hops over these, precompiled so the hot loop never looks anything up.

use super::forward::{Blocked, Forwarding, forward};
use super::graph::Topology;
use crate::model::{ConnectionId, Endpoint, FlowId, LinkId, Network, RegionId, RouterId, VbrId};
use crate::scenario::{ConnectionState, ConnectionType, LossSpec};
use crate::units::{Bandwidth, Duration, Ratio, Size};

/// Default shaper queue: 10 ms at the cap rate (SCENARIO.md).
pub const DEFAULT_SHAPER_BUFFER: Duration = Duration::from_millis(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChannelId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShaperId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TunnelId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub u32);

/// What a channel carries traffic over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    Backbone(LinkId),
    /// Inside one region: delay only.
    Regional(RegionId),
    /// The physical connections between an IDC and a VBR (redundant members).
    PhysicalConnections(VbrId),
    Internet(ConnectionId),
}

/// One direction of a transmission resource.
#[derive(Debug, Clone)]
pub struct Channel {
    pub kind: ChannelKind,
    /// 0: from the resource's first end to its second; 1: back.
    pub direction: u8,
    /// Human-readable, e.g. "cn-hangzhou>ap-southeast-1".
    pub name: String,
    /// Serialization rate; `None` means no queue (pure delay).
    pub rate: Option<Bandwidth>,
    pub delay: Duration,
    pub jitter: Duration,
    pub loss: LossSpec,
    pub buffer_bytes: u64,
    /// Failure process this channel depends on, if it can fail.
    pub unit: Option<UnitId>,
}

/// A set of redundant members that fail and are repaired independently; the unit works
/// while any member works. Traffic moves to a surviving member after `failover`.
#[derive(Debug, Clone)]
pub struct FailureUnit {
    pub name: String,
    /// (MTBF, MTTR) per member.
    pub members: Vec<(Duration, Duration)>,
    pub failover: Duration,
}

/// A connection's bandwidth cap in one direction.
#[derive(Debug, Clone)]
pub struct Shaper {
    /// e.g. "hz-sh cap hz-prod>sh-dr".
    pub name: String,
    pub connection: ConnectionId,
    pub direction: u8,
    pub rate: Bandwidth,
    pub buffer_bytes: u64,
    pub burst: Option<Size>,
}

/// A connection's encapsulation in one direction.
#[derive(Debug, Clone)]
pub struct Tunnel {
    pub connection: ConnectionId,
    pub direction: u8,
    pub overhead: Size,
    pub mtu: Size,
    pub failure: Ratio,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hop {
    /// Encapsulate (add overhead; may fail on MTU or at random).
    Encap(TunnelId),
    Shaper(ShaperId),
    Channel(ChannelId),
    /// Leave the tunnel: the packet was carried encapsulated.
    Decap(TunnelId),
}

/// A connection as the engine and availability judge see it.
#[derive(Debug, Clone)]
pub struct ConnectionPlan {
    pub name: String,
    pub kind: ConnectionType,
    pub state: ConnectionState,
    pub cap: Option<Bandwidth>,
    /// Hops from end a to end b, and back.
    pub paths: [Vec<Hop>; 2],
    /// Failure units whose loss cuts the connection (series).
    pub units: Vec<UnitId>,
    /// One-way propagation delay a→b (no queueing, no serialization).
    pub delay: Duration,
}

/// A flow's compiled route, or why it is blocked.
#[derive(Debug, Clone)]
pub struct FlowPlan {
    pub flow: FlowId,
    pub route: Result<FlowRoute, Blocked>,
}

#[derive(Debug, Clone)]
pub struct FlowRoute {
    pub forwarding: Forwarding,
    /// 0 when the flow enters at the connection's end a, 1 at end b.
    pub direction: u8,
    pub hops: Vec<Hop>,
    /// One-way propagation delay along the hops.
    pub delay: Duration,
}

/// Everything the engine needs, index-addressed.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub channels: Vec<Channel>,
    pub shapers: Vec<Shaper>,
    pub tunnels: Vec<Tunnel>,
    pub units: Vec<FailureUnit>,
    pub connections: Vec<ConnectionPlan>,
    pub flows: Vec<FlowPlan>,
}

impl Plan {
    pub fn channel(&self, id: ChannelId) -> &Channel {
        &self.channels[id.0 as usize]
    }

    /// Name of a sampled queue: channels first, then shapers (see `net::Sample::channel`).
    pub fn queue_name(&self, index: usize) -> &str {
        match self.channels.get(index) {
            Some(c) => &c.name,
            None => self
                .shapers
                .get(index - self.channels.len())
                .map_or("?", |s| s.name.as_str()),
        }
    }
}

struct Compiler<'n> {
    net: &'n Network,
    topo: Topology,
    plan: Plan,
    channel_index: Vec<(ChannelKind, u8, ChannelId)>,
    unit_index: Vec<(ChannelKind, UnitId)>,
}

/// Compiles a network into a plan. A connection whose regions have no backbone path is
/// compiled with no backbone hops and reported by `reach`.
pub fn compile(net: &Network) -> Plan {
    compile_with(net, &[]).0
}

/// Compiles a network and also routes extra endpoint pairs as they stand at time 0 (only
/// active connections), for `reach`.
pub fn compile_with(
    net: &Network,
    pairs: &[(Endpoint, Endpoint)],
) -> (Plan, Vec<Result<FlowRoute, Blocked>>) {
    let mut c = Compiler {
        net,
        topo: Topology::new(net),
        plan: Plan::default(),
        channel_index: Vec::new(),
        unit_index: Vec::new(),
    };
    for i in 0..net.connections.len() {
        let cp = c.connection(ConnectionId(i as u32));
        c.plan.connections.push(cp);
    }
    for (i, f) in net.flows.iter().enumerate() {
        let route = forward(net, &f.from, &f.to, false).map(|fw| c.flow_route(fw));
        c.plan.flows.push(FlowPlan {
            flow: FlowId(i as u32),
            route,
        });
    }
    let extra = pairs
        .iter()
        .map(|(a, b)| forward(net, a, b, true).map(|fw| c.flow_route(fw)))
        .collect();
    (c.plan, extra)
}

impl Compiler<'_> {
    fn unit(&mut self, kind: ChannelKind) -> Option<UnitId> {
        if let Some((_, u)) = self.unit_index.iter().find(|(k, _)| *k == kind) {
            return Some(*u);
        }
        let net = self.net;
        let (name, members, failover) = match kind {
            ChannelKind::Backbone(l) => {
                let link = &net.links[l.index()];
                let p = link.params;
                (
                    format!(
                        "link:{}/{}",
                        net.regions[link.a.index()].name,
                        net.regions[link.b.index()].name
                    ),
                    vec![(p.mtbf, p.mttr); p.count as usize],
                    p.failover,
                )
            }
            ChannelKind::PhysicalConnections(v) => {
                let vbr = &net.vbrs[v.index()];
                let pcs: Vec<_> = vbr
                    .physical_connections
                    .iter()
                    .map(|p| &net.physical_connections[p.index()])
                    .collect();
                let members = pcs
                    .iter()
                    .flat_map(|p| {
                        std::iter::repeat_n((p.params.mtbf, p.params.mttr), p.params.count as usize)
                    })
                    .collect();
                let failover = pcs.first().map_or(Duration::ZERO, |p| p.params.failover);
                (format!("vbr:{}", vbr.name), members, failover)
            }
            ChannelKind::Regional(_) | ChannelKind::Internet(_) => return None,
        };
        let id = UnitId(self.plan.units.len() as u32);
        self.plan.units.push(FailureUnit {
            name,
            members,
            failover,
        });
        self.unit_index.push((kind, id));
        Some(id)
    }

    fn channel(&mut self, kind: ChannelKind, direction: u8) -> ChannelId {
        if let Some((_, _, id)) = self
            .channel_index
            .iter()
            .find(|(k, d, _)| *k == kind && *d == direction)
        {
            return *id;
        }
        let net = self.net;
        let unit = self.unit(kind);
        let (name, rate, delay, jitter, loss, buffer_bytes) = match kind {
            ChannelKind::Backbone(l) => {
                let link = &net.links[l.index()];
                let (a, b) = (
                    &net.regions[link.a.index()].name,
                    &net.regions[link.b.index()].name,
                );
                let name = if direction == 0 {
                    format!("{a}>{b}")
                } else {
                    format!("{b}>{a}")
                };
                let p = link.params;
                (
                    name,
                    Some(p.bandwidth),
                    p.delay,
                    p.jitter,
                    p.loss,
                    p.buffer_bytes,
                )
            }
            ChannelKind::Regional(r) => (
                format!("{} (regional)", net.regions[r.index()].name),
                None,
                net.backbone.regional_delay,
                Duration::ZERO,
                LossSpec::Bernoulli(Ratio::ZERO),
                0,
            ),
            ChannelKind::PhysicalConnections(v) => {
                let vbr = &net.vbrs[v.index()];
                let idc = &net.idcs[vbr.idc.index()].name;
                let name = if direction == 0 {
                    format!("{idc}>{}", vbr.name)
                } else {
                    format!("{}>{idc}", vbr.name)
                };
                let p = vbr
                    .physical_connections
                    .first()
                    .map_or(net.physical_connections[0].params, |p| {
                        net.physical_connections[p.index()].params
                    });
                (
                    name,
                    Some(p.bandwidth),
                    p.delay,
                    p.jitter,
                    p.loss,
                    p.buffer_bytes,
                )
            }
            ChannelKind::Internet(c) => {
                let conn = &net.connections[c.index()];
                let p = conn.internet.unwrap_or(crate::model::PathParams {
                    bandwidth: net.backbone.bandwidth,
                    delay: Duration::ZERO,
                    loss: net.backbone.loss,
                    jitter: Duration::ZERO,
                    mtbf: Duration::ZERO,
                    mttr: Duration::ZERO,
                    failover: Duration::ZERO,
                    buffer_bytes: 0,
                    count: 1,
                });
                let name = format!(
                    "{} (internet {})",
                    conn.name,
                    if direction == 0 { "a>b" } else { "b>a" }
                );
                (
                    name,
                    Some(p.bandwidth),
                    p.delay,
                    p.jitter,
                    p.loss,
                    p.buffer_bytes,
                )
            }
        };
        let id = ChannelId(self.plan.channels.len() as u32);
        self.plan.channels.push(Channel {
            kind,
            direction,
            name,
            rate,
            delay,
            jitter,
            loss,
            buffer_bytes,
            unit,
        });
        self.channel_index.push((kind, direction, id));
        id
    }

    /// Hops of connection `id` from its end `dir` (0: a→b, 1: b→a).
    fn connection_hops(&mut self, id: ConnectionId, dir: u8) -> Vec<Hop> {
        let net = self.net;
        let c = &net.connections[id.index()];
        let (from, to) = if dir == 0 { (c.a, c.b) } else { (c.b, c.a) };
        let mut hops = Vec::new();
        let tunnel = (c.kind != ConnectionType::Internet).then(|| {
            let t = TunnelId(self.plan.tunnels.len() as u32);
            self.plan.tunnels.push(Tunnel {
                connection: id,
                direction: dir,
                overhead: c.encap_overhead,
                mtu: c.mtu,
                failure: c.encap_failure,
            });
            t
        });
        if let Some(t) = tunnel {
            hops.push(Hop::Encap(t));
        }
        if let Some(rate) = c.cap {
            let buffer_bytes = c.buffer.map_or_else(
                || rate.bytes_in(DEFAULT_SHAPER_BUFFER).as_bytes(),
                |b| b.bytes_at(rate),
            );
            let s = ShaperId(self.plan.shapers.len() as u32);
            self.plan.shapers.push(Shaper {
                name: format!(
                    "{} cap {}>{}",
                    c.name,
                    net.router_name(from),
                    net.router_name(to)
                ),
                connection: id,
                direction: dir,
                rate,
                buffer_bytes,
                burst: c.burst,
            });
            hops.push(Hop::Shaper(s));
        }
        if c.kind == ConnectionType::Internet {
            hops.push(Hop::Channel(self.channel(ChannelKind::Internet(id), dir)));
        } else {
            let (ra, rb) = (net.router_region(from), net.router_region(to));
            match self.topo.backbone_path(net, ra, rb) {
                Some(links) if links.is_empty() => {
                    hops.push(Hop::Channel(self.channel(ChannelKind::Regional(ra), 0)))
                }
                Some(links) => {
                    let mut at = ra;
                    for l in links {
                        let link = &net.links[l.index()];
                        let d = if link.a == at { 0 } else { 1 };
                        at = if d == 0 { link.b } else { link.a };
                        hops.push(Hop::Channel(self.channel(ChannelKind::Backbone(l), d)));
                    }
                }
                None => {}
            }
        }
        if let Some(t) = tunnel {
            hops.push(Hop::Decap(t));
        }
        hops
    }

    fn connection(&mut self, id: ConnectionId) -> ConnectionPlan {
        let c = &self.net.connections[id.index()];
        let paths = [self.connection_hops(id, 0), self.connection_hops(id, 1)];
        let mut units: Vec<UnitId> = paths[0]
            .iter()
            .filter_map(|h| match h {
                Hop::Channel(ch) => self.plan.channel(*ch).unit,
                _ => None,
            })
            .collect();
        for r in [c.a, c.b] {
            if let RouterId::Vbr(v) = r {
                units.extend(self.unit(ChannelKind::PhysicalConnections(v)));
            }
        }
        let delay = self.hops_delay(&paths[0]);
        ConnectionPlan {
            name: c.name.clone(),
            kind: c.kind,
            state: c.state,
            cap: c.cap,
            paths,
            units,
            delay,
        }
    }

    fn hops_delay(&self, hops: &[Hop]) -> Duration {
        hops.iter()
            .map(|h| match h {
                Hop::Channel(c) => self.plan.channel(*c).delay,
                _ => Duration::ZERO,
            })
            .sum()
    }

    fn flow_route(&mut self, fw: Forwarding) -> FlowRoute {
        let c = &self.net.connections[fw.connection.index()];
        let direction = if c.a == fw.ingress { 0 } else { 1 };
        let mut hops = Vec::new();
        if let RouterId::Vbr(v) = fw.ingress {
            hops.push(Hop::Channel(
                self.channel(ChannelKind::PhysicalConnections(v), 0),
            ));
        }
        hops.extend(
            self.plan.connections[fw.connection.index()].paths[direction as usize]
                .iter()
                .copied(),
        );
        if let RouterId::Vbr(v) = fw.egress {
            hops.push(Hop::Channel(
                self.channel(ChannelKind::PhysicalConnections(v), 1),
            ));
        }
        let delay = self.hops_delay(&hops);
        FlowRoute {
            forwarding: fw,
            direction,
            hops,
            delay,
        }
    }
}
