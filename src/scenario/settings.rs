//! The global sections: [simulation], [sla], [limits], [backbone], [sweep], [cost], [specs].
//!
//! Every default is documented where it is defined, with its value and the reason for it.

use super::reader::{At, Fields};
use super::values::{BufferSpec, JitterSpec, LossSpec, read_loss};
use super::words::{BackboneTopology, ConnectionType, JitterKind, opt_word};
use crate::units::{Bandwidth, Duration, PropagationRate, Ratio, Size};
use serde_spanned::Spanned;

fn or<T: Copy>(v: Option<At<T>>, default: T) -> T {
    v.map_or(default, |v| *v.get_ref())
}

/// [simulation]: what one replication simulates and how many replications run.
#[derive(Debug, Clone)]
pub struct SimulationSection {
    /// Default: the file's stem. Names the output folder.
    pub name: String,
    /// Default 1. Replication i uses a seed derived from (seed, i).
    pub seed: u64,
    /// Default 10 s: long enough for p99 delay of a few hundred Mbps flow to settle.
    pub duration: Duration,
    /// Default 500 ms: queues fill from empty within a few ms at backbone rates.
    pub warmup: Duration,
    /// Default 30: enough for a 95% Wilson interval of about ±10 points on compliance.
    pub replications: u32,
    /// Default 30 d: the SLA month over which availability is judged.
    pub availability_horizon: Duration,
    /// Default 100 ms: sampling interval of timeseries.csv.
    pub sample_interval: Duration,
    pub duration_span: Option<std::ops::Range<usize>>,
}

pub fn read_simulation(f: &mut Fields<'_, '_>, default_name: &str) -> SimulationSection {
    let name = f
        .opt::<String>("name")
        .map(|v| v.into_inner())
        .unwrap_or_else(|| default_name.to_string());
    let seed = or(f.opt::<u64>("seed"), 1);
    let duration_at = f.opt::<Duration>("duration");
    let duration_span = duration_at.as_ref().map(|d| d.span());
    let duration = or(duration_at, Duration::from_secs(10));
    let warmup_at = f.opt::<Duration>("warmup");
    let warmup = or(warmup_at.clone(), Duration::from_millis(500));
    let replications_at = f.opt::<u32>("replications");
    let replications = or(replications_at.clone(), 30);
    let availability_horizon = or(
        f.opt::<Duration>("availability_horizon"),
        Duration::from_secs(30 * 86_400),
    );
    let sample_at = f.opt::<Duration>("sample_interval");
    let sample_interval = or(sample_at.clone(), Duration::from_millis(100));
    if let Some(w) = &warmup_at
        && warmup >= duration
    {
        let path = f.key_path("warmup");
        f.diags.error_hint(
            w.span(),
            path,
            format!("warmup {warmup} is not shorter than duration {duration}"),
            "make warmup shorter than duration, or leave it out",
        );
    }
    if let Some(r) = &replications_at
        && (replications == 0 || replications > 1_000_000)
    {
        let path = f.key_path("replications");
        f.diags.error_hint(
            r.span(),
            path,
            format!("replications = {replications} is outside 1..=1000000"),
            "use at least 1 replication",
        );
    }
    if duration > Duration::from_secs(7 * 86_400) {
        let span = duration_span.clone().unwrap_or(f.span());
        let path = f.key_path("duration");
        f.diags.error_hint(
            span,
            path,
            format!("a packet-level window of {duration} is too long"),
            "simulate packets over seconds to hours; availability uses availability_horizon",
        );
    }
    if let Some(s) = &sample_at
        && sample_interval < Duration::from_millis(1)
    {
        let path = f.key_path("sample_interval");
        f.diags.error_hint(
            s.span(),
            path,
            "sample_interval must be at least 1ms",
            "timeseries.csv is bounded: use \"100ms\" or longer",
        );
    }
    SimulationSection {
        name,
        seed,
        duration,
        warmup,
        replications,
        availability_horizon,
        sample_interval,
        duration_span,
    }
}

/// Targets written in `[sla]` or one of its product tables; a target not written is `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WrittenTargets {
    pub max_loss: Option<Ratio>,
    pub max_jitter: Option<Ratio>,
    pub min_encap_success: Option<Ratio>,
    pub min_availability: Option<Ratio>,
}

impl WrittenTargets {
    /// Whether no target is written.
    pub fn is_empty(&self) -> bool {
        *self == WrittenTargets::default()
    }
}

