//! Cost per day of a connection from the [cost] inputs: Express Connect by router interface
//! spec per day; cross-region peering by Mbps of bandwidth per day (regional peering is free);
//! internet by GB carried, scaled from the simulated window to a day.

use crate::model::{Connection, Network};
use crate::scenario::ConnectionType;
use crate::sla::record::ConnectionRecord;
use crate::units::Duration;

const DAY_S: f64 = 86_400.0;

/// Cost per day of connection `c`, or `None` when [cost] gives no price for it.
/// `records` are the connection's rows (all replications, both directions); `window` the
/// measured time per replication.
pub fn per_day(
    net: &Network,
    c: &Connection,
    records: &[&ConnectionRecord],
    window: Duration,
) -> Option<f64> {
    let cost = net.cost.as_ref()?;
    match c.kind {
        ConnectionType::ExpressConnect => {
            let spec = c.spec.as_ref()?;
            cost.spec_per_day
                .iter()
                .find(|(s, _)| s == spec)
                .map(|(_, p)| *p)
        }
        ConnectionType::Peering if !c.cross_region => Some(0.0),
        ConnectionType::Peering => {
            Some(cost.cross_region_per_mbps_day? * c.cap?.as_bps() as f64 / 1e6)
        }
        ConnectionType::Internet => {
            let price = cost.internet_per_gb?;
            let reps = records
                .iter()
                .map(|r| r.replication)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                .max(1);
            let bytes: u64 = records.iter().map(|r| r.bytes).sum();
            let per_window = bytes as f64 / reps as f64;
            let per_day = per_window * DAY_S / window.as_secs_f64().max(1e-9);
            Some(price * per_day / 1e9)
        }
    }
}
