//! Sweeps: a parameter addressed by path and the values to try, resolved and typed at build
//! time so `validate` reports a bad path or value with its position.
//!
//! Paths ([`parameter_forms`]): `flow.NAME.rate`; `connection.NAME.spec` | `.bandwidth`;
//! `link.A/B.{bandwidth,loss,jitter,delay,mtbf,mttr,failover,count}`;
//! `physical_connection.NAME.{same}`; `traffic_matrix.NAME.scale` (every rate of the matrix
//! times the value: "how much growth does this design take").

use super::entities::*;
use crate::scenario::{
    At, Diagnostics, JitterSpec, LinkEntry, LossSpec, MAX_SCALE, PathOverrides, Scenario,
    SweepSection, TrafficMatrixEntry, did_you_mean, scale_ok, scaled,
};
use crate::units::{Bandwidth, Duration, Ratio};
use serde_spanned::Spanned;
use std::ops::Range;

/// A transmission parameter of a link or physical connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathParam {
    Bandwidth,
    Loss,
    Jitter,
    Delay,
    Mtbf,
    Mttr,
    Failover,
    Count,
}

const PATH_PARAMS: &[(&str, PathParam)] = &[
    ("bandwidth", PathParam::Bandwidth),
    ("loss", PathParam::Loss),
    ("jitter", PathParam::Jitter),
    ("delay", PathParam::Delay),
    ("mtbf", PathParam::Mtbf),
    ("mttr", PathParam::Mttr),
    ("failover", PathParam::Failover),
    ("count", PathParam::Count),
];

/// A sweepable parameter's name and the target it makes for element `T`.
type Param<T> = (&'static str, fn(T) -> SweepTarget);

/// The sweepable parameter of a flow.
const FLOW_PARAMS: &[Param<FlowId>] = &[("rate", SweepTarget::FlowRate)];

/// The sweepable parameters of a connection.
const CONNECTION_PARAMS: &[Param<ConnectionId>] = &[
    ("spec", SweepTarget::ConnectionSpec),
    ("bandwidth", SweepTarget::ConnectionBandwidth),
];

/// Every parameter path a sweep accepts, names written as placeholders (`flow.NAME.rate`,
/// `link.A/B.loss`, ...): what the scenario reference must list.
pub fn parameter_forms() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    out.extend(FLOW_PARAMS.iter().map(|(p, _)| format!("flow.NAME.{p}")));
    out.extend(
        CONNECTION_PARAMS
            .iter()
            .map(|(p, _)| format!("connection.NAME.{p}")),
    );
    out.extend(PATH_PARAMS.iter().map(|(p, _)| format!("link.A/B.{p}")));
    out.extend(
        PATH_PARAMS
            .iter()
            .map(|(p, _)| format!("physical_connection.NAME.{p}")),
    );
    out.push("traffic_matrix.NAME.scale".into());
    out
}

/// What a sweep changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepTarget {
    FlowRate(FlowId),
    ConnectionSpec(ConnectionId),
    ConnectionBandwidth(ConnectionId),
    Link(LinkId, PathParam),
    PhysicalConnection(PhysicalConnectionId, PathParam),
    /// The `scale` of a traffic matrix (index into `Scenario::traffic_matrices`).
    MatrixScale(usize),
}

impl SweepTarget {
    /// Whether the sweep scales the demand (so the answer is the largest value carried).
    pub fn grows_load(self) -> bool {
        matches!(self, SweepTarget::FlowRate(_) | SweepTarget::MatrixScale(_))
    }

    /// Whether the sweep sizes a connection (so a capacity answer applies).
    pub fn sized_connection(self) -> Option<ConnectionId> {
        match self {
            SweepTarget::ConnectionSpec(c) | SweepTarget::ConnectionBandwidth(c) => Some(c),
            _ => None,
        }
    }
}

/// A typed sweep value.
#[derive(Debug, Clone, PartialEq)]
pub enum SweepValue {
    Bandwidth(Bandwidth),
    Spec(String, Bandwidth),
    Ratio(Ratio),
    Duration(Duration),
    Count(u32),
    /// A traffic matrix's scale: a multiplier.
    Factor(f64),
}

impl SweepValue {
    /// A number for plots and CSVs: Mbps, percent, ms or a count.
    pub fn numeric(&self) -> f64 {
        match self {
            SweepValue::Bandwidth(b) | SweepValue::Spec(_, b) => b.as_bps() as f64 / 1e6,
            SweepValue::Ratio(r) => r.fraction() * 100.0,
            SweepValue::Duration(d) => d.as_nanos() as f64 / 1e6,
            SweepValue::Count(c) => *c as f64,
            SweepValue::Factor(x) => *x,
        }
    }

