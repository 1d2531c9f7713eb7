//! Words: Universal Dependencies English tokenisation of a span of the clean text.
//!
//! The target is the word segmentation of the UD English Web Treebank (EWT). The scanner works on bytes
//! with an ASCII fast path, decodes a character only where a byte is not ASCII, and allocates nothing but
//! the output `Vec`. Rules, in short:
//! - whitespace separates words; inside a run without whitespace, letters and digits stay joined across
//!   the connectors `. - ' , : / & _ @` only where a rule keeps them together, and a connector that splits
//!   is a word of its own:
//!   - numbers keep `.` `,` `:` between digits (`3.5`, `1,000`, `10:30`); phone numbers and dates keep
//!     their `-` and `/` (`713-853-3989`, `11/28/2000`, `9/11`), ranges and fractions split (`2021 - 22`);
//!   - a hyphen splits (`Al - Zaman`, `U.S. - led`) unless it follows a prefix (`e-mail`, `non-`, `anti-`);
//!   - abbreviations keep their periods (`U.S.`, `e.g.`, `Mr.`, `Jan.`, `No. 10`), except a period that
//!     ends the span, which is a word of its own (`in the U.S` `.`), as in EWT;
//!   - URLs, e-mail addresses, domain and file names (`Amazon.com`, `memo.doc`), handles and hashtags
//!     (`@POTUS`, `#Ukraine`) and calling codes (`+44`) are one word;
//! - clitics split off as fused words: `n't` `'s` `'re` `'ve` `'ll` `'d` `'m` with a straight or curly
//!   apostrophe, the plural possessive `'` (`allies'`), and the spellings without apostrophe (`cannot`,
//!   `gonna`, `wanna`, `dont`, `im`, and `its` where the next word shows it means `it is`); a `'s` after
//!   digits stays (`1990's`);
//! - a number followed by a unit splits (`5 km`, `10 am`, `$ 5 bn`), an ordinal or plural does not (`23rd`,
//!   `1990s`);
//! - other punctuation is one word per character, except runs of one mark (`...`, `--`, `!!`, `**`), mixed
//!   sentence ends (`?!`) and emoticons (`:-)`).

use redline_model::Span;

/// One word: a byte span into the clean text (a split clitic is a sub-span of its token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// The word's bytes in the text.
    pub span: Span,
    /// True when this word and the next are parts of one orthographic token (`do` + `n't` of `don't`,
    /// `Russia` + `'s`): CoNLL-U writes such words under one multiword-token line.
    pub fused: bool,
}

/// The words of `text` inside `within` (absolute offsets into `text`).
pub fn words(text: &str, within: Span) -> Vec<Word> {
    // Sized from the part of the span inside the text: a span past the text must not reserve memory.
    let len = (within.end as usize).min(text.len()).saturating_sub(within.start as usize);
    let mut out = Vec::with_capacity(len / 5 + 1);
    words_into(text, within, &mut out);
    out
}

/// Appends the words of `text` inside `within` to `out` (hot path: no allocation besides `out`).
///
/// A `within` that reaches past the text or cuts a character is narrowed to the characters it covers.
pub fn words_into(text: &str, within: Span, out: &mut Vec<Word>) {
    let mut end = (within.end as usize).min(text.len());
    let mut start = (within.start as usize).min(end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if start >= end {
        return;
    }
    let mut scanner = Scanner { text, bytes: text.as_bytes(), start, end, content_end: end, quote_open: false, out };
    scanner.content_end = scanner.trim_end();
    scanner.run();
}

/// Classes of the ASCII bytes in [`ASCII_CLASS`].
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const SPACE: u8 = 4;

/// The class of each ASCII byte: one load per byte where the scan spends its time.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if matches!(c, b' ' | b'\t'..=b'\r') {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The connectors a candidate word may hold, as bits of a mask.
const DOT: u16 = 1;
const HYPHEN: u16 = 2;
const APOSTROPHE: u16 = 4;
const COMMA: u16 = 8;
const COLON: u16 = 16;
const SLASH: u16 = 32;
const AT: u16 = 64;
const AMPERSAND: u16 = 128;
const UNDERSCORE: u16 = 256;

/// The connector bit of `c`, or 0 when `c` never joins two parts of a word.
fn connector(c: char) -> u16 {
    match c {
        '.' => DOT,
        '-' | '\u{2010}' | '\u{2011}' => HYPHEN,
        '\'' | '’' | '‘' | '`' | 'ʼ' => APOSTROPHE,
        ',' => COMMA,
        ':' => COLON,
        '/' => SLASH,
        '@' => AT,
        '&' => AMPERSAND,
        '_' => UNDERSCORE,
        _ => 0,
    }
}

/// True for the characters that continue a word: letters, digits and the marks that extend them.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_extender(c)
}

/// True for combining marks, joiners, variation selectors and emoji modifiers: they belong to the
/// character before them, so they never start a word of their own after one.
fn is_extender(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0900}'..='\u{0903}'
        | '\u{093A}'..='\u{094F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// How a connector between two parts of a candidate word is treated.
enum Join {
    /// The connector stays inside the word.
    Keep,
    /// The connector is a word of its own between the two parts.
    Split,
    /// The connector ends the word before it (`Mr.Putin`).
    SplitAfter,
    /// A clitic starts at this byte: the word before it is fused to it.
    Clitic(usize),
}

/// Prefixes that keep their hyphen in EWT (`e-mail`, `non-violent`, `anti-war`); other hyphens split.
const HYPHEN_PREFIXES: &[&[u8]] = &[
    b"e", b"non", b"mid", b"pre", b"anti", b"re", b"post", b"co", b"over", b"pro", b"multi", b"ex", b"sub", b"semi",
    b"cross", b"neo", b"micro", b"counter", b"intra", b"un", b"mis", b"psycho", b"socio", b"arch", b"ultra", b"pseudo",
    b"quasi", b"mega", b"macro", b"mini", b"hyper", b"super", b"trans", b"bi",
];

/// Words that keep a following period mid-sentence (compared in lower case): titles, company forms,
/// months, days and Latin abbreviations.
const ABBREVIATIONS: &[&[u8]] = &[
    b"mr", b"mrs", b"ms", b"dr", b"prof", b"st", b"sr", b"jr", b"mt", b"ft", b"gen", b"gov", b"sen", b"rep", b"reps",
    b"lt", b"col", b"capt", b"sgt", b"maj", b"adm", b"cmdr", b"rev", b"hon", b"pres", b"insp", b"cpl", b"pvt", b"brig",
    b"inc", b"co", b"corp", b"ltd", b"bros", b"assn", b"dept", b"univ", b"ave", b"blvd", b"jan", b"feb", b"mar",
    b"apr", b"jun", b"jul", b"aug", b"sep", b"sept", b"oct", b"nov", b"dec", b"mon", b"tue", b"tues", b"wed", b"thu",
    b"thur", b"thurs", b"fri", b"sat", b"vs", b"etc", b"eg", b"ie", b"al", b"cf", b"approx", b"est", b"ext", b"vol",
    b"esp", b"attn", b"sun", b"la", b"lb", b"lbs", b"oz",
];

