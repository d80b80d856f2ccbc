//! The billed items of a design and how each is priced, before any traffic is measured.

use super::prices::{Prices, prices};
use super::{Cost, CostItem, DirectionPrice, Pricing, Tier};
use crate::model::{Connection, ConnectionId, Network, PhysicalConnection, TimelineAction};
use crate::scenario::{ConnectionState, ConnectionType};

/// Seed 001 (Alibaba Express Connect overview): "same-region VPC intercommunication is free".
const SAME_REGION_FREE: &str =
    "same-region interconnection is free (seed 001: Express Connect overview)";
/// Seed 003 (Tencent VPC peering), billing rule of regional peering.
const REGIONAL_PEERING_FREE: &str =
    "regional peering is free (seed 003: VPC peering, billing rule)";

/// The items of `net` with their pricing; amounts come from [`Cost::price`].
pub fn plan(net: &Network) -> Cost {
    let table = prices();
    let own = net.cost.as_ref();
    let currency = own
        .and_then(|c| c.currency.clone())
        .unwrap_or_else(|| table.currency.clone());
    // The built-in figures are in the table's currency; a scenario priced in another
    // currency uses only its own [cost].
    let builtin = (currency == table.currency).then_some(table);
    let window_s = net
        .simulation
        .duration
        .as_nanos()
        .saturating_sub(net.simulation.warmup.as_nanos()) as f64
        / 1e9;
    let mut items = Vec::new();
    for (i, c) in net.connections.iter().enumerate() {
        items.push(connection(
            net,
            ConnectionId(i as u32),
            c,
            builtin,
            &currency,
            window_s,
        ));
    }
    for line in &net.physical_connections {
        items.push(physical_connection(net, line, builtin, &currency));
    }
    Cost {
        currency,
        per_day: None,
        items,
    }
}

fn item(name: &str, kind: &str, product: &str) -> CostItem {
    CostItem {
        item: name.to_string(),
        kind: kind.to_string(),
        product: product.to_string(),
        rule: String::new(),
        basis: String::new(),
        per_day: None,
        source: String::new(),
        pricing: Pricing::Fixed { per_day: None },
    }
}

fn free(mut it: CostItem, rule: &str, basis: String, source: &str) -> CostItem {
    it.rule = rule.to_string();
    it.basis = basis;
    it.source = source.to_string();
    it.pricing = Pricing::Fixed { per_day: Some(0.0) };
    it
}

fn page(url: &str, date: &str) -> String {
    format!("{url} ({date})")
}

/// Whether `c` is active at any time of the window (at the start, or through a timeline
/// event): only an active connection is billed.
fn ever_active(net: &Network, id: ConnectionId, c: &Connection) -> bool {
    c.state == ConnectionState::Active
        || net.events.iter().any(|e| {
            matches!(e.action, TimelineAction::State { connection, to }
                if connection == id && to == ConnectionState::Active)
        })
}

fn connection(
    net: &Network,
    id: ConnectionId,
    c: &Connection,
    builtin: Option<&Prices>,
    currency: &str,
    window_s: f64,
) -> CostItem {
    let it = item(&c.name, "connection", &c.kind.to_string());
    if !ever_active(net, id, c) {
        return free(
            it,
            "only an active connection is billed",
            format!("{} during the whole window", c.state),
            "",
        );
    }
    let region = |r| net.regions[net.router_region(r).index()].name.as_str();
    let (ra, rb) = (region(c.a), region(c.b));
    match c.kind {
        ConnectionType::ExpressConnect => express_connect(net, id, c, it, (ra, rb), builtin),
        ConnectionType::Peering if !c.cross_region => free(
            it,
            REGIONAL_PEERING_FREE,
            format!("both ends in {ra}"),
            "seed 003: Tencent VPC peering",
        ),
        ConnectionType::Peering => {
            let mut it = it;
            it.rule = "cross-region peering is billed by day on the region pair and the \
                       bandwidth actually used (seed 003: VPC peering, billing rule)"
                .into();
            let tiers: Option<Vec<Tier>> =
                match net.cost.as_ref().and_then(|k| k.cross_region_per_mbps_day) {
                    Some(p) => {
                        it.source = "[cost] cross_region_per_mbps_day".into();
                        Some(vec![Tier {
                            up_to_mbps: None,
                            per_mbps_day: p,
                        }])
                    }
                    None => builtin.map(|t| {
                        it.source = page(&t.peering.source, &t.peering.date);
                        t.peering_tiers(ra, rb)
                            .into_iter()
                            .map(|(up_to_mbps, per_mbps_day)| Tier {
                                up_to_mbps,
                                per_mbps_day,
                            })
                            .collect()
                    }),
                };
            match tiers {
                Some(tiers) => {
                    it.pricing = Pricing::PeakBandwidth {
                        connection: c.name.clone(),
                        window_s,
                        tiers,
                    };
                }
                None => {
                    it.basis = format!(
                        "no built-in price in {currency}; set [cost] cross_region_per_mbps_day"
                    );
                }
            }
            it
        }
        ConnectionType::Internet => {
            let mut it = it;
            it.rule = "internet data transfer is billed per GB sent, at the sender's region".into();
            let flat = net.cost.as_ref().and_then(|k| k.internet_per_gb);
            let mut sources = Vec::new();
            let per_gb = [(c.a, c.b), (c.b, c.a)]
                .into_iter()
                .map(|(from, to)| {
                    let direction = format!("{}>{}", net.router_name(from), net.router_name(to));
                    let per_gb = match flat {
                        Some(p) => {
                            sources.push("[cost] internet_per_gb".to_string());
                            Some(p)
                        }
                        None => builtin.and_then(|t| t.egress(region(from))).map(|e| {
                            sources.push(page(&e.source, &e.date));
                            e.per_gb
                        }),
                    };
                    DirectionPrice { direction, per_gb }
                })
                .collect();
            sources.dedup();
            it.source = sources.join("; ");
            it.pricing = Pricing::Volume {
                connection: c.name.clone(),
                window_s,
                per_gb,
            };
            it
        }
    }
}

