//! The first stages chained: file → Scenario → Network, with all diagnostics of both; for a
//! scenario with [sweep], also one Network per swept value, each built from the scenario with
//! the value written in, so every rule applies to every value.

use crate::model::sweep::SweepValue;
use crate::model::{Network, build};
use crate::report::manifest::sha256_hex;
use crate::scenario::{Diagnostics, LoadOptions, Scenario, SourceFile, load_file_lenient_with};
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

/// Warns, for every flow no path can ever deliver, why (the reason `reach` gives): no
/// route, no route back, a connection never active, not transitive, a kind the product does
/// not let through.
fn undeliverable_flows(s: &Scenario, net: &Network, diags: &mut Diagnostics) {
    for (i, f) in net.flows.iter().enumerate() {
        if let Err(b) = crate::topology::choices(net, &f.from, &f.to, false) {
            // A network that built has every flow of the scenario, in order.
            let key = s
                .flows
                .get(i)
                .map_or_else(|| format!("flow[{i}]"), |e| e.key(i));
            diags.warning(
                f.span.clone(),
                key,
                format!("flow \"{}\" can never be delivered: {b}", f.name),
            );
        }
    }
}

/// SHA-256 (hex) of what a result is computed from: the scenario's text, then the content of
/// every file it reads (traffic matrices, in the order it lists them, each after a NUL byte),
/// so a changed CSV is a different scenario. The files' paths are in the text as written, so
/// the hash does not depend on where the command was run from; a scenario that reads no file
/// hashes as its text alone.
pub fn content_hash(file: &SourceFile) -> String {
    let mut bytes = file.text.as_bytes().to_vec();
    for (_, text) in file.included() {
        bytes.push(0);
        bytes.extend_from_slice(text.as_bytes());
    }
    sha256_hex(&bytes)
}

/// Loads and builds a scenario file; on failure returns every problem. The model's rules are
/// checked even when loading found unknown keys (they lose no value), so a file with both
/// kinds of problem reports them together; after other load errors a value or entry may be
/// missing, rule checks would only echo that loss, and are skipped.
pub fn load_network(path: &Path) -> Result<Loaded, Diagnostics> {
    load_network_with(path, LoadOptions::default())
}

/// [`load_network`] with explicit [`LoadOptions`].
pub fn load_network_with(path: &Path, opts: LoadOptions) -> Result<Loaded, Diagnostics> {
    let (scenario, mut diags) = load_file_lenient_with(path, opts);
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
        undeliverable_flows(&scenario, net, &mut diags);
        for (a, b) in crate::topology::names::stream_collisions(net) {
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
            hash: content_hash(&scenario.file),
            scenario,
            network,
            warnings: diags,
            points,
        }),
        _ => Err(diags),
    }
}
