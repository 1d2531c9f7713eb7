//! Output formats: the stable JSON Lines schema of `redline code` (own DTOs, not serde on domain types),
//! flat records for stored events and quotes (JSON Lines and CSV), and tables for people.
//!
//! The article schema, one object per line:
//! `{id, title, date, url, dict_version, text, events[], quotes[], mentions[], diagnostics[]}` where every
//! `start`/`end` is a byte offset into `text`, the clean text. Changing a field name here breaks users'
//! scripts: add fields, never rename or remove them.

mod records;
mod table;

use std::io::{self, Write};

use redline_model::{ActorMention, AnnotatedArticle, Diagnostic, Event, Quote, Taxonomy};
use serde::Serialize;

pub use records::{EventRecord, QuoteRecord};
pub use table::{write_article_table, write_event_rows_table, write_quote_rows_table};

/// One coded article in the output schema.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleOut {
    /// Stable id, unchanged from input.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Version of the dictionary set that coded it.
    pub dict_version: String,
    /// The clean text all offsets point into.
    pub text: String,
    /// Coded events, in text order.
    pub events: Vec<EventOut>,
    /// Quotations, in text order.
    pub quotes: Vec<QuoteOut>,
    /// Actor mentions, in text order.
    pub mentions: Vec<MentionOut>,
    /// Problems found while coding.
    pub diagnostics: Vec<DiagnosticOut>,
}

/// A byte range with the text it covers.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EvidenceOut {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The words.
    pub text: String,
}

/// An actor as source or target of an event.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ActorOut {
    /// Actor code (`RUSGOV`).
    pub code: String,
    /// Canonical name.
    pub name: String,
    /// The words in the text.
    pub text: String,
    /// First byte of the mention.
    pub start: u32,
    /// One past the last byte of the mention.
    pub end: u32,
}

/// The pattern or rule that produced an event.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuleOut {
    /// `file:line` or `rule:<name>`.
    pub id: String,
    /// The pattern as written.
    pub pattern: String,
}

/// One coded event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventOut {
    /// Index of the sentence holding the evidence.
    pub sentence: u32,
    /// The words that carry the event.
    pub evidence: EvidenceOut,
    /// Who acted.
    pub source: ActorOut,
    /// Who was acted upon, if named.
    pub target: Option<ActorOut>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER type, if the code has one.
    pub plover: Option<String>,
    /// Quad class, 1 to 4.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f32,
    /// When it happened, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Why it was coded.
    pub rule: RuleOut,
    /// `asserted`, `future` or `reported`.
    pub modality: String,
}

/// Who said a quotation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SpeakerOut {
    /// Canonical name, or the words of the mention.
    pub name: String,
    /// Actor code, where known.
    pub code: Option<String>,
    /// First byte of the mention naming the speaker.
    pub start: u32,
    /// One past its last byte.
    pub end: u32,
}

/// One quotation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct QuoteOut {
    /// The quoted words.
    pub text: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// `direct`, `partial` or `scare`.
    pub kind: String,
    /// The speaker, where attributed.
    pub speaker: Option<SpeakerOut>,
}

/// One actor mention.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MentionOut {
    /// Actor code.
    pub code: String,
    /// Canonical name.
    pub name: String,
    /// How it was recognised (`country`, `person`, ...).
    pub kind: String,
    /// The words in the text.
    pub text: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// One diagnostic.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DiagnosticOut {
    /// `warning` or `error`.
    pub severity: String,
    /// Stable dotted code.
    pub code: String,
    /// What went wrong.
    pub message: String,
    /// File, if known.
    pub path: Option<String>,
    /// Line, if known.
    pub line: Option<u32>,
}

impl ArticleOut {
    /// The output form of a coded article; `taxonomy` supplies PLOVER types and Goldstein values.
    pub fn new(article: &AnnotatedArticle, taxonomy: &Taxonomy) -> ArticleOut {
        let text = &article.text;
        ArticleOut {
            id: article.id.clone(),
            title: article.title.clone(),
            date: article.date.map(|d| d.to_string()),
            url: article.url.clone(),
            dict_version: article.dict_version.clone(),
            text: text.clone(),
            events: article.events.iter().map(|e| EventOut::new(e, text, taxonomy)).collect(),
            quotes: article.quotes.iter().map(|q| QuoteOut::new(q, text)).collect(),
            mentions: article.mentions.iter().map(|m| MentionOut::new(m, text)).collect(),
            diagnostics: article.diagnostics.iter().map(DiagnosticOut::new).collect(),
        }
    }
}

