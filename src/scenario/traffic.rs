//! [[flow]] and [[event]]: the offered traffic and the timeline of changes.

use super::reader::{At, Fields};
use super::values::{PacketSizeSpec, read_packet_size};
use super::words::{Burst, ConnectionState, Traffic, opt_word};
use crate::units::{Bandwidth, Duration, Size};

#[derive(Debug, Clone)]
pub struct FlowEntry {
    pub name: At<String>,
    /// A resource, a VPC, an IDC or an IP address.
    pub from: At<String>,
    pub to: At<String>,
    /// Default "poisson".
    pub traffic: Traffic,
    /// Mean offered rate (on-off: mean over on and off periods).
    pub rate: At<Bandwidth>,
    /// Default 1000 B.
    pub packet_size: PacketSizeSpec,
    /// on-off: mean on period, default 10 ms.
    pub on: Duration,
    /// on-off: mean off period, default 40 ms.
    pub off: Duration,
    /// on-off: period distribution, default exponential.
    pub burst: Burst,
    /// Pareto shape for on-off periods, default 1.5 (finite mean, infinite variance).
    pub shape: f64,
    /// Default 0 s.
    pub start: Duration,
    /// Default: the end of the run.
    pub stop: Option<Duration>,
    /// Where `start` and `stop` are written, when they are.
    pub start_span: Option<std::ops::Range<usize>>,
    pub stop_span: Option<std::ops::Range<usize>>,
    /// The traffic matrix whose row this flow is; `None` for a `[[flow]]` entry.
    pub matrix: Option<super::matrix::MatrixRow>,
    /// Who opened the session the bytes belong to, as written (`from` or `to`'s name);
    /// default the sender.
    pub initiator: Option<At<String>>,
}

impl FlowEntry {
    /// Where the flow is written, for diagnostic keys: `flow[i]` (its index among the
    /// `[[flow]]` entries) or `traffic_matrix[m]` (its row is found by the position).
    pub fn key(&self, flow_index: usize) -> String {
        match &self.matrix {
            Some(m) => format!("traffic_matrix[{}]", m.matrix),
            None => format!("flow[{flow_index}]"),
        }
    }
}

pub fn read_flow(f: &mut Fields<'_, '_>) -> Option<FlowEntry> {
    let name = f.req::<String>("name", "\"db-replication\"");
    let from = f.req::<String>("from", "\"hz-db\"");
    let to = f.req::<String>("to", "\"10.1.8.20\"");
    let traffic = opt_word(f, "traffic").map_or(Traffic::Poisson, |v| v.into_inner());
    let rate = f.req::<Bandwidth>("rate", "\"100Mbps\"");
    let packet_size = read_packet_size(f, "packet_size")
        .map_or(PacketSizeSpec::Fixed(Size(1000)), |v| v.into_inner());
    let on = f.opt::<Duration>("on");
    let off = f.opt::<Duration>("off");
    let burst = opt_word(f, "burst").map_or(Burst::Exponential, |v| v.into_inner());
    let shape_at = f.opt::<f64>("shape");
    let shape = shape_at.as_ref().map_or(1.5, |v| *v.get_ref());
    if let Some(s) = &shape_at
        && !(shape.is_finite() && shape > 1.0 && shape <= 10.0)
    {
        let path = f.key_path("shape");
        f.diags.error_hint(
            s.span(),
            path,
            format!("Pareto shape {shape} must be in (1, 10]"),
            "a shape above 1 keeps the mean finite; 1.5 is typical",
        );
    }
    if traffic != Traffic::OnOff {
        for (k, v) in [("on", &on), ("off", &off)] {
            if let Some(v) = v {
                let path = f.key_path(k);
                f.diags.error_hint(
                    v.span(),
                    path,
                    format!("`{k}` only applies to on-off traffic"),
                    "set traffic = \"on-off\" or remove it",
                );
            }
        }
    }
    let on = on.map_or(Duration::from_millis(10), |v| v.into_inner());
    let off = off.map_or(Duration::from_millis(40), |v| v.into_inner());
    if traffic == Traffic::OnOff && on.as_nanos() == 0 {
        let span = f.span();
        let path = f.key_path("on");
        f.diags
            .error(span, path, "on-off traffic needs a positive `on` period");
    }
    let initiator = f.opt::<String>("initiator");
    let start_at = f.opt::<Duration>("start");
    let start_span = start_at.as_ref().map(|v| v.span());
    let start = start_at.map_or(Duration::ZERO, |v| v.into_inner());
    let stop = f.opt::<Duration>("stop");
    if let Some(s) = &stop
        && *s.get_ref() <= start
    {
        let path = f.key_path("stop");
        f.diags.error_hint(
            s.span(),
            path,
            format!("stop {} is not after start {start}", s.get_ref()),
            "a flow sends from start until stop",
        );
    }
    Some(FlowEntry {
        name: name?,
        from: from?,
        to: to?,
        traffic,
        rate: rate?,
        packet_size,
        on,
        off,
        burst,
        shape,
        start,
        start_span,
        stop_span: stop.as_ref().map(|s| s.span()),
        stop: stop.map(|s| s.into_inner()),
        matrix: None,
        initiator,
    })
}

