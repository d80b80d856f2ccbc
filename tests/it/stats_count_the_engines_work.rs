//! summary.json `stats` counts the engine's work: events, packet hops (servers crossed by
//! packets) and their ratio, deterministic and the same whether a run is whole or sharded.

use std::process::Command;

fn vpcsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .expect("run vpcsim")
}

fn summary(dir: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn stats_give_events_per_packet_hop_and_survive_a_merge() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    let args = ["run", "scenarios/quickstart.toml", "--replications", "2"];
    let o = vpcsim(&[&args[..], &["--out", whole.to_str().unwrap()]].concat());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let s = summary(&whole);
    let stats = &s["stats"];
    let events = stats["events"].as_u64().unwrap();
    let hops = stats["packet_hops"].as_u64().unwrap();
    let delivered: u64 = s["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["delivered_packets"].as_u64().unwrap())
        .sum();
    // Every delivered packet crossed at least one server (its connection's cap, at least).
    assert!(
        hops >= delivered,
        "{hops} hops for {delivered} delivered packets"
    );
    assert_eq!(
        stats["events_per_packet_hop"].as_f64().unwrap(),
        events as f64 / hops as f64
    );
    let mut shards = Vec::new();
    for k in 1..=2 {
        let d = tmp.path().join(format!("s{k}"));
        let shard = format!("{k}/2");
        let o = vpcsim(
            &[
                &args[..],
                &["--shard", &shard, "--out", d.to_str().unwrap()],
            ]
            .concat(),
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        shards.push(d);
    }
    let merged = tmp.path().join("merged");
    let o = vpcsim(&[
        "merge",
        shards[0].to_str().unwrap(),
        shards[1].to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(summary(&merged)["stats"], *stats);
}
