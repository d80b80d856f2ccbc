//! Axis ranges and ticks: "nice" 1-2-5 steps, a log scale when values span decades, and
//! tick labels with just enough decimals to tell neighbouring ticks apart.

/// One numeric axis: its range, the values that get a tick and a label, and whether it is
/// logarithmic.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    pub log: bool,
    /// Decimals of a linear axis' labels (log labels use significant digits).
    decimals: usize,
    /// Ticks labelled by their own text in place of their numbers (categories, or values
    /// chosen by a plot); empty when the ticks are labelled by their numbers.
    named: Vec<(f64, String)>,
}

impl Axis {
    /// A linear axis covering [lo, hi], widened to whole steps of a 1-2-5 series with about
    /// `ticks` labels. An empty or non-finite range becomes a small one around its value.
    pub fn linear(lo: f64, hi: f64, ticks: usize) -> Axis {
        let (lo, hi) = widen(lo, hi);
        let step = nice_step((hi - lo) / ticks.max(1) as f64);
        let first = (lo / step + 1e-9).floor() as i64;
        let last = (hi / step - 1e-9).ceil() as i64;
        let ticks = (first..=last).map(|k| k as f64 * step).collect();
        Axis {
            lo: first as f64 * step,
            hi: last as f64 * step,
            ticks,
            log: false,
            decimals: decimals_of(step),
            named: Vec::new(),
        }
    }

    /// A linear axis covering exactly [lo, hi], with ticks at the multiples of a 1-2-5 step
    /// inside it, about `ticks` of them.
    pub fn within(lo: f64, hi: f64, ticks: usize) -> Axis {
        let (lo, hi) = widen(lo, hi);
        let step = nice_step((hi - lo) / ticks.max(1) as f64);
        let first = (lo / step - 1e-9).ceil() as i64;
        let last = (hi / step + 1e-9).floor() as i64;
        Axis {
            lo,
            hi,
            ticks: (first..=last).map(|k| k as f64 * step).collect(),
            log: false,
            decimals: decimals_of(step),
            named: Vec::new(),
        }
    }

    /// The same axis with `suffix` after each tick's label: "5%".
    pub fn suffixed(self, suffix: &str) -> Axis {
        let named: Vec<(f64, String)> = self
            .ticks
            .iter()
            .map(|t| (*t, format!("{}{suffix}", self.label(*t))))
            .collect();
        self.with_ticks(named)
    }

    /// A linear axis of counts: integer ticks only.
    pub fn counts(max: f64, ticks: usize) -> Axis {
        let max = if max.is_finite() { max.max(1.0) } else { 1.0 };
        let step = nice_step(max / ticks.max(1) as f64).max(1.0);
        let last = (max / step - 1e-9).ceil().max(1.0) as i64;
        Axis {
            lo: 0.0,
            hi: last as f64 * step,
            ticks: (0..=last).map(|k| k as f64 * step).collect(),
            log: false,
            decimals: 0,
            named: Vec::new(),
        }
    }

    /// A log axis covering [lo, hi] (both > 0), widened to values of the 1-2-5 series.
    pub fn log(lo: f64, hi: f64) -> Axis {
        let lo = if lo.is_finite() && lo > 0.0 { lo } else { 1e-3 };
        let hi = if hi.is_finite() && hi > lo {
            hi
        } else {
            lo * 10.0
        };
        let lo = series_125(lo)
            .into_iter()
            .rev()
            .find(|v| *v <= lo * (1.0 + 1e-9))
            .unwrap_or(lo);
        let hi = series_125(hi)
            .into_iter()
            .find(|v| *v >= hi * (1.0 - 1e-9))
            .unwrap_or(hi);
        Axis {
            lo,
            hi,
            ticks: log_ticks(lo, hi),
            log: true,
            decimals: 0,
            named: Vec::new(),
        }
    }

    /// An axis of `n` rows of categories, a tick at each row's centre, and room above the
    /// top row for the label of an SLA line.
    pub fn rows(n: usize) -> Axis {
        Axis {
            lo: 0.0,
            // About 30 pixels whether the rows are few and tall or many and thin.
            hi: n.max(1) as f64 + (0.3 + 0.05 * n as f64).min(0.8),
            ticks: (0..n).map(|i| i as f64 + 0.5).collect(),
            log: false,
            decimals: 0,
            named: Vec::new(),
        }
    }

