//! The keys the loader accepts, found by asking its own readers.
//!
//! A section reader asks for the keys it knows one by one (that is how it finds unknown keys
//! and suggests the closest known one), so the accepted keys are written down nowhere else:
//! they are what the readers ask for. [`accepted_keys`] reads small probe documents — every
//! section as a table and as a list of tables, then every key as an inline table and as a list
//! of inline tables, to reach nested tables such as `loss = { model = ... }` or the entries of
//! `resources` — and records what each reader asked for. The scenario reference
//! (docs/scenario.md) is checked against this list, so a key added to a reader without being
//! documented fails a test on its own.
//!
//! Limits: a key read only when another key has a particular value would not be found; no
//! reader does that today. Values deserialized whole by serde (`location = { lat, lon }`,
//! `spec_per_day`) are one key here, not their inner fields.

use super::SECTIONS;
use super::diag::{Diagnostics, SourceFile};
use toml::de::DeTable;

/// Nested tables deeper than this below a section are not probed (the format has two levels).
const MAX_DEPTH: usize = 3;

/// The keys one reader asked for in one table, recorded while loading.
#[derive(Debug, Clone)]
pub(crate) struct AskedKeys {
    /// The table's path as diagnostics name it, e.g. `flow[0].packet_size[1]`.
    pub path: String,
    pub keys: Vec<&'static str>,
}

/// The keys accepted in one table of the scenario format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyTable {
    /// The section, e.g. "flow" or "simulation".
    pub section: &'static str,
    /// Whether the section is a list of tables (`[[flow]]`) rather than one (`[simulation]`).
    pub list: bool,
    /// Where the table sits inside the section: empty for the section's own keys,
    /// `"packet_size"` for the entries of `packet_size`, `"spec"` for `spec = { ... }`.
    pub within: String,
    /// The keys, in the order the reader asks for them.
    pub keys: Vec<&'static str>,
}

impl KeyTable {
    /// Each key as the reference writes it inside its section: `rate`, `spec.connection`.
    pub fn dotted_keys(&self) -> Vec<String> {
        self.keys
            .iter()
            .map(|k| {
                if self.within.is_empty() {
                    k.to_string()
                } else {
                    format!("{}.{k}", self.within)
                }
            })
            .collect()
    }
}

/// The name of every top-level section the loader reads (`simulation`, `flow`, ...).
pub fn section_names() -> &'static [&'static str] {
    SECTIONS
}

/// How a probed key's value is written: an inline table, or a list of inline tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Table,
    List,
}

