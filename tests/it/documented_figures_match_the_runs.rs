//! Every figure in README.md and in the scenario files' comments that comes from a run is
//! generated, never typed: it sits between two markers,
//!
//! - `<!-- figures:NAME:begin -->` … `<!-- figures:NAME:end -->` in README.md,
//! - `# figures:NAME:begin` … `# figures:NAME:end` in a scenario file,
//!
//! and this test produces every block again by running the release binary on the scenarios
//! (with their own seeds and replication counts, from a copy of scenarios/ so the commands
//! and paths printed are the ones a user types from the repository's root). It fails when a
//! block differs from what the current build prints, showing the difference. To rewrite the
//! blocks from the current build:
//!
//! ```sh
//! VPCSIM_REFRESH_DOCS=1 cargo test --release --test it documented_figures
//! ```

use crate::support::figures;

use figures::{Block, Workspace, blocks_of, line_diff, replace_blocks};
use std::path::{Path, PathBuf};

/// The environment variable that makes the test rewrite the blocks instead of failing.
const REFRESH: &str = "VPCSIM_REFRESH_DOCS";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file that holds generated blocks: README.md and the library scenarios.
fn documented_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    files.extend(scenarios);
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// Blocks README.md must hold (each produced from a run).
const README_BLOCKS: &[&str] = &[
    "quickstart",
    "capacity-sweep",
    "check",
    "library",
    "dual-homed",
    "n1",
    "compare",
    "cost",
    "traffic-matrix",
    "catalogues",
    "speed",
];

#[test]
fn every_generated_block_equals_what_the_current_build_prints() {
    let refresh = std::env::var_os(REFRESH).is_some();
    let mut ws = Workspace::new(&root());
    let mut problems = Vec::new();
    let mut refreshed = Vec::new();

    for path in documented_files() {
        let name = relative(&path);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let markdown = name.ends_with(".md");
        let blocks: Vec<Block> = match blocks_of(&text, markdown) {
            Ok(b) => b,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };

        let names: Vec<&str> = blocks.iter().map(|b| b.name.as_str()).collect();
        if markdown {
            for want in README_BLOCKS {
                if !names.contains(want) {
                    problems.push(format!(
                        "{name}: no generated block `{want}` (markers <!-- figures:{want}:begin --> \
                         and <!-- figures:{want}:end -->)"
                    ));
                }
            }
        } else if !names.contains(&"observed") {
            problems.push(format!(
                "{name}: no `observed` block (# figures:observed:begin … # figures:observed:end): \
                 every library scenario shows what its run gives"
            ));
        }

        let mut fresh = Vec::new();
        for block in &blocks {
            let produced = if markdown {
                ws.readme_block(&block.name)
            } else {
                ws.scenario_block(&name, &block.name)
            };
            match produced {
                Ok(body) => fresh.push(body),
                Err(e) => {
                    problems.push(format!("{name}: block `{}`: {e}", block.name));
                    fresh.push(block.body.clone());
                }
            }
        }

        let stale: Vec<(usize, &Block)> = blocks
            .iter()
            .enumerate()
            .filter(|(i, b)| b.body != fresh[*i])
            .collect();
        if stale.is_empty() {
            continue;
        }
        if refresh {
            let updated = replace_blocks(&text, &blocks, &fresh);
            std::fs::write(&path, updated).unwrap_or_else(|e| panic!("{name}: {e}"));
            refreshed.push(name.clone());
        } else {
            for (i, b) in stale {
                problems.push(format!(
                    "{name}: block `{}` differs from the current build (- documented, + produced):\n{}",
                    b.name,
                    line_diff(&b.body, &fresh[i])
                ));
            }
        }
    }

    if !refreshed.is_empty() {
        eprintln!("rewrote the generated blocks of: {}", refreshed.join(", "));
    }
    assert!(
        problems.is_empty(),
        "{}\n\nTo rewrite the blocks from the current build:\n    {REFRESH}=1 cargo test --release \
         --test it documented_figures",
        problems.join("\n\n")
    );
}

#[test]
fn a_changed_figure_is_caught_and_shown() {
    let doc = "intro\n<!-- figures:x:begin -->\nloss 0.0010%\n<!-- figures:x:end -->\nend\n";
    let blocks = blocks_of(doc, true).expect("well-formed markers");
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].name, "x");
    assert_eq!(blocks[0].body, "loss 0.0010%\n");

    let produced = "loss 0.0012%\n".to_string();
    assert_ne!(blocks[0].body, produced);
    let diff = line_diff(&blocks[0].body, &produced);
    assert!(diff.contains("- loss 0.0010%"), "{diff}");
    assert!(diff.contains("+ loss 0.0012%"), "{diff}");

    let updated = replace_blocks(doc, &blocks, &[produced]);
    assert_eq!(
        updated,
        "intro\n<!-- figures:x:begin -->\nloss 0.0012%\n<!-- figures:x:end -->\nend\n"
    );

    let toml = "# a\n# figures:observed:begin\n# old\n# figures:observed:end\n[simulation]\n";
    let blocks = blocks_of(toml, false).expect("well-formed markers");
    assert_eq!(blocks[0].body, "# old\n");

    assert!(blocks_of("<!-- figures:x:begin -->\nno end\n", true).is_err());
    assert!(blocks_of("<!-- figures:x:begin -->\n<!-- figures:y:end -->\n", true).is_err());
}
