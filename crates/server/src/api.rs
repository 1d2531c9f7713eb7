//! The `/api/v1` handlers: parameters checked and bounded (see `params.rs`), one blocking read per
//! request, rows turned into DTOs. Each handler carries its OpenAPI description (`utoipa::path`).
//!
//! Unknown dyads and actor codes are not errors: they are valid filters that match nothing, so they
//! answer an empty page (200). A dyad that is not `CODE:CODE` is `invalid_parameter`.

use std::collections::{BTreeSet, HashMap, HashSet};

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use redline_dict::{EntryKind, Nominal, PhraseKey};
use redline_engine::watch::{WatchError, same_sides};
use redline_model::QuoteKind;
use redline_signal::{Bucket, DyadSpec, days_between};
use redline_store::{ArticleHeader, DateRange, Dyad, EventFilter, QuoteFilter, Store};

use crate::dto::{
    ActorDto, ActorList, AlertDto, AlertList, ApiJson, ArticleDto, EdgeDto, EventDto, EventPage, HealthDto, MemberDto,
    MentionDto, NetworkDto, NodeDto, QuoteDto, QuotePage, RoleDto, SeriesDto, StoryDetailDto, StoryDto, StoryPage,
};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::params::{MAX_TEXT_CHARS, Params};
use crate::signal::point_dto;
use crate::state::AppState;

/// An id from the path (`/articles/{id}`), decoded and bounded; a bad one is a 400 in the API's JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Id(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Id, ApiError> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::invalid("id", rejection.body_text()))?;
        if id.chars().count() > MAX_TEXT_CHARS {
            return Err(ApiError::new(
                ErrorCode::QueryTooLong,
                format!("an id is at most {MAX_TEXT_CHARS} characters"),
            ));
        }
        Ok(Id(id))
    }
}

fn db(err: redline_store::StoreError) -> ApiError {
    ApiError::internal(err)
}

/// Headers of the articles of `ids`, by id.
pub(crate) fn headers(
    store: &Store,
    ids: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, ArticleHeader>, ApiError> {
    let ids: BTreeSet<String> = ids.into_iter().collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    Ok(store.article_headers(&ids).map_err(db)?.into_iter().map(|h| (h.id.clone(), h)).collect())
}

/// Store health and what it holds.
#[utoipa::path(get, path = "/api/v1/health", tag = "store",
    responses((status = 200, description = "The store answers", body = HealthDto),
              (status = 500, description = "The database cannot be read", body = ErrorBody)))]
pub async fn health(State(state): State<AppState>, uri: Uri) -> Result<ApiJson<HealthDto>, ApiError> {
    Params::parse(uri.query(), &[])?;
    state
        .read(|store| {
            let counts = store.counts().map_err(db)?;
            let span = store.date_span().map_err(db)?;
            Ok(HealthDto {
                status: "ok".into(),
                articles: counts.articles,
                events: counts.events,
                quotes: counts.quotes,
                stories: store.story_count().map_err(db)?,
                first_date: span.first.map(|d| d.to_string()),
                last_date: span.last.map(|d| d.to_string()),
            })
        })
        .await
        .map(ApiJson)
}

const EVENT_PARAMS: &[&str] =
    &["actor", "dyad", "undirected", "root", "plover", "modality", "from", "to", "article", "page", "page_size"];

fn event_filter(params: &Params) -> Result<EventFilter, ApiError> {
    let dyad = params
        .text("dyad")
        .map(|text| text.parse::<Dyad>().map_err(|err| ApiError::invalid("dyad", err)))
        .transpose()?;
    if let Some(dyad) = &dyad
        && (dyad.source.len() > 15 || dyad.target.len() > 15)
    {
        return Err(ApiError::invalid("dyad", "actor codes are at most 15 characters"));
    }
    let roots =
        params.list("root", "must be CAMEO roots 01 to 20, comma-separated", |root| match root.parse::<u8>() {
            Ok(n) if (1..=20).contains(&n) && root.len() <= 2 => Some(vec![format!("{n:02}")]),
            _ => None,
        })?;
    let plover = params
        .text("plover")
        .map(|text| {
            if text.len() <= 32 && text.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') {
                Ok(text.to_ascii_uppercase())
            } else {
                Err(ApiError::invalid("plover", "must be a PLOVER type like THREATEN"))
            }
        })
        .transpose()?;
    let modalities = params.modalities("modality")?;
    let (from, to) = params.date_range("from", "to")?;
    Ok(EventFilter {
        actor: params.code("actor")?,
        dyad,
        undirected: params.flag("undirected", false)?,
        roots,
        plover,
        modalities,
        from,
        to,
        article_id: params.text("article").map(str::to_string),
        limit: None,
        offset: 0,
    })
}

