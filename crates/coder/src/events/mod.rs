//! Event coding: patterns matched around their anchor words (`matching`), the sentences that hold a match and an
//! actor parsed (`prefilter`), who acts on whom read from the tree (`roles`), and how the text holds the event
//! (`modality`): asserted, negated, denied, a question, hypothetical, future or reported.

mod matching;
mod modality;
mod prefilter;
mod roles;
#[cfg(test)]
mod suite;

use std::borrow::Cow;
use std::ops::Range;

use redline_dict::{Dictionaries, Element, Pattern};
use redline_model::{ActorMention, CameoCode, Event, MentionKind, Modality, Quote, Taxonomy};

use crate::actors::Found;
use crate::doc::Doc;
use crate::lexicon::Hits;
use crate::tree::{Trees, View};

pub use matching::EventTables;

/// Pronouns that stand for the last person named before them.
const SUBJECT_PRONOUNS: &[&str] = &["he", "she"];
/// Pronouns that stand for an organisation or country named before them in the sentence ("the US said it would").
const GROUP_PRONOUNS: &[&str] = &["it"];
/// Pronouns that stand for the speaker of the quotation they are in.
const SPEAKER_PRONOUNS: &[&str] = &["we", "i", "our", "us"];

/// Codes the events of every sentence: the verified matches of each sentence, its tree, and for each match (the
/// most specific first) the events its roles and modality give. A match that gives no event does not keep
/// another from the same words.
pub fn code_events(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    trees: &mut Trees<'_>,
    event_date: &dyn Fn(u32) -> Option<redline_model::Date>,
) -> Vec<Event> {
    if !cx.hits.discard_article.is_empty() {
        return Vec::new();
    }
    let mut events = Vec::new();
    for (sentence, matches) in matching::find_matches(doc, cx).into_iter().enumerate() {
        if !prefilter::worth_parsing(doc, cx, sentence, &matches) {
            continue;
        }
        trees.parse(doc, sentence, cx.mentions);
        let Some(tree) = trees.get(sentence, doc.text) else { continue };
        let mut taken: Vec<Range<usize>> = Vec::new();
        for m in &matches {
            if taken.iter().any(|r| r.start < m.end && m.first < r.end) {
                continue;
            }
            let coded = events_of_match(doc, cx, &tree, m, sentence as u32, event_date);
            if !coded.is_empty() {
                taken.push(m.first..m.end);
                events.extend(coded);
            }
        }
    }
    events.sort_by_key(|e| (e.evidence.start, e.evidence.end));
    events
}