/// What an [[event]] changes.
#[derive(Debug, Clone)]
pub enum EventAction {
    /// "link:A/B", "connection:NAME" or "physical_connection:NAME" goes down for `for`
    /// (or for the rest of the run).
    Fault {
        target: At<String>,
        duration: Option<Duration>,
    },
    /// A connection's spec changes at once.
    Spec {
        connection: At<String>,
        to: At<String>,
    },
    /// A flow's offered rate is multiplied by `factor`.
    Scale { flow: At<String>, factor: f64 },
    /// A connection changes state (accept / reject / delete).
    State {
        connection: At<String>,
        to: ConnectionState,
    },
}

#[derive(Debug, Clone)]
pub struct EventEntry {
    pub span: std::ops::Range<usize>,
    pub at: Duration,
    pub action: EventAction,
}

pub fn read_event(f: &mut Fields<'_, '_>) -> Option<EventEntry> {
    let at = f.req::<Duration>("at", "\"3s\"");
    let fault = f.opt::<String>("fault");
    let duration = f.opt::<Duration>("for");
    let spec = f.table("spec", |t| {
        (
            t.req::<String>("connection", "\"hz-sg\""),
            t.req::<String>("to", "\"Large.2\""),
        )
    });
    let scale = f.table("scale", |t| {
        (
            t.req::<String>("flow", "\"db-replication\""),
            t.req::<f64>("factor", "2.0"),
        )
    });
    let state = f.table("state", |t| {
        (
            t.req::<String>("connection", "\"hz-sg\""),
            opt_word::<ConnectionState>(t, "to"),
        )
    });
    let mut actions = Vec::new();
    if let Some(target) = fault {
        actions.push(EventAction::Fault {
            target,
            duration: duration.clone().map(|d| d.into_inner()),
        });
    } else if let Some(d) = &duration {
        let path = f.key_path("for");
        f.diags.error_hint(
            d.span(),
            path,
            "`for` only applies to a fault",
            "add `fault = \"link:A/B\"` or remove `for`",
        );
    }
    if let Some(s) = spec
        && let (Some(c), Some(to)) = s.into_inner()
    {
        actions.push(EventAction::Spec { connection: c, to });
    }
    if let Some(s) = scale {
        let span = s.span();
        if let (Some(flow), Some(factor)) = s.into_inner() {
            let v = *factor.get_ref();
            if v.is_finite() && (0.0..=1000.0).contains(&v) {
                actions.push(EventAction::Scale { flow, factor: v });
            } else {
                let path = f.key_path("scale.factor");
                f.diags.error_hint(
                    span,
                    path,
                    format!("scale factor {v} is outside [0, 1000]"),
                    "a factor of 2.0 doubles the offered rate",
                );
            }
        }
    }
    if let Some(s) = state
        && let (Some(c), Some(to)) = s.into_inner()
    {
        actions.push(EventAction::State {
            connection: c,
            to: to.into_inner(),
        });
    }
    let span = f.span();
    let path = f.path().to_string();
    match actions.len() {
        1 => Some(EventEntry {
            span,
            at: at?.into_inner(),
            action: actions.pop()?,
        }),
        0 => {
            f.diags.error_hint(
                span.start..span.start + 1,
                path,
                "an event needs one of `fault`, `spec`, `scale` or `state`",
                "add e.g. `fault = \"link:cn-hangzhou/ap-southeast-1\"`",
            );
            None
        }
        _ => {
            f.diags.error_hint(
                span.start..span.start + 1,
                path,
                "an event may do only one thing",
                "split it into several [[event]] entries",
            );
            None
        }
    }
}

impl EventEntry {
    /// The span of the event's target name, for diagnostics.
    pub fn target_span(&self) -> std::ops::Range<usize> {
        match &self.action {
            EventAction::Fault { target, .. } => target.span(),
            EventAction::Spec { connection, .. } | EventAction::State { connection, .. } => {
                connection.span()
            }
            EventAction::Scale { flow, .. } => flow.span(),
        }
    }
}
