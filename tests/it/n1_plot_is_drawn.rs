//! `vpcsim n1` draws `n1.svg` and `n1.png` beside n1.csv (the PNG at twice the SVG's size):
//! one cell per case × flow, pass or fail told apart by colour and by a ✓ or ✗ mark, each
//! failing cell saying why. The plot is listed in the manifest, embedded in report.html, and
//! `vpcsim plot DIR` redraws it byte for byte from n1.csv.

use crate::support::plot_files;

use plot_files::{assert_valid_plot, read, svg_texts};
use std::path::Path;
use std::process::Command;

/// The fill of a passing and of a failing cell (src/report/plots/n1.rs).
const PASS_FILL: &str = "#DFF1DF";
const FAIL_FILL: &str = "#B22222";

fn vpcsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vpcsim"))
        .args(args)
        .output()
        .expect("run vpcsim")
}

/// (case, flow, verdict) of every n1.csv row.
fn verdicts(dir: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(dir.join("n1.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), rec[1].to_string(), rec[2].to_string())
        })
        .collect()
}

/// The fills of the SVG's cell rectangles (legend swatches are 20 units wide, cells more).
fn cell_fills(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    for rect in svg.split("<rect").skip(1) {
        let tag = &rect[..rect.find('>').unwrap()];
        let attr = |name: &str| {
            let key = format!(" {name}=\"");
            let at = tag.find(&key)? + key.len();
            Some(tag[at..at + tag[at..].find('"')?].to_string())
        };
        let wide = attr("width").and_then(|w| w.parse::<u32>().ok()) > Some(40);
        if let Some(fill) = attr("fill").filter(|f| wide && (f == PASS_FILL || f == FAIL_FILL)) {
            out.push(fill);
        }
    }
    out
}

#[test]
fn n1_draws_a_cell_per_case_and_flow() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("n1");
    let o = vpcsim(&[
        "n1",
        "tests/fixtures/n1/triangle.toml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let svg = assert_valid_plot(&out, "n1");
    let rows = verdicts(&out);
    assert_eq!(rows.len(), 9 * 2, "9 cases × 2 flows");
    let fills = cell_fills(&svg);
    assert_eq!(fills.len(), rows.len(), "a cell per case × flow");
    let failing = rows.iter().filter(|r| r.2 == "fail").count();
    assert_eq!(failing, 4);
    assert_eq!(fills.iter().filter(|f| *f == FAIL_FILL).count(), failing);

    // Marks that read without colour, and the reasons of the failing cells.
    let texts = svg_texts(&svg);
    let count = |s: &str| texts.iter().filter(|t| *t == s).count();
    assert_eq!(count("✗"), failing, "{texts:?}");
    assert_eq!(count("✓"), rows.len() - failing);
    assert_eq!(
        count("no path"),
        3,
        "vbr, plant-c and ac cut a flow's only way"
    );
    assert!(texts.iter().any(|t| t == "loss 36.5%"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "queue overflow"), "{texts:?}");
    for case in [
        "none (baseline)",
        "link:r1/r3",
        "physical_connection:line-1",
    ] {
        assert!(texts.iter().any(|t| t == case), "{case} in {texts:?}");
    }

    // Listed in the manifest, inlined in the report.
    let manifest = String::from_utf8(read(&out, "manifest.json")).unwrap();
    assert!(manifest.contains("\"n1.svg\"") && manifest.contains("\"n1.png\""));
    let html = String::from_utf8(read(&out, "report.html")).unwrap();
    let svg = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        read(&out, "n1.svg"),
    );
    assert!(
        html.contains(&format!("src=\"data:image/svg+xml;base64,{svg}\"")),
        "n1.svg is embedded as an image"
    );

    // `plot` redraws the same bytes from n1.csv.
    let before = (read(&out, "n1.svg"), read(&out, "n1.png"));
    let p = vpcsim(&["plot", out.to_str().unwrap()]);
    assert_eq!(
        p.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&p.stderr)
    );
    assert_eq!(before, (read(&out, "n1.svg"), read(&out, "n1.png")));
}
