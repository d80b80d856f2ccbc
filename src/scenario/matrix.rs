//! [[traffic_matrix]]: offered traffic given as a CSV table, one flow per row, the way demand
//! usually arrives (exported from a planning sheet or a measurement system).
//!
//! ```toml
//! [[traffic_matrix]]
//! file = "demand.csv"   # relative to the scenario file
//! name = "demand"       # default: the file's stem
//! scale = 1.5           # multiplies every rate; default 1
//! ```
//!
//! The CSV has a header line naming its columns: `from`, `to` and `rate` are required,
//! `traffic`, `packet_size` and `name` optional, in any order; lines starting with `#` are
//! comments. Each row becomes exactly the `[[flow]]` it describes (name default `from>to`,
//! traffic `poisson`, packet size 1000 B), so every rule of a flow applies to it, and a
//! problem is reported at the row's line and the cell's column of the CSV file, with the key
//! `traffic_matrix[i].COLUMN`.

use super::diag::Diagnostics;
use super::reader::{At, Fields, did_you_mean};
use super::traffic::FlowEntry;
use super::values::{MAX_PACKET, PacketSizeSpec, check_word};
use super::words::{Burst, Traffic, Word};
use super::{MAX_FILE_BYTES, Scenario};
use crate::units::{Bandwidth, Duration, Size};
use serde_spanned::Spanned;
use std::ops::Range;
use std::path::Path;

/// The largest `scale`: the same bound as a traffic surge's factor.
pub const MAX_SCALE: f64 = 1000.0;

/// The columns a traffic matrix may have; the first three are required.
const COLUMNS: [&str; 6] = ["from", "to", "rate", "traffic", "packet_size", "name"];
const REQUIRED: usize = 3;

/// A `[[traffic_matrix]]` entry.
#[derive(Debug, Clone)]
pub struct TrafficMatrixEntry {
    pub span: Range<usize>,
    /// The CSV file as written, relative to the scenario file.
    pub file: At<String>,
    /// What the sweep parameter `traffic_matrix.NAME.scale` calls it; default: the file's
    /// stem (at the span of `file`).
    pub name: At<String>,
    /// Multiplies every rate of the matrix; default 1 (at the span of the entry).
    pub scale: At<f64>,
}

/// The traffic matrix a flow came from, and its rate as the row gives it (before `scale`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatrixRow {
    /// Index into `Scenario::traffic_matrices`.
    pub matrix: usize,
    pub rate: Bandwidth,
}

/// Whether `v` is a scale a matrix may have: a number in (0, [`MAX_SCALE`]].
pub fn scale_ok(v: f64) -> bool {
    v.is_finite() && v > 0.0 && v <= MAX_SCALE
}

/// `rate` × `scale`, to the nearest bit per second.
pub fn scaled(rate: Bandwidth, scale: f64) -> Bandwidth {
    Bandwidth((rate.as_bps() as f64 * scale).round() as u64)
}

pub fn read_traffic_matrix(f: &mut Fields<'_, '_>) -> Option<TrafficMatrixEntry> {
    let file = f.req::<String>("file", "\"demand.csv\"");
    let name = f.opt::<String>("name");
    let scale = f.opt::<f64>("scale");
    if let Some(s) = &scale
        && !scale_ok(*s.get_ref())
    {
        let path = f.key_path("scale");
        f.diags.error_hint(
            s.span(),
            path,
            format!("scale {} is outside (0, {MAX_SCALE}]", s.get_ref()),
            "scale multiplies every rate of the matrix: 1.5 is 50% more traffic",
        );
    }
    if let Some(n) = &name
        && n.get_ref().trim().is_empty()
    {
        let path = f.key_path("name");
        f.diags.error_hint(
            n.span(),
            path,
            "a traffic matrix's name is empty",
            "write e.g. \"demand\"",
        );
    }
    let file = file?;
    let name = name.unwrap_or_else(|| {
        let stem = Path::new(file.get_ref()).file_stem().map_or_else(
            || file.get_ref().clone(),
            |s| s.to_string_lossy().into_owned(),
        );
        Spanned::new(file.span(), stem)
    });
    Some(TrafficMatrixEntry {
        span: f.span(),
        file,
        name,
        scale: scale.unwrap_or_else(|| Spanned::new(f.span(), 1.0)),
    })
}

