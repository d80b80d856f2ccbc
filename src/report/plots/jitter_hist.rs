//! `jitter_hist`: how the jitter ratio of each flow varies across replications, against the
//! SLA's `max_jitter`. One bar per flow in each bin, side by side, so no bar hides another.

use super::canvas::Figure;
use super::chart::{self, Axes, Body, sla_line};
use super::group::{by_name, keep_top, mean, replications};
use super::layout::{self, Entry, Mark, SLA, series_color, short};
use super::scale::{Axis, extent, significant};
use super::{Failed, compliance_words};
use crate::report::summary::Targets;
use crate::sla::record::FlowRecord;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

/// Flows drawn at most (those with the highest mean jitter).
const MAX_FLOWS: usize = 8;

struct FlowJitter {
    name: String,
    color: usize,
    /// Per-replication jitter ratio in %.
    values: Vec<f64>,
    mean: f64,
}

pub(super) struct JitterHist {
    flows: Vec<FlowJitter>,
    total: usize,
    without: Vec<String>,
    /// The SLA's max_jitter in %.
    max_jitter: f64,
    definition: String,
    compliance: String,
    replications: usize,
}

impl JitterHist {
    pub fn new(rows: &[FlowRecord], targets: &Targets) -> JitterHist {
        let mut flows = Vec::new();
        let mut without = Vec::new();
        for (color, (name, rs)) in by_name(rows, |r| &r.flow).into_iter().enumerate() {
            let values: Vec<f64> = rs
                .iter()
                .filter_map(|r| r.jitter)
                .map(|j| j * 100.0)
                .filter(|v| v.is_finite())
                .collect();
            match mean(values.iter().copied()) {
                Some(mean) => flows.push(FlowJitter {
                    name: name.to_string(),
                    color,
                    values,
                    mean,
                }),
                None => without.push(name.to_string()),
            }
        }
        let total = keep_top(&mut flows, MAX_FLOWS, |f| f.mean);
        JitterHist {
            flows,
            total,
            without,
            max_jitter: targets.max_jitter * 100.0,
            definition: targets.jitter.clone(),
            compliance: compliance_words(targets),
            replications: replications(rows, |r| r.replication),
        }
    }

    fn title(&self) -> String {
        format!("Jitter ratio per replication ({})", self.definition)
    }

    fn x_axis(&self) -> Axis {
        let (lo, hi) = extent(
            self.flows
                .iter()
                .flat_map(|f| f.values.iter().copied())
                .chain([self.max_jitter]),
        )
        .unwrap_or((0.0, 1.0));
        Axis::linear(lo.min(0.0), hi * 1.05, 10)
    }

    /// Bins of half a tick step, so bin edges fall on the ticks.
    fn bins(&self, x: &Axis) -> (f64, usize) {
        let step = match x.ticks.as_slice() {
            [a, b, ..] => b - a,
            _ => x.hi - x.lo,
        };
        let width = step / 2.0;
        let count = ((x.hi - x.lo) / width).round().max(1.0) as usize;
        (width, count)
    }

    fn counts(&self, f: &FlowJitter, x: &Axis) -> Vec<usize> {
        let (width, count) = self.bins(x);
        let mut c = vec![0; count];
        for v in &f.values {
            let i = ((v - x.lo) / width).floor().max(0.0) as usize;
            c[i.min(count - 1)] += 1;
        }
        c
    }
}

/// What the ratio of each jitter definition divides, for the subtitle.
fn definition_words(def: &str) -> &'static str {
    match def {
        "pdv" => "RFC 5481 PDV: (p99 − min) / min of the one-way delay",
        "ipdv" => "IPDV: mean |D(i) − D(i−1)| / mean delay",
        "rfc3550" => "RFC 3550 interarrival jitter / mean delay",
        _ => "as chosen in [sla]",
    }
}

impl Body for JitterHist {
    fn draw<DB, X, Y>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Result<(), Failed>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let x = self.x_axis();
        let (width, _) = self.bins(&x);
        let n = self.flows.len().max(1) as f64;
        let sub = width * 0.9 / n;
        for (j, f) in self.flows.iter().enumerate() {
            let c = series_color(f.color);
            let bars = self
                .counts(f, &x)
                .into_iter()
                .enumerate()
                .filter(|(_, k)| *k > 0)
                .map(|(i, k)| {
                    let x0 = x.lo + i as f64 * width + width * 0.05 + j as f64 * sub;
                    Rectangle::new([(x0, 0.0), (x0 + sub, k as f64)], c.filled())
                });
            chart.draw_series(bars)?;
        }
        let label = format!("SLA: jitter ≤ {}%", significant(self.max_jitter));
        sla_line(chart, &x, &self.y_axis(), self.max_jitter, &label)
    }
}

