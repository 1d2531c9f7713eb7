//! Event coding: pattern matching around anchor words, then source and target from the clause, with
//! passive voice, compound actors, negation, future/conditional re-coding, quotations and reported speech.

use std::borrow::Cow;
use std::ops::Range;

use redline_dict::matcher::word_hash;
use redline_dict::{AnchorRef, Dictionaries, Element, MAX_GAP, Pattern, PhraseSet};
use redline_model::{ActorMention, CameoCode, Event, MentionKind, Modality, Quote, Taxonomy};

use crate::actors::Found;
use crate::doc::Doc;
use crate::lexicon::Hits;

/// Prepositions whose object is never the subject of the clause.
const PREPOSITIONS: &[&str] = &[
    "of",
    "to",
    "for",
    "against",
    "with",
    "from",
    "into",
    "onto",
    "on",
    "in",
    "at",
    "about",
    "over",
    "between",
    "among",
    "near",
    "toward",
    "towards",
    "across",
    "than",
    "like",
    "including",
    "by",
    "upon",
    "within",
    "without",
    "through",
    "throughout",
    "via",
    "along",
    "amid",
    "around",
    "behind",
    "beyond",
    "inside",
    "outside",
    "under",
    "after",
    "before",
    "during",
    "since",
    "until",
    "despite",
    "regarding",
    "concerning",
    "per",
];
/// Words that end a clause.
const CLAUSE_BREAKS: &[&str] = &[";", "while", "whereas", "but", "although", "though", "meanwhile", "however"];
/// Words that negate the verb after them.
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
];
/// Auxiliaries that put the verb after them in the future or a condition.
const FUTURE: &[&str] = &["will", "would", "could", "may", "might", "shall", "'ll", "can"];
/// Words that make an event noun hypothetical: "any invasion", "a possible attack".
const HYPOTHETICAL_MODIFIERS: &[&str] =
    &["any", "potential", "possible", "imminent", "planned", "prospective", "looming", "threatened", "further"];
/// Words that open a condition.
const CONDITIONS: &[&str] = &["if", "unless", "whether", "should"];
/// Verbs whose infinitive complement is a threat or an intention (`threatened to invade`).
const INTENT_VERBS: &[&str] = &[
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "vow",
    "vows",
    "vowed",
    "pledge",
    "pledges",
    "pledged",
    "promise",
    "promises",
    "promised",
    "ready",
    "prepared",
    "preparing",
    "going",
    "set",
    "poised",
    "seeks",
    "seek",
    "sought",
    "want",
    "wants",
    "wanted",
    "aims",
    "aim",
    "likely",
];
const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being", "get", "got", "gets"];
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "met",
    "held",
    "made",
    "sent",
    "told",
    "given",
    "taken",
    "seen",
    "shot",
    "hit",
    "struck",
    "built",
    "brought",
    "caught",
    "fought",
    "sought",
    "bought",
    "beaten",
    "hurt",
    "led",
    "left",
    "kept",
    "put",
    "set",
    "shut",
    "cut",
    "won",
    "lost",
    "paid",
    "said",
    "sold",
    "spent",
    "found",
    "thrown",
    "driven",
    "written",
    "broken",
    "chosen",
    "spoken",
    "stolen",
    "forbidden",
    "overrun",
    "withdrawn",
    "shaken",
    "frozen",
    "forgotten",
    "hidden",
    "fallen",
    "beaten",
    "bitten",
    "arisen",
    "undertaken",
    "overtaken",
    "mistaken",
    "proven",
    "sworn",
    "torn",
    "worn",
    "born",
];
/// Participles that describe the subject's state, not something done to it ("is concerned about").
const PREDICATIVE: &[&str] = &[
    "concerned",
    "alarmed",
    "disappointed",
    "dissatisfied",
    "satisfied",
    "pleased",
    "worried",
    "troubled",
    "prepared",
    "committed",
    "determined",
    "allied",
    "united",
    "interested",
    "convinced",
    "engaged",
    "involved",
    "opposed",
    "dedicated",
    "devoted",
    "resolved",
    "inclined",
    "disposed",
    "outraged",
    "appalled",
    "shocked",
    "saddened",
    "encouraged",
    "heartened",
    "gratified",
    "honored",
    "honoured",
    "delighted",
    "frustrated",
    "annoyed",
    "angered",
    "irritated",
    "dismayed",
    "perturbed",
    "disturbed",
    "horrified",
    "aligned",
    "poised",
];
const SUBJECT_PRONOUNS: &[&str] = &["he", "she"];
const SPEAKER_PRONOUNS: &[&str] = &["we", "i", "our", "us"];
const DETERMINERS: &[&str] = &["the", "a", "an", "its", "their", "his", "her", "our", "all", "both"];

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
    /// For each pattern, whether it spells a negation itself (see [`is_negated`]).
    negating: Vec<bool>,
    /// For each synset, its members as (the [`word_hash`] of the first word, the member's number),
    /// sorted: the members whose first word can be the text's word are one range, found by a binary
    /// search, in member order. `None` for a synset with an empty member (it matches anywhere).
    synset_heads: Vec<Option<Vec<(u64, u32)>>>,
    /// [`CLAUSE_BREAKS`] and [`DETERMINERS`], tested on every step of a pattern's gaps and slots.
    clause_breaks: WordList,
    determiners: WordList,
    /// For each pattern, the [`WordBits`] of each element besides the anchor that must match a word
    /// of the sentence (a choice of whole words and synsets): a sentence whose bits share none with
    /// one of them cannot match the pattern, which is then not tried. Pattern `i`'s are
    /// `need_bits[need_starts[i]..need_starts[i + 1]]`: one flat table, as this test runs for every
    /// pattern of every anchor hit.
    need_starts: Vec<u32>,
    need_bits: Vec<WordBits>,
}

