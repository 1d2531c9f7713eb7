//! The arc labeller: names each arc of a finished tree with a Universal Dependencies relation (with its
//! subtype: `nsubj:pass`, `obl:agent`, `nmod:poss`, …). One multiclass averaged perceptron decision per word,
//! left to right, so that a word sees the relation already given to its nearest left sibling.

use crate::features::{Lex, NONE, ROOT, key, small};
use crate::perceptron::{Compaction, SparseTable, Weights};

const COUNT: usize = 30;

/// A finished tree as the labeller reads it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tree {
    /// Word atom per node (index 0 is the root).
    word: Vec<u64>,
    /// Tag atom per node.
    tag: Vec<u64>,
    /// Head per node (index 0 unused).
    heads: Vec<u16>,
    /// Children per node, in order, as `children[start[n]..start[n + 1]]`.
    children: Vec<u16>,
    start: Vec<u32>,
    /// Punctuation words before each node.
    punct_before: Vec<u16>,
}

impl Tree {
    /// Fills the tree from lexes, tags (as atoms through `small`), heads (`heads[d]` for d in 1..=n) and which
    /// tags are punctuation.
    pub fn fill(&mut self, lex: &[Lex], tags: &[u16], heads: &[u16], is_punct: impl Fn(u16) -> bool) {
        let n = lex.len();
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
            puncts += u16::from(is_punct(t));
        }
        self.heads.clear();
        self.heads.extend_from_slice(&heads[..=n]);
        // Children by counting sort on the head: stable, so each node's children stay in word order.
        self.start.clear();
        self.start.resize(n + 2, 0);
        for d in 1..=n {
            self.start[self.heads[d] as usize + 1] += 1;
        }
        for i in 1..self.start.len() {
            self.start[i] += self.start[i - 1];
        }
        self.children.clear();
        self.children.resize(n, 0);
        let mut next = self.start.clone();
        for d in 1..=n {
            let h = self.heads[d] as usize;
            self.children[next[h] as usize] = d as u16;
            next[h] += 1;
        }
    }

    fn children(&self, node: usize) -> &[u16] {
        &self.children[self.start[node] as usize..self.start[node + 1] as usize]
    }

    fn word(&self, node: Option<usize>) -> u64 {
        node.map_or(NONE, |n| self.word[n])
    }

    fn tag(&self, node: Option<usize>) -> u64 {
        node.map_or(NONE, |n| self.tag[n])
    }
}

fn bucket(distance: usize) -> u32 {
    match distance {
        0..=3 => distance as u32,
        4..=6 => 4,
        7..=10 => 5,
        _ => 6,
    }
}

fn extract(tree: &Tree, d: usize, labels: &[u16], out: &mut [u64; COUNT]) {
    let h = tree.heads[d] as usize;
    let (dw, dt) = (tree.word[d], tree.tag[d]);
    let (hw, ht) = (tree.word[h], tree.tag[h]);
    let dir = small(u32::from(d < h));
    let dist = small(bucket(d.abs_diff(h)));
    let own = tree.children(d);
    let (lc, rc) = (own.first().map(|&c| c as usize), own.last().map(|&c| c as usize));
    let grand = (h != 0).then(|| tree.heads[h] as usize);
    let siblings = tree.children(h);
    let position = siblings.iter().position(|&s| s as usize == d).unwrap_or(0);
    let previous = position.checked_sub(1).map(|i| siblings[i] as usize);
    let next = siblings.get(position + 1).map(|&s| s as usize);
    let next2 = siblings.get(position + 2).map(|&s| s as usize);
    let previous_label = previous.map_or(NONE, |p| small(labels[p] as u32));
    let before = d.checked_sub(1).filter(|&b| b > 0);
    let after = Some(d + 1).filter(|&a| a < tree.word.len());
    let valency = small((own.iter().filter(|&&c| (c as usize) < d).count().min(3) * 4 + own.iter().filter(|&&c| c as usize > d).count().min(3)) as u32);
    let (a, b) = (d.min(h), d.max(h));
    let punct = small(if b > a + 1 { (tree.punct_before[b] - tree.punct_before[a + 1]).min(2) as u32 } else { 0 });
    *out = [
        key(0, &[]),
        key(1, &[dw]),
        key(2, &[dt]),
        key(3, &[dw, dt]),
        key(4, &[hw]),
        key(5, &[ht]),
        key(6, &[hw, ht]),
        key(7, &[dt, ht, dir]),
        key(8, &[dw, ht, dir]),
        key(9, &[dt, hw, dir]),
        key(10, &[dw, hw, dir]),
        key(11, &[dt, ht, dir, dist]),
        key(12, &[tree.word(lc), dt]),
        key(13, &[tree.tag(lc), dt, ht]),
        key(14, &[tree.word(rc), dt]),
        key(15, &[tree.tag(rc), dt]),
        key(16, &[tree.tag(grand), ht, dt, dir]),
        key(17, &[previous_label, dt, ht, dir]),
        key(18, &[previous_label, tree.tag(previous), dt]),
        key(19, &[tree.word(next), dt, dir]),
        key(20, &[tree.tag(next), tree.word(next2), dt]),
        key(21, &[tree.tag(before), dt, tree.tag(after)]),
        key(22, &[valency, dt]),
        key(23, &[punct, dt, ht]),
        key(24, &[tree.word(lc), dt, ht]),
        key(25, &[tree.word(grand), ht, dt]),
        key(26, &[tree.word(lc), tree.word(rc), dt]),
        key(27, &[previous_label, tree.word(next), dt, ht]),
        key(28, &[tree.tag(before), dw, ht]),
        key(29, &[dw, tree.word(after)]),
    ];
}

