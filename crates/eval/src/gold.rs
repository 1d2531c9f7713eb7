//! Gold items: one JSON line of a gold file parsed into [`GoldItem`], with precise errors.
//!
//! The JSON shape is private to this module (a serde DTO); the public types are plain data so that the
//! scorer never depends on how a line was spelled. Fields a gold set does not annotate are absent, and
//! [`Layers`] records which annotation layers a line carries: a layer that is present but empty
//! (`"events": []`) still says "nothing here", so predictions for it are scored as false positives.

use redline_model::Date;
use serde::Deserialize;

/// One gold item parsed from a JSON line (all fields optional except `id` and `text`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoldItem {
    /// Unique within the file; the engine carries it through to its output.
    pub id: String,
    /// The sentence or the article body.
    pub text: String,
    /// Headline, if any.
    pub title: Option<String>,
    /// Publication date, if any.
    pub date: Option<Date>,
    /// Where it was published.
    pub url: Option<String>,
    /// CAMEO-coded events.
    pub events: Vec<GoldEvent>,
    /// True where human coders found no event in the text.
    pub no_events: bool,
    /// PLOVER-coded events.
    pub plover: Vec<GoldPlover>,
    /// One class for the whole item: 0 neutral, 1 verbal cooperation, 2 material cooperation,
    /// 3 verbal conflict, 4 material conflict.
    pub pentaclass: Option<u8>,
    /// Exact texts that coders marked as source actors.
    pub source_spans: Vec<String>,
    /// Exact texts that coders marked as target actors.
    pub target_spans: Vec<String>,
    /// Direct quotations with their speakers.
    pub quotes: Vec<GoldQuote>,
    /// Which annotation layers the line carries.
    pub layers: Layers,
}

/// Which annotation layers a gold line carries; only these are scored for the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layers {
    /// The line has an `events` list or `no_events: true`.
    pub events: bool,
    /// The line has a `plover` list.
    pub plover: bool,
    /// The line has `source_spans` or `target_spans`.
    pub actor_spans: bool,
    /// The line has a `quotes` list.
    pub quotes: bool,
}

/// A CAMEO-coded gold event. Codes are kept as written (upper-cased actors): gold sets use a few codes
/// outside the codebook (PETRARCH's `174K`, `345`), which simply never match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoldEvent {
    /// Source actor code, `""` where the text names none.
    pub source: String,
    /// CAMEO event code (`"130"`, `"1312"`).
    pub code: String,
    /// Target actor code, `""` where the text names none (matches any predicted target).
    pub target: String,
}

/// A PLOVER-coded gold event; a compound source or target is matched by any one of its members.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoldPlover {
    /// Source members: ISO alpha-3 country codes or organisation codes; empty where the text names none.
    pub source: Vec<String>,
    /// PLOVER event type as written (`"THREATEN"`).
    pub event: String,
    /// Target members, as for `source`.
    pub target: Vec<String>,
}

/// A gold quotation. Offsets are character (code point) offsets into the gold `text`, where the set has them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoldQuote {
    /// The quoted words; may include the quotation marks.
    pub text: String,
    /// Who said it; `""` where the gold set names no speaker.
    pub speaker: String,
    /// First character of the quote in the gold text.
    pub start: Option<usize>,
    /// One past the last character of the quote in the gold text.
    pub end: Option<usize>,
    /// First character of the speaker mention in the gold text.
    pub speaker_start: Option<usize>,
    /// One past the last character of the speaker mention in the gold text.
    pub speaker_end: Option<usize>,
}

/// Why a gold line could not be read. The CLI adds `file:line`.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// The line is not JSON, or a field has the wrong type or is missing.
    #[error("not a gold item: {0}")]
    Json(#[from] serde_json::Error),
    /// The `id` is empty.
    #[error("field `id` is empty")]
    EmptyId,
    /// The `date` is not `YYYY-MM-DD`.
    #[error("field `date`: {value:?} is not a YYYY-MM-DD date")]
    Date {
        /// The date as written.
        value: String,
        /// What jiff found wrong with it.
        #[source]
        source: jiff::Error,
    },
    /// `pentaclass` is outside 0–4.
    #[error("field `pentaclass`: {0} is not a class from 0 to 4")]
    Pentaclass(u8),
    /// An event code does not start with a two-digit CAMEO root.
    #[error("event {index}: code {code:?} does not start with a two-digit CAMEO root")]
    EventCode {
        /// Zero-based index in `events`.
        index: usize,
        /// The code as written.
        code: String,
    },
    /// A quote's or speaker's start offset lies after its end.
    #[error("quote {index}: {what} start {start} is after its end {end}")]
    QuoteOffsets {
        /// Zero-based index in `quotes`.
        index: usize,
        /// `"quote"` or `"speaker"`.
        what: &'static str,
        /// The start offset.
        start: usize,
        /// The end offset.
        end: usize,
    },
}

