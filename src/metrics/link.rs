//! Use of one direction of a link (or a bandwidth cap's shaper) over the measurement window.

use crate::units::{Duration, Size};

/// Bytes carried and transmitter busy time of one link direction. The engine adds each
/// packet's serialization time when it transmits the packet; utilization is then busy time
/// over the window, which is exact for a FIFO server whatever the packet sizes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkUsage {
    packets: u64,
    bytes: u64,
    busy_ns: u64,
}

impl LinkUsage {
    pub fn new() -> Self {
        Self::default()
    }

    /// A packet of `size` was transmitted, keeping the transmitter busy for `transmit` (its
    /// serialization time at the link rate). Count only the part inside the measurement window
    /// if a transmission straddles its edge, so that utilization stays within [0, 1].
    /// Adds transmitter busy time measured separately from per-packet counts (the data plane
    /// measures busy time exactly from the server's completed work inside the window).
    pub fn add_busy(&mut self, busy: Duration) {
        self.busy_ns = self.busy_ns.saturating_add(busy.as_nanos());
    }

    pub fn carry(&mut self, size: Size, transmit: Duration) {
        self.packets += 1;
        self.bytes += size.as_bytes();
        self.busy_ns = self.busy_ns.saturating_add(transmit.as_nanos());
    }

    pub fn packets(&self) -> u64 {
        self.packets
    }

    /// Bytes carried (the `bytes` column of connections.csv).
    pub fn bytes(&self) -> Size {
        Size(self.bytes)
    }

    /// Total time the transmitter was busy.
    pub fn busy(&self) -> Duration {
        Duration(self.busy_ns)
    }

    /// Busy time over `window`, in [0, 1] when busy time was counted inside the window. An
    /// empty window has utilization 0.
    pub fn utilization(&self, window: Duration) -> f64 {
        if window.as_nanos() == 0 {
            return 0.0;
        }
        self.busy_ns as f64 / window.as_nanos() as f64
    }

    /// Adds another record of the same link direction (e.g. two windows).
    pub fn merge(&mut self, other: &LinkUsage) {
        self.packets += other.packets;
        self.bytes += other.bytes;
        self.busy_ns = self.busy_ns.saturating_add(other.busy_ns);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Bandwidth;

    #[test]
    fn utilization_is_busy_time_over_the_window() {
        // 1000 packets of 1250 B at 1 Gbps take 10 µs each: 10 ms busy in a 40 ms window.
        let rate = Bandwidth::from_gbps(1);
        let size = Size(1250);
        let mut link = LinkUsage::new();
        for _ in 0..1000 {
            link.carry(size, rate.transmit_time(size));
        }
        assert_eq!(link.busy(), Duration::from_millis(10));
        assert_eq!(link.bytes(), Size(1_250_000));
        assert_eq!(link.utilization(Duration::from_millis(40)), 0.25);
        assert_eq!(link.utilization(Duration::ZERO), 0.0);
        let mut twice = link;
        twice.merge(&link);
        assert_eq!(twice.packets(), 2000);
        assert_eq!(twice.utilization(Duration::from_millis(40)), 0.5);
    }
}
