//! The first stages chained: file → Scenario → Network, with all diagnostics of both.

use crate::model::{Network, build};
use crate::scenario::{Diagnostics, Scenario, load_file_lenient};
use std::path::Path;

/// A validated network with the scenario it came from and its warnings.
pub struct Loaded {
    pub scenario: Scenario,
    pub network: Network,
    pub warnings: Diagnostics,
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
    match build(&scenario) {
        Ok((network, build_warnings)) => {
            diags.items.extend(build_warnings.items);
            diags.sort();
            if diags.has_errors() {
                return Err(diags);
            }
            Ok(Loaded {
                scenario,
                network,
                warnings: diags,
            })
        }
        Err(errors) => {
            diags.items.extend(errors.items);
            diags.sort();
            Err(diags)
        }
    }
}
