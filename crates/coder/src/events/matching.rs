//! Pattern matching: the anchor words the lookup found, each pattern's elements checked around its anchor in the
//! sentence (words, synsets, gaps, `$`/`+` slots), with the tables that rule patterns out before trying them.

use std::ops::Range;

use redline_dict::matcher::word_hash;
use redline_dict::{AnchorRef, Dictionaries, Element, MAX_GAP, Pattern, PhraseSet};
use redline_model::CameoCode;

use crate::doc::Doc;
use crate::events::Context;

/// Words that end a clause: a gap of a pattern does not cross them.
const CLAUSE_BREAKS: &[&str] = &[";", "while", "whereas", "but", "although", "though", "meanwhile", "however"];
/// Words a slot may skip before its actor ("the World Bank").
const DETERMINERS: &[&str] = &["the", "a", "an", "its", "their", "his", "her", "our", "all", "both"];
/// Words that end the modifiers a slot may skip before its actor: prepositions, conjunctions, verbs of saying.
const NOT_MODIFIERS: &[&str] = &[
    "of", "to", "for", "in", "on", "at", "with", "from", "by", "against", "into", "over", "about", "near", "and", "or",
    "but", ",", ".", ";", ":", "that", "which", "who", "said", "says", "as", "than", "after", "before",
];
/// How many words a slot may skip before its actor.
const SLOT_MODIFIERS: usize = 4;
/// Words that negate: a pattern that spells one codes the negated form itself (PETRARCH's `&NEGATVAUXVRB`).
const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "n't",
    "didn't",
    "don't",
    "doesn't",
    "won't",
    "wouldn't",
    "hasn't",
    "haven't",
    "hadn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "cannot",
    "can't",
    "couldn't",
    "shouldn't",
    "neither",
    "nor",
    "no",
];

/// The verified matches of every sentence (index = sentence), in the order they are to be coded: the most
/// specific pattern first.
pub(crate) fn find_matches(doc: &Doc<'_>, cx: &Context<'_>) -> Vec<Vec<Match>> {
    let discarded: Vec<u32> = cx.hits.discard_sentence.iter().map(|h| doc.token_sentence[h.first]).collect();
    let mut by_sentence: Vec<Vec<Match>> = vec![Vec::new(); doc.sentences.len()];
    // The words of each sentence an anchor is hit in, built when first needed.
    let mut sentence_words: Vec<Option<WordBits>> = vec![None; doc.sentences.len()];
    for hit in anchor_hits(doc, cx) {
        if !cx.dicts.codebook.anchor_nouns && is_noun(doc, hit.first) {
            continue;
        }
        let sentence = doc.token_sentence[hit.first];
        if discarded.contains(&sentence) {
            continue;
        }
        let range = doc.sentence_tokens[sentence as usize].clone();
        let words = *sentence_words[sentence as usize].get_or_insert_with(|| {
            let mut bits = WordBits::default();
            range.clone().filter_map(|i| doc.key.token_hash(i)).for_each(|hash| add_word(&mut bits, hash));
            bits
        });
        for anchor in hit.values {
            if !hit.whole && !anchor.prefix || !cx.tables.may_match(anchor.pattern, &words) {
                continue;
            }
            let pattern = &cx.dicts.patterns[anchor.pattern as usize];
            if let Some(found) = verify(doc, cx, pattern, anchor.pattern, hit.first, hit.end, &range) {
                by_sentence[sentence as usize].push(found);
            }
        }
    }
    for matches in &mut by_sentence {
        matches.sort_by(|a, b| {
            let (pa, pb) = (&cx.dicts.patterns[a.pattern as usize], &cx.dicts.patterns[b.pattern as usize]);
            pb.specificity()
                .cmp(&pa.specificity())
                .then(pb.code.as_str().len().cmp(&pa.code.as_str().len()))
                .then(is_specified(&pb.code).cmp(&is_specified(&pa.code)))
                .then(a.first.cmp(&b.first))
        });
    }
    by_sentence
}