impl JitterHist {
    fn y_axis(&self) -> Axis {
        let x = self.x_axis();
        let top = self
            .flows
            .iter()
            .flat_map(|f| self.counts(f, &x))
            .max()
            .unwrap_or(1);
        Axis::counts(top as f64 * 1.15, 8)
    }
}

impl Figure for JitterHist {
    const NAME: &'static str = "jitter_hist";

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), Failed> {
        if self.flows.is_empty() {
            let why = if self.without.is_empty() {
                "flows.csv has no rows.".to_string()
            } else {
                format!("No flow delivered packets: {}.", self.without.join(", "))
            };
            return layout::no_data(root, &self.title(), &why);
        }
        let x = self.x_axis();
        let (width, _) = self.bins(&x);
        let mut subtitle = format!(
            "Histogram of each replication's jitter ratio ({}), {} replications, bins of {}%. \
             The SLA asks jitter ≤ {}% {}.",
            definition_words(&self.definition),
            self.replications,
            significant(width),
            significant(self.max_jitter),
            self.compliance
        );
        if self.total > self.flows.len() {
            subtitle += &format!(
                " Showing the {} of {} flows with the highest mean jitter.",
                self.flows.len(),
                self.total
            );
        }
        if !self.without.is_empty() {
            subtitle += &format!(" No delivered packets: {}.", self.without.join(", "));
        }
        let area = layout::header(root, &self.title(), &subtitle)?;
        let mut entries: Vec<Entry> = self
            .flows
            .iter()
            .map(|f| {
                let label = format!("{} (mean {}%)", short(&f.name, 40), significant(f.mean));
                Entry::new(label, series_color(f.color), Mark::Bar)
            })
            .collect();
        entries.push(Entry::new(
            format!("SLA max_jitter {}%", significant(self.max_jitter)),
            SLA,
            Mark::Dashed,
        ));
        let area = layout::legend(&area, &entries)?;
        let y = self.y_axis();
        let x_desc = format!("jitter ratio, {} (%)", self.definition);
        let axes = Axes {
            x: &x,
            y: &y,
            x_desc: &x_desc,
            y_desc: "replications",
            y_label_width: 64,
            y_label: None,
        };
        chart::draw(&area, &axes, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(flow: &str, replication: u64, jitter: Option<f64>) -> FlowRecord {
        FlowRecord {
            replication,
            seed: 0,
            flow: flow.into(),
            offered: 10,
            delivered: 10,
            lost_queue: 0,
            lost_cap: 0,
            lost_link: 0,
            lost_encap: 0,
            lost_down: 0,
            lost_blocked: 0,
            loss: Some(0.0),
            delay_min_ms: Some(1.0),
            delay_mean_ms: Some(1.0),
            delay_p99_ms: Some(1.0),
            jitter,
            encap_success: Some(1.0),
            delay_p50_ms: Some(1.0),
            delay_max_ms: Some(1.0),
            jitter_ms: None,
            ..Default::default()
        }
    }

    #[test]
    fn every_replication_lands_in_one_bin_and_nan_is_skipped() {
        let targets = Targets {
            max_jitter: 0.2,
            jitter: "pdv".into(),
            min_encap_success: 0.998,
            max_loss: 0.002,
            min_availability: 0.9995,
            required_compliance: 0.95,
        };
        let rows = [
            row("a", 0, Some(0.07)),
            row("a", 1, Some(0.30)),
            row("a", 2, Some(f64::NAN)),
            row("b", 0, None),
        ];
        let h = JitterHist::new(&rows, &targets);
        assert_eq!(h.flows.len(), 1);
        assert_eq!(h.without, vec!["b".to_string()]);
        let x = h.x_axis();
        assert!(x.hi >= 30.0);
        assert_eq!(h.counts(&h.flows[0], &x).iter().sum::<usize>(), 2);
    }
}
