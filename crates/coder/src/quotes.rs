//! Quotations: pairing quotation marks into [`Quote`]s, telling direct from partial quotes, and
//! attributing each to a speaker (an actor mention, a pronoun or role nominal resolved to a person,
//! or a capitalised name next to a speech cue).
//!
//! Works on the clean text, its sentences and the actor stage's mentions; it does its own small word
//! scan so that it needs nothing else. Articles without any quotation mark cost one byte scan.

use std::collections::HashMap;

use redline_model::{ActorMention, MentionKind, Quote, QuoteKind, Sentence, Span, Speaker};

/// Speech cue words (from the dictionary's `cues.txt`), built once and shared.
///
/// `SAY` cues are speech verbs ("said", "told", "added"); the speaker stands before ("X said") or
/// after ("said X") them. `ACCORDING` cues are prepositional ("according to"); the speaker follows.
/// Each cue may be several words; matching is case-insensitive and word by word.
#[derive(Debug, Clone, Default)]
pub struct CueWords {
    /// Lower-case first word → cues starting with it.
    by_first_word: HashMap<String, Vec<Cue>>,
}

/// One cue phrase.
#[derive(Debug, Clone)]
struct Cue {
    /// Lower-case words after the first.
    rest: Vec<String>,
    kind: CueKind,
}

/// Which side of a cue the speaker stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
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
    fn match_at(&self, text: &str, tokens: &[Tok], at: usize) -> Option<(CueKind, usize)> {
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

/// Finds quotations and attributes them to speakers.
///
/// - `text` is the article's clean text; `sentences` its sentences in order (when empty, paragraphs
///   stand in for sentences); `mentions` the actor stage's mentions, in text order.
/// - `body_start` is where the body starts in `text`: before it (the headline) single curly marks
///   `‘ ’` also delimit quotations; in the body they do only inside a double-quoted passage.
///
/// Quotes come back in text order, each with the words inside the marks (a trailing comma dropped).
/// A passage that opens in one paragraph and continues in the next (that paragraph starting with an
/// opening mark, the news convention) is one quote. Unbalanced marks are skipped, never a panic.
pub fn find_quotes(
    text: &str,
    sentences: &[Sentence],
    mentions: &[ActorMention],
    cues: &CueWords,
    body_start: usize,
) -> Vec<Quote> {
    find_quotes_of(text, sentences, mentions, cues, body_start)
}

/// [`find_quotes`] over mentions held elsewhere (the pipeline's are inside the actor stage's
/// results, and are moved, not copied, into the article at the end).
pub(crate) fn find_quotes_of<'m>(
    text: &str,
    sentences: &[Sentence],
    mentions: impl IntoIterator<Item = &'m ActorMention>,
    cues: &CueWords,
    body_start: usize,
) -> Vec<Quote> {
    if !has_double_mark(text) {
        return Vec::new();
    }
    let raw = pair_marks(text, body_start);
    if raw.is_empty() {
        return Vec::new();
    }
    let mut sorted: Vec<&ActorMention> = mentions.into_iter().collect();
    sorted.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    let doc = Doc { text, tokens: lex_quoted_paragraphs(text, &raw), sentences, mentions: sorted, cues };
    let mut found: Vec<(RawQuote, Quote)> = Vec::with_capacity(raw.len());
    let mut named: Vec<(Span, String)> = Vec::new();
    for quote in raw {
        let resolved = doc.attribute(&quote, found.last(), &named);
        if let Some(speaker) = &resolved.speaker
            && speaker.code.is_none()
            && is_name_word(&speaker.name)
        {
            named.push((speaker.mention, speaker.name.clone()));
        }
        found.push((quote, resolved));
    }
    found.into_iter().map(|(_, q)| q).collect()
}

/// True if `text` holds `"`, `“`, `”`, `«`, `»`, `‘`, `„` or `''`: one pass over the bytes.
fn has_double_mark(text: &str) -> bool {
    let bytes = text.as_bytes();
    // `“` `”` `‘` `„` are E2 80 9C/9D/98/9E; `«` `»` are C2 AB/BB.
    memchr::memchr3_iter(b'"', b'\'', 0xE2, bytes).any(|i| match bytes[i] {
        b'"' => true,
        b'\'' => bytes.get(i + 1) == Some(&b'\''),
        _ => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x9C | 0x9D | 0x98 | 0x9E)),
    }) || memchr::memchr_iter(0xC2, bytes).any(|i| matches!(bytes.get(i + 1), Some(0xAB | 0xBB)))
}

/// True for a byte that may start a quotation mark or an apostrophe (`'`, `"`, the lead byte E2 of
/// `“` `„` `”` `‘` `’` and C2 of `«` `»`): every other byte is skipped without decoding a character.
fn may_start_mark(byte: u8) -> bool {
    matches!(byte, b'\'' | b'"' | 0xE2 | 0xC2)
}

/// The next byte at or after `from` that [`may_start_mark`], or `bytes.len()`. `next_c2` caches where
/// the next C2 byte is (it is rare, and searched for apart from the other three).
fn next_mark_start(bytes: &[u8], from: usize, next_c2: &mut Option<usize>) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    let c2 = match *next_c2 {
        Some(at) if at >= from => at,
        _ => {
            let at = memchr::memchr(0xC2, rest).map_or(bytes.len(), |k| from + k);
            *next_c2 = Some(at);
            at
        }
    };
    memchr::memchr3(b'\'', b'"', 0xE2, rest).map_or(bytes.len(), |k| from + k).min(c2)
}