/// What event coding derives from a dictionary set once, at start-up.
#[derive(Debug, Default)]
pub struct EventTables {
    /// The anchors of prefix patterns (`warn*`) alone: the only ones a hit ending inside a word can
    /// serve (whole-word anchors come from the article's [`Hits`]).
    prefix_anchors: PhraseSet<AnchorRef>,
    /// One bit per [`head`] of a prefix anchor: a word whose head has no bit holds no prefix anchor.
    heads: Vec<u64>,
    /// Some prefix anchor is shorter than a head: every word must be searched.
    short_prefix: bool,
    /// For each pattern, whether it spells a negation itself: its code says so, and its events are not negated.
    pub(crate) negating: Vec<bool>,
    /// For each synset, its members as (the [`word_hash`] of the first word, the member's number),
    /// sorted: the members whose first word can be the text's word are one range, found by a binary
    /// search, in member order. `None` for a synset with an empty member (it matches anywhere).
    synset_heads: Vec<Option<Vec<(u64, u32)>>>,
    /// [`CLAUSE_BREAKS`] and [`DETERMINERS`], tested on every step of a pattern's gaps and slots.
    clause_breaks: WordList,
    determiners: WordList,
    /// [`NOT_MODIFIERS`]: where a slot stops looking for its actor.
    modifiers: WordList,
    /// For each pattern, the [`WordBits`] of each element besides the anchor that must match a word
    /// of the sentence (a choice of whole words and synsets): a sentence whose bits share none with
    /// one of them cannot match the pattern, which is then not tried. Pattern `i`'s are
    /// `need_bits[need_starts[i]..need_starts[i + 1]]`: one flat table, as this test runs for every
    /// pattern of every anchor hit.
    need_starts: Vec<u32>,
    need_bits: Vec<WordBits>,
}

/// A set of words as 256 bits (one per top byte of the [`word_hash`]): no shared bit, no shared word.
pub(crate) type WordBits = [u64; 4];

/// Sets the bit of the word whose [`word_hash`] is `hash`.
pub(crate) fn add_word(bits: &mut WordBits, hash: u64) {
    let bit = (hash >> 56) as usize;
    bits[bit / 64] |= 1 << (bit % 64);
}

/// True when two word sets may share a word.
pub(crate) fn may_share(a: &WordBits, b: &WordBits) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

/// The [`WordBits`] of the words one element of a pattern can match first, or `None` when it needs no
/// word of the sentence (a gap or slot) or may match any (a `warn*` prefix, an empty synset member).
/// A choice matches only inside the sentence: a word that equals a listed one, or a synset member
/// whose words all lie in the sentence, the first among them.
pub(crate) fn element_bits(dicts: &Dictionaries, element: &Element) -> Option<WordBits> {
    let Element::Choice { words, synsets } = element else { return None };
    let mut bits = WordBits::default();
    for word in words {
        if word.prefix {
            return None;
        }
        add_word(&mut bits, word_hash(&word.text));
    }
    for &synset in synsets {
        for member in &dicts.synsets.get(synset as usize)?.members {
            add_word(&mut bits, word_hash(member.first()?));
        }
    }
    Some(bits)
}

/// A few lower-case words with their [`word_hash`]es: a token's key is compared as a number first
/// (the key text hashed every token when it was built), as a string only when the numbers agree.
#[derive(Debug, Default)]
struct WordList {
    words: &'static [&'static str],
    hashes: Vec<u64>,
}

impl WordList {
    fn new(words: &'static [&'static str]) -> WordList {
        WordList { words, hashes: words.iter().map(|w| word_hash(w)).collect() }
    }

    /// False when the token is one of these words (or past the text).
    fn holds_not(&self, doc: &Doc<'_>, index: usize) -> bool {
        index < doc.tokens.len() && !self.holds(doc, index)
    }

    /// Same as [`Doc::is`] with these words: equal keys hash alike.
    fn holds(&self, doc: &Doc<'_>, index: usize) -> bool {
        let Some(hash) = doc.key.token_hash(index) else { return false };
        self.hashes.iter().zip(self.words).any(|(&h, &word)| h == hash && doc.key_of(index) == word)
    }
}

/// Bytes of a word's start that [`EventTables::heads`] records.
const HEAD: usize = 3;

