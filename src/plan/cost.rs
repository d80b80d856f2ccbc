//! Cost per day of a connection from the [cost] inputs: Express Connect by router interface
//! spec per day; cross-region peering by Mbps of bandwidth per day (regional peering is free);
//! internet by GB carried, scaled from the simulated window to a day.

use crate::model::{Connection, Network};
use crate::scenario::ConnectionType;
use crate::sla::judge::ConnectionVerdict;

const DAY_S: f64 = 86_400.0;

/// Cost per day of connection `c`, or `None` when [cost] gives no price for it. `verdict`
/// holds what the connection carried (mean bytes per replication's window).
pub fn per_day(net: &Network, c: &Connection, verdict: Option<&ConnectionVerdict>) -> Option<f64> {
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
            let per_window = verdict?.bytes?.mean;
            let window = net
                .simulation
                .duration
                .as_nanos()
                .saturating_sub(net.simulation.warmup.as_nanos()) as f64
                / 1e9;
            let per_day = per_window * DAY_S / window.max(1e-9);
            Some(price * per_day / 1e9)
        }
    }
}
