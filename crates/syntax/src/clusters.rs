//! Word clusters from plain text: the exchange algorithm (Kneser & Ney 1993; Martin, Liermann & Ney 1998)
//! over a class bigram model, so that words used alike share a class (`Kyiv`, `Moscow`, `Kharkiv`). They give
//! the tagger and parser something to say about words the treebank never shows, learned from text nobody had
//! to annotate.
//!
//! Each word (lower-cased, digits folded, as [`Lex`](crate::features::Lex) reads it) starts in a class by
//! frequency rank; then, in passes over the vocabulary, each word moves to the class that most raises the
//! likelihood of the text under the model P(w_i | w_{i-1}) = P(c_i | c_{i-1}) P(w_i | c_i). Deterministic: the
//! same text and settings give the same classes.

use std::collections::HashMap;

use crate::features::{Lex, text};
use crate::perceptron::KeyMap;
use crate::words::words_into;
use redline_model::Span;

/// How to cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterSettings {
    /// Number of classes.
    pub classes: usize,
    /// Passes over the vocabulary.
    pub passes: usize,
    /// Words seen fewer times than this get no class.
    pub min_count: usize,
}

impl Default for ClusterSettings {
    fn default() -> ClusterSettings {
        ClusterSettings { classes: 256, passes: 10, min_count: 3 }
    }
}

/// The class of each clustered word, by the hash of its normalised form.
pub(crate) type Clusters = KeyMap<u16>;

/// Collects sequences of normalised words (one per paragraph or sentence) to cluster.
#[derive(Debug, Default)]
pub(crate) struct ClusterText {
    ids: HashMap<String, u32>,
    names: Vec<String>,
    counts: Vec<u64>,
    /// Word ids, sequences separated by [`BOUNDARY`].
    sequence: Vec<u32>,
}

/// The id of the boundary between sequences (it is clustered like a word).
const BOUNDARY: u32 = 0;

impl ClusterText {
    /// An empty collection.
    pub fn new() -> ClusterText {
        let mut text = ClusterText::default();
        text.intern("<s>");
        text.sequence.push(BOUNDARY);
        text
    }

    fn intern(&mut self, norm: &str) -> u32 {
        if let Some(&id) = self.ids.get(norm) {
            self.counts[id as usize] += 1;
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(norm.to_string(), id);
        self.names.push(norm.to_string());
        self.counts.push(1);
        id
    }

    /// Adds a sequence of words given as forms.
    pub fn add_words<'a>(&mut self, forms: impl IntoIterator<Item = &'a str>) {
        for form in forms {
            let id = self.intern(&Lex::normalise(form));
            self.sequence.push(id);
        }
        self.sequence.push(BOUNDARY);
        self.counts[BOUNDARY as usize] += 1;
    }

    /// Adds running text, split into words by the tokeniser.
    pub fn add_text(&mut self, paragraph: &str) {
        let mut words = Vec::new();
        words_into(paragraph, Span::new(0, paragraph.len()), &mut words);
        let forms: Vec<&str> = words.iter().map(|w| &paragraph[w.span.range()]).collect();
        self.add_words(forms);
    }

    /// Clusters the words seen at least `settings.min_count` times.
    pub(crate) fn cluster(&self, settings: ClusterSettings) -> Clusters {
        let classes = settings.classes.clamp(2, u16::MAX as usize);
        // Rare words share one id, so that their contexts still count.
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then(self.names[a as usize].cmp(&self.names[b as usize]))
        });
        let kept: Vec<u32> = order
            .into_iter()
            .filter(|&w| w == BOUNDARY || self.counts[w as usize] >= settings.min_count as u64)
            .collect();
        let rare = kept.len() as u32;
        let mut dense = vec![rare; self.names.len()];
        for (i, &w) in kept.iter().enumerate() {
            dense[w as usize] = i as u32;
        }
        let vocabulary = kept.len() + 1;
        let sequence: Vec<u32> = self.sequence.iter().map(|&w| dense[w as usize]).collect();
        let class = exchange(&sequence, vocabulary, classes, settings.passes);
        kept.iter()
            .enumerate()
            .filter(|&(_, &w)| w != BOUNDARY)
            .map(|(i, &w)| (text(&self.names[w as usize]), class[i]))
            .collect()
    }
}

/// Bigram counts in compressed rows: the successors (or predecessors) of each word with their counts.
struct Rows {
    start: Vec<u32>,
    items: Vec<(u32, u32)>,
}

impl Rows {
    fn new(mut pairs: Vec<(u32, u32)>, words: usize) -> Rows {
        pairs.sort_unstable();
        let mut start = vec![0u32; words + 1];
        let mut items = Vec::new();
        let mut i = 0;
        while i < pairs.len() {
            let (a, b) = pairs[i];
            let j = i + pairs[i..].iter().take_while(|&&p| p == (a, b)).count();
            items.push((b, (j - i) as u32));
            start[a as usize + 1] += 1;
            i = j;
        }
        for w in 1..=words {
            start[w] += start[w - 1];
        }
        Rows { start, items }
    }

    fn row(&self, w: usize) -> &[(u32, u32)] {
        &self.items[self.start[w] as usize..self.start[w + 1] as usize]
    }
}

