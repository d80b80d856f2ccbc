//! Why a packet was not delivered.

/// The cause of a lost packet. Loss is reported in total and split by these causes; the order
/// of [`DropCause::ALL`] is the order of the `lost_*` columns of `flows.csv`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DropCause {
    /// A link's queue was full when the packet arrived (queue overflow).
    Queue,
    /// A bandwidth cap's shaper buffer was full (router interface spec, peering or internet
    /// bandwidth).
    Cap,
    /// Random loss on a link (Bernoulli or Gilbert–Elliott).
    Link,
    /// The tunnel ingress failed to encapsulate the packet.
    Encap,
    /// The packet's path was down (link or connection failure without a working alternative).
    Down,
    /// The flow is blocked by the model: no route, non-transitive peering, an inactive
    /// connection, an unreachable service.
    Blocked,
}

impl DropCause {
    /// Every cause, in column order.
    pub const ALL: [DropCause; 6] = [
        DropCause::Queue,
        DropCause::Cap,
        DropCause::Link,
        DropCause::Encap,
        DropCause::Down,
        DropCause::Blocked,
    ];

    /// Number of causes, the length of per-cause counter arrays.
    pub const COUNT: usize = Self::ALL.len();

    /// The lowercase name, also the suffix of the CSV column (`lost_queue`, `lost_cap`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            DropCause::Queue => "queue",
            DropCause::Cap => "cap",
            DropCause::Link => "link",
            DropCause::Encap => "encap",
            DropCause::Down => "down",
            DropCause::Blocked => "blocked",
        }
    }

    /// The position of this cause in [`DropCause::ALL`] and in per-cause arrays.
    pub const fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for DropCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_name_the_csv_columns_in_order() {
        let columns: Vec<String> = DropCause::ALL
            .iter()
            .map(|c| format!("lost_{}", c.as_str()))
            .collect();
        assert_eq!(
            columns,
            [
                "lost_queue",
                "lost_cap",
                "lost_link",
                "lost_encap",
                "lost_down",
                "lost_blocked"
            ]
        );
        for (i, cause) in DropCause::ALL.iter().enumerate() {
            assert_eq!(cause.index(), i);
        }
    }
}
