//! The quote scanner's small word scan ([`Tok`]: words, punctuation, quotation marks) over the paragraphs
//! a quotation touches, and the word classes attribution reads (names, titles, role nouns).

use redline_model::{ActorMention, MentionKind};

use super::marks::RawQuote;

/// A token of the small word scan: a word, a punctuation character or a quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: TokKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokKind {
    Word,
    Punct(char),
    Mark,
}

impl Tok {
    pub(super) fn text(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The tokens of the paragraphs attribution reads: those a quotation spans, and the one before each
/// (where `X continued:` may stand), each with its closing newline.
///
/// Attribution walks tokens only within a sentence or paragraph and stops at a newline token, so the
/// paragraphs left out would never be reached: every walk sees the tokens that [`lex`] of the whole
/// text gives there, at other indices. Most of an article quotes nobody; this skips lexing it.
pub(super) fn lex_quoted_paragraphs(text: &str, quotes: &[RawQuote]) -> Vec<Tok> {
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
pub(super) fn lex(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5);
    lex_into(text, 0, text.len(), &mut out);
    out
}

/// [`lex`] of the bytes `from..to`, which start a paragraph and end one (after its newline, or at the
/// text's end), appended to `out`.
pub(super) fn lex_into(text: &str, from: usize, to: usize, out: &mut Vec<Tok>) {
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

/// Abbreviated titles that keep their period.
pub(super) fn is_abbreviation(word: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Rep", "Sen", "Gov", "Gen", "Lt", "Col", "Sgt", "Capt", "Adm", "Prof", "St", "Jr",
        "Sr",
    ];
    ABBREVIATIONS.contains(&word)
}

pub(super) fn is_person(mention: &ActorMention) -> bool {
    matches!(mention.kind, MentionKind::Person | MentionKind::RoleNominal)
}

pub(super) fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

/// A capitalised word that can be part of a name: not a function word, weekday or month.
pub(super) fn is_name_word(word: &str) -> bool {
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
        // Discourse words, question words and auxiliaries that open a spoken sentence ("Well, …",
        // "Look, …", "Could you …"): capitalised there, never a name.
        "Well",
        "Look",
        "Right",
        "Yes",
        "No",
        "Now",
        "Okay",
        "OK",
        "Sure",
        "Because",
        "What",
        "Why",
        "How",
        "Where",
        "Who",
        "Which",
        "Can",
        "Could",
        "Would",
        "Should",
        "Will",
        "Do",
        "Does",
        "Did",
        "Is",
        "Are",
        "Was",
        "Were",
        "Have",
        "Has",
        "Had",
        "Let",
        "Certain",
        "Thank",
        "Thanks",
        "Please",
        "Again",
        "Some",
        "Many",
        "Most",
        "All",
        "Both",
        "Each",
        "Every",
        "Another",
        "Other",
        "One",
    ];
    // A contraction ("I'm", "He'd", "They've") is a pronoun and its verb, not a name.
    let contraction =
        ["'m", "'d", "'ve", "'ll", "'re", "’m", "’d", "’ve", "’ll", "’re"].iter().any(|c| word.ends_with(c));
    word.chars().next().is_some_and(char::is_uppercase)
        && !contraction
        && !NOT_NAMES.contains(&word)
        && !crate::dates::CALENDAR_WORDS.contains(&word)
}

/// Capitalised titles dropped from the front of a name ("Foreign Minister Sergey Lavrov").
pub(super) fn is_title_word(word: &str) -> bool {
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
pub(super) fn is_role_noun(word: &str) -> bool {
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
pub(super) fn is_title_modifier(word: &str) -> bool {
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
