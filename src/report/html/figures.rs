//! Figures as the pages show them: a metric's mean with its 95% interval in small type, a
//! compliance as "k/n met", percentages, targets, downtime minutes, grouped counts.

use super::kit::NONE;
use super::table::Cell;
use crate::sla::judge::{Compliance, Metric};
use maud::{Markup, html};

/// Minutes in the 30 days over which downtime is quoted.
pub const MINUTES_PER_30_DAYS: f64 = 30.0 * 24.0 * 60.0;

/// How a figure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A fraction shown as a percentage with this many decimals.
    Percent(usize),
    /// Milliseconds with this many decimals.
    Ms(usize),
    /// A plain number with this many decimals.
    Number(usize),
}

impl Unit {
    /// `x` in this unit, without the unit for milliseconds and plain numbers; "—" when `x`
    /// is not a number.
    pub fn format(self, x: f64) -> String {
        if !x.is_finite() {
            return NONE.into();
        }
        match self {
            Unit::Percent(d) => format!("{:.d$}%", x * 100.0),
            Unit::Ms(d) | Unit::Number(d) => format!("{x:.d$}"),
        }
    }

    /// `x` in this unit with the unit written out (`1.562 ms`).
    pub fn format_with_unit(self, x: f64) -> String {
        match self {
            Unit::Ms(_) if x.is_finite() => format!("{} ms", self.format(x)),
            _ => self.format(x),
        }
    }
}

/// A metric's mean and its interval, when the mean is a number (the interval only when both
/// its ends are).
pub fn metric_parts(metric: Option<Metric>) -> Option<(f64, Option<(f64, f64)>)> {
    let m = metric.filter(|m| m.mean.is_finite())?;
    let [lo, hi] = m.ci95;
    Some((
        m.mean,
        (lo.is_finite() && hi.is_finite()).then_some((lo, hi)),
    ))
}

/// A metric's mean and, in smaller type below it, its 95% interval ("6.01–6.36%"), left out
/// when it is the mean itself at this precision: the content of a table cell. "—" when there
/// is no metric.
pub fn metric_cell(metric: Option<Metric>, unit: Unit) -> Markup {
    let Some((mean, ci)) = metric_parts(metric) else {
        return html! { (NONE) };
    };
    let shown = unit.format(mean);
    let interval = ci
        .map(|(lo, hi)| (unit.format(lo), unit.format(hi)))
        .filter(|(lo, hi)| *lo != shown || *hi != shown);
    html! {
        span.v { (shown) }
        @if let Some((lo, hi)) = interval {
            small.ci title="95% confidence interval of the mean" {
                (lo.trim_end_matches('%')) "–" (hi)
            }
        }
    }
}

const COMPLIANCE_TITLE: &str = "replications meeting the target / replications measuring it";

/// A compliance as a short line: "✓ 8/8 met" (replications meeting the target / measuring
/// it, recovered from the share and its Wilson interval, at most `replications`) or
/// "✓ 87.5% met", marked ✗ when the target is missed. Empty when there is none.
pub fn compliance_line(compliance: Option<Compliance>, replications: u64) -> Markup {
    let Some(c) = compliance.filter(|c| c.share.is_finite()) else {
        return html! {};
    };
    let how = match replication_counts(&c, replications) {
        Some((k, n)) => format!("{k}/{n} met"),
        None => format!("{} met", share_text(c.share)),
    };
    html! {
        @if c.met {
            small.ok title=(COMPLIANCE_TITLE) { "✓ " (how) }
        } @else {
            small.miss title=(COMPLIANCE_TITLE) { "✗ " (how) }
        }
    }
}

/// A metric cell with its compliance line under it, marked (`miss` class) when the target is
/// missed: the cell of an SLA figure.
pub fn sla_cell(
    metric: Option<Metric>,
    compliance: Option<Compliance>,
    unit: Unit,
    replications: u64,
) -> Cell {
    let cell = Cell::html(html! {
        (metric_cell(metric, unit))
        (compliance_line(compliance, replications))
    });
    if compliance.is_some_and(|c| !c.met) {
        cell.class("miss")
    } else {
        cell
    }
}

