//! The network sections: [[region]], [[link]], [[vpc]], [[idc]], [[physical_connection]],
//! [[connection]], [[route]]. Names are kept with spans so the model can point at them.

use super::reader::{At, Fields, table_entries};
use super::values::{BufferSpec, JitterSpec, Location, LossSpec, read_loss, read_names};
use super::words::{
    ConnectionState, ConnectionType, LineMode, Provider, ResourceKind, RouteMode, opt_word,
};
use crate::units::{Bandwidth, Duration, Offset, Ratio, Size};
use serde_spanned::Spanned;

#[derive(Debug, Clone)]
pub struct RegionEntry {
    pub name: At<String>,
    /// Overrides the built-in catalogue's coordinates.
    pub location: Option<At<Location>>,
    /// The cloud the region belongs to; the catalogue knows it for its regions.
    pub provider: Option<At<Provider>>,
}

pub fn read_region(f: &mut Fields<'_, '_>) -> Option<RegionEntry> {
    let name = f.req::<String>("name", "\"cn-hangzhou\"");
    let location = f.opt::<Location>("location");
    check_location(f, &location);
    let provider = opt_word::<Provider>(f, "provider");
    Some(RegionEntry {
        name: name?,
        location,
        provider,
    })
}

fn check_location(f: &mut Fields<'_, '_>, location: &Option<At<Location>>) {
    if let Some(l) = location {
        let Location { lat, lon } = *l.get_ref();
        if !(lat.is_finite()
            && lon.is_finite()
            && (-90.0..=90.0).contains(&lat)
            && (-180.0..=180.0).contains(&lon))
        {
            let path = f.key_path("location");
            f.diags.error_hint(
                l.span(),
                path,
                format!("location ({lat}, {lon}) is not on Earth"),
                "lat is in [-90, 90] and lon in [-180, 180] degrees",
            );
        }
    }
}

/// Fields a backbone link, physical connection or internet path may override.
#[derive(Debug, Clone, Default)]
pub struct PathOverrides {
    pub bandwidth: Option<At<Bandwidth>>,
    pub delay: Option<At<Duration>>,
    pub loss: Option<At<LossSpec>>,
    pub jitter: Option<At<JitterSpec>>,
    pub mtbf: Option<At<Duration>>,
    pub mttr: Option<At<Duration>>,
    pub failover: Option<At<Duration>>,
    pub buffer: Option<At<BufferSpec>>,
    /// Independent parallel members (redundancy); default 1.
    pub count: Option<At<u32>>,
}

fn read_overrides(f: &mut Fields<'_, '_>) -> PathOverrides {
    let o = PathOverrides {
        bandwidth: f.opt("bandwidth"),
        delay: f.opt("delay"),
        loss: read_loss(f, "loss"),
        jitter: f.opt("jitter"),
        mtbf: f.opt("mtbf"),
        mttr: f.opt("mttr"),
        failover: f.opt("failover"),
        buffer: f.opt("buffer"),
        count: f.opt("count"),
    };
    if let Some(c) = &o.count
        && !(1..=64).contains(c.get_ref())
    {
        let path = f.key_path("count");
        f.diags.error_hint(
            c.span(),
            path,
            format!("count = {} is outside 1..=64", c.get_ref()),
            "count is the number of parallel members",
        );
    }
    if let Some(b) = &o.bandwidth
        && b.get_ref().as_bps() == 0
    {
        let path = f.key_path("bandwidth");
        f.diags.error_hint(
            b.span(),
            path,
            "bandwidth must be positive",
            "write a rate such as \"1Gbps\"",
        );
    }
    for (key, v) in [("mtbf", &o.mtbf), ("mttr", &o.mttr)] {
        if let Some(v) = v
            && v.get_ref().as_nanos() == 0
        {
            let path = f.key_path(key);
            f.diags.error_hint(
                v.span(),
                path,
                format!("{key} must be positive"),
                "write a duration such as \"60d\" or \"2h\"",
            );
        }
    }
    o
}

#[derive(Debug, Clone)]
pub struct LinkEntry {
    pub span: std::ops::Range<usize>,
    pub between: At<Vec<At<String>>>,
    pub overrides: PathOverrides,
}

