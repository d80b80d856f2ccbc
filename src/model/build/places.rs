//! Regions, VPCs, IDCs, physical connections and VBRs, and the backbone links between regions.

use super::names::{Names, register, resolve};
use crate::model::catalogue::find_region;
use crate::model::entities::*;
use crate::model::geo::great_circle_km;
use crate::model::rules;
use crate::scenario::{
    At, BackboneTopology, Diagnostics, LineMode, PathOverrides, Provider, ResourceEntry,
    ResourceKind, Scenario,
};
use crate::units::{Distance, Duration};
use ipnet::Ipv4Net;
use serde_spanned::Spanned;
use std::net::Ipv4Addr;

pub(crate) fn declare_regions(
    s: &Scenario,
    net: &mut Network,
    names: &mut Names,
    diags: &mut Diagnostics,
) {
    for (i, r) in s.regions.iter().enumerate() {
        let key = format!("region[{i}].name");
        let known = find_region(r.name.get_ref());
        let loc = r
            .location
            .as_ref()
            .map(|l| (l.get_ref().lat, l.get_ref().lon));
        let Some((lat, lon)) = loc.or_else(|| known.map(|c| (c.lat, c.lon))) else {
            diags.error_hint(
                r.name.span(),
                key,
                format!(
                    "region \"{}\" is not in the built-in catalogue and has no location",
                    r.name.get_ref()
                ),
                "add `location = { lat = .., lon = .. }`",
            );
            continue;
        };
        let Some(provider) = region_provider(r, known, i, diags) else {
            continue;
        };
        let id = RegionId(net.regions.len() as u32);
        if register(&mut names.regions, "region", &r.name, id, &key, diags) {
            net.regions.push(Region {
                name: r.name.get_ref().clone(),
                provider,
                lat,
                lon,
            });
        }
    }
}

/// The provider of a declared region: as written, or the catalogue's. A custom region must
/// say it (its backbone, products and SLA follow it); a known region may not contradict the
/// catalogue.
fn region_provider(
    r: &crate::scenario::RegionEntry,
    known: Option<&crate::model::catalogue::CatalogueRegion>,
    i: usize,
    diags: &mut Diagnostics,
) -> Option<Provider> {
    let key = format!("region[{i}].provider");
    match (&r.provider, known) {
        (Some(p), Some(c)) if *p.get_ref() != c.provider => {
            rules::error(
                diags,
                &rules::PROVIDER_OF_REGION,
                p.span(),
                key,
                format!(
                    "region \"{}\" is a {} region, not a {} one",
                    c.region,
                    c.provider,
                    p.get_ref()
                ),
                format!("write `provider = \"{}\"` or leave it out", c.provider),
            );
            None
        }
        (Some(p), _) => Some(*p.get_ref()),
        (None, Some(c)) => Some(c.provider),
        (None, None) => {
            rules::error(
                diags,
                &rules::PROVIDER_OF_REGION,
                r.name.span(),
                key,
                format!(
                    "region \"{}\" is not in the built-in catalogue, so its provider is unknown",
                    r.name.get_ref()
                ),
                "add `provider = \"alibaba\"` or `provider = \"tencent\"`",
            );
            None
        }
    }
}

/// Resolves a region name: declared in [[region]], or from the built-in catalogue.
pub(crate) fn region(
    name: &At<String>,
    key: &str,
    net: &mut Network,
    names: &mut Names,
    diags: &mut Diagnostics,
) -> Option<RegionId> {
    if let Some(id) = names.regions.get(name.get_ref()) {
        return Some(*id);
    }
    if let Some(c) = find_region(name.get_ref()) {
        let id = RegionId(net.regions.len() as u32);
        names.regions.insert(c.region.clone(), id);
        net.regions.push(Region {
            name: c.region.clone(),
            provider: c.provider,
            lat: c.lat,
            lon: c.lon,
        });
        return Some(id);
    }
    let mut all: std::collections::HashMap<String, RegionId> = names.regions.clone();
    for c in crate::model::catalogue::regions() {
        all.entry(c.region.clone()).or_insert(RegionId(u32::MAX));
    }
    resolve(&all, "region", name, key, diags).filter(|id| id.0 != u32::MAX)
}

