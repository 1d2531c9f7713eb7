//! Averaged perceptron weights over hashed features: the table trained (integer updates, averaged lazily,
//! Daumé's trick) and the compact table that ships (pruned, quantised to `i16` with one scale per table, found
//! by open addressing on the feature key).
//!
//! Two compact layouts: [`SparseTable`] keeps, per feature, only the classes it has a weight for (the tagger and
//! the labeller: tens of classes, few per feature); [`DenseTable`] keeps all `N` weights beside the key (the
//! parser's three moves: one memory access per feature).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Training weights of a multiclass perceptron.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    index: KeyMap<u32>,
    rows: Vec<Vec<Entry>>,
    classes: usize,
    step: u32,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u16,
    weight: i32,
    total: i64,
    stamp: u32,
}

impl Weights {
    /// Empty weights for `classes` classes.
    pub fn new(classes: usize) -> Weights {
        Weights { index: HashMap::default(), rows: Vec::new(), classes, step: 0 }
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Adds each feature's current weights to `scores` (one per class).
    pub fn score(&self, features: &[u64], scores: &mut [i64]) {
        for key in features {
            if let Some(&row) = self.index.get(key) {
                for entry in &self.rows[row as usize] {
                    scores[entry.class as usize] += entry.weight as i64;
                }
            }
        }
    }

    /// Adds `delta` to the weight of `class` for every feature.
    pub fn update(&mut self, features: &[u64], class: usize, delta: i32) {
        let now = self.step;
        for &key in features {
            let next = self.rows.len() as u32;
            let row = *self.index.entry(key).or_insert(next);
            if row == next {
                self.rows.push(Vec::new());
            }
            let entries = &mut self.rows[row as usize];
            let entry = match entries.iter_mut().position(|e| e.class as usize == class) {
                Some(i) => &mut entries[i],
                None => {
                    entries.push(Entry { class: class as u16, weight: 0, total: 0, stamp: now });
                    entries.last_mut().expect("just pushed")
                }
            };
            entry.total += entry.weight as i64 * (now - entry.stamp) as i64;
            entry.stamp = now;
            entry.weight += delta;
        }
    }

    /// Counts one training instance (the averaging weighs every weight by how long it stood).
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// The averaged weights, sorted by key; entries that average to zero are left out.
    pub fn averaged(&self) -> Vec<(u64, Vec<(u16, f32)>)> {
        let steps = self.step.max(1) as f64;
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = self
            .index
            .iter()
            .filter_map(|(&key, &row)| {
                let entries: Vec<(u16, f32)> = self.rows[row as usize]
                    .iter()
                    .map(|e| {
                        let total = e.total + e.weight as i64 * (self.step - e.stamp) as i64;
                        (e.class, (total as f64 / steps) as f32)
                    })
                    .filter(|&(_, w)| w != 0.0)
                    .collect();
                (!entries.is_empty()).then_some((key, entries))
            })
            .collect();
        rows.sort_unstable_by_key(|(key, _)| *key);
        for (_, entries) in &mut rows {
            entries.sort_unstable_by_key(|(class, _)| *class);
        }
        rows
    }
}

/// A map keyed by feature or word hashes, which are well mixed already: the map uses them as they are.
pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// The keys are hashes already: the map uses them as they are.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// How averaged weights are made compact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Compaction {
    /// Weights whose absolute value is below this share of the table's largest are dropped.
    pub prune: f32,
}

/// The slot of a feature: a fingerprint of its key (0 = empty) and where its weights are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct SparseSlot {
    fingerprint: u32,
    start: u32,
    len: u32,
}

/// Compact weights with a few classes per feature.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SparseTable {
    classes: usize,
    scale: f32,
    slots: Vec<SparseSlot>,
    /// `(class, weight)` runs, one per feature.
    entries: Vec<(u16, i16)>,
    /// The rows as stored: key and entry count, sorted by key.
    keys: Vec<(u64, u32)>,
}

impl SparseTable {
    /// Prunes, quantises and indexes averaged rows.
    pub fn build(classes: usize, rows: &[(u64, Vec<(u16, f32)>)], compaction: Compaction) -> SparseTable {
        let (scale, threshold) = scale_and_threshold(rows.iter().flat_map(|(_, e)| e.iter().map(|&(_, w)| w)), compaction);
        let mut keys = Vec::new();
        let mut entries = Vec::new();
        for (key, row) in rows {
            let start = entries.len();
            for &(class, weight) in row {
                if weight.abs() < threshold {
                    continue;
                }
                let q = quantise(weight, scale);
                if q != 0 {
                    entries.push((class, q));
                }
            }
            if entries.len() > start {
                keys.push((*key, (entries.len() - start) as u32));
            }
        }
        SparseTable::from_parts(classes, scale, keys, entries)
    }

