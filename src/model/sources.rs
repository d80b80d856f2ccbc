//! The product documents every rule comes from, so a rule's code and its error text name the
//! document and section that state it. A rule applies to the product whose document states
//! it: `express-connect` follows Alibaba's Express Connect documents, `peering` Tencent's VPC
//! peering document, `internet` neither.
//!
//! | source | document (shared seeds) |
//! |---|---|
//! | `EcFaq(n)` | Alibaba Cloud, "VPC interconnection FAQs" (seed 000), question n |
//! | `EcWhatIs` | Alibaba Cloud, "What is Express Connect" (seed 001) |
//! | `EcLater` | Alibaba Cloud, "What is Express Connect?", later edition (seed 002) |
//! | `Peering(s)` | Tencent Cloud, "VPC peering" (seed 003), section s |
//! | `Contract` | vpcsim's scenario format (router interface limits, shared rules) |

use std::fmt;

/// A section of Tencent's VPC peering document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeeringSection {
    /// "1. Basics"
    Basics,
    /// "2. Usage Restrictions"
    Restrictions,
    /// "3. Regional Peering Connection vs. Cross-region Peering Connection"
    RegionalVsCrossRegion,
    /// "4. Peering Connection Lifecycle"
    Lifecycle,
}

/// Where a rule is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Alibaba "VPC interconnection FAQs", question n (seed 000).
    EcFaq(u8),
    /// Alibaba "What is Express Connect" (seed 001).
    EcWhatIs,
    /// Alibaba "What is Express Connect?", later edition (seed 002).
    EcLater,
    /// Tencent "VPC peering" (seed 003).
    Peering(PeeringSection),
    /// vpcsim's scenario format, for rules the documents leave to the model.
    Contract,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::EcFaq(n) => write!(f, "Alibaba Express Connect FAQ, question {n}"),
            Source::EcWhatIs => f.write_str("Alibaba \"What is Express Connect\""),
            Source::EcLater => f.write_str("Alibaba \"What is Express Connect?\" (later edition)"),
            Source::Peering(s) => write!(
                f,
                "Tencent VPC peering, {}",
                match s {
                    PeeringSection::Basics => "\"Basics\"",
                    PeeringSection::Restrictions => "\"Usage Restrictions\"",
                    PeeringSection::RegionalVsCrossRegion =>
                        "\"Regional vs. Cross-region Peering Connection\"",
                    PeeringSection::Lifecycle => "\"Peering Connection Lifecycle\"",
                }
            ),
            Source::Contract => f.write_str("vpcsim scenario format (docs/scenario.md)"),
        }
    }
}