/// A pair of marks, before attribution: byte positions in the clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RawQuote {
    /// Byte offset of the opening mark.
    open: usize,
    /// The words inside the marks, trimmed.
    inner: Span,
    /// Byte offset of the closing mark and one past it.
    close: usize,
    close_end: usize,
    /// The passage runs over more than one paragraph.
    multi_paragraph: bool,
    /// The text inside the marks ended with `,` `?` or `!` (a clause handed to an attribution).
    ends_clause: bool,
}

/// Quotation-mark families: a quote is closed by a mark of its own family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Straight,
    Curly,
    Guillemet,
    Single,
}

/// What a mark can do, given its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open(Family),
    Close(Family),
}

fn is_opening_context(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '«'))
}

/// Classifies the character at a byte offset as a quotation mark, if it is one.
fn classify(c: char, prev: Option<char>, next: Option<char>) -> Option<Mark> {
    let next_is_word = next.is_some_and(char::is_alphanumeric);
    match c {
        '“' | '„' => Some(Mark::Open(Family::Curly)),
        '”' => Some(Mark::Close(Family::Curly)),
        '«' => Some(Mark::Open(Family::Guillemet)),
        '»' => Some(Mark::Close(Family::Guillemet)),
        '"' => {
            let opening = if is_opening_context(prev) {
                next.is_some_and(|n| !n.is_whitespace())
            } else {
                // `said:"Hello` opens; `hello,"` closes.
                next_is_word && prev.is_some_and(|p| matches!(p, ':' | ','))
            };
            Some(if opening { Mark::Open(Family::Straight) } else { Mark::Close(Family::Straight) })
        }
        // Single curly marks: an opening one at a word start, a closing one not inside a word
        // (Kyiv’s, don’t are apostrophes).
        '‘' if is_opening_context(prev) && next.is_some_and(|n| !n.is_whitespace()) => {
            Some(Mark::Open(Family::Single))
        }
        '’' if prev.is_some_and(|p| !p.is_whitespace()) && !next_is_word => Some(Mark::Close(Family::Single)),
        _ => None,
    }
}

/// The mark at byte `i` of `line` (whose char is `c`), with its width in bytes. Two apostrophes
/// `''` stand for a straight double mark (a convention of some wire copy).
fn mark_at(line: &str, i: usize, c: char, prev: Option<char>) -> Option<(Mark, usize)> {
    // Every other character is no mark (see `classify`): answer before looking at the neighbours.
    if !matches!(c, '\'' | '"' | '“' | '„' | '”' | '«' | '»' | '‘' | '’') {
        return None;
    }
    let rest = line.get(i + c.len_utf8()..).unwrap_or("");
    if c == '\'' && rest.starts_with('\'') {
        let next = rest[1..].chars().next();
        return classify('"', prev, next).map(|mark| (mark, 2));
    }
    classify(c, prev, rest.chars().next()).map(|mark| (mark, c.len_utf8()))
}

/// Does `mark` close a quote of family `family`? Straight and curly double marks close each other
/// (sloppy sources mix them).
fn closes(mark: Mark, family: Family) -> bool {
    match (mark, family) {
        (Mark::Close(f), g) if f == g => true,
        (Mark::Close(Family::Straight), Family::Curly) | (Mark::Close(Family::Curly), Family::Straight) => true,
        _ => false,
    }
}

/// An open quotation while pairing.
#[derive(Debug, Clone, Copy)]
struct Opening {
    family: Family,
    /// Byte offset of the opening mark and one past it.
    at: usize,
    after: usize,
    multi_paragraph: bool,
}

/// Pairs quotation marks paragraph by paragraph.
fn pair_marks(text: &str, body_start: usize) -> Vec<RawQuote> {
    let mut out = Vec::new();
    let mut outer: Option<Opening> = None;
    let mut nested: Vec<Family> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let this_start = line_start;
        line_start += line.len();
        let content = line.trim_end();
        if content.trim().is_empty() {
            continue;
        }
        let in_headline = this_start < body_start;
        let lead = content.len() - content.trim_start().len();
        let mut skip_first_open = false;
        if let Some(open) = outer.as_mut() {
            // A quote left open continues only where this paragraph starts with an opening mark.
            let first = content[lead..].chars().next();
            match first.and_then(|c| mark_at(content, lead, c, None)) {
                Some((Mark::Open(f), _)) if f != Family::Single => {
                    open.multi_paragraph = true;
                    skip_first_open = true;
                    nested.clear();
                }
                _ => {
                    outer = None;
                    nested.clear();
                }
            }
        }
        let bytes = content.as_bytes();
        let mut next_c2 = None;
        let mut i = 0;
        while i < bytes.len() {
            // Only lead bytes and ASCII are looked at, so `i` stays on a char boundary.
            if !may_start_mark(bytes[i]) {
                i = next_mark_start(bytes, i, &mut next_c2);
                continue;
            }
            let Some(c) = content[i..].chars().next() else { break };
            let prev = content[..i].chars().next_back();
            let Some((mark, width)) = mark_at(content, i, c, prev) else {
                i += c.len_utf8();
                continue;
            };
            let at = this_start + i;
            i += width;
            let after = at + width;
            if skip_first_open {
                skip_first_open = false;
                continue;
            }
            match outer {
                None => {
                    if let Mark::Open(family) = mark
                        && (family != Family::Single || in_headline)
                    {
                        outer = Some(Opening { family, at, after, multi_paragraph: false });
                    }
                }
                Some(open) => {
                    if let Some(&top) = nested.last() {
                        if mark == Mark::Close(top) {
                            nested.pop();
                        } else if let Mark::Open(f) = mark {
                            nested.push(f);
                        } else if closes(mark, open.family) {
                            // The inner quote never closed (an apostrophe, or a sloppy source):
                            // this mark closes the outer one.
                            nested.clear();
                            out.extend(finish(text, open, at, after));
                            outer = None;
                        }
                        continue;
                    }
                    if closes(mark, open.family) {
                        out.extend(finish(text, open, at, after));
                        outer = None;
                    } else if let Mark::Open(f) = mark {
                        if f == open.family {
                            // The same opening mark again: the first was never closed. Start over.
                            outer = Some(Opening { family: f, at, after, multi_paragraph: false });
                        } else {
                            nested.push(f);
                        }
                    }
                }
            }
        }
    }
    out
}