    /// Unit of [`SweepValue::numeric`].
    pub fn unit(&self) -> &'static str {
        match self {
            SweepValue::Bandwidth(_) | SweepValue::Spec(..) => "Mbps",
            SweepValue::Ratio(_) => "%",
            SweepValue::Duration(_) => "ms",
            SweepValue::Count(_) => "count",
            SweepValue::Factor(_) => "×",
        }
    }
}

/// A resolved sweep.
#[derive(Debug, Clone)]
pub struct SweptParameter {
    pub parameter: String,
    pub target: SweepTarget,
    /// The names the parameter path addresses (to edit the scenario with).
    names: Vec<String>,
    /// (label as written, value, where it is written).
    pub values: Vec<(String, SweepValue, std::ops::Range<usize>)>,
}

/// Resolves a [sweep] section against the built network.
pub fn resolve(
    s: &SweepSection,
    net: &Network,
    matrices: &[TrafficMatrixEntry],
    diags: &mut Diagnostics,
) -> Option<SweptParameter> {
    let p = s.parameter.get_ref();
    let span = s.parameter.span();
    let hint = "write e.g. \"flow.NAME.rate\", \"connection.NAME.spec\", \"connection.NAME.bandwidth\", \"link.A/B.loss\", \"physical_connection.NAME.mtbf\" or \"traffic_matrix.NAME.scale\"";
    let (kind, rest) = p.split_once('.').unwrap_or((p, ""));
    let (name, param) = rest.rsplit_once('.').unwrap_or((rest, ""));
    let err = |d: &mut Diagnostics, m: String, h: String| {
        d.error_hint(span.clone(), "sweep.parameter", m, h)
    };
    let path_param = |d: &mut Diagnostics| {
        let found = PATH_PARAMS
            .iter()
            .find(|(n, _)| *n == param)
            .map(|(_, v)| *v);
        if found.is_none() {
            let names: Vec<&str> = PATH_PARAMS.iter().map(|(n, _)| *n).collect();
            let h = did_you_mean(param, &names).map_or_else(
                || format!("one of: {}", names.join(", ")),
                |c| format!("did you mean \"{c}\"?"),
            );
            err(
                d,
                format!("\"{param}\" is not a sweepable parameter of a {kind}"),
                h,
            );
        }
        found
    };
    let target = match kind {
        "flow" => {
            let f = net.flows.iter().position(|f| f.name == name);
            let make = FLOW_PARAMS.iter().find(|(p, _)| *p == param);
            match (f, make) {
                (Some(f), Some((_, make))) => make(FlowId(f as u32)),
                (None, _) => {
                    return unknown(
                        diags,
                        span,
                        "flow",
                        name,
                        net.flows.iter().map(|f| f.name.as_str()),
                    );
                }
                (_, _) => {
                    err(
                        diags,
                        format!("a flow's sweepable parameter is `rate`, not `{param}`"),
                        hint.into(),
                    );
                    return None;
                }
            }
        }
        "connection" => {
            let c = net.connections.iter().position(|c| c.name == name);
            let make = CONNECTION_PARAMS.iter().find(|(p, _)| *p == param);
            match (c, make) {
                (Some(c), Some((_, make))) => make(ConnectionId(c as u32)),
                (None, _) => {
                    return unknown(
                        diags,
                        span,
                        "connection",
                        name,
                        net.connections.iter().map(|c| c.name.as_str()),
                    );
                }
                (_, _) => {
                    err(
                        diags,
                        format!(
                            "a connection's sweepable parameters are `spec` and `bandwidth`, not `{param}`"
                        ),
                        hint.into(),
                    );
                    return None;
                }
            }
        }
        "link" => {
            let (a, b) = name.split_once('/').unwrap_or((name, ""));
            let l = net.links.iter().position(|l| {
                let (x, y) = (
                    &net.regions[l.a.index()].name,
                    &net.regions[l.b.index()].name,
                );
                (x == a && y == b) || (x == b && y == a)
            });
            let Some(l) = l else {
                {
                    err(diags, format!("there is no backbone link \"{name}\""), "name a link as REGION/REGION, e.g. \"link.cn-hangzhou/ap-southeast-1.loss\"".into());
                    return None;
                }
            };
            SweepTarget::Link(LinkId(l as u32), path_param(diags)?)
        }
        "physical_connection" => {
            let pc = net.physical_connections.iter().position(|p| p.name == name);
            let Some(pc) = pc else {
                return unknown(
                    diags,
                    span,
                    "physical connection",
                    name,
                    net.physical_connections.iter().map(|p| p.name.as_str()),
                );
            };
            SweepTarget::PhysicalConnection(PhysicalConnectionId(pc as u32), path_param(diags)?)
        }
        "traffic_matrix" => {
            let m = matrices.iter().position(|m| m.name.get_ref() == name);
            match (m, param) {
                (Some(m), "scale") => SweepTarget::MatrixScale(m),
                (None, _) => {
                    return unknown(
                        diags,
                        span,
                        "traffic matrix",
                        name,
                        matrices.iter().map(|m| m.name.get_ref().as_str()),
                    );
                }
                (_, _) => {
                    err(
                        diags,
                        format!("a traffic matrix's sweepable parameter is `scale`, not `{param}`"),
                        hint.into(),
                    );
                    return None;
                }
            }
        }
        _ => {
            err(diags, format!("cannot sweep \"{p}\""), hint.into());
            return None;
        }
    };
    let mut values = Vec::new();
    for v in &s.values {
        match value(target, v, net) {
            Ok(val)
                if values
                    .first()
                    .is_some_and(|(_, first, _): &(_, SweepValue, _)| {
                        first.unit() != val.unit()
                    }) =>
            {
                diags.error_hint(
                    v.span(),
                    "sweep.values",
                    format!("\"{}\" is not in the unit of the first value", v.get_ref()),
                    "a sweep's values share one unit, so they can be plotted on one axis",
                )
            }
            Ok(val) => values.push((v.get_ref().clone(), val, v.span())),
            Err((m, h)) => diags.error_hint(v.span(), "sweep.values", m, h),
        }
    }
    let names = match target {
        SweepTarget::Link(l, _) => {
            let link = &net.links[l.index()];
            vec![
                net.regions[link.a.index()].name.clone(),
                net.regions[link.b.index()].name.clone(),
            ]
        }
        _ => vec![name.to_string()],
    };
    Some(SweptParameter {
        parameter: p.clone(),
        target,
        names,
        values,
    })
}