/// A path of keys from a section down to the table being probed.
type Steps = Vec<(&'static str, Shape)>;

/// Every table of the format with the keys its reader accepts, in section order.
pub fn accepted_keys() -> Vec<KeyTable> {
    let mut out: Vec<KeyTable> = Vec::new();
    for &section in SECTIONS {
        for list in [false, true] {
            let mut explored: Vec<String> = Vec::new();
            let mut queue: Vec<Steps> = vec![Vec::new()];
            while let Some(steps) = queue.pop() {
                let within = steps.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(".");
                for asked in probe(section, list, &steps) {
                    if normalize(&asked.path) != dotted(section, &within) {
                        continue;
                    }
                    merge(&mut out, section, list, &within, &asked.keys);
                    if explored.contains(&within) || steps.len() >= MAX_DEPTH {
                        continue;
                    }
                    explored.push(within.clone());
                    for k in &asked.keys {
                        for shape in [Shape::Table, Shape::List] {
                            let mut next = steps.clone();
                            next.push((k, shape));
                            queue.push(next);
                        }
                    }
                }
            }
        }
    }
    out.sort_by_key(|t| {
        let at = SECTIONS.iter().position(|s| *s == t.section);
        (at, t.within.clone())
    });
    out
}

fn dotted(section: &str, within: &str) -> String {
    if within.is_empty() {
        section.to_string()
    } else {
        format!("{section}.{within}")
    }
}

/// Adds `keys` to the table at (`section`, `within`), keeping the order first seen.
fn merge(
    out: &mut Vec<KeyTable>,
    section: &'static str,
    list: bool,
    within: &str,
    keys: &[&'static str],
) {
    let at = out
        .iter()
        .position(|t| t.section == section && t.within == within);
    let table = match at {
        Some(i) => &mut out[i],
        None => {
            out.push(KeyTable {
                section,
                list,
                within: within.to_string(),
                keys: Vec::new(),
            });
            let last = out.len() - 1;
            &mut out[last]
        }
    };
    for k in keys {
        if !table.keys.contains(k) {
            table.keys.push(k);
        }
    }
}

/// A diagnostics path without list indices: `flow[0].packet_size[1]` → `flow.packet_size`.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            _ if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

/// The inline value that reaches the table at the end of `steps`.
fn value(steps: &[(&str, Shape)]) -> String {
    match steps.split_first() {
        None => "{}".to_string(),
        Some(((k, shape), rest)) => format!("{{ {k} = {} }}", wrap(*shape, &value(rest))),
    }
}

fn wrap(shape: Shape, table: &str) -> String {
    match shape {
        Shape::Table => table.to_string(),
        Shape::List => format!("[{table}]"),
    }
}

/// Loads a document with one `section` (a table, or one entry of a list) holding the nested
/// value `steps` describes, and returns the keys every reader asked for.
fn probe(section: &str, list: bool, steps: &[(&'static str, Shape)]) -> Vec<AskedKeys> {
    let header = if list {
        format!("[[{section}]]")
    } else {
        format!("[{section}]")
    };
    let body = match steps.split_first() {
        None => String::new(),
        Some(((k, shape), rest)) => format!("{k} = {}\n", wrap(*shape, &value(rest))),
    };
    let text = format!("{header}\n{body}");
    let (root, syntax) = DeTable::parse_recoverable(&text);
    if !syntax.is_empty() {
        return Vec::new();
    }
    let mut diags = Diagnostics::new(SourceFile::new("probe.toml", text.as_str()));
    diags.asked = Some(Vec::new());
    let span = root.span();
    let root = root.into_inner();
    super::read_root(&root, span, "probe", &mut diags);
    diags.asked.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(section: &str, within: &str) -> Vec<&'static str> {
        accepted_keys()
            .into_iter()
            .find(|t| t.section == section && t.within == within)
            .map(|t| t.keys)
            .unwrap_or_default()
    }

    #[test]
    fn indices_are_dropped_from_paths() {
        assert_eq!(normalize("flow[0].packet_size[12]"), "flow.packet_size");
        assert_eq!(normalize("simulation"), "simulation");
    }

    #[test]
    fn probe_values_are_valid_toml() {
        assert_eq!(value(&[]), "{}");
        assert_eq!(
            value(&[("model", Shape::Table), ("x", Shape::List)]),
            "{ model = { x = [{}] } }"
        );
    }

    #[test]
    fn section_keys_and_nested_keys_are_found() {
        let tables = accepted_keys();
        let flow = tables
            .iter()
            .find(|t| t.section == "flow" && t.within.is_empty());
        assert!(
            flow.is_some_and(|t| t.list && t.keys.contains(&"rate")),
            "{tables:#?}"
        );
        let sim = tables.iter().find(|t| t.section == "simulation");
        assert!(sim.is_some_and(|t| !t.list && t.keys.contains(&"sample_interval")));
        assert_eq!(keys_of("flow", "packet_size"), ["size", "weight"]);
        assert_eq!(keys_of("event", "spec"), ["connection", "to"]);
        assert!(keys_of("link", "loss").contains(&"p_good_bad"));
        assert!(keys_of("vpc", "resources").contains(&"cidr"));
        assert!(keys_of("idc", "hosts").contains(&"ip"));
    }
}
