//! One replication: the state of every piece, the events they schedule, and the dispatch.
//! Packets move in `dataplane`; failures, the timeline and sampling are in `control`.

use super::RunMetrics;
use super::health::Health;
use super::loss::LossProcess;
use super::routing::Routing;
use super::server::FifoServer;
use super::source::{Emitter, Source};
use super::variation::Variation;
use super::walk::Walks;
use crate::engine::{
    ComponentKind, EventQueue, Model, SimRng, SimTime, component_id, name_id, run_until, stream,
};
use crate::model::Network;
use crate::scenario::ConnectionState;
use crate::topology::{PathId, Plan};
use crate::units::{Bandwidth, Duration};
use rand::RngExt;

/// At most this many time-series samples per channel per replication.
pub const MAX_SAMPLES_PER_CHANNEL: u64 = 2_000;

/// Engine switches that do not change results (a test compares both settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimOptions {
    /// Carry a packet across a server no other flow uses without an event there (see
    /// `dataplane::forward`).
    pub shortcuts: bool,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions { shortcuts: true }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Ev {
    Emit(u32),
    Toggle(u32),
    /// The first packet in flight out of a server (a channel, or a cap after the channels)
    /// arrives at its next hop.
    Arrive(u32),
    Timeline(u32),
    FaultEnd(u32),
    /// A member's random failure or repair.
    Transition(u32),
    /// A failed active-active member's failure is detected.
    Exclude(u32),
    /// A flow's reroute falls due.
    Reroute(u32),
    Sample,
    /// Start (warmup) or end of the measurement window: snapshot channel work.
    Window(bool),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Packet {
    pub born: SimTime,
    pub size: u32,
    pub flow: u32,
    pub path: u32,
    /// Index of its current step in `Walks::steps`.
    pub step: u32,
    pub counted: bool,
    /// Time spent waiting in the design's queues (caps, links, lines) before transmission,
    /// ns (saturating): what separates the delay the design causes from the network's own.
    pub queue_wait: u32,
}

/// The queue, loss and delay variation of one channel.
pub(super) struct ChannelState {
    /// The channel's propagation delay, here so a transmission reads nothing of the plan.
    pub delay: Duration,
    pub server: Option<FifoServer>,
    pub loss: LossProcess,
    pub rng: SimRng,
    pub variation: Option<(Variation, SimRng)>,
}

pub(super) struct Sim<'a> {
    pub net: &'a Network,
    pub plan: &'a Plan,
    pub options: SimOptions,
    pub end: SimTime,
    pub warmup: SimTime,
    pub sample_every: Duration,
    pub packets: Vec<Packet>,
    pub free: Vec<u32>,
    /// Per flow, its arrival process and what goes with it.
    pub emitters: Vec<Emitter>,
    pub channels: Vec<ChannelState>,
    /// Per channel of an active-active member that failed and is not yet left out: when it
    /// would be free had it sent the packets it was given (they were lost), so it keeps
    /// receiving only its share until the failure is detected.
    pub ghost_until: Vec<super::server::Fx>,
    pub shapers: Vec<FifoServer>,
    pub tunnel_rng: Vec<SimRng>,
    pub health: Health,
    pub routing: Routing,
    pub member_rng: Vec<SimRng>,
    /// Each flow's candidate paths (the routing subjects).
    pub candidates: Vec<&'a [PathId]>,
    /// Bytes completed per queue at the previous sample.
    pub sampled_bytes: Vec<u64>,
    /// Each connection's cap in force and since when (for capacity inside the window).
    pub conn_cap: Vec<(Option<Bandwidth>, SimTime)>,
    /// Work (ns, bytes) completed per channel when the window opened.
    pub window_start: Vec<(u64, u64)>,
    /// Every flow path as the hot loop walks it.
    pub walks: Walks,
    /// Packets scheduled to arrive at each server or delivery (see `Next::key`).
    pub pending: Vec<u32>,
    /// Per server (channels, then caps), its packets in flight by event, in arrival order.
    pub pipes: Vec<std::collections::VecDeque<(SimTime, u32)>>,
    /// Times of scheduled events that may change which path or member packets take (the
    /// timeline, reroutes, detections, and every member's failure or repair): a shortcut
    /// never carries a packet past the earliest, so packets of a flow always reach each
    /// server, and their destination, in the order they would by events.
    pub route_events: std::collections::BinaryHeap<std::cmp::Reverse<SimTime>>,
    /// Times of scheduled events that read servers (samples, the window's ends): no server is
    /// given a packet from past the earliest before it.
    pub read_events: std::collections::BinaryHeap<std::cmp::Reverse<SimTime>>,
    pub out: RunMetrics,
}

/// Simulates replication `replication` of a compiled network with the master seed.
pub fn simulate(net: &Network, plan: &Plan, master_seed: u64, replication: u64) -> RunMetrics {
    simulate_with(net, plan, master_seed, replication, SimOptions::default())
}

/// [`simulate`] with engine switches.
pub fn simulate_with(
    net: &Network,
    plan: &Plan,
    master_seed: u64,
    replication: u64,
    options: SimOptions,
) -> RunMetrics {
    simulate_observed(net, plan, master_seed, replication, options, &mut |_| {})
}

