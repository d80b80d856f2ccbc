//! Connections (Express Connect router interface pairs, peering, internet): their ends, caps
//! and states. The rules that involve several connections are in `rules`.

use super::names::{Names, register, resolve};
use super::places::{fiber_delay, path_params};
use crate::model::catalogue::NEGATIVE_SPEC;
use crate::model::entities::*;
use crate::model::geo::great_circle_km;
use crate::model::rules;
use crate::scenario::{
    At, ConnectionEntry, ConnectionState, ConnectionType, Diagnostics, JitterSpec, LossSpec,
    Provider, Scenario, did_you_mean,
};
use crate::units::{Duration, Ratio};
use std::collections::HashMap;

/// Public internet defaults, deliberately conservative: long-distance public paths are "hard
/// to keep stable in latency and loss" (Express Connect documentation). Route factor 2.0 over
/// the great circle plus 10 ms of transit hops, 0.5% loss and 2 ms delay jitter.
pub const INTERNET_ROUTE_FACTOR: f64 = 2.0;
pub const INTERNET_EXTRA_DELAY: Duration = Duration::from_millis(10);
pub const INTERNET_LOSS: f64 = 0.005;
pub const INTERNET_JITTER: JitterSpec = JitterSpec::Fixed(Duration::from_millis(2));
/// Internet path failures: the documents give no figure for the public network's
/// availability (they only call it "hard to ensure"), so this is a user input with a
/// conservative default: a cut every 7 days on average, 15 minutes to restore (99.85%).
/// Set `mtbf` and `mttr` on the connection from your own measurements.
pub const INTERNET_MTBF: Duration = Duration::from_secs(7 * 86_400);
pub const INTERNET_MTTR: Duration = Duration::from_secs(15 * 60);

fn router(
    name: &At<String>,
    key: &str,
    names: &Names,
    diags: &mut Diagnostics,
) -> Option<RouterId> {
    if let Some(v) = names.vpcs.get(name.get_ref()) {
        return Some(RouterId::Vpc(*v));
    }
    if let Some(v) = names.vbrs.get(name.get_ref()) {
        return Some(RouterId::Vbr(*v));
    }
    if names.idcs.contains_key(name.get_ref()) {
        diags.error_hint(name.span(), key, format!("\"{}\" is an IDC; connections end at its VBR", name.get_ref()), "name the VBR of one of its physical connections (default \"vbr-<physical connection>\")");
        return None;
    }
    let mut all: HashMap<String, ()> = names.vpcs.keys().map(|k| (k.clone(), ())).collect();
    all.extend(names.vbrs.keys().map(|k| (k.clone(), ())));
    resolve(&all, "VPC or VBR", name, key, diags);
    None
}

pub(crate) fn connections(
    s: &Scenario,
    net: &mut Network,
    names: &mut Names,
    diags: &mut Diagnostics,
) {
    for (i, c) in s.connections.iter().enumerate() {
        let key = format!("connection[{i}]");
        let id = ConnectionId(net.connections.len() as u32);
        if !register(
            &mut names.connections,
            "connection",
            &c.name,
            id,
            &format!("{key}.name"),
            diags,
        ) {
            continue;
        }
        if let Some(conn) = connection(c, &key, s, net, names, diags) {
            net.connections.push(conn);
        } else {
            names.connections.remove(c.name.get_ref());
        }
    }
}

