//! A FIFO server: a link direction or a bandwidth-cap shaper.
//!
//! A work-conserving FIFO's departure time is known on arrival: it starts when the server is
//! free (`max(arrival, busy_until)`) and takes `size / rate`. The backlog in bytes at any
//! instant is the remaining work times the rate, so a drop-tail buffer needs no queue of its
//! own. A token bucket (`burst`) lets conforming packets pass without waiting.

use crate::engine::SimTime;
use crate::units::{Bandwidth, Duration, Size};

/// State of one FIFO server.
#[derive(Debug, Clone)]
pub struct FifoServer {
    pub rate: Bandwidth,
    /// Drop-tail limit on bytes waiting or in service.
    pub buffer_bytes: u64,
    /// When the last accepted packet finishes transmission.
    busy_until: SimTime,
    /// Token bucket depth in bytes, if shaping with bursts.
    burst: Option<u64>,
    /// Tokens (bytes) at `busy_until`.
    tokens: f64,
    /// Transmission time accepted so far, in ns (for busy time inside a window).
    accepted_ns: u64,
    /// Bytes accepted so far.
    accepted_bytes: u64,
    /// Work queued before a rate change, still draining at the rate it was admitted under:
    /// (start, end, rate). Spec changes are rare, so this stays tiny.
    earlier: Vec<(SimTime, SimTime, Bandwidth)>,
    /// Start of the work queued at the current rate.
    current_since: SimTime,
}

/// Outcome of offering a packet to a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Transmission ends at this time.
    Departs { at: SimTime, transmit: Duration },
    /// The buffer was full.
    Dropped,
}

impl FifoServer {
    pub fn new(rate: Bandwidth, buffer_bytes: u64, burst: Option<Size>) -> Self {
        let burst = burst.map(|b| b.as_bytes());
        FifoServer {
            rate,
            buffer_bytes,
            busy_until: SimTime::ZERO,
            burst,
            tokens: burst.unwrap_or(0) as f64,
            accepted_ns: 0,
            accepted_bytes: 0,
            earlier: Vec::new(),
            current_since: SimTime::ZERO,
        }
    }

    /// Bytes waiting or in service at `now`.
    pub fn backlog_bytes(&self, now: SimTime) -> u64 {
        let left = |start: SimTime, end: SimTime, rate: Bandwidth| {
            rate.bytes_in(end - start.max(now)).as_bytes()
        };
        let earlier: u64 = self.earlier.iter().map(|&(s, e, r)| left(s, e, r)).sum();
        earlier + left(self.current_since, self.busy_until, self.rate)
    }

    /// Transmission time completed by `now` (ns): what was accepted minus what is still
    /// waiting or in service. Differences of this give exact busy time in any window, even
    /// with packets queued past its end.
    pub fn work_done(&self, now: SimTime) -> (u64, u64) {
        let remaining = (self.busy_until - now).as_nanos().min(self.accepted_ns);
        let bytes_left = self.backlog_bytes(now).min(self.accepted_bytes);
        (
            self.accepted_ns - remaining,
            self.accepted_bytes - bytes_left,
        )
    }

    /// Changes the service rate for packets arriving from `now` on (a spec change takes
    /// effect at once). Packets already queued keep their departure times, so FIFO order holds.
    pub fn set_rate(&mut self, now: SimTime, rate: Bandwidth, buffer_bytes: u64) {
        self.earlier.retain(|&(_, end, _)| end > now);
        if self.busy_until > now {
            self.earlier
                .push((self.current_since, self.busy_until, self.rate));
            self.current_since = self.busy_until;
        } else {
            self.current_since = now;
        }
        self.rate = rate;
        self.buffer_bytes = buffer_bytes;
    }

    /// Offers a packet of `size` arriving at `now`.
    pub fn offer(&mut self, now: SimTime, size: Size) -> Admission {
        if self.backlog_bytes(now) + size.as_bytes() > self.buffer_bytes.max(size.as_bytes()) {
            return Admission::Dropped;
        }
        let start = if self.busy_until > now {
            self.busy_until
        } else {
            now
        };
        let transmit = self.rate.transmit_time(size);
        let at = match self.burst {
            None => start + transmit,
            Some(depth) => self.token_departure(start, size, depth),
        };
        self.busy_until = at;
        self.accepted_ns += transmit.as_nanos();
        self.accepted_bytes += size.as_bytes();
        Admission::Departs { at, transmit }
    }