/// The product tables of `[sla]`: `[sla.express-connect]`, `[sla.peering]`, `[sla.internet]`.
pub const SLA_PRODUCTS: [(&str, ConnectionType); 3] = [
    ("express-connect", ConnectionType::ExpressConnect),
    ("peering", ConnectionType::Peering),
    ("internet", ConnectionType::Internet),
];

/// `[sla]`: the targets written over the products' own. Each flow is judged on the targets of
/// the products on its paths (crate::sla::targets): a product's document gives its defaults,
/// a target at the top of `[sla]` applies to every product, one in a product's table to that
/// product alone.
#[derive(Debug, Clone, Copy)]
pub struct SlaSection {
    /// Targets at the top of `[sla]`: every product.
    pub all: WrittenTargets,
    /// `[sla.express-connect]`.
    pub express_connect: WrittenTargets,
    /// `[sla.peering]`.
    pub peering: WrittenTargets,
    /// `[sla.internet]`.
    pub internet: WrittenTargets,
    /// Default 95%: share of replications that must meet a target for the scenario to pass.
    pub required_compliance: Ratio,
    /// Default "pdv" (RFC 5481).
    pub jitter: JitterKind,
}

impl Default for SlaSection {
    fn default() -> Self {
        SlaSection {
            all: WrittenTargets::default(),
            express_connect: WrittenTargets::default(),
            peering: WrittenTargets::default(),
            internet: WrittenTargets::default(),
            required_compliance: Ratio::from_const(0.95),
            jitter: JitterKind::Pdv,
        }
    }
}

impl SlaSection {
    /// The targets written for `product` in its own table.
    pub fn written_for(&self, product: ConnectionType) -> &WrittenTargets {
        match product {
            ConnectionType::ExpressConnect => &self.express_connect,
            ConnectionType::Peering => &self.peering,
            ConnectionType::Internet => &self.internet,
        }
    }
}

/// Reads the four targets of `[sla]` or of the table of `product`; an encapsulation target
/// for a product with no tunnel is kept but warned about, since it is never measured.
fn read_targets(f: &mut Fields<'_, '_>, product: Option<ConnectionType>) -> WrittenTargets {
    let r = |v: Option<At<Ratio>>| v.map(|v| *v.get_ref());
    let encap = f.opt::<Ratio>("min_encap_success");
    if let (Some(e), Some(p)) = (&encap, product)
        && p != ConnectionType::ExpressConnect
    {
        let key = f.key_path("min_encap_success");
        f.diags.warning(
            e.span(),
            key,
            format!(
                "{p} has no tunnel, so its encapsulation success is never measured: this \
                 target judges nothing"
            ),
        );
    }
    WrittenTargets {
        max_jitter: r(f.opt("max_jitter")),
        min_encap_success: r(encap),
        max_loss: r(f.opt("max_loss")),
        min_availability: r(f.opt("min_availability")),
    }
}

pub fn read_sla(f: &mut Fields<'_, '_>) -> SlaSection {
    let d = SlaSection::default();
    let mut s = SlaSection {
        all: read_targets(f, None),
        required_compliance: or(f.opt("required_compliance"), d.required_compliance),
        jitter: or(opt_word(f, "jitter"), d.jitter),
        ..d
    };
    for (key, product) in SLA_PRODUCTS {
        if let Some(t) = f.table(key, |t| read_targets(t, Some(product))) {
            *match product {
                ConnectionType::ExpressConnect => &mut s.express_connect,
                ConnectionType::Peering => &mut s.peering,
                ConnectionType::Internet => &mut s.internet,
            } = t.into_inner();
        }
    }
    s
}

/// [limits]: product rules, defaults from the source documents.
#[derive(Debug, Clone, Copy)]
pub struct LimitsSection {
    /// Default 10: "a VPC can communicate with up to 10 VPCs (including pending ones)".
    pub max_peers_per_vpc: u32,
    /// Default 10 Gbps: cross-region peering bandwidth "up to 10 Gbps".
    pub max_cross_region_bandwidth: Bandwidth,
    /// Default 7 d: "the application for VPC interconnection is valid for 1 week".
    pub application_validity: Duration,
    /// Default 5: router interfaces on one VRouter or VBR.
    pub max_router_interfaces: u32,
}

impl Default for LimitsSection {
    fn default() -> Self {
        LimitsSection {
            max_peers_per_vpc: 10,
            max_cross_region_bandwidth: Bandwidth::from_gbps(10),
            application_validity: Duration::from_secs(7 * 86_400),
            max_router_interfaces: 5,
        }
    }
}