/// A set of words as 256 bits (one per top byte of the [`word_hash`]): no shared bit, no shared word.
type WordBits = [u64; 4];

/// Sets the bit of the word whose [`word_hash`] is `hash`.
fn add_word(bits: &mut WordBits, hash: u64) {
    let bit = (hash >> 56) as usize;
    bits[bit / 64] |= 1 << (bit % 64);
}

/// True when two word sets may share a word.
fn may_share(a: &WordBits, b: &WordBits) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

/// The [`WordBits`] of the words one element of a pattern can match first, or `None` when it needs no
/// word of the sentence (a gap or slot) or may match any (a `warn*` prefix, an empty synset member).
/// A choice matches only inside the sentence: a word that equals a listed one, or a synset member
/// whose words all lie in the sentence, the first among them.
fn element_bits(dicts: &Dictionaries, element: &Element) -> Option<WordBits> {
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
            need_starts,
            need_bits,
        }
    }

    /// False when pattern `index` surely cannot match in a sentence whose words are `words`.
    fn may_match(&self, index: u32, words: &WordBits) -> bool {
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

/// The inputs event coding reads besides the document, with per-article lookup tables built once.
pub struct Context<'a> {
    /// The compiled dictionaries.
    pub dicts: &'a Dictionaries,
    /// The codebook.
    pub taxonomy: &'a Taxonomy,
    /// Actor mentions in text order.
    pub mentions: &'a [Found],
    /// Quotations with their speakers.
    pub quotes: &'a [Quote],
    tables: &'a EventTables,
    hits: &'a Hits,
    index: MentionIndex,
    say: Vec<CueHit>,
    according: Vec<CueHit>,
}

impl<'a> Context<'a> {
    /// Builds the context of one article: token → mention tables and the article's speech-cue hits,
    /// so that no lookup scans every mention or re-runs an automaton per match.
    /// `tables` must come from the same dictionary set as `dicts`, and `hits` be the document's.
    pub fn new(
        doc: &Doc<'_>,
        dicts: &'a Dictionaries,
        tables: &'a EventTables,
        hits: &'a Hits,
        taxonomy: &'a Taxonomy,
        mentions: &'a [Found],
        quotes: &'a [Quote],
    ) -> Context<'a> {
        let index = MentionIndex::new(mentions, doc.tokens.len());
        let say = cue_hits(&hits.say);
        let according = cue_hits(&hits.according);
        Context { dicts, taxonomy, mentions, quotes, tables, hits, index, say, according }
    }

    /// The first mention (in text order) starting at token `at`.
    fn starting_at(&self, at: usize) -> Option<usize> {
        self.index.starting_at(at)
    }

    /// The first mention (in text order) ending at token `at` and starting at or after `limit`.
    fn ending_at(&self, at: usize, limit: usize) -> Option<usize> {
        self.index.ending_at(at, limit, self.mentions)
    }

    /// Index of the first mention that may start at or after token `at` (0 if mentions are unsorted).
    fn mentions_from(&self, at: usize) -> usize {
        if self.index.sorted { self.mentions.partition_point(|m| m.first < at) } else { 0 }
    }

    /// One past the last mention that may start before token `at` (all if mentions are unsorted).
    fn mentions_before(&self, at: usize) -> usize {
        if self.index.sorted { self.mentions.partition_point(|m| m.first < at) } else { self.mentions.len() }
    }
}

