//! Actors, events, quotes and dates: the [`Pipeline`] façade from `RawArticle` to `AnnotatedArticle`.
//!
//! The coder is pure: the same article and dictionary set always give the same output, and coding
//! never fails on content — problems become diagnostics on the result.
//!
//! Stages, in order, each reading the previous ones' output through [`doc::Doc`]:
//! cleaning and sentences (`redline-text`) → actors ([`actors`]) → dates ([`dates`]) →
//! quotations ([`quotes`]) → events ([`events`]).

pub mod actors;
pub mod dates;
pub mod doc;
pub mod events;
pub mod examples;
pub mod gaps;
pub mod lexicon;
pub mod quotes;
pub mod stages;
pub mod tree;

use std::sync::Arc;

use redline_dict::Dictionaries;
use redline_model::{AnnotatedArticle, Diagnostic, RawArticle, Taxonomy};
use redline_syntax::Model;
use redline_text::{Segmenter, clean};

use crate::doc::Doc;
use crate::stages::{Stage, StageObserver};

/// The coder, built once from a compiled dictionary set and shared by all threads.
#[derive(Debug)]
pub struct Pipeline {
    dictionaries: Dictionaries,
    taxonomy: Taxonomy,
    segmenter: Segmenter,
    cues: quotes::CueWords,
    event_tables: events::EventTables,
    lexicon: lexicon::Lexicon,
    syntax: Arc<Model>,
}

impl Pipeline {
    /// Builds the pipeline around a compiled dictionary set and a syntax model (the tagger and parser events are
    /// read from).
    pub fn new(dictionaries: Dictionaries, syntax: Arc<Model>) -> Pipeline {
        let list = |name: &str| dictionaries.cue_lists.get(name).cloned().unwrap_or_default();
        let cues = quotes::CueWords::new(&list("SAY"), &list("ACCORDING"));
        let event_tables = events::EventTables::new(&dictionaries);
        let lexicon = lexicon::Lexicon::new(&dictionaries);
        let segmenter = Segmenter::new();
        Pipeline { dictionaries, taxonomy: Taxonomy::standard(), segmenter, cues, event_tables, lexicon, syntax }
    }

    /// The CAMEO codebook the pipeline codes with.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The compiled dictionaries.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dictionaries
    }

    /// The syntax model.
    pub fn syntax(&self) -> &Arc<Model> {
        &self.syntax
    }

    /// Version of the dictionary set.
    pub fn dict_version(&self) -> &str {
        &self.dictionaries.version
    }

    /// Codes one article. Never fails: problems become diagnostics on the result.
    pub fn code(&self, raw: &RawArticle) -> AnnotatedArticle {
        self.code_observed(raw, &mut ())
    }

    /// [`Pipeline::code`], telling `observer` as each stage finishes (see [`stages::code_observed`]).
    pub(crate) fn code_observed(&self, raw: &RawArticle, observer: &mut impl StageObserver) -> AnnotatedArticle {
        let CleanArticle { text, title, body_start, title_in_text, diagnostics } = clean_article(raw);
        observer.finished(Stage::Clean);
        let sentences = self.segmenter.split(&text, 0);
        let title_sentences = if title_in_text { sentences.iter().take_while(|s| s.paragraph == 0).count() } else { 0 };
        observer.finished(Stage::Split);
        let doc = Doc::new(&text, &sentences, raw.date, title_sentences);
        observer.finished(Stage::Tokenize);
        let hits = self.lexicon.find(&doc.key);
        observer.finished(Stage::Lookup);
        let found = actors::recognise_with(&doc, &self.dictionaries, &hits);
        observer.finished(Stage::Actors);
        let dates = raw.date.map(|date| dates::find_dates(&text, &sentences, date)).unwrap_or_default();
        observer.finished(Stage::Dates);
        let mentions = found.iter().map(|f| &f.mention);
        let mut trees = tree::Trees::new(&self.syntax, sentences.len());
        let parses = quotes::Parses::new(&mut trees, &doc, &found);
        let quotes = quotes::find_quotes_of(&text, &sentences, mentions, &self.cues, body_start, Some(parses));
        observer.finished(Stage::Quotes);
        let context =
            events::Context::new(&doc, &self.dictionaries, &self.event_tables, &hits, &self.taxonomy, &found, &quotes);
        let event_date = |sentence: u32| raw.date.map(|date| dates::event_date(&dates, sentence, date));
        let events = events::code_events(&doc, &context, &mut trees, &event_date);
        let mentions = found.into_iter().map(|f| f.mention).collect();
        observer.finished(Stage::Events);
        AnnotatedArticle {
            id: raw.id.clone(),
            title,
            date: raw.date,
            url: raw.url.clone(),
            origin: raw.origin.clone(),
            body_start: body_start as u32,
            sentences,
            mentions,
            events,
            quotes,
            dates,
            diagnostics,
            dict_version: self.dictionaries.version.clone(),
            text,
        }
    }
}

#[cfg(test)]
mod tests;

/// An article's one clean text: the cleaned title (when it is not already the body's first paragraph), a newline,
/// and the cleaned body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanArticle {
    /// The clean text every span points into.
    pub text: String,
    /// The cleaned title on one line, if there is one.
    pub title: Option<String>,
    /// Where the body starts in `text`.
    pub body_start: usize,
    /// True when the title is the text's first paragraph.
    pub title_in_text: bool,
    /// The cleaner's repairs, and a warning when there is no text.
    pub diagnostics: Vec<Diagnostic>,
}

/// Cleans an article's title and body into its one clean text.
pub fn clean_article(raw: &RawArticle) -> CleanArticle {
    let mut diagnostics = Vec::new();
    let body = clean(&raw.body);
    diagnostics.extend(body.diagnostics);
    let title = raw.title.as_deref().map(clean).map(|t| {
        diagnostics.extend(t.diagnostics);
        t.text.replace('\n', " ")
    });
    let title = title.filter(|t| !t.trim().is_empty());
    let first_paragraph = body.text.lines().next().unwrap_or("").trim();
    let (text, body_start, title_in_text) = match &title {
        Some(t) if first_paragraph != t.trim() => (format!("{t}\n{}", body.text), t.len() + 1, true),
        Some(_) => (body.text, 0, true),
        None => (body.text, 0, false),
    };
    if text.trim().is_empty() {
        diagnostics.push(Diagnostic::warning("text.empty", "the article has no text to code"));
    }
    CleanArticle { text, title, body_start, title_in_text, diagnostics }
}