/// Builds the raw quote for an opening and its closing mark; `None` when nothing is inside.
fn finish(text: &str, open: Opening, close: usize, close_end: usize) -> Option<RawQuote> {
    let inside = text.get(open.after..close)?;
    let trimmed_start = inside.len() - inside.trim_start().len();
    let trimmed = inside.trim();
    let ends_clause = trimmed.ends_with([',', '?', '!']);
    let trimmed = trimmed.strip_suffix(',').unwrap_or(trimmed).trim_end();
    if !trimmed.chars().any(char::is_alphanumeric) {
        return None;
    }
    let start = open.after + trimmed_start;
    Some(RawQuote {
        open: open.at,
        inner: Span::new(start, start + trimmed.len()),
        close,
        close_end,
        multi_paragraph: open.multi_paragraph,
        ends_clause,
    })
}

/// A token of the small word scan: a word, a punctuation character or a quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tok {
    start: usize,
    end: usize,
    kind: TokKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Word,
    Punct(char),
    Mark,
}

impl Tok {
    fn text(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The tokens of the paragraphs attribution reads: those a quotation spans, and the one before each
/// (where `X continued:` may stand), each with its closing newline.
///
/// Attribution walks tokens only within a sentence or paragraph and stops at a newline token, so the
/// paragraphs left out would never be reached: every walk sees the tokens that [`lex`] of the whole
/// text gives there, at other indices. Most of an article quotes nobody; this skips lexing it.
fn lex_quoted_paragraphs(text: &str, quotes: &[RawQuote]) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let line_start = |pos: usize| memchr::memrchr(b'\n', &bytes[..pos.min(bytes.len())]).map_or(0, |i| i + 1);
    let mut out = Vec::new();
    let mut lexed_to = 0;
    for quote in quotes {
        // Quotes come in text order: one that closes in what is lexed already needs nothing more
        // (a long paragraph holds many, and looking for its start again for each would be slow).
        if quote.close_end < lexed_to {
            continue;
        }
        let first = line_start(quote.open);
        let start = line_start(first.saturating_sub(1)).max(lexed_to);
        let close_end = quote.close_end.min(bytes.len());
        let end = memchr::memchr(b'\n', &bytes[close_end..]).map_or(bytes.len(), |i| close_end + i + 1);
        if end > start {
            lex_into(text, start, end, &mut out);
            lexed_to = end;
        }
    }
    out
}

/// Splits the text into words (letters and digits, with internal `'` `’` `-` `.`), punctuation and
/// quotation marks. Newlines are kept as punctuation so that nothing reads across paragraphs.
#[cfg(test)]
fn lex(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5);
    lex_into(text, 0, text.len(), &mut out);
    out
}

/// [`lex`] of the bytes `from..to`, which start a paragraph and end one (after its newline, or at the
/// text's end), appended to `out`.
fn lex_into(text: &str, from: usize, to: usize, out: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    // The character at byte `i` (always a char boundary here); ASCII without decoding.
    let char_at = |i: usize| match bytes.get(i) {
        None => None,
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => text.get(i..).and_then(|rest| rest.chars().next()),
    };
    let mut word_start: Option<usize> = None;
    let mut i = from;
    while i < to {
        if bytes[i].is_ascii_alphanumeric() {
            // The common case: a letter or digit inside or starting a word.
            word_start.get_or_insert(i);
            i += 1;
            continue;
        }
        if bytes[i] == b' ' {
            // The next most common: a space ends the word, if any, and is no token.
            if let Some(start) = word_start.take() {
                out.push(Tok { start, end: i, kind: TokKind::Word });
            }
            i += 1;
            continue;
        }
        let Some(c) = char_at(i) else { break };
        let len = c.len_utf8();
        let next = char_at(i + len);
        if c == '\'' && next == Some('\'') {
            // `''` is a double quotation mark in some wire copy.
            if let Some(start) = word_start.take() {
                out.push(Tok { start, end: i, kind: TokKind::Word });
            }
            out.push(Tok { start: i, end: i + 2, kind: TokKind::Mark });
            i += 2;
            continue;
        }
        let joiner =
            matches!(c, '\'' | '’' | '-' | '.') && word_start.is_some() && next.is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || joiner {
            word_start.get_or_insert(i);
            i += len;
            continue;
        }
        i += len;
        if let Some(start) = word_start.take() {
            // Titles keep their period ("Rep.", "Mr.") so that they read as one word.
            if c == '.' && is_abbreviation(&text[start..i - len]) {
                out.push(Tok { start, end: i, kind: TokKind::Word });
                continue;
            }
            out.push(Tok { start, end: i - len, kind: TokKind::Word });
        }
        if c.is_whitespace() && c != '\n' {
            continue;
        }
        let kind = if matches!(c, '"' | '“' | '”' | '«' | '»' | '‘' | '’' | '„') {
            TokKind::Mark
        } else {
            TokKind::Punct(c)
        };
        out.push(Tok { start: i - len, end: i, kind });
    }
    if let Some(start) = word_start {
        out.push(Tok { start, end: to, kind: TokKind::Word });
    }
}

