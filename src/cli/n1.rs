//! `vpcsim n1 FILE`: fail every single element in turn and judge every flow. Exit 0 when every
//! case passes, 1 when any fails, 2 for bad input.

use super::progress::Progress;
use super::run::RunOptions;
use super::{EXIT_BAD_INPUT, failed, load};
use crate::plan::n1::CaseSummary;
use crate::report::summary::N1Summary;
use crate::report::{default_out_dir, safe};
use crate::sla::judge::Verdict;
use crate::study::N1;
use crate::study::output::guard;
use std::fmt::Write;
use std::path::Path;

pub fn run(file: &Path, opts: &RunOptions) -> u8 {
    let Some(design) = load(file) else {
        return EXIT_BAD_INPUT;
    };
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| default_out_dir(&format!("{}-n1", design.name())));
    let mut study = N1::new(&design);
    study.replications = opts.replications;
    study.seed = opts.seed;
    study.threads = opts.threads;
    study.limits = opts.limits;
    let progress = Progress::new(&format!("{} N-1", design.name())).with_parts("case");
    let result = study.execute_into(&out, &guard(&design, opts.force, &[]), &progress);
    progress.finish();
    match result {
        Ok(r) => {
            print!("{}", render(&r.summary, r.simulated));
            println!("outputs: {}", out.display());
            r.summary.verdict.exit_code()
        }
        Err(e) => failed(e),
    }
}

fn render(s: &N1Summary, simulated: usize) -> String {
    let mut o = String::new();
    let failing: Vec<&CaseSummary> = s
        .cases
        .iter()
        .filter(|c| c.verdict == Verdict::Fail)
        .collect();
    let _ = writeln!(
        o,
        "N-1 analysis of {}: {} cases ({simulated} simulated, the others touch no flow's path), {} failing",
        safe(&s.header.scenario),
        s.cases.len(),
        failing.len()
    );
    let w = s
        .cases
        .iter()
        .map(|c| c.case.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    for c in &failing {
        for f in c.flows.iter().filter(|f| f.verdict == Verdict::Fail) {
            let _ = writeln!(
                o,
                "{:w$}  FAIL  {}: {}",
                safe(&c.case),
                safe(&f.flow),
                safe(f.reason.as_deref().unwrap_or(""))
            );
        }
    }
    let passing = s.cases.len() - failing.len();
    let _ = writeln!(
        o,
        "{passing} case{} pass{}",
        if passing == 1 { "" } else { "s" },
        if passing == 1 { "es" } else { "" }
    );
    let _ = writeln!(o, "\nverdict: {}", s.verdict.word());
    o
}
