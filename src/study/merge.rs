//! Merging: shard folders combined into the result of one unsharded run.
//!
//! Nothing is trusted: every folder's manifest is verified (sizes and hashes of its files);
//! the shards must come from the same scenario content, seed, replication count, shard count,
//! SLA and tool version; each shard index must appear exactly once; every row of every CSV
//! must belong to its shard's replications, in order, with every flow once per replication.
//! Anything else is refused with exit 2, naming the folder and the mismatch.

use super::{Collector, Error, MAX_REPLICATIONS, Rows, RunConfig, RunResult, Shard, output};
use crate::report::manifest::{Kind, Manifest, verify};
use crate::report::outdir::{Guard, Staging};
use crate::report::safe;
use crate::report::summary::Targets;
use crate::report::tables::{
    CONNECTIONS_CSV, DELAY_HIST_CSV, DelayBucket, FLOWS_CSV, TIMESERIES_CSV, TableWriters,
    add_fine_rows, from_csv,
};
use crate::sla::record::{ConnectionRecord, FlowRecord, TimeseriesRecord};
use crate::sla::targets::DesignTargets;
use serde::de::DeserializeOwned;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The SLA a shard was judged against: its header and each flow's and connection's targets.
fn sla_of(m: &Manifest) -> Result<(Targets, DesignTargets), String> {
    let header = m
        .sla
        .clone()
        .ok_or("the shard's manifest has no SLA targets")?;
    let targets = m
        .targets
        .clone()
        .ok_or("the shard's manifest lists no targets per flow")?;
    Ok((header, targets))
}

/// The first field in which two shard manifests differ, if any.
fn mismatch(a: &Manifest, b: &Manifest) -> Option<&'static str> {
    let checks: [(&str, bool); 10] = [
        ("scenario", a.scenario == b.scenario),
        (
            "scenario content (scenario_hash)",
            a.scenario_hash == b.scenario_hash,
        ),
        ("seed", a.seed == b.seed),
        ("replication count", a.replications == b.replications),
        (
            "shard count",
            a.shard.map(|s| s.count) == b.shard.map(|s| s.count),
        ),
        ("SLA targets", a.sla == b.sla && a.targets == b.targets),
        ("flows", a.flows == b.flows),
        ("connections", a.connections == b.connections),
        ("tool version", a.version == b.version),
        ("billed items (cost)", a.cost == b.cost),
    ];
    checks.iter().find(|(_, same)| !same).map(|(what, _)| *what)
}

/// Rows of one CSV read in order, handed out one replication at a time.
struct CsvRows<T> {
    path: PathBuf,
    iter: csv::DeserializeRecordsIntoIter<File, T>,
    next: Option<T>,
    replication: fn(&T) -> u64,
}

impl<T: DeserializeOwned> CsvRows<T> {
    fn open(path: PathBuf, replication: fn(&T) -> u64) -> Result<CsvRows<T>, String> {
        let reader =
            csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut rows = CsvRows {
            path,
            iter: reader.into_deserialize(),
            next: None,
            replication,
        };
        rows.advance()?;
        Ok(rows)
    }

    fn advance(&mut self) -> Result<(), String> {
        self.next = match self.iter.next() {
            None => None,
            Some(Ok(r)) => Some(r),
            Some(Err(e)) => {
                let line = e
                    .position()
                    .map_or(String::new(), |p| format!(":{}", p.line()));
                return Err(format!("{}{line}: {e}", self.path.display()));
            }
        };
        Ok(())
    }

    /// The rows of replication `rep`; a row of any other replication before them is an error.
    fn take(&mut self, rep: u64) -> Result<Vec<T>, String> {
        let mut out = Vec::new();
        while let Some(r) = &self.next {
            let at = (self.replication)(r);
            if at != rep {
                if out.is_empty() && at < rep {
                    return Err(format!(
                        "{}: replication {at} is out of order or belongs to another shard",
                        self.path.display()
                    ));
                }
                break;
            }
            out.extend(self.next.take());
            self.advance()?;
        }
        Ok(out)
    }

