//! Diagnostics: every problem found in a scenario, with file, line, column, key and hint.
//!
//! Loading and building collect problems instead of stopping at the first, so a planner fixes a
//! file in one pass. Positions are byte spans into the source; line and column are derived once
//! here, so no other stage deals with offsets.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
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

/// A scenario file's name and text, kept to render diagnostics against, with the files it
/// reads (traffic matrices).
///
/// A file the scenario reads is placed past the scenario's text in one offset space: its
/// byte `i` is offset `base + i`. Spans into it travel through the model like any other, and
/// a diagnostic names the file, line and column they fall in.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
    included: Arc<[Included]>,
}

/// A file the scenario reads, at its place in the offset space.
#[derive(Debug)]
struct Included {
    base: usize,
    file: SourceFile,
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
            included: Arc::from(Vec::new()),
        }
    }

    /// Adds a file the scenario reads; returns the offset of its first byte.
    pub fn include(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> usize {
        let base = self
            .included
            .last()
            .map_or(self.text.len(), |i| i.base + i.file.text.len())
            + 1;
        let mut all: Vec<Included> = self
            .included
            .iter()
            .map(|i| Included {
                base: i.base,
                file: i.file.clone(),
            })
            .collect();
        all.push(Included {
            base,
            file: SourceFile::new(name, text),
        });
        self.included = all.into();
        base
    }

    /// The files the scenario reads, as (name, text), in the order they were added.
    pub fn included(&self) -> impl Iterator<Item = (&str, &str)> {
        self.included
            .iter()
            .map(|i| (i.file.name.as_str(), &*i.file.text))
    }

    /// The file an offset falls in (`None`: the scenario itself), and the offset inside it.
    fn resolve(&self, offset: usize) -> (Option<&SourceFile>, usize) {
        match self.included.iter().rev().find(|i| offset >= i.base) {
            Some(i) => (Some(&i.file), offset - i.base),
            None => (None, offset),
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
    /// The file the span is in when it is one the scenario reads (a traffic matrix); `None`
    /// for the scenario file itself. `line` and `column` are in that file.
    pub file: Option<String>,
    /// 1-based line of `span.start`.
    pub line: usize,
    /// 1-based column (characters) of `span.start`.
    pub column: usize,
    /// Dotted path of the offending key, e.g. `connection[0].spec`.
    pub key: String,
    pub message: String,
    /// What to write instead.
    pub hint: Option<String>,
    /// The id of the product rule broken, when it is one (see `model::rules`): stable, so
    /// tools and tests can key on it rather than on the message's words.
    pub rule: Option<&'static str>,
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
        let (file, local) = self.file.resolve(span.start);
        let (line, column) = file.unwrap_or(&self.file).line_col(local);
        self.items.push(Diagnostic {
            severity,
            file: file.map(|f| f.name.clone()),
            span,
            line,
            column,
            key: key.into(),
            message: message.into(),
            hint,
            rule: None,
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
    ///
    /// Nothing of the files or messages reaches the terminal raw: control and bidirectional
    /// formatting characters in the source are shown as `?` (byte for byte, so every span still
    /// points at its place) and in names and messages as `\u{..}` escapes.
    pub fn render_to(&self, writer: &mut dyn termcolor::WriteColor) {
        use crate::report::safe;
        let mut files = SimpleFiles::new();
        let main_text = printable(&self.file.text);
        let main = files.add(safe(&self.file.name).into_owned(), main_text.as_ref());
        let included_texts: Vec<std::borrow::Cow<'_, str>> = self
            .file
            .included
            .iter()
            .map(|i| printable(&i.file.text))
            .collect();
        let included: Vec<usize> = self
            .file
            .included
            .iter()
            .zip(&included_texts)
            .map(|(i, t)| files.add(safe(&i.file.name).into_owned(), t.as_ref()))
            .collect();
        let config = term::Config::default();
        for d in &self.items {
            let severity = match d.severity {
                Severity::Error => CsSeverity::Error,
                Severity::Warning => CsSeverity::Warning,
            };
            let (id, text, base) = match self
                .file
                .included
                .iter()
                .zip(&included)
                .rev()
                .find(|(i, _)| d.span.start >= i.base)
            {
                Some((i, id)) => (*id, &*i.file.text, i.base),
                None => (main, &*self.file.text, 0),
            };
            let end = (d.span.end.max(base) - base).min(text.len());
            let start = (d.span.start - base).min(end);
            // A problem with the file itself (missing, unreadable) has no place or key in it.
            let whole_file = d.key.is_empty() && text.is_empty();
            let mut notes = Vec::new();
            if !whole_file {
                notes.push(format!("key: {}", safe(&d.key)));
            }
            if let Some(h) = &d.hint {
                notes.push(format!("hint: {}", safe(h)));
            }
            if let Some(r) = d.rule {
                notes.push(format!("rule: {r}"));
            }
            let labels = if whole_file {
                Vec::new()
            } else {
                vec![Label::primary(id, start..end)]
            };
            let cs = CsDiagnostic::new(severity)
                .with_message(safe(&d.message))
                .with_labels(labels)
                .with_notes(notes);
            // Rendering into memory or a terminal only fails on I/O errors we cannot act on.
            let _ = term::emit(writer, &config, &files, &cs);
        }
    }
}

/// `text` with every control character but tab and line ends, and every bidirectional
/// formatting character, replaced by as many `?` as it has bytes.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| crate::report::is_unprintable(c) && !matches!(c, '\t' | '\n' | '\r');
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if bad(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl fmt::Display for Diagnostic {
    /// One line: `line:col: error: message (key ...; hint: ...)`, the position prefixed by
    /// the file's name when it is a file the scenario reads (`demand.csv:3:7: ...`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        use crate::report::safe;
        if let Some(file) = &self.file {
            write!(f, "{}:", safe(file))?;
        }
        write!(
            f,
            "{}:{}: {sev}: {} [key: {}]",
            self.line,
            self.column,
            safe(&self.message),
            safe(&self.key)
        )?;
        if let Some(h) = &self.hint {
            write!(f, " hint: {}", safe(h))?;
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
    fn spans_in_a_file_the_scenario_reads_name_that_file() {
        let mut f = SourceFile::new("s.toml", "a = 1\n");
        let base = f.include("demand.csv", "from,to,rate\nx,y,1Gbit\n");
        assert_eq!(base, 7);
        let mut d = Diagnostics::new(f);
        // "1Gbit" starts at byte 17 of the CSV: line 2, column 5.
        d.error(base + 17..base + 22, "traffic_matrix[0].rate", "bad unit");
        d.error(0..1, "a", "bad a");
        assert_eq!(d.items[0].file.as_deref(), Some("demand.csv"));
        assert_eq!((d.items[0].line, d.items[0].column), (2, 5));
        assert!(
            d.items[0]
                .to_string()
                .starts_with("demand.csv:2:5: error: bad unit")
        );
        assert_eq!(d.items[1].file, None);
        let text = d.render();
        assert!(text.contains("demand.csv:2:5"), "{text}");
        assert!(text.contains("s.toml:1:1"), "{text}");
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
