//! Checks on the plot files a run writes, shared by the plot tests.

#![allow(dead_code)]

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

/// Checks `<name>.svg` and `<name>.png` in `dir`; returns the SVG's text.
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
    svg
}