/// Abbreviations that keep a following period only when capitalised: the AP style's US states, which
/// are also words in lower case (`Calif.`, `Wash.`, `Ill.`).
const CAPITALISED_ABBREVIATIONS: &[&[u8]] = &[
    b"Ala", b"Ariz", b"Ark", b"Calif", b"Colo", b"Conn", b"Del", b"Fla", b"Ga", b"Ill", b"Ind", b"Kan", b"Kans", b"Ky",
    b"Md", b"Mass", b"Mich", b"Minn", b"Miss", b"Mo", b"Mont", b"Neb", b"Nev", b"Okla", b"Ore", b"Pa", b"Tenn", b"Tex",
    b"Va", b"Vt", b"Wash", b"Wis", b"Wyo",
];

/// Top-level domains and file extensions: a word that ends with `.` and one of these is a name (`Amazon.com`,
/// `memo.doc`), not two words.
const NAME_SUFFIXES: &[&[u8]] = &[
    b"com", b"org", b"net", b"edu", b"gov", b"mil", b"int", b"info", b"biz", b"uk", b"ca", b"de", b"fr", b"ru", b"ua",
    b"cn", b"jp", b"au", b"io", b"doc", b"docx", b"xls", b"xlsx", b"pdf", b"ppt", b"pptx", b"txt", b"htm", b"html",
    b"php", b"asp", b"aspx", b"jpg", b"url",
];

/// Words after `its` that show it is `it's` (`its a`, `its not`), not the possessive (`its army`).
const AFTER_ITS_IS: &[&[u8]] = &[
    b"a",
    b"an",
    b"the",
    b"not",
    b"so",
    b"just",
    b"very",
    b"really",
    b"too",
    b"all",
    b"only",
    b"also",
    b"still",
    b"like",
    b"simply",
    b"definitely",
    b"probably",
    b"prolly",
    b"now",
    b"been",
    b"getting",
    b"going",
    b"gonna",
    b"in",
    b"for",
    b"from",
    b"nothing",
    b"less",
    b"more",
    b"quite",
    b"pretty",
    b"always",
    b"never",
    b"ok",
    b"okay",
    b"about",
];

/// Emoticons, longest first where one is a prefix of another.
const EMOTICONS: &[&[u8]] = &[
    b":-)", b":-(", b":-D", b":-P", b":-p", b";-)", b":'(", b":)", b":(", b":D", b":P", b":p", b":/", b":O", b":o",
    b":]", b":[", b";)", b"=)", b"=(", b"(:", b"<3", b"^_^",
];

/// The text being split, the span being scanned and the words found so far.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    start: usize,
    end: usize,
    /// End of the span without its trailing whitespace: a period here ends the sentence.
    content_end: usize,
    /// A single quotation mark opened and not yet closed: a later `s'` closes it rather than being a
    /// plural possessive.
    quote_open: bool,
    out: &'a mut Vec<Word>,
}

