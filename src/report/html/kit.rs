//! The page shell and the small pieces every page shares: sections, fact lists, verdict
//! badges. Pages are built with maud's `html!`, which escapes every spliced value, so a
//! name from a scenario or a result file cannot become markup; [`page`] then shows the
//! characters that could disguise a name (controls, bidirectional and zero-width marks) as
//! `\u{..}` escapes, over the whole document, whoever built the part they are in.

use super::style::STYLE;
use crate::sla::judge::Verdict;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::fmt::Write;

/// The placeholder shown for a missing or null figure.
pub const NONE: &str = "—";

/// The Content Security Policy of every page: nothing is fetched, no script runs; the style
/// sheet is inline and the plots are `data:` images.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// A complete HTML document: `title` in the tab and `body` inside the page frame, with the
/// shared inline style sheet. The document loads nothing (its Content Security Policy forbids
/// every fetch but its own `data:` images, and every script) and prints on A4.
pub fn page(title: &str, body: Markup) -> String {
    let head = shown(html! {
        meta charset="utf-8";
        meta http-equiv="Content-Security-Policy" content=(CSP);
        meta name="viewport" content="width=device-width, initial-scale=1";
        meta name="color-scheme" content="light";
        meta name="generator" content="vpcsim";
        title { (title) }
    });
    let main = shown(html! { main.page { (body) } });
    let document = html! {
        (DOCTYPE) "\n"
        html lang="en" {
            "\n"
            head { "\n" (head) style { (PreEscaped(STYLE)) } "\n" }
            "\n"
            body { "\n" (main) }
            "\n"
        }
        "\n"
    };
    document.into_string()
}

/// Whether `c` would change how the text around it is shown without being visible: a control
/// character (C0, DEL, C1), a bidirectional embedding, override, isolate or mark, a
/// zero-width character, the byte order mark.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{061C}'
                | '\u{FEFF}'
        )
}

/// Elements after whose end tag the page source breaks its line, so it reads as text.
const LINE_ENDS: [&str; 20] = [
    "</header>",
    "</h1>",
    "</h2>",
    "</h3>",
    "</p>",
    "</ul>",
    "</li>",
    "</dl>",
    "</dd>",
    "</section>",
    "</table>",
    "</caption>",
    "</thead>",
    "<tbody>",
    "</tr>",
    "</figure>",
    "</pre>",
    "</footer>",
    "</div>",
    "</main>",
];

/// Markup as it is written into the page: every hidden character (see [`is_hidden`]) shown
/// as its `\u{..}` escape, the way the terminal report shows it, then a line break after
/// each block element. The markup holds no raw newline of its own, so any newline is data
/// and is shown too.
pub fn shown(markup: Markup) -> PreEscaped<String> {
    let text = markup.into_string();
    let mut o = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        if is_hidden(c) {
            let _ = write!(o, "{}", c.escape_unicode());
            continue;
        }
        o.push(c);
        if c == '>' && LINE_ENDS.iter().any(|t| o.ends_with(t)) {
            o.push('\n');
        }
    }
    PreEscaped(o)
}

/// A `<section>` with an id, a heading and a body.
pub fn section(id: &str, heading: &str, body: Markup) -> Markup {
    html! { section id=(id) { h2 { (heading) } (body) } }
}

/// A definition list of (term, value) pairs.
pub fn facts(items: &[(&str, Markup)]) -> Markup {
    html! {
        dl.facts {
            @for (term, value) in items {
                dt { (term) } dd { (value) }
            }
        }
    }
}

/// A verdict badge: green PASS, red FAIL, grey INCONCLUSIVE or NOT MEASURED.
pub fn verdict_badge(verdict: Verdict) -> Markup {
    badge(verdict, false)
}

/// The big verdict badge of a page heading.
pub fn verdict_badge_big(verdict: Verdict) -> Markup {
    badge(verdict, true)
}

fn badge(v: Verdict, big: bool) -> Markup {
    html! {
        span.badge.big[big].pass[v == Verdict::Pass].fail[v == Verdict::Fail] { (v.word()) }
    }
}

/// `"pass"`, `"fail"`, or `""` for a verdict that is neither: its CSS class.
pub fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        _ => "",
    }
}

/// `base` with the class of `verdict` after it, when it has one: "head pass", "answer".
pub fn with_verdict_class(base: &str, verdict: Verdict) -> String {
    match verdict_class(verdict) {
        "" => base.to_string(),
        v => format!("{base} {v}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> String {
        shown(html! { p { (value) } }).into_string()
    }

    #[test]
    fn markup_quotes_and_hidden_characters_are_shown_not_obeyed() {
        assert_eq!(text("db-sync"), "<p>db-sync</p>\n");
        assert_eq!(
            text("<b>&\"x\"</b>"),
            "<p>&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;</p>\n"
        );
        assert_eq!(text("a\u{1b}[2Kb\r"), "<p>a\\u{1b}[2Kb\\u{d}</p>\n");
        assert_eq!(text("x\u{202E}gpj"), "<p>x\\u{202e}gpj</p>\n");
        assert_eq!(text("a\u{9b}b\u{200b}"), "<p>a\\u{9b}b\\u{200b}</p>\n");
        assert_eq!(text("two\nlines"), "<p>two\\u{a}lines</p>\n");
        let attribute = shown(html! { span title=("\"><script>") {} }).into_string();
        assert_eq!(
            attribute,
            "<span title=\"&quot;&gt;&lt;script&gt;\"></span>"
        );
    }

    #[test]
    fn a_tag_named_in_text_breaks_no_line() {
        assert_eq!(text("</p>"), "<p>&lt;/p&gt;</p>\n");
    }

    #[test]
    fn page_is_a_document_with_no_script() {
        let p = page("a <b>", html! { p { "x" } });
        assert!(p.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{p}");
        assert!(p.contains("<title>a &lt;b&gt;</title>"));
        assert!(p.contains(&format!("content=\"{CSP}\"").replace('\'', "'")));
        assert!(
            p.contains("<main class=\"page\"><p>x</p>\n</main>\n"),
            "{p}"
        );
        assert!(!p.to_lowercase().contains("<script"));
    }

    #[test]
    fn badges_name_the_verdict() {
        assert_eq!(
            verdict_badge_big(Verdict::Pass).into_string(),
            "<span class=\"badge big pass\">PASS</span>"
        );
        assert_eq!(
            verdict_badge(Verdict::NotMeasured).into_string(),
            "<span class=\"badge\">NOT MEASURED</span>"
        );
        assert_eq!(with_verdict_class("head", Verdict::Inconclusive), "head");
    }
}