fn xlogx(x: i64) -> f64 {
    if x <= 0 { 0.0 } else { x as f64 * (x as f64).ln() }
}

/// The exchange algorithm: the class of each word id of `sequence` (ids below `vocabulary`).
fn exchange(sequence: &[u32], vocabulary: usize, classes: usize, passes: usize) -> Vec<u16> {
    let mut counts = vec![0i64; vocabulary];
    for &w in sequence {
        counts[w as usize] += 1;
    }
    let pairs: Vec<(u32, u32)> = sequence.windows(2).map(|p| (p[0], p[1])).collect();
    let successors = Rows::new(pairs.clone(), vocabulary);
    let predecessors = Rows::new(pairs.iter().map(|&(a, b)| (b, a)).collect(), vocabulary);

    // Ids are in frequency order already: deal them out round-robin.
    let mut class: Vec<u16> = (0..vocabulary).map(|w| (w % classes) as u16).collect();
    let mut bigrams = vec![0i64; classes * classes];
    let mut unigrams = vec![0i64; classes];
    for &(a, b) in &pairs {
        bigrams[class[a as usize] as usize * classes + class[b as usize] as usize] += 1;
    }
    for w in 0..vocabulary {
        unigrams[class[w] as usize] += counts[w];
    }

    let mut left = vec![0i64; classes];
    let mut right = vec![0i64; classes];
    let mut left_support: Vec<usize> = Vec::new();
    let mut right_support: Vec<usize> = Vec::new();
    for _ in 0..passes {
        let mut moved = 0;
        for w in 0..vocabulary {
            // Counts of w's neighbours by class, and of w after itself.
            let mut itself = 0i64;
            left_support.clear();
            for &(p, c) in predecessors.row(w) {
                if p as usize == w {
                    itself += c as i64;
                    continue;
                }
                let k = class[p as usize] as usize;
                if left[k] == 0 {
                    left_support.push(k);
                }
                left[k] += c as i64;
            }
            right_support.clear();
            for &(s, c) in successors.row(w) {
                if s as usize == w {
                    continue;
                }
                let k = class[s as usize] as usize;
                if right[k] == 0 {
                    right_support.push(k);
                }
                right[k] += c as i64;
            }
            let from = class[w] as usize;
            let n = counts[w];
            let shift = |bigrams: &mut Vec<i64>, unigrams: &mut Vec<i64>, to: usize, sign: i64| {
                for &k in &left_support {
                    bigrams[k * classes + to] += sign * left[k];
                }
                for &k in &right_support {
                    bigrams[to * classes + k] += sign * right[k];
                }
                bigrams[to * classes + to] += sign * itself;
                unigrams[to] += sign * n;
            };
            shift(&mut bigrams, &mut unigrams, from, -1);
            let gain = |to: usize| -> f64 {
                let mut delta = 0.0;
                for &k in &left_support {
                    if k != to {
                        let m = bigrams[k * classes + to];
                        delta += xlogx(m + left[k]) - xlogx(m);
                    }
                }
                for &k in &right_support {
                    if k != to {
                        let m = bigrams[to * classes + k];
                        delta += xlogx(m + right[k]) - xlogx(m);
                    }
                }
                let m = bigrams[to * classes + to];
                delta += xlogx(m + left[to] + right[to] + itself) - xlogx(m);
                delta - 2.0 * (xlogx(unigrams[to] + n) - xlogx(unigrams[to]))
            };
            let mut best = (from, gain(from));
            for to in 0..classes {
                if to == from {
                    continue;
                }
                let g = gain(to);
                if g > best.1 + 1e-9 {
                    best = (to, g);
                }
            }
            shift(&mut bigrams, &mut unigrams, best.0, 1);
            if best.0 != from {
                class[w] = best.0 as u16;
                moved += 1;
            }
            for &k in &left_support {
                left[k] = 0;
            }
            for &k in &right_support {
                right[k] = 0;
            }
        }
        if moved == 0 {
            break;
        }
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_used_alike_share_a_class() {
        let mut text = ClusterText::new();
        for _ in 0..30 {
            for city in ["Kyiv", "Moscow", "Paris"] {
                text.add_words(["troops", "entered", city, "today"]);
                text.add_words(["officials", "in", city, "said"]);
            }
            for verb in ["said", "warned", "added"] {
                text.add_words(["the", "minister", verb, "that"]);
            }
        }
        let clusters = text.cluster(ClusterSettings { classes: 6, passes: 20, min_count: 3 });
        let of = |w: &str| clusters[&text_hash(w)];
        assert_eq!(of("kyiv"), of("moscow"));
        assert_eq!(of("moscow"), of("paris"));
        assert_eq!(of("warned"), of("added"));
        assert_ne!(of("kyiv"), of("warned"));
    }

    fn text_hash(w: &str) -> u64 {
        text(w)
    }

    #[test]
    fn rows_hold_every_pair_count() {
        let rows = Rows::new(vec![(0, 1), (2, 1), (0, 1), (0, 2)], 3);
        assert_eq!(rows.row(0), &[(1, 2), (2, 1)]);
        assert_eq!(rows.row(1), &[]);
        assert_eq!(rows.row(2), &[(1, 1)]);
    }
}
