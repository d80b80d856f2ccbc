//! The validated cloud model: regions, VPCs, IDCs, VBRs, connections, routes, flows, events.
//!
//! Everything here is resolved (names are indices) and typed (units); nothing refers to TOML
//! except the byte spans kept for diagnostics in later stages (e.g. `reach`).

use crate::scenario::{
    BackboneSection, Burst, ConnectionState, ConnectionType, CostSection, LimitsSection, LineMode,
    LossSpec, PacketSizeSpec, Provider, ResourceKind, RouteMode, SimulationSection, SlaSection,
    Traffic,
};
use crate::units::{Bandwidth, Duration, Ratio, Size};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;
use std::ops::Range;

macro_rules! id {
    ($(#[$d:meta])* $name:ident) => {
        $(#[$d])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id!(/// Index into [`Network::regions`].
    RegionId);
id!(/// Index into [`Network::vpcs`].
    VpcId);
id!(/// Index into [`Network::idcs`].
    IdcId);
id!(/// Index into [`Network::vbrs`].
    VbrId);
id!(/// Index into [`Network::physical_connections`].
    PhysicalConnectionId);
id!(/// Index into [`Network::connections`].
    ConnectionId);
id!(/// Index into [`Network::links`].
    LinkId);
id!(/// Index into [`Network::flows`].
    FlowId);

/// A router that owns a route table and router interfaces: a VPC's VRouter or a VBR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RouterId {
    Vpc(VpcId),
    Vbr(VbrId),
}

/// Where an address lives: in a VPC or in an on-premises IDC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Site {
    Vpc(VpcId),
    Idc(IdcId),
}

#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    /// The cloud it belongs to: its backbone, products and SLA follow it.
    pub provider: Provider,
    pub lat: f64,
    pub lon: f64,
}

/// A backbone link between two regions: `count` independent parallel members.
#[derive(Debug, Clone)]
pub struct BackboneLink {
    pub a: RegionId,
    pub b: RegionId,
    pub params: PathParams,
    /// Set when the link's delay came from `delay =` rather than geography.
    pub explicit_delay: bool,
}

/// Transmission and failure parameters shared by backbone links, physical connections and
/// internet paths.
#[derive(Debug, Clone, Copy)]
pub struct PathParams {
    /// Per direction, per member.
    pub bandwidth: Bandwidth,
    /// One-way propagation (and processing) delay.
    pub delay: Duration,
    pub loss: LossSpec,
    /// Standard deviation of the extra per-packet delay.
    pub jitter: Duration,
    pub mtbf: Duration,
    pub mttr: Duration,
    pub failover: Duration,
    /// Queue limit in bytes per direction.
    pub buffer_bytes: u64,
    pub count: u32,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub name: String,
    pub kind: ResourceKind,
    /// Its address; for a host range, the range's first host.
    pub ip: Ipv4Addr,
    /// The addresses it stands for: /32 for one host, or a declared range of hosts of one
    /// kind (`cidr = "10.0.2.0/24"`).
    pub range: Ipv4Net,
    /// SLB only: ECS backends in the same VPC.
    pub backends: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Vpc {
    pub name: String,
    pub region: RegionId,
    pub account: String,
    pub cidrs: Vec<Ipv4Net>,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone)]
pub struct Idc {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub cidrs: Vec<Ipv4Net>,
    pub hosts: Vec<Resource>,
    /// The VBRs its physical connections end in.
    pub vbrs: Vec<VbrId>,
}

/// A leased line from an IDC to an access point; ends in a VBR.
#[derive(Debug, Clone)]
pub struct PhysicalConnection {
    pub name: String,
    pub idc: IdcId,
    pub access_point: RegionId,
    pub vbr: VbrId,
    /// This line's own bandwidth, delay, jitter, loss, buffer, MTBF, MTTR and failover.
    pub params: PathParams,
    /// How the lines into its VBR share traffic (the same for all of them).
    pub mode: LineMode,
    pub span: Range<usize>,
}

/// A virtual border router: the customer's port at an access point, abstracted as a router.
#[derive(Debug, Clone)]
pub struct Vbr {
    pub name: String,
    pub region: RegionId,
    pub idc: IdcId,
    /// Physical connections ending here (redundant lines), in name order: with
    /// active/standby lines, the first carries until it fails. Name order, not the file's, so
    /// that the design, not its layout, decides.
    pub physical_connections: Vec<PhysicalConnectionId>,
}