/// Parses one line of a gold file.
pub fn parse_gold_line(line: &str) -> Result<GoldItem, GoldError> {
    let raw: RawItem = serde_json::from_str(line)?;
    if raw.id.trim().is_empty() {
        return Err(GoldError::EmptyId);
    }
    let date = match raw.date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(value) => {
            Some(value.parse::<Date>().map_err(|source| GoldError::Date { value: value.to_string(), source })?)
        }
    };
    if let Some(class) = raw.pentaclass
        && class > 4
    {
        return Err(GoldError::Pentaclass(class));
    }
    let no_events = raw.no_events.unwrap_or(false);
    let layers = Layers {
        events: raw.events.is_some() || no_events,
        plover: raw.plover.is_some(),
        actor_spans: raw.source_spans.is_some() || raw.target_spans.is_some(),
        quotes: raw.quotes.is_some(),
    };
    let events = raw
        .events
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(index, event)| event.into_gold(index))
        .collect::<Result<Vec<_>, _>>()?;
    let quotes = raw
        .quotes
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(index, quote)| quote.into_gold(index))
        .collect::<Result<Vec<_>, _>>()?;
    let plover = raw
        .plover
        .unwrap_or_default()
        .into_iter()
        .map(|p| GoldPlover {
            source: p.source.into_codes(),
            event: p.event.trim().to_ascii_uppercase(),
            target: p.target.into_codes(),
        })
        .collect();
    Ok(GoldItem {
        id: raw.id,
        text: raw.text,
        title: raw.title,
        date,
        url: raw.url,
        events,
        no_events,
        plover,
        pentaclass: raw.pentaclass,
        source_spans: raw.source_spans.unwrap_or_default(),
        target_spans: raw.target_spans.unwrap_or_default(),
        quotes,
        layers,
    })
}

// The JSON shape of a gold line. Unknown fields (`notes`, `actors`, `evidence`, `speaker_code`) are
// ignored: they document the item but are not scored.
#[derive(Deserialize)]
struct RawItem {
    id: String,
    text: String,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    events: Option<Vec<RawEvent>>,
    no_events: Option<bool>,
    plover: Option<Vec<RawPlover>>,
    pentaclass: Option<u8>,
    source_spans: Option<Vec<String>>,
    target_spans: Option<Vec<String>>,
    quotes: Option<Vec<RawQuote>>,
}

#[derive(Deserialize)]
struct RawEvent {
    #[serde(default)]
    source: Option<String>,
    code: String,
    #[serde(default)]
    target: Option<String>,
}

impl RawEvent {
    fn into_gold(self, index: usize) -> Result<GoldEvent, GoldError> {
        let code = self.code.trim().to_ascii_uppercase();
        if !code.bytes().take(2).all(|b| b.is_ascii_digit()) || code.len() < 2 {
            return Err(GoldError::EventCode { index, code: self.code });
        }
        Ok(GoldEvent {
            source: self.source.unwrap_or_default().trim().to_ascii_uppercase(),
            code,
            target: self.target.unwrap_or_default().trim().to_ascii_uppercase(),
        })
    }
}

#[derive(Deserialize)]
struct RawPlover {
    #[serde(default)]
    source: Codes,
    event: String,
    #[serde(default)]
    target: Codes,
}