/// A 16-bit hash of the first [`HEAD`] bytes of a key.
fn head(key: &[u8]) -> usize {
    let bytes = &key[..HEAD.min(key.len())];
    let value = bytes.iter().fold(0u32, |acc, &b| acc.wrapping_mul(257).wrapping_add(u32::from(b)));
    (value.wrapping_mul(0x9e37_79b1) >> 16) as usize
}

impl EventTables {
    /// Builds the tables of a dictionary set.
    pub fn new(dicts: &Dictionaries) -> EventTables {
        let items: Vec<(String, AnchorRef)> = dicts
            .anchors
            .iter()
            .flat_map(|(key, values)| values.iter().filter(|v| v.prefix).map(move |v| (key.to_string(), *v)))
            .collect();
        let mut heads = vec![0u64; 1 << 10];
        let mut short_prefix = false;
        for (key, _) in &items {
            short_prefix |= key.len() < HEAD;
            let h = head(key.as_bytes());
            heads[h / 64] |= 1 << (h % 64);
        }
        let negating = dicts.patterns.iter().map(|p| pattern_negates(dicts, p)).collect();
        let synset_heads = dicts
            .synsets
            .iter()
            .map(|synset| {
                let heads = synset
                    .members
                    .iter()
                    .enumerate()
                    .map(|(number, member)| member.first().map(|w| (word_hash(w), number as u32)));
                heads.collect::<Option<Vec<_>>>().map(|mut heads| {
                    heads.sort_unstable();
                    heads
                })
            })
            .collect();
        let mut need_starts = vec![0];
        let mut need_bits = Vec::new();
        for pattern in &dicts.patterns {
            let others = pattern.elements.iter().enumerate().filter(|&(i, _)| i != pattern.anchor);
            need_bits.extend(others.filter_map(|(_, element)| element_bits(dicts, element)));
            need_starts.push(need_bits.len() as u32);
        }
        EventTables {
            prefix_anchors: PhraseSet::build(items),
            heads,
            short_prefix,
            negating,
            synset_heads,
            clause_breaks: WordList::new(CLAUSE_BREAKS),
            determiners: WordList::new(DETERMINERS),
            modifiers: WordList::new(NOT_MODIFIERS),
            need_starts,
            need_bits,
        }
    }

    /// False when pattern `index` surely cannot match in a sentence whose words are `words`.
    pub(crate) fn may_match(&self, index: u32, words: &WordBits) -> bool {
        let index = index as usize;
        let (Some(&start), Some(&end)) = (self.need_starts.get(index), self.need_starts.get(index + 1)) else {
            return true;
        };
        self.need_bits[start as usize..end as usize].iter().all(|need| may_share(need, words))
    }

    /// True if a token whose key is `key` may hold a prefix anchor that ends inside it.
    fn may_hold_prefix(&self, key: &[u8]) -> bool {
        if self.short_prefix {
            return true;
        }
        if key.len() <= HEAD {
            return false;
        }
        let h = head(key);
        self.heads[h / 64] & (1 << (h % 64)) != 0
    }
}

/// A verified pattern match.
#[derive(Debug, Clone)]
pub(crate) struct Match {
    /// The pattern's index.
    pub pattern: u32,
    /// First token of the match.
    pub first: usize,
    /// One past its last token.
    pub end: usize,
    /// First token of the anchor.
    pub anchor: usize,
    /// One past the anchor's last token.
    pub anchor_end: usize,
    /// The mention in the pattern's `$` slot.
    pub source: Option<usize>,
    /// The mention in the pattern's `+` slot.
    pub target: Option<usize>,
}

