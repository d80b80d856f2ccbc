//! Shared helpers of the engine tests: build a network from TOML text, and a single-queue
//! test network whose only queueing server is one 1 Gbps channel.

pub mod cli;

use vpcsim::model::Network;
use vpcsim::net::RunMetrics;
use vpcsim::topology::{Hop, Plan, compile};

/// Loads, builds and compiles a scenario given as TOML text; panics with the rendered
/// diagnostics if it does not validate.
pub fn network(text: &str) -> (Network, Plan) {
    let (scenario, _warnings) = match vpcsim::scenario::load_str("test.toml", "test", text) {
        Ok(loaded) => loaded,
        Err(d) => panic!("scenario does not load:\n{}", d.render()),
    };
    let (net, _warnings) = match vpcsim::model::build(&scenario) {
        Ok(built) => built,
        Err(d) => panic!("scenario does not build:\n{}", d.render()),
    };
    let plan = compile(&net);
    (net, plan)
}

/// Serialization time of `bytes` at 1 Gbps: 8 ns per byte.
pub const NS_PER_BYTE_AT_1GBPS: f64 = 8.0;

/// One-way propagation delay of the single-link network's channel.
pub const LINK_DELAY_NS: f64 = 1_000_000.0;

/// A network of two VPCs in two regions joined by one `internet` connection with no cap.
///
/// An internet connection has no tunnel (no encapsulation hop) and, without `bandwidth`, no
/// shaper: its route is exactly one channel, a FIFO server at the backbone rate (1 Gbps here)
/// with the backbone's buffer (1000 MB: nothing is ever dropped), the connection's `delay`
/// (1 ms), no loss, no jitter, and failures practically never (MTBF 100 000 days). Every packet's one-way delay is therefore
/// waiting + serialization + 1 ms. `loss` is the connection's loss (a ratio or a
/// Gilbert-Elliott table, as TOML); `flow` the body of the `[[flow]]` table after `from`/`to`.
pub fn single_link(duration: &str, warmup: &str, loss: &str, flow: &str) -> String {
    link("1Gbps", "1ms", "0ms", duration, warmup, loss, flow)
}

/// [`single_link`] with the channel's `bandwidth`, `delay` and `jitter` (the standard
/// deviation of its delay variation) given. The path practically never fails (MTBF
/// 100 000 days), so a run measures the data plane alone.
pub fn link(
    bandwidth: &str,
    delay: &str,
    jitter: &str,
    duration: &str,
    warmup: &str,
    loss: &str,
    flow: &str,
) -> String {
    format!(
        r#"
[simulation]
seed = 1
duration = "{duration}"
warmup = "{warmup}"
replications = 1

[backbone]
topology = "explicit"
bandwidth = "{bandwidth}"
buffer = "1000MB"
loss = "0%"
jitter = "0ms"
mtbf = "100000d"

[[region]]
name = "cn-hangzhou"

[[region]]
name = "cn-shanghai"

[[vpc]]
name = "a"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{{ name = "src", kind = "ecs", ip = "10.0.0.10" }}]

[[vpc]]
name = "b"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [{{ name = "dst", kind = "ecs", ip = "10.1.0.10" }}]

[[connection]]
name = "public"
type = "internet"
between = ["a", "b"]
delay = "{delay}"
loss = {loss}
jitter = "{jitter}"
mtbf = "100000d"

[[flow]]
name = "f"
from = "src"
to = "dst"
{flow}
"#
    )
}

/// The hops of flow `i`'s preferred path.
pub fn hops(plan: &Plan, i: usize) -> Vec<Hop> {
    let p = *plan.flows[i]
        .candidates
        .first()
        .expect("the flow is routed");
    plan.path(p).hops.clone()
}

/// The channel a hop sends on (the first member of a bundle).
pub fn channel_of(plan: &Plan, hop: Hop) -> Option<vpcsim::topology::ChannelId> {
    match hop {
        Hop::Channel(c) => Some(c),
        Hop::Bundle(b, d) => plan.bundles[b.index()].channels[d as usize]
            .first()
            .copied(),
        _ => None,
    }
}

