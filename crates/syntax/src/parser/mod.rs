//! The dependency parser: greedy arc-hybrid transitions scored by an averaged perceptron over hashed
//! features, unlabelled (the labeller names each arc afterwards), trained with a dynamic oracle.

mod features;
pub(crate) mod system;

pub(crate) use features::Words;
use features::{COUNT, extract};
use system::{Config, Move};

use crate::perceptron::{Compaction, DenseTable, Weights};

/// The trained parser.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parser {
    pub table: DenseTable<3>,
}

impl Parser {
    /// Parses a sentence: on return `config.heads[d]` is the head of word `d` (1-based; 0 is the root).
    pub fn parse(&self, words: &Words, config: &mut Config) {
        config.reset(words.word.len() - 1);
        let mut features = [0u64; COUNT];
        while !config.is_terminal() {
            extract(config, words, &mut features);
            let mut scores = [0i32; 3];
            self.table.score(&features, &mut scores);
            let best = best_move(config, |m| scores[m as usize] as i64, |_| true).expect("a move is allowed");
            config.apply(best);
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

/// Training state of the parser.
#[derive(Debug, Clone)]
pub(crate) struct ParserTrainer {
    weights: Weights,
    config: Config,
}

/// What one training sentence did.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Step {
    /// Moves the model chose that lost no gold arc.
    pub correct: usize,
    /// Moves made.
    pub moves: usize,
}

impl ParserTrainer {
    /// A parser with no weights.
    pub fn new() -> ParserTrainer {
        ParserTrainer { weights: Weights::new(3), config: Config::default() }
    }

    /// Learns from one sentence with a projective `gold` tree (`gold[d]` is word `d`'s head; index 0 unused).
    /// With `explore`, the parser follows its own move even when it loses an arc, whenever `follow()` says so,
    /// and learns what is best from there (the dynamic oracle).
    pub fn learn(&mut self, words: &Words, gold: &[u16], explore: bool, mut follow: impl FnMut() -> bool) -> Step {
        let mut step = Step::default();
        self.config.reset(words.word.len() - 1);
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
            self.config.apply(next);
        }
        step
    }

    /// The parser with averaged, compacted weights.
    pub fn compile(&self, compaction: Compaction) -> Parser {
        Parser { table: DenseTable::build(&self.weights.averaged(), compaction) }
    }
}
