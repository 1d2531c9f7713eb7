//! Cleaning: from one raw title or body to the clean text that every span points into.
//!
//! The stages run in a fixed order, each over the output of the one before:
//! 1. control characters (BOM, NUL, `\r`, tabs, zero-width characters; C1 controls wait for stage 3,
//!    they may be mojibake);
//! 2. HTML: obvious tags and comments stripped (block tags become paragraph breaks), entities decoded;
//! 3. mojibake repaired ([`crate::mojibake`]);
//! 4. NFC, Unicode spaces to `' '`, leftover controls (C1) and invisible characters dropped, runs of
//!    spaces collapsed, lines trimmed, blank lines dropped (paragraphs are separated by exactly one
//!    `'\n'`);
//! 5. apostrophes inside words (`Kyiv’s`, `don’t`) made ASCII `'`;
//! 6. quotation marks lost as `?` restored ([`crate::lost_quotes`]).
//!
//! Straight double quotes stay `"`: the quote finder decides open and close by context.

use std::borrow::Cow;

use memchr::memchr3_iter;
use redline_model::Diagnostic;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::{lost_quotes, mojibake};

/// Result of cleaning raw text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cleaned {
    /// The clean text: paragraphs separated by exactly one `'\n'`, no leading or trailing space.
    pub text: String,
    /// One warning per kind of repair made (`text.mojibake`, `text.quotes-repaired`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Cleans one raw text (a title or a body). Never fails.
pub fn clean(raw: &str) -> Cleaned {
    let mut diagnostics = Vec::new();
    let text = strip_controls(raw);
    let text = strip_tags(&text);
    let text = decode_entities(text);
    let text = match mojibake::repair(&text) {
        Some(repaired) => {
            diagnostics.push(Diagnostic::warning(
                "text.mojibake",
                format!("repaired {} character sequence(s) of UTF-8 read as Windows-1252", repaired.count),
            ));
            Cow::Owned(repaired.text)
        }
        None => text,
    };
    let composed = nfc(&text);
    let text = ascii_apostrophes(normalize_spaces(&composed));
    let text = match lost_quotes::repair(&text) {
        Some((restored, pairs)) => {
            diagnostics.push(Diagnostic::warning(
                "text.quotes-repaired",
                format!("restored {pairs} pair(s) of quotation marks lost as '?'"),
            ));
            restored
        }
        None => text.into_owned(),
    };
    Cleaned { text, diagnostics }
}

/// Invisible format characters dropped in stage 1 (before the mojibake stage, so that they cannot
/// hide a sequence): BOM, zero-width space, direction marks, word joiner, soft hyphen.
const INVISIBLE: &[&str] = &["\u{FEFF}", "\u{200B}", "\u{200E}", "\u{200F}", "\u{2060}", "\u{AD}"];

/// Stage 1: drops NUL and the other C0 controls, DEL and invisible format characters ([`INVISIBLE`]),
/// turns `\r\n` and `\r` into `\n` and tabs into spaces. C1 controls are kept for the mojibake
/// stage, which may read them as bytes.
fn strip_controls(raw: &str) -> Cow<'_, str> {
    // Most texts have curly quotes or dashes (lead byte 0xE2) but nothing to strip: they are only read.
    let Some(mut edit) = next_control_edit(raw, 0) else {
        return Cow::Borrowed(raw);
    };
    let mut out = String::with_capacity(raw.len());
    let mut copied = 0;
    loop {
        let (at, skip, replacement) = edit;
        out.push_str(&raw[copied..at]);
        if let Some(c) = replacement {
            out.push(c);
        }
        copied = at + skip;
        match next_control_edit(raw, copied) {
            Some(next) => edit = next,
            None => break,
        }
    }
    out.push_str(&raw[copied..]);
    Cow::Owned(out)
}