pub fn read_limits(f: &mut Fields<'_, '_>) -> LimitsSection {
    let d = LimitsSection::default();
    LimitsSection {
        max_peers_per_vpc: or(f.opt("max_peers_per_vpc"), d.max_peers_per_vpc),
        max_cross_region_bandwidth: or(
            f.opt("max_cross_region_bandwidth"),
            d.max_cross_region_bandwidth,
        ),
        application_validity: or(f.opt("application_validity"), d.application_validity),
        max_router_interfaces: or(f.opt("max_router_interfaces"), d.max_router_interfaces),
    }
}

/// [backbone]: defaults for links between regions (and for physical connections' failure,
/// jitter and buffer where they give none).
#[derive(Debug, Clone, Copy)]
pub struct BackboneSection {
    /// Default "full-mesh".
    pub topology: BackboneTopology,
    /// Default 100 Gbps per link direction.
    pub bandwidth: Bandwidth,
    /// Default 5 µs/km: light in fiber (refractive index ≈ 1.5).
    pub propagation: PropagationRate,
    /// Default 1.5: fiber routes are longer than great circles.
    pub route_factor: f64,
    /// Default 300 µs: one-way delay inside a region (VRouter, vSwitch, intra-region fabric).
    pub regional_delay: Duration,
    /// Default 0.001%: a well-run backbone.
    pub loss: LossSpec,
    /// Default 1% of each element's delay: the delay variation (see [`JitterSpec`]).
    pub jitter: JitterSpec,
    /// Default 60 d.
    pub mtbf: Duration,
    /// Default 2 h.
    pub mttr: Duration,
    /// Default 50 ms: time to move traffic to a surviving member.
    pub failover: Duration,
    /// Default 1 MB per link direction.
    pub buffer: BufferSpec,
    /// Default 2: independent parallel members per backbone link (diverse fibre routes). Both
    /// documents promise 99.95% availability and Tencent's states "no single point of failure"
    /// (seed 003); one member of MTBF 60 d / MTTR 2 h alone is 99.86%.
    pub count: u32,
}

impl Default for BackboneSection {
    fn default() -> Self {
        BackboneSection {
            topology: BackboneTopology::FullMesh,
            bandwidth: Bandwidth::from_gbps(100),
            propagation: PropagationRate(5_000_000),
            route_factor: 1.5,
            regional_delay: Duration::from_micros(300),
            loss: LossSpec::Bernoulli(Ratio::new(0.00001).unwrap_or(Ratio::ZERO)),
            jitter: JitterSpec::DEFAULT,
            mtbf: Duration::from_secs(60 * 86_400),
            mttr: Duration::from_secs(2 * 3600),
            failover: Duration::from_millis(50),
            buffer: BufferSpec::Size(Size(1_000_000)),
            count: 2,
        }
    }
}

pub fn read_backbone(f: &mut Fields<'_, '_>) -> BackboneSection {
    let d = BackboneSection::default();
    let route_factor_at = f.opt::<f64>("route_factor");
    let route_factor = or(route_factor_at.clone(), d.route_factor);
    if let Some(r) = route_factor_at
        && !(route_factor.is_finite() && (1.0..=10.0).contains(&route_factor))
    {
        let path = f.key_path("route_factor");
        f.diags.error_hint(
            r.span(),
            path,
            format!("route_factor {route_factor} is outside [1, 10]"),
            "fiber is at least as long as the great circle: use about 1.5",
        );
    }
    let b = BackboneSection {
        topology: or(opt_word(f, "topology"), d.topology),
        bandwidth: or(f.opt("bandwidth"), d.bandwidth),
        propagation: or(f.opt("propagation"), d.propagation),
        route_factor,
        regional_delay: or(f.opt("regional_delay"), d.regional_delay),
        loss: or(read_loss(f, "loss"), d.loss),
        jitter: or(f.opt("jitter"), d.jitter),
        mtbf: or(f.opt("mtbf"), d.mtbf),
        mttr: or(f.opt("mttr"), d.mttr),
        failover: or(f.opt("failover"), d.failover),
        buffer: or(f.opt("buffer"), d.buffer),
        count: or(f.opt("count"), d.count),
    };
    if !(1..=64).contains(&b.count) {
        let span = f.span();
        let path = f.key_path("count");
        f.diags.error_hint(
            span,
            path,
            format!("count = {} is outside 1..=64", b.count),
            "count is the number of parallel members of each backbone link",
        );
    }
    if b.bandwidth.as_bps() == 0 {
        let span = f.span();
        let path = f.key_path("bandwidth");
        f.diags
            .error(span, path, "backbone bandwidth must be positive");
    }
    b
}