/// Coded events, filtered and paged, each with its evidence.
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(
        ("actor" = Option<String>, Query, description = "Actor code prefix matching the source or the target (`RUS` matches `RUSGOV`)"),
        ("dyad" = Option<String>, Query, description = "Source and target code prefixes, `RUS:UKR`; an unknown dyad matches nothing"),
        ("undirected" = Option<bool>, Query, description = "Let the dyad match in both directions (default false)"),
        ("root" = Option<String>, Query, description = "CAMEO roots, comma-separated (`13` or `13,19`)"),
        ("modality" = Option<String>, Query, description = "Modalities, comma-separated (`asserted,reported`; `counted` for both)"),
        ("plover" = Option<String>, Query, description = "PLOVER type (`THREATEN`)"),
        ("from" = Option<String>, Query, description = "First event date, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "Last event date, YYYY-MM-DD (inclusive)"),
        ("article" = Option<String>, Query, description = "Only the events of this article"),
        ("page" = Option<u32>, Query, description = "1-based page (default 1)"),
        ("page_size" = Option<u32>, Query, description = "Events per page (default 50, at most 500)"),
    ),
    responses((status = 200, description = "A page of events in date order", body = EventPage),
              (status = 400, description = "A bad parameter", body = ErrorBody)))]
pub async fn events(State(state): State<AppState>, uri: Uri) -> Result<ApiJson<EventPage>, ApiError> {
    let params = Params::parse(uri.query(), EVENT_PARAMS)?;
    let filter = event_filter(&params)?;
    let paging = params.paging()?;
    state
        .read(move |store| {
            let total = store.count_events(&filter).map_err(db)?;
            let page = EventFilter { limit: Some(paging.page_size), offset: paging.offset, ..filter };
            let rows = store.events(&page).map_err(db)?;
            let headers = headers(store, rows.iter().map(|r| r.article_id.clone()))?;
            let items = rows
                .into_iter()
                .map(|row| {
                    let header = headers.get(&row.article_id);
                    EventDto::new(row, header)
                })
                .collect();
            Ok(EventPage { items, page: paging.page, page_size: paging.page_size, total })
        })
        .await
        .map(ApiJson)
}

/// Stories (near-duplicate articles grouped), most articles first.
#[utoipa::path(get, path = "/api/v1/stories", tag = "stories",
    params(
        ("from" = Option<String>, Query, description = "First date a story was first seen, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "Last such date, YYYY-MM-DD (inclusive)"),
        ("page" = Option<u32>, Query, description = "1-based page (default 1)"),
        ("page_size" = Option<u32>, Query, description = "Stories per page (default 50, at most 500)"),
    ),
    responses((status = 200, description = "A page of stories", body = StoryPage),
              (status = 400, description = "A bad parameter", body = ErrorBody)))]
pub async fn stories(State(state): State<AppState>, uri: Uri) -> Result<ApiJson<StoryPage>, ApiError> {
    let params = Params::parse(uri.query(), &["from", "to", "page", "page_size"])?;
    let (from, to) = params.date_range("from", "to")?;
    let paging = params.paging()?;
    state
        .read(move |store| {
            let range = DateRange { from, to };
            let total = store.count_stories(&range).map_err(db)?;
            let rows = store.stories_page(&range, paging.page_size, paging.offset).map_err(db)?;
            let headers = headers(store, rows.iter().map(|r| r.first_article.clone()))?;
            let items = rows
                .into_iter()
                .map(|row| {
                    let title = headers.get(&row.first_article).and_then(|h| h.title.clone());
                    StoryDto::new(row, title)
                })
                .collect();
            Ok(StoryPage { items, page: paging.page, page_size: paging.page_size, total })
        })
        .await
        .map(ApiJson)
}