/// Every anchor hit in the order one automaton over all anchors would report them (by where the hit
/// ends, then longest first): whole words from the whole-word automaton, with every value, and hits
/// ending inside a word from the prefix anchors, with their (prefix) values only.
fn anchor_hits<'d>(doc: &Doc<'_>, cx: &Context<'d>) -> Vec<redline_dict::PhraseHit<'d, AnchorRef>> {
    let mut hits: Vec<_> = cx.hits.anchors.iter().map(|&h| cx.dicts.anchors.hit(h)).collect();
    if !cx.tables.prefix_anchors.is_empty() {
        for (index, key) in doc.key.token_key_bytes().enumerate() {
            if cx.tables.may_hold_prefix(key) {
                cx.tables.prefix_anchors.find_prefixes_into(&doc.key, index, &mut hits);
            }
        }
    }
    // A hit inside token t ends before any whole hit ending with t; the sort is stable, and each list
    // is already in this order, so hits inside one token keep the automaton's order.
    hits.sort_by_key(|h| (h.end - 1, h.whole, h.first));
    hits
}

/// True for a word used as a noun: right after a determiner ("an attack", "their meeting"), or after a
/// determiner and a number or hyphenated modifier ("a 12-year break"). Only sets whose patterns name
/// verbs (`option verbs-only`) ask for this.
fn is_noun(doc: &Doc<'_>, at: usize) -> bool {
    const NOUN_DETERMINERS: &[&str] = &["a", "an", "the", "its", "their", "his", "her", "our", "'s"];
    if at > 0 && doc.is(at - 1, NOUN_DETERMINERS) {
        return true;
    }
    let modifier = |i: usize| doc.key_of(i).contains('-') || doc.key_of(i).starts_with(|c: char| c.is_ascii_digit());
    at > 1 && modifier(at - 1) && doc.is(at - 2, NOUN_DETERMINERS)
}

/// False for the "not specified below" codes (`130`, `0310`-style codes ending in 0).
fn is_specified(code: &CameoCode) -> bool {
    code.as_str().len() > 2 && !code.as_str().ends_with('0')
}

/// Checks the elements around the anchor; returns the full match.
fn verify(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    pattern: &Pattern,
    index: u32,
    anchor_first: usize,
    anchor_end: usize,
    range: &Range<usize>,
) -> Option<Match> {
    let mut slots = Slots::default();
    let after = &pattern.elements[pattern.anchor + 1..];
    let end = match_forward(doc, cx, after, anchor_end, range.end, &mut slots)?;
    let before = &pattern.elements[..pattern.anchor];
    let first = match_backward(doc, cx, before, anchor_first, range.start, &mut slots)?;
    Some(Match {
        pattern: index,
        first,
        end,
        anchor: anchor_first,
        anchor_end,
        source: slots.source,
        target: slots.target,
    })
}

#[derive(Debug, Default, Clone, Copy)]
struct Slots {
    source: Option<usize>,
    target: Option<usize>,
}

impl Slots {
    /// Puts the mention in the slot the element names (`+` target, `$` source).
    fn fill(&mut self, element: &Element, mention: usize) {
        if matches!(element, Element::Target) {
            self.target = Some(mention);
        } else {
            self.source = Some(mention);
        }
    }
}