/// Reads every traffic matrix of `s` (paths relative to `dir`) and appends its rows to
/// `s.flows`; the files join the scenario's source, so diagnostics can point into them.
pub(super) fn expand(
    s: &mut Scenario,
    dir: &Path,
    opts: super::LoadOptions,
    diags: &mut Diagnostics,
) {
    let mut budget = MAX_FILE_BYTES;
    let mut flows = Vec::new();
    for (m, entry) in s.traffic_matrices.iter().enumerate() {
        let key = format!("traffic_matrix[{m}]");
        if let Some(first) = s.traffic_matrices[..m]
            .iter()
            .find(|e| e.name.get_ref() == entry.name.get_ref())
        {
            let (line, _) = diags.file.line_col(first.name.span().start);
            diags.error_hint(
                entry.name.span(),
                format!("{key}.name"),
                format!(
                    "two traffic matrices are named \"{}\" (the other at line {line})",
                    entry.name.get_ref()
                ),
                "give one a `name`: the sweep parameter traffic_matrix.NAME.scale names one",
            );
        }
        let path = dir.join(entry.file.get_ref());
        if !opts.allow_outside_paths && !inside(dir, entry.file.get_ref()) {
            diags.error_hint(
                entry.file.span(),
                format!("{key}.file"),
                format!(
                    "{} is outside the scenario's folder",
                    crate::report::safe(entry.file.get_ref())
                ),
                "give a path relative to the scenario file, below its folder; to read a file \
                 elsewhere, run with --allow-outside-paths",
            );
            continue;
        }
        let Some(text) = read(&path, &mut budget, entry, &key, diags) else {
            continue;
        };
        let base = diags
            .file
            .include(path.display().to_string(), text.as_str());
        let table = Table {
            text: &text,
            file_span: entry.file.span(),
            base,
            key: &key,
            matrix: m,
            scale: *entry.scale.get_ref(),
        };
        table.rows(diags, &mut flows);
    }
    s.flows.extend(flows);
    s.file = diags.file.clone();
}

/// Whether `file`, as written in the scenario, names a path below the scenario's folder `dir`:
/// relative, and not climbing out through `..` or a symbolic link.
fn inside(dir: &Path, file: &str) -> bool {
    let p = Path::new(file);
    !p.is_absolute() && crate::input::is_within(&dir.join(p), dir)
}

