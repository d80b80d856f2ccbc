//! Channel utilization is the transmitter's busy time inside the measurement window over the
//! window: the offered load below saturation, and at most 1 however overloaded the link is.

use crate::common;

use common::{assert_single_server, network, single_link};

fn utilization(rate: &str, buffer_note: &str) -> (f64, u64) {
    let text = single_link(
        "2s",
        "200ms",
        r#""0%""#,
        &format!("traffic = \"cbr\"\nrate = \"{rate}\"\npacket_size = \"1000B\""),
    );
    let (net, plan) = network(&text);
    assert_single_server(&plan);
    let m = vpcsim::net::simulate(&net, &plan, 1, 0);
    let u = m.channels[0].utilization(m.window);
    println!("{rate} into 1 Gbps ({buffer_note}): utilization {u:.4}");
    (u, m.channels[0].packets())
}

#[test]
fn below_saturation_utilization_is_the_offered_load() {
    // 800 Mbps CBR of 1000 B: one 8 µs transmission every 10 µs, 180 000 in the 1.8 s window.
    let (u, packets) = utilization("800Mbps", "never full");
    assert_eq!(packets, 180_000);
    assert!((u - 0.8).abs() < 1e-9, "utilization {u}");
}

#[test]
fn an_overloaded_link_is_busy_all_the_window_and_no_more() {
    // 1.5 Gbps into 1 Gbps with a 1000 MB buffer (8 s at line rate): the queue grows all run
    // long and nothing is dropped, so the transmitter is busy for the whole window — and can
    // be busy for no longer than the window.
    let (u, _) = utilization("1500Mbps", "1000 MB buffer, never full");
    assert!(u <= 1.0 + 1e-9, "utilization {u} > 1");
    assert!(u > 0.999, "utilization {u}");
}
