//! Sentences: paragraphs split on `'\n'`, each segmented with `sentencex` (English), then corrected
//! for what news text needs:
//! - a quotation holding several sentences is split inside (`sentencex` never splits in quotes),
//!   by segmenting the quotation's own text;
//! - a sentence ending in `.)` or `…` is split from a capitalised sentence after it;
//! - a break after a title (`Ms.`, `Gen.`) before a capitalised name, or after `Jan.`/`No.` before a
//!   number, is undone;
//! - a break between a quotation that ends with `."`/`?"`/`!"` and its attribution
//!   (`... standards." Stoltenberg said.`) is undone.
//!
//! Spans are byte ranges into the text given to [`Segmenter::split`], trimmed, never empty and
//! never crossing a paragraph break.

use redline_model::{Sentence, Span};
use sentencex::languages::{English, Language};

/// A paragraph/sentence segmenter built once and reused (holds whatever sentencex/regex state is needed).
#[derive(Debug, Clone)]
pub struct Segmenter {
    language: English,
}

impl Default for Segmenter {
    fn default() -> Segmenter {
        Segmenter::new()
    }
}

/// A sentence's byte range inside its paragraph.
type Piece = (usize, usize);

/// Titles that stand before a name and do not end a sentence.
const TITLES: &[&str] = &[
    "Adm", "Amb", "Brig", "Capt", "Cdr", "Cmdr", "Col", "Cpl", "Dr", "Fr", "Gen", "Gov", "Hon", "Insp", "Lt", "Maj",
    "Messrs", "Mr", "Mrs", "Ms", "Mx", "Pres", "Prof", "Rep", "Rev", "Sen", "Sgt", "St", "Supt",
];

/// Abbreviations that stand before a number (`Jan. 14`, `No. 10`).
const BEFORE_NUMBERS: &[&str] =
    &["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Nos"];

/// Verbs that attribute a quotation (`Stoltenberg said.`).
const SPEECH_VERBS: &[&str] = &[
    "acknowledged",
    "added",
    "adds",
    "admitted",
    "announced",
    "answered",
    "argued",
    "asked",
    "asks",
    "cautioned",
    "claimed",
    "commented",
    "concluded",
    "confirmed",
    "continued",
    "declared",
    "emphasised",
    "emphasized",
    "explained",
    "insisted",
    "noted",
    "observed",
    "posted",
    "recalled",
    "remarked",
    "replied",
    "responded",
    "said",
    "says",
    "stated",
    "stressed",
    "suggested",
    "tells",
    "testified",
    "told",
    "tweeted",
    "urged",
    "warned",
    "warns",
    "wrote",
    "writes",
];

/// Words that may start what follows the verb of an attribution (`said on Monday.`).
const ATTRIBUTION_TAIL_STARTERS: &[&str] = &[
    "after",
    "at",
    "before",
    "during",
    "earlier",
    "in",
    "last",
    "late",
    "later",
    "on",
    "this",
    "today",
    "tonight",
    "via",
    "when",
    "while",
    "yesterday",
];

/// Most words before the speech verb of an attribution.
const MAX_ATTRIBUTION_SUBJECT: usize = 4;
/// Most words after the speech verb of an attribution.
const MAX_ATTRIBUTION_TAIL: usize = 8;

impl Segmenter {
    /// A segmenter for English text.
    pub fn new() -> Segmenter {
        Segmenter { language: English {} }
    }

    /// Splits `text` into sentences; paragraphs are separated by one or more '\n'. Sentence spans are
    /// byte ranges into `text` (shifted by nothing), trimmed of surrounding whitespace, never empty,
    /// never crossing a paragraph break; `paragraph` numbers paragraphs from `first_paragraph`.
    pub fn split(&self, text: &str, first_paragraph: u32) -> Vec<Sentence> {
        let mut out = Vec::with_capacity(text.len() / 100 + 1);
        let mut paragraph = first_paragraph;
        let mut pieces = Vec::new();
        let mut scratch = Scratch::default();
        let mut line_start = 0;
        for line in text.split('\n') {
            let offset = line_start;
            line_start += line.len() + 1;
            if line.trim().is_empty() {
                continue;
            }
            pieces.clear();
            self.paragraph_sentences(line, &mut scratch, &mut pieces);
            out.extend(
                pieces
                    .iter()
                    .map(|&(start, end)| Sentence { span: Span::new(offset + start, offset + end), paragraph }),
            );
            paragraph = paragraph.saturating_add(1);
        }
        out
    }

