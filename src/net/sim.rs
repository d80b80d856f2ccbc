//! One replication: sources emit packets that walk their precompiled hops; each hop that takes
//! time schedules exactly one event. Failures, timeline events and sampling are events too.

use super::failure::{UnitState, next_transition};
use super::loss::LossProcess;
use super::server::{Admission, FifoServer};
use super::source::Source;
use super::{RunMetrics, Sample};
use crate::engine::{
    ComponentKind, EventQueue, Model, SimRng, SimTime, component_id, name_id, run_until, stream,
};
use crate::metrics::DropCause;
use crate::model::{FaultTarget, Network, TimelineAction};
use crate::scenario::{BufferSpec, ConnectionState};
use crate::topology::{ChannelKind, Hop, Plan, plan::DEFAULT_SHAPER_BUFFER};
use crate::units::{Duration, Size};
use rand::RngExt;
use rand_distr::{Distribution, Exp};

/// At most this many time-series samples per channel per replication.
pub const MAX_SAMPLES_PER_CHANNEL: u64 = 2_000;

#[derive(Debug, Clone, Copy)]
enum Ev {
    Emit(u32),
    Toggle(u32),
    Arrive(u32),
    Timeline(u32),
    FaultEnd(u32),
    Transition(u32, u32),
    Sample,
    /// Start (warmup) or end of the measurement window: snapshot channel work.
    Window(bool),
}

#[derive(Debug, Clone, Copy)]
struct Packet {
    born: SimTime,
    size: u32,
    flow: u32,
    hop: u16,
    counted: bool,
}

struct Sim<'a> {
    net: &'a Network,
    plan: &'a Plan,
    end: SimTime,
    warmup: SimTime,
    sample_every: Duration,
    packets: Vec<Packet>,
    free: Vec<u32>,
    sources: Vec<Source>,
    flow_rng: Vec<SimRng>,
    flow_stop: Vec<SimTime>,
    /// Whether an `Emit` for the flow is queued (so on-off never runs two chains).
    emit_pending: Vec<bool>,
    servers: Vec<Option<FifoServer>>,
    last_arrival: Vec<SimTime>,
    chan_rng: Vec<SimRng>,
    chan_loss: Vec<LossProcess>,
    jitter: Vec<Option<Exp<f64>>>,
    shapers: Vec<FifoServer>,
    tunnel_rng: Vec<SimRng>,
    units: Vec<UnitState>,
    unit_rng: Vec<SimRng>,
    conn_active: Vec<bool>,
    conn_down: Vec<u32>,
    /// Bytes completed per channel at the previous sample.
    sampled_bytes: Vec<u64>,
    /// Each connection's cap in force and since when (for capacity inside the window).
    conn_cap: Vec<(Option<crate::units::Bandwidth>, SimTime)>,
    /// Work (ns, bytes) completed per channel when the window opened.
    window_start: Vec<(u64, u64)>,
    out: RunMetrics,
}

/// Simulates replication `replication` of a compiled network with the master seed.
pub fn simulate(net: &Network, plan: &Plan, master_seed: u64, replication: u64) -> RunMetrics {
    let mut queue = EventQueue::with_capacity(1024);
    let mut sim = Sim::new(net, plan, master_seed, replication, &mut queue);
    let stats = run_until(&mut sim, &mut queue, SimTime::MAX);
    sim.out.events = stats.events;
    sim.out
}

