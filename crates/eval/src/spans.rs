//! Scoring spans: gold actor spans against the actors of predicted events, gold quotes against
//! predicted quotes and their speakers. Gold spans are found in the clean text through [`Alignment`].

use redline_model::{AnnotatedArticle, Quote, Span};

use crate::align::Alignment;
use crate::gold::GoldQuote;

/// What one item adds to a span measure. Recall counts gold spans, precision counts predicted ones, so
/// both sides are kept: `tp`/`fn_` over gold, `right`/`wrong` over predictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct SpanCounts {
    /// Gold spans found.
    pub(crate) tp: usize,
    /// Gold spans not found (including those that could not be located in the clean text).
    pub(crate) fn_: usize,
    /// Predictions that count as right.
    pub(crate) right: usize,
    /// Predictions that count as wrong: the measure's false positives.
    pub(crate) wrong: usize,
    /// Gold spans whose text could not be located in the clean text.
    pub(crate) unlocated: usize,
}

impl SpanCounts {
    pub(crate) fn add(&mut self, other: SpanCounts) {
        self.tp += other.tp;
        self.fn_ += other.fn_;
        self.right += other.right;
        self.wrong += other.wrong;
        self.unlocated += other.unlocated;
    }
}

/// Scores gold actor span texts against predicted actor spans (deduplicated): a gold span is found when
/// a predicted actor overlaps any of its occurrences; a predicted actor is right when it overlaps an
/// occurrence of some gold span.
pub(crate) fn score_actor_spans(gold: &[String], predicted: &[Span], alignment: &Alignment) -> SpanCounts {
    let mut predicted = predicted.to_vec();
    predicted.sort_unstable();
    predicted.dedup();
    let mut counts = SpanCounts::default();
    let mut gold_places: Vec<Span> = Vec::new();
    for text in gold {
        let places = alignment.locate(text, None);
        if places.is_empty() {
            counts.unlocated += 1;
        }
        let found = places.iter().any(|place| predicted.iter().any(|p| p.overlap(*place) > 0));
        if found {
            counts.tp += 1
        } else {
            counts.fn_ += 1
        }
        gold_places.extend(places);
    }
    for p in &predicted {
        if gold_places.iter().any(|place| p.overlap(*place) > 0) { counts.right += 1 } else { counts.wrong += 1 }
    }
    counts
}

/// Scores gold quotes against predicted quotes; returns (found, attributed).
///
/// Found: a gold quote is found when a predicted quote that overlaps it in the clean text holds at least
/// half of its words (lower-cased runs of letters and digits; exactly half counts); a predicted quote is
/// right when it overlaps some gold quote by at least one byte. Attributed: a gold quote with a speaker is
/// a true positive when a predicted quote that finds it has the right speaker; a predicted quote is wrong
/// when it overlaps no gold quote, or overlaps gold quotes with speakers and has the right speaker for none
/// of them. Gold quotes without a speaker are left out of attribution, and so are predicted quotes that
/// overlap only such quotes.
pub(crate) fn score_quotes(
    gold: &[GoldQuote],
    predicted: &AnnotatedArticle,
    alignment: &Alignment,
) -> (SpanCounts, SpanCounts) {
    let located: Vec<Option<LocatedQuote<'_>>> =
        gold.iter().map(|quote| LocatedQuote::new(quote, alignment, &predicted.text)).collect();
    let text = predicted.text.as_str();
    let mut found = SpanCounts::default();
    let mut attributed = SpanCounts::default();
    for (quote, place) in gold.iter().zip(&located) {
        let Some(place) = place else {
            found.unlocated += 1;
            found.fn_ += 1;
            if !quote.speaker.is_empty() {
                attributed.unlocated += 1;
                attributed.fn_ += 1;
            }
            continue;
        };
        let wanted = words(&quote.text);
        let finders: Vec<&Quote> = predicted
            .quotes
            .iter()
            .filter(|p| p.span.overlap(place.span) > 0 && 2 * held(&wanted, p.span.slice(text)) >= wanted.len())
            .collect();
        if finders.is_empty() {
            found.fn_ += 1
        } else {
            found.tp += 1
        }
        if quote.speaker.is_empty() {
            continue;
        }
        if finders.iter().any(|p| place.speaker_right(p, text)) {
            attributed.tp += 1;
        } else {
            attributed.fn_ += 1;
        }
    }
    for p in &predicted.quotes {
        let overlapped: Vec<&LocatedQuote<'_>> =
            located.iter().flatten().filter(|place| p.span.overlap(place.span) > 0).collect();
        if overlapped.is_empty() {
            found.wrong += 1;
            attributed.wrong += 1;
            continue;
        }
        found.right += 1;
        let with_speaker: Vec<_> = overlapped.iter().filter(|place| !place.gold.speaker.is_empty()).collect();
        if with_speaker.is_empty() {
            continue;
        }
        if with_speaker.iter().any(|place| place.speaker_right(p, text)) {
            attributed.right += 1;
        } else {
            attributed.wrong += 1;
        }
    }
    (found, attributed)
}