fn express_connect(
    net: &Network,
    id: ConnectionId,
    c: &Connection,
    mut it: CostItem,
    (ra, rb): (&str, &str),
    builtin: Option<&Prices>,
) -> CostItem {
    if ra == rb {
        let source = builtin.map_or(String::new(), |t| {
            page(
                &t.express_connect.same_region_source,
                &t.express_connect.same_region_date,
            )
        });
        return free(it, SAME_REGION_FREE, format!("both ends in {ra}"), &source);
    }
    it.rule = "a cross-region router interface is billed per day by its spec; only the \
               initiator pays (Alibaba Express Connect billing)"
        .into();
    // The largest spec the connection holds in the window: an upgrade bills the day at the
    // larger spec.
    let (mut spec, mut cap) = (c.spec.clone(), c.cap);
    for e in &net.events {
        if let TimelineAction::Spec {
            connection,
            cap: to,
        } = e.action
            && connection == id
            && Some(to) > cap
        {
            cap = Some(to);
            spec = net
                .specs
                .iter()
                .find(|(_, b)| *b == to)
                .map(|(s, _)| s.clone())
                .or(spec);
        }
    }
    let Some(spec) = spec else {
        it.basis = "no spec: an express-connect interface is priced by its spec".into();
        return it;
    };
    let initiator = net.router_name(c.a);
    let own = net
        .cost
        .as_ref()
        .and_then(|k| k.spec_per_day.iter().find(|(s, _)| *s == spec))
        .map(|(_, p)| *p);
    let table = builtin.and_then(|t| t.express_connect.spec_per_day.get(&spec).copied());
    let (price, source) = match (own, table) {
        (Some(p), _) => (Some(p), "[cost] spec_per_day".to_string()),
        (None, Some(p)) => (
            Some(p),
            builtin.map_or(String::new(), |t| {
                page(&t.express_connect.source, &t.express_connect.date)
            }),
        ),
        (None, None) => (
            None,
            builtin.map_or(String::new(), |t| {
                page(&t.express_connect.source, &t.express_connect.date)
            }),
        ),
    };
    it.basis = match price {
        Some(_) => format!("spec {spec}, {ra} to {rb}, paid by the initiator {initiator}"),
        None => format!(
            "spec {spec}, {ra} to {rb}: no published price (the vendor prices it on the purchase \
             page); set [cost] spec_per_day"
        ),
    };
    it.source = source;
    it.pricing = Pricing::Fixed { per_day: price };
    it
}

/// A leased line occupies a port at its access point, billed by the port's speed.
fn physical_connection(
    net: &Network,
    line: &PhysicalConnection,
    builtin: Option<&Prices>,
    currency: &str,
) -> CostItem {
    let mut it = item(&line.name, "line", "physical-connection");
    it.rule = "a physical connection pays the dedicated port fee of its port speed at its access \
               point (Alibaba Express Connect resource usage fee)"
        .into();
    let region = &net.regions[line.access_point.index()].name;
    let bps = line.params.bandwidth.as_bps();
    let ports = line.params.count.max(1);
    if let Some(p) = net.cost.as_ref().and_then(|k| k.line_per_day) {
        it.source = "[cost] line_per_day".into();
        it.basis = format!("{} at {region}", line.params.bandwidth);
        it.pricing = Pricing::Fixed { per_day: Some(p) };
        return it;
    }
    let Some(t) = builtin else {
        it.basis = format!("no built-in price in {currency}; set [cost] line_per_day");
        return it;
    };
    it.source = page(&t.physical_connection.source, &t.physical_connection.date);
    match t.port(bps, region) {
        Some((gbps, month)) => {
            let per_day = f64::from(ports) * month * 12.0 / 365.0;
            let each = if ports > 1 {
                format!("{ports} members, each ")
            } else {
                String::new()
            };
            it.basis = format!(
                "{each}{} needs a {gbps} Gbps port, {}: {month} {currency}/month x 12 / 365",
                line.params.bandwidth,
                t.area(region).describe()
            );
            it.pricing = Pricing::Fixed {
                per_day: Some(per_day),
            };
        }
        None => {
            it.basis = format!(
                "{} is faster than the largest port priced; set [cost] line_per_day",
                line.params.bandwidth
            );
        }
    }
    it
}
