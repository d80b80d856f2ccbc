//! Progress of long work on stderr: a bar on a terminal; off a terminal (CI logs, Slurm output
//! files) a short heartbeat line every few seconds, so a log shows the run is alive and when
//! it will end. Nothing is printed for work that ends before the first heartbeat.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Seconds between heartbeat lines off a terminal; `VPCSIM_HEARTBEAT` (seconds, fractions
/// allowed) changes it.
pub const HEARTBEAT_SECS: f64 = 5.0;

struct Heartbeat {
    every: Duration,
    /// When the last line was printed.
    last: Mutex<Instant>,
}

/// Bar units per replication: a replication's progress is shown in thousandths.
const UNITS: u64 = 1000;

/// Progress over the replications of a study, shown as they are simulated (not only as they
/// end), so one long replication moves the bar too. The amount of work is learnt when the
/// study starts ([`Observer::started`]).
pub struct Progress {
    what: String,
    /// What the experiments of the work are called ("case", "value"), to say where it is.
    kind: Option<&'static str>,
    start: Instant,
    bar: Option<ProgressBar>,
    heartbeat: Option<Heartbeat>,
    state: Mutex<State>,
    /// Replications delivered so far.
    done: AtomicU64,
    /// Simulated share of all replications, in [`UNITS`] per replication.
    simulated: AtomicU64,
}

/// What the study said when it started.
#[derive(Default)]
struct State {
    total: u64,
    labels: Vec<String>,
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
    /// Progress of `what` (e.g. the scenario name).
    pub fn new(what: &str) -> Progress {
        let start = Instant::now();
        let (bar, heartbeat) = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {msg}, eta {eta}") {
                bar.set_style(style);
            }
            (Some(bar), None)
        } else {
            let h = Heartbeat {
                every: heartbeat_every(),
                last: Mutex::new(start),
            };
            (None, Some(h))
        };
        Progress {
            what: what.to_string(),
            kind: None,
            start,
            bar,
            heartbeat,
            state: Mutex::new(State::default()),
            done: 0.into(),
            simulated: 0.into(),
        }
    }

    /// The study's experiments are called `kind` ("case", "value"): say which one the work
    /// is at.
    pub fn with_parts(mut self, kind: &'static str) -> Progress {
        self.kind = Some(kind);
        self
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn detail(&self, experiment: usize) -> String {
        let Some(kind) = self.kind else {
            return String::new();
        };
        let state = self.state();
        format!(
            "{kind} {}, {}/{}",
            crate::report::safe(state.labels.get(experiment).map_or("", String::as_str)),
            experiment + 1,
            state.labels.len()
        )
    }

    /// Shows where the work is: on the bar, or (at most once per heartbeat) as a log line.
    fn show(&self, detail: &str) {
        let total = self.state().total;
        let done = self.done.load(Relaxed);
        let units = self.simulated.load(Relaxed).min(total * UNITS);
        let mut message = format!("{done}/{total} replications");
        if !detail.is_empty() {
            message += &format!(" ({detail})");
        }
        if let Some(bar) = &self.bar {
            bar.set_position(units);
            bar.set_message(message.clone());
        }
        if let Some(h) = &self.heartbeat {
            let mut last = h.last.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            if now.duration_since(*last) < h.every {
                return;
            }
            *last = now;
            let elapsed = now.duration_since(self.start).as_secs_f64();
            let share = units as f64 / (total * UNITS).max(1) as f64;
            let eta = if share > 0.0 {
                format!("{:.0}s", elapsed / share * (1.0 - share))
            } else {
                "unknown".into()
            };
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "vpcsim: {}: {message}, {:.0}% simulated, {:.0}s elapsed, eta {eta}",
                crate::report::safe(&self.what),
                share * 100.0,
                elapsed,
            );
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl crate::study::Observer for Progress {
    fn started(&self, experiments: &[&str], replications: u64) {
        let total = {
            let mut state = self.state();
            state.total += replications * experiments.len() as u64;
            state
                .labels
                .extend(experiments.iter().map(|l| l.to_string()));
            state.total
        };
        if let Some(bar) = &self.bar {
            bar.set_length(total * UNITS);
        }
    }

    fn advanced(&self, share: f64) {
        let units = (share.clamp(0.0, 1.0) * UNITS as f64).round() as u64;
        self.simulated.fetch_add(units, Relaxed);
        self.show("");
    }

    fn finished(&self, experiment: usize) {
        self.done.fetch_add(1, Relaxed);
        self.show(&self.detail(experiment));
    }
}
