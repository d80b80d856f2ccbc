//! Geography: great-circle distances between regions, IDCs and access points.

/// Mean Earth radius in km (IUGG), used by the haversine formula.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two points given in degrees (haversine).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangzhou_to_singapore_is_about_3400_km() {
        let d = great_circle_km(30.27, 120.15, 1.35, 103.82);
        assert!((d - 3640.0).abs() < 60.0, "{d}");
    }

    #[test]
    fn a_quarter_meridian_is_10008_km() {
        let d = great_circle_km(0.0, 0.0, 90.0, 0.0);
        assert!((d - 10_007.5).abs() < 1.0, "{d}");
    }
}
