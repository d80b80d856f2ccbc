//! A bandwidth cap is a FIFO shaper at the spec's rate with a drop-tail buffer: offered
//! twice the spec, a connection delivers the spec's rate and loses the rest as `cap`.

use crate::common;

use common::{express, network};
use vpcsim::metrics::DropCause;

#[test]
fn twice_the_spec_delivers_the_spec_rate_and_the_rest_is_cap_loss() {
    // Middle.1 = 100 Mbps; 200 Mbps of CBR 1000 B packets (one every 40 µs); no tunnel
    // overhead so that the bytes the cap carries are the bytes offered. The backbone link
    // (10 Gbps) is far from busy: the cap is the only bottleneck.
    let text = express(
        "2s",
        "200ms",
        "bandwidth = \"10Gbps\"",
        "spec = \"Middle.1\"\nencap_overhead = \"0B\"",
        "[[flow]]\nname = \"f\"\nfrom = \"src\"\nto = \"dst\"\ntraffic = \"cbr\"\nrate = \"200Mbps\"\npacket_size = \"1000B\"",
    );
    let (net, plan) = network(&text);
    assert_eq!(plan.shapers.len(), 2, "one shaper per direction");
    assert_eq!(plan.shapers[0].rate.as_bps(), 100_000_000);
    let m = vpcsim::net::simulate(&net, &plan, 11, 0);
    let f = &m.flows[0];
    let window_s = m.window.as_secs_f64();
    assert_eq!(window_s, 1.8);

    // Offered: 200 Mbps × 1.8 s / 8000 bit = 45 000 packets.
    assert_eq!(f.offered_packets(), 45_000);
    let delivered_bps = f.delivered_bytes().as_bytes() as f64 * 8.0 / window_s;
    let cap_bytes = m.connection_bytes[0][0];
    println!(
        "cap: offered {} pkts, delivered {} pkts = {:.3} Mbps (spec 100 Mbps), lost cap {}, \
         bytes through the cap {}",
        f.offered_packets(),
        f.delivered_packets(),
        delivered_bps / 1e6,
        f.lost(DropCause::Cap),
        cap_bytes
    );
    assert!(
        (delivered_bps / 100e6 - 1.0).abs() < 0.01,
        "delivered {delivered_bps} bit/s"
    );
    // Everything not delivered is a cap loss, and nothing else is lost.
    assert_eq!(
        f.lost(DropCause::Cap),
        f.offered_packets() - f.delivered_packets()
    );
    assert_eq!(f.lost_total(), f.lost(DropCause::Cap));
    let cap_share = f.loss_by_cause(DropCause::Cap).unwrap();
    assert!(
        (cap_share - 0.5).abs() < 0.005,
        "cap loss share {cap_share}"
    );
    // The bytes through the cap (a→b) are the bytes delivered.
    assert_eq!(cap_bytes, f.delivered_bytes().as_bytes());
    assert_eq!(m.connection_bytes[0][1], 0);
}