    /// A table from stored parts (as [`SparseTable::parts`] gave them), with its index rebuilt.
    pub fn from_parts(classes: usize, scale: f32, keys: Vec<(u64, u32)>, entries: Vec<(u16, i16)>) -> SparseTable {
        let mut slots = vec![SparseSlot::default(); capacity(keys.len())];
        let mask = slots.len() - 1;
        let mut start = 0u32;
        for &(key, len) in &keys {
            let (mut i, fingerprint) = locate(key, mask);
            while slots[i].fingerprint != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = SparseSlot { fingerprint, start, len };
            start += len;
        }
        SparseTable { classes, scale, slots, entries, keys }
    }

    /// The stored parts: classes, scale, keys with entry counts, entries.
    pub fn parts(&self) -> (usize, f32, &[(u64, u32)], &[(u16, i16)]) {
        (self.classes, self.scale, &self.keys, &self.entries)
    }

    /// The value of one unit of a quantised score.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Number of features kept.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Number of weights kept.
    pub fn weights(&self) -> usize {
        self.entries.len()
    }

    /// Adds each feature's weights to `scores`.
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [i32]) {
        let mask = self.slots.len() - 1;
        for &key in features {
            prefetch(&self.slots[(key as usize) & mask]);
        }
        // Find every feature's run first and ask for its weights, then add them: two rounds of misses that
        // overlap, not one chain per feature.
        let mut runs = [(0u32, 0u32); 64];
        let mut found = 0;
        for &key in features {
            let (mut i, fingerprint) = locate(key, mask);
            loop {
                let slot = self.slots[i];
                if slot.fingerprint == fingerprint {
                    if let Some(entry) = self.entries.get(slot.start as usize) {
                        prefetch(entry);
                    }
                    if found == runs.len() {
                        self.add(runs[..found].iter().copied(), scores);
                        found = 0;
                    }
                    runs[found] = (slot.start, slot.len);
                    found += 1;
                    break;
                }
                if slot.fingerprint == 0 {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        self.add(runs[..found].iter().copied(), scores);
    }

    #[inline]
    fn add(&self, runs: impl Iterator<Item = (u32, u32)>, scores: &mut [i32]) {
        for (start, len) in runs {
            for &(class, weight) in &self.entries[start as usize..(start + len) as usize] {
                if let Some(score) = scores.get_mut(class as usize) {
                    *score += weight as i32;
                }
            }
        }
    }
}

/// Asks for the cache line of `item` ahead of use: the lookups of one decision are independent, so their
/// cache misses can overlap instead of queueing behind each other.
#[inline(always)]
fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of every x86_64 target, and a prefetch never faults, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((item as *const T).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// A power of two at least twice `rows` (the tables stay at most half full, so misses end fast).
fn capacity(rows: usize) -> usize {
    (rows * 2).max(2).next_power_of_two()
}

/// The first slot of `key` and its fingerprint (never 0, which marks an empty slot).
#[inline]
fn locate(key: u64, mask: usize) -> (usize, u32) {
    ((key as usize) & mask, ((key >> 32) as u32).max(1))
}

/// The quantisation step (the largest weight maps to `i16::MAX`) and the pruning threshold.
fn scale_and_threshold(weights: impl Iterator<Item = f32>, compaction: Compaction) -> (f32, f32) {
    let largest = weights.fold(0f32, |m, w| m.max(w.abs()));
    let scale = if largest > 0.0 { largest / i16::MAX as f32 } else { 1.0 };
    (scale, largest * compaction.prune)
}

fn quantise(weight: f32, scale: f32) -> i16 {
    (weight / scale).round().clamp(-(i16::MAX as f32), i16::MAX as f32) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averaging_weighs_each_weight_by_how_long_it_stood() {
        let mut weights = Weights::new(2);
        // Step 0: feature 7 → class 1 gets +1; it stands for 4 steps, then another +1 stands for 0 steps.
        weights.update(&[7], 1, 1);
        for _ in 0..4 {
            weights.tick();
        }
        weights.update(&[7], 1, 1);
        weights.update(&[7], 0, -1);
        let averaged = weights.averaged();
        assert_eq!(averaged.len(), 1);
        assert_eq!(averaged[0].0, 7);
        // Class 0 stood for no time after its update: averages to zero and is dropped.
        assert_eq!(averaged[0].1, vec![(1, 1.0)]);
        let mut scores = [0i64; 2];
        weights.score(&[7, 8], &mut scores);
        assert_eq!(scores, [-1, 2]);
    }

    #[test]
    fn compact_tables_score_like_the_averaged_weights_they_come_from() {
        let rows: Vec<(u64, Vec<(u16, f32)>)> = (0..1000u64)
            .map(|k| (k.wrapping_mul(0x9E37_79B9_7F4A_7C15), vec![(0, k as f32), (2, -(k as f32) / 2.0)]))
            .collect();
        let compaction = Compaction { prune: 0.01 };
        let sparse = SparseTable::build(3, &rows, compaction);
        let dense = DenseTable::<3>::build(&rows, compaction);
        // Rows whose largest weight is under 1% of 999 are pruned: k < 10 for class 0, k < 20 for class 2.
        assert_eq!(sparse.len(), 990);
        assert_eq!(dense.len(), 990);
        let key = rows[500].0;
        let mut s = [0i32; 3];
        sparse.score(&[key, 12345], &mut s);
        let mut d = [0i32; 3];
        dense.score(&[key, 12345], &mut d);
        assert_eq!(s, d);
        let scale = 999.0 / i16::MAX as f32;
        assert!((s[0] as f32 * scale - 500.0).abs() < 0.05, "{s:?}");
        assert!((s[2] as f32 * scale + 250.0).abs() < 0.05, "{s:?}");
        assert_eq!(s[1], 0);
        // Rebuilt from its parts, a table scores the same.
        let (classes, scale, keys, entries) = sparse.parts();
        let again = SparseTable::from_parts(classes, scale, keys.to_vec(), entries.to_vec());
        assert_eq!(again, sparse);
    }
}

/// Training weights of a three-class perceptron over a hashed table: a feature's row is its key's low bits,
/// with no key kept (features that share a row share weights; the perceptron learns around it).
#[derive(Debug, Clone)]
pub(crate) struct HashedWeights {
    mask: usize,
    weight: Vec<[i32; 3]>,
    total: Vec<[i64; 3]>,
    stamp: Vec<u32>,
    step: u32,
}

impl HashedWeights {
    /// A table of `2^bits` rows.
    pub fn new(bits: u32) -> HashedWeights {
        let rows = 1usize << bits;
        HashedWeights { mask: rows - 1, weight: vec![[0; 3]; rows], total: vec![[0; 3]; rows], stamp: vec![0; rows], step: 0 }
    }

    /// Adds each feature's current weights to `scores`.
    pub fn score(&self, features: &[u64], scores: &mut [i64; 3]) {
        for &key in features {
            let w = &self.weight[key as usize & self.mask];
            for c in 0..3 {
                scores[c] += w[c] as i64;
            }
        }
    }

    /// Adds `delta` to the weight of `class` for every feature.
    pub fn update(&mut self, features: &[u64], class: usize, delta: i32) {
        let now = self.step;
        for &key in features {
            let row = key as usize & self.mask;
            let elapsed = (now - self.stamp[row]) as i64;
            for c in 0..3 {
                self.total[row][c] += self.weight[row][c] as i64 * elapsed;
            }
            self.stamp[row] = now;
            self.weight[row][class] += delta;
        }
    }

    /// Counts one training instance.
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// The averaged, quantised table.
    pub fn compile(&self, compaction: Compaction) -> HashedTable {
        let steps = self.step.max(1) as f64;
        let averaged: Vec<[f32; 3]> = (0..self.weight.len())
            .map(|row| {
                let elapsed = (self.step - self.stamp[row]) as i64;
                std::array::from_fn(|c| {
                    ((self.total[row][c] + self.weight[row][c] as i64 * elapsed) as f64 / steps) as f32
                })
            })
            .collect();
        let (scale, threshold) = scale_and_threshold(averaged.iter().flatten().copied(), compaction);
        let rows = averaged
            .iter()
            .map(|w| {
                if w.iter().all(|x| x.abs() < threshold) {
                    return [0; 4];
                }
                [quantise(w[0], scale), quantise(w[1], scale), quantise(w[2], scale), 0]
            })
            .collect();
        HashedTable { scale, rows }
    }
}

/// A compact hashed three-class table: one row of `i16` weights (padded to eight bytes) per key's low bits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HashedTable {
    scale: f32,
    rows: Vec<[i16; 4]>,
}

impl HashedTable {
    /// A table from stored parts: the scale and every row (the row count must be a power of two).
    pub fn from_parts(scale: f32, rows: Vec<[i16; 4]>) -> HashedTable {
        HashedTable { scale, rows }
    }

    /// The stored parts.
    pub fn parts(&self) -> (f32, &[[i16; 4]]) {
        (self.scale, &self.rows)
    }

    /// Number of rows with a weight.
    pub fn len(&self) -> usize {
        self.rows.iter().filter(|r| r.iter().any(|&w| w != 0)).count()
    }

    /// Adds each feature's weights to `scores`.
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [i32; 3]) {
        let mask = self.rows.len() - 1;
        for &key in features {
            prefetch(&self.rows[key as usize & mask]);
        }
        for &key in features {
            let w = self.rows[key as usize & mask];
            scores[0] += w[0] as i32;
            scores[1] += w[1] as i32;
            scores[2] += w[2] as i32;
        }
    }
}
