//! Restores curly quotation marks that a feed lost as `?` (`lead to ?dire consequences? for`).
//!
//! A pair is restored only when the first `?` opens a word (after the start of the paragraph, a space,
//! `(`, `[` or a dash, and before a letter or digit), the next `?` in the same paragraph closes one
//! (after a non-space, before a space, punctuation or the end), and the pair encloses 1 to 60 words.
//! A real question mark follows a word, so it can never open a pair and is left alone.

/// Most words a restored quotation may enclose.
const MAX_WORDS: usize = 60;

/// The text with lost quotation marks restored, and how many pairs were restored; `None` when
/// there were none.
pub(crate) fn repair(text: &str) -> Option<(String, usize)> {
    if !text.contains('?') {
        return None;
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        find_pairs(line, line_start, &mut pairs);
        line_start += line.len() + 1;
    }
    if pairs.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 4 * pairs.len());
    let mut copied = 0;
    for &(open, close) in &pairs {
        out.push_str(&text[copied..open]);
        out.push('“');
        out.push_str(&text[open + 1..close]);
        out.push('”');
        copied = close + 1;
    }
    out.push_str(&text[copied..]);
    Some((out, pairs.len()))
}

/// Appends to `pairs` the (opening, closing) byte offsets of lost quotation marks in one paragraph.
fn find_pairs(line: &str, offset: usize, pairs: &mut Vec<(usize, usize)>) {
    let mut marks = line.match_indices('?').map(|(i, _)| i).peekable();
    while let Some(open) = marks.next() {
        if !opens_quote(line, open) {
            continue;
        }
        let Some(&close) = marks.peek() else { return };
        if !closes_quote(line, close) {
            continue;
        }
        let words = line[open + 1..close].split_whitespace().count();
        if (1..=MAX_WORDS).contains(&words) {
            pairs.push((offset + open, offset + close));
            marks.next();
        }
    }
}

/// True when the `?` at `at` sits where an opening quotation mark would.
fn opens_quote(line: &str, at: usize) -> bool {
    let before = line[..at].chars().next_back();
    let after = line[at + 1..].chars().next();
    let opens_after = match before {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '-' | '–' | '—'),
    };
    opens_after && after.is_some_and(char::is_alphanumeric)
}

/// True when the `?` at `at` sits where a closing quotation mark would.
fn closes_quote(line: &str, at: usize) -> bool {
    let before = line[..at].chars().next_back();
    let after = line[at + 1..].chars().next();
    let closes_after = before.is_some_and(|c| !c.is_whitespace());
    let closes_before = match after {
        None => true,
        Some(c) => !c.is_alphanumeric(),
    };
    closes_after && closes_before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        repair(text).map_or_else(|| text.to_string(), |(t, _)| t)
    }

    #[test]
    fn restores_the_seed_article_quotes() {
        let seed = "Attempts to expand NATO eastwards will lead to ?dire consequences? for the US-led bloc.";
        assert_eq!(
            fixed(seed),
            "Attempts to expand NATO eastwards will lead to “dire consequences” for the US-led bloc."
        );
    }

    #[test]
    fn restores_at_paragraph_edges_and_before_punctuation() {
        assert_eq!(fixed("?We will respond,? he said."), "“We will respond,” he said.");
        assert_eq!(fixed("He called it a ?provocation?."), "He called it a “provocation”.");
        assert_eq!(fixed("(?red lines?)"), "(“red lines”)");
        assert_eq!(repair("a ?b? c ?d?").map(|(_, n)| n), Some(2));
    }

    #[test]
    fn keeps_real_question_marks() {
        for text in [
            "Why? Because they can.",
            "What next? Nobody knows?",
            "Is this the end?",
            "Will they? Will they not?",
            "See example.com/page?id=3 now.",
        ] {
            assert_eq!(repair(text), None, "{text}");
        }
    }

    #[test]
    fn does_not_pair_across_paragraphs_or_too_many_words() {
        assert_eq!(repair("lead to ?dire\nconsequences? for"), None);
        let long = format!("a ?{}? b", vec!["word"; 61].join(" "));
        assert_eq!(repair(&long), None);
    }

    #[test]
    fn a_question_inside_a_restored_pair_is_not_an_opener() {
        assert_eq!(fixed("He asked ?why? Then he left?"), "He asked “why” Then he left?");
    }
}