/// Token → mention tables of one article. Each table holds the lowest mention index for a token and
/// chains the others in index order, which answers "the first mention with …" exactly as a scan would.
#[derive(Debug, Default)]
struct MentionIndex {
    by_first: Vec<u32>,
    next_same_first: Vec<u32>,
    by_end: Vec<u32>,
    next_same_end: Vec<u32>,
    /// True when the mentions are in order of their first token (as the actor stage returns them).
    sorted: bool,
}

const NONE: u32 = u32::MAX;

impl MentionIndex {
    fn new(mentions: &[Found], tokens: usize) -> MentionIndex {
        let size = mentions.iter().map(|m| m.end.max(m.first) + 1).max().unwrap_or(0).max(tokens + 1);
        let mut index = MentionIndex {
            by_first: vec![NONE; size],
            next_same_first: vec![NONE; mentions.len()],
            by_end: vec![NONE; size],
            next_same_end: vec![NONE; mentions.len()],
            sorted: mentions.is_sorted_by_key(|m| m.first),
        };
        // Walk backwards so that each table entry ends up holding the lowest index.
        for (i, m) in mentions.iter().enumerate().rev() {
            index.next_same_first[i] = index.by_first[m.first];
            index.by_first[m.first] = i as u32;
            index.next_same_end[i] = index.by_end[m.end];
            index.by_end[m.end] = i as u32;
        }
        index
    }

    fn starting_at(&self, at: usize) -> Option<usize> {
        self.by_first.get(at).filter(|&&i| i != NONE).map(|&i| i as usize)
    }

    fn ending_at(&self, at: usize, limit: usize, mentions: &[Found]) -> Option<usize> {
        let mut i = *self.by_end.get(at)?;
        while i != NONE {
            if mentions[i as usize].first >= limit {
                return Some(i as usize);
            }
            i = self.next_same_end[i as usize];
        }
        None
    }
}

/// A whole-word hit of a speech-cue list: first token and one past the last.
#[derive(Debug, Clone, Copy)]
struct CueHit {
    first: usize,
    end: usize,
}

/// The article's hits of a cue list, in the automaton's order (by end).
fn cue_hits(found: &[redline_dict::matcher::WordHit]) -> Vec<CueHit> {
    let mut hits: Vec<CueHit> = found.iter().map(|h| CueHit { first: h.first, end: h.end }).collect();
    // Already ordered by end; the stable sort only guards that invariant and keeps ties in order.
    hits.sort_by_key(|h| h.end);
    hits
}

/// A verified pattern match.
#[derive(Debug, Clone)]
struct Match {
    pattern: u32,
    first: usize,
    end: usize,
    anchor: usize,
    anchor_end: usize,
    source: Option<usize>,
    target: Option<usize>,
}