/// Bytes stage 1 must look at: C0 controls but `\n`, DEL, and the lead bytes of [`INVISIBLE`].
const CONTROL_CANDIDATE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\n' as usize;
        b += 1;
    }
    table[0x7F] = true;
    table[0xC2] = true;
    table[0xE2] = true;
    table[0xEF] = true;
    table
};

/// The next edit stage 1 makes at or after byte `from`: where it is, how many bytes it removes and
/// what replaces them. Only ASCII bytes and lead bytes are edited, so every cut is on a char boundary.
fn next_control_edit(raw: &str, from: usize) -> Option<(usize, usize, Option<char>)> {
    let bytes = raw.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if CONTROL_CANDIDATE[usize::from(b)] {
            let edit = match b {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => Some((1, None)),
                b'\r' => Some((1, Some('\n'))),
                b'\t' => Some((1, Some(' '))),
                b if b < 0x20 || b == 0x7F => Some((1, None)),
                _ => INVISIBLE.iter().find(|c| bytes[i..].starts_with(c.as_bytes())).map(|c| (c.len(), None)),
            };
            if let Some((skip, replacement)) = edit {
                return Some((i, skip, replacement));
            }
        }
        i += 1;
    }
    None
}

/// HTML tags that end a paragraph; they become `'\n'`.
const BLOCK_TAGS: &[&str] = &[
    "article",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// HTML tags that are simply removed.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "body", "cite", "code", "del", "em", "font", "head", "html", "i", "img", "ins", "mark", "q", "s",
    "small", "span", "strong", "sub", "sup", "tbody", "thead", "time", "u",
];

/// Longest tag (with attributes) that is still treated as an obvious tag.
const MAX_TAG_LEN: usize = 512;

/// Stage 2a: strips obvious HTML tags: `<`, an optional `/`, a known tag name, then `>`, `/>` or
/// attributes up to `>` on the same line. Block tags become a paragraph break.
fn strip_tags(text: &str) -> Cow<'_, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find('<') {
        let at = search + found;
        match tag_at(&text[at..]) {
            Some((len, block)) => {
                out.push_str(&text[copied..at]);
                if block {
                    out.push('\n');
                }
                copied = at + len;
                search = copied;
            }
            None => search = at + 1,
        }
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// If `s` starts with an obvious HTML tag (or a comment `<!-- ... -->` on one line), its length in
/// bytes and whether it is a block tag.
fn tag_at(s: &str) -> Option<(usize, bool)> {
    if let Some(comment) = s.strip_prefix("<!--") {
        let line = &comment[..comment.find('\n').unwrap_or(comment.len())];
        return line.find("-->").map(|end| (4 + end + 3, false));
    }
    let bytes = s.as_bytes();
    let mut i = 1;
    if bytes.get(i) == Some(&b'/') {
        i += 1;
    }
    let name_start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    let name = s.get(name_start..i)?;
    let block = if BLOCK_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
        true
    } else if INLINE_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
        false
    } else {
        return None;
    };
    match bytes.get(i)? {
        b'>' => return Some((i + 1, block)),
        b'/' if bytes.get(i + 1) == Some(&b'>') => return Some((i + 2, block)),
        b if b.is_ascii_whitespace() => {}
        _ => return None,
    }
    let window = &bytes[i..bytes.len().min(i + MAX_TAG_LEN)];
    let end = window.iter().position(|&b| matches!(b, b'>' | b'<' | b'\n'))?;
    (window[end] == b'>').then_some((i + end + 1, block))
}

/// Stage 2b: decodes HTML character references (`&amp;`, `&#8217;`, `&nbsp;`, `&rsquo;` ...).
fn decode_entities(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains('&') {
        return text;
    }
    Cow::Owned(htmlize::unescape(text.as_ref()).into_owned())
}

/// Stage 4a: Unicode NFC.
fn nfc(text: &str) -> Cow<'_, str> {
    if non_ascii_runs_are_nfc(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.nfc().collect())
}