/// A stand-in for a region that did not resolve (its error is already reported), so later
/// checks can index regions without special cases; the build fails before anything runs.
fn unresolved_region(net: &mut Network) -> RegionId {
    net.regions.push(Region {
        name: "?".into(),
        provider: Provider::Alibaba,
        lat: 0.0,
        lon: 0.0,
    });
    RegionId(net.regions.len() as u32 - 1)
}

/// Parses a CIDR block; VPC and IDC blocks are IPv4 with a prefix between /8 and /28.
pub(crate) fn parse_cidr(text: &At<String>, key: &str, diags: &mut Diagnostics) -> Option<Ipv4Net> {
    let s = text.get_ref();
    let net: Ipv4Net = match s.parse() {
        Ok(n) => n,
        Err(_) => {
            let hint = if s.contains(':') {
                "IPv6 is not modelled; use an IPv4 block such as \"10.0.0.0/16\""
            } else {
                "write a CIDR block such as \"10.0.0.0/16\""
            };
            diags.error_hint(
                text.span(),
                key,
                format!("\"{s}\" is not an IPv4 CIDR block"),
                hint,
            );
            return None;
        }
    };
    if !(8..=28).contains(&net.prefix_len()) {
        diags.error_hint(
            text.span(),
            key,
            format!("prefix /{} of \"{s}\" is outside /8../28", net.prefix_len()),
            "VPC and IDC blocks are between /8 (e.g. 10.0.0.0/8) and /28",
        );
        return None;
    }
    if net.trunc() != net {
        diags.error_hint(
            text.span(),
            key,
            format!("\"{s}\" has host bits set"),
            format!("write \"{}\"", net.trunc()),
        );
        return None;
    }
    Some(net)
}

fn parse_cidrs(list: &[At<String>], key: &str, diags: &mut Diagnostics) -> Vec<Ipv4Net> {
    let mut out: Vec<Ipv4Net> = Vec::new();
    for c in list {
        let Some(n) = parse_cidr(c, key, diags) else {
            continue;
        };
        if let Some(o) = out.iter().find(|o| overlaps(o, &n)) {
            diags.error_hint(
                c.span(),
                key,
                format!("{n} overlaps {o} of the same network"),
                "blocks of one VPC or IDC must be disjoint",
            );
            continue;
        }
        out.push(n);
    }
    out
}

/// The first usable host of a block (the address itself for a /31 or /32).
pub fn first_host(n: &Ipv4Net) -> Ipv4Addr {
    if n.prefix_len() >= 31 {
        n.network()
    } else {
        Ipv4Addr::from(u32::from(n.network()).saturating_add(1))
    }
}

/// A resource's range of hosts: an IPv4 block without host bits, /16 to /32.
fn parse_range(text: &At<String>, key: &str, diags: &mut Diagnostics) -> Option<Ipv4Net> {
    match text.get_ref().parse::<Ipv4Net>() {
        Ok(n) if n.trunc() != n => {
            diags.error_hint(
                text.span(),
                key,
                format!("\"{}\" has host bits set", text.get_ref()),
                format!("write \"{}\"", n.trunc()),
            );
            None
        }
        Ok(n) if n.prefix_len() >= 16 => Some(n),
        Ok(n) => {
            diags.error_hint(
                text.span(),
                key,
                format!("a range of /{} is wider than a resource", n.prefix_len()),
                "a host range of one kind is /16 to /32",
            );
            None
        }
        Err(_) => {
            diags.error_hint(
                text.span(),
                key,
                format!("\"{}\" is not an IPv4 block", text.get_ref()),
                "write a block such as \"10.0.2.0/24\"",
            );
            None
        }
    }
}

/// Whether two blocks share an address.
pub(crate) fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