pub fn read_link(f: &mut Fields<'_, '_>) -> Option<LinkEntry> {
    let between = read_names(f, "between", 2, "[\"cn-hangzhou\", \"ap-southeast-1\"]");
    let overrides = read_overrides(f);
    Some(LinkEntry {
        span: f.span(),
        between: between?,
        overrides,
    })
}

#[derive(Debug, Clone)]
pub struct ResourceEntry {
    pub name: At<String>,
    pub kind: At<ResourceKind>,
    /// One address; or, with `cidr`, a range of hosts of this kind.
    pub ip: Option<At<String>>,
    pub cidr: Option<At<String>>,
    pub backends: Vec<At<String>>,
    pub span: std::ops::Range<usize>,
}

#[derive(Debug, Clone)]
pub struct VpcEntry {
    pub name: At<String>,
    pub region: At<String>,
    /// Default "default": all VPCs in one account.
    pub account: String,
    pub cidr: Vec<At<String>>,
    pub resources: Vec<ResourceEntry>,
}

pub fn read_vpc(f: &mut Fields<'_, '_>) -> Option<VpcEntry> {
    let name = f.req::<String>("name", "\"hz-prod\"");
    let region = f.req::<String>("region", "\"cn-hangzhou\"");
    let account = f
        .opt::<String>("account")
        .map_or_else(|| "default".to_string(), |a| a.into_inner());
    let cidr = read_cidrs(f);
    let resources = read_resources(f, "resources", true);
    Some(VpcEntry {
        name: name?,
        region: region?,
        account,
        cidr: cidr?,
        resources,
    })
}

fn read_cidrs(f: &mut Fields<'_, '_>) -> Option<Vec<At<String>>> {
    let raw = f.value("cidr");
    let Some(raw) = raw else {
        f.missing("cidr", "add `cidr = [\"10.0.0.0/16\"]`");
        return None;
    };
    let span = raw.span();
    let items: Vec<At<String>> = match raw.get_ref() {
        toml::de::DeValue::String(s) => vec![Spanned::new(span.clone(), s.to_string())],
        toml::de::DeValue::Array(a) => a
            .iter()
            .filter_map(|v| {
                v.get_ref()
                    .as_str()
                    .map(|s| Spanned::new(v.span(), s.to_string()))
            })
            .collect(),
        _ => Vec::new(),
    };
    if items.is_empty() {
        let path = f.key_path("cidr");
        f.diags.error_hint(
            span,
            path,
            "`cidr` must be a list of CIDR blocks",
            "write `cidr = [\"10.0.0.0/16\"]`",
        );
        return None;
    }
    Some(items)
}

fn read_resources(f: &mut Fields<'_, '_>, key: &'static str, kinds: bool) -> Vec<ResourceEntry> {
    let Some(raw) = f.value(key) else {
        return Vec::new();
    };
    let path = f.key_path(key);
    let mut out = Vec::new();
    for (i, t, span) in table_entries(raw, &path, f.diags) {
        let mut r = Fields::new(t, span.clone(), format!("{path}[{i}]"), f.diags);
        let name = r.req::<String>("name", "\"hz-db\"");
        let kind = if kinds {
            opt_word::<ResourceKind>(&mut r, "kind")
        } else {
            None
        };
        let ip = r.opt::<String>("ip");
        let cidr = r.opt::<String>("cidr");
        if ip.is_none() && cidr.is_none() && !r.has("ip") && !r.has("cidr") {
            r.missing(
                "ip",
                "add `ip = \"10.0.8.20\"`, or `cidr = \"10.0.8.0/24\"` for a range of hosts of one kind",
            );
        }
        if let (Some(_), Some(c)) = (&ip, &cidr) {
            let path = r.key_path("cidr");
            r.diags.error_hint(
                c.span(),
                path,
                "give either `ip` (one host) or `cidr` (a range of hosts), not both",
                "a resource is one address or one range",
            );
        }
        let backends = r.opt::<Vec<String>>("backends");
        let backends = backends
            .map(|b| {
                let s = b.span();
                b.into_inner()
                    .into_iter()
                    .map(|n| Spanned::new(s.clone(), n))
                    .collect()
            })
            .unwrap_or_default();
        let default_kind = if kinds {
            ResourceKind::Ecs
        } else {
            ResourceKind::Other
        };
        r.finish();
        if let Some(name) = name
            && (ip.is_some() != cidr.is_some())
        {
            let kind = kind.unwrap_or_else(|| Spanned::new(name.span(), default_kind));
            out.push(ResourceEntry {
                name,
                kind,
                ip,
                cidr,
                backends,
                span,
            });
        }
    }
    out
}

