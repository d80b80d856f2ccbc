//! `vpcsim n1 FILE`: fail every single element in turn and judge every flow. Exit 0 when every
//! case passes, 1 when any fails, 2 for bad input.

use super::progress::Progress;
use super::run::{RunOptions, config};
use super::{EXIT_BAD_INPUT, output, print_diagnostics};
use crate::study::{Collector, Experiment, RunConfig, execute};
use crate::model::build;
use crate::study::design::{Design, load_network_with};
use crate::plan::n1::{CaseSummary, N1Row, case_summary, cases, edit, matters, reachable, rows};
use crate::report::manifest::Kind;
use crate::report::outdir::{Guard, Staging};
use crate::report::plots::draw_n1;
use crate::report::summary::{Header, N1Summary};
use crate::report::{Stats, default_out_dir, safe, tables};
use crate::sla::judge::Verdict;
use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

pub fn run(file: &Path, opts: &RunOptions) -> u8 {
    let loaded = match load_network_with(file, super::load_options()) {
        Ok(l) => l,
        Err(d) => {
            print_diagnostics(&d);
            return EXIT_BAD_INPUT;
        }
    };
    print_diagnostics(&loaded.warnings);
    let result = config(&loaded, opts).and_then(|cfg| {
        if !loaded.points.is_empty() {
            return Err("n1 analyses one design; remove [sweep] (or run n1 on each value)".into());
        }
        let out = opts
            .out
            .clone()
            .unwrap_or_else(|| default_out_dir(&format!("{}-n1", loaded.network.name)));
        analyse(
            &loaded,
            &cfg,
            &out,
            &output::guard(&loaded, opts.force, &[]),
        )
    });
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        EXIT_BAD_INPUT
    })
}

fn analyse(loaded: &Design, cfg: &RunConfig, out: &Path, guard: &Guard) -> Result<u8, String> {
    let wall = Instant::now();
    let names = cases(&loaded.network);
    // Build every case; those whose element no flow's path uses reuse the `none` case.
    let mut experiments = Vec::new();
    let mut case_of: Vec<(String, Option<usize>, Vec<bool>)> = Vec::new();
    for name in &names {
        let scenario = edit(&loaded.scenario, name);
        let (net, _) = build(&scenario).map_err(|d| {
            print_diagnostics(&d);
            format!("case {name} does not build")
        })?;
        let mut exp = Experiment::new(name.clone(), net);
        exp.availability = false;
        let reach = reachable(&exp.network, &exp.plan);
        let simulate = name == crate::plan::n1::NONE || matters(&exp.network, &exp.plan);
        if simulate {
            case_of.push((name.clone(), Some(experiments.len()), reach));
            experiments.push(exp);
        } else {
            case_of.push((name.clone(), None, reach));
        }
    }
    let mut collectors: Vec<Collector> = experiments
        .iter()
        .map(|e| Collector::new(&e.network, None))
        .collect();
    let per_case = cfg.shard.replications(cfg.replications).count();
    let progress = Progress::new(
        &format!("{} N-1", loaded.network.name),
        (per_case * experiments.len()) as u64,
    )
    .with_parts(
        "case",
        experiments.iter().map(|e| e.label.clone()).collect(),
    );
    execute(&experiments, cfg, &mut collectors, &progress)?;
    progress.finish();
    let outcomes = collectors
        .into_iter()
        .map(Collector::finish)
        .collect::<Result<Vec<_>, _>>()?;
    let sla = &loaded.network.sla;
    let none = case_of
        .iter()
        .find_map(|(_, k, _)| *k)
        .ok_or("no baseline case")?;
    let mut all_rows: Vec<N1Row> = Vec::new();
    let mut summaries = Vec::new();
    for (name, k, reach) in &case_of {
        let report = &outcomes[k.unwrap_or(none)].report;
        let r = rows(name, report, reach, sla);
        summaries.push(case_summary(name, k.is_some(), &r));
        all_rows.extend(r);
    }
    let stats = Stats::new(
        outcomes.iter().map(|o| o.events).sum(),
        outcomes.iter().map(|o| o.packet_hops).sum(),
    );
    let verdict = Verdict::from(summaries.iter().all(|c| c.verdict == Verdict::Pass));
    let staging = Staging::begin(out, guard)?;
    let dir = staging.path();
    let csv = tables::to_csv(&all_rows, &[]).map_err(|e| e.to_string())?;
    crate::report::write_atomic(&dir.join("n1.csv"), &csv)
        .map_err(|e| format!("cannot write {e}"))?;
    let summary = N1Summary {
        header: Header::new(
            &loaded.network.name,
            &loaded.hash,
            cfg.seed,
            cfg.replications,
            sla,
        ),
        verdict,
        cases: summaries,
        stats: stats.clone(),
    };
    output::write_json(&dir.join("summary.json"), &summary)?;
    output::run_json(dir, wall.elapsed(), stats.events, cfg.threads)?;
    draw_n1(dir, &all_rows, &summary.header.sla, summary.header.replications)
        .map_err(|e| format!("plot not drawn: {e}"))?;
    output::report(dir)?;
    staging
        .commit(output::manifest(Kind::N1, loaded, cfg, &stats))
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    print!("{}", render(&summary, experiments.len()));
    println!("outputs: {}", out.display());
    Ok(verdict.exit_code())
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
