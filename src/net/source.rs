//! Traffic sources: when the next packet is emitted and how large it is.
//!
//! The emission clock is kept in [`Fx`] (nanoseconds with 64 fractional bits) and only the
//! event time is rounded, so a CBR source's rate is exact over any run length.

use super::server::{Fx, ceil_ns, fx};
use crate::engine::{SimRng, SimTime};
use crate::model::Flow;
use crate::scenario::{Burst, Traffic};
use crate::units::{Duration, Size};
use rand::RngExt;
use rand_distr::{Distribution, Exp, Exp1, Pareto};

/// What the hot loop reads to emit one flow's packets, side by side so an emission touches
/// one or two cache lines, not one per table: the arrival process, its random stream, when
/// the flow stops, and whether its next emission is queued.
#[derive(Debug, Clone)]
pub struct Emitter {
    pub source: Source,
    pub rng: SimRng,
    /// The flow's `stop`, or the end of the run.
    pub stop: SimTime,
    /// An `Emit` for the flow is queued (so on-off never runs two chains).
    pub pending: bool,
}

/// A flow's arrival process and packet-size distribution.
#[derive(Debug, Clone)]
pub struct Source {
    traffic: Traffic,
    /// Mean interarrival while sending, in ns (before scaling).
    gap_ns: f64,
    /// Rate multiplier from `scale` events.
    pub factor: f64,
    /// The current mean gap, ns (gap_ns / factor), so a draw needs no division.
    mean_gap_ns: f64,
    /// The same in Fx.
    gap_fx: Fx,
    /// Exact time of the next emission.
    next: Fx,
    /// Cumulative weights and sizes.
    sizes: Vec<(f64, Size)>,
    /// The size of a flow with one packet size, kept beside the clock so that drawing it
    /// reads no other memory.
    fixed: Option<Size>,
    on_mean_ns: f64,
    off_mean_ns: f64,
    burst: Burst,
    shape: f64,
    /// on-off: currently in an on period.
    pub on: bool,
    /// on-off: what was left of the gap to the next packet when the last on period ended.
    /// The emission clock runs only while on, so an on-off flow offers exactly `rate` on
    /// average, whatever the period lengths.
    residual: Fx,
}

/// Nanoseconds as [`Fx`], without a (slow, software) float to 128-bit conversion: the whole
/// nanoseconds and the fraction are converted apart.
fn to_fx(ns: f64) -> Fx {
    if !(ns.is_finite() && ns > 0.0) {
        return 0;
    }
    let whole = ns.min(1e18) as u64;
    let frac = ((ns - whole as f64) * 18_446_744_073_709_551_616.0) as u64;
    ((whole as Fx) << 64) | frac as Fx
}

impl Source {
    pub fn new(f: &Flow) -> Self {
        let choices = f.packet_size.choices();
        let total: f64 = choices.iter().map(|(_, w)| w).sum();
        let mut acc = 0.0;
        let sizes: Vec<(f64, Size)> = choices
            .iter()
            .map(|(s, w)| {
                acc += w / total;
                (acc, *s)
            })
            .collect();
        let fixed = (sizes.len() == 1).then(|| sizes[0].1);
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
            mean_gap_ns: gap_ns,
            gap_fx: to_fx(gap_ns),
            next: fx(SimTime::ZERO + f.start),
            sizes,
            fixed,
            on_mean_ns: on,
            off_mean_ns: off,
            burst: f.burst,
            shape: f.shape,
            on: true,
            residual: 0,
        }
    }

    pub fn is_on_off(&self) -> bool {
        self.traffic == Traffic::OnOff
    }

    /// Sets the rate multiplier (a `scale` event).
    pub fn set_factor(&mut self, factor: f64) {
        self.factor = factor;
        self.mean_gap_ns = if factor > 0.0 {
            self.gap_ns / factor
        } else {
            0.0
        };
        self.gap_fx = to_fx(self.mean_gap_ns);
    }

    /// The instant of the next emission (rounded up to a whole nanosecond).
    pub fn next_at(&self) -> SimTime {
        ceil_ns(self.next)
    }

    /// Restarts emissions at `now` (after a scale to zero).
    pub fn restart(&mut self, now: SimTime) {
        self.next = fx(now);
    }

    /// An on period ends at `now`: the emission clock stops with what is left of the gap.
    pub fn pause(&mut self, now: SimTime) {
        self.residual = self.next.saturating_sub(fx(now));
    }

    /// An on period starts at `now`: the emission clock goes on from where it stopped.
    pub fn resume(&mut self, now: SimTime) {
        self.next = fx(now) + self.residual;
    }

    /// Moves the emission clock to the following packet; `false` when the rate is scaled to
    /// zero.
    pub fn advance(&mut self, rng: &mut SimRng) -> bool {
        if self.factor <= 0.0 || self.gap_fx == 0 {
            return false;
        }
        let step = match self.traffic {
            Traffic::Poisson => {
                let x: f64 = rng.sample(Exp1);
                to_fx(x * self.mean_gap_ns)
            }
            Traffic::Cbr | Traffic::OnOff => self.gap_fx,
        };
        self.next += step.max(1);
        true
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
        if let Some(size) = self.fixed {
            return size;
        }
        let u: f64 = rng.random();
        self.sizes
            .iter()
            .find(|(c, _)| u < *c)
            .or(self.sizes.last())
            .map_or(Size(1000), |(_, s)| *s)
    }
}
