//! Per-flow counters and distributions of one replication's measurement window.

use super::cause::DropCause;
use super::delay::DelayRecorder;
use super::jitter::{JitterDefinition, JitterReport, JitterTracker};
use crate::units::{Duration, Size};

/// Everything measured about one flow after warmup: packets offered, delivered and lost (by
/// cause), encapsulation attempts, the delay distribution and jitter. Fixed size whatever the
/// number of packets.
///
/// The engine calls [`offer`](Self::offer) once per packet the source emits inside the
/// measurement window, then exactly one of [`deliver`](Self::deliver) or
/// [`drop`](Self::drop) for it, possibly after the window closes: loss is 1 − delivered /
/// offered, so a packet still in flight when counting stops would count as lost.
/// [`unresolved`](Self::unresolved) shows how many are in that state.
///
/// Encapsulation is counted separately: [`encap_presented`](Self::encap_presented) when a
/// packet reaches a tunnel ingress and [`encap_ok`](Self::encap_ok) when it is encapsulated; a
/// failure is also a loss, recorded with `drop(DropCause::Encap)`.
#[derive(Debug, Clone, Default)]
pub struct FlowMetrics {
    offered_packets: u64,
    offered_bytes: u64,
    delivered_packets: u64,
    delivered_bytes: u64,
    lost: [u64; DropCause::COUNT],
    encap_presented: u64,
    encapsulated: u64,
    delays: DelayRecorder,
    /// Delays without the time spent waiting at the connection's cap: what the provider's
    /// network alone gives. `None` while no packet has waited at a cap (then they equal
    /// `delays`, and recording them twice would be wasted work).
    network_delays: Option<DelayRecorder>,
    jitter: JitterTracker,
}

impl FlowMetrics {
    pub fn new() -> Self {
        Self::default()
    }

    /// A packet of `size` bytes was offered by the flow's source.
    pub fn offer(&mut self, size: Size) {
        self.offered_packets += 1;
        self.offered_bytes += size.as_bytes();
    }

    /// A packet of `size` bytes arrived after a one-way `delay`, of which `queue_wait` was
    /// spent waiting in the design's queues (caps, links, lines); call in delivery order,
    /// since IPDV and RFC 3550 jitter compare consecutive deliveries.
    #[inline]
    pub fn deliver(&mut self, delay: Duration, size: Size, queue_wait: Duration) {
        self.delivered_packets += 1;
        self.delivered_bytes += size.as_bytes();
        if queue_wait.as_nanos() > 0 && self.network_delays.is_none() {
            self.network_delays = Some(self.delays.clone());
        }
        self.delays.record(delay);
        if let Some(n) = &mut self.network_delays {
            n.record(Duration(
                delay.as_nanos().saturating_sub(queue_wait.as_nanos()),
            ));
        }
        self.jitter.record(delay);
    }

    /// A packet was lost for `cause`.
    pub fn drop(&mut self, cause: DropCause) {
        self.lost[cause.index()] += 1;
    }

    /// A packet was presented to a tunnel ingress for encapsulation.
    pub fn encap_presented(&mut self) {
        self.encap_presented += 1;
    }

    /// A presented packet was encapsulated successfully.
    pub fn encap_ok(&mut self) {
        self.encapsulated += 1;
    }

    pub fn offered_packets(&self) -> u64 {
        self.offered_packets
    }

    pub fn offered_bytes(&self) -> Size {
        Size(self.offered_bytes)
    }

    pub fn delivered_packets(&self) -> u64 {
        self.delivered_packets
    }

    pub fn delivered_bytes(&self) -> Size {
        Size(self.delivered_bytes)
    }

    /// Packets lost for `cause`.
    pub fn lost(&self, cause: DropCause) -> u64 {
        self.lost[cause.index()]
    }

    /// Packets lost per cause, in [`DropCause::ALL`] order (the `lost_*` CSV columns).
    pub fn lost_by_cause(&self) -> [u64; DropCause::COUNT] {
        self.lost
    }

    /// Packets lost for any cause.
    pub fn lost_total(&self) -> u64 {
        self.lost.iter().sum()
    }

    /// Offered packets neither delivered nor lost yet (in flight); 0 once the run has drained.
    pub fn unresolved(&self) -> u64 {
        self.offered_packets
            .saturating_sub(self.delivered_packets + self.lost_total())
    }

    /// Packets presented to a tunnel ingress.
    pub fn encap_presented_packets(&self) -> u64 {
        self.encap_presented
    }

    /// Packets encapsulated successfully.
    pub fn encapsulated_packets(&self) -> u64 {
        self.encapsulated
    }

