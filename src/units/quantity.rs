//! Integer-valued quantities: durations, offsets, bandwidths, sizes, distances, propagation.

use super::UnitError;
use super::decimal::{Decimal, split_number_unit};
use std::fmt;
use std::str::FromStr;

/// Description of one kind of quantity: its name, example, base unit and accepted units.
pub(crate) struct Kind {
    pub name: &'static str,
    pub example: &'static str,
    pub base: &'static str,
    /// (suffix, factor to the base unit); the first entry whose factor divides a value
    /// exactly, scanning from the end, is used by `Display`.
    pub units: &'static [(&'static str, u128)],
}

impl Kind {
    fn unit_list(&self) -> String {
        self.units
            .iter()
            .map(|(u, _)| *u)
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn hint(&self) -> String {
        format!(
            "write a {} with a unit, such as \"{}\" (units: {})",
            self.name,
            self.example,
            self.unit_list()
        )
    }

    /// Parses "<number><unit>" into a signed count of base units.
    pub(crate) fn parse_signed(&self, s: &str) -> Result<(bool, u64), UnitError> {
        let (num, unit) = split_number_unit(s);
        if num.is_empty() {
            return Err(
                UnitError::new(format!("`{s}` is not a {}", self.name)).with_hint(self.hint())
            );
        }
        if unit.is_empty() {
            return Err(UnitError::new(format!("`{s}` has no unit")).with_hint(self.hint()));
        }
        let factor = self
            .units
            .iter()
            .find(|(u, _)| *u == unit)
            .or_else(|| {
                self.units
                    .iter()
                    .find(|(u, _)| u.eq_ignore_ascii_case(unit))
            })
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                UnitError::new(format!("unknown {} unit `{unit}`", self.name))
                    .with_hint(self.hint())
            })?;
        let dec = Decimal::parse(num).ok_or_else(|| {
            UnitError::new(format!("`{num}` is not a number")).with_hint(self.hint())
        })?;
        let magnitude = Decimal {
            negative: false,
            ..dec
        }
        .scale_exact(factor, &format!("{} `{s}`", self.name), self.base)
        .map_err(|e| e.with_hint(self.hint()))?;
        Ok((dec.negative && magnitude != 0, magnitude))
    }

    pub(crate) fn parse_unsigned(&self, s: &str) -> Result<u64, UnitError> {
        match self.parse_signed(s)? {
            (true, _) => Err(
                UnitError::new(format!("{} `{s}` cannot be negative", self.name))
                    .with_hint(self.hint()),
            ),
            (false, v) => Ok(v),
        }
    }

    /// Formats a count of base units with the largest unit that divides it exactly.
    pub(crate) fn format(&self, value: u64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = value as u128;
        let (unit, factor) = self
            .units
            .iter()
            .rev()
            .filter(|(_, fac)| v.is_multiple_of(*fac) && (v != 0 || *fac == 1))
            .map(|(u, fac)| (*u, *fac))
            .next()
            .unwrap_or((self.units[0].0, 1));
        write!(f, "{}{}", v / factor, unit)
    }
}

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident, $kind:expr, $base_fn:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub u64);

        impl $name {
            pub(crate) const KIND: Kind = $kind;

            /// The value in the base unit.
            pub const fn $base_fn(self) -> u64 {
                self.0
            }
        }

        impl FromStr for $name {
            type Err = UnitError;
            fn from_str(s: &str) -> Result<Self, UnitError> {
                Self::KIND.parse_unsigned(s).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                Self::KIND.format(self.0, f)
            }
        }
    };
}

const NS_UNITS: &[(&str, u128)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("min", 60_000_000_000),
    ("h", 3_600_000_000_000),
    ("d", 86_400_000_000_000),
    ("w", 604_800_000_000_000),
];

quantity!(
    /// A non-negative span of time in nanoseconds. Nanoseconds are fine enough to serialize
    /// one byte at 1 Tbps to within rounding and coarse enough for 584 years in a `u64`.
    Duration,
    Kind { name: "duration", example: "20ms", base: "ns", units: NS_UNITS },
    as_nanos
);

quantity!(
    /// A bandwidth in bits per second (decimal SI prefixes, as network products are sold).
    Bandwidth,
    Kind {
        name: "bandwidth",
        example: "10Gbps",
        base: "bps",
        units: &[
            ("bps", 1),
            ("Kbps", 1_000),
            ("Mbps", 1_000_000),
            ("Gbps", 1_000_000_000),
            ("Tbps", 1_000_000_000_000),
        ],
    },
    as_bps
);