    /// The sentences of one paragraph, as trimmed, non-empty byte ranges into `line`, in order.
    fn paragraph_sentences(&self, line: &str, scratch: &mut Scratch, out: &mut Vec<Piece>) {
        let Scratch { segmented, quotes_split, missed_split, inner, quotations } = scratch;
        segmented.clear();
        self.segment_into(line, 0, segmented);
        self.split_inside_quotes(line, segmented, quotes_split, inner, quotations);
        split_missed_breaks(line, quotes_split, missed_split);
        merge_false_breaks(line, missed_split, out);
    }

    /// Segments `text` (which starts at `offset` of the paragraph) with sentencex and appends the
    /// trimmed, non-empty sentences, as ranges into the paragraph, to `out`.
    fn segment_into(&self, text: &str, offset: usize, out: &mut Vec<Piece>) {
        if is_one_sentence(text) {
            push_sentence(text, offset, 0, text.len(), out);
            return;
        }
        // sentencex sees a same-length copy with apostrophes after words masked (see `mask_apostrophes`);
        // its sentences are sub-slices of what it was given, so offsets carry over one to one.
        let masked = mask_apostrophes(text);
        let given = masked.as_deref().unwrap_or(text);
        let base = given.as_ptr() as usize;
        for sentence in self.language.segment(given) {
            // sentencex returns sub-slices of `text`; their address gives their offset.
            let start = (sentence.as_ptr() as usize).wrapping_sub(base);
            if start > text.len() || start + sentence.len() > text.len() {
                continue;
            }
            push_sentence(text, offset, start, start + sentence.len(), out);
        }
    }

    /// Splits `pieces` at the sentence breaks inside the quotations they hold, into `out`
    /// (`inner` and `found` are scratch buffers).
    fn split_inside_quotes(
        &self,
        line: &str,
        pieces: &[Piece],
        out: &mut Vec<Piece>,
        inner: &mut Vec<Piece>,
        found: &mut Vec<Piece>,
    ) {
        out.clear();
        for &(start, end) in pieces {
            let mut from = start;
            quotations(line, start, end, found);
            for &(open, close) in found.iter() {
                if !may_hold_a_break(&line[open..close]) {
                    continue;
                }
                inner.clear();
                self.segment_into(&line[open..close], open, inner);
                // Every inner sentence but the last ends a sentence of the paragraph.
                for &(_, cut) in inner.iter().take(inner.len().saturating_sub(1)) {
                    if let Some(piece) = trimmed(line, from, cut) {
                        out.push(piece);
                        from = cut;
                    }
                }
            }
            if let Some(piece) = trimmed(line, from, end) {
                out.push(piece);
            }
        }
    }
}

/// Appends `text[start..end]` (`text` starts at `offset` of the paragraph), trimmed, to `out`
/// unless it is empty or starts before the end of the last sentence there.
fn push_sentence(text: &str, offset: usize, start: usize, end: usize, out: &mut Vec<Piece>) {
    let min_start = out.last().map_or(0, |&(_, end)| end);
    if let Some(piece) = trimmed(text, start, end)
        && offset + piece.0 >= min_start
    {
        out.push((offset + piece.0, offset + piece.1));
    }
}

