//! Quotations: pairing quotation marks into [`Quote`]s, telling direct from partial quotes, and
//! attributing each to a speaker (an actor mention, a pronoun or role nominal resolved to a person,
//! or a capitalised name next to a speech cue).
//!
//! Works on the clean text, its sentences and the actor stage's mentions; it does its own small word
//! scan so that it needs nothing else. Articles without any quotation mark cost one byte scan.

mod attribution;
mod cues;
mod lex;
mod marks;
mod syntax;
#[cfg(test)]
mod tests;
mod turns;

use redline_model::{ActorMention, Quote, Sentence, Span};

pub use cues::CueWords;
pub(crate) use syntax::Parses;

use attribution::Doc;
use lex::{is_name_word, lex_quoted_paragraphs};
use marks::{RawQuote, has_double_mark, pair_marks};

/// Finds quotations and attributes them to speakers.
///
/// - `text` is the article's clean text; `sentences` its sentences in order (when empty, paragraphs
///   stand in for sentences); `mentions` the actor stage's mentions, in text order.
/// - `body_start` is where the body starts in `text`: before it (the headline) single curly marks
///   `‘ ’` also delimit quotations; in the body they do only inside a double-quoted passage.
///
/// Quotes come back in text order, each with the words inside the marks (a trailing comma dropped).
/// A passage that opens in one paragraph and continues in the next (that paragraph starting with an
/// opening mark, the news convention) is one quote. Unbalanced marks are skipped, never a panic.
pub fn find_quotes(
    text: &str,
    sentences: &[Sentence],
    mentions: &[ActorMention],
    cues: &CueWords,
    body_start: usize,
) -> Vec<Quote> {
    find_quotes_of(text, sentences, mentions, cues, body_start, None)
}

/// [`find_quotes`] over mentions held elsewhere (the pipeline's are inside the actor stage's
/// results, and are moved, not copied, into the article at the end), reading the dependency trees of
/// `parses` for quotations the cue words leave without a speaker.
pub(crate) fn find_quotes_of<'m>(
    text: &str,
    sentences: &[Sentence],
    mentions: impl IntoIterator<Item = &'m ActorMention>,
    cues: &CueWords,
    body_start: usize,
    mut parses: Option<Parses<'_, '_>>,
) -> Vec<Quote> {
    if !has_double_mark(text) {
        return Vec::new();
    }
    let raw = pair_marks(text, body_start);
    if raw.is_empty() {
        return Vec::new();
    }
    let mut sorted: Vec<&ActorMention> = mentions.into_iter().collect();
    sorted.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    let doc = Doc {
        text,
        tokens: lex_quoted_paragraphs(text, &raw),
        sentences,
        mentions: sorted,
        cues,
        quoted: raw.iter().filter(|q| !q.nested).map(|q| (q.open, q.close_end)).collect(),
        transcript: Default::default(),
    };
    let mut found: Vec<(RawQuote, Quote)> = Vec::with_capacity(raw.len());
    let mut named: Vec<(Span, String)> = Vec::new();
    for quote in raw {
        // A quotation inside another is never the one a follow-on continues.
        let previous = found.iter().rev().find(|(q, _)| !q.nested);
        let resolved = doc.attribute(&quote, previous, &named, parses.as_mut());
        if let Some(speaker) = &resolved.speaker
            && speaker.code.is_none()
            && is_name_word(&speaker.name)
        {
            named.push((speaker.mention, speaker.name.clone()));
        }
        found.push((quote, resolved));
    }
    found.into_iter().map(|(_, q)| q).collect()
}
