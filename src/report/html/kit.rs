//! The reusable pieces of vpcsim's HTML pages: escaping, the page shell with its inline style
//! sheet, a table builder, verdict badges and metric cells. Every page built from these looks
//! the same on screen and on paper (A4) and needs nothing but the one file.
//!
//! Convention: a parameter called `text` is plain text and is escaped here; a parameter called
//! `html` is markup that the caller has already built from escaped pieces.

use serde_json::Value;
use std::fmt::Write;

/// The placeholder shown for a missing or null figure.
pub const NONE: &str = "—";

/// `text` made safe as HTML text or as a quoted attribute value: `&`, `<`, `>`, `"` and `'`
/// become character references, and control characters (C0, DEL, C1) and the invisible
/// characters that reorder or hide text (bidirectional overrides and isolates, zero-width
/// marks) are shown as `\u{..}` escapes, as the terminal report shows them, so a name cannot
/// disguise itself or what follows it.
pub fn escape(text: &str) -> String {
    let mut o = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() || is_invisible_format(c) => {
                let _ = write!(o, "{}", c.escape_unicode());
            }
            c => o.push(c),
        }
    }
    o
}

/// Format characters that change how the text around them is shown without being visible:
/// bidirectional embeddings, overrides and isolates, marks, zero-width characters, the byte
/// order mark.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// A complete HTML document: `title` (plain text) in the tab and `body_html` inside the page
/// frame, with the shared inline style sheet. The document loads nothing (its Content
/// Security Policy forbids every fetch and every script) and prints on A4.
pub fn page(title: &str, body_html: &str) -> String {
    let mut o = String::with_capacity(body_html.len() + STYLE.len() + 512);
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n",
    );
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<meta name=\"color-scheme\" content=\"light\">\n");
    o.push_str("<meta name=\"generator\" content=\"vpcsim\">\n");
    let _ = writeln!(o, "<title>{}</title>", escape(title));
    let _ = writeln!(o, "<style>{STYLE}</style>");
    o.push_str("</head>\n<body>\n<main class=\"page\">\n");
    o.push_str(body_html);
    o.push_str("\n</main>\n</body>\n</html>\n");
    o
}

