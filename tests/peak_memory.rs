//! Peak resident memory of one replication, for the report (statistics are streaming, so it
//! should not grow with simulated time). Not a pass/fail check: run it by hand, once per
//! duration, each in its own process so that the high-water mark is its own:
//!
//! ```text
//! VPCSIM_RSS_SECONDS=10  cargo test --release --test peak_memory -- --ignored --nocapture
//! VPCSIM_RSS_SECONDS=100 cargo test --release --test peak_memory -- --ignored --nocapture
//! ```

mod common;

use common::{network, single_link};

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
#[ignore = "measurement, run by hand"]
fn peak_rss_of_one_md1_replication() {
    let seconds: u64 = std::env::var("VPCSIM_RSS_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let text = single_link(
        &format!("{seconds}s"),
        "100ms",
        r#""0%""#,
        "traffic = \"poisson\"\nrate = \"800Mbps\"\npacket_size = \"1000B\"",
    );
    let (net, plan) = network(&text);
    let before = status_kb("VmHWM:");
    let start = std::time::Instant::now();
    let m = vpcsim::net::simulate(&net, &plan, 1, 0);
    let wall = start.elapsed().as_secs_f64();
    let after = status_kb("VmHWM:");
    let f = &m.flows[0];
    println!(
        "{seconds} s simulated: {} packets, {} events in {wall:.2} s; VmHWM before the run \
         {before} kB, after {after} kB; VmRSS now {} kB; {} time-series samples",
        f.offered_packets(),
        m.events,
        status_kb("VmRSS:"),
        m.timeseries.len()
    );
}
