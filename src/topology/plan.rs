//! The compiled plan: flat, index-addressed tables the engine runs on.
//!
//! - A *channel* is one direction of one transmission member: a backbone link member, a leased
//!   line, an internet path, or the fabric inside a region.
//! - A *member* is what fails and is repaired on its own (MTBF, MTTR).
//! - A *bundle* is the parallel members of one element in both directions: a backbone link's
//!   `count` members (active/standby), or the lines into one VBR (active/standby or
//!   active-active).
//! - An *element* is what routing reacts to and what an N-1 case fails: a backbone link
//!   (`link:A/B`), a VBR with its lines (`vbr:NAME`), a connection (`connection:NAME`).
//! - A *path* is a list of hops (tunnel, cap shaper, channels, bundles) with the elements it
//!   needs. A flow has candidate paths in preference order (route rank, load sharing among
//!   equal routes, then backbone detours); the data plane uses the first usable one, so the
//!   hot loop never searches the graph.

use super::forward::{Blocked, RouteChoice, choices_of};
use super::graph::Topology;
use super::names;
use crate::engine::name_id;
use crate::model::{
    ConnectionId, FlowId, LinkId, Network, PhysicalConnectionId, RegionId, RouterId, VbrId,
};
use crate::scenario::{ConnectionState, ConnectionType, LineMode, LossSpec};
use crate::units::{Bandwidth, Duration, Ratio, Size};
use std::collections::HashMap;

/// Default shaper queue: 10 ms at the cap rate (docs/scenario.md).
pub const DEFAULT_SHAPER_BUFFER: Duration = Duration::from_millis(10);

/// Backbone paths kept per connection: the primary and its best detours.
pub const MAX_BACKBONE_ALTERNATIVES: usize = 8;

/// Candidate paths kept per flow.
pub const MAX_FLOW_CANDIDATES: usize = 32;

macro_rules! plan_id {
    ($(#[$d:meta])* $name:ident) => {
        $(#[$d])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

plan_id!(/// Index into [`Plan::channels`].
    ChannelId);
plan_id!(/// Index into [`Plan::shapers`].
    ShaperId);
plan_id!(/// Index into [`Plan::tunnels`].
    TunnelId);
plan_id!(/// Index into [`Plan::members`].
    MemberId);
plan_id!(/// Index into [`Plan::bundles`].
    BundleId);
plan_id!(/// Index into [`Plan::elements`].
    ElementId);
plan_id!(/// Index into [`Plan::paths`].
    PathId);

/// What a channel carries traffic over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    Backbone(LinkId),
    /// Inside one region: delay only.
    Regional(RegionId),
    Line(PhysicalConnectionId),
    Internet(ConnectionId),
}

/// One direction of a transmission member.
#[derive(Debug, Clone)]
pub struct Channel {
    pub kind: ChannelKind,
    /// 0: from the resource's first end to its second; 1: back.
    pub direction: u8,
    /// Human-readable, e.g. "backbone cn-hangzhou → ap-southeast-1".
    pub name: String,
    /// Serialization rate; `None` means no queue (pure delay).
    pub rate: Option<Bandwidth>,
    pub delay: Duration,
    /// Standard deviation of the delay variation added after the channel (see
    /// `net::variation`).
    pub jitter: Duration,
    pub loss: LossSpec,
    pub buffer_bytes: u64,
}

/// A member that fails and is repaired on its own.
#[derive(Debug, Clone)]
pub struct Member {
    /// e.g. "link:cn-hangzhou/cn-shanghai#1", "physical_connection:pc-sh-1".
    pub name: String,
    pub mtbf: Duration,
    pub mttr: Duration,
    /// Time to move traffic off this member when it fails.
    pub failover: Duration,
    /// The physical connection it belongs to, if a leased line.
    pub line: Option<PhysicalConnectionId>,
}

/// How a bundle's members share traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleMode {
    /// One member carries; another takes over after the failed one's `failover`.
    Standby,
    /// Every working member carries (per packet, to the one that can send soonest).
    Shared,
}

/// The parallel members of one element.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub element: ElementId,
    pub mode: BundleMode,
    pub members: Vec<MemberId>,
    /// Per direction, the channel of each member (aligned with `members`).
    pub channels: [Vec<ChannelId>; 2],
}

/// What routing reacts to and what an N-1 case fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElementKind {
    Link(LinkId),
    Vbr(VbrId),
    Connection(ConnectionId),
}