fn unknown<'a, T>(
    diags: &mut Diagnostics,
    span: std::ops::Range<usize>,
    what: &str,
    name: &str,
    names: impl Iterator<Item = &'a str>,
) -> Option<T> {
    let names: Vec<&str> = names.collect();
    let hint = did_you_mean(name, &names).map_or_else(
        || format!("defined: {}", names.join(", ")),
        |c| format!("did you mean \"{c}\"?"),
    );
    diags.error_hint(
        span,
        "sweep.parameter",
        format!("unknown {what} \"{name}\""),
        hint,
    );
    None
}

fn parse<T: std::str::FromStr<Err = crate::units::UnitError>>(
    v: &At<String>,
) -> Result<T, (String, String)> {
    v.get_ref()
        .parse::<T>()
        .map_err(|e| (e.message, e.hint.unwrap_or_default()))
}

fn value(
    target: SweepTarget,
    v: &At<String>,
    net: &Network,
) -> Result<SweepValue, (String, String)> {
    match target {
        SweepTarget::FlowRate(_) | SweepTarget::ConnectionBandwidth(_) => {
            parse(v).map(SweepValue::Bandwidth)
        }
        SweepTarget::MatrixScale(_) => v
            .get_ref()
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| scale_ok(*x))
            .map(SweepValue::Factor)
            .ok_or_else(|| {
                (
                    format!("\"{}\" is not a scale in (0, {MAX_SCALE}]", v.get_ref()),
                    "write a multiplier such as 1.5 (50% more traffic)".into(),
                )
            }),
        SweepTarget::ConnectionSpec(_) => net
            .spec_bandwidth(v.get_ref())
            .map(|b| SweepValue::Spec(v.get_ref().clone(), b))
            .ok_or_else(|| {
                let known: Vec<&str> = net.specs.iter().map(|(n, _)| n.as_str()).collect();
                (
                    format!("unknown router interface spec \"{}\"", v.get_ref()),
                    did_you_mean(v.get_ref(), &known).map_or_else(
                        || format!("known specs: {}", known.join(", ")),
                        |c| format!("did you mean \"{c}\"?"),
                    ),
                )
            }),
        SweepTarget::Link(_, p) | SweepTarget::PhysicalConnection(_, p) => match p {
            PathParam::Bandwidth => parse(v).map(SweepValue::Bandwidth),
            PathParam::Loss => parse(v).map(SweepValue::Ratio),
            // A share of the element's delay or a standard deviation, as in the scenario.
            PathParam::Jitter if v.get_ref().trim().ends_with('%') => {
                parse(v).map(SweepValue::Ratio)
            }
            PathParam::Count => v
                .get_ref()
                .parse::<u32>()
                .ok()
                .filter(|c| (1..=64).contains(c))
                .map(SweepValue::Count)
                .ok_or_else(|| {
                    (
                        format!("\"{}\" is not a member count", v.get_ref()),
                        "write a whole number from 1 to 64".into(),
                    )
                }),
            _ => parse(v).map(SweepValue::Duration),
        },
    }
}

