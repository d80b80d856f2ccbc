//! One pool for every replication of a study: the replications of a run, of every value of a
//! sweep or of every case of an N-1 analysis are tasks in one list, pulled in order by the
//! workers and handed back in the same order.
//!
//! Invariants:
//! - `deliver` sees every task exactly once, in task order, whatever the thread count, so the
//!   files written from it are byte-identical on 1 or 64 threads.
//! - A worker takes task `i` only when fewer than `window` tasks before it are still waiting
//!   to be delivered, so memory holds at most `window` finished results however slow one task
//!   is (a long replication makes the others wait instead of piling up results).
//! - `deliver` runs one call at a time, on whichever worker is free to; the others keep
//!   simulating meanwhile.

use std::sync::{Condvar, Mutex};

/// Upper bound on worker threads: far above any machine this runs on, low enough that a typo
/// (`--threads 1000000`) is refused instead of exhausting the process.
pub const MAX_THREADS: usize = 1024;

/// The number of workers for a `--threads` value: 0 means every core.
pub fn worker_count(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads.min(MAX_THREADS)
    }
}

struct Shared<R> {
    /// The next task index a worker may take.
    next: usize,
    /// The next task index `deliver` expects.
    delivered: usize,
    /// Finished results not yet delivered, by task index.
    ready: std::collections::BTreeMap<usize, R>,
    /// The first error `deliver` returned; once set, workers stop taking tasks.
    failed: Option<String>,
}

/// Delivers every finished result that is next in order. Whoever holds the `deliver` lock
/// delivers; a worker that finds it taken leaves its result to the holder, which looks again
/// after letting go, so no result is left behind.
fn deliver_ready<R>(
    shared: &Mutex<Shared<R>>,
    deliver: &Mutex<impl FnMut(usize, R) -> Result<(), String>>,
) {
    loop {
        let mut d = match deliver.try_lock() {
            Ok(d) => d,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return,
        };
        loop {
            let next = {
                let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
                let at = s.delivered;
                if s.failed.is_some() {
                    None
                } else {
                    s.ready.remove(&at).map(|r| (at, r))
                }
            };
            let Some((at, r)) = next else { break };
            let outcome = (*d)(at, r);
            let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
            s.delivered += 1;
            if let Err(e) = outcome {
                s.failed.get_or_insert(e);
            }
        }
        drop(d);
        let s = shared.lock().unwrap_or_else(|e| e.into_inner());
        if s.failed.is_some() || !s.ready.contains_key(&s.delivered) {
            return;
        }
    }
}

/// Runs `work` on every task index in `0..tasks` on `threads` workers (0 = all cores) and
/// calls `deliver(i, result)` in index order. Returns the first error of `deliver`, after
/// which no further task is started.
pub fn run_in_order<R: Send>(
    tasks: usize,
    threads: usize,
    work: impl Fn(usize) -> R + Sync,
    deliver: impl FnMut(usize, R) -> Result<(), String> + Send,
) -> Result<(), String> {
    let workers = worker_count(threads).min(tasks.max(1));
    let window = 2 * workers + 2;
    let shared = Mutex::new(Shared {
        next: 0,
        delivered: 0,
        ready: std::collections::BTreeMap::new(),
        failed: None,
    });
    let wake = Condvar::new();
    let deliver = Mutex::new(deliver);
    let worker = || {
        loop {
            let i = {
                let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if s.failed.is_some() || s.next >= tasks {
                        return;
                    }
                    if s.next < s.delivered + window {
                        break;
                    }
                    s = wake.wait(s).unwrap_or_else(|e| e.into_inner());
                }
                s.next += 1;
                s.next - 1
            };
            let r = work(i);
            shared
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .ready
                .insert(i, r);
            deliver_ready(&shared, &deliver);
            wake.notify_all();
        }
    };
    match rayon::ThreadPoolBuilder::new().num_threads(workers).build() {
        Ok(pool) => pool.scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|_| worker());
            }
        }),
        Err(_) => worker(),
    }
    let s = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    match s.failed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_arrive_in_task_order_whatever_the_thread_count() {
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            run_in_order(
                50,
                threads,
                |i| {
                    // Uneven work so tasks finish out of order.
                    std::thread::sleep(std::time::Duration::from_micros(
                        ((i * 37) % 11) as u64 * 50,
                    ));
                    i * i
                },
                |i, r| {
                    seen.push((i, r));
                    Ok(())
                },
            )
            .unwrap();
            let expected: Vec<(usize, usize)> = (0..50).map(|i| (i, i * i)).collect();
            assert_eq!(seen, expected, "threads = {threads}");
        }
    }

    #[test]
    fn no_worker_runs_more_than_the_window_ahead_of_delivery() {
        let started = AtomicUsize::new(0);
        let delivered = AtomicUsize::new(0);
        let worst = AtomicUsize::new(0);
        run_in_order(
            40,
            4,
            |i| {
                let ahead =
                    started.fetch_add(1, Ordering::SeqCst) + 1 - delivered.load(Ordering::SeqCst);
                worst.fetch_max(ahead, Ordering::SeqCst);
                if i == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(30));
                }
                i
            },
            |_, _| {
                delivered.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
        )
        .unwrap();
        // Window is 2 × 4 + 2 = 10: task 0 is slow, so the others stop at task 9.
        assert!(
            worst.load(Ordering::SeqCst) <= 10,
            "{}",
            worst.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn an_error_from_deliver_stops_the_run_and_is_returned() {
        let ran = AtomicUsize::new(0);
        let r = run_in_order(
            1000,
            2,
            |i| {
                ran.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i, _| {
                if i == 3 {
                    Err("disk full".into())
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("disk full".to_string()));
        assert!(ran.load(Ordering::SeqCst) < 20);
    }
}