/// Everything attribution reads, borrowed for one article.
struct Doc<'a> {
    text: &'a str,
    tokens: Vec<Tok>,
    sentences: &'a [Sentence],
    /// Mentions sorted by start.
    mentions: Vec<&'a ActorMention>,
    cues: &'a CueWords,
}

/// Who a speaker search found.
#[derive(Debug, Clone)]
enum Found {
    /// An actor mention (the speaker itself, or a pronoun/nominal resolved to it).
    Mention(ActorMention),
    /// Capitalised words next to a cue, with no mention there.
    Name(Span, String),
}

impl Found {
    /// The same speaker, referred to by the words at `span` (a pronoun or role nominal).
    fn at(self, span: Span) -> Found {
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
const SPEAKER_WINDOW: usize = 8;

/// Cues further than this many words after a quote need the `, X said` shape to count.
const NEAR_CUE: usize = 6;

impl<'a> Doc<'a> {
    /// Index of the first token starting at or after `pos`.
    fn tok_at(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.start < pos)
    }

    /// The sentence holding byte `pos` (the last one starting at or before it).
    fn sentence_index(&self, pos: usize) -> Option<usize> {
        let after = self.sentences.partition_point(|s| (s.span.start as usize) <= pos);
        after.checked_sub(1)
    }

    /// Byte bounds of the sentence holding `pos`, else of its line.
    fn sentence_bounds(&self, pos: usize) -> (usize, usize) {
        if let Some(i) = self.sentence_index(pos) {
            let span = self.sentences[i].span;
            if (span.end as usize) > pos {
                return (span.start as usize, span.end as usize);
            }
        }
        self.line_bounds(pos)
    }

    fn line_bounds(&self, pos: usize) -> (usize, usize) {
        let pos = pos.min(self.text.len());
        let start = memchr::memrchr(b'\n', &self.text.as_bytes()[..pos]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[pos..]).map_or(self.text.len(), |i| pos + i);
        (start, end)
    }

    /// The paragraph of `pos`: the sentence's paragraph, else the count of newlines before it.
    fn paragraph(&self, pos: usize) -> u32 {
        match self.sentence_index(pos) {
            Some(i) => self.sentences[i].paragraph,
            None => self.text.as_bytes()[..pos.min(self.text.len())].iter().filter(|&&b| b == b'\n').count() as u32,
        }
    }

    /// The longest mention covering byte `pos`.
    fn mention_at(&self, pos: usize) -> Option<&'a ActorMention> {
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
    fn attribute(&self, quote: &RawQuote, previous: Option<&(RawQuote, Quote)>, named: &[(Span, String)]) -> Quote {
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
        if speaker.is_none() && kind == QuoteKind::Direct {
            speaker = self.follow_on(quote, previous, starts_paragraph);
        }
        Quote { span: quote.inner, sentence, kind, speaker: speaker.map(|f| self.to_speaker(f)) }
    }

    /// Rules 1 and 4: a cue after the closing mark, in the rest of the sentence. Returns the speaker
    /// and whether a cue stood right after the quote.
    fn cue_after(&self, quote: &RawQuote, named: &[(Span, String)]) -> (Option<Found>, bool) {
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
            if tok.start >= sentence_end || tok.kind == TokKind::Mark || tok.kind == TokKind::Punct('\n') {
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

    /// Token index where a fragment starting at `from` ends: the sentence end or the next mark.
    fn fragment_end(&self, from: usize, sentence_end: usize) -> usize {
        self.tokens[from.min(self.tokens.len())..]
            .iter()
            .position(|t| t.start >= sentence_end || t.kind == TokKind::Mark)
            .map_or(self.tokens.len(), |i| from + i)
    }

    /// Rule 1 (cue before: `X said: "…"`, `X said that "…"`, `according to X, "…"`) and rule 2 (a
    /// partial quote in a sentence whose subject speaks): the last cue in tokens `from..to`.
    fn cue_before(&self, from: usize, to: usize, named: &[(Span, String)]) -> Option<Found> {
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
    fn cue_in_previous_paragraph(&self, line_start: usize, named: &[(Span, String)]) -> Option<Found> {
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
    fn follow_on(
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
        let next = starts_paragraph && here == there + 1;
        if !(same || next) {
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

    fn to_speaker(&self, found: Found) -> Speaker {
        match found {
            Found::Mention(m) => Speaker { name: m.name.to_string(), code: Some(m.code), mention: m.span },
            Found::Name(span, name) => Speaker { name, code: None, mention: span },
        }
    }

    /// Walks back from the cue at token `cue` (not past token `floor`) for the speaker: the nearest
    /// mention, pronoun, role nominal or capitalised name. Returns it and the token where its words start.
    fn speaker_before(&self, cue: usize, floor: usize, named: &[(Span, String)]) -> Option<(Found, usize)> {
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
                return self.name_from(first, index, named).map(|f| (f, first));
            }
        }
        None
    }

    /// Walks forward from token `from` (before token `to`) for the speaker of `said X` / `according to X`:
    /// titles may stand between ("said Foreign Minister Sergey Lavrov").
    fn speaker_after(&self, from: usize, to: usize, named: &[(Span, String)]) -> Option<Found> {
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
    fn name_from(&self, first: usize, last: usize, named: &[(Span, String)]) -> Option<Found> {
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
    fn determiner_before(&self, index: usize, floor: usize) -> Option<usize> {
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
    /// non-person mention. The speaker's mention is the pronoun itself (the evidence next to the cue);
    /// name and code are the antecedent's. An unresolved he/she/they keeps its own word as the name.
    fn pronoun(&self, tok: Tok, named: &[(Span, String)]) -> Option<Found> {
        let word = tok.text(self.text);
        let span = Span::new(tok.start, tok.end);
        match word {
            "he" | "He" | "she" | "She" | "they" | "They" => Some(
                self.latest_person(tok.start, named)
                    .map_or_else(|| Found::Name(span, word.to_string()), |f| f.at(span)),
            ),
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
    fn role_nominal(&self, first: usize, last: usize, named: &[(Span, String)]) -> Found {
        let span = Span::new(self.tokens[first].start, self.tokens[last].end);
        self.latest_person(span.start as usize, named)
            .map_or_else(|| Found::Name(span, span.slice(self.text).to_string()), |f| f.at(span))
    }

    /// The latest person mention (or speaker found by name) ending before `pos`.
    fn latest_person(&self, pos: usize, named: &[(Span, String)]) -> Option<Found> {
        let mention = self.mentions.iter().rev().find(|m| (m.span.end as usize) <= pos && is_person(m));
        let name = named.iter().rev().find(|(span, _)| (span.end as usize) <= pos);
        match (mention, name) {
            (Some(m), Some((span, n))) if span.end > m.span.end => Some(Found::Name(*span, n.clone())),
            (Some(m), _) => Some(Found::Mention((*m).clone())),
            (None, Some((span, n))) => Some(Found::Name(*span, n.clone())),
            (None, None) => None,
        }
    }
}

/// Abbreviated titles that keep their period.
fn is_abbreviation(word: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Rep", "Sen", "Gov", "Gen", "Lt", "Col", "Sgt", "Capt", "Adm", "Prof", "St", "Jr",
        "Sr",
    ];
    ABBREVIATIONS.contains(&word)
}

fn is_person(mention: &ActorMention) -> bool {
    matches!(mention.kind, MentionKind::Person | MentionKind::RoleNominal)
}

fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

/// A capitalised word that can be part of a name: not a function word, weekday or month.
fn is_name_word(word: &str) -> bool {
    const NOT_NAMES: &[&str] = &[
        "The",
        "A",
        "An",
        "But",
        "And",
        "Or",
        "In",
        "On",
        "At",
        "Of",
        "For",
        "To",
        "From",
        "By",
        "With",
        "As",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "When",
        "While",
        "After",
        "Before",
        "If",
        "So",
        "Yet",
        "Also",
        "However",
        "Meanwhile",
    ];
    word.chars().next().is_some_and(char::is_uppercase)
        && !NOT_NAMES.contains(&word)
        && !crate::dates::CALENDAR_WORDS.contains(&word)
}

/// Capitalised titles dropped from the front of a name ("Foreign Minister Sergey Lavrov").
fn is_title_word(word: &str) -> bool {
    const TITLES: &[&str] = &[
        "President",
        "Vice",
        "Prime",
        "Minister",
        "Foreign",
        "Defence",
        "Defense",
        "Deputy",
        "Secretary",
        "General",
        "Secretary-General",
        "Chancellor",
        "Spokesman",
        "Spokeswoman",
        "Senator",
        "Sen.",
        "Rep.",
        "Gov.",
        "Governor",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Gen.",
        "Col.",
        "Lt.",
        "Sgt.",
        "Ambassador",
        "Chairman",
        "Chief",
        "Senior",
        "Former",
        "Speaker",
        "King",
        "Queen",
        "Pope",
        "Judge",
        "Justice",
        "Mayor",
        "Representative",
        "Congressman",
        "Congresswoman",
        "Democratic",
        "Republican",
        "Kremlin",
        "White",
        "House",
        "State",
        "Department",
    ];
    TITLES.contains(&word)
}

/// Role nouns: "the minister said" refers to a person named earlier.
fn is_role_noun(word: &str) -> bool {
    const ROLES: &[&str] = &[
        "minister",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "official",
        "secretary",
        "ambassador",
        "chancellor",
        "envoy",
        "leader",
        "premier",
        "diplomat",
        "general",
        "commander",
        "senator",
        "governor",
        "candidate",
        "nominee",
        "chairman",
        "chief",
        "head",
        "secretary-general",
        "mayor",
        "adviser",
        "advisor",
    ];
    ROLES.iter().any(|r| word.eq_ignore_ascii_case(r))
}

/// Lower-case words that may stand between a cue and a name ("said the deputy foreign minister").
fn is_title_modifier(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "the",
        "a",
        "an",
        "former",
        "deputy",
        "foreign",
        "defence",
        "defense",
        "prime",
        "vice",
        "senior",
        "top",
        "of",
        "state",
        "russian",
        "ukrainian",
        "american",
        "his",
        "her",
        "their",
        "its",
    ];
    WORDS.iter().any(|w| word.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_model::{ActorCode, EntryRef};

    #[test]
    fn the_byte_scans_agree_with_a_char_by_char_reading() {
        let texts = [
            "no marks at all, only Kyiv's apostrophe",
            "He said \"yes\".",
            "“Curly” and ‘single’ and «guillemets» and „low“",
            "Only a closing ’ mark and an em dash — here",
            "Wire copy ''quoted'' text",
            "Ünïcödé ’s café – ‘",
            "«Non» then \"yes\" and it's ½ done",
        ];
        for text in texts {
            let by_chars = text.contains(['"', '“', '”', '«', '»', '‘', '„']) || text.contains("''");
            assert_eq!(has_double_mark(text), by_chars, "{text}");
            let bytes = text.as_bytes();
            let (mut jumps, mut next_c2, mut at) = (Vec::new(), None, 0);
            while at < bytes.len() {
                at = next_mark_start(bytes, at, &mut next_c2);
                jumps.push(at);
                at += 1;
            }
            let mut expected: Vec<usize> = (0..bytes.len()).filter(|&i| may_start_mark(bytes[i])).collect();
            if jumps.last() == Some(&bytes.len()) {
                expected.push(bytes.len());
            }
            assert_eq!(jumps, expected, "{text}");
        }
        let text = "Mr. Putin’s aide said: ''No.'' «Non», ‘oui’ — don't";
        let tokens = lex(text);
        let shown: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            shown,
            [
                "Mr.",
                "Putin’s",
                "aide",
                "said",
                ":",
                "''",
                "No",
                ".",
                "''",
                "«",
                "Non",
                "»",
                ",",
                "‘",
                "oui",
                "’",
                "—",
                "don't"
            ]
        );
        assert!(tokens.iter().all(|t| text.is_char_boundary(t.start) && text.is_char_boundary(t.end)));
    }

    #[test]
    fn only_the_quoted_paragraphs_and_the_one_before_each_are_lexed_as_the_whole_text_would_be() {
        let text = "Nothing here.\nMinister Lavrov continued:\n“We will respond,” he said.\nNo quote.\nAgain none.\n\
                    Kyiv said “no”\nand left";
        let quotes = pair_marks(text, 0);
        assert_eq!(quotes.len(), 2);
        let paragraphs: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        // Paragraphs 1 and 2 (counting from 0: the one before "We will respond" and its own), then 4
        // and 5 (before "Kyiv said “no”", and its own); not 0, 3 or the last.
        let kept = |t: &Tok| {
            t.start > paragraphs[0] && t.start <= paragraphs[2] || t.start > paragraphs[3] && t.start <= paragraphs[5]
        };
        let expected: Vec<Tok> = lex(text).into_iter().filter(kept).collect();
        assert_eq!(lex_quoted_paragraphs(text, &quotes), expected);
        assert!(lex_quoted_paragraphs("no quotes", &[]).is_empty());
    }

    /// Splits text into sentences the way the text crate roughly does: per line, after `.?!` (and a
    /// closing mark) followed by a space and a capital or an opening mark.
    fn sentences(text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut offset = 0;
        for (paragraph, line) in text.split('\n').enumerate() {
            let mut start = offset;
            let bytes = line.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let c = bytes[i];
                if matches!(c, b'.' | b'?' | b'!') {
                    let mut end = i + 1;
                    if line[end..].starts_with('"') {
                        end += 1;
                    } else if line[end..].starts_with('”') {
                        end += '”'.len_utf8();
                    }
                    let rest = &line[end..];
                    let next = rest.strip_prefix(' ').and_then(|r| r.chars().next());
                    if next.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '“' | '«' | '\'')) {
                        out.push(Sentence { span: Span::new(start, offset + end), paragraph: paragraph as u32 });
                        start = offset + end + 1;
                        i = end + 1;
                        continue;
                    }
                }
                i += 1;
            }
            if start < offset + line.len() {
                out.push(Sentence { span: Span::new(start, offset + line.len()), paragraph: paragraph as u32 });
            }
            offset += line.len() + 1;
        }
        out
    }

    /// Builds mentions the way the actor stage would: every word-bounded occurrence of each surface
    /// form, longest first, no overlaps.
    fn mentions(text: &str, gazetteer: &[(&str, &str, &str, MentionKind)]) -> Vec<ActorMention> {
        let mut entries: Vec<_> = gazetteer.to_vec();
        entries.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        let mut out: Vec<ActorMention> = Vec::new();
        for (surface, name, code, kind) in entries {
            for (at, _) in text.match_indices(surface) {
                let end = at + surface.len();
                let before_ok = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let after_ok = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                let span = Span::new(at, end);
                if !before_ok || !after_ok || out.iter().any(|m| m.span.overlap(span) > 0) {
                    continue;
                }
                out.push(ActorMention {
                    span,
                    code: ActorCode::parse(code).expect("test codes are valid"),
                    name: name.into(),
                    kind,
                    entry: EntryRef::default(),
                    sentence: 0,
                });
            }
        }
        out.sort_by_key(|m| m.span.start);
        out
    }

    /// `[kind] «text» — speaker (code)` for each quote.
    fn dump(text: &str, quotes: &[Quote]) -> Vec<String> {
        quotes
            .iter()
            .map(|q| {
                let who = match &q.speaker {
                    Some(s) => format!("{} ({})", s.name, s.code.as_ref().map_or("-".to_string(), |c| c.to_string())),
                    None => "?".to_string(),
                };
                format!("[{}] «{}» — {}", q.kind.as_str(), q.span.slice(text), who)
            })
            .collect()
    }

    const PEOPLE: &[(&str, &str, &str, MentionKind)] = &[
        ("Sergey Ryabkov", "Sergey Ryabkov", "RUSGOV", MentionKind::Person),
        ("Ryabkov", "Sergey Ryabkov", "RUSGOV", MentionKind::Person),
        ("Russia's deputy foreign minister", "Sergey Ryabkov", "RUSGOV", MentionKind::RoleNominal),
        ("Jens Stoltenberg", "Jens Stoltenberg", "IGOWSTNAT", MentionKind::Person),
        ("Stoltenberg", "Jens Stoltenberg", "IGOWSTNAT", MentionKind::Person),
        ("Sergey Lavrov", "Sergey Lavrov", "RUSGOV", MentionKind::Person),
        ("Dmitry Peskov", "Dmitry Peskov", "RUSGOV", MentionKind::Person),
        ("Kremlin", "Kremlin", "RUSGOV", MentionKind::Metonym),
        ("Russia", "Russia", "RUS", MentionKind::Country),
        ("NATO", "NATO", "IGOWSTNAT", MentionKind::Organisation),
        ("Ukraine", "Ukraine", "UKR", MentionKind::Country),
    ];

    fn run(text: &str) -> Vec<String> {
        let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &CueWords::builtin(), 0);
        dump(text, &quotes)
    }

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(run(text), expected, "{text}");
    }

    #[test]
    fn quote_then_speaker_said() {
        check(
            "\"We will not allow it,\" Ryabkov said.",
            &["[direct] «We will not allow it» — Sergey Ryabkov (RUSGOV)"],
        );
    }

    #[test]
    fn quote_then_said_speaker_with_titles() {
        check(
            "“We will respond,” said Foreign Minister Sergey Lavrov.",
            &["[direct] «We will respond» — Sergey Lavrov (RUSGOV)"],
        );
        check(
            "“Nothing has changed,” Kremlin spokesman Dmitry Peskov told reporters.",
            &["[direct] «Nothing has changed» — Dmitry Peskov (RUSGOV)"],
        );
    }

    #[test]
    fn speaker_colon_and_that_before_quote() {
        check("Stoltenberg said: “Ukraine decides.”", &["[direct] «Ukraine decides.» — Jens Stoltenberg (IGOWSTNAT)"]);
        check(
            "Ryabkov said that “the response will be military.”",
            &["[partial] «the response will be military.» — Sergey Ryabkov (RUSGOV)"],
        );
        check(
            "According to Stoltenberg, “the door remains open.”",
            &["[direct] «the door remains open.» — Jens Stoltenberg (IGOWSTNAT)"],
        );
    }

    #[test]
    fn quote_then_speaker_added_without_comma() {
        check("“It is a red line” Ryabkov added.", &["[direct] «It is a red line» — Sergey Ryabkov (RUSGOV)"]);
    }

    #[test]
    fn follow_on_sentence_and_paragraph() {
        check(
            "“To be a member, you need to meet the standards,” Stoltenberg said. “We help them.”\n“But 30 allies have to agree.”",
            &[
                "[direct] «To be a member, you need to meet the standards» — Jens Stoltenberg (IGOWSTNAT)",
                "[direct] «We help them.» — Jens Stoltenberg (IGOWSTNAT)",
                "[direct] «But 30 allies have to agree.» — Jens Stoltenberg (IGOWSTNAT)",
            ],
        );
        // No inheritance across an unrelated paragraph.
        check(
            "“Yes,” Stoltenberg said.\nThe talks went on.\n“No.”",
            &["[direct] «Yes» — Jens Stoltenberg (IGOWSTNAT)", "[direct] «No.» — ?"],
        );
    }

    #[test]
    fn multi_paragraph_quote_is_one() {
        let text = "Ryabkov said: “We will stand our ground.\n“The consequences will be dire.”\nNext paragraph.";
        let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &CueWords::builtin(), 0);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].span.slice(text), "We will stand our ground.\n“The consequences will be dire.");
        assert_eq!(quotes[0].kind, QuoteKind::Direct);
        assert_eq!(quotes[0].speaker.as_ref().map(|s| s.name.as_str()), Some("Sergey Ryabkov"));
    }

