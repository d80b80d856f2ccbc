//! The first stages chained: file → Scenario → Network, with all diagnostics of both.

use crate::model::{Network, build};
use crate::scenario::{Diagnostics, Scenario, load_file};
use std::path::Path;

/// A validated network with the scenario it came from and its warnings.
pub struct Loaded {
    pub scenario: Scenario,
    pub network: Network,
    pub warnings: Diagnostics,
}

/// Loads and builds a scenario file; on failure returns every problem (load and build).
pub fn load_network(path: &Path) -> Result<Loaded, Diagnostics> {
    let (scenario, mut warnings) = load_file(path)?;
    match build(&scenario) {
        Ok((network, build_warnings)) => {
            warnings.items.extend(build_warnings.items);
            warnings.sort();
            Ok(Loaded {
                scenario,
                network,
                warnings,
            })
        }
        Err(mut errors) => {
            errors.items.extend(warnings.items);
            errors.sort();
            Err(errors)
        }
    }
}
