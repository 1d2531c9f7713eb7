//! Training a model from a treebank: the tagger (early stopping on dev), the tagger again on ten folds so that
//! the parser learns from tags as wrong as it will see (jackknifing), the parser with a dynamic oracle, then the
//! labeller, each stopped early on dev; the lemmatiser from the lemma column.
//!
//! Deterministic: the same treebank and settings give the same bytes (shuffles use a seeded generator, maps
//! are written sorted). Progress goes to a [`TrainObserver`]; the crate reads no clock.

use xxhash_rust::xxh3::Xxh3;

use crate::conllu::{self, Sentence};
use crate::eval::{self, Scores, percent};
use crate::features::Lex;
use crate::format::{self, Parts};
use crate::labeller::{Labeller, LabellerTrainer, Tree};
use crate::lemma::Lemmatizer;
use crate::model::{Analyser, Analysis, Model};
use crate::parser::system::{Config, NONE};
use crate::parser::{Parser, ParserTrainer, Words};
use crate::perceptron::Compaction;
use crate::tagger::{Tagger, TaggerTrainer};
use crate::tree::projectivize;

/// How to train.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainSettings {
    /// Seed of the shuffles and of the oracle's exploration.
    pub seed: u64,
    /// Most passes over the training data for each of tagger, parser and labeller.
    pub max_epochs: usize,
    /// Stop a stage after this many passes without a better dev score.
    pub patience: usize,
    /// Folds of the jackknifed tags the parser trains on (0 or 1: it trains on gold tags).
    pub folds: usize,
    /// The parser follows its own mistakes (dynamic oracle exploration) from this pass on (1-based).
    pub explore_from: usize,
    /// How often it follows a mistake when exploring, out of 1.
    pub follow: f64,
    /// Weights below this share of their table's largest are dropped from the shipped model.
    pub prune: f32,
}

impl Default for TrainSettings {
    fn default() -> TrainSettings {
        TrainSettings { seed: 1, max_epochs: 15, patience: 3, folds: 10, explore_from: 2, follow: 0.9, prune: 0.0 }
    }
}

impl TrainSettings {
    fn describe(&self) -> String {
        format!(
            "seed={} max_epochs={} patience={} folds={} explore_from={} follow={} prune={}",
            self.seed, self.max_epochs, self.patience, self.folds, self.explore_from, self.follow, self.prune
        )
    }
}

/// A stage of training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The tagger on all training sentences.
    Tagger,
    /// The tagger on folds, for the parser's training tags.
    Jackknife,
    /// The parser.
    Parser,
    /// The labeller.
    Labeller,
}

impl Stage {
    /// The stage's name.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Tagger => "tagger",
            Stage::Jackknife => "jackknife",
            Stage::Parser => "parser",
            Stage::Labeller => "labeller",
        }
    }
}

/// One pass over the training data and its scores.
#[derive(Debug, Clone, PartialEq)]
pub struct EpochReport {
    /// The stage.
    pub stage: Stage,
    /// Pass number, from 1.
    pub epoch: usize,
    /// Share of decisions right on the training data during the pass (tags, moves or relations), in percent.
    pub train: f64,
    /// The stage's dev score after the pass, in percent: UPOS+XPOS accuracy, UAS or LAS.
    pub dev: f64,
    /// True when this pass is the best so far (it is the one kept).
    pub best: bool,
}

/// Hears how training goes.
pub trait TrainObserver {
    /// A stage starts: `units` is the number of steps it reports through [`TrainObserver::advance`] per pass.
    fn stage(&mut self, stage: Stage, units: usize);
    /// `steps` more units are done.
    fn advance(&mut self, steps: usize);
    /// A pass ended.
    fn epoch(&mut self, report: &EpochReport);
}

/// An observer that hears nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quiet;

impl TrainObserver for Quiet {
    fn stage(&mut self, _: Stage, _: usize) {}
    fn advance(&mut self, _: usize) {}
    fn epoch(&mut self, _: &EpochReport) {}
}

/// Why training could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrainError {
    /// No usable training sentence.
    #[error("no training sentences with every head and relation given")]
    NoTrainingData,
    /// No usable dev sentence.
    #[error("no dev sentences with every head and relation given")]
    NoDevData,
}

/// A trained model and how training went.
#[derive(Debug, Clone)]
pub struct Trained {
    /// The model.
    pub model: Model,
    /// Every pass of every stage.
    pub epochs: Vec<EpochReport>,
    /// The model's scores on the dev sentences.
    pub dev: Scores,
}

/// A treebank sentence as the trainers read it.
struct Example {
    lex: Vec<Lex>,
    tags: Vec<u16>,
    heads: Vec<u16>,
    relations: Vec<u16>,
}

/// Classes found in training data.
struct Inventory {
    tags: Vec<(String, String)>,
    relations: Vec<String>,
}