/// One story with its member articles.
#[utoipa::path(get, path = "/api/v1/stories/{id}", tag = "stories",
    params(("id" = String, Path, description = "Story id")),
    responses((status = 200, description = "The story", body = StoryDetailDto),
              (status = 404, description = "No such story", body = ErrorBody)))]
pub async fn story(State(state): State<AppState>, Id(id): Id, uri: Uri) -> Result<ApiJson<StoryDetailDto>, ApiError> {
    Params::parse(uri.query(), &[])?;
    state
        .read(move |store| {
            let Some(row) = store.story(&id).map_err(db)? else {
                return Err(ApiError::not_found(format!("no story {id:?}")));
            };
            let members = store.story_members(&row.id).map_err(db)?;
            let title = members.iter().find(|m| m.id == row.first_article).and_then(|m| m.title.clone());
            let story = StoryDto::new(row, title);
            Ok(StoryDetailDto {
                id: story.id,
                first_article: story.first_article,
                first_seen: story.first_seen,
                articles: story.articles,
                sources: story.sources,
                title: story.title,
                members: members.into_iter().map(MemberDto::from).collect(),
            })
        })
        .await
        .map(ApiJson)
}

/// Quotations, searched by speaker and words, paged.
#[utoipa::path(get, path = "/api/v1/quotes", tag = "quotes",
    params(
        ("speaker" = Option<String>, Query, description = "Part of the speaker's name, or a prefix of the speaker's actor code"),
        ("q" = Option<String>, Query, description = "Words the quotation contains (case-insensitive)"),
        ("kind" = Option<String>, Query, description = "Quotation kinds, comma-separated: direct, partial, scare (default: direct and partial; scare quotes and titles are left out)"),
        ("from" = Option<String>, Query, description = "First article date, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "Last article date, YYYY-MM-DD (inclusive)"),
        ("page" = Option<u32>, Query, description = "1-based page (default 1)"),
        ("page_size" = Option<u32>, Query, description = "Quotations per page (default 50, at most 500)"),
    ),
    responses((status = 200, description = "A page of quotations in date order", body = QuotePage),
              (status = 400, description = "A bad parameter", body = ErrorBody)))]
pub async fn quotes(State(state): State<AppState>, uri: Uri) -> Result<ApiJson<QuotePage>, ApiError> {
    let params = Params::parse(uri.query(), &["speaker", "q", "kind", "from", "to", "page", "page_size"])?;
    let (from, to) = params.date_range("from", "to")?;
    let paging = params.paging()?;
    let kinds = params.list("kind", "must be quotation kinds (direct, partial, scare), comma-separated", |name| {
        QuoteKind::parse(name).map(|k| vec![k])
    })?;
    let filter = QuoteFilter {
        speaker: params.text("speaker").map(str::to_string),
        text: params.text("q").map(str::to_string),
        from,
        to,
        kinds,
        limit: Some(paging.page_size),
    };
    state
        .read(move |store| {
            let total = store.count_quotes(&filter).map_err(db)?;
            let rows = store.quotes_page(&filter, paging.offset).map_err(db)?;
            let headers = headers(store, rows.iter().map(|r| r.article_id.clone()))?;
            let items = rows
                .into_iter()
                .map(|row| {
                    let title = headers.get(&row.article_id).and_then(|h| h.title.clone());
                    QuoteDto::new(row, title)
                })
                .collect();
            Ok(QuotePage { items, page: paging.page, page_size: paging.page_size, total })
        })
        .await
        .map(ApiJson)
}

fn kind_name(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Country => "country",
        EntryKind::Organisation => "organisation",
        EntryKind::Media => "media",
        EntryKind::Seat => "seat",
        EntryKind::Person => "person",
    }
}

/// Dictionary look-up: the entries a name resolves to on a date (as `redline dict lookup`).
#[utoipa::path(get, path = "/api/v1/actors", tag = "actors",
    params(
        ("name" = String, Query, description = "A name as it appears in a text (`Lavrov`, `the Kremlin`, `foreign minister`)"),
        ("date" = Option<String>, Query, description = "The day to resolve on, YYYY-MM-DD (default: the current roles)"),
    ),
    responses((status = 200, description = "Matching entries (none is an empty list)", body = ActorList),
              (status = 400, description = "A bad parameter", body = ErrorBody)))]
