//! The speech cues attribution looks for ("said", "told reporters", "according to"), from the dictionary's
//! `cues.txt`: a table by first word, matched word by word over the quote scanner's tokens.

use std::collections::HashMap;

use super::lex::{Tok, TokKind};

/// Speech cue words (from the dictionary's `cues.txt`), built once and shared.
///
/// `SAY` cues are speech verbs ("said", "told", "added"); the speaker stands before ("X said") or
/// after ("said X") them. `ACCORDING` cues are prepositional ("according to"); the speaker follows.
/// Each cue may be several words; matching is case-insensitive and word by word.
#[derive(Debug, Clone, Default)]
pub struct CueWords {
    /// Lower-case first word → cues starting with it.
    pub(super) by_first_word: HashMap<String, Vec<Cue>>,
}

/// One cue phrase.
#[derive(Debug, Clone)]
pub(super) struct Cue {
    /// Lower-case words after the first.
    pub(super) rest: Vec<String>,
    pub(super) kind: CueKind,
}

/// Which side of a cue the speaker stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CueKind {
    /// A speech verb: the speaker before or after it.
    Say,
    /// A prepositional cue: the speaker after it.
    According,
}

impl CueWords {
    /// Builds the cue table from the `SAY` and `ACCORDING` lists of `cues.txt`. Blank entries are ignored.
    pub fn new(say: &[String], according: &[String]) -> CueWords {
        let mut cues = CueWords::default();
        for (list, kind) in [(say, CueKind::Say), (according, CueKind::According)] {
            for phrase in list {
                let mut words = phrase.split_whitespace().map(str::to_lowercase);
                let Some(first) = words.next() else { continue };
                cues.by_first_word.entry(first).or_default().push(Cue { rest: words.collect(), kind });
            }
        }
        // Longer phrases first, so that "told reporters" wins over "told" where both are listed.
        for list in cues.by_first_word.values_mut() {
            list.sort_by_key(|cue| std::cmp::Reverse(cue.rest.len()));
        }
        cues
    }

    /// A built-in English list, for callers without a dictionary set (tests, tools).
    pub fn builtin() -> CueWords {
        const SAY: &[&str] = &[
            "said",
            "says",
            "say",
            "saying",
            "told",
            "tells",
            "added",
            "adds",
            "stressed",
            "noted",
            "stated",
            "declared",
            "warned",
            "warns",
            "claimed",
            "claims",
            "insisted",
            "explained",
            "argued",
            "asserted",
            "wrote",
            "writes",
            "asked",
            "replied",
            "responded",
            "continued",
            "concluded",
            "urged",
            "announced",
            "acknowledged",
            "admitted",
            "recalled",
            "suggested",
            "complained",
            "predicted",
            "remarked",
            "tweeted",
            "emphasised",
            "emphasized",
            "underlined",
            "quipped",
            "vowed",
            "pledged",
        ];
        let say: Vec<String> = SAY.iter().map(|s| s.to_string()).collect();
        CueWords::new(&say, &["according to".to_string()])
    }

    /// The cue starting at word token `at`, if any: its kind and the index of its last token.
    pub(super) fn match_at(&self, text: &str, tokens: &[Tok], at: usize) -> Option<(CueKind, usize)> {
        let first = tokens.get(at)?;
        if first.kind != TokKind::Word {
            return None;
        }
        let word = first.text(text).to_lowercase();
        let candidates = self.by_first_word.get(&word)?;
        'cue: for cue in candidates {
            let mut index = at;
            for expected in &cue.rest {
                index += 1;
                match tokens.get(index) {
                    Some(tok) if tok.kind == TokKind::Word && tok.text(text).eq_ignore_ascii_case(expected) => {}
                    _ => continue 'cue,
                }
            }
            return Some((cue.kind, index));
        }
        None
    }
}