/// A share such as a compliance share: "100%", "87.5%".
pub fn share_text(share: f64) -> String {
    if !share.is_finite() {
        return NONE.into();
    }
    let p = share * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// A target fraction as a short percentage: 0.002 → "0.2%", 0.9995 → "99.95%".
pub fn target_text(fraction: f64) -> String {
    if !fraction.is_finite() {
        return NONE.into();
    }
    let s = format!("{:.6}", fraction * 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

/// The met / measured replication counts behind a compliance share, recovered exactly: the
/// summary holds the share k/n and its 95% Wilson interval, and only one (k, n) gives both.
/// n is at most `max_n` (the run's replications); `None` when no n matches (a hand-written
/// file).
pub fn replication_counts(compliance: &Compliance, max_n: u64) -> Option<(u64, u64)> {
    let share = compliance.share;
    let [lo, hi] = compliance.wilson95;
    if !(0.0..=1.0).contains(&share) || !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    let max_n = max_n.min(MAX_COUNT_SEARCH);
    let fits = |n: u64| {
        let k = (share * n as f64).round();
        if (k / n as f64 - share).abs() > 1e-12 {
            return None;
        }
        let k = k as u64;
        let (l, h) = crate::sla::wilson_interval(k, n, 0.95);
        ((l - lo).abs() < 1e-9 && (h - hi).abs() < 1e-9).then_some((k, n))
    };
    // Usually every replication measured the target: try n = max_n first.
    if max_n == 0 {
        return None;
    }
    fits(max_n).or_else(|| (1..max_n).find_map(fits))
}

/// The largest replication count [`replication_counts`] searches.
const MAX_COUNT_SEARCH: u64 = 20_000;

/// Downtime in minutes per 30 days from an availability metric, with its interval.
pub fn downtime_cell(availability: Option<Metric>) -> Markup {
    let Some((mean, ci)) = metric_parts(availability) else {
        return html! { (NONE) };
    };
    let interval = ci
        .map(|(lo, hi)| {
            (
                minutes((1.0 - hi) * MINUTES_PER_30_DAYS),
                minutes((1.0 - lo) * MINUTES_PER_30_DAYS),
            )
        })
        .filter(|(a, b)| a != b);
    html! {
        span.v { (minutes((1.0 - mean) * MINUTES_PER_30_DAYS)) }
        @if let Some((a, b)) = interval {
            small.ci { (a) "–" (b) }
        }
    }
}

/// Minutes with a precision that suits their size: two significant digits below 1.
pub fn minutes(m: f64) -> String {
    let m = m.max(0.0);
    if m == 0.0 {
        "0".into()
    } else if m < 1e-6 {
        "≈ 0".into()
    } else if m < 1.0 {
        let decimals = (-m.log10().floor()) as usize + 1;
        format!("{m:.decimals$}")
    } else if m < 10.0 {
        format!("{m:.2}")
    } else if m < 1000.0 {
        format!("{m:.1}")
    } else {
        format!("{m:.0}")
    }
}

/// 1234567 → "1 234 567" (narrow no-break spaces).
pub fn group(n: u64) -> String {
    let s = n.to_string();
    let mut o = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            o.push('\u{202F}');
        }
        o.push(c);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compliance(share: f64, wilson95: [f64; 2], met: bool) -> Compliance {
        Compliance {
            share,
            wilson95,
            met,
        }
    }

    #[test]
    fn percentages_and_targets() {
        assert_eq!(Unit::Percent(3).format(5.5e-6), "0.001%");
        assert_eq!(Unit::Percent(4).format(0.9995), "99.9500%");
        assert_eq!(Unit::Ms(3).format(1.5625), "1.562");
        assert_eq!(Unit::Ms(3).format_with_unit(f64::NAN), NONE);
        assert_eq!(target_text(0.002), "0.2%");
        assert_eq!(target_text(0.9995), "99.95%");
        assert_eq!(target_text(0.2), "20%");
        assert_eq!(share_text(0.875), "87.5%");
        assert_eq!(share_text(1.0), "100%");
    }

    #[test]
    fn metric_cells_show_mean_interval_or_dash() {
        let m = Metric {
            mean: 0.5,
            ci95: [0.25, 0.75],
        };
        let html = metric_cell(Some(m), Unit::Percent(1)).into_string();
        assert!(
            html.contains("50.0%") && html.contains("25.0–75.0%"),
            "{html}"
        );
        let exact = Metric {
            mean: 1.0,
            ci95: [1.0, 1.0],
        };
        assert!(
            !metric_cell(Some(exact), Unit::Percent(3))
                .into_string()
                .contains("<small")
        );
        assert_eq!(metric_cell(None, Unit::Ms(3)).into_string(), NONE);
    }

    #[test]
    fn replication_counts_are_recovered_from_the_wilson_interval() {
        for (k, n) in [(8, 8), (0, 3), (6, 8), (19, 20), (1, 1), (0, 30)] {
            let (lo, hi) = crate::sla::wilson_interval(k, n, 0.95);
            let c = compliance(k as f64 / n as f64, [lo, hi], true);
            assert_eq!(replication_counts(&c, 30), Some((k, n)));
        }
        let c = compliance(0.5, [0.0, 1.0], false);
        assert_eq!(replication_counts(&c, 30), None);
        let line = compliance_line(Some(c), 30).into_string();
        assert!(line.contains("✗ 50% met"), "{line}");
        assert!(sla_cell(None, Some(c), Unit::Percent(3), 30).class == "miss");
    }

    #[test]
    fn numbers_are_grouped_and_minutes_rounded() {
        assert_eq!(group(360164), "360\u{202F}164");
        assert_eq!(group(12), "12");
        assert_eq!(minutes(0.0), "0");
        assert_eq!(minutes(1e-7), "≈ 0");
        assert_eq!(minutes(0.00083), "0.00083");
        assert_eq!(minutes(0.5), "0.50");
        assert_eq!(minutes(64.37), "64.4");
    }
}