fn resources(
    list: &[ResourceEntry],
    cidrs: &[Ipv4Net],
    site: Site,
    path: &str,
    names: &mut Names,
    diags: &mut Diagnostics,
) -> Vec<Resource> {
    let mut out = Vec::new();
    for (i, r) in list.iter().enumerate() {
        let key = format!("{path}[{i}]");
        let (range, at, field) = match (&r.ip, &r.cidr) {
            (Some(ip), _) => match ip.get_ref().parse::<Ipv4Addr>() {
                Ok(a) => (Ipv4Net::from(a), ip.span(), "ip"),
                Err(_) => {
                    diags.error_hint(
                        ip.span(),
                        format!("{key}.ip"),
                        format!("\"{}\" is not an IPv4 address", ip.get_ref()),
                        "write an address such as \"10.0.8.20\"",
                    );
                    continue;
                }
            },
            (None, Some(c)) => match parse_range(c, &format!("{key}.cidr"), diags) {
                Some(n) => (n, c.span(), "cidr"),
                None => continue,
            },
            (None, None) => continue,
        };
        let ip = first_host(&range);
        let shown = if range.prefix_len() == 32 {
            range.addr().to_string()
        } else {
            range.to_string()
        };
        if !cidrs.is_empty() && !cidrs.iter().any(|c| c.contains(&range)) {
            let blocks: Vec<String> = cidrs.iter().map(|c| c.to_string()).collect();
            diags.error_hint(
                at.clone(),
                format!("{key}.{field}"),
                format!(
                    "{shown} is outside the network's blocks {}",
                    blocks.join(", ")
                ),
                "give an address inside one of the network's CIDR blocks",
            );
        }
        if let Some(o) = out.iter().find(|o: &&Resource| overlaps(&o.range, &range)) {
            diags.error_hint(
                at.clone(),
                format!("{key}.{field}"),
                format!("{shown} is also {} of the same network", o.name),
                "each address belongs to one resource",
            );
        }
        if register(
            &mut names.resources,
            "resource",
            &r.name,
            (site, out.len()),
            &format!("{key}.name"),
            diags,
        ) {
            out.push(Resource {
                name: r.name.get_ref().clone(),
                kind: *r.kind.get_ref(),
                ip,
                range,
                backends: r.backends.iter().map(|b| b.get_ref().clone()).collect(),
            });
        }
    }
    out
}

pub(crate) fn vpcs(s: &Scenario, net: &mut Network, names: &mut Names, diags: &mut Diagnostics) {
    for (i, v) in s.vpcs.iter().enumerate() {
        let key = format!("vpc[{i}]");
        let id = VpcId(net.vpcs.len() as u32);
        if !register(
            &mut names.vpcs,
            "VPC",
            &v.name,
            id,
            &format!("{key}.name"),
            diags,
        ) {
            continue;
        }
        let region = region(&v.region, &format!("{key}.region"), net, names, diags)
            .unwrap_or_else(|| unresolved_region(net));
        let cidrs = parse_cidrs(&v.cidr, &format!("{key}.cidr"), diags);
        let res = resources(
            &v.resources,
            &cidrs,
            Site::Vpc(id),
            &format!("{key}.resources"),
            names,
            diags,
        );
        net.vpcs.push(Vpc {
            name: v.name.get_ref().clone(),
            region,
            account: v.account.clone(),
            cidrs,
            resources: res,
        });
        net.vpc_tables.push(RouteTable::default());
    }
}

pub(crate) fn idcs(s: &Scenario, net: &mut Network, names: &mut Names, diags: &mut Diagnostics) {
    for (i, d) in s.idcs.iter().enumerate() {
        let key = format!("idc[{i}]");
        let id = IdcId(net.idcs.len() as u32);
        if !register(
            &mut names.idcs,
            "IDC",
            &d.name,
            id,
            &format!("{key}.name"),
            diags,
        ) {
            continue;
        }
        if names.vpcs.contains_key(d.name.get_ref()) {
            diags.error_hint(
                d.name.span(),
                format!("{key}.name"),
                format!("\"{}\" names both a VPC and an IDC", d.name.get_ref()),
                "give the IDC its own name",
            );
        }
        let cidrs = parse_cidrs(&d.cidr, &format!("{key}.cidr"), diags);
        let hosts = resources(
            &d.hosts,
            &cidrs,
            Site::Idc(id),
            &format!("{key}.hosts"),
            names,
            diags,
        );
        let (lat, lon) = d
            .location
            .as_ref()
            .map_or((f64::NAN, f64::NAN), |l| (l.get_ref().lat, l.get_ref().lon));
        net.idcs.push(Idc {
            name: d.name.get_ref().clone(),
            lat,
            lon,
            cidrs,
            hosts,
            vbrs: Vec::new(),
        });
    }
}

