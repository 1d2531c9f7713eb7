//! Dictionary lookup: every phrase list the coder searches by whole words (names, sector words and
//! titles, event anchors, speech cues, discards), found in one pass over an article's tokens.
//!
//! [`Lexicon`] is built once per dictionary set; [`Lexicon::find`] gives an article's [`Hits`], which
//! the actor and event stages read instead of each searching the text again. [`Hits::of`] searches each
//! list on its own: the same hits, for callers without a lexicon.

use redline_dict::matcher::{WordHit, WordIndex};
use redline_dict::{Dictionaries, KeyText, PhraseSet};

/// The whole-word index of every phrase list of a dictionary set.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    index: WordIndex,
}

fn keys(set: &[String]) -> Vec<&str> {
    set.iter().map(String::as_str).collect()
}

/// An article's whole-word hits of each phrase list, each list in the order its automaton reports
/// them (by end, the longest first). A hit's `key` indexes the list's keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    /// Actor names ([`Dictionaries::names`]).
    pub names: Vec<WordHit>,
    /// Sector words and titles ([`Dictionaries::nominals`]).
    pub nominals: Vec<WordHit>,
    /// Event pattern anchors ([`Dictionaries::anchors`]), whole words only.
    pub anchors: Vec<WordHit>,
    /// Speech verbs ([`Dictionaries::say`]).
    pub say: Vec<WordHit>,
    /// Prepositional cues ([`Dictionaries::according`]).
    pub according: Vec<WordHit>,
    /// Phrases that discard the article ([`Dictionaries::discard_article`]).
    pub discard_article: Vec<WordHit>,
    /// Phrases that discard a sentence ([`Dictionaries::discard_sentence`]).
    pub discard_sentence: Vec<WordHit>,
}

impl Lexicon {
    /// Indexes every phrase list of `dicts`.
    pub fn new(dicts: &Dictionaries) -> Lexicon {
        let index = WordIndex::new(&[
            keys(dicts.names.keys()),
            keys(dicts.nominals.keys()),
            keys(dicts.anchors.keys()),
            keys(dicts.say.keys()),
            keys(dicts.according.keys()),
            keys(dicts.discard_article.keys()),
            keys(dicts.discard_sentence.keys()),
        ]);
        Lexicon { index }
    }

    /// The article's hits of every list, in one pass over its tokens.
    pub fn find(&self, key: &KeyText) -> Hits {
        let mut lists = self.index.find(key).into_iter();
        let mut next = || lists.next().unwrap_or_default();
        Hits {
            names: next(),
            nominals: next(),
            anchors: next(),
            say: next(),
            according: next(),
            discard_article: next(),
            discard_sentence: next(),
        }
    }
}

impl Hits {
    /// The same hits as [`Lexicon::find`], each list searched on its own.
    pub fn of(dicts: &Dictionaries, key: &KeyText) -> Hits {
        Hits {
            names: list(&dicts.names, key),
            nominals: list(&dicts.nominals, key),
            anchors: list(&dicts.anchors, key),
            say: list(&dicts.say, key),
            according: list(&dicts.according, key),
            discard_article: list(&dicts.discard_article, key),
            discard_sentence: list(&dicts.discard_sentence, key),
        }
    }
}

fn list<V>(set: &PhraseSet<V>, key: &KeyText) -> Vec<WordHit> {
    WordIndex::new(&[keys(set.keys())]).find(key).pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;
    use crate::tests::shipped_pipeline;

    #[test]
    fn one_pass_finds_what_each_list_finds_on_its_own() {
        let pipeline = shipped_pipeline();
        let dicts = pipeline.dictionaries();
        let text = "Russian troops massed near Ukraine, the Kremlin said. NATO Secretary General Jens \
                    Stoltenberg warned Moscow, according to officials.";
        let sentences = redline_text::Segmenter::new().split(text, 0);
        let doc = Doc::new(text, &sentences, None, 0);
        let hits = Lexicon::new(dicts).find(&doc.key);
        assert_eq!(hits, Hits::of(dicts, &doc.key));
        let names: Vec<&str> = hits.names.iter().map(|h| dicts.names.keys()[h.key as usize].as_str()).collect();
        assert!(names.contains(&"the kremlin") && names.contains(&"ukraine"), "{names:?}");
        assert!(!hits.say.is_empty() && !hits.according.is_empty() && !hits.anchors.is_empty());
        // Each list agrees with its set's own whole-word search.
        let own: Vec<(usize, usize)> = dicts.nominals.find_whole(&doc.key).map(|h| (h.first, h.end)).collect();
        assert_eq!(hits.nominals.iter().map(|h| (h.first, h.end)).collect::<Vec<_>>(), own);
    }
}
