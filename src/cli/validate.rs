//! `vpcsim validate FILE...`

use super::{EXIT_BAD_INPUT, print_diagnostics};
use crate::report::terminal::count;
use crate::study::design::load_network_with;
use std::path::PathBuf;

pub fn run(files: &[PathBuf]) -> u8 {
    let mut failed = 0;
    for f in files {
        match load_network_with(f, super::load_options()) {
            Ok(l) => {
                print_diagnostics(&l.warnings);
                // What `run` would refuse, the file does not pass either.
                let replications = l.network.simulation.replications;
                let experiments = l.points.len().max(1);
                if let Err(e) = crate::study::run::check_budget(
                    &l,
                    replications,
                    experiments,
                    &Default::default(),
                ) {
                    super::failed(e);
                    eprintln!("{}: the run would exceed a limit", f.display());
                    failed += 1;
                    continue;
                }
                let n = &l.network;
                let mut parts = vec![
                    count(n.regions.len(), "region"),
                    count(n.vpcs.len(), "VPC"),
                    count(n.idcs.len(), "IDC"),
                    count(n.connections.len(), "connection"),
                    count(n.flows.len(), "flow"),
                ];
                if !l.points.is_empty() {
                    parts.push(count(l.points.len(), "sweep value"));
                }
                if !l.warnings.items.is_empty() {
                    parts.push(count(l.warnings.items.len(), "warning"));
                }
                println!("ok: {} ({})", f.display(), parts.join(", "));
            }
            Err(d) => {
                print_diagnostics(&d);
                let n = d.errors().count();
                eprintln!(
                    "{}: {n} error{}",
                    f.display(),
                    if n == 1 { "" } else { "s" }
                );
                failed += 1;
            }
        }
    }
    if failed > 0 { EXIT_BAD_INPUT } else { 0 }
}
