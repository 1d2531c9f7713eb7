//! The parser's feature templates: words and tags around the stack's top and the buffer's front, their
//! outermost children, distances, valencies and the punctuation between them (after Zhang & Nivre 2011, cut down
//! for an unlabelled arc-hybrid parser).

use crate::features::{Lex, NONE, ROOT, key, small};
use crate::parser::system::{self, Config};
use crate::tagger::SURE;

/// Number of features of a configuration.
pub(crate) const COUNT: usize = 114;

/// A sentence as the parser reads it: what every node shows of itself (node 0 is the root, word `i` is node `i`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    /// One entry per node, so that a feature reads one cache line per node.
    pub nodes: Vec<Node>,
}

/// What the parser reads of one node, as feature atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Node {
    /// The normalised word.
    pub word: u64,
    /// The tag.
    pub tag: u64,
    /// The coarse tag (UPOS).
    pub coarse: u64,
    /// The word's cluster.
    pub cluster: u64,
    /// The tagger's second choice, where it was close to the first.
    pub alternative: u64,
    /// Punctuation words before the node.
    pub punct_before: u16,
}

impl Node {
    const ROOT: Node = Node { word: ROOT, tag: ROOT, coarse: ROOT, cluster: ROOT, alternative: ROOT, punct_before: 0 };
    const NONE: Node = Node { word: NONE, tag: NONE, coarse: NONE, cluster: NONE, alternative: NONE, punct_before: 0 };
}

impl Words {
    /// Fills the nodes from lexes, tags and the tagger's close second choices; `is_punct(tag)` says which tags
    /// are punctuation, `coarse(tag)` gives a tag's UPOS.
    pub fn fill(
        &mut self,
        lex: &[Lex],
        tags: &[u16],
        alternatives: &[u16],
        is_punct: impl Fn(u16) -> bool,
        coarse: impl Fn(u16) -> u16,
    ) {
        self.nodes.clear();
        self.nodes.push(Node::ROOT);
        let mut puncts = 0;
        for ((l, &t), &a) in lex.iter().zip(tags).zip(alternatives) {
            self.nodes.push(Node {
                word: l.norm,
                tag: small(t as u32),
                coarse: small(1000 + coarse(t) as u32),
                cluster: l.cluster,
                alternative: if a == SURE { NONE } else { small(3000 + a as u32) },
                punct_before: puncts,
            });
            if is_punct(t) {
                puncts += 1;
            }
        }
    }