/// The trained labeller.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Labeller {
    pub table: SparseTable,
    /// The class of `root`, given to the root's dependent and to no other word.
    pub root: u16,
}

impl Labeller {
    /// Labels every word of `tree`: `out[d - 1]` is word `d`'s relation.
    pub fn label(&self, tree: &Tree, out: &mut Vec<u16>) {
        let n = tree.word.len() - 1;
        // Labels by node (index 0 unused), so that features can read a sibling's label.
        let mut labels = vec![0u16; n + 1];
        let mut scores = vec![0i32; self.table.classes()];
        let mut features = [0u64; COUNT];
        for d in 1..=n {
            if tree.heads[d] == 0 {
                labels[d] = self.root;
                continue;
            }
            extract(tree, d, &labels, &mut features);
            scores.fill(0);
            self.table.score(&features, &mut scores);
            labels[d] = best(scores.iter().map(|&s| s as i64), self.root);
        }
        out.clear();
        out.extend_from_slice(&labels[1..]);
    }
}

/// The first class with the highest score, other than `root`.
fn best(scores: impl Iterator<Item = i64>, root: u16) -> u16 {
    let mut best = (0u16, i64::MIN);
    for (class, score) in scores.enumerate() {
        if class as u16 != root && score > best.1 {
            best = (class as u16, score);
        }
    }
    best.0
}

/// Training state of the labeller.
#[derive(Debug, Clone)]
pub(crate) struct LabellerTrainer {
    weights: Weights,
    root: u16,
    labels: Vec<u16>,
    scores: Vec<i64>,
}

impl LabellerTrainer {
    /// A labeller over `classes` relations, `root` being the class of `root`.
    pub fn new(classes: usize, root: u16) -> LabellerTrainer {
        LabellerTrainer { weights: Weights::new(classes), root, labels: Vec::new(), scores: vec![0; classes] }
    }

    /// Learns from one tree with its gold labels (`gold[d - 1]` for word `d`); returns how many it got right.
    pub fn learn(&mut self, tree: &Tree, gold: &[u16]) -> usize {
        let n = tree.word.len() - 1;
        self.labels.clear();
        self.labels.resize(n + 1, 0);
        let mut correct = 0;
        let mut features = [0u64; COUNT];
        for d in 1..=n {
            if tree.heads[d] == 0 {
                self.labels[d] = self.root;
                correct += usize::from(gold[d - 1] == self.root);
                continue;
            }
            extract(tree, d, &self.labels, &mut features);
            self.scores.fill(0);
            self.weights.score(&features, &mut self.scores);
            let guess = best(self.scores.iter().copied(), self.root);
            let truth = gold[d - 1];
            if guess == truth {
                correct += 1;
            } else if truth != self.root {
                self.weights.update(&features, truth as usize, 1);
                self.weights.update(&features, guess as usize, -1);
            }
            self.weights.tick();
            // Later words read the gold label of their left sibling, as they will read a good prediction.
            self.labels[d] = truth;
        }
        correct
    }

    /// The labeller with averaged, compacted weights.
    pub fn compile(&self, compaction: Compaction) -> Labeller {
        Labeller { table: SparseTable::build(self.weights.classes(), &self.weights.averaged(), compaction), root: self.root }
    }
}