/// Codes the events of every sentence.
pub fn code_events(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    event_date: &dyn Fn(u32) -> Option<redline_model::Date>,
) -> Vec<Event> {
    if !cx.hits.discard_article.is_empty() {
        return Vec::new();
    }
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
    let mut events = Vec::new();
    for (sentence, mut matches) in by_sentence.into_iter().enumerate() {
        matches.sort_by(|a, b| {
            let (pa, pb) = (&cx.dicts.patterns[a.pattern as usize], &cx.dicts.patterns[b.pattern as usize]);
            pb.specificity()
                .cmp(&pa.specificity())
                .then(pb.code.as_str().len().cmp(&pa.code.as_str().len()))
                .then(is_specified(&pb.code).cmp(&is_specified(&pa.code)))
                .then(a.first.cmp(&b.first))
        });
        // Where a verb some pattern knows ends: an actor right after one is its object, not a subject.
        let verb_ends: Vec<usize> = matches.iter().map(|m| m.anchor_end).collect();
        let mut taken: Vec<Range<usize>> = Vec::new();
        for m in &matches {
            if taken.iter().any(|r| r.start < m.end && m.first < r.end) {
                continue;
            }
            // A match that yields no event (no actors in reach) does not block the words for others.
            let coded = events_of_match(doc, cx, m, sentence as u32, &verb_ends, event_date);
            if !coded.is_empty() {
                taken.push(m.first..m.end);
                events.extend(coded);
            }
        }
    }
    events.sort_by_key(|e| (e.evidence.start, e.evidence.end));
    events
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

/// Turns one match into events: finds the clause, its actors, the modality and the final code.
fn events_of_match(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    m: &Match,
    sentence: u32,
    verb_ends: &[usize],
    event_date: &dyn Fn(u32) -> Option<redline_model::Date>,
) -> Vec<Event> {
    let pattern = &cx.dicts.patterns[m.pattern as usize];
    let sentence_range = doc.sentence_tokens[sentence as usize].clone();
    let quote = enclosing_quote(doc, cx.quotes, m.anchor);
    let clause = clause_of(doc, &sentence_range, quote, m.first, m.end);
    if is_negated(doc, cx, pattern, m, clause.start) {
        return Vec::new();
    }
    let names_agent = pattern
        .elements
        .iter()
        .any(|e| matches!(e, Element::Choice { words, .. } if words.iter().any(|w| w.text == "by")));
    let passive = m.source.is_none() && !names_agent && is_passive(doc, m.anchor, m.anchor_end, clause.start);
    let (source, target) = if passive {
        let Some(agent) = passive_agent(doc, cx, m.end.max(m.anchor_end), clause.end) else { return Vec::new() };
        let target = m
            .target
            .or_else(|| subject_before(doc, cx, m.first, clause.start, verb_ends))
            .or_else(|| first_after(cx, cx.mentions[agent].end, clause.end, &cx.mentions[agent].mention));
        (Some(agent), target)
    } else {
        let source = m.source.or_else(|| subject_before(doc, cx, m.first, clause.start, verb_ends));
        (source, m.target)
    };
    // The article's mentions are borrowed, not copied, until an event is made of them.
    let mut from_speaker = false;
    let source_mentions: Vec<Cow<'_, ActorMention>> = match source {
        Some(index) => compound(doc, cx, index).into_iter().map(|i| Cow::Borrowed(&cx.mentions[i].mention)).collect(),
        None => match pronoun_source(doc, cx, m.first, clause.start, quote) {
            Some(mention) => vec![Cow::Owned(mention)],
            None => match speaker_of(doc, cx, sentence, quote, &sentence_range) {
                Some(mention) => {
                    from_speaker = true;
                    vec![Cow::Owned(mention)]
                }
                None => return Vec::new(),
            },
        },
    };
    // Without a `+` slot the target is the first actor after the verb that is not the source itself.
    let target = target.or_else(|| {
        if passive {
            return None;
        }
        // The speaker of a closing attribution (", Ukraine's foreign minister said") is not the target.
        let speaker = cue_speaker(doc, cx, &clause, m.first..m.end)
            .filter(|&i| cx.mentions[i].first > 0 && doc.is(cx.mentions[i].first - 1, &[","]));
        let other =
            |i: &usize| Some(*i) != speaker && source_mentions.iter().all(|s| s.code != cx.mentions[*i].mention.code);
        let after = (cx.mentions_from(m.anchor_end)..cx.mentions.len())
            .find(|&i| cx.mentions[i].first >= m.anchor_end && cx.mentions[i].end <= clause.end);
        let following = after
            .and_then(|after| (after..cx.mentions.len()).take_while(|&i| cx.mentions[i].end <= clause.end).find(other));
        // A fronted object: "Biden called the attack by Russia barbaric".
        let fronted = || {
            let source_end = source_mentions.iter().map(|s| s.span.end).max().unwrap_or(0);
            (0..cx.mentions_before(m.first))
                .rev()
                .filter(|&i| cx.mentions[i].end <= m.first && cx.mentions[i].end + 6 >= m.first)
                .filter(|&i| {
                    let first = cx.mentions[i].first;
                    first > clause.start
                        && (doc.is(first - 1, &["by", "of", "on", "against"]) || verb_ends.contains(&first))
                })
                .filter(|&i| cx.mentions[i].mention.span.start >= source_end)
                .find(other)
        };
        following.or_else(fronted)
    });
    let reciprocal = target.is_none() && source_mentions.len() > 1;
    let target_mentions: Vec<Option<&ActorMention>> = match target {
        Some(index) => compound(doc, cx, index).into_iter().map(|i| Some(&cx.mentions[i].mention)).collect(),
        // "Zelenskyy and Erdogan held talks": each acts on the other.
        None if reciprocal => source_mentions.iter().map(|s| Some(s.as_ref())).collect(),
        None if pattern.code.root_number() >= 14 => vec![None],
        None => return Vec::new(),
    };
    let future = is_future(doc, m, &clause, sentence < doc.title_sentences as u32);
    // Sets whose codebook says `keep-future-codes` (PETRARCH imports) code what the pattern says.
    let recode = future && cx.dicts.codebook.recode_future;
    let code = if recode { future_code(&pattern.code, cx.taxonomy) } else { pattern.code.clone() };
    let modality = if future {
        Modality::Future
    } else if !from_speaker && quote.is_none() && reported_by_other(doc, cx, &clause, m, &source_mentions) {
        Modality::Reported
    } else {
        Modality::Asserted
    };
    let rule = pattern.rule.clone();
    let evidence = doc.span_of(m.first, m.end);
    // A material event whose only target is the source's own country ("Ukraine liberated Bucha") is
    // coded without a target rather than dropped.
    let all_own = target_mentions.iter().flatten().all(|t| source_mentions.iter().any(|s| s.code == t.code));
    let target_mentions =
        if all_own && !target_mentions.is_empty() && code.root_number() >= 14 { vec![None] } else { target_mentions };
    let mut events = Vec::new();
    for source in &source_mentions {
        for target in &target_mentions {
            if let Some(target) = target
                && (target.code == source.code || target.span == source.span || same_person(source, target))
            {
                continue;
            }
            events.push(Event {
                source: source.as_ref().clone(),
                target: target.cloned(),
                code: code.clone(),
                sentence,
                evidence,
                date: event_date(sentence),
                rule: rule.clone(),
                modality,
            });
        }
    }
    // `reciprocal 033`: "X left for Y" is also Y→X 033; an event already coded is not repeated.
    if let Some(reciprocal) = &pattern.reciprocal {
        let back: Vec<Event> = events
            .iter()
            .filter_map(|e| {
                let target = e.target.clone()?;
                Some(Event { source: target, target: Some(e.source.clone()), code: reciprocal.clone(), ..e.clone() })
            })
            .collect();
        for event in back {
            let key = |e: &Event| (e.source.code.clone(), e.target.as_ref().map(|t| t.code.clone()), e.code.clone());
            if !events.iter().any(|e| key(e) == key(&event)) {
                events.push(event);
            }
        }
    }
    events
}

