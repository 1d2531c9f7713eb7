//! The [`Scorer`]: adds items one at a time and turns the running counts into a [`Report`].

use redline_model::{AnnotatedArticle, Modality, Span, Taxonomy};

use crate::align::Alignment;
use crate::events::{Counts, Level, exactly_right, match_events, match_plover, predicted_pentaclass};
use crate::gold::GoldItem;
use crate::report::{Measure, Report, harmonic_mean, ratio};
use crate::spans::{SpanCounts, score_actor_spans, score_quotes};

/// Names of the measures, in report order.
const EVENTS_ROOT: &str = "events (root+dyad)";
const EVENTS_FULL: &str = "events (full code)";
const EVENTS_QUAD: &str = "events (quad class)";
const EXACT_ITEMS: &str = "items exactly right";
const PLOVER: &str = "plover";
const PENTACLASS: &str = "pentaclass";
const SPANS_SOURCE: &str = "actor spans (source)";
const SPANS_TARGET: &str = "actor spans (target)";
const QUOTES_FOUND: &str = "quotes (found)";
const QUOTES_ATTRIBUTED: &str = "quotes (attributed)";

/// Accumulates scores over items; see the crate documentation for the rules.
#[derive(Debug, Clone, Default)]
pub struct Scorer {
    items: usize,
    events_root: Tally,
    events_full: Tally,
    events_quad: Tally,
    /// Items with events whose predicted event set equals the gold set, and items with events.
    exact_right: usize,
    exact_items: usize,
    plover: Tally,
    spans_source: Tally,
    spans_target: Tally,
    quotes_found: Tally,
    quotes_attributed: Tally,
    /// Gold quotes without a speaker, left out of attribution.
    speakerless_quotes: usize,
    /// `confusion[gold][predicted]` over pentaclass items.
    confusion: [[usize; 5]; 5],
    pentaclass_items: usize,
}

/// Running counts of one measure and the number of items that had its layer.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    items: usize,
    counts: SpanCounts,
}

impl Tally {
    fn add_events(&mut self, counts: Counts) {
        self.add(SpanCounts { tp: counts.tp, fn_: counts.fn_, right: counts.tp, wrong: counts.fp, unlocated: 0 });
    }

    fn add(&mut self, counts: SpanCounts) {
        self.items += 1;
        self.counts.add(counts);
    }

    fn measure(&self, name: &str, what: &str) -> Option<Measure> {
        if self.items == 0 {
            return None;
        }
        let c = self.counts;
        let mut note = format!("{} items", self.items);
        if c.unlocated > 0 {
            note.push_str(&format!("; {} gold {what} not located in the clean text", c.unlocated));
        }
        Some(Measure::from_counts(name, c.tp, c.fn_, c.right, c.wrong).with_note(note))
    }
}

impl Scorer {
    /// An empty scorer.
    pub fn new() -> Scorer {
        Scorer::default()
    }

    /// Scores one item against the engine's annotated output for it. Only the layers the gold item
    /// carries are scored. Gold span texts are matched against `predicted.text` by content (through an
    /// alignment of the two texts), not by raw offsets, since the engine cleans the text.
    ///
    /// Event data sets code what happened and what was announced (threats and intents), not what was negated,
    /// supposed, asked or denied: only asserted, reported and future events are scored.
    pub fn add(&mut self, gold: &GoldItem, predicted: &AnnotatedArticle, taxonomy: &Taxonomy) {
        self.items += 1;
        let scored = |e: &&redline_model::Event| {
            matches!(e.modality, Modality::Asserted | Modality::Reported | Modality::Future)
        };
        let events: &Vec<redline_model::Event> = &predicted.events.iter().filter(scored).cloned().collect();
        if gold.layers.events {
            // A no-event item has no gold events, so every prediction is a false positive.
            let gold_events = if gold.no_events { &[][..] } else { &gold.events[..] };
            self.events_root.add_events(match_events(gold_events, events, Level::Root));
            self.events_full.add_events(match_events(gold_events, events, Level::FullCode));
            self.events_quad.add_events(match_events(gold_events, events, Level::Quad));
            self.exact_items += 1;
            self.exact_right += usize::from(exactly_right(gold_events, events));
        }
        if gold.layers.plover {
            self.plover.add_events(match_plover(&gold.plover, events, taxonomy));
        }
        if let Some(class) = gold.pentaclass {
            let predicted_class = predicted_pentaclass(events, taxonomy);
            if let Some(row) = self.confusion.get_mut(usize::from(class)) {
                row[usize::from(predicted_class)] += 1;
                self.pentaclass_items += 1;
            }
        }
        if !gold.layers.actor_spans && !gold.layers.quotes {
            return;
        }
        let alignment = Alignment::new(&gold.text, &predicted.text);
        if gold.layers.actor_spans {
            let sources: Vec<Span> = events.iter().map(|e| e.source.span).collect();
            let targets: Vec<Span> = events.iter().filter_map(|e| e.target.as_ref()).map(|t| t.span).collect();
            self.spans_source.add(score_actor_spans(&gold.source_spans, &sources, &alignment));
            self.spans_target.add(score_actor_spans(&gold.target_spans, &targets, &alignment));
        }
        if gold.layers.quotes {
            let (found, attributed) = score_quotes(&gold.quotes, predicted, &alignment);
            self.quotes_found.add(found);
            self.quotes_attributed.add(attributed);
            self.speakerless_quotes += gold.quotes.iter().filter(|q| q.speaker.is_empty()).count();
        }
    }