    /// An axis of categories in their order, the `i`-th at `i` labelled `names[i]`, with
    /// half a category of room at either end.
    pub fn categories(names: Vec<String>) -> Axis {
        let n = names.len().max(1);
        Axis {
            lo: -0.5,
            hi: n as f64 - 0.5,
            ticks: Vec::new(),
            log: false,
            decimals: 0,
            named: Vec::new(),
        }
        .with_ticks(names.into_iter().enumerate().map(|(i, s)| (i as f64, s)))
    }

    /// The same range with exactly these ticks, each labelled by its text.
    pub fn with_ticks(mut self, ticks: impl IntoIterator<Item = (f64, String)>) -> Axis {
        self.named = ticks.into_iter().collect();
        self.ticks = self.named.iter().map(|t| t.0).collect();
        self
    }

    /// Extends the range by `frac` of its span at the top (and bottom, when `both`), without
    /// adding ticks: room so that points at the extremes are not drawn on the frame.
    pub fn padded(mut self, frac: f64, both: bool) -> Axis {
        if self.log {
            let f = (self.hi / self.lo).powf(frac);
            self.hi *= f;
            if both {
                self.lo /= f;
            }
        } else {
            let d = (self.hi - self.lo) * frac;
            self.hi += d;
            if both {
                self.lo -= d;
            }
        }
        self
    }

    /// The label of tick `v`.
    pub fn label(&self, v: f64) -> String {
        if !self.named.is_empty() {
            let near = |t: f64| (t - v).abs() <= 1e-9 * t.abs().max(v.abs()).max(1e-300);
            return self
                .named
                .iter()
                .find(|t| near(t.0))
                .map_or(String::new(), |t| t.1.clone());
        }
        if self.log {
            powered(v)
        } else {
            fixed(v, self.decimals)
        }
    }

    /// Where a value is drawn: inside the range, a log axis' zeros at its bottom.
    pub fn clamp(&self, v: f64) -> f64 {
        v.clamp(self.lo, self.hi)
    }

    /// `v` moved by `frac` of the axis' length (in its scale: a factor on a log axis).
    pub fn shift(&self, v: f64, frac: f64) -> f64 {
        if self.log {
            v * (self.hi / self.lo).powf(frac)
        } else {
            v + (self.hi - self.lo) * frac
        }
    }
}

/// A non-empty finite range: equal ends are spread apart, non-finite ones become [0, 1].
fn widen(lo: f64, hi: f64) -> (f64, f64) {
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if hi - lo > 1e-12 * hi.abs().max(1e-300) {
        (lo, hi)
    } else if lo == 0.0 {
        (0.0, 1.0)
    } else {
        let d = lo.abs() * 0.05;
        (lo - d, hi + d)
    }
}

/// The smallest value of the 1-2-5 series (…, 0.1, 0.2, 0.5, 1, 2, 5, 10, …) ≥ `raw`.
pub(super) fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let exp = raw.log10().floor();
    let base = 10f64.powf(exp);
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * base)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * base)
}

fn decimals_of(step: f64) -> usize {
    if step >= 1.0 {
        0
    } else {
        (-step.log10() - 1e-9).ceil().max(0.0) as usize
    }
}

/// The 1-2-5 values in the decades around `v`.
fn series_125(v: f64) -> Vec<f64> {
    let e = v.log10().floor() as i32;
    (e - 1..=e + 1)
        .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
        .collect()
}

/// Ticks of a log axis: 1-2-5 values, or every integer multiple within a decade when the
/// range is too short for three of those, or only powers of ten over many decades.
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let within = |ms: &[f64]| -> Vec<f64> {
        let (a, b) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
        (a..=b)
            .flat_map(|k| ms.iter().map(move |m| m * 10f64.powi(k)))
            .filter(|v| *v >= lo * (1.0 - 1e-9) && *v <= hi * (1.0 + 1e-9))
            .collect()
    };
    let t = within(&[1.0, 2.0, 5.0]);
    if t.len() < 3 {
        return within(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
    }
    if t.len() > 12 {
        return within(&[1.0]);
    }
    t
}

/// A log axis' label: `v` as [`significant`] from 0.001 up, below as a power of ten with
/// its mantissa, so six zeros are not counted: 0.002, 0.001, 5×10⁻⁴, 10⁻⁵.
pub(super) fn powered(v: f64) -> String {
    if !(v.is_finite() && v > 0.0 && v < 1e-3 * (1.0 - 1e-9)) {
        return significant(v);
    }
    let exp = (v.log10() + 1e-9).floor() as i32;
    let mantissa = v / 10f64.powi(exp);
    let sup: String = exp
        .to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            _ => '⁹',
        })
        .collect();
    if (mantissa - 1.0).abs() < 1e-6 {
        format!("10{sup}")
    } else {
        format!("{}×10{sup}", significant(mantissa))
    }
}

