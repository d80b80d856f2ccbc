//! Every packet a source offers inside the measurement window ends exactly once: delivered,
//! or lost for one cause. The run drains its event queue, so nothing is left in flight.

use crate::common;

use std::path::Path;
use vpcsim::metrics::DropCause;
use vpcsim::study::design::load_network;

#[test]
fn quickstart_offered_is_delivered_plus_lost_in_every_replication() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/quickstart.toml");
    let loaded = load_network(&path).unwrap_or_else(|d| panic!("{}", d.render()));
    let net = &loaded.network;
    let plan = vpcsim::topology::compile(net);
    let seed = net.simulation.seed;
    let reps = net.simulation.replications;
    assert!(reps >= 8);
    let runs = vpcsim::study::replicate(
        net,
        &plan,
        seed,
        reps,
        vpcsim::study::Shard::WHOLE,
        0,
        &|| {},
    );
    assert_eq!(runs.len(), reps as usize);
    for m in &runs {
        assert_eq!(m.flows.len(), net.flows.len());
        for (i, f) in m.flows.iter().enumerate() {
            let name = &net.flows[i].name;
            assert!(f.offered_packets() > 0, "{name} offers traffic");
            assert_eq!(
                f.offered_packets(),
                f.delivered_packets() + f.lost_total(),
                "replication {} flow {name}: {:?}",
                m.replication,
                f.lost_by_cause()
            );
            assert_eq!(f.unresolved(), 0);
            assert_eq!(f.delays().count(), f.delivered_packets());
            assert!(f.encapsulated_packets() <= f.encap_presented_packets());
        }
    }
    let totals: Vec<(u64, u64, u64)> = (0..net.flows.len())
        .map(|i| {
            runs.iter().fold((0, 0, 0), |(o, d, l), m| {
                let f = &m.flows[i];
                (
                    o + f.offered_packets(),
                    d + f.delivered_packets(),
                    l + f.lost_total(),
                )
            })
        })
        .collect();
    println!("quickstart (offered, delivered, lost) per flow over {reps} replications: {totals:?}");
}

#[test]
fn a_congested_failing_network_accounts_for_every_packet_by_cause() {
    // 600 Mbps offered into a 500 Mbps cap (2 ms buffer) in front of a 300 Mbps link with a
    // 20 KB buffer, random link loss and jitter, 1% encapsulation failures and a link that
    // fails every second on average for 50 ms: every cause but `blocked` occurs.
    let text = common::express(
        "3s",
        "200ms",
        "bandwidth = \"300Mbps\"\nbuffer = \"20KB\"\nloss = \"0.1%\"\njitter = \"50us\"\n\
         mtbf = \"1s\"\nmttr = \"50ms\"",
        "spec = \"Middle.5\"\nencap_failure = \"1%\"\nbuffer = \"2ms\"",
        "[[flow]]\nname = \"p\"\nfrom = \"src\"\nto = \"dst\"\ntraffic = \"poisson\"\n\
         rate = \"400Mbps\"\npacket_size = \"imix\"\n\
         [[flow]]\nname = \"o\"\nfrom = \"src2\"\nto = \"dst\"\ntraffic = \"on-off\"\n\
         rate = \"200Mbps\"\npacket_size = \"1000B\"\n",
    );
    let (net, plan) = common::network(&text);
    let mut by_cause = [0u64; DropCause::COUNT];
    for rep in 0..4 {
        let m = vpcsim::net::simulate(&net, &plan, 21, rep);
        for f in &m.flows {
            assert_eq!(f.offered_packets(), f.delivered_packets() + f.lost_total());
            assert_eq!(f.unresolved(), 0);
            assert_eq!(
                f.encap_presented_packets() - f.encapsulated_packets(),
                f.lost(DropCause::Encap)
            );
            for (total, n) in by_cause.iter_mut().zip(f.lost_by_cause()) {
                *total += n;
            }
        }
    }
    println!("losses by cause {:?}: {by_cause:?}", DropCause::ALL);
    for cause in [
        DropCause::Queue,
        DropCause::Cap,
        DropCause::Link,
        DropCause::Encap,
        DropCause::Down,
    ] {
        assert!(
            by_cause[cause.index()] > 0,
            "no {cause} loss: the test is vacuous"
        );
    }
    assert_eq!(by_cause[DropCause::Blocked.index()], 0);
}
