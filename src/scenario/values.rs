//! Value shapes shared by several sections: loss models, buffers, packet sizes, places.

use super::diag::Diagnostics;
use super::reader::{At, Fields};
use crate::units::{Duration, Ratio, Size};
use serde::Deserialize;
use serde_spanned::Spanned;
use toml::de::DeValue;

/// Random packet loss on a link or path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LossSpec {
    /// Each packet is lost independently with this probability.
    Bernoulli(Ratio),
    /// Two-state Markov loss (bursty): per packet, Good→Bad with `p_good_bad`, Bad→Good with
    /// `p_bad_good`; a packet is lost with `loss_good` in Good and `loss_bad` in Bad.
    GilbertElliott {
        p_good_bad: Ratio,
        p_bad_good: Ratio,
        loss_good: Ratio,
        loss_bad: Ratio,
    },
}

impl LossSpec {
    /// Long-run share of packets lost: π_B·loss_bad + π_G·loss_good with
    /// π_B = p_gb / (p_gb + p_bg).
    pub fn stationary_loss(&self) -> f64 {
        match *self {
            LossSpec::Bernoulli(p) => p.fraction(),
            LossSpec::GilbertElliott {
                p_good_bad,
                p_bad_good,
                loss_good,
                loss_bad,
            } => {
                let (gb, bg) = (p_good_bad.fraction(), p_bad_good.fraction());
                if gb + bg == 0.0 {
                    return loss_good.fraction();
                }
                let pi_b = gb / (gb + bg);
                pi_b * loss_bad.fraction() + (1.0 - pi_b) * loss_good.fraction()
            }
        }
    }
}

/// A queue limit, given as a size or as a time at the line rate ("10ms" at 1 Gbps = 1.25 MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BufferSpec {
    Size(Size),
    Time(Duration),
}

impl BufferSpec {
    /// The limit in bytes for a queue served at `rate`.
    pub fn bytes_at(self, rate: crate::units::Bandwidth) -> u64 {
        match self {
            BufferSpec::Size(s) => s.as_bytes(),
            BufferSpec::Time(t) => rate.bytes_in(t).as_bytes(),
        }
    }
}

impl<'de> Deserialize<'de> for BufferSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "a buffer is a string | hint: write a size such as \"1MB\" or a time at line rate such as \"10ms\"",
            )
        })?;
        if let Ok(size) = s.parse::<Size>() {
            return Ok(BufferSpec::Size(size));
        }
        if let Ok(t) = s.parse::<Duration>() {
            return Ok(BufferSpec::Time(t));
        }
        Err(serde::de::Error::custom(format!(
            "`{s}` is neither a size nor a time | hint: write a size such as \"1MB\" or a time at line rate such as \"10ms\""
        )))
    }
}

/// The delay variation of an element: a fixed standard deviation, or a share of the
/// element's own one-way delay.
///
/// A share is the default ([`JitterSpec::DEFAULT`], 1% of the delay): the number of routers a
/// route crosses, each adding its own background wait, grows with its length, and a share
/// keeps the variation of an idle path at a fixed fraction of its delay whatever its length.
/// With σ = 1% of each element's delay the p99 wait of a whole path is at most 4.52% of its
/// delay (docs/scenario.md, "Delay variation"), inside the 20% jitter that Express Connect
/// promises (seed 001) with most of it left for the customer's own load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum JitterSpec {
    /// This standard deviation, whatever the element's delay.
    Fixed(Duration),
    /// This share of the element's one-way delay.
    OfDelay(Ratio),
}

impl JitterSpec {
    /// The default: 1% of each element's delay.
    pub const DEFAULT: JitterSpec = JitterSpec::OfDelay(Ratio::from_const(0.01));

    /// The standard deviation for an element of one-way delay `delay`.
    pub fn sd(self, delay: Duration) -> Duration {
        match self {
            JitterSpec::Fixed(d) => d,
            JitterSpec::OfDelay(r) => {
                Duration::from_nanos((delay.as_nanos() as f64 * r.fraction()).round() as u64)
            }
        }
    }
}

impl std::str::FromStr for JitterSpec {
    type Err = crate::units::UnitError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hint = "write a share of the element's delay such as \"1%\" or a standard deviation such as \"20us\"";
        if s.trim().ends_with('%') {
            return s.parse::<Ratio>().map(JitterSpec::OfDelay);
        }
        s.parse::<Duration>()
            .map(JitterSpec::Fixed)
            .map_err(|e| e.with_hint(hint))
    }
}

impl std::fmt::Display for JitterSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JitterSpec::Fixed(d) => write!(f, "{d}"),
            JitterSpec::OfDelay(r) => write!(f, "{}%", r.fraction() * 100.0),
        }
    }
}

