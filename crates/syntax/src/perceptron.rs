//! Averaged perceptron weights over hashed features: the table trained (integer updates, averaged lazily,
//! Daumé's trick) and the compact table that ships (pruned, quantised to `i16` with one scale per table, found
//! by open addressing on the feature key).
//!
//! Two compact layouts: [`SparseTable`] keeps, per feature, only the classes it has a weight for (the tagger and
//! the labeller: tens of classes, few per feature); [`HashedTable`] keeps the parser's three moves in a table
//! indexed by the feature's hash alone (no key stored: one memory access per feature).

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

/// The mean of several runs' averaged weights, sorted by key: a linear model's "soup", as good as an ensemble
/// of the runs and no slower than one of them.
pub(crate) fn mean_of(runs: &[&Weights]) -> Vec<(u64, Vec<(u16, f32)>)> {
    let mut merged: KeyMap<Vec<(u16, f32)>> = KeyMap::default();
    let share = 1.0 / runs.len().max(1) as f32;
    for run in runs {
        for (key, row) in run.averaged() {
            let entry = merged.entry(key).or_default();
            for (class, weight) in row {
                match entry.iter_mut().find(|(c, _)| *c == class) {
                    Some((_, w)) => *w += weight * share,
                    None => entry.push((class, weight * share)),
                }
            }
        }
    }
    let mut rows: Vec<(u64, Vec<(u16, f32)>)> = merged.into_iter().collect();
    rows.sort_unstable_by_key(|(key, _)| *key);
    for (_, row) in &mut rows {
        row.sort_unstable_by_key(|(class, _)| *class);
    }
    rows
}

/// The most classes a sparse table has (UD English has about a hundred UPOS and XPOS pairs and fifty relations).
pub(crate) const MAX_CLASSES: usize = 512;

/// One score per class of a sparse table.
pub(crate) type Scores = [i32; MAX_CLASSES];

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
    /// The share of a sparse table's features kept, the strongest (by largest weight) first.
    pub keep: f64,
}

/// The slot of a feature: a fingerprint of its key (0 = empty) and where its weights are: a run of
/// `(class, weight)` pairs in `runs`, or, with [`DENSE`] set, a row of one weight per class in `dense`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct SparseSlot {
    fingerprint: u32,
    at: u32,
}

/// Marks a slot whose weights are a dense row.
const DENSE: u32 = 1 << 31;

/// What a [`SparseTable`] stores: its class count, scale, keys with their weight counts, and the weights.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SparseParts<'a> {
    pub classes: usize,
    pub scale: f32,
    pub keys: &'a [(u64, u32)],
    pub entries: &'a [(u16, i16)],
}

/// Compact weights with a few classes per feature.
///
/// Most features have weights for two or three classes and keep them as a run of pairs (the run's length
/// first); the few that have weights for many (the bias, the previous tags) keep a dense row, added with
/// vector instructions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SparseTable {
    classes: usize,
    scale: f32,
    slots: Vec<SparseSlot>,
    /// Runs: a `(length, 0)` header, then `length` pairs of `(class, weight)`.
    runs: Vec<(u16, i16)>,
    /// Dense rows of `width` weights each.
    dense: Vec<i16>,
    /// The row length of `dense`: the class count rounded up to a multiple of 16.
    width: usize,
    /// The rows as stored: key and weight count, sorted by key.
    keys: Vec<(u64, u32)>,
    /// The weights as stored, row after row.
    entries: Vec<(u16, i16)>,
}

