//! `vpcsim merge DIR...`: combine shard folders into the output of one unsharded run.

use super::EXIT_BAD_INPUT;
use super::run::{SHARD_FILE, ShardInfo, finish, stats, write_tables};
use crate::report::{Tables, default_out_dir, tables};
use crate::scenario::{JitterKind, SlaSection, Word};
use crate::sla::judge::judge;
use crate::units::Ratio;
use std::path::{Path, PathBuf};

fn read_shard(dir: &Path) -> Result<(ShardInfo, Tables), String> {
    let text = std::fs::read(dir.join(SHARD_FILE))
        .map_err(|e| format!("{}: not a shard folder ({e})", dir.display()))?;
    let info: ShardInfo = serde_json::from_slice(&text)
        .map_err(|e| format!("{}: {e}", dir.join(SHARD_FILE).display()))?;
    let t = Tables {
        flows: tables::from_csv(&dir.join("flows.csv"))?,
        connections: tables::from_csv(&dir.join("connections.csv"))?,
        timeseries: tables::from_csv(&dir.join("timeseries.csv"))?,
    };
    Ok((info, t))
}

fn sla_of(info: &ShardInfo) -> Result<SlaSection, String> {
    let r = |v: f64| Ratio::new(v).map_err(|e| e.message);
    let jitter = JitterKind::WORDS
        .iter()
        .find(|(s, _)| *s == info.sla.jitter)
        .map(|(_, k)| *k)
        .ok_or("unknown jitter definition in shard.json")?;
    Ok(SlaSection {
        max_jitter: r(info.sla.max_jitter)?,
        min_encap_success: r(info.sla.min_encap_success)?,
        max_loss: r(info.sla.max_loss)?,
        min_availability: r(info.sla.min_availability)?,
        required_compliance: r(info.sla.required_compliance)?,
        jitter,
    })
}

pub fn run(dirs: &[PathBuf], out: Option<&Path>) -> u8 {
    match merge(dirs, out) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_BAD_INPUT
        }
    }
}

fn merge(dirs: &[PathBuf], out: Option<&Path>) -> Result<u8, String> {
    let mut shards = dirs
        .iter()
        .map(|d| read_shard(d))
        .collect::<Result<Vec<_>, _>>()?;
    shards.sort_by_key(|(i, _)| i.shard_index);
    let first = shards
        .first()
        .map(|(i, _)| i.clone())
        .ok_or("no shard folders given")?;
    for (i, _) in &shards {
        if (i.scenario.as_str(), i.seed, i.replications, i.shard_count)
            != (
                first.scenario.as_str(),
                first.seed,
                first.replications,
                first.shard_count,
            )
        {
            return Err(format!(
                "shard {}/{} is of another run (scenario, seed, replications or shard count differ)",
                i.shard_index + 1,
                i.shard_count
            ));
        }
    }
    let mut present: Vec<u32> = shards.iter().map(|(i, _)| i.shard_index).collect();
    present.dedup();
    if present.len() != shards.len() || present.len() as u32 != first.shard_count {
        let missing: Vec<String> = (0..first.shard_count)
            .filter(|k| !present.contains(k))
            .map(|k| format!("{}/{}", k + 1, first.shard_count))
            .collect();
        return Err(format!(
            "shards are missing or repeated (missing: {})",
            if missing.is_empty() {
                "none, but some repeat".into()
            } else {
                missing.join(", ")
            }
        ));
    }
    let mut all = Tables::default();
    let (mut events, mut wall) = (0, 0.0);
    for (i, t) in shards {
        events += i.events;
        wall += i.wall_s;
        all.flows.extend(t.flows);
        all.connections.extend(t.connections);
        all.timeseries.extend(t.timeseries);
    }
    all.sort();
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_out_dir(&first.scenario));
    write_tables(&out, &all).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    super::plot::after_run(&out, &all, &first.sla);
    let sla = sla_of(&first)?;
    let report = judge(
        &sla,
        &first.flows,
        &first.connections,
        &all.flows,
        &all.connections,
    );
    Ok(finish(
        &out,
        &first.scenario,
        first.seed,
        first.replications,
        &sla,
        report,
        stats(events, wall),
    ))
}
