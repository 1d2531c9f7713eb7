//! Actor recognition: dictionary names, sector words composed with countries ("Russian troops"),
//! role nominals resolved to people ("Russia's deputy foreign minister" → Sergey Ryabkov), and titles
//! absorbed into the person they introduce ("NATO Secretary-General Jens Stoltenberg").

use redline_dict::{Dictionaries, EntryKind, FormKind, Nominal};
use redline_model::{ActorCode, ActorMention, EntryRef, MentionKind};

use crate::doc::Doc;
use crate::lexicon::Hits;

/// A recognised mention with the token range it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The mention as it will be output.
    pub mention: ActorMention,
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// The dictionary entry it resolves to, if it is a named entry (not a composition).
    pub entry: Option<u32>,
}

/// Sectors whose members are often abroad: "troops in Ukraine" are not Ukraine's troops.
const ARMED_SECTORS: &[&str] = &["MIL", "REB", "SPY", "COP"];

/// Words that may stand between a country and its sector word ("Russian *senior* officials").
const MODIFIERS: &[&str] = &[
    "top", "senior", "former", "new", "acting", "deputy", "first", "chief", "then", "current", "incoming", "outgoing",
];

/// Finds every actor mention in the document, in text order, without overlaps, from the article's
/// dictionary hits (found once by [`crate::lexicon::Lexicon`]).
pub fn recognise_with(doc: &Doc<'_>, dicts: &Dictionaries, hits: &Hits) -> Vec<Found> {
    let mut names = name_mentions(doc, dicts, hits);
    add_surnames(doc, &mut names);
    let nominals = nominal_hits(dicts, hits, &names);
    compose(doc, dicts, &mut names, &nominals);
    names.sort_by_key(|f| f.first);
    absorb_into_people(doc, &mut names);
    names
}