/// A gold quote found in the clean text, with its speaker's span where the gold gives offsets.
#[derive(Debug)]
struct LocatedQuote<'g> {
    gold: &'g GoldQuote,
    span: Span,
    speaker: Option<Span>,
}

impl<'g> LocatedQuote<'g> {
    /// Locates the quote by content in the gold text (its start offset breaks ties between
    /// occurrences), maps it into the clean text and trims quotation marks and spaces off its ends.
    fn new(gold: &'g GoldQuote, alignment: &Alignment, clean: &str) -> Option<LocatedQuote<'g>> {
        let span = trim_marks(*alignment.locate(&gold.text, gold.start).first()?, clean);
        let speaker = match (gold.speaker_start, gold.speaker_end) {
            (Some(start), Some(end)) => alignment.map_chars(start, end),
            _ => None,
        };
        Some(LocatedQuote { gold, span, speaker })
    }

    /// The predicted speaker is right when its mention overlaps the gold speaker span, or its name or the
    /// words of its mention share a content word with the gold speaker.
    fn speaker_right(&self, predicted: &Quote, text: &str) -> bool {
        let Some(speaker) = &predicted.speaker else {
            return false;
        };
        if self.speaker.is_some_and(|gold| gold.overlap(speaker.mention) > 0) {
            return true;
        }
        let gold = content_words(&self.gold.speaker);
        content_words(&speaker.name)
            .into_iter()
            .chain(content_words(speaker.mention.slice(text)))
            .any(|word| gold.contains(&word))
    }
}

/// The lower-cased runs of letters and digits of `text`.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// How many of `wanted` (counted with repeats) occur among the words of `text`.
fn held(wanted: &[String], text: &str) -> usize {
    let have: std::collections::HashSet<String> = words(text).into_iter().collect();
    wanted.iter().filter(|w| have.contains(*w)).count()
}

/// Words that name someone: `text`'s words without function words, pronouns, honorifics and speech verbs.
fn content_words(text: &str) -> Vec<String> {
    const FUNCTION: &[&str] = &[
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "from", "as", "s", "he",
        "she", "it", "they", "we", "i", "you", "him", "her", "them", "his", "its", "their", "our", "my", "your", "who",
        "which", "that", "this", "these", "those", "one", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "said", "says",
        "say", "told", "added",
    ];
    words(text).into_iter().filter(|w| !FUNCTION.contains(&w.as_str())).collect()
}

/// `span` without the quotation marks and whitespace at its ends (a span that is nothing else is kept).
fn trim_marks(span: Span, text: &str) -> Span {
    let inner = span.slice(text);
    let is_mark = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '«' | '»' | '\u{2018}'..='\u{201F}');
    let trimmed = inner.trim_start_matches(is_mark);
    let start = span.start as usize + (inner.len() - trimmed.len());
    let trimmed = trimmed.trim_end_matches(is_mark);
    if trimmed.is_empty() { span } else { Span::new(start, start + trimmed.len()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_model::{Origin, QuoteKind, Speaker};

    pub(crate) fn article(text: &str, quotes: Vec<Quote>) -> AnnotatedArticle {
        AnnotatedArticle {
            id: "a".to_string(),
            title: None,
            date: None,
            url: None,
            origin: Origin::default(),
            text: text.to_string(),
            body_start: 0,
            sentences: Vec::new(),
            mentions: Vec::new(),
            events: Vec::new(),
            quotes,
            dates: Vec::new(),
            diagnostics: Vec::new(),
            dict_version: "test".to_string(),
        }
    }

    fn quote(text: &str, words: &str, speaker: Option<(&str, &str)>) -> Quote {
        let start = text.find(words).unwrap();
        Quote {
            span: Span::new(start, start + words.len()),
            sentence: 0,
            kind: QuoteKind::Direct,
            speaker: speaker.map(|(name, mention)| {
                let at = text.find(mention).unwrap();
                Speaker { name: name.to_string(), code: None, mention: Span::new(at, at + mention.len()) }
            }),
        }
    }

    fn gold_quote(text: &str, speaker: &str) -> GoldQuote {
        GoldQuote { text: text.to_string(), speaker: speaker.to_string(), ..GoldQuote::default() }
    }

    #[test]
    fn actor_spans_align_across_whitespace() {
        let gold_text = "Meanwhile , a Swiss court rejected the Croatian government 's request .";
        let clean = "Meanwhile, a Swiss court rejected the Croatian government's request.";
        let alignment = Alignment::new(gold_text, clean);
        let court = Span::new(11, 24);
        let croatia = Span::new(clean.find("Croatian").unwrap(), clean.find("Croatian").unwrap() + 8);
        let meanwhile = Span::new(0, 9);
        let gold = ["a Swiss court".to_string(), "Croatian government 's request".to_string()];
        let counts = score_actor_spans(&gold, &[court, croatia, court, meanwhile], &alignment);
        assert_eq!((counts.tp, counts.fn_, counts.right, counts.wrong), (2, 0, 2, 1));
        let missing = ["the Serbian side".to_string()];
        let counts = score_actor_spans(&missing, &[], &alignment);
        assert_eq!((counts.tp, counts.fn_, counts.unlocated), (0, 1, 1));
    }

    #[test]
    fn a_quote_is_found_when_a_prediction_holds_half_of_its_words() {
        // The gold quote has four words: a prediction holding two finds it, one holding one does not.
        let text = "He said we will stand firm today.";
        let alignment = Alignment::new(text, text);
        let gold = [gold_quote("we will stand firm", "")];
        let half = article(text, vec![quote(text, "we will", None)]);
        assert_eq!(score_quotes(&gold, &half, &alignment).0.tp, 1);
        let less = article(text, vec![quote(text, "we", None)]);
        let (found, _) = score_quotes(&gold, &less, &alignment);
        assert_eq!((found.tp, found.fn_, found.right, found.wrong), (0, 1, 1, 0));
        // The words must be held by a prediction over the quote, not elsewhere.
        let text = "We will stand firm, he said. “We will,” she said.";
        let alignment = Alignment::new(text, text);
        let gold = [gold_quote("“We will,”", "")];
        let elsewhere = article(text, vec![quote(text, "We will stand firm", None)]);
        assert_eq!(score_quotes(&gold, &elsewhere, &alignment).0.tp, 0);
    }

    #[test]
    fn gold_quotation_marks_and_punctuation_are_not_words() {
        // Gold “Yes, sir, I will,” has four words; "Yes, sir" holds two of them, "Yes," one.
        let text = "“Yes, sir, I will,” she said.";
        let alignment = Alignment::new(text, text);
        let gold = [gold_quote("“Yes, sir, I will,”", "")];
        let two = article(text, vec![quote(text, "Yes, sir", None)]);
        assert_eq!(score_quotes(&gold, &two, &alignment).0.tp, 1);
        let one = article(text, vec![quote(text, "Yes,", None)]);
        assert_eq!(score_quotes(&gold, &one, &alignment).0.tp, 0);
        assert_eq!(trim_marks(Span::new(0, text.find(" she").unwrap()), text).slice(text), "Yes, sir, I will,");
        assert_eq!(trim_marks(Span::new(0, 3), text), Span::new(0, 3));
    }

    #[test]
    fn attribution_by_a_shared_content_word_or_the_mention() {
        let text = "“We will stand,” Sergey Ryabkov said. “Dire,” the minister added. “No,” he said.";
        let alignment = Alignment::new(text, text);
        let gold = [
            gold_quote("“We will stand,”", "Ryabkov"),
            GoldQuote { speaker_start: Some(46), speaker_end: Some(58), ..gold_quote("“Dire,”", "Lavrov") },
            gold_quote("“No,”", "Jens Stoltenberg"),
        ];
        assert_eq!(text.chars().skip(46).take(12).collect::<String>(), "the minister");
        let predicted = article(
            text,
            vec![
                quote(text, "We will stand,", Some(("Sergey RYABKOV", "Sergey Ryabkov"))),
                quote(text, "Dire,", Some(("Someone Else", "the minister"))),
                quote(text, "No,", Some(("Sergey Ryabkov", "he"))),
            ],
        );
        let (found, attributed) = score_quotes(&gold, &predicted, &alignment);
        assert_eq!((found.tp, found.fn_, found.right, found.wrong), (3, 0, 3, 0));
        assert_eq!((attributed.tp, attributed.fn_, attributed.right, attributed.wrong), (2, 1, 2, 1));
    }

    #[test]
    fn quotes_without_speakers_and_stray_predictions() {
        let text = "“Yes,” a source said. Elsewhere “maybe” appeared.";
        let alignment = Alignment::new(text, text);
        let gold = [gold_quote("“Yes,”", "")];
        let predicted = article(text, vec![quote(text, "Yes,", None), quote(text, "maybe", None)]);
        let (found, attributed) = score_quotes(&gold, &predicted, &alignment);
        assert_eq!((found.tp, found.right, found.wrong), (1, 1, 1));
        // The speakerless gold quote is out of attribution; the stray prediction is still wrong.
        assert_eq!((attributed.tp, attributed.fn_, attributed.right, attributed.wrong), (0, 0, 0, 1));
    }

    #[test]
    fn content_words_leave_out_pronouns_and_honorifics() {
        assert_eq!(content_words("Mr. Jens Stoltenberg’s"), ["jens", "stoltenberg"]);
        assert_eq!(content_words("the foreign minister"), ["foreign", "minister"]);
        assert!(content_words("he said").is_empty());
        assert!(content_words("  ").is_empty());
    }
}
