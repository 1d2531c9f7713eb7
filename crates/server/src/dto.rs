//! The JSON the API answers with: the server's own DTOs (API contract v1), built from the store's rows.
//!
//! Serialization is a commitment: these shapes are what the dashboard and other clients read, and the
//! OpenAPI snapshot makes any change a visible diff. Add fields, never rename or remove them. Spans are
//! `[start, end]` byte offsets into the article's clean text; dates are `YYYY-MM-DD`.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use redline_model::Date;
use redline_store::{ArticleHeader, EventRow, MentionRow, QuoteRow, StoryRow};
use serde::Serialize;
use utoipa::ToSchema;

/// A JSON response with `Content-Type: application/json; charset=utf-8`.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T: Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => {
                let mut response = body.into_response();
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
                response
            }
            // Our DTOs hold only strings and numbers; a failure here is a bug.
            Err(err) => crate::error::ApiError::internal(format!("cannot serialize response: {err}")).into_response(),
        }
    }
}

fn date(date: Option<Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HealthDto {
    /// Always `ok` when the database answers.
    pub status: String,
    /// Stored articles.
    pub articles: u64,
    /// Stored events.
    pub events: u64,
    /// Stored quotations.
    pub quotes: u64,
    /// Stories (groups of near-duplicate articles).
    pub stories: u64,
    /// Earliest article date.
    pub first_date: Option<String>,
    /// Latest article date.
    pub last_date: Option<String>,
}

/// One side of an event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventActorDto {
    /// Actor code (`RUSGOV`).
    pub code: String,
    /// Canonical name of the dictionary entry.
    pub name: String,
    /// The words of the mention.
    pub text: String,
    /// `[start, end]` byte offsets of the mention.
    pub span: [u32; 2],
    /// How it was recognised (`country`, `person`, ...).
    pub kind: String,
    /// The dictionary entry, `file:line`.
    pub entry: String,
}

/// The words that carry an event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceDto {
    /// The evidence words: `text[span]` of the article.
    pub text: String,
    /// `[start, end]` byte offsets.
    pub span: [u32; 2],
}

/// The dictionary pattern or rule that coded an event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleDto {
    /// `file:line` or `rule:<name>`.
    pub id: String,
    /// The pattern as written.
    pub pattern: String,
}

/// A coded event with its evidence.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventDto {
    /// The article it was coded from.
    pub article_id: String,
    /// Position of the event in its article.
    pub seq: u32,
    /// Index of the sentence holding the evidence.
    pub sentence: u32,
    /// When it happened.
    pub date: Option<String>,
    /// Who acted.
    pub source: EventActorDto,
    /// Who was acted upon, if named.
    pub target: Option<EventActorDto>,
    /// CAMEO code.
    pub cameo: String,
    /// CAMEO root (`13`).
    pub root: String,
    /// PLOVER type.
    pub plover: Option<String>,
    /// Quad class 1–4.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f64,
    /// The evidence.
    pub evidence: EvidenceDto,
    /// Why it was coded.
    pub rule: RuleDto,
    /// `asserted`, `future` or `reported`.
    pub modality: String,
    /// The story of its article.
    pub story_id: Option<String>,
    /// The headline of its article.
    pub article_title: Option<String>,
}

impl EventDto {
    /// The DTO of a stored event, with its article's story and title (`None` if not looked up).
    pub fn new(row: EventRow, header: Option<&ArticleHeader>) -> EventDto {
        let actor = |a: redline_store::ActorRow| EventActorDto {
            code: a.code,
            name: a.name,
            text: a.text,
            span: [a.start, a.end],
            kind: a.kind,
            entry: a.entry,
        };
        EventDto {
            article_id: row.article_id,
            seq: row.seq,
            sentence: row.sentence,
            date: date(row.date),
            source: actor(row.source),
            target: row.target.map(actor),
            cameo: row.cameo,
            root: row.root,
            plover: row.plover,
            quad_class: row.quad_class,
            goldstein: row.goldstein,
            evidence: EvidenceDto { text: row.evidence_text, span: [row.evidence_start, row.evidence_end] },
            rule: RuleDto { id: row.rule_id, pattern: row.rule_pattern },
            modality: row.modality,
            story_id: header.and_then(|h| h.story_id.clone()),
            article_title: header.and_then(|h| h.title.clone()),
        }
    }
}

/// Who said a quotation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SpeakerDto {
    /// Canonical name, or the words naming the speaker.
    pub name: Option<String>,
    /// Actor code, where known.
    pub code: Option<String>,
    /// `[start, end]` of the mention naming the speaker, if any.
    pub span: Option<[u32; 2]>,
}

