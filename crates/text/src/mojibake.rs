//! Repair of mojibake: UTF-8 text that was decoded as Windows-1252 (or Latin-1), so that `’` reads
//! `â€™` and `é` reads `Ã©`.
//!
//! Like Python's ftfy, the repair re-encodes characters to the single bytes Windows-1252/Latin-1
//! would have read them from and keeps a sequence only when those bytes form one valid multi-byte
//! UTF-8 character (a lead byte `C2..=F4` followed by the right number of continuation bytes
//! `80..=BF`). Legitimate text ("café", "Zürich") never has a Latin-1 lead letter followed by such
//! continuation symbols, so it is left alone.

use memchr::memchr_iter;

/// What one repair found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repaired {
    /// The repaired text.
    pub text: String,
    /// How many mis-decoded sequences were replaced.
    pub count: usize,
}

/// Repairs mojibake in `text`; `None` when there is none. Double-encoded text (mojibake of
/// mojibake) is repaired by repeating the pass, at most three times.
pub(crate) fn repair(text: &str) -> Option<Repaired> {
    let mut total = 0;
    let mut current: Option<String> = None;
    for _ in 0..3 {
        let source = current.as_deref().unwrap_or(text);
        let Some((fixed, count)) = repair_pass(source) else {
            break;
        };
        total += count;
        current = Some(fixed);
    }
    current.map(|text| Repaired { text, count: total })
}

/// The characters that Windows-1252 decodes bytes `0x80..=0x9F` to. The five undefined bytes decode
/// to the C1 control of the same value, as in the WHATWG encoding standard (and `encoding_rs`).
#[cfg(test)]
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{2C6}', '\u{2030}',
    '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}',
    '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}',
    '\u{17E}', '\u{178}',
];

