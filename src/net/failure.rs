//! Failure and repair of redundant members (backbone links, physical connections).
//!
//! A unit works while any member works. When the member carrying traffic fails and another
//! survives, traffic is lost for `failover` while it moves over.

use crate::engine::{SimRng, SimTime};
use crate::topology::FailureUnit;
use crate::units::Duration;
use rand::RngExt;
use rand_distr::{Distribution, Exp};

/// Live state of one unit.
#[derive(Debug, Clone)]
pub struct UnitState {
    pub up: Vec<bool>,
    /// Forced down by a timeline fault (counts per member).
    pub forced: Vec<u32>,
    /// Member currently carrying traffic.
    pub active: usize,
    /// Packets are lost until this time (failover in progress).
    pub failover_until: SimTime,
    pub failover: Duration,
}

impl UnitState {
    /// Members start in their stationary state: down with probability MTTR/(MTBF+MTTR).
    pub fn new(unit: &FailureUnit, rng: &mut SimRng) -> Self {
        let up: Vec<bool> = unit
            .members
            .iter()
            .map(|(mtbf, mttr)| {
                let a = mtbf.as_nanos() as f64 / (mtbf.as_nanos() as f64 + mttr.as_nanos() as f64);
                rng.random::<f64>() < a
            })
            .collect();
        let active = up.iter().position(|u| *u).unwrap_or(0);
        UnitState {
            forced: vec![0; up.len()],
            up,
            active,
            failover_until: SimTime::ZERO,
            failover: unit.failover,
        }
    }

    fn member_up(&self, m: usize) -> bool {
        self.up[m] && self.forced[m] == 0
    }

    /// Whether a packet can pass at `now`.
    pub fn passes(&self, now: SimTime) -> bool {
        now >= self.failover_until && self.member_up(self.active)
    }

    /// Re-evaluates which member carries traffic after a change at `now`.
    pub fn reconcile(&mut self, now: SimTime) {
        if self.member_up(self.active) {
            return;
        }
        if let Some(m) = (0..self.up.len()).find(|m| self.member_up(*m)) {
            self.active = m;
            self.failover_until = now + self.failover;
        }
    }
}

/// Time to the next failure (when up) or repair (when down) of a member.
pub fn next_transition(up: bool, mtbf: Duration, mttr: Duration, rng: &mut SimRng) -> Duration {
    let mean = if up { mtbf } else { mttr }.as_nanos() as f64;
    let ns = Exp::new(1.0 / mean.max(1.0)).map_or(mean, |e| e.sample(rng));
    Duration(ns.round().clamp(1.0, u64::MAX as f64 / 4.0) as u64)
}