/// Folds an organisation or country named right before one of its people into the person's mention:
/// "NATO Secretary-General Jens Stoltenberg" is one mention of Stoltenberg.
fn absorb_into_people(doc: &Doc<'_>, names: &mut Vec<Found>) {
    let mut i = 0;
    while i + 1 < names.len() {
        let (left, right) = (&names[i], &names[i + 1]);
        let absorb = left.end == right.first
            && right.mention.kind == MentionKind::Person
            && left.mention.kind != MentionKind::Person
            && left.mention.code.primary() == right.mention.code.primary();
        if absorb {
            let first = left.first;
            let person = &mut names[i + 1];
            person.first = first;
            person.mention.span = doc.span_of(first, person.end);
            names.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Dictionary names, leftmost-longest, with case rules and dates checked.
fn name_mentions(doc: &Doc<'_>, dicts: &Dictionaries, hits: &Hits) -> Vec<Found> {
    let mut candidates: Vec<(usize, usize, u32)> = Vec::new();
    for hit in hits.names.iter().map(|&h| dicts.names.hit(h)) {
        for &form_index in hit.values {
            let form = &dicts.forms[form_index as usize];
            let cased = form.phrase.case.iter().enumerate().all(|(i, rule)| rule.accepts(doc.word(hit.first + i)));
            let in_force = match doc.date {
                Some(date) => form.from.is_none_or(|f| f <= date) && form.to.is_none_or(|t| date < t),
                None => true,
            };
            if cased && in_force && dicts.entry_of(form).code_on(doc.date).is_some() {
                candidates.push((hit.first, hit.end, form_index));
                break;
            }
        }
    }
    candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    // Where a dictionary name or adjective ends ("Iraqi" before "Hussein" is no given name).
    let name_ends: Vec<usize> = candidates.iter().map(|&(_, end, _)| end).collect();
    let mut found = Vec::new();
    let mut taken_until = 0;
    for (first, end, form_index) in candidates {
        if first < taken_until {
            continue;
        }
        let form = &dicts.forms[form_index as usize];
        let entry = dicts.entry_of(form);
        // A person's surname alone after another given name is someone else ("Kyrylo Tymoshenko").
        let surname_only = entry.kind == EntryKind::Person && end - first == 1 && entry.name.contains(' ');
        if surname_only && !name_ends.contains(&first) && follows_other_given_name(doc, first) {
            continue;
        }
        taken_until = end;
        let Some(code) = entry.code_on(doc.date) else { continue };
        let kind = match (entry.kind, form.form) {
            (_, FormKind::Capital | FormKind::City) | (EntryKind::Seat, _) => MentionKind::Metonym,
            (EntryKind::Person, _) => MentionKind::Person,
            (EntryKind::Country, _) => MentionKind::Country,
            (EntryKind::Organisation | EntryKind::Media, _) => MentionKind::Organisation,
        };
        found.push(Found {
            mention: ActorMention {
                span: doc.span_of(first, end),
                code: code.clone(),
                name: entry.name.clone(),
                kind,
                entry: entry.entry.clone(),
                sentence: doc.token_sentence[first],
            },
            first,
            end,
            entry: Some(form.entry),
        });
    }
    found
}

/// A bare surname ("Sullivan said") refers to the person named in full elsewhere in the article, when
/// exactly one person named there has that surname. The dictionary lists such surnames alone only where
/// they are unambiguous in the news at large; within one article far more of them are.
fn add_surnames(doc: &Doc<'_>, names: &mut Vec<Found>) {
    // Each surname with the person it names and the hash of its key: the key is a function of the
    // word, so a token with another hash is another word, and most tokens are passed over on a number.
    let mut surnames: Vec<(&str, usize, u64)> = Vec::new();
    for (i, found) in names.iter().enumerate() {
        if found.mention.kind != MentionKind::Person || found.end - found.first < 2 {
            continue;
        }
        let surname = doc.word(found.end - 1);
        if !surname.chars().next().is_some_and(char::is_uppercase) || surname.len() < 3 {
            continue;
        }
        let Some(hash) = doc.key.token_hash(found.end - 1) else { continue };
        match surnames.iter().position(|(s, _, _)| *s == surname) {
            Some(at) if surnames[at].1 != usize::MAX && names[surnames[at].1].entry != found.entry => {
                surnames[at].1 = usize::MAX
            }
            Some(_) => {}
            None => surnames.push((surname, i, hash)),
        }
    }
    surnames.retain(|(_, i, _)| *i != usize::MAX);
    if surnames.is_empty() {
        return;
    }
    let mut added = Vec::new();
    let text = doc.text.as_bytes();
    for (token, &hash) in doc.key.hashes().iter().enumerate() {
        if !surnames.iter().any(|&(_, _, h)| h == hash) {
            continue;
        }
        // Token spans are always on char boundaries, so comparing bytes is comparing the words.
        let word = doc.tokens.get(token).and_then(|t| text.get(t.span.range())).unwrap_or(&[]);
        let Some(&(_, person, _)) = surnames.iter().find(|(s, _, h)| *h == hash && s.as_bytes() == word) else {
            continue;
        };
        if names.iter().any(|n| n.first <= token && token < n.end) || follows_other_given_name(doc, token) {
            continue;
        }
        let mut found = names[person].clone();
        found.first = token;
        found.end = token + 1;
        found.mention.span = doc.tokens[token].span;
        found.mention.sentence = doc.token_sentence[token];
        added.push(found);
    }
    names.extend(added);
    names.sort_by_key(|f| f.first);
}

/// True when the surname at `token` follows a capitalised word that is no title or sentence opener: another
/// person's given name ("Kyrylo Tymoshenko" is not the "Yulia Tymoshenko" named before).
fn follows_other_given_name(doc: &Doc<'_>, token: usize) -> bool {
    const NOT_GIVEN: &[&str] = &[
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "President",
        "Minister",
        "Prime",
        "Secretary",
        "Senator",
        "Sen",
        "Sen.",
        "Rep",
        "Rep.",
        "Gov",
        "Gov.",
        "General",
        "Gen",
        "Gen.",
        "Chancellor",
        "Foreign",
        "Defence",
        "Defense",
        "Deputy",
        "Ambassador",
        "Spokesman",
        "Spokeswoman",
        "Speaker",
        "Premier",
        "Chairman",
        "Leader",
        "Colonel",
        "Judge",
        "Mayor",
        "King",
        "Queen",
        "Prince",
        "Pope",
        "Governor",
        "Commander",
        "Chief",
        "The",
        "But",
        "And",
        "Yesterday",
        "Today",
        "On",
        "In",
        "At",
        "When",
        "While",
        "As",
        "After",
        "Before",
        "If",
        "So",
        "Then",
        "Meanwhile",
        "However",
        "Also",
        "Still",
        "Yet",
        "Later",
        "Earlier",
        "Asked",
        "Said",
    ];
    let Some(previous) = token.checked_sub(1) else { return false };
    if doc.token_sentence.get(previous) != doc.token_sentence.get(token) {
        return false;
    }
    let word = doc.word(previous);
    word.len() >= 2
        && word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().all(char::is_alphabetic)
        && word.chars().skip(1).any(char::is_lowercase)
        && !NOT_GIVEN.contains(&word)
        && !crate::dates::CALENDAR_WORDS.contains(&word)
}

/// A sector word or title in the text.
#[derive(Debug, Clone)]
struct NominalHit<'d> {
    first: usize,
    end: usize,
    values: &'d [Nominal],
}

/// Lookups over the name mentions while they are in text order and do not overlap (as
/// [`name_mentions`] and [`add_surnames`] leave them): each is a binary search that returns what a
/// scan for the first match would. When the order does not hold they scan.
struct Sorted {
    sorted: bool,
}

impl Sorted {
    fn check(names: &[Found]) -> Sorted {
        let sorted = names.windows(2).all(|w| w[0].first <= w[1].first && w[0].end <= w[1].end);
        Sorted { sorted }
    }

    /// The first name starting at token `at`.
    fn starting_at(&self, names: &[Found], at: usize) -> Option<usize> {
        if !self.sorted {
            return names.iter().position(|n| n.first == at);
        }
        let i = names.partition_point(|n| n.first < at);
        names.get(i).filter(|n| n.first == at).map(|_| i)
    }

    /// The first name ending at token `at`.
    fn ending_at(&self, names: &[Found], at: usize) -> Option<usize> {
        if !self.sorted {
            return names.iter().position(|n| n.end == at);
        }
        let i = names.partition_point(|n| n.end < at);
        names.get(i).filter(|n| n.end == at).map(|_| i)
    }

    /// True if a name overlaps tokens `first..end`.
    fn overlaps(&self, names: &[Found], first: usize, end: usize) -> bool {
        if !self.sorted {
            return names.iter().any(|n| n.first < end && first < n.end);
        }
        // The first name ending after `first` is the only candidate: the ones after it start later.
        let i = names.partition_point(|n| n.end <= first);
        names.get(i).is_some_and(|n| n.first < end)
    }
}

fn nominal_hits<'d>(dicts: &'d Dictionaries, found: &Hits, names: &[Found]) -> Vec<NominalHit<'d>> {
    let mut hits: Vec<NominalHit<'d>> = found
        .nominals
        .iter()
        .map(|&h| dicts.nominals.hit(h))
        .map(|h| NominalHit { first: h.first, end: h.end, values: h.values })
        .collect();
    hits.sort_by(|a, b| a.first.cmp(&b.first).then(b.end.cmp(&a.end)));
    let lookup = Sorted::check(names);
    let mut kept: Vec<NominalHit<'d>> = Vec::new();
    let mut taken_until = 0;
    for hit in hits {
        let overlaps_name = lookup.overlaps(names, hit.first, hit.end);
        if hit.first < taken_until || overlaps_name {
            continue;
        }
        taken_until = hit.end;
        kept.push(hit);
    }
    kept
}

