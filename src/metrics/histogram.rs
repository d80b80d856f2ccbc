//! A fine, sparse histogram of one-way delays in nanoseconds.
//!
//! Resolution: buckets are 64 ns wide up to 2¹⁸ × 64 ns ≈ 16.8 ms, and above that each bucket
//! is at most 2⁻¹⁷ ≈ 7.6·10⁻⁶ of its value wide (log-linear, like an HDR histogram with
//! 2¹⁷ sub-buckets per power of two). A quantile read at a bucket's midpoint is therefore
//! within 32 ns or 3.8·10⁻⁶ relative of the true order statistic — inside the 0.1 µs /
//! 10⁻⁵ that delay figures need, where a 3-digit HDR histogram of a 10 ms delay is 10 µs
//! coarse.
//!
//! Memory: such resolution is millions of buckets if stored densely (hdrhistogram at five
//! significant digits takes megabytes per flow). Delays of one flow crowd into a narrow range,
//! so counts are kept in chunks of [`CHUNK`] buckets, allocated only where a delay fell: a
//! flow whose delays spread over 10 µs uses two chunks (2 KB); over 1 ms, about 120 chunks.
//!
//! Invariants: `chunks[k]` holds chunk number `base + k`; `count` is the sum of all bucket
//! counts; `min_ns`/`max_ns`/`sum_ns` are exact over every recorded value.

/// Buckets per allocated chunk.
pub const CHUNK: usize = 128;
/// log2 of the bucket width in the linear range (64 ns).
const UNIT_BITS: u32 = 6;
/// log2 of the number of buckets per power of two above the linear range.
const SUB_BITS: u32 = 17;

/// The bucket holding `ns`.
#[inline]
pub fn bucket_of(ns: u64) -> u64 {
    let u = ns >> UNIT_BITS;
    if u < 1 << (SUB_BITS + 1) {
        return u;
    }
    let s = 63 - u.leading_zeros() - SUB_BITS;
    ((s as u64) << SUB_BITS) + (u >> s)
}

/// The half-open range `[lo, hi)` of values (ns) in bucket `b`.
pub fn bucket_range(b: u64) -> (u64, u64) {
    if b < 1 << (SUB_BITS + 1) {
        let lo = b << UNIT_BITS;
        return (lo, lo + (1 << UNIT_BITS));
    }
    let s = (b >> SUB_BITS) - 1;
    let m = b - (s << SUB_BITS);
    let lo = (m << s) << UNIT_BITS;
    (lo, lo.saturating_add((1u64 << s) << UNIT_BITS))
}

/// Counts of delays in fine buckets, with exact count, sum, min and max.
///
/// Chunks are held in a dense table of optional boxes from the lowest chunk seen to the
/// highest, so finding a delay's counter is an index, not a search; only chunks that hold a
/// delay are allocated.
#[derive(Debug, Clone, PartialEq)]
pub struct DelayHistogram {
    /// Chunk number of `chunks[0]`.
    base: u64,
    chunks: Vec<Option<Box<[u64; CHUNK]>>>,
    count: u64,
    sum_ns: u128,
    min_ns: u64,
    max_ns: u64,
}

impl Default for DelayHistogram {
    fn default() -> Self {
        Self::new()
    }
}

impl DelayHistogram {
    pub fn new() -> Self {
        DelayHistogram {
            base: 0,
            chunks: Vec::new(),
            count: 0,
            sum_ns: 0,
            min_ns: u64::MAX,
            max_ns: 0,
        }
    }

    fn chunk_mut(&mut self, number: u64) -> &mut [u64; CHUNK] {
        if self.chunks.is_empty() {
            self.base = number;
        } else if number < self.base {
            let grow = (self.base - number) as usize;
            let mut v: Vec<Option<Box<[u64; CHUNK]>>> =
                Vec::with_capacity(grow + self.chunks.len());
            v.resize_with(grow, || None);
            v.append(&mut self.chunks);
            self.chunks = v;
            self.base = number;
        }
        let i = (number - self.base) as usize;
        if i >= self.chunks.len() {
            self.chunks.resize_with(i + 1, || None);
        }
        self.chunks[i].get_or_insert_with(|| Box::new([0; CHUNK]))
    }

