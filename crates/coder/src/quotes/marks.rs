//! Quotation marks: finding and pairing them into [`RawQuote`]s (straight, curly, guillemet and single
//! marks, wire copy's `''`, passages continued over paragraphs), before anyone is attributed.

use redline_model::Span;

/// True if `text` holds `"`, `“`, `”`, `«`, `»`, `‘`, `„` or `''`: one pass over the bytes.
pub(super) fn has_double_mark(text: &str) -> bool {
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
pub(super) fn may_start_mark(byte: u8) -> bool {
    matches!(byte, b'\'' | b'"' | 0xE2 | 0xC2)
}

/// The next byte at or after `from` that [`may_start_mark`], or `bytes.len()`. `next_c2` caches where
/// the next C2 byte is (it is rare, and searched for apart from the other three).
pub(super) fn next_mark_start(bytes: &[u8], from: usize, next_c2: &mut Option<usize>) -> usize {
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
pub(super) struct RawQuote {
    /// Byte offset of the opening mark.
    pub(super) open: usize,
    /// The words inside the marks, trimmed.
    pub(super) inner: Span,
    /// Byte offset of the closing mark and one past it.
    pub(super) close: usize,
    pub(super) close_end: usize,
    /// The passage runs over more than one paragraph.
    pub(super) multi_paragraph: bool,
    /// The text inside the marks ended with `,` `?` or `!` (a clause handed to an attribution).
    pub(super) ends_clause: bool,
    /// A quotation inside another one ("“Putin told me, ‘We will never stop,’” Macron said").
    pub(super) nested: bool,
}

/// Quotation-mark families: a quote is closed by a mark of its own family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    Straight,
    Curly,
    Guillemet,
    Single,
}

/// What a mark can do, given its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Open(Family),
    Close(Family),
}

pub(super) fn is_opening_context(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '«'))
}

/// Classifies the character at a byte offset as a quotation mark, if it is one.
pub(super) fn classify(c: char, prev: Option<char>, next: Option<char>) -> Option<Mark> {
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
pub(super) fn mark_at(line: &str, i: usize, c: char, prev: Option<char>) -> Option<(Mark, usize)> {
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
pub(super) fn closes(mark: Mark, family: Family) -> bool {
    match (mark, family) {
        (Mark::Close(f), g) if f == g => true,
        (Mark::Close(Family::Straight), Family::Curly) | (Mark::Close(Family::Curly), Family::Straight) => true,
        _ => false,
    }
}

/// An open quotation while pairing.
#[derive(Debug, Clone, Copy)]
pub(super) struct Opening {
    pub(super) family: Family,
    /// Byte offset of the opening mark and one past it.
    pub(super) at: usize,
    pub(super) after: usize,
    pub(super) multi_paragraph: bool,
}

/// Pairs quotation marks paragraph by paragraph.
pub(super) fn pair_marks(text: &str, body_start: usize) -> Vec<RawQuote> {
    let mut out = Vec::new();
    let mut outer: Option<Opening> = None;
    // The quotations open inside the outer one, innermost last.
    let mut nested: Vec<Opening> = Vec::new();
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
                        if mark == Mark::Close(top.family) {
                            nested.pop();
                            out.extend(finish(text, top, at, after).map(|q| RawQuote { nested: true, ..q }));
                        } else if let Mark::Open(f) = mark {
                            nested.push(Opening { family: f, at, after, multi_paragraph: false });
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
                            nested.push(Opening { family: f, at, after, multi_paragraph: false });
                        }
                    }
                }
            }
        }
    }
    // Inner quotations close before the one around them: text order is by opening mark.
    out.sort_by_key(|q| q.open);
    out
}

/// Builds the raw quote for an opening and its closing mark; `None` when nothing is inside.
pub(super) fn finish(text: &str, open: Opening, close: usize, close_end: usize) -> Option<RawQuote> {
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
        nested: false,
        ends_clause,
    })
}