/// Applies overrides to defaults. `geo_delay` is used when no `delay` is given.
pub(crate) fn path_params(
    o: &PathOverrides,
    s: &Scenario,
    geo_delay: Duration,
    default_bandwidth: crate::units::Bandwidth,
    default_count: u32,
) -> PathParams {
    let b = &s.backbone;
    let bandwidth = o
        .bandwidth
        .as_ref()
        .map_or(default_bandwidth, |v| *v.get_ref());
    let delay = o.delay.as_ref().map_or(geo_delay, |v| *v.get_ref());
    PathParams {
        bandwidth,
        delay,
        loss: o.loss.as_ref().map_or(b.loss, |v| *v.get_ref()),
        jitter: o
            .jitter
            .as_ref()
            .map_or(b.jitter, |v| *v.get_ref())
            .sd(delay),
        mtbf: o.mtbf.as_ref().map_or(b.mtbf, |v| *v.get_ref()),
        mttr: o.mttr.as_ref().map_or(b.mttr, |v| *v.get_ref()),
        failover: o.failover.as_ref().map_or(b.failover, |v| *v.get_ref()),
        buffer_bytes: o
            .buffer
            .as_ref()
            .map_or(b.buffer, |v| *v.get_ref())
            .bytes_at(bandwidth),
        count: o.count.as_ref().map_or(default_count, |v| *v.get_ref()),
    }
}

/// Fiber delay over a great circle: distance × route_factor × propagation.
pub(crate) fn fiber_delay(s: &Scenario, km: f64) -> Duration {
    let mm = (km * s.backbone.route_factor * 1e6).round();
    s.backbone
        .propagation
        .delay_over(Distance(if mm.is_finite() && mm > 0.0 {
            mm as u64
        } else {
            0
        }))
}

pub(crate) fn physical_connections(
    s: &Scenario,
    net: &mut Network,
    names: &mut Names,
    diags: &mut Diagnostics,
) {
    for (i, p) in s.physical_connections.iter().enumerate() {
        let key = format!("physical_connection[{i}]");
        let id = PhysicalConnectionId(net.physical_connections.len() as u32);
        if !register(
            &mut names.physical_connections,
            "physical connection",
            &p.name,
            id,
            &format!("{key}.name"),
            diags,
        ) {
            continue;
        }
        let idc = resolve(&names.idcs, "IDC", &p.idc, &format!("{key}.idc"), diags);
        let ap = region(
            &p.access_point,
            &format!("{key}.access_point"),
            net,
            names,
            diags,
        );
        let (Some(idc), Some(ap)) = (idc, ap) else {
            continue;
        };
        let cloud = net.regions[ap.index()].provider;
        if cloud != Provider::Alibaba {
            rules::error(
                diags,
                &rules::LINE_TO_ALIBABA,
                p.access_point.span(),
                format!("{key}.access_point"),
                format!(
                    "\"{}\" arrives at {}, a {cloud} region: physical connections, VBRs and access points are Alibaba Cloud's",
                    p.name.get_ref(),
                    p.access_point.get_ref()
                ),
                "an IDC reaches Tencent Cloud over an internet connection",
            );
            continue;
        }
        let delay = match (&p.distance, &p.overrides.delay) {
            (Some(d), _) => s.backbone.propagation.delay_over(*d.get_ref()),
            (None, Some(d)) => *d.get_ref(),
            (None, None) => {
                let (d, r) = (&net.idcs[idc.index()], &net.regions[ap.index()]);
                if d.lat.is_nan() {
                    diags.error_hint(p.name.span(), format!("{key}.distance"), "the line's length is unknown: no `distance`, no `delay`, and the IDC has no location", "add `distance = \"40km\"` or `delay = \"1ms\"`");
                    continue;
                }
                fiber_delay(s, great_circle_km(d.lat, d.lon, r.lat, r.lon))
            }
        };
        let mut params = path_params(&p.overrides, s, delay, s.backbone.bandwidth, 1);
        params.delay = delay;
        let vbr_name = p
            .vbr
            .clone()
            .unwrap_or_else(|| Spanned::new(p.name.span(), format!("vbr-{}", p.name.get_ref())));
        let vbr = match names.vbrs.get(vbr_name.get_ref()) {
            Some(v) => {
                let existing = &net.vbrs[v.index()];
                if existing.region != ap || existing.idc != idc {
                    diags.error_hint(vbr_name.span(), format!("{key}.vbr"), format!("VBR \"{}\" is already at another access point or IDC", vbr_name.get_ref()), "physical connections share a VBR only at the same access point from the same IDC");
                    continue;
                }
                *v
            }
            None => {
                if names.vpcs.contains_key(vbr_name.get_ref()) {
                    diags.error_hint(
                        vbr_name.span(),
                        format!("{key}.vbr"),
                        format!("\"{}\" names both a VPC and a VBR", vbr_name.get_ref()),
                        "give the VBR its own name with `vbr = \"...\"`",
                    );
                }
                let v = VbrId(net.vbrs.len() as u32);
                names.vbrs.insert(vbr_name.get_ref().clone(), v);
                net.vbrs.push(Vbr {
                    name: vbr_name.get_ref().clone(),
                    region: ap,
                    idc,
                    physical_connections: Vec::new(),
                });
                net.vbr_tables.push(RouteTable::default());
                net.idcs[idc.index()].vbrs.push(v);
                v
            }
        };
        let mode = p
            .mode
            .as_ref()
            .map_or(LineMode::ActiveStandby, |m| *m.get_ref());
        if let Some(first) = net.vbrs[vbr.index()]
            .physical_connections
            .first()
            .map(|p| &net.physical_connections[p.index()])
            && first.mode != mode
        {
            diags.error_hint(
                p.mode.as_ref().map_or(p.name.span(), |m| m.span()),
                format!("{key}.mode"),
                format!(
                    "\"{}\" is {mode} but \"{}\", the other line into VBR {}, is {}",
                    p.name.get_ref(),
                    first.name,
                    vbr_name.get_ref(),
                    first.mode
                ),
                "lines into one VBR share traffic one way: give them all the same `mode`",
            );
        }
        net.vbrs[vbr.index()].physical_connections.push(id);
        net.physical_connections.push(PhysicalConnection {
            name: p.name.get_ref().clone(),
            idc,
            access_point: ap,
            vbr,
            params,
            mode,
            span: p.name.span(),
        });
    }
    // Lines of one VBR in name order, whatever order the file declares them in.
    let lines = &net.physical_connections;
    for v in &mut net.vbrs {
        v.physical_connections
            .sort_by(|a, b| lines[a.index()].name.cmp(&lines[b.index()].name));
    }
}

