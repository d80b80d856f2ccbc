//! Diagnostics: every problem found in a scenario, with file, line, column, key and hint.
//!
//! Loading and building collect problems instead of stopping at the first, so a planner fixes a
//! file in one pass. Positions are byte spans into the source; line and column are derived once
//! here, so no other stage deals with offsets.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// Whether a problem stops the scenario from running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Reported, but the scenario still runs (e.g. an expired application).
    Warning,
    /// The scenario cannot be simulated until this is fixed.
    Error,
}

/// A scenario file's name and text, kept to render diagnostics against.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect::<Vec<_>>()
            .into();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// Number of lines in the file.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// One problem in a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Byte range of the offending value or key in the file.
    pub span: Range<usize>,
    /// 1-based line of `span.start`.
    pub line: usize,
    /// 1-based column (characters) of `span.start`.
    pub column: usize,
    /// Dotted path of the offending key, e.g. `connection[0].spec`.
    pub key: String,
    pub message: String,
    /// What to write instead.
    pub hint: Option<String>,
}

/// All problems of one file, in file order.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    pub file: SourceFile,
    pub items: Vec<Diagnostic>,
    /// When set, every table read records the keys its reader asked for: the loader's own
    /// list of accepted keys, which the scenario reference is checked against.
    pub(super) asked: Option<Vec<super::keys::AskedKeys>>,
}

impl Diagnostics {
    pub fn new(file: SourceFile) -> Self {
        Diagnostics {
            file,
            items: Vec::new(),
            asked: None,
        }
    }

    /// Records a problem at `span`.
    pub fn push(
        &mut self,
        severity: Severity,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let (line, column) = self.file.line_col(span.start);
        self.items.push(Diagnostic {
            severity,
            span,
            line,
            column,
            key: key.into(),
            message: message.into(),
            hint,
        });
    }

    pub fn error(
        &mut self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, span, key, message, None);
    }

    pub fn error_hint(
        &mut self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Error, span, key, message, Some(hint.into()));
    }

    pub fn warning(
        &mut self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, span, key, message, None);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Sorts by position and removes exact repeats, so output is stable.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.message).cmp(&(b.span.start, b.span.end, &b.message))
        });
        self.items.dedup();
    }

    /// Renders every problem with source context (codespan-reporting), without colour.
    pub fn render(&self) -> String {
        let mut out = termcolor::NoColor::new(Vec::new());
        self.render_to(&mut out);
        String::from_utf8_lossy(out.get_ref()).into_owned()
    }

    /// Renders to a colour-capable writer (the CLI passes a terminal stream).
    pub fn render_to(&self, writer: &mut dyn termcolor::WriteColor) {
        let file = SimpleFile::new(self.file.name.as_str(), &*self.file.text);
        let config = term::Config::default();
        for d in &self.items {
            let severity = match d.severity {
                Severity::Error => CsSeverity::Error,
                Severity::Warning => CsSeverity::Warning,
            };
            let end = d.span.end.min(self.file.text.len());
            let start = d.span.start.min(end);
            // A problem with the file itself (missing, unreadable) has no place or key in it.
            let whole_file = d.key.is_empty() && self.file.text.is_empty();
            let mut notes = Vec::new();
            if !whole_file {
                notes.push(format!("key: {}", d.key));
            }
            if let Some(h) = &d.hint {
                notes.push(format!("hint: {h}"));
            }
            let labels = if whole_file {
                Vec::new()
            } else {
                vec![Label::primary((), start..end)]
            };
            let cs = CsDiagnostic::new(severity)
                .with_message(&d.message)
                .with_labels(labels)
                .with_notes(notes);
            // Rendering into memory or a terminal only fails on I/O errors we cannot act on.
            let _ = term::emit(writer, &config, &file, &cs);
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `line:col: error: message (key ...; hint: ...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}: {sev}: {} [key: {}]",
            self.line, self.column, self.message, self.key
        )?;
        if let Some(h) = &self.hint {
            write!(f, " hint: {h}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let f = SourceFile::new("x.toml", "a = 1\nbé = \"x\"\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        // 'é' is two bytes: the '=' after "bé " is column 4.
        assert_eq!(f.line_col(10), (2, 4));
        assert_eq!(f.line_col(10_000), (3, 1));
    }

    #[test]
    fn rendering_names_file_line_column_key_and_hint() {
        let mut d = Diagnostics::new(SourceFile::new("s.toml", "[simulation]\nduration = 10\n"));
        d.error_hint(
            24..26,
            "simulation.duration",
            "a bare number",
            "write \"10s\"",
        );
        let text = d.render();
        assert!(text.contains("s.toml:2:12"), "{text}");
        assert!(text.contains("key: simulation.duration"), "{text}");
        assert!(text.contains("hint: write \"10s\""), "{text}");
    }
}