    fn finish(&self) -> Result<(), String> {
        match &self.next {
            None => Ok(()),
            Some(r) => Err(format!(
                "{}: replication {} does not belong to this shard",
                self.path.display(),
                (self.replication)(r)
            )),
        }
    }
}

struct ShardFiles {
    dir: PathBuf,
    manifest: Manifest,
    flows: CsvRows<FlowRecord>,
    connections: CsvRows<ConnectionRecord>,
    timeseries: CsvRows<TimeseriesRecord>,
}

fn open_shard(dir: &Path) -> Result<ShardFiles, String> {
    let manifest = verify(dir)?;
    if manifest.kind != Kind::Shard {
        return Err(format!(
            "{}: holds a whole {} result, not a shard; merge combines the folders written by run --shard K/N",
            dir.display(),
            manifest.kind.word()
        ));
    }
    for f in [FLOWS_CSV, CONNECTIONS_CSV, TIMESERIES_CSV, DELAY_HIST_CSV] {
        if manifest.file(f).is_none() {
            return Err(format!("{}: the shard has no {f}", dir.display()));
        }
    }
    Ok(ShardFiles {
        dir: dir.to_path_buf(),
        flows: CsvRows::open(dir.join(FLOWS_CSV), |r: &FlowRecord| r.replication)?,
        connections: CsvRows::open(dir.join(CONNECTIONS_CSV), |r: &ConnectionRecord| {
            r.replication
        })?,
        timeseries: CsvRows::open(dir.join(TIMESERIES_CSV), |r: &TimeseriesRecord| {
            r.replication
        })?,
        manifest,
    })
}

/// Shard folders to merge, opened and checked against each other.
pub struct Merge {
    shards: Vec<ShardFiles>,
    first: Manifest,
}

impl Merge {
    /// Opens the shard folders written by `run --shard K/N`, one per K: every manifest
    /// verified, every shard of the same run of this build, each index once, none missing.
    pub fn open(dirs: &[PathBuf]) -> Result<Merge, Error> {
        opened(dirs).map_err(Error::Input)
    }

    /// The scenario the shards are of.
    pub fn scenario(&self) -> &str {
        &self.first.scenario
    }

    /// The number of shards.
    pub fn count(&self) -> u32 {
        self.first.shard.map_or(0, |s| s.count)
    }

    /// Merges into the result folder `out`: byte-identical CSVs and the same summary as one
    /// unsharded run. Every row of every CSV must belong to its shard's replications, in
    /// order, with every flow once per replication.
    pub fn execute_into(mut self, out: &Path, guard: &Guard) -> Result<RunResult, Error> {
        let staging = Staging::begin(out, guard).map_err(Error::Write)?;
        let result = merge(&mut self, &staging).map_err(Error::Input)?;
        let dir = staging.path();
        output::write_json(&dir.join("summary.json"), &result.summary)?;
        output::run_json(dir, result.wall, result.summary.stats.events, 1)?;
        output::plots(dir)?;
        let target = staging.target().display().to_string();
        staging
            .commit(result.manifest.clone())
            .map_err(|e| Error::Write(format!("cannot write {target}: {e}")))?;
        Ok(result)
    }
}

fn opened(dirs: &[PathBuf]) -> Result<Merge, String> {
    let mut shards = dirs
        .iter()
        .map(|d| open_shard(d))
        .collect::<Result<Vec<_>, _>>()?;
    let first = shards
        .first()
        .ok_or("no shard folders given")?
        .manifest
        .clone();
    for s in &shards[1..] {
        if let Some(what) = mismatch(&first, &s.manifest) {
            return Err(format!(
                "{} and {} are shards of different runs: their {what} differ",
                shards[0].dir.display(),
                s.dir.display()
            ));
        }
    }
    let this_build = env!("CARGO_PKG_VERSION");
    if first.version != this_build {
        return Err(format!(
            "{} was written by vpcsim {}, this is {this_build}: merge shards with the build that \
             ran them, or run them again",
            shards[0].dir.display(),
            safe(&first.version)
        ));
    }
    let count = first.shard.map_or(0, |s| s.count);
    let mut seen = vec![None::<&Path>; count as usize];
    for s in &shards {
        let k = s.manifest.shard.map_or(0, |s| s.index) as usize;
        if let Some(other) = seen[k - 1] {
            return Err(format!(
                "{} and {} are both shard {k}/{count}",
                other.display(),
                s.dir.display()
            ));
        }
        seen[k - 1] = Some(&s.dir);
    }
    let missing: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_none())
        .map(|(k, _)| format!("{}/{count}", k + 1))
        .collect();
    if !missing.is_empty() {
        return Err(format!("shard(s) {} missing", missing.join(", ")));
    }
    shards.sort_by_key(|s| s.manifest.shard.map_or(0, |s| s.index));
    Ok(Merge { shards, first })
}

