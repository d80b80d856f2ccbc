//! What changes the network while packets flow: random failures and repairs of members, the
//! scripted timeline (faults, spec changes, traffic surges, state changes), the rerouting
//! they cause, and the sampling of queues.

use super::Sample;
use super::health::{BundleChange, fault_scope};
use super::sim::{Ev, Sim, next_transition};
use crate::engine::{EventQueue, SimTime};
use crate::model::{FaultTarget, TimelineAction};
use crate::scenario::{BufferSpec, ConnectionState};
use crate::topology::{DEFAULT_SHAPER_BUFFER, ElementId, MemberId};
use crate::units::Duration;

impl Sim<'_> {
    /// Applies what a member change did: schedule the detection of an active-active failure,
    /// and reroute flows when an element went down or came back.
    fn apply(&mut self, now: SimTime, m: MemberId, change: BundleChange, q: &mut EventQueue<Ev>) {
        if let Some(at) = change.exclude_at {
            self.schedule_control(q, at, Ev::Exclude(m.0));
        }
        if let Some((e, up, failover)) = change.element {
            self.element_changed(now, e, up, failover, q);
        }
    }

    /// Element `e` went down (flows on it reroute after `failover`) or up (flows move back at
    /// once).
    fn element_changed(
        &mut self,
        now: SimTime,
        e: ElementId,
        up: bool,
        failover: Duration,
        q: &mut EventQueue<Ev>,
    ) {
        if up {
            self.routing
                .element_up(self.plan, &self.health, &self.candidates);
        } else {
            for (f, at) in self
                .routing
                .element_down(self.plan, &self.candidates, e, now, failover)
            {
                self.schedule_control(q, at, Ev::Reroute(f as u32));
            }
        }
    }

    pub(super) fn transition(&mut self, now: SimTime, m: usize, q: &mut EventQueue<Ev>) {
        let id = MemberId(m as u32);
        let up = !self.health.member_up(id);
        let change = self.health.set_member_up(self.plan, id, up, now);
        self.apply(now, id, change, q);
        let member = &self.plan.members[m];
        let dt = next_transition(up, member.mtbf, member.mttr, &mut self.member_rng[m]);
        self.schedule_transition(q, m, now + dt);
    }

    pub(super) fn timeline(
        &mut self,
        now: SimTime,
        idx: usize,
        start: bool,
        q: &mut EventQueue<Ev>,
    ) {
        let e = self.net.events[idx];
        match e.action {
            TimelineAction::Fault { target, duration } => {
                self.fault(now, target, start, q);
                if start && let Some(d) = duration {
                    self.schedule_control(q, now + d, Ev::FaultEnd(idx as u32));
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
                let start = SimTime::ZERO + self.net.flows[f].start;
                let e = &mut self.emitters[f];
                e.source.set_factor(factor);
                // A flow scaled to zero stopped its chain of emissions: restart it.
                let sending = e.source.on || !e.source.is_on_off();
                if factor > 0.0 && sending && !e.pending && now >= start && now < e.stop {
                    e.source.restart(now);
                    q.push(now, Ev::Emit(f as u32));
                    e.pending = true;
                }
            }
            TimelineAction::State { connection, to } => {
                let active = to == ConnectionState::Active;
                if let Some(up) =
                    self.health
                        .set_connection_active(self.plan, connection.index(), active)
                {
                    let e = self.plan.connections[connection.index()].element;
                    // Routes of a withdrawn connection vanish at once.
                    self.element_changed(now, e, up, Duration::ZERO, q);
                }
            }
        }
    }

    fn fault(&mut self, now: SimTime, target: FaultTarget, start: bool, q: &mut EventQueue<Ev>) {
        let plan = self.plan;
        let (members, element) = fault_scope(plan, target);
        for m in members {
            let change = self.health.force_member(plan, m, start, now);
            self.apply(now, m, change, q);
        }
        if let Some(e) = element
            && let Some(up) = self.health.force_element(plan, e, start)
        {
            let failover = plan.elements[e.index()].failover;
            self.element_changed(now, e, up, failover, q);
        }
    }

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

    /// Channel usage inside the window is the work completed between its two ends.
    pub(super) fn window(&mut self, now: SimTime, open: bool) {
        if !open {
            for c in 0..self.conn_cap.len() {
                self.accrue_capacity(c, now);
            }
        }
        for (i, ch) in self.channels.iter().enumerate() {
            let Some(server) = &ch.server else { continue };
            let done = server.work_done(now);
            if open {
                self.window_start[i] = done;
            } else {
                self.out.channels[i].add_busy(Duration(done.0 - self.window_start[i].0));
            }
        }
    }

    /// Samples every queue: channels (index i), then caps (index channels + i).
    pub(super) fn sample(&mut self, now: SimTime, q: &mut EventQueue<Ev>) {
        let secs = self.sample_every.as_secs_f64();
        let servers = self
            .channels
            .iter()
            .map(|c| c.server.as_ref())
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
                rate_bps: server.rate.as_bps(),
            });
        }
        if now + self.sample_every <= self.end {
            self.schedule_control(q, now + self.sample_every, Ev::Sample);
        }
    }
}
