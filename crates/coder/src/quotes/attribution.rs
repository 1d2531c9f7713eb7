//! Attribution: who speaks each paired quotation. A cue after the quote ("“…,” X said"), a cue before it
//! ("X said: “…”", "according to X"), a paragraph ending "X continued:", the quote's clause in the
//! dependency tree (the subject of the verb that governs or reports it), and a follow-on quote continuing
//! the previous speaker, in that order. Pronouns and role nominals resolve to the latest person.

use redline_model::{ActorMention, MentionKind, Quote, QuoteKind, Sentence, Span, Speaker};

use super::cues::{CueKind, CueWords};
use super::lex::{
    Tok, TokKind, is_name_word, is_person, is_possessive, is_role_noun, is_title_modifier, is_title_word,
};
use super::marks::RawQuote;
use super::syntax::Parses;

/// Everything attribution reads, borrowed for one article.
pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) tokens: Vec<Tok>,
    pub(super) sentences: &'a [Sentence],
    /// Mentions sorted by start.
    pub(super) mentions: Vec<&'a ActorMention>,
    pub(super) cues: &'a CueWords,
    /// The byte ranges of the outermost quotations, from opening to closing mark, in text order.
    pub(super) quoted: Vec<(usize, usize)>,
    /// Whether paragraphs open with speaker labels, once asked ([`Doc::turn_speaker`]).
    pub(super) transcript: std::cell::OnceCell<bool>,
}

/// Who a speaker search found.
#[derive(Debug, Clone)]
pub(super) enum Found {
    /// An actor mention (the speaker itself, or a pronoun/nominal resolved to it).
    Mention(ActorMention),
    /// Capitalised words next to a cue, with no mention there.
    Name(Span, String),
}

impl Found {
    /// The same speaker, referred to by the words at `span` (a pronoun or role nominal).
    pub(super) fn at(self, span: Span) -> Found {
        match self {
            Found::Mention(mut m) => {
                m.span = span;
                Found::Mention(m)
            }
            Found::Name(_, name) => Found::Name(span, name),
        }
    }
}

/// How many words a speaker search walks away from its cue.
pub(super) const SPEAKER_WINDOW: usize = 8;

/// Cues further than this many words after a quote need the `, X said` shape to count.
pub(super) const NEAR_CUE: usize = 6;