#[derive(Debug, Clone)]
pub struct Element {
    pub kind: ElementKind,
    /// The N-1 case name: `link:A/B`, `vbr:NAME`, `connection:NAME`.
    pub name: String,
    /// Its members, if it has any (a link's, a VBR's lines, an internet path).
    pub bundle: Option<BundleId>,
    /// Time for routing to move traffic off it when it fails for a reason other than a
    /// member (a scripted fault): [backbone] failover.
    pub failover: Duration,
}

/// A connection's bandwidth cap in one direction.
#[derive(Debug, Clone)]
pub struct Shaper {
    /// e.g. "cap hz-sh (hz-prod → sh-dr)".
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
    /// A channel with no alternative members (the regional fabric).
    Channel(ChannelId),
    /// One of a bundle's members, in a direction.
    Bundle(BundleId, u8),
    /// Leave the tunnel: the packet was carried encapsulated.
    Decap(TunnelId),
}

/// A way across the network.
#[derive(Debug, Clone)]
pub struct Path {
    pub connection: ConnectionId,
    /// 0 when the path enters the connection at its end a, 1 at end b.
    pub direction: u8,
    pub hops: Vec<Hop>,
    /// Elements that must all be up for the path to carry traffic.
    pub elements: Vec<ElementId>,
    /// One-way propagation delay along the hops (first member of each bundle).
    pub delay: Duration,
    /// The hop at which the connection's carried bytes are counted: its cap when it has
    /// one, else its first transmission hop.
    pub count_at: u16,
}

/// A connection as the engine and the availability judge see it.
#[derive(Debug, Clone)]
pub struct ConnectionPlan {
    pub name: String,
    pub kind: ConnectionType,
    pub state: ConnectionState,
    pub cap: Option<Bandwidth>,
    pub element: ElementId,
    /// Per direction, its backbone paths in preference order (without leased lines).
    pub paths: [Vec<PathId>; 2],
    /// Elements at its ends (the VBR of a VBR end) that it also needs.
    pub end_elements: Vec<ElementId>,
    /// Its paths from end a with the elements of its ends: what its availability follows.
    pub availability: Vec<PathId>,
    /// The slowest rate on its primary path, per direction: what an uncapped connection's
    /// utilization is measured against. `None` when nothing on the path limits the rate.
    pub bottleneck: [Option<Bandwidth>; 2],
}

/// A flow's candidate paths, or why it has none.
#[derive(Debug, Clone)]
pub struct FlowPlan {
    pub flow: FlowId,
    /// Preference order: the data plane uses the first usable one.
    pub candidates: Vec<PathId>,
    /// Why nothing can deliver it, when `candidates` is empty.
    pub blocked: Option<Blocked>,
}

/// Everything the engine needs, index-addressed.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub channels: Vec<Channel>,
    pub members: Vec<Member>,
    pub bundles: Vec<Bundle>,
    pub elements: Vec<Element>,
    pub shapers: Vec<Shaper>,
    pub tunnels: Vec<Tunnel>,
    pub paths: Vec<Path>,
    pub connections: Vec<ConnectionPlan>,
    pub flows: Vec<FlowPlan>,
}

impl Plan {
    pub fn channel(&self, id: ChannelId) -> &Channel {
        &self.channels[id.index()]
    }

    pub fn path(&self, id: PathId) -> &Path {
        &self.paths[id.index()]
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

    /// The element named as an N-1 case or a fault target (`link:A/B`, `vbr:X`,
    /// `connection:X`).
    pub fn element_named(&self, name: &str) -> Option<ElementId> {
        self.elements
            .iter()
            .position(|e| e.name == name)
            .map(|i| ElementId(i as u32))
    }

    /// The channel names a path crosses (the first member of each bundle).
    pub fn describe(&self, path: PathId) -> Vec<String> {
        self.path(path)
            .hops
            .iter()
            .filter_map(|h| match h {
                Hop::Channel(c) => Some(self.channel(*c).name.clone()),
                Hop::Bundle(b, d) => self.bundles[b.index()].channels[*d as usize]
                    .first()
                    .map(|c| self.channel(*c).name.clone()),
                _ => None,
            })
            .collect()
    }
}

/// A stable hash of a flow's name, to share load among equal routes (ECMP style).
pub fn flow_hash(name: &str) -> u64 {
    name_id(name)
}

struct Compiler<'n> {
    net: &'n Network,
    topo: Topology,
    plan: Plan,
    channel_of: HashMap<(ChannelKind, u32, u8), ChannelId>,
    element_of: HashMap<ElementKind, ElementId>,
    regional_of: HashMap<(RegionId, u8), ChannelId>,
}

