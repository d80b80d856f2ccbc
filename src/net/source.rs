//! Traffic sources: when the next packet is emitted and how large it is.

use crate::engine::SimRng;
use crate::model::Flow;
use crate::scenario::{Burst, Traffic};
use crate::units::{Duration, Size};
use rand::RngExt;
use rand_distr::{Distribution, Exp, Pareto};

/// A flow's arrival process and packet-size distribution.
#[derive(Debug, Clone)]
pub struct Source {
    traffic: Traffic,
    /// Mean interarrival while sending, in ns (before scaling).
    gap_ns: f64,
    /// Rate multiplier from `scale` events.
    pub factor: f64,
    /// Cumulative weights and sizes.
    sizes: Vec<(f64, Size)>,
    on_mean_ns: f64,
    off_mean_ns: f64,
    burst: Burst,
    shape: f64,
    /// on-off: currently in an on period.
    pub on: bool,
}

impl Source {
    pub fn new(f: &Flow) -> Self {
        let choices = f.packet_size.choices();
        let total: f64 = choices.iter().map(|(_, w)| w).sum();
        let mut acc = 0.0;
        let sizes = choices
            .iter()
            .map(|(s, w)| {
                acc += w / total;
                (acc, *s)
            })
            .collect();
        let mean_bits = f.packet_size.mean_bytes() * 8.0;
        let mut gap_ns = mean_bits / f.rate.as_bps().max(1) as f64 * 1e9;
        let (on, off) = (f.on.as_nanos() as f64, f.off.as_nanos() as f64);
        if f.traffic == Traffic::OnOff {
            // The mean rate is over on and off periods: while on, send faster.
            gap_ns *= on / (on + off);
        }
        Source {
            traffic: f.traffic,
            gap_ns,
            factor: 1.0,
            sizes,
            on_mean_ns: on,
            off_mean_ns: off,
            burst: f.burst,
            shape: f.shape,
            on: true,
        }
    }

    pub fn is_on_off(&self) -> bool {
        self.traffic == Traffic::OnOff
    }

    /// Time to the next packet while sending; `None` when the rate is scaled to zero.
    pub fn next_gap(&self, rng: &mut SimRng) -> Option<Duration> {
        if self.factor <= 0.0 {
            return None;
        }
        let mean = self.gap_ns / self.factor;
        let ns = match self.traffic {
            Traffic::Poisson => Exp::new(1.0 / mean).map_or(mean, |e| e.sample(rng)),
            Traffic::Cbr | Traffic::OnOff => mean,
        };
        Some(Duration(ns.round().max(1.0) as u64))
    }

    /// Length of the next on (or off) period.
    pub fn period(&self, on: bool, rng: &mut SimRng) -> Duration {
        let mean = if on {
            self.on_mean_ns
        } else {
            self.off_mean_ns
        };
        if mean <= 0.0 {
            return Duration::ZERO;
        }
        let ns = match self.burst {
            Burst::Exponential => Exp::new(1.0 / mean).map_or(mean, |e| e.sample(rng)),
            // Pareto with shape a has mean a·xm/(a−1): choose xm for the requested mean.
            Burst::Pareto => {
                let xm = mean * (self.shape - 1.0) / self.shape;
                Pareto::new(xm, self.shape).map_or(mean, |p| p.sample(rng))
            }
        };
        Duration(ns.round().clamp(1.0, 1e15) as u64)
    }

    /// Draws a packet size.
    pub fn size(&self, rng: &mut SimRng) -> Size {
        if self.sizes.len() == 1 {
            return self.sizes[0].1;
        }
        let u: f64 = rng.random();
        self.sizes
            .iter()
            .find(|(c, _)| u < *c)
            .or(self.sizes.last())
            .map_or(Size(1000), |(_, s)| *s)
    }
}
