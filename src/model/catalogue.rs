//! Built-in catalogues: router interface specifications and public cloud regions.

use crate::scenario::{Provider, Word};
use crate::units::Bandwidth;

/// The router interface specifications of Express Connect and their bandwidth per direction.
/// A scenario extends this with `[specs]`.
pub const SPECS: &[(&str, Bandwidth)] = &[
    ("Mini.2", Bandwidth::from_mbps(2)),
    ("Mini.5", Bandwidth::from_mbps(5)),
    ("Small.1", Bandwidth::from_mbps(10)),
    ("Small.2", Bandwidth::from_mbps(20)),
    ("Small.5", Bandwidth::from_mbps(50)),
    ("Middle.1", Bandwidth::from_mbps(100)),
    ("Middle.2", Bandwidth::from_mbps(200)),
    ("Middle.5", Bandwidth::from_mbps(500)),
    ("Large.1", Bandwidth::from_gbps(1)),
    ("Large.2", Bandwidth::from_gbps(2)),
    ("Large.5", Bandwidth::from_gbps(5)),
    ("Xlarge.1", Bandwidth::from_gbps(10)),
];

/// The acceptor side's spec name: a pair runs at the initiator's spec.
pub const NEGATIVE_SPEC: &str = "Negative";

/// A region of the built-in catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueRegion {
    pub provider: Provider,
    pub region: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
}

/// The public regions of Alibaba Cloud and Tencent Cloud with their cities' coordinates, so a
/// scenario may name a known region without `location`.
pub fn regions() -> &'static [CatalogueRegion] {
    static REGIONS: std::sync::OnceLock<Vec<CatalogueRegion>> = std::sync::OnceLock::new();
    REGIONS.get_or_init(|| parse_regions(include_str!("regions.csv")))
}

fn parse_regions(text: &str) -> Vec<CatalogueRegion> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            Some(CatalogueRegion {
                provider: Provider::WORDS
                    .iter()
                    .find(|(w, _)| *w == r.get(0).unwrap_or_default())
                    .map(|(_, p)| *p)?,
                region: r.get(1)?.to_string(),
                city: r.get(2)?.to_string(),
                lat: r.get(3)?.parse().ok()?,
                lon: r.get(4)?.parse().ok()?,
            })
        })
        .collect()
}

/// Looks a region up in the catalogue by its ID.
pub fn find_region(name: &str) -> Option<&'static CatalogueRegion> {
    regions().iter().find(|r| r.region == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_both_providers_with_valid_coordinates() {
        let r = regions();
        assert!(r.iter().filter(|r| r.provider == Provider::Alibaba).count() >= 20);
        assert!(r.iter().filter(|r| r.provider == Provider::Tencent).count() >= 15);
        for x in r {
            assert!(
                (-90.0..=90.0).contains(&x.lat) && (-180.0..=180.0).contains(&x.lon),
                "{x:?}"
            );
        }
        let hz = find_region("cn-hangzhou").unwrap();
        assert!((hz.lat - 30.27).abs() < 0.2 && (hz.lon - 120.15).abs() < 0.2);
        let sg = find_region("ap-southeast-1").unwrap();
        assert!((sg.lat - 1.35).abs() < 0.3 && (sg.lon - 103.8).abs() < 0.3);
    }

    #[test]
    fn region_ids_are_unique() {
        let mut ids: Vec<_> = regions().iter().map(|r| &r.region).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
