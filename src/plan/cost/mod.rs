//! What a design costs per day: a line per billed item (connection or leased line) with the
//! billing rule of its product, the price and where the price comes from.
//!
//! Billing follows the product of each item: Express Connect router interfaces by spec per
//! day, free within a region (seed 001); Tencent peering free within a region and billed by
//! day on the region pair and the bandwidth actually used across regions (seed 003); the
//! internet by GB sent; a physical connection by the port it occupies. Usage-based items are
//! priced from what the simulation measured, so the same [`Pricing`] reprices a merged run.

mod design;
pub mod prices;

pub use design::plan;

use crate::sla::judge::{ConnectionVerdict, SlaReport};
use serde::{Deserialize, Serialize};

const DAY_S: f64 = 86_400.0;

/// The cost of a design, in summary.json as `cost`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    /// Currency of every amount.
    pub currency: String,
    /// Sum of the items per day; null when any item has no known price.
    pub per_day: Option<f64>,
    pub items: Vec<CostItem>,
}

/// One billed item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostItem {
    /// The connection or physical connection's name.
    pub item: String,
    /// `connection` or `line`.
    pub kind: String,
    /// `express-connect`, `peering`, `internet` or `physical-connection`.
    pub product: String,
    /// The billing rule applied, with the document that states it.
    pub rule: String,
    /// The quantity and price this figure is made of.
    pub basis: String,
    /// Amount per day; null when no price is known for the item.
    pub per_day: Option<f64>,
    /// Where the price comes from: a page and its date, or the scenario's [cost].
    pub source: String,
    /// How `per_day` follows from what was measured.
    pub pricing: Pricing,
}

/// How an item's price follows from the measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Pricing {
    /// A price per day that does not depend on traffic (null when unknown).
    Fixed { per_day: Option<f64> },
    /// Tencent cross-region peering: the busier direction's average rate over the window,
    /// read as the day's billed peak, times the price of the tier that rate falls in.
    PeakBandwidth {
        connection: String,
        window_s: f64,
        tiers: Vec<Tier>,
    },
    /// Internet: GB sent per day in each direction times the sender's price per GB.
    Volume {
        connection: String,
        window_s: f64,
        per_gb: Vec<DirectionPrice>,
    },
}

/// A price tier: the whole billed bandwidth pays this price when it is at most `up_to_mbps`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    pub up_to_mbps: Option<f64>,
    pub per_mbps_day: f64,
}

/// The price per GB of one direction (`from>to`), set by its sender's region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectionPrice {
    pub direction: String,
    pub per_gb: Option<f64>,
}

impl Cost {
    /// Prices every item from `report` and totals them.
    pub fn price(mut self, report: &SlaReport) -> Cost {
        for item in &mut self.items {
            item.price(&self.currency, report);
        }
        self.per_day = self.items.iter().map(|i| i.per_day).sum::<Option<f64>>();
        self
    }

    /// Items with no known price, for the terminal's explanation.
    pub fn unpriced(&self) -> impl Iterator<Item = &CostItem> {
        self.items.iter().filter(|i| i.per_day.is_none())
    }
}

impl CostItem {
    fn price(&mut self, currency: &str, report: &SlaReport) {
        let verdict = |name: &str| report.connections.iter().find(|c| c.name == name);
        match &self.pricing {
            Pricing::Fixed { per_day } => self.per_day = *per_day,
            Pricing::PeakBandwidth {
                connection,
                window_s,
                tiers,
            } => {
                let mbps = verdict(connection)
                    .and_then(|v| v.busier_bytes.as_ref())
                    .map(|b| b.mean * 8.0 / window_s / 1e6);
                let (per_day, basis) = match mbps {
                    Some(m) => peak_price(m, tiers, currency),
                    None => (None, "nothing measured on this connection".into()),
                };
                self.per_day = per_day;
                self.basis = basis;
            }
            Pricing::Volume {
                connection,
                window_s,
                per_gb,
            } => {
                let (per_day, basis) = match verdict(connection) {
                    Some(v) => volume_price(v, *window_s, per_gb, currency),
                    None => (None, "nothing measured on this connection".into()),
                };
                self.per_day = per_day;
                self.basis = basis;
            }
        }
    }
}

