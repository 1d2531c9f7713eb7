//! Finding gaps in the dictionaries: proper names in coded text that no dictionary entry resolves.
//!
//! A proper name here is a run of capitalised words (with `of`, `the`, `de`, `al` … allowed inside) that no
//! actor mention overlaps. Sentence-initial function words, calendar words, titles and contractions are not
//! names; across a corpus, [`GapCounter`] also drops single words that the corpus writes in lower case
//! elsewhere ("Go ahead", "Yeah") and transcript labels in capitals ("QUESTION:").

use std::collections::{BTreeMap, HashSet};

use redline_model::{AnnotatedArticle, Span};
use redline_text::{TokenKind, tokenize};

/// One unresolved proper name in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The name as written.
    pub name: String,
    /// Its span in the clean text.
    pub span: Span,
    /// The sentence it occurs in.
    pub sentence: u32,
    /// True when the name starts its sentence (its first word may just be capitalised there).
    pub initial: bool,
}

/// Lower-case words allowed inside a name ("Organization for Security and Co-operation in Europe").
const JOINERS: &[&str] =
    &["of", "the", "for", "and", "de", "del", "da", "von", "van", "der", "al", "bin", "el", "la", "le", "in", "on"];

/// Capitalised words that are not names on their own.
const NOT_NAMES: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "A",
    "An",
    "In",
    "On",
    "At",
    "As",
    "And",
    "But",
    "Or",
    "If",
    "We",
    "I",
    "It",
    "He",
    "She",
    "They",
    "You",
    "Our",
    "My",
    "His",
    "Her",
    "Their",
    "Its",
    "What",
    "When",
    "Where",
    "Why",
    "How",
    "Who",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "President",
    "Prime",
    "Minister",
    "Secretary",
    "Deputy",
    "Foreign",
    "Defense",
    "Defence",
    "General",
    "Chancellor",
    "Vice",
    "Chairman",
    "Ambassador",
    "Spokesperson",
    "Spokesman",
    "Press",
    "Office",
    "Government",
    "State",
    "Thank",
    "Thanks",
    "Q",
    "MR",
    "THE",
    "PRESIDENT",
    "Also",
    "There",
    "Here",
    "Now",
    "So",
    "Yes",
    "No",
    "After",
    "Before",
    "For",
    "With",
    "From",
    "To",
    "By",
    "Of",
    "All",
    "Some",
    "Many",
    "One",
    "Two",
    "Three",
    "First",
    "Second",
    "Today's",
    "Well",
    "Please",
    "Let",
    "Okay",
    "OK",
    "Because",
    "While",
    "Since",
    "Although",
    "However",
    "Meanwhile",
    "Furthermore",
    "Moreover",
    "Then",
    "Again",
    "Ladies",
    "Gentlemen",
    "Colleagues",
    "Friends",
    "Good",
    "Great",
    "New",
    "Mister",
    "Madam",
    "Sir",
    "MS",
    "MRS",
    "DR",
    "Q",
    "QUESTION",
    "MODERATOR",
    "OPERATOR",
    "Applause",
    "Laughter",
];

/// A name the dictionaries miss, with how often it occurs and a sentence that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The name.
    pub name: String,
    /// Occurrences in the corpus.
    pub count: usize,
    /// The first sentence it was seen in.
    pub example: String,
}

/// Counts unresolved names over a corpus, one article at a time.
#[derive(Debug, Default)]
pub struct GapCounter {
    names: BTreeMap<(String, bool), (usize, String)>,
    lower_case: HashSet<String>,
}

impl GapCounter {
    /// An empty counter.
    pub fn new() -> GapCounter {
        GapCounter::default()
    }

    /// Adds one coded article's unresolved names and its lower-case vocabulary.
    pub fn add(&mut self, article: &AnnotatedArticle) {
        for sentence in &article.sentences {
            for token in tokenize(&article.text, sentence.span) {
                let word = token.span.slice(&article.text);
                if token.kind == TokenKind::Word
                    && word.chars().next().is_some_and(char::is_lowercase)
                    && !self.lower_case.contains(word)
                {
                    self.lower_case.insert(word.to_string());
                }
            }
        }
        for gap in unresolved_names(article) {
            let entry = self.names.entry((gap.name, gap.initial)).or_insert_with(|| {
                let sentence = article.sentences[gap.sentence as usize].span.slice(&article.text);
                (0, sentence.chars().take(160).collect())
            });
            entry.0 += 1;
        }
    }

    /// The `top` most frequent gaps, most frequent first.
    pub fn ranked(&self, top: usize) -> Vec<Gap> {
        let mut merged: BTreeMap<String, (usize, &str)> = BTreeMap::new();
        for ((name, initial), (count, example)) in &self.names {
            // "Is Quaxley here?": a sentence's first word that the corpus writes in lower case is not part of the name.
            let name = match name.split_once(' ') {
                Some((first, rest)) if *initial && self.lower_case.contains(&first.to_lowercase()) => rest,
                _ => name.as_str(),
            };
            if self.is_common(name) {
                continue;
            }
            let entry = merged.entry(name.to_string()).or_insert((0, example));
            entry.0 += count;
        }
        let mut gaps: Vec<Gap> = merged
            .into_iter()
            .map(|(name, (count, example))| Gap { name, count, example: example.to_string() })
            .collect();
        gaps.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
        gaps.truncate(top);
        gaps
    }

