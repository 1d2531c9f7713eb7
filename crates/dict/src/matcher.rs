//! Phrase matching over tokens: a lower-cased "key" text with one space between tokens, searched with
//! one double-array Aho–Corasick automaton (daachorse) per phrase set.
//!
//! Names are keyed with the same tokenizer as the text, so a dictionary phrase matches exactly the token
//! sequences it was written as. Case constraints (capitalised words, acronyms) are checked per token after
//! the automaton reports a hit.

use daachorse::DoubleArrayAhoCorasick;
use redline_model::Span;
use redline_text::{Token, TokenKind, tokenize};

/// What a dictionary word demands of the case of the text's word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Any case.
    Any,
    /// First letter must be upper case ("Turkey").
    Capitalised,
    /// Every letter must be upper case ("US", "NATO").
    AllCaps,
}

impl CaseRule {
    /// The rule a dictionary word imposes, read from how it is written.
    pub fn of_word(word: &str) -> CaseRule {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let upper = word.chars().filter(|c| c.is_uppercase()).count();
        if letters >= 2 && upper == letters {
            return CaseRule::AllCaps;
        }
        match word.chars().next() {
            Some(c) if c.is_uppercase() => CaseRule::Capitalised,
            _ => CaseRule::Any,
        }
    }

    /// True if the text's word satisfies the rule.
    pub fn accepts(self, word: &str) -> bool {
        match self {
            CaseRule::Any => true,
            CaseRule::Capitalised => word.chars().next().is_some_and(char::is_uppercase),
            CaseRule::AllCaps => word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase),
        }
    }
}

