//! Which candidate path each flow (or connection) uses, as elements fail and recover.
//!
//! - At the start the best usable candidate carries (the network has converged).
//! - When an element of the path in use fails, traffic still goes to it — and is lost — for
//!   the failover time of what failed; then the best usable candidate carries.
//! - When an element recovers and makes a better candidate usable, traffic moves there at
//!   once, without loss (make-before-break).
//! - A connection that stops being active withdraws its routes at once.
//!
//! The candidates were compiled in preference order; a decision is a scan for the first
//! usable one, never a graph search.

use super::health::Health;
use crate::engine::SimTime;
use crate::topology::{ElementId, PathId, Plan};

/// Route state of a set of subjects (flows, or connections), each with its candidates.
#[derive(Debug, Clone)]
pub struct Routing {
    /// Per subject, the index of the candidate in use; `None` while nothing can carry.
    current: Vec<Option<u16>>,
    /// Per subject, when a pending reroute is due (`SimTime::MAX` when none).
    reroute_at: Vec<SimTime>,
}

/// Whether every element of a path is up.
#[inline]
pub fn usable(plan: &Plan, health: &Health, path: PathId) -> bool {
    plan.path(path)
        .elements
        .iter()
        .all(|e| health.element_up(*e))
}

/// The first usable candidate.
pub fn best(plan: &Plan, health: &Health, candidates: &[PathId]) -> Option<u16> {
    candidates
        .iter()
        .position(|p| usable(plan, health, *p))
        .map(|i| i as u16)
}

impl Routing {
    /// Every subject on its best usable candidate.
    pub fn new(plan: &Plan, health: &Health, subjects: &[&[PathId]]) -> Routing {
        Routing {
            current: subjects.iter().map(|c| best(plan, health, c)).collect(),
            reroute_at: vec![SimTime::MAX; subjects.len()],
        }
    }

    /// The path subject `s` uses, if any.
    #[inline]
    pub fn current(&self, s: usize, candidates: &[PathId]) -> Option<PathId> {
        self.current[s].map(|i| candidates[i as usize])
    }

    /// Element `e` failed at `now`: subjects on a path through it are rerouted after
    /// `failover`. Returns the subjects with the time of their reroute.
    pub fn element_down(
        &mut self,
        plan: &Plan,
        subjects: &[&[PathId]],
        e: ElementId,
        now: SimTime,
        failover: crate::units::Duration,
    ) -> Vec<(usize, SimTime)> {
        let at = now + failover;
        let mut out = Vec::new();
        for (s, candidates) in subjects.iter().enumerate() {
            let Some(p) = self.current(s, candidates) else {
                continue;
            };
            if plan.path(p).elements.contains(&e) && at < self.reroute_at[s] {
                self.reroute_at[s] = at;
                out.push((s, at));
            }
        }
        out
    }

    /// An element recovered (or a connection became active): subjects move to a better
    /// usable candidate at once. Returns the subjects that moved.
    pub fn element_up(
        &mut self,
        plan: &Plan,
        health: &Health,
        subjects: &[&[PathId]],
    ) -> Vec<usize> {
        let mut moved = Vec::new();
        for (s, candidates) in subjects.iter().enumerate() {
            let b = best(plan, health, candidates);
            let better = match (b, self.current[s]) {
                (Some(b), Some(c)) => b < c,
                (Some(_), None) => true,
                _ => false,
            };
            if better {
                self.current[s] = b;
                moved.push(s);
            }
        }
        moved
    }

    /// A reroute of subject `s` falls due at `now`: it moves to the best usable candidate
    /// (or to none). Stale reroutes (superseded by an earlier one) do nothing; returns
    /// whether this one applied.
    pub fn reroute(
        &mut self,
        plan: &Plan,
        health: &Health,
        s: usize,
        candidates: &[PathId],
        now: SimTime,
    ) -> bool {
        if self.reroute_at[s] != now {
            return false;
        }
        self.reroute_at[s] = SimTime::MAX;
        self.current[s] = best(plan, health, candidates);
        true
    }

    /// Subject `s` leaves a path at once (its connection withdrew its routes).
    pub fn withdraw(&mut self, plan: &Plan, health: &Health, s: usize, candidates: &[PathId]) {
        self.current[s] = best(plan, health, candidates);
    }
}
