//! Speaker turns of transcripts: a paragraph opening with a label ("MS. PSAKI:", "THE PRESIDENT:",
//! "President of Russia Vladimir Putin:", "Q:") starts the turn of that speaker, and the paragraphs after it
//! without a label continue it. A quotation inside a turn with no speaker of its own is the turn speaker's
//! (who quotes it), and so are the turn's "I" and "we".

use redline_model::Span;

use super::attribution::{Doc, Found};
use super::lex::{is_person, is_title_word};

/// At most this many paragraphs are read back for the label of a turn.
const TURN_PARAGRAPHS: usize = 40;

/// At most this many words in a label.
const LABEL_WORDS: usize = 8;

impl Doc<'_> {
    /// The speaker of the transcript turn holding byte `pos`: the label of its paragraph, or in a
    /// transcript (two labelled paragraphs or more) of the last labelled paragraph before it.
    pub(super) fn turn_speaker(&self, pos: usize) -> Option<Found> {
        let mut line_start = self.line_bounds(pos).0;
        let paragraphs = if self.is_transcript() { TURN_PARAGRAPHS } else { 1 };
        for _ in 0..paragraphs {
            let (start, end) = self.line_bounds(line_start);
            if let Some(label) = label(&self.text[start..end]) {
                let span = Span::new(start + label.start as usize, start + label.end as usize);
                return Some(self.label_speaker(span));
            }
            if start == 0 {
                return None;
            }
            line_start = start - 1;
        }
        None
    }

    /// True when two paragraphs or more open with a label, computed once.
    fn is_transcript(&self) -> bool {
        *self
            .transcript
            .get_or_init(|| self.text.split('\n').filter(|paragraph| label(paragraph).is_some()).take(2).count() == 2)
    }

    /// Who a label names: the actor mention inside it, the questioner of a `Q:` line, or its words
    /// without titles ("MS. PSAKI" → "Psaki").
    fn label_speaker(&self, span: Span) -> Found {
        let words = span.slice(self.text);
        // The person the label ends with ("President of Russia Vladimir Putin", "MS. PSAKI"); a country
        // inside an organisation's name ("Indian American Impact") is not the speaker.
        let named = self
            .mentions
            .iter()
            .find(|m| m.span.start >= span.start && m.span.end == span.end && (is_person(m) || m.span == span));
        if let Some(m) = named {
            return Found::Mention((*m).clone()).at(span);
        }
        if matches!(words, "Q" | "QUESTION" | "Question" | "REPORTER" | "Reporter") {
            return Found::Name(span, "a reporter".to_string());
        }
        let kept: Vec<String> = words
            .split_whitespace()
            .filter(|w| !is_title_word(&title_case(w)) && !matches!(*w, "THE" | "The" | "MR" | "MS" | "MRS" | "DR"))
            .map(title_case)
            .collect();
        let name = if kept.is_empty() { title_case(words) } else { kept.join(" ") };
        Found::Name(span, name)
    }
}

/// The label opening a paragraph (`NAME:` and a space), as a span of the paragraph: up to
/// [`LABEL_WORDS`] capitalised words, with "of", "the", "for" and "and" between them.
fn label(paragraph: &str) -> Option<Span> {
    let colon = paragraph.find(':')?;
    let head = &paragraph[..colon];
    if !paragraph[colon + 1..].starts_with(' ') || head.is_empty() || head.trim() != head {
        return None;
    }
    let words: Vec<&str> = head.split(' ').collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let connector = |w: &str| matches!(w, "of" | "the" | "for" | "and");
    let fits = words.len() <= LABEL_WORDS
        && words.first().is_some_and(|w| capitalised(w))
        && words.last().is_some_and(|w| capitalised(w))
        && words.iter().all(|w| {
            (capitalised(w) || connector(w)) && w.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
        });
    // Someone, not a place or a topic ("Ukraine: …"): capitals (the transcript convention), a title or a
    // first name and surname.
    let person = head.chars().all(|c| !c.is_lowercase())
        || words.iter().any(|w| is_title_word(w))
        || words.iter().filter(|w| capitalised(w)).count() >= 2;
    (fits && person).then(|| Span::new(0, colon))
}

/// "PSAKI" → "Psaki"; a word already in mixed case is kept.
fn title_case(word: &str) -> String {
    if word.chars().any(char::is_lowercase) {
        return word.to_string();
    }
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_string() + &chars.as_str().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_open_transcript_paragraphs() {
        fn span(p: &str) -> Option<&str> {
            label(p).map(|s| &p[s.range()])
        }
        assert_eq!(span("MS. PSAKI: Sure."), Some("MS. PSAKI"));
        assert_eq!(span("THE PRESIDENT: Look, I said it."), Some("THE PRESIDENT"));
        assert_eq!(
            span("President of Russia Vladimir Putin: We do not want war."),
            Some("President of Russia Vladimir Putin")
        );
        assert_eq!(span("Q: Thank you."), Some("Q"));
        // Sentences with a colon are no labels.
        assert_eq!(span("He said: “No.”"), None);
        assert_eq!(span("The reason is simple: money."), None);
        assert_eq!(span("Note:no space"), None);
        assert_eq!(span("At 10:30 the talks began."), None);
        assert_eq!(span("Ukraine: troops shell Kharkiv"), None);
        assert_eq!(span("Dmitry Kozak: Yes."), Some("Dmitry Kozak"));
        assert_eq!(title_case("PSAKI"), "Psaki");
        assert_eq!(title_case("McCain"), "McCain");
    }
}
