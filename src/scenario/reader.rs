//! Reading TOML tables field by field, collecting every problem.
//!
//! serde stops at the first error of a document. To report them all, the document is parsed
//! into a spanned tree first and each field is deserialized on its own; unknown keys are found
//! by comparing the table's keys with the ones the schema asked for.

use super::diag::Diagnostics;
use serde::de::DeserializeOwned;
use serde_spanned::Spanned;
use std::ops::Range;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// A value with the byte span it came from.
pub type At<T> = Spanned<T>;

/// Reads the fields of one table; call [`Fields::finish`] to report unknown keys.
pub struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    path: String,
    asked: Vec<&'static str>,
    pub diags: &'a mut Diagnostics,
}

impl<'a, 'i> Fields<'a, 'i> {
    pub fn new(
        table: &'a DeTable<'i>,
        span: Range<usize>,
        path: impl Into<String>,
        diags: &'a mut Diagnostics,
    ) -> Self {
        Fields {
            table,
            span,
            path: path.into(),
            asked: Vec::new(),
            diags,
        }
    }

    /// The dotted path of this table, e.g. `connection[2]`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The span of the whole table (used for "missing key" errors).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn raw(&mut self, key: &'static str) -> Option<&'a Spanned<DeValue<'i>>> {
        if !self.asked.contains(&key) {
            self.asked.push(key);
        }
        self.table.get(key)
    }

    /// An optional field. A present but invalid value is reported and yields `None`; so is a
    /// string holding a control or bidirectional formatting character, which would let a name
    /// rewrite a terminal line or break the XML of a plot.
    pub fn opt<T: DeserializeOwned>(&mut self, key: &'static str) -> Option<At<T>> {
        let raw = self.raw(key)?;
        let span = raw.span();
        if let Some((at, c)) = unprintable(raw) {
            let key_path = self.key_path(key);
            self.diags.error_hint(
                at,
                key_path,
                format!(
                    "the text holds the unprintable character {}",
                    c.escape_unicode()
                ),
                "names and words are plain text: remove control and direction characters",
            );
            return None;
        }
        match T::deserialize(ValueDeserializer::from(raw.clone())) {
            Ok(v) => Some(Spanned::new(span, v)),
            Err(e) => {
                let at = e
                    .span()
                    .filter(|s| s.start >= span.start && s.end <= span.end)
                    .unwrap_or(span);
                let (message, hint) = split_hint(e.message());
                let key_path = self.key_path(key);
                self.diags
                    .push(super::Severity::Error, at, key_path, message, hint);
                None
            }
        }
    }

    /// Whether the table has `key` at all (read or not).
    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// A required field: missing is an error naming the key.
    pub fn req<T: DeserializeOwned>(&mut self, key: &'static str, example: &str) -> Option<At<T>> {
        let present = self.table.contains_key(key);
        let v = self.opt(key);
        if !present {
            self.missing(key, format!("add `{key} = {example}`"));
        }
        v
    }

    /// Reports that a required key is absent, at the head of the table.
    pub fn missing(&mut self, key: &str, hint: impl Into<String>) {
        let span = self.header_span();
        let path = self.key_path(key);
        self.diags
            .error_hint(span, path, format!("missing required key `{key}`"), hint);
    }

    /// A nested table (inline or not), read with its own `Fields`.
    pub fn table<R>(
        &mut self,
        key: &'static str,
        read: impl FnOnce(&mut Fields<'_, 'i>) -> R,
    ) -> Option<At<R>> {
        let raw = self.raw(key)?;
        let span = raw.span();
        let path = self.key_path(key);
        match raw.get_ref() {
            DeValue::Table(t) => {
                let mut f = Fields::new(t, span.clone(), path, self.diags);
                let r = read(&mut f);
                f.finish();
                Some(Spanned::new(span, r))
            }
            other => {
                self.diags.error(
                    span,
                    path,
                    format!("expected a table, found {}", other.type_str()),
                );
                None
            }
        }
    }

    /// The raw value of a field, for fields whose shape depends on their content.
    pub fn value(&mut self, key: &'static str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.raw(key)
    }

    /// Span to point at when a key is missing: the first line of the table.
    fn header_span(&self) -> Range<usize> {
        let start = self.span.start;
        let first_key = self.table.iter().map(|(k, _)| k.span().start).min();
        match first_key {
            Some(k) if k > start => start..start + 1,
            Some(k) => k..k + 1,
            None => start..start + 1,
        }
    }

    /// Reports every key the schema did not ask for, with a did-you-mean hint.
    pub fn finish(self) {
        if let Some(log) = &mut self.diags.asked {
            log.push(super::keys::AskedKeys {
                path: self.path.clone(),
                keys: self.asked.clone(),
            });
        }
        for (k, _) in self.table.iter() {
            let name: &str = k.get_ref();
            if self.asked.contains(&name) {
                continue;
            }
            let hint = did_you_mean(name, &self.asked)
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| format!("known keys here: {}", self.asked.join(", ")));
            let path = if self.path.is_empty() {
                name.to_string()
            } else {
                format!("{}.{name}", self.path)
            };
            self.diags
                .error_hint(k.span(), path, format!("unknown key `{name}`"), hint);
        }
    }
}