/// Steps of simulated time after which [`simulate_observed`] reports how far it has come.
const PROGRESS_STEPS: u64 = 100;

/// [`simulate_with`], calling `observe` with the share of the packet window simulated so far
/// (0 to 1) a hundred times along the way, so one long replication can show progress. The
/// run is cut into stretches of simulated time; a stretch ends between events, so the
/// results are those of one uninterrupted run.
pub fn simulate_observed(
    net: &Network,
    plan: &Plan,
    master_seed: u64,
    replication: u64,
    options: SimOptions,
    observe: &mut dyn FnMut(f64),
) -> RunMetrics {
    let mut queue = EventQueue::with_capacity(1024);
    let mut sim = Sim::new(net, plan, master_seed, replication, options, &mut queue);
    let duration = net.simulation.duration.as_nanos().max(1);
    let step = duration.div_ceil(PROGRESS_STEPS).max(1);
    let mut events = 0;
    let mut until = 0u64;
    while until < duration && !queue.is_empty() {
        until = until.saturating_add(step).min(duration);
        events += run_until(&mut sim, &mut queue, SimTime(until)).events;
        observe(until as f64 / duration as f64);
    }
    events += run_until(&mut sim, &mut queue, SimTime::MAX).events;
    sim.out.events = events;
    sim.out
}

/// Whether a member starts up: with probability MTBF/(MTBF + MTTR), its stationary share.
fn starts_up(mtbf: Duration, mttr: Duration, rng: &mut SimRng) -> bool {
    let (f, r) = (mtbf.as_nanos() as f64, mttr.as_nanos() as f64);
    rng.random::<f64>() < f / (f + r).max(1.0)
}

/// Time to the next failure (when up) or repair (when down) of a member.
pub(super) fn next_transition(
    up: bool,
    mtbf: Duration,
    mttr: Duration,
    rng: &mut SimRng,
) -> Duration {
    let mean = if up { mtbf } else { mttr }.as_nanos() as f64;
    let ns = -mean.max(1.0) * (1.0 - rng.random::<f64>()).ln();
    Duration(ns.round().clamp(1.0, u64::MAX as f64 / 4.0) as u64)
}

impl<'a> Sim<'a> {
    fn new(
        net: &'a Network,
        plan: &'a Plan,
        seed: u64,
        rep: u64,
        options: SimOptions,
        q: &mut EventQueue<Ev>,
    ) -> Self {
        let s = &net.simulation;
        let end = SimTime::ZERO + s.duration;
        // Streams follow component names, not positions: see `name_id`.
        let rng = |k, name: &str, sub| stream(seed, rep, component_id(k, name_id(name), sub));
        let channels = plan
            .channels
            .iter()
            .map(|c| {
                let mut r = rng(ComponentKind::Link, &c.name, 0);
                let loss = LossProcess::new(c.loss, &mut r);
                let variation = (c.jitter.as_nanos() > 0).then(|| {
                    let mut vr = rng(ComponentKind::Link, &c.name, 1);
                    (Variation::new(c.jitter.as_nanos() as f64, &mut vr), vr)
                });
                ChannelState {
                    delay: c.delay,
                    server: c.rate.map(|r| FifoServer::new(r, c.buffer_bytes, None)),
                    loss,
                    rng: r,
                    variation,
                }
            })
            .collect();
        let mut member_rng: Vec<SimRng> = plan
            .members
            .iter()
            .map(|m| rng(ComponentKind::Failure, &m.name, 0))
            .collect();
        let member_up: Vec<bool> = plan
            .members
            .iter()
            .zip(member_rng.iter_mut())
            .map(|(m, r)| starts_up(m.mtbf, m.mttr, r))
            .collect();
        let mut health = Health::new(
            plan,
            member_up,
            net.connections
                .iter()
                .map(|c| c.state == ConnectionState::Active)
                .collect(),
        );
        health.fail_from_start(plan, &net.failed);
        let candidates: Vec<&[PathId]> =
            plan.flows.iter().map(|f| f.candidates.as_slice()).collect();
        let routing = Routing::new(plan, &health, &candidates);
        let samples = (s.duration.as_nanos() / s.sample_interval.as_nanos().max(1)).max(1);
        let sample_every = if samples > MAX_SAMPLES_PER_CHANNEL {
            Duration(s.duration.as_nanos().div_ceil(MAX_SAMPLES_PER_CHANNEL))
        } else {
            s.sample_interval
        };
        let walks = Walks::new(plan);
        let keys = plan.channels.len() + plan.shapers.len() + plan.bundles.len() + net.flows.len();
        let mut sim = Sim {
            net,
            plan,
            options,
            end,
            warmup: SimTime::ZERO + s.warmup,
            sample_every,
            packets: Vec::new(),
            free: Vec::new(),
            emitters: net
                .flows
                .iter()
                .map(|f| Emitter {
                    source: Source::new(f),
                    rng: rng(ComponentKind::Flow, &f.name, 0),
                    stop: SimTime::ZERO + f.stop.map_or(s.duration, |st| st.min(s.duration)),
                    pending: false,
                })
                .collect(),
            ghost_until: vec![0; plan.channels.len()],
            channels,
            shapers: plan
                .shapers
                .iter()
                .map(|sh| FifoServer::new(sh.rate, sh.buffer_bytes, sh.burst))
                .collect(),
            tunnel_rng: plan
                .tunnels
                .iter()
                .map(|t| {
                    rng(
                        ComponentKind::Tunnel,
                        &net.connections[t.connection.index()].name,
                        t.direction as u32,
                    )
                })
                .collect(),
            health,
            routing,
            member_rng,
            candidates,
            sampled_bytes: vec![0; plan.channels.len() + plan.shapers.len()],
            window_start: vec![(0, 0); plan.channels.len()],
            walks,
            pending: vec![0; keys],
            pipes: vec![
                std::collections::VecDeque::new();
                plan.channels.len() + plan.shapers.len()
            ],
            route_events: std::collections::BinaryHeap::new(),
            read_events: std::collections::BinaryHeap::new(),
            conn_cap: net
                .connections
                .iter()
                .map(|c| (c.cap, SimTime::ZERO))
                .collect(),
            out: RunMetrics::new(net, plan, seed, rep),
        };
        sim.schedule_start(q);
        sim
    }

