//! docs/scenario.md documents every key the loader accepts, in the key's own section, and
//! every sweep parameter, fault target, word and spec the model knows. The accepted keys come
//! from the loader itself (its readers are probed for the keys they ask for), so adding a key
//! without documenting it fails this test with no list to update by hand.

use vpcsim::model::catalogue::SPECS;
use vpcsim::model::fault_target_forms;
use vpcsim::model::sweep::parameter_forms;
use vpcsim::scenario::reference::{Section, parse};
use vpcsim::scenario::{
    BackboneTopology, Burst, ConnectionState, ConnectionType, JitterKind, LineMode, ResourceKind,
    RouteMode, Traffic, Word, accepted_keys, section_names,
};

fn reference() -> Vec<Section> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario.md");
    parse(&std::fs::read_to_string(path).expect("docs/scenario.md is readable"))
}

fn section<'r>(sections: &'r [Section], name: &str) -> &'r Section {
    sections
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("docs/scenario.md has no section for `{name}`"))
}

#[test]
fn every_section_the_loader_reads_has_a_heading() {
    let sections = reference();
    let missing: Vec<&str> = section_names()
        .iter()
        .copied()
        .filter(|n| !sections.iter().any(|s| s.name == *n))
        .collect();
    assert!(
        missing.is_empty(),
        "sections without a heading: {missing:?}"
    );
}