fn set_override(o: &mut PathOverrides, param: PathParam, v: &SweepValue, at: Range<usize>) {
    let put =
        |slot: &mut Option<At<Duration>>, d: &Duration| *slot = Some(Spanned::new(at.clone(), *d));
    match (param, v) {
        (PathParam::Bandwidth, SweepValue::Bandwidth(b)) => {
            o.bandwidth = Some(Spanned::new(at.clone(), *b))
        }
        (PathParam::Loss, SweepValue::Ratio(r)) => {
            o.loss = Some(Spanned::new(at.clone(), LossSpec::Bernoulli(*r)))
        }
        (PathParam::Jitter, SweepValue::Duration(d)) => {
            o.jitter = Some(Spanned::new(at.clone(), JitterSpec::Fixed(*d)))
        }
        (PathParam::Jitter, SweepValue::Ratio(r)) => {
            o.jitter = Some(Spanned::new(at.clone(), JitterSpec::OfDelay(*r)))
        }
        (PathParam::Delay, SweepValue::Duration(d)) => put(&mut o.delay, d),
        (PathParam::Mtbf, SweepValue::Duration(d)) => put(&mut o.mtbf, d),
        (PathParam::Mttr, SweepValue::Duration(d)) => put(&mut o.mttr, d),
        (PathParam::Failover, SweepValue::Duration(d)) => put(&mut o.failover, d),
        (PathParam::Count, SweepValue::Count(c)) => o.count = Some(Spanned::new(at.clone(), *c)),
        _ => {}
    }
}

impl SweptParameter {
    /// The scenario with value `k` of the sweep written into it, as if the user had written it
    /// at the value's position: building the result checks every rule against it, and an error
    /// points at the value.
    pub fn edit(&self, scenario: &Scenario, k: usize) -> Scenario {
        let mut s = scenario.clone();
        let (label, value, at) = &self.values[k];
        let name = self.names[0].as_str();
        match (self.target, value) {
            (SweepTarget::FlowRate(_), SweepValue::Bandwidth(b)) => {
                for f in s.flows.iter_mut().filter(|f| f.name.get_ref() == name) {
                    f.rate = Spanned::new(at.clone(), *b);
                }
            }
            (SweepTarget::ConnectionSpec(_), SweepValue::Spec(..)) => {
                for c in s
                    .connections
                    .iter_mut()
                    .filter(|c| c.name.get_ref() == name)
                {
                    c.spec = Some(Spanned::new(at.clone(), label.clone()));
                    c.bandwidth = None;
                }
            }
            (SweepTarget::ConnectionBandwidth(_), SweepValue::Bandwidth(b)) => {
                for c in s
                    .connections
                    .iter_mut()
                    .filter(|c| c.name.get_ref() == name)
                {
                    c.bandwidth = Some(Spanned::new(at.clone(), *b));
                    c.spec = None;
                }
            }
            (SweepTarget::Link(_, p), v) => {
                let (a, b) = (&self.names[0], &self.names[1]);
                let joins = |l: &LinkEntry| {
                    let e = l.between.get_ref();
                    (e[0].get_ref() == a && e[1].get_ref() == b)
                        || (e[0].get_ref() == b && e[1].get_ref() == a)
                };
                if !s.links.iter().any(joins) {
                    // A link of the full mesh with no [[link]] entry: write one.
                    s.links.push(LinkEntry {
                        span: at.clone(),
                        between: Spanned::new(
                            at.clone(),
                            vec![
                                Spanned::new(at.clone(), a.clone()),
                                Spanned::new(at.clone(), b.clone()),
                            ],
                        ),
                        overrides: PathOverrides::default(),
                    });
                }
                for l in s.links.iter_mut().filter(|l| joins(l)) {
                    set_override(&mut l.overrides, p, v, at.clone());
                }
            }
            (SweepTarget::MatrixScale(m), SweepValue::Factor(x)) => {
                if let Some(entry) = s.traffic_matrices.get_mut(m) {
                    entry.scale = Spanned::new(at.clone(), *x);
                }
                for f in &mut s.flows {
                    if let Some(row) = f.matrix.filter(|r| r.matrix == m) {
                        f.rate = Spanned::new(at.clone(), scaled(row.rate, *x));
                    }
                }
            }
            (SweepTarget::PhysicalConnection(_, p), v) => {
                for pc in s
                    .physical_connections
                    .iter_mut()
                    .filter(|pc| pc.name.get_ref() == name)
                {
                    set_override(&mut pc.overrides, p, v, at.clone());
                }
            }
            _ => {}
        }
        s
    }
}
