//! `redline syntax`: train, run and score the tagger and dependency parser (`redline-syntax`).

pub mod eval;
pub mod info;
pub mod parse;
pub mod train;

use std::path::Path;

use anyhow::Context;
use redline_syntax::Model;
use redline_syntax::conllu::{self, Sentence};

use crate::cmd::Outcome;

/// Arguments of `redline syntax`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Train a model on a CoNLL-U treebank (deterministic: the same data and settings give the same bytes).
    Train(train::Args),
    /// Tag and parse text (or the words of a CoNLL-U file) and print CoNLL-U or a table.
    Parse(parse::Args),
    /// Score a model on a CoNLL-U treebank: on its words, and on its raw text split by our tokeniser.
    Eval(eval::Args),
    /// Describe a model: training data, settings, dev scores, inventories, sizes.
    Info(info::Args),
}

/// Runs `redline syntax`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        Command::Train(args) => train::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Info(args) => info::run(args),
    }
}

/// The model in `path`, or the shipped one.
pub fn load_model(path: Option<&Path>) -> anyhow::Result<Model> {
    Ok(redline_engine::syntax::load(path)?)
}

/// Reads a CoNLL-U file; bad sentences are reported as `path:line: error[conllu]: message` and left out.
/// Returns the sentences and whether any was bad.
pub fn read_treebank(path: &Path) -> anyhow::Result<(Vec<Sentence>, bool)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (sentences, errors) = conllu::read(&text);
    for error in &errors {
        eprintln!("{}:{}: error[conllu]: {}", path.display(), error.line, error.message);
    }
    Ok((sentences, !errors.is_empty()))
}