    /// Number of words (nodes but the root).
    pub fn len(&self) -> usize {
        self.nodes.len() - 1
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
    let child = |node: Option<usize>, child: u16| -> Option<usize> {
        node.and(Some(child)).filter(|&c| c != system::NONE).map(usize::from)
    };
    let s0 = config.stack(0);
    let s1 = config.stack(1);
    let b0 = config.buffer(0);
    let (s0l, s0r) = s0.map_or(([system::NONE; 2], [system::NONE; 2]), |n| (config.left[n], config.right[n]));
    let (s1l, s1r) = s1.map_or(([system::NONE; 2], [system::NONE; 2]), |n| (config.left[n], config.right[n]));
    let b0l = b0.map_or([system::NONE; 2], |n| config.left[n]);
    let slots: [Option<usize>; SLOTS] = [
        s0,
        s1,
        config.stack(2),
        b0,
        config.buffer(1),
        config.buffer(2),
        child(s0, s0l[0]),
        child(s0, s0l[1]),
        child(s0, s0r[0]),
        child(s0, s0r[1]),
        child(s1, s1l[0]),
        child(s1, s1r[0]),
        child(s1, s1r[1]),
        child(b0, b0l[0]),
        child(b0, b0l[1]),
    ];
    let nodes: [Node; SLOTS] = slots.map(|n| n.map_or(Node::NONE, |n| words.nodes[n]));
    let w = nodes.map(|n| n.word);
    let t = nodes.map(|n| n.tag);
    let u = nodes.map(|n| n.coarse);
    let c = nodes.map(|n| n.cluster);
    let a = nodes.map(|n| n.alternative);
    let l = slots.map(|n| match n.map(|n| config.labels[n]) {
        Some(label) if label != system::NONE => small(2000 + label as u32),
        _ => NONE,
    });
    let distance = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(a), Some(b)) => small(bucket(b.abs_diff(a))),
        _ => NONE,
    };
    let d_s0b0 = distance(s0, b0);
    let d_s1s0 = distance(s1, s0);
    let valency =
        |node: Option<usize>, side: usize| node.map_or(NONE, |n| small(config.valency[n][side].min(4) as u32));
    let (s0vl, s0vr, s1vr, b0vl) = (valency(s0, 0), valency(s0, 1), valency(s1, 1), valency(b0, 0));
    let punct_between = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(a), Some(b)) if b > a => {
            let count = words.nodes[b].punct_before - words.nodes[(a + 1).min(b)].punct_before;
            small(count.min(2) as u32)
        }
        _ => NONE,
    };
    let set = |node: Option<usize>, side: usize| node.map_or(NONE, |n| config.label_sets[n][side] ^ 0x5BD1_E995);
    let (s0sl, s0sr, b0sl, s1sr) = (set(s0, 0), set(s0, 1), set(b0, 0), set(s1, 1));
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
        key(72, &[u[B0], u[B1], u[B2]]),
        key(73, &[u[S0], u[B0], u[B1]]),
        key(74, &[u[S1], u[S0], u[B0]]),
        key(75, &[u[S2], u[S1], u[S0]]),
        key(76, &[u[S0], u[S0L], u[B0]]),
        key(77, &[u[S0], u[S0R], u[B0]]),
        key(78, &[u[S0], u[B0], u[B0L]]),
        key(79, &[u[S1], u[S0], u[S0R]]),
        key(80, &[u[S1], u[S1R], u[S0]]),
        key(81, &[u[S0], u[B0], d_s0b0]),
        // Clusters.
        key(82, &[c[S0]]),
        key(83, &[c[B0]]),
        key(84, &[c[S1]]),
        key(85, &[c[B1]]),
        key(86, &[c[S0], c[B0]]),
        key(87, &[c[S0], t[B0]]),
        key(88, &[t[S0], c[B0]]),
        key(89, &[c[S1], c[S0]]),
        key(90, &[c[S1], t[S0]]),
        key(91, &[t[S1], c[S0]]),
        key(92, &[c[B0], t[B1]]),
        key(93, &[t[S0], c[B0], t[B1]]),
        // Relations of the children made so far.
        key(94, &[t[S0], l[S0L]]),
        key(95, &[t[S0], l[S0R]]),
        key(96, &[t[B0], l[B0L]]),
        key(97, &[t[S1], l[S1R]]),
        key(98, &[t[S0], l[S0L], l[S0L2]]),
        key(99, &[t[S0], l[S0R], l[S0R2]]),
        key(100, &[t[B0], l[B0L], l[B0L2]]),
        key(101, &[w[S0], s0sl]),
        key(102, &[t[S0], s0sl]),
        key(103, &[t[S0], s0sr]),
        key(104, &[w[B0], b0sl]),
        key(105, &[t[B0], b0sl]),
        key(106, &[t[S1], s1sr]),
        key(107, &[t[S0], s0sr, t[B0], b0sl]),
        // The tagger's close second choices.
        key(108, &[t[S0], a[S0]]),
        key(109, &[t[B0], a[B0]]),
        key(110, &[t[S0], a[S0], t[B0], a[B0]]),
        key(111, &[t[B1], a[B1]]),
        key(112, &[w[B0], a[B0]]),
        key(113, &[t[S1], a[S1], t[S0]]),
    ];
    *out = features;
}
