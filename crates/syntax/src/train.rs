//! Training a model from a treebank: word clusters from the treebank's words and unlabelled text, the tagger
//! (stopped early on dev), the tagger again on ten folds so that the parser learns from tags as wrong as it will
//! see (jackknifing), then the parser and its relations with a dynamic oracle (stopped early on dev), and the
//! lemmatiser from the lemma column.
//!
//! Deterministic: the same treebank, text and settings give the same bytes (shuffles use a seeded generator,
//! maps are written sorted). Progress goes to a [`TrainObserver`]; the crate reads no clock.

use xxhash_rust::xxh3::Xxh3;

use crate::clusters::{ClusterSettings, ClusterText, Clusters};
use crate::conllu::{Sentence, universal};
use crate::eval::{self, Scores, percent};
use crate::features::Lex;
use crate::format::Parts;
use crate::lemma::Lemmatizer;
use crate::model::{MAX_WORDS, Model, coarse_tag};
use crate::parser::system::{Config, NONE};
use crate::parser::{Parser, ParserTrainer, Words};
use crate::perceptron::Compaction;
use crate::tagger::{SURE, Tagger, TaggerTrainer};
use crate::tree::projectivize;

/// How to train.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainSettings {
    /// Seed of the shuffles and of the oracle's exploration.
    pub seed: u64,
    /// Most passes over the training data for each of tagger and parser.
    pub max_epochs: usize,
    /// Stop a stage after this many passes without a better dev score.
    pub patience: usize,
    /// Folds of the jackknifed tags the parser trains on (0 or 1: it trains on gold tags).
    pub folds: usize,
    /// The parser follows its own mistakes (dynamic oracle exploration) from this pass on (1-based).
    pub explore_from: usize,
    /// How often it follows a mistake when exploring, out of 1.
    pub follow: f64,
    /// The tagger gives a second choice when it scores within this margin of the first (weight units).
    pub margin: f32,
    /// The share of the tagger's and the relations' features kept in the model, the strongest first (smaller
    /// and faster; the weakest weigh least in any decision).
    pub keep: f64,
    /// Word clusters from the training words and unlabelled text (`classes: 0` for none).
    pub clusters: ClusterSettings,
    /// Runs of the tagger and of the parser, each in its own order, whose averaged weights are averaged again
    /// (a "soup": as accurate as an ensemble of the runs, as fast as one of them).
    pub runs: usize,
}

impl Default for TrainSettings {
    fn default() -> TrainSettings {
        TrainSettings {
            seed: 1,
            max_epochs: 15,
            patience: 3,
            folds: 10,
            explore_from: 2,
            follow: 0.9,
            margin: 10.0,
            keep: 0.5,
            clusters: ClusterSettings::default(),
            runs: 3,
        }
    }
}

impl TrainSettings {
    /// The settings as one line, as the model's header records them.
    pub fn describe(&self) -> String {
        format!(
            "seed={} max_epochs={} patience={} folds={} explore_from={} follow={} margin={} keep={} clusters={}/{}/{} runs={}",
            self.seed,
            self.max_epochs,
            self.patience,
            self.folds,
            self.explore_from,
            self.follow,
            self.margin,
            self.keep,
            self.clusters.classes,
            self.clusters.passes,
            self.clusters.min_count,
            self.runs
        )
    }
}

/// A stage of training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Word clusters.
    Clusters,
    /// The tagger on all training sentences.
    Tagger,
    /// The tagger on folds, for the parser's training tags.
    Jackknife,
    /// The parser.
    Parser,
}

