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
        }
    }

    /// Bytes waiting or in service at `now`.
    pub fn backlog_bytes(&self, now: SimTime) -> u64 {
        let remaining = self.busy_until - now;
        self.rate.bytes_in(remaining).as_bytes()
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

    /// Changes the service rate from now on (a spec change takes effect at once).
    pub fn set_rate(&mut self, rate: Bandwidth, buffer_bytes: u64) {
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