/// Whether the product of `c` is offered where its ends are: Express Connect between Alibaba
/// networks, peering between Tencent VPCs, the internet anywhere. Reports the mismatch.
fn in_its_cloud(
    c: &ConnectionEntry,
    key: &str,
    kind: ConnectionType,
    ends: [RouterId; 2],
    net: &Network,
    diags: &mut Diagnostics,
) -> bool {
    let clouds = ends.map(|r| net.router_provider(r));
    let describe = |r: RouterId| {
        format!(
            "{} (in {}, {})",
            net.router_name(r),
            net.regions[net.router_region(r).index()].name,
            net.router_provider(r)
        )
    };
    let (rule, hint) = match kind {
        ConnectionType::Internet => return true,
        ConnectionType::ExpressConnect if clouds == [Provider::Alibaba; 2] => return true,
        ConnectionType::Peering if clouds == [Provider::Tencent; 2] => return true,
        _ if clouds[0] != clouds[1] => (
            &rules::CROSS_CLOUD_INTERNET,
            "join two clouds with type = \"internet\"".to_string(),
        ),
        ConnectionType::ExpressConnect => (
            &rules::EC_IN_ALIBABA,
            "Tencent VPCs are joined by type = \"peering\"".to_string(),
        ),
        ConnectionType::Peering => (
            &rules::PEERING_IN_TENCENT,
            "Alibaba's VPC interconnection is Express Connect (Alibaba \"What is Express Connect?\", later edition): write type = \"express-connect\" with a spec".to_string(),
        ),
    };
    rules::error(
        diags,
        rule,
        c.kind.span(),
        format!("{key}.type"),
        format!(
            "\"{}\" is {kind} between {} and {}",
            c.name.get_ref(),
            describe(ends[0]),
            describe(ends[1])
        ),
        hint,
    );
    false
}

fn connection(
    c: &ConnectionEntry,
    key: &str,
    s: &Scenario,
    net: &Network,
    names: &Names,
    diags: &mut Diagnostics,
) -> Option<Connection> {
    let ends = c.between.get_ref();
    let a = router(&ends[0], &format!("{key}.between"), names, diags);
    let b = router(&ends[1], &format!("{key}.between"), names, diags);
    let (a, b) = (a?, b?);
    let kind = *c.kind.get_ref();
    if a == b {
        diags.error_hint(
            c.between.span(),
            format!("{key}.between"),
            "a connection joins two different routers",
            "name two VPCs, or a VBR and a VPC",
        );
        return None;
    }
    match (kind, a, b) {
        (ConnectionType::Peering, RouterId::Vbr(_), _)
        | (ConnectionType::Peering, _, RouterId::Vbr(_)) => {
            rules::error(
                diags,
                &rules::PEERING_JOINS_VPCS,
                c.between.span(),
                format!("{key}.between"),
                "peering connects two VPCs",
                "an IDC reaches a VPC through an express-connect connection from its VBR",
            );
            return None;
        }
        (ConnectionType::ExpressConnect, _, RouterId::Vbr(_)) => {
            rules::error(
                diags,
                &rules::EC_VBR_INITIATOR,
                ends[1].span(),
                format!("{key}.between"),
                format!(
                    "VBR \"{}\" is the acceptor, but a VBR can only be the initiator",
                    ends[1].get_ref()
                ),
                format!(
                    "write between = [\"{}\", \"{}\"]",
                    ends[1].get_ref(),
                    ends[0].get_ref()
                ),
            );
            return None;
        }
        _ => {}
    }
    if !in_its_cloud(c, key, kind, [a, b], net, diags) {
        return None;
    }
    if kind != ConnectionType::ExpressConnect {
        for (k, span) in &c.tunnel_keys {
            let rule = if kind == ConnectionType::Peering {
                &rules::PEERING_NO_TUNNEL
            } else {
                &rules::EC_TUNNEL
            };
            rules::error(
                diags,
                rule,
                span.clone(),
                format!("{key}.{k}"),
                format!("`{k}` is a tunnel setting, and a {kind} connection has no tunnel"),
                "only express-connect connections are tunnelled; remove it",
            );
        }
    }
    let cross_region = net.router_region(a) != net.router_region(b);
    let cap = cap(c, key, kind, cross_region, s, net, diags)?;
    let state = state(c, key, kind, s, diags);
    let internet = (kind == ConnectionType::Internet).then(|| {
        let (ra, rb) = (
            &net.regions[net.router_region(a).index()],
            &net.regions[net.router_region(b).index()],
        );
        let km = great_circle_km(ra.lat, ra.lon, rb.lat, rb.lon) * INTERNET_ROUTE_FACTOR
            / s.backbone.route_factor;
        let geo = fiber_delay(s, km) + INTERNET_EXTRA_DELAY;
        let mut o = c.overrides.clone();
        o.loss = o.loss.or(Some(serde_spanned::Spanned::new(
            0..0,
            LossSpec::Bernoulli(Ratio::new(INTERNET_LOSS).unwrap_or(Ratio::ZERO)),
        )));
        o.jitter = o
            .jitter
            .or(Some(serde_spanned::Spanned::new(0..0, INTERNET_JITTER)));
        o.mtbf = o
            .mtbf
            .or(Some(serde_spanned::Spanned::new(0..0, INTERNET_MTBF)));
        o.mttr = o
            .mttr
            .or(Some(serde_spanned::Spanned::new(0..0, INTERNET_MTTR)));
        path_params(&o, s, geo, cap.unwrap_or(s.backbone.bandwidth), 1)
    });
    if kind != ConnectionType::Internet {
        for (k, v) in [
            ("delay", c.overrides.delay.as_ref().map(|d| d.span())),
            ("loss", c.overrides.loss.as_ref().map(|d| d.span())),
            ("jitter", c.overrides.jitter.as_ref().map(|d| d.span())),
            ("mtbf", c.overrides.mtbf.as_ref().map(|d| d.span())),
            ("mttr", c.overrides.mttr.as_ref().map(|d| d.span())),
            ("failover", c.overrides.failover.as_ref().map(|d| d.span())),
        ] {
            if let Some(span) = v {
                diags.error_hint(
                    span,
                    format!("{key}.{k}"),
                    format!("`{k}` applies only to internet connections"),
                    "set delay, loss, jitter and failures of the backbone with [backbone] or [[link]], of leased lines on [[physical_connection]]",
                );
            }
        }
    }
    Some(Connection {
        name: c.name.get_ref().clone(),
        kind,
        a,
        b,
        state,
        spec: c.spec.as_ref().map(|s| s.get_ref().clone()),
        cap,
        routes: c.routes,
        encap_overhead: c.encap_overhead,
        mtu: c.mtu,
        encap_failure: c.encap_failure,
        buffer: c.buffer.as_ref().map(|b| *b.get_ref()),
        burst: c.burst.as_ref().map(|b| *b.get_ref()),
        cross_region,
        internet,
        priority: c
            .priority
            .as_ref()
            .map_or(super::routes::DEFAULT_PRIORITY, |p| *p.get_ref()),
        span: c.name.span(),
    })
}

