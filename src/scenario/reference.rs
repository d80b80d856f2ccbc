//! The scenario reference, docs/scenario.md, embedded in the binary and looked up by key, so
//! `vpcsim explain flow.rate` answers from the same text a user reads, on any machine.
//!
//! The reference has one `## ` heading per section, written `` ## `[simulation]` `` or
//! `` ## `[[flow]]` ``, and in it one table row per key whose first cell is the key in
//! backticks (`` `rate` ``, or `` `spec.to` `` for a key of a nested table), in a table whose
//! header row starts with `key` and names the columns. Anything else in a section (prose,
//! other tables) is shown with the section.

use super::reader::did_you_mean;

/// The text of docs/scenario.md.
pub const REFERENCE: &str = include_str!("../../docs/scenario.md");

/// One section of the format as the reference describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The section's name: `flow`, `simulation`.
    pub name: String,
    /// Written `[[name]]` (a list of tables) rather than `[name]`.
    pub list: bool,
    /// The section's text, from its heading to the next `## ` heading.
    pub text: String,
    /// Its keys, in the order the reference lists them.
    pub entries: Vec<Entry>,
}

/// One key's row of a section's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key inside its section: `rate`, `spec.to`.
    pub key: String,
    /// (column name, cell text) in table order, after the key's own cell.
    pub cells: Vec<(String, String)>,
}

impl Section {
    /// The section as written in a scenario: `[[flow]]` or `[simulation]`.
    pub fn header(&self) -> String {
        if self.list {
            format!("[[{}]]", self.name)
        } else {
            format!("[{}]", self.name)
        }
    }

    /// The entry of `key`, if the reference lists it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// What a query names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found<'r> {
    /// A whole section (`flow`, `[[flow]]`).
    Section(&'r Section),
    /// One key of a section (`flow.rate`, `[[flow]].rate`).
    Entry(&'r Section, &'r Entry),
}

/// Every section of the embedded reference, in its order.
pub fn sections() -> &'static [Section] {
    static SECTIONS: std::sync::OnceLock<Vec<Section>> = std::sync::OnceLock::new();
    SECTIONS.get_or_init(|| parse(REFERENCE))
}

/// Every key of the reference as `section.key`, in reference order.
pub fn all_keys() -> Vec<String> {
    sections()
        .iter()
        .flat_map(|s| {
            s.entries
                .iter()
                .map(move |e| format!("{}.{}", s.name, e.key))
        })
        .collect()
}

/// Looks up a query: `flow`, `[[flow]]`, `flow.rate`, `[[flow]].rate`, `event.spec.to`. A
/// bare key that is no section (`mtbf`) finds its entry in every section that has it.
pub fn lookup(query: &str) -> Vec<Found<'static>> {
    let q = query.trim();
    let (section, key) = split_query(q);
    let all = sections();
    if let Some(s) = all.iter().find(|s| s.name == section) {
        return match key {
            None => vec![Found::Section(s)],
            Some(k) => s.entry(k).map(|e| Found::Entry(s, e)).into_iter().collect(),
        };
    }
    if key.is_some() {
        return Vec::new();
    }
    all.iter()
        .filter_map(|s| s.entry(section).map(|e| Found::Entry(s, e)))
        .collect()
}

/// The closest known section or `section.key` to an unknown query, if one is close.
pub fn suggestion(query: &str) -> Option<String> {
    let (section, key) = split_query(query.trim());
    let wanted = match key {
        Some(k) => format!("{section}.{k}"),
        None => section.to_string(),
    };
    let mut candidates: Vec<String> = sections().iter().map(|s| s.name.clone()).collect();
    candidates.extend(all_keys());
    let refs: Vec<&str> = candidates.iter().map(String::as_str).collect();
    did_you_mean(&wanted, &refs).map(str::to_string)
}

/// Splits `[[flow]].rate` or `flow.rate` into ("flow", Some("rate")).
fn split_query(q: &str) -> (&str, Option<&str>) {
    let (head, key) = if let Some(rest) = q.strip_prefix('[') {
        let close = rest.find(']').unwrap_or(rest.len());
        let name = rest[..close].trim_matches('[');
        let after = rest[close..].trim_start_matches(']');
        (name, after.strip_prefix('.'))
    } else {
        match q.split_once('.') {
            Some((s, k)) => (s, Some(k)),
            None => (q, None),
        }
    };
    (head.trim(), key.map(str::trim).filter(|k| !k.is_empty()))
}