/// A quotation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuoteDto {
    /// The article it was found in.
    pub article_id: String,
    /// Position in the article.
    pub seq: u32,
    /// The quoted words.
    pub text: String,
    /// `[start, end]` byte offsets of the quoted words.
    pub span: [u32; 2],
    /// `direct`, `partial` or `scare`.
    pub kind: String,
    /// The speaker, if attributed.
    pub speaker: Option<SpeakerDto>,
    /// The article's date.
    pub date: Option<String>,
    /// The article's headline.
    pub article_title: Option<String>,
}

impl QuoteDto {
    /// The DTO of a stored quotation, with its article's title.
    pub fn new(row: QuoteRow, title: Option<String>) -> QuoteDto {
        let span = match (row.speaker_start, row.speaker_end) {
            (Some(start), Some(end)) => Some([start, end]),
            _ => None,
        };
        let speaker = (row.speaker_name.is_some() || row.speaker_code.is_some()).then_some(SpeakerDto {
            name: row.speaker_name,
            code: row.speaker_code,
            span,
        });
        QuoteDto {
            article_id: row.article_id,
            seq: row.seq,
            text: row.text,
            span: [row.start, row.end],
            kind: row.kind,
            speaker,
            date: date(row.date),
            article_title: title,
        }
    }
}

/// A page of events.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventPage {
    /// The events of this page.
    pub items: Vec<EventDto>,
    /// 1-based page number.
    pub page: u32,
    /// Page size asked for.
    pub page_size: u32,
    /// Events matching the filters, over all pages.
    pub total: u64,
}

/// A page of quotations.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuotePage {
    /// The quotations of this page.
    pub items: Vec<QuoteDto>,
    /// 1-based page number.
    pub page: u32,
    /// Page size asked for.
    pub page_size: u32,
    /// Quotations matching the filters, over all pages.
    pub total: u64,
}

/// A story: near-duplicate articles grouped into one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StoryDto {
    /// Stable id (the id of the article that started it).
    pub id: String,
    /// The member published first.
    pub first_article: String,
    /// Its date.
    pub first_seen: Option<String>,
    /// Member articles.
    pub articles: u64,
    /// Distinct URL hosts among them.
    pub sources: u64,
    /// The headline of the first article.
    pub title: Option<String>,
}

impl StoryDto {
    /// The DTO of a stored story and the title of its first article.
    pub fn new(row: StoryRow, title: Option<String>) -> StoryDto {
        StoryDto {
            id: row.id,
            first_article: row.first_article,
            first_seen: date(row.first_seen),
            articles: row.articles,
            sources: row.sources,
            title,
        }
    }
}

/// A page of stories.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StoryPage {
    /// The stories of this page, most articles first.
    pub items: Vec<StoryDto>,
    /// 1-based page number.
    pub page: u32,
    /// Page size asked for.
    pub page_size: u32,
    /// Stories first seen in the range, over all pages.
    pub total: u64,
}

/// An article of a story.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberDto {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// URL host.
    pub source_host: Option<String>,
}

impl From<ArticleHeader> for MemberDto {
    fn from(h: ArticleHeader) -> MemberDto {
        MemberDto { id: h.id, title: h.title, date: date(h.date), url: h.url, source_host: h.source_host }
    }
}

/// A story with its member articles.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StoryDetailDto {
    /// Stable id.
    pub id: String,
    /// The member published first.
    pub first_article: String,
    /// Its date.
    pub first_seen: Option<String>,
    /// Member articles.
    pub articles: u64,
    /// Distinct URL hosts.
    pub sources: u64,
    /// The headline of the first article.
    pub title: Option<String>,
    /// The member articles, earliest first.
    pub members: Vec<MemberDto>,
}

/// One code an actor entry carries, in a date range.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoleDto {
    /// The code while in force.
    pub code: String,
    /// First day in force, if bounded.
    pub from: Option<String>,
    /// First day no longer in force, if bounded.
    pub to: Option<String>,
    /// Role titles ("foreign minister"), joined by `; `.
    pub title: Option<String>,
}

/// A dictionary entry a name resolves to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorDto {
    /// The code in force on the date asked for (without a date: the current one); `null` if none.
    pub code: Option<String>,
    /// Canonical name.
    pub name: String,
    /// `country`, `organisation`, `media`, `seat` or `person`.
    pub kind: String,
    /// Where the entry is defined, `file:line`.
    pub entry: String,
    /// Every role of the entry.
    pub roles: Vec<RoleDto>,
}

/// `GET /api/v1/actors`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorList {
    /// The entries the name resolves to (by name, or by a role title held on the date).
    pub items: Vec<ActorDto>,
}

