//! Deserialization of quantities from scenario values.
//!
//! Dimensioned quantities are strings with a unit; a bare number is refused with a message
//! saying which unit to write. Ratios also accept a bare fraction.

use super::{Bandwidth, Distance, Duration, Offset, PropagationRate, Ratio, Size, UnitError};
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

/// Formats a unit error for serde: message and hint on one line, split again by the scenario
/// loader at " | hint: ".
pub(crate) fn serde_message(e: &UnitError) -> String {
    match &e.hint {
        Some(h) => format!("{} | hint: {}", e.message, h),
        None => e.message.clone(),
    }
}

struct QuantityVisitor<T> {
    expecting: &'static str,
    example: &'static str,
    bare_numbers: bool,
    _t: PhantomData<T>,
}

impl<'de, T: FromStr<Err = UnitError>> Visitor<'de> for QuantityVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} such as \"{}\"", self.expecting, self.example)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse()
            .map_err(|e: UnitError| E::custom(serde_message(&e)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.number(&v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.number(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        self.number(&v.to_string())
    }
}

impl<T: FromStr<Err = UnitError>> QuantityVisitor<T> {
    fn number<E: de::Error>(&self, n: &str) -> Result<T, E> {
        if self.bare_numbers {
            return n
                .parse()
                .map_err(|e: UnitError| E::custom(serde_message(&e)));
        }
        Err(E::custom(format!(
            "a bare number {n} is not a {} | hint: write it as a string with a unit, such as \"{}\"",
            self.expecting, self.example
        )))
    }
}

macro_rules! deserialize_quantity {
    ($t:ty, $what:expr, $example:expr, $bare:expr) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(QuantityVisitor::<$t> {
                    expecting: $what,
                    example: $example,
                    bare_numbers: $bare,
                    _t: PhantomData,
                })
            }
        }

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    };
}

deserialize_quantity!(Duration, "duration", "20ms", false);
deserialize_quantity!(Offset, "time offset", "-2d", false);
deserialize_quantity!(Bandwidth, "bandwidth", "10Gbps", false);
deserialize_quantity!(Size, "size", "1500B", false);
deserialize_quantity!(Distance, "distance", "40km", false);
deserialize_quantity!(
    PropagationRate,
    "propagation delay per length",
    "5us/km",
    false
);
deserialize_quantity!(Ratio, "ratio", "0.2%", true);
