//! A FIFO server: a link direction or a bandwidth-cap shaper.
//!
//! A work-conserving FIFO's departure time is known on arrival: it starts when the server is
//! free (`max(arrival, busy_until)`) and takes `size / rate`. The backlog at any instant is the
//! remaining work, so a drop-tail buffer needs no queue of its own. A token bucket (`burst`)
//! lets conforming packets pass without waiting.
//!
//! Exact time: the server keeps its clock in [`Fx`] — nanoseconds with 64 fractional bits —
//! and the time one byte takes as a precomputed `Fx`, so a transmission is one 128-bit
//! multiplication (no division per packet) and serialization never drifts: 95 Gbps of 64 B
//! packets into 100 Gbps stays below capacity for any run length. Only the instant handed to
//! the event queue is rounded up to a whole nanosecond.

use crate::engine::SimTime;
use crate::units::{Bandwidth, Size};

/// Simulated time in nanoseconds with 64 fractional bits.
pub type Fx = u128;

/// One nanosecond in [`Fx`].
pub const FX_NS: Fx = 1 << 64;

/// An instant as [`Fx`].
#[inline]
pub fn fx(t: SimTime) -> Fx {
    (t.as_nanos() as Fx) << 64
}

/// The first whole nanosecond at or after `x`.
#[inline]
pub fn ceil_ns(x: Fx) -> SimTime {
    let ns = (x >> 64) as u64;
    SimTime(if x as u64 != 0 {
        ns.saturating_add(1)
    } else {
        ns
    })
}

/// The whole nanosecond at or before `x`.
#[inline]
pub fn floor_ns(x: Fx) -> SimTime {
    SimTime((x >> 64) as u64)
}

/// Nanoseconds per byte at `rate`, in [`Fx`].
pub fn ns_per_byte(rate: Bandwidth) -> Fx {
    ((8_000_000_000u128) << 64) / rate.as_bps().max(1) as u128
}

/// State of one FIFO server.
#[derive(Debug, Clone)]
pub struct FifoServer {
    pub rate: Bandwidth,
    per_byte: Fx,
    /// Drop-tail limit on bytes waiting or in service.
    pub buffer_bytes: u64,
    /// The same limit as work at the current rate.
    buffer_work: Fx,
    /// When the last accepted packet finishes transmission.
    busy_until: Fx,
    /// Token bucket depth in bytes, if shaping with bursts.
    burst: Option<u64>,
    /// Tokens (bytes) at `busy_until`.
    tokens: f64,
    /// Transmission work accepted so far (for busy time inside a window).
    accepted_work: Fx,
    /// Bytes accepted so far.
    accepted_bytes: u64,
    /// Work queued before a rate change, still draining at the rate it was admitted under:
    /// (start, end, ns per byte). Spec changes are rare, so this stays tiny.
    earlier: Vec<(Fx, Fx, Fx)>,
    /// Start of the work queued at the current rate.
    current_since: Fx,
}

/// Outcome of offering a packet to a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Transmission starts at `start` and ends at `at` (whole nanoseconds: `at` rounded up).
    Departs { at: SimTime, start: SimTime },
    /// The buffer was full.
    Dropped,
}

impl FifoServer {
    pub fn new(rate: Bandwidth, buffer_bytes: u64, burst: Option<Size>) -> Self {
        let burst = burst.map(|b| b.as_bytes());
        let per_byte = ns_per_byte(rate);
        FifoServer {
            rate,
            per_byte,
            buffer_bytes,
            buffer_work: per_byte * buffer_bytes as Fx,
            busy_until: 0,
            burst,
            tokens: burst.unwrap_or(0) as f64,
            accepted_work: 0,
            accepted_bytes: 0,
            earlier: Vec::new(),
            current_since: 0,
        }
    }

    /// When the server will have sent everything accepted so far.
    #[inline]
    pub fn busy_until(&self) -> Fx {
        self.busy_until
    }

    fn backlog_bytes_at(&self, now: Fx) -> u64 {
        let left = |start: Fx, end: Fx, per_byte: Fx| -> u64 {
            let remaining = end.saturating_sub(start.max(now));
            (remaining / per_byte.max(1)) as u64
        };
        let earlier: u64 = self.earlier.iter().map(|&(s, e, r)| left(s, e, r)).sum();
        earlier + left(self.current_since, self.busy_until, self.per_byte)
    }

    /// Bytes waiting or in service at `now`.
    pub fn backlog_bytes(&self, now: SimTime) -> u64 {
        self.backlog_bytes_at(fx(now))
    }

    /// Transmission time (ns) and bytes completed by `now`: what was accepted minus what is
    /// still waiting or in service. Differences of this give exact busy time in any window,
    /// even with packets queued past its end.
    pub fn work_done(&self, now: SimTime) -> (u64, u64) {
        let now = fx(now);
        let remaining = self.busy_until.saturating_sub(now).min(self.accepted_work);
        let bytes_left = self.backlog_bytes_at(now).min(self.accepted_bytes);
        (
            ((self.accepted_work - remaining) >> 64) as u64,
            self.accepted_bytes - bytes_left,
        )
    }

    /// Changes the service rate for packets arriving from `now` on (a spec change takes
    /// effect at once). Packets already queued keep their departure times, so FIFO order holds.
    pub fn set_rate(&mut self, now: SimTime, rate: Bandwidth, buffer_bytes: u64) {
        let now = fx(now);
        self.earlier.retain(|&(_, end, _)| end > now);
        if self.busy_until > now {
            self.earlier
                .push((self.current_since, self.busy_until, self.per_byte));
            self.current_since = self.busy_until;
        } else {
            self.current_since = now;
        }
        self.rate = rate;
        self.per_byte = ns_per_byte(rate);
        self.buffer_bytes = buffer_bytes;
        self.buffer_work = self.per_byte * buffer_bytes as Fx;
    }