impl Stage {
    /// The stage's name.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Clusters => "clusters",
            Stage::Tagger => "tagger",
            Stage::Jackknife => "jackknife",
            Stage::Parser => "parser",
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
    /// Share of decisions right on the training data during the pass (tags or moves), in percent.
    pub train: f64,
    /// Dev scores after the pass, in percent, by name (`tags`; `UAS`, `LAS`); the last decides the best pass.
    pub dev: Vec<(&'static str, f64)>,
    /// True when this pass is the best so far (it is the one kept).
    pub best: bool,
}

/// Hears how training goes.
pub trait TrainObserver {
    /// A stage starts: `units` is the number of steps it reports through [`TrainObserver::advance`].
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
    #[error("no training sentence has every head given")]
    NoTrainingData,
    /// No usable dev sentence.
    #[error("no dev sentence has every head given")]
    NoDevData,
    /// Too many tags to score.
    #[error("the training data has {0} UPOS/XPOS pairs, more than the tagger's {max}", max = crate::perceptron::MAX_CLASSES)]
    TooManyTags(usize),
    /// Too many relations to score.
    #[error("the training data has {0} relations, more than the parser's {max}", max = crate::perceptron::MAX_CLASSES)]
    TooManyRelations(usize),
}

/// A trained model and how training went.
#[derive(Debug, Clone)]
pub struct Trained {
    /// The model.
    pub model: Model,
    /// Every pass of every stage.
    pub epochs: Vec<EpochReport>,
    /// The model's scores on the dev sentences, on their gold words.
    pub dev: Scores,
}

/// A treebank sentence as the trainers read it.
struct Example {
    lex: Vec<Lex>,
    tags: Vec<u16>,
    /// Heads by node (index 0 unused), lifted to a projective tree.
    heads: Vec<u16>,
    relations: Vec<u16>,
}

/// Classes found in training data.
struct Inventory {
    tags: Vec<(String, String)>,
    relations: Vec<String>,
}

/// A class that the training data does not have: no prediction equals it.
const UNSEEN: u16 = u16::MAX;

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