/// True when sentencex surely gives `text` (a text without line breaks) as one sentence, so it
/// need not be asked: no `.`, `?` or `!` but in the run that ends the text (before trailing
/// whitespace), no `)`, and no character beyond ASCII but letters and quotation marks or dashes.
///
/// Why this is enough, from sentencex's source: its breaks come from terminator matches and list
/// items only. Its terminators are `.`, `?`, `!`, `…` and non-ASCII punctuation (no letters), so
/// the one match is the final run, and every break it yields lies at or after the run's end
/// (boundaries only move forward: past whitespace, a closing quotation mark or an orphan closer),
/// where nothing but whitespace is left. A list needs two markers, or one starting with a
/// bullet or `(`; without `)` or a bullet character, markers inside the text are none (those
/// ending in a bare `.` are refused there), and the one at its start does not make a list.
fn is_one_sentence(text: &str) -> bool {
    let body = text.trim_end().trim_end_matches(['.', '?', '!']);
    let bytes = body.as_bytes();
    memchr::memchr3(b'.', b'?', b'!', bytes).is_none()
        && memchr::memchr(b')', bytes).is_none()
        && (body.is_ascii()
            || body.chars().all(|c| {
                c.is_ascii() || c.is_alphabetic() || matches!(c, '“' | '”' | '‘' | '’' | '«' | '»' | '–' | '—')
            }))
}

/// Buffers for the passes over one paragraph, reused from paragraph to paragraph.
#[derive(Default)]
struct Scratch {
    /// The paragraph as sentencex segments it.
    segmented: Vec<Piece>,
    /// ... then split inside quotations.
    quotes_split: Vec<Piece>,
    /// ... then split where sentencex missed a break.
    missed_split: Vec<Piece>,
    /// The sentences of one quotation.
    inner: Vec<Piece>,
    /// The quotations of one piece.
    quotations: Vec<Piece>,
}

/// The byte that stands for a masked apostrophe: ASCII, not alphanumeric, not whitespace, and
/// nothing sentencex gives a meaning (terminator, quotation mark, bracket, e-mail, list or word list).
const APOSTROPHE_MASK: u8 = b'#';

/// A copy of `text` with every apostrophe that follows a letter or digit (`wasn't`, `Putin's`,
/// `allies'`) replaced by [`APOSTROPHE_MASK`], or `None` when there is nothing to mask or masking
/// could change a boundary.
///
/// Why: an ASCII `'` (which cleaning produces for every apostrophe) sends sentencex to its slow,
/// regex-based quotation scan. Every quotation that scan can find with a `'` starts with one that
/// follows a non-word character or the start of a line (`\B'`, `''`, `^'`), and its space-padded
/// pairs need one after a space; so when every `'` of the text follows a letter (`\w` in the
/// regex) or an ASCII digit, none of them takes part in a quotation, and the fast scan on the
/// masked copy finds the same quotations. Everywhere else sentencex treats `'` and the mask alike:
/// both are non-word punctuation that no list holds and no word starts with, and a `'` after a
/// letter never sits where it looks for a closer (right after a terminator or a space). Two words
/// are left alone: `Don't` after a sentence terminator, a listed sentence starter, and `I'` after
/// a space that follows punctuation, which its ellipsis rule reads (`... I'm`). Backticks and CJK
/// quotation marks, which take the slow scan anyway, also leave the text as it is.
fn mask_apostrophes(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if memchr::memchr(b'\'', bytes).is_none() || memchr::memchr2(b'`', 0xE3, bytes).is_some() {
        return None;
    }
    let mut masked = String::with_capacity(text.len());
    let mut copied = 0;
    for at in memchr::memchr_iter(b'\'', bytes) {
        let before = &text[..at];
        let after_word = before.chars().next_back().is_some_and(|c| c.is_alphabetic() || c.is_ascii_digit());
        if !after_word || is_starter_dont(before, &text[at + 1..]) || is_pronoun_i_after_punctuation(before) {
            return None;
        }
        masked.push_str(&text[copied..at]);
        masked.push(char::from(APOSTROPHE_MASK));
        copied = at + 1;
    }
    masked.push_str(&text[copied..]);
    Some(masked)
}

