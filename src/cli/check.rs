//! `vpcsim check FILE --baseline summary.json`: re-run and compare with a stored result.
//! Exit 0 same, 1 regressed, 2 bad input.

use super::{EXIT_BAD_INPUT, print_diagnostics};
use crate::montecarlo::{Shard, execute};
use crate::pipeline::load_network;
use crate::report::regression::regressions;
use crate::report::{Stats, Summary};
use crate::sla::judge::judge;
use std::path::Path;

pub fn run(file: &Path, baseline: &Path, threads: usize) -> u8 {
    let base: serde_json::Value = match std::fs::read(baseline)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: cannot read baseline {}: {e}", baseline.display());
            return EXIT_BAD_INPUT;
        }
    };
    let loaded = match load_network(file) {
        Ok(l) => l,
        Err(d) => {
            print_diagnostics(&d);
            return EXIT_BAD_INPUT;
        }
    };
    let net = &loaded.network;
    // Re-run with the baseline's seed and replication count so the comparison is like for like.
    let seed = base
        .get("seed")
        .and_then(|v| v.as_u64())
        .unwrap_or(net.simulation.seed);
    let reps = base
        .get("replications")
        .and_then(|v| v.as_u64())
        .map_or(net.simulation.replications, |r| {
            r.clamp(1, u32::MAX as u64) as u32
        });
    let outcome = execute(net, seed, reps, Shard::WHOLE, threads, &|| {});
    let report = judge(
        &net.sla,
        &net.flows.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
        &net.judged_connections(),
        &outcome.tables.flows,
        &outcome.tables.connections,
    );
    let summary = Summary::new(
        &net.name,
        seed,
        reps as u64,
        &net.sla,
        report,
        Stats {
            events: outcome.events,
            wall_s: 0.0,
            events_per_s: 0.0,
        },
    );
    let current = match serde_json::to_value(&summary) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    let found = regressions(&base, &current);
    if found.is_empty() {
        println!(
            "{}: no regression against {} (seed {seed}, {reps} replications)",
            net.name,
            baseline.display()
        );
        0
    } else {
        println!(
            "{}: {} regression{} against {}:",
            net.name,
            found.len(),
            if found.len() == 1 { "" } else { "s" },
            baseline.display()
        );
        for f in &found {
            println!("  {f}");
        }
        1
    }
}
