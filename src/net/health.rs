//! What works right now: members (up or down at random, or forced down by a scripted fault),
//! bundles (which member carries, and whether a failover is in progress), elements (a link, a
//! VBR, a connection — up while a member works and nothing forces it down) and connection
//! states (active or not, on the timeline).
//!
//! Shared by the packet-level data plane and the availability horizon, so both apply the same
//! failover rules:
//! - active/standby bundle: when the member carrying traffic fails and another works, traffic
//!   is lost for the failed member's `failover`, then the next working member carries;
//! - active-active bundle: a failed member keeps receiving its share for its `failover`
//!   (until the failure is detected), then is left out; a repaired member is used at once;
//! - an element is down while none of its members works, a fault forces it, or (a
//!   connection) it is not active.

use crate::engine::SimTime;
use crate::model::FaultTarget;
use crate::topology::{BundleId, BundleMode, ElementId, ElementKind, MemberId, Plan};
use crate::units::Duration;

/// What a fault on `target` forces down: members (every member of a link, the members of
/// one leased line) and an element (a connection, a VBR).
pub fn fault_scope(plan: &Plan, target: FaultTarget) -> (Vec<MemberId>, Option<ElementId>) {
    let element_of = |kind| {
        plan.elements
            .iter()
            .position(|e| e.kind == kind)
            .map(|i| ElementId(i as u32))
    };
    match target {
        FaultTarget::Link(l) => (
            element_of(ElementKind::Link(l))
                .and_then(|e| plan.elements[e.index()].bundle)
                .map_or(Vec::new(), |b| plan.bundles[b.index()].members.clone()),
            None,
        ),
        FaultTarget::PhysicalConnection(p) => (
            (0..plan.members.len())
                .map(|m| MemberId(m as u32))
                .filter(|m| plan.members[m.index()].line == Some(p))
                .collect(),
            None,
        ),
        FaultTarget::Connection(c) => (Vec::new(), Some(plan.connections[c.index()].element)),
        FaultTarget::Vbr(v) => (Vec::new(), element_of(ElementKind::Vbr(v))),
    }
}

/// What a change to a member did to its bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BundleChange {
    /// The element went from up to down (with the failover of the member that took it
    /// down) or from down to up.
    pub element: Option<(ElementId, bool, Duration)>,
    /// An active/standby bundle started a failover to another member until this time.
    pub failover_until: Option<SimTime>,
    /// An active-active member failed: leave it out of the selection at this time.
    pub exclude_at: Option<SimTime>,
}

/// The live state of every member, bundle and element.
#[derive(Debug, Clone)]
pub struct Health {
    member_up: Vec<bool>,
    member_forced: Vec<u32>,
    member_excluded: Vec<bool>,
    member_bundle: Vec<Option<BundleId>>,
    active: Vec<usize>,
    failover_until: Vec<SimTime>,
    element_forced: Vec<u32>,
    /// Per connection: carries traffic now (its lifecycle state).
    connection_active: Vec<bool>,
    element_up: Vec<bool>,
}

impl Health {
    /// Every member in the given state, nothing forced, connections in `active`.
    pub fn new(plan: &Plan, member_up: Vec<bool>, connection_active: Vec<bool>) -> Health {
        let mut member_bundle = vec![None; plan.members.len()];
        for (b, bundle) in plan.bundles.iter().enumerate() {
            for m in &bundle.members {
                member_bundle[m.index()] = Some(BundleId(b as u32));
            }
        }
        let mut h = Health {
            member_excluded: vec![false; plan.members.len()],
            member_forced: vec![0; plan.members.len()],
            member_up,
            member_bundle,
            active: vec![0; plan.bundles.len()],
            failover_until: vec![SimTime::ZERO; plan.bundles.len()],
            element_forced: vec![0; plan.elements.len()],
            connection_active,
            element_up: vec![true; plan.elements.len()],
        };
        for (b, bundle) in plan.bundles.iter().enumerate() {
            h.active[b] = bundle
                .members
                .iter()
                .position(|m| h.member_up[m.index()])
                .unwrap_or(0);
            for m in &bundle.members {
                h.member_excluded[m.index()] = !h.member_up[m.index()];
            }
        }
        for e in 0..plan.elements.len() {
            h.element_up[e] = h.compute_element(plan, ElementId(e as u32));
        }
        h
    }

    /// The bundle member `m` belongs to.
    pub fn bundle_of(&self, m: MemberId) -> Option<BundleId> {
        self.member_bundle[m.index()]
    }

    /// Whether member `m` works (up and not forced down).
    #[inline]
    pub fn working(&self, m: MemberId) -> bool {
        self.member_up[m.index()] && self.member_forced[m.index()] == 0
    }

    pub fn member_up(&self, m: MemberId) -> bool {
        self.member_up[m.index()]
    }

    /// Whether any member of bundle `b` works.
    pub fn bundle_up(&self, plan: &Plan, b: BundleId) -> bool {
        plan.bundles[b.index()]
            .members
            .iter()
            .any(|m| self.working(*m))
    }

    fn compute_element(&self, plan: &Plan, e: ElementId) -> bool {
        let el = &plan.elements[e.index()];
        self.element_forced[e.index()] == 0
            && el.bundle.is_none_or(|b| self.bundle_up(plan, b))
            && match el.kind {
                ElementKind::Connection(c) => self.connection_active[c.index()],
                _ => true,
            }
    }

