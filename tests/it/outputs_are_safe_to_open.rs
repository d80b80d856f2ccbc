//! What vpcsim writes is safe to open: a name that would start a spreadsheet formula is
//! written as text (a leading `'`) in every CSV and read back unchanged by `merge`; a name with
//! a control or bidirectional formatting character is refused at validate, and the refusal
//! itself prints none of them raw.

use crate::common::cli::vpcsim;
use std::path::Path;

/// Two VPCs and one flow, with the flow and the connection named as given.
fn design(flow: &str, connection: &str) -> String {
    format!(
        r#"[simulation]
duration = "300ms"
warmup = "50ms"
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
name = "{connection}"
type = "express-connect"
between = ["hz", "sh"]
spec = "Large.1"

[[flow]]
name = "{flow}"
from = "hz-app"
to = "sh-app"
rate = "20Mbps"
"#
    )
}

fn cells(path: &Path, column: usize) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records()
        .map(|row| row.unwrap()[column].to_string())
        .collect()
}

#[test]
fn a_name_that_starts_a_formula_is_written_as_text_everywhere() {
    let d = tempfile::tempdir().unwrap();
    let s = d.path().join("formula.toml");
    std::fs::write(&s, design("=HYPERLINK(\\\"x\\\")", "-cmd")).unwrap();
    let out = d.path().join("out");
    vpcsim([
        "run".as_ref(),
        s.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
    .expect_code(0);
    for (file, column, want) in [
        ("flows.csv", 2, "'=HYPERLINK(\"x\")"),
        ("delay_hist.csv", 0, "'=HYPERLINK(\"x\")"),
        ("connections.csv", 2, "'-cmd"),
    ] {
        let got = cells(&out.join(file), column);
        assert!(!got.is_empty(), "{file}");
        assert!(got.iter().all(|c| c == want), "{file}: {got:?}");
    }
    // Merged shards read the names back as the scenario has them.
    let shards: Vec<String> = (1..=2)
        .map(|k| {
            let dir = d.path().join(format!("shard{k}"));
            let shard = format!("{k}/2");
            vpcsim([
                "run".as_ref(),
                s.as_os_str(),
                "--shard".as_ref(),
                shard.as_ref(),
                "--out".as_ref(),
                dir.as_os_str(),
            ])
            .expect_code(0);
            dir.display().to_string()
        })
        .collect();
    let merged = d.path().join("merged");
    vpcsim([
        "merge",
        &shards[0],
        &shards[1],
        "--out",
        merged.to_str().unwrap(),
    ])
    .expect_code(0);
    for f in ["flows.csv", "connections.csv", "summary.json"] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(merged.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn a_name_with_a_control_or_direction_character_is_refused_and_not_echoed() {
    for (name, escaped) in [
        ("x\\u001b[2K\\rverdict: PASS", "\\u{1b}"),
        ("abc\\u202efed", "\\u{202e}"),
        ("nul\\u0000", "\\u{0}"),
    ] {
        let d = tempfile::tempdir().unwrap();
        let s = d.path().join("names.toml");
        std::fs::write(&s, design(name, "hz-sh")).unwrap();
        let o = vpcsim(["validate".as_ref(), s.as_os_str()]);
        o.expect_code(2)
            .expect_stderr(&["unprintable character", escaped, "flow[0].name"]);
        for raw in ['\u{1b}', '\r', '\u{202e}', '\0'] {
            assert!(!o.stderr.contains(raw), "{:?}", o.stderr);
        }
    }
}