/// Turns one match into events: the roles of its anchor's clause, their actors, the modality and the code.
fn events_of_match(
    doc: &Doc<'_>,
    cx: &Context<'_>,
    tree: &View<'_>,
    m: &matching::Match,
    sentence: u32,
    event_date: &dyn Fn(u32) -> Option<redline_model::Date>,
) -> Vec<Event> {
    let pattern = &cx.dicts.patterns[m.pattern as usize];
    let Some(anchor) = tree.words_of_tokens(doc, m.anchor, m.anchor_end) else { return Vec::new() };
    let matched = tree.words_of_tokens(doc, m.first, m.end).unwrap_or(anchor.clone());
    let event = roles::phrase_head(tree, anchor, matched.clone());
    let cases = pattern_cases(pattern);
    let roles = roles::read(tree, event, &cases);
    let quote = enclosing_quote(doc, cx.quotes, m.anchor);
    let mut reading = modality::read(tree, event, roles.clause);
    if reading.unattributed {
        return Vec::new();
    }
    // Statements, appeals, demands, threats: what a speaker's words do.
    let verbal = pattern.code.root_number() <= 13;

    // Who acts: the pattern's `$` slot, else the clause's subject (a pronoun resolved); a statement whose
    // subject is no actor ("attempts to expand NATO will lead to dire consequences", Ryabkov said) is its
    // speaker's: the subject of the verb of saying it is reported under, or the quotation's speaker.
    let mut from_speaker = false;
    let subject = roles.source.map(|w| roles::actors(tree, w)).unwrap_or_default();
    let pronoun = || roles.source.and_then(|w| pronoun_source(doc, cx, tree.token_of(w), quote));
    let reporter = reading.reporter.or(reading.according_to).map(|w| roles::actors(tree, w)).unwrap_or_default();
    // "Biden said Russia must stop" (`+ must stop`): the pattern names the clause's subject as the one acted on,
    // so the act is the speaker's.
    let subject = if m.target.is_some_and(|t| subject.contains(&t)) { Vec::new() } else { subject };
    let pronoun =
        || pronoun().filter(|_| m.target.is_none_or(|t| roles.source.and_then(|w| tree.mention(w)) != Some(t)));
    let source_mentions: Vec<Cow<'_, ActorMention>> = if let Some(i) = m.source {
        slot_actors(tree, cx, i).into_iter().map(|i| Cow::Borrowed(&cx.mentions[i].mention)).collect()
    } else if !subject.is_empty() {
        subject.into_iter().map(|i| Cow::Borrowed(&cx.mentions[i].mention)).collect()
    } else if let Some(mention) = pronoun() {
        vec![Cow::Owned(mention)]
    } else if verbal && !roles.passive && !reporter.is_empty() {
        from_speaker = true;
        reading.reporter = None;
        reporter.iter().map(|&i| Cow::Borrowed(&cx.mentions[i].mention)).collect()
    } else if let Some(mention) = quote_speaker(cx, quote, sentence).filter(|_| verbal && !roles.passive) {
        from_speaker = true;
        vec![Cow::Owned(mention)]
    } else {
        let speaker =
            if verbal && !roles.passive { roles::sentence_speaker(tree, modality::SAYING_VERBS) } else { Vec::new() };
        if speaker.is_empty() {
            return Vec::new();
        }
        from_speaker = true;
        speaker.into_iter().map(|i| Cow::Borrowed(&cx.mentions[i].mention)).collect()
    };
    let is_source = |i: usize| source_mentions.iter().any(|s| s.code == cx.mentions[i].mention.code);
    // Who is acted on: the pattern's `+` slot, else the first role word that names an actor besides the source;
    // a statement that names no one is about the subject of what it says ("warned that Russia would pay").
    let other = |found: &Vec<usize>| !found.is_empty() && !found.iter().all(|&i| is_source(i));
    // A denial (CAMEO 016) is aimed at whoever accused, when the text names them ("rejected US claims"), not at
    // what was denied ("denied attacking the hospital": no denial event, the attack is coded as denied).
    let denial = pattern.code.as_str() == DENY && tree.lemma_in(event, DENYING);
    let target = match m.target {
        // The accusation may be the pattern's own word ("denied … claims") or the clause's object.
        None if denial => {
            let object = tree.children(event).filter(|&c| tree.is(c, "obj"));
            let words = matched.clone().chain(object).chain(roles.target.iter().copied());
            words.map(|w| roles::accusers(tree, w)).find(other).unwrap_or_default()
        }
        Some(i) => slot_actors(tree, cx, i),
        None => roles
            .target
            .iter()
            .map(|&w| roles::target_actors(tree, w))
            .find(other)
            .or_else(|| {
                let w = roles::complement_subject(tree, roles.clause).filter(|_| verbal)?;
                Some(roles::actors(tree, w)).filter(other)
            })
            .or_else(|| Some(roles::clause_actors_after(tree, roles.clause, event, verbal)).filter(other))
            .unwrap_or_default(),
    };
    let reciprocal = target.is_empty() && source_mentions.len() > 1;
    let target_mentions: Vec<Option<&ActorMention>> = if !target.is_empty() {
        target.iter().map(|&i| Some(&cx.mentions[i].mention)).collect()
    } else if reciprocal {
        // "Zelenskyy and Erdogan held talks": each acts on the other.
        source_mentions.iter().map(|s| Some(s.as_ref())).collect()
    } else if pattern.code.root_number() >= 14 {
        vec![None]
    } else {
        return Vec::new();
    };

    if cx.tables.negating.get(m.pattern as usize).copied().unwrap_or(false) {
        // The pattern spells the negation itself ("did not attack"): its code already says so.
        reading.negated = false;
    }
    if sentence < doc.title_sentences as u32 && modality::is_headline_infinitive(tree, roles.clause) {
        reading.future = true;
    }
    let reported_by_other = match reading.reporter.or(reading.according_to) {
        Some(_) if from_speaker => false,
        Some(_) => reporter.is_empty() || reporter.iter().all(|&i| !is_source(i)),
        None => {
            !from_speaker
                && quote
                    .and_then(|q| q.speaker.as_ref())
                    .and_then(|s| s.code.as_ref())
                    .is_some_and(|code| source_mentions.iter().all(|s| &s.code != code))
        }
    };
    let modality = modality::decide(&reading, is_question(doc, sentence as usize), reported_by_other);
    // Sets whose codebook says `keep-future-codes` (PETRARCH imports) code what the pattern says.
    let announced = modality == Modality::Future;
    let code = if announced && cx.dicts.codebook.recode_future {
        future_code(&pattern.code, cx.taxonomy)
    } else {
        pattern.code.clone()
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

/// The mention in a pattern's slot and those coordinated with it in the tree ("warned NATO and the US").
fn slot_actors(tree: &View<'_>, cx: &Context<'_>, mention: usize) -> Vec<usize> {
    let mut found = vec![mention];
    if let Some(word) = tree.word_of_token(cx.mentions[mention].first) {
        for m in roles::actors(tree, word) {
            if !found.contains(&m) {
                found.push(m);
            }
        }
    }
    found
}

/// The words a pattern names after its anchor: the prepositions whose objects it acts on ("against", "on").
fn pattern_cases(pattern: &Pattern) -> Vec<&str> {
    let after = pattern.elements.get(pattern.anchor + 1..).unwrap_or(&[]);
    after
        .iter()
        .filter_map(|e| match e {
            Element::Choice { words, .. } => Some(words.iter().filter(|w| !w.prefix).map(|w| w.text.as_str())),
            _ => None,
        })
        .flatten()
        .collect()
}

/// CAMEO's denial: a statement that the actor did not do what it is accused of.
const DENY: &str = "016";

/// Verbs that deny an accusation (rather than state an intention: "has no plans to invade").
const DENYING: &[&str] = &["deny", "reject", "dismiss", "refute", "rebuff", "repudiate", "disavow", "contest"];

/// True for a question: the sentence ends with a question mark (inside or before closing quotes), or it is a
/// transcript's question line ("Q:", "QUESTION:").
fn is_question(doc: &Doc<'_>, sentence: usize) -> bool {
    let text = doc.sentences[sentence].span.slice(doc.text).trim();
    let end = text.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ' ']);
    end.ends_with('?') || text.starts_with("Q:") || text.starts_with("Q.") || text.starts_with("QUESTION:")
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
    pub(crate) tables: &'a EventTables,
    pub(crate) hits: &'a Hits,
    index: MentionIndex,
}