impl ActorOut {
    fn new(mention: &ActorMention, text: &str) -> ActorOut {
        ActorOut {
            code: mention.code.to_string(),
            name: mention.name.to_string(),
            text: mention.span.slice(text).to_string(),
            start: mention.span.start,
            end: mention.span.end,
        }
    }
}

impl EventOut {
    fn new(event: &Event, text: &str, taxonomy: &Taxonomy) -> EventOut {
        EventOut {
            sentence: event.sentence,
            evidence: EvidenceOut {
                start: event.evidence.start,
                end: event.evidence.end,
                text: event.evidence.slice(text).to_string(),
            },
            source: ActorOut::new(&event.source, text),
            target: event.target.as_ref().map(|t| ActorOut::new(t, text)),
            cameo: event.code.to_string(),
            plover: taxonomy.plover(&event.code).map(|p| p.as_str().to_string()),
            quad_class: event.code.quad_class().number(),
            goldstein: taxonomy.goldstein(&event.code),
            date: event.date.map(|d| d.to_string()),
            rule: RuleOut { id: event.rule.id.to_string(), pattern: event.rule.pattern.to_string() },
            modality: event.modality.as_str().to_string(),
        }
    }
}

impl QuoteOut {
    fn new(quote: &Quote, text: &str) -> QuoteOut {
        QuoteOut {
            text: quote.span.slice(text).to_string(),
            start: quote.span.start,
            end: quote.span.end,
            kind: quote.kind.as_str().to_string(),
            speaker: quote.speaker.as_ref().map(|s| SpeakerOut {
                name: s.name.clone(),
                code: s.code.as_ref().map(|c| c.to_string()),
                start: s.mention.start,
                end: s.mention.end,
            }),
        }
    }
}

impl MentionOut {
    fn new(mention: &ActorMention, text: &str) -> MentionOut {
        MentionOut {
            code: mention.code.to_string(),
            name: mention.name.to_string(),
            kind: mention.kind.as_str().to_string(),
            text: mention.span.slice(text).to_string(),
            start: mention.span.start,
            end: mention.span.end,
        }
    }
}

impl DiagnosticOut {
    /// The output form of a diagnostic.
    pub fn new(diagnostic: &Diagnostic) -> DiagnosticOut {
        DiagnosticOut {
            severity: diagnostic.severity.as_str().to_string(),
            code: diagnostic.code.to_string(),
            message: diagnostic.message.clone(),
            path: diagnostic.path.clone(),
            line: diagnostic.line,
        }
    }
}

/// Writes one article as one JSON line.
pub fn write_article_jsonl(out: &mut dyn Write, article: &AnnotatedArticle, taxonomy: &Taxonomy) -> io::Result<()> {
    write_jsonl(out, &ArticleOut::new(article, taxonomy))
}