impl<'de> Deserialize<'de> for JitterSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "a jitter is a string | hint: write a share of the element's delay such as \"1%\" or a standard deviation such as \"20us\"",
            )
        })?;
        s.parse::<JitterSpec>().map_err(|e| {
            serde::de::Error::custom(match e.hint {
                Some(h) => format!("{} | hint: {h}", e.message),
                None => e.message,
            })
        })
    }
}

/// Packet sizes a source draws from.
#[derive(Debug, Clone, PartialEq)]
pub enum PacketSizeSpec {
    Fixed(Size),
    /// Simple IMIX: 64 B ×7, 576 B ×4, 1500 B ×1 (by packet count).
    Imix,
    /// Sizes drawn with the given relative weights.
    Weighted(Vec<(Size, f64)>),
}

impl PacketSizeSpec {
    /// The size/weight list this spec draws from.
    pub fn choices(&self) -> Vec<(Size, f64)> {
        match self {
            PacketSizeSpec::Fixed(s) => vec![(*s, 1.0)],
            PacketSizeSpec::Imix => vec![(Size(64), 7.0), (Size(576), 4.0), (Size(1500), 1.0)],
            PacketSizeSpec::Weighted(v) => v.clone(),
        }
    }

    /// Mean packet size in bytes.
    pub fn mean_bytes(&self) -> f64 {
        let c = self.choices();
        let w: f64 = c.iter().map(|(_, w)| w).sum();
        c.iter()
            .map(|(s, wi)| s.as_bytes() as f64 * wi)
            .sum::<f64>()
            / w
    }
}

/// A geographic position in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

/// Reads a loss field: a ratio, or a table `{ model = "gilbert-elliott", ... }`.
pub fn read_loss(f: &mut Fields<'_, '_>, key: &'static str) -> Option<At<LossSpec>> {
    let raw = f.value(key)?;
    let span = raw.span();
    let path = f.key_path(key);
    match raw.get_ref() {
        DeValue::Table(_) => {
            let mut model = None;
            let spec = f.table(key, |t| {
                model = t.req::<String>("model", "\"gilbert-elliott\"");
                let p = t.opt::<Ratio>("p");
                let gb = t.opt::<Ratio>("p_good_bad");
                let bg = t.opt::<Ratio>("p_bad_good");
                let lb = t.opt::<Ratio>("loss_bad");
                let lg = t.opt::<Ratio>("loss_good");
                (p, gb, bg, lb, lg)
            })?;
            let (p, gb, bg, lb, lg) = spec.into_inner();
            let model = model?;
            match model.get_ref().as_str() {
                "bernoulli" => match p {
                    Some(p) => Some(Spanned::new(span, LossSpec::Bernoulli(*p.get_ref()))),
                    None => {
                        f.diags.error_hint(
                            span,
                            path,
                            "bernoulli loss needs `p`",
                            "write { model = \"bernoulli\", p = \"0.1%\" }",
                        );
                        None
                    }
                },
                "gilbert-elliott" => match (gb, bg) {
                    (Some(gb), Some(bg)) => Some(Spanned::new(
                        span,
                        LossSpec::GilbertElliott {
                            p_good_bad: *gb.get_ref(),
                            p_bad_good: *bg.get_ref(),
                            loss_bad: lb.map_or(Ratio::ONE, |v| *v.get_ref()),
                            loss_good: lg.map_or(Ratio::ZERO, |v| *v.get_ref()),
                        },
                    )),
                    _ => {
                        f.diags.error_hint(
                            span,
                            path,
                            "gilbert-elliott loss needs `p_good_bad` and `p_bad_good`",
                            "write { model = \"gilbert-elliott\", p_good_bad = 0.0001, p_bad_good = 0.3, loss_bad = \"50%\" }",
                        );
                        None
                    }
                },
                other => {
                    f.diags.error_hint(
                        model.span(),
                        format!("{path}.model"),
                        format!("unknown loss model `{other}`"),
                        "use \"bernoulli\" or \"gilbert-elliott\"",
                    );
                    None
                }
            }
        }
        _ => f
            .opt::<Ratio>(key)
            .map(|r| Spanned::new(span, LossSpec::Bernoulli(*r.get_ref()))),
    }
}

/// The largest packet a flow may send: 64 KiB, the largest IPv4 datagram (a packet above
/// the tunnel MTU fails encapsulation, which the simulation reports).
pub const MAX_PACKET: Size = Size(65_536);

/// Whether a packet size is one a flow can send: 1 B to 64 KiB.
fn packet_size_ok(s: Size) -> bool {
    (1..=MAX_PACKET.as_bytes()).contains(&s.as_bytes())
}

