//! Ratios: probabilities, shares and SLA thresholds.

use super::UnitError;
use std::fmt;
use std::str::FromStr;

/// A ratio in [0, 1], written "0.2%" or as a plain fraction 0.002.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Ratio(f64);

impl Ratio {
    pub const ZERO: Ratio = Ratio(0.0);
    pub const ONE: Ratio = Ratio(1.0);

    /// A ratio known when the program is built; a fraction outside [0, 1] does not compile.
    pub const fn from_const(fraction: f64) -> Ratio {
        assert!(
            fraction >= 0.0 && fraction <= 1.0,
            "a ratio is inside [0, 1]"
        );
        Ratio(fraction)
    }

    /// A ratio from a fraction, checked to be finite and inside [0, 1].
    pub fn new(fraction: f64) -> Result<Ratio, UnitError> {
        if !fraction.is_finite() {
            return Err(
                UnitError::new(format!("ratio {fraction} is not a finite number"))
                    .with_hint("write a percentage such as \"0.2%\" or a fraction such as 0.002"),
            );
        }
        if !(0.0..=1.0).contains(&fraction) {
            return Err(
                UnitError::new(format!("ratio {fraction} is outside [0, 1]")).with_hint(
                    "write a percentage between \"0%\" and \"100%\" or a fraction between 0 and 1",
                ),
            );
        }
        Ok(Ratio(fraction))
    }

    /// The ratio as a fraction in [0, 1].
    pub const fn fraction(self) -> f64 {
        self.0
    }
}

impl FromStr for Ratio {
    type Err = UnitError;
    fn from_str(s: &str) -> Result<Self, UnitError> {
        let t = s.trim();
        let hint = "write a percentage such as \"0.2%\" or a fraction such as 0.002";
        let (num, scale) = match t.strip_suffix('%') {
            Some(n) => (n.trim(), 100.0),
            None => (t, 1.0),
        };
        let ok_chars = !num.is_empty()
            && num
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
        let v: f64 = if ok_chars { num.parse().ok() } else { None }
            .ok_or_else(|| UnitError::new(format!("`{s}` is not a ratio")).with_hint(hint))?;
        Ratio::new(v / scale)
    }
}

impl fmt::Display for Ratio {
    /// Prints the fraction, which parses back to exactly the same value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_fraction_forms_agree() {
        assert_eq!(
            "0.2%".parse::<Ratio>().unwrap(),
            "0.002".parse::<Ratio>().unwrap()
        );
        assert_eq!("99.95%".parse::<Ratio>().unwrap().fraction(), 0.9995);
        assert!("120%".parse::<Ratio>().is_err());
        assert!("-1%".parse::<Ratio>().is_err());
        assert!("NaN".parse::<Ratio>().is_err());
        assert!("abc".parse::<Ratio>().is_err());
    }

    #[test]
    fn display_round_trips() {
        for s in ["0.002", "0.9995", "0", "1", "0.30000000000000004"] {
            let r: Ratio = s.parse().unwrap();
            assert_eq!(r.to_string().parse::<Ratio>().unwrap(), r);
        }
    }
}