/// True when [`is_nfc_quick`] says yes for the whole text. ASCII characters are always allowed and
/// reset its state (they are starters), so it is run on each run of non-ASCII characters alone,
/// without decoding the ASCII in between.
fn non_ascii_runs_are_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(start) = bytes[from..].iter().position(|b| !b.is_ascii()).map(|n| from + n) {
        let end = bytes[start..].iter().position(u8::is_ascii).map_or(bytes.len(), |n| start + n);
        // The run starts after an ASCII byte (or at 0) and ends before one: whole characters.
        let Some(run) = text.get(start..end) else {
            return false;
        };
        if is_nfc_quick(run.chars()) != IsNormalized::Yes {
            return false;
        }
        from = end;
    }
    true
}

/// What stage 4b does with one character.
enum SpaceClass {
    /// Kept as is.
    Keep,
    /// A space of some kind: becomes `' '`.
    Space,
    /// A line or paragraph break: becomes `'\n'`.
    Break,
    /// Invisible: dropped.
    Drop,
}

/// Classifies one character for stage 4b.
fn space_class(c: char) -> SpaceClass {
    match c {
        '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => SpaceClass::Break,
        ' ' => SpaceClass::Space,
        // Invisible characters that entity decoding may have brought back.
        '\u{AD}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{2060}' | '\u{FEFF}' => SpaceClass::Drop,
        c if c.is_whitespace() => SpaceClass::Space,
        c if c.is_control() => SpaceClass::Drop,
        _ => SpaceClass::Keep,
    }
}

/// Stage 4b: every space to `' '`, runs collapsed, lines trimmed, blank lines dropped, so that
/// paragraphs are separated by exactly one `'\n'`. Also drops leftover control characters.
fn normalize_spaces(text: &str) -> Cow<'_, str> {
    // Clean text is left as it is up to its first change; most texts have none.
    let normal = normal_prefix(text);
    if normal == text.len() {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..normal]);
    // A space or break seen since the last kept character, written only before the next one.
    let mut pending_space = false;
    let mut pending_break = false;
    let mut i = normal;
    while i < bytes.len() {
        let b = bytes[i];
        let (class, len) = if b < 0x80 {
            let class = match b {
                b'\n' => SpaceClass::Break,
                b' ' | b'\t' | 0x0B | 0x0C | b'\r' => SpaceClass::Space,
                b if b < 0x20 || b == 0x7F => SpaceClass::Drop,
                _ => SpaceClass::Keep,
            };
            (class, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (space_class(c), c.len_utf8())
        };
        match class {
            SpaceClass::Keep => {
                if pending_break && !out.is_empty() {
                    out.push('\n');
                } else if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_break = false;
                pending_space = false;
                // Copy the whole run of plain characters at once, with the single spaces between
                // them (a lone space before a plain character is written as it is).
                let plain = |at: usize| bytes.get(at).is_some_and(|&b| b > b' ' && b < 0x7F);
                let mut end = i + len;
                loop {
                    if plain(end) {
                        end += 1;
                    } else if bytes.get(end) == Some(&b' ') && plain(end + 1) {
                        end += 2;
                    } else {
                        break;
                    }
                }
                out.push_str(&text[i..end]);
                i = end;
                continue;
            }
            SpaceClass::Space => pending_space = true,
            SpaceClass::Break => pending_break = true,
            SpaceClass::Drop => {}
        }
        i += len;
    }
    Cow::Owned(out)
}

/// Length of the longest prefix of `text` that stage 4b leaves as it is and that ends with a kept
/// character: kept characters with one `' '` or `'\n'` between two of them. 0 if there is none.
fn normal_prefix(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut kept_end = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at once where they pass (most of a text); one character otherwise.
        if let Some(chunk) = bytes[i..].first_chunk::<8>()
            && let Some(last_kept) = normal_chunk(u64::from_le_bytes(*chunk), i > 0 && kept_end == i)
        {
            if last_kept > 0 {
                kept_end = i + last_kept;
            }
            i += 8;
            continue;
        }
        let b = bytes[i];
        if b > b' ' && b < 0x7F {
            i += 1;
            kept_end = i;
        } else if matches!(b, b' ' | b'\n') && i > 0 && kept_end == i {
            i += 1;
        } else if b < 0x80 {
            break;
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if matches!(space_class(c), SpaceClass::Keep) => {
                    i += c.len_utf8();
                    kept_end = i;
                }
                _ => break,
            }
        }
    }
    kept_end
}