/// Composes sector words and titles with the country or organisation next to them, resolves role
/// nominals to people, and folds a title into the person it introduces.
fn compose<'d>(doc: &Doc<'_>, dicts: &'d Dictionaries, names: &mut Vec<Found>, nominals: &[NominalHit<'d>]) {
    let mut added = Vec::new();
    let mut titles = TitleHolders::default();
    let mut absorbed = Vec::new();
    // The loop below only moves a person's start back over the title (and its owner) right before
    // it, which keeps the names in order; the entries named never change.
    let lookup = Sorted::check(names);
    let mut named: Vec<u32> = names.iter().filter_map(|n| n.entry).collect();
    named.sort_unstable();
    named.dedup();
    for hit in nominals {
        let sentence = doc.token_sentence[hit.first];
        let range = &doc.sentence_tokens[sentence as usize];
        let owner = owner_before(doc, &lookup, names, hit.first, range.start)
            .or_else(|| owner_after(doc, dicts, &lookup, hit, names));
        let person_after = first_person_starting_at(&lookup, names, hit.end);
        if let Some(person) = person_after {
            // "NATO Secretary-General Jens Stoltenberg": the person, spanning the title and its owner.
            let start = owner.filter(|&o| names[o].first < hit.first).map_or(hit.first, |o| names[o].first);
            if let Some(o) = owner.filter(|&o| names[o].first < hit.first) {
                absorbed.push(o);
            }
            let person = &mut names[person];
            person.first = start;
            person.mention.span = doc.span_of(start, person.end);
            continue;
        }
        let Some(owner) = owner else {
            if let Some(found) = resolve_title(doc, dicts, &mut titles, &named, hit, None, hit.first, hit.end) {
                added.push(found);
            }
            continue;
        };
        let owner_found = &names[owner];
        if owner_found.mention.kind == MentionKind::Person {
            continue;
        }
        let (first, end) = (owner_found.first.min(hit.first), owner_found.end.max(hit.end));
        if let Some(found) =
            resolve_title(doc, dicts, &mut titles, &named, hit, Some(&owner_found.mention.code), first, end)
        {
            absorbed.push(owner);
            added.push(found);
            continue;
        }
        let Some(sector) = sector_of(dicts, hit) else { continue };
        let code = owner_found.mention.code.with_sector(sector);
        let entry = agent_entry(dicts, hit).unwrap_or_else(|| owner_found.mention.entry.clone());
        absorbed.push(owner);
        added.push(Found {
            mention: ActorMention {
                span: doc.span_of(first, end),
                code,
                name: format!("{} {}", owner_found.mention.name, doc.span_of(hit.first, hit.end).slice(doc.text))
                    .into(),
                kind: MentionKind::Composed,
                entry,
                sentence,
            },
            first,
            end,
            entry: None,
        });
    }
    if !absorbed.is_empty() {
        let mut keep = vec![true; names.len()];
        for index in absorbed {
            keep[index] = false;
        }
        let mut flags = keep.into_iter();
        names.retain(|_| flags.next().unwrap_or(true));
    }
    names.extend(added);
}

