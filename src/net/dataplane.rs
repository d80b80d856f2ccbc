//! Moving packets: sources emit, each packet walks the hops of the path its flow uses, and a
//! hop that takes time (a queue, a link) schedules exactly one event for its arrival at the
//! next one.

use super::server::{Admission, fx, ns_per_byte};
use super::sim::{Ev, Packet, Sim};
use crate::engine::{EventQueue, SimTime};
use crate::metrics::DropCause;
use crate::topology::{BundleId, BundleMode, ChannelId, Hop};
use crate::units::{Duration, Size};
use rand::RngExt;

impl Sim<'_> {
    pub(super) fn emit(&mut self, now: SimTime, f: usize, q: &mut EventQueue<Ev>) {
        let e = &mut self.emitters[f];
        e.pending = false;
        let on = (e.source.on || !e.source.is_on_off()) && e.source.factor > 0.0;
        if !on {
            return;
        }
        // An emission queued before an off period that ended early: the clock has moved on.
        let due = e.source.next_at();
        if now < due {
            if due < e.stop {
                q.push(due, Ev::Emit(f as u32));
                e.pending = true;
            }
            return;
        }
        let size = e.source.size(&mut e.rng);
        // The next emission is queued before this packet moves, so a shortcut (see `forward`)
        // sees it among the pending events.
        if e.source.advance(&mut e.rng) {
            let at = e.source.next_at();
            if at < e.stop {
                q.push(at, Ev::Emit(f as u32));
                e.pending = true;
            }
        }
        self.send(now, f, size, q);
    }

    /// Ends or starts an on period. The emission clock pauses while off and resumes where it
    /// stopped, so the flow offers exactly its `rate` on average (a packet at the start of
    /// every on period would add half a packet per period).
    pub(super) fn toggle(&mut self, now: SimTime, f: usize, q: &mut EventQueue<Ev>) {
        let e = &mut self.emitters[f];
        e.source.on = !e.source.on;
        let on = e.source.on;
        let len = e.source.period(on, &mut e.rng);
        if now + len < e.stop {
            q.push(now + len, Ev::Toggle(f as u32));
        }
        if !on {
            e.source.pause(now);
            return;
        }
        e.source.resume(now);
        let at = e.source.next_at();
        if at < e.stop && !e.pending {
            q.push(at, Ev::Emit(f as u32));
            e.pending = true;
        }
    }

    /// Why a flow with no usable path loses its packets: blocked when every candidate waits
    /// for a connection to become active, down when something failed.
    fn no_path_cause(&self, f: usize) -> DropCause {
        let failed = self.candidates[f].iter().any(|p| {
            self.plan.path(*p).elements.iter().any(|e| {
                !self.health.element_up(*e) && !self.health.element_inactive(self.plan, *e)
            })
        });
        if failed {
            DropCause::Down
        } else {
            DropCause::Blocked
        }
    }

    fn send(&mut self, now: SimTime, f: usize, size: Size, q: &mut EventQueue<Ev>) {
        let counted = self.counted(now);
        if counted {
            self.out.flows[f].offer(size);
        }
        let Some(path) = self.routing.current(f, self.candidates[f]) else {
            let cause = if self.candidates[f].is_empty() {
                DropCause::Blocked
            } else {
                self.no_path_cause(f)
            };
            return self.lose(f, counted, cause);
        };
        // A connection withdrawn or cut this instant: its routes are gone (blocked) or its
        // failure not yet routed around (down).
        let conn = self.walks.paths[path.index()].element;
        if !self.health.element_up(conn) {
            let cause = if self.health.element_inactive(self.plan, conn) {
                DropCause::Blocked
            } else {
                DropCause::Down
            };
            return self.lose(f, counted, cause);
        }
        let p = Packet {
            born: now,
            size: size.as_bytes() as u32,
            flow: f as u32,
            path: path.0,
            step: self.walks.start(path.0),
            counted,
            queue_wait: 0,
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

    /// The first packet in flight out of server `pipe` (a channel, or a cap after the
    /// channels) arrives at its next server (or its destination).
    pub(super) fn arrive(&mut self, now: SimTime, pipe: u32, q: &mut EventQueue<Ev>) {
        let queue = &mut self.pipes[pipe as usize];
        let Some((_, id)) = queue.pop_front() else {
            return;
        };
        if let Some(&(next, _)) = queue.front() {
            q.push(next, Ev::Arrive(pipe));
        }
        let p = self.packets[id as usize];
        let key = self.walks.steps[p.step as usize].next.key;
        self.pending[key as usize] -= 1;
        self.advance(now, id, q);
    }

    /// Hands a packet that reaches its next server (or its destination) at `at` on.
    ///
    /// Normally that is an event at `at`. A packet is carried there at once, without an
    /// event, when nothing could tell the difference, in either of two cases.
    ///
    /// - Nothing else is scheduled at or before `at`: the arrival would be the very next
    ///   event. (Every handler schedules what it will before it moves a packet, so nothing the
    ///   current one adds later can come first.)
    /// - The server is used by this flow alone; no packet of the flow is still on its way
    ///   there by event (it must go first); packets reach it in the order they are handled
    ///   (no active-active bundle just before); no event that may change routes or members
    ///   (the timeline, a reroute, any failure or repair) comes before `at`, so no later
    ///   packet can overtake this one on another path; and, for a server, no sample or window
    ///   end comes before `at` either, so what they read is what events would show.
    ///
    /// Results are identical either way; only the number of events differs (a test compares
    /// both).
    ///
    /// Packets in flight out of one server arrive in the order they left it (a FIFO queue,
    /// a constant delay, a delay variation that keeps order), so they wait in that server's
    /// own queue (`pipe`) and only its first is in the event queue.
    fn forward(&mut self, at: SimTime, id: u32, q: &mut EventQueue<Ev>, pipe: usize) {
        let p = self.packets[id as usize];
        let n = self.walks.steps[p.step as usize].next;
        let next = || q.peek_time().is_none_or(|t| at < t);
        let alone = || {
            let horizon = if n.deliver {
                self.next_route_event()
            } else {
                self.next_route_event().min(self.next_read_event())
            };
            n.quiet && n.in_order && self.pending[n.key as usize] == 0 && at < horizon
        };
        if self.options.shortcuts && (next() || alone()) {
            self.advance(at, id, q);
        } else {
            self.pending[n.key as usize] += 1;
            let queue = &mut self.pipes[pipe];
            if queue.is_empty() {
                q.push(at, Ev::Arrive(pipe as u32));
            }
            queue.push_back((at, id));
        }
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
    pub(super) fn advance(&mut self, now: SimTime, id: u32, q: &mut EventQueue<Ev>) {
        loop {
            let p = self.packets[id as usize];
            let step = self.walks.steps[p.step as usize];
            let Some(hop) = step.hop else {
                return self.deliver(now, id);
            };
            let counts = step.next.counts;
            self.packets[id as usize].step += 1;
            match hop {
                Hop::Encap(t) => {
                    if !self.encapsulate(id, t.index()) {
                        return self.drop_packet(id, DropCause::Encap);
                    }
                }
                Hop::Decap(t) => {
                    let overhead = self.plan.tunnels[t.index()].overhead.as_bytes() as u32;
                    let p = &mut self.packets[id as usize];
                    p.size = p.size.saturating_sub(overhead);
                }
                Hop::Shaper(s) => return self.shape(now, id, s.index(), q),
                Hop::Channel(ch) => return self.transmit(now, id, ch, counts, q),
                Hop::Bundle(b, d) => match self.member_channel(now, b, d, p.size) {
                    Some(ch) => return self.transmit(now, id, ch, counts, q),
                    None => return self.drop_packet(id, DropCause::Down),
                },
            }
        }
    }

    /// The channel of bundle `b` (direction `d`) a packet of `size` bytes arriving at `now`
    /// goes to, or `None` when it is lost: no member works, or a failover is in progress.
    fn member_channel(&mut self, now: SimTime, b: BundleId, d: u8, size: u32) -> Option<ChannelId> {
        let plan = self.plan;
        let bundle = &plan.bundles[b.index()];
        let channels = &bundle.channels[d as usize];
        match bundle.mode {
            BundleMode::Standby => self
                .health
                .standby_member(plan, b, now)
                .map(|m| channels[m]),
            BundleMode::Shared => {
                // Each packet goes to the member that can start sending it soonest. A member
                // whose failure is not yet detected still gets its share, which is lost: it
                // counts as busy with what it was given, as it would have been.
                let mut best: Option<(u128, usize)> = None;
                for (k, m) in bundle.members.iter().enumerate() {
                    if !self.health.selectable(*m) {
                        continue;
                    }
                    let ch = channels[k].index();
                    let mut free = self.channels[ch]
                        .server
                        .as_ref()
                        .map_or(0, |s| s.busy_until());
                    if !self.health.working(*m) {
                        free = free.max(self.ghost_until[ch]);
                    }
                    if best.is_none_or(|(f, _)| free < f) {
                        best = Some((free, k));
                    }
                }
                let (free, k) = best?;
                if self.health.working(bundle.members[k]) {
                    return Some(channels[k]);
                }
                let ch = channels[k].index();
                if let Some(server) = &self.channels[ch].server {
                    self.ghost_until[ch] =
                        free.max(fx(now)) + ns_per_byte(server.rate) * size as u128;
                }
                None
            }
        }
    }

    #[inline]
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

    #[inline]
    fn count_connection(&mut self, id: u32) {
        let p = self.packets[id as usize];
        if p.counted {
            let w = self.walks.paths[p.path as usize];
            self.out.connection_bytes[w.connection as usize][w.direction as usize] +=
                p.size.saturating_sub(w.overhead) as u64;
        }
    }

    fn shape(&mut self, now: SimTime, id: u32, s: usize, q: &mut EventQueue<Ev>) {
        let size = self.packets[id as usize].size;
        self.out.packet_hops += 1;
        match self.shapers[s].offer(now, size) {
            Admission::Dropped => self.drop_packet(id, DropCause::Cap),
            Admission::Departs { at, start } => {
                self.count_connection(id);
                let p = &mut self.packets[id as usize];
                let wait = (start - now).as_nanos().min(u32::MAX as u64) as u32;
                p.queue_wait = p.queue_wait.saturating_add(wait);
                self.forward(at, id, q, self.channels.len() + s);
            }
        }
    }

    fn transmit(
        &mut self,
        now: SimTime,
        id: u32,
        ch: ChannelId,
        counts: bool,
        q: &mut EventQueue<Ev>,
    ) {
        let size = self.packets[id as usize].size;
        self.out.packet_hops += 1;
        let state = &mut self.channels[ch.index()];
        let departs = match &mut state.server {
            Some(server) => match server.offer(now, size) {
                Admission::Dropped => return self.drop_packet(id, DropCause::Queue),
                Admission::Departs { at, start } => {
                    // Packets and bytes count when their transmission starts in the window;
                    // busy time is added exactly when the window closes (see `window`).
                    if start >= self.warmup && start < self.end {
                        self.out.channels[ch.index()].carry(Size(size as u64), Duration::ZERO);
                    }
                    let p = &mut self.packets[id as usize];
                    let wait = (start - now).as_nanos().min(u32::MAX as u64) as u32;
                    p.queue_wait = p.queue_wait.saturating_add(wait);
                    at
                }
            },
            None => now,
        };
        if counts {
            self.count_connection(id);
        }
        let state = &mut self.channels[ch.index()];
        if state.loss.lose(&mut state.rng) {
            return self.drop_packet(id, DropCause::Link);
        }
        let wait = match &mut state.variation {
            Some((v, rng)) => v.wait(departs.as_nanos() as f64, rng).ceil() as u64,
            None => 0,
        };
        let arrive = departs + state.delay + Duration(wait);
        self.forward(arrive, id, q, ch.index());
    }

    fn deliver(&mut self, now: SimTime, id: u32) {
        let p = self.packets[id as usize];
        if p.counted {
            self.out.flows[p.flow as usize].deliver(
                now - p.born,
                Size(p.size as u64),
                Duration(p.queue_wait as u64),
            );
        }
        self.free.push(id);
    }
}