    /// Token bucket: refill at `rate` up to `depth`; a packet leaves once tokens cover it.
    fn token_departure(&mut self, start: SimTime, size: Size, depth: u64) -> SimTime {
        let elapsed = (start - self.busy_until).as_nanos() as f64 * 1e-9;
        let refill = elapsed * self.rate.as_bps() as f64 / 8.0;
        let tokens = (self.tokens + refill).min(depth as f64);
        let need = size.as_bytes() as f64;
        if tokens >= need {
            self.tokens = tokens - need;
            start
        } else {
            let wait_s = (need - tokens) * 8.0 / self.rate.as_bps() as f64;
            self.tokens = 0.0;
            start + Duration((wait_s * 1e9).ceil() as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_to_back_packets_queue_behind_each_other() {
        let mut s = FifoServer::new(Bandwidth::from_gbps(1), 10_000, None);
        let t0 = SimTime::ZERO;
        assert_eq!(
            s.offer(t0, Size(1000)),
            Admission::Departs {
                at: SimTime(8_000),
                transmit: Duration(8_000)
            }
        );
        assert_eq!(
            s.offer(t0, Size(1000)),
            Admission::Departs {
                at: SimTime(16_000),
                transmit: Duration(8_000)
            }
        );
        assert_eq!(s.backlog_bytes(SimTime(4_000)), 1500);
    }

    #[test]
    fn full_buffer_drops() {
        let mut s = FifoServer::new(Bandwidth::from_gbps(1), 2_000, None);
        assert!(matches!(
            s.offer(SimTime::ZERO, Size(1000)),
            Admission::Departs { .. }
        ));
        assert!(matches!(
            s.offer(SimTime::ZERO, Size(1000)),
            Admission::Departs { .. }
        ));
        assert_eq!(s.offer(SimTime::ZERO, Size(1000)), Admission::Dropped);
        // After the first finishes there is room again.
        assert!(matches!(
            s.offer(SimTime(8_000), Size(1000)),
            Admission::Departs { .. }
        ));
    }

    #[test]
    fn a_rate_change_keeps_queued_work_at_its_admitted_rate() {
        let mut s = FifoServer::new(Bandwidth::from_gbps(1), 1_000_000, None);
        for _ in 0..10 {
            s.offer(SimTime::ZERO, Size(1000));
        }
        // 10 000 B queued at 1 Gbps: 80 µs of work. At 40 µs the rate doubles.
        s.set_rate(SimTime(40_000), Bandwidth::from_gbps(2), 1_000_000);
        assert_eq!(s.backlog_bytes(SimTime(40_000)), 5_000);
        // A new packet waits for the old work, then takes 4 µs at 2 Gbps.
        assert_eq!(
            s.offer(SimTime(40_000), Size(1000)),
            Admission::Departs {
                at: SimTime(84_000),
                transmit: Duration(4_000)
            }
        );
        assert_eq!(s.backlog_bytes(SimTime(40_000)), 6_000);
        assert_eq!(s.backlog_bytes(SimTime(82_000)), 500);
        assert_eq!(s.work_done(SimTime(84_000)), (84_000, 11_000));
    }

    #[test]
    fn token_bucket_passes_a_burst_then_paces() {
        let mut s = FifoServer::new(Bandwidth::from_mbps(8), 1_000_000, Some(Size(3000)));
        // 8 Mbps = 1 byte/us. Depth 3000 B: three 1000 B packets pass at once...
        for _ in 0..3 {
            assert_eq!(
                s.offer(SimTime(0), Size(1000)),
                Admission::Departs {
                    at: SimTime(0),
                    transmit: Duration(1_000_000)
                }
            );
        }
        // ...the fourth waits for 1000 B of tokens: 1 ms.
        assert_eq!(
            s.offer(SimTime(0), Size(1000)),
            Admission::Departs {
                at: SimTime(1_000_000),
                transmit: Duration(1_000_000)
            }
        );
    }
}