/// The bandwidth cap per direction: from the spec (express-connect) or `bandwidth`.
fn cap(
    c: &ConnectionEntry,
    key: &str,
    kind: ConnectionType,
    cross_region: bool,
    s: &Scenario,
    net: &Network,
    diags: &mut Diagnostics,
) -> Option<Option<crate::units::Bandwidth>> {
    match kind {
        ConnectionType::ExpressConnect => match (&c.spec, &c.bandwidth) {
            (Some(_), Some(b)) => {
                diags.error_hint(
                    b.span(),
                    format!("{key}.bandwidth"),
                    "give either `spec` or `bandwidth`, not both",
                    "the spec sets the bandwidth",
                );
                None
            }
            (Some(spec), None) => {
                if spec.get_ref() == NEGATIVE_SPEC {
                    rules::error(
                        diags,
                        &rules::EC_NEGATIVE_SPEC,
                        spec.span(),
                        format!("{key}.spec"),
                        "\"Negative\" is the acceptor's spec; the pair runs at the initiator's",
                        "give the initiator's spec, e.g. \"Large.1\"",
                    );
                    return None;
                }
                match net.spec_bandwidth(spec.get_ref()) {
                    Some(b) => Some(Some(b)),
                    None => {
                        let known: Vec<&str> = net.specs.iter().map(|(n, _)| n.as_str()).collect();
                        let hint = match did_you_mean(spec.get_ref(), &known) {
                            Some(k) => format!("did you mean \"{k}\"? or add it under [specs]"),
                            None => format!(
                                "known specs: {}; add others under [specs]",
                                known.join(", ")
                            ),
                        };
                        diags.error_hint(
                            spec.span(),
                            format!("{key}.spec"),
                            format!("unknown router interface spec \"{}\"", spec.get_ref()),
                            hint,
                        );
                        None
                    }
                }
            }
            (None, Some(b)) => Some(Some(*b.get_ref())),
            (None, None) => {
                diags.error_hint(
                    c.name.span(),
                    format!("{key}.spec"),
                    "an express-connect connection needs a router interface `spec`",
                    "add e.g. `spec = \"Large.1\"` (1 Gbps)",
                );
                None
            }
        },
        ConnectionType::Peering => {
            if let Some(spec) = &c.spec {
                diags.error_hint(
                    spec.span(),
                    format!("{key}.spec"),
                    "`spec` applies to express-connect; peering takes `bandwidth`",
                    "write `bandwidth = \"1Gbps\"`",
                );
            }
            let max = s.limits.max_cross_region_bandwidth;
            match (&c.bandwidth, cross_region) {
                (Some(b), true) if *b.get_ref() > max => {
                    rules::error(
                        diags,
                        &rules::PEERING_BANDWIDTH,
                        b.span(),
                        format!("{key}.bandwidth"),
                        format!(
                            "cross-region peering bandwidth {} exceeds the limit of {max}",
                            b.get_ref()
                        ),
                        format!("use at most {max} ([limits] max_cross_region_bandwidth)"),
                    );
                    None
                }
                (Some(b), _) => Some(Some(*b.get_ref())),
                (None, true) => Some(Some(max)),
                (None, false) => Some(None),
            }
        }
        ConnectionType::Internet => Some(c.bandwidth.as_ref().map(|b| *b.get_ref())),
    }
}