    /// The example of a sentence whose every head is given (non-projective trees lifted).
    fn example(&self, sentence: &Sentence, clusters: &Clusters) -> Option<Example> {
        let heads = sentence.heads()?;
        if heads.is_empty() || heads.len() > MAX_WORDS {
            return None;
        }
        let mut tree = vec![NONE];
        tree.extend(projectivize(&heads).iter().map(|&h| h as u16));
        Some(Example {
            lex: sentence.words.iter().map(|w| Lex::new(&w.form).cluster(clusters)).collect(),
            tags: sentence.words.iter().map(|w| self.tag(&w.upos, &w.xpos).unwrap_or(UNSEEN)).collect(),
            heads: tree,
            relations: sentence.words.iter().map(|w| self.relation(&w.deprel).unwrap_or(UNSEEN)).collect(),
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

/// One run of a soup: a trainer with its own generator and order of the training sentences.
struct Run<T> {
    trainer: T,
    rng: Rng,
    order: Vec<usize>,
}

impl<T> Run<T> {
    /// A run over `subset`, seeded from `rng`.
    fn new(trainer: T, subset: &[usize], rng: &mut Rng) -> Run<T> {
        Run { trainer, rng: Rng(rng.next()), order: subset.to_vec() }
    }
}

/// Tags and second choices of sentences, as the parser trains and is scored on them.
struct Tagged {
    tags: Vec<Vec<u16>>,
    alternatives: Vec<Vec<u16>>,
}

/// Trains a model on `train`, choosing each stage's pass count on `dev`; `unlabelled` paragraphs of running text
/// feed the word clusters.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    unlabelled: &[&str],
    settings: &TrainSettings,
    observer: &mut dyn TrainObserver,
) -> Result<Trained, TrainError> {
    let inventory = Inventory::new(train);
    if inventory.tags.len() > crate::perceptron::MAX_CLASSES {
        return Err(TrainError::TooManyTags(inventory.tags.len()));
    }
    if inventory.relations.len() > crate::perceptron::MAX_CLASSES {
        return Err(TrainError::TooManyRelations(inventory.relations.len()));
    }
    if train.iter().all(|s| s.heads().is_none_or(|h| h.is_empty())) {
        return Err(TrainError::NoTrainingData);
    }
    observer.stage(Stage::Clusters, 1);
    let clusters = cluster(train, unlabelled, settings.clusters);
    observer.advance(1);
    let examples: Vec<Example> = train.iter().filter_map(|s| inventory.example(s, &clusters)).collect();
    let dev_examples: Vec<Example> = dev.iter().filter_map(|s| inventory.example(s, &clusters)).collect();
    if examples.is_empty() {
        return Err(TrainError::NoTrainingData);
    }
    if dev_examples.is_empty() {
        return Err(TrainError::NoDevData);
    }
    let compaction = Compaction { keep: settings.keep };
    let mut rng = Rng(settings.seed);
    let mut epochs = Vec::new();
    let punct: Vec<bool> = inventory.tags.iter().map(|(u, _)| u == "PUNCT").collect();
    let coarse: Vec<u16> = inventory.tags.iter().map(|(u, _)| coarse_tag(u)).collect();
    let fill = |words: &mut Words, lex: &[Lex], tags: &[u16], alternatives: &[u16]| {
        words.fill(
            lex,
            tags,
            alternatives,
            |t| punct.get(t as usize).copied().unwrap_or(false),
            |t| coarse.get(t as usize).copied().unwrap_or(0),
        );
    };

    // The tagger, on everything; then on folds, for the parser's training tags.
    let all: Vec<usize> = (0..examples.len()).collect();
    let tagger_run = TaggerRun { inventory: &inventory, examples: &examples, settings, compaction };
    let (tagger, tagger_epochs) = tagger_run.train(&all, Some(&dev_examples), &mut rng, observer, &mut epochs);
    let mut train_tagged = Tagged {
        tags: examples.iter().map(|e| e.tags.clone()).collect(),
        alternatives: examples.iter().map(|e| vec![SURE; e.tags.len()]).collect(),
    };
    if settings.folds > 1 {
        observer.stage(Stage::Jackknife, settings.folds * tagger_epochs * examples.len());
        for fold in 0..settings.folds {
            let rest: Vec<usize> = all.iter().copied().filter(|i| i % settings.folds != fold).collect();
            let folded = TrainSettings { max_epochs: tagger_epochs, patience: usize::MAX, ..settings.clone() };
            let run = TaggerRun { settings: &folded, ..tagger_run };
            let (fold_tagger, _) = run.train(&rest, None, &mut rng, observer, &mut Vec::new());
            for i in all.iter().copied().filter(|i| i % settings.folds == fold) {
                let (tags, alternatives) = (&mut train_tagged.tags[i], &mut train_tagged.alternatives[i]);
                fold_tagger.tag(&examples[i].lex, tags, alternatives);
            }
        }
    }
    let mut dev_tagged = Tagged { tags: Vec::new(), alternatives: Vec::new() };
    for e in &dev_examples {
        let (mut tags, mut alternatives) = (Vec::new(), Vec::new());
        tagger.tag(&e.lex, &mut tags, &mut alternatives);
        dev_tagged.tags.push(tags);
        dev_tagged.alternatives.push(alternatives);
    }

    // The parser and its relations.
    let dev_words: Vec<Words> = dev_examples
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut w = Words::default();
            fill(&mut w, &e.lex, &dev_tagged.tags[i], &dev_tagged.alternatives[i]);
            w
        })
        .collect();
    let root = inventory.relation("root").expect("root is always in the inventory");
    let mut runs: Vec<Run<ParserTrainer>> = (0..settings.runs.max(1))
        .map(|_| Run::new(ParserTrainer::new(inventory.relations.len(), root), &all, &mut rng))
        .collect();
    let mut best: Option<(f64, Parser)> = None;
    let mut stale = 0;
    let mut words = Words::default();
    let mut config = Config::default();
    for epoch in 1..=settings.max_epochs {
        observer.stage(Stage::Parser, examples.len() * runs.len());
        let (mut correct, mut moves) = (0, 0);
        let explore = epoch >= settings.explore_from;
        for run in &mut runs {
            let Run { trainer, rng, order } = run;
            rng.shuffle(order);
            for (k, &i) in order.iter().enumerate() {
                let e = &examples[i];
                fill(&mut words, &e.lex, &train_tagged.tags[i], &train_tagged.alternatives[i]);
                let step = trainer.learn(&words, &e.heads, &e.relations, explore, || rng.chance(settings.follow));
                correct += step.correct;
                moves += step.moves;
                if k % 256 == 255 {
                    observer.advance(256);
                }
            }
        }
        let trainers: Vec<&ParserTrainer> = runs.iter().map(|r| &r.trainer).collect();
        let parser = ParserTrainer::compile(&trainers, compaction);
        let (mut attached, mut labelled, mut total) = (0, 0, 0);
        for (e, w) in dev_examples.iter().zip(&dev_words) {
            parser.parse(w, &mut config);
            for d in 1..=e.lex.len() {
                total += 1;
                if config.heads[d] != e.heads[d] {
                    continue;
                }
                attached += 1;
                let (gold, guess) = (e.relations[d - 1], config.labels[d]);
                labelled += usize::from(
                    gold != UNSEEN
                        && universal(&inventory.relations[gold as usize])
                            == universal(&inventory.relations[guess as usize]),
                );
            }
        }
        let las = percent(labelled, total);
        let improved = best.as_ref().is_none_or(|(b, _)| las > *b);
        let dev = vec![("UAS", percent(attached, total)), ("LAS", las)];
        report(
            observer,
            &mut epochs,
            EpochReport { stage: Stage::Parser, epoch, train: percent(correct, moves), dev, best: improved },
        );
        if improved {
            best = Some((las, parser));
            stale = 0;
        } else {
            stale += 1;
            if stale >= settings.patience {
                break;
            }
        }
    }
    let parser = best.expect("at least one pass").1;

    // Lemmas.
    let keep_case = inventory.tags.iter().map(|(u, _)| u == "PROPN").collect();
    let lemma_examples = train.iter().flat_map(|s| &s.words).filter_map(|w| {
        let tag = inventory.tag(&w.upos, &w.xpos)?;
        (w.lemma != "_").then_some((w.form.as_str(), tag, w.lemma.as_str()))
    });
    let lemmas = Lemmatizer::learn(lemma_examples, keep_case);

    let mut header = vec![
        ("language".to_string(), "en".to_string()),
        ("trained_on".to_string(), data_hash(train, dev, unlabelled)),
        ("training".to_string(), settings.describe()),
        ("tags".to_string(), inventory.tags.iter().map(|(u, x)| format!("{u}/{x}")).collect::<Vec<_>>().join(" ")),
        ("relations".to_string(), inventory.relations.join(" ")),
    ];
    let parts = Parts { header: header.clone(), clusters, tagger, parser, lemmas };
    let model = Model::assemble(parts.clone(), inventory.tags.clone(), inventory.relations.clone());
    let scores = eval::on_gold_words(&model, dev);
    header.push(("dev".to_string(), scores.describe()));
    let model = Model::assemble(Parts { header, ..parts }, inventory.tags, inventory.relations);
    Ok(Trained { model, epochs, dev: scores })
}

/// Clusters the treebank's words with the unlabelled paragraphs.
fn cluster(train: &[Sentence], unlabelled: &[&str], settings: ClusterSettings) -> Clusters {
    if settings.classes == 0 {
        return Clusters::default();
    }
    let mut text = ClusterText::new();
    for sentence in train {
        text.add_words(sentence.words.iter().map(|w| w.form.as_str()));
    }
    for paragraph in unlabelled {
        text.add_text(paragraph);
    }
    text.cluster(settings)
}

/// What the tagger trains on and how.
#[derive(Clone, Copy)]
struct TaggerRun<'a> {
    inventory: &'a Inventory,
    examples: &'a [Example],
    settings: &'a TrainSettings,
    compaction: Compaction,
}