    /// Offers a packet of `size` bytes arriving at `now`.
    #[inline]
    pub fn offer(&mut self, now: SimTime, size: u32) -> Admission {
        self.offer_fx(fx(now), size)
    }

    /// Offers a packet arriving at the exact instant `now`. Inlined into the hot loop's two
    /// callers (a link and a cap), where it is most of a hop's work.
    #[inline(always)]
    pub fn offer_fx(&mut self, now: Fx, size: u32) -> Admission {
        let work = self.per_byte * size as Fx;
        let full = if self.earlier.is_empty() {
            // Same test as bytes: backlog + size > max(buffer, size), in time at this rate.
            self.busy_until.saturating_sub(now) + work > self.buffer_work.max(work)
        } else {
            self.backlog_bytes_at(now) + size as u64 > self.buffer_bytes.max(size as u64)
        };
        if full {
            return Admission::Dropped;
        }
        let start = self.busy_until.max(now);
        let end = match self.burst {
            None => start + work,
            Some(depth) => self.token_departure(start, size, depth),
        };
        self.busy_until = end;
        self.accepted_work += work;
        self.accepted_bytes += size as u64;
        Admission::Departs {
            at: ceil_ns(end),
            start: floor_ns(start),
        }
    }

    /// Token bucket: refill at `rate` up to `depth`; a packet leaves once tokens cover it.
    fn token_departure(&mut self, start: Fx, size: u32, depth: u64) -> Fx {
        let elapsed_ns = (start.saturating_sub(self.busy_until) >> 32) as f64 / 4_294_967_296.0;
        let refill = elapsed_ns * 1e-9 * self.rate.as_bps() as f64 / 8.0;
        let tokens = (self.tokens + refill).min(depth as f64);
        let need = size as f64;
        if tokens >= need {
            self.tokens = tokens - need;
            start
        } else {
            let wait_ns = (need - tokens) * 8.0 / self.rate.as_bps() as f64 * 1e9;
            self.tokens = 0.0;
            start + (wait_ns * FX_NS as f64) as Fx
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
            s.offer(t0, 1000),
            Admission::Departs {
                at: SimTime(8_000),
                start: SimTime(0)
            }
        );
        assert_eq!(
            s.offer(t0, 1000),
            Admission::Departs {
                at: SimTime(16_000),
                start: SimTime(8_000)
            }
        );
        assert_eq!(s.backlog_bytes(SimTime(4_000)), 1500);
    }

    #[test]
    fn full_buffer_drops() {
        let mut s = FifoServer::new(Bandwidth::from_gbps(1), 2_000, None);
        assert!(matches!(
            s.offer(SimTime::ZERO, 1000),
            Admission::Departs { .. }
        ));
        assert!(matches!(
            s.offer(SimTime::ZERO, 1000),
            Admission::Departs { .. }
        ));
        assert_eq!(s.offer(SimTime::ZERO, 1000), Admission::Dropped);
        // After the first finishes there is room again.
        assert!(matches!(
            s.offer(SimTime(8_000), 1000),
            Admission::Departs { .. }
        ));
    }

    /// The tie rule: a packet whose transmission ends at `t` no longer holds its bytes at `t`,
    /// so an arrival at the very nanosecond a slot frees is admitted, and one a nanosecond
    /// earlier is not.
    #[test]
    fn an_arrival_at_the_instant_a_slot_frees_is_admitted() {
        let mut s = FifoServer::new(Bandwidth::from_gbps(1), 2_000, None);
        s.offer(SimTime::ZERO, 1000);
        s.offer(SimTime::ZERO, 1000);
        assert_eq!(s.offer(SimTime(7_999), 1000), Admission::Dropped);
        assert_eq!(
            s.offer(SimTime(8_000), 1000),
            Admission::Departs {
                at: SimTime(24_000),
                start: SimTime(16_000)
            }
        );
    }

    #[test]
    fn serialization_carries_fractions_of_a_nanosecond() {
        // 64 B at 100 Gbps is 5.12 ns: a million back-to-back packets take exactly 5.12 ms.
        let mut s = FifoServer::new(Bandwidth::from_gbps(100), u64::MAX / 1024, None);
        let mut last = SimTime::ZERO;
        for _ in 0..1_000_000 {
            if let Admission::Departs { at, .. } = s.offer(SimTime::ZERO, 64) {
                last = at;
            }
        }
        assert_eq!(last, SimTime(5_120_000));
    }

    #[test]
    fn a_rate_change_keeps_queued_work_at_its_admitted_rate() {
        let mut s = FifoServer::new(Bandwidth::from_gbps(1), 1_000_000, None);
        for _ in 0..10 {
            s.offer(SimTime::ZERO, 1000);
        }
        // 10 000 B queued at 1 Gbps: 80 µs of work. At 40 µs the rate doubles.
        s.set_rate(SimTime(40_000), Bandwidth::from_gbps(2), 1_000_000);
        assert_eq!(s.backlog_bytes(SimTime(40_000)), 5_000);
        // A new packet waits for the old work, then takes 4 µs at 2 Gbps.
        assert_eq!(
            s.offer(SimTime(40_000), 1000),
            Admission::Departs {
                at: SimTime(84_000),
                start: SimTime(80_000)
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
            assert!(matches!(
                s.offer(SimTime(0), 1000),
                Admission::Departs { at: SimTime(0), .. }
            ));
        }
        // ...the fourth waits for 1000 B of tokens: 1 ms.
        assert!(matches!(
            s.offer(SimTime(0), 1000),
            Admission::Departs {
                at: SimTime(1_000_000),
                ..
            }
        ));
    }
}
