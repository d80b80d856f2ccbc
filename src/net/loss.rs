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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng_from_seed;
    use crate::units::Ratio;

    /// With loss_bad = 100% and loss_good = 0, a run of consecutive losses is one sojourn in
    /// Bad, geometric with mean 1/p_bad_good; the loss rate is π_B = p_gb / (p_gb + p_bg).
    #[test]
    fn gilbert_elliott_bursts_last_one_over_p_bad_good_on_average() {
        let r = |v| Ratio::new(v).unwrap();
        let (gb, bg) = (0.01, 0.25);
        let spec = LossSpec::GilbertElliott {
            p_good_bad: r(gb),
            p_bad_good: r(bg),
            loss_good: r(0.0),
            loss_bad: r(1.0),
        };
        let mut rng = rng_from_seed(5);
        let mut chain = LossProcess::new(spec, &mut rng);
        let (mut lost, mut bursts, mut run) = (0u64, 0u64, 0u64);
        let n = 2_000_000u64;
        for _ in 0..n {
            if chain.lose(&mut rng) {
                lost += 1;
                run += 1;
            } else if run > 0 {
                bursts += 1;
                run = 0;
            }
        }
        let mean_burst = lost as f64 / bursts as f64;
        let rate = lost as f64 / n as f64;
        eprintln!(
            "{bursts} bursts: mean length {mean_burst:.3} (1/p_bad_good = {}), loss rate {rate:.5}",
            1.0 / bg
        );
        // π_B ≈ 3.85% of 2 M packets in bursts of mean 4: about 19 000 bursts. The geometric
        // length has sd √(1−p)/p ≈ 3.5, so the mean's sd is ≈ 0.6%: 4% is six sd.
        assert!(
            (mean_burst - 1.0 / bg).abs() < 0.04 / bg,
            "mean burst {mean_burst} vs {}",
            1.0 / bg
        );
        let pi_b = gb / (gb + bg);
        assert!(
            (rate - pi_b).abs() < 0.05 * pi_b,
            "loss rate {rate} vs π_B {pi_b}"
        );
    }
}