/// An interconnection between two routers.
#[derive(Debug, Clone)]
pub struct Connection {
    pub name: String,
    pub kind: ConnectionType,
    /// Initiator (express-connect) or requester (peering).
    pub a: RouterId,
    /// Acceptor.
    pub b: RouterId,
    /// State at time 0, after expiry of old pending applications.
    pub state: ConnectionState,
    pub spec: Option<String>,
    /// Bandwidth cap per direction; `None` means uncapped (regional peering).
    pub cap: Option<Bandwidth>,
    pub routes: RouteMode,
    pub encap_overhead: Size,
    pub mtu: Size,
    pub encap_failure: Ratio,
    /// Shaper queue limit; `None` → 10 ms at the cap rate.
    pub buffer: Option<crate::scenario::BufferSpec>,
    pub burst: Option<Size>,
    pub cross_region: bool,
    /// Internet connections: the public path's parameters.
    pub internet: Option<PathParams>,
    /// Preference of the routes it installs automatically: lower wins.
    pub priority: u32,
    pub span: Range<usize>,
}

impl Connection {
    /// The other end of the connection, if `r` is one end.
    pub fn peer_of(&self, r: RouterId) -> Option<RouterId> {
        if self.a == r {
            Some(self.b)
        } else if self.b == r {
            Some(self.a)
        } else {
            None
        }
    }
}

/// Where a route entry came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteOrigin {
    /// Installed by `routes = "auto"` on an active connection.
    Auto,
    /// A [[route]] entry at this span.
    Static(Range<usize>),
}

#[derive(Debug, Clone)]
pub struct Route {
    pub destination: Ipv4Net,
    pub via: ConnectionId,
    pub origin: RouteOrigin,
    /// Lower is preferred (default 100).
    pub priority: u32,
}

/// A router's route table; forwarding is longest-prefix match over `routes`.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    pub routes: Vec<Route>,
    /// The connections with an end at this router, in the order declared: what explains a
    /// missing route ("connection X is pending") without looking at every connection.
    pub connections: Vec<ConnectionId>,
}

impl RouteTable {
    /// Every route containing `ip`, best first: most specific prefix, then lowest priority,
    /// then an explicit [[route]] before an automatic one, then the order written. Routes
    /// that rank equal share load per flow (see `topology::routing`).
    pub fn candidates(&self, ip: Ipv4Addr) -> Vec<&Route> {
        let mut found: Vec<&Route> = self
            .routes
            .iter()
            .filter(|r| r.destination.contains(&ip))
            .collect();
        found.sort_by_key(|r| r.rank());
        found
    }

    /// The best route containing `ip`.
    pub fn lookup(&self, ip: Ipv4Addr) -> Option<&Route> {
        self.candidates(ip).into_iter().next()
    }
}

impl Route {
    /// The sort key of route preference: (longer prefix, lower priority, explicit first).
    pub fn rank(&self) -> (std::cmp::Reverse<u8>, u32, bool) {
        (
            std::cmp::Reverse(self.destination.prefix_len()),
            self.priority,
            self.origin == RouteOrigin::Auto,
        )
    }
}

/// One end of a flow.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The network the address is in; `None` for a destination given as an address, which
    /// the sender's routes resolve (isolated VPCs may share a block).
    pub site: Option<Site>,
    pub ip: Ipv4Addr,
    /// The kind of the declared resource at the address, when known.
    pub kind: Option<ResourceKind>,
    /// As written in the scenario.
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Flow {
    pub name: String,
    pub from: Endpoint,
    pub to: Endpoint,
    /// Who opened the session: the product's access rules are judged from that side.
    pub opener: crate::topology::Opener,
    pub traffic: Traffic,
    pub rate: Bandwidth,
    pub packet_size: PacketSizeSpec,
    pub on: Duration,
    pub off: Duration,
    pub burst: Burst,
    pub shape: f64,
    pub start: Duration,
    pub stop: Option<Duration>,
    pub span: Range<usize>,
}

