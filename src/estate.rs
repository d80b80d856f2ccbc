//! A seeded generator of large estates, for the scale benchmarks and the memory tests: the
//! designs of planners with hundreds of VPCs, written as scenario text so that loading,
//! every rule, compiling and simulating are measured as a user's file would be.
//!
//! The shape (the one the scale figures in the README are measured on):
//! - `regions` regions, placed at the coordinates of the built-in region catalogue in turn,
//!   moved by up to half a degree (seeded) so that no two are at the same place;
//! - `vpcs` VPCs dealt over the regions in turn (VPC i in region i mod `regions`), VPC i with
//!   the /24 block number i of 10.0.0.0/8 and one ECS instance;
//! - an Express Connect pair (spec Large.1) from every VPC to its two next neighbours in a
//!   ring, so each VPC has four router interfaces, within the limit of five, and a ring of
//!   `2 × vpcs` connections, every one across the backbone (between regions one or two
//!   apart): each packet does the same kind of work whatever the size, so events/s at two
//!   sizes compare the cost of an event, not two mixes of work;
//! - `flows` Poisson flows, each over one connection (chosen in a seeded shuffle that visits
//!   every connection before any twice), in a seeded direction, at 5 to 15 Mbps of 1000 B
//!   packets;
//! - the default full-mesh backbone, one replication, a window of `duration` after 100 ms
//!   of warmup.
//!
//! The same (shape, seed) always gives the same text.

use crate::engine::rng_from_seed;
use crate::model::catalogue::regions;
use rand::RngExt;
use std::fmt::Write;

/// What to generate. [`Estate::text`] writes it as a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Estate {
    pub regions: usize,
    pub vpcs: usize,
    pub flows: usize,
    pub seed: u64,
    /// The packet-level window after warmup, as a scenario duration ("1s").
    pub duration: String,
}

impl Estate {
    /// `regions` regions, `vpcs` VPCs (at least 5, so the ring's neighbours are distinct),
    /// `2 × vpcs` connections and `flows` flows, seed 1, one second simulated.
    pub fn new(regions: usize, vpcs: usize, flows: usize) -> Estate {
        Estate {
            regions: regions.max(1),
            vpcs: vpcs.max(5),
            flows,
            seed: 1,
            duration: "1s".into(),
        }
    }

    /// With another seed.
    pub fn seed(mut self, seed: u64) -> Estate {
        self.seed = seed;
        self
    }

    /// With another packet-level window.
    pub fn duration(mut self, duration: &str) -> Estate {
        self.duration = duration.into();
        self
    }

    /// The number of connections: two per VPC.
    pub fn connections(&self) -> usize {
        2 * self.vpcs
    }

    /// The name of VPC `i`.
    pub fn vpc_name(i: usize) -> String {
        format!("vpc-{i:05}")
    }

    /// The name of the ECS instance of VPC `i`.
    pub fn ecs_name(i: usize) -> String {
        format!("vm-{i:05}")
    }

    /// The two ends (initiator, acceptor) of connection `k`: VPC k/2 and its next (k even) or
    /// second next (k odd) neighbour.
    pub fn ends(&self, k: usize) -> (usize, usize) {
        let a = k / 2;
        (a, (a + 1 + k % 2) % self.vpcs)
    }

    /// The scenario text.
    pub fn text(&self) -> String {
        let mut rng = rng_from_seed(self.seed);
        let mut t = String::with_capacity(200 * (self.vpcs + self.flows) + 100 * self.regions);
        let _ = write!(
            t,
            "[simulation]\nname = \"estate-{}r-{}v-{}f\"\nseed = {}\nduration = \"{}\"\n\
             warmup = \"100ms\"\nreplications = 1\n\n",
            self.regions, self.vpcs, self.flows, self.seed, self.duration
        );
        self.write_regions(&mut t, &mut rng);
        self.write_vpcs(&mut t);
        self.write_connections(&mut t);
        self.write_flows(&mut t, &mut rng);
        t
    }

    fn write_regions(&self, t: &mut String, rng: &mut crate::engine::SimRng) {
        let catalogue = regions();
        for r in 0..self.regions {
            let c = &catalogue[r % catalogue.len()];
            let lat = (c.lat + rng.random_range(-0.5..0.5)).clamp(-89.0, 89.0);
            let lon = c.lon + rng.random_range(-0.5..0.5);
            let _ = writeln!(
                t,
                "[[region]]\nname = \"region-{r:03}\"\nprovider = \"alibaba\"\nlocation = {{ lat = {lat:.4}, lon = {lon:.4} }}\n"
            );
        }
    }

    fn write_vpcs(&self, t: &mut String) {
        for i in 0..self.vpcs {
            let region = i % self.regions;
            let (hi, lo) = (i / 256, i % 256);
            let _ = writeln!(
                t,
                "[[vpc]]\nname = \"{}\"\nregion = \"region-{region:03}\"\ncidr = [\"10.{hi}.{lo}.0/24\"]\n\
                 resources = [{{ name = \"{}\", kind = \"ecs\", ip = \"10.{hi}.{lo}.10\" }}]\n",
                Self::vpc_name(i),
                Self::ecs_name(i)
            );
        }
    }

    fn write_connections(&self, t: &mut String) {
        for k in 0..self.connections() {
            let (a, b) = self.ends(k);
            let _ = writeln!(
                t,
                "[[connection]]\nname = \"ec-{k:05}\"\ntype = \"express-connect\"\n\
                 between = [\"{}\", \"{}\"]\nspec = \"Large.1\"\n",
                Self::vpc_name(a),
                Self::vpc_name(b)
            );
        }
    }

    fn write_flows(&self, t: &mut String, rng: &mut crate::engine::SimRng) {
        let mut order: Vec<usize> = Vec::new();
        for f in 0..self.flows {
            if order.is_empty() {
                order = (0..self.connections()).collect();
                // Fisher-Yates, drawn from the generator so the order follows the seed.
                for i in (1..order.len()).rev() {
                    order.swap(i, rng.random_range(0..=i));
                }
            }
            let k = order.pop().unwrap_or(0);
            let (mut a, mut b) = self.ends(k);
            if rng.random_bool(0.5) {
                std::mem::swap(&mut a, &mut b);
            }
            let mbps = rng.random_range(5..=15);
            let _ = writeln!(
                t,
                "[[flow]]\nname = \"f-{f:05}\"\nfrom = \"{}\"\nto = \"{}\"\ntraffic = \"poisson\"\n\
                 rate = \"{mbps}Mbps\"\npacket_size = \"1000B\"\n",
                Self::ecs_name(a),
                Self::ecs_name(b)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_text_and_another_seed_another() {
        let e = Estate::new(3, 12, 10);
        assert_eq!(e.text(), e.clone().text());
        assert_ne!(e.text(), e.clone().seed(2).text());
    }

    #[test]
    fn an_estate_builds_with_every_connection_and_flow() {
        let e = Estate::new(4, 20, 50);
        let (s, _) = crate::scenario::load_str("estate.toml", "estate", &e.text())
            .unwrap_or_else(|d| panic!("{}", d.render()));
        let (net, _) = crate::model::build(&s).unwrap_or_else(|d| panic!("{}", d.render()));
        assert_eq!(
            (net.regions.len(), net.vpcs.len()),
            (4, 20),
            "regions and VPCs"
        );
        assert_eq!((net.connections.len(), net.flows.len()), (40, 50));
        assert!(net.connections.iter().all(|c| c.cross_region));
        let plan = crate::topology::compile(&net);
        assert!(plan.flows.iter().all(|f| f.blocked.is_none()));
    }
}