#[derive(Debug, Clone)]
pub struct IdcEntry {
    pub name: At<String>,
    pub location: Option<At<Location>>,
    pub cidr: Vec<At<String>>,
    /// On-premises hosts that flows may name.
    pub hosts: Vec<ResourceEntry>,
}

pub fn read_idc(f: &mut Fields<'_, '_>) -> Option<IdcEntry> {
    let name = f.req::<String>("name", "\"sh-idc\"");
    let location = f.opt::<Location>("location");
    check_location(f, &location);
    let cidr = read_cidrs(f);
    let hosts = read_resources(f, "hosts", false);
    Some(IdcEntry {
        name: name?,
        location,
        cidr: cidr?,
        hosts,
    })
}

#[derive(Debug, Clone)]
pub struct PhysicalConnectionEntry {
    pub name: At<String>,
    pub idc: At<String>,
    pub access_point: At<String>,
    pub distance: Option<At<crate::units::Distance>>,
    /// Default "vbr-" + name. Several physical connections may end in one VBR (redundancy).
    pub vbr: Option<At<String>>,
    /// Default "active-standby": how the lines into one VBR share traffic.
    pub mode: Option<At<LineMode>>,
    pub overrides: PathOverrides,
}

pub fn read_physical_connection(f: &mut Fields<'_, '_>) -> Option<PhysicalConnectionEntry> {
    let name = f.req::<String>("name", "\"pc-sh-1\"");
    let idc = f.req::<String>("idc", "\"sh-idc\"");
    let access_point = f.req::<String>("access_point", "\"cn-shanghai\"");
    let distance = f.opt("distance");
    let vbr = f.opt::<String>("vbr");
    let mode = opt_word(f, "mode");
    let overrides = read_overrides(f);
    if overrides.bandwidth.is_none() && name.is_some() {
        f.missing(
            "bandwidth",
            "add `bandwidth = \"1Gbps\"` (the leased line's port rate)",
        );
    }
    Some(PhysicalConnectionEntry {
        name: name?,
        idc: idc?,
        access_point: access_point?,
        distance,
        vbr,
        mode,
        overrides,
    })
}