    fn schedule_start(&mut self, q: &mut EventQueue<Ev>) {
        for (i, f) in self.net.flows.iter().enumerate() {
            let start = SimTime::ZERO + f.start;
            let e = &mut self.emitters[i];
            if start < e.stop {
                q.push(start, Ev::Emit(i as u32));
                e.pending = true;
                if e.source.is_on_off() {
                    let on = e.source.period(true, &mut e.rng);
                    q.push(start + on, Ev::Toggle(i as u32));
                }
            }
        }
        for (i, e) in self.net.events.iter().enumerate() {
            self.schedule_control(q, SimTime::ZERO + e.at, Ev::Timeline(i as u32));
        }
        for (m, member) in self.plan.members.iter().enumerate() {
            let up = self.health.member_up(crate::topology::MemberId(m as u32));
            let dt = next_transition(up, member.mtbf, member.mttr, &mut self.member_rng[m]);
            self.schedule_transition(q, m, SimTime::ZERO + dt);
        }
        self.schedule_control(q, SimTime::ZERO + self.sample_every, Ev::Sample);
        self.schedule_control(q, self.warmup, Ev::Window(true));
        self.schedule_control(q, self.end, Ev::Window(false));
    }

    /// Schedules an event that changes or reads the state of servers, noting its time (see
    /// `route_events`, `read_events`).
    pub(super) fn schedule_control(&mut self, q: &mut EventQueue<Ev>, at: SimTime, ev: Ev) {
        let heap = if matches!(ev, Ev::Sample | Ev::Window(_)) {
            &mut self.read_events
        } else {
            &mut self.route_events
        };
        heap.push(std::cmp::Reverse(at));
        q.push(at, ev);
    }

    /// Schedules member `m`'s next transition, if inside the run.
    pub(super) fn schedule_transition(&mut self, q: &mut EventQueue<Ev>, m: usize, at: SimTime) {
        if at < self.end {
            self.schedule_control(q, at, Ev::Transition(m as u32));
        }
    }

    /// The earliest scheduled event that may change routes.
    pub(super) fn next_route_event(&self) -> SimTime {
        self.route_events.peek().map_or(SimTime::MAX, |r| r.0)
    }

    /// The earliest scheduled event that reads servers.
    pub(super) fn next_read_event(&self) -> SimTime {
        self.read_events.peek().map_or(SimTime::MAX, |r| r.0)
    }

    pub(super) fn counted(&self, t: SimTime) -> bool {
        t >= self.warmup && t < self.end
    }
}

impl Model for Sim<'_> {
    type Event = Ev;

    fn handle(&mut self, now: SimTime, ev: Ev, q: &mut EventQueue<Ev>) {
        match ev {
            Ev::Emit(_) | Ev::Toggle(_) | Ev::Arrive(_) => {}
            Ev::Sample | Ev::Window(_) => {
                self.read_events.pop();
            }
            _ => {
                self.route_events.pop();
            }
        }
        match ev {
            Ev::Emit(f) => self.emit(now, f as usize, q),
            Ev::Toggle(f) => self.toggle(now, f as usize, q),
            Ev::Arrive(pipe) => self.arrive(now, pipe, q),
            Ev::Timeline(i) => self.timeline(now, i as usize, true, q),
            Ev::FaultEnd(i) => self.timeline(now, i as usize, false, q),
            Ev::Transition(m) => self.transition(now, m as usize, q),
            Ev::Exclude(m) => self.health.exclude(crate::topology::MemberId(m)),
            Ev::Reroute(f) => {
                let f = f as usize;
                let c = self.candidates[f];
                self.routing.reroute(self.plan, &self.health, f, c, now);
            }
            Ev::Sample => self.sample(now, q),
            Ev::Window(open) => self.window(now, open),
        }
    }
}
