//! `vpcsim run FILE`

use super::{EXIT_BAD_INPUT, print_diagnostics};
use crate::montecarlo::{Shard, replicate};
use crate::pipeline::load_network;
use crate::topology::compile;
use std::path::Path;

/// Options of `run` that override the scenario.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub replications: Option<u32>,
    pub seed: Option<u64>,
    pub threads: usize,
}

pub fn run(file: &Path, opts: &RunOptions) -> u8 {
    let loaded = match load_network(file) {
        Ok(l) => l,
        Err(d) => {
            print_diagnostics(&d);
            return EXIT_BAD_INPUT;
        }
    };
    print_diagnostics(&loaded.warnings);
    let net = &loaded.network;
    let plan = compile(net);
    let seed = opts.seed.unwrap_or(net.simulation.seed);
    let reps = opts.replications.unwrap_or(net.simulation.replications);
    let runs = replicate(net, &plan, seed, reps, Shard::WHOLE, opts.threads, &|| {});
    println!("{}: {} replications, seed {}", net.name, runs.len(), seed);
    println!(
        "{:<20} {:>10} {:>10} {:>9} {:>10} {:>10} {:>9} {:>9}",
        "flow", "offered", "delivered", "loss", "mean ms", "p99 ms", "pdv", "encap"
    );
    for (i, f) in net.flows.iter().enumerate() {
        let offered: u64 = runs.iter().map(|r| r.flows[i].offered_packets()).sum();
        let delivered: u64 = runs.iter().map(|r| r.flows[i].delivered_packets()).sum();
        let mean = |g: &dyn Fn(&crate::metrics::FlowMetrics) -> Option<f64>| {
            let v: Vec<f64> = runs.iter().filter_map(|r| g(&r.flows[i])).collect();
            if v.is_empty() {
                f64::NAN
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            }
        };
        let loss = mean(&|m| m.loss());
        let d_mean = mean(&|m| m.delays().mean_ns().map(|x| x / 1e6));
        let d_p99 = mean(&|m| m.delays().quantile(0.99).map(|d| d.as_nanos() as f64 / 1e6));
        let pdv = mean(&|m| m.jitter(crate::metrics::JitterDefinition::Pdv));
        let encap = mean(&|m| m.encap_success());
        println!(
            "{:<20} {:>10} {:>10} {:>8.4}% {:>10.3} {:>10.3} {:>8.2}% {:>8.3}%",
            f.name,
            offered,
            delivered,
            loss * 100.0,
            d_mean,
            d_p99,
            pdv * 100.0,
            encap * 100.0
        );
    }
    0
}
