//! Tokens: words, numbers, punctuation and quotation marks inside a span of the clean text.
//!
//! The scanner works on bytes with an ASCII fast path and decodes a character only where a byte is
//! not ASCII; it allocates nothing but the output `Vec`. Rules, in short:
//! - a word is letters/digits joined by internal hyphens (`US-led`, `al-Assad`) and apostrophes
//!   (`don't`, `O'Brien`); single letters with periods are one word (`U.S.`, `e.g.`);
//! - a possessive `'s`/`’s` at the end of a word is its own word; a plural possessive `'` is punctuation;
//! - a number starts with a digit: `2019`, `2.5`, `30,000`, `2021-22`, `1st`, `1990s`;
//! - `“` `‘` `„` `«` open and `”` `’` `»` close a quotation; a straight `"` opens at the start or after a
//!   space, bracket, dash or colon and closes elsewhere;
//! - anything else that is not a space is one punctuation character per token.

use redline_model::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, with internal hyphens, apostrophes and abbreviation periods.
    Word,
    /// A number (`2019`, `2.5`, `30,000`, `1st`).
    Number,
    /// One punctuation or symbol character.
    Punct,
    /// An opening quotation mark.
    OpenQuote,
    /// A closing quotation mark.
    CloseQuote,
}

/// One token: its bytes in the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// The token's bytes (absolute offsets into the text that was tokenized).
    pub span: Span,
    /// What the token is.
    pub kind: TokenKind,
}

/// Tokenizes the bytes of `text` inside `within` (spans in the result are absolute offsets into `text`).
pub fn tokenize(text: &str, within: Span) -> Vec<Token> {
    let mut out = Vec::with_capacity(within.len() / 5 + 1);
    tokenize_into(text, within, &mut out);
    out
}

/// Appends to `out` instead of allocating (hot path).
///
/// A `within` that reaches past the text or cuts a character is narrowed to the characters it covers.
pub fn tokenize_into(text: &str, within: Span, out: &mut Vec<Token>) {
    let mut end = (within.end as usize).min(text.len());
    let mut i = (within.start as usize).min(end);
    while !text.is_char_boundary(i) {
        i += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let scanner = Scanner { text, bytes: text.as_bytes(), end };
    while i < end {
        // The common bytes first: a space, or an ASCII letter or digit starting a word.
        match scanner.bytes[i] {
            b' ' => {
                i += 1;
                continue;
            }
            b if b.is_ascii_alphanumeric() => {
                i = scanner.word(i, out);
                continue;
            }
            _ => {}
        }
        let (c, len) = scanner.char_at(i);
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if c.is_alphanumeric() {
            i = scanner.word(i, out);
            continue;
        }
        let kind = match c {
            '"' => scanner.straight_quote_kind(i),
            '“' | '„' | '«' => TokenKind::OpenQuote,
            '”' | '»' => TokenKind::CloseQuote,
            // `‘90s` elides the century; otherwise `‘` opens a quotation.
            '‘' if scanner.char_after(i + len).is_some_and(|n| n.is_ascii_digit()) => TokenKind::Punct,
            '‘' => TokenKind::OpenQuote,
            // `allies’ support`: a plural possessive, like `allies' support`.
            '’' if scanner.char_before(i) == Some('s') => TokenKind::Punct,
            '’' => TokenKind::CloseQuote,
            _ => TokenKind::Punct,
        };
        out.push(Token { span: Span::new(i, i + len), kind });
        i += len;
    }
}

/// True at the ASCII letters and digits: one load per byte of a word, where the scan spends its time.
const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The text being tokenized and the end of the span being scanned.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    end: usize,
}

/// True for the characters that may stand inside a word as an apostrophe.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

/// True for the characters that may join two parts of a word as a hyphen.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

