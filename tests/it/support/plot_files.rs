//! Checks on the plot files a run writes, shared by the plot tests.

use std::path::Path;

/// The plots of a run, each written as `.svg` and `.png`.
pub const PLOTS: [&str; 5] = [
    "delay_cdf",
    "jitter_hist",
    "loss_by_cause",
    "utilization",
    "availability",
];

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Device pixels of a PNG per SVG user unit, in each direction: PNGs are for print.
pub const PNG_SCALE: u32 = 2;

pub fn read(dir: &Path, f: &str) -> Vec<u8> {
    std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))
}

/// Width and height from the PNG's IHDR chunk, which follows the signature.
pub fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 33, "PNG too short");
    assert_eq!(&bytes[12..16], b"IHDR", "first chunk is IHDR");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// Width and height from the SVG's root element: `<svg width="1000" height="620" ...`.
pub fn svg_size(svg: &str) -> (u32, u32) {
    let root = &svg[svg.find("<svg").expect("an <svg> element")..];
    let root = &root[..root.find('>').expect("a closed <svg> tag")];
    let attr = |name: &str| -> u32 {
        let key = format!(" {name}=\"");
        let at = root
            .find(&key)
            .unwrap_or_else(|| panic!("<svg> has no {name}"))
            + key.len();
        let end = root[at..].find('"').expect("a closed attribute") + at;
        root[at..end]
            .parse()
            .unwrap_or_else(|e| panic!("<svg> {name}: {e}"))
    };
    (attr("width"), attr("height"))
}

/// The texts of the SVG's `<text>` elements, trimmed and unescaped (`&lt;` as `<`, ...).
pub fn svg_texts(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let Some(close) = rest.find("</text>") else {
            break;
        };
        let inner = rest[open_end + 1..close].trim();
        out.push(
            inner
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&"),
        );
        rest = &rest[close + "</text>".len()..];
    }
    out
}

/// Checks `<name>.svg` and `<name>.png` in `dir`; the PNG has [`PNG_SCALE`] times the SVG's
/// size. Returns the SVG's text.
pub fn assert_valid_plot(dir: &Path, name: &str) -> String {
    let svg = String::from_utf8(read(dir, &format!("{name}.svg"))).expect("SVG is UTF-8");
    let head = svg.trim_start();
    assert!(
        head.starts_with("<svg") || head.starts_with("<?xml"),
        "{name}.svg starts with {:?}",
        &head[..head.len().min(20)]
    );
    assert!(svg.trim_end().ends_with("</svg>"), "{name}.svg is closed");
    assert!(svg.contains("<text"), "{name}.svg has text");
    let png = read(dir, &format!("{name}.png"));
    assert_eq!(png[..8], PNG_SIGNATURE, "{name}.png signature");
    let (w, h) = png_size(&png);
    assert!(w >= 400 && h >= 300, "{name}.png is {w}x{h}");
    let (sw, sh) = svg_size(&svg);
    assert_eq!(
        (w, h),
        (sw * PNG_SCALE, sh * PNG_SCALE),
        "{name}.png is {PNG_SCALE}× {name}.svg ({sw}x{sh})"
    );
    svg
}