    /// Records `n` delays of `ns` nanoseconds.
    #[inline]
    pub fn record_n(&mut self, ns: u64, n: u64) {
        if n == 0 {
            return;
        }
        let b = bucket_of(ns);
        self.chunk_mut(b / CHUNK as u64)[(b % CHUNK as u64) as usize] += n;
        self.count += n;
        self.sum_ns += u128::from(ns) * u128::from(n);
        self.min_ns = self.min_ns.min(ns);
        self.max_ns = self.max_ns.max(ns);
    }

    /// Records one delay.
    #[inline]
    pub fn record(&mut self, ns: u64) {
        self.record_n(ns, 1);
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Exact minimum; `None` when empty.
    pub fn min(&self) -> Option<u64> {
        (self.count > 0).then_some(self.min_ns)
    }

    /// Exact maximum; `None` when empty.
    pub fn max(&self) -> Option<u64> {
        (self.count > 0).then_some(self.max_ns)
    }

    /// Exact mean in ns; `None` when empty.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum_ns as f64 / self.count as f64)
    }

    /// The non-empty buckets in increasing order: (bucket, count).
    pub fn buckets(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.chunks
            .iter()
            .enumerate()
            .filter_map(|(k, c)| c.as_ref().map(|c| (self.base + k as u64, c)))
            .flat_map(|(number, c)| {
                c.iter()
                    .enumerate()
                    .filter(|(_, n)| **n > 0)
                    .map(move |(i, n)| (number * CHUNK as u64 + i as u64, *n))
            })
    }

    /// The value below or at which a share `q` of the delays fall: the midpoint of the bucket
    /// holding the ⌈q·count⌉-th smallest delay, clamped into [min, max]; the smallest and the
    /// largest order statistics are the exact minimum and maximum.
    pub fn quantile(&self, q: f64) -> Option<u64> {
        if self.count == 0 {
            return None;
        }
        let q = if q.is_nan() { 0.0 } else { q.clamp(0.0, 1.0) };
        if q == 0.0 {
            return Some(self.min_ns);
        }
        if q == 1.0 {
            return Some(self.max_ns);
        }
        let rank = ((q * self.count as f64).ceil() as u64).clamp(1, self.count);
        // The extreme order statistics are known exactly.
        if rank == 1 {
            return Some(self.min_ns);
        }
        if rank == self.count {
            return Some(self.max_ns);
        }
        let mut seen = 0;
        for (b, n) in self.buckets() {
            seen += n;
            if seen >= rank {
                let (lo, hi) = bucket_range(b);
                let mid = lo + (hi - lo) / 2;
                return Some(mid.clamp(self.min_ns, self.max_ns));
            }
        }
        Some(self.max_ns)
    }

    /// Adds every delay of `other`.
    pub fn merge(&mut self, other: &DelayHistogram) {
        if other.count == 0 {
            return;
        }
        for (k, c) in other.chunks.iter().enumerate() {
            let Some(c) = c else { continue };
            let mine = self.chunk_mut(other.base + k as u64);
            for (a, b) in mine.iter_mut().zip(c.iter()) {
                *a += b;
            }
        }
        self.count += other.count;
        self.sum_ns += other.sum_ns;
        self.min_ns = self.min_ns.min(other.min_ns);
        self.max_ns = self.max_ns.max(other.max_ns);
    }

    /// Bytes of counters allocated (and of the table that points to them).
    pub fn allocated_bytes(&self) -> usize {
        self.chunks.iter().filter(|c| c.is_some()).count() * CHUNK * 8 + self.chunks.len() * 8
    }

