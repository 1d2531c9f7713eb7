//! Row types: the store's own, versioned picture of an article and what was coded in it.
//!
//! Rows mirror the tables of schema [`SCHEMA_VERSION`](crate::SCHEMA_VERSION) one to one. They are built
//! from an [`AnnotatedArticle`] here (so the domain types carry no storage concerns) and read back by the
//! queries. Enumerations are stored by their stable lower-case names (`"country"`, `"asserted"`).

use redline_model::{ActorMention, AnnotatedArticle, Date, Event, Quote, Span, Taxonomy};
use xxhash_rust::xxh3::xxh3_64;

use crate::StoreError;

/// An article as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRow {
    /// The article's stable id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Where it was published.
    pub url: Option<String>,
    /// The clean text every stored offset points into.
    pub text: String,
    /// Byte offset where the body starts in `text`.
    pub body_start: u32,
    /// [`content_hash`] of title, date, url and text.
    pub content_hash: String,
    /// File the article was read from, or `<stdin>`.
    pub origin_path: String,
    /// Line in that file (JSON Lines input).
    pub origin_line: Option<u32>,
    /// Version of the dictionary set that coded it.
    pub dict_version: String,
}

/// One side of an event (source or target) as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRow {
    /// Actor code.
    pub code: String,
    /// Canonical name of the dictionary entry.
    pub name: String,
    /// The words of the mention in the text.
    pub text: String,
    /// First byte of the mention.
    pub start: u32,
    /// One past the last byte of the mention.
    pub end: u32,
    /// How the mention was recognised (`"country"`, `"person"`, ...).
    pub kind: String,
    /// The dictionary entry that fired, as `file:line`.
    pub entry: String,
}

/// A coded event as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// The article it was coded from.
    pub article_id: String,
    /// Position of the event in its article (0-based, text order).
    pub seq: u32,
    /// Index of the sentence holding the evidence.
    pub sentence: u32,
    /// When it happened: the event's own date, else the article's publication date.
    pub date: Option<Date>,
    /// Who acted.
    pub source: ActorRow,
    /// Who was acted upon, if named.
    pub target: Option<ActorRow>,
    /// CAMEO code (`1312`).
    pub cameo: String,
    /// CAMEO root (`13`).
    pub root: String,
    /// PLOVER type (`THREATEN`), if the code has one.
    pub plover: Option<String>,
    /// Quad class, 1 to 4.
    pub quad_class: u8,
    /// Goldstein value of the code.
    pub goldstein: f64,
    /// First byte of the evidence.
    pub evidence_start: u32,
    /// One past the last byte of the evidence.
    pub evidence_end: u32,
    /// The evidence words.
    pub evidence_text: String,
    /// Dictionary pattern or rule id.
    pub rule_id: String,
    /// The pattern as written.
    pub rule_pattern: String,
    /// `asserted`, `future` or `reported`.
    pub modality: String,
    /// Version of the dictionary set that coded it.
    pub dict_version: String,
}

/// A quotation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRow {
    /// The article it was found in.
    pub article_id: String,
    /// Position of the quote in its article (0-based, text order).
    pub seq: u32,
    /// The article's publication date (read from `articles`; not a column of `quotes`).
    pub date: Option<Date>,
    /// Index of the sentence where the quotation starts.
    pub sentence: u32,
    /// First byte of the quoted words.
    pub start: u32,
    /// One past the last byte of the quoted words.
    pub end: u32,
    /// The quoted words.
    pub text: String,
    /// `direct`, `partial` or `scare`.
    pub kind: String,
    /// Speaker's name, if attributed.
    pub speaker_name: Option<String>,
    /// Speaker's actor code, if known.
    pub speaker_code: Option<String>,
    /// First byte of the mention naming the speaker.
    pub speaker_start: Option<u32>,
    /// One past the last byte of that mention.
    pub speaker_end: Option<u32>,
}

/// An actor mention as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionRow {
    /// The article it was found in.
    pub article_id: String,
    /// Position of the mention in its article (0-based, text order).
    pub seq: u32,
    /// First byte of the mention.
    pub start: u32,
    /// One past the last byte of the mention.
    pub end: u32,
    /// Actor code.
    pub code: String,
    /// Canonical name.
    pub name: String,
    /// How it was recognised.
    pub kind: String,
    /// The dictionary entry that fired, as `file:line`.
    pub entry: String,
    /// Index of the sentence holding it.
    pub sentence: u32,
}

/// Every row one article turns into.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRows {
    /// The article itself.
    pub article: ArticleRow,
    /// Its events, in text order.
    pub events: Vec<EventRow>,
    /// Its quotations, in text order.
    pub quotes: Vec<QuoteRow>,
    /// Its actor mentions, in text order.
    pub mentions: Vec<MentionRow>,
}