/// Matches `elements` starting at token `at`; returns the end token.
fn match_forward(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    elements: &[Element],
    at: usize,
    limit: usize,
    slots: &mut Slots,
) -> Option<usize> {
    let Some((element, rest)) = elements.split_first() else { return Some(at) };
    match element {
        Element::Gap => {
            for skip in 0..=MAX_GAP {
                let pos = at + skip;
                if pos > limit || (skip > 0 && cx.tables.clause_breaks.holds(doc, pos - 1)) {
                    break;
                }
                let mut trial = *slots;
                if let Some(end) = match_forward(doc, cx, rest, pos, limit, &mut trial) {
                    *slots = trial;
                    return Some(end);
                }
            }
            None
        }
        Element::Choice { words, synsets } => {
            let here = (at < limit).then(|| doc.key_of(at));
            if let Some(here) = here
                && words.iter().any(|w| w.accepts(here))
            {
                let mut trial = *slots;
                if let Some(done) = match_forward(doc, cx, rest, at + 1, limit, &mut trial) {
                    *slots = trial;
                    return Some(done);
                }
            }
            let here_hash = here.and_then(|_| doc.key.token_hash(at));
            for &synset in synsets {
                let Some(members) = cx.dicts.synsets.get(synset as usize).map(|s| &s.members) else { continue };
                match cx.tables.synset_heads.get(synset as usize).and_then(Option::as_deref) {
                    // Equal words hash alike: only the members whose first word hashes as the text's
                    // word can match, and every member has a first word, so no word, no member.
                    Some(heads) => {
                        let Some(hash) = here_hash else { continue };
                        let from = heads.partition_point(|&(h, _)| h < hash);
                        for &(_, number) in heads[from..].iter().take_while(|&&(h, _)| h == hash) {
                            let member = &members[number as usize];
                            if let Some(done) = match_member(doc, cx, rest, member, here, at, limit, slots) {
                                return Some(done);
                            }
                        }
                    }
                    None => {
                        for member in members {
                            if let Some(done) = match_member(doc, cx, rest, member, here, at, limit, slots) {
                                return Some(done);
                            }
                        }
                    }
                }
            }
            None
        }
        Element::Target | Element::Source => {
            // The mention may include its determiner ("the World Bank") or follow one ("the US").
            let mut start = at;
            let mut mention = cx.starting_at(start);
            while mention.is_none() && start < limit && cx.tables.determiners.holds(doc, start) {
                start += 1;
                mention = cx.starting_at(start);
            }
            // A few modifiers may come before the actor: "met his counterpart Italian President Sergio
            // Mattarella", "expelled the top American diplomat" (not a preposition: "to the border of Ukraine"
            // is no actor at the slot).
            let mut next = start;
            while mention.is_none()
                && next + 1 < limit
                && next < start + SLOT_MODIFIERS
                && cx.tables.modifiers.holds_not(doc, next)
            {
                next += 1;
                mention = cx.starting_at(next);
            }
            let mention = mention?;
            slots.fill(element, mention);
            match_forward(doc, cx, rest, cx.mentions[mention].end, limit, slots)
        }
    }
}

/// One synset member of a choice at token `at` (whose key is `here`), then the `rest` of the pattern.
#[allow(clippy::too_many_arguments)]
fn match_member(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    rest: &[Element],
    member: &[String],
    here: Option<&str>,
    at: usize,
    limit: usize,
    slots: &mut Slots,
) -> Option<usize> {
    let end = at + member.len();
    // The first word is compared with the key read once; the rest only when it matches.
    let first_matches = member.first().is_none_or(|w| here == Some(w.as_str()));
    if end <= limit && first_matches && member.iter().enumerate().skip(1).all(|(i, w)| doc.key_of(at + i) == w) {
        let mut trial = *slots;
        if let Some(done) = match_forward(doc, cx, rest, end, limit, &mut trial) {
            *slots = trial;
            return Some(done);
        }
    }
    None
}

/// Matches `elements` ending just before token `at`; returns the first token.
fn match_backward(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    elements: &[Element],
    at: usize,
    limit: usize,
    slots: &mut Slots,
) -> Option<usize> {
    let Some((element, rest)) = elements.split_last() else { return Some(at) };
    match element {
        Element::Gap => {
            for skip in 0..=MAX_GAP {
                if at < limit + skip {
                    break;
                }
                let pos = at - skip;
                let mut trial = *slots;
                if let Some(first) = match_backward(doc, cx, rest, pos, limit, &mut trial) {
                    *slots = trial;
                    return Some(first);
                }
            }
            None
        }
        Element::Choice { words, synsets } => {
            let before = (at > limit).then(|| doc.key_of(at - 1));
            if let Some(before) = before
                && words.iter().any(|w| w.accepts(before))
            {
                let mut trial = *slots;
                if let Some(first) = match_backward(doc, cx, rest, at - 1, limit, &mut trial) {
                    *slots = trial;
                    return Some(first);
                }
            }
            for member in synsets.iter().flat_map(|s| &cx.dicts.synsets[*s as usize].members) {
                if at < limit + member.len() {
                    continue;
                }
                let start = at - member.len();
                // The last word is compared with the key read once; the rest only when it matches.
                let last_matches = member.last().is_none_or(|w| before == Some(w.as_str()));
                if last_matches && member.iter().enumerate().all(|(i, w)| doc.key_of(start + i) == w) {
                    let mut trial = *slots;
                    if let Some(first) = match_backward(doc, cx, rest, start, limit, &mut trial) {
                        *slots = trial;
                        return Some(first);
                    }
                }
            }
            None
        }
        Element::Target | Element::Source => {
            let mention = cx.ending_at(at, limit)?;
            slots.fill(element, mention);
            match_backward(doc, cx, rest, cx.mentions[mention].first, limit, slots)
        }
    }
}