#[derive(Debug, Clone)]
pub struct ConnectionEntry {
    pub name: At<String>,
    pub kind: At<ConnectionType>,
    /// [initiator, acceptor] for express-connect; [requester, accepter] for peering.
    pub between: At<Vec<At<String>>>,
    pub spec: Option<At<String>>,
    pub bandwidth: Option<At<Bandwidth>>,
    /// Default "active".
    pub state: Option<At<ConnectionState>>,
    /// When the application was made, relative to time 0 (default: at time 0).
    pub requested: Option<At<Offset>>,
    /// Default "auto".
    pub routes: RouteMode,
    /// Default 50 B: VXLAN-style overlay header.
    pub encap_overhead: Size,
    /// Default: 10 ms at the cap rate.
    pub buffer: Option<At<BufferSpec>>,
    /// Default 1550 B.
    pub mtu: Size,
    /// Default 0%.
    pub encap_failure: Ratio,
    /// Token-bucket depth for the cap; default none (a pure FIFO shaper).
    pub burst: Option<At<Size>>,
    /// Preference of the routes this connection installs (`routes = "auto"`): lower wins;
    /// default 100.
    pub priority: Option<At<u32>>,
    /// Internet path overrides (delay, loss, jitter, mtbf, mttr, failover); an error on other
    /// types.
    pub overrides: PathOverrides,
    /// The tunnel keys written (`encap_overhead`, `mtu`, `encap_failure`) with their places:
    /// only Express Connect has a tunnel.
    pub tunnel_keys: Vec<(&'static str, std::ops::Range<usize>)>,
}

pub fn read_connection(f: &mut Fields<'_, '_>) -> Option<ConnectionEntry> {
    let name = f.req::<String>("name", "\"hz-sg\"");
    let kind_present = f.value("type").is_some();
    let kind = opt_word::<ConnectionType>(f, "type");
    if !kind_present {
        f.missing(
            "type",
            "add `type = \"express-connect\"` (or \"peering\", \"internet\")",
        );
    }
    let between = read_names(f, "between", 2, "[\"vpc-a\", \"vpc-b\"]");
    // Every field is read before a missing or invalid required one ends the entry, so
    // nothing present is later mistaken for an unknown key.
    let spec = f.opt("spec");
    let bandwidth: Option<At<Bandwidth>> = f.opt("bandwidth");
    if let Some(b) = &bandwidth
        && b.get_ref().as_bps() == 0
    {
        let path = f.key_path("bandwidth");
        f.diags.error_hint(
            b.span(),
            path,
            "a connection's bandwidth must be positive",
            "write a rate such as \"1Gbps\"",
        );
    }
    let state = opt_word(f, "state");
    let requested = f.opt("requested");
    let routes = opt_word(f, "routes").map_or(RouteMode::Auto, |v| v.into_inner());
    let mut tunnel_keys = Vec::new();
    let encap_overhead = f.opt::<Size>("encap_overhead");
    let buffer = f.opt("buffer");
    let mtu = f.opt::<Size>("mtu");
    let encap_failure = f.opt::<Ratio>("encap_failure");
    for (k, span) in [
        ("encap_overhead", encap_overhead.as_ref().map(|v| v.span())),
        ("mtu", mtu.as_ref().map(|v| v.span())),
        ("encap_failure", encap_failure.as_ref().map(|v| v.span())),
    ] {
        if let Some(span) = span {
            tunnel_keys.push((k, span));
        }
    }
    let encap_overhead = encap_overhead.map_or(Size(50), |v| v.into_inner());
    let mtu = mtu.map_or(Size(1550), |v| v.into_inner());
    let encap_failure = encap_failure.map_or(Ratio::ZERO, |v| v.into_inner());
    let burst = f.opt("burst");
    let priority = read_priority(f);
    let overrides = PathOverrides {
        delay: f.opt("delay"),
        loss: read_loss(f, "loss"),
        jitter: f.opt("jitter"),
        mtbf: f.opt("mtbf"),
        mttr: f.opt("mttr"),
        failover: f.opt("failover"),
        ..PathOverrides::default()
    };
    let c = ConnectionEntry {
        name: name?,
        kind: kind?,
        between: between?,
        spec,
        bandwidth,
        state,
        requested,
        routes,
        encap_overhead,
        buffer,
        mtu,
        encap_failure,
        tunnel_keys,
        burst,
        priority,
        overrides,
    };
    Some(c)
}

#[derive(Debug, Clone)]
pub struct RouteEntry {
    pub span: std::ops::Range<usize>,
    pub table: At<String>,
    pub destination: At<String>,
    pub via: At<String>,
    /// Lower is preferred; default 100. An explicit route beats an automatic one of the same
    /// priority.
    pub priority: Option<At<u32>>,
}

pub fn read_route(f: &mut Fields<'_, '_>) -> Option<RouteEntry> {
    let table = f.req::<String>("table", "\"hz-prod\"");
    let destination = f.req::<String>("destination", "\"10.1.0.0/16\"");
    let via = f.req::<String>("via", "\"hz-sg\"");
    let priority = read_priority(f);
    Some(RouteEntry {
        span: f.span(),
        table: table?,
        destination: destination?,
        via: via?,
        priority,
    })
}

/// The largest route priority.
pub const MAX_PRIORITY: u32 = 65_535;

/// Reads `priority`: a whole number in 0..=65535, lower preferred.
fn read_priority(f: &mut Fields<'_, '_>) -> Option<At<u32>> {
    let p = f.opt::<u32>("priority")?;
    if *p.get_ref() > MAX_PRIORITY {
        let path = f.key_path("priority");
        f.diags.error_hint(
            p.span(),
            path,
            format!("priority {} is above {MAX_PRIORITY}", p.get_ref()),
            "priorities are whole numbers from 0 (most preferred) to 65535; the default is 100",
        );
        return None;
    }
    Some(p)
}