/// The content hash the store uses to tell an unchanged article from an edited one: 16 hex digits of
/// xxh3 over title, date, url and text. Fields are separated by a byte that cannot occur in them, so
/// moving words from the title into the text changes the hash.
pub fn content_hash(title: Option<&str>, date: Option<Date>, url: Option<&str>, text: &str) -> String {
    let date = date.map(|d| d.to_string()).unwrap_or_default();
    let mut bytes = Vec::with_capacity(text.len() + 256);
    for field in [title.unwrap_or(""), &date, url.unwrap_or(""), text] {
        bytes.extend_from_slice(field.as_bytes());
        bytes.push(0x1f);
    }
    format!("{:016x}", xxh3_64(&bytes))
}

impl ArticleRows {
    /// Converts a coded article, taking PLOVER type, quad class and Goldstein value from `taxonomy`.
    ///
    /// Fails when a span does not fall inside the text: such an article would show wrong evidence.
    pub fn from_article(article: &AnnotatedArticle, taxonomy: &Taxonomy) -> Result<ArticleRows, StoreError> {
        let text = article.text.as_str();
        let row = ArticleRow {
            id: article.id.clone(),
            title: article.title.clone(),
            date: article.date,
            url: article.url.clone(),
            text: article.text.clone(),
            body_start: article.body_start,
            content_hash: content_hash(article.title.as_deref(), article.date, article.url.as_deref(), text),
            origin_path: article.origin.path.clone(),
            origin_line: article.origin.line,
            dict_version: article.dict_version.clone(),
        };
        let events = article
            .events
            .iter()
            .enumerate()
            .map(|(seq, event)| event_row(article, seq as u32, event, taxonomy))
            .collect::<Result<Vec<_>, _>>()?;
        let quotes = article
            .quotes
            .iter()
            .enumerate()
            .map(|(seq, quote)| quote_row(article, seq as u32, quote))
            .collect::<Result<Vec<_>, _>>()?;
        let mentions = article
            .mentions
            .iter()
            .enumerate()
            .map(|(seq, mention)| {
                check_span(article, mention.span, "mention")?;
                Ok(MentionRow {
                    article_id: article.id.clone(),
                    seq: seq as u32,
                    start: mention.span.start,
                    end: mention.span.end,
                    code: mention.code.to_string(),
                    name: mention.name.to_string(),
                    kind: mention.kind.as_str().to_string(),
                    entry: mention.entry.to_string(),
                    sentence: mention.sentence,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(ArticleRows { article: row, events, quotes, mentions })
    }
}

fn event_row(article: &AnnotatedArticle, seq: u32, event: &Event, taxonomy: &Taxonomy) -> Result<EventRow, StoreError> {
    check_span(article, event.evidence, "event evidence")?;
    let target = match &event.target {
        Some(target) => Some(actor_row(article, target)?),
        None => None,
    };
    Ok(EventRow {
        article_id: article.id.clone(),
        seq,
        sentence: event.sentence,
        date: event.date.or(article.date),
        source: actor_row(article, &event.source)?,
        target,
        cameo: event.code.to_string(),
        root: event.code.root().to_string(),
        plover: taxonomy.plover(&event.code).map(|p| p.as_str().to_string()),
        quad_class: event.code.quad_class().number(),
        goldstein: decimal_f64(taxonomy.goldstein(&event.code)),
        evidence_start: event.evidence.start,
        evidence_end: event.evidence.end,
        evidence_text: event.evidence.slice(&article.text).to_string(),
        rule_id: event.rule.id.to_string(),
        rule_pattern: event.rule.pattern.to_string(),
        modality: event.modality.as_str().to_string(),
        dict_version: article.dict_version.clone(),
    })
}

fn actor_row(article: &AnnotatedArticle, mention: &ActorMention) -> Result<ActorRow, StoreError> {
    check_span(article, mention.span, "actor mention")?;
    Ok(ActorRow {
        code: mention.code.to_string(),
        name: mention.name.to_string(),
        text: mention.span.slice(&article.text).to_string(),
        start: mention.span.start,
        end: mention.span.end,
        kind: mention.kind.as_str().to_string(),
        entry: mention.entry.to_string(),
    })
}

fn quote_row(article: &AnnotatedArticle, seq: u32, quote: &Quote) -> Result<QuoteRow, StoreError> {
    check_span(article, quote.span, "quote")?;
    if let Some(speaker) = &quote.speaker {
        check_span(article, speaker.mention, "speaker mention")?;
    }
    Ok(QuoteRow {
        article_id: article.id.clone(),
        seq,
        date: article.date,
        sentence: quote.sentence,
        start: quote.span.start,
        end: quote.span.end,
        text: quote.span.slice(&article.text).to_string(),
        kind: quote.kind.as_str().to_string(),
        speaker_name: quote.speaker.as_ref().map(|s| s.name.clone()),
        speaker_code: quote.speaker.as_ref().and_then(|s| s.code.as_ref()).map(|c| c.to_string()),
        speaker_start: quote.speaker.as_ref().map(|s| s.mention.start),
        speaker_end: quote.speaker.as_ref().map(|s| s.mention.end),
    })
}

/// One stored mention in `articles.mentions_json`: `[start, end, code, name, kind, entry, sentence]`.
type MentionJson<'a> = (u32, u32, &'a str, &'a str, &'a str, &'a str, u32);

/// An article's mentions as the JSON array stored in `articles.mentions_json` (text order; `seq` is the index).
pub(crate) fn encode_mentions(mentions: &[MentionRow]) -> String {
    let compact: Vec<MentionJson<'_>> = mentions
        .iter()
        .map(|m| (m.start, m.end, m.code.as_str(), m.name.as_str(), m.kind.as_str(), m.entry.as_str(), m.sentence))
        .collect();
    // Serialising numbers and strings cannot fail.
    serde_json::to_string(&compact).unwrap_or_else(|_| "[]".to_string())
}

/// Reads [`encode_mentions`] back; `None` (no mentions stored) is no mentions.
pub(crate) fn decode_mentions(article_id: &str, json: Option<&str>) -> Result<Vec<MentionRow>, StoreError> {
    let Some(json) = json else { return Ok(Vec::new()) };
    let compact: Vec<(u32, u32, String, String, String, String, u32)> = serde_json::from_str(json).map_err(|_| {
        StoreError::Malformed { column: "articles.mentions_json", value: json.chars().take(80).collect() }
    })?;
    Ok(compact
        .into_iter()
        .enumerate()
        .map(|(seq, (start, end, code, name, kind, entry, sentence))| MentionRow {
            article_id: article_id.to_string(),
            seq: seq as u32,
            start,
            end,
            code,
            name,
            kind,
            entry,
            sentence,
        })
        .collect())
}

/// The f32 Goldstein value as the f64 with the same shortest decimal form (`-4.4`, not `-4.400000095367432`).
pub(crate) fn decimal_f64(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

/// Every stored span must slice the text on character boundaries, so `&text[start..end]` is the evidence.
fn check_span(article: &AnnotatedArticle, span: Span, what: &'static str) -> Result<(), StoreError> {
    if article.text.get(span.range()).is_some() {
        return Ok(());
    }
    Err(StoreError::SpanOutsideText {
        article: article.id.clone(),
        what,
        start: span.start,
        end: span.end,
        text_len: article.text.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{article, event};

    #[test]
    fn content_hash_depends_on_every_field() {
        let date = Date::new(2021, 11, 14).ok();
        let base = content_hash(Some("T"), date, Some("u"), "body");
        assert_eq!(base.len(), 16);
        assert_eq!(base, content_hash(Some("T"), date, Some("u"), "body"));
        assert_ne!(base, content_hash(Some("T2"), date, Some("u"), "body"));
        assert_ne!(base, content_hash(Some("T"), None, Some("u"), "body"));
        assert_ne!(base, content_hash(Some("T"), date, None, "body"));
        assert_ne!(base, content_hash(Some("T"), date, Some("u"), "body!"));
        assert_ne!(content_hash(Some("ab"), None, None, "c"), content_hash(Some("a"), None, None, "bc"));
    }

    #[test]
    fn event_rows_take_plover_and_goldstein_from_the_taxonomy() {
        let taxonomy = Taxonomy::standard();
        let a = article(
            "a1",
            "Russia threatened Ukraine.",
            vec![event(("Russia", "RUS"), "threatened", Some(("Ukraine", "UKR")), "1312")],
        );
        let rows = ArticleRows::from_article(&a, &taxonomy).unwrap();
        let row = &rows.events[0];
        assert_eq!(row.root, "13");
        assert_eq!(row.plover.as_deref(), Some("THREATEN"));
        assert_eq!(row.quad_class, 3);
        assert!(row.goldstein < -4.0);
        assert_eq!(row.goldstein.to_string(), Taxonomy::standard().goldstein(&a.events[0].code).to_string());
        assert_eq!(row.source.text, "Russia");
        assert_eq!(row.target.as_ref().map(|t| t.text.as_str()), Some("Ukraine"));
        assert_eq!(row.evidence_text, "threatened");
        // The event has no date of its own: the publication date stands in.
        assert_eq!(row.date, a.date);
    }

    #[test]
    fn spans_outside_the_text_are_refused() {
        let mut a =
            article("a1", "Russia threatened Ukraine.", vec![event(("Russia", "RUS"), "threatened", None, "1312")]);
        a.events[0].evidence = Span::new(10, 400);
        let err = ArticleRows::from_article(&a, &Taxonomy::standard()).unwrap_err();
        assert!(matches!(err, StoreError::SpanOutsideText { what: "event evidence", .. }));
    }
}