impl TaggerRun<'_> {
    /// Trains on the examples in `subset`, stopping early on `dev` if given; returns the best tagger and its pass.
    fn train(
        &self,
        subset: &[usize],
        dev: Option<&[Example]>,
        rng: &mut Rng,
        observer: &mut dyn TrainObserver,
        epochs: &mut Vec<EpochReport>,
    ) -> (Tagger, usize) {
        let examples = self.examples;
        let known = || subset.iter().map(|&i| (examples[i].lex.as_slice(), examples[i].tags.as_slice()));
        let classes = self.inventory.tags.len();
        let mut runs: Vec<Run<TaggerTrainer>> = (0..self.settings.runs.max(1))
            .map(|_| Run::new(TaggerTrainer::new(classes, known()), subset, rng))
            .collect();
        let mut best: Option<(f64, Tagger, usize)> = None;
        let mut stale = 0;
        let (mut predicted, mut alternatives) = (Vec::new(), Vec::new());
        for epoch in 1..=self.settings.max_epochs {
            if dev.is_some() {
                observer.stage(Stage::Tagger, subset.len() * runs.len());
            }
            let (mut correct, mut total) = (0, 0);
            for run in &mut runs {
                let Run { trainer, rng, order } = run;
                rng.shuffle(order);
                for (k, &i) in order.iter().enumerate() {
                    correct += trainer.learn(&examples[i].lex, &examples[i].tags);
                    total += examples[i].lex.len();
                    if k % 256 == 255 {
                        observer.advance(256);
                    }
                }
            }
            let trainers: Vec<&TaggerTrainer> = runs.iter().map(|r| &r.trainer).collect();
            let tagger = TaggerTrainer::compile(&trainers, self.compaction, self.settings.margin);
            let Some(dev) = dev else {
                best = Some((0.0, tagger, epoch));
                continue;
            };
            let (mut right, mut words) = (0, 0);
            for e in dev {
                tagger.tag(&e.lex, &mut predicted, &mut alternatives);
                right += predicted.iter().zip(&e.tags).filter(|(p, g)| p == g).count();
                words += e.lex.len();
            }
            let accuracy = percent(right, words);
            let improved = best.as_ref().is_none_or(|(b, _, _)| accuracy > *b);
            let report_ = EpochReport {
                stage: Stage::Tagger,
                epoch,
                train: percent(correct, total),
                dev: vec![("tags", accuracy)],
                best: improved,
            };
            report(observer, epochs, report_);
            if improved {
                best = Some((accuracy, tagger, epoch));
                stale = 0;
            } else {
                stale += 1;
                if stale >= self.settings.patience {
                    break;
                }
            }
        }
        let (_, tagger, epoch) = best.expect("at least one pass");
        (tagger, epoch)
    }
}

fn report(observer: &mut dyn TrainObserver, epochs: &mut Vec<EpochReport>, report: EpochReport) {
    observer.epoch(&report);
    epochs.push(report);
}

/// A hash of the training and dev sentences as CoNLL-U and of the unlabelled text, recorded in the header.
fn data_hash(train: &[Sentence], dev: &[Sentence], unlabelled: &[&str]) -> String {
    let mut hasher = Xxh3::new();
    for sentence in train {
        hasher.update(sentence.to_string().as_bytes());
    }
    hasher.update(b"\0dev\0");
    for sentence in dev {
        hasher.update(sentence.to_string().as_bytes());
    }
    hasher.update(b"\0text\0");
    for paragraph in unlabelled {
        hasher.update(paragraph.as_bytes());
        hasher.update(b"\n");
    }
    format!("xxh3:{:016x}", hasher.digest())
}
