//! A run says up front when it would be too large, at the place in the scenario that makes it
//! so and with the option that raises the limit, and `validate` says the same of the file; a
//! long replication shows its progress while it runs.

use crate::common::cli::{vpcsim, vpcsim_with_env};

/// Two VPCs joined by Express Connect, with `extra` appended.
fn design(flow: &str, extra: &str) -> String {
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
spec = "Large.1"

[[flow]]
name = "burst"
from = "hz-app"
to = "sh-app"
{flow}
{extra}"#
    )
}

fn file(text: &str) -> (tempfile::TempDir, String) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("design.toml");
    std::fs::write(&p, text).unwrap();
    let p = p.display().to_string();
    (d, p)
}

#[test]
fn an_on_off_flow_is_budgeted_at_its_peak_rate() {
    // 10 Mbps on average, but while on it sends at 10 Mbps × (10 ms + 1000 d) / 10 ms.
    let (_d, p) = file(&design(
        "traffic = \"on-off\"\nrate = \"10Mbps\"\non = \"10ms\"\noff = \"1000d\"",
        "",
    ));
    for command in ["validate", "run"] {
        vpcsim([command, &p]).expect_code(2).expect_stderr(&[
            "at its peak rate",
            "design.toml:29:8",
            "--max-packets",
        ]);
    }
}

#[test]
fn a_failure_process_of_billions_of_events_is_refused() {
    let (_d, p) = file(&design(
        "rate = \"10Mbps\"",
        "[[link]]\nbetween = [\"cn-hangzhou\", \"cn-shanghai\"]\nmtbf = \"1ms\"\nmttr = \"1ms\"\n",
    ));
    for command in ["validate", "run"] {
        vpcsim([command, &p]).expect_code(2).expect_stderr(&[
            "failures and repairs",
            "link cn-hangzhou/cn-shanghai",
            "design.toml:31:8",
            "link[0].mtbf",
            "--max-failure-events",
        ]);
    }
}

#[test]
fn a_run_whose_tables_would_fill_a_disk_is_refused_before_writing() {
    let (d, p) = file(&design("rate = \"10Mbps\"", ""));
    let out = d.path().join("out");
    vpcsim([
        "run",
        &p,
        "--replications",
        "1000000",
        "--max-output",
        "1GB",
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(2)
    .expect_stderr(&["GB of tables", "--max-output"]);
    assert_eq!(
        std::fs::read_dir(d.path()).unwrap().count(),
        1,
        "nothing written"
    );
}

#[test]
fn a_long_replication_shows_progress_before_it_ends() {
    let (d, p) =
        file(&design("rate = \"200Mbps\"", "").replace("duration = \"1s\"", "duration = \"3s\""));
    let out = d.path().join("out");
    let o = vpcsim_with_env(
        &[
            "run",
            &p,
            "--replications",
            "1",
            "--out",
            out.to_str().unwrap(),
        ],
        &[("VPCSIM_HEARTBEAT", "0.000001")],
    );
    o.expect_code(0);
    assert!(
        o.stderr
            .lines()
            .any(|l| l.contains("0/1 replications") && l.contains("% simulated")),
        "{}",
        o.stderr
    );
}