/// An actor mention in an article.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MentionDto {
    /// `[start, end]` byte offsets.
    pub span: [u32; 2],
    /// Actor code.
    pub code: String,
    /// Canonical name.
    pub name: String,
    /// How it was recognised.
    pub kind: String,
}

impl From<MentionRow> for MentionDto {
    fn from(m: MentionRow) -> MentionDto {
        MentionDto { span: [m.start, m.end], code: m.code, name: m.name, kind: m.kind }
    }
}

/// An article with everything coded in it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleDto {
    /// Stable id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// URL host.
    pub source_host: Option<String>,
    /// Its story.
    pub story_id: Option<String>,
    /// The clean text every span points into.
    pub text: String,
    /// Actor mentions, in text order.
    pub mentions: Vec<MentionDto>,
    /// Events, in text order.
    pub events: Vec<EventDto>,
    /// Quotations, in text order.
    pub quotes: Vec<QuoteDto>,
}

/// A node of the actor network.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NodeDto {
    /// Country or organisation code.
    pub code: String,
    /// Its dictionary name (the code when the dictionaries have none).
    pub name: String,
    /// Events on the edges that touch it.
    pub events: u64,
}

/// A directed edge of the actor network.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EdgeDto {
    /// Who acted.
    pub source: String,
    /// Who was acted upon.
    pub target: String,
    /// Events.
    pub events: u64,
    /// Events of quad class 3 or 4.
    pub conflict: u64,
    /// Mean Goldstein value.
    pub goldstein_mean: f64,
}

/// `GET /api/v1/network`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NetworkDto {
    /// Actors, busiest first.
    pub nodes: Vec<NodeDto>,
    /// Who acts on whom, busiest first.
    pub edges: Vec<EdgeDto>,
}

/// One day or week of a dyad's series.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesPointDto {
    /// First day of the bucket.
    pub date: String,
    /// Events.
    pub events: u64,
    /// Events per quad class 1–4.
    pub quad: [u64; 4],
    /// Sum of Goldstein values.
    pub goldstein_sum: f64,
    /// Mean Goldstein value.
    pub goldstein_mean: f64,
    /// Share of quad 3–4 events.
    pub conflict_share: f64,
    /// Distinct stories.
    pub stories: u64,
    /// Distinct sources.
    pub sources: u64,
    /// The watched metric (`[series]` of the alert rules: conflict events by default), per 100 articles of
    /// all sources that bucket when `normalise=true`, else raw.
    pub value: f64,
    /// Articles published by all sources in the bucket (the coverage `value` is normalised by).
    pub articles: u64,
    /// The watched metric, raw (the same as `value` when not normalised).
    pub metric: f64,
}

/// The articles, events and quotations behind an alert.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExplanationDto {
    /// The events that made the alert.
    pub events: Vec<EventDto>,
    /// Quotations by either side in or next to a driving event's sentence.
    pub quotes: Vec<QuoteDto>,
    /// Their articles.
    pub articles: Vec<MemberDto>,
}

/// An alert on a dyad's series.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertDto {
    /// Stable id: `{dyad}:{date}:{rule}` (`RUS-UKR:2022-02-20:spike`).
    pub id: String,
    /// The dyad (`RUS-UKR`).
    pub dyad: String,
    /// The day it fired.
    pub date: String,
    /// `warning`, `high` or `critical`.
    pub severity: String,
    /// Detector score (z-score, or the CUSUM sum).
    pub score: f64,
    /// The watched value over the alert's window (per 100 articles when the rules normalise).
    pub value: f64,
    /// The baseline mean it was compared with.
    pub baseline: f64,
    /// The baseline's spread.
    pub baseline_spread: f64,
    /// The name of the rule that fired (`spike`, `drift`).
    pub rule: String,
    /// The rule's kind (`zscore`, `cusum`).
    pub kind: String,
    /// First day of the evidence window.
    pub window_start: String,
    /// Counted events in the window (raw).
    pub window_events: f64,
    /// Why: the driving events (largest contribution first), quotations near them, their articles.
    pub explanation: ExplanationDto,
}

/// `GET /api/v1/series`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesDto {
    /// The dyad (`RUS-UKR`).
    pub dyad: String,
    /// `day` or `week`.
    pub by: String,
    /// The buckets, in date order.
    pub points: Vec<SeriesPointDto>,
    /// Alerts on this dyad within the range, oldest first.
    pub alerts: Vec<AlertDto>,
}

/// `GET /api/v1/alerts`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertList {
    /// Alerts, newest first.
    pub items: Vec<AlertDto>,
}