fn same_person(a: &ActorMention, b: &ActorMention) -> bool {
    a.kind != MentionKind::Composed && a.name == b.name && a.entry == b.entry
}

/// The quotation holding token `at`, if any.
fn enclosing_quote<'q>(doc: &Doc<'_>, quotes: &'q [Quote], at: usize) -> Option<&'q Quote> {
    let span = doc.tokens[at].span;
    quotes.iter().find(|q| q.span.contains(span))
}

/// The token range of the clause around the match: bounded by clause breaks and by the quotation.
fn clause_of(doc: &Doc<'_>, sentence: &Range<usize>, quote: Option<&Quote>, first: usize, end: usize) -> Range<usize> {
    let (mut start, mut stop) = (sentence.start, sentence.end);
    if let Some(q) = quote {
        start = start.max(doc.token_at_or_after(q.span.start));
        stop = stop.min(doc.token_ending_after(q.span.end));
    }
    for i in (start..first).rev() {
        if doc.is(i, CLAUSE_BREAKS) {
            start = i + 1;
            break;
        }
    }
    for i in end..stop {
        if doc.is(i, CLAUSE_BREAKS) {
            stop = i;
            break;
        }
    }
    start..stop.max(start)
}

/// True if the pattern spells a negation itself: a word, or a synset member such as PETRARCH's
/// `&NEGATVAUXVRB` → "didn't".
fn pattern_negates(dicts: &Dictionaries, pattern: &Pattern) -> bool {
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

/// True if a negation stands before the verb, unless the pattern spells one itself (a word, or a
/// synset member such as PETRARCH's `&NEGATVAUXVRB` → "didn't").
fn is_negated(doc: &Doc<'_>, cx: &Context<'_>, pattern: &Pattern, m: &Match, clause_start: usize) -> bool {
    if cx.tables.negating.get(m.pattern as usize).copied().unwrap_or_else(|| pattern_negates(cx.dicts, pattern)) {
        return false;
    }
    let from = m.anchor.saturating_sub(3).max(clause_start);
    (from..m.anchor).any(|i| doc.is(i, NEGATIONS) && !doc.is(i + 1, &["only"]))
}

fn is_passive(doc: &Doc<'_>, anchor: usize, anchor_end: usize, clause_start: usize) -> bool {
    let word = doc.key_of(anchor);
    if PREDICATIVE.contains(&word) {
        return false;
    }
    let participle = word.ends_with("ed") || IRREGULAR_PARTICIPLES.contains(&word);
    if !participle {
        return false;
    }
    let by_follows = doc.is(anchor_end, &["by"]);
    let be_before = (anchor.saturating_sub(2).max(clause_start)..anchor).any(|i| doc.is(i, BE));
    // "the guarantees demanded by Russia": a participle followed by its agent.
    let reduced = by_follows && anchor > clause_start && !doc.is(anchor - 1, &["has", "have", "had"]);
    be_before || reduced
}

/// The agent of a passive: `by <actor>` right after the verb group.
fn passive_agent(doc: &Doc<'_>, cx: &Context<'_>, from: usize, stop: usize) -> Option<usize> {
    let by = (from..stop.min(from + 3)).find(|&i| doc.is(i, &["by"]))?;
    let mut at = by + 1;
    while doc.is(at, DETERMINERS) {
        at += 1;
    }
    cx.starting_at(at)
}

/// The nearest actor before `first` in the clause that is not the object of a preposition or verb
/// (nor joined to one: in "between Russia and Ukraine" neither is a subject).
fn subject_before(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    first: usize,
    clause_start: usize,
    verb_ends: &[usize],
) -> Option<usize> {
    if let Some(subject) = gerund_subject(doc, cx, first, clause_start) {
        return Some(subject);
    }
    let range = cx.mentions_from(clause_start)..cx.mentions_before(first);
    cx.mentions[range.clone()]
        .iter()
        .zip(range)
        .rev()
        .filter(|(m, _)| m.first >= clause_start && m.end <= first)
        .map(|(m, i)| (i, m))
        .find(|&(i, m)| is_possessor_of(doc, m, first) || can_be_subject(doc, cx, i, clause_start, verb_ends))
        .map(|(i, _)| i)
}

/// False for an actor that is the object of a preposition or of a known verb, or joined to one
/// ("between Russia and Ukraine").
fn can_be_subject(doc: &Doc<'_>, cx: &Context<'_>, index: usize, clause_start: usize, verb_ends: &[usize]) -> bool {
    let head = compound(doc, cx, index)[0];
    let mut before = cx.mentions[head].first;
    while before > clause_start && doc.is(before - 1, DETERMINERS) {
        before -= 1;
    }
    !verb_ends.contains(&before) && !is_object(doc, cx.mentions[head].first, clause_start)
}

/// "the Kremlin accused of building up troops": the one accused of the gerund is its subject.
fn gerund_subject(doc: &Doc<'_>, cx: &Context<'_>, first: usize, clause_start: usize) -> Option<usize> {
    if first < clause_start + 2 || !doc.is(first - 1, &["of"]) || !doc.key_of(first - 2).ends_with("ed") {
        return None;
    }
    cx.ending_at(first - 2, clause_start)
}

/// True for `Biden's call`: the possessor of the event noun acts, wherever it stands.
fn is_possessor_of(doc: &Doc<'_>, mention: &Found, first: usize) -> bool {
    // "Russia's troop build-up": up to two modifiers between the possessive and the event noun.
    mention.end < first && first <= mention.end + 3 && doc.is(mention.end, &["'s", "'"])
}

/// True if the mention starting at `first` follows a preposition or `to <verb>` within three words.
fn is_object(doc: &Doc<'_>, first: usize, clause_start: usize) -> bool {
    let mut at = first;
    for _ in 0..3 {
        if at <= clause_start {
            return false;
        }
        at -= 1;
        if doc.is(at, PREPOSITIONS) {
            return true;
        }
        let word = doc.word(at);
        let lower_word = word.chars().next().is_some_and(char::is_lowercase);
        if !lower_word || doc.is(at, &["and", "or", "that", "who", "which"]) {
            return false;
        }
    }
    false
}

/// The first actor after `from` in the clause with a code other than `except`'s.
fn first_after(cx: &Context<'_>, from: usize, stop: usize, except: &ActorMention) -> Option<usize> {
    (cx.mentions_from(from)..cx.mentions.len()).find(|&i| {
        let m = &cx.mentions[i];
        m.first >= from && m.end <= stop && m.mention.code != except.code
    })
}

/// `he`/`she` right before the verb → the last person named before; `we`/`I` in a quotation → its speaker.
fn pronoun_source(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    first: usize,
    clause_start: usize,
    quote: Option<&Quote>,
) -> Option<ActorMention> {
    let from = first.saturating_sub(3).max(clause_start);
    for i in (from..first).rev() {
        if doc.is(i, SUBJECT_PRONOUNS) {
            let offset = doc.tokens[i].span.start;
            return cx
                .mentions
                .iter()
                .rev()
                .find(|m| m.mention.span.end <= offset && m.mention.kind == MentionKind::Person)
                .map(|m| pronoun_mention(doc, i, &m.mention));
        }
        if doc.is(i, SPEAKER_PRONOUNS) {
            let speaker = quote.and_then(|q| q.speaker.as_ref())?;
            let code = speaker.code.clone()?;
            return Some(ActorMention {
                span: doc.tokens[i].span,
                code,
                name: speaker.name.as_str().into(),
                kind: MentionKind::Pronoun,
                entry: mention_at(cx, speaker.mention).map(|m| m.entry.clone()).unwrap_or_default(),
                sentence: doc.token_sentence[i],
            });
        }
    }
    None
}

fn pronoun_mention(doc: &Doc<'_>, token: usize, antecedent: &ActorMention) -> ActorMention {
    ActorMention {
        span: doc.tokens[token].span,
        kind: MentionKind::Pronoun,
        sentence: doc.token_sentence[token],
        ..antecedent.clone()
    }
}

fn mention_at<'a>(cx: &Context<'a>, span: redline_model::Span) -> Option<&'a ActorMention> {
    cx.mentions.iter().map(|m| &m.mention).find(|m| m.span.overlap(span) > 0)
}

