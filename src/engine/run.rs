//! The run loop: pop the earliest event, hand it to the model, repeat.

use super::queue::EventQueue;
use super::time::SimTime;

/// A simulated system: it owns all state and reacts to one event at a time.
///
/// The engine knows nothing of what events mean; the model schedules follow-up events on
/// the queue it is given, never earlier than `now`.
pub trait Model {
    /// What the model schedules: a small `Copy` value (ideally 24 bytes or less), typically
    /// an enum of ids into the model's own tables.
    type Event: Copy;

    /// Reacts to `event`, which is due at `now`.
    fn handle(&mut self, now: SimTime, event: Self::Event, queue: &mut EventQueue<Self::Event>);
}

/// What one call of [`run_until`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunStats {
    /// Number of events handled.
    pub events: u64,
    /// The simulated time the run reached: the requested `end` while later events remain
    /// queued; if the queue ran dry, the time of the last event ever popped from it
    /// ([`EventQueue::now`]), after which nothing more can happen.
    pub end: SimTime,
}

/// Handles every event due at or before `end`, in time order (FIFO among ties).
///
/// Events later than `end` stay queued, so a run can be continued by calling again with a
/// later `end`, e.g. a warm-up period followed by the measured window.
pub fn run_until<M: Model>(
    model: &mut M,
    queue: &mut EventQueue<M::Event>,
    end: SimTime,
) -> RunStats {
    let mut events = 0;
    while queue.peek_time().is_some_and(|t| t <= end) {
        let Some((now, event)) = queue.pop() else {
            break;
        };
        model.handle(now, event, queue);
        events += 1;
    }
    let end = if queue.is_empty() { queue.now() } else { end };
    RunStats { events, end }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Duration;

    /// Ticks every `period`, recording when.
    struct Ticker {
        period: Duration,
        seen: Vec<SimTime>,
    }

    impl Model for Ticker {
        type Event = ();
        fn handle(&mut self, now: SimTime, (): (), queue: &mut EventQueue<()>) {
            self.seen.push(now);
            queue.push(now + self.period, ());
        }
    }

    #[test]
    fn run_until_stops_at_end_and_leaves_later_events_queued() {
        let mut model = Ticker {
            period: Duration(10),
            seen: Vec::new(),
        };
        let mut queue = EventQueue::new();
        queue.push(SimTime(0), ());
        let stats = run_until(&mut model, &mut queue, SimTime(30));
        assert_eq!(
            stats,
            RunStats {
                events: 4,
                end: SimTime(30)
            }
        );
        assert_eq!(model.seen, [0, 10, 20, 30].map(SimTime));
        assert_eq!(queue.len(), 1);
        assert_eq!(queue.peek_time(), Some(SimTime(40)));

        let stats = run_until(&mut model, &mut queue, SimTime(45));
        assert_eq!(stats.events, 1);
        assert_eq!(queue.peek_time(), Some(SimTime(50)));
    }

    #[test]
    fn run_until_reports_the_last_event_time_when_the_queue_runs_dry() {
        struct Once;
        impl Model for Once {
            type Event = u8;
            fn handle(&mut self, _: SimTime, _: u8, _: &mut EventQueue<u8>) {}
        }
        let mut queue = EventQueue::new();
        queue.push(SimTime(5), 1);
        queue.push(SimTime(8), 2);
        let stats = run_until(&mut Once, &mut queue, SimTime::MAX);
        assert_eq!(
            stats,
            RunStats {
                events: 2,
                end: SimTime(8)
            }
        );
        assert!(queue.is_empty());
    }
}