quantity!(
    /// A size in bytes. KB and MB are decimal; KiB and MiB binary.
    Size,
    Kind {
        name: "size",
        example: "1500B",
        base: "B",
        units: &[
            ("B", 1),
            ("KB", 1_000),
            ("KiB", 1_024),
            ("MB", 1_000_000),
            ("MiB", 1_048_576),
            ("GB", 1_000_000_000),
            ("GiB", 1_073_741_824),
        ],
    },
    as_bytes
);

quantity!(
    /// A distance in millimetres (fine enough that "0.001km" is exact).
    Distance,
    Kind {
        name: "distance",
        example: "40km",
        base: "mm",
        units: &[("mm", 1), ("m", 1_000), ("km", 1_000_000)],
    },
    as_mm
);

quantity!(
    /// Propagation delay per length, in picoseconds per kilometre ("5us/km" is light in fiber).
    PropagationRate,
    Kind {
        name: "propagation delay per length",
        example: "5us/km",
        base: "ps/km",
        units: &[("ps/km", 1), ("ns/km", 1_000), ("us/km", 1_000_000), ("ms/km", 1_000_000_000)],
    },
    as_ps_per_km
);

/// A signed time relative to the start of a run, e.g. `requested = "-2d"` for an application
/// made two days before time 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Offset(pub i64);

impl Offset {
    pub const fn as_nanos(self) -> i64 {
        self.0
    }
}

impl FromStr for Offset {
    type Err = UnitError;
    fn from_str(s: &str) -> Result<Self, UnitError> {
        let (negative, v) = Duration::KIND.parse_signed(s)?;
        let v = i64::try_from(v)
            .map_err(|_| UnitError::new(format!("time offset `{s}` is too large")))?;
        Ok(Offset(if negative { -v } else { v }))
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < 0 {
            f.write_str("-")?;
        }
        Duration::KIND.format(self.0.unsigned_abs(), f)
    }
}

impl Duration {
    pub const ZERO: Duration = Duration(0);

    pub const fn from_nanos(ns: u64) -> Self {
        Duration(ns)
    }
    pub const fn from_micros(us: u64) -> Self {
        Duration(us * 1_000)
    }
    pub const fn from_millis(ms: u64) -> Self {
        Duration(ms * 1_000_000)
    }
    pub const fn from_secs(s: u64) -> Self {
        Duration(s * 1_000_000_000)
    }
    /// Seconds as a float, for reports only.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 * 1e-9
    }
    pub fn saturating_add(self, other: Duration) -> Duration {
        Duration(self.0.saturating_add(other.0))
    }
}

/// Saturates at `u64::MAX` ns (584 years) rather than wrapping: an absurd delay stays absurd.
impl std::ops::Add for Duration {
    type Output = Duration;
    fn add(self, rhs: Duration) -> Duration {
        Duration(self.0.saturating_add(rhs.0))
    }
}

impl std::iter::Sum for Duration {
    fn sum<I: Iterator<Item = Duration>>(iter: I) -> Duration {
        iter.fold(Duration::ZERO, |a, b| a + b)
    }
}

impl Bandwidth {
    pub const fn from_bps(bps: u64) -> Self {
        Bandwidth(bps)
    }
    pub const fn from_mbps(mbps: u64) -> Self {
        Bandwidth(mbps * 1_000_000)
    }
    pub const fn from_gbps(gbps: u64) -> Self {
        Bandwidth(gbps * 1_000_000_000)
    }

    /// Time to serialize `size` at this rate, rounded up to the next nanosecond so that a
    /// link never runs faster than its rate. A zero rate never finishes (saturates).
    pub fn transmit_time(self, size: Size) -> Duration {
        if self.0 == 0 {
            return Duration(u64::MAX);
        }
        let bits = size.0 as u128 * 8 * 1_000_000_000;
        let ns = bits.div_ceil(self.0 as u128);
        Duration(u64::try_from(ns).unwrap_or(u64::MAX))
    }

    /// Bytes this rate carries in `time`, rounded down.
    pub fn bytes_in(self, time: Duration) -> Size {
        let bytes = self.0 as u128 * time.0 as u128 / 8 / 1_000_000_000;
        Size(u64::try_from(bytes).unwrap_or(u64::MAX))
    }
}

