//! Hand-built coded articles for the store's tests (the coder is tested elsewhere).

use redline_model::{
    ActorCode, ActorMention, AnnotatedArticle, CameoCode, Date, EntryRef, Event, MentionKind, Modality, Origin, Quote,
    QuoteKind, RuleRef, Span, Speaker,
};

/// An event to place in a test article: words are looked up in the article's text.
pub(crate) struct EventSpec {
    source: (&'static str, &'static str),
    verb: &'static str,
    target: Option<(&'static str, &'static str)>,
    code: &'static str,
}

/// `source = (words, code)`, the evidence words, an optional target and the CAMEO code.
pub(crate) fn event(
    source: (&'static str, &'static str),
    verb: &'static str,
    target: Option<(&'static str, &'static str)>,
    code: &'static str,
) -> EventSpec {
    EventSpec { source, verb, target, code }
}

fn span_of(text: &str, words: &str) -> Span {
    let start = text.find(words).unwrap_or_else(|| panic!("{words:?} not in {text:?}"));
    Span::new(start, start + words.len())
}

fn mention(text: &str, words: &str, code: &str) -> ActorMention {
    ActorMention {
        span: span_of(text, words),
        code: ActorCode::parse(code).unwrap(),
        name: words.into(),
        kind: MentionKind::Country,
        entry: EntryRef { file: "actors/countries.txt".into(), line: 1 },
        sentence: 0,
    }
}

/// An article dated 2021-11-14 with the given events, their mentions, and no quotes.
pub(crate) fn article(id: &str, text: &str, events: Vec<EventSpec>) -> AnnotatedArticle {
    let mut mentions = Vec::new();
    let mut coded = Vec::new();
    for spec in events {
        let source = mention(text, spec.source.0, spec.source.1);
        let target = spec.target.map(|(words, code)| mention(text, words, code));
        mentions.push(source.clone());
        mentions.extend(target.clone());
        coded.push(Event {
            source,
            target,
            code: CameoCode::parse(spec.code).unwrap(),
            sentence: 0,
            evidence: span_of(text, spec.verb),
            date: None,
            rule: RuleRef { id: "verbs/test.txt:1".into(), pattern: spec.verb.into() },
            modality: Modality::Asserted,
        });
    }
    AnnotatedArticle {
        id: id.to_string(),
        title: None,
        date: Date::new(2021, 11, 14).ok(),
        url: Some(format!("https://example.invalid/{id}")),
        origin: Origin { path: format!("{id}.txt"), line: None },
        text: text.to_string(),
        body_start: 0,
        sentences: Vec::new(),
        mentions,
        events: coded,
        quotes: Vec::new(),
        dates: Vec::new(),
        diagnostics: Vec::new(),
        dict_version: "2021.11.1".into(),
    }
}

/// A direct quotation of `words`, said by the mention `speaker = (words, name, code)`.
pub(crate) fn quote(article: &mut AnnotatedArticle, words: &str, speaker: Option<(&str, &str, Option<&str>)>) {
    let span = span_of(&article.text, words);
    let speaker = speaker.map(|(mention_words, name, code)| Speaker {
        name: name.to_string(),
        code: code.map(|c| ActorCode::parse(c).unwrap()),
        mention: span_of(&article.text, mention_words),
    });
    article.quotes.push(Quote { span, sentence: 0, kind: QuoteKind::Direct, speaker });
}

/// The stores' common first article `a`: the Kremlin (RUSGOV) threatens Ukraine (1312) and Ukraine accuses
/// Russia (112), with Peskov's quotation of "threatened Ukraine". Tests set its date, URL and more quotes.
pub(crate) fn kremlin_threat() -> AnnotatedArticle {
    let mut a = article(
        "a",
        "The Kremlin threatened Ukraine. Ukraine accused Russia.",
        vec![
            event(("The Kremlin", "RUSGOV"), "threatened", Some(("Ukraine", "UKR")), "1312"),
            event(("Ukraine", "UKR"), "accused", Some(("Russia", "RUS")), "112"),
        ],
    );
    quote(&mut a, "threatened Ukraine", Some(("The Kremlin", "Dmitry Peskov", Some("RUSGOV"))));
    a
}
