//! Availability on its own time scale: the failure/repair process of every failure unit over
//! `availability_horizon`, with no packets. A unit is down while all its members are down, and
//! for `failover` after the member carrying traffic fails while another survives. A
//! connection is available while every unit on its path is up.

use crate::engine::{ComponentKind, SimRng, component_id, name_id, stream};
use crate::topology::{FailureUnit, Plan};
use crate::units::Duration;
use rand::RngExt;
use rand_distr::{Distribution, Exp};

/// Down intervals `[start, end)` in ns, sorted and disjoint.
pub type Downtime = Vec<(u64, u64)>;

fn draw(mean_ns: u64, rng: &mut SimRng) -> u64 {
    let mean = mean_ns.max(1) as f64;
    Exp::new(1.0 / mean)
        .map_or(mean, |e| e.sample(rng))
        .round()
        .max(1.0) as u64
}

/// Simulates one unit over `[0, horizon)` and returns when it was down.
pub fn unit_downtime(unit: &FailureUnit, horizon: u64, rng: &mut SimRng) -> Downtime {
    let n = unit.members.len();
    // Per member: state and time of its next transition; start in the stationary state.
    let mut up: Vec<bool> = unit
        .members
        .iter()
        .map(|(f, r)| {
            let a = f.as_nanos() as f64 / (f.as_nanos() as f64 + r.as_nanos() as f64);
            rng.random::<f64>() < a
        })
        .collect();
    let mut next: Vec<u64> = (0..n)
        .map(|m| {
            let (f, r) = unit.members[m];
            draw(if up[m] { f } else { r }.as_nanos(), rng)
        })
        .collect();
    let mut active = up.iter().position(|u| *u);
    let mut down: Downtime = Vec::new();
    let mut down_since: Option<u64> = if active.is_none() { Some(0) } else { None };
    let failover = unit.failover.as_nanos();
    while let Some((m, &t)) = next.iter().enumerate().min_by_key(|(_, t)| **t) {
        if t >= horizon {
            break;
        }
        up[m] = !up[m];
        let (f, r) = unit.members[m];
        next[m] = t.saturating_add(draw(if up[m] { f } else { r }.as_nanos(), rng));
        match (active, up[m]) {
            (Some(a), false) if a == m => {
                active = up.iter().position(|u| *u);
                match active {
                    Some(_) if failover > 0 => push(&mut down, t, (t + failover).min(horizon)),
                    Some(_) => {}
                    None => down_since = Some(t),
                }
            }
            (None, true) => {
                active = Some(m);
                if let Some(s) = down_since.take() {
                    push(&mut down, s, t);
                }
            }
            _ => {}
        }
    }
    if let Some(s) = down_since {
        push(&mut down, s, horizon);
    }
    down
}

fn push(down: &mut Downtime, s: u64, e: u64) {
    if e <= s {
        return;
    }
    match down.last_mut() {
        Some(last) if s <= last.1 => last.1 = last.1.max(e),
        _ => down.push((s, e)),
    }
}

/// Share of the horizon during which none of the given downtimes applies.
pub fn availability_of(downtimes: &[&Downtime], horizon: u64) -> f64 {
    let mut all: Vec<(u64, u64)> = downtimes.iter().flat_map(|d| d.iter().copied()).collect();
    all.sort_unstable();
    let mut merged: Downtime = Vec::new();
    for (s, e) in all {
        push(&mut merged, s, e);
    }
    let down: u64 = merged.iter().map(|(s, e)| e - s).sum();
    1.0 - down as f64 / horizon.max(1) as f64
}

/// Availability of every connection of the plan in one replication.
pub fn connection_availability(
    plan: &Plan,
    horizon: Duration,
    seed: u64,
    replication: u64,
) -> Vec<f64> {
    let h = horizon.as_nanos();
    let downs: Vec<Downtime> = plan
        .units
        .iter()
        .map(|u| {
            let mut rng = stream(
                seed,
                replication,
                component_id(ComponentKind::Failure, name_id(&u.name), 1),
            );
            unit_downtime(u, h, &mut rng)
        })
        .collect();
    plan.connections
        .iter()
        .map(|c| {
            let ds: Vec<&Downtime> = c.units.iter().map(|u| &downs[u.0 as usize]).collect();
            availability_of(&ds, h)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_downtimes_count_once() {
        let a = vec![(0, 10), (20, 30)];
        let b = vec![(5, 25)];
        assert!((availability_of(&[&a, &b], 100) - 0.7).abs() < 1e-12);
    }
}