impl<'a> Context<'a> {
    /// Builds the context of one article: token → mention tables, so that no lookup scans every mention.
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
        Context { dicts, taxonomy, mentions, quotes, tables, hits, index }
    }

    /// The first mention (in text order) starting at token `at`.
    pub(crate) fn starting_at(&self, at: usize) -> Option<usize> {
        self.index.starting_at(at)
    }

    /// The first mention (in text order) ending at token `at` and starting at or after `limit`.
    pub(crate) fn ending_at(&self, at: usize, limit: usize) -> Option<usize> {
        self.index.ending_at(at, limit, self.mentions)
    }

    /// Index of the first mention that may start at or after token `at` (0 if mentions are unsorted).
    pub(crate) fn mentions_from(&self, at: usize) -> usize {
        if self.index.sorted { self.mentions.partition_point(|m| m.first < at) } else { 0 }
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

    pub(crate) fn starting_at(&self, at: usize) -> Option<usize> {
        self.by_first.get(at).filter(|&&i| i != NONE).map(|&i| i as usize)
    }

    pub(crate) fn ending_at(&self, at: usize, limit: usize, mentions: &[Found]) -> Option<usize> {
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

fn same_person(a: &ActorMention, b: &ActorMention) -> bool {
    a.kind != MentionKind::Composed && a.name == b.name && a.entry == b.entry
}

/// The quotation holding token `at`, if any.
fn enclosing_quote<'q>(doc: &Doc<'_>, quotes: &'q [Quote], at: usize) -> Option<&'q Quote> {
    let span = doc.tokens[at].span;
    // The innermost: a quotation inside a quoted speaker's words is its own speaker's.
    quotes.iter().filter(|q| q.span.contains(span)).min_by_key(|q| q.span.len())
}

/// A pronoun subject at token `token`: `he`/`she` → the last person named before it, `it` → the last country or
/// organisation named before it in the sentence; `we`/`I` in a quotation →
/// its speaker.
fn pronoun_source(doc: &Doc<'_>, cx: &Context<'_>, token: usize, quote: Option<&Quote>) -> Option<ActorMention> {
    let offset = doc.tokens[token].span.start;
    let sentence = doc.token_sentence[token];
    // `he`/`she`: the last person named before; `it`: the last country or organisation named before in the sentence.
    let antecedent = if doc.is(token, SUBJECT_PRONOUNS) {
        cx.mentions.iter().rev().find(|m| m.mention.span.end <= offset && m.mention.kind == MentionKind::Person)
    } else if doc.is(token, GROUP_PRONOUNS) {
        cx.mentions
            .iter()
            .rev()
            .filter(|m| m.mention.span.end <= offset && m.mention.sentence == sentence)
            .find(|m| m.mention.kind != MentionKind::Person)
    } else {
        None
    };
    if let Some(m) = antecedent {
        let span = doc.tokens[token].span;
        return Some(ActorMention { span, kind: MentionKind::Pronoun, sentence, ..m.mention.clone() });
    }
    if doc.is(token, SPEAKER_PRONOUNS) {
        let speaker = quote.and_then(|q| q.speaker.as_ref())?;
        let code = speaker.code.clone()?;
        return Some(ActorMention {
            span: doc.tokens[token].span,
            code,
            name: speaker.name.as_str().into(),
            kind: MentionKind::Pronoun,
            entry: mention_at(cx, speaker.mention).map(|m| m.entry.clone()).unwrap_or_default(),
            sentence,
        });
    }
    None
}

fn mention_at<'a>(cx: &Context<'a>, span: redline_model::Span) -> Option<&'a ActorMention> {
    cx.mentions.iter().map(|m| &m.mention).find(|m| m.span.overlap(span) > 0)
}

/// The speaker of the quotation a clause with no subject of its own is in.
fn quote_speaker(cx: &Context<'_>, quote: Option<&Quote>, sentence: u32) -> Option<ActorMention> {
    let speaker = quote?.speaker.as_ref()?;
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
    Some(mention)
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