/// Appends the matching key of one token: lower case, typographic apostrophes made straight.
pub fn push_key(out: &mut String, word: &str) {
    for c in word.chars() {
        match c {
            '’' | 'ʼ' | '‘' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// A dictionary phrase tokenised into its key and the case rule of each word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseKey {
    /// Lower-cased tokens joined by single spaces.
    pub key: String,
    /// One rule per token.
    pub case: Vec<CaseRule>,
}

impl PhraseKey {
    /// Tokenises a phrase as written in a dictionary. `None` for an empty phrase.
    pub fn of(phrase: &str) -> Option<PhraseKey> {
        let tokens = tokenize(phrase, Span::new(0, phrase.len()));
        if tokens.is_empty() {
            return None;
        }
        let mut key = String::with_capacity(phrase.len());
        let mut case = Vec::with_capacity(tokens.len());
        for (i, token) in tokens.iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            let word = token.span.slice(phrase);
            push_key(&mut key, word);
            case.push(CaseRule::of_word(word));
        }
        Some(PhraseKey { key, case })
    }

    /// Number of tokens in the phrase.
    pub fn len(&self) -> usize {
        self.case.len()
    }

    /// True for an empty phrase (never produced by [`PhraseKey::of`]).
    pub fn is_empty(&self) -> bool {
        self.case.is_empty()
    }
}

/// The key text of a run of tokens: what phrase sets search.
///
/// Every token is preceded by one `' '` (its start marker), and a sentence break adds a `'\n'` before
/// that: `" russia warns\n nato"`. Phrase sets search for `' '` + phrase, so every hit starts at a token
/// start by construction (no hit inside a word is ever reported, then thrown away), and no hit
/// crosses a sentence.
#[derive(Debug, Clone, Default)]
pub struct KeyText {
    /// Lower-cased tokens, each after a `' '`; `'\n'` before the space where a sentence starts.
    pub key: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl KeyText {
    /// Builds the key text of `tokens` (spans into `text`); `sentence_starts` holds the indices of tokens
    /// that begin a sentence, in increasing order.
    pub fn build(text: &str, tokens: &[Token], sentence_starts: &[usize]) -> KeyText {
        let mut key = String::with_capacity(text.len() + 2 * tokens.len());
        let mut starts = Vec::with_capacity(tokens.len());
        let mut ends = Vec::with_capacity(tokens.len());
        let mut next_break = sentence_starts.iter().peekable();
        for (i, token) in tokens.iter().enumerate() {
            if i > 0 && next_break.peek().is_some_and(|&&b| b == i) {
                key.push('\n');
            }
            key.push(' ');
            while next_break.peek().is_some_and(|&&b| b <= i) {
                next_break.next();
            }
            starts.push(key.len() as u32);
            match token.kind {
                TokenKind::OpenQuote | TokenKind::CloseQuote => key.push('"'),
                _ => push_key(&mut key, token.span.slice(text)),
            }
            ends.push(key.len() as u32);
        }
        KeyText { key, starts, ends }
    }

    /// Index of the token whose key starts at `offset`.
    pub fn token_starting_at(&self, offset: usize) -> Option<usize> {
        self.starts.binary_search(&(offset as u32)).ok()
    }

    /// Index of the token whose key ends at `offset`.
    pub fn token_ending_at(&self, offset: usize) -> Option<usize> {
        self.ends.binary_search(&(offset as u32)).ok()
    }

    /// The key of token `index`.
    pub fn token_key(&self, index: usize) -> &str {
        &self.key[self.starts[index] as usize..self.ends[index] as usize]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

/// A hit of a phrase set on a key text, aligned to tokens.
#[derive(Debug, Clone, Copy)]
pub struct PhraseHit<'a, V> {
    /// First token of the hit.
    pub first: usize,
    /// One past the last token of the hit (for a prefix hit, the token holding its end, plus one).
    pub end: usize,
    /// True if the hit ends exactly at a token's end (a whole-word match).
    pub whole: bool,
    /// Every value stored under the phrase.
    pub values: &'a [V],
}

/// A set of phrases, each carrying one or more values, compiled into one automaton.
#[derive(Clone)]
pub struct PhraseSet<V> {
    automaton: Option<DoubleArrayAhoCorasick<u32>>,
    values: Vec<Vec<V>>,
    keys: Vec<String>,
}

impl<V> std::fmt::Debug for PhraseSet<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PhraseSet({} phrases)", self.keys.len())
    }
}

impl<V> Default for PhraseSet<V> {
    fn default() -> Self {
        PhraseSet { automaton: None, values: Vec::new(), keys: Vec::new() }
    }
}

impl<V> PhraseSet<V> {
    /// Compiles `(key, value)` pairs; equal keys share one automaton entry with several values.
    pub fn build(mut items: Vec<(String, V)>) -> PhraseSet<V> {
        items.sort_by(|a, b| a.0.cmp(&b.0));
        let mut keys: Vec<String> = Vec::new();
        let mut values: Vec<Vec<V>> = Vec::new();
        for (key, value) in items {
            if key.is_empty() {
                continue;
            }
            if keys.last() == Some(&key) {
                if let Some(last) = values.last_mut() {
                    last.push(value);
                }
            } else {
                keys.push(key);
                values.push(vec![value]);
            }
        }
        let automaton = if keys.is_empty() {
            None
        } else {
            // Keys are unique and non-empty, which is all daachorse requires. Each is searched with the
            // token start marker before it (see [`KeyText`]).
            let marked: Vec<Vec<u8>> = keys.iter().map(|k| [b" ", k.as_bytes()].concat()).collect();
            DoubleArrayAhoCorasick::with_values(marked.iter().enumerate().map(|(i, k)| (k.as_slice(), i as u32))).ok()
        };
        PhraseSet { automaton, values, keys }
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when the set holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The values stored under an exact key.
    pub fn get(&self, key: &str) -> Option<&[V]> {
        let index = self.keys.binary_search_by(|k| k.as_str().cmp(key)).ok()?;
        Some(&self.values[index])
    }

    /// Every hit that starts at a token start, overlapping hits included. Hits that end inside a token
    /// are reported with `whole == false` (prefix patterns use them; names must check `whole`).
    pub fn find<'s, 't>(&'s self, text: &'t KeyText) -> impl Iterator<Item = PhraseHit<'s, V>> + use<'s, 't, V> {
        self.automaton.iter().flat_map(move |automaton| {
            automaton.find_overlapping_iter(text.key.as_bytes()).filter_map(move |hit| {
                // Skip the start marker: the hit's first byte is the `' '` before its first token.
                let start = hit.start() + 1;
                let first = text.token_starting_at(start)?;
                let (end, whole) = match text.token_ending_at(hit.end()) {
                    Some(last) => (last + 1, true),
                    None => {
                        // Ends inside a token: only valid if it does not cross a token boundary.
                        let inside = text.key[start..hit.end()].contains([' ', '\n']);
                        if inside {
                            return None;
                        }
                        (first + 1, false)
                    }
                };
                Some(PhraseHit { first, end, whole, values: &self.values[hit.value() as usize] })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_text(text: &str) -> KeyText {
        let tokens = tokenize(text, Span::new(0, text.len()));
        KeyText::build(text, &tokens, &[])
    }

    #[test]
    fn case_rules() {
        assert_eq!(CaseRule::of_word("US"), CaseRule::AllCaps);
        assert_eq!(CaseRule::of_word("U.S."), CaseRule::AllCaps);
        assert_eq!(CaseRule::of_word("Turkey"), CaseRule::Capitalised);
        assert_eq!(CaseRule::of_word("the"), CaseRule::Any);
        assert!(!CaseRule::AllCaps.accepts("us"));
        assert!(!CaseRule::Capitalised.accepts("turkey"));
        assert!(CaseRule::Capitalised.accepts("TURKEY"));
    }

    #[test]
    fn finds_whole_words_and_prefixes() {
        let set = PhraseSet::build(vec![
            ("russia".to_string(), 1),
            ("warn".to_string(), 2),
            ("north atlantic treaty organization".to_string(), 3),
        ]);
        let text = key_text("Russia warns the North Atlantic Treaty Organization; Russians");
        let hits: Vec<(usize, usize, bool, i32)> =
            set.find(&text).map(|h| (h.first, h.end, h.whole, h.values[0])).collect();
        assert!(hits.contains(&(0, 1, true, 1)));
        assert!(hits.contains(&(1, 2, false, 2)));
        assert!(hits.contains(&(3, 7, true, 3)));
        // "Russians" starts with "russia" but is not the whole word.
        assert!(hits.contains(&(8, 9, false, 1)));
        assert_eq!(set.get("warn"), Some(&[2][..]));
    }

    #[test]
    fn phrase_keys_use_the_text_tokenizer() {
        let key = PhraseKey::of("Ukraine’s foreign minister").unwrap();
        assert_eq!(key.key, "ukraine 's foreign minister");
        assert_eq!(key.case[0], CaseRule::Capitalised);
        assert!(PhraseKey::of("   ").is_none());
    }
}