/// Writes any serialisable record as one JSON line.
pub fn write_jsonl<T: Serialize>(out: &mut dyn Write, record: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use redline_model::{
        ActorCode, CameoCode, Date, EntryRef, MentionKind, Modality, QuoteKind, RuleRef, Severity, Span, Speaker,
    };
    use std::path::Path;

    fn span_of(text: &str, words: &str) -> Span {
        let start = text.find(words).unwrap_or_else(|| panic!("{words:?} not in text"));
        Span::new(start, start + words.len())
    }

    fn mention(text: &str, words: &str, code: &str, name: &str, kind: MentionKind) -> ActorMention {
        ActorMention {
            span: span_of(text, words),
            code: ActorCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            entry: EntryRef { file: "actors/test.txt".into(), line: 3 },
            sentence: 1,
        }
    }

    /// The golden input (`test_data/output/article.txt`) with events and quotes placed by hand, as the
    /// coder would place them (the coder itself is tested in its own crate).
    pub(crate) fn coded_article() -> AnnotatedArticle {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/output/article.txt");
        let raw = crate::source::Sources::new([path]).next().unwrap().unwrap();
        let text = format!("{}\n\n{}", raw.title.clone().unwrap_or_default(), raw.body);
        let body_start = text.find(&raw.body).unwrap_or(0);
        let ryabkov = mention(&text, "Ryabkov", "RUSGOV", "Sergey Ryabkov", MentionKind::Person);
        let nato = mention(&text, "NATO", "IGOWSTNAT", "NATO", MentionKind::Organisation);
        let moscow = mention(&text, "Moscow", "RUS", "Russia", MentionKind::Metonym);
        let threat = Event {
            source: ryabkov.clone(),
            target: Some(nato.clone()),
            code: CameoCode::parse("138").unwrap(),
            sentence: 1,
            evidence: span_of(&text, "warning NATO"),
            date: Date::new(2021, 11, 15).ok(),
            rule: RuleRef { id: "verbs/13-threaten.txt:12".into(), pattern: "warn * of confrontation".into() },
            modality: Modality::Future,
        };
        let demand = Event {
            source: moscow.clone(),
            target: None,
            code: CameoCode::parse("10").unwrap(),
            sentence: 1,
            evidence: span_of(&text, "demand"),
            date: raw.date,
            rule: RuleRef { id: "rule:nominal-demand".into(), pattern: "X's demand".into() },
            modality: Modality::Asserted,
        };
        let quote = Quote {
            span: span_of(&text, "We are not bluffing"),
            sentence: 2,
            kind: QuoteKind::Direct,
            speaker: Some(Speaker {
                name: "Sergey Ryabkov".into(),
                code: ActorCode::parse("RUSGOV").ok(),
                mention: ryabkov.span,
            }),
        };
        let partial =
            Quote { span: span_of(&text, "a new round"), sentence: 1, kind: QuoteKind::Partial, speaker: None };
        AnnotatedArticle {
            id: raw.id,
            title: raw.title,
            date: raw.date,
            url: raw.url,
            origin: raw.origin,
            text,
            body_start: body_start as u32,
            sentences: Vec::new(),
            mentions: vec![ryabkov, nato, moscow],
            events: vec![threat, demand],
            quotes: vec![partial, quote],
            dates: Vec::new(),
            diagnostics: vec![Diagnostic {
                severity: Severity::Warning,
                code: "text.repaired-quotes",
                message: "2 quotation marks repaired".into(),
                path: Some("article.txt".into()),
                line: None,
            }],
            dict_version: "2021.11.1".into(),
        }
    }

    #[test]
    fn golden_jsonl() {
        let article = coded_article();
        let mut out = Vec::new();
        write_article_jsonl(&mut out, &article, &Taxonomy::standard()).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert_eq!(line.matches('\n').count(), 1, "one article, one line");
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["id"], "article");
        // The dump keeps the schema's field order, which a `Value` would sort.
        let pretty = serde_json::to_string_pretty(&ArticleOut::new(&article, &Taxonomy::standard())).unwrap() + "\n";
        expect_test::expect_file!["../../test_data/output/article.json"].assert_eq(&pretty);
    }

    #[test]
    fn offsets_slice_the_emitted_text() {
        let out = ArticleOut::new(&coded_article(), &Taxonomy::standard());
        let slice = |start: u32, end: u32| &out.text[start as usize..end as usize];
        for event in &out.events {
            assert_eq!(slice(event.evidence.start, event.evidence.end), event.evidence.text);
            assert_eq!(slice(event.source.start, event.source.end), event.source.text);
        }
        for quote in &out.quotes {
            assert_eq!(slice(quote.start, quote.end), quote.text);
        }
        for mention in &out.mentions {
            assert_eq!(slice(mention.start, mention.end), mention.text);
        }
        assert_eq!(out.events[0].plover.as_deref(), Some("THREATEN"));
        assert_eq!(out.events[1].quad_class, 3);
        assert_eq!(out.date.as_deref(), Some("2021-11-14"));
    }

    #[test]
    fn schema_field_names_are_stable() {
        let value = serde_json::to_value(ArticleOut::new(&coded_article(), &Taxonomy::standard())).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
        };
        let mut top = keys(&value);
        top.sort();
        assert_eq!(
            top,
            ["date", "diagnostics", "dict_version", "events", "id", "mentions", "quotes", "text", "title", "url"]
        );
        let mut event = keys(&value["events"][0]);
        event.sort();
        assert_eq!(
            event,
            [
                "cameo",
                "date",
                "evidence",
                "goldstein",
                "modality",
                "plover",
                "quad_class",
                "rule",
                "sentence",
                "source",
                "target"
            ]
        );
        assert!(value["events"][1]["target"].is_null());
        assert!(value["quotes"][0]["speaker"].is_null());
        assert_eq!(value["origin"], serde_json::Value::Null, "where it was read from is not part of the schema");
    }
}
