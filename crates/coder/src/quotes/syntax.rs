//! Attribution from the dependency tree, for a quotation the cue words around it leave without a speaker:
//! the speaker is the subject of the speech verb that governs the quotation ("the letter reads “…”"),
//! that the quotation governs ("“…,” a narrator in the ad asks") or that heads its sentence, climbing from
//! a verb without a subject to the clause it hangs from ("Trump walked onto the stage, chanting “…”").
//! Also the vox-pop signature: a dash and a name after the closing mark ("“…” ― Jorge Falcon").

use redline_model::{MentionKind, Span};

use super::attribution::{Doc, Found};
use super::lex::{Tok, TokKind, is_name_word, is_role_noun, is_title_word};
use super::marks::RawQuote;
use crate::actors;
use crate::tree::{Trees, View};

/// The parses attribution may ask for: the pipeline's trees of the article, shared with event coding
/// (a sentence is parsed once, by whichever asks first).
pub(crate) struct Parses<'a, 'm> {
    trees: &'a mut Trees<'m>,
    doc: &'a crate::doc::Doc<'a>,
    found: &'a [actors::Found],
}

impl<'a, 'm> Parses<'a, 'm> {
    /// Parses of `doc`'s sentences with the actor stage's `found` mentions, kept in `trees`.
    pub(crate) fn new(
        trees: &'a mut Trees<'m>,
        doc: &'a crate::doc::Doc<'a>,
        found: &'a [actors::Found],
    ) -> Parses<'a, 'm> {
        Parses { trees, doc, found }
    }

    /// The tree of `sentence`, parsed now if it was not.
    fn tree(&mut self, sentence: usize) -> Option<(View<'_>, &[actors::Found])> {
        if sentence >= self.doc.sentences.len() {
            return None;
        }
        self.trees.parse(self.doc, sentence, self.found);
        Some((self.trees.get(sentence, self.doc.text)?, self.found))
    }
}

/// Lemmas of verbs that report speech or writing: their subject speaks a quotation they govern.
const SPEECH_VERBS: &[&str] = &[
    "say",
    "tell",
    "add",
    "ask",
    "write",
    "tweet",
    "post",
    "read",
    "sing",
    "chant",
    "shout",
    "yell",
    "scream",
    "call",
    "describe",
    "liken",
    "compare",
    "term",
    "dub",
    "label",
    "brand",
    "demand",
    "reply",
    "respond",
    "answer",
    "state",
    "declare",
    "warn",
    "insist",
    "argue",
    "claim",
    "note",
    "explain",
    "continue",
    "conclude",
    "type",
    "quip",
    "joke",
    "testify",
    "announce",
    "acknowledge",
    "admit",
    "recall",
    "suggest",
    "complain",
    "predict",
    "remark",
    "vow",
    "pledge",
    "promise",
    "urge",
    "stress",
    "emphasize",
    "emphasise",
    "repeat",
    "comment",
    "wonder",
    "muse",
    "concede",
    "observe",
    "recount",
    "cite",
    "counter",
    "retort",
    "accuse",
    "charge",
    "praise",
    "mock",
    "deride",
    "dismiss",
    "proclaim",
    "pronounce",
    "whisper",
    "cry",
    "exclaim",
    "mutter",
    "assert",
    "contend",
    "maintain",
    "speak",
    "boast",
    "lament",
    "plead",
    "beg",
    "caution",
    "confirm",
    "deny",
    "report",
    "put",
    "begin",
    "open",
    "close",
    "end",
    "headline",
    "title",
    "blast",
    "slam",
    "criticize",
    "criticise",
    "thank",
    "tout",
    "hail",
    "decry",
    "condemn",
];