    /// The scores so far, with only the measures some added item had data for.
    pub fn report(&self) -> Report {
        let mut measures = vec![
            self.events_root.measure(EVENTS_ROOT, "events"),
            self.events_full.measure(EVENTS_FULL, "events"),
            self.events_quad.measure(EVENTS_QUAD, "events"),
            self.exact(),
            self.plover.measure(PLOVER, "events"),
            self.pentaclass(),
            self.spans_source.measure(SPANS_SOURCE, "spans"),
            self.spans_target.measure(SPANS_TARGET, "spans"),
            self.quotes_found.measure(QUOTES_FOUND, "quotes"),
            self.quotes_attributed.measure(QUOTES_ATTRIBUTED, "quotes"),
        ];
        if self.speakerless_quotes > 0
            && let Some(Some(attributed)) = measures.last_mut()
        {
            let note = attributed.note.take().unwrap_or_default();
            attributed.note =
                Some(format!("{note}; {} gold quotes without a speaker left out", self.speakerless_quotes));
        }
        Report { items: self.items, measures: measures.into_iter().flatten().collect() }
    }

    /// The share of items with events whose predicted set is exactly the gold set: `accuracy` (and
    /// P, R, F1, which equal it), tp = items right, fp = fn = items wrong.
    fn exact(&self) -> Option<Measure> {
        if self.exact_items == 0 {
            return None;
        }
        let wrong = self.exact_items - self.exact_right;
        let share = ratio(self.exact_right, self.exact_items);
        Some(Measure {
            name: EXACT_ITEMS.to_string(),
            tp: self.exact_right,
            fp: wrong,
            fn_: wrong,
            precision: share,
            recall: share,
            f1: share,
            accuracy: Some(share),
            note: Some(format!("{} items; event sets equal in full codes and full actor codes", self.exact_items)),
        })
    }