impl Inventory {
    fn new(sentences: &[Sentence]) -> Inventory {
        let mut tags: Vec<(String, String)> =
            sentences.iter().flat_map(|s| &s.words).map(|w| (w.upos.clone(), w.xpos.clone())).collect();
        tags.sort();
        tags.dedup();
        let mut relations: Vec<String> = sentences.iter().flat_map(|s| &s.words).map(|w| w.deprel.clone()).collect();
        relations.push("root".into());
        relations.sort();
        relations.dedup();
        Inventory { tags, relations }
    }

    fn tag(&self, upos: &str, xpos: &str) -> Option<u16> {
        self.tags.iter().position(|(u, x)| u == upos && x == xpos).map(|i| i as u16)
    }

    fn relation(&self, name: &str) -> Option<u16> {
        self.relations.iter().position(|r| r == name).map(|i| i as u16)
    }

    /// The example of a sentence whose every head is given (non-projective trees lifted); classes not in the
    /// inventory become `u16::MAX`, which no prediction equals.
    fn example(&self, sentence: &Sentence) -> Option<Example> {
        let heads = sentence.heads()?;
        let n = heads.len();
        if n == 0 || n > crate::model::MAX_WORDS {
            return None;
        }
        let mut tree = vec![NONE];
        tree.extend(projectivize(&heads).iter().map(|&h| h as u16));
        Some(Example {
            lex: sentence.words.iter().map(|w| Lex::new(&w.form)).collect(),
            tags: sentence.words.iter().map(|w| self.tag(&w.upos, &w.xpos).unwrap_or(u16::MAX)).collect(),
            heads: tree,
            relations: sentence.words.iter().map(|w| self.relation(&w.deprel).unwrap_or(u16::MAX)).collect(),
        })
    }
}

