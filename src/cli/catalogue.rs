//! `vpcsim specs`, `vpcsim regions` and `vpcsim rules`: the built-in catalogues a scenario
//! refers to by name, and the rules it is checked against, printed so a planner can pick a
//! spec or a region and read a rule without reading the source.

use crate::model::catalogue::{CatalogueRegion, SPECS, regions};
use std::fmt::Write;

/// A cloud provider of the region catalogue, as `--provider` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Provider {
    Alibaba,
    Tencent,
}

impl Provider {
    /// The model's provider.
    fn model(self) -> crate::scenario::Provider {
        match self {
            Provider::Alibaba => crate::scenario::Provider::Alibaba,
            Provider::Tencent => crate::scenario::Provider::Tencent,
        }
    }
}

/// Prints the product rules as a Markdown table. Exit 0.
pub fn rules() -> u8 {
    print!("{}", crate::model::rules::markdown_table());
    0
}

/// Prints the router interface spec catalogue. Exit 0.
pub fn specs() -> u8 {
    print!("{}", render_specs());
    0
}

/// The spec table: name, bandwidth per direction and price per day from the built-in price
/// table ("-" where none is published), smallest first.
fn render_specs() -> String {
    let table = crate::plan::cost::prices::prices();
    let ec = &table.express_connect;
    let w = SPECS.iter().map(|(n, _)| n.len()).max().unwrap_or(4).max(4);
    let mut out = format!("{:w$}  {:>9}  {:>9}\n", "spec", "bandwidth", "price/day");
    for (name, bandwidth) in SPECS {
        let price = ec
            .spec_per_day
            .get(*name)
            .map_or("-".to_string(), |p| crate::report::terminal::money(*p));
        let bandwidth = bandwidth.to_string();
        let _ = writeln!(out, "{name:w$}  {bandwidth:>9}  {price:>9}");
    }
    out.push_str(
        "\nThe bandwidth is the cap in each direction of an express-connect connection with `spec = \"NAME\"`; \
         a scenario adds or overrides specs under [specs].\n",
    );
    if SPECS.iter().any(|(n, _)| !ec.spec_per_day.contains_key(*n)) {
        let _ = writeln!(
            out,
            "Prices are per router interface per day in {}, across regions (same-region Express Connect is free). \
             Alibaba publishes no price per spec (\"subject to the purchase page\", {}): \
             where the table shows \"-\", give one in [cost] spec_per_day, or the design's cost is unknown.",
            table.currency, ec.source
        );
    }
    out
}

/// Prints the region catalogue, of one provider or both. Exit 0.
pub fn regions_of(provider: Option<Provider>) -> u8 {
    let rows: Vec<&CatalogueRegion> = regions()
        .iter()
        .filter(|r| provider.is_none_or(|p| r.provider == p.model()))
        .collect();
    print!("{}", render_regions(&rows));
    0
}

/// The region table: name, provider, city, latitude, longitude.
fn render_regions(rows: &[&CatalogueRegion]) -> String {
    let name_w = rows
        .iter()
        .map(|r| r.region.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let city_w = rows.iter().map(|r| r.city.len()).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:name_w$}  {:8}  {:city_w$}  {:>8}  {:>9}\n",
        "name", "provider", "city", "latitude", "longitude"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:name_w$}  {:8}  {:city_w$}  {:>8.2}  {:>9.2}",
            r.region, r.provider, r.city, r.lat, r.lon
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_has_a_row() {
        let text = render_specs();
        for (name, bandwidth) in SPECS {
            assert!(text.contains(*name), "{text}");
            assert!(text.contains(&bandwidth.to_string()), "{text}");
        }
    }

    #[test]
    fn provider_words_are_the_catalogues() {
        for p in [Provider::Alibaba, Provider::Tencent] {
            assert!(regions().iter().any(|r| r.provider == p.model()));
        }
    }
}
