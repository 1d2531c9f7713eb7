//! The parser's feature templates: words and tags around the stack's top and the buffer's front, their
//! outermost children, distances, valencies and the punctuation between them (after Zhang & Nivre 2011, cut down
//! for an unlabelled arc-hybrid parser).

use crate::features::{Lex, NONE, ROOT, key, small};
use crate::parser::system::{self, Config};

/// Number of features of a configuration.
pub(crate) const COUNT: usize = 72;

/// A sentence as the parser reads it: every word's lexical atoms and tag (word `i` at index `i - 1`), and how
/// many punctuation words precede each node.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    /// Word atom per node (index 0 is the root).
    pub word: Vec<u64>,
    /// Tag atom per node.
    pub tag: Vec<u64>,
    /// Punctuation words before each node.
    pub punct_before: Vec<u16>,
}

impl Words {
    /// Fills the atoms from lexes and tags; `is_punct(tag)` says which tags are punctuation.
    pub fn fill(&mut self, lex: &[Lex], tags: &[u16], is_punct: impl Fn(u16) -> bool) {
        self.word.clear();
        self.tag.clear();
        self.punct_before.clear();
        self.word.push(ROOT);
        self.tag.push(ROOT);
        self.punct_before.push(0);
        let mut puncts = 0;
        for (l, &t) in lex.iter().zip(tags) {
            self.word.push(l.norm);
            self.tag.push(small(t as u32));
            self.punct_before.push(puncts);
            if is_punct(t) {
                puncts += 1;
            }
        }
    }
}

const S0: usize = 0;
const S1: usize = 1;
const S2: usize = 2;
const B0: usize = 3;
const B1: usize = 4;
const B2: usize = 5;
const S0L: usize = 6;
const S0L2: usize = 7;
const S0R: usize = 8;
const S0R2: usize = 9;
const S1L: usize = 10;
const S1R: usize = 11;
const S1R2: usize = 12;
const B0L: usize = 13;
const B0L2: usize = 14;
const SLOTS: usize = 15;

