//! The part-of-speech tagger: a greedy left-to-right averaged perceptron (Collins 2002) over one class per
//! (UPOS, XPOS) pair seen in training, with a tag dictionary for frequent unambiguous words.
//!
//! Besides its tag, each word gets the tagger's second choice when the two scored close: the parser reads it, so
//! that it can doubt a tag the tagger itself doubted.

use std::collections::HashMap;

use crate::features::{Lex, NONE, key, small};
use crate::perceptron::{Compaction, KeyMap, MAX_CLASSES, SparseTable, Weights, mean_of};

/// Number of features of a word.
const COUNT: usize = 38;

/// Words seen at least this often in training with one tag at least [`DICTIONARY_SHARE`] of the time are
/// tagged from the dictionary without scoring.
const DICTIONARY_COUNT: usize = 20;
const DICTIONARY_SHARE: f64 = 0.97;

/// No second choice: the tagger was sure.
pub(crate) const SURE: u16 = u16::MAX;

/// The trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tagger {
    pub table: SparseTable,
    /// Frequent unambiguous words (by their form's hash) and their tag.
    pub dictionary: KeyMap<u16>,
    /// A second choice is given when its score is within this margin of the best (in weight units).
    pub margin: f32,
}

impl Tagger {
    /// Tags a sentence: `tags[i]` is the class of word `i`, `alternatives[i]` its close second choice or [`SURE`].
    pub fn tag(&self, lex: &[Lex], tags: &mut Vec<u16>, alternatives: &mut Vec<u16>) {
        tags.clear();
        alternatives.clear();
        let mut scores = [0i32; MAX_CLASSES];
        let classes = self.table.classes();
        let mut features = [0u64; COUNT];
        for i in 0..lex.len() {
            if let Some(&tag) = self.dictionary.get(&lex[i].form) {
                tags.push(tag);
                alternatives.push(SURE);
                continue;
            }
            extract(lex, i, tags, &mut features);
            scores[..classes].fill(0);
            self.table.score(&features, &mut scores);
            let scores = &scores[..classes];
            let (best, second) = top_two(scores);
            tags.push(best);
            let close = second.is_some_and(|s| {
                (scores[best as usize] - scores[s as usize]) as f32 * self.table.scale() < self.margin
            });
            alternatives.push(if close { second.unwrap_or(SURE) } else { SURE });
        }
    }
}

/// The best and second-best classes (the first on ties).
fn top_two(scores: &[i32]) -> (u16, Option<u16>) {
    let mut best: (u16, i32) = (0, i32::MIN);
    let mut second: Option<(u16, i32)> = None;
    for (class, &score) in scores.iter().enumerate() {
        let class = class as u16;
        if score > best.1 {
            if best.1 != i32::MIN {
                second = Some(best);
            }
            best = (class, score);
        } else if second.is_none_or(|(_, s)| score > s) {
            second = Some((class, score));
        }
    }
    (best.0, second.map(|(c, _)| c))
}

fn extract(lex: &[Lex], i: usize, previous: &[u16], out: &mut [u64; COUNT]) {
    let at = |offset: isize| -> Option<&Lex> { i.checked_add_signed(offset).and_then(|j| lex.get(j)) };
    let norm = |offset| at(offset).map_or(NONE, |l| l.norm);
    let cluster = |offset| at(offset).map_or(NONE, |l| l.cluster);
    let suffix3 = |offset| at(offset).map_or(NONE, |l| l.suffix[2]);
    let shape = |offset| at(offset).map_or(NONE, |l| l.shape);
    let tag = |back: usize| i.checked_sub(back).map_or(NONE, |j| small(previous[j] as u32));
    let w = &lex[i];
    let (p1, p2) = (tag(1), tag(2));
    let first = small(u32::from(i == 0));
    *out = [
        key(0, &[]),
        key(1, &[w.norm]),
        key(2, &[w.form]),
        key(3, &[w.suffix[0]]),
        key(4, &[w.suffix[1]]),
        key(5, &[w.suffix[2]]),
        key(6, &[w.suffix[3]]),
        key(7, &[w.prefix[0]]),
        key(8, &[w.prefix[1]]),
        key(9, &[w.shape]),
        key(10, &[small(w.flags), first]),
        key(11, &[p1]),
        key(12, &[p2]),
        key(13, &[p1, p2]),
        key(14, &[p1, w.norm]),
        key(15, &[norm(-1)]),
        key(16, &[suffix3(-1)]),
        key(17, &[norm(-2)]),
        key(18, &[norm(1)]),
        key(19, &[suffix3(1)]),
        key(20, &[norm(2)]),
        key(21, &[norm(-1), w.norm]),
        key(22, &[w.norm, norm(1)]),
        key(23, &[shape(-1), w.shape, shape(1)]),
        key(24, &[p1, w.suffix[2]]),
        key(25, &[p1, norm(1)]),
        key(26, &[w.suffix[2], norm(1)]),
        key(27, &[w.cluster]),
        key(28, &[cluster(1)]),
        key(29, &[cluster(-1)]),
        key(30, &[w.cluster, cluster(1)]),
        key(31, &[p1, w.cluster]),
        key(32, &[cluster(-1), w.cluster]),
        key(33, &[norm(1), norm(2)]),
        key(34, &[suffix3(2)]),
        key(35, &[cluster(2)]),
        key(36, &[p1, p2, w.norm]),
        key(37, &[norm(-1), w.norm, norm(1)]),
    ];
}