    /// Loss ratio 1 − delivered/offered, all causes together. `None` when nothing was offered:
    /// a flow without traffic has no loss figure, and the judge must not count it as 0.
    pub fn loss(&self) -> Option<f64> {
        (self.offered_packets > 0)
            .then(|| 1.0 - self.delivered_packets as f64 / self.offered_packets as f64)
    }

    /// The share of offered packets lost for `cause`; `None` when nothing was offered.
    pub fn loss_by_cause(&self, cause: DropCause) -> Option<f64> {
        (self.offered_packets > 0).then(|| self.lost(cause) as f64 / self.offered_packets as f64)
    }

    /// Encapsulation success: encapsulated / presented. `None` when no packet reached a
    /// tunnel ingress (the flow crosses no tunnel, or nothing was offered).
    pub fn encap_success(&self) -> Option<f64> {
        (self.encap_presented > 0).then(|| self.encapsulated as f64 / self.encap_presented as f64)
    }

    /// The one-way delays of delivered packets.
    pub fn delays(&self) -> &DelayRecorder {
        &self.delays
    }

    /// The delays less the time spent waiting in the design's queues: the provider's
    /// network alone (propagation, serialization and its background variation).
    pub fn network_delays(&self) -> &DelayRecorder {
        self.network_delays.as_ref().unwrap_or(&self.delays)
    }

    /// Jitter by every definition.
    pub fn jitter_report(&self) -> JitterReport {
        self.jitter.report(&self.delays)
    }

    /// The jitter ratio of one definition; `None` when undefined.
    pub fn jitter(&self, definition: JitterDefinition) -> Option<f64> {
        self.jitter_report().ratio(definition)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MTU: Size = Size(1500);

    #[test]
    fn loss_counts_every_cause_against_offered_packets() {
        let mut f = FlowMetrics::new();
        for _ in 0..1000 {
            f.offer(MTU);
        }
        for _ in 0..990 {
            f.deliver(Duration::from_millis(20), MTU, Duration::ZERO);
        }
        for cause in [DropCause::Queue, DropCause::Queue, DropCause::Cap] {
            f.drop(cause);
        }
        for _ in 0..7 {
            f.drop(DropCause::Down);
        }
        assert_eq!(f.offered_bytes(), Size(1_500_000));
        assert_eq!(f.delivered_bytes(), Size(1_485_000));
        assert_eq!(f.lost_total(), 10);
        assert_eq!(f.lost_by_cause(), [2, 1, 0, 0, 7, 0]);
        assert_eq!(f.unresolved(), 0);
        assert!((f.loss().unwrap() - 0.01).abs() < 1e-15);
        assert_eq!(f.loss_by_cause(DropCause::Queue), Some(0.002));
        assert_eq!(f.loss_by_cause(DropCause::Blocked), Some(0.0));
    }

    #[test]
    fn packets_in_flight_count_as_lost_until_resolved() {
        let mut f = FlowMetrics::new();
        f.offer(MTU);
        f.offer(MTU);
        f.deliver(Duration::from_millis(5), MTU, Duration::ZERO);
        assert_eq!(f.unresolved(), 1);
        assert_eq!(f.loss(), Some(0.5));
    }

    #[test]
    fn a_flow_without_traffic_has_no_loss_or_encap_figure() {
        let f = FlowMetrics::new();
        assert_eq!(f.loss(), None);
        assert_eq!(f.loss_by_cause(DropCause::Link), None);
        assert_eq!(f.encap_success(), None);
        assert_eq!(f.jitter(JitterDefinition::Pdv), None);
    }

    #[test]
    fn encap_success_is_encapsulated_over_presented() {
        let mut f = FlowMetrics::new();
        for i in 0..1000 {
            f.encap_presented();
            if i % 500 != 0 {
                f.encap_ok();
            } else {
                f.drop(DropCause::Encap);
            }
        }
        assert_eq!(f.encap_success(), Some(0.998));
        assert_eq!(f.lost(DropCause::Encap), 2);
    }

    #[test]
    fn delivered_delays_feed_the_delay_and_jitter_figures() {
        let mut f = FlowMetrics::new();
        for ms in [10, 12, 11, 15, 15] {
            f.offer(MTU);
            f.deliver(Duration::from_millis(ms), MTU, Duration::ZERO);
        }
        assert_eq!(f.delays().count(), 5);
        assert_eq!(f.delays().min(), Some(Duration::from_millis(10)));
        // Same sequence as the jitter tests: IPDV = 1.75 / 12.6.
        assert!((f.jitter(JitterDefinition::Ipdv).unwrap() - 1.75 / 12.6).abs() < 1e-15);
    }
}
