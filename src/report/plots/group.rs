//! Grouping CSV rows by flow, connection or channel name, in the order names first appear
//! (the scenario's order), so colours and rows are the same in every plot and every run.

use std::collections::{BTreeSet, HashMap};

/// Rows grouped by `name`, groups in order of first appearance.
pub(super) fn by_name<T>(rows: &[T], name: impl Fn(&T) -> &str) -> Vec<(&str, Vec<&T>)> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<(&str, Vec<&T>)> = Vec::new();
    for r in rows {
        let n = name(r);
        let i = *index.entry(n).or_insert_with(|| {
            groups.push((n, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(r);
    }
    groups
}

/// How many distinct replications `rows` cover.
pub(super) fn replications<T>(rows: &[T], replication: impl Fn(&T) -> u64) -> usize {
    rows.iter().map(replication).collect::<BTreeSet<_>>().len()
}

/// The mean of the finite values, if any.
pub(super) fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Keeps the `max` entries ranked first by `key` (descending), in their original order;
/// returns how many there were before.
pub(super) fn keep_top<T>(items: &mut Vec<T>, max: usize, key: impl Fn(&T) -> f64) -> usize {
    let total = items.len();
    if total > max {
        let mut order: Vec<usize> = (0..total).collect();
        order.sort_by(|&a, &b| key(&items[b]).total_cmp(&key(&items[a])).then(a.cmp(&b)));
        let keep: BTreeSet<usize> = order.into_iter().take(max).collect();
        let mut i = 0;
        items.retain(|_| {
            i += 1;
            keep.contains(&(i - 1))
        });
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_first_appearance_order() {
        let rows = [("b", 1), ("a", 2), ("b", 3)];
        let g = by_name(&rows, |r| r.0);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].0, g[0].1.len()), ("b", 2));
        assert_eq!(replications(&rows, |r| r.1 as u64 % 2), 2);
    }

    #[test]
    fn means_skip_nan_and_top_keeps_order() {
        assert_eq!(mean([1.0, f64::NAN, 3.0]), Some(2.0));
        assert_eq!(mean([f64::NAN]), None);
        let mut v = vec![5.0, 1.0, 9.0, 7.0];
        assert_eq!(keep_top(&mut v, 2, |x| *x), 4);
        assert_eq!(v, vec![9.0, 7.0]);
        let mut w = vec![3.0, 8.0, 1.0];
        keep_top(&mut w, 2, |x| *x);
        assert_eq!(w, vec![3.0, 8.0]);
    }
}