impl SparseTable {
    /// Quantises averaged rows, keeps the strongest features and indexes them.
    pub fn build(classes: usize, rows: &[(u64, Vec<(u16, f32)>)], compaction: Compaction) -> SparseTable {
        let scale = quantisation_scale(rows.iter().flat_map(|(_, e)| e.iter().map(|&(_, w)| w)));
        let quantised: Vec<(u64, Vec<(u16, i16)>)> = rows
            .iter()
            .map(|(key, row)| {
                let kept = row.iter().map(|&(class, w)| (class, quantise(w, scale))).filter(|&(_, q)| q != 0);
                (*key, kept.collect::<Vec<_>>())
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();
        // A feature's strength is its largest weight; the weakest go first.
        let strength = |row: &[(u16, i16)]| row.iter().map(|&(_, q)| q.saturating_abs()).max().unwrap_or(0);
        let mut strengths: Vec<i16> = quantised.iter().map(|(_, row)| strength(row)).collect();
        strengths.sort_unstable();
        let dropped = ((1.0 - compaction.keep.clamp(0.0, 1.0)) * strengths.len() as f64) as usize;
        let cut = strengths.get(dropped).copied().unwrap_or(i16::MAX);
        let mut keys = Vec::new();
        let mut entries = Vec::new();
        for (key, row) in quantised.iter().filter(|(_, row)| strength(row) >= cut) {
            keys.push((*key, row.len() as u32));
            entries.extend_from_slice(row);
        }
        SparseTable::from_parts(classes, scale, keys, entries)
    }

    /// A table from stored parts (as [`SparseTable::parts`] gave them), with its index rebuilt. The runs must
    /// add up to the entries, and every class must be below `classes`.
    pub fn from_parts(classes: usize, scale: f32, keys: Vec<(u64, u32)>, entries: Vec<(u16, i16)>) -> SparseTable {
        let width = classes.div_ceil(16) * 16;
        let mut slots = vec![SparseSlot::default(); capacity(keys.len())];
        let mask = slots.len() - 1;
        let (mut runs, mut dense) = (Vec::new(), Vec::new());
        let mut start = 0usize;
        for &(key, len) in &keys {
            let row = &entries[start.min(entries.len())..(start + len as usize).min(entries.len())];
            start += len as usize;
            // A row with weights for more than half the classes is added faster densely.
            let at = if row.len() * 2 > classes {
                let at = (dense.len() / width) as u32 | DENSE;
                let base = dense.len();
                dense.resize(base + width, 0);
                for &(class, weight) in row {
                    dense[base + class as usize % width] = weight;
                }
                at
            } else {
                let at = runs.len() as u32;
                runs.push((row.len() as u16, 0));
                runs.extend_from_slice(row);
                at
            };
            let (mut i, fingerprint) = locate(key, mask);
            while slots[i].fingerprint != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = SparseSlot { fingerprint, at };
        }
        SparseTable { classes, scale, slots, runs, dense, width, keys, entries }
    }

    /// The stored parts.
    pub fn parts(&self) -> SparseParts<'_> {
        SparseParts { classes: self.classes, scale: self.scale, keys: &self.keys, entries: &self.entries }
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
    pub fn score(&self, features: &[u64], scores: &mut Scores) {
        let mask = self.slots.len() - 1;
        for chunk in features.chunks(64) {
            for &key in chunk {
                prefetch(&self.slots[(key as usize) & mask]);
            }
            // Find every feature's weights first and ask for them, then add them: two rounds of misses that
            // overlap, not one chain per feature.
            let mut found = [0u32; 64];
            let mut count = 0;
            for &key in chunk {
                let (mut i, fingerprint) = locate(key, mask);
                loop {
                    let slot = self.slots[i];
                    if slot.fingerprint == fingerprint {
                        if slot.at & DENSE == 0 {
                            if let Some(header) = self.runs.get(slot.at as usize) {
                                prefetch(header);
                            }
                        } else if let Some(row) = self.dense.get((slot.at & !DENSE) as usize * self.width) {
                            prefetch(row);
                        }
                        found[count] = slot.at;
                        count += 1;
                        break;
                    }
                    if slot.fingerprint == 0 {
                        break;
                    }
                    i = (i + 1) & mask;
                }
            }
            for &at in &found[..count] {
                if at & DENSE == 0 {
                    let at = at as usize;
                    let len = self.runs.get(at).map_or(0, |h| h.0 as usize);
                    for &(class, weight) in self.runs.get(at + 1..at + 1 + len).unwrap_or(&[]) {
                        // Classes are below MAX_CLASSES (checked when the table is built or read): the mask is
                        // free and spares a bounds check per weight.
                        scores[class as usize & (MAX_CLASSES - 1)] += weight as i32;
                    }
                } else {
                    let base = (at & !DENSE) as usize * self.width;
                    let row = &self.dense[base..base + self.width];
                    for (score, &weight) in scores[..self.width].iter_mut().zip(row) {
                        *score += weight as i32;
                    }
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

/// A power of two at least 1.5 times `rows` (the tables stay at most two thirds full, so misses end fast).
fn capacity(rows: usize) -> usize {
    (rows + rows / 2).max(2).next_power_of_two()
}

/// The first slot of `key` and its fingerprint (never 0, which marks an empty slot).
#[inline]
fn locate(key: u64, mask: usize) -> (usize, u32) {
    ((key as usize) & mask, ((key >> 32) as u32).max(1))
}

/// The quantisation step: the largest weight maps to `i16::MAX`.
fn quantisation_scale(weights: impl Iterator<Item = f32>) -> f32 {
    let largest = weights.fold(0f32, |m, w| m.max(w.abs()));
    if largest > 0.0 { largest / i16::MAX as f32 } else { 1.0 }
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
        let sparse = SparseTable::build(3, &rows, Compaction { keep: 0.5 });
        // Half the features are kept, the strongest: k from 500 up (ties at the cut are kept).
        assert_eq!(sparse.len(), 500);
        assert_eq!(sparse.weights(), 1000);
        let mut s = [0i32; MAX_CLASSES];
        sparse.score(&[rows[500].0, 12345], &mut s);
        let scale = 999.0 / i16::MAX as f32;
        assert!((s[0] as f32 * scale - 500.0).abs() < 0.05, "{:?}", &s[..3]);
        assert!((s[2] as f32 * scale + 250.0).abs() < 0.05, "{:?}", &s[..3]);
        assert_eq!(s[1], 0);
        // Rebuilt from its parts, a table scores the same.
        let parts = sparse.parts();
        let again = SparseTable::from_parts(parts.classes, parts.scale, parts.keys.to_vec(), parts.entries.to_vec());
        assert_eq!(again, sparse);
    }

    #[test]
    fn a_hashed_table_averages_and_scores_its_rows() {
        let mut weights = HashedWeights::new(4);
        weights.update(&[3, 19], 2, 1);
        weights.tick();
        weights.tick();
        let mut live = [0i64; 3];
        weights.score(&[3], &mut live);
        // Keys 3 and 19 share row 3 of 16: both updates landed there.
        assert_eq!(live, [0, 0, 2]);
        let table = HashedWeights::compile(&[&weights]);
        let mut scores = [0i32; 3];
        table.score(&[35], &mut scores);
        assert_eq!(scores, [0, 0, i16::MAX as i32]);
        assert_eq!(table.len(), 1);
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
        HashedWeights {
            mask: rows - 1,
            weight: vec![[0; 3]; rows],
            total: vec![[0; 3]; rows],
            stamp: vec![0; rows],
            step: 0,
        }
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

    /// The mean of several runs' averaged tables, quantised.
    pub fn compile(runs: &[&HashedWeights]) -> HashedTable {
        let mut mean = runs[0].averaged();
        for run in &runs[1..] {
            for (row, other) in mean.iter_mut().zip(run.averaged()) {
                for (w, o) in row.iter_mut().zip(other) {
                    *w += o;
                }
            }
        }
        let share = 1.0 / runs.len() as f32;
        for w in mean.iter_mut().flatten() {
            *w *= share;
        }
        HashedTable::quantised(&mean)
    }

    /// The averaged weights of every row.
    pub fn averaged(&self) -> Vec<[f32; 3]> {
        let steps = self.step.max(1) as f64;
        (0..self.weight.len())
            .map(|row| {
                let elapsed = (self.step - self.stamp[row]) as i64;
                std::array::from_fn(|c| {
                    ((self.total[row][c] + self.weight[row][c] as i64 * elapsed) as f64 / steps) as f32
                })
            })
            .collect()
    }
}

/// A compact hashed three-class table: one row of `i16` weights (padded to eight bytes) per key's low bits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HashedTable {
    scale: f32,
    rows: Vec<[i16; 4]>,
}

impl HashedTable {
    /// A table from averaged weights, quantised.
    pub fn quantised(averaged: &[[f32; 3]]) -> HashedTable {
        let scale = quantisation_scale(averaged.iter().flatten().copied());
        let rows =
            averaged.iter().map(|w| [quantise(w[0], scale), quantise(w[1], scale), quantise(w[2], scale), 0]).collect();
        HashedTable { scale, rows }
    }

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