impl<'a> Sim<'a> {
    fn new(net: &'a Network, plan: &'a Plan, seed: u64, rep: u64, q: &mut EventQueue<Ev>) -> Self {
        let s = &net.simulation;
        let end = SimTime::ZERO + s.duration;
        // Streams follow component names, not positions: see `name_id`.
        let rng = |k, name: &str, sub| stream(seed, rep, component_id(k, name_id(name), sub));
        let mut chan_rng: Vec<SimRng> = plan
            .channels
            .iter()
            .map(|c| rng(ComponentKind::Link, &c.name, 0))
            .collect();
        let chan_loss = plan
            .channels
            .iter()
            .zip(chan_rng.iter_mut())
            .map(|(c, r)| LossProcess::new(c.loss, r))
            .collect();
        let mut unit_rng: Vec<SimRng> = plan
            .units
            .iter()
            .map(|u| rng(ComponentKind::Failure, &u.name, 0))
            .collect();
        let units: Vec<UnitState> = plan
            .units
            .iter()
            .zip(unit_rng.iter_mut())
            .map(|(u, r)| UnitState::new(u, r))
            .collect();
        let samples = (s.duration.as_nanos() / s.sample_interval.as_nanos().max(1)).max(1);
        let sample_every = if samples > MAX_SAMPLES_PER_CHANNEL {
            Duration(s.duration.as_nanos().div_ceil(MAX_SAMPLES_PER_CHANNEL))
        } else {
            s.sample_interval
        };
        let mut sim = Sim {
            net,
            plan,
            end,
            warmup: SimTime::ZERO + s.warmup,
            sample_every,
            packets: Vec::new(),
            free: Vec::new(),
            sources: net.flows.iter().map(Source::new).collect(),
            flow_rng: net
                .flows
                .iter()
                .map(|f| rng(ComponentKind::Flow, &f.name, 0))
                .collect(),
            emit_pending: vec![false; net.flows.len()],
            flow_stop: net
                .flows
                .iter()
                .map(|f| SimTime::ZERO + f.stop.map_or(s.duration, |st| st.min(s.duration)))
                .collect(),
            servers: plan
                .channels
                .iter()
                .map(|c| c.rate.map(|r| FifoServer::new(r, c.buffer_bytes, None)))
                .collect(),
            last_arrival: vec![SimTime::ZERO; plan.channels.len()],
            chan_rng,
            chan_loss,
            jitter: plan
                .channels
                .iter()
                .map(|c| {
                    (c.jitter.as_nanos() > 0)
                        .then(|| Exp::new(1.0 / c.jitter.as_nanos() as f64).ok())
                        .flatten()
                })
                .collect(),
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
            units,
            unit_rng,
            conn_active: net
                .connections
                .iter()
                .map(|c| c.state == ConnectionState::Active)
                .collect(),
            conn_down: vec![0; net.connections.len()],
            sampled_bytes: vec![0; plan.channels.len() + plan.shapers.len()],
            window_start: vec![(0, 0); plan.channels.len()],
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
            if start < self.flow_stop[i] {
                q.push(start, Ev::Emit(i as u32));
                self.emit_pending[i] = true;
                if self.sources[i].is_on_off() {
                    let on = self.sources[i].period(true, &mut self.flow_rng[i]);
                    q.push(start + on, Ev::Toggle(i as u32));
                }
            }
        }
        for (i, e) in self.net.events.iter().enumerate() {
            q.push(SimTime::ZERO + e.at, Ev::Timeline(i as u32));
        }
        for (u, unit) in self.plan.units.iter().enumerate() {
            for (m, (mtbf, mttr)) in unit.members.iter().enumerate() {
                let dt = next_transition(self.units[u].up[m], *mtbf, *mttr, &mut self.unit_rng[u]);
                let at = SimTime::ZERO + dt;
                if at < self.end {
                    q.push(at, Ev::Transition(u as u32, m as u32));
                }
            }
        }
        q.push(SimTime::ZERO + self.sample_every, Ev::Sample);
        q.push(self.warmup, Ev::Window(true));
        q.push(self.end, Ev::Window(false));
    }

    fn counted(&self, t: SimTime) -> bool {
        t >= self.warmup && t < self.end
    }

    fn emit(&mut self, now: SimTime, f: usize, q: &mut EventQueue<Ev>) {
        self.emit_pending[f] = false;
        let src = &self.sources[f];
        let on = (src.on || !src.is_on_off()) && src.factor > 0.0;
        if on {
            let size = src.size(&mut self.flow_rng[f]);
            self.send(now, f, size, q);
        }
        let next = if on {
            self.sources[f].next_gap(&mut self.flow_rng[f])
        } else {
            None
        };
        if let Some(gap) = next {
            let at = now + gap;
            if at < self.flow_stop[f] {
                q.push(at, Ev::Emit(f as u32));
                self.emit_pending[f] = true;
            }
        }
    }