/// For eight bytes (little-endian in `word`) that [`normal_prefix`] passes as a whole: ASCII kept
/// characters and `' '`/`'\n'` separators each right after a kept character (`after_kept` tells
/// whether the byte before the chunk is one). Returns how many bytes run up to its last kept
/// character; `None` when the chunk must be read character by character.
fn normal_chunk(word: u64, after_kept: bool) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if word & HIGH != 0 {
        return None;
    }
    // With every byte below 0x80 no addition carries into the next byte. The high bit of each byte
    // of `word + 0x5F` is set for bytes >= 0x21, that of `word + 0x01` for 0x7F.
    let plain = word.wrapping_add(0x5F * ONES) & !word.wrapping_add(ONES) & HIGH;
    let zero = |x: u64| !(x.wrapping_add(0x7F * ONES) | x) & HIGH;
    let separator = zero(word ^ (u64::from(b' ') * ONES)) | zero(word ^ (u64::from(b'\n') * ONES));
    if plain | separator != HIGH {
        return None;
    }
    let follows_kept = (plain << 8) | (u64::from(after_kept) << 7);
    if separator & !follows_kept != 0 {
        return None;
    }
    Some(if plain == 0 { 0 } else { (64 - plain.leading_zeros() as usize) / 8 })
}

/// Stage 5: a right single quote, modifier apostrophe or backtick between two letters (or between a
/// digit and a final `s`, as in `1990’s`) becomes ASCII `'`.
fn ascii_apostrophes(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    // Found by their last byte (`’` is E2 80 99, `ʼ` is CA BC), which is rarer than their first.
    for last in memchr3_iter(b'`', 0x99, 0xBC, bytes) {
        let (i, len) = match bytes[last] {
            b'`' => (last, 1),
            0x99 if last >= 2 && bytes[last - 2..last] == [0xE2, 0x80] => (last - 2, 3),
            0xBC if last >= 1 && bytes[last - 1] == 0xCA => (last - 1, 2),
            _ => continue,
        };
        let before = text[..i].chars().next_back();
        let mut after = text[i + len..].chars();
        let next = after.next();
        let is_apostrophe = match (before, next) {
            (Some(p), Some(n)) if p.is_alphabetic() && n.is_alphabetic() => true,
            (Some(p), Some('s')) if p.is_ascii_digit() => !after.next().is_some_and(char::is_alphanumeric),
            _ => false,
        };
        if is_apostrophe {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..i]);
            out.push('\'');
            copied = i + len;
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(raw: &str) -> String {
        clean(raw).text
    }

    fn codes(raw: &str) -> Vec<&'static str> {
        clean(raw).diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn removes_bom_nul_and_controls() {
        assert_eq!(text("\u{FEFF}Kyiv\0 said\u{7}\u{1B}."), "Kyiv said.");
        assert_eq!(text("one\r\ntwo\rthree\tfour"), "one\ntwo\nthree four");
        assert_eq!(text("a\u{9F}b"), "ab");
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            text("AT&amp;T &lt;b&gt; Kyiv&#8217;s&nbsp;army &rsquo;quoted&rsquo;"),
            "AT&T <b> Kyiv's army ’quoted’"
        );
        assert_eq!(text("5 &gt; 3 &#x2014; ok"), "5 > 3 — ok");
        assert!(codes("&amp;").is_empty());
    }

    #[test]
    fn strips_obvious_tags_only() {
        assert_eq!(
            text("<p>One.</p><p>Two <b>bold</b> <a href=\"x\">link</a>.<br/>Three</p>"),
            "One.\nTwo bold link.\nThree"
        );
        assert_eq!(text("if x<y and y>z then <P CLASS='a'>ok"), "if x<y and y>z then\nok");
        assert_eq!(text("a <unknown> tag and <3 hearts"), "a <unknown> tag and <3 hearts");
    }

    #[test]
    fn repairs_mojibake_with_one_diagnostic() {
        let cleaned = clean("Kyivâ€™s â€œred lineâ€\u{9D} â€” cafÃ©");
        assert_eq!(cleaned.text, "Kyiv's “red line” — café");
        assert_eq!(codes("Kyivâ€™s â€œred lineâ€\u{9D}"), ["text.mojibake"]);
    }

    #[test]
    fn repairs_latin1_read_mojibake_through_c1_controls() {
        // U+2019 read as Latin-1: â, U+0080, U+0099.
        assert_eq!(text("Kyiv\u{E2}\u{80}\u{99}s"), "Kyiv's");
    }

    #[test]
    fn leaves_accented_text_alone() {
        let cleaned = clean("A café in Zürich, São Paulo and Düsseldorf.");
        assert_eq!(cleaned.text, "A café in Zürich, São Paulo and Düsseldorf.");
        assert!(cleaned.diagnostics.is_empty());
    }

    #[test]
    fn normalizes_to_nfc() {
        assert_eq!(text("cafe\u{301}"), "café");
    }

    #[test]
    fn normalizes_spaces_and_paragraphs() {
        assert_eq!(text("  a\u{A0}\u{A0}b \u{2009} c  \n\n\n  d\u{200B}e \n \n"), "a b c\nde");
        assert_eq!(text("Â\u{A0}x"), "x");
        assert_eq!(text("one\u{2029}two"), "one\ntwo");
        assert_eq!(text(""), "");
        assert_eq!(text(" \n\t\n"), "");
    }

    #[test]
    fn makes_apostrophes_ascii_inside_words_only() {
        assert_eq!(text("Kyiv’s and don’t, Ukraine’s, 1990’s, rock`n"), "Kyiv's and don't, Ukraine's, 1990's, rock'n");
        assert_eq!(text("‘quoted’ allies’ ’tis"), "‘quoted’ allies’ ’tis");
        assert_eq!(text("O\u{2BC}Brien"), "O'Brien");
    }

    #[test]
    fn restores_lost_quotes_with_one_diagnostic() {
        let raw = "Attempts to expand NATO eastwards will lead to ?dire consequences? for the US-led bloc.";
        let cleaned = clean(raw);
        assert_eq!(
            cleaned.text,
            "Attempts to expand NATO eastwards will lead to “dire consequences” for the US-led bloc."
        );
        assert_eq!(codes(raw), ["text.quotes-repaired"]);
    }

    #[test]
    fn keeps_real_question_marks() {
        let cleaned = clean("Why? Because NATO expanded. Is that all?");
        assert_eq!(cleaned.text, "Why? Because NATO expanded. Is that all?");
        assert!(cleaned.diagnostics.is_empty());
    }

    #[test]
    fn keeps_straight_double_quotes() {
        assert_eq!(text("\"We help them,\" he said."), "\"We help them,\" he said.");
    }

    #[test]
    fn entity_decoded_nbsp_and_controls_are_normalized() {
        assert_eq!(text("a&nbsp;&nbsp;b&#1;c"), "a bc");
    }

    /// Pieces whose combinations exercise every fast path's edges: controls, spaces and breaks of
    /// every class, invisible characters, apostrophes, combining marks, mojibake and plain text.
    const PIECES: &[&str] = &[
        "a", "s", "1", " ", "  ", "\n", "\n\n", "\t", "\r", "\r\n", "\0", "\u{7F}", "\u{85}", "\u{9D}", "\u{A0}",
        "\u{AD}", "\u{200B}", "\u{200E}", "\u{2060}", "\u{FEFF}", "\u{2028}", "\u{2009}", "\u{202F}", "’", "`", "ʼ",
        "‘", "é", "e\u{301}", "\u{301}", "\u{316}", "\u{F900}", "Ã©", "â€™", "â€", "Â", "—", "日", "?",
    ];

    /// Every string of one to three [`PIECES`].
    fn tricky_inputs() -> Vec<String> {
        let mut inputs = vec![String::new()];
        for a in PIECES {
            inputs.push((*a).to_string());
            for b in PIECES {
                inputs.push(format!("{a}{b}"));
                for c in PIECES {
                    inputs.push(format!("{a}{b}{c}"));
                }
            }
        }
        inputs
    }

    #[test]
    fn fast_paths_match_the_character_by_character_stages() {
        for input in tricky_inputs() {
            assert_eq!(strip_controls(&input), slow_strip_controls(&input), "{input:?}");
            assert_eq!(non_ascii_runs_are_nfc(&input), is_nfc_quick(input.chars()) == IsNormalized::Yes, "{input:?}");
            assert_eq!(nfc(&input), input.nfc().collect::<String>(), "{input:?}");
            assert_eq!(normalize_spaces(&input), slow_normalize_spaces(&input), "{input:?}");
            assert_eq!(ascii_apostrophes(Cow::Borrowed(&input)), slow_ascii_apostrophes(input.clone()), "{input:?}");
        }
    }

    #[test]
    fn clean_text_is_borrowed_by_the_fast_paths() {
        let clean = "Kyiv’s “red line” — café, naïve.\nSecond paragraph.";
        assert!(matches!(strip_controls(clean), Cow::Borrowed(_)));
        assert!(matches!(nfc(clean), Cow::Borrowed(_)));
        assert!(matches!(normalize_spaces(clean), Cow::Borrowed(_)));
        assert_eq!(normal_prefix("ab  c"), 2);
        assert_eq!(normal_prefix(" ab"), 0);
        assert_eq!(normal_prefix("a\n\nb"), 1);
    }

    /// Stage 1 as it was written first, byte by byte: the reference for [`strip_controls`].
    fn slow_strip_controls(raw: &str) -> Cow<'_, str> {
        let bytes = raw.as_bytes();
        // 0xC2, 0xE2 and 0xEF lead every invisible character.
        let needs_work = |b: &u8| (*b < 0x20 && *b != b'\n') || matches!(*b, 0x7F | 0xC2 | 0xE2 | 0xEF);
        let Some(first) = bytes.iter().position(needs_work) else {
            return Cow::Borrowed(raw);
        };
        let mut out = String::with_capacity(raw.len());
        let mut copied = 0;
        let mut i = first;
        // Only ASCII bytes and lead bytes are looked at, so every cut is on a char boundary.
        while i < bytes.len() {
            let (skip, replacement) = match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => (1, None),
                b'\r' => (1, Some('\n')),
                b'\t' => (1, Some(' ')),
                b'\n' => (0, None),
                b if b < 0x20 || b == 0x7F => (1, None),
                0xC2 | 0xE2 | 0xEF => {
                    let rest = &raw[i..];
                    (INVISIBLE.iter().find(|c| rest.starts_with(**c)).map_or(0, |c| c.len()), None)
                }
                _ => (0, None),
            };
            if skip == 0 {
                i += 1;
                continue;
            }
            out.push_str(&raw[copied..i]);
            if let Some(c) = replacement {
                out.push(c);
            }
            i += skip;
            copied = i;
        }
        out.push_str(&raw[copied..]);
        Cow::Owned(out)
    }

    /// Stage 4b as it was written first: the reference for [`normalize_spaces`].
    fn slow_normalize_spaces(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        // A space or break seen since the last kept character, written only before the next one.
        let mut pending_space = false;
        let mut pending_break = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (class, len) = if b < 0x80 {
                let class = match b {
                    b'\n' => SpaceClass::Break,
                    b' ' | b'\t' | 0x0B | 0x0C | b'\r' => SpaceClass::Space,
                    b if b < 0x20 || b == 0x7F => SpaceClass::Drop,
                    _ => SpaceClass::Keep,
                };
                (class, 1)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (space_class(c), c.len_utf8())
            };
            match class {
                SpaceClass::Keep => {
                    if pending_break && !out.is_empty() {
                        out.push('\n');
                    } else if pending_space && !out.is_empty() {
                        out.push(' ');
                    }
                    pending_break = false;
                    pending_space = false;
                    // Copy the whole run of plain characters at once, with the single spaces between
                    // them (a lone space before a plain character is written as it is).
                    let plain = |at: usize| bytes.get(at).is_some_and(|&b| b > b' ' && b < 0x7F);
                    let mut end = i + len;
                    loop {
                        if plain(end) {
                            end += 1;
                        } else if bytes.get(end) == Some(&b' ') && plain(end + 1) {
                            end += 2;
                        } else {
                            break;
                        }
                    }
                    out.push_str(&text[i..end]);
                    i = end;
                    continue;
                }
                SpaceClass::Space => pending_space = true,
                SpaceClass::Break => pending_break = true,
                SpaceClass::Drop => {}
            }
            i += len;
        }
        out
    }

    /// Stage 5 as it was written first, with char searches: the reference for [`ascii_apostrophes`].
    fn slow_ascii_apostrophes(text: String) -> String {
        const MARKS: [char; 3] = ['\u{2019}', '\u{2BC}', '`'];
        if !text.contains(MARKS) {
            return text;
        }
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for (i, mark) in text.match_indices(MARKS) {
            let before = text[..i].chars().next_back();
            let mut after = text[i + mark.len()..].chars();
            let next = after.next();
            let is_apostrophe = match (before, next) {
                (Some(p), Some(n)) if p.is_alphabetic() && n.is_alphabetic() => true,
                (Some(p), Some('s')) if p.is_ascii_digit() => !after.next().is_some_and(char::is_alphanumeric),
                _ => false,
            };
            if is_apostrophe {
                out.push_str(&text[copied..i]);
                out.push('\'');
                copied = i + mark.len();
            }
        }
        out.push_str(&text[copied..]);
        out
    }

    #[test]
    fn eight_byte_prefix_scan_matches_the_byte_by_byte_scan() {
        const PARTS: &[&str] = &[
            "a", "b", "ab", "word", " ", " ", "\n", "  ", "\n\n", " \n", "\t", "\u{7F}", "~", "!", "\0", "é", "’",
            "\u{A0}", "\u{2028}", "\u{200B}",
        ];
        let mut seed: u64 = 7;
        for _ in 0..20_000 {
            let mut input = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let parts = 4 + (seed >> 60) as usize;
            for _ in 0..parts {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                // Plain words and single spaces most of the time, as in real text.
                let pick = (seed >> 33) as usize % (PARTS.len() * 2);
                input.push_str(PARTS.get(pick).unwrap_or(&"text"));
            }
            assert_eq!(normal_prefix(&input), slow_normal_prefix(&input), "{input:?}");
            assert_eq!(normalize_spaces(&input), slow_normalize_spaces(&input), "{input:?}");
        }
    }

    /// [`normal_prefix`] one character at a time: the reference for its eight-byte steps.
    fn slow_normal_prefix(text: &str) -> usize {
        let bytes = text.as_bytes();
        let mut kept_end = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b > b' ' && b < 0x7F {
                i += 1;
                kept_end = i;
            } else if matches!(b, b' ' | b'\n') && i > 0 && kept_end == i {
                i += 1;
            } else if b < 0x80 {
                break;
            } else {
                match text.get(i..).and_then(|rest| rest.chars().next()) {
                    Some(c) if matches!(space_class(c), SpaceClass::Keep) => {
                        i += c.len_utf8();
                        kept_end = i;
                    }
                    _ => break,
                }
            }
        }
        kept_end
    }
}
