//! `redline syntax train`: a model from a treebank, with a progress bar and the dev scores after each pass.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use redline_engine::Sources;
use redline_syntax::ClusterSettings;
use redline_syntax::train::{EpochReport, Stage, TrainObserver, TrainSettings, train};

use crate::cmd::Outcome;
use crate::cmd::syntax::read_treebank;

/// Arguments of `redline syntax train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training treebank (CoNLL-U).
    #[arg(long, value_name = "FILE.conllu")]
    pub train: PathBuf,
    /// Dev treebank (CoNLL-U): each stage keeps its best pass on it.
    #[arg(long, value_name = "FILE.conllu")]
    pub dev: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,
    /// Unlabelled text for the word clusters: files or directories in the article layouts redline reads
    /// (repeatable).
    #[arg(long, value_name = "PATH")]
    pub text: Vec<PathBuf>,
    /// Seed of the shuffles and of the parser's exploration.
    #[arg(long, default_value_t = TrainSettings::default().seed)]
    pub seed: u64,
    /// Most passes over the training data for the tagger and for the parser.
    #[arg(long, default_value_t = TrainSettings::default().max_epochs)]
    pub epochs: usize,
    /// Passes without a better dev score before a stage stops.
    #[arg(long, default_value_t = TrainSettings::default().patience)]
    pub patience: usize,
    /// Folds of jackknifed tags for the parser (1: train the parser on gold tags).
    #[arg(long, default_value_t = TrainSettings::default().folds)]
    pub folds: usize,
    /// Word clusters (0: none).
    #[arg(long, default_value_t = ClusterSettings::default().classes)]
    pub clusters: usize,
    /// Share of the tagger's and the relations' features kept in the model, the strongest first.
    #[arg(long, default_value_t = TrainSettings::default().keep)]
    pub keep: f64,
}

/// Runs `redline syntax train`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let start = Instant::now();
    let (train_set, train_errors) = read_treebank(&args.train)?;
    let (dev_set, dev_errors) = read_treebank(&args.dev)?;
    if train_set.is_empty() {
        bail!("{} has no usable sentence", args.train.display());
    }
    let mut paragraphs: Vec<String> = Vec::new();
    let mut text_errors = false;
    for item in Sources::new(args.text.iter().cloned()) {
        match item {
            Ok(article) => {
                paragraphs.extend(article.title);
                paragraphs.extend(article.body.lines().filter(|l| !l.trim().is_empty()).map(str::to_string));
            }
            Err(diagnostic) => {
                text_errors = true;
                eprintln!("{diagnostic}");
            }
        }
    }
    let unlabelled: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let defaults = TrainSettings::default();
    let settings = TrainSettings {
        seed: args.seed,
        max_epochs: args.epochs.max(1),
        patience: args.patience.max(1),
        folds: args.folds,
        keep: args.keep,
        clusters: ClusterSettings { classes: args.clusters, ..defaults.clusters },
        ..defaults
    };
    eprintln!(
        "training on {} sentences ({}), dev {} sentences ({}), {} paragraphs of unlabelled text",
        train_set.len(),
        args.train.display(),
        dev_set.len(),
        args.dev.display(),
        unlabelled.len()
    );
    eprintln!("settings: {}", settings.describe());
    let mut observer = Progress::new();
    let trained = train(&train_set, &dev_set, &unlabelled, &settings, &mut observer).context("training failed")?;
    observer.bar.finish_and_clear();
    let bytes = trained.model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("cannot write {}", args.out.display()))?;
    println!("model:    {} ({:.1} MB)", args.out.display(), bytes.len() as f64 / 1e6);
    println!("contents: {}", trained.model.sizes());
    println!("dev:      {}", trained.dev.describe());
    println!("time:     {:.0} s", start.elapsed().as_secs_f64());
    Ok(Outcome::from_errors(train_errors || dev_errors || text_errors))
}

/// A progress bar per stage on a terminal, and a line per pass.
struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    fn new() -> Progress {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        if let Ok(style) = ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} {elapsed}") {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress { bar, started: Instant::now() }
    }
}

impl TrainObserver for Progress {
    fn stage(&mut self, stage: Stage, units: usize) {
        self.bar.set_prefix(stage.name());
        self.bar.set_length(units as u64);
        self.bar.set_position(0);
    }

    fn advance(&mut self, steps: usize) {
        self.bar.inc(steps as u64);
    }

    fn epoch(&mut self, report: &EpochReport) {
        let dev: Vec<String> = report.dev.iter().map(|(name, value)| format!("{name} {value:.2}")).collect();
        let line = format!(
            "{:>6.0}s {:<8} pass {:>2}: train {:.2}, dev {}{}",
            self.started.elapsed().as_secs_f64(),
            report.stage.name(),
            report.epoch,
            report.train,
            dev.join(", "),
            if report.best { " (best)" } else { "" }
        );
        self.bar.suspend(|| eprintln!("{line}"));
    }
}
