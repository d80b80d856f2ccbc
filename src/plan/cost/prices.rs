//! The built-in price table (`prices.toml`, compiled in): each figure with the page it was
//! copied from and that page's date, so a cost line can say where its price comes from.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The text of the price table, as shipped.
pub const PRICES_TOML: &str = include_str!("../prices.toml");

/// The whole table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    /// Currency of every figure.
    pub currency: String,
    pub areas: Areas,
    pub express_connect: ExpressConnect,
    pub physical_connection: Ports,
    pub peering: Peering,
    pub internet: Vec<Egress>,
}

/// Price areas: both clouds price by whether a region is in the Chinese mainland.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Areas {
    pub mainland: Vec<String>,
    pub riyadh: Vec<String>,
}

/// Where a region's prices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Mainland,
    Outside,
    Riyadh,
}

impl Area {
    /// Words for a cost line.
    pub fn describe(self) -> &'static str {
        match self {
            Area::Mainland => "Chinese mainland",
            Area::Outside => "outside the Chinese mainland",
            Area::Riyadh => "Riyadh",
        }
    }
}

/// Alibaba router interfaces: per-spec prices, where published (none are).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpressConnect {
    pub spec_per_day: BTreeMap<String, f64>,
    pub source: String,
    pub date: String,
    pub same_region_source: String,
    pub same_region_date: String,
}

/// Alibaba dedicated port fee per month, by port speed and area.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ports {
    pub source: String,
    pub date: String,
    pub port_gbps: Vec<u64>,
    pub mainland_per_month: Vec<f64>,
    pub outside_per_month: Vec<f64>,
    pub riyadh_per_month: Vec<f64>,
}

/// Tencent cross-region peering: tiered price per Mbps per day of the daily peak.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Peering {
    pub source: String,
    pub date: String,
    /// Upper bounds of the tiers in Mbps; one more price than bounds (the open top tier).
    pub tier_upper_mbps: Vec<f64>,
    pub mainland_mainland: Vec<f64>,
    pub mainland_outside: Vec<f64>,
    pub outside_outside: Vec<f64>,
}

/// Internet data transfer out of a group of regions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Egress {
    pub provider: String,
    pub regions: Vec<String>,
    pub per_gb: f64,
    pub source: String,
    pub date: String,
}

/// The table, parsed once. The file is part of the program and a test reads it, so a parse
/// failure is a build defect, not an input error.
pub fn prices() -> &'static Prices {
    static P: OnceLock<Prices> = OnceLock::new();
    P.get_or_init(|| toml::from_str(PRICES_TOML).expect("src/plan/prices.toml is valid"))
}

impl Prices {
    /// The price area of `region`.
    pub fn area(&self, region: &str) -> Area {
        if self.areas.mainland.iter().any(|r| r == region) {
            Area::Mainland
        } else if self.areas.riyadh.iter().any(|r| r == region) {
            Area::Riyadh
        } else {
            Area::Outside
        }
    }

    /// The peering tiers between two regions: `(upper bound in Mbps or open, price)`.
    pub fn peering_tiers(&self, a: &str, b: &str) -> Vec<(Option<f64>, f64)> {
        let p = &self.peering;
        let row = match (
            self.area(a) == Area::Mainland,
            self.area(b) == Area::Mainland,
        ) {
            (true, true) => &p.mainland_mainland,
            (false, false) => &p.outside_outside,
            _ => &p.mainland_outside,
        };
        row.iter()
            .enumerate()
            .map(|(i, &price)| (p.tier_upper_mbps.get(i).copied(), price))
            .collect()
    }

    /// The smallest port that carries `bps`, with its monthly fee in `region`'s area.
    pub fn port(&self, bps: u64, region: &str) -> Option<(u64, f64)> {
        let p = &self.physical_connection;
        let i = p.port_gbps.iter().position(|&g| g * 1_000_000_000 >= bps)?;
        let row = match self.area(region) {
            Area::Mainland => &p.mainland_per_month,
            Area::Outside => &p.outside_per_month,
            Area::Riyadh => &p.riyadh_per_month,
        };
        Some((p.port_gbps[i], *row.get(i)?))
    }

    /// The internet price per GB sent from `region`, with its source.
    pub fn egress(&self, region: &str) -> Option<&Egress> {
        self.internet
            .iter()
            .find(|e| e.regions.iter().any(|r| r == region))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalogue;

    #[test]
    fn every_region_named_in_the_price_table_is_in_the_catalogue() {
        let p = prices();
        let known = |r: &String| catalogue::find_region(r).is_some();
        let mut named: Vec<&String> = p.areas.mainland.iter().chain(&p.areas.riyadh).collect();
        named.extend(p.internet.iter().flat_map(|e| &e.regions));
        let unknown: Vec<_> = named.into_iter().filter(|r| !known(r)).collect();
        assert!(unknown.is_empty(), "not in the catalogue: {unknown:?}");
    }

    #[test]
    fn every_tier_row_has_one_price_more_than_bounds() {
        let p = &prices().peering;
        for row in [
            &p.mainland_mainland,
            &p.mainland_outside,
            &p.outside_outside,
        ] {
            assert_eq!(row.len(), p.tier_upper_mbps.len() + 1);
        }
        assert!(p.tier_upper_mbps.windows(2).all(|w| w[0] < w[1]));
        let ports = &prices().physical_connection;
        for row in [
            &ports.mainland_per_month,
            &ports.outside_per_month,
            &ports.riyadh_per_month,
        ] {
            assert_eq!(row.len(), ports.port_gbps.len());
        }
    }

    #[test]
    fn a_region_is_sold_internet_egress_at_one_price_only() {
        let p = prices();
        let mut seen = std::collections::HashSet::new();
        for r in p.internet.iter().flat_map(|e| &e.regions) {
            assert!(seen.insert(r), "{r} listed twice");
        }
    }

    #[test]
    fn areas_follow_the_mainland_border() {
        let p = prices();
        assert_eq!(p.area("cn-hangzhou"), Area::Mainland);
        assert_eq!(p.area("cn-hongkong"), Area::Outside);
        assert_eq!(p.area("ap-taipei"), Area::Outside);
        assert_eq!(p.area("me-central-1"), Area::Riyadh);
        // A 1.5 Gbps line needs a 10 Gbps port.
        assert_eq!(p.port(1_500_000_000, "cn-shanghai"), Some((10, 720.0)));
        assert_eq!(p.port(200_000_000_000, "cn-shanghai"), None);
    }
}