/// `v` with `decimals` decimals, never "-0".
pub(super) fn fixed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

/// `v` with three significant digits and no trailing zeros: 0.002, 0.0143, 1.5, 20, 1500.
pub(super) fn significant(v: f64) -> String {
    digits(v, 3)
}

/// `v` with `n` significant digits (whole numbers keep all theirs) and no trailing zeros.
pub(super) fn digits(v: f64, n: i32) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    let decimals = (n - 1 - mag).max(0) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// The significant digits (3 or more, at most 7) that tell `lo` and `hi` apart.
pub(super) fn digits_apart(lo: f64, hi: f64) -> i32 {
    (3..=7)
        .find(|n| digits(lo, *n) != digits(hi, *n))
        .unwrap_or(3)
}

/// A count with thousands separated by commas: 294,213.
pub(super) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The finite extremes of `values`, if any.
pub(super) fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((a, b)) => Some((a.min(v), b.max(v))),
        })
}

/// Whether positive values from `lo` to `hi` span more than `decades` powers of ten, so a
/// linear axis would flatten the small ones against zero.
pub(super) fn spans_decades(lo: f64, hi: f64, decades: f64) -> bool {
    lo > 0.0 && hi.is_finite() && (hi / lo).log10() > decades
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_axes_end_on_ticks_of_a_125_step() {
        let a = Axis::linear(0.0, 23.0, 10);
        assert_eq!((a.lo, a.hi), (0.0, 25.0));
        assert_eq!(a.ticks, [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
        assert_eq!(a.label(5.0), "5");
        let b = Axis::linear(99.9, 100.0, 5);
        assert_eq!(b.label(b.ticks[1]), "99.92");
    }

    #[test]
    fn empty_and_non_finite_ranges_do_not_panic() {
        let a = Axis::linear(5.0, 5.0, 10);
        assert!(a.lo < 5.0 && a.hi > 5.0);
        let b = Axis::linear(f64::NAN, f64::INFINITY, 10);
        assert_eq!((b.lo, b.hi), (0.0, 1.0));
        let c = Axis::log(0.0, f64::NAN);
        assert!(c.lo > 0.0 && c.hi > c.lo && !c.ticks.is_empty());
        assert_eq!(Axis::counts(0.0, 5).hi, 1.0);
    }

    #[test]
    fn log_axes_use_125_values() {
        let a = Axis::log(0.03, 29.0);
        assert!((a.lo - 0.02).abs() < 1e-12 && (a.hi - 50.0).abs() < 1e-9);
        assert_eq!(a.label(a.ticks[0]), "0.02");
        assert_eq!(a.label(0.05), "0.05");
        let short = Axis::log(1.4, 2.1);
        assert!(short.ticks.len() >= 2, "{:?}", short.ticks);
    }

    #[test]
    fn categories_are_labelled_by_name_in_order() {
        let a = Axis::categories(vec!["Middle.5".into(), "Large.1".into()]);
        assert_eq!((a.lo, a.hi), (-0.5, 1.5));
        assert_eq!(a.ticks, [0.0, 1.0]);
        assert_eq!(a.label(1.0), "Large.1");
        assert_eq!(a.label(2.0), "");
        let log = Axis::log(1.0, 100.0).with_ticks([(1.0, "0".to_string()), (3.0, "3".into())]);
        assert_eq!(log.ticks, [1.0, 3.0]);
        assert_eq!(
            (log.label(1.0).as_str(), log.label(3.0).as_str()),
            ("0", "3")
        );
        assert!((log.shift(10.0, 0.5) - 100.0).abs() < 1e-9);
    }

    #[test]
    fn labels_have_no_noise_digits() {
        assert_eq!(significant(0.0143), "0.0143");
        assert_eq!(significant(1.579), "1.58");
        assert_eq!(significant(1500.0), "1500");
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(digits(1.64512, 4), "1.645");
        assert_eq!(grouped(294_213), "294,213");
        assert_eq!(powered(0.001), "0.001");
        assert_eq!(powered(0.0001), "10⁻⁴");
        assert_eq!(powered(5e-7), "5×10⁻⁷");
        assert_eq!(powered(20.0), "20");
        assert_eq!(digits_apart(120.98, 121.03), 5);
        assert_eq!(digits_apart(5.0, 6.0), 3);
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }
}
