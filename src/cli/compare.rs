//! `vpcsim compare A B`: two designs side by side. A and B are result folders (their
//! manifests verified) or scenario files, which are run here with the same seed and
//! replication count. Exit 0 when B does not regress against A, 1 when it does, 2 for bad
//! input.

use super::run::RunOptions;
use super::{EXIT_BAD_INPUT, failed, load};
use crate::report::compare::render;
use crate::report::default_out_dir;
use crate::report::outdir::Guard;
use crate::report::regression::Tolerance;
use crate::study::{Compare, Design, Side};
use std::path::Path;

/// Options of `compare`.
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    pub run: RunOptions,
    pub tolerance: Vec<String>,
}

/// A side as given: a result folder, or a scenario file loaded here.
enum Given {
    Folder(Side<'static>),
    Scenario(Box<Design>),
}

fn given(path: &Path, letter: &str) -> Result<Given, u8> {
    if path.is_dir() {
        return Side::read(path, letter).map(Given::Folder).map_err(failed);
    }
    load(path)
        .map(|d| Given::Scenario(Box::new(d)))
        .ok_or(EXIT_BAD_INPUT)
}

fn side<'a>(g: &'a Given, path: &Path) -> Side<'a> {
    match g {
        Given::Folder(s) => s.clone(),
        Given::Scenario(d) => Side::Design {
            path: path.to_path_buf(),
            design: d,
        },
    }
}

pub fn run(a: &Path, b: &Path, opts: &CompareOptions) -> u8 {
    let mut tolerance = Tolerance::default();
    for t in &opts.tolerance {
        if let Err(e) = tolerance.apply(t) {
            eprintln!("error: {e}");
            return EXIT_BAD_INPUT;
        }
    }
    let (ga, gb) = match (given(a, "A"), given(b, "B")) {
        (Ok(ga), Ok(gb)) => (ga, gb),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let o = &opts.run;
    let mut study = Compare::new(side(&ga, a), side(&gb, b));
    study.replications = o.replications;
    study.seed = o.seed;
    study.threads = o.threads;
    study.tolerance = tolerance;
    study.limits = o.limits;
    if let Some((fa, fb)) = study.mismatched_runs() {
        eprintln!(
            "note: A ran with seed {} and {} replications, B with seed {} and {}: differences include sampling noise",
            fa.0, fa.1, fb.0, fb.1
        );
    }
    let (name_a, name_b) = study.names();
    let out = o
        .out
        .clone()
        .unwrap_or_else(|| default_out_dir(&format!("compare-{name_a}-vs-{name_b}")));
    let guard = Guard {
        force: o.force,
        inputs: study.inputs(),
    };
    match study.execute_into(&out, &guard, &()) {
        Ok(r) => {
            print!("{}", render(&r.comparison));
            println!("outputs: {}", out.display());
            u8::from(r.regressed())
        }
        Err(e) => failed(e),
    }
}