/// Compiles a network into a plan.
pub fn compile(net: &Network) -> Plan {
    let mut c = Compiler {
        net,
        topo: Topology::new(net),
        plan: Plan::default(),
        channel_of: HashMap::new(),
        element_of: HashMap::new(),
        regional_of: HashMap::new(),
    };
    for i in 0..net.connections.len() {
        let cp = c.connection(ConnectionId(i as u32));
        c.plan.connections.push(cp);
    }
    // Elements that scripted faults name exist even when no path uses them yet.
    for e in &net.events {
        if let crate::model::TimelineAction::Fault { target, .. } = e.action {
            match target {
                crate::model::FaultTarget::Link(l) => {
                    c.element(ElementKind::Link(l));
                }
                crate::model::FaultTarget::PhysicalConnection(p) => {
                    c.element(ElementKind::Vbr(net.physical_connections[p.index()].vbr));
                }
                crate::model::FaultTarget::Vbr(v) => {
                    c.element(ElementKind::Vbr(v));
                }
                crate::model::FaultTarget::Connection(_) => {}
            }
        }
    }
    for (i, f) in net.flows.iter().enumerate() {
        let plan = match choices_of(net, &f.from, &f.to, f.opener, false) {
            Ok(ch) => c.flow(FlowId(i as u32), &f.name, ch),
            Err(b) => FlowPlan {
                flow: FlowId(i as u32),
                candidates: Vec::new(),
                blocked: Some(b),
            },
        };
        c.plan.flows.push(plan);
    }
    c.plan
}