/// True when the apostrophe between `before` and `after` may be the one of `Don't` where sentencex
/// looks it up as a sentence starter: after a sentence terminator and nothing but whitespace.
fn is_starter_dont(before: &str, after: &str) -> bool {
    let Some(rest) = before.strip_suffix("Don") else {
        return false;
    };
    after.starts_with('t') && rest.trim_end().chars().next_back().is_some_and(may_end_sentence)
}

/// True when `before` ends with a standalone `I` after whitespace that may follow a run of two or
/// more sentence terminators: where sentencex's ellipsis rule looks for `I'` (`... I'm`).
fn is_pronoun_i_after_punctuation(before: &str) -> bool {
    let Some(rest) = before.strip_suffix('I') else {
        return false;
    };
    let spaced = rest.trim_end();
    if spaced.len() == rest.len() {
        return false;
    }
    let mut tail = spaced.chars().rev();
    tail.next().is_some_and(may_end_sentence)
        && tail.next().is_some_and(|c| matches!(c, ' ' | '\t') || may_end_sentence(c))
}

/// True unless `c` is surely not one of sentencex's sentence terminators: those are `.`, `?`, `!`
/// and non-ASCII punctuation of many scripts, none of them alphanumeric or a quotation mark or dash.
fn may_end_sentence(c: char) -> bool {
    match c {
        '.' | '?' | '!' => true,
        _ if c.is_ascii() || c.is_alphanumeric() => false,
        _ => !matches!(c, '“' | '”' | '‘' | '’' | '«' | '»' | '–' | '—'),
    }
}

/// Cheap pre-check before segmenting a quotation: true when `.`, `?`, `!` or `…` is followed by a
/// space somewhere in `text` (the last byte of `…` is 0xA6; a few other characters share it).
fn may_hold_a_break(text: &str) -> bool {
    let bytes = text.as_bytes();
    let before_space = |at: usize| bytes.get(at + 1) == Some(&b' ');
    memchr::memchr3_iter(b'.', b'?', b'!', bytes).any(before_space)
        || memchr::memchr_iter(0xA6, bytes).any(before_space)
}

/// `text[start..end]` trimmed of whitespace, or `None` if nothing is left.
fn trimmed(text: &str, start: usize, end: usize) -> Option<Piece> {
    let slice = text.get(start..end)?;
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    (lead + trail < slice.len()).then_some((start + lead, end - trail))
}

/// The quotations inside `line[start..end]`, as byte ranges of their text (quotation marks
/// excluded), into `found`.
fn quotations(line: &str, start: usize, end: usize, found: &mut Vec<Piece>) {
    found.clear();
    let bytes = line.as_bytes();
    let window = bytes.get(start..end).unwrap_or_default();
    let mut open: Option<usize> = None;
    // Bytes, not chars: the marks are `"`, `“` `”` (E2 80 9C/9D) and `«` `»` (C2 AB/BB); the scan
    // jumps from one byte that may start a mark to the next.
    for at in memchr::memchr3_iter(b'"', 0xE2, 0xC2, window).map(|i| start + i) {
        let (is_open, is_close, len) = match (bytes[at], bytes.get(at + 1), bytes.get(at + 2)) {
            (b'"', _, _) => {
                let opens = open.is_none() && opens_straight_quote(line[..at].chars().next_back());
                (opens, !opens, 1)
            }
            (0xE2, Some(0x80), Some(0x9C)) => (true, false, 3),
            (0xE2, Some(0x80), Some(0x9D)) => (false, true, 3),
            (0xC2, Some(0xAB), _) => (true, false, 2),
            (0xC2, Some(0xBB), _) => (false, true, 2),
            _ => continue,
        };
        if is_open {
            open = Some(at + len);
        } else if is_close && let Some(from) = open.take() {
            found.push((from, at));
        }
    }
}

/// True when a straight `"` after `prev` opens a quotation.
fn opens_straight_quote(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '-' | '–' | '—' | ':'),
    }
}

