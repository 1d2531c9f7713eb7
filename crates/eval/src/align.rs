//! Aligning the gold text with the engine's clean text, so that gold spans can be found in the clean text.
//!
//! The engine cleans what it reads: it may prepend the title, collapse whitespace, repair quotation marks
//! and apostrophes. Gold offsets and gold span texts point into the gold `text`, so both texts are
//! *folded* — whitespace and zero-width characters dropped, every quotation mark and apostrophe made `"`,
//! every dash made `-`, letters lower-cased — and the folded texts are diffed (Myers, via `dissimilar`).
//! Each folded gold character that the diff keeps equal maps to one character of the clean text; a gold
//! span maps to the clean span from its first to its last mapped character.
//!
//! Gold span texts are located by folded content in the gold text (so "Croatian government 's" is found
//! however the gold spaced it); where a text occurs more than once, the occurrence nearest the gold
//! offset hint comes first.

use redline_model::Span;

/// The alignment of one gold text with one clean text.
#[derive(Debug)]
pub(crate) struct Alignment {
    gold: Folded,
    clean: Folded,
    /// For each folded gold character, the folded clean character it equals, if the diff kept it.
    to_clean: Vec<Option<usize>>,
}

impl Alignment {
    /// Aligns `gold` (the gold item's text) with `clean` (the annotated article's text).
    pub(crate) fn new(gold: &str, clean: &str) -> Alignment {
        let gold = Folded::new(gold);
        let clean = Folded::new(clean);
        let gold_str: String = gold.chars.iter().collect();
        let clean_str: String = clean.chars.iter().collect();
        let mut to_clean = vec![None; gold.chars.len()];
        let (mut g, mut c) = (0, 0);
        for chunk in dissimilar::diff(&gold_str, &clean_str) {
            match chunk {
                dissimilar::Chunk::Equal(s) => {
                    for _ in s.chars() {
                        if let Some(slot) = to_clean.get_mut(g) {
                            *slot = Some(c);
                        }
                        g += 1;
                        c += 1;
                    }
                }
                dissimilar::Chunk::Delete(s) => g += s.chars().count(),
                dissimilar::Chunk::Insert(s) => c += s.chars().count(),
            }
        }
        Alignment { gold, clean, to_clean }
    }

    /// Every place where `needle` occurs in the gold text, by folded content, mapped into the clean text.
    ///
    /// The occurrence nearest `hint` (a character offset into the gold text) comes first; without a hint,
    /// text order. Occurrences whose characters the diff mapped nowhere are left out.
    pub(crate) fn locate(&self, needle: &str, hint: Option<usize>) -> Vec<Span> {
        let needle = Folded::new(needle).chars;
        if needle.is_empty() || needle.len() > self.gold.chars.len() {
            return Vec::new();
        }
        let mut starts: Vec<usize> = self
            .gold
            .chars
            .windows(needle.len())
            .enumerate()
            .filter(|(_, window)| *window == needle.as_slice())
            .map(|(start, _)| start)
            .collect();
        if let Some(hint) = hint {
            starts.sort_by_key(|&start| self.gold.char_index[start].abs_diff(hint));
        }
        starts.into_iter().filter_map(|start| self.map_folded(start, start + needle.len())).collect()
    }

    /// Maps the gold text's characters `start..end` (character offsets) into the clean text.
    pub(crate) fn map_chars(&self, start: usize, end: usize) -> Option<Span> {
        let first = self.gold.char_index.partition_point(|&index| index < start);
        let last = self.gold.char_index.partition_point(|&index| index < end);
        self.map_folded(first, last)
    }

    /// Maps folded gold characters `first..last` onto the clean span from the first to the last mapped one.
    fn map_folded(&self, first: usize, last: usize) -> Option<Span> {
        let mapped = self.to_clean.get(first..last)?;
        let lo = mapped.iter().flatten().min()?;
        let hi = mapped.iter().flatten().max()?;
        Some(Span::new(*self.clean.starts.get(*lo)?, *self.clean.ends.get(*hi)?))
    }
}

/// A text reduced to the characters that alignment compares, each with where it came from.
#[derive(Debug, Default)]
struct Folded {
    /// The folded characters.
    chars: Vec<char>,
    /// Byte offset of each folded character in the original text.
    starts: Vec<usize>,
    /// Byte offset one past each folded character in the original text.
    ends: Vec<usize>,
    /// Character (code point) offset of each folded character in the original text.
    char_index: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut folded = Folded::default();
        for (index, (start, ch)) in text.char_indices().enumerate() {
            let Some(fold) = fold_char(ch) else { continue };
            folded.chars.push(fold);
            folded.starts.push(start);
            folded.ends.push(start + ch.len_utf8());
            folded.char_index.push(index);
        }
        folded
    }
}

/// The character alignment compares in place of `ch`, or `None` for characters it skips.
fn fold_char(ch: char) -> Option<char> {
    if ch.is_whitespace() || matches!(ch, '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}') {
        return None;
    }
    Some(match ch {
        '"' | '\'' | '`' | '´' | '«' | '»' | '‹' | '›' | '\u{2018}'..='\u{201F}' | '′' | '″' | 'ʼ' | 'ʹ' => {
            '"'
        }
        '\u{2010}'..='\u{2015}' | '−' => '-',
        _ => ch.to_lowercase().next().unwrap_or(ch),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_tokenised_gold_onto_clean_text() {
        let gold = "Meanwhile , a Swiss court rejected the Croatian government 's request .";
        let clean = "Meanwhile, a Swiss court rejected the Croatian government’s request.";
        let alignment = Alignment::new(gold, clean);
        let spans = alignment.locate("Croatian government 's request", None);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].slice(clean), "Croatian government’s request");
        let court = alignment.locate("a Swiss court", None);
        assert_eq!(court[0].slice(clean), "a Swiss court");
    }

    #[test]
    fn survives_a_prepended_title_and_repaired_quotes() {
        let gold = "It will lead to ?dire consequences? for the bloc,  he said.";
        let clean = "Russia warns NATO\n\nIt will lead to “dire consequences” for the bloc, he said.";
        let alignment = Alignment::new(gold, clean);
        let spans = alignment.locate("dire consequences", None);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].slice(clean), "dire consequences");
        // Character offsets of "he said" in the gold text map to the same words in the clean text.
        let start = gold.find("he said").unwrap();
        assert_eq!(alignment.map_chars(start, start + 7).unwrap().slice(clean), "he said");
    }

    #[test]
    fn nearest_occurrence_to_the_hint_comes_first() {
        let gold = "“No,” she said. Later: “No,” he said.";
        let alignment = Alignment::new(gold, gold);
        let hint = gold.chars().count() - 13;
        let spans = alignment.locate("“No,”", Some(hint));
        assert_eq!(spans.len(), 2);
        assert!(spans[0].start > spans[1].start);
        assert_eq!(alignment.locate("“No,”", None)[0].start, 0);
    }

    #[test]
    fn char_offsets_are_code_points() {
        let gold = "Kyiv’s envoy said “enough”.";
        let clean = "Kyiv's envoy said \"enough\".";
        let alignment = Alignment::new(gold, clean);
        // "envoy" starts at code point 7 but byte 9 of the gold text.
        assert_eq!(alignment.map_chars(7, 12).unwrap().slice(clean), "envoy");
        assert!(alignment.locate("absent words", None).is_empty());
        assert!(alignment.locate("  ", None).is_empty());
    }
}