impl Size {
    pub const fn from_bytes(b: u64) -> Self {
        Size(b)
    }
}

impl Distance {
    pub const fn from_km(km: u64) -> Self {
        Distance(km * 1_000_000)
    }
    pub fn as_km_f64(self) -> f64 {
        self.0 as f64 * 1e-6
    }
}

impl PropagationRate {
    /// Propagation delay over `distance`, rounded to the nearest nanosecond.
    pub fn delay_over(self, distance: Distance) -> Duration {
        // ps/km × mm = 1e-12 s/km × 1e-6 km = 1e-18 s; divide by 1e9 for ns.
        let v = self.0 as u128 * distance.0 as u128;
        let ns = (v + 500_000_000) / 1_000_000_000;
        Duration(u64::try_from(ns).unwrap_or(u64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_to_exact_nanoseconds() {
        assert_eq!("1.5s".parse::<Duration>().unwrap(), Duration(1_500_000_000));
        assert_eq!(
            "20ms".parse::<Duration>().unwrap(),
            Duration::from_millis(20)
        );
        assert_eq!(
            "30d".parse::<Duration>().unwrap().0,
            30 * 86_400_000_000_000
        );
        assert_eq!("2min".parse::<Duration>().unwrap().0, 120_000_000_000);
        assert_eq!("0s".parse::<Duration>().unwrap(), Duration::ZERO);
    }

    #[test]
    fn bad_quantities_say_what_to_write() {
        let e = "20".parse::<Duration>().unwrap_err();
        assert!(e.message.contains("no unit"), "{e:?}");
        assert!(e.hint.unwrap().contains("20ms"));
        let e = "10Gbit".parse::<Bandwidth>().unwrap_err();
        assert!(e.message.contains("unknown bandwidth unit `Gbit`"), "{e:?}");
        let e = "1e30Gbps".parse::<Bandwidth>().unwrap_err();
        assert!(e.message.contains("too large"), "{e:?}");
        let e = "-5ms".parse::<Duration>().unwrap_err();
        assert!(e.message.contains("negative"), "{e:?}");
        assert!("NaNs".parse::<Duration>().is_err());
        assert!("inf ms".parse::<Duration>().is_err());
        assert!("0.5ns".parse::<Duration>().is_err());
    }

    #[test]
    fn display_round_trips_through_parse() {
        for s in [
            "1500ms", "20ms", "8d", "1w", "1ns", "10Gbps", "1500B", "64KiB", "40km", "5us/km",
            "0ns",
        ] {
            let d: Box<dyn Fn(&str) -> String> = match s {
                x if x.ends_with("bps") => {
                    Box::new(|x| x.parse::<Bandwidth>().unwrap().to_string())
                }
                x if x.ends_with("/km") => {
                    Box::new(|x| x.parse::<PropagationRate>().unwrap().to_string())
                }
                x if x.ends_with('B') => Box::new(|x| x.parse::<Size>().unwrap().to_string()),
                x if x.ends_with("km") => Box::new(|x| x.parse::<Distance>().unwrap().to_string()),
                _ => Box::new(|x| x.parse::<Duration>().unwrap().to_string()),
            };
            assert_eq!(d(s), s);
        }
        assert_eq!("1.5s".parse::<Duration>().unwrap().to_string(), "1500ms");
        assert_eq!("-2d".parse::<Offset>().unwrap().to_string(), "-2d");
        assert_eq!("-2d".parse::<Offset>().unwrap().0, -2 * 86_400_000_000_000);
    }

    #[test]
    fn transmit_time_of_1000_bytes_at_1gbps_is_8us() {
        assert_eq!(
            Bandwidth::from_gbps(1).transmit_time(Size(1000)),
            Duration::from_micros(8)
        );
        // Rounded up: 1 byte at 3 bps is 2.666.. s.
        assert_eq!(Bandwidth(3).transmit_time(Size(1)).0, 2_666_666_667);
    }

    #[test]
    fn propagation_over_1000km_at_5us_per_km_is_5ms() {
        let p: PropagationRate = "5us/km".parse().unwrap();
        assert_eq!(
            p.delay_over(Distance::from_km(1000)),
            Duration::from_millis(5)
        );
    }
}