    #[test]
    fn pronoun_resolves_to_latest_person() {
        check(
            "Stoltenberg met Ryabkov in Brussels.\n“It was useful,” he said.",
            &["[direct] «It was useful» — Sergey Ryabkov (RUSGOV)"],
        );
        // Without any mention: a capitalised name found earlier.
        let text = "“We are ready,” said John Smith. “Are you?” he asked.";
        let quotes = find_quotes(text, &sentences(text), &[], &CueWords::builtin(), 0);
        assert_eq!(
            dump(text, &quotes),
            ["[direct] «We are ready» — John Smith (-)", "[direct] «Are you?» — John Smith (-)"]
        );
        // The mention is the pronoun next to the cue; name (and code) are the antecedent's.
        assert_eq!(quotes[1].speaker.as_ref().map(|s| s.mention.slice(text)), Some("he"));
        // An unresolved pronoun keeps its own word.
        check("“No,” she said.", &["[direct] «No» — she (-)"]);
    }

    #[test]
    fn role_nominal_resolves_to_latest_person() {
        check(
            "Sergey Lavrov arrived in Geneva.\n“We expect answers,” the minister said.",
            &["[direct] «We expect answers» — Sergey Lavrov (RUSGOV)"],
        );
    }

    #[test]
    fn partial_quote_takes_the_speaking_subject() {
        check(
            "Speaking to the newspaper Izvestia, Sergey Ryabkov claimed that leaders were “repeatedly told” that there would be no expansion.",
            &["[partial] «repeatedly told» — Sergey Ryabkov (RUSGOV)"],
        );
    }