impl<'a> Doc<'a> {
    /// Index of the first token starting at or after `pos`.
    pub(super) fn tok_at(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.start < pos)
    }

    /// The sentence holding byte `pos` (the last one starting at or before it).
    pub(super) fn sentence_index(&self, pos: usize) -> Option<usize> {
        let after = self.sentences.partition_point(|s| (s.span.start as usize) <= pos);
        after.checked_sub(1)
    }

    /// Byte bounds of the sentence holding `pos`, else of its line.
    pub(super) fn sentence_bounds(&self, pos: usize) -> (usize, usize) {
        if let Some(i) = self.sentence_index(pos) {
            let span = self.sentences[i].span;
            if (span.end as usize) > pos {
                return (span.start as usize, span.end as usize);
            }
        }
        self.line_bounds(pos)
    }

    pub(super) fn line_bounds(&self, pos: usize) -> (usize, usize) {
        let pos = pos.min(self.text.len());
        let start = memchr::memrchr(b'\n', &self.text.as_bytes()[..pos]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[pos..]).map_or(self.text.len(), |i| pos + i);
        (start, end)
    }

    /// The paragraph of `pos`: the sentence's paragraph, else the count of newlines before it.
    pub(super) fn paragraph(&self, pos: usize) -> u32 {
        match self.sentence_index(pos) {
            Some(i) => self.sentences[i].paragraph,
            None => self.text.as_bytes()[..pos.min(self.text.len())].iter().filter(|&&b| b == b'\n').count() as u32,
        }
    }

    /// The longest mention covering byte `pos`.
    pub(super) fn mention_at(&self, pos: usize) -> Option<&'a ActorMention> {
        let after = self.mentions.partition_point(|m| (m.span.start as usize) <= pos);
        self.mentions[..after]
            .iter()
            .rev()
            .take(8)
            .filter(|m| (m.span.end as usize) > pos)
            .max_by_key(|m| m.span.len())
            .copied()
    }

    /// Kind and speaker of one paired quote. `previous` is the quote before it, if any; `named` are
    /// speakers found as bare capitalised names so far (pronouns may refer to them).
    pub(super) fn attribute(
        &self,
        quote: &RawQuote,
        previous: Option<&(RawQuote, Quote)>,
        named: &[(Span, String)],
        parses: Option<&mut Parses<'_, '_>>,
    ) -> Quote {
        let sentence = self.sentence_index(quote.inner.start as usize).unwrap_or(0) as u32;
        let open_tok = self.tok_at(quote.open);
        let (sentence_start, _) = self.sentence_bounds(quote.open);
        let (line_start, _) = self.line_bounds(quote.open);
        // Tokens before the mark in its sentence, back to the previous quotation mark.
        let before_start = self.tokens[..open_tok]
            .iter()
            .rposition(|t| t.kind == TokKind::Mark || t.start < sentence_start || t.start < line_start)
            .map_or(0, |i| i + 1);
        let starts_sentence = before_start == open_tok;
        let after_colon_or_comma = open_tok
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .is_some_and(|t| t.start >= line_start && matches!(t.kind, TokKind::Punct(':' | ',')));

        // A clause handed to a cue ("“…,” X said") is direct unless woven in after a word (and “nonsense,”).
        let follows_word = !starts_sentence
            && open_tok.checked_sub(1).and_then(|i| self.tokens.get(i)).is_some_and(|t| t.kind == TokKind::Word);
        let (cue_after, near) = self.cue_after(quote, named);
        let mut kind = if quote.multi_paragraph
            || starts_sentence
            || after_colon_or_comma
            || (quote.ends_clause && near && !follows_word)
        {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
        let mut speaker = cue_after;
        if speaker.is_none() {
            speaker = self.dash_signature(quote);
            if speaker.is_some() {
                kind = QuoteKind::Direct;
            }
        }
        if speaker.is_none() {
            speaker = self.cue_before(before_start, open_tok, named);
        }
        let starts_paragraph = self.text.get(line_start..quote.open).is_some_and(|s| s.trim().is_empty());
        if speaker.is_none() && starts_paragraph {
            // "Caddell continued:" closing the paragraph before.
            speaker = self.cue_in_previous_paragraph(line_start, named);
            if speaker.is_some() {
                kind = QuoteKind::Direct;
            }
        }
        if speaker.is_none()
            && let Some(parses) = parses
        {
            speaker = self.speaker_in_tree(quote, parses, named);
        }
        // A quotation inside another has a speaker only where the words around it inside the outer one
        // name one ("Putin told me, ‘…’"): neither the previous quotation's nor the turn's.
        if speaker.is_none() && kind == QuoteKind::Direct && !quote.nested {
            speaker = self.follow_on(quote, previous, starts_paragraph);
        }
        if speaker.is_none() && !quote.nested {
            speaker = self.turn_speaker(quote.open);
        }
        if kind == QuoteKind::Partial && self.is_scare(quote, speaker.is_some()) {
            kind = QuoteKind::Scare;
        }
        Quote { span: quote.inner, sentence, kind, speaker: speaker.map(|f| self.to_speaker(f)) }
    }

    /// Scare quotes and titles: a short phrase set apart in a sentence, not a clause, that is a title
    /// ("the «Normandy Four»", "his “Dear Colleague” letter"), follows a naming word ("the so-called
    /// “special operation”") or has nobody to say it.
    pub(super) fn is_scare(&self, quote: &RawQuote, has_speaker: bool) -> bool {
        const SCARE_WORDS: usize = 5;
        const CONNECTORS: &[&str] = &["of", "the", "a", "an", "and", "for", "in", "on", "to", "&"];
        const NAMING: &[&str] = &[
            "so-called",
            "dubbed",
            "termed",
            "term",
            "word",
            "words",
            "phrase",
            "label",
            "labelled",
            "labeled",
            "known",
            "titled",
            "entitled",
            "named",
            "nicknamed",
            "slogan",
            "hashtag",
            "motto",
            "codenamed",
        ];
        let inner = quote.inner.slice(self.text);
        let words: Vec<&str> = inner.split_whitespace().collect();
        if words.is_empty() || words.len() > SCARE_WORDS || quote.ends_clause || inner.ends_with(['.', '?', '!']) {
            return false;
        }
        let capital = |w: &&str| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '(');
        let title = words.iter().any(|w| w.starts_with(char::is_uppercase))
            && words.iter().all(|w| capital(w) || CONNECTORS.contains(w));
        let open = self.tok_at(quote.open);
        let naming = self.tokens[open.saturating_sub(3)..open]
            .iter()
            .rev()
            .take_while(|t| t.kind == TokKind::Word)
            .any(|t| NAMING.iter().any(|n| t.text(self.text).eq_ignore_ascii_case(n)));
        title || naming || !has_speaker
    }

    /// Rules 1 and 4: a cue after the closing mark, in the rest of the sentence. Returns the speaker
    /// and whether a cue stood right after the quote.
    pub(super) fn cue_after(&self, quote: &RawQuote, named: &[(Span, String)]) -> (Option<Found>, bool) {
        let (_, sentence_end) = self.sentence_bounds(quote.close);
        let first = self.tok_at(quote.close_end);
        // A cue followed by the next quotation belongs to that one ("called it “x” and Russia said
        // “no”"), unless this quote handed over with a comma ("“x,” he said, “y”").
        let end = self.fragment_end(first, sentence_end);
        if self.tokens.get(end).is_some_and(|t| t.kind == TokKind::Mark) && !quote.ends_clause {
            return (None, false);
        }
        let mut words = 0;
        let mut index = first;
        while let Some(tok) = self.tokens.get(index) {
            if tok.start >= sentence_end || ends_fragment(*tok) {
                break;
            }
            if tok.kind == TokKind::Word {
                words += 1;
                if let Some((cue, last)) = self.cues.match_at(self.text, &self.tokens, index) {
                    let near = words <= NEAR_CUE;
                    let before = if cue == CueKind::Say { self.speaker_before(index, first, named) } else { None };
                    if let Some((found, phrase_start)) = before {
                        // A far cue counts only in the ", X said" shape that ends a reporter's sentence.
                        let comma_before = phrase_start
                            .checked_sub(1)
                            .is_some_and(|i| i >= first && self.tokens[i].kind == TokKind::Punct(','));
                        if near || comma_before || phrase_start == first {
                            return (Some(found), near);
                        }
                    } else if near {
                        let end = self.fragment_end(last + 1, sentence_end);
                        if let Some(found) = self.speaker_after(last + 1, end, named) {
                            return (Some(found), true);
                        }
                    }
                    if near {
                        return (None, true);
                    }
                }
            }
            index += 1;
        }
        (None, false)
    }

    /// Token index where a fragment starting at `from` ends: the sentence end, the next mark, a full stop
    /// (wire copy's `''` does not always let the sentence splitter see one) or a newline.
    pub(super) fn fragment_end(&self, from: usize, sentence_end: usize) -> usize {
        self.tokens[from.min(self.tokens.len())..]
            .iter()
            .position(|t| t.start >= sentence_end || ends_fragment(*t))
            .map_or(self.tokens.len(), |i| from + i)
    }

    /// Rule 1 (cue before: `X said: "…"`, `X said that "…"`, `according to X, "…"`) and rule 2 (a
    /// partial quote in a sentence whose subject speaks): the last cue in tokens `from..to`.
    pub(super) fn cue_before(&self, from: usize, to: usize, named: &[(Span, String)]) -> Option<Found> {
        let mut index = to;
        while index > from {
            index -= 1;
            let Some((cue, last)) = self.cues.match_at(self.text, &self.tokens, index) else {
                continue;
            };
            if last >= to {
                continue;
            }
            let found = match cue {
                CueKind::Say => self
                    .speaker_before(index, from, named)
                    .map(|(found, _)| found)
                    .or_else(|| self.speaker_after(last + 1, to, named)),
                CueKind::According => self.speaker_after(last + 1, to, named),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// A paragraph ending with `:` just before a quote that opens the next one.
    pub(super) fn cue_in_previous_paragraph(&self, line_start: usize, named: &[(Span, String)]) -> Option<Found> {
        let before = self.text.get(..line_start)?.trim_end();
        if !before.ends_with(':') {
            return None;
        }
        let colon = before.len() - 1;
        let (sentence_start, _) = self.sentence_bounds(colon);
        let (para_start, _) = self.line_bounds(colon);
        let from = self.tok_at(sentence_start.max(para_start));
        let to = self.tok_at(colon);
        self.cue_before(from, to, named)
    }

    /// Rule 3: a quote with no cue of its own continues the previous quote's speaker when that quote
    /// is in the same paragraph, or in the paragraph before and this quote opens its paragraph.
    pub(super) fn follow_on(
        &self,
        quote: &RawQuote,
        previous: Option<&(RawQuote, Quote)>,
        starts_paragraph: bool,
    ) -> Option<Found> {
        let (prev_raw, prev) = previous?;
        let speaker = prev.speaker.as_ref()?;
        let here = self.paragraph(quote.open);
        let there = self.paragraph(prev_raw.close);
        let same = here == there;
        // Into the next paragraph only from a direct quotation: a phrase quoted in passing is no speech.
        let next = starts_paragraph && here == there + 1 && prev.kind == QuoteKind::Direct;
        // A signature ("” ― Jorge Falcon") closes its quotation: the next one is someone else's.
        let signed = self
            .text
            .get(prev_raw.close_end..speaker.mention.start as usize)
            .is_some_and(|between| matches!(between.trim(), "―" | "—" | "–"));
        if !(same || next) || signed {
            return None;
        }
        match self.mentions.iter().find(|m| m.span == speaker.mention) {
            Some(m) if speaker.code.as_ref() == Some(&m.code) => Some(Found::Mention((*m).clone())),
            _ => match &speaker.code {
                Some(code) => Some(Found::Mention(ActorMention {
                    span: speaker.mention,
                    code: code.clone(),
                    name: speaker.name.as_str().into(),
                    kind: MentionKind::Person,
                    entry: Default::default(),
                    sentence: 0,
                })),
                None => Some(Found::Name(speaker.mention, speaker.name.clone())),
            },
        }
    }

    pub(super) fn to_speaker(&self, found: Found) -> Speaker {
        match found {
            Found::Mention(m) => Speaker { name: m.name.to_string(), code: Some(m.code), mention: m.span },
            Found::Name(span, name) => Speaker { name, code: None, mention: span },
        }
    }

    /// Walks back from the cue at token `cue` (not past token `floor`) for the speaker: the nearest
    /// mention, pronoun, role nominal or capitalised name. Returns it and the token where its words start.
    pub(super) fn speaker_before(&self, cue: usize, floor: usize, named: &[(Span, String)]) -> Option<(Found, usize)> {
        let mut words = 0;
        let mut index = cue;
        while index > floor && words < SPEAKER_WINDOW {
            index -= 1;
            let tok = self.tokens[index];
            match tok.kind {
                TokKind::Mark | TokKind::Punct('.' | ';' | ':' | '?' | '!' | '\n' | '—' | '–') => {
                    return None;
                }
                TokKind::Punct(_) => continue,
                TokKind::Word => {}
            }
            words += 1;
            if let Some(mention) = self.mention_at(tok.start) {
                let start = self.tok_at(mention.span.start as usize).max(floor);
                return Some((Found::Mention(mention.clone()), start));
            }
            let word = tok.text(self.text);
            if let Some(found) = self.pronoun(tok, named) {
                return Some((found, index));
            }
            if is_role_noun(word)
                && let Some(first) = self.determiner_before(index, floor)
            {
                return Some((self.role_nominal(first, index, named), first));
            }
            if is_name_word(word) {
                // The run of capitalised words ending here, without leading titles.
                let mut first = index;
                while first > floor {
                    let prev = self.tokens[first - 1];
                    if prev.kind != TokKind::Word || !is_name_word(prev.text(self.text)) {
                        break;
                    }
                    first -= 1;
                }
                // Capitals modifying a common noun ("Senior administration officials said") are no name.
                let modifies_noun = index + 1 < cue
                    && self.tokens.get(index + 1).is_some_and(|t| {
                        t.kind == TokKind::Word && t.text(self.text).starts_with(|c: char| c.is_lowercase())
                    });
                if modifies_noun {
                    return None;
                }
                return self.name_from(first, index, named).map(|f| (f, first));
            }
        }
        None
    }

    /// Walks forward from token `from` (before token `to`) for the speaker of `said X` / `according to X`:
    /// titles may stand between ("said Foreign Minister Sergey Lavrov").
    pub(super) fn speaker_after(&self, from: usize, to: usize, named: &[(Span, String)]) -> Option<Found> {
        let mut possessive: Option<&ActorMention> = None;
        let mut index = from;
        let mut words = 0;
        while index < to.min(self.tokens.len()) && words < SPEAKER_WINDOW {
            let tok = self.tokens[index];
            if tok.kind != TokKind::Word {
                break;
            }
            words += 1;
            let word = tok.text(self.text);
            if let Some(mention) = self.mention_at(tok.start) {
                if is_possessive(word) && (mention.span.end as usize) < tok.end {
                    possessive = Some(mention);
                    index = self.tok_at(mention.span.end as usize).max(index + 1);
                    continue;
                }
                return Some(Found::Mention(mention.clone()));
            }
            if let Some(found) = self.pronoun(tok, named) {
                return Some(found);
            }
            if is_name_word(word) {
                let mut last = index;
                while last + 1 < to.min(self.tokens.len()) {
                    let next = self.tokens[last + 1];
                    if next.kind != TokKind::Word || !is_name_word(next.text(self.text)) {
                        break;
                    }
                    if let Some(mention) = self.mention_at(next.start) {
                        return Some(Found::Mention(mention.clone()));
                    }
                    last += 1;
                }
                return self.name_from(index, last, named);
            }
            if is_role_noun(word) {
                if let Some(first) = self.determiner_before(index, from) {
                    // "according to the minister": unless a name follows ("the minister, Sergey Lavrov").
                    let next_is_name = self
                        .tokens
                        .get(index + 1)
                        .is_some_and(|t| t.kind == TokKind::Word && is_name_word(t.text(self.text)));
                    if !next_is_name {
                        return Some(self.role_nominal(first, index, named));
                    }
                }
                index += 1;
                continue;
            }
            if !is_title_modifier(word) {
                break;
            }
            index += 1;
        }
        possessive.map(|m| Found::Mention(m.clone()))
    }

    /// A name from capitalised tokens `first..=last`, leading titles dropped; all titles → a role
    /// nominal resolved to the latest person.
    pub(super) fn name_from(&self, first: usize, last: usize, named: &[(Span, String)]) -> Option<Found> {
        let mut start = first;
        while start <= last && is_title_word(self.tokens[start].text(self.text)) {
            start += 1;
        }
        if start > last {
            return Some(self.role_nominal(first, last, named));
        }
        let span = Span::new(self.tokens[start].start, self.tokens[last].end);
        let name = span.slice(self.text);
        let name = name.strip_suffix("'s").or_else(|| name.strip_suffix("’s")).unwrap_or(name);
        Some(Found::Name(Span::new(span.start as usize, span.start as usize + name.len()), name.to_string()))
    }

    /// The token of a "the" or possessive within three words before token `index`, if any.
    pub(super) fn determiner_before(&self, index: usize, floor: usize) -> Option<usize> {
        let low = index.saturating_sub(3).max(floor);
        (low..index).rev().find(|&i| {
            let t = self.tokens[i];
            t.kind == TokKind::Word && {
                let w = t.text(self.text);
                w.eq_ignore_ascii_case("the") || is_possessive(w)
            }
        })
    }

    /// Resolves a subject pronoun (the token `tok`): he/she/they → the latest person, it → the latest
    /// non-person mention, I/we → the speaker of the transcript turn. The speaker's mention is the pronoun itself (the evidence next to the cue);
    /// name and code are the antecedent's. An unresolved he/she/they keeps its own word as the name.
    pub(super) fn pronoun(&self, tok: Tok, named: &[(Span, String)]) -> Option<Found> {
        let word = tok.text(self.text);
        let span = Span::new(tok.start, tok.end);
        match word {
            "he" | "He" | "she" | "She" | "they" | "They" => Some(
                self.latest_person(tok.start, named)
                    .map_or_else(|| Found::Name(span, word.to_string()), |f| f.at(span)),
            ),
            "I" | "we" | "We" => self.turn_speaker(tok.start).map(|f| f.at(span)),
            "it" | "It" => self
                .mentions
                .iter()
                .rev()
                .find(|m| (m.span.end as usize) <= tok.start && !is_person(m))
                .map(|m| Found::Mention((*m).clone()).at(span)),
            _ => None,
        }
    }

    /// Resolves a role nominal ("the minister", tokens `first..=last`) to the latest person; the
    /// speaker's mention is the nominal's words. Unresolved, the words themselves are the name.
    pub(super) fn role_nominal(&self, first: usize, last: usize, named: &[(Span, String)]) -> Found {
        let span = Span::new(self.tokens[first].start, self.tokens[last].end);
        self.latest_person(span.start as usize, named)
            .map_or_else(|| Found::Name(span, span.slice(self.text).to_string()), |f| f.at(span))
    }

    /// The latest person mention (or speaker found by name) ending before `pos`.
    pub(super) fn latest_person(&self, pos: usize, named: &[(Span, String)]) -> Option<Found> {
        // Someone named inside a quotation is no antecedent outside it ("“Putin told me …” … he added").
        let quotation = |at: usize| self.quoted.iter().position(|&(open, close)| open <= at && at < close);
        let here = quotation(pos);
        let mention = self.mentions.iter().rev().find(|m| {
            (m.span.end as usize) <= pos
                && is_person(m)
                && quotation(m.span.start as usize).is_none_or(|q| Some(q) == here)
        });
        let name = named.iter().rev().find(|(span, _)| (span.end as usize) <= pos);
        match (mention, name) {
            (Some(m), Some((span, n))) if span.end > m.span.end => Some(Found::Name(*span, n.clone())),
            (Some(m), _) => Some(Found::Mention((*m).clone())),
            (None, Some((span, n))) => Some(Found::Name(*span, n.clone())),
            (None, None) => None,
        }
    }
}

/// True for a token no cue reads past: a quotation mark, a newline or the end of a sentence.
fn ends_fragment(tok: Tok) -> bool {
    matches!(tok.kind, TokKind::Mark | TokKind::Punct('\n' | '.' | '?' | '!'))
}