/// Reads every shard's rows in replication order into the judge and the tables of `staging`.
fn merge(m: &mut Merge, staging: &Staging) -> Result<RunResult, String> {
    let wall = Instant::now();
    let first = m.first.clone();
    let shards = &mut m.shards;
    let count = first.shard.map_or(0, |s| s.count);
    let replications = u32::try_from(first.replications)
        .ok()
        .filter(|r| (1..=MAX_REPLICATIONS).contains(r))
        .ok_or("the shards' replication count is out of range")?;
    let (sla, targets) = sla_of(&first)?;
    let tables = TableWriters::create(staging.path(), false)?;
    let mut collector = Collector::for_names(
        &targets,
        &first.flows,
        &first.connections,
        Rows::Files(Box::new(tables)),
    );
    let mut connection_names: Option<Vec<String>> = None;
    for rep in 0..replications as u64 {
        let s = &mut shards[(rep % count as u64) as usize];
        let flows = s.flows.take(rep)?;
        let names: Vec<&String> = flows.iter().map(|f| &f.flow).collect();
        if names
            .iter()
            .map(|n| n.as_str())
            .ne(first.flows.iter().map(|n| n.as_str()))
        {
            return Err(format!(
                "{}: replication {rep} does not hold one row per flow of the run",
                s.dir.join(FLOWS_CSV).display()
            ));
        }
        let connections = s.connections.take(rep)?;
        let cnames: Vec<String> = connections.iter().map(|c| c.connection.clone()).collect();
        match &connection_names {
            None => connection_names = Some(cnames),
            Some(expected) if *expected != cnames => {
                return Err(format!(
                    "{}: replication {rep} does not hold the connection rows of the other replications",
                    s.dir.join(CONNECTIONS_CSV).display()
                ));
            }
            Some(_) => {}
        }
        let timeseries = s.timeseries.take(rep)?;
        collector.add_rows(&flows, &connections, &timeseries)?;
    }
    for s in shards.iter() {
        s.flows.finish()?;
        s.connections.finish()?;
        s.timeseries.finish()?;
        let rows: Vec<DelayBucket> = from_csv(&s.dir.join(DELAY_HIST_CSV))?;
        add_fine_rows(&rows, collector.delays_mut())
            .map_err(|e| format!("{}: {e}", s.dir.display()))?;
        collector.add_work(s.manifest.events, s.manifest.packet_hops);
    }
    let outcome = collector.finish()?;
    let cfg = RunConfig {
        seed: first.seed,
        replications,
        shard: Shard::WHOLE,
        threads: 1,
    };
    let cost = first
        .cost
        .clone()
        .ok_or_else(|| {
            format!(
                "{}: the shard's manifest lists no billed items",
                shards[0].dir.display()
            )
        })?
        .price(&outcome.report);
    let summary = output::summary(
        &first.scenario,
        &first.scenario_hash,
        &cfg,
        sla,
        &outcome,
        cost,
    );
    let mut manifest = first.clone();
    manifest.kind = Kind::Run;
    manifest.shard = None;
    manifest.cost = None;
    manifest.events = outcome.events;
    manifest.packet_hops = outcome.packet_hops;
    Ok(RunResult {
        summary,
        tables: None,
        delays: outcome.delays,
        wall: wall.elapsed(),
        config: cfg,
        manifest,
    })
}
