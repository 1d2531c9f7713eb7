//! Builders shared by the engine's unit tests.

use redline_model::{ActorCode, ActorMention, EntryRef, MentionKind, Span};

/// A country mention of the first occurrence of `words` in `text`, coded `code`.
pub(crate) fn mention(text: &str, words: &str, code: &str) -> ActorMention {
    let start = text.find(words).unwrap();
    ActorMention {
        span: Span::new(start, start + words.len()),
        code: ActorCode::parse(code).unwrap(),
        name: words.into(),
        kind: MentionKind::Country,
        entry: EntryRef { file: "actors/countries.txt".into(), line: 3 },
        sentence: 0,
    }
}