/// Whole billed bandwidth at its tier's price.
fn peak_price(mbps: f64, tiers: &[Tier], currency: &str) -> (Option<f64>, String) {
    let Some((i, tier)) = tiers
        .iter()
        .enumerate()
        .find(|(_, t)| t.up_to_mbps.is_none_or(|u| mbps <= u))
    else {
        return (None, format!("{mbps:.3} Mbps is above every price tier"));
    };
    let from = if i == 0 {
        0.0
    } else {
        tiers[i - 1].up_to_mbps.unwrap_or(0.0)
    };
    let range = match tier.up_to_mbps {
        Some(u) if tiers.len() > 1 => format!(", tier ({from}, {u}] Mbps"),
        None if tiers.len() > 1 => format!(", tier above {from} Mbps"),
        _ => String::new(),
    };
    let per_day = mbps * tier.per_mbps_day;
    (
        Some(per_day),
        format!(
            "busier direction averaged {mbps:.3} Mbps over the window (billed as the day's peak) \
             x {} {currency}/Mbps/day{range}",
            tier.per_mbps_day
        ),
    )
}

/// GB per day in each direction at the sender's price.
fn volume_price(
    v: &ConnectionVerdict,
    window_s: f64,
    per_gb: &[DirectionPrice],
    currency: &str,
) -> (Option<f64>, String) {
    let mut total = Some(0.0);
    let mut parts = Vec::new();
    for p in per_gb {
        let bytes = v
            .directions
            .iter()
            .find(|d| d.direction == p.direction)
            .and_then(|d| d.bytes.as_ref())
            .map_or(0.0, |b| b.mean);
        let gb_day = bytes * DAY_S / window_s / 1e9;
        if gb_day == 0.0 {
            continue;
        }
        match p.per_gb {
            Some(price) => {
                total = total.map(|t| t + gb_day * price);
                parts.push(format!(
                    "{} {gb_day:.3} GB/day x {price} {currency}/GB",
                    p.direction
                ));
            }
            None => {
                total = None;
                parts.push(format!("{} {gb_day:.3} GB/day, no price", p.direction));
            }
        }
    }
    let basis = if parts.is_empty() {
        "carried nothing in the window".to_string()
    } else {
        format!(
            "{} (the window's rate carried for a whole day)",
            parts.join(" + ")
        )
    };
    (total, basis)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers() -> Vec<Tier> {
        [(Some(20.0), 3.19), (Some(100.0), 1.98), (None, 0.82)]
            .into_iter()
            .map(|(u, p)| Tier {
                up_to_mbps: u,
                per_mbps_day: p,
            })
            .collect()
    }

    #[test]
    fn the_whole_peak_pays_the_price_of_its_tier() {
        // Tencent's worked example: 30 Mbps in the (20, 100] tier costs 30 x 1.98 per day.
        let (p, basis) = peak_price(30.0, &tiers(), "USD");
        assert!((p.unwrap() - 59.4).abs() < 1e-9);
        assert!(basis.contains("tier (20, 100] Mbps"), "{basis}");
        assert_eq!(peak_price(20.0, &tiers(), "USD").0, Some(20.0 * 3.19));
        assert_eq!(peak_price(500.0, &tiers(), "USD").0, Some(500.0 * 0.82));
    }

    #[test]
    fn a_total_with_an_unpriced_item_is_unknown() {
        let item = |p: Option<f64>| CostItem {
            item: "x".into(),
            kind: "connection".into(),
            product: "express-connect".into(),
            rule: String::new(),
            basis: String::new(),
            per_day: None,
            source: String::new(),
            pricing: Pricing::Fixed { per_day: p },
        };
        let report = SlaReport {
            verdict: crate::sla::judge::Verdict::Pass,
            flows: vec![],
            connections: vec![],
        };
        let cost = |items| {
            Cost {
                currency: "USD".into(),
                per_day: None,
                items,
            }
            .price(&report)
        };
        assert_eq!(
            cost(vec![item(Some(1.5)), item(Some(2.0))]).per_day,
            Some(3.5)
        );
        assert_eq!(cost(vec![item(Some(1.5)), item(None)]).per_day, None);
        assert_eq!(cost(vec![]).per_day, Some(0.0));
    }
}
