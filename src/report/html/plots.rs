//! The plots of a result folder in its page: each SVG file embedded as an image,
//! `<img src="data:image/svg+xml;base64,…">`. An SVG shown as an image cannot run a script,
//! load anything or restyle the page, whatever the file holds, so the page needs no cleaning
//! of the files and stays a single self-contained file.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use maud::{Markup, html};
use std::path::Path;

/// The largest SVG file embedded (bytes).
pub const MAX_SVG_BYTES: u64 = 16 * 1024 * 1024;

/// A plot of the folder: its file name, title and caption.
pub struct Plot {
    pub file: &'static str,
    pub title: &'static str,
    pub caption: &'static str,
}

/// What a page shows of one plot file.
enum Shown {
    Figure(Markup),
    NotShown(String),
}

/// The plots of `plots` present in `dir`, embedded as numbered figures under `heading`; a
/// file that cannot be embedded is named with the reason. Empty when none is present.
pub fn plots_section(dir: &Path, plots: &[Plot], heading: &str) -> Markup {
    let mut shown = Vec::new();
    let mut number = 0;
    for p in plots {
        let path = dir.join(p.file);
        if !path.is_file() {
            continue;
        }
        match crate::report::manifest::read_limited(&path, MAX_SVG_BYTES) {
            Ok(bytes) => {
                number += 1;
                shown.push(Shown::Figure(figure(&bytes, number, p)));
            }
            Err(e) => shown.push(Shown::NotShown(format!("{} is not shown: {e}.", p.file))),
        }
    }
    if shown.is_empty() {
        return html! {};
    }
    html! {
        section.plots #plots {
            h2 { (heading) }
            @for s in &shown {
                @match s {
                    Shown::Figure(f) => (f),
                    Shown::NotShown(why) => p.note.warn { (why) },
                }
            }
        }
    }
}

/// A numbered figure: the SVG as an image scaled to the page, with a caption naming its file.
fn figure(svg: &[u8], number: usize, plot: &Plot) -> Markup {
    let size = svg_size(svg);
    // Wide plots print two to an A4 page, tall ones (the sweep's panels) one.
    let tall = size.is_some_and(|(w, h)| f64::from(h) > 1.1 * f64::from(w));
    let src = format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg));
    html! {
        figure {
            img.plot.wide[!tall].tall[tall] src=(src) alt=(plot.title)
                width=[size.map(|s| s.0)] height=[size.map(|s| s.1)];
            figcaption {
                b { "Figure " (number) ". " (plot.title) }
                " " (plot.caption) " (" (plot.file) ")"
            }
        }
    }
}

/// The width and height, in whole pixels, that the root `<svg>` element of a file declares
/// (`<svg width="1000" height="620" …>`), when it declares both.
fn svg_size(svg: &[u8]) -> Option<(u32, u32)> {
    let head = &svg[..svg.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    let start = head.find("<svg")?;
    let tag = &head[start..];
    let tag = &tag[..tag.find('>')?];
    let attribute = |name: &str| -> Option<u32> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let value = &tag[at..];
        let value = value[..value.find('"')?].trim().trim_end_matches("px");
        let x: f64 = value.parse().ok()?;
        (x.is_finite() && x > 0.0 && x < 1e6).then(|| x.round() as u32)
    };
    Some((attribute("width")?, attribute("height")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLOT: Plot = Plot {
        file: "a.svg",
        title: "A <plot>",
        caption: "What it shows & why.",
    };

    #[test]
    fn a_plot_is_an_image_of_its_own_bytes() {
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"100\" height=\"50\" \
                   xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n";
        let html = figure(svg.as_bytes(), 3, &PLOT).into_string();
        let encoded = STANDARD.encode(svg);
        assert!(
            html.contains(&format!(
                "<img class=\"plot wide\" src=\"data:image/svg+xml;base64,{encoded}\" \
                 alt=\"A &lt;plot&gt;\" width=\"100\" height=\"50\">"
            )),
            "{html}"
        );
        assert!(
            !html.contains("<script") && !html.contains("<svg"),
            "{html}"
        );
        assert!(html.contains("<b>Figure 3. A &lt;plot&gt;</b> What it shows &amp; why. (a.svg)"));
    }

    #[test]
    fn sizes_come_from_the_root_element() {
        assert_eq!(
            svg_size(b"<svg width=\"1000\" height=\"1400\" x=\"1\">"),
            Some((1000, 1400))
        );
        assert_eq!(svg_size(b"<svg viewBox=\"0 0 1 1\">"), None);
        let html = figure(b"<svg width=\"10\" height=\"20\"></svg>", 1, &PLOT).into_string();
        assert!(html.contains("class=\"plot tall\""), "{html}");
        assert!(
            figure(b"not an svg", 1, &PLOT)
                .into_string()
                .contains("<img class=\"plot wide\"")
        );
    }

    #[test]
    fn absent_plots_make_no_section_and_unreadable_ones_are_named() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            plots_section(dir.path(), &[PLOT], "Plots")
                .into_string()
                .is_empty()
        );
        std::fs::create_dir(dir.path().join("a.svg")).unwrap();
        assert!(
            plots_section(dir.path(), &[PLOT], "Plots")
                .into_string()
                .is_empty()
        );
    }
}
