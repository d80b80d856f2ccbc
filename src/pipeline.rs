//! The first stages chained: file → Scenario → Network, with all diagnostics of both; for a
//! scenario with [sweep], also one Network per swept value, each built from the scenario with
//! the value written in, so every rule applies to every value.

use crate::model::sweep::SweepValue;
use crate::model::{Network, build};
use crate::report::manifest::sha256_hex;
use crate::scenario::{Diagnostics, Scenario, load_file_lenient};
use std::path::Path;

/// One value of a sweep, built.
pub struct Point {
    /// The value as written in [sweep].
    pub label: String,
    pub value: SweepValue,
    pub network: Network,
}

/// A validated network with the scenario it came from and its warnings.
pub struct Loaded {
    pub scenario: Scenario,
    pub network: Network,
    pub warnings: Diagnostics,
    /// SHA-256 of the scenario's content (hex): names exactly what a result was computed from.
    pub hash: String,
    /// The sweep's values, each as its own network; empty without [sweep].
    pub points: Vec<Point>,
}

/// Loads and builds a scenario file; on failure returns every problem. The model's rules are
/// checked even when loading found unknown keys (they lose no value), so a file with both
/// kinds of problem reports them together; after other load errors a value or entry may be
/// missing, rule checks would only echo that loss, and are skipped.
pub fn load_network(path: &Path) -> Result<Loaded, Diagnostics> {
    let (scenario, mut diags) = load_file_lenient(path);
    let Some(scenario) = scenario else {
        return Err(diags);
    };
    let (network, build_diags) = match build(&scenario) {
        Ok((n, w)) => (Some(n), w),
        Err(e) => (None, e),
    };
    diags.items.extend(build_diags.items);
    let mut points = Vec::new();
    if let Some(net) = &network
        && let Some(sweep) = &net.sweep
    {
        for (k, (label, value, _)) in sweep.values.iter().enumerate() {
            let mut edited = sweep.edit(&scenario, k);
            edited.sweep = None;
            match build(&edited) {
                Ok((n, w)) => {
                    diags.items.extend(w.items);
                    points.push(Point {
                        label: label.clone(),
                        value: value.clone(),
                        network: n,
                    });
                }
                Err(e) => diags.items.extend(e.items),
            }
        }
    }
    if let Some(net) = &network {
        for (a, b) in crate::topology::compile(net).stream_collisions(net) {
            diags.error_hint(
                0..0,
                "",
                format!("\"{a}\" and \"{b}\" would draw the same random numbers (their names hash alike)"),
                "rename one of them",
            );
        }
    }
    diags.sort();
    match network {
        Some(network) if !diags.has_errors() => Ok(Loaded {
            hash: sha256_hex(scenario.file.text.as_bytes()),
            scenario,
            network,
            warnings: diags,
            points,
        }),
        _ => Err(diags),
    }
}