/// The speaker a clause with no subject of its own is attributed to: its quotation's speaker, or the
/// speaker of the sentence's speech cue ("…, Russia's deputy foreign minister said on Monday").
fn speaker_of(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    sentence: u32,
    quote: Option<&Quote>,
    range: &Range<usize>,
) -> Option<ActorMention> {
    if let Some(speaker) = quote.and_then(|q| q.speaker.as_ref()) {
        let code = speaker.code.clone()?;
        let mut mention = mention_at(cx, speaker.mention).cloned().unwrap_or(ActorMention {
            span: speaker.mention,
            code: code.clone(),
            name: speaker.name.as_str().into(),
            kind: MentionKind::Person,
            entry: Default::default(),
            sentence,
        });
        mention.code = code;
        return Some(mention);
    }
    cue_speaker(doc, cx, range, 0..0).map(|i| cx.mentions[i].mention.clone())
}

/// An actor next to a speech verb in the sentence: `X said`, `said X`, `according to X`. Cue words
/// inside `skip` (the event's own words, as in "Russia warns …") do not count.
fn cue_speaker(doc: &Doc<'_>, cx: &Context<'_>, range: &Range<usize>, skip: Range<usize>) -> Option<usize> {
    let outside = |h: &&CueHit| h.first >= range.start && (h.end <= skip.start || h.first >= skip.end);
    for hit in cue_hits_within(&cx.say, range).filter(outside) {
        let mut before = hit.first;
        while before > range.start && doc.is(before - 1, &["has", "have", "had", "also", "then", "later", "further"]) {
            before -= 1;
        }
        if let Some(i) = cx.ending_at(before, 0)
            && can_be_subject(doc, cx, i, range.start, &[])
        {
            return Some(i);
        }
        if let Some(i) = cx.starting_at(hit.end) {
            return Some(i);
        }
    }
    for hit in cue_hits_within(&cx.according, range).filter(outside) {
        if let Some(i) = cx.starting_at(hit.end) {
            return Some(i);
        }
    }
    None
}