/// Renders one entry for a terminal: the key, then each column on its own line.
pub fn render_entry(section: &Section, entry: &Entry) -> String {
    let width = entry
        .cells
        .iter()
        .map(|(c, _)| c.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!("{} {}\n", section.header(), entry.key);
    for (column, cell) in &entry.cells {
        if !cell.is_empty() {
            out.push_str(&format!("  {column:width$}  {}\n", plain(cell)));
        }
    }
    out
}

/// Markdown cell text made plain: no backticks, unescaped pipes, links as their text.
pub fn plain(cell: &str) -> String {
    let mut s = cell.replace("\\|", "|").replace('`', "");
    while let Some(open) = s.find("](") {
        let Some(start) = s[..open].rfind('[') else {
            break;
        };
        let Some(len) = s[open..].find(')') else {
            break;
        };
        let text = s[start + 1..open].to_string();
        s.replace_range(start..open + len + 1, &text);
    }
    s
}

/// Parses the reference text into its sections.
pub fn parse(text: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut current: Option<Section> = None;
    let mut columns: Vec<String> = Vec::new();
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            out.extend(current.take());
            current = section_heading(title);
            columns.clear();
        }
        let Some(s) = current.as_mut() else {
            continue;
        };
        s.text.push_str(line);
        s.text.push('\n');
        if !line.starts_with('|') {
            columns.clear();
            continue;
        }
        let cells = cells(line);
        if columns.is_empty() {
            columns = cells;
        } else if columns.first().is_some_and(|c| c == "key")
            && let Some(key) = cells.first().and_then(|c| key_cell(c))
        {
            let rest = columns
                .iter()
                .skip(1)
                .cloned()
                .zip(cells.into_iter().skip(1));
            s.entries.push(Entry {
                key,
                cells: rest.collect(),
            });
        }
    }
    out.extend(current);
    out
}

/// A section from a heading such as `` `[[flow]]` `` (text after `## `); `None` for other
/// headings, which end the section before them.
fn section_heading(title: &str) -> Option<Section> {
    let t = title.trim().strip_prefix('`')?.strip_suffix('`')?;
    let (name, list) = match t.strip_prefix("[[") {
        Some(rest) => (rest.strip_suffix("]]")?, true),
        None => (t.strip_prefix('[')?.strip_suffix(']')?, false),
    };
    Some(Section {
        name: name.to_string(),
        list,
        text: String::new(),
        entries: Vec::new(),
    })
}

/// The cells of a table row, split at pipes that are not escaped.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push_str("\\|");
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
    }
    out.push(cell.trim().to_string());
    out
}

/// The key of a first cell written `` `rate` ``, `` `spec.to` `` or `` `express-connect.max_loss` ``
/// (TOML bare keys may hold a hyphen); `None` for separator rows
/// and cells that are not one key.
fn key_cell(cell: &str) -> Option<String> {
    let k = cell.strip_prefix('`')?.strip_suffix('`')?;
    let ok = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    ok.then(|| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# Title\n\n## `[[flow]]`\n\nTraffic.\n\n| form | values |\n|---|---|\n| `flow.NAME.rate` | x |\n\n| key | type | example |\n|---|---|---|\n| `rate` | bandwidth | `rate = \"1Gbps\"` |\n| `packet_size.size` | size \\| word | x |\n\n## `[sla]`\n\n| key | type |\n|---|---|\n| `max_loss` | ratio |\n\n## Other\n\ntext\n";

    #[test]
    fn sections_and_rows_are_read() {
        let s = parse(SAMPLE);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].name.as_str(), s[0].list), ("flow", true));
        assert_eq!(s[0].entries.len(), 2);
        assert_eq!(s[0].entries[1].key, "packet_size.size");
        assert_eq!(
            s[0].entries[1].cells[0],
            ("type".to_string(), "size \\| word".to_string())
        );
        assert_eq!((s[1].name.as_str(), s[1].list), ("sla", false));
        assert!(!s[1].text.contains("Other"));
    }

    #[test]
    fn queries_name_sections_and_keys() {
        assert_eq!(split_query("[[flow]].rate"), ("flow", Some("rate")));
        assert_eq!(split_query("flow.rate"), ("flow", Some("rate")));
        assert_eq!(split_query("[sla]"), ("sla", None));
        assert_eq!(split_query("event.spec.to"), ("event", Some("spec.to")));
        assert_eq!(split_query("flow."), ("flow", None));
    }

    #[test]
    fn cells_are_made_plain() {
        assert_eq!(
            plain("`a` \\| b, see [SLA metrics](#sla-metrics)"),
            "a | b, see SLA metrics"
        );
    }
}
