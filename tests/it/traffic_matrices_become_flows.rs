//! `[[traffic_matrix]]`: every row of the CSV becomes the flow it describes, exactly as if
//! written as `[[flow]]`; `scale` multiplies every rate; the sweep parameter
//! `traffic_matrix.NAME.scale` scales them per value; problems name the CSV file, the row's
//! line and the cell's column with the key; a changed CSV is a different scenario (its hash).
//!
//! The network: VPCs `hz` (cn-hangzhou) and `sh` (cn-shanghai), two ECS and two RDS, joined
//! by Express Connect. The CSV rates are CBR, so offered packets are exact: R × window / (8 ×
//! 1000 B).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use vpcsim::study::design::load_network;

const SCENARIO: &str = r#"[simulation]
seed = 5
duration = "100ms"
warmup = "0s"
replications = 2

[[region]]
name = "cn-hangzhou"

[[region]]
name = "cn-shanghai"

[[vpc]]
name = "hz"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [
  { name = "hz-app", kind = "ecs", ip = "10.0.0.10" },
  { name = "hz-db", kind = "rds", ip = "10.0.0.20" },
]

[[vpc]]
name = "sh"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [
  { name = "sh-app", kind = "ecs", ip = "10.1.0.10" },
  { name = "sh-db", kind = "rds", ip = "10.1.0.20" },
]

[[connection]]
name = "hz-sh"
type = "express-connect"
between = ["hz", "sh"]
spec = "Large.1"

[[flow]]
name = "written"
from = "hz-app"
to = "sh-app"
traffic = "cbr"
rate = "8Mbps"

[[traffic_matrix]]
file = "demand.csv"
"#;

/// Three rows: a default name, a given one, a third with a default packet size.
const DEMAND: &str = "# offered load between the two sites, busy hour
from,to,rate,traffic,packet_size,name
hz-app,sh-db,80Mbps,cbr,1000B,
sh-app,hz-db, 40Mbps ,cbr,,replication
hz-app,sh-app,16Mbps,cbr,1000B,
";

/// A folder holding the scenario (with `extra` appended) and demand.csv.
fn folder(extra: &str, demand: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("site.toml");
    std::fs::write(&file, format!("{SCENARIO}{extra}")).unwrap();
    std::fs::write(tmp.path().join("demand.csv"), demand).unwrap();
    (tmp, file)
}

fn vpcsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .expect("run vpcsim")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Per flow in flows.csv: (name, offered) of replication 0.
fn offered(dir: &Path) -> Vec<(String, u64)> {
    let mut r = csv::Reader::from_path(dir.join("flows.csv")).unwrap();
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let (rep, flow, off) = (col("replication"), col("flow"), col("offered"));
    r.records()
        .map(Result::unwrap)
        .filter(|rec| &rec[rep] == "0")
        .map(|rec| (rec[flow].to_string(), rec[off].parse().unwrap()))
        .collect()
}

#[test]
fn three_rows_become_three_flows_with_those_names() {
    let (tmp, file) = folder("", DEMAND);
    let out = tmp.path().join("out");
    let o = vpcsim(&[
        "run",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let names: Vec<&str> = summary["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["written", "hz-app>sh-db", "replication", "hz-app>sh-app"]
    );
    // 100 ms of CBR in 1000 B packets: 8 Mbps is 100 packets.
    assert_eq!(
        offered(&out),
        [
            ("written".to_string(), 100),
            ("hz-app>sh-db".to_string(), 1000),
            ("replication".to_string(), 500),
            ("hz-app>sh-app".to_string(), 200),
        ]
    );
}

#[test]
fn a_row_is_exactly_the_flow_it_describes() {
    let (_tmp, file) = folder("", DEMAND);
    let loaded = load_network(&file).unwrap_or_else(|d| panic!("{}", d.render()));
    let written = &loaded.network.flows[0];
    let row = &loaded.network.flows[3];
    assert_eq!(
        (row.name.as_str(), written.name.as_str()),
        ("hz-app>sh-app", "written")
    );
    assert_eq!((row.from.ip, row.to.ip), (written.from.ip, written.to.ip));
    assert_eq!(
        (row.traffic, row.packet_size.clone()),
        (written.traffic, written.packet_size.clone())
    );
    assert_eq!(
        (row.on, row.off, row.start, row.stop),
        (written.on, written.off, written.start, written.stop)
    );
    assert_eq!(row.rate.as_bps(), 2 * written.rate.as_bps());
}

#[test]
fn scale_multiplies_every_rate() {
    let (_tmp, file) = folder("", DEMAND);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "file = \"demand.csv\"",
            "file = \"demand.csv\"\nscale = 1.5",
        ),
    )
    .unwrap();
    let loaded = load_network(&file).unwrap_or_else(|d| panic!("{}", d.render()));
    let rates: Vec<u64> = loaded
        .network
        .flows
        .iter()
        .map(|f| f.rate.as_bps())
        .collect();
    // The written flow keeps its rate; the rows are 1.5 × 80, 40 and 16 Mbps.
    assert_eq!(rates, [8_000_000, 120_000_000, 60_000_000, 24_000_000]);
}

