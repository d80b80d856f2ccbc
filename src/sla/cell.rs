//! Text cells of the CSV outputs, safe to open in a spreadsheet.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
//! return before one) as a formula, so a flow named `=HYPERLINK(...)` would run when a planner
//! opens flows.csv. Such a cell is written with a leading `'`, which spreadsheets show as text
//! and hide. A cell that itself starts with `'` gets one too, so reading strips exactly one
//! and every name comes back as it was: `merge`, `plot` and the typed readers see the names of
//! the scenario.

use serde::{Deserialize, Deserializer, Serializer};
use std::borrow::Cow;

/// Characters that make a spreadsheet cell a formula when they come first, and the quote that
/// marks a neutralised cell.
const LEADING: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// The cell as written: `'` prepended when the text would start a formula.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(LEADING) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text of a cell as read: the `'` of [`neutralise`] removed.
pub fn restore(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(LEADING) => rest.to_string(),
        _ => cell,
    }
}

/// `#[serde(with = "crate::sla::cell")]` on a `String` field of a CSV row.
pub fn serialize<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&neutralise(text))
}

/// See [`serialize`].
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    String::deserialize(d).map(restore)
}

/// `#[serde(with = "crate::sla::cell::optional")]` on an `Option<String>` field.
pub mod optional {
    use super::*;

    pub fn serialize<S: Serializer>(text: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match text {
            Some(t) => s.serialize_some(&*neutralise(t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Option::<String>::deserialize(d).map(|o| o.map(restore))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_written_as_text_and_read_back_as_it_was() {
        for name in [
            "=1+1", "+x", "-y", "@SUM(A1)", "'quoted", "''x", "db-sync", "", "a=b",
        ] {
            let cell = neutralise(name);
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
            assert_eq!(restore(cell.into_owned()), name);
        }
        assert_eq!(neutralise("db-sync"), "db-sync");
        assert_eq!(neutralise("=cmd"), "'=cmd");
    }
}