    fn send(&mut self, now: SimTime, f: usize, size: Size, q: &mut EventQueue<Ev>) {
        let counted = self.counted(now);
        if counted {
            self.out.flows[f].offer(size);
        }
        let route = match &self.plan.flows[f].route {
            Ok(r) => r,
            Err(_) => return self.lose(f, counted, DropCause::Blocked),
        };
        let c = route.forwarding.connection.index();
        if !self.conn_active[c] {
            return self.lose(f, counted, DropCause::Blocked);
        }
        if self.conn_down[c] > 0 {
            return self.lose(f, counted, DropCause::Down);
        }
        let p = Packet {
            born: now,
            size: size.as_bytes() as u32,
            flow: f as u32,
            hop: 0,
            counted,
        };
        let id = match self.free.pop() {
            Some(i) => {
                self.packets[i as usize] = p;
                i
            }
            None => {
                self.packets.push(p);
                (self.packets.len() - 1) as u32
            }
        };
        self.advance(now, id, q);
    }

    fn lose(&mut self, f: usize, counted: bool, cause: DropCause) {
        if counted {
            self.out.flows[f].drop(cause);
        }
    }

    fn drop_packet(&mut self, id: u32, cause: DropCause) {
        let p = self.packets[id as usize];
        self.lose(p.flow as usize, p.counted, cause);
        self.free.push(id);
    }

    /// Processes hops from the packet's current one until one takes time or the packet ends.
    fn advance(&mut self, now: SimTime, id: u32, q: &mut EventQueue<Ev>) {
        loop {
            let p = self.packets[id as usize];
            let Ok(route) = &self.plan.flows[p.flow as usize].route else {
                return self.drop_packet(id, DropCause::Blocked);
            };
            let Some(hop) = route.hops.get(p.hop as usize).copied() else {
                return self.deliver(now, id);
            };
            self.packets[id as usize].hop += 1;
            match hop {
                Hop::Encap(t) => {
                    if !self.encapsulate(id, t.0 as usize) {
                        return self.drop_packet(id, DropCause::Encap);
                    }
                }
                Hop::Decap(t) => {
                    let overhead = self.plan.tunnels[t.0 as usize].overhead.as_bytes() as u32;
                    let p = &mut self.packets[id as usize];
                    p.size = p.size.saturating_sub(overhead);
                }
                Hop::Shaper(s) => {
                    let sh = &self.plan.shapers[s.0 as usize];
                    let c = sh.connection.index();
                    match self.shapers[s.0 as usize].offer(now, Size(p.size as u64)) {
                        Admission::Dropped => return self.drop_packet(id, DropCause::Cap),
                        Admission::Departs { at, .. } => {
                            if p.counted {
                                self.out.connection_bytes[c][sh.direction as usize] +=
                                    p.size as u64;
                            }
                            return q.push(at, Ev::Arrive(id));
                        }
                    }
                }
                Hop::Channel(ch) => return self.transmit(now, id, ch.0 as usize, q),
            }
        }
    }

    fn encapsulate(&mut self, id: u32, t: usize) -> bool {
        let tunnel = &self.plan.tunnels[t];
        let p = &mut self.packets[id as usize];
        let f = p.flow as usize;
        if p.counted {
            self.out.flows[f].encap_presented();
        }
        p.size += tunnel.overhead.as_bytes() as u32;
        let counted = p.counted;
        if p.size as u64 > tunnel.mtu.as_bytes() {
            return false;
        }
        let fail = tunnel.failure.fraction();
        if fail > 0.0 && self.tunnel_rng[t].random::<f64>() < fail {
            return false;
        }
        if counted {
            self.out.flows[f].encap_ok();
        }
        true
    }