    #[test]
    fn sentence_ending_with_speaker_said() {
        check(
            "Attempts to expand NATO will lead to “dire consequences” for the bloc, and there is no way Moscow will shift, Russia's deputy foreign minister said on Monday.",
            &["[partial] «dire consequences» — Sergey Ryabkov (RUSGOV)"],
        );
    }

    #[test]
    fn far_cue_without_comma_shape_is_not_taken() {
        check(
            "The so-called “peace plan” was drafted in a hurry and officials in Moscow said it was dead.",
            &["[partial] «peace plan» — ?"],
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(run("Kyiv’s allies’ plans don’t change Russia’s position, and Ukraine's neither.").is_empty());
        assert!(run("It's the '90s, rock 'n' roll.").is_empty());
        // Nested single quotes stay inside the outer quote.
        check(
            "“They call it ‘defence’ but it’s not,” Ryabkov said.",
            &["[direct] «They call it ‘defence’ but it’s not» — Sergey Ryabkov (RUSGOV)"],
        );
    }

    #[test]
    fn single_curly_quotes_in_headline() {
        let text = "Russia warns of ‘dire consequences’\n“No,” Ryabkov said.";
        let body_start = text.find('\n').map_or(0, |i| i + 1);
        let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &CueWords::builtin(), body_start);
        // "warns" is a speech cue: the headline's subject speaks.
        assert_eq!(
            dump(text, &quotes),
            ["[partial] «dire consequences» — Russia (RUS)", "[direct] «No» — Sergey Ryabkov (RUSGOV)"]
        );
        // The same marks in the body are not quotes on their own.
        let quotes = find_quotes(text, &sentences(text), &[], &CueWords::builtin(), 0);
        assert_eq!(quotes.len(), 1);
        let quotes = find_quotes("Russia warns of ‘dire consequences’", &[], &[], &CueWords::builtin(), 0);
        assert!(quotes.is_empty());
    }