/// PLOVER actors are lists; a bare string or null is accepted as a list of one or none.
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Codes {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Codes {
    fn into_codes(self) -> Vec<String> {
        let codes = match self {
            Codes::None => Vec::new(),
            Codes::One(code) => vec![code],
            Codes::Many(codes) => codes,
        };
        codes.into_iter().map(|code| code.trim().to_ascii_uppercase()).filter(|code| !code.is_empty()).collect()
    }
}

#[derive(Deserialize)]
struct RawQuote {
    text: String,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    start: Option<usize>,
    #[serde(default)]
    end: Option<usize>,
    #[serde(default)]
    speaker_start: Option<usize>,
    #[serde(default)]
    speaker_end: Option<usize>,
}

impl RawQuote {
    fn into_gold(self, index: usize) -> Result<GoldQuote, GoldError> {
        for (what, start, end) in [("quote", self.start, self.end), ("speaker", self.speaker_start, self.speaker_end)] {
            if let (Some(start), Some(end)) = (start, end)
                && start > end
            {
                return Err(GoldError::QuoteOffsets { index, what, start, end });
            }
        }
        Ok(GoldQuote {
            text: self.text,
            speaker: self.speaker.unwrap_or_default().trim().to_string(),
            start: self.start,
            end: self.end,
            speaker_start: self.speaker_start,
            speaker_end: self.speaker_end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_event_line() {
        let item = parse_gold_line(
            r#"{"id": "DEMO-02", "date": "1995-01-03", "text": "Arnor met Gondor.",
                "events": [{"source": "daggov", "code": "032", "target": "GON"},
                           {"source": "ARN", "code": "1312", "target": ""}]}"#,
        )
        .unwrap();
        assert_eq!(item.id, "DEMO-02");
        assert_eq!(item.date, Some(jiff::civil::date(1995, 1, 3)));
        assert_eq!(item.events.len(), 2);
        assert_eq!(item.events[0].source, "DAGGOV");
        assert_eq!(item.events[1].target, "");
        assert!(item.layers.events && !item.layers.quotes && !item.layers.actor_spans);
        assert!(!item.no_events);
    }

    #[test]
    fn an_empty_events_list_is_still_a_layer() {
        let item = parse_gold_line(r#"{"id": "E", "text": "t", "events": []}"#).unwrap();
        assert!(item.layers.events);
        let item = parse_gold_line(r#"{"id": "E", "text": "t", "no_events": true}"#).unwrap();
        assert!(item.layers.events && item.no_events);
        let item = parse_gold_line(r#"{"id": "P", "text": "t", "pentaclass": 3}"#).unwrap();
        assert!(!item.layers.events);
        assert_eq!(item.pentaclass, Some(3));
    }

    #[test]
    fn parses_quotes_with_and_without_speakers() {
        let item = parse_gold_line(
            r#"{"id": "q", "date": null, "title": "T", "text": "“Hi,” said Ann Lee.",
                "quotes": [{"text": "“Hi,”", "speaker": "Ann Lee", "start": 0, "end": 5,
                            "speaker_start": 11, "speaker_end": 18},
                           {"text": "x", "speaker": null, "start": 1, "end": 2,
                            "speaker_start": null, "speaker_end": null}]}"#,
        )
        .unwrap();
        assert_eq!(item.date, None);
        assert_eq!(item.title.as_deref(), Some("T"));
        assert_eq!(item.quotes[0].speaker_start, Some(11));
        assert_eq!(item.quotes[1].speaker, "");
        assert!(item.layers.quotes);
    }

    #[test]
    fn parses_plover_lists_and_spans() {
        let item = parse_gold_line(
            r#"{"id": "p", "text": "t", "plover": [{"source": ["JOR", "gbr"], "event": "threaten", "target": "IGO"}],
                "source_spans": ["a car bomb"], "target_spans": []}"#,
        )
        .unwrap();
        assert_eq!(item.plover[0].source, vec!["JOR", "GBR"]);
        assert_eq!(item.plover[0].target, vec!["IGO"]);
        assert_eq!(item.plover[0].event, "THREATEN");
        assert!(item.layers.plover && item.layers.actor_spans);
        assert_eq!(item.source_spans, vec!["a car bomb"]);
    }

    #[test]
    fn reports_what_is_wrong() {
        let err = parse_gold_line(r#"{"text": "t"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `id`"), "{err}");
        assert!(matches!(parse_gold_line("{"), Err(GoldError::Json(_))));
        assert!(matches!(parse_gold_line(r#"{"id": " ", "text": "t"}"#), Err(GoldError::EmptyId)));
        let err = parse_gold_line(r#"{"id": "a", "text": "t", "date": "1995-13-01"}"#).unwrap_err();
        assert!(matches!(err, GoldError::Date { .. }), "{err}");
        let err = parse_gold_line(r#"{"id": "a", "text": "t", "pentaclass": 5}"#).unwrap_err();
        assert!(matches!(err, GoldError::Pentaclass(5)));
        let err =
            parse_gold_line(r#"{"id": "a", "text": "t", "events": [{"source": "A", "code": "x1"}]}"#).unwrap_err();
        assert_eq!(err.to_string(), r#"event 0: code "x1" does not start with a two-digit CAMEO root"#);
        let err = parse_gold_line(r#"{"id": "a", "text": "t", "quotes": [{"text": "q", "start": 5, "end": 2}]}"#)
            .unwrap_err();
        assert!(matches!(err, GoldError::QuoteOffsets { what: "quote", .. }));
    }
}