    fn transmit(&mut self, now: SimTime, id: u32, ch: usize, q: &mut EventQueue<Ev>) {
        let channel = &self.plan.channels[ch];
        if let Some(u) = channel.unit
            && !self.units[u.0 as usize].passes(now)
        {
            return self.drop_packet(id, DropCause::Down);
        }
        let p = self.packets[id as usize];
        let size = Size(p.size as u64);
        let departs = match &mut self.servers[ch] {
            Some(server) => match server.offer(now, size) {
                Admission::Dropped => return self.drop_packet(id, DropCause::Queue),
                Admission::Departs { at, transmit } => {
                    // Packets and bytes count when their transmission starts in the window;
                    // busy time is added exactly when the window closes (see `window`).
                    let start = SimTime(at.as_nanos() - transmit.as_nanos());
                    if self.counted(start) {
                        self.out.channels[ch].carry(size, Duration::ZERO);
                    }
                    at
                }
            },
            None => now,
        };
        if self.chan_loss[ch].lose(&mut self.chan_rng[ch]) {
            return self.drop_packet(id, DropCause::Link);
        }
        let extra = self.jitter[ch].map_or(0, |e| e.sample(&mut self.chan_rng[ch]).round() as u64);
        let arrive = (departs + channel.delay + Duration(extra)).max(self.last_arrival[ch]);
        self.last_arrival[ch] = arrive;
        q.push(arrive, Ev::Arrive(id));
    }

    fn deliver(&mut self, now: SimTime, id: u32) {
        let p = self.packets[id as usize];
        if p.counted {
            self.out.flows[p.flow as usize].deliver(now - p.born, Size(p.size as u64));
        }
        self.free.push(id);
    }

    fn timeline(&mut self, now: SimTime, idx: usize, start: bool, q: &mut EventQueue<Ev>) {
        let e = self.net.events[idx];
        match e.action {
            TimelineAction::Fault { target, duration } => {
                self.fault(now, target, start);
                if start && let Some(d) = duration {
                    q.push(now + d, Ev::FaultEnd(idx as u32));
                }
            }
            TimelineAction::Spec { connection, cap } => {
                self.accrue_capacity(connection.index(), now);
                self.conn_cap[connection.index()].0 = Some(cap);
                let buffer = self.net.connections[connection.index()].buffer;
                for (i, sh) in self.plan.shapers.iter().enumerate() {
                    if sh.connection == connection {
                        let bytes = match buffer {
                            None => cap.bytes_in(DEFAULT_SHAPER_BUFFER).as_bytes(),
                            Some(BufferSpec::Time(t)) => cap.bytes_in(t).as_bytes(),
                            Some(b @ BufferSpec::Size(_)) => b.bytes_at(cap),
                        };
                        self.shapers[i].set_rate(now, cap, bytes);
                    }
                }
            }
            TimelineAction::Scale { flow, factor } => {
                let f = flow.index();
                self.sources[f].factor = factor;
                // A flow scaled to zero stopped its chain of emissions: restart it.
                let sending = self.sources[f].on || !self.sources[f].is_on_off();
                if factor > 0.0
                    && sending
                    && !self.emit_pending[f]
                    && now >= SimTime::ZERO + self.net.flows[f].start
                    && now < self.flow_stop[f]
                {
                    q.push(now, Ev::Emit(f as u32));
                    self.emit_pending[f] = true;
                }
            }
            TimelineAction::State { connection, to } => {
                self.conn_active[connection.index()] = to == ConnectionState::Active
            }
        }
    }

    fn fault(&mut self, now: SimTime, target: FaultTarget, start: bool) {
        let step = |v: &mut u32| {
            if start {
                *v += 1
            } else {
                *v = v.saturating_sub(1)
            }
        };
        match target {
            FaultTarget::Connection(c) => step(&mut self.conn_down[c.index()]),
            FaultTarget::Link(l) => {
                if let Some(u) = self
                    .plan
                    .channels
                    .iter()
                    .find(|c| c.kind == ChannelKind::Backbone(l))
                    .and_then(|c| c.unit)
                {
                    let unit = &mut self.units[u.0 as usize];
                    unit.forced.iter_mut().for_each(step);
                    unit.reconcile(now);
                }
            }
            FaultTarget::PhysicalConnection(p) => {
                let pc = &self.net.physical_connections[p.index()];
                let vbr = &self.net.vbrs[pc.vbr.index()];
                let first: usize = vbr
                    .physical_connections
                    .iter()
                    .take_while(|x| **x != p)
                    .map(|x| self.net.physical_connections[x.index()].params.count as usize)
                    .sum();
                let n = pc.params.count as usize;
                if let Some(u) = self
                    .plan
                    .channels
                    .iter()
                    .find(|c| c.kind == ChannelKind::PhysicalConnections(pc.vbr))
                    .and_then(|c| c.unit)
                {
                    let unit = &mut self.units[u.0 as usize];
                    unit.forced[first..first + n].iter_mut().for_each(step);
                    unit.reconcile(now);
                }
            }
        }
    }