/// Splits pieces where sentencex misses a break: after `.)`, `?)` or `!)`, and after `…` (which it
/// never treats as an end, while it does end a sentence at `...`), when a space and a capital or an
/// opening quotation mark follow.
fn split_missed_breaks(line: &str, pieces: &[Piece], out: &mut Vec<Piece>) {
    out.clear();
    for &(start, end) in pieces {
        let mut from = start;
        let piece = &line[start..end];
        let bytes = piece.as_bytes();
        // `)` or `…` (E2 80 A6); bytes keep this scan cheap on text that has neither.
        let marks = memchr::memchr2_iter(b')', 0xE2, bytes).filter_map(|i| match bytes[i] {
            b')' => Some((i, 1)),
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA6) => Some((i, 3)),
            _ => None,
        });
        for (i, len) in marks {
            let after_mark = i + len;
            let ends_sentence = len == 3 || matches!(piece[..i].chars().next_back(), Some('.' | '?' | '!'));
            if ends_sentence && starts_new_sentence(&piece[after_mark..]) {
                let cut = start + after_mark;
                if let Some(piece) = trimmed(line, from, cut) {
                    out.push(piece);
                    from = cut;
                }
            }
        }
        if let Some(piece) = trimmed(line, from, end) {
            out.push(piece);
        }
    }
}

/// True when `rest` (what follows a possible sentence end) is a space and then a capital or an
/// opening quotation mark, but not the pronoun `I`, which cannot tell a new sentence by its case.
fn starts_new_sentence(rest: &str) -> bool {
    let after = rest.trim_start();
    if after.len() == rest.len() {
        return false;
    }
    let mut chars = after.chars();
    match chars.next() {
        Some('I') if chars.next().is_none_or(|c| !c.is_alphanumeric()) => false,
        Some(c) => c.is_uppercase() || matches!(c, '"' | '“'),
        None => false,
    }
}

/// Joins pieces split after a title or before an attribution, appending the result to `out`.
fn merge_false_breaks(line: &str, pieces: &[Piece], out: &mut Vec<Piece>) {
    for &piece in pieces {
        match out.last_mut() {
            Some(last) if is_false_break(&line[last.0..last.1], &line[piece.0..piece.1]) => last.1 = piece.1,
            _ => out.push(piece),
        }
    }
}

/// True when the break between `before` and `after` should not be there.
fn is_false_break(before: &str, after: &str) -> bool {
    let next = after.chars().next();
    if let Some(word) = before.strip_suffix('.').map(last_word) {
        if TITLES.contains(&word) && next.is_some_and(char::is_uppercase) {
            return true;
        }
        if BEFORE_NUMBERS.contains(&word) && next.is_some_and(|c| c.is_ascii_digit()) {
            return true;
        }
    }
    ends_quoted_sentence(before) && is_attribution(after)
}

/// The last word of `text`, without the punctuation that may open it.
fn last_word(text: &str) -> &str {
    let word = text.rsplit(char::is_whitespace).next().unwrap_or(text);
    word.trim_start_matches(|c: char| !c.is_alphanumeric())
}

/// True when `text` ends with a closing quotation mark right after `.`, `?` or `!`.
fn ends_quoted_sentence(text: &str) -> bool {
    let mut tail = text.chars().rev();
    matches!(tail.next(), Some('"' | '”' | '’' | '\'')) && matches!(tail.next(), Some('.' | '?' | '!'))
}

