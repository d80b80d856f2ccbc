//! The capacity sweep names the first spec whose rate exceeds the customer's offered load (a
//! spec caps the customer's bytes; the tunnel header is not counted against it), and the loss
//! of smaller specs is what a cap of that rate must drop.

use std::process::Command;

#[test]
fn smallest_spec_is_the_first_whose_rate_exceeds_the_customers_load() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args([
            "run",
            "scenarios/capacity_sweep.toml",
            "--replications",
            "4",
            "--out",
            tmp.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("summary.json")).unwrap()).unwrap();

    // Hand computation: 700 Mbps of 1000 B packets; the cap counts the customer's bytes, not
    // the 50 B tunnel header added after it: 700 Mbps against the spec.
    let wire_mbps = 700.0;
    let specs = [
        ("Middle.2", 200.0),
        ("Middle.5", 500.0),
        ("Large.1", 1000.0),
        ("Large.2", 2000.0),
        ("Large.5", 5000.0),
    ];
    let expected = specs.iter().find(|(_, mbps)| *mbps > wire_mbps).unwrap();
    assert_eq!(expected.0, "Large.1");
    assert_eq!(s["capacity"]["smallest"], expected.0, "{}", s["capacity"]);
    assert_eq!(s["capacity"]["bandwidth_mbps"], expected.1);
    assert_eq!(s["capacity"]["cost_per_day"], 36.0);

    // A cap below the load carries its rate and drops the rest: loss = 1 − cap / load.
    for (i, (name, mbps)) in specs.iter().enumerate().take(2) {
        let point = &s["sweep"]["points"][i];
        assert_eq!(point["value"], *name);
        assert_eq!(point["verdict"], "fail");
        let loss = point["flows"][0]["loss"]["mean"].as_f64().unwrap();
        let theory = 1.0 - mbps / wire_mbps;
        assert!(
            (loss - theory).abs() < 0.01,
            "{name}: loss {loss} vs 1 - {mbps}/{wire_mbps} = {theory}"
        );
    }
    let csv = std::fs::read_to_string(tmp.path().join("sweep.csv")).unwrap();
    assert!(csv.starts_with("value,x,unit,kind,name,metric,mean,ci95_lo,ci95_hi,target,compliance,wilson95_lo,wilson95_hi,met\n"));
    assert_eq!(
        csv.lines().count(),
        1 + 5 * 5,
        "5 values × (4 flow metrics + 1 connection metric)"
    );
}

#[test]
fn a_bad_sweep_parameter_is_reported_with_its_position() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/capacity_sweep.toml")
        .unwrap()
        .replace("connection.hz-bj.spec", "connection.hz-bx.spec");
    let f = tmp.path().join("s.toml");
    std::fs::write(&f, &text).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(["validate", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("unknown connection \"hz-bx\"") && err.contains("did you mean \"hz-bj\"?"),
        "{err}"
    );
    // The position of the parameter's value, found in the file rather than pinned.
    let (line, at) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("\"connection.hz-bx.spec\"").map(|c| (i + 1, c + 1)))
        .expect("the sweep parameter is in the file");
    assert!(err.contains(&format!("s.toml:{line}:{at}")), "{err}");
}