pub async fn actors(State(state): State<AppState>, uri: Uri) -> Result<ApiJson<ActorList>, ApiError> {
    let params = Params::parse(uri.query(), &["name", "date"])?;
    let name = params.required("name")?;
    let date = params.date("date")?;
    let key = PhraseKey::of(name).ok_or_else(|| ApiError::invalid("name", "has no words to look up"))?;
    let dicts = state.dictionaries();
    let mut entries: Vec<u32> = Vec::new();
    let mut seen: HashSet<u32> = HashSet::new();
    for &form in dicts.names.get(&key.key).unwrap_or(&[]) {
        if let Some(form) = dicts.forms.get(form as usize)
            && seen.insert(form.entry)
        {
            entries.push(form.entry);
        }
    }
    for value in dicts.nominals.get(&key.key.to_lowercase()).unwrap_or(&[]) {
        if let Nominal::Title(entry, role) = *value {
            let in_force = dicts
                .actors
                .get(entry as usize)
                .and_then(|e| e.roles.get(role as usize))
                .is_some_and(|r| date.is_none_or(|d| r.in_force(d)));
            if in_force && seen.insert(entry) {
                entries.push(entry);
            }
        }
    }
    let items = entries
        .into_iter()
        .filter_map(|index| dicts.actors.get(index as usize))
        .map(|entry| ActorDto {
            code: entry.code_on(date).map(|c| c.to_string()),
            name: entry.name.to_string(),
            kind: kind_name(entry.kind).to_string(),
            entry: entry.entry.to_string(),
            roles: entry
                .roles
                .iter()
                .map(|role| RoleDto {
                    code: role.code.to_string(),
                    from: role.from.map(|d| d.to_string()),
                    to: role.to.map(|d| d.to_string()),
                    title: (!role.titles.is_empty()).then(|| role.titles.join("; ")),
                })
                .collect(),
        })
        .collect();
    Ok(ApiJson(ActorList { items }))
}

/// One article with its text, actor mentions, events and quotations (all spans into `text`).
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "articles",
    params(("id" = String, Path, description = "Article id")),
    responses((status = 200, description = "The article", body = ArticleDto),
              (status = 404, description = "No such article", body = ErrorBody)))]
pub async fn articles(State(state): State<AppState>, Id(id): Id, uri: Uri) -> Result<ApiJson<ArticleDto>, ApiError> {
    Params::parse(uri.query(), &[])?;
    state
        .read(move |store| {
            let Some(row) = store.article(&id).map_err(db)? else {
                return Err(ApiError::not_found(format!("no article {id:?}")));
            };
            let header = store.article_headers(&[id.as_str()]).map_err(db)?.into_iter().next();
            let filter = EventFilter { article_id: Some(id.clone()), ..EventFilter::default() };
            let mut events = store.events(&filter).map_err(db)?;
            events.sort_by_key(|e| e.seq);
            let quotes = store.article_quotes(&id).map_err(db)?;
            let mentions = store.mentions(&id).map_err(db)?;
            Ok(ArticleDto {
                id: row.id,
                title: row.title.clone(),
                date: row.date.map(|d| d.to_string()),
                url: row.url,
                source_host: header.as_ref().and_then(|h| h.source_host.clone()),
                story_id: header.as_ref().and_then(|h| h.story_id.clone()),
                text: row.text,
                mentions: mentions.into_iter().map(MentionDto::from).collect(),
                events: events.into_iter().map(|e| EventDto::new(e, header.as_ref())).collect(),
                quotes: quotes.into_iter().map(|q| QuoteDto::new(q, row.title.clone())).collect(),
            })
        })
        .await
        .map(ApiJson)
}

/// Longest series answered, in buckets (ten years of days): a longer range is `invalid_range`.
pub const MAX_SERIES_BUCKETS: i64 = 3660;

/// A dyad parameter (`RUS:UKR` directed, `RUS-UKR` undirected).
fn dyad_param(params: &Params, name: &str) -> Result<Option<DyadSpec>, ApiError> {
    params.text(name).map(|text| text.parse::<DyadSpec>().map_err(|err| ApiError::invalid(name, err))).transpose()
}

