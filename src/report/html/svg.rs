//! Plots inlined into a page: the `<svg>` element of an SVG file, without its XML prolog,
//! made to scale with the page, and refused unless it is plain drawing.
//!
//! The plots vpcsim draws hold only shapes and text. A file that holds anything able to run
//! code, load something or restyle the page (scripts, event attributes, external references,
//! style sheets, foreign objects, animation) is not inlined: the report says so instead.

use super::kit::escape;

/// The largest SVG file inlined (bytes).
pub const MAX_SVG_BYTES: u64 = 16 * 1024 * 1024;

/// Elements a plain drawing may hold (lower case).
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "path",
    "text",
    "tspan",
    "clippath",
    "lineargradient",
    "radialgradient",
    "stop",
    "marker",
    "pattern",
    "symbol",
    "mask",
    "metadata",
];

/// The `<svg>` element of `text`, ready to be placed in an HTML page: the XML declaration,
/// comments and a doctype before it and anything after it are dropped, its fixed `width` and
/// `height` give way to a `viewBox` so it scales to the page, and `label` (plain text)
/// becomes its accessible name. The error says why a file is not inlined.
pub fn inline_svg(text: &str, label: &str) -> Result<String, String> {
    let body = strip_prolog(text)?;
    let end = body
        .rfind("</svg>")
        .ok_or("no closing </svg> tag")?
        .saturating_add("</svg>".len());
    let svg = &body[..end];
    check(svg)?;
    let open_end = tag_end(svg, 0).ok_or("the <svg> tag is not closed")?;
    let (attrs, self_closing) = parse_attributes(&svg["<svg".len()..open_end])?;
    if self_closing {
        return Err("the <svg> element is empty".into());
    }
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let mut open = String::from("<svg");
    for (name, value) in &attrs {
        let lower = name.to_ascii_lowercase();
        if matches!(
            lower.as_str(),
            "width" | "height" | "style" | "class" | "role" | "aria-label"
        ) {
            continue;
        }
        open.push_str(&format!(" {}=\"{}\"", name, escape_attribute(value)));
    }
    let positive = |v: &str| {
        v.trim()
            .trim_end_matches("px")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0)
    };
    let mut size = get("viewBox").and_then(|vb| {
        let parts: Vec<&str> = vb
            .split(|c: char| c.is_ascii_whitespace() || c == ',')
            .filter(|p| !p.is_empty())
            .collect();
        Some((positive(parts.get(2)?)?, positive(parts.get(3)?)?))
    });
    if get("viewBox").is_none()
        && let (Some(w), Some(h)) = (
            get("width").and_then(positive),
            get("height").and_then(positive),
        )
    {
        open.push_str(&format!(" viewBox=\"0 0 {w} {h}\""));
        size = Some((w, h));
    }
    // Wide plots print two to an A4 page, tall ones (the sweep's panels) one.
    let tall = size.is_some_and(|(w, h)| h > 1.1 * w);
    open.push_str(if tall {
        " class=\"plot tall\""
    } else {
        " class=\"plot wide\""
    });
    if get("xmlns").is_none() {
        open.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
    }
    open.push_str(&format!(
        " role=\"img\" aria-label=\"{}\" preserveAspectRatio=\"xMidYMid meet\">",
        escape(label)
    ));
    Ok(format!("{open}{}", &svg[open_end + 1..]))
}