/// Lemmas of nouns that speak or are read from: people who are not named, and texts.
const SPEAKER_NOUNS: &[&str] = &[
    "man",
    "woman",
    "person",
    "people",
    "child",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "friend",
    "neighbour",
    "neighbor",
    "resident",
    "voter",
    "citizen",
    "protester",
    "demonstrator",
    "crowd",
    "supporter",
    "critic",
    "opponent",
    "activist",
    "expert",
    "analyst",
    "economist",
    "scientist",
    "researcher",
    "doctor",
    "nurse",
    "teacher",
    "student",
    "worker",
    "farmer",
    "soldier",
    "officer",
    "witness",
    "survivor",
    "victim",
    "refugee",
    "reader",
    "viewer",
    "narrator",
    "announcer",
    "host",
    "reporter",
    "journalist",
    "correspondent",
    "columnist",
    "editor",
    "source",
    "insider",
    "aide",
    "lawyer",
    "attorney",
    "prosecutor",
    "judge",
    "lawmaker",
    "legislator",
    "politician",
    "observer",
    "member",
    "representative",
    "delegate",
    "negotiator",
    "mediator",
    "militant",
    "rebel",
    "fighter",
    "commander",
    "statement",
    "letter",
    "report",
    "article",
    "ad",
    "advertisement",
    "book",
    "ruling",
    "piece",
    "editorial",
    "tweet",
    "post",
    "headline",
    "memo",
    "notice",
    "decree",
    "resolution",
    "communique",
    "declaration",
    "banner",
    "placard",
    "sign",
    "message",
    "email",
    "note",
    "finding",
    "study",
    "survey",
    "complaint",
    "lawsuit",
    "filing",
    "indictment",
    "opinion",
    "verdict",
    "judgment",
    "judgement",
    "document",
    "transcript",
    "video",
    "footage",
    "broadcast",
    "spot",
    "release",
];

/// How many heads a verb without a subject climbs for one ("before asking her" → the clause it modifies).
const CLIMB: usize = 3;