    /// Whether element `e` is up.
    #[inline]
    pub fn element_up(&self, e: ElementId) -> bool {
        self.element_up[e.index()]
    }

    /// Whether element `e` is down only because its connection is not active (a flow there
    /// is blocked, not failed).
    pub fn element_inactive(&self, plan: &Plan, e: ElementId) -> bool {
        matches!(plan.elements[e.index()].kind, ElementKind::Connection(c) if !self.connection_active[c.index()])
    }

    /// The member of standby bundle `b` that carries traffic at `now`, or `None` while a
    /// failover is in progress or no member works.
    #[inline]
    pub fn standby_member(&self, plan: &Plan, b: BundleId, now: SimTime) -> Option<usize> {
        let a = self.active[b.index()];
        let m = plan.bundles[b.index()].members[a];
        (now >= self.failover_until[b.index()] && self.working(m)).then_some(a)
    }

    /// Whether an active-active member is still offered traffic (working, or failed but not
    /// yet detected).
    #[inline]
    pub fn selectable(&self, m: MemberId) -> bool {
        !self.member_excluded[m.index()]
    }

    /// Leaves a failed active-active member out of the selection (its failure is detected).
    pub fn exclude(&mut self, m: MemberId) {
        if !self.working(m) {
            self.member_excluded[m.index()] = true;
        }
    }

    /// The end of a failover in progress on bundle `b`, if any.
    pub fn failover_until(&self, b: BundleId) -> SimTime {
        self.failover_until[b.index()]
    }

    /// Sets member `m` up or down (a random failure or repair) at `now`.
    pub fn set_member_up(
        &mut self,
        plan: &Plan,
        m: MemberId,
        up: bool,
        now: SimTime,
    ) -> BundleChange {
        let before = self.working(m);
        self.member_up[m.index()] = up;
        self.member_changed(plan, m, before, now)
    }

    /// Forces member `m` down (`down`) or lifts one force (a scripted fault and its end).
    pub fn force_member(
        &mut self,
        plan: &Plan,
        m: MemberId,
        down: bool,
        now: SimTime,
    ) -> BundleChange {
        let before = self.working(m);
        let f = &mut self.member_forced[m.index()];
        *f = if down { *f + 1 } else { f.saturating_sub(1) };
        self.member_changed(plan, m, before, now)
    }

    fn member_changed(
        &mut self,
        plan: &Plan,
        m: MemberId,
        before: bool,
        now: SimTime,
    ) -> BundleChange {
        let mut change = BundleChange::default();
        let now_working = self.working(m);
        let Some(b) = self.member_bundle[m.index()] else {
            return change;
        };
        if before == now_working {
            return change;
        }
        let bundle = &plan.bundles[b.index()];
        let failover = plan.members[m.index()].failover;
        match bundle.mode {
            BundleMode::Standby => {
                let active = bundle.members[self.active[b.index()]];
                if !self.working(active)
                    && let Some(next) = bundle.members.iter().position(|x| self.working(*x))
                {
                    self.active[b.index()] = next;
                    // A member taking over from a failed one takes the failover time; one
                    // bringing a dead bundle back carries at once.
                    if active == m && !now_working {
                        self.failover_until[b.index()] = now + failover;
                        change.failover_until = Some(now + failover);
                    }
                }
            }
            BundleMode::Shared => {
                if now_working {
                    self.member_excluded[m.index()] = false;
                } else {
                    change.exclude_at = Some(now + failover);
                }
            }
        }
        let e = bundle.element;
        let up = self.compute_element(plan, e);
        if up != self.element_up[e.index()] {
            self.element_up[e.index()] = up;
            change.element = Some((e, up, failover));
        }
        change
    }

    /// Forces down everything `targets` name, before the run starts (an N-1 case): the
    /// network has converged around them, so no standby bundle is still failing over and a
    /// failed active-active member is already left out of the selection.
    pub fn fail_from_start(&mut self, plan: &Plan, targets: &[FaultTarget]) {
        for t in targets {
            let (members, element) = fault_scope(plan, *t);
            for m in members {
                self.force_member(plan, m, true, SimTime::ZERO);
                self.exclude(m);
            }
            if let Some(e) = element {
                self.force_element(plan, e, true);
            }
        }
        self.failover_until.fill(SimTime::ZERO);
    }

    /// Forces element `e` down or lifts one force; returns its new state if it changed.
    pub fn force_element(&mut self, plan: &Plan, e: ElementId, down: bool) -> Option<bool> {
        let f = &mut self.element_forced[e.index()];
        *f = if down { *f + 1 } else { f.saturating_sub(1) };
        self.refresh(plan, e)
    }

    /// Sets whether connection `c` carries traffic; returns the new state of its element if
    /// it changed.
    pub fn set_connection_active(&mut self, plan: &Plan, c: usize, active: bool) -> Option<bool> {
        self.connection_active[c] = active;
        self.refresh(plan, plan.connections[c].element)
    }

    fn refresh(&mut self, plan: &Plan, e: ElementId) -> Option<bool> {
        let up = self.compute_element(plan, e);
        (up != self.element_up[e.index()]).then(|| {
            self.element_up[e.index()] = up;
            up
        })
    }
}
