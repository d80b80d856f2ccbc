//! Flow paths laid out for the hot loop: each position of a path is one 16-byte [`Step`] (the
//! hop there and where the packet goes after it), the steps of a path are consecutive in one
//! table, and the few facts the loop needs about a path (its connection, where it is counted,
//! the element that withdraws it) sit in one dense record. Walking a packet one hop reads one
//! step, wherever the path is in a plan of thousands; the plan's own `Path`, with its vectors
//! of hops and elements, is read only when routes change.

use crate::topology::{BundleMode, ElementId, Hop, Plan};

/// Where a packet goes next from a path position: a server (its key in `Sim::pending`) or its
/// delivery, and whether a packet may be carried there without an event.
#[derive(Debug, Clone, Copy)]
pub(super) struct Next {
    pub key: u32,
    pub quiet: bool,
    /// The previous server is not an active-active bundle (whose members may reorder).
    pub in_order: bool,
    /// The packet's delivery: nothing reads a flow's deliveries before the run ends, so only
    /// changes of routes bound a shortcut there, not samples.
    pub deliver: bool,
    /// The hop at this position is where the connection's carried bytes are counted (kept
    /// here, in the padding, so a step stays 16 bytes).
    pub counts: bool,
}

/// One position of a flow path: the hop taken there (`None` past the last, where the packet
/// is delivered) and what the position leads to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Step {
    pub hop: Option<Hop>,
    pub next: Next,
}

/// What the hot loop needs of one path.
#[derive(Debug, Clone, Copy)]
pub(super) struct Walk {
    /// Index of its first step in [`Walks::steps`]; a path has `hops + 1` steps.
    pub first: u32,
    pub direction: u8,
    /// The connection it crosses, and that connection's element (down while it is cut or
    /// withdrawn).
    pub connection: u32,
    pub element: ElementId,
    /// Bytes of tunnel header a packet carries where the path counts its connection's bytes
    /// (after the tunnel ingress when there is no cap): counted bytes are the customer's.
    pub overhead: u32,
}

/// Every flow path's steps and record, by `PathId`; paths no flow uses have no steps.
pub(super) struct Walks {
    pub paths: Vec<Walk>,
    pub steps: Vec<Step>,
}

impl Walks {
    /// The steps of every flow's candidate paths, and which servers a single flow uses
    /// (through one of its paths or several, but no other flow does): those are quiet.
    pub fn new(plan: &Plan) -> Walks {
        let (nc, ns, nb) = (plan.channels.len(), plan.shapers.len(), plan.bundles.len());
        let key = |h: &Hop| -> Option<u32> {
            match h {
                Hop::Channel(c) => Some(c.0),
                Hop::Shaper(s) => Some((nc + s.index()) as u32),
                Hop::Bundle(b, _) => Some((nc + ns + b.index()) as u32),
                Hop::Encap(_) | Hop::Decap(_) => None,
            }
        };
        let mut user: Vec<Option<usize>> = vec![None; nc + ns + nb];
        let mut shared = vec![false; nc + ns + nb];
        for (f, fp) in plan.flows.iter().enumerate() {
            for p in &fp.candidates {
                for h in &plan.path(*p).hops {
                    if let Some(k) = key(h) {
                        match user[k as usize] {
                            None => user[k as usize] = Some(f),
                            Some(g) if g != f => shared[k as usize] = true,
                            Some(_) => {}
                        }
                    }
                }
            }
        }
        let unused = Walk {
            first: 0,
            direction: 0,
            connection: 0,
            element: ElementId(0),
            overhead: 0,
        };
        let mut paths = vec![unused; plan.paths.len()];
        let mut steps = Vec::new();
        for (f, fp) in plan.flows.iter().enumerate() {
            let deliver = (nc + ns + nb + f) as u32;
            for p in &fp.candidates {
                let path = plan.path(*p);
                let hops = &path.hops;
                let mut table = vec![
                    Next {
                        key: deliver,
                        quiet: true,
                        in_order: true,
                        deliver: true,
                        counts: false,
                    };
                    hops.len() + 1
                ];
                // Walk backwards: each position leads to the first server at or after it.
                let mut ahead = table[hops.len()];
                for j in (0..hops.len()).rev() {
                    if let Some(k) = key(&hops[j]) {
                        ahead = Next {
                            key: k,
                            quiet: !shared[k as usize],
                            in_order: true,
                            deliver: false,
                            counts: false,
                        };
                    }
                    table[j] = ahead;
                }
                // After an active-active bundle, packets may arrive out of order.
                let mut after_shared = false;
                for (j, h) in hops.iter().enumerate() {
                    table[j].in_order = !after_shared;
                    if key(h).is_some() {
                        after_shared = matches!(h, Hop::Bundle(b, _)
                            if plan.bundles[b.index()].mode == BundleMode::Shared
                                && plan.bundles[b.index()].members.len() > 1);
                    }
                }
                table[hops.len()].in_order = !after_shared;
                let overhead = hops
                    .iter()
                    .take(path.count_at as usize)
                    .find_map(|h| match h {
                        Hop::Encap(t) => Some(plan.tunnels[t.index()].overhead.as_bytes() as u32),
                        _ => None,
                    })
                    .unwrap_or(0);
                paths[p.index()] = Walk {
                    first: steps.len() as u32,
                    direction: path.direction,
                    connection: path.connection.0,
                    element: plan.connections[path.connection.index()].element,
                    overhead,
                };
                let hop = |j: usize| hops.get(j).copied();
                steps.extend(table.into_iter().enumerate().map(|(j, next)| Step {
                    hop: hop(j),
                    next: Next {
                        counts: j == path.count_at as usize,
                        ..next
                    },
                }));
            }
        }
        Walks { paths, steps }
    }

    /// Index in [`Walks::steps`] of the first step of `path`; a packet keeps the index of
    /// its current step, so walking it one hop reads one entry.
    #[inline]
    pub fn start(&self, path: u32) -> u32 {
        self.paths[path as usize].first
    }
}

// The hot loop reads one step per hop: keep it to a quarter of a cache line.
const _: () = assert!(std::mem::size_of::<Step>() == 16);
