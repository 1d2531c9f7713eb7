//! redline-syntax: English words, part-of-speech tags, lemmas and dependency trees.
//!
//! - [`words()`] splits a span of the clean text into Universal Dependencies words (`don't` → `do` `n't`,
//!   `Russia's` → `Russia` `'s`), every word a byte span into that text.
//! - [`Model`] holds a tagger (averaged perceptron over UPOS+XPOS pairs), a greedy arc-hybrid dependency parser
//!   that names each arc's relation as it makes it, and a lemmatiser; [`Analyser`] runs them on a sentence
//!   ([`Analysis`]).
//! - [`train::train`] makes a model from a treebank ([`conllu`]), deterministically; [`eval`] scores one.
//!
//! The crate is pure: it receives text and the bytes of a model, never paths; no files, clock, threads or
//! global state.

mod clusters;
pub mod conllu;
pub mod eval;
mod features;
mod format;
mod lemma;
mod model;
mod parser;
mod perceptron;
mod tagger;
pub mod train;
mod tree;
mod words;

#[cfg(test)]
pub(crate) mod tests;

pub use clusters::ClusterSettings;
pub use format::{FEATURE_SET, FORMAT_VERSION, ModelError};
pub use model::{Analyser, Analysis, MAX_WORDS, Model, Relation, Tag};
pub use tree::{is_projective, projectivize};
pub use words::{Word, words, words_into};
