//! The backbone as a petgraph graph: regions joined by backbone links, weighted by one-way
//! delay. Least-delay paths come from one Dijkstra per source region (a shortest-path tree
//! that serves every connection leaving that region), and detours from one Dijkstra per
//! (source, set of links avoided), cached, so paths are computed once per source and shared
//! by flows, connections, N-1 cases and availability.

use crate::model::{LinkId, Network, RegionId};
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// Longest delay an edge may weigh in path sums (2⁴⁰ ns, 18 minutes), so sums never overflow.
const MAX_WEIGHT: u64 = 1 << 40;

/// Distances and tree edges from one source region, settled lazily: the search stops once
/// the region asked for is settled and resumes from where it stopped for the next one, so a
/// detour between two nearby regions settles the regions nearer than it, not the whole
/// backbone. Resuming continues the very same sequence of settlements, so every path is the
/// one a complete search would give.
#[derive(Debug, Clone)]
struct Tree {
    /// Per region: (distance in ns, link taken into it), `None` when not reached yet.
    to: Vec<Option<(u64, Option<LinkId>)>>,
    /// Per region: its distance is final.
    done: Vec<bool>,
    /// Regions reached but not settled, by (distance, region).
    heap: BinaryHeap<Reverse<(u64, u32)>>,
}

/// The backbone graph and the shortest-path trees computed so far.
pub struct Topology {
    graph: UnGraph<RegionId, LinkId>,
    nodes: Vec<NodeIndex>,
    delay: Vec<u64>,
    ends: Vec<(RegionId, RegionId)>,
    trees: HashMap<(RegionId, Vec<LinkId>), Tree>,
}

impl Topology {
    pub fn new(net: &Network) -> Topology {
        let mut graph = UnGraph::new_undirected();
        let nodes: Vec<NodeIndex> = (0..net.regions.len())
            .map(|i| graph.add_node(RegionId(i as u32)))
            .collect();
        for (i, l) in net.links.iter().enumerate() {
            graph.add_edge(nodes[l.a.index()], nodes[l.b.index()], LinkId(i as u32));
        }
        Topology {
            graph,
            nodes,
            delay: net
                .links
                .iter()
                .map(|l| l.params.delay.as_nanos().min(MAX_WEIGHT))
                .collect(),
            ends: net.links.iter().map(|l| (l.a, l.b)).collect(),
            trees: HashMap::new(),
        }
    }

    /// Dijkstra from `source` over links not in `avoid` (sorted), with predecessor links,
    /// settled at least as far as `target`; ties go to the lower link id, so paths are
    /// deterministic.
    fn tree(&mut self, source: RegionId, avoid: &[LinkId], target: RegionId) -> &Tree {
        let key = (source, avoid.to_vec());
        let n = self.nodes.len();
        let tree = self.trees.entry(key).or_insert_with(|| {
            let mut to = vec![None; n];
            to[source.index()] = Some((0, None));
            Tree {
                to,
                done: vec![false; n],
                heap: BinaryHeap::from([Reverse((0u64, source.0))]),
            }
        });
        settle(&self.graph, &self.nodes, &self.delay, avoid, tree, target);
        tree
    }

    /// The least-delay sequence of backbone links from `a` to `b` avoiding `avoid` (empty
    /// when `a == b`), or `None` if no such path exists.
    pub fn path(&mut self, a: RegionId, b: RegionId, avoid: &[LinkId]) -> Option<Vec<LinkId>> {
        if a == b {
            return Some(Vec::new());
        }
        let mut avoid = avoid.to_vec();
        avoid.sort_unstable();
        avoid.dedup();
        self.tree(a, &avoid, b);
        let tree = &self.trees[&(a, avoid)];
        tree.to[b.index()]?;
        let mut links = Vec::new();
        let mut at = b;
        while at != a {
            let (_, link) = tree.to[at.index()]?;
            let link = link?;
            links.push(link);
            let (x, y) = self.ends[link.index()];
            at = if x == at { y } else { x };
        }
        links.reverse();
        Some(links)
    }

    /// The one-way delay of a sequence of links.
    pub fn delay_of(&self, links: &[LinkId]) -> u64 {
        links.iter().map(|l| self.delay[l.index()]).sum()
    }

    /// Whether any backbone path joins `a` and `b`.
    pub fn connected(&mut self, a: RegionId, b: RegionId) -> bool {
        a == b || self.tree(a, &[], b).to[b.index()].is_some()
    }

    /// Backbone paths from `a` to `b` in the order traffic tries them: the least-delay path,
    /// then the best detour around each of its links, then around each pair of (a primary
    /// link, a link of that detour), ordered by delay; at most `max` paths. Every single and
    /// most double failures of links on the way leave a precomputed detour, so the data
    /// plane never searches the graph.
    pub fn alternatives(&mut self, a: RegionId, b: RegionId, max: usize) -> Vec<Vec<LinkId>> {
        let Some(primary) = self.path(a, b, &[]) else {
            return Vec::new();
        };
        let mut detours: Vec<Vec<LinkId>> = Vec::new();
        for &l in &primary {
            if let Some(d) = self.path(a, b, &[l]) {
                for &m in &d {
                    if let Some(dd) = self.path(a, b, &[l, m]) {
                        detours.push(dd);
                    }
                }
                detours.push(d);
            }
        }
        let mut out = vec![primary];
        detours.sort_by_key(|p| (self.delay_of(p), p.clone()));
        for d in detours {
            if out.len() >= max {
                break;
            }
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }
}

/// Settles regions of `tree` in order of distance until `target` is settled or nothing is
/// left to settle.
fn settle(
    graph: &UnGraph<RegionId, LinkId>,
    nodes: &[NodeIndex],
    delay: &[u64],
    avoid: &[LinkId],
    tree: &mut Tree,
    target: RegionId,
) {
    let Tree { to, done, heap } = tree;
    while !done[target.index()] {
        let Some(Reverse((d, r))) = heap.pop() else {
            return;
        };
        let r = r as usize;
        if std::mem::replace(&mut done[r], true) {
            continue;
        }
        for e in graph.edges(nodes[r]) {
            let link = *e.weight();
            if avoid.binary_search(&link).is_ok() {
                continue;
            }
            let other = if e.source() == nodes[r] {
                e.target()
            } else {
                e.source()
            };
            let v = graph[other].index();
            let nd = d + delay[link.index()];
            let better = match to[v] {
                None => true,
                Some((od, ol)) => {
                    nd < od || (nd == od && ol.is_some_and(|ol| link < ol) && !done[v])
                }
            };
            if better {
                to[v] = Some((nd, Some(link)));
                heap.push(Reverse((nd, v as u32)));
            }
        }
    }
}