/// `text` from its `<svg` tag on: a byte order mark, XML declaration, processing
/// instructions, comments and a doctype without an internal subset may come first.
fn strip_prolog(text: &str) -> Result<&str, String> {
    let mut rest = text.trim_start_matches('\u{FEFF}');
    loop {
        rest = rest.trim_start();
        if rest.starts_with("<?") {
            let end = rest.find("?>").ok_or("unterminated XML declaration")?;
            rest = &rest[end + 2..];
        } else if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("unterminated comment")?;
            rest = &rest[end + 3..];
        } else if starts_with_ignore_case(rest, "<!DOCTYPE") {
            let end = rest.find('>').ok_or("unterminated doctype")?;
            if rest[..end].contains('[') {
                return Err("the doctype declares entities".into());
            }
            rest = &rest[end + 1..];
        } else if starts_with_ignore_case(rest, "<svg")
            && rest[4..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
        {
            return Ok(rest);
        } else {
            return Err("the file does not start with an <svg> element".into());
        }
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Index of the `>` closing the tag that starts at `start`, skipping quoted values.
fn tag_end(s: &str, start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in s.as_bytes().iter().enumerate().skip(start) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

/// The attributes of a tag's inside (after its name, before `>`), and whether it ends in `/`.
fn parse_attributes(inner: &str) -> Result<(Vec<(String, String)>, bool), String> {
    let mut attrs = Vec::new();
    let mut rest = inner.trim_start();
    let mut self_closing = false;
    while !rest.is_empty() {
        if rest == "/" {
            self_closing = true;
            break;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_ascii_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        {
            return Err(format!("malformed attribute near {:?}", truncate(rest)));
        }
        rest = rest[name_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let q = after.chars().next().filter(|c| *c == '"' || *c == '\'');
            let Some(q) = q else {
                return Err(format!("unquoted value of attribute {name:?}"));
            };
            let close = after[1..]
                .find(q)
                .ok_or_else(|| format!("unterminated value of attribute {name:?}"))?;
            let value = after[1..1 + close].to_string();
            rest = after[close + 2..].trim_start();
            value
        } else {
            String::new()
        };
        attrs.push((name.to_string(), value));
    }
    Ok((attrs, self_closing))
}

fn truncate(s: &str) -> String {
    s.chars().take(24).collect()
}

/// An attribute value already written as XML (its entities intact) made safe inside double
/// quotes: only the characters that could end the value or open markup are changed.
fn escape_attribute(value: &str) -> String {
    value
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Refuses anything but plain drawing: every element must be a known drawing element, no
/// attribute may be an event handler or an external reference, and nothing may name a
/// script or load a resource.
fn check(svg: &str) -> Result<(), String> {
    let lower = svg.to_ascii_lowercase();
    for bad in [
        "javascript:",
        "<![cdata[",
        "@import",
        "<!entity",
        "<!doctype",
    ] {
        if lower.contains(bad) {
            return Err(format!("it contains {bad:?}"));
        }
    }
    let bytes = svg.as_bytes();
    let mut i = 0;
    while let Some(off) = svg[i..].find('<') {
        let at = i + off;
        let rest = &svg[at..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("unterminated comment")?;
            i = at + end + 3;
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = at + if closing { 2 } else { 1 };
        let name_len = svg[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':')))
            .unwrap_or(svg.len() - name_start);
        if name_len == 0 {
            return Err(format!("malformed markup near {:?}", truncate(rest)));
        }
        let name = svg[name_start..name_start + name_len].to_ascii_lowercase();
        if !ELEMENTS.contains(&name.as_str()) {
            return Err(format!("it holds a <{name}> element"));
        }
        let end = tag_end(svg, name_start).ok_or("a tag is not closed")?;
        if !closing {
            let (attrs, _) = parse_attributes(&svg[name_start + name_len..end])?;
            for (n, v) in &attrs {
                let n = n.to_ascii_lowercase();
                let v = v.trim().to_ascii_lowercase();
                if n.starts_with("on") {
                    return Err(format!("it has an event attribute {n:?}"));
                }
                if (n == "href" || n.ends_with(":href")) && !v.starts_with('#') {
                    return Err("it refers to an external resource".into());
                }
                if v.contains("url(") && !only_local_urls(&v) {
                    return Err("it refers to an external resource".into());
                }
            }
        }
        i = end + 1;
        debug_assert!(i <= bytes.len());
    }
    Ok(())
}

/// Whether every `url(...)` in `v` points into the document (`url(#id)`).
fn only_local_urls(v: &str) -> bool {
    v.match_indices("url(").all(|(i, _)| {
        v[i + 4..]
            .trim_start()
            .trim_start_matches(['"', '\''])
            .starts_with('#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prolog_is_stripped_and_size_becomes_a_view_box() {
        let svg = "<?xml version=\"1.0\"?>\n<!-- drawn -->\n<svg width=\"100\" height=\"50\" \
                   xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"0\" y=\"0\" width=\"1\" \
                   height=\"1\"/><text>a &lt; b</text></svg>\n";
        let out = inline_svg(svg, "a <plot>").unwrap();
        assert!(out.starts_with("<svg xmlns="), "{out}");
        assert!(out.contains("viewBox=\"0 0 100 50\""), "{out}");
        assert!(out.contains("class=\"plot wide\""), "{out}");
        assert!(out.contains("aria-label=\"a &lt;plot&gt;\""), "{out}");
        assert!(!out.contains("width=\"100\""), "{out}");
        assert!(out.ends_with("</svg>"));
        assert!(out.contains("<rect x=\"0\" y=\"0\" width=\"1\""));
    }

    #[test]
    fn anything_but_drawing_is_refused() {
        for bad in [
            "<svg><script>alert(1)</script></svg>",
            "<svg><rect onload=\"x()\"/></svg>",
            "<svg><image href=\"http://example.com/x.png\"/></svg>",
            "<svg><use href=\"http://example.com/x.svg#a\"/></svg>",
            "<svg><rect fill=\"url(http://example.com/p)\"/></svg>",
            "<svg><foreignObject><p>x</p></foreignObject></svg>",
            "<svg><style>body{display:none}</style></svg>",
            "<!DOCTYPE svg [<!ENTITY x \"y\">]><svg></svg>",
            "<html><svg></svg></html>",
            "<svg><a href=\"javascript:x()\"><text>x</text></a></svg>",
            "<svg><rect",
        ] {
            assert!(inline_svg(bad, "x").is_err(), "accepted {bad}");
        }
        assert!(inline_svg("<svg><rect fill=\"url(#g)\"/></svg>", "x").is_ok());
    }
}
