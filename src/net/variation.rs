//! Delay variation of a channel: the time a packet waits behind the provider's background
//! traffic on the element.
//!
//! Physical meaning of `jitter = σ`: the channel carries other tenants' traffic at
//! utilization [`BACKGROUND_LOAD`] (50%), as an M/M/1 queue whose waiting time has standard
//! deviation σ. A packet that leaves the channel's own queue at time t waits the background
//! workload V(t) before it propagates. V is the Lindley recursion of the background queue —
//! it falls at slope 1 while busy and jumps at each background arrival — so t + V(t) never
//! decreases and FIFO holds by construction, with no clamp. The background does not depend
//! on the tenant's packets, so the delivered distribution is the same at 1 Mbps and 5 Gbps.
//!
//! With ρ = 0.5 and mean background job b = σ(1 − ρ)/√(ρ(2 − ρ)) = σ/√3:
//! - P(V = 0) = 1 − ρ = 50% of packets wait nothing;
//! - mean E[V] = ρb/(1 − ρ) = σ/√3 ≈ 0.577σ; standard deviation σ;
//! - P(V > x) = ρ·exp(−x(1 − ρ)/b), so p99 = b/(1 − ρ)·ln(100ρ) ≈ 4.517σ.
//!
//! Cost: the background has ρ/b ≈ 0.87/σ arrivals per unit of time, drawn only between the
//! packets that sample it. After a gap of more than [`FORGET_JOBS`] mean jobs the queue has
//! emptied with probability above 1 − e⁻⁴⁰, and V is drawn afresh from its stationary law.

use crate::engine::SimRng;
use rand::RngExt;

/// Utilization of the background traffic behind which packets wait.
pub const BACKGROUND_LOAD: f64 = 0.5;

/// Gap (in mean background jobs) after which the background state is drawn afresh.
pub const FORGET_JOBS: f64 = 500.0;

/// The background queue of one channel.
#[derive(Debug, Clone)]
pub struct Variation {
    /// Mean background job, ns.
    job_ns: f64,
    /// Mean gap between background arrivals, ns.
    gap_ns: f64,
    /// Workload at `at`, ns.
    workload: f64,
    /// When `workload` was last known, ns.
    at: f64,
    /// The next background arrival, ns.
    next: f64,
}

fn exp(mean: f64, rng: &mut SimRng) -> f64 {
    // 1 − U is in (0, 1]: the logarithm is finite.
    -mean * (1.0 - rng.random::<f64>()).ln()
}

impl Variation {
    /// The variation of standard deviation `sd_ns` (> 0), started in its stationary state.
    pub fn new(sd_ns: f64, rng: &mut SimRng) -> Variation {
        let rho = BACKGROUND_LOAD;
        let job_ns = sd_ns * (1.0 - rho) / (rho * (2.0 - rho)).sqrt();
        let mut v = Variation {
            job_ns,
            gap_ns: job_ns / rho,
            workload: 0.0,
            at: 0.0,
            next: 0.0,
        };
        v.restart(0.0, rng);
        v
    }

    /// Draws the stationary state at `t`.
    fn restart(&mut self, t: f64, rng: &mut SimRng) {
        let rho = BACKGROUND_LOAD;
        self.workload = if rng.random::<f64>() < rho {
            exp(self.job_ns / (1.0 - rho), rng)
        } else {
            0.0
        };
        self.at = t;
        self.next = t + exp(self.gap_ns, rng);
    }

    /// The wait, in ns, of a packet leaving the channel's queue at `t_ns` (non-decreasing
    /// from call to call on one channel).
    pub fn wait(&mut self, t_ns: f64, rng: &mut SimRng) -> f64 {
        let t = t_ns.max(self.at);
        if t - self.at > FORGET_JOBS * self.job_ns {
            self.restart(t, rng);
        }
        while self.next <= t {
            self.workload =
                (self.workload - (self.next - self.at)).max(0.0) + exp(self.job_ns, rng);
            self.at = self.next;
            self.next += exp(self.gap_ns, rng);
        }
        self.workload = (self.workload - (t - self.at)).max(0.0);
        self.at = t;
        self.workload
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng_from_seed;

    /// Sampled at Poisson times, the wait has the documented mean, standard deviation and
    /// p99; t + wait(t) never decreases.
    #[test]
    fn the_wait_has_the_documented_distribution_and_keeps_order() {
        let sd = 100_000.0;
        let mut rng = rng_from_seed(3);
        let mut v = Variation::new(sd, &mut rng);
        let (mut t, mut last) = (0.0f64, 0.0f64);
        let mut xs = Vec::new();
        for _ in 0..400_000 {
            t += exp(50_000.0, &mut rng);
            let w = v.wait(t, &mut rng);
            assert!(t + w >= last, "FIFO broken");
            last = t + w;
            xs.push(w);
        }
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        xs.sort_by(f64::total_cmp);
        let p99 = xs[(0.99 * n) as usize];
        let zero = xs.iter().filter(|x| **x == 0.0).count() as f64 / n;
        assert!(
            (mean / (sd / 3f64.sqrt()) - 1.0).abs() < 0.03,
            "mean {mean}"
        );
        assert!((var.sqrt() / sd - 1.0).abs() < 0.03, "sd {}", var.sqrt());
        assert!((p99 / (4.517 * sd) - 1.0).abs() < 0.03, "p99 {p99}");
        assert!((zero - 0.5).abs() < 0.01, "P(0) {zero}");
    }
}