/// Reads `packet_size`: a size, "imix", or a list of `{ size, weight }`; every size is in
/// [1 B, 64 KiB].
pub fn read_packet_size(f: &mut Fields<'_, '_>, key: &'static str) -> Option<At<PacketSizeSpec>> {
    let spec = read_packet_size_unchecked(f, key)?;
    let bad: Vec<Size> = spec
        .get_ref()
        .choices()
        .into_iter()
        .map(|(s, _)| s)
        .filter(|s| !packet_size_ok(*s))
        .collect();
    if let Some(s) = bad.first() {
        let path = f.key_path(key);
        f.diags.error_hint(
            spec.span(),
            path,
            format!("a packet of {s} cannot be sent"),
            "packet sizes are from 1B to 64KiB, e.g. \"1500B\"",
        );
        return None;
    }
    Some(spec)
}

fn read_packet_size_unchecked(
    f: &mut Fields<'_, '_>,
    key: &'static str,
) -> Option<At<PacketSizeSpec>> {
    let raw = f.value(key)?;
    let span = raw.span();
    let path = f.key_path(key);
    match raw.get_ref() {
        DeValue::String(s) if s.as_ref() == "imix" => {
            Some(Spanned::new(span, PacketSizeSpec::Imix))
        }
        DeValue::Array(items) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let ipath = format!("{path}[{i}]");
                let DeValue::Table(t) = item.get_ref() else {
                    f.diags.error_hint(
                        item.span(),
                        ipath,
                        "expected { size, weight }",
                        "write { size = \"64B\", weight = 7 }",
                    );
                    continue;
                };
                let mut sub = Fields::new(t, item.span(), ipath.clone(), f.diags);
                let size = sub.req::<Size>("size", "\"64B\"");
                let weight = sub.opt::<f64>("weight");
                sub.finish();
                let w = weight.as_ref().map_or(1.0, |w| *w.get_ref());
                if !(w.is_finite() && w > 0.0) {
                    f.diags.error(
                        weight.map_or(item.span(), |w| w.span()),
                        format!("{ipath}.weight"),
                        "a weight must be a positive number",
                    );
                    continue;
                }
                if let Some(size) = size {
                    out.push((*size.get_ref(), w));
                }
            }
            if out.is_empty() {
                f.diags.error_hint(
                    span,
                    path,
                    "no packet sizes given",
                    "write packet_size = \"1000B\"",
                );
                return None;
            }
            Some(Spanned::new(span, PacketSizeSpec::Weighted(out)))
        }
        _ => f
            .opt::<Size>(key)
            .map(|s| Spanned::new(span, PacketSizeSpec::Fixed(*s.get_ref()))),
    }
}

/// Reads a list of names such as `between = ["a", "b"]`, requiring exactly `n` entries.
pub fn read_names(
    f: &mut Fields<'_, '_>,
    key: &'static str,
    n: usize,
    example: &str,
) -> Option<At<Vec<At<String>>>> {
    let raw = f.value(key);
    let Some(raw) = raw else {
        f.missing(key, format!("add `{key} = {example}`"));
        return None;
    };
    let span = raw.span();
    let path = f.key_path(key);
    let DeValue::Array(items) = raw.get_ref() else {
        f.diags.error_hint(
            span,
            path,
            format!("`{key}` must be a list of {n} names"),
            format!("write `{key} = {example}`"),
        );
        return None;
    };
    let names: Vec<At<String>> = items
        .iter()
        .filter_map(|it| match it.get_ref() {
            DeValue::String(s) => Some(Spanned::new(it.span(), s.to_string())),
            _ => None,
        })
        .collect();
    if names.len() != items.len() || names.len() != n {
        f.diags.error_hint(
            span,
            path,
            format!("`{key}` must be a list of exactly {n} names"),
            format!("write `{key} = {example}`"),
        );
        return None;
    }
    Some(Spanned::new(span, names))
}

/// Reports a value outside an allowed set of words.
pub fn check_word(diags: &mut Diagnostics, path: String, v: &At<String>, allowed: &[&str]) -> bool {
    if allowed.contains(&v.get_ref().as_str()) {
        return true;
    }
    let hint = match super::reader::did_you_mean(v.get_ref(), allowed) {
        Some(s) => format!("did you mean \"{s}\"? (one of: {})", allowed.join(", ")),
        None => format!("use one of: {}", allowed.join(", ")),
    };
    diags.error_hint(
        v.span(),
        path,
        format!("unknown value \"{}\"", v.get_ref()),
        hint,
    );
    false
}