impl Scanner<'_> {
    /// The character at byte `i` (which must be a char boundary before `end`) and its length.
    #[inline]
    fn char_at(&self, i: usize) -> (char, usize) {
        let b = self.bytes[i];
        if b < 0x80 {
            return (b as char, 1);
        }
        match self.text[i..self.end].chars().next() {
            Some(c) => (c, c.len_utf8()),
            None => ('\u{FFFD}', 1),
        }
    }

    /// The character starting at byte `i`, if `i` is before `end`.
    #[inline]
    fn char_after(&self, i: usize) -> Option<char> {
        (i < self.end).then(|| self.char_at(i).0)
    }

    /// The character ending at byte `i`, looking back into the whole text.
    #[inline]
    fn char_before(&self, i: usize) -> Option<char> {
        match i.checked_sub(1).map(|j| self.bytes[j]) {
            None => None,
            Some(b) if b < 0x80 => Some(b as char),
            Some(_) => self.text[..i].chars().next_back(),
        }
    }

    /// True when the byte at `i` (before `end`) is an ASCII digit.
    #[inline]
    fn digit_at(&self, i: usize) -> bool {
        i < self.end && self.bytes[i].is_ascii_digit()
    }

    /// True when a letter or digit starts at `i`.
    #[inline]
    fn alnum_at(&self, i: usize) -> bool {
        self.char_after(i).is_some_and(char::is_alphanumeric)
    }

    /// Kind of the straight `"` at `i`: opening at the start or after a space, bracket, dash or colon.
    fn straight_quote_kind(&self, i: usize) -> TokenKind {
        match self.char_before(i) {
            None => TokenKind::OpenQuote,
            Some(c) if c.is_whitespace() => TokenKind::OpenQuote,
            Some('(' | '[' | '{' | '-' | '–' | '—' | ':' | '“' | '‘') => TokenKind::OpenQuote,
            Some(_) => TokenKind::CloseQuote,
        }
    }

    /// Skips letters and digits from `i`; returns the first byte after them.
    #[inline]
    fn skip_alnum(&self, mut i: usize) -> usize {
        let bytes = &self.bytes[..self.end];
        while i < bytes.len() {
            let b = bytes[i];
            if ASCII_ALNUM[usize::from(b)] {
                i += 1;
            } else if b < 0x80 {
                break;
            } else {
                let (c, len) = self.char_at(i);
                if !c.is_alphanumeric() {
                    break;
                }
                i += len;
            }
        }
        i
    }

    /// If an abbreviation of single letters with periods (`U.S.`, `e.g.`, at least two) starts at
    /// `i`, the byte after its last period.
    fn abbreviation_end(&self, start: usize) -> Option<usize> {
        let mut i = start;
        let mut letters = 0;
        while let Some(c) = self.char_after(i).filter(|c| c.is_alphabetic()) {
            let period = i + c.len_utf8();
            if period >= self.end || self.bytes[period] != b'.' {
                break;
            }
            letters += 1;
            i = period + 1;
        }
        (letters >= 2).then_some(i)
    }

    /// Scans the word or number starting at `start` (a letter or digit), pushes it (and a split-off
    /// possessive `'s`), and returns the byte after it.
    fn word(&self, start: usize, out: &mut Vec<Token>) -> usize {
        let first = self.bytes[start];
        let starts_with_digit = first.is_ascii_digit();
        // An abbreviation has a period right after its first letter; most words do not.
        let abbreviation =
            if first < 0x80 && self.bytes.get(start + 1) != Some(&b'.') { None } else { self.abbreviation_end(start) };
        let mut i = match abbreviation {
            Some(end) => end,
            None => self.skip_alnum(start),
        };
        let mut possessive = None;
        // Only a hyphen, period, comma, apostrophe or non-ASCII character can continue a word.
        while i < self.end && (self.bytes[i] >= 0x80 || matches!(self.bytes[i], b'-' | b'.' | b',' | b'\'')) {
            let (c, len) = self.char_at(i);
            let next = i + len;
            let in_number = || starts_with_digit && self.is_number_so_far(start, i);
            let joins = match c {
                c if is_hyphen(c) => self.alnum_at(next),
                '.' => self.digit_at(next) && in_number(),
                ',' => self.thousands_follow(next) && in_number(),
                _ => false,
            };
            if joins {
                i = self.skip_alnum(next);
            } else if is_apostrophe(c) && self.alnum_at(next) {
                let (n, n_len) = self.char_at(next);
                if matches!(n, 's' | 'S') && !self.alnum_at(next + n_len) {
                    possessive = Some(Span::new(i, next + n_len));
                    break;
                }
                i = self.skip_alnum(next);
            } else {
                break;
            }
        }
        let kind = if starts_with_digit && self.is_number(start, i) { TokenKind::Number } else { TokenKind::Word };
        out.push(Token { span: Span::new(start, i), kind });
        match possessive {
            Some(span) => {
                out.push(Token { span, kind: TokenKind::Word });
                span.end as usize
            }
            None => i,
        }
    }

    /// True when exactly three digits start at `i` and no fourth follows (`30,000`, not `1,2345`).
    fn thousands_follow(&self, i: usize) -> bool {
        self.digit_at(i) && self.digit_at(i + 1) && self.digit_at(i + 2) && !self.alnum_at(i + 3)
    }

    /// True when the bytes `start..i` are digits, commas and periods only.
    fn is_number_so_far(&self, start: usize, i: usize) -> bool {
        self.bytes[start..i].iter().all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.'))
    }

    /// True when `start..end` is a number: digits, `,` `.` `-` and at most a two-letter suffix
    /// (`1st`, `1990s`, `10am`).
    fn is_number(&self, start: usize, end: usize) -> bool {
        let token = &self.bytes[start..end];
        let suffix = token.iter().rev().take_while(|b| b.is_ascii_alphabetic()).count();
        suffix <= 2
            && token[..token.len() - suffix].iter().all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'-'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(text, kind)` of every token of `text`.
    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text, Span::new(0, text.len())).into_iter().map(|t| (t.span.slice(text), t.kind)).collect()
    }

    fn words(text: &str) -> Vec<&str> {
        toks(text).into_iter().map(|(w, _)| w).collect()
    }

    use TokenKind::*;

    #[test]
    fn keeps_hyphenated_words_and_abbreviations_whole() {
        assert_eq!(words("the US-led bloc"), ["the", "US-led", "bloc"]);
        assert_eq!(words("Secretary-General al-Assad"), ["Secretary-General", "al-Assad"]);
        assert_eq!(words("the U.S. and U.N. met"), ["the", "U.S.", "and", "U.N.", "met"]);
        assert_eq!(words("in the U.S."), ["in", "the", "U.S."]);
        assert_eq!(words("Mr. Putin"), ["Mr", ".", "Putin"]);
        assert_eq!(words("J. R. R. Tolkien"), ["J", ".", "R", ".", "R", ".", "Tolkien"]);
        assert_eq!(words("the U.S.-led bloc, e.g. Russia"), ["the", "U.S.-led", "bloc", ",", "e.g.", "Russia"]);
        assert_eq!(words("a - b -c"), ["a", "-", "b", "-", "c"]);
    }

    #[test]
    fn splits_possessives_and_keeps_contractions() {
        assert_eq!(toks("Russia's"), [("Russia", Word), ("'s", Word)]);
        assert_eq!(toks("Ukraine’s army"), [("Ukraine", Word), ("’s", Word), ("army", Word)]);
        assert_eq!(toks("allies' support"), [("allies", Word), ("'", Punct), ("support", Word)]);
        assert_eq!(toks("allies’ support"), [("allies", Word), ("’", Punct), ("support", Word)]);
        assert_eq!(words("don't won't didn't can't O'Brien"), ["don't", "won't", "didn't", "can't", "O'Brien"]);
        assert_eq!(words("the U.S.'s role"), ["the", "U.S.", "'s", "role"]);
        assert_eq!(words("Moscow's demand"), ["Moscow", "'s", "demand"]);
        assert_eq!(words("the 'stop' sign"), ["the", "'", "stop", "'", "sign"]);
    }

    #[test]
    fn recognises_numbers() {
        assert_eq!(
            toks("2019 2.5 30,000 1st 1990s 2021-22 1,234,567"),
            [
                ("2019", Number),
                ("2.5", Number),
                ("30,000", Number),
                ("1st", Number),
                ("1990s", Number),
                ("2021-22", Number),
                ("1,234,567", Number)
            ]
        );
        assert_eq!(toks("24-hour"), [("24-hour", Word)]);
        assert_eq!(toks("G7"), [("G7", Word)]);
        assert_eq!(words("In 2019, 30 allies"), ["In", "2019", ",", "30", "allies"]);
        assert_eq!(words("$1.2 billion, 3.5%."), ["$", "1.2", "billion", ",", "3.5", "%", "."]);
        assert_eq!(words("1,2345 and 1.x"), ["1", ",", "2345", "and", "1", ".", "x"]);
    }

    #[test]
    fn classifies_quotes() {
        assert_eq!(
            toks("“Yes,” he said. ‘No’"),
            [
                ("“", OpenQuote),
                ("Yes", Word),
                (",", Punct),
                ("”", CloseQuote),
                ("he", Word),
                ("said", Word),
                (".", Punct),
                ("‘", OpenQuote),
                ("No", Word),
                ("’", CloseQuote)
            ]
        );
        let kinds: Vec<TokenKind> = toks("\"We help,\" he said (\"no\") -\"x\"")
            .into_iter()
            .filter(|(w, _)| *w == "\"")
            .map(|(_, k)| k)
            .collect();
        assert_eq!(kinds, [OpenQuote, CloseQuote, OpenQuote, CloseQuote, OpenQuote, CloseQuote]);
    }

    #[test]
    fn punctuation_is_one_char_per_token() {
        assert_eq!(words("a,b: c—d...!"), ["a", ",", "b", ":", "c", "—", "d", ".", ".", ".", "!"]);
    }

    #[test]
    fn spans_are_absolute_and_within() {
        let text = "Kyiv said. Moscow's reply came.";
        let tokens = tokenize(text, Span::new(11, text.len()));
        assert_eq!(tokens[0].span, Span::new(11, 17));
        assert_eq!(tokens[1].span.slice(text), "'s");
        let mut out = vec![Token { span: Span::new(0, 4), kind: Word }];
        tokenize_into(text, Span::new(0, 4), &mut out);
        assert_eq!(out.len(), 2);
        // A span that stops inside a word cuts the word there.
        assert_eq!(words_in(text, Span::new(0, 3)), ["Kyi"]);
    }

    fn words_in(text: &str, within: Span) -> Vec<&str> {
        tokenize(text, within).into_iter().map(|t| t.span.slice(text)).collect()
    }

    #[test]
    fn never_panics_and_stays_on_char_boundaries() {
        let text = "Zürich’s “café” — 日本語 naïve U.S.’s x";
        for start in 0..=text.len() + 2 {
            for end in start..=text.len() + 2 {
                for token in tokenize(text, Span::new(start, end)) {
                    assert!(text.is_char_boundary(token.span.start as usize));
                    assert!(text.is_char_boundary(token.span.end as usize));
                    assert!(!token.span.is_empty());
                    assert!(token.span.end as usize <= end.min(text.len()));
                    assert!(!token.span.slice(text).trim().is_empty());
                }
            }
        }
        assert_eq!(words("Zürich’s 日本語"), ["Zürich", "’s", "日本語"]);
    }

    #[test]
    fn word_shortcuts_match_the_general_scan() {
        let pieces = [
            "a", "Z", "1", "é", "日", ".", ",", "-", "'", "’", "‘", "ʼ", "\u{2011}", "s", " ", "000", "x.", "\"", "ab",
        ];
        let mut texts = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        texts.push(format!("{a}{b}{c}{d}"));
                    }
                }
            }
        }
        for text in &texts {
            let scanner = Scanner { text, bytes: text.as_bytes(), end: text.len() };
            for (start, c) in text.char_indices().filter(|(_, c)| c.is_alphanumeric()) {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                assert_eq!(scanner.word(start, &mut fast), scanner.slow_word(start, &mut slow), "{text:?} at {c}");
                assert_eq!(fast, slow, "{text:?} at {c}");
            }
        }
    }

    impl Scanner<'_> {
        /// [`Scanner::word`] as it was written first, without its shortcuts: the reference in tests.
        fn slow_word(&self, start: usize, out: &mut Vec<Token>) -> usize {
            let starts_with_digit = self.bytes[start].is_ascii_digit();
            let mut i = match self.abbreviation_end(start) {
                Some(end) => end,
                None => self.skip_alnum(start),
            };
            let mut possessive = None;
            while i < self.end {
                let (c, len) = self.char_at(i);
                let next = i + len;
                let in_number = || starts_with_digit && self.is_number_so_far(start, i);
                let joins = match c {
                    c if is_hyphen(c) => self.alnum_at(next),
                    '.' => self.digit_at(next) && in_number(),
                    ',' => self.thousands_follow(next) && in_number(),
                    _ => false,
                };
                if joins {
                    i = self.skip_alnum(next);
                } else if is_apostrophe(c) && self.alnum_at(next) {
                    let (n, n_len) = self.char_at(next);
                    if matches!(n, 's' | 'S') && !self.alnum_at(next + n_len) {
                        possessive = Some(Span::new(i, next + n_len));
                        break;
                    }
                    i = self.skip_alnum(next);
                } else {
                    break;
                }
            }
            let kind = if starts_with_digit && self.is_number(start, i) { TokenKind::Number } else { TokenKind::Word };
            out.push(Token { span: Span::new(start, i), kind });
            match possessive {
                Some(span) => {
                    out.push(Token { span, kind: TokenKind::Word });
                    span.end as usize
                }
                None => i,
            }
        }
    }
}