/// Asserts that flow 0 of the plan crosses exactly one hop, a queueing channel at 1 Gbps
/// with the expected delay and no jitter, and returns nothing else in its way.
pub fn assert_single_server(plan: &Plan) {
    let hops = hops(plan, 0);
    assert_eq!(hops.len(), 1, "hops: {hops:?}");
    let ch = channel_of(plan, hops[0]).expect("the only hop is a channel");
    let c = plan.channel(ch);
    assert_eq!(c.rate.map(|r| r.as_bps()), Some(1_000_000_000));
    assert_eq!(c.delay.as_nanos(), LINK_DELAY_NS as u64);
    assert_eq!(c.jitter.as_nanos(), 0);
    assert!(c.buffer_bytes >= 1_000_000_000, "buffer {}", c.buffer_bytes);
    assert!(plan.shapers.is_empty() && plan.tunnels.is_empty());
}

/// Runs replications `0..n` (in parallel, results in replication order).
pub fn replications(net: &Network, plan: &Plan, seed: u64, n: u32) -> Vec<RunMetrics> {
    vpcsim::study::replicate(net, plan, seed, n, vpcsim::study::Shard::WHOLE, 0, &|| {})
}

/// A network of two VPCs in two regions joined by one express-connect connection over one
/// explicit backbone link (10 Gbps, 1 ms, 1000 MB buffer, no jitter, failures practically
/// never: MTBF 100 000 days).
///
/// VPC `a` (cn-hangzhou) holds ECS `src`, `src2`, `src3`, `src4`; VPC `b` (cn-shanghai)
/// holds ECS `dst`. `link` adds keys to the `[[link]]` table (e.g. `loss = "0.2%"`),
/// `connection` to the `[[connection]]` table (its `spec` or `bandwidth` at least), and
/// `flows` is appended verbatim (`[[flow]]` tables). The spec `Fast.1` (1 Tbps) is defined
/// for tests that want a cap far above the link rate.
pub fn express(duration: &str, warmup: &str, link: &str, connection: &str, flows: &str) -> String {
    format!(
        r#"
[simulation]
seed = 1
duration = "{duration}"
warmup = "{warmup}"
replications = 1

[specs]
"Fast.1" = "1Tbps"

[backbone]
topology = "explicit"
bandwidth = "10Gbps"
buffer = "1000MB"
loss = "0%"
jitter = "0ms"
mtbf = "100000d"

[[region]]
name = "cn-hangzhou"

[[region]]
name = "cn-shanghai"

[[link]]
between = ["cn-hangzhou", "cn-shanghai"]
delay = "1ms"
{link}

[[vpc]]
name = "a"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [
  {{ name = "src", kind = "ecs", ip = "10.0.0.10" }},
  {{ name = "src2", kind = "ecs", ip = "10.0.0.11" }},
  {{ name = "src3", kind = "ecs", ip = "10.0.0.12" }},
  {{ name = "src4", kind = "ecs", ip = "10.0.0.13" }},
]

[[vpc]]
name = "b"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [{{ name = "dst", kind = "ecs", ip = "10.1.0.10" }}]

[[connection]]
name = "ec"
type = "express-connect"
between = ["a", "b"]
{connection}

{flows}
"#
    )
}

/// Two VPCs in two regions joined by a Middle.1 (100 Mbps) Express Connect connection `ab`,
/// with an ECS in each (`a-ecs`, `b-ecs`), a 300 ms run with 50 ms of warmup, and a backbone
/// that practically never fails: the smallest design a command can be tried on.
pub fn two_vpcs(replications: u32) -> String {
    format!(
        r#"
[simulation]
duration = "300ms"
warmup = "50ms"
replications = {replications}
[backbone]
mtbf = "100000d"
[[vpc]]
name = "a"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{{ name = "a-ecs", ip = "10.0.0.10" }}]
[[vpc]]
name = "b"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [{{ name = "b-ecs", ip = "10.1.0.10" }}]
[[connection]]
name = "ab"
type = "express-connect"
between = ["a", "b"]
spec = "Middle.1"
"#
    )
}