/// The text of a matrix file, or `None` with the problem reported at its `file` value.
fn read(
    path: &Path,
    budget: &mut usize,
    entry: &TrafficMatrixEntry,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let at = entry.file.span();
    let key = format!("{key}.file");
    let shown = path.display();
    let bytes = match crate::input::read_bounded(path, *budget as u64) {
        Ok(b) => b,
        Err(crate::input::ReadError::NotFound) => {
            diags.error_hint(
                at,
                key,
                format!("no such file: {shown}"),
                "the path is relative to the scenario file's folder",
            );
            return None;
        }
        Err(crate::input::ReadError::TooLarge { .. }) => {
            diags.error_hint(
                at,
                key,
                format!(
                    "{shown} makes the traffic matrices larger than the {MAX_FILE_BYTES}-byte limit"
                ),
                "a traffic matrix lists flows in kilobytes; aggregate demand by site pair",
            );
            return None;
        }
        Err(e) => {
            diags.error_hint(
                at,
                key,
                format!("cannot read {shown}: {e}"),
                "give a CSV file",
            );
            return None;
        }
    };
    *budget -= bytes.len();
    match String::from_utf8(bytes) {
        Ok(t) => Some(t),
        Err(e) => {
            diags.error_hint(
                at,
                key,
                format!(
                    "{shown} is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                ),
                "save the CSV as UTF-8 text",
            );
            None
        }
    }
}

/// Byte ranges of the cells of the record starting at `start`: comma-separated, quotes
/// doubled inside quoted cells, surrounding spaces left out, up to the end of the line.
fn cell_spans(text: &[u8], start: usize) -> Vec<Range<usize>> {
    let blank = |b: u8| b == b' ' || b == b'\t';
    let trim = |mut a: usize, mut b: usize| {
        while a < b && blank(text[a]) {
            a += 1;
        }
        while b > a && blank(text[b - 1]) {
            b -= 1;
        }
        a..b
    };
    let mut out = Vec::new();
    let (mut cell, mut i, mut quoted) = (start, start, false);
    while i < text.len() {
        let b = text[i];
        if quoted {
            if b == b'"' {
                if text.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' {
            quoted = true;
        } else if b == b',' {
            out.push(trim(cell, i));
            cell = i + 1;
        } else if b == b'\n' || b == b'\r' {
            break;
        }
        i += 1;
    }
    out.push(trim(cell, i));
    out
}

/// Which column holds what.
struct Columns {
    /// Per known column (in [`COLUMNS`] order), its index in the header.
    at: [Option<usize>; COLUMNS.len()],
    count: usize,
}

/// One matrix file being read.
struct Table<'t> {
    text: &'t str,
    /// The span of the entry's `file` value in the scenario.
    file_span: Range<usize>,
    /// Offset of the file's first byte in the scenario's source.
    base: usize,
    key: &'t str,
    matrix: usize,
    scale: f64,
}

impl Table<'_> {
    fn span(&self, r: &Range<usize>) -> Range<usize> {
        self.base + r.start..self.base + r.end
    }

    fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(self.text.as_bytes())
    }

    /// Reads the header; reports unknown, repeated and missing columns.
    fn columns(&self, rdr: &mut csv::Reader<&[u8]>, diags: &mut Diagnostics) -> Option<Columns> {
        let header = match rdr.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                diags.error(
                    self.base..self.base,
                    self.key,
                    format!("not a CSV table: {e}"),
                );
                return None;
            }
        };
        let start = header.position().map_or(0, |p| p.byte() as usize);
        if header.iter().all(str::is_empty) {
            diags.error_hint(
                self.base..self.base,
                self.key,
                "the traffic matrix has no header line",
                "start the file with the column names: from,to,rate",
            );
            return None;
        }
        if !header.iter().any(|name| COLUMNS.contains(&name)) {
            // Not a traffic matrix at all: say so at the scenario's `file` value, without
            // showing what the file holds (it may be anything the user can read).
            diags.error_hint(
                self.file_span.clone(),
                format!("{}.file", self.key),
                format!(
                    "the file is not a traffic matrix: its first line names none of the columns \
                     {} ({} fields)",
                    COLUMNS.join(", "),
                    header.len()
                ),
                "start the file with the column names: from,to,rate",
            );
            return None;
        }
        let spans = cell_spans(self.text.as_bytes(), start);
        let mut at = [None; COLUMNS.len()];
        let mut ok = true;
        for (i, name) in header.iter().enumerate() {
            let span = self.span(spans.get(i).unwrap_or(&(start..start)));
            match COLUMNS.iter().position(|c| *c == name) {
                Some(k) if at[k].is_none() => at[k] = Some(i),
                Some(_) => {
                    ok = false;
                    diags.error_hint(
                        span,
                        format!("{}.{name}", self.key),
                        format!("column `{name}` appears twice"),
                        "keep one",
                    );
                }
                None => {
                    ok = false;
                    let hint = match did_you_mean(name, &COLUMNS) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => format!("columns are: {}", COLUMNS.join(", ")),
                    };
                    diags.error_hint(span, self.key, format!("unknown column `{name}`"), hint);
                }
            }
        }
        for k in 0..REQUIRED {
            if at[k].is_none() {
                ok = false;
                diags.error_hint(
                    self.base + start..self.base + start,
                    format!("{}.{}", self.key, COLUMNS[k]),
                    format!("the header has no column `{}`", COLUMNS[k]),
                    "the columns from, to and rate are required; traffic, packet_size and name \
                     are optional",
                );
            }
        }
        ok.then_some(Columns {
            at,
            count: header.len(),
        })
    }

    /// Every row as a flow, appended to `out`; problems reported.
    fn rows(&self, diags: &mut Diagnostics, out: &mut Vec<FlowEntry>) {
        let mut rdr = self.reader();
        let Some(cols) = self.columns(&mut rdr, diags) else {
            return;
        };
        for record in rdr.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let at = e.position().map_or(0, |p| p.byte() as usize);
                    diags.error(
                        self.base + at..self.base + at,
                        self.key,
                        format!("not a CSV row: {e}"),
                    );
                    continue;
                }
            };
            let start = record.position().map_or(0, |p| p.byte() as usize);
            if record.len() != cols.count {
                let end = self.text[start..]
                    .find('\n')
                    .map_or(self.text.len(), |e| start + e);
                diags.error_hint(
                    self.base + start..self.base + end,
                    self.key,
                    format!(
                        "the row has {} cells, the header {}",
                        record.len(),
                        cols.count
                    ),
                    "give every row one cell per column (an empty cell takes the default)",
                );
                continue;
            }
            let spans = cell_spans(self.text.as_bytes(), start);
            if let Some((i, c)) = record.iter().enumerate().find_map(|(i, v)| {
                v.chars()
                    .find(|c| crate::report::is_unprintable(*c))
                    .map(|c| (i, c))
            }) {
                let span = spans.get(i).cloned().unwrap_or(start..start);
                diags.error_hint(
                    self.span(&span),
                    self.key,
                    format!(
                        "the cell holds the unprintable character {}",
                        c.escape_unicode()
                    ),
                    "names are plain text: remove control and direction characters",
                );
                continue;
            }
            let cell = |k: usize| {
                cols.at[k].map(|i| {
                    let span = spans.get(i).cloned().unwrap_or(start..start);
                    Spanned::new(self.span(&span), record[i].to_string())
                })
            };
            if let Some(flow) = self.flow(cell, diags) {
                out.push(flow);
            }
        }
    }

    /// The flow of one row, from its cells (by [`COLUMNS`] index).
    fn flow(
        &self,
        cell: impl Fn(usize) -> Option<At<String>>,
        diags: &mut Diagnostics,
    ) -> Option<FlowEntry> {
        let key = |c: &str| format!("{}.{c}", self.key);
        let mut ok = true;
        let mut required = |k: usize, diags: &mut Diagnostics| {
            let v = cell(k)?;
            if v.get_ref().is_empty() {
                ok = false;
                diags.error_hint(
                    v.span(),
                    key(COLUMNS[k]),
                    format!("`{}` is empty", COLUMNS[k]),
                    "every row needs from, to and rate",
                );
            }
            Some(v)
        };
        let (from, to, rate_text) = (
            required(0, diags)?,
            required(1, diags)?,
            required(2, diags)?,
        );
        let rate = match rate_text.get_ref().parse::<Bandwidth>() {
            Ok(r) => Some(r),
            Err(e) if !rate_text.get_ref().is_empty() => {
                diags.push(
                    super::Severity::Error,
                    rate_text.span(),
                    key("rate"),
                    e.message,
                    e.hint,
                );
                None
            }
            Err(_) => None,
        };
        let traffic = self.traffic(cell(3), diags, &mut ok);
        let packet_size = self.packet_size(cell(4), diags, &mut ok);
        let name = match cell(5).filter(|n| !n.get_ref().is_empty()) {
            Some(n) => n,
            None => Spanned::new(
                from.span().start..to.span().end,
                format!("{}>{}", from.get_ref(), to.get_ref()),
            ),
        };
        let rate = rate?;
        if !ok {
            return None;
        }
        Some(FlowEntry {
            name,
            from,
            to,
            traffic,
            rate: Spanned::new(rate_text.span(), scaled(rate, self.scale)),
            packet_size,
            on: Duration::from_millis(10),
            off: Duration::from_millis(40),
            burst: Burst::Exponential,
            shape: 1.5,
            start: Duration::ZERO,
            stop: None,
            start_span: None,
            stop_span: None,
            initiator: None,
            matrix: Some(MatrixRow {
                matrix: self.matrix,
                rate,
            }),
        })
    }

    fn traffic(&self, v: Option<At<String>>, diags: &mut Diagnostics, ok: &mut bool) -> Traffic {
        let Some(v) = v.filter(|v| !v.get_ref().is_empty()) else {
            return Traffic::Poisson;
        };
        let words: Vec<&str> = Traffic::WORDS.iter().map(|(w, _)| *w).collect();
        if !check_word(diags, format!("{}.traffic", self.key), &v, &words) {
            *ok = false;
        }
        Traffic::WORDS
            .iter()
            .find(|(w, _)| w == v.get_ref())
            .map_or(Traffic::Poisson, |(_, t)| *t)
    }

    fn packet_size(
        &self,
        v: Option<At<String>>,
        diags: &mut Diagnostics,
        ok: &mut bool,
    ) -> PacketSizeSpec {
        let default = PacketSizeSpec::Fixed(Size(1000));
        let Some(v) = v.filter(|v| !v.get_ref().is_empty()) else {
            return default;
        };
        if v.get_ref() == "imix" {
            return PacketSizeSpec::Imix;
        }
        let key = format!("{}.packet_size", self.key);
        match v.get_ref().parse::<Size>() {
            Ok(s) if (1..=MAX_PACKET.as_bytes()).contains(&s.as_bytes()) => {
                PacketSizeSpec::Fixed(s)
            }
            Ok(s) => {
                *ok = false;
                diags.error_hint(
                    v.span(),
                    key,
                    format!("a packet of {s} cannot be sent"),
                    "packet sizes are from 1B to 64KiB, e.g. \"1500B\", or \"imix\"",
                );
                default
            }
            Err(e) => {
                *ok = false;
                diags.push(super::Severity::Error, v.span(), key, e.message, e.hint);
                default
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_found_with_quotes_and_spaces() {
        let text = b"from, to ,\"a,\"\"b\"\" \",rate\nx,y,z,1\n";
        let spans = cell_spans(text, 0);
        let cells: Vec<&str> = spans
            .iter()
            .map(|r| std::str::from_utf8(&text[r.clone()]).unwrap())
            .collect();
        assert_eq!(cells, ["from", "to", "\"a,\"\"b\"\" \"", "rate"]);
        assert_eq!(cell_spans(text, 26), [26..27, 28..29, 30..31, 32..33]);
    }

    #[test]
    fn scale_multiplies_to_the_nearest_bit_per_second() {
        assert_eq!(scaled(Bandwidth(100_000_000), 1.5), Bandwidth(150_000_000));
        assert_eq!(scaled(Bandwidth(3), 0.5), Bandwidth(2));
        assert!(scale_ok(1.0) && scale_ok(MAX_SCALE));
        assert!(!scale_ok(0.0) && !scale_ok(-1.0) && !scale_ok(f64::NAN) && !scale_ok(1001.0));
    }
}
