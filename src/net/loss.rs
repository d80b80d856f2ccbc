//! Random loss on a channel: Bernoulli or Gilbert-Elliott (two-state Markov, bursty).

use crate::engine::SimRng;
use crate::scenario::LossSpec;
use rand::RngExt;

/// Per-channel loss state.
#[derive(Debug, Clone)]
pub struct LossProcess {
    spec: LossSpec,
    /// Gilbert-Elliott: currently in the Bad state.
    bad: bool,
}

impl LossProcess {
    /// Starts in the stationary distribution so short runs are unbiased.
    pub fn new(spec: LossSpec, rng: &mut SimRng) -> Self {
        let bad = match spec {
            LossSpec::Bernoulli(_) => false,
            LossSpec::GilbertElliott {
                p_good_bad,
                p_bad_good,
                ..
            } => {
                let (gb, bg) = (p_good_bad.fraction(), p_bad_good.fraction());
                gb + bg > 0.0 && rng.random::<f64>() < gb / (gb + bg)
            }
        };
        LossProcess { spec, bad }
    }

    /// Whether the next packet is lost. Gilbert-Elliott steps its chain once per packet.
    pub fn lose(&mut self, rng: &mut SimRng) -> bool {
        match self.spec {
            LossSpec::Bernoulli(p) => p.fraction() > 0.0 && rng.random::<f64>() < p.fraction(),
            LossSpec::GilbertElliott {
                p_good_bad,
                p_bad_good,
                loss_good,
                loss_bad,
            } => {
                let p = if self.bad { loss_bad } else { loss_good }.fraction();
                let lost = p > 0.0 && rng.random::<f64>() < p;
                let flip = if self.bad { p_bad_good } else { p_good_bad }.fraction();
                if flip > 0.0 && rng.random::<f64>() < flip {
                    self.bad = !self.bad;
                }
                lost
            }
        }
    }
}