/// Backbone links: the [[link]] entries, plus every other pair of regions in a full mesh.
pub(crate) fn backbone_links(
    s: &Scenario,
    net: &mut Network,
    names: &mut Names,
    diags: &mut Diagnostics,
) {
    let mut explicit: Vec<(RegionId, RegionId, usize)> = Vec::new();
    let mut defined: std::collections::HashSet<(RegionId, RegionId)> =
        std::collections::HashSet::new();
    for (i, l) in s.links.iter().enumerate() {
        let key = format!("link[{i}].between");
        let ends = l.between.get_ref();
        let a = region(&ends[0], &key, net, names, diags);
        let b = region(&ends[1], &key, net, names, diags);
        let (Some(a), Some(b)) = (a, b) else { continue };
        if a == b {
            diags.error_hint(
                l.between.span(),
                key,
                "a backbone link joins two different regions",
                "the delay inside a region is [backbone] regional_delay",
            );
            continue;
        }
        let (pa, pb) = (
            net.regions[a.index()].provider,
            net.regions[b.index()].provider,
        );
        if pa != pb {
            rules::error(
                diags,
                &rules::ONE_BACKBONE_PER_PROVIDER,
                l.between.span(),
                key,
                format!(
                    "{} ({pa}) and {} ({pb}) are in two clouds, each with its own backbone",
                    ends[0].get_ref(),
                    ends[1].get_ref()
                ),
                "link regions of one provider; traffic between the clouds goes over an internet connection",
            );
            continue;
        }
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        if !defined.insert((lo, hi)) {
            diags.error_hint(
                l.between.span(),
                key,
                format!(
                    "a link between {} and {} is defined twice",
                    ends[0].get_ref(),
                    ends[1].get_ref()
                ),
                "use `count` for parallel links",
            );
            continue;
        }
        explicit.push((lo, hi, i));
    }
    let n = net.regions.len() as u32;
    let mut pairs: Vec<(RegionId, RegionId, Option<usize>)> = explicit
        .iter()
        .map(|(a, b, i)| (*a, *b, Some(*i)))
        .collect();
    if s.backbone.topology == BackboneTopology::FullMesh {
        // Each provider's regions meshed among themselves: the clouds do not share a backbone.
        let provider = |r: u32| net.regions[r as usize].provider;
        for a in 0..n {
            for b in a + 1..n {
                if provider(a) == provider(b) && !defined.contains(&(RegionId(a), RegionId(b))) {
                    pairs.push((RegionId(a), RegionId(b), None));
                }
            }
        }
    }
    pairs.sort_by_key(|(a, b, _)| (*a, *b));
    for (a, b, entry) in pairs {
        let (ra, rb) = (&net.regions[a.index()], &net.regions[b.index()]);
        let geo = fiber_delay(s, great_circle_km(ra.lat, ra.lon, rb.lat, rb.lon))
            + s.backbone.regional_delay;
        let overrides = entry
            .map(|i| s.links[i].overrides.clone())
            .unwrap_or_default();
        let params = path_params(&overrides, s, geo, s.backbone.bandwidth, s.backbone.count);
        net.links.push(BackboneLink {
            a,
            b,
            params,
            explicit_delay: overrides.delay.is_some(),
        });
    }
}

