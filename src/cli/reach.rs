//! `vpcsim reach FILE [--from NAME] [--to NAME] [--flows]`: the reachability matrix, written
//! pair by pair as it is computed, or one line per scenario flow.

use super::{EXIT_BAD_INPUT, print_diagnostics};
use crate::model::Network;
use crate::scenario::did_you_mean;
use crate::study::design::load_network_with;
use crate::topology::compile;
use crate::topology::reach::{endpoints, named, write_flows, write_matrix};
use std::io::Write;
use std::path::Path;

/// What `reach` lists.
#[derive(Debug, Clone, Default)]
pub struct ReachOptions {
    /// Only pairs whose sender is, or is in, this VPC, IDC or resource.
    pub from: Option<String>,
    /// Only pairs whose receiver is, or is in, this VPC, IDC or resource.
    pub to: Option<String>,
    /// One line per scenario flow instead of the matrix.
    pub flows: bool,
}

/// Checks that `name` is a VPC, an IDC or an endpoint of the matrix; the error names the
/// closest one.
fn known(net: &Network, option: &str, name: &str) -> Result<(), String> {
    let eps = endpoints(net);
    if eps.iter().any(|e| named(net, e, name)) {
        return Ok(());
    }
    let mut all: Vec<&str> = net.vpcs.iter().map(|v| v.name.as_str()).collect();
    all.extend(net.idcs.iter().map(|d| d.name.as_str()));
    all.extend(eps.iter().map(|e| e.label.as_str()));
    all.sort_unstable();
    all.dedup();
    let hint =
        did_you_mean(name, &all).map_or(String::new(), |c| format!("; did you mean \"{c}\"?"));
    Err(format!(
        "{option} \"{}\" is no VPC, IDC or resource of the scenario{hint}",
        crate::report::safe(name)
    ))
}

pub fn run(file: &Path, opts: &ReachOptions) -> u8 {
    let l = match load_network_with(file, super::load_options()) {
        Ok(l) => l,
        Err(d) => {
            print_diagnostics(&d);
            return EXIT_BAD_INPUT;
        }
    };
    print_diagnostics(&l.warnings);
    let net = &l.network;
    for (option, name) in [("--from", &opts.from), ("--to", &opts.to)] {
        if let Some(name) = name
            && let Err(e) = known(net, option, name)
        {
            eprintln!("error: {e}");
            return EXIT_BAD_INPUT;
        }
    }
    let plan = compile(net);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if opts.flows {
        write_flows(net, &plan, &mut out)
    } else {
        let keep = |a: &_, b: &_| {
            opts.from.as_ref().is_none_or(|n| named(net, a, n))
                && opts.to.as_ref().is_none_or(|n| named(net, b, n))
        };
        write_matrix(net, &plan, keep, &mut out)
    };
    // A closed pipe (`reach ... | head`) ends the listing; that is not an error.
    let _ = written.and_then(|_| out.flush());
    0
}
