//! `vpcsim validate FILE...`

use super::{EXIT_BAD_INPUT, print_diagnostics};
use crate::pipeline::load_network;
use std::path::PathBuf;

pub fn run(files: &[PathBuf]) -> u8 {
    let mut failed = 0;
    for f in files {
        match load_network(f) {
            Ok(l) => {
                print_diagnostics(&l.warnings);
                let n = &l.network;
                println!(
                    "ok: {} ({} regions, {} VPCs, {} IDCs, {} connections, {} flows{})",
                    f.display(),
                    n.regions.len(),
                    n.vpcs.len(),
                    n.idcs.len(),
                    n.connections.len(),
                    n.flows.len(),
                    match l.warnings.items.len() {
                        0 => String::new(),
                        w => format!(", {w} warning{}", if w == 1 { "" } else { "s" }),
                    }
                );
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