    /// Accuracy and macro-averaged P/R/F1 over the classes that occur in gold or predictions.
    /// `tp` counts items classed right; every item classed wrong is one `fp` and one `fn_`.
    fn pentaclass(&self) -> Option<Measure> {
        if self.pentaclass_items == 0 {
            return None;
        }
        let correct: usize = (0..5).map(|c| self.confusion[c][c]).sum();
        let wrong = self.pentaclass_items - correct;
        let (mut precision, mut recall, mut f1, mut classes) = (0.0, 0.0, 0.0, 0);
        for class in 0..5 {
            let gold: usize = self.confusion[class].iter().sum();
            let predicted: usize = self.confusion.iter().map(|row| row[class]).sum();
            if gold == 0 && predicted == 0 {
                continue;
            }
            let p = ratio(self.confusion[class][class], predicted);
            let r = ratio(self.confusion[class][class], gold);
            precision += p;
            recall += r;
            f1 += harmonic_mean(p, r);
            classes += 1;
        }
        let classes_f = f64::from(classes);
        Some(Measure {
            name: PENTACLASS.to_string(),
            tp: correct,
            fp: wrong,
            fn_: wrong,
            precision: precision / classes_f,
            recall: recall / classes_f,
            f1: f1 / classes_f,
            accuracy: Some(ratio(correct, self.pentaclass_items)),
            note: Some(format!("{} items; macro-averaged over {classes} classes", self.pentaclass_items)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::tests::{event, mention};
    use crate::gold::parse_gold_line;
    use redline_model::{Origin, Quote, QuoteKind, Speaker};

    fn article(text: &str) -> AnnotatedArticle {
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
            quotes: Vec::new(),
            dates: Vec::new(),
            diagnostics: Vec::new(),
            dict_version: "test".to_string(),
        }
    }

    /// The bytes of the first `words` in `text`.
    fn find(text: &str, words: &str) -> Span {
        let at = text.find(words).unwrap_or(0);
        Span::new(at, at + words.len())
    }

    /// Hand-made engine output for the items of `test_data/small.jsonl`.
    fn small_prediction(gold: &GoldItem) -> AnnotatedArticle {
        let clean = match gold.id.as_str() {
            "sp-1" => "Iraqi troops attacked Turkey's army near the border.".to_string(),
            "qu-1" => "Envoy warns\n\n“We will stand our ground,” Ryabkov said. “Never,” a source added.".to_string(),
            _ => gold.text.clone(),
        };
        let mut predicted = article(&clean);
        let at = |code: &str, words: &str| {
            mention(code, find(&clean, words).start as usize, find(&clean, words).end as usize)
        };
        match gold.id.as_str() {
            "ev-1" => {
                predicted.events = vec![
                    event("RUSGOV", "1312", "IGOWSTNAT"),
                    event("IGOWSTNAT", "111", "RUS"),
                    event("USA", "010", "RUS"),
                ];
            }
            "ev-2" => predicted.events = vec![event("ARN", "064", "GON")],
            "pc-1" => predicted.events = vec![event("RUSMIL", "190", "")],
            "sp-1" => {
                let mut attack = event("IRQMIL", "190", "TUR");
                attack.source = at("IRQMIL", "Iraqi troops");
                attack.target = Some(at("TUR", "the border"));
                predicted.events = vec![attack];
            }
            "qu-1" => {
                predicted.quotes = vec![
                    Quote {
                        span: find(&clean, "We will stand our ground,"),
                        sentence: 0,
                        kind: QuoteKind::Direct,
                        speaker: Some(Speaker {
                            name: "Sergey Ryabkov".to_string(),
                            code: None,
                            mention: find(&clean, "Ryabkov"),
                        }),
                    },
                    Quote { span: find(&clean, "Never,"), sentence: 1, kind: QuoteKind::Direct, speaker: None },
                ];
            }
            _ => {}
        }
        predicted
    }

    #[test]
    fn golden_report_on_a_small_gold_file() {
        let taxonomy = Taxonomy::standard();
        let mut scorer = Scorer::new();
        for line in include_str!("../test_data/small.jsonl").lines() {
            let gold = parse_gold_line(line).unwrap();
            scorer.add(&gold, &small_prediction(&gold), &taxonomy);
        }
        expect_test::expect_file!["../test_data/small.report.txt"].assert_eq(&scorer.report().to_string());
    }

    #[test]
    fn events_are_micro_averaged_and_no_event_items_count_false_positives() {
        let taxonomy = Taxonomy::standard();
        let mut scorer = Scorer::new();
        let one = parse_gold_line(
            r#"{"id": "1", "text": "t", "events": [{"source": "RUS", "code": "130", "target": "UKR"},
                                                    {"source": "UKR", "code": "111", "target": "RUS"}]}"#,
        )
        .unwrap();
        let mut predicted = article("t");
        predicted.events = vec![event("RUSGOV", "138", "UKR")];
        scorer.add(&one, &predicted, &taxonomy);
        let none = parse_gold_line(r#"{"id": "2", "text": "t", "no_events": true}"#).unwrap();
        let mut stray = article("t");
        stray.events = vec![event("ARN", "064", "GON"), event("GON", "064", "ARN")];
        scorer.add(&none, &stray, &taxonomy);
        // Pentaclass-only items do not count for events.
        let penta = parse_gold_line(r#"{"id": "3", "text": "t", "pentaclass": 0}"#).unwrap();
        scorer.add(&penta, &stray, &taxonomy);

        let report = scorer.report();
        assert_eq!(report.items, 3);
        let root = report.measure("events (root+dyad)").unwrap();
        assert_eq!((root.tp, root.fp, root.fn_), (1, 2, 1));
        assert!((root.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((root.recall - 0.5).abs() < 1e-12);
        let full = report.measure("events (full code)").unwrap();
        assert_eq!((full.tp, full.fp, full.fn_), (0, 3, 2));
        assert_eq!(report.measure("events (quad class)").map(|m| m.tp), Some(1));
        assert!(report.measure("plover").is_none());
        assert!(report.measure("quotes (found)").is_none());
        // Neither item is exactly right: the first has a wrong code and a missing event, the second strays.
        let exact = report.measure("items exactly right").unwrap();
        assert_eq!((exact.tp, exact.fp, exact.accuracy), (0, 2, Some(0.0)));
        assert_eq!(report.measures.len(), 5);
    }

    #[test]
    fn items_exactly_right_compare_sets_in_full() {
        let taxonomy = Taxonomy::standard();
        let mut scorer = Scorer::new();
        let gold = parse_gold_line(
            r#"{"id": "1", "text": "t", "events": [{"source": "DAGGOV", "code": "032", "target": "GON"},
                                                    {"source": "GON", "code": "033", "target": "DAGGOV"}]}"#,
        )
        .unwrap();
        let mut right = article("t");
        // Order and duplicates do not matter.
        right.events =
            vec![event("GON", "033", "DAGGOV"), event("DAGGOV", "032", "GON"), event("GON", "033", "DAGGOV")];
        scorer.add(&gold, &right, &taxonomy);
        let mut country_only = article("t");
        country_only.events = vec![event("DAG", "032", "GON"), event("GON", "033", "DAG")];
        scorer.add(&gold, &country_only, &taxonomy);
        let mut extra = article("t");
        extra.events = vec![event("GON", "033", "DAGGOV"), event("DAGGOV", "032", "GON"), event("GON", "010", "DAG")];
        scorer.add(&gold, &extra, &taxonomy);
        let wildcard =
            parse_gold_line(r#"{"id": "2", "text": "t", "events": [{"source": "", "code": "190", "target": ""}]}"#)
                .unwrap();
        let mut any = article("t");
        any.events = vec![event("RUSMIL", "190", "UKR")];
        scorer.add(&wildcard, &any, &taxonomy);
        let none = parse_gold_line(r#"{"id": "3", "text": "t", "no_events": true}"#).unwrap();
        scorer.add(&none, &article("t"), &taxonomy);
        let exact = scorer.report().measure("items exactly right").cloned().unwrap();
        assert_eq!((exact.tp, exact.fp, exact.fn_), (3, 2, 2));
        assert_eq!(exact.accuracy, Some(0.6));
    }

    #[test]
    fn pentaclass_accuracy_and_macro_f1() {
        let taxonomy = Taxonomy::standard();
        let mut scorer = Scorer::new();
        let mut statements = article("t");
        statements.events = vec![event("RUS", "010", "UKR")];
        let mut attack = article("t");
        attack.events = vec![event("RUS", "190", "UKR")];
        for (class, predicted) in [(0, &statements), (4, &attack), (3, &attack), (0, &article("t"))] {
            let gold = parse_gold_line(&format!(r#"{{"id": "x", "text": "t", "pentaclass": {class}}}"#)).unwrap();
            scorer.add(&gold, predicted, &taxonomy);
        }
        let report = scorer.report();
        let m = report.measure("pentaclass").unwrap();
        assert_eq!(m.accuracy, Some(0.75));
        assert_eq!((m.tp, m.fp, m.fn_), (3, 1, 1));
        // Class 0: P 1, R 1, F1 1. Class 4: P 1/2, R 1, F1 2/3. Class 3: P 0, R 0, F1 0.
        assert!((m.f1 - (1.0 + 2.0 / 3.0) / 3.0).abs() < 1e-12, "{}", m.f1);
        assert!((m.precision - 0.5).abs() < 1e-12);
    }

    #[test]
    fn spans_and_quotes_through_the_scorer() {
        let taxonomy = Taxonomy::standard();
        let gold = parse_gold_line(
            r#"{"id": "s", "text": "Iraqi troops attacked Turkey 's  army .",
                "source_spans": ["Iraqi troops"], "target_spans": ["Turkey 's  army"],
                "quotes": [{"text": "troops attacked", "speaker": "Ann Lee"}, {"text": "army", "speaker": null}]}"#,
        )
        .unwrap();
        let clean = "Iraqi troops attacked Turkey's army.";
        let mut predicted = article(clean);
        let mut attack = event("IRQMIL", "190", "TUR");
        attack.source = mention("IRQMIL", 0, 12);
        attack.target = Some(mention("TUR", 22, 28));
        let mut second = attack.clone();
        second.target = Some(mention("TUR", 0, 5));
        predicted.events = vec![attack, second];
        predicted.quotes = vec![Quote {
            span: Span::new(6, 21),
            sentence: 0,
            kind: QuoteKind::Partial,
            speaker: Some(Speaker { name: "Bob Lee".to_string(), code: None, mention: Span::new(0, 0) }),
        }];
        let mut scorer = Scorer::new();
        scorer.add(&gold, &predicted, &taxonomy);
        let report = scorer.report();
        let source = report.measure("actor spans (source)").unwrap();
        assert_eq!((source.tp, source.fn_, source.fp, source.precision), (1, 0, 0, 1.0));
        let target = report.measure("actor spans (target)").unwrap();
        assert_eq!((target.tp, target.fn_, target.fp), (1, 0, 1));
        assert_eq!(target.precision, 0.5);
        let found = report.measure("quotes (found)").unwrap();
        assert_eq!((found.tp, found.fn_, found.fp), (1, 1, 0));
        let attributed = report.measure("quotes (attributed)").unwrap();
        assert_eq!((attributed.tp, attributed.fn_, attributed.fp), (1, 0, 0));
        assert!(attributed.note.as_deref().unwrap_or("").contains("1 gold quotes without a speaker"));
    }
}
