//! The part-of-speech tagger: a greedy left-to-right averaged perceptron (Collins 2002) over one class per
//! (UPOS, XPOS) pair seen in training, with a tag dictionary for frequent unambiguous words.

use std::collections::HashMap;

use crate::features::{Lex, NONE, key, small};

/// The ambiguity class of a word seen too rarely to have one.
const UNKNOWN: u64 = 0x1D8E_4E27_C47D_124F;
use crate::perceptron::{Compaction, SparseTable, Weights};

/// Number of features of a word.
const COUNT: usize = 33;

/// Words seen at least this often in training get an ambiguity class (the set of their frequent tags); rarer
/// words share the class of unknown words, as unseen words will.
const LEXICON_COUNT: usize = 2;
/// A tag joins a word's ambiguity class when it has at least this share of the word's occurrences.
const LEXICON_SHARE: f64 = 0.02;

/// Words seen at least this often in training with one tag at least [`DICTIONARY_SHARE`] of the time are
/// tagged from the dictionary without scoring.
const DICTIONARY_COUNT: usize = 20;
const DICTIONARY_SHARE: f64 = 0.97;

/// The trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tagger {
    pub table: SparseTable,
    /// Frequent unambiguous words (by their form's hash) and their tag.
    pub dictionary: HashMap<u64, u16>,
    /// The ambiguity class of known words (by their norm's hash): a hash of the set of their tags.
    pub lexicon: HashMap<u64, u64>,
}

impl Tagger {
    /// Tags a sentence: `out[i]` is the class of word `i`.
    pub fn tag(&self, lex: &[Lex], out: &mut Vec<u16>) {
        out.clear();
        let mut scores = vec![0i32; self.table.classes()];
        let mut features = [0u64; COUNT];
        for i in 0..lex.len() {
            if let Some(&tag) = self.dictionary.get(&lex[i].form) {
                out.push(tag);
                continue;
            }
            extract(lex, i, out, &self.lexicon, &mut features);
            scores.fill(0);
            self.table.score(&features, &mut scores);
            out.push(argmax(scores.iter().map(|&s| s as i64)));
        }
    }
}

/// The first class with the highest score.
fn argmax(scores: impl Iterator<Item = i64>) -> u16 {
    let mut best = (0u16, i64::MIN);
    for (class, score) in scores.enumerate() {
        if score > best.1 {
            best = (class as u16, score);
        }
    }
    best.0
}

fn extract(lex: &[Lex], i: usize, previous: &[u16], lexicon: &HashMap<u64, u64>, out: &mut [u64; COUNT]) {
    let at = |offset: isize| -> Option<&Lex> { i.checked_add_signed(offset).and_then(|j| lex.get(j)) };
    let norm = |offset| at(offset).map_or(NONE, |l| l.norm);
    let suffix3 = |offset| at(offset).map_or(NONE, |l| l.suffix[2]);
    let shape = |offset| at(offset).map_or(NONE, |l| l.shape);
    let tag = |back: usize| i.checked_sub(back).map_or(NONE, |j| small(previous[j] as u32));
    let w = &lex[i];
    let (p1, p2) = (tag(1), tag(2));
    let first = small(u32::from(i == 0));
    let class = |offset| at(offset).map_or(NONE, |l| lexicon.get(&l.norm).copied().unwrap_or(UNKNOWN));
    let (a0, a1, a2, am1) = (class(0), class(1), class(2), class(-1));
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
        key(27, &[a0]),
        key(28, &[a1]),
        key(29, &[a0, a1]),
        key(30, &[p1, a0, a1]),
        key(31, &[a0, a1, a2]),
        key(32, &[am1, a0]),
    ];
}

/// Training state of the tagger.
#[derive(Debug, Clone)]
pub(crate) struct TaggerTrainer {
    weights: Weights,
    dictionary: HashMap<u64, u16>,
    lexicon: HashMap<u64, u64>,
    scores: Vec<i64>,
    predicted: Vec<u16>,
}

impl TaggerTrainer {
    /// A tagger over `classes` tags with the tag dictionary made from training sentences (lexes and gold tags).
    pub fn new<'a>(classes: usize, sentences: impl IntoIterator<Item = (&'a [Lex], &'a [u16])>) -> TaggerTrainer {
        let mut counts: HashMap<u64, HashMap<u16, usize>> = HashMap::new();
        let mut by_norm: HashMap<u64, HashMap<u16, usize>> = HashMap::new();
        for (lex, tags) in sentences {
            for (l, &t) in lex.iter().zip(tags) {
                *counts.entry(l.form).or_default().entry(t).or_default() += 1;
                *by_norm.entry(l.norm).or_default().entry(t).or_default() += 1;
            }
        }
        let lexicon = by_norm
            .into_iter()
            .filter_map(|(norm, tags)| {
                let total: usize = tags.values().sum();
                if total < LEXICON_COUNT {
                    return None;
                }
                let mut class: Vec<u64> = tags
                    .iter()
                    .filter(|&(_, &c)| c as f64 >= LEXICON_SHARE * total as f64)
                    .map(|(&t, _)| small(t as u32))
                    .collect();
                class.sort_unstable();
                Some((norm, key(1000, &class)))
            })
            .collect();
        let dictionary = counts
            .into_iter()
            .filter_map(|(form, tags)| {
                let total: usize = tags.values().sum();
                // Ties between tags are broken by the smaller tag, so the dictionary does not depend on map order.
                let (&tag, &count) = tags.iter().max_by_key(|&(&t, &c)| (c, std::cmp::Reverse(t)))?;
                (total >= DICTIONARY_COUNT && count as f64 / total as f64 >= DICTIONARY_SHARE).then_some((form, tag))
            })
            .collect();
        TaggerTrainer {
            weights: Weights::new(classes),
            dictionary,
            lexicon,
            scores: vec![0; classes],
            predicted: Vec::new(),
        }
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
            extract(lex, i, &self.predicted, &self.lexicon, &mut features);
            self.scores.fill(0);
            self.weights.score(&features, &mut self.scores);
            let guess = argmax(self.scores.iter().copied());
            if guess == gold[i] {
                correct += 1;
            } else {
                self.weights.update(&features, gold[i] as usize, 1);
                self.weights.update(&features, guess as usize, -1);
            }
            self.weights.tick();
            self.predicted.push(guess);
        }
        correct
    }

    /// The tagger with averaged, compacted weights.
    pub fn compile(&self, compaction: Compaction) -> Tagger {
        Tagger {
            table: SparseTable::build(self.weights.classes(), &self.weights.averaged(), compaction),
            dictionary: self.dictionary.clone(),
            lexicon: self.lexicon.clone(),
        }
    }
}