/// What a fault event takes down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultTarget {
    /// Every member of a backbone link.
    Link(LinkId),
    Connection(ConnectionId),
    /// One leased line (all its `count` members).
    PhysicalConnection(PhysicalConnectionId),
    /// A VBR with all its lines.
    Vbr(VbrId),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimelineAction {
    Fault {
        target: FaultTarget,
        duration: Option<Duration>,
    },
    Spec {
        connection: ConnectionId,
        cap: Bandwidth,
    },
    Scale {
        flow: FlowId,
        factor: f64,
    },
    State {
        connection: ConnectionId,
        to: ConnectionState,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct TimelineEvent {
    pub at: Duration,
    pub action: TimelineAction,
}

/// The validated model a scenario describes. Built by [`super::build`].
#[derive(Debug, Clone)]
pub struct Network {
    pub name: String,
    pub simulation: SimulationSection,
    pub sla: SlaSection,
    pub limits: LimitsSection,
    pub backbone: BackboneSection,
    pub regions: Vec<Region>,
    pub links: Vec<BackboneLink>,
    pub vpcs: Vec<Vpc>,
    pub idcs: Vec<Idc>,
    pub vbrs: Vec<Vbr>,
    pub physical_connections: Vec<PhysicalConnection>,
    pub connections: Vec<Connection>,
    /// Route tables of the VPC routers, indexed by `VpcId`.
    pub vpc_tables: Vec<RouteTable>,
    /// Route tables of the VBRs, indexed by `VbrId`.
    pub vbr_tables: Vec<RouteTable>,
    pub flows: Vec<Flow>,
    pub events: Vec<TimelineEvent>,
    /// Down for the whole window, routing converged around them (an N-1 case).
    pub failed: Vec<FaultTarget>,
    /// The resolved [sweep], if any.
    pub sweep: Option<super::sweep::SweptParameter>,
    pub cost: Option<CostSection>,
    /// The router interface catalogue in force (built-in plus `[specs]`).
    pub specs: Vec<(String, Bandwidth)>,
}

impl Network {
    pub fn table(&self, r: RouterId) -> &RouteTable {
        match r {
            RouterId::Vpc(v) => &self.vpc_tables[v.index()],
            RouterId::Vbr(v) => &self.vbr_tables[v.index()],
        }
    }

    pub fn router_name(&self, r: RouterId) -> &str {
        match r {
            RouterId::Vpc(v) => &self.vpcs[v.index()].name,
            RouterId::Vbr(v) => &self.vbrs[v.index()].name,
        }
    }

    pub fn router_region(&self, r: RouterId) -> RegionId {
        match r {
            RouterId::Vpc(v) => self.vpcs[v.index()].region,
            RouterId::Vbr(v) => self.vbrs[v.index()].region,
        }
    }

    /// The cloud a router is in: its region's provider (a VBR's is its access point's).
    pub fn router_provider(&self, r: RouterId) -> Provider {
        self.regions[self.router_region(r).index()].provider
    }

    /// The cloud a site is in: a VPC's region's; an IDC is in none.
    pub fn site_provider(&self, s: Site) -> Option<Provider> {
        match s {
            Site::Vpc(v) => Some(self.regions[self.vpcs[v.index()].region.index()].provider),
            Site::Idc(_) => None,
        }
    }

    /// The CIDRs a router reaches locally: its VPC's, or the IDC's behind a VBR.
    pub fn router_cidrs(&self, r: RouterId) -> &[Ipv4Net] {
        match r {
            RouterId::Vpc(v) => &self.vpcs[v.index()].cidrs,
            RouterId::Vbr(v) => &self.idcs[self.vbrs[v.index()].idc.index()].cidrs,
        }
    }

    pub fn site_name(&self, s: Site) -> &str {
        match s {
            Site::Vpc(v) => &self.vpcs[v.index()].name,
            Site::Idc(i) => &self.idcs[i.index()].name,
        }
    }

    /// Whether a connection carries traffic at some point of the run (active at time 0, or
    /// accepted on the timeline). Only such connections are judged on availability.
    pub fn carries_traffic(&self, c: ConnectionId) -> bool {
        self.connections[c.index()].state == crate::scenario::ConnectionState::Active
            || self.events.iter().any(|e| matches!(e.action, TimelineAction::State { connection, to: crate::scenario::ConnectionState::Active } if connection == c))
    }

    /// Names of the connections the SLA judges, in scenario order.
    pub fn judged_connections(&self) -> Vec<String> {
        (0..self.connections.len())
            .filter(|i| self.carries_traffic(ConnectionId(*i as u32)))
            .map(|i| self.connections[i].name.clone())
            .collect()
    }

    /// Bandwidth of a spec name in the catalogue in force.
    pub fn spec_bandwidth(&self, spec: &str) -> Option<Bandwidth> {
        self.specs.iter().find(|(n, _)| n == spec).map(|(_, b)| *b)
    }
}
