//! Scenario → Network: resolve names, type values, enforce the product rules.
//!
//! Problems are collected (all of them) with the span of the offending name or value. Each
//! rule from docs/scenario.md "Rules by product" lives in one function named after it.

mod across;
mod connections;
mod lifecycle;
mod names;
pub(crate) mod places;
mod routes;
pub mod traffic;

use super::entities::*;
use crate::scenario::{Diagnostics, Scenario};
pub(crate) use names::Names;

/// Builds the validated network. Returns it with its warnings, or every error found.
pub fn build(s: &Scenario) -> Result<(Network, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new(s.file.clone());
    let mut specs: Vec<(String, crate::units::Bandwidth)> = super::catalogue::SPECS
        .iter()
        .map(|(n, b)| (n.to_string(), *b))
        .collect();
    for (name, bw) in &s.specs {
        match specs.iter_mut().find(|(n, _)| n == name.get_ref()) {
            Some(existing) => existing.1 = *bw,
            None => specs.push((name.get_ref().clone(), *bw)),
        }
    }
    let mut net = Network {
        name: s.simulation.name.clone(),
        simulation: s.simulation.clone(),
        sla: s.sla,
        limits: s.limits,
        backbone: s.backbone,
        regions: Vec::new(),
        links: Vec::new(),
        vpcs: Vec::new(),
        idcs: Vec::new(),
        vbrs: Vec::new(),
        physical_connections: Vec::new(),
        connections: Vec::new(),
        vpc_tables: Vec::new(),
        vbr_tables: Vec::new(),
        flows: Vec::new(),
        events: Vec::new(),
        failed: Vec::new(),
        sweep: None,
        cost: s.cost.clone(),
        specs,
    };
    let mut names = Names::default();
    places::declare_regions(s, &mut net, &mut names, &mut diags);
    places::vpcs(s, &mut net, &mut names, &mut diags);
    places::idcs(s, &mut net, &mut names, &mut diags);
    places::physical_connections(s, &mut net, &mut names, &mut diags);
    places::backbone_links(s, &mut net, &mut names, &mut diags);
    places::load_balancer_backends(s, &net, &mut diags);
    connections::connections(s, &mut net, &mut names, &mut diags);
    connections::priced_specs(s, &net, &mut diags);
    traffic::events(s, &mut net, &names, &mut diags);
    across::rules(s, &net, &mut diags);
    lifecycle::lifecycle(s, &net, &mut diags);
    routes::route_tables(s, &mut net, &names, &mut diags);
    traffic::flows(s, &mut net, &mut names, &mut diags);
    net.sweep = s
        .sweep
        .as_ref()
        .and_then(|sw| super::sweep::resolve(sw, &net, &s.traffic_matrices, &mut diags));
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((net, diags))
    }
}