/// True if the pattern spells a negation itself: a word, or a synset member such as PETRARCH's
/// `&NEGATVAUXVRB` → "didn't".
pub(crate) fn pattern_negates(dicts: &Dictionaries, pattern: &Pattern) -> bool {
    let negation = |w: &str| NEGATIONS.contains(&w) || w == "no";
    pattern.elements.iter().any(|e| match e {
        Element::Choice { words, synsets } => {
            words.iter().any(|w| negation(&w.text))
                || synsets
                    .iter()
                    .flat_map(|s| &dicts.synsets[*s as usize].members)
                    .any(|member| member.iter().any(|w| negation(w)))
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use redline_dict::WordTest;

    use super::*;
    use crate::tests::shipped_pipeline;

    fn bits_of(words: &[&str]) -> WordBits {
        let mut bits = WordBits::default();
        words.iter().for_each(|w| add_word(&mut bits, word_hash(w)));
        bits
    }

    fn word(text: &str, prefix: bool) -> WordTest {
        WordTest { text: text.to_string(), prefix }
    }

    #[test]
    fn a_choice_needs_one_of_its_words_a_prefix_or_slot_needs_none() {
        let pipeline = shipped_pipeline();
        let dicts = &pipeline.dictionaries;
        let choice = Element::Choice { words: vec![word("talks", false), word("met", false)], synsets: vec![] };
        let needs = element_bits(dicts, &choice).expect("exact words give bits");
        assert!(may_share(&needs, &bits_of(&["the", "envoys", "met"])));
        assert!(may_share(&needs, &bits_of(&["peace", "talks"])));
        // Words whose bits are none of the choice's cannot satisfy it.
        let others: Vec<&str> = ["peace", "envoy", "geneva", "in", "on", "monday", "said"]
            .into_iter()
            .filter(|w| !may_share(&needs, &bits_of(&[w])))
            .collect();
        assert!(others.len() >= 3, "too many bit collisions: {others:?}");
        assert!(!may_share(&needs, &bits_of(&others)));
        assert_eq!(element_bits(dicts, &Element::Choice { words: vec![word("warn", true)], synsets: vec![] }), None);
        assert_eq!(element_bits(dicts, &Element::Gap), None);
        assert_eq!(element_bits(dicts, &Element::Target), None);
    }

    #[test]
    fn no_code_is_ruled_out_on_its_examples_and_some_patterns_are_on_no_words() {
        let pipeline = shipped_pipeline();
        let (dicts, tables) = (&pipeline.dictionaries, &pipeline.event_tables);
        let mut tried = 0;
        for (index, pattern) in dicts.patterns.iter().enumerate() {
            for example in &pattern.examples {
                let example = example.text.as_str();
                let sentences = pipeline.segmenter.split(example, 0);
                let doc = Doc::new(example, &sentences, None, 0);
                let mut words = WordBits::default();
                (0..doc.tokens.len()).filter_map(|i| doc.key.token_hash(i)).for_each(|h| add_word(&mut words, h));
                // An example shows its code, which a sibling pattern may be the one to find.
                let kept = (0..dicts.patterns.len())
                    .filter(|&i| dicts.patterns[i].code == pattern.code)
                    .any(|i| tables.may_match(i as u32, &words));
                assert!(kept, "pattern {index} and its siblings ruled out on {example:?}");
                tried += 1;
            }
        }
        assert!(tried > 100, "only {tried} examples");
        let ruled_out =
            (0..dicts.patterns.len()).filter(|&i| !tables.may_match(i as u32, &WordBits::default())).count();
        assert!(ruled_out > 10, "only {ruled_out} patterns need a word besides the anchor");
    }
}