/// The first name starting at token `at` that is a person (the names from one start on, in order).
fn first_person_starting_at(lookup: &Sorted, names: &[Found], at: usize) -> Option<usize> {
    if !lookup.sorted {
        return names.iter().position(|n| n.first == at && n.mention.kind == MentionKind::Person);
    }
    let from = lookup.starting_at(names, at)?;
    (from..names.len()).take_while(|&i| names[i].first == at).find(|&i| names[i].mention.kind == MentionKind::Person)
}

/// The country or organisation owning a nominal that follows it: `Russian [senior] officials`,
/// `Russia's foreign minister`, `NATO troops`.
fn owner_before(doc: &Doc<'_>, lookup: &Sorted, names: &[Found], first: usize, sentence_start: usize) -> Option<usize> {
    let mut at = first;
    let mut skipped = 0;
    while at > sentence_start && skipped <= 2 {
        let prev = at - 1;
        // The first name ending at `prev` before a possessive, else the first ending at `prev + 1`;
        // in text order a name ending at `prev` comes first, as a scan for either would find.
        let possessed = if doc.is(prev, &["'s", "'"]) { lookup.ending_at(names, prev) } else { None };
        let found = match possessed {
            Some(index) if lookup.sorted => Some(index),
            _ if lookup.sorted => lookup.ending_at(names, prev + 1),
            _ => names.iter().position(|n| n.end == prev + 1 || (n.end == prev && doc.is(prev, &["'s", "'"]))),
        };
        if let Some(index) = found {
            let n = &names[index];
            return (n.mention.kind != MentionKind::Person).then_some(index);
        }
        if !doc.is(prev, MODIFIERS) {
            return None;
        }
        at = prev;
        skipped += 1;
    }
    None
}

/// The owner after a nominal: `foreign minister of [the] Ukraine`; for civilian sectors also
/// `protesters in Poland`, `companies from Britain` (troops *in* a country are seldom its own).
fn owner_after(
    doc: &Doc<'_>,
    dicts: &Dictionaries,
    lookup: &Sorted,
    hit: &NominalHit<'_>,
    names: &[Found],
) -> Option<usize> {
    let end = hit.end;
    let armed = sector_of(dicts, hit).is_some_and(|s| ARMED_SECTORS.contains(&s));
    let linked = doc.is(end, &["of", "from"]) || (!armed && sector_of(dicts, hit).is_some() && doc.is(end, &["in"]));
    if !linked {
        return None;
    }
    let mut at = end + 1;
    if doc.is(at, &["the"]) {
        at += 1;
    }
    let index = lookup.starting_at(names, at)?;
    (names[index].mention.kind != MentionKind::Person).then_some(index)
}

fn sector_of<'d>(dicts: &'d Dictionaries, hit: &NominalHit<'_>) -> Option<&'d str> {
    hit.values.iter().find_map(|v| match v {
        Nominal::Agent(a) => Some(dicts.agents[*a as usize].sector.as_str()),
        Nominal::Title(..) => None,
    })
}

