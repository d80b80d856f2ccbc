//! The lifecycle of a connection application as a state machine (Tencent VPC peering,
//! "Peering Connection Lifecycle"): pending → active | rejected | expired; active → deleted;
//! rejected, expired and deleted are final. A peering application older than
//! `application_validity` (7 days, "Usage Restrictions") has expired and cannot be accepted.
//!
//! The Alibaba documents give no lifecycle for router interfaces; vpcsim applies the same
//! transitions to every product (a deleted connection does not come back), and application
//! expiry only to peering, whose document states it.

use crate::model::entities::*;
use crate::model::rules;
use crate::model::sources::Source;
use crate::scenario::{
    ConnectionEntry, ConnectionState, ConnectionType, Diagnostics, EventAction, EventEntry,
    Scenario,
};
use crate::units::Duration;
use ConnectionState::*;
use std::collections::HashMap;

/// Whether a connection may go from `from` to `to`.
pub fn allowed(from: ConnectionState, to: ConnectionState) -> bool {
    matches!(
        (from, to),
        (Pending, Active) | (Pending, Rejected) | (Pending, Expired) | (Active, Deleted)
    )
}

/// The states a connection may go to from `from`, for messages.
fn next_states(from: ConnectionState) -> &'static str {
    match from {
        Pending => "active, rejected or expired",
        Active => "deleted",
        Rejected | Expired | Deleted => "nothing: it is final",
    }
}

/// Checks every state change on the timeline against the state the connection is in by then
/// (its initial state, the changes before, and the expiry of a pending peering application).
pub(crate) fn lifecycle(s: &Scenario, net: &Network, diags: &mut Diagnostics) {
    // Entries and state changes by connection name, gathered once: linear in the scenario.
    let entries: HashMap<&str, &ConnectionEntry> = s
        .connections
        .iter()
        .map(|e| (e.name.get_ref().as_str(), e))
        .collect();
    let mut changes_of: HashMap<&str, Vec<(usize, &EventEntry, ConnectionState)>> = HashMap::new();
    for (k, e) in s.events.iter().enumerate() {
        if let EventAction::State { connection, to } = &e.action {
            changes_of
                .entry(connection.get_ref().as_str())
                .or_default()
                .push((k, e, *to));
        }
    }
    for c in &net.connections {
        let entry = entries.get(c.name.as_str());
        // When a pending peering application expires: `requested` is a negative offset.
        let expires_at = (c.kind == ConnectionType::Peering && c.state == Pending).then(|| {
            let age = entry
                .and_then(|e| e.requested.as_ref())
                .map_or(0, |r| r.get_ref().as_nanos().unsigned_abs());
            Duration(s.limits.application_validity.as_nanos().saturating_sub(age))
        });
        let mut changes = changes_of.remove(c.name.as_str()).unwrap_or_default();
        changes.sort_by_key(|(k, e, _)| (e.at, *k));
        let mut state = c.state;
        for (k, e, to) in changes {
            if state == Pending
                && let Some(exp) = expires_at
                && e.at >= exp
            {
                state = Expired;
            }
            if allowed(state, to) {
                state = to;
                continue;
            }
            let expired_by_age = expires_at.is_some_and(|exp| e.at >= exp);
            let (message, hint) = if state == Expired && to == Active && expired_by_age {
                (
                    format!(
                        "\"{}\" cannot be accepted at {}: its application expired at {} (applications are valid for {})",
                        c.name,
                        e.at,
                        expires_at.unwrap_or(Duration::ZERO),
                        s.limits.application_validity
                    ),
                    "accept it before it expires, or make a new application (a new connection with `requested` later)".to_string(),
                )
            } else {
                (
                    format!("\"{}\" cannot go from {state} to {to} at {}", c.name, e.at),
                    format!("from {state} a connection may go to {}", next_states(state)),
                )
            };
            if c.kind == ConnectionType::Peering {
                rules::error(
                    diags,
                    &rules::PEERING_LIFECYCLE,
                    e.target_span(),
                    format!("event[{k}].state"),
                    message,
                    hint,
                );
            } else {
                // Alibaba states no lifecycle for router interfaces: the same transitions are
                // the scenario format's, and a message cites no Tencent document.
                diags.error_hint(
                    e.target_span(),
                    format!("event[{k}].state"),
                    format!("{message} ({})", Source::Contract),
                    hint,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transition_table_is_the_documented_one() {
        let all = [Pending, Active, Rejected, Expired, Deleted];
        let legal: Vec<(ConnectionState, ConnectionState)> = all
            .iter()
            .flat_map(|a| all.iter().map(move |b| (*a, *b)))
            .filter(|(a, b)| allowed(*a, *b))
            .collect();
        assert_eq!(
            legal,
            [
                (Pending, Active),
                (Pending, Rejected),
                (Pending, Expired),
                (Active, Deleted)
            ]
        );
    }
}