impl Doc<'_> {
    /// The speaker the tree gives the quotation: the subject of a speech verb that governs it, that it
    /// governs, or that heads its sentence. The sentence of the closing mark is read first ("“…,” he
    /// said."), then that of the opening mark ("He said: “…").
    pub(super) fn speaker_in_tree(
        &self,
        quote: &RawQuote,
        parses: &mut Parses<'_, '_>,
        named: &[(Span, String)],
    ) -> Option<Found> {
        let close = self.sentence_index(quote.close)?;
        let open = self.sentence_index(quote.open)?;
        for sentence in [close, open] {
            if let Some(found) = self.speaker_in_sentence(quote, sentence, parses, named) {
                return Some(found);
            }
            if open == close {
                break;
            }
        }
        None
    }

    fn speaker_in_sentence(
        &self,
        quote: &RawQuote,
        sentence: usize,
        parses: &mut Parses<'_, '_>,
        named: &[(Span, String)],
    ) -> Option<Found> {
        // A parse costs more than everything else here: only a sentence with a speech verb outside the
        // quotation is worth one.
        if !self.speech_verb_outside(quote, sentence) {
            return None;
        }
        let (view, found) = parses.tree(sentence)?;
        let inside = |w: usize| {
            let span = view.span(w);
            span.start as usize >= quote.open && (span.end as usize) <= quote.close_end
        };
        if !(0..view.len()).any(inside) {
            return None;
        }
        let mut verbs: Vec<usize> = Vec::new();
        for w in 0..view.len() {
            let candidate = if inside(w) {
                // A verb outside governing a word of the quotation.
                view.head(w).filter(|&h| !inside(h))
            } else if view.head(w).is_some_and(inside) {
                // "“…,” he said": the verb hangs from the quotation (as parataxis, or as whatever the
                // parser made of it).
                Some(w)
            } else if view.head(w).is_none() {
                // The verb heading the sentence.
                Some(w)
            } else {
                None
            };
            if let Some(v) = candidate
                && !verbs.contains(&v)
                && view.upos(v) == "VERB"
                && view.lemma_in(v, SPEECH_VERBS)
            {
                verbs.push(v);
            }
        }
        for verb in verbs {
            let after_quote = view.span(verb).start as usize >= quote.close_end;
            let Some(subject) = subject_of(&view, verb, &inside).or_else(|| inverted_subject(&view, verb, after_quote))
            else {
                continue;
            };
            if let Some(found) = self.speaker_of_word(&view, found, subject, named) {
                return Some(found);
            }
        }
        None
    }

    /// The speaker a subject word names: its actor mention, a resolved pronoun or role noun, the run of
    /// names it heads, or its noun phrase ("the letter", "a narrator").
    fn speaker_of_word(
        &self,
        view: &View<'_>,
        found: &[actors::Found],
        w: usize,
        named: &[(Span, String)],
    ) -> Option<Found> {
        if let Some(i) = view.mention(w) {
            // A plural role noun ("officials") names nobody in particular, whoever was named last.
            let plural_role = found[i].mention.kind == MentionKind::RoleNominal && view.xpos(w) == "NNS";
            if !plural_role {
                return Some(Found::Mention(found[i].mention.clone()));
            }
        }
        let span = view.span(w);
        let tok = Tok { start: span.start as usize, end: span.end as usize, kind: TokKind::Word };
        match view.upos(w) {
            "PRON" => {
                let word = view.form(w);
                if let Some(found) = self.pronoun(tok, named) {
                    return Some(found);
                }
                matches!(word, "I" | "we" | "We").then(|| Found::Name(span, word.to_string()))
            }
            "PROPN" => {
                // The name's capitalised words: the head and its compound and flat dependents.
                let words: Vec<usize> = std::iter::once(w)
                    .chain(view.children(w).filter(|&c| view.is(c, "compound") || view.is(c, "flat")))
                    .filter(|&c| view.upos(c) == "PROPN")
                    .collect();
                if !words.iter().all(|&c| is_name_word(view.form(c)) || is_title_word(view.form(c))) {
                    return None;
                }
                let (first, last) = (*words.iter().min()?, *words.iter().max()?);
                let whole = Span::new(view.span(first).start as usize, view.span(last).end as usize);
                // Titles dropped from the front; a title alone ("the Russian President") is a role.
                let after_titles = words.iter().copied().filter(|&c| is_title_word(view.form(c))).max();
                match words.iter().copied().filter(|&c| after_titles.is_none_or(|t| c > t)).min() {
                    Some(first) => {
                        let span = Span::new(view.span(first).start as usize, whole.end as usize);
                        Some(Found::Name(span, span.slice(self.text).to_string()))
                    }
                    None => self.latest_person(whole.start as usize, named).map(|f| f.at(whole)),
                }
            }
            "NOUN" => {
                // A noun that can speak or be read ("the letter", "a narrator", "protesters").
                let role = is_role_noun(&view.lemma(w));
                if !role && !view.lemma_in(w, SPEAKER_NOUNS) {
                    return None;
                }
                // The phrase starts at the first word of its modifiers ("Senior administration officials").
                let first = view
                    .children(w)
                    .filter(|&c| c < w && ["det", "amod", "compound", "nmod:poss", "nummod"].contains(&view.rel(c)))
                    .flat_map(|c| (0..=c).filter(move |&d| view.within(d, c)))
                    .min()
                    .unwrap_or(w);
                let span = Span::new(view.span(first).start as usize, span.end as usize);
                // "the minister" is someone named before; "senior officials" are nobody in particular.
                let definite = view
                    .children(w)
                    .any(|c| c < w && (view.lemma_in(c, &["the", "this", "that"]) || view.is(c, "nmod:poss")));
                if role && definite && view.xpos(w) == "NN" {
                    return Some(
                        self.latest_person(span.start as usize, named)
                            .map_or_else(|| Found::Name(span, span.slice(self.text).to_string()), |f| f.at(span)),
                    );
                }
                Some(Found::Name(span, span.slice(self.text).to_string()))
            }
            _ => None,
        }
    }

    /// The vox-pop signature: a dash right after the closing mark, then a name ("” ― Jorge Falcon").
    pub(super) fn dash_signature(&self, quote: &RawQuote) -> Option<Found> {
        let at = self.tok_at(quote.close_end);
        let dash = self.tokens.get(at)?;
        let on_line = !self.text.get(quote.close_end..dash.start)?.contains('\n');
        if !on_line || !matches!(dash.kind, TokKind::Punct('―' | '—' | '–')) {
            return None;
        }
        let first = at + 1;
        let names = self.tokens[first.min(self.tokens.len())..]
            .iter()
            .take(5)
            .take_while(|t| t.kind == TokKind::Word && is_name_word(t.text(self.text)))
            .count();
        if names == 0 {
            return None;
        }
        let after = self.tokens.get(first + names);
        // The signature ends there: a mark, a full stop or the line's end, not a sentence going on.
        if after.is_some_and(|t| !matches!(t.kind, TokKind::Mark | TokKind::Punct('.' | '\n'))) {
            return None;
        }
        let span = Span::new(self.tokens[first].start, self.tokens[first + names - 1].end);
        Some(Found::Name(span, span.slice(self.text).to_string()))
    }
}