    fn transition(&mut self, now: SimTime, u: usize, m: usize, q: &mut EventQueue<Ev>) {
        let unit = &mut self.units[u];
        unit.up[m] = !unit.up[m];
        unit.reconcile(now);
        let (mtbf, mttr) = self.plan.units[u].members[m];
        let dt = next_transition(self.units[u].up[m], mtbf, mttr, &mut self.unit_rng[u]);
        if now + dt < self.end {
            q.push(now + dt, Ev::Transition(u as u32, m as u32));
        }
    }

    /// Channel usage inside the window is the work completed between its two ends.
    /// Adds the capacity of connection `c`'s cap from its last change to `now`, clipped to
    /// the window.
    fn accrue_capacity(&mut self, c: usize, now: SimTime) {
        let (cap, since) = self.conn_cap[c];
        let from = since.max(self.warmup);
        let to = now.min(self.end);
        if let Some(rate) = cap
            && to > from
        {
            self.out.connection_capacity_bits[c] +=
                rate.as_bps() as f64 * (to - from).as_secs_f64();
        }
        self.conn_cap[c].1 = now;
    }

    fn window(&mut self, now: SimTime, open: bool) {
        if !open {
            for c in 0..self.conn_cap.len() {
                self.accrue_capacity(c, now);
            }
        }
        for (i, server) in self.servers.iter().enumerate() {
            let Some(server) = server else { continue };
            let done = server.work_done(now);
            if open {
                self.window_start[i] = done;
            } else {
                self.out.channels[i].add_busy(Duration(done.0 - self.window_start[i].0));
            }
        }
    }

    /// Samples every queue: channels (index i), then caps (index channels + i).
    fn sample(&mut self, now: SimTime, q: &mut EventQueue<Ev>) {
        let secs = self.sample_every.as_secs_f64();
        let servers = self
            .servers
            .iter()
            .map(Option::as_ref)
            .chain(self.shapers.iter().map(Some));
        for (i, server) in servers.enumerate() {
            let Some(server) = server else { continue };
            let done = server.work_done(now).1;
            let bytes = done - std::mem::replace(&mut self.sampled_bytes[i], done);
            let utilization = bytes as f64 * 8.0 / (server.rate.as_bps() as f64 * secs);
            self.out.timeseries.push(Sample {
                time: now,
                channel: i as u32,
                utilization,
                queue_bytes: server.backlog_bytes(now),
            });
        }
        if now + self.sample_every <= self.end {
            q.push(now + self.sample_every, Ev::Sample);
        }
    }
}

impl Model for Sim<'_> {
    type Event = Ev;

    fn handle(&mut self, now: SimTime, ev: Ev, q: &mut EventQueue<Ev>) {
        match ev {
            Ev::Emit(f) => self.emit(now, f as usize, q),
            Ev::Toggle(f) => {
                let f = f as usize;
                let src = &mut self.sources[f];
                src.on = !src.on;
                let on = src.on;
                let len = self.sources[f].period(on, &mut self.flow_rng[f]);
                if now + len < self.flow_stop[f] {
                    q.push(now + len, Ev::Toggle(f as u32));
                }
                if on && now < self.flow_stop[f] && !self.emit_pending[f] {
                    q.push(now, Ev::Emit(f as u32));
                    self.emit_pending[f] = true;
                }
            }
            Ev::Arrive(id) => self.advance(now, id, q),
            Ev::Timeline(i) => self.timeline(now, i as usize, true, q),
            Ev::FaultEnd(i) => self.timeline(now, i as usize, false, q),
            Ev::Transition(u, m) => self.transition(now, u as usize, m as usize, q),
            Ev::Sample => self.sample(now, q),
            Ev::Window(open) => self.window(now, open),
        }
    }
}