/// A load balancer's backends are ECS instances of its own VPC.
pub(crate) fn load_balancer_backends(s: &Scenario, net: &Network, diags: &mut Diagnostics) {
    // The first entry of each name is the VPC that was registered.
    let mut entries: std::collections::HashMap<&str, &crate::scenario::VpcEntry> =
        std::collections::HashMap::new();
    for e in &s.vpcs {
        entries.entry(e.name.get_ref().as_str()).or_insert(e);
    }
    for (vi, v) in net.vpcs.iter().enumerate() {
        let Some(entry) = entries.get(v.name.as_str()) else {
            continue;
        };
        for (ri, r) in entry.resources.iter().enumerate() {
            let key = format!("vpc[{vi}].resources[{ri}].backends");
            if *r.kind.get_ref() != ResourceKind::Slb && !r.backends.is_empty() {
                diags.error_hint(
                    r.backends[0].span(),
                    key,
                    format!(
                        "{} is not a load balancer but has backends",
                        r.name.get_ref()
                    ),
                    "only kind = \"slb\" has backends",
                );
                continue;
            }
            for b in &r.backends {
                match v.resources.iter().find(|x| &x.name == b.get_ref()) {
                    Some(x) if x.kind == ResourceKind::Ecs => {}
                    Some(x) => diags.error_hint(
                        b.span(),
                        key.clone(),
                        format!("backend {} is {}, not an ECS instance", x.name, x.kind),
                        "a load balancer's backends are ECS instances",
                    ),
                    None => {
                        let elsewhere = net
                            .vpcs
                            .iter()
                            .find(|o| o.resources.iter().any(|x| &x.name == b.get_ref()));
                        match elsewhere {
                            Some(o) => diags.error_hint(b.span(), key.clone(), format!("backend {} is in VPC {}, not in {}", b.get_ref(), o.name, v.name), "an ECS instance on the other side of an interconnection cannot be a load balancer's backend"),
                            None => diags.error_hint(b.span(), key.clone(), format!("unknown backend \"{}\"", b.get_ref()), "name an ECS resource of the same VPC"),
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::{Provider, load_str};

    fn build(regions: &str) -> Result<crate::model::Network, String> {
        let text = format!(
            "{regions}\n[[vpc]]\nname = \"a\"\nregion = \"r1\"\ncidr = [\"10.0.0.0/16\"]\n"
        );
        let (s, _) = load_str("t.toml", "t", &text).map_err(|d| d.render())?;
        crate::model::build(&s)
            .map(|(n, _)| n)
            .map_err(|d| d.render())
    }

    #[test]
    fn a_custom_region_takes_the_provider_it_states() {
        let net = build(
            "[[region]]\nname = \"r1\"\nprovider = \"tencent\"\nlocation = { lat = 1.0, lon = 2.0 }",
        )
        .unwrap();
        assert_eq!(net.regions[0].provider, Provider::Tencent);
    }

    #[test]
    fn a_custom_region_without_a_provider_is_refused() {
        let e =
            build("[[region]]\nname = \"r1\"\nlocation = { lat = 1.0, lon = 2.0 }").unwrap_err();
        assert!(e.contains("region[0].provider"), "{e}");
    }

    #[test]
    fn a_catalogue_region_keeps_its_provider() {
        let e = build("[[region]]\nname = \"cn-hangzhou\"\nprovider = \"tencent\"\n[[region]]\nname = \"r1\"\nprovider = \"alibaba\"\nlocation = { lat = 1.0, lon = 2.0 }").unwrap_err();
        assert!(
            e.contains("cn-hangzhou") && e.contains("alibaba region"),
            "{e}"
        );
    }
}
