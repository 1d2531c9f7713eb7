//! Phrase matching over tokens: a lower-cased "key" text with one space between tokens, searched with
//! one double-array Aho–Corasick automaton (daachorse) per phrase set.
//!
//! Names are keyed with the same tokenizer as the text, so a dictionary phrase matches exactly the token
//! sequences it was written as. Case constraints (capitalised words, acronyms) are checked per token after
//! the automaton reports a hit.
//!
//! Whole-word search ([`PhraseSet::find_whole`], what names, titles, cues and most anchors need) does
//! not run the automaton: every token's key is hashed once when the key text is built, and each set
//! looks the token up among the first words of its phrases, then compares the words that follow. That
//! is one table probe per token instead of one automaton step per byte, with the same hits.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        key_chars(c, |k| out.push(k));
    }
}

/// Passes to `push` the key of one character of a word that is not all ASCII (see [`push_key`]).
fn key_chars(c: char, mut push: impl FnMut(char)) {
    match c {
        '’' | 'ʼ' | '‘' => push('\''),
        c if c.is_ascii() => push(c.to_ascii_lowercase()),
        c => c.to_lowercase().for_each(push),
    }
}

/// [`push_key`] into the bytes of a key being built (the hot path of [`KeyText::build`]).
fn push_key_bytes(out: &mut Vec<u8>, word: &str) {
    if word.is_ascii() {
        // Copied and lower-cased in one loop: words are too short for a `memcpy` call to pay.
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
        return;
    }
    // Encoded in place, character by character: no buffer per word.
    for c in word.chars() {
        key_chars(c, |k| out.extend_from_slice(k.encode_utf8(&mut [0; 4]).as_bytes()));
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
/// Every token has a `' '` before and after it (neighbours share one), and a sentence break is
/// `" \n "`: `" russia warns \n nato "`. Phrase sets search for `' '` + phrase (and, for whole words
/// only, `' '` + phrase + `' '`), so every hit starts at a token start by construction (no hit inside a
/// word is ever reported, then thrown away), and no hit crosses a sentence.
#[derive(Debug, Clone, Default)]
pub struct KeyText {
    /// Lower-cased tokens with a `' '` before and after each; `'\n'` between the spaces where a sentence starts.
    pub key: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
    /// [`word_hash`] of each token's key.
    hashes: Vec<u64>,
}

/// Hash of one word's key (FxHash's mixing, eight bytes at a time): computed once per token of a key
/// text and once per phrase's first word, then compared as plain numbers. Equal words have equal
/// hashes ([`KeyText::token_hash`] is this hash of [`KeyText::token_key`]).
pub fn word_hash(word: &str) -> u64 {
    bytes_hash(word.as_bytes())
}

/// [`word_hash`] of a word's UTF-8 bytes.
fn bytes_hash(word: &[u8]) -> u64 {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mix = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    let mut hash = word.len() as u64;
    let mut bytes = word;
    while let Some((chunk, rest)) = bytes.split_first_chunk::<8>() {
        hash = mix(hash, u64::from_le_bytes(*chunk));
        bytes = rest;
    }
    for &byte in bytes {
        hash = mix(hash, u64::from(byte));
    }
    hash
}

/// The hash of two consecutive words, from their [`word_hash`]es.
fn pair_hash(first: u64, second: u64) -> u64 {
    (first.rotate_left(23) ^ second).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A hasher for keys that already are [`word_hash`] values: it passes them through.
#[derive(Debug, Default, Clone, Copy)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed with this; fold anything else in all the same.
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8)) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

type ByHash<T> = HashMap<u64, T, BuildHasherDefault<PassThrough>>;

impl KeyText {
    /// Builds the key text of `tokens` (spans into `text`); `sentence_starts` holds the indices of tokens
    /// that begin a sentence, in increasing order.
    pub fn build(text: &str, tokens: &[Token], sentence_starts: &[usize]) -> KeyText {
        // Built as bytes (every piece pushed is UTF-8) and checked once at the end.
        let mut key: Vec<u8> = Vec::with_capacity(text.len() + 2 * tokens.len() + 1);
        let mut starts = Vec::with_capacity(tokens.len());
        let mut ends = Vec::with_capacity(tokens.len());
        let mut hashes = Vec::with_capacity(tokens.len());
        let mut next_break = sentence_starts.iter().peekable();
        key.push(b' ');
        for (i, token) in tokens.iter().enumerate() {
            if i > 0 && next_break.peek().is_some_and(|&&b| b == i) {
                key.extend_from_slice(b"\n ");
            }
            while next_break.peek().is_some_and(|&&b| b <= i) {
                next_break.next();
            }
            let start = key.len();
            starts.push(start as u32);
            match token.kind {
                TokenKind::OpenQuote | TokenKind::CloseQuote => key.push(b'"'),
                // An ASCII word straight from the text's bytes (no `str` slice and its checks).
                _ => match text.as_bytes().get(token.span.range()) {
                    Some(word) if word.is_ascii() => key.extend(word.iter().map(u8::to_ascii_lowercase)),
                    _ => push_key_bytes(&mut key, token.span.slice(text)),
                },
            }
            ends.push(key.len() as u32);
            hashes.push(bytes_hash(&key[start..]));
            key.push(b' ');
        }
        let key = String::from_utf8(key).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        KeyText { key, starts, ends, hashes }
    }

    /// True if tokens `index` and `index + 1` are in the same sentence (one space between their keys).
    fn joined(&self, index: usize) -> bool {
        match (self.ends.get(index), self.starts.get(index + 1)) {
            (Some(&end), Some(&next)) => next == end + 1,
            _ => false,
        }
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

    /// [`word_hash`] of the key of token `index` (computed once, when the key text was built).
    pub fn token_hash(&self, index: usize) -> Option<u64> {
        self.hashes.get(index).copied()
    }

    /// The key of every token as bytes, in token order: for scans of every token, which need no
    /// `str` (and its character-boundary checks).
    pub fn token_key_bytes(&self) -> impl Iterator<Item = &[u8]> {
        let key = self.key.as_bytes();
        self.starts
            .iter()
            .zip(&self.ends)
            .map(|(&start, &end)| key.get(start as usize..end as usize).unwrap_or_default())
    }

    /// [`word_hash`] of every token's key, in token order.
    pub fn hashes(&self) -> &[u64] {
        &self.hashes
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

/// A whole-word hit of one key of one set in a [`WordIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordHit {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// Index of the key in its set's key list.
    pub key: u32,
}

/// One key of one set, as a [`WordIndex`] stores it.
#[derive(Debug, Clone, Copy)]
struct IndexedKey {
    set: u32,
    key: u32,
    /// The key's byte range in [`WordIndex::text`].
    start: u32,
    end: u32,
}

/// Whole-word search of several key lists in one pass over the tokens: each token is looked up once
/// by its word (one-word keys) and once with the next word (longer keys, since many names share a first
/// word such as "the" or "john"), and each candidate is confirmed word by word.
///
/// The tables are flat (a hash gives a range of one array of keys, whose text lies in one string),
/// so a probe reads a few cache lines rather than chasing a pointer per list and per key.
#[derive(Debug, Clone, Default)]
pub struct WordIndex {
    /// By the hash of a one-word key: its range of `entries`.
    one_word: ByHash<(u32, u32)>,
    /// By the [`pair_hash`] of the first two words of a longer key: its range of `entries`.
    two_words: ByHash<(u32, u32)>,
    /// [`HashBits`] of the one-word keys and of the first words of the longer keys: most tokens
    /// start no key, and a bit test in a small table answers that without probing a map.
    one_word_bits: HashBits,
    first_word_bits: HashBits,
    /// The keys, grouped by the table entry that holds them, in the order they were given.
    entries: Vec<IndexedKey>,
    /// The text of every key, one after another.
    text: String,
    sets: usize,
}

/// A set of word hashes as one bit each (by the hash's top bits): no bit, no such word; a bit set
/// may still be another word's.
#[derive(Debug, Clone, Default)]
struct HashBits(Vec<u64>);

/// Bits of a hash a [`HashBits`] uses: 2^16 bits, 8 KiB.
const HASH_BITS: u32 = 16;

impl HashBits {
    fn insert(&mut self, hash: u64) {
        if self.0.is_empty() {
            self.0 = vec![0; (1 << HASH_BITS) / 64];
        }
        let bit = (hash >> (64 - HASH_BITS)) as usize;
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn may_contain(&self, hash: u64) -> bool {
        let bit = (hash >> (64 - HASH_BITS)) as usize;
        self.0.get(bit / 64).is_some_and(|word| word & (1 << (bit % 64)) != 0)
    }
}

impl WordIndex {
    /// Indexes `sets`, each a list of keys (lower-case words separated by single spaces, as
    /// [`PhraseKey`] writes them); hits name a key by its position in its list.
    pub fn new(sets: &[Vec<&str>]) -> WordIndex {
        let mut index = WordIndex { sets: sets.len(), ..WordIndex::default() };
        let mut one_word: ByHash<Vec<IndexedKey>> = ByHash::default();
        let mut two_words: ByHash<Vec<IndexedKey>> = ByHash::default();
        for (set, keys) in sets.iter().enumerate() {
            for (key, text) in keys.iter().enumerate() {
                let start = index.text.len() as u32;
                index.text.push_str(text);
                let entry = IndexedKey { set: set as u32, key: key as u32, start, end: index.text.len() as u32 };
                let mut words = text.split(' ');
                let first = word_hash(words.next().unwrap_or(""));
                match words.next() {
                    None => {
                        index.one_word_bits.insert(first);
                        one_word.entry(first).or_default().push(entry)
                    }
                    Some(second) => {
                        index.first_word_bits.insert(first);
                        two_words.entry(pair_hash(first, word_hash(second))).or_default().push(entry)
                    }
                }
            }
        }
        index.one_word = index.flatten(one_word);
        index.two_words = index.flatten(two_words);
        index
    }

    /// Moves the lists of `table` into [`WordIndex::entries`], each list kept in order.
    fn flatten(&mut self, table: ByHash<Vec<IndexedKey>>) -> ByHash<(u32, u32)> {
        let mut ranges = ByHash::with_capacity_and_hasher(table.len(), Default::default());
        for (hash, list) in table {
            let start = self.entries.len() as u32;
            self.entries.extend(list);
            ranges.insert(hash, (start, self.entries.len() as u32));
        }
        ranges
    }

    /// The keys of the table entry `range`.
    fn entries_in(&self, range: Option<&(u32, u32)>) -> &[IndexedKey] {
        range.and_then(|&(start, end)| self.entries.get(start as usize..end as usize)).unwrap_or(&[])
    }

    /// The text of `entry`.
    fn key_text(&self, entry: &IndexedKey) -> &str {
        self.text.get(entry.start as usize..entry.end as usize).unwrap_or("")
    }

    /// Every whole-word hit of every set, one list per set, each in the order an automaton over that
    /// set would report them (by end, the longest first); hits never cross a sentence.
    pub fn find(&self, text: &KeyText) -> Vec<Vec<WordHit>> {
        let mut out = vec![Vec::new(); self.sets];
        if self.entries.is_empty() {
            return out;
        }
        let hashes = &text.hashes;
        for (first, &hash) in hashes.iter().enumerate() {
            if self.one_word_bits.may_contain(hash) {
                // A one-word key matches when it is this token's key.
                for entry in self.entries_in(self.one_word.get(&hash)) {
                    if text.token_key(first) == self.key_text(entry)
                        && let Some(hits) = out.get_mut(entry.set as usize)
                    {
                        hits.push(WordHit { first, end: first + 1, key: entry.key });
                    }
                }
            }
            if let Some(&next) = hashes.get(first + 1)
                && self.first_word_bits.may_contain(hash)
                && text.joined(first)
            {
                for entry in self.entries_in(self.two_words.get(&pair_hash(hash, next))) {
                    if let Some(end) = whole_match(text, first, self.key_text(entry))
                        && let Some(hits) = out.get_mut(entry.set as usize)
                    {
                        hits.push(WordHit { first, end, key: entry.key });
                    }
                }
            }
        }
        for hits in &mut out {
            hits.sort_unstable_by_key(|h| (h.end, h.first));
        }
        out
    }
}

/// One past the last token if `key`'s words are the keys of the tokens from `first` on, all in one sentence.
fn whole_match(text: &KeyText, first: usize, key: &str) -> Option<usize> {
    let mut at = first;
    for (i, word) in key.split(' ').enumerate() {
        if i > 0 && !text.joined(at - 1) {
            return None;
        }
        if at >= text.len() || text.token_key(at) != word {
            return None;
        }
        at += 1;
    }
    Some(at)
}

/// A set of phrases, each carrying one or more values: compiled into an automaton for searches that
/// need hits ending inside a token (prefix patterns), and indexed by first word for whole-word search.
#[derive(Clone)]
pub struct PhraseSet<V> {
    automaton: Option<DoubleArrayAhoCorasick<u32>>,
    /// The keys by their first words, for whole-word search.
    words: WordIndex,
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
        PhraseSet { automaton: None, words: WordIndex::default(), values: Vec::new(), keys: Vec::new() }
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
        // Keys are unique and non-empty, which is all daachorse requires. Each is searched with the
        // token start marker before it (see [`KeyText`]).
        let automaton = if keys.is_empty() {
            None
        } else {
            let marked: Vec<Vec<u8>> = keys.iter().map(|k| [b" ", k.as_bytes()].concat()).collect();
            DoubleArrayAhoCorasick::with_values(marked.iter().enumerate().map(|(i, k)| (k.as_slice(), i as u32))).ok()
        };
        let words = WordIndex::new(&[keys.iter().map(String::as_str).collect()]);
        PhraseSet { automaton, words, values, keys }
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when the set holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Every key with its values, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[V])> {
        self.keys.iter().map(String::as_str).zip(self.values.iter().map(Vec::as_slice))
    }

    /// The values stored under an exact key.
    pub fn get(&self, key: &str) -> Option<&[V]> {
        let index = self.keys.binary_search_by(|k| k.as_str().cmp(key)).ok()?;
        Some(&self.values[index])
    }

    /// Every whole-word hit (starting at a token start and ending at a token end), overlapping hits
    /// included: exactly the hits of [`PhraseSet::find`] with `whole == true`, in the same order.
    pub fn find_whole<'s>(&'s self, text: &KeyText) -> std::vec::IntoIter<PhraseHit<'s, V>> {
        let hits = self.words.find(text).pop().unwrap_or_default();
        hits.into_iter().map(|hit| self.hit(hit)).collect::<Vec<_>>().into_iter()
    }

    /// The keys, in the order [`WordHit::key`] and [`WordIndex::new`] number them.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The hit with its values, for a [`WordHit`] of this set's keys.
    pub fn hit(&self, hit: WordHit) -> PhraseHit<'_, V> {
        let values = self.values.get(hit.key as usize).map_or(&[][..], Vec::as_slice);
        PhraseHit { first: hit.first, end: hit.end, whole: true, values }
    }

    /// The hits that end inside token `index`: keys that are a proper prefix of the token's key (what
    /// prefix patterns need), in the order [`PhraseSet::find`] reports them, each with `whole == false`.
    pub fn find_prefixes<'s>(&'s self, text: &KeyText, index: usize) -> Vec<PhraseHit<'s, V>> {
        let mut out = Vec::new();
        self.find_prefixes_into(text, index, &mut out);
        out
    }

    /// [`PhraseSet::find_prefixes`], appending to `out` instead of allocating (called per token).
    pub fn find_prefixes_into<'s>(&'s self, text: &KeyText, index: usize, out: &mut Vec<PhraseHit<'s, V>>) {
        let (Some(automaton), Some(&start), Some(&end)) =
            (&self.automaton, text.starts.get(index), text.ends.get(index))
        else {
            return;
        };
        // From the token's start marker (the space before it) to its end.
        let Some(bytes) = text.key.as_bytes().get(start as usize - 1..end as usize) else { return };
        out.extend(
            automaton.find_overlapping_iter(bytes).filter(|hit| hit.start() == 0 && hit.end() < bytes.len()).map(
                |hit| PhraseHit {
                    first: index,
                    end: index + 1,
                    whole: false,
                    values: &self.values[hit.value() as usize],
                },
            ),
        );
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
    fn whole_word_search_finds_what_the_automaton_finds_in_the_same_order() {
        let set = PhraseSet::build(vec![
            ("russia".to_string(), 1),
            ("warn".to_string(), 2),
            ("warns".to_string(), 3),
            ("north atlantic treaty organization".to_string(), 4),
            ("treaty".to_string(), 5),
            ("atlantic treaty".to_string(), 6),
            ("russia warns".to_string(), 7),
            ("us".to_string(), 8),
            ("aid . russia".to_string(), 9),
        ]);
        let text = "Russia warns the North Atlantic Treaty Organization. Treaty talks: Russians use US aid. Russia";
        let tokens = tokenize(text, Span::new(0, text.len()));
        // A sentence starts at "Treaty" and at the last "Russia".
        let starts: Vec<usize> = [0, 8, 16].into();
        let key = KeyText::build(text, &tokens, &starts);
        let automaton: Vec<(usize, usize, i32)> =
            set.find(&key).filter(|h| h.whole).map(|h| (h.first, h.end, h.values[0])).collect();
        let whole: Vec<(usize, usize, i32)> = set.find_whole(&key).map(|h| (h.first, h.end, h.values[0])).collect();
        assert_eq!(whole, automaton);
        assert!(whole.contains(&(0, 2, 7)));
        assert!(whole.contains(&(3, 7, 4)));
        assert!(whole.contains(&(4, 6, 6)));
        assert!(whole.contains(&(13, 14, 8)));
        assert!(whole.contains(&(16, 17, 1)));
        // "Russians" and the "warn" in "warns" are not whole words.
        assert!(!whole.iter().any(|&(_, _, v)| v == 2));
        assert_eq!(whole.iter().filter(|h| h.2 == 1).count(), 2);
        // No hit crosses a sentence break.
        assert!(!whole.iter().any(|&(_, _, v)| v == 9));
    }

    #[test]
    fn prefix_hits_of_one_token_are_those_of_the_whole_text() {
        let set = PhraseSet::build(vec![("warn".to_string(), 1), ("war".to_string(), 2), ("warns".to_string(), 3)]);
        let text = key_text("Russia warns of war; warnings");
        let all: Vec<(usize, i32)> = set.find(&text).filter(|h| !h.whole).map(|h| (h.first, h.values[0])).collect();
        let per_token: Vec<(usize, i32)> =
            (0..text.len()).flat_map(|t| set.find_prefixes(&text, t)).map(|h| (h.first, h.values[0])).collect();
        assert_eq!(per_token, all);
        assert_eq!(per_token, vec![(1, 2), (1, 1), (5, 2), (5, 1)]);
    }

    #[test]
    fn key_bytes_are_the_key() {
        for word in ["NATO", "Kyiv", "don’t", "O\u{2BC}Brien", "ZÜRICH", "İstanbul", "ß", "a1-B", "‘x", ""] {
            let (mut bytes, mut key) = (b"x".to_vec(), "x".to_string());
            push_key_bytes(&mut bytes, word);
            push_key(&mut key, word);
            assert_eq!(bytes, key.as_bytes(), "{word}");
        }
    }

    #[test]
    fn token_hashes_are_the_word_hashes_of_the_token_keys() {
        let text = "Kyiv’s ÉLITE troops \"said\" No";
        let key = key_text(text);
        assert_eq!(key.key, " kyiv 's élite troops \" said \" no ");
        for index in 0..key.len() {
            assert_eq!(key.token_hash(index), Some(word_hash(key.token_key(index))));
        }
        assert_eq!(key.token_hash(key.len()), None);
    }

    #[test]
    fn hash_bits_never_miss_a_word_they_hold() {
        let mut bits = HashBits::default();
        assert!(!bits.may_contain(word_hash("russia")));
        let words = ["russia", "the", "united", "nations", "kyiv"];
        for w in words {
            bits.insert(word_hash(w));
        }
        assert!(words.iter().all(|w| bits.may_contain(word_hash(w))));
    }

    #[test]
    fn phrase_keys_use_the_text_tokenizer() {
        let key = PhraseKey::of("Ukraine’s foreign minister").unwrap();
        assert_eq!(key.key, "ukraine 's foreign minister");
        assert_eq!(key.case[0], CaseRule::Capitalised);
        assert!(PhraseKey::of("   ").is_none());
    }
}