/// A dyad's daily or weekly series with its alerts.
#[utoipa::path(get, path = "/api/v1/series", tag = "signal",
    params(
        ("dyad" = String, Query, description = "Source and target code prefixes, `RUS:UKR` (`RUS-UKR`: both directions)"),
        ("undirected" = Option<bool>, Query, description = "Count both directions (default false)"),
        ("from" = Option<String>, Query, description = "First day, YYYY-MM-DD (default: the first stored)"),
        ("to" = Option<String>, Query, description = "Last day, YYYY-MM-DD, inclusive (default: the last stored)"),
        ("by" = Option<String>, Query, description = "`day` (default) or `week` (ISO weeks, labelled by their Monday)"),
        ("normalise" = Option<bool>, Query, description = "`value` per 100 articles of all sources (default false: raw)"),
        ("modality" = Option<String>, Query, description = "Count events of these modalities, comma-separated (default `counted`: asserted and reported)"),
    ),
    responses((status = 200, description = "The series (dated by publication) and the dyad's alerts in the range", body = SeriesDto),
              (status = 400, description = "A bad parameter, or a range of more than 3660 buckets", body = ErrorBody)))]
pub async fn series(State(state): State<AppState>, uri: Uri) -> Result<ApiJson<SeriesDto>, ApiError> {
    let params = Params::parse(uri.query(), &["dyad", "undirected", "from", "to", "by", "normalise", "modality"])?;
    let modalities = params.modalities("modality")?;
    let Some(dyad) = dyad_param(&params, "dyad")? else { return Err(ApiError::invalid("dyad", "is required")) };
    let dyad = if params.flag("undirected", false)? { dyad.undirected() } else { dyad };
    let normalise = params.flag("normalise", false)?;
    let (from, to) = params.date_range("from", "to")?;
    let bucket = match params.text("by") {
        None | Some("day") => Bucket::Day,
        Some("week") => Bucket::Week,
        Some(_) => return Err(ApiError::invalid("by", "must be day or week")),
    };
    let by = if bucket == Bucket::Week { "week" } else { "day" };
    let signals = state.clone();
    state
        .read(move |store| {
            let signal = signals.signal(store)?;
            let label = dyad.to_string();
            let (first, last) = match signal.watch().date_range(from, to) {
                Ok(range) => range,
                // Nothing dated is stored and no range was given: an empty series, not an error.
                Err(WatchError::NoDatedArticle) => {
                    return Ok(SeriesDto { dyad: label, by: by.into(), points: Vec::new(), alerts: Vec::new() });
                }
                Err(err) => return Err(ApiError::new(ErrorCode::InvalidRange, err.to_string())),
            };
            let days = days_between(first, last);
            let buckets = if bucket == Bucket::Week { days / 7 } else { days };
            if buckets >= MAX_SERIES_BUCKETS {
                return Err(ApiError::new(
                    ErrorCode::InvalidRange,
                    format!("{first}..{last} is {} buckets; at most {MAX_SERIES_BUCKETS}", buckets + 1),
                ));
            }
            let watch = signal.watch().clone().with_modalities(modalities.clone());
            let series = watch.series(store, &dyad, bucket, first, last).map_err(ApiError::internal)?;
            let points = series.points.iter().map(|p| point_dto(p, normalise)).collect();
            let (first, last) = (first.to_string(), last.to_string());
            let alerts = if modalities.is_empty() {
                signal.alerts_of(store, &dyad)?.to_vec()
            } else {
                signal.alerts_counting(store, Some(&dyad), modalities)?
            };
            let alerts = alerts.into_iter().filter(|a| a.date >= first && a.date <= last).collect();
            Ok(SeriesDto { dyad: label, by: by.into(), points, alerts })
        })
        .await
        .map(ApiJson)
}

/// Alerts with their explanations.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "signal",
    params(
        ("since" = Option<String>, Query, description = "Only alerts on or after this day, YYYY-MM-DD"),
        ("dyad" = Option<String>, Query, description = "Only alerts between these two sides, `RUS:UKR` (either order for an undirected alert); a dyad not watched is computed on demand"),
        ("modality" = Option<String>, Query, description = "Count events of these modalities, comma-separated (default `counted`: asserted and reported); other modalities are computed on demand"),
    ),
    responses((status = 200, description = "Alerts, newest first: those of the watched dyads (country / organisation pairs with enough conflict), or of the dyad asked", body = AlertList),
              (status = 400, description = "A bad parameter", body = ErrorBody)))]
