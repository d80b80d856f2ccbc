//! The petgraph topology: regions joined by backbone links; VPC routers and VBRs attached to
//! their regions; IDCs attached to their VBRs by physical connections. Used to find the
//! backbone path between two regions (least one-way delay) and to explain reachability.

use crate::model::{IdcId, LinkId, Network, PhysicalConnectionId, RegionId, RouterId};
use petgraph::graph::{NodeIndex, UnGraph};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Region(RegionId),
    Router(RouterId),
    Idc(IdcId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Backbone(LinkId),
    /// A router sits in its region; crossing it costs nothing here (regional delay is added
    /// per connection path).
    Attach,
    PhysicalConnection(PhysicalConnectionId),
}

/// Cost of an edge the backbone must not use: more than any path of backbone links.
const NOT_BACKBONE: u64 = 1 << 56;

/// The network as a graph, with node indices per entity.
pub struct Topology {
    pub graph: UnGraph<Node, Edge>,
    pub region_nodes: Vec<NodeIndex>,
}

impl Topology {
    pub fn new(net: &Network) -> Topology {
        let mut graph = UnGraph::new_undirected();
        let region_nodes: Vec<NodeIndex> = (0..net.regions.len())
            .map(|i| graph.add_node(Node::Region(RegionId(i as u32))))
            .collect();
        for (i, l) in net.links.iter().enumerate() {
            graph.add_edge(
                region_nodes[l.a.index()],
                region_nodes[l.b.index()],
                Edge::Backbone(LinkId(i as u32)),
            );
        }
        for (i, v) in net.vpcs.iter().enumerate() {
            let n = graph.add_node(Node::Router(RouterId::Vpc(crate::model::VpcId(i as u32))));
            graph.add_edge(n, region_nodes[v.region.index()], Edge::Attach);
        }
        let idc_nodes: Vec<NodeIndex> = (0..net.idcs.len())
            .map(|i| graph.add_node(Node::Idc(IdcId(i as u32))))
            .collect();
        for (i, v) in net.vbrs.iter().enumerate() {
            let n = graph.add_node(Node::Router(RouterId::Vbr(crate::model::VbrId(i as u32))));
            graph.add_edge(n, region_nodes[v.region.index()], Edge::Attach);
            for pc in &v.physical_connections {
                graph.add_edge(idc_nodes[v.idc.index()], n, Edge::PhysicalConnection(*pc));
            }
        }
        Topology {
            graph,
            region_nodes,
        }
    }

    /// The least-delay sequence of backbone links from region `a` to region `b` (empty when
    /// they are the same region), or `None` if no backbone path exists.
    pub fn backbone_path(&self, net: &Network, a: RegionId, b: RegionId) -> Option<Vec<LinkId>> {
        if a == b {
            return Some(Vec::new());
        }
        let (start, goal) = (self.region_nodes[a.index()], self.region_nodes[b.index()]);
        let cost = |e: petgraph::graph::EdgeReference<'_, Edge>| match e.weight() {
            // Clamped so sums over any path cannot overflow (2^40 ns is 18 minutes).
            Edge::Backbone(l) => net.links[l.index()].params.delay.as_nanos().min(1 << 40),
            // Never route the backbone through routers or IDCs.
            _ => NOT_BACKBONE,
        };
        let (total, nodes) = petgraph::algo::astar(&self.graph, start, |n| n == goal, cost, |_| 0)?;
        if total >= NOT_BACKBONE {
            return None;
        }
        let links = nodes
            .windows(2)
            .filter_map(|w| {
                self.graph
                    .edges_connecting(w[0], w[1])
                    .filter_map(|e| match e.weight() {
                        Edge::Backbone(l) => Some(*l),
                        _ => None,
                    })
                    .min_by_key(|l| net.links[l.index()].params.delay)
            })
            .collect();
        Some(links)
    }
}
