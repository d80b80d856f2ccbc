//! Progress of long work on stderr: a bar on a terminal; off a terminal (CI logs, Slurm output
//! files) a short heartbeat line every few seconds, so a log shows the run is alive and when
//! it will end. Nothing is printed for work that ends before the first heartbeat.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Seconds between heartbeat lines off a terminal; `VPCSIM_HEARTBEAT` (seconds, fractions
/// allowed) changes it.
pub const HEARTBEAT_SECS: f64 = 5.0;

struct Heartbeat {
    every: Duration,
    state: Mutex<(Instant, u64)>,
}

/// Progress over `total` replications.
pub struct Progress {
    what: String,
    total: u64,
    start: Instant,
    bar: Option<ProgressBar>,
    heartbeat: Option<Heartbeat>,
}

fn heartbeat_every() -> Duration {
    let secs = std::env::var("VPCSIM_HEARTBEAT")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(HEARTBEAT_SECS);
    Duration::from_secs_f64(secs.min(86_400.0))
}

impl Progress {
    /// Progress of `what` (e.g. the scenario name) over `total` replications.
    pub fn new(what: &str, total: u64) -> Progress {
        let start = Instant::now();
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{bar:30} {pos}/{len} replications {msg}, eta {eta}")
            {
                bar.set_style(style);
            }
            return Progress {
                what: what.to_string(),
                total,
                start,
                bar: Some(bar),
                heartbeat: None,
            };
        }
        Progress {
            what: what.to_string(),
            total,
            start,
            bar: None,
            heartbeat: Some(Heartbeat {
                every: heartbeat_every(),
                state: Mutex::new((start, 0)),
            }),
        }
    }

    /// One more replication done; `detail` says which part of the work it belonged to (a
    /// sweep value, an N-1 case), or is empty.
    pub fn tick(&self, detail: &str) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            if !detail.is_empty() {
                bar.set_message(detail.to_string());
            }
        }
        if let Some(h) = &self.heartbeat {
            let mut s = h.state.lock().unwrap_or_else(|e| e.into_inner());
            s.1 += 1;
            let now = Instant::now();
            if now.duration_since(s.0) >= h.every {
                s.0 = now;
                let done = s.1;
                let elapsed = now.duration_since(self.start).as_secs_f64();
                let eta = if done > 0 {
                    elapsed / done as f64 * (self.total.saturating_sub(done)) as f64
                } else {
                    f64::NAN
                };
                let detail = if detail.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", crate::report::safe(detail))
                };
                let mut err = std::io::stderr().lock();
                let _ = writeln!(
                    err,
                    "vpcsim: {}: {done}/{} replications{detail}, {:.0}s elapsed, eta {:.0}s",
                    crate::report::safe(&self.what),
                    self.total,
                    elapsed,
                    eta
                );
            }
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