/// A seeded generator (SplitMix64): written out so that a model's bytes never depend on a crate's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Trains a model on `train`, choosing each stage's pass count on `dev`.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    settings: &TrainSettings,
    observer: &mut dyn TrainObserver,
) -> Result<Trained, TrainError> {
    let inventory = Inventory::new(train);
    let examples: Vec<Example> = train.iter().filter_map(|s| inventory.example(s)).collect();
    let dev_examples: Vec<Example> = dev.iter().filter_map(|s| inventory.example(s)).collect();
    if examples.is_empty() {
        return Err(TrainError::NoTrainingData);
    }
    if dev_examples.is_empty() {
        return Err(TrainError::NoDevData);
    }
    let compaction = Compaction { prune: settings.prune };
    let mut rng = Rng(settings.seed);
    let mut epochs = Vec::new();
    let is_punct: Vec<bool> = inventory.tags.iter().map(|(u, _)| u == "PUNCT").collect();
    let punct = |t: u16| is_punct.get(t as usize).copied().unwrap_or(false);

    // The tagger, on everything.
    let all: Vec<usize> = (0..examples.len()).collect();
    let (tagger, tagger_epochs) =
        train_tagger(&inventory, &examples, &all, Some(&dev_examples), settings, &mut rng, observer, &mut epochs);

    // Jackknifed tags for the parser and labeller.
    let mut train_tags: Vec<Vec<u16>> = examples.iter().map(|e| e.tags.clone()).collect();
    if settings.folds > 1 {
        observer.stage(Stage::Jackknife, settings.folds * tagger_epochs * examples.len());
        for fold in 0..settings.folds {
            let rest: Vec<usize> = all.iter().copied().filter(|i| i % settings.folds != fold).collect();
            let folded = TrainSettings { max_epochs: tagger_epochs, patience: usize::MAX, ..settings.clone() };
            let (fold_tagger, _) =
                train_tagger(&inventory, &examples, &rest, None, &folded, &mut rng, observer, &mut Vec::new());
            for i in all.iter().copied().filter(|i| i % settings.folds == fold) {
                fold_tagger.tag(&examples[i].lex, &mut train_tags[i]);
            }
        }
    }
    let mut dev_tags: Vec<Vec<u16>> = Vec::with_capacity(dev_examples.len());
    for e in &dev_examples {
        let mut tags = Vec::new();
        tagger.tag(&e.lex, &mut tags);
        dev_tags.push(tags);
    }

    // The parser.
    let mut words = Words::default();
    let dev_words: Vec<Words> = dev_examples
        .iter()
        .zip(&dev_tags)
        .map(|(e, tags)| {
            let mut w = Words::default();
            w.fill(&e.lex, tags, punct);
            w
        })
        .collect();
    let mut trainer = ParserTrainer::new();
    let mut best: Option<(f64, Parser)> = None;
    let mut order = all.clone();
    let mut stale = 0;
    let mut config = Config::default();
    for epoch in 1..=settings.max_epochs {
        observer.stage(Stage::Parser, examples.len());
        rng.shuffle(&mut order);
        let (mut correct, mut moves) = (0, 0);
        let explore = epoch >= settings.explore_from;
        for (k, &i) in order.iter().enumerate() {
            words.fill(&examples[i].lex, &train_tags[i], punct);
            let step = trainer.learn(&words, &examples[i].heads, explore, || rng.chance(settings.follow));
            correct += step.correct;
            moves += step.moves;
            if k % 256 == 255 {
                observer.advance(256);
            }
        }
        let parser = trainer.compile(compaction);
        let (mut right, mut total) = (0, 0);
        for (e, w) in dev_examples.iter().zip(&dev_words) {
            parser.parse(w, &mut config);
            right += (1..=e.lex.len()).filter(|&d| config.heads[d] == e.heads[d]).count();
            total += e.lex.len();
        }
        let uas = percent(right, total);
        if std::env::var("GOLD_DEV").is_ok() {
            let (mut right, mut total) = (0, 0);
            let mut w = Words::default();
            for e in dev_examples.iter() {
                w.fill(&e.lex, &e.tags, punct);
                parser.parse(&w, &mut config);
                right += (1..=e.lex.len()).filter(|&d| config.heads[d] == e.heads[d]).count();
                total += e.lex.len();
            }
            eprintln!("   gold-tag dev uas {:.2}", percent(right, total));
        }
        let improved = best.as_ref().is_none_or(|(b, _)| uas > *b);
        report(observer, &mut epochs, Stage::Parser, epoch, percent(correct, moves), uas, improved);
        if improved {
            best = Some((uas, parser));
            stale = 0;
        } else {
            stale += 1;
            if stale >= settings.patience {
                break;
            }
        }
    }
    let parser = best.expect("at least one pass").1;

    // The labeller, on gold trees with jackknifed tags; scored on the parser's dev trees.
    let root = inventory.relation("root").expect("root is always in the inventory");
    let mut labeller_trainer = LabellerTrainer::new(inventory.relations.len(), root);
    let mut tree = Tree::default();
    let dev_trees: Vec<Tree> = dev_examples
        .iter()
        .zip(&dev_words)
        .zip(&dev_tags)
        .map(|((e, w), tags)| {
            parser.parse(w, &mut config);
            let mut t = Tree::default();
            t.fill(&e.lex, tags, &config.heads, punct);
            t
        })
        .collect();
    let dev_heads: Vec<Vec<u16>> = dev_examples
        .iter()
        .zip(&dev_words)
        .map(|(_, w)| {
            parser.parse(w, &mut config);
            config.heads.clone()
        })
        .collect();
    let mut best: Option<(f64, Labeller)> = None;
    let mut stale = 0;
    let mut labels = Vec::new();
    for epoch in 1..=settings.max_epochs {
        observer.stage(Stage::Labeller, examples.len());
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0, 0);
        for (k, &i) in order.iter().enumerate() {
            let e = &examples[i];
            tree.fill(&e.lex, &train_tags[i], &e.heads, punct);
            correct += labeller_trainer.learn(&tree, &e.relations);
            total += e.lex.len();
            if k % 256 == 255 {
                observer.advance(256);
            }
        }
        let labeller = labeller_trainer.compile(compaction);
        let (mut right, mut words_total) = (0, 0);
        for ((e, t), heads) in dev_examples.iter().zip(&dev_trees).zip(&dev_heads) {
            labeller.label(t, &mut labels);
            for d in 1..=e.lex.len() {
                words_total += 1;
                if heads[d] == e.heads[d] {
                    let (gold, guess) = (e.relations[d - 1], labels[d - 1]);
                    right += usize::from(
                        gold != u16::MAX
                            && conllu::universal(&inventory.relations[gold as usize])
                                == conllu::universal(&inventory.relations[guess as usize]),
                    );
                }
            }
        }
        let las = percent(right, words_total);
        let improved = best.as_ref().is_none_or(|(b, _)| las > *b);
        report(observer, &mut epochs, Stage::Labeller, epoch, percent(correct, total), las, improved);
        if improved {
            best = Some((las, labeller));
            stale = 0;
        } else {
            stale += 1;
            if stale >= settings.patience {
                break;
            }
        }
    }
    let labeller = best.expect("at least one pass").1;

    // Lemmas.
    let keep_case = inventory.tags.iter().map(|(u, _)| u == "PROPN").collect();
    let lemma_examples = train.iter().flat_map(|s| &s.words).filter_map(|w| {
        let tag = inventory.tag(&w.upos, &w.xpos)?;
        (w.lemma != "_").then_some((w.form.as_str(), tag, w.lemma.as_str()))
    });
    let lemmas = Lemmatizer::learn(lemma_examples, keep_case);

    let mut header = vec![
        ("language".to_string(), "en".to_string()),
        ("trained_on".to_string(), data_hash(train, dev)),
        ("training".to_string(), settings.describe()),
        ("tags".to_string(), inventory.tags.iter().map(|(u, x)| format!("{u}/{x}")).collect::<Vec<_>>().join(" ")),
        ("relations".to_string(), inventory.relations.join(" ")),
    ];
    let parts = Parts { header: header.clone(), tagger, parser, labeller, lemmas };
    let model = Model::assemble(parts.clone(), inventory.tags.clone(), inventory.relations.clone());
    let dev_scores = eval::on_gold_words(&model, dev);
    header.push((
        "dev".to_string(),
        format!(
            "words={} upos={:.2} xpos={:.2} lemma={:.2} uas={:.2} las={:.2}",
            dev_scores.words,
            percent(dev_scores.upos, dev_scores.words),
            percent(dev_scores.xpos, dev_scores.words),
            percent(dev_scores.lemma, dev_scores.words),
            percent(dev_scores.uas, dev_scores.words),
            percent(dev_scores.las, dev_scores.words)
        ),
    ));
    let model = Model::assemble(Parts { header, ..parts }, inventory.tags, inventory.relations);
    // What ships is what was read back: check the bytes round-trip.
    debug_assert_eq!(format::read(&model.to_bytes()).map(|p| p.header), Ok(model.header().to_vec()));
    Ok(Trained { model, epochs, dev: dev_scores })
}