/// [sweep]: one parameter, many values, one Monte Carlo each.
#[derive(Debug, Clone)]
pub struct SweepSection {
    /// A dotted path such as "flow.db-replication.rate" or "connection.hz-sg.spec".
    pub parameter: At<String>,
    /// Values as written (strings with units, or numbers written as text).
    pub values: Vec<At<String>>,
}

pub fn read_sweep(f: &mut Fields<'_, '_>) -> Option<SweepSection> {
    let parameter = f.req::<String>("parameter", "\"flow.NAME.rate\"");
    let raw = f.value("values");
    if raw.is_none() {
        f.missing("values", "add `values = [\"100Mbps\", \"200Mbps\"]`");
    }
    let (parameter, raw) = (parameter?, raw?);
    let span = raw.span();
    let path = f.key_path("values");
    let toml::de::DeValue::Array(items) = raw.get_ref() else {
        f.diags.error_hint(
            span,
            path,
            "`values` must be a list",
            "write values = [\"100Mbps\", \"200Mbps\"]",
        );
        return None;
    };
    // Each value keeps its own position, so an error in one points at it.
    let vals: Vec<At<String>> = items
        .iter()
        .map(|v| {
            let s = match v.get_ref() {
                toml::de::DeValue::String(s) => s.to_string(),
                toml::de::DeValue::Integer(i) => i.as_str().to_string(),
                toml::de::DeValue::Float(x) => x.as_str().to_string(),
                other => other.type_str().to_string(),
            };
            Spanned::new(v.span(), s)
        })
        .collect();
    if vals.is_empty() {
        f.diags.error_hint(
            span,
            path,
            "a sweep needs at least one value",
            "list the values to try",
        );
        return None;
    }
    if vals.len() > MAX_SWEEP_VALUES {
        f.diags.error_hint(
            span,
            path,
            format!(
                "{} values is more than the {MAX_SWEEP_VALUES} a sweep may have",
                vals.len()
            ),
            "split the sweep into several scenarios",
        );
        return None;
    }
    Some(SweepSection {
        parameter,
        values: vals,
    })
}

/// The most values one [sweep] may list: each is a full Monte Carlo run.
pub const MAX_SWEEP_VALUES: usize = 1000;

/// [cost]: prices that override the built-in price table (src/plan/prices.toml).
#[derive(Debug, Clone, Default)]
pub struct CostSection {
    /// Express Connect: price of one router interface of a spec, per day.
    pub spec_per_day: Vec<(String, f64)>,
    /// Where `spec_per_day` is written, for errors about its spec names.
    pub spec_per_day_span: Option<std::ops::Range<usize>>,
    /// Peering: price per Mbps of cross-region bandwidth per day (one price for every tier).
    pub cross_region_per_mbps_day: Option<f64>,
    /// Internet: price per GB sent, from every region.
    pub internet_per_gb: Option<f64>,
    /// Physical connection: price of one leased line per day.
    pub line_per_day: Option<f64>,
    /// Currency of these prices; the built-in table is used only when it is the same.
    pub currency: Option<String>,
}

pub fn read_cost(f: &mut Fields<'_, '_>) -> CostSection {
    let mut spec_per_day_span = None;
    let spec_per_day: Vec<(String, f64)> = f
        .opt::<std::collections::BTreeMap<String, f64>>("spec_per_day")
        .map(|m| {
            spec_per_day_span = Some(m.span());
            let span = m.span();
            let path = f.key_path("spec_per_day");
            let m = m.into_inner();
            for (spec, p) in &m {
                check_price(f.diags, span.clone(), &format!("{path}.{spec}"), *p);
            }
            m.into_iter().collect()
        })
        .unwrap_or_default();
    let price = |f: &mut Fields<'_, '_>, key: &'static str| {
        let v = f.opt::<f64>(key)?;
        let path = f.key_path(key);
        check_price(f.diags, v.span(), &path, *v.get_ref());
        Some(v.into_inner())
    };
    CostSection {
        spec_per_day,
        spec_per_day_span,
        cross_region_per_mbps_day: price(f, "cross_region_per_mbps_day"),
        internet_per_gb: price(f, "internet_per_gb"),
        line_per_day: price(f, "line_per_day"),
        currency: f.opt::<String>("currency").map(|v| v.into_inner()),
    }
}

/// A price is a finite amount of money, zero or more.
fn check_price(
    diags: &mut super::diag::Diagnostics,
    span: std::ops::Range<usize>,
    path: &str,
    p: f64,
) {
    if !(p.is_finite() && p >= 0.0) {
        diags.error_hint(
            span,
            path.to_string(),
            format!("price {p} is not an amount of money"),
            "write a price of zero or more, in the [cost] currency",
        );
    }
}