    #[test]
    fn unbalanced_marks_do_not_panic() {
        for text in [
            "\"",
            "“",
            "”",
            "He said “never.\nNext paragraph without marks.",
            "“One” “two",
            "\"\" \"  \" «»",
            "word\" and \"",
            "« Bonjour » dit-il. ‘",
            "Café “Zürich”, he said",
        ] {
            let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &CueWords::builtin(), text.len());
            for q in &quotes {
                assert!(text.get(q.span.range()).is_some(), "{text}: {q:?}");
            }
        }
        assert_eq!(run("He said “never.\nNext paragraph without marks."), Vec::<String>::new());
        assert_eq!(run("“One” “two"), ["[direct] «One» — ?"]);
        assert_eq!(run("Café “Zürich”, he said"), ["[partial] «Zürich» — he (-)"]);
    }

    #[test]
    fn guillemets_and_straight_quotes_pair() {
        check("«Nous refusons», Ryabkov said.", &["[direct] «Nous refusons» — Sergey Ryabkov (RUSGOV)"]);
        check(
            "NATO called it \"a provocation\" and Russia said \"no\".",
            &["[partial] «a provocation» — ?", "[partial] «no» — Russia (RUS)"],
        );
    }

    #[test]
    fn doubled_apostrophes_are_double_quotes() {
        check(
            "''It's more tinkering at the edges,'' said Alan Cole. ''That's all.''",
            &["[direct] «It's more tinkering at the edges» — Alan Cole (-)", "[direct] «That's all.» — Alan Cole (-)"],
        );
    }

    #[test]
    fn cue_words_from_lists() {
        let cues =
            CueWords::new(&["declared".to_string(), "told reporters".to_string()], &["in the words of".to_string()]);
        let text = "“Enough,” Ryabkov declared. In the words of Stoltenberg, “never.” Lavrov said “stop.”";
        let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &cues, 0);
        let names: Vec<_> = quotes.iter().map(|q| q.speaker.as_ref().map(|s| s.name.as_str())).collect();
        // "said" is not a cue in this list, so the last quote is unattributed.
        assert_eq!(names, [Some("Sergey Ryabkov"), Some("Jens Stoltenberg"), None]);
        assert!(CueWords::new(&[" ".to_string()], &[]).by_first_word.is_empty());
    }

    #[test]
    fn sentence_index_and_mention_span() {
        let text = "NATO met.\n“No,” Stoltenberg said.";
        let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &CueWords::builtin(), 0);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].sentence, 1);
        assert_eq!(quotes[0].speaker.as_ref().map(|s| s.mention.slice(text)), Some("Stoltenberg"));
    }

    /// Golden test: each `test_data/quotes/*.txt` holds `@ surface | name | code | kind` lines (the
    /// mentions the actor stage would find), a `---` line, then the article (first line the title);
    /// the `.quotes` file beside it is the dump.
    #[test]
    fn golden() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/quotes");
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .expect("test_data/quotes exists")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty());
        for path in inputs {
            let input = std::fs::read_to_string(&path).expect("readable fixture");
            let (header, text) = input.split_once("---\n").expect("fixture has a --- line");
            let gazetteer: Vec<(String, String, String, MentionKind)> = header
                .lines()
                .filter_map(|l| l.strip_prefix("@ "))
                .map(|l| {
                    let f: Vec<&str> = l.split('|').map(str::trim).collect();
                    let kind = match f[3] {
                        "person" => MentionKind::Person,
                        "role" => MentionKind::RoleNominal,
                        "country" => MentionKind::Country,
                        "metonym" => MentionKind::Metonym,
                        _ => MentionKind::Organisation,
                    };
                    (f[0].to_string(), f[1].to_string(), f[2].to_string(), kind)
                })
                .collect();
            let borrowed: Vec<_> =
                gazetteer.iter().map(|(a, b, c, k)| (a.as_str(), b.as_str(), c.as_str(), *k)).collect();
            let text = text.trim_end();
            let body_start = text.find('\n').map_or(0, |i| i + 1);
            let quotes =
                find_quotes(text, &sentences(text), &mentions(text, &borrowed), &CueWords::builtin(), body_start);
            let mut actual = dump(text, &quotes).join("\n");
            actual.push('\n');
            expect_test::expect_file![path.with_extension("quotes")].assert_eq(&actual);
        }
    }
}