#[test]
fn the_sweep_parameter_scales_the_matrix_per_value() {
    let sweep = "\n[sweep]\nparameter = \"traffic_matrix.demand.scale\"\nvalues = [1, 2.5]\n";
    let (_tmp, file) = folder(sweep, DEMAND);
    let loaded = load_network(&file).unwrap_or_else(|d| panic!("{}", d.render()));
    let rates: Vec<Vec<u64>> = loaded
        .points
        .iter()
        .map(|p| p.network.flows.iter().map(|f| f.rate.as_bps()).collect())
        .collect();
    assert_eq!(
        rates,
        [
            vec![8_000_000, 80_000_000, 40_000_000, 16_000_000],
            vec![8_000_000, 200_000_000, 100_000_000, 40_000_000],
        ]
    );
    assert_eq!(loaded.points[1].value.numeric(), 2.5);

    // A misspelt matrix and a scale of 0 are reported where they are written.
    let bad = "\n[sweep]\nparameter = \"traffic_matrix.demnad.scale\"\nvalues = [1]\n";
    let (_t, file) = folder(bad, DEMAND);
    let o = vpcsim(&["validate", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown traffic matrix \"demnad\""),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("did you mean \"demand\""),
        "{}",
        stderr(&o)
    );
    let zero = "\n[sweep]\nparameter = \"traffic_matrix.demand.scale\"\nvalues = [0]\n";
    let (_t, file) = folder(zero, DEMAND);
    let o = vpcsim(&["validate", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("\"0\" is not a scale in (0, 1000]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_row_names_its_csv_line_column_and_key() {
    let demand = "from,to,rate,traffic\n\
                  hz-app,sh-db,80Mbps,cbr\n\
                  sh-app,hz-db,40Mbit,cbr\n\
                  hz-app,sh-app,16Mbps,cbrr\n";
    let (_tmp, file) = folder("", demand);
    let o = vpcsim(&["validate", file.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("demand.csv:3:14"), "{err}");
    assert!(err.contains("unknown bandwidth unit `Mbit`"), "{err}");
    assert!(err.contains("key: traffic_matrix[0].rate"), "{err}");
    assert!(err.contains("demand.csv:4:22"), "{err}");
    assert!(err.contains("did you mean \"cbr\"?"), "{err}");
    assert!(err.contains("key: traffic_matrix[0].traffic"), "{err}");
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn rows_are_checked_like_flows() {
    // An unknown endpoint (with a suggestion) at its row; then a row named like a [[flow]].
    let demand = "from,to,rate\nhz-ap,sh-db,80Mbps\nhz-app,sh-app,8Mbps\n";
    let (_tmp, file) = folder("", demand);
    let o = vpcsim(&["validate", file.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("demand.csv:2:1"), "{err}");
    assert!(err.contains("unknown endpoint \"hz-ap\""), "{err}");
    assert!(err.contains("did you mean \"hz-app\"?"), "{err}");
    assert!(err.contains("key: traffic_matrix[0].from"), "{err}");

    let twice = "from,to,rate,name\nhz-app,sh-db,80Mbps,written\n";
    let (_tmp, file) = folder("", twice);
    let o = vpcsim(&["validate", file.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("demand.csv:2:21"), "{err}");
    assert!(err.contains("flow \"written\" is defined twice"), "{err}");
}

#[test]
fn header_problems_name_the_column() {
    let (_tmp, file) = folder("", "from,too,rate,trafic\nhz-app,sh-db,80Mbps,cbr\n");
    let o = vpcsim(&["validate", file.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("demand.csv:1:6") && err.contains("unknown column `too`"),
        "{err}"
    );
    assert!(err.contains("did you mean `to`?"), "{err}");
    assert!(
        err.contains("demand.csv:1:15") && err.contains("unknown column `trafic`"),
        "{err}"
    );
    assert!(err.contains("did you mean `traffic`?"), "{err}");
    assert!(err.contains("the header has no column `to`"), "{err}");
    assert!(err.contains("key: traffic_matrix[0].to"), "{err}");
}

#[test]
fn a_missing_file_says_no_such_file_with_its_path() {
    let (tmp, file) = folder("", DEMAND);
    std::fs::remove_file(tmp.path().join("demand.csv")).unwrap();
    let o = vpcsim(&["validate", file.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let path = tmp.path().join("demand.csv");
    assert!(
        err.contains(&format!("no such file: {}", path.display())),
        "{err}"
    );
    assert!(err.contains("site.toml:45:8"), "{err}");
    assert!(err.contains("key: traffic_matrix[0].file"), "{err}");
}

#[test]
fn a_changed_matrix_is_a_different_scenario() {
    let (tmp, file) = folder("", DEMAND);
    let first = load_network(&file).unwrap().hash;
    assert_eq!(
        load_network(&file).unwrap().hash,
        first,
        "the hash is a function of content"
    );
    std::fs::write(
        tmp.path().join("demand.csv"),
        DEMAND.replace("16Mbps", "17Mbps"),
    )
    .unwrap();
    assert_ne!(
        load_network(&file).unwrap().hash,
        first,
        "a changed CSV changes the hash"
    );
    // A scenario that reads no file hashes as its text alone, as before.
    let plain = tmp.path().join("plain.toml");
    let text = SCENARIO.replace("[[traffic_matrix]]\nfile = \"demand.csv\"\n", "");
    std::fs::write(&plain, &text).unwrap();
    assert_eq!(
        load_network(&plain).unwrap().hash,
        vpcsim::report::manifest::sha256_hex(text.as_bytes())
    );
}
