//! No verdict on nothing: a flow that cannot send in the measurement window is an error at
//! validate, at the key that causes it; a flow that happens to offer no packet in the window
//! is judged "not measured", the design verdict says so and the exit code is 3, never 0.

use crate::common::cli::vpcsim;
use serde_json::Value;

/// A 2 Mbps connection and one flow with the given extra keys.
fn design(flow_keys: &str) -> String {
    format!(
        r#"[simulation]
duration = "1s"
warmup = "100ms"
replications = 2

[[vpc]]
name = "hz"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{{ name = "hz-app", kind = "ecs", ip = "10.0.1.10" }}]

[[vpc]]
name = "sh"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [{{ name = "sh-app", kind = "ecs", ip = "10.1.1.10" }}]

[[connection]]
name = "hz-sh"
type = "express-connect"
between = ["hz", "sh"]
spec = "Mini.2"

[[flow]]
name = "sync"
from = "hz-app"
to = "sh-app"
{flow_keys}
"#
    )
}

fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("design.toml");
    std::fs::write(&p, text).unwrap();
    (d, p)
}

#[test]
fn a_flow_that_stops_before_the_warmup_ends_is_refused_where_it_stops() {
    let (_d, p) = write(&design("rate = \"1Mbps\"\nstop = \"80ms\""));
    vpcsim(["validate".as_ref(), p.as_os_str()])
        .expect_code(2)
        .expect_stderr(&[
            "flow[0].stop",
            "design.toml:29:8",
            "nothing it sends is measured",
        ]);
}

#[test]
fn a_flow_that_starts_after_the_run_is_refused_where_it_starts() {
    let (_d, p) = write(&design("rate = \"1Mbps\"\nstart = \"2s\""));
    vpcsim(["validate".as_ref(), p.as_os_str()])
        .expect_code(2)
        .expect_stderr(&[
            "flow[0].start",
            "design.toml:29:9",
            "when the run has ended",
        ]);
}

#[test]
fn a_flow_that_offers_nothing_in_the_window_is_not_measured_and_never_passes() {
    let (d, p) = write(&design("rate = \"1bps\""));
    vpcsim(["validate".as_ref(), p.as_os_str()])
        .expect_code(0)
        .expect_stderr(&["flow[0].rate", "not measured"]);
    let out = d.path().join("out");
    let o = vpcsim([
        "run".as_ref(),
        p.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    o.expect_code(3);
    assert!(o.stdout.contains("NOT MEASURED"), "{}", o.stdout);
    let s: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(s["verdict"], "not_measured");
    assert_eq!(s["flows"][0]["verdict"], "not_measured");
    assert_eq!(s["flows"][0]["offered_packets"], 0);
}

#[test]
fn a_failing_target_outweighs_a_flow_not_measured() {
    let text = design("rate = \"1bps\"").replace(
        "[[flow]]",
        "[[flow]]\nname = \"bulk\"\nfrom = \"hz-app\"\nto = \"sh-app\"\nrate = \"4Mbps\"\n\n[[flow]]",
    );
    let (d, p) = write(&text);
    let out = d.path().join("out");
    vpcsim([
        "run".as_ref(),
        p.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
    .expect_code(1);
}