/// The style sheet of every page: screen and print (A4 portrait).
pub const STYLE: &str = r#"
:root{--ink:#1f2328;--muted:#59636e;--rule:#d1d9e0;--soft:#f6f8fa;--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#c3171f;--fail-bg:#ffe2e0;--na:#6e7781;--accent:#0550ae}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#eef1f4;color:var(--ink);font:15px/1.45 "DejaVu Sans","Segoe UI",system-ui,-apple-system,"Liberation Sans",Arial,sans-serif}
.page{max-width:1120px;margin:24px auto;background:#fff;padding:32px 40px 24px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:30px;line-height:1.2;margin:4px 0 10px;overflow-wrap:anywhere}
h2{font-size:19px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--ink);break-after:avoid;page-break-after:avoid}
h3{font-size:16px;margin:18px 0 6px;break-after:avoid;page-break-after:avoid;overflow-wrap:anywhere}
p{margin:6px 0 10px}
code,.mono{font-family:"DejaVu Sans Mono",Consolas,"Liberation Mono",monospace;font-size:.9em}
.kicker{color:var(--muted);font-size:13px;letter-spacing:.06em;text-transform:uppercase}
.head{border-left:10px solid var(--na);padding:6px 0 6px 18px;margin-bottom:8px}
.head.pass{border-color:var(--pass)}
.head.fail{border-color:var(--fail)}
.verdict-line{display:flex;align-items:center;gap:16px;flex-wrap:wrap}
.verdict-words{font-size:21px;font-weight:bold}
.head.pass .verdict-words{color:var(--pass)}
.head.fail .verdict-words{color:var(--fail)}
.badge{display:inline-block;border-radius:4px;padding:1px 7px;font-weight:bold;font-size:12px;letter-spacing:.05em;color:#fff;background:var(--na);white-space:nowrap}
.badge.pass{background:var(--pass)}
.badge.fail{background:var(--fail)}
.badge.big{font-size:34px;padding:4px 18px;border-radius:6px;letter-spacing:.08em}
.answer{background:var(--soft);border:1px solid var(--rule);border-radius:6px;padding:12px 18px;margin:16px 0;break-inside:avoid;page-break-inside:avoid}
.answer h2{border:0;margin:0 0 6px;padding:0;font-size:17px}
.answer ul{margin:4px 0;padding-left:22px}
.answer li{margin:3px 0}
.answer.pass{border-left:5px solid var(--pass)}
.answer.fail{border-left:5px solid var(--fail)}
.lead{font-size:17px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;margin:6px 0 12px}
.facts dt{color:var(--muted)}
.facts dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:13.5px}
thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}
th,td{border-bottom:1px solid var(--rule);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:bold;border-bottom:2px solid #afb8c1;vertical-align:bottom}
th small,td small{display:block;font-size:11px;font-weight:normal;color:var(--muted);line-height:1.3}
th small{white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.name{font-weight:bold;overflow-wrap:anywhere;min-width:9em;max-width:260px}
td.name small{font-weight:normal}
td.miss .v{color:var(--fail);font-weight:bold}
small.ok{color:var(--pass)}
small.miss{color:var(--fail);font-weight:bold}
tr.fail td.name{color:var(--fail)}
tr.chosen td{background:var(--pass-bg)}
caption{caption-side:top;text-align:left;color:var(--muted);font-size:12.5px;padding:0 0 4px}
.matrix th,.matrix td{text-align:center;padding:4px 6px}
.matrix th.rowhead,.matrix td.rowhead{text-align:left}
.matrix td.cell-pass{color:var(--pass);background:var(--pass-bg)}
.matrix td.cell-fail{color:#fff;background:var(--fail);font-weight:bold}
.matrix td.cell-fail small{color:#fff;font-weight:normal}
.matrix th:first-child{text-align:left}
table.breaks th:nth-child(1){width:20%}
table.breaks th:nth-child(2){width:50%}
table.breaks td.name{overflow-wrap:normal;word-break:normal}
.case-code{font-family:"DejaVu Sans Mono",Consolas,"Liberation Mono",monospace;font-size:12px;font-weight:normal;color:var(--muted);margin-left:10px}
.matrix td.cell-na{color:var(--na)}
.matrix th.flow{max-width:9em;overflow-wrap:anywhere;font-size:12px}
figure{margin:14px 0 22px;break-inside:avoid;page-break-inside:avoid}
figure svg{display:block;width:100%;height:auto;border:1px solid var(--rule)}
figcaption{font-size:13px;color:var(--muted);margin-top:5px}
figcaption b{color:var(--ink)}
.note{color:var(--muted);font-size:13px}
.warn{color:var(--fail)}
ul.blocked li{margin:4px 0}
footer{margin-top:30px;padding-top:10px;border-top:1px solid var(--rule);font-size:12.5px;color:var(--muted)}
footer pre{background:var(--soft);border:1px solid var(--rule);padding:8px 10px;color:var(--ink);white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0}
.plots{break-before:page;page-break-before:always}
@page{size:A4 portrait;margin:14mm 12mm 16mm}
@media print{
body{background:#fff;font-size:11pt}
.page{max-width:none;margin:0;padding:0;box-shadow:none}
h1{font-size:22pt}
h2{font-size:14pt;margin-top:18pt}
table{font-size:8.5pt}
th,td{padding:3pt 4pt}
th small,td small{font-size:7pt}
.badge.big{font-size:24pt}
.verdict-words{font-size:15pt}
figure{margin:6pt 0 12pt}
figure svg{border:0}
figure svg.wide{max-height:105mm}
figure svg.tall{max-height:225mm}
footer{break-inside:avoid;page-break-inside:avoid}
section{break-inside:auto}
}
"#;

/// A table: header cells, rows of cells, an optional caption, right-aligned numeric columns
/// and a class per row. Header and body cells are HTML (build them with [`escape`] and the
/// cell helpers); the caption is plain text.
#[derive(Debug, Clone, Default)]
pub struct Table {
    class: String,
    caption: Option<String>,
    head: Vec<String>,
    numeric: Vec<usize>,
    rows: Vec<Row>,
}

#[derive(Debug, Clone)]
struct Row {
    class: String,
    cells: Vec<Cell>,
}

/// One body cell: its HTML and its class (`name`, `num`, `miss`, ...).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub html: String,
    pub class: String,
}

impl Cell {
    /// A cell holding `html`.
    pub fn html(html: impl Into<String>) -> Cell {
        Cell {
            html: html.into(),
            class: String::new(),
        }
    }

    /// A cell holding plain `text`.
    pub fn text(text: &str) -> Cell {
        Cell::html(escape(text))
    }

    /// The same cell with `class` added.
    pub fn class(mut self, class: &str) -> Cell {
        if !self.class.is_empty() {
            self.class.push(' ');
        }
        self.class.push_str(class);
        self
    }
}

impl From<String> for Cell {
    fn from(html: String) -> Cell {
        Cell::html(html)
    }
}

impl Table {
    /// A table with these header cells (HTML).
    pub fn new<S: AsRef<str>>(head_html: &[S]) -> Table {
        Table {
            head: head_html.iter().map(|h| h.as_ref().to_string()).collect(),
            ..Table::default()
        }
    }

    /// Adds a class to the `<table>` element (e.g. `matrix`).
    pub fn class(mut self, class: &str) -> Table {
        self.class = class.to_string();
        self
    }

    /// A caption above the table (plain text).
    pub fn caption(mut self, text: &str) -> Table {
        self.caption = Some(text.to_string());
        self
    }

    /// Right-aligns these columns (0-based), header and body.
    pub fn numeric(mut self, columns: &[usize]) -> Table {
        self.numeric = columns.to_vec();
        self
    }

    /// Appends a row.
    pub fn row<C: Into<Cell>>(&mut self, cells: Vec<C>) -> &mut Table {
        self.row_with_class("", cells)
    }

    /// Appends a row with a class on its `<tr>` (`pass`, `fail`, `chosen`).
    pub fn row_with_class<C: Into<Cell>>(&mut self, class: &str, cells: Vec<C>) -> &mut Table {
        self.rows.push(Row {
            class: class.to_string(),
            cells: cells.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// Number of body rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no body row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as HTML.
    pub fn to_html(&self) -> String {
        let mut o = String::new();
        if self.class.is_empty() {
            o.push_str("<table>\n");
        } else {
            let _ = writeln!(o, "<table class=\"{}\">", escape(&self.class));
        }
        if let Some(c) = &self.caption {
            let _ = writeln!(o, "<caption>{}</caption>", escape(c));
        }
        o.push_str("<thead><tr>");
        for (i, h) in self.head.iter().enumerate() {
            let class = if self.numeric.contains(&i) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(o, "<th scope=\"col\"{class}>{h}</th>");
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        for r in &self.rows {
            if r.class.is_empty() {
                o.push_str("<tr>");
            } else {
                let _ = write!(o, "<tr class=\"{}\">", escape(&r.class));
            }
            for (i, c) in r.cells.iter().enumerate() {
                let mut class = c.class.clone();
                if self.numeric.contains(&i) {
                    if !class.is_empty() {
                        class.push(' ');
                    }
                    class.push_str("num");
                }
                if class.is_empty() {
                    let _ = write!(o, "<td>{}</td>", c.html);
                } else {
                    let _ = write!(o, "<td class=\"{}\">{}</td>", escape(&class), c.html);
                }
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody>\n</table>\n");
        o
    }
}

/// A verdict badge: `"pass"` → green PASS, `"fail"` → red FAIL, anything else (or nothing)
/// → a grey badge with the text, or "—".
pub fn verdict_badge(verdict: Option<&str>) -> String {
    match verdict {
        Some("pass") => "<span class=\"badge pass\">PASS</span>".into(),
        Some("fail") => "<span class=\"badge fail\">FAIL</span>".into(),
        Some("inconclusive") => "<span class=\"badge\">INCONCLUSIVE</span>".into(),
        Some("not_measured") => "<span class=\"badge\">NOT MEASURED</span>".into(),
        Some(other) => format!("<span class=\"badge\">{}</span>", escape(other)),
        None => format!("<span class=\"badge\">{NONE}</span>"),
    }
}

/// The big verdict badge of a page heading.
pub fn verdict_badge_big(verdict: Option<&str>) -> String {
    verdict_badge(verdict).replacen("class=\"badge", "class=\"badge big", 1)
}

/// `"pass"`, `"fail"`, or `""` for anything else: a CSS class for a verdict.
pub fn verdict_class(verdict: Option<&str>) -> &'static str {
    match verdict {
        Some("pass") => "pass",
        Some("fail") => "fail",
        _ => "",
    }
}

/// How a figure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A fraction shown as a percentage with this many decimals.
    Percent(usize),
    /// Milliseconds with this many decimals.
    Ms(usize),
    /// A plain number with this many decimals.
    Number(usize),
}

impl Unit {
    /// `x` in this unit, without the unit for milliseconds and plain numbers.
    pub fn format(self, x: f64) -> String {
        if !x.is_finite() {
            return NONE.into();
        }
        match self {
            Unit::Percent(d) => format!("{:.d$}%", x * 100.0),
            Unit::Ms(d) | Unit::Number(d) => format!("{x:.d$}"),
        }
    }

    /// `x` in this unit with the unit written out (`1.562 ms`).
    pub fn format_with_unit(self, x: f64) -> String {
        match self {
            Unit::Ms(_) if x.is_finite() => format!("{} ms", self.format(x)),
            _ => self.format(x),
        }
    }
}

/// A number of a JSON value, `None` for null, missing or non-numbers.
pub fn num(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64).filter(|x| x.is_finite())
}

/// A string of a JSON value.
pub fn str_of(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

/// A JSON scalar as escaped text: strings escaped, numbers as written, "—" for null or
/// missing, `true`/`false`.
pub fn scalar(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => NONE.into(),
        Some(Value::String(s)) => escape(s),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other) => escape(&other.to_string()),
    }
}

/// A metric `{ "mean", "ci95": [lo, hi] }`: its mean and interval, when present.
pub fn metric_parts(metric: Option<&Value>) -> Option<(f64, Option<(f64, f64)>)> {
    let m = metric?;
    let mean = num(m.get("mean"))?;
    let ci = m
        .get("ci95")
        .and_then(Value::as_array)
        .and_then(|a| Some((num(a.first())?, num(a.get(1))?)));
    Some((mean, ci))
}

/// A metric's mean and, in smaller type below it, its 95% interval ("6.01–6.36%"), left out
/// when it is the mean itself at this precision: the content of a table cell. "—" when the
/// metric is null.
pub fn metric_cell(metric: Option<&Value>, unit: Unit) -> String {
    match metric_parts(metric) {
        None => NONE.into(),
        Some((mean, ci)) => {
            let shown = unit.format(mean);
            let mut o = format!("<span class=\"v\">{shown}</span>");
            if let Some((lo, hi)) = ci {
                let (lo, hi) = (unit.format(lo), unit.format(hi));
                if lo != shown || hi != shown {
                    let _ = write!(
                        o,
                        "<small class=\"ci\" title=\"95% confidence interval of the mean\">{}–{hi}</small>",
                        lo.trim_end_matches('%')
                    );
                }
            }
            o
        }
    }
}

/// A compliance `{ "share", "wilson95", "met" }` as a short line: "✓ 8/8 met" (replications
/// meeting the target / measuring it, recovered from the share and its Wilson interval, at
/// most `replications`) or "✓ 87.5% met", marked ✗ when `met` is false. Empty for null.
pub fn compliance_line(compliance: Option<&Value>, replications: u64) -> String {
    let Some(c) = compliance.filter(|c| c.is_object()) else {
        return String::new();
    };
    let Some(share) = num(c.get("share")) else {
        return String::new();
    };
    let met = c.get("met").and_then(Value::as_bool);
    let how = match replication_counts(c, replications) {
        Some((k, n)) => format!("{k}/{n} met"),
        None => format!("{} met", share_text(share)),
    };
    match met {
        Some(false) => format!("<small class=\"miss\" title=\"{TITLE}\">✗ {how}</small>"),
        Some(true) => format!("<small class=\"ok\" title=\"{TITLE}\">✓ {how}</small>"),
        None => format!("<small title=\"{TITLE}\">{how}</small>"),
    }
}

const TITLE: &str = "replications meeting the target / replications measuring it";

/// A metric cell with its compliance line under it, marked (`miss` class) when the target is
/// missed: the cell of an SLA figure.
pub fn sla_cell(
    metric: Option<&Value>,
    compliance: Option<&Value>,
    unit: Unit,
    replications: u64,
) -> Cell {
    let html = format!(
        "{}{}",
        metric_cell(metric, unit),
        compliance_line(compliance, replications)
    );
    let missed = compliance
        .and_then(|c| c.get("met"))
        .and_then(Value::as_bool)
        == Some(false);
    let cell = Cell::html(html);
    if missed { cell.class("miss") } else { cell }
}

/// A share such as a compliance share: "100%", "87.5%".
pub fn share_text(share: f64) -> String {
    if !share.is_finite() {
        return NONE.into();
    }
    let p = share * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// A target fraction as a short percentage: 0.002 → "0.2%", 0.9995 → "99.95%".
pub fn target_text(fraction: Option<f64>) -> String {
    match fraction {
        None => NONE.into(),
        Some(f) => {
            let s = format!("{:.6}", f * 100.0);
            let s = s.trim_end_matches('0').trim_end_matches('.');
            format!("{s}%")
        }
    }
}

/// The met / measured replication counts behind a compliance share, recovered exactly: the
/// judge reports the share k/n and its 95% Wilson interval, and only one (k, n) gives both.
/// n is at most `max_n` (the run's replications); `None` when no n matches (a hand-written
/// file).
pub fn replication_counts(compliance: &Value, max_n: u64) -> Option<(u64, u64)> {
    let share = num(compliance.get("share"))?;
    let w = compliance.get("wilson95")?.as_array()?;
    let (lo, hi) = (num(w.first())?, num(w.get(1))?);
    if !(0.0..=1.0).contains(&share) {
        return None;
    }
    let max_n = max_n.min(MAX_COUNT_SEARCH);
    let fits = |n: u64| {
        let k = (share * n as f64).round();
        if (k / n as f64 - share).abs() > 1e-12 {
            return None;
        }
        let k = k as u64;
        let (l, h) = crate::sla::wilson_interval(k, n, 0.95);
        ((l - lo).abs() < 1e-9 && (h - hi).abs() < 1e-9).then_some((k, n))
    };
    // Usually every replication measured the target: try n = max_n first.
    if max_n == 0 {
        return None;
    }
    fits(max_n).or_else(|| (1..max_n).find_map(fits))
}

/// The largest replication count [`replication_counts`] searches.
const MAX_COUNT_SEARCH: u64 = 20_000;

/// A `<section>` with a heading (plain text) and a body (HTML).
pub fn section(id: &str, heading: &str, body_html: &str) -> String {
    format!(
        "<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n",
        escape(id),
        escape(heading),
        body_html
    )
}

/// A figure: an inline SVG (already checked, see [`super::svg::inline_svg`]) with a caption
/// whose title and text are plain text.
pub fn figure(svg_html: &str, number: usize, title: &str, caption: &str) -> String {
    format!(
        "<figure>\n{svg_html}\n<figcaption><b>Figure {number}. {}</b> {}</figcaption>\n</figure>\n",
        escape(title),
        escape(caption)
    )
}

/// A definition list of (term, HTML value) pairs.
pub fn facts(items: &[(&str, String)]) -> String {
    let mut o = String::from("<dl class=\"facts\">\n");
    for (term, value) in items {
        let _ = writeln!(o, "<dt>{}</dt><dd>{value}</dd>", escape(term));
    }
    o.push_str("</dl>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escape_neutralises_markup_quotes_and_controls() {
        assert_eq!(escape("db-sync"), "db-sync");
        assert_eq!(
            escape("<b>&\"x\"'</b>"),
            "&lt;b&gt;&amp;&quot;x&quot;&#39;&lt;/b&gt;"
        );
        assert_eq!(escape("a\u{1b}[2Kb\r"), "a\\u{1b}[2Kb\\u{d}");
        assert_eq!(escape("x\u{202E}gpj"), "x\\u{202e}gpj");
        assert_eq!(escape("a\u{9b}b"), "a\\u{9b}b");
    }

    #[test]
    fn percentages_and_targets() {
        assert_eq!(Unit::Percent(3).format(5.5e-6), "0.001%");
        assert_eq!(Unit::Percent(4).format(0.9995), "99.9500%");
        assert_eq!(Unit::Ms(3).format(1.5625), "1.562");
        assert_eq!(Unit::Ms(3).format_with_unit(f64::NAN), NONE);
        assert_eq!(target_text(Some(0.002)), "0.2%");
        assert_eq!(target_text(Some(0.9995)), "99.95%");
        assert_eq!(target_text(Some(0.2)), "20%");
        assert_eq!(share_text(0.875), "87.5%");
        assert_eq!(share_text(1.0), "100%");
    }

    #[test]
    fn metric_cells_show_mean_interval_or_dash() {
        let m = json!({"mean": 0.5, "ci95": [0.25, 0.75]});
        let html = metric_cell(Some(&m), Unit::Percent(1));
        assert!(
            html.contains("50.0%") && html.contains("25.0–75.0%"),
            "{html}"
        );
        let exact = json!({"mean": 1.0, "ci95": [1.0, 1.0]});
        assert!(!metric_cell(Some(&exact), Unit::Percent(3)).contains("<small"));
        assert_eq!(metric_cell(Some(&Value::Null), Unit::Ms(3)), NONE);
        assert_eq!(metric_cell(None, Unit::Ms(3)), NONE);
    }

    #[test]
    fn replication_counts_are_recovered_from_the_wilson_interval() {
        for (k, n) in [(8, 8), (0, 3), (6, 8), (19, 20), (1, 1), (0, 30)] {
            let (lo, hi) = crate::sla::wilson_interval(k, n, 0.95);
            let c = json!({"share": k as f64 / n as f64, "wilson95": [lo, hi], "met": true});
            assert_eq!(replication_counts(&c, 30), Some((k, n)));
        }
        let c = json!({"share": 0.5, "wilson95": [0.0, 1.0], "met": false});
        assert_eq!(replication_counts(&c, 30), None);
        assert!(compliance_line(Some(&c), 30).contains("✗ 50% met"));
    }

    #[test]
    fn tables_escape_class_and_caption() {
        let mut t = Table::new(&["a", "b"]).caption("<x>").numeric(&[1]);
        t.row(vec![Cell::text("<n>"), Cell::html("1")]);
        let html = t.to_html();
        assert!(html.contains("<caption>&lt;x&gt;</caption>"));
        assert!(html.contains("<td>&lt;n&gt;</td><td class=\"num\">1</td>"));
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn page_is_a_document_with_no_script() {
        let p = page("a <b>", "<p>x</p>");
        assert!(p.starts_with("<!DOCTYPE html>"));
        assert!(p.contains("<title>a &lt;b&gt;</title>"));
        assert!(!p.to_lowercase().contains("<script"));
    }
}
