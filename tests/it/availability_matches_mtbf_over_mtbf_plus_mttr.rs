//! Availability over the horizon matches the analytic references within the Monte Carlo 95%
//! interval, with rerouting:
//! - one link: MTBF/(MTBF + MTTR) = A;
//! - two parallel members of one link: 1 − (1 − A)²;
//! - two links in series: A²;
//! - a mesh of three regions, flow A → C: the direct link, or the detour A → B → C while it
//!   is down: 1 − (1 − A)(1 − A²) (series-only would be A);
//! - the same mesh with `failover`: every failure of the link in use while the detour works
//!   costs the failover time, so availability drops by A²·failover/(MTBF + MTTR).
//!
//! MTBF 10 d and MTTR 1 d (A = 10/11) make unavailability large enough to measure tightly in
//! 200 replications of a 2000-day horizon (about 180 failures per link each).

use crate::common;

use vpcsim::net::availability::horizon;
use vpcsim::sla::{availability, mean_ci, parallel, series};
use vpcsim::units::Duration;

const DAY: u64 = 86_400_000_000_000;
const MTBF: Duration = Duration(10 * DAY);
const MTTR: Duration = Duration(DAY);
const REPS: u64 = 200;

/// Regions r1, r2, r3 (explicit links listed in `links`), VPC a in r1 and c in `to`,
/// joined by Express Connect; one flow a → c.
fn scenario(links: &str, to: &str, failover: &str) -> String {
    format!(
        r#"
[simulation]
duration = "10ms"
warmup = "0s"
replications = 1
availability_horizon = "2000d"

[backbone]
topology = "explicit"
mtbf = "10d"
mttr = "1d"
count = 1
failover = "{failover}"

[[region]]
name = "r1"
provider = "alibaba"
location = {{ lat = 30.0, lon = 120.0 }}

[[region]]
name = "r2"
provider = "alibaba"
location = {{ lat = 31.0, lon = 121.0 }}

[[region]]
name = "r3"
provider = "alibaba"
location = {{ lat = 32.0, lon = 120.0 }}

{links}

[[vpc]]
name = "a"
region = "r1"
cidr = ["10.0.0.0/16"]
resources = [{{ name = "src", kind = "ecs", ip = "10.0.0.10" }}]

[[vpc]]
name = "c"
region = "{to}"
cidr = ["10.2.0.0/16"]
resources = [{{ name = "dst", kind = "ecs", ip = "10.2.0.10" }}]

[[connection]]
name = "ac"
type = "express-connect"
between = ["a", "c"]
spec = "Large.1"

[[flow]]
name = "f"
from = "src"
to = "dst"
rate = "1Mbps"
"#
    )
}

fn link(a: &str, b: &str, extra: &str) -> String {
    format!("[[link]]\nbetween = [\"{a}\", \"{b}\"]\n{extra}\n")
}

/// The flow's availability in each replication, as a mean with its 95% interval.
fn measured(text: &str, seed: u64) -> vpcsim::sla::MeanCi {
    let (net, plan) = common::network(text);
    let v: Vec<f64> = (0..REPS)
        .map(|r| horizon(&net, &plan, seed, r).flows[0].expect("the path can fail"))
        .collect();
    mean_ci(&v, 0.95)
}

#[test]
fn one_link_is_available_mtbf_over_mtbf_plus_mttr() {
    let a = availability(MTBF, MTTR);
    let ci = measured(&scenario(&link("r1", "r3", ""), "r3", "0s"), 1);
    assert!(ci.contains(a), "A = {a}, measured {ci:?}");
}

#[test]
fn two_parallel_members_are_available_one_minus_unavailability_squared() {
    let a = parallel(&[availability(MTBF, MTTR); 2]);
    let ci = measured(&scenario(&link("r1", "r3", "count = 2"), "r3", "0s"), 2);
    assert!(ci.contains(a), "1-(1-A)^2 = {a}, measured {ci:?}");
}

#[test]
fn two_links_in_series_are_available_a_squared() {
    let a = series(&[availability(MTBF, MTTR); 2]);
    let links = link("r1", "r2", "") + &link("r2", "r3", "");
    let ci = measured(&scenario(&links, "r3", "0s"), 3);
    assert!(ci.contains(a), "A^2 = {a}, measured {ci:?}");
}

fn mesh() -> String {
    link("r1", "r3", "") + &link("r1", "r2", "") + &link("r2", "r3", "")
}

#[test]
fn a_mesh_reroutes_around_a_failed_link() {
    let a = availability(MTBF, MTTR);
    let expected = 1.0 - (1.0 - a) * (1.0 - a * a);
    let ci = measured(&scenario(&mesh(), "r3", "0s"), 4);
    assert!(
        ci.contains(expected),
        "1-(1-A)(1-A^2) = {expected}, measured {ci:?}"
    );
    assert!(ci.lo > a + 0.05, "rerouting beats the direct link alone");
}

#[test]
fn failover_costs_its_time_at_every_failure_of_the_link_in_use() {
    let a = availability(MTBF, MTTR);
    let failover = 3_600_000_000_000u64; // 1 h
    let cycle = (MTBF.as_nanos() + MTTR.as_nanos()) as f64;
    let expected = 1.0 - (1.0 - a) * (1.0 - a * a) - a * a * failover as f64 / cycle;
    let ci = measured(&scenario(&mesh(), "r3", "1h"), 4);
    assert!(
        ci.contains(expected),
        "expected {expected}, measured {ci:?}"
    );
    let without = measured(&scenario(&mesh(), "r3", "0s"), 4);
    assert!(ci.hi < without.lo, "failover time shows as downtime");
}
