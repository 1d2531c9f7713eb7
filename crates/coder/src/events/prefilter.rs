//! Which sentences are worth a parse: those where a pattern matched and enough actors can be found for one of
//! its matches to become an event — a material act needs its actor, any other event an actor and someone it
//! acts on. Actors are the sentence's mentions, the speaker of a quotation it is in, and a pronoun that may
//! stand for someone named before. Most sentences of news hold no match, or no actors, and are never parsed.

use crate::doc::Doc;
use crate::events::Context;
use crate::events::matching::Match;

/// Pronouns that can stand for an actor named elsewhere (see `pronoun_source`).
const PRONOUNS: &[&str] = &["he", "she", "it", "we", "i", "our", "us"];

/// True when sentence `sentence`, with `matches` verified in it, can give an event.
pub(crate) fn worth_parsing(doc: &Doc<'_>, cx: &Context<'_>, sentence: usize, matches: &[Match]) -> bool {
    if matches.is_empty() {
        return false;
    }
    let needed =
        if matches.iter().any(|m| cx.dicts.patterns[m.pattern as usize].code.root_number() >= 14) { 1 } else { 2 };
    let tokens = doc.sentence_tokens[sentence].clone();
    let from = cx.mentions_from(tokens.start);
    let mut codes: Vec<&str> = Vec::new();
    for m in cx.mentions[from..].iter().filter(|m| m.first >= tokens.start && m.first < tokens.end) {
        let code = m.mention.code.as_str();
        if !codes.contains(&code) {
            codes.push(code);
        }
        if codes.len() >= needed {
            return true;
        }
    }
    let span = doc.sentences[sentence].span;
    let quoted =
        cx.quotes.iter().any(|q| q.span.overlap(span) > 0 && q.speaker.as_ref().is_some_and(|s| s.code.is_some()));
    let pronoun = tokens.clone().any(|t| doc.is(t, PRONOUNS));
    codes.len() + usize::from(quoted) + usize::from(pronoun) >= needed
}
