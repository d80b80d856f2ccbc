//! Availability on its own time scale: the failure and repair of every member over
//! `availability_horizon`, with no packets, and the same failover and rerouting rules as the
//! data plane (`health`, `routing`).
//!
//! A flow (or a connection) is down:
//! - from the failure of an element of the path it uses until it is rerouted, the failed
//!   member's `failover` later, or — when no candidate path works — until one does;
//! - while an active/standby bundle on its path fails over from its carrying member to
//!   another (that member's `failover`).
//!
//! A member of an active-active bundle failing leaves the path working (the others carry its
//! share); the packets sent to it before detection show as loss, not as downtime.
//!
//! Scripted faults are events of the packet window and show in loss; the horizon measures
//! the random failure process.

use super::health::Health;
use super::routing::Routing;
use super::sim::next_transition;
use crate::engine::{ComponentKind, SimRng, SimTime, component_id, name_id, stream};
use crate::model::{ConnectionId, Network};
use crate::topology::{MemberId, PathId, Plan};
use rand::RngExt;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Down intervals `[start, end)` in ns.
pub type Downtime = Vec<(u64, u64)>;

/// Availability of every flow and connection in one replication; `None` where nothing on any
/// path can fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Availability {
    pub flows: Vec<Option<f64>>,
    pub connections: Vec<Option<f64>>,
}

/// Share of `[0, horizon)` covered by none of `intervals`.
pub fn availability_of(mut intervals: Downtime, horizon: u64) -> f64 {
    intervals.sort_unstable();
    let (mut down, mut reach) = (0u64, 0u64);
    for (s, e) in intervals {
        let (s, e) = (s.max(reach), e.min(horizon));
        if e > s {
            down += e - s;
            reach = e;
        }
    }
    1.0 - down as f64 / horizon.max(1) as f64
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Transition(u32),
    Reroute(u32),
}

/// Simulates the failure process of replication `replication` over the horizon.
pub fn horizon(net: &Network, plan: &Plan, seed: u64, replication: u64) -> Availability {
    let h = net.simulation.availability_horizon.as_nanos();
    let mut rng: Vec<SimRng> = plan
        .members
        .iter()
        .map(|m| {
            stream(
                seed,
                replication,
                component_id(ComponentKind::Failure, name_id(&m.name), 1),
            )
        })
        .collect();
    let up: Vec<bool> = plan
        .members
        .iter()
        .zip(rng.iter_mut())
        .map(|(m, r)| {
            let (f, d) = (m.mtbf.as_nanos() as f64, m.mttr.as_nanos() as f64);
            r.random::<f64>() < f / (f + d).max(1.0)
        })
        .collect();
    let active = (0..net.connections.len())
        .map(|c| net.carries_traffic(ConnectionId(c as u32)))
        .collect();
    let mut health = Health::new(plan, up, active);
    let flows: Vec<&[PathId]> = plan.flows.iter().map(|f| f.candidates.as_slice()).collect();
    let conns: Vec<&[PathId]> = plan
        .connections
        .iter()
        .map(|c| c.availability.as_slice())
        .collect();
    let subjects: Vec<&[PathId]> = flows.iter().chain(conns.iter()).copied().collect();
    let can_fail: Vec<bool> = subjects
        .iter()
        .map(|cands| {
            cands.iter().any(|p| {
                plan.path(*p)
                    .elements
                    .iter()
                    .any(|e| plan.elements[e.index()].bundle.is_some())
            })
        })
        .collect();
    let mut routing = Routing::new(plan, &health, &subjects);
    let mut down: Vec<Downtime> = vec![Vec::new(); subjects.len()];
    let mut open: Vec<Option<u64>> = (0..subjects.len())
        .map(|s| routing.current(s, subjects[s]).is_none().then_some(0))
        .collect();
    let mut queue: BinaryHeap<Reverse<(u64, Event)>> = BinaryHeap::new();
    for (m, member) in plan.members.iter().enumerate() {
        let dt = next_transition(
            health.member_up(MemberId(m as u32)),
            member.mtbf,
            member.mttr,
            &mut rng[m],
        );
        queue.push(Reverse((dt.as_nanos(), Event::Transition(m as u32))));
    }
    let uses = |routing: &Routing, s: usize, e| {
        routing
            .current(s, subjects[s])
            .is_some_and(|p| plan.path(p).elements.contains(&e))
    };
    while let Some(Reverse((t, ev))) = queue.pop() {
        if t >= h {
            break;
        }
        let now = SimTime(t);
        match ev {
            Event::Transition(m) => {
                let id = MemberId(m);
                let up = !health.member_up(id);
                let change = health.set_member_up(plan, id, up, now);
                let member = &plan.members[m as usize];
                let dt = next_transition(up, member.mtbf, member.mttr, &mut rng[m as usize]);
                queue.push(Reverse((
                    t.saturating_add(dt.as_nanos()),
                    Event::Transition(m),
                )));
                let bundle_element = health
                    .bundle_of(id)
                    .map(|b| plan.bundles[b.index()].element);
                if let (Some(until), Some(e)) = (change.failover_until, bundle_element) {
                    for (s, d) in down.iter_mut().enumerate() {
                        if uses(&routing, s, e) {
                            d.push((t, until.as_nanos()));
                        }
                    }
                }
                match change.element {
                    Some((e, false, failover)) => {
                        for (s, at) in routing.element_down(plan, &subjects, e, now, failover) {
                            open[s].get_or_insert(t);
                            queue.push(Reverse((at.as_nanos(), Event::Reroute(s as u32))));
                        }
                    }
                    Some((_, true, _)) => {
                        for s in routing.element_up(plan, &health, &subjects) {
                            if let Some(start) = open[s].take() {
                                down[s].push((start, t));
                            }
                        }
                    }
                    None => {}
                }
            }
            Event::Reroute(s) => {
                let s = s as usize;
                if routing.reroute(plan, &health, s, subjects[s], now)
                    && routing.current(s, subjects[s]).is_some()
                    && let Some(start) = open[s].take()
                {
                    down[s].push((start, t));
                }
            }
        }
    }
    for (s, o) in open.iter().enumerate() {
        if let Some(start) = o {
            down[s].push((*start, h));
        }
    }
    let mut values: Vec<Option<f64>> = down
        .into_iter()
        .zip(&can_fail)
        .map(|(d, can)| can.then(|| availability_of(d, h)))
        .collect();
    let connections = values.split_off(flows.len());
    Availability {
        flows: values,
        connections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_downtimes_count_once() {
        let d = vec![(0, 10), (20, 30), (5, 25)];
        assert!((availability_of(d, 100) - 0.7).abs() < 1e-12);
    }
}
