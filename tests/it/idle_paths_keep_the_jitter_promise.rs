//! The default delay variation keeps Express Connect's jitter promise (≤ 20%, seed 001) on an
//! idle path of any length: each element's σ is 1% of its own delay, so the p99 of a whole
//! path's waits is at most 4.52% of its delay (docs/scenario.md, "Delay variation").

use crate::common;

use vpcsim::metrics::JitterDefinition;

/// An IDC 30 km from cn-shanghai over one leased line, and VPCs in cn-shanghai, cn-hangzhou
/// (about 170 km) and eu-central-1 (Frankfurt, about 8 800 km), all on the defaults; light
/// Poisson flows of 200 B packets over each path.
const ESTATE: &str = r#"
[simulation]
seed = 5
duration = "12s"
warmup = "100ms"
replications = 1

[[vpc]]
name = "sh"
region = "cn-shanghai"
cidr = ["10.0.0.0/16"]
resources = [{ name = "sh-app", kind = "ecs", ip = "10.0.0.10" }]

[[vpc]]
name = "hz"
region = "cn-hangzhou"
cidr = ["10.1.0.0/16"]
resources = [{ name = "hz-app", kind = "ecs", ip = "10.1.0.10" }]

[[vpc]]
name = "fra"
region = "eu-central-1"
cidr = ["10.2.0.0/16"]
resources = [{ name = "fra-app", kind = "ecs", ip = "10.2.0.10" }]

[[idc]]
name = "plant"
cidr = ["192.168.0.0/16"]
hosts = [{ name = "mes", ip = "192.168.1.10" }]

[[physical_connection]]
name = "line"
idc = "plant"
access_point = "cn-shanghai"
bandwidth = "1Gbps"
distance = "30km"
vbr = "vbr-plant"

[[connection]]
name = "plant-sh"
type = "express-connect"
between = ["vbr-plant", "sh"]
spec = "Large.1"

[[connection]]
name = "sh-hz"
type = "express-connect"
between = ["sh", "hz"]
spec = "Large.1"

[[connection]]
name = "sh-fra"
type = "express-connect"
between = ["sh", "fra"]
spec = "Large.1"

[[flow]]
name = "idc-30km"
from = "mes"
to = "sh-app"
rate = "2Mbps"
packet_size = "200B"

[[flow]]
name = "regional-170km"
from = "sh-app"
to = "hz-app"
rate = "2Mbps"
packet_size = "200B"

[[flow]]
name = "intercontinental"
from = "sh-app"
to = "fra-app"
rate = "2Mbps"
packet_size = "200B"
"#;

#[test]
fn an_idle_path_of_any_length_stays_well_inside_twenty_percent_jitter() {
    let (net, plan) = common::network(ESTATE);
    let m = vpcsim::net::simulate(&net, &plan, 5, 0);
    for (i, f) in m.flows.iter().enumerate() {
        let name = &net.flows[i].name;
        assert!(f.delivered_packets() > 12_000, "{name}: too few packets");
        let pdv = f.jitter(JitterDefinition::Pdv).expect("measured");
        // 4.52% bounds the waits of the path's elements; a sampled p99 may sit slightly
        // above the law's, hence 5%. The promise is 20%.
        assert!(pdv <= 0.05, "{name}: PDV {:.2}%", pdv * 100.0);
    }
}

/// A σ the user writes is kept as written: 20 µs on the 30 km line is most of the promise.
#[test]
fn a_written_standard_deviation_still_applies_as_written() {
    let text = ESTATE.replace(
        "vbr = \"vbr-plant\"",
        "vbr = \"vbr-plant\"\njitter = \"20us\"",
    );
    let (net, plan) = common::network(&text);
    let m = vpcsim::net::simulate(&net, &plan, 5, 0);
    let pdv = m.flows[0].jitter(JitterDefinition::Pdv).expect("measured");
    // One element of σ = 20 µs: p99 wait ≈ 4.517 σ = 90 µs over a path of about 0.8 ms.
    assert!(pdv > 0.08, "PDV {:.2}%", pdv * 100.0);
}

/// `jitter` takes a share of the element's delay or a standard deviation, in the scenario and
/// in a sweep; one sweep's values share one unit.
#[test]
fn a_jitter_sweep_takes_shares_or_durations_in_one_unit() {
    let sweep = |values: &str| {
        format!(
            "{ESTATE}\n[sweep]\nparameter = \"physical_connection.line.jitter\"\nvalues = {values}\n"
        )
    };
    let d = vpcsim::study::Design::from_text("s.toml", &sweep(r#"["1%", "5%"]"#))
        .unwrap_or_else(|e| panic!("{}", e.diagnostics().unwrap().render()));
    let sd: Vec<u64> = d
        .points
        .iter()
        .map(|p| {
            let line = &p.network.physical_connections[0];
            line.params.jitter.as_nanos()
        })
        .collect();
    // 30 km of fibre at 5 µs/km is 150 µs: 1% is 1.5 µs, 5% is 7.5 µs.
    assert_eq!(sd, [1_500, 7_500]);

    let e = vpcsim::study::Design::from_text("s.toml", &sweep(r#"["1%", "20us"]"#))
        .err()
        .expect("mixed units are refused");
    let text = e.diagnostics().unwrap().render();
    assert!(
        text.contains("\"20us\" is not in the unit of the first value"),
        "{text}"
    );
}