/// The byte that Windows-1252 (or, for C1 controls, Latin-1) would have decoded to `c`.
fn byte_of(c: char) -> Option<u8> {
    let code = c as u32;
    if code < 0x100 {
        // Latin-1 range, C1 controls included: a Latin-1 decoder maps every byte to itself.
        return Some(code as u8);
    }
    let byte = match c {
        '\u{20AC}' => 0x80,
        '\u{201A}' => 0x82,
        '\u{192}' => 0x83,
        '\u{201E}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{2C6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{160}' => 0x8A,
        '\u{2039}' => 0x8B,
        '\u{152}' => 0x8C,
        '\u{17D}' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{2DC}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{161}' => 0x9A,
        '\u{203A}' => 0x9B,
        '\u{153}' => 0x9C,
        '\u{17E}' => 0x9E,
        '\u{178}' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

/// The continuation byte (`0x80..=0xBF`) that `c` was read from, if any.
fn continuation_byte(c: char) -> Option<u8> {
    byte_of(c).filter(|b| (0x80..=0xBF).contains(b))
}

/// Number of continuation bytes a UTF-8 lead byte needs, or `None` if `byte` cannot lead.
fn continuations_needed(byte: u8) -> Option<usize> {
    match byte {
        0xC2..=0xDF => Some(1),
        0xE0..=0xEF => Some(2),
        0xF0..=0xF4 => Some(3),
        _ => None,
    }
}

/// One pass over `text`; `None` when nothing was repaired.
fn repair_pass(text: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut count = 0;
    let mut copied = 0;
    // Every possible lead character (U+00C2..=U+00F4) is encoded with first byte 0xC3, and 0xC3 only
    // ever starts a character: the text between two of them is copied without being decoded.
    for at in memchr_iter(0xC3, text.as_bytes()) {
        if at < copied {
            continue;
        }
        let Some(lead) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        let after = &text[at + lead.len_utf8()..];
        // The character before the lead as it stands in the output (it may be a repaired one).
        let prev = if at > copied { text[..at].chars().next_back() } else { out.chars().next_back() };
        if let Some((fixed, consumed)) = decode_sequence(prev, lead, after) {
            if out.is_empty() {
                out.reserve(text.len());
            }
            out.push_str(&text[copied..at]);
            out.push(fixed);
            count += 1;
            copied = at + lead.len_utf8() + consumed;
        }
    }
    if count == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some((out, count))
}

/// Punctuation that legitimately follows a word. An accented letter at the end of a word followed
/// by these (`café”—`, `Strauß’`) can read as valid UTF-8 (`é”—` is E9 94 97), so a sequence whose
/// lead ends a word and whose first continuation is one of these is taken for real text.
const WORD_FOLLOWERS: &[char] = &['…', '‘', '’', '“', '”', '•', '–', '—', '\u{A0}', '«', '»'];

/// If `lead` and the characters at the start of `after` are the Windows-1252 reading of one UTF-8
/// character, returns that character and how many bytes of `after` it used. `prev` is the character
/// before `lead`.
fn decode_sequence(prev: Option<char>, lead: char, after: &str) -> Option<(char, usize)> {
    let lead_byte = byte_of(lead)?;
    let needed = continuations_needed(lead_byte)?;
    // `Â` and `Ã` (leads of Latin-1 letters, the commonest mojibake) are themselves rare in text.
    let lead_is_rare = matches!(lead, 'Â' | 'Ã');
    let ends_word = prev.is_some_and(char::is_alphabetic);
    if !lead_is_rare && ends_word && after.chars().next().is_some_and(|c| WORD_FOLLOWERS.contains(&c)) {
        return None;
    }
    let mut bytes = [lead_byte, 0, 0, 0];
    let mut used = 0;
    let mut chars = after.chars();
    for slot in bytes.iter_mut().skip(1).take(needed) {
        let next = chars.next();
        match next.and_then(continuation_byte) {
            Some(b) => {
                *slot = b;
                used += next.map_or(0, char::len_utf8);
            }
            None => return lossy_punctuation(lead, after, used, next),
        }
    }
    let decoded = std::str::from_utf8(&bytes[..=needed]).ok()?;
    decoded.chars().next().map(|c| (c, used))
}

/// Mojibake that lost a byte on the way: `â€` followed by `"` was an em dash whose `”` (0x94) was
/// flattened to `"`; `â€` followed by U+FFFD or by nothing usable was a `”` whose undefined byte
/// 0x9D was dropped. `used` bytes of `after` are the `€`; `next` is the character after it.
fn lossy_punctuation(lead: char, after: &str, used: usize, next: Option<char>) -> Option<(char, usize)> {
    if lead != 'â' || !after.starts_with('€') || used != '€'.len_utf8() {
        return None;
    }
    match next {
        Some('"') => Some(('—', used + 1)),
        Some('\u{FFFD}') => Some(('”', used + '\u{FFFD}'.len_utf8())),
        _ => Some(('”', used)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        repair(text).map_or_else(|| text.to_string(), |r| r.text)
    }

    #[test]
    fn table_matches_encoding_rs() {
        for (i, &c) in CP1252_HIGH.iter().enumerate() {
            let byte = 0x80 + i as u8;
            let input = [byte];
            let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(&input);
            assert_eq!(decoded.chars().next(), Some(c), "byte {byte:#x}");
            assert_eq!(byte_of(c), Some(byte));
        }
    }

    #[test]
    fn repairs_the_common_sequences() {
        assert_eq!(fixed("Kyivâ€™s response"), "Kyiv’s response");
        assert_eq!(fixed("â€œdire consequencesâ€\u{9D}"), "“dire consequences”");
        assert_eq!(fixed("talks â€” and more"), "talks — and more");
        assert_eq!(fixed("2021â€“22"), "2021–22");
        assert_eq!(fixed("cafÃ© in ZÃ¼rich"), "café in Zürich");
        assert_eq!(fixed("aÂ\u{A0}b"), "a\u{A0}b");
        assert_eq!(fixed("â‚¬5"), "€5");
    }

    #[test]
    fn repairs_every_character_of_a_real_encoding_round_trip() {
        let original = "Zelensky’s “red line” — naïve São Paulo €5 …";
        let (mangled, _, _) = encoding_rs::WINDOWS_1252.decode(original.as_bytes());
        assert_ne!(mangled, original);
        assert_eq!(fixed(&mangled), original);
    }

    #[test]
    fn repairs_double_encoding() {
        let (once, _, _) = encoding_rs::WINDOWS_1252.decode("Kyiv’s".as_bytes());
        let (twice, _, _) = encoding_rs::WINDOWS_1252.decode(once.as_bytes());
        assert_eq!(fixed(&twice), "Kyiv’s");
    }

    #[test]
    fn repairs_bytes_lost_on_the_way() {
        assert_eq!(fixed("talks â€\" and more"), "talks — and more");
        assert_eq!(fixed("â€œred lineâ€\u{FFFD} said"), "“red line” said");
        assert_eq!(fixed("â€œred lineâ€ said"), "“red line” said");
    }

    #[test]
    fn leaves_legitimate_text_alone() {
        for text in [
            "café",
            "Zürich",
            "naïve façade",
            "São Paulo",
            "Ångström, Düsseldorf, Øresund",
            "déjà vu",
            "Â",
            "ÉTÉ 2022",
            "über » quoted «",
            "“café”—and",
            "“voilà”… Strauß’ Pelé”",
            "château”—x",
            "plain ascii",
        ] {
            assert_eq!(repair(text), None, "{text}");
        }
    }

    #[test]
    fn counts_each_sequence() {
        let r = repair("â€œaâ€\u{9D} Ã©").map(|r| r.count);
        assert_eq!(r, Some(3));
    }

    #[test]
    fn jumping_between_leads_matches_the_char_by_char_pass() {
        let pieces = [
            "a", " ", "Ã", "Â", "â", "©", "€", "™", "\u{9D}", "\u{A0}", "\u{FFFD}", "\"", "’", "—", "é", "ð", "Ÿ",
            "”—", "x",
        ];
        let mut inputs = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        inputs.push(format!("{a}{b}{c}{d}"));
                    }
                }
            }
        }
        let (double, _, _) = encoding_rs::WINDOWS_1252.decode("Kyivâ€™s cafÃ©".as_bytes());
        inputs.push(double.into_owned());
        for input in &inputs {
            assert_eq!(repair_pass(input), slow_repair_pass(input), "{input:?}");
        }
    }

    /// The pass as it was written first, decoding every character: the reference for [`repair_pass`].
    fn slow_repair_pass(text: &str) -> Option<(String, usize)> {
        // Every possible lead character (U+00C2..=U+00F4) is encoded with first byte 0xC3.
        if !text.as_bytes().contains(&0xC3) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut count = 0;
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let after = &rest[c.len_utf8()..];
            if let Some((fixed, consumed)) = decode_sequence(out.chars().next_back(), c, after) {
                out.push(fixed);
                count += 1;
                rest = &after[consumed..];
                continue;
            }
            out.push(c);
            rest = after;
        }
        (count > 0).then_some((out, count))
    }
}