impl Compiler<'_> {
    fn channel(&mut self, kind: ChannelKind, member: u32, direction: u8, ch: Channel) -> ChannelId {
        *self
            .channel_of
            .entry((kind, member, direction))
            .or_insert_with(|| {
                self.plan.channels.push(ch);
                ChannelId(self.plan.channels.len() as u32 - 1)
            })
    }

    fn regional(&mut self, r: RegionId) -> ChannelId {
        if let Some(id) = self.regional_of.get(&(r, 0)) {
            return *id;
        }
        let net = self.net;
        self.plan.channels.push(Channel {
            kind: ChannelKind::Regional(r),
            direction: 0,
            name: names::regional_channel(&net.regions[r.index()].name),
            rate: None,
            delay: net.backbone.regional_delay,
            jitter: Duration::ZERO,
            loss: LossSpec::Bernoulli(Ratio::ZERO),
            buffer_bytes: 0,
        });
        let id = ChannelId(self.plan.channels.len() as u32 - 1);
        self.regional_of.insert((r, 0), id);
        id
    }

    /// The element of `kind`, created with its bundle on first use.
    fn element(&mut self, kind: ElementKind) -> ElementId {
        if let Some(e) = self.element_of.get(&kind) {
            return *e;
        }
        let net = self.net;
        let id = ElementId(self.plan.elements.len() as u32);
        let name = match kind {
            ElementKind::Link(l) => {
                let link = &net.links[l.index()];
                format!(
                    "link:{}/{}",
                    net.regions[link.a.index()].name,
                    net.regions[link.b.index()].name
                )
            }
            ElementKind::Vbr(v) => format!("vbr:{}", net.vbrs[v.index()].name),
            ElementKind::Connection(c) => format!("connection:{}", net.connections[c.index()].name),
        };
        self.plan.elements.push(Element {
            kind,
            name,
            bundle: None,
            failover: net.backbone.failover,
        });
        self.element_of.insert(kind, id);
        let bundle = match kind {
            ElementKind::Link(l) => Some(self.link_bundle(id, l)),
            ElementKind::Vbr(v) => Some(self.vbr_bundle(id, v)),
            ElementKind::Connection(c)
                if net.connections[c.index()].kind == ConnectionType::Internet =>
            {
                Some(self.internet_bundle(id, c))
            }
            ElementKind::Connection(_) => None,
        };
        self.plan.elements[id.index()].bundle = bundle;
        id
    }

    fn push_bundle(&mut self, b: Bundle) -> BundleId {
        self.plan.bundles.push(b);
        BundleId(self.plan.bundles.len() as u32 - 1)
    }

    fn push_member(&mut self, m: Member) -> MemberId {
        self.plan.members.push(m);
        MemberId(self.plan.members.len() as u32 - 1)
    }

    fn link_bundle(&mut self, element: ElementId, l: LinkId) -> BundleId {
        let net = self.net;
        let link = &net.links[l.index()];
        let p = link.params;
        let (a, b) = (
            net.regions[link.a.index()].name.clone(),
            net.regions[link.b.index()].name.clone(),
        );
        let mut members = Vec::new();
        let mut channels = [Vec::new(), Vec::new()];
        for m in 0..p.count {
            let suffix = names::member_suffix(p.count, m);
            members.push(self.push_member(Member {
                name: names::link_member(&a, &b, &suffix),
                mtbf: p.mtbf,
                mttr: p.mttr,
                failover: p.failover,
                line: None,
            }));
            for d in 0..2u8 {
                let ch = Channel {
                    kind: ChannelKind::Backbone(l),
                    direction: d,
                    name: names::backbone_channel(&a, &b, &suffix, d),
                    rate: Some(p.bandwidth),
                    delay: p.delay,
                    jitter: p.jitter,
                    loss: p.loss,
                    buffer_bytes: p.buffer_bytes,
                };
                channels[d as usize].push(self.channel(ChannelKind::Backbone(l), m, d, ch));
            }
        }
        self.push_bundle(Bundle {
            element,
            mode: BundleMode::Standby,
            members,
            channels,
        })
    }

    fn vbr_bundle(&mut self, element: ElementId, v: VbrId) -> BundleId {
        let net = self.net;
        let vbr = &net.vbrs[v.index()];
        let idc = &net.idcs[vbr.idc.index()].name;
        let mut members = Vec::new();
        let mut channels = [Vec::new(), Vec::new()];
        let mut mode = BundleMode::Standby;
        for pc in &vbr.physical_connections {
            let line = &net.physical_connections[pc.index()];
            if line.mode == LineMode::ActiveActive {
                mode = BundleMode::Shared;
            }
            let p = line.params;
            for m in 0..p.count {
                let suffix = names::member_suffix(p.count, m);
                members.push(self.push_member(Member {
                    name: names::line_member(&line.name, &suffix),
                    mtbf: p.mtbf,
                    mttr: p.mttr,
                    failover: p.failover,
                    line: Some(*pc),
                }));
                for d in 0..2u8 {
                    let ch = Channel {
                        kind: ChannelKind::Line(*pc),
                        direction: d,
                        name: names::line_channel(&line.name, &suffix, idc, &vbr.name, d),
                        rate: Some(p.bandwidth),
                        delay: p.delay,
                        jitter: p.jitter,
                        loss: p.loss,
                        buffer_bytes: p.buffer_bytes,
                    };
                    channels[d as usize].push(self.channel(ChannelKind::Line(*pc), m, d, ch));
                }
            }
        }
        self.push_bundle(Bundle {
            element,
            mode,
            members,
            channels,
        })
    }

    fn internet_bundle(&mut self, element: ElementId, c: ConnectionId) -> BundleId {
        let net = self.net;
        let conn = &net.connections[c.index()];
        let p = conn.internet.unwrap_or(crate::model::PathParams {
            bandwidth: net.backbone.bandwidth,
            delay: Duration::ZERO,
            loss: net.backbone.loss,
            jitter: Duration::ZERO,
            mtbf: net.backbone.mtbf,
            mttr: net.backbone.mttr,
            failover: net.backbone.failover,
            buffer_bytes: 0,
            count: 1,
        });
        let member = self.push_member(Member {
            name: names::internet_member(&conn.name),
            mtbf: p.mtbf,
            mttr: p.mttr,
            failover: p.failover,
            line: None,
        });
        let (a, b) = (net.router_name(conn.a), net.router_name(conn.b));
        let mut channels = [Vec::new(), Vec::new()];
        for d in 0..2u8 {
            let ch = Channel {
                kind: ChannelKind::Internet(c),
                direction: d,
                name: names::internet_channel(&conn.name, a, b, d),
                rate: Some(p.bandwidth),
                delay: p.delay,
                jitter: p.jitter,
                loss: p.loss,
                buffer_bytes: p.buffer_bytes,
            };
            channels[d as usize].push(self.channel(ChannelKind::Internet(c), 0, d, ch));
        }
        self.plan.elements[element.index()].failover = p.failover;
        self.push_bundle(Bundle {
            element,
            mode: BundleMode::Standby,
            members: vec![member],
            channels,
        })
    }

    fn bundle_of(&self, e: ElementId) -> Option<BundleId> {
        self.plan.elements[e.index()].bundle
    }

    /// The paths of connection `id` from its end `dir`, one per backbone alternative.
    fn connection_paths(&mut self, id: ConnectionId, dir: u8, element: ElementId) -> Vec<PathId> {
        let net = self.net;
        let c = &net.connections[id.index()];
        let (from, to) = if dir == 0 { (c.a, c.b) } else { (c.b, c.a) };
        // Only Express Connect is tunnelled (Alibaba "What is Express Connect": an SDN overlay);
        // the peering document describes no tunnel, and the internet has none.
        let tunnel = (c.kind == ConnectionType::ExpressConnect).then(|| {
            self.plan.tunnels.push(Tunnel {
                connection: id,
                direction: dir,
                overhead: c.encap_overhead,
                mtu: c.mtu,
                failure: c.encap_failure,
            });
            TunnelId(self.plan.tunnels.len() as u32 - 1)
        });
        let shaper = c.cap.map(|rate| {
            let buffer_bytes = c.buffer.map_or_else(
                || rate.bytes_in(DEFAULT_SHAPER_BUFFER).as_bytes(),
                |b| b.bytes_at(rate),
            );
            self.plan.shapers.push(Shaper {
                name: format!(
                    "cap {} ({})",
                    c.name,
                    names::arrow(net.router_name(from), net.router_name(to), 0)
                ),
                connection: id,
                direction: dir,
                rate,
                buffer_bytes,
                burst: c.burst,
            });
            ShaperId(self.plan.shapers.len() as u32 - 1)
        });
        let (ra, rb) = (net.router_region(from), net.router_region(to));
        let routes: Vec<Vec<LinkId>> = if c.kind == ConnectionType::Internet {
            vec![Vec::new()]
        } else {
            self.topo.alternatives(ra, rb, MAX_BACKBONE_ALTERNATIVES)
        };
        let mut out = Vec::new();
        for links in routes {
            let mut hops = Vec::new();
            let mut elements = vec![element];
            // The cap shapes, and the bill counts, the customer's bytes: the shaper comes before
            // the tunnel adds its header, which then costs time on the wire of every link.
            hops.extend(shaper.map(Hop::Shaper));
            hops.extend(tunnel.map(Hop::Encap));
            let count_at = if shaper.is_some() {
                0
            } else {
                hops.len() as u16
            };
            if c.kind == ConnectionType::Internet {
                if let Some(b) = self.bundle_of(element) {
                    hops.push(Hop::Bundle(b, dir));
                }
            } else if links.is_empty() {
                hops.push(Hop::Channel(self.regional(ra)));
            } else {
                let mut at = ra;
                for l in links {
                    let link = &net.links[l.index()];
                    let d = if link.a == at { 0 } else { 1 };
                    at = if d == 0 { link.b } else { link.a };
                    let e = self.element(ElementKind::Link(l));
                    elements.push(e);
                    if let Some(b) = self.bundle_of(e) {
                        hops.push(Hop::Bundle(b, d));
                    }
                }
            }
            hops.extend(tunnel.map(Hop::Decap));
            let delay = self.hops_delay(&hops);
            self.plan.paths.push(Path {
                connection: id,
                direction: dir,
                hops,
                elements,
                delay,
                count_at,
            });
            out.push(PathId(self.plan.paths.len() as u32 - 1));
        }
        out
    }

    fn connection(&mut self, id: ConnectionId) -> ConnectionPlan {
        let net = self.net;
        let c = &net.connections[id.index()];
        let element = self.element(ElementKind::Connection(id));
        let paths = [
            self.connection_paths(id, 0, element),
            self.connection_paths(id, 1, element),
        ];
        let end_elements: Vec<ElementId> = [c.a, c.b]
            .iter()
            .filter_map(|r| match r {
                RouterId::Vbr(v) => Some(self.element(ElementKind::Vbr(*v))),
                RouterId::Vpc(_) => None,
            })
            .collect();
        let availability = paths[0]
            .iter()
            .map(|p| {
                let mut path = self.plan.paths[p.index()].clone();
                path.elements.extend(end_elements.iter().copied());
                self.plan.paths.push(path);
                PathId(self.plan.paths.len() as u32 - 1)
            })
            .collect();
        let bottleneck = [0, 1].map(|d| paths[d].first().and_then(|p| self.path_bottleneck(*p)));
        ConnectionPlan {
            name: c.name.clone(),
            kind: c.kind,
            state: c.state,
            cap: c.cap,
            element,
            paths,
            end_elements,
            availability,
            bottleneck,
        }
    }

    /// The slowest channel rate on a path (first member of each bundle).
    fn path_bottleneck(&self, p: PathId) -> Option<Bandwidth> {
        self.plan.paths[p.index()]
            .hops
            .iter()
            .filter_map(|h| match h {
                Hop::Channel(c) => self.plan.channel(*c).rate,
                Hop::Bundle(b, d) => self.plan.bundles[b.index()].channels[*d as usize]
                    .first()
                    .and_then(|c| self.plan.channel(*c).rate),
                Hop::Shaper(s) => Some(self.plan.shapers[s.index()].rate),
                _ => None,
            })
            .min()
    }

    fn hops_delay(&self, hops: &[Hop]) -> Duration {
        hops.iter()
            .map(|h| match h {
                Hop::Channel(c) => self.plan.channel(*c).delay,
                Hop::Bundle(b, d) => self.plan.bundles[b.index()].channels[*d as usize]
                    .first()
                    .map_or(Duration::ZERO, |c| self.plan.channel(*c).delay),
                _ => Duration::ZERO,
            })
            .sum()
    }

    /// A flow's candidate paths: its route choices (equal ranks rotated by the flow's hash,
    /// so flows share load among equal routes), each with its connection's backbone
    /// alternatives, framed by the leased lines of VBR ends.
    fn flow(&mut self, flow: FlowId, name: &str, mut ch: Vec<RouteChoice>) -> FlowPlan {
        let h = flow_hash(name);
        let mut start = 0;
        while start < ch.len() {
            let end = ch[start..]
                .iter()
                .position(|c| c.rank != ch[start].rank)
                .map_or(ch.len(), |k| start + k);
            let n = end - start;
            if n > 1 {
                ch[start..end].rotate_left((h % n as u64) as usize);
            }
            start = end;
        }
        let net = self.net;
        let mut candidates = Vec::new();
        let mut no_backbone = None;
        for choice in ch {
            let c = &net.connections[choice.connection.index()];
            let dir = if c.a == choice.ingress { 0 } else { 1 };
            let alternatives = self.plan.connections[choice.connection.index()].paths[dir].clone();
            if alternatives.is_empty() {
                no_backbone.get_or_insert(Blocked::NoBackbonePath {
                    connection: c.name.clone(),
                });
            }
            for alt in alternatives {
                if candidates.len() >= MAX_FLOW_CANDIDATES {
                    break;
                }
                let base = self.plan.paths[alt.index()].clone();
                let mut hops = Vec::new();
                let mut elements = base.elements.clone();
                let mut count_at = base.count_at;
                if let RouterId::Vbr(v) = choice.ingress {
                    let e = self.element(ElementKind::Vbr(v));
                    elements.push(e);
                    if let Some(b) = self.bundle_of(e) {
                        hops.push(Hop::Bundle(b, 0));
                        count_at += 1;
                    }
                }
                hops.extend(base.hops.iter().copied());
                if let RouterId::Vbr(v) = choice.egress {
                    let e = self.element(ElementKind::Vbr(v));
                    elements.push(e);
                    if let Some(b) = self.bundle_of(e) {
                        hops.push(Hop::Bundle(b, 1));
                    }
                }
                let delay = self.hops_delay(&hops);
                self.plan.paths.push(Path {
                    connection: base.connection,
                    direction: base.direction,
                    hops,
                    elements,
                    delay,
                    count_at,
                });
                candidates.push(PathId(self.plan.paths.len() as u32 - 1));
            }
        }
        FlowPlan {
            flow,
            blocked: if candidates.is_empty() {
                no_backbone
            } else {
                None
            },
            candidates,
        }
    }
}