#[allow(clippy::too_many_arguments)]
fn train_tagger(
    inventory: &Inventory,
    examples: &[Example],
    subset: &[usize],
    dev: Option<&[Example]>,
    settings: &TrainSettings,
    rng: &mut Rng,
    observer: &mut dyn TrainObserver,
    epochs: &mut Vec<EpochReport>,
) -> (Tagger, usize) {
    let compaction = Compaction { prune: settings.prune };
    let known = subset.iter().map(|&i| (examples[i].lex.as_slice(), examples[i].tags.as_slice()));
    let mut trainer = TaggerTrainer::new(inventory.tags.len(), known);
    let mut order = subset.to_vec();
    let mut best: Option<(f64, Tagger, usize)> = None;
    let mut stale = 0;
    let mut predicted = Vec::new();
    for epoch in 1..=settings.max_epochs {
        if dev.is_some() {
            observer.stage(Stage::Tagger, order.len());
        }
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0, 0);
        for (k, &i) in order.iter().enumerate() {
            correct += trainer.learn(&examples[i].lex, &examples[i].tags);
            total += examples[i].lex.len();
            if k % 256 == 255 {
                observer.advance(256);
            }
        }
        let tagger = trainer.compile(compaction);
        let Some(dev) = dev else {
            best = Some((0.0, tagger, epoch));
            continue;
        };
        let (mut right, mut words) = (0, 0);
        for e in dev {
            tagger.tag(&e.lex, &mut predicted);
            right += predicted.iter().zip(&e.tags).filter(|(p, g)| p == g).count();
            words += e.lex.len();
        }
        let accuracy = percent(right, words);
        let improved = best.as_ref().is_none_or(|(b, _, _)| accuracy > *b);
        report(observer, epochs, Stage::Tagger, epoch, percent(correct, total), accuracy, improved);
        if improved {
            best = Some((accuracy, tagger, epoch));
            stale = 0;
        } else {
            stale += 1;
            if stale >= settings.patience {
                break;
            }
        }
    }
    let (_, tagger, epoch) = best.expect("at least one pass");
    (tagger, epoch)
}

fn report(
    observer: &mut dyn TrainObserver,
    epochs: &mut Vec<EpochReport>,
    stage: Stage,
    epoch: usize,
    train: f64,
    dev: f64,
    best: bool,
) {
    let report = EpochReport { stage, epoch, train, dev, best };
    observer.epoch(&report);
    epochs.push(report);
}

/// A hash of the training and dev sentences as CoNLL-U, recorded in the model's header.
fn data_hash(train: &[Sentence], dev: &[Sentence]) -> String {
    let mut hasher = Xxh3::new();
    for sentence in train {
        hasher.update(sentence.to_string().as_bytes());
    }
    hasher.update(b"\0dev\0");
    for sentence in dev {
        hasher.update(sentence.to_string().as_bytes());
    }
    format!("xxh3:{:016x}", hasher.digest())
}

/// Analyses `sentences` on their gold words with `model` (for callers that want the analyses themselves).
pub fn analyse_all(model: &Model, sentences: &[Sentence]) -> Vec<Analysis> {
    let mut analyser = Analyser::new(model);
    sentences
        .iter()
        .map(|s| {
            let mut analysis = Analysis::default();
            analyser.analyse(s.words.iter().map(|w| w.form.as_str()), &mut analysis);
            analysis
        })
        .collect()
}