fn bucket(distance: usize) -> u32 {
    match distance {
        0..=4 => distance as u32,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// Writes the features of `config` into `out`.
pub(crate) fn extract(config: &Config, words: &Words, out: &mut [u64; COUNT]) {
    let child = |node: Option<usize>, of: &dyn Fn(usize) -> u16| -> Option<usize> {
        node.map(of).filter(|&c| c != system::NONE).map(usize::from)
    };
    let s0 = config.stack(0);
    let s1 = config.stack(1);
    let b0 = config.buffer(0);
    let nodes: [Option<usize>; SLOTS] = [
        s0,
        s1,
        config.stack(2),
        b0,
        config.buffer(1),
        config.buffer(2),
        child(s0, &|n| config.left[n][0]),
        child(s0, &|n| config.left[n][1]),
        child(s0, &|n| config.right[n][0]),
        child(s0, &|n| config.right[n][1]),
        child(s1, &|n| config.left[n][0]),
        child(s1, &|n| config.right[n][0]),
        child(s1, &|n| config.right[n][1]),
        child(b0, &|n| config.left[n][0]),
        child(b0, &|n| config.left[n][1]),
    ];
    let mut w = [NONE; SLOTS];
    let mut t = [NONE; SLOTS];
    for (slot, node) in nodes.iter().enumerate() {
        if let Some(n) = *node {
            w[slot] = words.word[n];
            t[slot] = words.tag[n];
        }
    }
    let distance = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(a), Some(b)) => small(bucket(b.abs_diff(a))),
        _ => NONE,
    };
    let d_s0b0 = distance(s0, b0);
    let d_s1s0 = distance(s1, s0);
    let valency = |node: Option<usize>, side: usize| node.map_or(NONE, |n| small(config.valency[n][side].min(4) as u32));
    let (s0vl, s0vr, s1vr, b0vl) = (valency(s0, 0), valency(s0, 1), valency(s1, 1), valency(b0, 0));
    let punct_between = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(a), Some(b)) if b > a => {
            let count = words.punct_before[b] - words.punct_before[(a + 1).min(b)];
            small(count.min(2) as u32)
        }
        _ => NONE,
    };
    let p_s0b0 = punct_between(s0, b0);
    let p_s1s0 = punct_between(s1, s0);

    let features: [u64; COUNT] = [
        // Single words.
        key(0, &[w[S0]]),
        key(1, &[t[S0]]),
        key(2, &[w[S0], t[S0]]),
        key(3, &[w[S1]]),
        key(4, &[t[S1]]),
        key(5, &[w[S1], t[S1]]),
        key(6, &[w[B0]]),
        key(7, &[t[B0]]),
        key(8, &[w[B0], t[B0]]),
        key(9, &[w[B1]]),
        key(10, &[t[B1]]),
        key(11, &[w[B1], t[B1]]),
        key(12, &[t[B2]]),
        key(13, &[w[B2]]),
        key(14, &[t[S2]]),
        // Pairs of the two candidates of Left (s0, b0) and of Right (s1, s0).
        key(15, &[w[S0], t[S0], w[B0], t[B0]]),
        key(16, &[w[S0], t[S0], w[B0]]),
        key(17, &[w[S0], w[B0], t[B0]]),
        key(18, &[w[S0], t[S0], t[B0]]),
        key(19, &[t[S0], w[B0], t[B0]]),
        key(20, &[w[S0], w[B0]]),
        key(21, &[t[S0], t[B0]]),
        key(22, &[w[S1], t[S1], w[S0], t[S0]]),
        key(23, &[w[S1], t[S1], w[S0]]),
        key(24, &[w[S1], w[S0], t[S0]]),
        key(25, &[w[S1], t[S1], t[S0]]),
        key(26, &[t[S1], w[S0], t[S0]]),
        key(27, &[w[S1], w[S0]]),
        key(28, &[t[S1], t[S0]]),
        // Tag trigrams.
        key(29, &[t[B0], t[B1]]),
        key(30, &[t[B0], t[B1], t[B2]]),
        key(31, &[t[S0], t[B0], t[B1]]),
        key(32, &[t[S1], t[S0], t[B0]]),
        key(33, &[t[S2], t[S1], t[S0]]),
        key(34, &[t[S1], t[S0], t[B1]]),
        key(35, &[w[S0], t[B0], t[B1]]),
        key(36, &[t[S0], w[B0], t[B1]]),
        // Children.
        key(37, &[t[S0], t[S0L], t[B0]]),
        key(38, &[t[S0], t[S0R], t[B0]]),
        key(39, &[t[S0], t[B0], t[B0L]]),
        key(40, &[t[S1], t[S0], t[S0L]]),
        key(41, &[t[S1], t[S0], t[S0R]]),
        key(42, &[t[S1], t[S1R], t[S0]]),
        key(43, &[t[S1], t[S1L], t[S0]]),
        key(44, &[t[S0], t[S0L], t[S0L2]]),
        key(45, &[t[S0], t[S0R], t[S0R2]]),
        key(46, &[t[S1], t[S1R], t[S1R2]]),
        key(47, &[t[B0], t[B0L], t[B0L2]]),
        key(48, &[w[S0L], t[S0L]]),
        key(49, &[w[S0R], t[S0R]]),
        key(50, &[w[B0L], t[B0L]]),
        key(51, &[w[S1R], t[S1R]]),
        key(52, &[w[S0], t[S0R]]),
        key(53, &[w[B0], t[B0L]]),
        // Distances.
        key(54, &[w[S0], d_s0b0]),
        key(55, &[t[S0], d_s0b0]),
        key(56, &[w[B0], d_s0b0]),
        key(57, &[t[B0], d_s0b0]),
        key(58, &[w[S0], w[B0], d_s0b0]),
        key(59, &[t[S0], t[B0], d_s0b0]),
        key(60, &[t[S1], t[S0], d_s1s0]),
        key(61, &[w[S1], w[S0], d_s1s0]),
        // Valencies.
        key(62, &[w[S0], s0vl, s0vr]),
        key(63, &[t[S0], s0vl, s0vr]),
        key(64, &[w[B0], b0vl]),
        key(65, &[t[B0], b0vl]),
        key(66, &[t[S1], s1vr, t[S0]]),
        // Punctuation between the candidates.
        key(67, &[t[S0], t[B0], p_s0b0]),
        key(68, &[t[S1], t[S0], p_s1s0]),
        key(69, &[w[S0], t[B0], p_s0b0]),
        key(70, &[t[S1], w[S0], p_s1s0]),
        // Bias.
        key(71, &[]),
    ];
    *out = features;
}