/// The state at time 0: a pending peering application older than `application_validity` has
/// expired (Tencent VPC peering, "Usage Restrictions": applications are valid for one week).
fn state(
    c: &ConnectionEntry,
    key: &str,
    kind: ConnectionType,
    s: &Scenario,
    diags: &mut Diagnostics,
) -> ConnectionState {
    let state = c
        .state
        .as_ref()
        .map_or(ConnectionState::Active, |v| *v.get_ref());
    if let Some(req) = &c.requested {
        if req.get_ref().as_nanos() > 0 {
            diags.error_hint(
                req.span(),
                format!("{key}.requested"),
                "`requested` is when the application was made, at or before time 0",
                "write a negative offset such as \"-2d\"",
            );
        }
        let age = req.get_ref().as_nanos().unsigned_abs();
        if kind == ConnectionType::Peering
            && state == ConnectionState::Pending
            && age > s.limits.application_validity.as_nanos()
        {
            rules::warning(
                diags,
                &rules::PEERING_APPLICATION_EXPIRES,
                req.span(),
                format!("{key}.requested"),
                format!(
                    "the application of \"{}\" is {} old, past its validity of {}: it has expired and carries no traffic",
                    c.name.get_ref(),
                    Duration(age),
                    s.limits.application_validity
                ),
            );
            return ConnectionState::Expired;
        }
    }
    state
}

/// Every spec priced in [cost] spec_per_day is a spec of the catalogue: a misspelt name would
/// leave its connection unpriced without a word.
pub fn priced_specs(s: &Scenario, net: &Network, diags: &mut Diagnostics) {
    let Some(cost) = &s.cost else { return };
    let Some(span) = &cost.spec_per_day_span else {
        return;
    };
    let known: Vec<&str> = net.specs.iter().map(|(n, _)| n.as_str()).collect();
    for (spec, _) in &cost.spec_per_day {
        if net.spec_bandwidth(spec).is_some() {
            continue;
        }
        let hint = match did_you_mean(spec, &known) {
            Some(k) => format!("did you mean \"{k}\"? or add it under [specs]"),
            None => format!(
                "known specs: {}; add others under [specs]",
                known.join(", ")
            ),
        };
        diags.error_hint(
            span.clone(),
            format!("cost.spec_per_day.{spec}"),
            format!("unknown router interface spec \"{spec}\""),
            hint,
        );
    }
}