impl Scanner<'_> {
    /// Splits the span: whitespace is skipped, letters and digits start a word, anything else is punctuation.
    fn run(&mut self) {
        let mut i = self.start;
        while i < self.end {
            let b = self.bytes[i];
            if b < 0x80 {
                let class = ASCII_CLASS[usize::from(b)];
                i = if class & (LETTER | DIGIT) != 0 {
                    self.word(i)
                } else if class == SPACE {
                    i + 1
                } else {
                    self.punct(i)
                };
                continue;
            }
            let (c, len) = self.char_at(i);
            i = if c.is_whitespace() {
                i + len
            } else if is_word_char(c) {
                self.word(i)
            } else {
                self.punct(i)
            };
        }
    }

    // ---- Words --------------------------------------------------------------------------------------------

    /// Splits the candidate word starting at `start` (a word character) and returns the byte after it.
    fn word(&mut self, start: usize) -> usize {
        if let Some(end) = self.url_end(start) {
            self.push(start, end, false);
            return end;
        }
        let (end, connectors) = self.candidate(start);
        if connectors == 0 {
            return self.finish(start, end);
        }
        // An `@` inside a word makes an address, with or without a domain (`Rice@ENRON`).
        let whole = connectors & AT != 0
            || (connectors & DOT != 0 && self.is_name(start, end, connectors))
            || (connectors & !(HYPHEN | SLASH | DOT) == 0 && self.is_phone_or_date(start, end));
        if whole {
            self.push(start, end, false);
            return end;
        }
        let mut word_start = start;
        let mut i = self.segment(start);
        // `9/11-style`: a date or phone number before the rest of the word.
        if self.bytes[start].is_ascii_digit() && connectors & (HYPHEN | SLASH) != 0 {
            let number_end = self.numeric_prefix_end(start, end);
            if number_end < end && self.is_phone_or_date(start, number_end) {
                self.push(start, number_end, false);
                word_start = number_end;
                i = number_end;
            }
        }
        while i < end {
            let (c, len) = self.char_at(i);
            let next = i + len;
            let next_end = self.segment(next);
            match self.join(c, word_start, i, next, next_end, end) {
                Join::Keep => {}
                Join::Split => {
                    self.emit(word_start, i, false);
                    self.push(i, next, false);
                    word_start = next;
                }
                Join::SplitAfter => {
                    self.emit(word_start, next, false);
                    word_start = next;
                }
                Join::Clitic(at) => {
                    self.emit(word_start, at, true);
                    word_start = at;
                }
            }
            i = next_end;
        }
        self.finish(word_start, end)
    }

    /// The end of the candidate word at `start` — segments of word characters (or abbreviations) joined by
    /// single connectors — and the mask of the connectors inside it.
    fn candidate(&self, start: usize) -> (usize, u16) {
        let mut connectors = 0;
        let mut i = self.segment(start);
        while i < self.end {
            let b = self.bytes[i];
            // Most words end at a space or a punctuation mark that is no connector.
            if b < 0x80 && !matches!(b, b'.' | b'-' | b'\'' | b',' | b':' | b'/' | b'@' | b'&' | b'_' | b'`') {
                break;
            }
            let (c, len) = self.char_at(i);
            let bit = connector(c);
            if bit == 0 {
                break;
            }
            if !self.word_char_at(i + len) {
                // An address shortened by a mailing-list archive: `franz371...@gmail.com`.
                let dots = self.bytes[i..self.end].iter().take_while(|&&b| b == b'.').count();
                if dots >= 2 && self.bytes.get(i + dots) == Some(&b'@') && self.word_char_at(i + dots + 1) {
                    connectors |= DOT | AT;
                    i = self.segment(i + dots + 1);
                    continue;
                }
                break;
            }
            connectors |= bit;
            i = self.segment(i + len);
        }
        (i, connectors)
    }

    /// The end of the segment at `start`: an abbreviation of single letters with periods (`U.S.`, `e.g`), or
    /// a run of word characters.
    fn segment(&self, start: usize) -> usize {
        if start + 1 < self.end
            && self.bytes[start + 1] == b'.'
            && self.bytes[start].is_ascii_alphabetic()
            && let Some(end) = self.abbreviation_end(start)
        {
            return end;
        }
        self.skip_word_chars(start)
    }

    /// Skips word characters from `i`; returns the first byte after them.
    #[inline]
    fn skip_word_chars(&self, mut i: usize) -> usize {
        while i < self.end {
            let b = self.bytes[i];
            if b < 0x80 {
                if ASCII_CLASS[usize::from(b)] & (LETTER | DIGIT) == 0 {
                    break;
                }
                i += 1;
            } else {
                let (c, len) = self.char_at(i);
                if !is_word_char(c) {
                    break;
                }
                i += len;
            }
        }
        i
    }

    /// If single ASCII letters with periods (at least two letters; the last period optional: `U.S.`, `a.k.a`,
    /// `U.K`) start at `start`, the byte after them.
    fn abbreviation_end(&self, start: usize) -> Option<usize> {
        let mut i = start;
        let mut letters = 0;
        while i < self.end && self.bytes[i].is_ascii_alphabetic() && !self.word_char_at(i + 1) {
            letters += 1;
            i += 1;
            if i < self.end && self.bytes[i] == b'.' {
                i += 1;
            } else {
                break;
            }
        }
        (letters >= 2).then_some(i)
    }

    /// Whether the connector `c` at `i` (between the word so far, `word_start..i`, and the segment
    /// `next..next_end`) stays inside the word; `end` is the end of the candidate.
    fn join(&self, c: char, word_start: usize, i: usize, next: usize, next_end: usize, end: usize) -> Join {
        let bytes = self.bytes;
        let digit_before = bytes[i - 1].is_ascii_digit();
        let digit_after = bytes[next].is_ascii_digit();
        match connector(c) {
            DOT if digit_before && digit_after => Join::Keep,
            DOT if self.is_abbreviation(word_start, i) => Join::SplitAfter,
            COMMA
                if next_end - next == 3
                    && bytes[next..next_end].iter().all(u8::is_ascii_digit)
                    && self.digits_joined_by(word_start, i, b',') =>
            {
                Join::Keep
            }
            COLON if digit_before && digit_after && self.digits_joined_by(word_start, i, b':') => Join::Keep,
            HYPHEN if is_one_of(&bytes[word_start..i], HYPHEN_PREFIXES) => Join::Keep,
            // `l/c`, `w/o`: two single letters.
            SLASH
                if i - word_start == 1
                    && next_end - next == 1
                    && next_end == end
                    && bytes[word_start].is_ascii_alphabetic()
                    && bytes[next].is_ascii_alphabetic() =>
            {
                Join::Keep
            }
            // `AT&T`, `P&L`, `PG&E`.
            AMPERSAND
                if i - word_start <= 3
                    && next_end - next <= 3
                    && bytes[word_start..i].iter().all(u8::is_ascii_alphabetic)
                    && bytes[next..next_end].iter().all(u8::is_ascii_alphabetic) =>
            {
                Join::Keep
            }
            UNDERSCORE => Join::Keep,
            APOSTROPHE => self.apostrophe(word_start, i, next, next_end, end),
            _ => Join::Split,
        }
    }

    /// True when the word so far, `word_start..i`, is digits joined by `separator`: its last run of digits
    /// reaches the word's start or a `separator` inside it, which was kept only after such a word (checking
    /// the whole word at every separator would be quadratic).
    fn digits_joined_by(&self, word_start: usize, i: usize, separator: u8) -> bool {
        let digits = self.bytes[word_start..i].iter().rev().take_while(|b| b.is_ascii_digit()).count();
        let run_start = i - digits;
        digits > 0 && (run_start == word_start || self.bytes[run_start - 1] == separator)
    }

    /// Whether the apostrophe at `i` splits a clitic off the word `word_start..i`, given the segment after
    /// it (`next..next_end`) and the end of the candidate.
    fn apostrophe(&self, word_start: usize, i: usize, next: usize, next_end: usize, end: usize) -> Join {
        let bytes = self.bytes;
        let before = bytes[i - 1];
        // A clitic follows a letter, a digit, or the period of an abbreviation (`U.S.'s`).
        let after_word = before.is_ascii_alphabetic() || before == b'.';
        if next_end == end && (after_word || before.is_ascii_digit()) {
            let clitic = &bytes[next..next_end];
            let is = |form: &[u8]| clitic.eq_ignore_ascii_case(form);
            // `don't` → `do` `n't`: the clitic takes the `n`.
            if is(b"t") && matches!(before, b'n' | b'N') && i - 1 > word_start {
                return Join::Clitic(i - 1);
            }
            // `1990's`, `AK47's`: a plural of a number, one word in EWT.
            if is(b"s") && bytes[word_start..i].iter().any(u8::is_ascii_digit) {
                return Join::Keep;
            }
            if after_word && [&b"s"[..], b"re", b"ve", b"ll", b"d", b"m"].iter().any(|form| is(form)) {
                return Join::Clitic(i);
            }
        }
        // `5'9`: feet and inches, not one word.
        if before.is_ascii_digit() || bytes[next].is_ascii_digit() {
            return Join::Split;
        }
        Join::Keep
    }

    /// Pushes the last word of a candidate, `word_start..end`, with what may follow it: an abbreviation's
    /// period, a plural possessive apostrophe or the `$` of `US$`. Returns the byte after what it pushed.
    fn finish(&mut self, word_start: usize, end: usize) -> usize {
        if end < self.end {
            match self.bytes[end] {
                b'.' if self.keeps_period(word_start, end) => {
                    self.emit(word_start, end + 1, false);
                    return end + 1;
                }
                b'$' if matches!(
                    &self.bytes[word_start..end],
                    b"US" | b"U" | b"A" | b"C" | b"HK" | b"NZ" | b"S" | b"R"
                ) =>
                {
                    self.push(word_start, end + 1, false);
                    return end + 1;
                }
                b'\'' | 0xE2 => {
                    let (c, len) = self.char_at(end);
                    if matches!(c, '\'' | '’') && self.is_plural_possessive(word_start, end) {
                        self.emit(word_start, end, true);
                        self.push(end, end + len, false);
                        return end + len;
                    }
                }
                _ => {}
            }
        }
        self.emit(word_start, end, false);
        end
    }

    /// True when the period at `end` belongs to the word `word_start..end`: an abbreviation or an initial,
    /// unless the period ends the span (EWT splits a sentence-final period off `etc.` and `U.S.`).
    fn keeps_period(&self, word_start: usize, end: usize) -> bool {
        // A period before an ellipsis is part of it (`etc...`); one before a second period is not (`Inc..`).
        if end + 1 >= self.content_end || self.bytes[end + 1..self.end].starts_with(b"..") {
            return false;
        }
        let word = &self.bytes[word_start..end];
        // `No. 10`, but `said no. Then`.
        if word.eq_ignore_ascii_case(b"no") {
            return self.next_word_starts_with_digit(end + 1);
        }
        (word.len() == 1 && word[0].is_ascii_alphabetic()) || self.is_abbreviation(word_start, end)
    }

    /// True when `word_start..end` is one of the [`ABBREVIATIONS`] or [`CAPITALISED_ABBREVIATIONS`].
    fn is_abbreviation(&self, word_start: usize, end: usize) -> bool {
        let word = &self.bytes[word_start..end];
        is_one_of(word, ABBREVIATIONS) || CAPITALISED_ABBREVIATIONS.contains(&word)
    }

    /// True when the apostrophe at `end` is a plural possessive of `word_start..end` (`allies'`), not a
    /// closing quotation mark.
    fn is_plural_possessive(&self, word_start: usize, end: usize) -> bool {
        end - word_start >= 2 && matches!(self.bytes[end - 1], b's' | b'S') && !self.quote_open
    }

    /// True when the first non-whitespace byte from `i` is a digit or `#`.
    fn next_word_starts_with_digit(&self, mut i: usize) -> bool {
        while i < self.end && self.bytes[i] == b' ' {
            i += 1;
        }
        i < self.end && (self.bytes[i].is_ascii_digit() || self.bytes[i] == b'#')
    }

    /// Pushes the word `start..end`, splitting what EWT splits inside a word without connectors: a
    /// span-final abbreviation period, a unit after a number, a contraction written without apostrophe.
    fn emit(&mut self, start: usize, end: usize, fused: bool) {
        // Nothing before a connector that follows a date prefix (`9/11` `-style`).
        if start >= end {
            return;
        }
        let bytes = self.bytes;
        let last = bytes[end - 1];
        if last == b'.' && end - start > 1 && end >= self.content_end {
            self.push(start, end - 1, false);
            self.push(end - 1, end, fused);
            return;
        }
        let first = bytes[start];
        if first.is_ascii_digit() {
            if last.is_ascii_alphabetic()
                && let Some(unit) = self.unit_start(start, end)
            {
                self.push(start, unit, false);
                self.push(unit, end, fused);
                return;
            }
        } else if end - start <= 8 && first.is_ascii_alphabetic() {
            let (a, b) = self.contraction(start, end);
            if a > 0 {
                self.push(start, start + a, true);
                if b > 0 {
                    self.push(start + a, start + b, true);
                    self.push(start + b, end, fused);
                } else {
                    self.push(start + a, end, fused);
                }
                return;
            }
        }
        self.push(start, end, fused);
    }

    /// Where the unit of a number with a unit (`5km`, `10am`, `$5bn`) starts; `None` for an ordinal or a
    /// plural (`23rd`, `1990s`), a one-letter code (`4G`, `3D`) or anything that is not a number.
    fn unit_start(&self, start: usize, end: usize) -> Option<usize> {
        let word = &self.bytes[start..end];
        let letters = word.iter().rev().take_while(|b| b.is_ascii_alphabetic()).count();
        if letters == 0 {
            return None;
        }
        let number = &word[..word.len() - letters];
        if !number.iter().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b':')) {
            return None;
        }
        let suffix = &word[number.len()..];
        let keep = is_one_of(suffix, &[b"s", b"st", b"nd", b"rd", b"th"])
            || matches!(suffix, [b] if b.is_ascii_uppercase() && !matches!(b, b'M' | b'K' | b'B'));
        (!keep).then_some(start + number.len())
    }

    /// The split points (offsets from `start`; 0 for none) of a contraction written without apostrophe:
    /// `cannot` → `can` `not`, `dont` → `do` `nt`, `dunno` → `du` `n` `no`.
    fn contraction(&self, start: usize, end: usize) -> (usize, usize) {
        let word = &self.bytes[start..end];
        let mut key = [0u8; 8];
        for (k, b) in key.iter_mut().zip(word) {
            if !b.is_ascii_alphabetic() {
                return (0, 0);
            }
            *k = b | 0x20;
        }
        let n = word.len();
        let split = match &key[..n] {
            b"cannot" | b"gonna" | b"wanna" | b"gotta" | b"outta" => 3,
            b"dont" | b"didnt" | b"doesnt" | b"isnt" | b"wasnt" | b"arent" | b"werent" | b"couldnt" | b"wouldnt"
            | b"shouldnt" | b"havent" | b"hasnt" | b"hadnt" | b"aint" | b"cant" | b"wont" => n - 2,
            b"youre" | b"youve" | b"youll" | b"sorta" => 3,
            b"theyre" | b"theyve" | b"theyll" => 4,
            b"ive" => 1,
            // `IM` is more often instant messaging.
            b"im" if word != b"IM" => 1,
            b"thats" | b"whats" | b"heres" | b"theres" | b"lets" | b"hes" | b"shes" => n - 1,
            b"its" if self.its_is(end) => 2,
            b"dunno" => return (2, 3),
            _ => 0,
        };
        (split, 0)
    }

    /// True when the word after `its` (ending at `end`) shows that `its` stands for `it is`.
    fn its_is(&self, end: usize) -> bool {
        let mut i = end;
        if i >= self.end || self.bytes[i] != b' ' {
            return false;
        }
        while i < self.end && self.bytes[i] == b' ' {
            i += 1;
        }
        let next_end = self.skip_word_chars(i);
        is_one_of(&self.bytes[i..next_end], AFTER_ITS_IS)
    }

    // ---- Whole-word shapes ------------------------------------------------------------------------------

    /// If a URL starts at `start` (`http://`, `https://`, `ftp://`, `www.`), the byte after it: it runs to
    /// the next whitespace, without the punctuation that closes the sentence or a bracket around it.
    fn url_end(&self, start: usize) -> Option<usize> {
        if !matches!(self.bytes[start], b'h' | b'H' | b'w' | b'W' | b'f' | b'F') {
            return None;
        }
        let rest = &self.bytes[start..self.end];
        let is_url = [&b"http://"[..], b"https://", b"ftp://", b"www."]
            .iter()
            .any(|prefix| rest.len() > prefix.len() && rest[..prefix.len()].eq_ignore_ascii_case(prefix));
        if !is_url {
            return None;
        }
        let mut end = start;
        while end < self.end {
            let (c, len) = self.char_at(end);
            if c.is_whitespace() {
                break;
            }
            end += len;
        }
        let url = &self.text[start..end];
        let opened = url.bytes().filter(|&b| b == b'(').count();
        let closed = url.bytes().filter(|&b| b == b')').count();
        let trimmed = url.trim_end_matches(|c| match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '>' | ']' | '}' | '”' | '’' | '»' => true,
            ')' => closed > opened,
            _ => false,
        });
        Some(start + trimmed.len().max(1))
    }

    /// True when the candidate `start..end` ends with a domain or file suffix after a period (`Amazon.com`,
    /// `memo.doc`, `bbc.co.uk/news`), or is a newsgroup's name (`comp.sources.unix`: lower-case words joined
    /// by at least two periods).
    fn is_name(&self, start: usize, end: usize, connectors: u16) -> bool {
        let candidate = &self.bytes[start..end];
        if connectors & !(DOT | HYPHEN) == 0
            && candidate.iter().filter(|&&b| b == b'.').count() >= 2
            && candidate.iter().all(|&b| b.is_ascii_lowercase() || b == b'.' || b == b'-')
        {
            return true;
        }
        let mut i = 0;
        while let Some(dot) = candidate[i..].iter().position(|&b| b == b'.') {
            let from = i + dot + 1;
            let len = candidate[from..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let after = candidate.get(from + len);
            if len > 0 && matches!(after, None | Some(b'/')) && is_one_of(&candidate[from..from + len], NAME_SUFFIXES) {
                return true;
            }
            i = from;
        }
        false
    }

    /// True when the candidate `start..end` is digits joined by `-`, `/` and `.` in the shape of a phone
    /// number (`713-853-3989`, `345-9945`, `713/871-5119`, `202.456.1414`) or a date (`11/28/2000`, `9/11`,
    /// `12-20-2000`); ranges (`1969-1970`, `5-10`) and fractions (`1/2`) are not.
    fn is_phone_or_date(&self, start: usize, end: usize) -> bool {
        let candidate = &self.bytes[start..end];
        let mut lengths = [0usize; 5];
        let mut separators = [0u8; 4];
        let mut groups = 0;
        let mut run = 0;
        for &b in candidate {
            if b.is_ascii_digit() {
                run += 1;
                continue;
            }
            if run == 0 || groups == 4 || !matches!(b, b'-' | b'/' | b'.') {
                return false;
            }
            lengths[groups] = run;
            separators[groups] = b;
            groups += 1;
            run = 0;
        }
        if run == 0 {
            return false;
        }
        lengths[groups] = run;
        groups += 1;
        let lengths = &lengths[..groups];
        let separators = &separators[..groups - 1];
        let first = candidate[..lengths[0]].iter().fold(0, |n, b| n * 10 + usize::from(b - b'0'));
        match (separators, lengths) {
            // Dates: `11/28/2000`, `12-20-00`; `9/11`, `5/18`, but `1/2` and `19/20` are fractions.
            ([s, t], [_, _, last]) if s == t && *s != b'.' => *last >= 2,
            ([b'/'], [_, 2]) => first <= 12,
            // Phone numbers and zip codes.
            ([b'-'], [3 | 5 | 1, 4]) => true,
            ([b'/', b'-'], [3, 3, 4]) | ([b'-', b'-', b'-'], [1, 3, 3, 4]) => true,
            _ => false,
        }
    }

    /// The end of the digits joined by `-`, `/` and `.` at the start of `start..end`.
    fn numeric_prefix_end(&self, start: usize, end: usize) -> usize {
        let bytes = &self.bytes[..end];
        let mut i = start;
        while i < end
            && (bytes[i].is_ascii_digit()
                || (matches!(bytes[i], b'-' | b'/' | b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        i
    }

    // ---- Punctuation --------------------------------------------------------------------------------------

    /// Pushes the punctuation word at `i` (not whitespace, not a word character) and returns the byte after it.
    fn punct(&mut self, i: usize) -> usize {
        let b = self.bytes[i];
        let end = match b {
            b'.' => self.name_suffix_end(i).unwrap_or_else(|| self.sentence_end_run(i)),
            b'!' | b'?' => self.sentence_end_run(i),
            b'@' => self.handle_end(i).unwrap_or(i + 1),
            b'#' => self.handle_end(i).unwrap_or_else(|| self.run_of(i, b)),
            b'$' => self.run_of(i, b),
            b'^' => self.emoticon(i).unwrap_or_else(|| self.run_of(i, b)),
            b'+' => self.handle_end(i).unwrap_or_else(|| self.decoration_end(i)),
            b'-' | b'*' | b'=' | b'<' | b'>' | b'~' | b'_' | b'|' => {
                self.emoticon(i).unwrap_or_else(|| self.decoration_end(i))
            }
            b':' | b';' | b'(' => self.emoticon(i).unwrap_or(i + 1),
            b'\'' | b'`' => self.quote(i),
            b if b < 0x80 => i + 1,
            _ => {
                let (c, len) = self.char_at(i);
                match c {
                    '’' | '‘' | 'ʼ' => self.quote(i),
                    // A run of dashes is one word (`——`).
                    '—' | '–' => {
                        let mut end = i + len;
                        while self.text[end..self.end].starts_with(c) {
                            end += len;
                        }
                        end
                    }
                    _ => i + len,
                }
            }
        };
        let end = self.skip_extenders(end);
        self.push(i, end, false);
        end
    }

    /// The end of the sentence-final marks at `i`: a run of periods (`...`), or of `!`, `?` and periods (`?!`,
    /// `!!!`, `.?`) that stops before an ellipsis.
    fn sentence_end_run(&self, i: usize) -> usize {
        let bytes = &self.bytes[..self.end];
        let mut end = i + 1;
        if bytes[i] == b'.' && bytes.get(end) == Some(&b'.') {
            while bytes.get(end) == Some(&b'.') {
                end += 1;
            }
            return end;
        }
        while end < bytes.len()
            && matches!(bytes[end], b'.' | b'!' | b'?')
            && !(bytes[end] == b'.' && bytes.get(end + 1) == Some(&b'.'))
        {
            end += 1;
        }
        end
    }

    /// If `@`, `#` or `+` at `i` starts a word of its own, its end: a handle or hashtag (`@Ryan`, `#news`) or
    /// a country calling code (`+44`), each standing at the start of a token.
    fn handle_end(&self, i: usize) -> Option<usize> {
        if !self.quote_opens(i) {
            return None;
        }
        let next = i + 1;
        if self.bytes[i] == b'+' {
            let digits = self.bytes[next..self.end].iter().take_while(|b| b.is_ascii_digit()).count();
            return ((1..=3).contains(&digits) && !self.word_char_at(next + digits)).then_some(next + digits);
        }
        if next >= self.end || !self.bytes[next].is_ascii_alphabetic() {
            return None;
        }
        // `@john_doe`, `@example.com`, but `@Ryan` `'s`.
        let (end, connectors) = self.candidate(next);
        if connectors & !UNDERSCORE == 0 || self.is_name(next, end, connectors) {
            return Some(end);
        }
        Some(self.skip_word_chars(next))
    }

    /// If a file or domain suffix follows the period at `i` (`.doc`, `.com`) and ends the token, its end.
    fn name_suffix_end(&self, i: usize) -> Option<usize> {
        let next = i + 1;
        let letters = self.bytes[next..self.end].iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let end = next + letters;
        (letters >= 2 && !self.word_char_at(end) && is_one_of(&self.bytes[next..end], NAME_SUFFIXES)).then_some(end)
    }

    /// The end of a run of the symbols that draw lines and arrows (`---`, `***`, `<--`, `==>`).
    fn decoration_end(&self, i: usize) -> usize {
        let mut end = i + 1;
        while end < self.end
            && matches!(self.bytes[end], b'-' | b'*' | b'=' | b'+' | b'<' | b'>' | b'~' | b'_' | b'|')
            // `<>` is two words in EWT.
            && !(self.bytes[end - 1] == b'<' && self.bytes[end] == b'>')
        {
            end += 1;
        }
        end
    }

    /// The end of the run of byte `b` at `i`.
    fn run_of(&self, i: usize, b: u8) -> usize {
        let mut end = i + 1;
        while end < self.end && self.bytes[end] == b {
            end += 1;
        }
        end
    }

    /// If an emoticon starts at `i` and no letter or digit follows it, the byte after it.
    fn emoticon(&self, i: usize) -> Option<usize> {
        let rest = &self.bytes[i..self.end];
        let found = EMOTICONS.iter().find(|e| rest.starts_with(e))?;
        let end = i + found.len();
        // `(:` is an emoticon only standing alone.
        if found == b"(:" && end < self.end && self.bytes[end] != b' ' {
            return None;
        }
        (!self.word_char_at(end)).then_some(end)
    }

    /// The end of the apostrophe or single quotation mark at `i`: doubled (`''`, `‘’`) it is one word; before
    /// two digits it elides a century (`'07`); before a clitic alone it is the clitic (`'s`).
    fn quote(&mut self, i: usize) -> usize {
        let (c, len) = self.char_at(i);
        let next = i + len;
        if next < self.end {
            let (n, n_len) = self.char_at(next);
            if matches!(n, '\'' | '’' | '`') && (n == c || c == '‘') {
                return next + n_len;
            }
            // `'07`, `’90s`.
            let digits = self.bytes[next..self.end].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 2 {
                let plural = next + 2 < self.end && self.bytes[next + 2] == b's';
                let end = next + 2 + usize::from(plural);
                if !self.word_char_at(end) {
                    return end;
                }
            }
            let letters = self.skip_word_chars(next);
            if is_one_of(&self.bytes[next..letters], &[b"s", b"re", b"ve", b"ll", b"d", b"m"]) {
                return letters;
            }
        }
        // An opening mark stands before a word; anything else closes.
        self.quote_open = self.quote_opens(i) && self.word_char_at(next);
        next
    }

    /// True when a quotation mark at `i` stands where a quotation opens: at the start of the span or after
    /// whitespace, an opening bracket or a double quotation mark.
    fn quote_opens(&self, i: usize) -> bool {
        if i == self.start {
            return true;
        }
        let before = self.text[self.start..i].chars().next_back();
        before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '"' | '“' | '-' | '—' | '–'))
    }

    // ---- Characters ---------------------------------------------------------------------------------------

    /// Pushes the word `start..end` as it is.
    #[inline]
    fn push(&mut self, start: usize, end: usize, fused: bool) {
        debug_assert!(start < end && end <= self.end);
        self.out.push(Word { span: Span::new(start, end), fused });
    }

    /// The character at byte `i` (a char boundary before `end`) and its length.
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

    /// True when a word character starts at `i` (before `end`).
    #[inline]
    fn word_char_at(&self, i: usize) -> bool {
        if i >= self.end {
            return false;
        }
        let b = self.bytes[i];
        if b < 0x80 {
            return ASCII_CLASS[usize::from(b)] & (LETTER | DIGIT) != 0;
        }
        is_word_char(self.char_at(i).0)
    }

    /// Skips the extending marks from `i` (an emoji's variation selector, a stray combining accent).
    fn skip_extenders(&self, mut i: usize) -> usize {
        while i < self.end && self.bytes[i] >= 0x80 {
            let (c, len) = self.char_at(i);
            if !is_extender(c) {
                break;
            }
            i += len;
        }
        i
    }

    /// The end of the span without trailing whitespace.
    fn trim_end(&self) -> usize {
        self.start + self.text[self.start..self.end].trim_end().len()
    }
}

/// True when `word`, in lower case, is one of `list` (which is lower case).
fn is_one_of(word: &[u8], list: &[&[u8]]) -> bool {
    list.iter().any(|entry| entry.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text` as strings, a fused word marked with a trailing `~` (`do~ n't`).
    fn split(text: &str) -> Vec<String> {
        words(text, Span::new(0, text.len()))
            .into_iter()
            .map(|w| format!("{}{}", w.span.slice(text), if w.fused { "~" } else { "" }))
            .collect()
    }

    /// The words of `text`, space-separated, fused words marked with `~`.
    fn check(text: &str, expected: &str) {
        assert_eq!(split(text).join(" "), expected, "{text:?}");
    }

    #[test]
    fn splits_clitics_as_fused_words() {
        check("I don't know", "I do~ n't know");
        check("don’t can't won't ain't", "do~ n’t ca~ n't wo~ n't ai~ n't");
        check("I'm sure you're right, they've gone", "I~ 'm sure you~ 're right , they~ 've gone");
        check("we'll see, he'd go", "we~ 'll see , he~ 'd go");
        check("Russia's army, Russia’s army", "Russia~ 's army , Russia~ ’s army");
        check("Mr. Putin's plan", "Mr. Putin~ 's plan");
        check("the U.S.'s role", "the U.S.~ 's role");
        check("IT'S DIDN'T", "IT~ 'S DID~ N'T");
        check("O'Brien and Shi'ite d'etat", "O'Brien and Shi'ite d'etat");
        check("the allies' support", "the allies~ ' support");
        check("the allies’ support", "the allies~ ’ support");
    }

    #[test]
    fn splits_contractions_without_apostrophe() {
        check("I cannot go", "I can~ not go");
        check("gonna wanna gotta", "gon~ na wan~ na got~ ta");
        check("I dont know, im sure", "I do~ nt know , i~ m sure");
        check("dunno", "du~ n~ no");
        check("its a dog and its tail", "it~ s a dog and its tail");
    }

    #[test]
    fn keeps_plural_numbers_and_quoted_words() {
        check("the 1990's and AK47's", "the 1990's and AK47's");
        check("the 'stop' sign", "the ' stop ' sign");
        check("the 'rules' apply", "the ' rules ' apply");
        check("in '07 and ’72", "in '07 and ’72");
        check("''Yes,'' he said", "'' Yes , '' he said");
        check("Cheney 's plan", "Cheney 's plan");
    }

    #[test]
    fn splits_hyphens_except_after_prefixes() {
        check("Al-Zaman and al-Ani", "Al - Zaman and al - Ani");
        check("the U.S.-led coalition", "the U.S. - led coalition");
        check("e-mail co-workers non-violent re-election", "e-mail co-workers non-violent re-election");
        check("anti-war pre-war post-Saddam mid-2004", "anti-war pre-war post-Saddam mid-2004");
        check("a well-known self-made man", "a well - known self - made man");
        check("2021-22 season", "2021 - 22 season");
        check("5-10 years", "5 - 10 years");
        check("-- and --- and -", "-- and --- and -");
        check("word--word", "word -- word");
    }

    #[test]
    fn keeps_abbreviations_with_their_periods() {
        check("The U.S. and U.K. met", "The U.S. and U.K. met");
        check("Mr. Putin met Dr. Smith in St. Petersburg", "Mr. Putin met Dr. Smith in St. Petersburg");
        check("on Feb. 24 at 10 a.m. sharp", "on Feb. 24 at 10 a.m. sharp");
        check("e.g. this, i.e. that", "e.g. this , i.e. that");
        check("No. 10 Downing Street", "No. 10 Downing Street");
        check("he said no. Then", "he said no . Then");
        check("George W. Bush", "George W. Bush");
        check("Acme Inc. said", "Acme Inc. said");
        check("Mr.Putin", "Mr. Putin");
        // A second period is a word; an ellipsis takes the abbreviation's period.
        check("Acme Inc.. Then etc... and", "Acme Inc. . Then etc ... and");
    }

    #[test]
    fn splits_a_span_final_period_off_abbreviations() {
        check("They live in the U.S.", "They live in the U.S .");
        check("apples, pears, etc.", "apples , pears , etc .");
        check("Acme Inc. ", "Acme Inc .");
        check("it ended.", "it ended .");
    }

    #[test]
    fn keeps_numbers_whole() {
        check("$5 billion, 3.5% and 1,000,000", "$ 5 billion , 3.5 % and 1,000,000");
        check("at 10:30 on 9/11 and 11/28/2000", "at 10:30 on 9/11 and 11/28/2000");
        check("call 713-853-3989 or 345-9945", "call 713-853-3989 or 345-9945");
        check("1/2 cup", "1 / 2 cup");
        check("the 23rd, the 1990s", "the 23rd , the 1990s");
        check("5km 10am $5bn 35mm", "5 km 10 am $ 5 bn 35 mm");
        check("4G and 3D", "4G and 3D");
        check("US$5", "US$ 5");
        check("1,2345", "1 , 2345");
    }

    #[test]
    fn keeps_urls_emails_and_names_whole() {
        check("see http://example.com/a-b?x=1.", "see http://example.com/a-b?x=1 .");
        check("(www.bbc.co.uk/news)", "( www.bbc.co.uk/news )");
        check("mail john.doe@example.com.", "mail john.doe@example.com .");
        check("Amazon.com and memo.doc", "Amazon.com and memo.doc");
        check("end.The next", "end . The next");
    }

    #[test]
    fn groups_punctuation_runs_and_emoticons() {
        check("Wait... what?! No!!", "Wait ... what ?! No !!");
        check("fun :) and :-( ok ;)", "fun :) and :-( ok ;)");
        check("\"quoted\" (parens) [x]", "\" quoted \" ( parens ) [ x ]");
        check("“Yes,” he said—then left…", "“ Yes , ” he said — then left …");
        check("and/or he/she", "and / or he / she");
        check("AT&T and B & B", "AT&T and B & B");
        check("***", "***");
    }

    #[test]
    fn splits_news_text() {
        check(
            "Mr. Putin's U.S.-led rivals said \"No.\" (again) on Feb. 24, 2022—after 9/11-style threats?!",
            "Mr. Putin~ 's U.S. - led rivals said \" No . \" ( again ) on Feb. 24 , 2022 — after 9/11 - style threats ?!",
        );
        check(
            "Russia’s $5 billion deal, up 5% in 2021-22, wasn’t signed in St. Petersburg…",
            "Russia~ ’s $ 5 billion deal , up 5 % in 2021 - 22 , was~ n’t signed in St. Petersburg …",
        );
        check(
            "Gov. Newsom of Calif. met Sen. Smith (D-Wash.) at No. 10.",
            "Gov. Newsom of Calif. met Sen. Smith ( D - Wash. ) at No. 10 .",
        );
        check("the ’90s and '07", "the ’90s and '07");
        check("@POTUS wrote #Ukraine +44 20", "@POTUS wrote #Ukraine +44 20");
    }

    #[test]
    fn keeps_non_ascii_letters_and_marks_in_words() {
        check("Zürich’s café", "Zürich~ ’s café");
        check("cafe\u{301} 日本語 x", "cafe\u{301} 日本語 x");
        check("👍\u{FE0F} ok", "👍\u{FE0F} ok");
    }

    #[test]
    fn spans_are_absolute_and_narrowed() {
        let text = "Kyiv said. Moscow's reply came.";
        let found = words(text, Span::new(11, text.len()));
        assert_eq!(found[0].span, Span::new(11, 17));
        assert!(found[0].fused);
        assert_eq!(found[1].span.slice(text), "'s");
        assert_eq!(words(text, Span::new(0, 3)).len(), 1);
        assert!(words(text, Span::new(40, 50)).is_empty());
        assert_eq!(words(text, Span::new(0, u32::MAX as usize)).len(), 8);
        // A span cutting characters covers only the characters inside it.
        let text = "é日";
        assert!(words(text, Span::new(1, 4)).is_empty());
        assert_eq!(words(text, Span::new(1, 5))[0].span, Span::new(2, 5));
    }

    /// Checks the invariants of the words of `text` inside `within`.
    fn check_invariants(text: &str, within: Span) {
        let found = words(text, within);
        let end = (within.end as usize).min(text.len());
        let mut previous = (within.start as usize).min(end);
        let mut covered = vec![false; text.len()];
        for word in &found {
            let (s, e) = (word.span.start as usize, word.span.end as usize);
            assert!(s < e, "empty word in {text:?}");
            assert!(s >= previous && e <= end, "word {s}..{e} outside or overlapping in {text:?}");
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{text:?}");
            assert!(!text[s..e].chars().any(char::is_whitespace), "{text:?}");
            covered[s..e].iter_mut().for_each(|c| *c = true);
            previous = e;
        }
        let start = (within.start as usize).min(end);
        for (i, c) in text.char_indices().filter(|&(i, _)| i >= start) {
            if i + c.len_utf8() <= end && !c.is_whitespace() {
                assert!(covered[i], "{c:?} at {i} of {text:?} is in no word: {found:?}");
            }
        }
    }

    #[test]
    fn never_panics_on_cut_spans() {
        let text = "Zürich’s “café” — 日本語 naïve U.S.’s x don't http://a.b/c a-b 1,000";
        for start in 0..=text.len() + 2 {
            for end in start..=text.len() + 2 {
                check_invariants(text, Span::new(start, end));
            }
        }
    }

    #[test]
    fn long_runs_stay_linear() {
        // Each would take minutes if a rule rescanned the word so far at every connector.
        for piece in ["1,000", "10:3", "a.b", "U.S.", "a-", "'a", "don't", ".a", "e-", "x@y.", "--=", "1/2-", "\u{301}"]
        {
            let text = piece.repeat(50_000 / piece.len());
            let found = words(&text, Span::new(0, text.len()));
            assert!(!found.is_empty());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn words_cover_the_span_without_overlap(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "s", "t", "n", "Z", "U", "1", "0", "é", "ü", "日", "本", "\u{301}", "\u{FE0F}", "'", "’", "‘", ".",
                "-", "\"", "“", "”", " ", "  ", "\n", ",", ":", "/", "@", "&", "_", "$", "%", "(", ")", "!", "?",
                "http://", "www.", "com", "Mr", "don", "cannot", "its", "\u{a0}", "\u{2011}", "—", "`",
            ]), 0..40),
            cut in 0usize..8,
            trim in 0usize..8,
        ) {
            let text: String = pieces.concat();
            check_invariants(&text, Span::new(0, text.len()));
            check_invariants(&text, Span::new(cut, text.len().saturating_sub(trim)));
        }

        #[test]
        fn any_text_keeps_the_invariants(
            chars in proptest::collection::vec(proptest::prelude::any::<char>(), 0..30),
            cut in 0usize..12,
            trim in 0usize..12,
        ) {
            let text: String = chars.into_iter().collect();
            check_invariants(&text, Span::new(cut, text.len().saturating_sub(trim)));
        }
    }

    /// Where the EWT treebank lives in the shared data.
    const EWT: &str = "/work/shared/data/treebanks/ud-english-ewt";

    /// A sentence's text and its gold words: a span and whether the word is fused to the next, or `None`.
    type Gold = (String, Vec<Option<(Span, bool)>>);

    /// The sentences of a CoNLL-U file: the `# text` and the byte spans of its gold words (a multiword
    /// token whose words do not spell it gives its whole span to the first word and no span to the others).
    fn gold_sentences(path: &str) -> Option<Vec<Gold>> {
        let file = std::fs::read_to_string(path).ok()?;
        let mut sentences = Vec::new();
        for block in file.split("\n\n") {
            let Some(text) = block.lines().find_map(|l| l.strip_prefix("# text = ")) else { continue };
            let mut gold = Vec::new();
            let mut at = 0;
            let mut multiword: Option<(Span, usize, Vec<String>)> = None;
            for line in block.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
                let columns: Vec<&str> = line.split('\t').collect();
                let (id, form) = (columns[0], columns[1]);
                if id.contains('.') {
                    continue;
                }
                // The token's span: its form at the next non-space byte (or later, if the text differs).
                let mut place = |form: &str| {
                    while text[at..].starts_with(char::is_whitespace) {
                        at += text[at..].chars().next().map_or(1, char::len_utf8);
                    }
                    let start =
                        if text[at..].starts_with(form) { at } else { text[at..].find(form).map_or(at, |i| at + i) };
                    at = (start + form.len()).min(text.len());
                    Span::new(start, at)
                };
                if let Some((first, last)) = id.split_once('-') {
                    let count = last.parse::<usize>().unwrap() - first.parse::<usize>().unwrap() + 1;
                    multiword = Some((place(form), count, Vec::new()));
                    continue;
                }
                match &mut multiword {
                    Some((span, count, parts)) => {
                        parts.push(form.to_string());
                        if parts.len() == *count {
                            let token = span.slice(text);
                            if parts.concat() == token {
                                let mut start = span.start as usize;
                                for (k, part) in parts.iter().enumerate() {
                                    gold.push(Some((Span::new(start, start + part.len()), k + 1 < parts.len())));
                                    start += part.len();
                                }
                            } else {
                                gold.push(Some((*span, false)));
                                gold.extend(std::iter::repeat_n(None, parts.len() - 1));
                            }
                            multiword = None;
                        }
                    }
                    None => gold.push(Some((place(form), false))),
                }
            }
            sentences.push((text.to_string(), gold));
        }
        Some(sentences)
    }

    /// Word precision, recall and F1 against a treebank file, and the share of the correct words whose
    /// `fused` mark agrees with the gold multiword tokens; the errors go to `errors` as text.
    fn score(sentences: &[Gold], errors: &mut String) -> (f64, f64, f64, f64) {
        use std::fmt::Write as _;
        let (mut correct, mut predicted, mut gold_count, mut same_fused) = (0usize, 0usize, 0usize, 0usize);
        for (text, gold) in sentences {
            let found = words(text, Span::new(0, text.len()));
            let gold_words: Vec<(Span, bool)> = gold.iter().flatten().copied().collect();
            let mut matched = 0;
            for word in &found {
                if let Ok(k) = gold_words.binary_search_by_key(&word.span, |&(span, _)| span) {
                    matched += 1;
                    same_fused += usize::from(gold_words[k].1 == word.fused);
                }
            }
            let found: Vec<Span> = found.iter().map(|w| w.span).collect();
            let gold_spans: Vec<Span> = gold_words.iter().map(|&(span, _)| span).collect();
            correct += matched;
            predicted += found.len();
            gold_count += gold.len();
            if matched != found.len() || matched != gold.len() {
                let show = |spans: &[Span]| spans.iter().map(|s| s.slice(text)).collect::<Vec<_>>().join(" ");
                let _ = writeln!(errors, "{text}\n  gold: {}\n  ours: {}", show(&gold_spans), show(&found));
            }
        }
        let precision = correct as f64 / predicted as f64;
        let recall = correct as f64 / gold_count as f64;
        let fused = same_fused as f64 / correct as f64;
        (precision * 100.0, recall * 100.0, 200.0 * precision * recall / (precision + recall), fused * 100.0)
    }

    /// Word P/R/F1 on EWT train, dev and test, and the speed on their texts. Run with
    /// `cargo test -p redline-syntax --release words -- --ignored --nocapture`; `WORDS_ERRORS=dir` writes the
    /// sentences with errors to `dir/{train,dev,test}.txt`.
    #[test]
    #[ignore]
    fn ewt_accuracy_and_speed() {
        let mut all_text = String::new();
        let mut spans = Vec::new();
        // Rules come from train; dev checked them; test was never looked at.
        for split in ["train", "dev", "test"] {
            let Some(sentences) = gold_sentences(&format!("{EWT}/en_ewt-ud-{split}.conllu")) else {
                println!("EWT not found under {EWT}: skipped");
                return;
            };
            let mut errors = String::new();
            let (p, r, f, fused) = score(&sentences, &mut errors);
            println!(
                "EWT {split}: {} sentences, word P {p:.2} R {r:.2} F1 {f:.2}, fused marks right {fused:.2}",
                sentences.len()
            );
            if let Ok(dir) = std::env::var("WORDS_ERRORS") {
                std::fs::write(format!("{dir}/{split}.txt"), errors).unwrap();
            }
            for (text, _) in &sentences {
                let start = all_text.len();
                all_text.push_str(text);
                spans.push(Span::new(start, all_text.len()));
                all_text.push('\n');
            }
        }
        let mut out = Vec::new();
        let mut count = 0;
        let rounds = 20;
        let clock = std::time::Instant::now();
        for _ in 0..rounds {
            for &span in &spans {
                out.clear();
                words_into(&all_text, span, &mut out);
                count += out.len();
            }
        }
        let seconds = clock.elapsed().as_secs_f64();
        let megabytes = (all_text.len() * rounds) as f64 / 1e6;
        println!("speed: {:.1} MB/s ({} words per round)", megabytes / seconds, count / rounds);
    }
}