#[test]
fn every_accepted_key_has_an_entry_in_its_section() {
    let sections = reference();
    let mut missing = Vec::new();
    for table in accepted_keys() {
        let Some(s) = sections.iter().find(|s| s.name == table.section) else {
            missing.push(format!("[{}] (the whole section)", table.section));
            continue;
        };
        assert_eq!(
            s.list,
            table.list,
            "`{}` is headed {} but the loader reads it as {}",
            table.section,
            s.header(),
            if table.list { "a list" } else { "a table" }
        );
        for key in table.dotted_keys() {
            if s.entry(&key).is_none() {
                missing.push(format!("{} {key}", s.header()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys the loader accepts but docs/scenario.md does not list (add a table row whose first cell is the key in backticks):\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn every_documented_key_of_a_loaded_section_is_accepted() {
    let accepted: Vec<(String, String)> = accepted_keys()
        .iter()
        .flat_map(|t| {
            t.dotted_keys()
                .into_iter()
                .map(move |k| (t.section.to_string(), k))
        })
        .collect();
    let mut extra = Vec::new();
    for s in reference()
        .iter()
        .filter(|s| section_names().contains(&s.name.as_str()))
    {
        for e in &s.entries {
            if !accepted.contains(&(s.name.clone(), e.key.clone())) {
                extra.push(format!("{} {}", s.header(), e.key));
            }
        }
    }
    assert!(
        extra.is_empty(),
        "docs/scenario.md lists keys the loader refuses:\n  {}",
        extra.join("\n  ")
    );
}

#[test]
fn every_sweep_parameter_form_is_documented() {
    let sections = reference();
    let sweep = section(&sections, "sweep");
    let mut forms = parameter_forms();
    forms.push("traffic_matrix.NAME.scale".into());
    let missing: Vec<&String> = forms
        .iter()
        .filter(|f| !sweep.text.contains(&format!("`{f}`")))
        .collect();
    assert!(missing.is_empty(), "[sweep] does not list {missing:?}");
}

#[test]
fn every_fault_target_form_is_documented() {
    let sections = reference();
    let event = section(&sections, "event");
    let missing: Vec<String> = fault_target_forms()
        .into_iter()
        .filter(|f| !event.text.contains(&format!("`{f}`")))
        .collect();
    assert!(missing.is_empty(), "[[event]] does not list {missing:?}");
}

fn words<W: Word>() -> Vec<&'static str> {
    W::WORDS.iter().map(|(w, _)| *w).collect()
}

#[test]
fn every_word_of_a_word_key_is_documented_in_its_entry() {
    let sections = reference();
    let keys: [(&str, &str, Vec<&str>); 10] = [
        ("backbone", "topology", words::<BackboneTopology>()),
        ("connection", "type", words::<ConnectionType>()),
        ("connection", "state", words::<ConnectionState>()),
        ("event", "state.to", words::<ConnectionState>()),
        ("connection", "routes", words::<RouteMode>()),
        ("flow", "traffic", words::<Traffic>()),
        ("flow", "burst", words::<Burst>()),
        ("sla", "jitter", words::<JitterKind>()),
        ("vpc", "resources.kind", words::<ResourceKind>()),
        ("physical_connection", "mode", words::<LineMode>()),
    ];
    for (name, key, words) in keys {
        let s = section(&sections, name);
        let entry = s
            .entry(key)
            .unwrap_or_else(|| panic!("{} has no entry `{key}`", s.header()));
        let text: String = entry.cells.iter().map(|(_, c)| c.as_str()).collect();
        for w in words {
            assert!(
                text.contains(&format!("`{w}`")),
                "{} {key} does not name `{w}`",
                s.header()
            );
        }
    }
}

#[test]
fn every_catalogue_spec_is_in_the_spec_table() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario.md"))
        .expect("readable");
    for (name, _) in SPECS {
        assert!(
            text.contains(&format!("| {name} |")),
            "spec {name} is not in the table"
        );
    }
}

/// A network with one of everything a sweep or a fault can name.
const BASE: &str = r#"
[simulation]
duration = "1s"
warmup = "100ms"

[[vpc]]
name = "a"
region = "cn-hangzhou"
cidr = ["10.0.0.0/16"]
resources = [{ name = "a-ecs", kind = "ecs", ip = "10.0.0.10" }]

[[vpc]]
name = "b"
region = "cn-shanghai"
cidr = ["10.1.0.0/16"]
resources = [{ name = "b-ecs", kind = "ecs", ip = "10.1.0.10" }]

[[idc]]
name = "dc"
cidr = ["192.168.0.0/16"]

[[physical_connection]]
name = "line"
idc = "dc"
access_point = "cn-shanghai"
bandwidth = "1Gbps"
distance = "10km"

[[connection]]
name = "ab"
type = "express-connect"
between = ["a", "b"]
spec = "Large.1"

[[flow]]
name = "f"
from = "a-ecs"
to = "b-ecs"
rate = "100Mbps"
"#;

fn builds(extra: &str) -> Result<(), String> {
    let text = format!("{BASE}\n{extra}");
    let (scenario, _) = vpcsim::scenario::load_str("t.toml", "t", &text).map_err(|d| d.render())?;
    vpcsim::model::build(&scenario)
        .map(|_| ())
        .map_err(|d| d.render())
}

/// Like `builds`, with a traffic matrix named `NAME` read from a CSV beside the scenario.
fn builds_with_matrix(extra: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    std::fs::write(
        dir.path().join("NAME.csv"),
        "from,to,rate\na-ecs,b-ecs,10Mbps\n",
    )
    .map_err(|e| e.to_string())?;
    let file = dir.path().join("t.toml");
    let text = format!("{BASE}\n[[traffic_matrix]]\nfile = \"NAME.csv\"\n\n{extra}");
    std::fs::write(&file, text).map_err(|e| e.to_string())?;
    vpcsim::study::design::load_network(&file)
        .map(|_| ())
        .map_err(|d| d.render())
}

/// A value of the right kind for a sweep parameter.
fn sample_value(param: &str) -> &'static str {
    match param.rsplit('.').next() {
        Some("spec") => "\"Large.2\"",
        Some("rate" | "bandwidth") => "\"200Mbps\"",
        Some("loss") => "\"0.1%\"",
        Some("count") => "2",
        Some("scale") => "1.5",
        _ => "\"10ms\"",
    }
}

#[test]
fn every_documented_sweep_parameter_form_is_accepted() {
    for form in parameter_forms() {
        let path = form
            .replace("flow.NAME", "flow.f")
            .replace("connection.NAME", "connection.ab")
            .replace("physical_connection.ab", "physical_connection.line")
            .replace("A/B", "cn-hangzhou/cn-shanghai");
        let sweep = format!(
            "[sweep]\nparameter = \"{path}\"\nvalues = [{}]\n",
            sample_value(&path)
        );
        let built = if path.starts_with("traffic_matrix.") {
            builds_with_matrix(&sweep)
        } else {
            builds(&sweep)
        };
        if let Err(e) = built {
            panic!("sweep of `{form}` (as {path}) does not build:\n{e}");
        }
    }
}

#[test]
fn every_documented_fault_target_form_is_accepted() {
    for form in fault_target_forms() {
        let target = form
            .replace("link:REGION/REGION", "link:cn-hangzhou/cn-shanghai")
            .replace("physical_connection:NAME", "physical_connection:line")
            .replace("vbr:NAME", "vbr:vbr-line")
            .replace("connection:NAME", "connection:ab");
        let event = format!("[[event]]\nat = \"500ms\"\nfault = \"{target}\"\nfor = \"10ms\"\n");
        if let Err(e) = builds(&event) {
            panic!("fault `{form}` (as {target}) does not build:\n{e}");
        }
    }
}

/// The rule table of docs/scenario.md is the table of the rules the model enforces, as
/// `vpcsim rules` prints it. `VPCSIM_REFRESH_DOCS=1` writes it in.
#[test]
fn the_rule_table_is_the_rules_the_model_enforces() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario.md");
    let text = std::fs::read_to_string(path).unwrap();
    let (begin, end) = ("<!-- rules:begin -->\n", "<!-- rules:end -->");
    let start = text
        .find(begin)
        .expect("docs/scenario.md marks its rule table")
        + begin.len();
    let stop = start + text[start..].find(end).expect("the rule table ends");
    let want = vpcsim::model::rules::markdown_table();
    if text[start..stop] != want && std::env::var_os("VPCSIM_REFRESH_DOCS").is_some() {
        let fresh = format!("{}{want}{}", &text[..start], &text[stop..]);
        std::fs::write(path, fresh).unwrap();
        return;
    }
    assert_eq!(
        text[start..stop],
        want,
        "docs/scenario.md's rule table is stale: run with VPCSIM_REFRESH_DOCS=1"
    );
}
