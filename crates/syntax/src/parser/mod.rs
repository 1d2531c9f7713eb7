//! The dependency parser: greedy arc-hybrid transitions scored by an averaged perceptron over hashed
//! features, unlabelled (the labeller names each arc afterwards), trained with a dynamic oracle.

mod features;
mod labels;
pub(crate) mod system;

pub(crate) use features::Words;
use features::{COUNT, extract};
use system::{Config, Move};

use crate::perceptron::{Compaction, HashedTable, HashedWeights, MAX_CLASSES, SparseTable, Weights, mean_of};

/// The parser's table has `2^BITS` rows.
const BITS: u32 = 21;

/// The trained parser.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parser {
    pub table: HashedTable,
    /// The relation of each arc, decided as it is made.
    pub labels: SparseTable,
    /// The relation of the root's dependent.
    pub root: u16,
}

impl Parser {
    /// Parses a sentence: on return `config.heads[d]` is the head of word `d` (1-based; 0 is the root).
    pub fn parse(&self, words: &Words, config: &mut Config) {
        config.reset(words.len());
        let mut features = [0u64; COUNT];
        let mut arc_features = [0u64; labels::COUNT];
        let mut label_scores = [0i32; MAX_CLASSES];
        let classes = self.labels.classes();
        while !config.is_terminal() {
            extract(config, words, &mut features);
            let mut scores = [0i32; 3];
            self.table.score(&features, &mut scores);
            let best = best_move(config, |m| scores[m as usize] as i64, |_| true).expect("a move is allowed");
            let label = config.arc(best).map(|(head, dependent)| {
                if head == 0 {
                    return (dependent, self.root);
                }
                labels::extract(config, words, head, dependent, &mut arc_features);
                label_scores[..classes].fill(0);
                self.labels.score(&arc_features, &mut label_scores);
                (dependent, best_label(label_scores[..classes].iter().map(|&s| s as i64), self.root))
            });
            config.apply(best);
            if let Some((dependent, label)) = label {
                config.set_label(dependent, label);
            }
        }
    }
}

/// The allowed move with the highest score among those `keep` accepts (the first in class order on ties).
fn best_move(config: &Config, score: impl Fn(Move) -> i64, keep: impl Fn(Move) -> bool) -> Option<Move> {
    let mut best: Option<(Move, i64)> = None;
    for m in Move::ALL {
        if !config.can(m) || !keep(m) {
            continue;
        }
        let s = score(m);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((m, s));
        }
    }
    best.map(|(m, _)| m)
}

/// The first class with the highest score, other than `root` (which only the root's dependent gets).
fn best_label(scores: impl Iterator<Item = i64>, root: u16) -> u16 {
    let mut best = (0u16, i64::MIN);
    for (class, score) in scores.enumerate() {
        if class as u16 != root && score > best.1 {
            best = (class as u16, score);
        }
    }
    best.0
}

/// Training state of the parser.
#[derive(Debug, Clone)]
pub(crate) struct ParserTrainer {
    weights: HashedWeights,
    labels: Weights,
    root: u16,
    label_scores: Vec<i64>,
    config: Config,
}

/// What one training sentence did.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Step {
    /// Moves the model chose that lost no gold arc.
    pub correct: usize,
    /// Moves made.
    pub moves: usize,
    /// Arcs made that are in the gold tree.
    pub gold_arcs: usize,
    /// ... of which the relation was right.
    pub right_labels: usize,
}

impl ParserTrainer {
    /// A parser with no weights.
    /// A parser with no weights, over `relations` relations of which `root` is the root's.
    pub fn new(relations: usize, root: u16) -> ParserTrainer {
        ParserTrainer {
            weights: HashedWeights::new(BITS),
            labels: Weights::new(relations),
            root,
            label_scores: vec![0; relations],
            config: Config::default(),
        }
    }

    /// Learns from one sentence with a projective `gold` tree (`gold[d]` is word `d`'s head; index 0 unused).
    /// With `explore`, the parser follows its own move even when it loses an arc, whenever `follow()` says so,
    /// and learns what is best from there (the dynamic oracle).
    /// `relations[d - 1]` is word `d`'s gold relation.
    pub fn learn(
        &mut self,
        words: &Words,
        gold: &[u16],
        relations: &[u16],
        explore: bool,
        mut follow: impl FnMut() -> bool,
    ) -> Step {
        let mut arc_features = [0u64; labels::COUNT];
        let mut step = Step::default();
        self.config.reset(words.len());
        let mut features = [0u64; COUNT];
        while !self.config.is_terminal() {
            extract(&self.config, words, &mut features);
            let mut scores = [0i64; 3];
            self.weights.score(&features, &mut scores);
            let config = &self.config;
            let costs = Move::ALL.map(|m| if config.can(m) { config.cost(m, gold) } else { usize::MAX });
            let least = *costs.iter().min().expect("three moves");
            let predicted = best_move(config, |m| scores[m as usize], |_| true).expect("a move is allowed");
            let right = best_move(config, |m| scores[m as usize], |m| costs[m as usize] == least)
                .expect("a move of least cost");
            if costs[predicted as usize] > least {
                self.weights.update(&features, right as usize, 1);
                self.weights.update(&features, predicted as usize, -1);
            } else {
                step.correct += 1;
            }
            self.weights.tick();
            step.moves += 1;
            let next = if explore && costs[predicted as usize] > least && follow() { predicted } else { right };
            let label = self.config.arc(next).map(|(head, dependent)| {
                if head == 0 {
                    return (dependent, self.root);
                }
                labels::extract(&self.config, words, head, dependent, &mut arc_features);
                self.label_scores.fill(0);
                self.labels.score(&arc_features, &mut self.label_scores);
                let guess = best_label(self.label_scores.iter().copied(), self.root);
                let truth = relations[dependent - 1];
                if gold[dependent] as usize == head && truth != u16::MAX && truth != self.root {
                    step.gold_arcs += 1;
                    if guess == truth {
                        step.right_labels += 1;
                    } else {
                        self.labels.update(&arc_features, truth as usize, 1);
                        self.labels.update(&arc_features, guess as usize, -1);
                    }
                    self.labels.tick();
                }
                (dependent, guess)
            });
            self.config.apply(next);
            if let Some((dependent, label)) = label {
                self.config.set_label(dependent, label);
            }
        }
        step
    }

    /// The parser whose weights are the mean of the runs' averaged weights (a single run is a soup of one).
    pub fn compile(runs: &[&ParserTrainer], compaction: Compaction) -> Parser {
        let moves: Vec<&HashedWeights> = runs.iter().map(|r| &r.weights).collect();
        let labels: Vec<&Weights> = runs.iter().map(|r| &r.labels).collect();
        Parser {
            table: HashedWeights::compile(&moves),
            labels: SparseTable::build(runs[0].labels.classes(), &mean_of(&labels), compaction),
            root: runs[0].root,
        }
    }
}
