//! Every run writes what the design costs per day, item by item, with the billing rule of each
//! item's product: Express Connect by spec and free within a region (seed 001), Tencent
//! peering free within a region and billed on the bandwidth used across regions (seed 003),
//! the internet per GB sent, a leased line by its port. Merging shards prices what all shards
//! measured, as one run would.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn vpcsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `text` and returns (exit code, stdout, summary.json).
fn run(dir: &Path, text: &str, extra: &[&str]) -> (Option<i32>, String, Option<Value>) {
    let file = dir.join("s.toml");
    std::fs::write(&file, text).unwrap();
    let out = dir.join("out");
    let mut args = vec![
        "run",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = vpcsim(&args);
    let summary = std::fs::read(out.join("summary.json"))
        .ok()
        .map(|b| serde_json::from_slice(&b).unwrap());
    (
        o.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        summary,
    )
}

const SIM: &str = r#"
[simulation]
duration = "300ms"
warmup = "100ms"
replications = 3
[backbone]
mtbf = "100000d"
"#;

fn vpc(name: &str, region: &str, cidr: &str, ip: &str) -> String {
    format!(
        "[[vpc]]\nname = \"{name}\"\nregion = \"{region}\"\ncidr = [\"{cidr}\"]\n\
         resources = [{{ name = \"{name}-vm\", ip = \"{ip}\" }}]\n"
    )
}

fn connection(name: &str, kind: &str, a: &str, b: &str, extra: &str) -> String {
    format!(
        "[[connection]]\nname = \"{name}\"\ntype = \"{kind}\"\nbetween = [\"{a}\", \"{b}\"]\n{extra}\n"
    )
}

fn cbr(from: &str, to: &str, rate: &str) -> String {
    format!(
        "[[flow]]\nname = \"{from}-{to}\"\nfrom = \"{from}-vm\"\nto = \"{to}-vm\"\ntraffic = \"cbr\"\n\
         rate = \"{rate}\"\npacket_size = \"1000B\"\n"
    )
}

fn item<'a>(summary: &'a Value, name: &str) -> &'a Value {
    summary["cost"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == name)
        .unwrap_or_else(|| panic!("no cost item {name}: {}", summary["cost"]))
}

#[test]
fn same_region_express_connect_costs_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{SIM}{}{}{}{}[cost]\nspec_per_day = {{ \"Large.1\" = 36.0 }}\n",
        vpc("a", "cn-hangzhou", "10.0.0.0/16", "10.0.0.10"),
        vpc("b", "cn-hangzhou", "10.1.0.0/16", "10.1.0.10"),
        connection("ab", "express-connect", "a", "b", "spec = \"Large.1\""),
        cbr("a", "b", "100Mbps"),
    );
    let (code, out, s) = run(tmp.path(), &text, &[]);
    let s = s.unwrap_or_else(|| panic!("{out}"));
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(s["cost"]["per_day"], 0.0);
    let ab = item(&s, "ab");
    assert_eq!(ab["per_day"], 0.0);
    assert!(ab["rule"].as_str().unwrap().contains("seed 001"), "{ab}");
    assert!(out.contains("cost: 0.00 USD per day"), "{out}");
}

#[test]
fn cross_region_express_connect_costs_its_spec_price() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{SIM}{}{}{}{}[cost]\nspec_per_day = {{ \"Large.1\" = 36.0, \"Large.2\" = 60.0 }}\n",
        vpc("a", "cn-hangzhou", "10.0.0.0/16", "10.0.0.10"),
        vpc("b", "cn-beijing", "10.1.0.0/16", "10.1.0.10"),
        connection("ab", "express-connect", "a", "b", "spec = \"Large.1\""),
        cbr("a", "b", "100Mbps"),
    );
    let (_, out, s) = run(tmp.path(), &text, &[]);
    let s = s.unwrap_or_else(|| panic!("{out}"));
    assert_eq!(s["cost"]["per_day"], 36.0);
    assert_eq!(item(&s, "ab")["source"], "[cost] spec_per_day");
    assert!(out.contains("cost: 36.00 USD per day (ab 36.00)"), "{out}");

    // An upgrade during the window bills the day at the larger spec.
    let upgraded = format!(
        "{text}[[event]]\nat = \"150ms\"\nspec = {{ connection = \"ab\", to = \"Large.2\" }}\n"
    );
    let (_, out, s) = run(tmp.path(), &upgraded, &[]);
    let s = s.unwrap_or_else(|| panic!("{out}"));
    assert_eq!(s["cost"]["per_day"], 60.0, "{}", s["cost"]);
}

