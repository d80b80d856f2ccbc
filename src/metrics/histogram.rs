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
//! so counts are kept in chunks of [`CHUNK`] buckets, allocated only where a delay fell.
//! A chunk starts with one byte per bucket (136 B): spread delays leave a few packets in each
//! bucket, and a thousand flows of the simulator's hot loop then fit in the processor's cache
//! instead of thrashing it. The first bucket of a chunk to pass 255 gives the chunk a second
//! table of 64-bit multiples of 256 (1 KB more), so counts are exact however many packets
//! come. A flow whose delays spread over 10 µs uses two chunks; over 1 ms, about 120.
//!
//! Invariants: `chunks[k]` holds chunk number `base + k`; a bucket's count is
//! `low + 256 × high` with `high` allocated only once some bucket of the chunk carried (so
//! equal counts have one representation); `count` is the sum of all bucket counts;
//! `min_ns`/`max_ns`/`sum_ns` are exact over every recorded value.

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

/// The counts of [`CHUNK`] consecutive buckets: the low byte of each, and the multiples of
/// 256 once any bucket of the chunk has passed 255.
#[derive(Debug, Clone, PartialEq)]
struct Chunk {
    low: [u8; CHUNK],
    high: Option<Box<[u64; CHUNK]>>,
}

impl Chunk {
    fn new() -> Chunk {
        Chunk {
            low: [0; CHUNK],
            high: None,
        }
    }

    /// Adds `n` to bucket `i`, carrying whole 256s into `high`.
    #[inline]
    fn add(&mut self, i: usize, n: u64) {
        let sum = u64::from(self.low[i]) + n;
        self.low[i] = sum as u8;
        let carry = sum >> 8;
        if carry > 0 {
            self.high.get_or_insert_with(|| Box::new([0; CHUNK]))[i] += carry;
        }
    }

    /// The count of bucket `i`.
    #[inline]
    fn get(&self, i: usize) -> u64 {
        u64::from(self.low[i]) + self.high.as_ref().map_or(0, |h| h[i] << 8)
    }
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
    chunks: Vec<Option<Box<Chunk>>>,
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

    /// The chunk `number`, made if missing. Nearly every delay falls in a chunk that exists:
    /// that case is a subtraction and one indexed read.
    #[inline]
    fn chunk_mut(&mut self, number: u64) -> &mut Chunk {
        let i = number.wrapping_sub(self.base) as usize;
        if number >= self.base && matches!(self.chunks.get(i), Some(Some(_))) {
            return self.chunks[i].as_mut().expect("checked present");
        }
        self.grow_to(number)
    }

    #[cold]
    fn grow_to(&mut self, number: u64) -> &mut Chunk {
        if self.chunks.is_empty() {
            self.base = number;
        } else if number < self.base {
            let grow = (self.base - number) as usize;
            let mut v: Vec<Option<Box<Chunk>>> = Vec::with_capacity(grow + self.chunks.len());
            v.resize_with(grow, || None);
            v.append(&mut self.chunks);
            self.chunks = v;
            self.base = number;
        }
        let i = (number - self.base) as usize;
        if i >= self.chunks.len() {
            self.chunks.resize_with(i + 1, || None);
        }
        self.chunks[i].get_or_insert_with(|| Box::new(Chunk::new()))
    }

    /// Records `n` delays of `ns` nanoseconds.
    #[inline]
    pub fn record_n(&mut self, ns: u64, n: u64) {
        if n == 0 {
            return;
        }
        let b = bucket_of(ns);
        self.chunk_mut(b / CHUNK as u64)
            .add((b % CHUNK as u64) as usize, n);
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
                (0..CHUNK)
                    .map(move |i| (number * CHUNK as u64 + i as u64, c.get(i)))
                    .filter(|(_, n)| *n > 0)
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
            for i in 0..CHUNK {
                let n = c.get(i);
                if n > 0 {
                    mine.add(i, n);
                }
            }
        }
        self.count += other.count;
        self.sum_ns += other.sum_ns;
        self.min_ns = self.min_ns.min(other.min_ns);
        self.max_ns = self.max_ns.max(other.max_ns);
    }

    /// Bytes of counters allocated (and of the table that points to them).
    pub fn allocated_bytes(&self) -> usize {
        let chunks = self.chunks.iter().flatten();
        let high = chunks.clone().filter(|c| c.high.is_some()).count();
        chunks.count() * size_of::<Chunk>() + high * CHUNK * 8 + self.chunks.len() * 8
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
        // One chunk, whose bucket passed 255: its low bytes, its table of 256s, one pointer.
        assert_eq!(h.allocated_bytes(), size_of::<Chunk>() + CHUNK * 8 + 8);
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
    fn counts_past_a_byte_carry_exactly() {
        let mut h = DelayHistogram::new();
        let mut other = DelayHistogram::new();
        let mut expected = std::collections::BTreeMap::new();
        for (ns, n) in [
            (1_000u64, 255u64),
            (1_064, 256),
            (1_128, 70_000),
            (9_000_000, 1),
        ] {
            for _ in 0..n {
                h.record(ns);
            }
            other.record_n(ns, n);
            *expected.entry(bucket_of(ns)).or_insert(0) += n;
        }
        let got: std::collections::BTreeMap<u64, u64> = h.buckets().collect();
        assert_eq!(got, expected);
        assert_eq!(h, other, "one add of n and n adds of 1 store the same");
        h.merge(&other);
        let doubled: std::collections::BTreeMap<u64, u64> =
            expected.iter().map(|(b, n)| (*b, 2 * n)).collect();
        assert_eq!(
            h.buckets().collect::<std::collections::BTreeMap<_, _>>(),
            doubled
        );
        assert_eq!(h.count(), 2 * (255 + 256 + 70_000 + 1));
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