pub async fn alerts(State(state): State<AppState>, uri: Uri) -> Result<ApiJson<AlertList>, ApiError> {
    let params = Params::parse(uri.query(), &["since", "dyad", "modality"])?;
    let since = params.date("since")?.map(|d| d.to_string());
    let dyad = dyad_param(&params, "dyad")?;
    let modalities = params.modalities("modality")?;
    let signals = state.clone();
    state
        .read(move |store| {
            let signal = signals.signal(store)?;
            let mut items: Vec<AlertDto> = match &dyad {
                _ if !modalities.is_empty() => {
                    let mut alerts = signal.alerts_counting(store, dyad.as_ref(), modalities)?;
                    alerts.reverse();
                    alerts
                }
                None => signal.watched_alerts().to_vec(),
                Some(dyad) if signal.is_watched(dyad) => signal
                    .watched_alerts()
                    .iter()
                    .filter(|a| a.dyad.parse::<DyadSpec>().is_ok_and(|d| same_sides(&d, dyad)))
                    .cloned()
                    .collect(),
                Some(dyad) => signal.alerts_of(store, dyad)?.iter().rev().cloned().collect(),
            };
            if let Some(since) = &since {
                items.retain(|a| a.date >= *since);
            }
            Ok(AlertList { items })
        })
        .await
        .map(ApiJson)
}

/// One alert with its explanation.
#[utoipa::path(get, path = "/api/v1/alerts/{id}", tag = "signal",
    params(("id" = String, Path, description = "Alert id, `{dyad}:{date}:{rule}` (`RUS-UKR:2022-02-20:spike`)")),
    responses((status = 200, description = "The alert", body = AlertDto),
              (status = 404, description = "No such alert", body = ErrorBody)))]
pub async fn alert(State(state): State<AppState>, Id(id): Id, uri: Uri) -> Result<ApiJson<AlertDto>, ApiError> {
    Params::parse(uri.query(), &[])?;
    let signals = state.clone();
    state
        .read(move |store| {
            let signal = signals.signal(store)?;
            signal.alert(store, &id)?.ok_or_else(|| ApiError::not_found(format!("no alert {id:?}")))
        })
        .await
        .map(ApiJson)
}

/// Who acts on whom in a period, at country or organisation level.
#[utoipa::path(get, path = "/api/v1/network", tag = "events",
    params(
        ("from" = Option<String>, Query, description = "First event date, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "Last event date, YYYY-MM-DD (inclusive)"),
        ("min_events" = Option<u32>, Query, description = "Keep edges with at least this many events (default 5)"),
    ),
    responses((status = 200, description = "Nodes and directed edges, busiest first (at most 400 edges)", body = NetworkDto),
              (status = 400, description = "A bad parameter", body = ErrorBody)))]
pub async fn network(State(state): State<AppState>, uri: Uri) -> Result<ApiJson<NetworkDto>, ApiError> {
    let params = Params::parse(uri.query(), &["from", "to", "min_events"])?;
    let (from, to) = params.date_range("from", "to")?;
    let min_events = params.number("min_events", 1, 1_000_000, 5)?;
    let names = state.clone();
    let network = state.read(move |store| store.network(&DateRange { from, to }, min_events).map_err(db)).await?;
    let nodes = network
        .nodes
        .into_iter()
        .map(|n| NodeDto {
            name: names.name_of(&n.code).unwrap_or(&n.code).to_string(),
            code: n.code,
            events: n.events,
        })
        .collect();
    let edges = network
        .edges
        .into_iter()
        .map(|e| EdgeDto {
            source: e.source,
            target: e.target,
            events: e.events,
            conflict: e.conflict,
            goldstein_mean: e.goldstein_mean,
        })
        .collect();
    Ok(ApiJson(NetworkDto { nodes, edges }))
}

/// The OpenAPI 3.1 document of this API.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
pub async fn openapi(State(state): State<AppState>) -> Response {
    let mut response = state.openapi().to_string().into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    response
}