impl Doc<'_> {
    /// True when a word of `sentence` outside the quotation may be a form of a [`SPEECH_VERBS`] lemma.
    fn speech_verb_outside(&self, quote: &RawQuote, sentence: usize) -> bool {
        let Some(span) = self.sentences.get(sentence).map(|s| s.span) else { return false };
        let (start, end) = (span.start as usize, span.end as usize);
        let first = self.tok_at(start);
        self.tokens[first..].iter().take_while(|t| t.start < end).any(|t| {
            t.kind == TokKind::Word
                && (t.end <= quote.open || t.start >= quote.close_end)
                && is_speech_form(&t.text(self.text).to_ascii_lowercase())
        })
    }
}

/// True for a word that may be an inflected form of a speech verb: the lemma with -s, -es, -ed, -d, -ing
/// (a final e dropped, a consonant doubled, y → ie/ied), or an irregular past.
fn is_speech_form(word: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "said", "told", "wrote", "written", "sang", "sung", "spoke", "spoken", "began", "begun", "cried", "replied",
        "put", "read",
    ];
    if IRREGULAR.contains(&word) || SPEECH_VERBS.contains(&word) {
        return true;
    }
    let stems = [
        word.strip_suffix("ing"),
        word.strip_suffix("ed"),
        word.strip_suffix("es"),
        word.strip_suffix('s'),
        word.strip_suffix('d'),
    ];
    stems.into_iter().flatten().any(|stem| {
        let undoubled = stem.len() > 2 && stem.as_bytes()[stem.len() - 1] == stem.as_bytes()[stem.len() - 2];
        SPEECH_VERBS.contains(&stem)
            || SPEECH_VERBS.iter().any(|v| v.strip_suffix('e') == Some(stem))
            || (undoubled && SPEECH_VERBS.contains(&&stem[..stem.len() - 1]))
            || stem.strip_suffix('i').is_some_and(|s| SPEECH_VERBS.iter().any(|v| v.strip_suffix('y') == Some(s)))
    })
}

/// The subject of `verb` outside the quotation, climbing from a verb without one to the clause it hangs
/// from (`xcomp`, `advcl`, `conj`) or to the noun a participle modifies (`acl`); `None` for a passive or a subject inside the quotation.
fn subject_of(view: &View<'_>, verb: usize, inside: &impl Fn(usize) -> bool) -> Option<usize> {
    let mut v = verb;
    for _ in 0..=CLIMB {
        // Of several subjects (a title the parser split off the name), the one nearest the verb.
        let subjects = view.children(v).filter(|&c| view.is(c, "nsubj"));
        if let Some(s) = subjects.min_by_key(|&c| c.abs_diff(v)) {
            let passive = view.rel(s).ends_with(":pass");
            return (!passive && !inside(s)).then_some(s);
        }
        if view.rel(v) == "acl" {
            // "protesters marching through the city": the noun the participle modifies.
            return view.head(v).filter(|&h| !inside(h) && matches!(view.upos(h), "NOUN" | "PROPN"));
        }
        let climbs = ["xcomp", "advcl", "conj"].iter().any(|r| view.is(v, r));
        v = view.head(v).filter(|_| climbs)?;
    }
    None
}

/// The speaker of an inverted cue after the quotation ("“…,” said one Democratic source"), which the
/// parser may attach as an object or a clause: the first noun after the verb that depends on it.
fn inverted_subject(view: &View<'_>, verb: usize, after_quote: bool) -> Option<usize> {
    if !after_quote {
        return None;
    }
    view.children(verb).find(|&c| {
        c > verb
            && matches!(view.upos(c), "NOUN" | "PROPN")
            && ["obj", "ccomp", "dep", "iobj", "appos"].iter().any(|r| view.is(c, r))
    })
}

#[cfg(test)]
mod tests {
    use super::is_speech_form;

    #[test]
    fn inflected_speech_verbs_are_recognised_without_a_parse() {
        for word in ["said", "asks", "chanting", "tweeted", "replied", "denies", "likened", "typed", "writing", "read"]
        {
            assert!(is_speech_form(word), "{word}");
        }
        for word in ["rally", "stage", "marched", "the", "sky"] {
            assert!(!is_speech_form(word), "{word}");
        }
    }
}
