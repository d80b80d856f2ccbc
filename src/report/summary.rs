//! summary.json: the machine-readable verdicts (field names are a contract).

use crate::plan::cost::Cost;
use crate::scenario::SlaSection;
use crate::sla::judge::{ConnectionVerdict, FlowVerdict, Verdict};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    pub max_jitter: f64,
    pub jitter: String,
    pub min_encap_success: f64,
    pub max_loss: f64,
    pub min_availability: f64,
    pub required_compliance: f64,
}

impl From<&SlaSection> for Targets {
    fn from(sla: &SlaSection) -> Targets {
        Targets {
            max_jitter: sla.max_jitter.fraction(),
            jitter: sla.jitter.to_string(),
            min_encap_success: sla.min_encap_success.fraction(),
            max_loss: sla.max_loss.fraction(),
            min_availability: sla.min_availability.fraction(),
            required_compliance: sla.required_compliance.fraction(),
        }
    }
}

/// What the simulation did, independent of the machine: deterministic, unlike the wall-clock
/// figures in run.json.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Events processed over all replications.
    pub events: u64,
}

/// Wall-clock figures of a run (run.json), kept apart from summary.json so that the summary
/// is byte-identical across runs, thread counts and shards.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub wall_s: f64,
    pub events_per_s: f64,
    pub threads: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    /// SHA-256 of the scenario's content.
    pub scenario_hash: String,
    pub seed: u64,
    pub replications: u64,
    pub version: String,
    pub sla: Targets,
    pub verdict: Verdict,
    pub flows: Vec<FlowVerdict>,
    pub connections: Vec<ConnectionVerdict>,
    /// What the design costs per day, item by item.
    pub cost: Cost,
    pub stats: Stats,
}