#[test]
fn an_unpublished_price_is_unknown_not_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{SIM}{}{}{}{}",
        vpc("a", "cn-hangzhou", "10.0.0.0/16", "10.0.0.10"),
        vpc("b", "cn-beijing", "10.1.0.0/16", "10.1.0.10"),
        connection("ab", "express-connect", "a", "b", "spec = \"Large.1\""),
        cbr("a", "b", "100Mbps"),
    );
    let (_, out, s) = run(tmp.path(), &text, &[]);
    let s = s.unwrap_or_else(|| panic!("{out}"));
    assert!(s["cost"]["per_day"].is_null(), "{}", s["cost"]);
    assert!(item(&s, "ab")["per_day"].is_null());
    assert!(
        out.contains("cost: unknown: no price for ab") && out.contains("spec_per_day"),
        "{out}"
    );
}

/// Peering across regions pays for the busier direction's measured rate at its tier's price
/// (Tencent's daily-peak billing); within a region it is free.
#[test]
fn cross_region_peering_pays_for_the_bandwidth_used() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{SIM}{}{}{}{}{}{}{}",
        vpc("gz", "ap-guangzhou", "10.0.0.0/16", "10.0.0.10"),
        vpc("gz2", "ap-guangzhou", "10.2.0.0/16", "10.2.0.10"),
        vpc("sh", "ap-shanghai", "10.1.0.0/16", "10.1.0.10"),
        connection("gz-sh", "peering", "gz", "sh", "bandwidth = \"1Gbps\""),
        connection("gz-gz2", "peering", "gz", "gz2", ""),
        cbr("gz", "sh", "64Mbps"),
        cbr("gz", "gz2", "64Mbps"),
    );
    let (_, out, s) = run(tmp.path(), &text, &[]);
    let s = s.unwrap_or_else(|| panic!("{out}"));
    assert_eq!(item(&s, "gz-gz2")["per_day"], 0.0);
    let gz_sh = item(&s, "gz-sh");
    // What the connection carried in its busier direction, from the same run's connections.csv.
    let rows = std::fs::read_to_string(tmp.path().join("out/connections.csv")).unwrap();
    let mut busier = [0.0f64; 3];
    for line in rows.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[2] == "gz-sh" {
            let r: usize = f[0].parse().unwrap();
            busier[r] = busier[r].max(f[6].parse::<f64>().unwrap());
        }
    }
    let mbps = busier.iter().sum::<f64>() / 3.0 * 8.0 / 0.2 / 1e6;
    // 64 Mbps of 1000 B packets plus the tunnel header: the (20, 100] tier, 1.98 USD/Mbps/day
    // between two mainland regions.
    assert!((60.0..100.0).contains(&mbps), "{mbps}");
    let expected = mbps * 1.98;
    let got = gz_sh["per_day"].as_f64().unwrap();
    assert!(
        (got - expected).abs() < 1e-9 * expected,
        "{got} vs {expected}"
    );
    assert!(
        gz_sh["basis"].as_str().unwrap().contains("tier (20, 100]"),
        "{gz_sh}"
    );
    assert!(gz_sh["rule"].as_str().unwrap().contains("seed 003"));
}

#[test]
fn the_internet_is_billed_per_gb_sent() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{SIM}{}{}{}{}[cost]\ninternet_per_gb = 0.5\n",
        vpc("a", "cn-hangzhou", "10.0.0.0/16", "10.0.0.10"),
        vpc("b", "cn-beijing", "10.1.0.0/16", "10.1.0.10"),
        connection("ab", "internet", "a", "b", ""),
        cbr("a", "b", "80Mbps"),
    );
    let (_, out, s) = run(tmp.path(), &text, &[]);
    let s = s.unwrap_or_else(|| panic!("{out}"));
    let ab = item(&s, "ab");
    let bytes = s["connections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "ab")
        .unwrap()["bytes"]["mean"]
        .as_f64()
        .unwrap();
    // Only a>b carries traffic; GB per day = bytes per 0.2 s window x 86400 / 0.2 / 1e9.
    let expected = bytes * 86_400.0 / 0.2 / 1e9 * 0.5;
    let got = ab["per_day"].as_f64().unwrap();
    assert!(
        (got - expected).abs() < 1e-9 * expected,
        "{got} vs {expected}"
    );
}