/// True when `text` is only the attribution of a quotation: a short subject, a speech verb and at
/// most a short time or place (`Stoltenberg said.`, `He told reporters on Monday.`).
fn is_attribution(text: &str) -> bool {
    if text.contains(['"', '“', '”']) || !text.ends_with('.') {
        return false;
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .take(MAX_ATTRIBUTION_SUBJECT + MAX_ATTRIBUTION_TAIL + 2)
        .collect();
    let Some(verb) =
        words.iter().take(MAX_ATTRIBUTION_SUBJECT + 1).position(|w| SPEECH_VERBS.contains(&w.to_lowercase().as_str()))
    else {
        return false;
    };
    if verb == 0 {
        return false;
    }
    let is_tail_starter = |w: &&str| ATTRIBUTION_TAIL_STARTERS.contains(&w.to_lowercase().as_str());
    let mut tail = &words[verb + 1..];
    // "told reporters", "asked Izvestia": the hearer is part of the attribution.
    let takes_hearer = ["told", "asked"].iter().any(|v| words[verb].eq_ignore_ascii_case(v));
    if takes_hearer && tail.first().is_some_and(|w| !is_tail_starter(w)) {
        tail = &tail[1..];
    }
    let total = text.split_whitespace().count();
    total <= verb + 2 + MAX_ATTRIBUTION_TAIL
        && !tail.iter().any(|w| w.eq_ignore_ascii_case("that"))
        && tail.first().is_none_or(is_tail_starter)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[paragraph] text` of every sentence.
    fn split(text: &str) -> Vec<String> {
        Segmenter::new()
            .split(text, 0)
            .into_iter()
            .map(|s| format!("[{}] {}", s.paragraph, s.span.slice(text)))
            .collect()
    }

    #[test]
    fn splits_paragraphs_and_numbers_them() {
        let text = "One. Two.\n\n\nThree.\n";
        let sentences = Segmenter::new().split(text, 1);
        let shown: Vec<(&str, u32)> = sentences.iter().map(|s| (s.span.slice(text), s.paragraph)).collect();
        assert_eq!(shown, [("One.", 1), ("Two.", 1), ("Three.", 2)]);
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            split(
                "Gen. Milley met U.S. President Biden on Jan. 14. J. R. R. Tolkien wrote. Joseph R. Biden Jr. spoke."
            ),
            [
                "[0] Gen. Milley met U.S. President Biden on Jan. 14.",
                "[0] J. R. R. Tolkien wrote.",
                "[0] Joseph R. Biden Jr. spoke."
            ]
        );
        assert_eq!(
            split("Mr. Putin's aide left. Ms. Psaki said so. Mrs. May agreed."),
            ["[0] Mr. Putin's aide left.", "[0] Ms. Psaki said so.", "[0] Mrs. May agreed."]
        );
    }

    #[test]
    fn keeps_decimals_and_ellipses() {
        assert_eq!(
            split("Growth was 2.5 percent... Then it fell. Wait… What? Fine."),
            ["[0] Growth was 2.5 percent...", "[0] Then it fell.", "[0] Wait…", "[0] What?", "[0] Fine."]
        );
    }

    #[test]
    fn splits_after_a_quotation_and_its_attribution() {
        assert_eq!(
            split("\"To be a NATO member, you need to meet the NATO standards,\" Stoltenberg said. \"We help them.\""),
            [
                "[0] \"To be a NATO member, you need to meet the NATO standards,\" Stoltenberg said.",
                "[0] \"We help them.\""
            ]
        );
    }

    #[test]
    fn keeps_an_attribution_after_a_quoted_sentence() {
        assert_eq!(
            split("\"You need to meet the NATO standards.\" Stoltenberg said. Then he left."),
            ["[0] \"You need to meet the NATO standards.\" Stoltenberg said.", "[0] Then he left."]
        );
        assert_eq!(
            split("“Is it over?” The minister asked on Monday. Nobody knew."),
            ["[0] “Is it over?” The minister asked on Monday.", "[0] Nobody knew."]
        );
        // Reported speech after a quotation is a sentence of its own.
        assert_eq!(
            split("\"We are ready.\" Putin said the West was to blame."),
            ["[0] \"We are ready.\"", "[0] Putin said the West was to blame."]
        );
    }

    #[test]
    fn question_in_quotes_before_a_lower_case_verb_is_one_sentence() {
        assert_eq!(split("\"Why?\" he asked. Nobody answered."), ["[0] \"Why?\" he asked.", "[0] Nobody answered."]);
        assert_eq!(split("“Enough!” she shouted."), ["[0] “Enough!” she shouted."]);
    }

    #[test]
    fn splits_inside_a_quotation_of_several_sentences() {
        assert_eq!(
            split("\"There is no veto. We will stand our ground. The consequences will be dire,\" Ryabkov said."),
            [
                "[0] \"There is no veto.",
                "[0] We will stand our ground.",
                "[0] The consequences will be dire,\" Ryabkov said."
            ]
        );
        assert_eq!(
            split("He said: “We will stand our ground. They will see.” Russia denied it."),
            ["[0] He said: “We will stand our ground.", "[0] They will see.”", "[0] Russia denied it."]
        );
        // The quotation's own abbreviations are respected.
        assert_eq!(split("“The U.S. Army is ready,” he said."), ["[0] “The U.S. Army is ready,” he said."]);
    }

    #[test]
    fn splits_after_an_ellipsis_character_like_after_three_periods() {
        assert_eq!(
            split("It lost value… Analysts were surprised. It lost value... Analysts were surprised."),
            [
                "[0] It lost value…",
                "[0] Analysts were surprised.",
                "[0] It lost value...",
                "[0] Analysts were surprised."
            ]
        );
        assert_eq!(split("We will… we must… I think so."), ["[0] We will… we must… I think so."]);
    }

    #[test]
    fn splits_after_a_closing_parenthesis() {
        assert_eq!(
            split("(Reporting by John Smith; editing by Jane Doe.) Next sentence here."),
            ["[0] (Reporting by John Smith; editing by Jane Doe.)", "[0] Next sentence here."]
        );
    }

    #[test]
    fn spans_are_trimmed_non_empty_and_on_char_boundaries() {
        let text = "  Zürich’s “café” opened.  Déjà vu…  \n \n日本語の文。 Another one! ";
        let sentences = Segmenter::new().split(text, 3);
        assert!(!sentences.is_empty());
        let mut last_end = 0;
        for s in &sentences {
            let slice = s.span.slice(text);
            assert!(!slice.is_empty());
            assert_eq!(slice, slice.trim());
            assert!(!slice.contains('\n'));
            assert!(s.span.start as usize >= last_end);
            last_end = s.span.end as usize;
        }
        assert_eq!(sentences.first().map(|s| s.paragraph), Some(3));
        assert_eq!(sentences.last().map(|s| s.paragraph), Some(4));
    }

    #[test]
    fn apostrophes_are_masked_only_where_sentencex_cannot_tell() {
        assert_eq!(
            mask_apostrophes("Russia's troops weren't there.").as_deref(),
            Some("Russia#s troops weren#t there.")
        );
        assert_eq!(mask_apostrophes("No apostrophe here."), None);
        assert_eq!(mask_apostrophes("The allies' answer came.").as_deref(), Some("The allies# answer came."));
        assert_eq!(mask_apostrophes("In the 1990's. Don't go.").as_deref(), None);
        assert_eq!(mask_apostrophes("MS. PSAKI: Don't know.").as_deref(), Some("MS. PSAKI: Don#t know."));
        assert_eq!(mask_apostrophes("Don't go. Stop.").as_deref(), Some("Don#t go. Stop."));
        // A `'` after a space, another `'` or a non-word character may open a quotation.
        assert_eq!(mask_apostrophes("The words 'Ukrainians' won."), None);
        assert_eq!(mask_apostrophes("It''s odd."), None);
        assert_eq!(mask_apostrophes("Area km²'s edge."), None);
        assert_eq!(mask_apostrophes("He left. Don't go."), None);
        assert_eq!(mask_apostrophes("He left!  Don't go."), None);
        assert_eq!(mask_apostrophes("Wait... I'm here."), None);
        assert!(mask_apostrophes("Wait, I'm here. We'll see.").is_some());
        assert_eq!(mask_apostrophes("It's `code` here."), None);
    }

    #[test]
    fn masked_text_splits_where_the_text_itself_does() {
        let texts = [
            "Russia's troops weren't there. It's over. Dr. O'Neil's plan failed.",
            "He said it. I'm sure. Gen. Smith wasn't there.",
            "The U.S. envoy's aide met Mr. O'Brien. They didn't agree... I think so.",
            "Growth was 2.5 percent. That's all (it's \"fine.\") Next.",
            "“We won't go,” he said. “It's over.” Sen. D'Amato agreed.",
            "at 5 p.m. Biden's team left. Jan. 5's vote was close.",
            "The allies' answer came. The countries' leaders met. Nobody left.",
            "He said the allies' \"answer\" came. It did! The partners' view. Was it?",
            "The Armed Forces' aerospace units. He stopped. Others' plans. What?",
            "Ukraine's partners' reaction. Done. Next one' is here. And so on.",
            "Talks on Belarus' borders (the EU countries' view.) Then what? The 1990s' end.",
            "MS. PSAKI: Don't have any updates. Okay, I'll go. Thanks' all.",
            "Don't tell me what you value. Show me your budget, and I'll tell you.",
            "The rebels' leader said \"It's over.\" Then the allies' \"answer.\" He left.",
            "A list: a) the allies' plan; b) the partners' plan. Done.",
            "Yes' he left. Mr. Jones' car. St. James' Park is big. I. M. Pei's design.",
        ];
        let english = English {};
        for text in texts {
            let Some(masked) = mask_apostrophes(text) else {
                panic!("every apostrophe follows a word: {text}");
            };
            let ends = |t: &str| -> Vec<usize> {
                let base = t.as_ptr() as usize;
                english.segment(t).iter().map(|s| s.as_ptr() as usize - base + s.len()).collect()
            };
            assert_eq!(ends(&masked), ends(text), "{text}");
        }
    }

    #[test]
    fn one_sentence_texts_are_what_sentencex_gives_whole() {
        let whole = [
            "Zelenskyy met Biden",
            "Who is there?!",
            "  The “allies’” view — and Kyiv’s – stays as it was.  ",
            "Don't go there, said the allies' envoy...",
            "He said 'no' to Moscow's «plan»!",
            "- First item - and more - and a + b",
            "ii Is it over? ",
            "Café in Zürich and Київ opened.",
            "...",
        ];
        let english = English {};
        for text in whole {
            assert!(is_one_sentence(text), "{text}");
            let sentences: Vec<&str> =
                english.segment(text).into_iter().map(str::trim).filter(|s| !s.is_empty()).collect();
            assert_eq!(sentences, [text.trim()], "{text}");
        }
        let not_whole = [
            "He met the U.S. envoy",
            "Wait… what is it",
            "a) first item b) second item",
            "• One item • Another",
            "Really ? ! No",
            "是的。好的",
            "It is (was) over",
            "What? No.",
        ];
        for text in not_whole {
            assert!(!is_one_sentence(text), "{text}");
        }
    }

    #[test]
    fn quotations_are_found_only_inside_the_window() {
        let text = "a \"b\" “c” «d» \"e";
        let mut found = Vec::new();
        quotations(text, 0, text.len(), &mut found);
        let shown: Vec<&str> = found.iter().map(|&(from, to)| &text[from..to]).collect();
        assert_eq!(shown, ["b", "c", "d"]);
        quotations(text, 6, text.len(), &mut found);
        let shown: Vec<&str> = found.iter().map(|&(from, to)| &text[from..to]).collect();
        assert_eq!(shown, ["c", "d"]);
        quotations(text, 40, 50, &mut found);
        assert!(found.is_empty());
    }

    #[test]
    fn a_break_needs_a_terminator_before_a_space() {
        for text in ["One. Two", "Why? Who", "No! Yes", "Wait… What", "a.b. c"] {
            assert!(may_hold_a_break(text), "{text}");
        }
        for text in ["U.S.", "3.5 percent", "Why?", "“Yes!”", "no break", "Wait…", ". ".trim_end()] {
            assert!(!may_hold_a_break(text), "{text}");
        }
    }

    #[test]
    fn empty_text_has_no_sentences() {
        assert!(Segmenter::default().split("", 0).is_empty());
        assert!(Segmenter::default().split(" \n\n \n", 0).is_empty());
    }
}
