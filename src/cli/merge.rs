//! `vpcsim merge DIR...`: combine shard folders into the output of one unsharded run.
//!
//! Nothing is trusted: every folder's manifest is verified (sizes and hashes of its files, and
//! its seal); the shards must come from the same scenario content, seed, replication count,
//! shard count, SLA and build; each shard index must appear exactly once; every row of every
//! CSV must belong to its shard's replications, in order, with every flow once per
//! replication. Anything else is refused with exit 2, naming the folder and the mismatch.

use super::failed;
use crate::report::outdir::Guard;
use crate::report::{default_out_dir, safe};
use crate::study::Merge;
use std::path::{Path, PathBuf};

pub fn run(dirs: &[PathBuf], out: Option<&Path>, force: bool) -> u8 {
    let merge = match Merge::open(dirs) {
        Ok(m) => m,
        Err(e) => return failed(e),
    };
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_out_dir(merge.scenario()));
    let (scenario, count) = (merge.scenario().to_string(), merge.count());
    let guard = Guard {
        force,
        inputs: dirs.to_vec(),
    };
    match merge.execute_into(&out, &guard) {
        Ok(r) => {
            print!("{}", crate::report::terminal::render_summary(&r.summary));
            print!("{}", crate::report::terminal::cost_line(&r.summary.cost));
            println!(
                "merged {count} shards of {}: outputs: {}",
                safe(&scenario),
                out.display()
            );
            r.verdict().exit_code()
        }
        Err(e) => failed(e),
    }
}