/// Training state of the tagger.
#[derive(Debug, Clone)]
pub(crate) struct TaggerTrainer {
    weights: Weights,
    dictionary: KeyMap<u16>,
    scores: Vec<i64>,
    predicted: Vec<u16>,
}

impl TaggerTrainer {
    /// A tagger over `classes` tags with the tag dictionary made from training sentences (lexes and gold tags).
    pub fn new<'a>(classes: usize, sentences: impl IntoIterator<Item = (&'a [Lex], &'a [u16])>) -> TaggerTrainer {
        let mut counts: KeyMap<HashMap<u16, usize>> = KeyMap::default();
        for (lex, tags) in sentences {
            for (l, &t) in lex.iter().zip(tags) {
                *counts.entry(l.form).or_default().entry(t).or_default() += 1;
            }
        }
        let dictionary = counts
            .into_iter()
            .filter_map(|(form, tags)| {
                let total: usize = tags.values().sum();
                // Ties between tags are broken by the smaller tag, so the dictionary does not depend on map order.
                let (&tag, &count) = tags.iter().max_by_key(|&(&t, &c)| (c, std::cmp::Reverse(t)))?;
                let share = count as f64 / total as f64;
                (total >= DICTIONARY_COUNT && share >= DICTIONARY_SHARE).then_some((form, tag))
            })
            .collect();
        TaggerTrainer { weights: Weights::new(classes), dictionary, scores: vec![0; classes], predicted: Vec::new() }
    }

    /// Learns from one sentence (greedy, on its own earlier predictions); returns how many words it tagged right
    /// before learning.
    pub fn learn(&mut self, lex: &[Lex], gold: &[u16]) -> usize {
        let mut correct = 0;
        self.predicted.clear();
        let mut features = [0u64; COUNT];
        for i in 0..lex.len() {
            if let Some(&tag) = self.dictionary.get(&lex[i].form) {
                correct += usize::from(tag == gold[i]);
                self.predicted.push(tag);
                continue;
            }
            extract(lex, i, &self.predicted, &mut features);
            self.scores.fill(0);
            self.weights.score(&features, &mut self.scores);
            let guess = self
                .scores
                .iter()
                .enumerate()
                .max_by_key(|&(c, &s)| (s, std::cmp::Reverse(c)))
                .map_or(0, |(c, _)| c as u16);
            if guess == gold[i] {
                correct += 1;
            } else if (gold[i] as usize) < self.scores.len() {
                self.weights.update(&features, gold[i] as usize, 1);
                self.weights.update(&features, guess as usize, -1);
            }
            self.weights.tick();
            self.predicted.push(guess);
        }
        correct
    }

    /// The tagger whose weights are the mean of the runs' averaged weights (a single run is a soup of one);
    /// `margin` as in [`Tagger::margin`].
    pub fn compile(runs: &[&TaggerTrainer], compaction: Compaction, margin: f32) -> Tagger {
        let weights: Vec<&Weights> = runs.iter().map(|r| &r.weights).collect();
        Tagger {
            table: SparseTable::build(runs[0].weights.classes(), &mean_of(&weights), compaction),
            dictionary: runs[0].dictionary.clone(),
            margin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_choice_is_the_runner_up() {
        assert_eq!(top_two(&[1, 5, 3]), (1, Some(2)));
        assert_eq!(top_two(&[5, 1, 5]), (0, Some(2)));
        assert_eq!(top_two(&[7]), (0, None));
    }
}