fn agent_entry(dicts: &Dictionaries, hit: &NominalHit<'_>) -> Option<EntryRef> {
    hit.values.iter().find_map(|v| match v {
        Nominal::Agent(a) => Some(dicts.agents[*a as usize].entry.clone()),
        Nominal::Title(..) => None,
    })
}

/// The roles in force on the article's date of each title the article mentions, worked out at its
/// first mention: a title such as "president" lists many holders, and an article names it often.
#[derive(Default)]
struct TitleHolders<'d> {
    /// A title's values (as the nominal list holds them) and, in their order, the person and the
    /// country (primary code) of each of its roles in force.
    seen: Vec<(&'d [Nominal], Vec<RoleInForce<'d>>)>,
    /// The person a title resolves to for an owner's country (or none), once worked out: it depends
    /// only on the title, the country, the article's date and the people it names.
    resolved: Vec<(&'d [Nominal], Option<String>, Option<u32>)>,
}

/// A person (actor entry index) and the country (primary code) of a role of theirs.
type RoleInForce<'d> = (u32, &'d str);

impl<'d> TitleHolders<'d> {
    /// The (person, country) of each role of the title `values` in force on the article's date.
    fn in_force(&mut self, doc: &Doc<'_>, dicts: &'d Dictionaries, values: &'d [Nominal]) -> &[RoleInForce<'d>] {
        let at = match self.seen.iter().position(|(seen, _)| std::ptr::eq(*seen, values)) {
            Some(at) => at,
            None => {
                let mut roles = Vec::new();
                for value in values {
                    let Nominal::Title(entry, role) = *value else { continue };
                    let Some(role) = dicts.actors.get(entry as usize).and_then(|p| p.roles.get(role as usize)) else {
                        continue;
                    };
                    let in_force = match doc.date {
                        Some(date) => role.in_force(date),
                        None => role.to.is_none() && !role.undated,
                    };
                    if in_force {
                        roles.push((entry, role.code.primary()));
                    }
                }
                self.seen.push((values, roles));
                self.seen.len() - 1
            }
        };
        &self.seen[at].1
    }
}

/// The one holder of a title's `roles` in force who is named in the article (`named`, sorted), else
/// when `country` is given the only holder for that country, else none.
fn title_holder(roles: &[RoleInForce<'_>], named: &[u32], country: Option<&str>) -> Option<u32> {
    // The distinct holders (of the country, when known), and those of them named in the article,
    // each in order of first appearance. Without a country only the named ones can decide, and a
    // title such as "president" has hundreds of holders: they are not collected then.
    let mut holders: Vec<u32> = Vec::new();
    let mut named_holders: Vec<u32> = Vec::new();
    for &(entry, primary) in roles {
        if country.is_some_and(|c| c != primary) {
            continue;
        }
        if country.is_some() && !holders.contains(&entry) {
            holders.push(entry);
        }
        if named.binary_search(&entry).is_ok() && !named_holders.contains(&entry) {
            named_holders.push(entry);
        }
    }
    match (named_holders.as_slice(), holders.as_slice()) {
        ([only], _) => Some(*only),
        ([], [only]) if country.is_some() => Some(*only),
        _ => None,
    }
}

/// Resolves a title to the person holding it: a holder named in the article, else — when the country
/// is known — the only holder of that title for that country on the article's date.
#[allow(clippy::too_many_arguments)]
fn resolve_title<'d>(
    doc: &Doc<'_>,
    dicts: &'d Dictionaries,
    titles: &mut TitleHolders<'d>,
    named: &[u32],
    hit: &NominalHit<'d>,
    country: Option<&ActorCode>,
    first: usize,
    end: usize,
) -> Option<Found> {
    let country = country.map(ActorCode::primary);
    let known =
        titles.resolved.iter().find(|(values, c, _)| std::ptr::eq(*values, hit.values) && c.as_deref() == country);
    let person = match known {
        Some(&(_, _, person)) => person,
        None => {
            let person = title_holder(titles.in_force(doc, dicts, hit.values), named, country);
            titles.resolved.push((hit.values, country.map(str::to_string), person));
            person
        }
    }?;
    let entry = &dicts.actors[person as usize];
    let code = entry.code_on(doc.date)?.clone();
    Some(Found {
        mention: ActorMention {
            span: doc.span_of(first, end),
            code,
            name: entry.name.clone(),
            kind: MentionKind::RoleNominal,
            entry: entry.entry.clone(),
            sentence: doc.token_sentence[first],
        },
        first,
        end,
        entry: Some(person),
    })
}