    /// At most about `2 × target` rows that together draw the distribution: consecutive
    /// buckets are joined until a row holds ≥ 1/`target` of the count or spans ≥ 1/`target`
    /// of the occupied range. Each row is (upper edge in ns, count). The rows depend only on
    /// the bucket counts, so a merge of shards gives the rows of the unsharded run.
    pub fn coarse_rows(&self, target: u64) -> Vec<(u64, u64)> {
        let mut rows = Vec::new();
        let mut it = self.buckets().peekable();
        let Some(&(first, _)) = it.peek() else {
            return rows;
        };
        let lo = bucket_range(first).0;
        let hi = self.buckets().last().map_or(lo, |(b, _)| bucket_range(b).1);
        let span = ((hi - lo) / target.max(1)).max(1);
        let mass = (self.count / target.max(1)).max(1);
        let (mut start, mut acc) = (lo, 0u64);
        while let Some((b, n)) = it.next() {
            acc += n;
            let edge = bucket_range(b).1;
            if acc >= mass || edge - start >= span || it.peek().is_none() {
                rows.push((edge, acc));
                start = edge;
                acc = 0;
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn buckets_are_contiguous_and_fine() {
        let mut expected_lo = 0;
        for b in 0..(1u64 << 20) {
            let (lo, hi) = bucket_range(b);
            assert_eq!(lo, expected_lo, "bucket {b}");
            assert!(hi > lo);
            let width = hi - lo;
            assert!(width <= 64 || (width as f64) / (lo as f64) <= 1.0 / 131_072.0 + 1e-15);
            assert_eq!(bucket_of(lo), b);
            assert_eq!(bucket_of(hi - 1), b);
            expected_lo = hi;
        }
    }

    #[test]
    fn a_constant_delay_has_every_quantile_equal_to_it() {
        let mut h = DelayHistogram::new();
        for _ in 0..1000 {
            h.record(12_345_678);
        }
        for q in [0.0, 0.5, 0.99, 1.0] {
            assert_eq!(h.quantile(q), Some(12_345_678));
        }
        assert_eq!(h.allocated_bytes(), CHUNK * 8 + 8);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Quantiles are within 0.1 µs or 10⁻⁵ relative of the exact order statistic.
        #[test]
        fn quantiles_match_sorted_order_statistics(
            base in 0u64..200_000_000,
            spread in 1u64..5_000_000,
            values in proptest::collection::vec(0u64..1_000_000, 1..2000),
            q in 0.0f64..1.0,
        ) {
            let mut h = DelayHistogram::new();
            let mut v: Vec<u64> = values.iter().map(|x| base + x % spread).collect();
            v.iter().for_each(|x| h.record(*x));
            v.sort_unstable();
            let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
            let exact = v[rank - 1];
            let got = h.quantile(q).unwrap();
            let tolerance = (100.0f64).max(1e-5 * exact as f64);
            prop_assert!((got as f64 - exact as f64).abs() <= tolerance, "got {got}, exact {exact}");
        }

        #[test]
        fn merging_equals_recording_everything_in_one(
            a in proptest::collection::vec(0u64..100_000_000, 0..500),
            b in proptest::collection::vec(0u64..100_000_000, 0..500),
        ) {
            let (mut ha, mut hb, mut all) = (DelayHistogram::new(), DelayHistogram::new(), DelayHistogram::new());
            a.iter().for_each(|x| { ha.record(*x); all.record(*x) });
            b.iter().for_each(|x| { hb.record(*x); all.record(*x) });
            ha.merge(&hb);
            prop_assert_eq!(ha.count(), all.count());
            prop_assert_eq!(ha.buckets().collect::<Vec<_>>(), all.buckets().collect::<Vec<_>>());
            prop_assert_eq!((ha.min(), ha.max(), ha.mean()), (all.min(), all.max(), all.mean()));
        }
    }

    #[test]
    fn coarse_rows_keep_every_packet_and_stay_few() {
        let mut h = DelayHistogram::new();
        let mut x: u64 = 7;
        for _ in 0..100_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            h.record(10_000_000 + (x >> 40) % 2_000_000);
        }
        let rows = h.coarse_rows(400);
        assert_eq!(rows.iter().map(|r| r.1).sum::<u64>(), 100_000);
        assert!(
            rows.len() <= 800 && rows.len() >= 200,
            "{} rows",
            rows.len()
        );
        assert!(rows.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
