//! Availability from the failure process matches the analytic references within the Monte
//! Carlo 95% interval: one link MTBF/(MTBF+MTTR); two parallel members 1 − (1 − A)²;
//! two in series A².

use vpcsim::engine::{ComponentKind, component_id, stream};
use vpcsim::net::availability::{availability_of, unit_downtime};
use vpcsim::sla::{availability, mean_ci, parallel, series};
use vpcsim::topology::FailureUnit;
use vpcsim::units::Duration;

const DAY: u64 = 86_400_000_000_000;
// MTBF 10 d, MTTR 1 d: A = 10/11 = 0.90909; large enough unavailability to measure tightly.
const MTBF: Duration = Duration(10 * DAY);
const MTTR: Duration = Duration(DAY);
const HORIZON: u64 = 2_000 * DAY;
const REPS: u64 = 200;

fn unit(members: usize) -> FailureUnit {
    FailureUnit {
        name: "u".into(),
        members: vec![(MTBF, MTTR); members],
        failover: Duration::ZERO,
    }
}

fn samples(f: impl Fn(u64) -> f64) -> vpcsim::sla::MeanCi {
    let v: Vec<f64> = (0..REPS).map(f).collect();
    mean_ci(&v, 0.95)
}

#[test]
fn one_link_is_available_mtbf_over_mtbf_plus_mttr() {
    let a = availability(MTBF, MTTR);
    let ci = samples(|r| {
        let mut rng = stream(1, r, component_id(ComponentKind::Failure, 0, 1));
        availability_of(&[&unit_downtime(&unit(1), HORIZON, &mut rng)], HORIZON)
    });
    assert!(ci.contains(a), "A = {a}, measured {ci:?}");
}

#[test]
fn two_parallel_members_are_available_one_minus_unavailability_squared() {
    let a = parallel(&[availability(MTBF, MTTR); 2]);
    let ci = samples(|r| {
        let mut rng = stream(2, r, component_id(ComponentKind::Failure, 0, 1));
        availability_of(&[&unit_downtime(&unit(2), HORIZON, &mut rng)], HORIZON)
    });
    assert!(ci.contains(a), "1-(1-A)^2 = {a}, measured {ci:?}");
}

#[test]
fn two_links_in_series_are_available_a_squared() {
    let a = series(&[availability(MTBF, MTTR); 2]);
    let ci = samples(|r| {
        let mut r1 = stream(3, r, component_id(ComponentKind::Failure, 0, 1));
        let mut r2 = stream(3, r, component_id(ComponentKind::Failure, 1, 1));
        let (d1, d2) = (
            unit_downtime(&unit(1), HORIZON, &mut r1),
            unit_downtime(&unit(1), HORIZON, &mut r2),
        );
        availability_of(&[&d1, &d2], HORIZON)
    });
    assert!(ci.contains(a), "A^2 = {a}, measured {ci:?}");
}
