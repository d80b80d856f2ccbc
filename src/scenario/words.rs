//! Enumerated words of the scenario format ("express-connect", "poisson", ...).

use super::reader::{At, Fields};
use super::values::check_word;
use serde_spanned::Spanned;

/// A closed set of words a field may take.
pub trait Word: Sized + Copy + 'static {
    const WORDS: &'static [(&'static str, Self)];

    fn as_str(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::WORDS
            .iter()
            .find(|(_, w)| *w == self)
            .map_or("?", |(s, _)| s)
    }
}

/// Reads an optional word field, reporting unknown words with the list of allowed ones.
pub fn opt_word<W: Word>(f: &mut Fields<'_, '_>, key: &'static str) -> Option<At<W>> {
    let v = f.opt::<String>(key)?;
    let allowed: Vec<&str> = W::WORDS.iter().map(|(s, _)| *s).collect();
    let path = f.key_path(key);
    if !check_word(f.diags, path, &v, &allowed) {
        return None;
    }
    let w = W::WORDS
        .iter()
        .find(|(s, _)| *s == v.get_ref())
        .map(|(_, w)| *w)?;
    Some(Spanned::new(v.span(), w))
}

macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }
        impl Word for $name {
            const WORDS: &'static [(&'static str, Self)] = &[$(($word, $name::$variant)),+];
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

words!(
    /// How backbone links between regions come to exist.
    BackboneTopology {
        /// Every pair of regions has a link with the [backbone] defaults.
        FullMesh = "full-mesh",
        /// Only the [[link]] entries exist.
        Explicit = "explicit",
    }
);

words!(
    /// The cloud a region belongs to. Each provider runs its own backbone, products and SLA.
    Provider {
        /// Alibaba Cloud: Express Connect, physical connections and VBRs (seeds 000-002).
        Alibaba = "alibaba",
        /// Tencent Cloud: VPC peering (seed 003).
        Tencent = "tencent",
    }
);

words!(
    /// The product carrying a connection.
    ConnectionType {
        /// A router interface pair over the backbone (Alibaba Express Connect).
        ExpressConnect = "express-connect",
        /// A VPC peering connection (Tencent style): regional or cross-region.
        Peering = "peering",
        /// The public internet, as the comparison baseline.
        Internet = "internet",
    }
);

words!(
    /// Lifecycle of a connection application.
    ConnectionState {
        Pending = "pending",
        Active = "active",
        Rejected = "rejected",
        Expired = "expired",
        Deleted = "deleted",
    }
);

words!(
    /// Whether routes for a connection are installed automatically.
    RouteMode {
        /// Routes to the peer's CIDRs are added to both route tables.
        Auto = "auto",
        /// Only [[route]] entries route over this connection.
        None = "none",
    }
);

words!(
    /// The arrival process of a flow.
    Traffic {
        /// Constant bit rate: evenly spaced packets.
        Cbr = "cbr",
        /// Exponential interarrival times.
        Poisson = "poisson",
        /// Alternating on (sending at the peak rate) and off periods.
        OnOff = "on-off",
    }
);

words!(
    /// Distribution of on-off period lengths.
    Burst {
        Exponential = "exponential",
        /// Heavy-tailed periods (shape 1.5 unless `shape` is given): self-similar traffic.
        Pareto = "pareto",
    }
);

words!(
    /// Which jitter definition the SLA judges (see docs/scenario.md "SLA metrics").
    JitterKind {
        /// RFC 5481 packet delay variation: (p99 − min) / min.
        Pdv = "pdv",
        /// Mean |D(i) − D(i−1)| / mean delay.
        Ipdv = "ipdv",
        /// RFC 3550 smoothed interarrival jitter / mean delay.
        Rfc3550 = "rfc3550",
    }
);

words!(
    /// Kinds of resources in a VPC.
    ResourceKind {
        Ecs = "ecs",
        Slb = "slb",
        Rds = "rds",
        Other = "other",
    }
);

words!(
    /// How the leased lines into one VBR share traffic.
    LineMode {
        /// One line carries the traffic; another takes over after `failover` when it fails.
        ActiveStandby = "active-standby",
        /// Every working line carries traffic (per packet, to the line that can send it
        /// soonest): capacity adds up.
        ActiveActive = "active-active",
    }
);