    /// A single word the corpus also writes in lower case, or a label in capitals made of such words.
    fn is_common(&self, name: &str) -> bool {
        let words: Vec<&str> = name.split_whitespace().collect();
        let shouted = name.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        let lower = |w: &&str| self.lower_case.contains(&w.to_lowercase());
        (words.len() == 1 && lower(&words[0])) || (shouted && words.iter().all(lower))
    }
}

/// Proper names in `article` that none of its actor mentions covers, in text order.
pub fn unresolved_names(article: &AnnotatedArticle) -> Vec<Unresolved> {
    let text = article.text.as_str();
    let covered = |span: Span| article.mentions.iter().any(|m| m.span.overlap(span) > 0);
    let mut found = Vec::new();
    for (index, sentence) in article.sentences.iter().enumerate() {
        let tokens = tokenize(text, sentence.span);
        let mut i = 0;
        while i < tokens.len() {
            let word = tokens[i].span.slice(text);
            if !is_name_word(tokens[i].kind, word) {
                i += 1;
                continue;
            }
            // Extend over capitalised words and joiners, ending on a capitalised word.
            let start = i;
            let mut end = i + 1;
            let mut j = i + 1;
            while j < tokens.len() {
                let next = tokens[j].span.slice(text);
                if (is_name_word(tokens[j].kind, next) && !not_a_name(next))
                    || (tokens[j].kind == TokenKind::Word
                        && next.contains('-')
                        && next.chars().next().is_some_and(char::is_uppercase))
                {
                    end = j + 1;
                    j += 1;
                } else if JOINERS.contains(&next) && j + 1 < tokens.len() {
                    j += 1;
                } else {
                    break;
                }
            }
            i = end;
            let words: Vec<&str> = tokens[start..end].iter().map(|t| t.span.slice(text)).collect();
            let kept: Vec<&str> = words.iter().copied().skip_while(|w| not_a_name(w)).collect();
            if kept.is_empty() || kept.iter().all(|w| not_a_name(w)) {
                continue;
            }
            let first = start + (words.len() - kept.len());
            let span = Span::new(tokens[first].span.start as usize, tokens[end - 1].span.end as usize);
            if covered(span) {
                continue;
            }
            let initial = tokens.iter().find(|t| t.kind == TokenKind::Word).is_some_and(|t| t.span.start == span.start);
            found.push(Unresolved { name: span.slice(text).to_string(), span, sentence: index as u32, initial });
        }
    }
    found
}

/// Capitalised words that are not names on their own: [`NOT_NAMES`] and the calendar.
fn not_a_name(word: &str) -> bool {
    NOT_NAMES.contains(&word) || crate::dates::CALENDAR_WORDS.contains(&word)
}

fn is_name_word(kind: TokenKind, word: &str) -> bool {
    kind == TokenKind::Word
        && word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !is_contraction(word)
}

/// "I'm", "We're", "They've", "I'll", "I'd", "Don't".
fn is_contraction(word: &str) -> bool {
    let lower = word.to_lowercase().replace('’', "'");
    ["'m", "'re", "'ve", "'ll", "'d", "n't"].iter().any(|end| lower.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::shipped_pipeline;
    use redline_model::RawArticle;

    #[test]
    fn a_corpus_drops_words_it_also_writes_in_lower_case() {
        let pipeline = shipped_pipeline();
        let mut counter = GapCounter::new();
        for body in [
            "Go ahead, please. Quaxley spoke.",
            "Quaxley will go home. QUESTION: Is it true?",
            "Is Quaxley here? It is.",
        ] {
            let raw = RawArticle {
                id: "t".into(),
                date: Some("2022-02-01".parse().unwrap()),
                body: body.into(),
                ..Default::default()
            };
            counter.add(&pipeline.code(&raw));
        }
        let gaps = counter.ranked(10);
        assert_eq!(gaps[0].name, "Quaxley");
        assert_eq!(gaps[0].count, 3);
        assert!(gaps.iter().all(|g| g.name != "Go" && g.name != "Is" && g.name != "QUESTION"), "{gaps:?}");
    }

    #[test]
    fn names_no_entry_resolves_are_listed_once_each_occurrence() {
        let pipeline = shipped_pipeline();
        let raw = RawArticle {
            id: "t".into(),
            date: Some("2022-02-01".parse().unwrap()),
            body: "President Biden met Zbigniew Quaxley of the Organization of Imaginary States on Monday. The talks went well; Quaxley left for Moscow.".into(),
            ..Default::default()
        };
        let article = pipeline.code(&raw);
        let names: Vec<String> = unresolved_names(&article).into_iter().map(|u| u.name).collect();
        assert!(names.contains(&"Zbigniew Quaxley of the Organization of Imaginary States".to_string()), "{names:?}");
        assert!(names.contains(&"Quaxley".to_string()), "{names:?}");
        // Resolved actors, titles, weekdays and sentence-initial function words are not gaps.
        assert!(
            !names.iter().any(|n| n.contains("Biden") || n.contains("Moscow") || n == "Monday" || n == "The"),
            "{names:?}"
        );
    }
}