/// The cue hits that end inside `range`, in order (those that also start inside it are for the caller).
fn cue_hits_within<'h>(hits: &'h [CueHit], range: &Range<usize>) -> impl Iterator<Item = &'h CueHit> + 'h {
    // A hit ending at or before the range start cannot start inside it.
    let from = hits.partition_point(|h| h.end <= range.start);
    let end = range.end;
    hits[from..].iter().take_while(move |h| h.end <= end)
}

/// True if a speech cue in the clause attributes it to someone other than the event's source.
fn reported_by_other(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    clause: &Range<usize>,
    m: &Match,
    sources: &[Cow<'_, ActorMention>],
) -> bool {
    cue_speaker(doc, cx, clause, m.first..m.end)
        .is_some_and(|speaker| sources.iter().all(|s| s.code != cx.mentions[speaker].mention.code))
}

/// The mention and every mention joined to it by `and`, `,` or `as well as`.
fn compound(doc: &Doc<'_>, cx: &Context<'_>, index: usize) -> Vec<usize> {
    let joined = |left: &Found, right: &Found| {
        // At most three words join (", and the"): mentions further apart are not read word by word.
        if right.first < left.end || right.first - left.end > 3 {
            return false;
        }
        let between: Vec<&str> = (left.end..right.first).map(|i| doc.key_of(i)).collect();
        match between.as_slice() {
            // A bare comma joins only inside a list that goes on: "Russia, Belarus and China".
            [","] | [",", "the"] => doc.is(right.end, &[",", "and", "or"]),
            ["and"] | [",", "and"] | ["and", "the"] | [",", "and", "the"] | ["as", "well", "as"] | ["&"] | ["or"] => {
                true
            }
            _ => false,
        }
    };
    let mut members = vec![index];
    let mut left = index;
    while left > 0 && joined(&cx.mentions[left - 1], &cx.mentions[left]) {
        left -= 1;
        members.insert(0, left);
    }
    let mut right = index;
    while right + 1 < cx.mentions.len() && joined(&cx.mentions[right], &cx.mentions[right + 1]) {
        right += 1;
        members.push(right);
    }
    members
}

/// True if the verb is announced rather than done: an auxiliary or intent verb before it, or a
/// headline infinitive ("Russia to impose sanctions").
fn is_future(doc: &Doc<'_>, m: &Match, clause: &Range<usize>, in_title: bool) -> bool {
    let (anchor, clause_start) = (m.anchor, clause.start);
    let from = anchor.saturating_sub(3).max(clause_start);
    for i in (from..anchor).rev() {
        if doc.is(i, FUTURE) || doc.is(i, HYPOTHETICAL_MODIFIERS) {
            return true;
        }
        if doc.is(i, &["to"]) && i > clause_start && (doc.is(i - 1, INTENT_VERBS) || in_title) {
            return true;
        }
    }
    // "if Russia invades", "whether Moscow attacks": a condition, not a deed.
    if (clause_start..anchor).any(|i| doc.is(i, CONDITIONS)) {
        return true;
    }
    // "an invasion of Ukraine would …": the event noun is the subject of a modal.
    (m.end..(m.end + 3).min(clause.end)).any(|i| doc.is(i, FUTURE))
}

/// The code of a material event announced in the future: threats for conflict, intents for cooperation.
fn future_code(code: &CameoCode, taxonomy: &Taxonomy) -> CameoCode {
    let c = code.as_str();
    let mapped = match code.root_number() {
        14 => "133",
        15 => "138",
        16 if c.starts_with("163") || c.starts_with("162") => "1312",
        16 => "131",
        17 if c.starts_with("171") || c.starts_with("192") => "1382",
        17 => "137",
        19 if c.starts_with("191") => "1381",
        19 if c.starts_with("192") => "1382",
        20 if c.starts_with("204") => "1385",
        18..=20 => "138",
        4 => "036",
        5 => "032",
        6 => match c {
            "061" => "0311",
            "062" => "0312",
            "063" => "0313",
            "064" => "0314",
            _ => "031",
        },
        7 => match c {
            "071" => "0331",
            "072" => "0332",
            "073" => "0333",
            "074" => "0334",
            _ => "033",
        },
        8 => match c {
            "081" => "0351",
            "084" | "0841" | "0842" => "0353",
            "085" => "0354",
            "086" => "0355",
            "087" => "0356",
            _ => "035",
        },
        _ => c,
    };
    CameoCode::parse(mapped).filter(|m| taxonomy.contains(m.as_str())).unwrap_or_else(|| code.clone())
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
            for (_, example) in &pattern.examples {
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