#[test]
fn a_leased_line_pays_the_port_fee_of_its_speed() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        r#"{SIM}{}
[[idc]]
name = "dc"
cidr = ["192.168.0.0/16"]
hosts = [{{ name = "dc-vm", ip = "192.168.0.10" }}]
[[physical_connection]]
name = "line"
idc = "dc"
access_point = "cn-hangzhou"
vbr = "vbr-hz"
bandwidth = "1Gbps"
distance = "20km"
{}{}"#,
        vpc("a", "cn-hangzhou", "10.0.0.0/16", "10.0.0.10"),
        connection(
            "vbr-a",
            "express-connect",
            "vbr-hz",
            "a",
            "spec = \"Large.1\""
        ),
        "[[flow]]\nname = \"up\"\nfrom = \"dc-vm\"\nto = \"a-vm\"\nrate = \"10Mbps\"\n",
    );
    let (_, out, s) = run(tmp.path(), &text, &[]);
    let s = s.unwrap_or_else(|| panic!("{out}"));
    // The dedicated 1 Gbps port in the mainland: 85 USD per month, 12 months per 365 days.
    let line = item(&s, "line");
    assert!(
        (line["per_day"].as_f64().unwrap() - 85.0 * 12.0 / 365.0).abs() < 1e-12,
        "{line}"
    );
    // A VBR-to-VPC connection within the region is free.
    assert_eq!(item(&s, "vbr-a")["per_day"], 0.0);
}

#[test]
fn a_scenario_in_another_currency_uses_only_its_own_prices() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{SIM}{}{}{}{}[cost]\ncurrency = \"CNY\"\n",
        vpc("gz", "ap-guangzhou", "10.0.0.0/16", "10.0.0.10"),
        vpc("sh", "ap-shanghai", "10.1.0.0/16", "10.1.0.10"),
        connection("gz-sh", "peering", "gz", "sh", "bandwidth = \"1Gbps\""),
        cbr("gz", "sh", "10Mbps"),
    );
    let (_, out, s) = run(tmp.path(), &text, &[]);
    let s = s.unwrap_or_else(|| panic!("{out}"));
    assert_eq!(s["cost"]["currency"], "CNY");
    assert!(s["cost"]["per_day"].is_null(), "{}", s["cost"]);
}

#[test]
fn a_negative_price_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{SIM}{}{}{}[cost]\ninternet_per_gb = -1.0\nspec_per_day = {{ \"Large.1\" = -3.0 }}\n",
        vpc("a", "cn-hangzhou", "10.0.0.0/16", "10.0.0.10"),
        vpc("b", "cn-beijing", "10.1.0.0/16", "10.1.0.10"),
        connection("ab", "internet", "a", "b", ""),
    );
    let (code, out, s) = run(tmp.path(), &text, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(s.is_none());
    assert!(
        out.contains("cost.internet_per_gb") && out.contains("cost.spec_per_day.Large.1"),
        "{out}"
    );
    assert!(out.contains("price -1 is not an amount of money"), "{out}");
}

/// Shards carry the billed items; merge prices what all of them measured, exactly as the
/// unsharded run does.
#[test]
fn merged_shards_cost_what_one_run_costs() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{SIM}{}{}{}{}",
        vpc("gz", "ap-guangzhou", "10.0.0.0/16", "10.0.0.10"),
        vpc("sh", "ap-shanghai", "10.1.0.0/16", "10.1.0.10"),
        connection("gz-sh", "peering", "gz", "sh", "bandwidth = \"1Gbps\""),
        "[[flow]]\nname = \"p\"\nfrom = \"gz-vm\"\nto = \"sh-vm\"\nrate = \"30Mbps\"\n",
    );
    let file = tmp.path().join("s.toml");
    std::fs::write(&file, &text).unwrap();
    let f = file.to_str().unwrap();
    let dir = |n: &str| tmp.path().join(n).to_str().unwrap().to_string();
    assert_eq!(
        vpcsim(&["run", f, "--out", &dir("whole")]).status.code(),
        Some(0)
    );
    for k in ["1/2", "2/2"] {
        let d = dir(&format!("s{}", &k[..1]));
        assert_eq!(
            vpcsim(&["run", f, "--shard", k, "--out", &d]).status.code(),
            Some(0)
        );
    }
    let o = vpcsim(&["merge", &dir("s1"), &dir("s2"), "--out", &dir("merged")]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let read = |d: &str| -> Value {
        serde_json::from_slice(&std::fs::read(Path::new(d).join("summary.json")).unwrap()).unwrap()
    };
    let (whole, merged) = (read(&dir("whole")), read(&dir("merged")));
    assert!(whole["cost"]["per_day"].as_f64().unwrap() > 0.0);
    assert_eq!(whole["cost"], merged["cost"]);
}

#[test]
fn a_misspelt_priced_spec_is_refused_with_a_suggestion() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{SIM}{}{}{}[cost]\nspec_per_day = {{ \"Large.l\" = 36.0 }}\n",
        vpc("a", "cn-hangzhou", "10.0.0.0/16", "10.0.0.10"),
        vpc("b", "cn-beijing", "10.1.0.0/16", "10.1.0.10"),
        connection("ab", "express-connect", "a", "b", "spec = \"Large.1\""),
    );
    let (code, out, _) = run(tmp.path(), &text, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("unknown router interface spec \"Large.l\"")
            && out.contains("did you mean \"Large.1\"")
            && out.contains("s.toml:24:16"),
        "{out}"
    );
}