/// Splits a message of the form "what | hint: how" produced by the unit parsers.
pub fn split_hint(message: &str) -> (String, Option<String>) {
    match message.split_once(" | hint: ") {
        Some((m, h)) => (m.trim().to_string(), Some(h.trim().to_string())),
        None => (message.trim().to_string(), None),
    }
}

/// The closest candidate to `name`, if it is close enough to be a likely typo.
pub fn did_you_mean<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = name.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase()),
                *c,
            )
        })
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Iterates the entries of an array of tables (`[[vpc]]`), reporting entries of another shape.
pub fn table_entries<'a, 'i>(
    value: &'a Spanned<DeValue<'i>>,
    section: &str,
    diags: &mut Diagnostics,
) -> Vec<(usize, &'a DeTable<'i>, Range<usize>)> {
    match value.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item.get_ref() {
                DeValue::Table(t) => Some((i, t, item.span())),
                other => {
                    diags.error_hint(
                        item.span(),
                        format!("{section}[{i}]"),
                        format!("expected a table, found {}", other.type_str()),
                        format!("write each entry as a [[{section}]] table"),
                    );
                    None
                }
            })
            .collect(),
        DeValue::Table(_) => {
            diags.error_hint(
                value.span(),
                section.to_string(),
                format!("`{section}` is a list of tables"),
                format!("write [[{section}]] (double brackets) instead of [{section}]"),
            );
            Vec::new()
        }
        other => {
            diags.error_hint(
                value.span(),
                section.to_string(),
                format!("expected a list of tables, found {}", other.type_str()),
                format!("write each entry as a [[{section}]] table"),
            );
            Vec::new()
        }
    }
}

/// The span and first unprintable character (see [`crate::report::is_unprintable`]) of any
/// string inside `v`.
pub(crate) fn unprintable(v: &Spanned<DeValue<'_>>) -> Option<(Range<usize>, char)> {
    match v.get_ref() {
        DeValue::String(s) => s
            .chars()
            .find(|c| crate::report::is_unprintable(*c))
            .map(|c| (v.span(), c)),
        DeValue::Array(items) => items.iter().find_map(unprintable),
        DeValue::Table(t) => t.values().find_map(unprintable),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_gets_the_closest_key() {
        assert_eq!(
            did_you_mean("duraton", &["name", "duration", "warmup"]),
            Some("duration")
        );
        assert_eq!(did_you_mean("xyzzy", &["name", "duration"]), None);
    }

    #[test]
    fn unit_hint_is_split_off() {
        assert_eq!(
            split_hint("bad | hint: do x"),
            ("bad".into(), Some("do x".into()))
        );
        assert_eq!(split_hint("bad"), ("bad".into(), None));
    }
}
