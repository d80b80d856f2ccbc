//! Exact decimal parsing of the number part of a quantity.
//!
//! Quantities such as "1.5s" or "2.5e3Mbps" are parsed without floating point so that a
//! duration resolves to an exact number of nanoseconds and a rate to an exact number of bits
//! per second. Anything that does not land on a whole base unit, or that overflows `u64`, is an
//! error rather than a silently rounded value.

use super::UnitError;

/// A non-negative decimal number `digits × 10^exp`, kept exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decimal {
    pub digits: u128,
    pub exp: i32,
    pub negative: bool,
}

impl Decimal {
    /// Parses `[-+]?digits[.digits]([eE][-+]?digits)?`.
    pub(crate) fn parse(s: &str) -> Option<Decimal> {
        let (negative, s) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let (mantissa, exp_part) = match s.find(['e', 'E']) {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let (int_part, frac_part) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        let all = int_part.bytes().chain(frac_part.bytes());
        let mut digits: u128 = 0;
        let mut overflow_exp: i32 = 0;
        for b in all.clone() {
            if !b.is_ascii_digit() {
                return None;
            }
        }
        for (i, b) in all.enumerate() {
            let d = (b - b'0') as u128;
            match digits.checked_mul(10).and_then(|v| v.checked_add(d)) {
                Some(v) => digits = v,
                None => {
                    // Too many significant digits: keep magnitude for integer-part digits.
                    if i < int_part.len() {
                        overflow_exp = overflow_exp.checked_add(1)?;
                    }
                }
            }
        }
        let mut exp: i32 = -(frac_part.len() as i32) + overflow_exp;
        if let Some(e) = exp_part {
            let (eneg, e) = match e.as_bytes().first() {
                Some(b'-') => (true, &e[1..]),
                Some(b'+') => (false, &e[1..]),
                _ => (false, e),
            };
            if e.is_empty() || !e.bytes().all(|b| b.is_ascii_digit()) || e.len() > 6 {
                return None;
            }
            let v: i32 = e.parse().ok()?;
            exp = exp.checked_add(if eneg { -v } else { v })?;
        }
        Some(Decimal {
            digits,
            exp,
            negative,
        })
    }

    /// `self × factor` as an exact integer, or why not.
    pub(crate) fn scale_exact(
        &self,
        factor: u128,
        what: &str,
        base: &str,
    ) -> Result<u64, UnitError> {
        if self.negative && self.digits != 0 {
            return Err(UnitError::new(format!("{what} cannot be negative")));
        }
        let too_big = || UnitError::new(format!("{what} is too large (more than 2^64 {base})"));
        let mut value = self.digits.checked_mul(factor).ok_or_else(too_big)?;
        if self.exp >= 0 {
            for _ in 0..self.exp {
                if value == 0 {
                    break;
                }
                value = value.checked_mul(10).ok_or_else(too_big)?;
            }
        } else {
            for _ in 0..(-self.exp) {
                if value % 10 != 0 {
                    return Err(UnitError::new(format!(
                        "{what} is finer than the resolution of 1 {base}"
                    )));
                }
                value /= 10;
            }
        }
        u64::try_from(value).map_err(|_| too_big())
    }
}

/// Splits "1.5ms" into ("1.5", "ms"): the number is the longest prefix that looks numeric.
pub(crate) fn split_number_unit(s: &str) -> (&str, &str) {
    let s = s.trim();
    let bytes = s.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        let b = bytes[end];
        let is_exp = (b == b'e' || b == b'E')
            && end > 0
            && bytes[..end].iter().any(|c| c.is_ascii_digit())
            && bytes
                .get(end + 1)
                .is_some_and(|c| c.is_ascii_digit() || *c == b'-' || *c == b'+');
        let is_sign = (b == b'-' || b == b'+')
            && (end == 0 || bytes[end - 1] == b'e' || bytes[end - 1] == b'E');
        if b.is_ascii_digit() || b == b'.' || is_exp || is_sign {
            end += 1;
        } else {
            break;
        }
    }
    (&s[..end], s[end..].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exponents_and_fractions_exactly() {
        let d = Decimal::parse("1.5").unwrap();
        assert_eq!(d.scale_exact(1000, "x", "ns").unwrap(), 1500);
        let d = Decimal::parse("2.5e3").unwrap();
        assert_eq!(d.scale_exact(1, "x", "ns").unwrap(), 2500);
        assert!(
            Decimal::parse("1e30")
                .unwrap()
                .scale_exact(1_000_000_000, "x", "bps")
                .is_err()
        );
        assert!(
            Decimal::parse("0.5")
                .unwrap()
                .scale_exact(1, "x", "ns")
                .is_err()
        );
        assert!(Decimal::parse("abc").is_none());
        assert!(Decimal::parse(".").is_none());
    }

    #[test]
    fn splits_number_from_unit() {
        assert_eq!(split_number_unit("1.5ms"), ("1.5", "ms"));
        assert_eq!(split_number_unit("1e30Gbps"), ("1e30", "Gbps"));
        assert_eq!(split_number_unit("-2d"), ("-2", "d"));
        assert_eq!(split_number_unit("5us/km"), ("5", "us/km"));
        assert_eq!(split_number_unit("10 Gbps"), ("10", "Gbps"));
    }
}
