//! Series and alerts over Arrow tables of events: the `redline-signal` functions fed from record batches
//! instead of the store, so that Python (and Spark) get the numbers `redline series` / `redline alerts` print
//! for the same events.
//!
//! What the store hands the signal crate, and where it comes from here:
//! - event facts ([`read_facts`]): `article_id, seq, source_code, target_code, cameo, quad_class, goldstein`,
//!   the article's publication date (`published`, else `date`), `story_id` and `source_host` (else the host of
//!   `url`); events without a target or a date are left out, as the store's query does;
//! - source volumes ([`read_volumes`]): `date, host, articles`; [`volumes_of_articles`] counts them from the
//!   articles themselves, as the store's `GROUP BY date, host` does;
//! - stories ([`assign_stories`]): the store's rule, replayed in row order (each article joins the story of
//!   its closest earlier near-duplicate, else starts its own), so a table coded in the order `redline ingest`
//!   writes gets the store's story ids.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use redline_engine::export::days_since_epoch;
use redline_model::{Date, Modality, RawArticle};
use redline_signal::{
    Alert, Bucket, DyadSpec, EventFact, Rules, SERIES_COLUMNS, Series, SourceVolume, build_series, detect,
};
use redline_story::{Fingerprint, same_story, source_host};

use crate::batch::{BatchError, date_from_days};

/// The host of articles without a URL host, as the store names it.
pub const NO_URL: &str = "(no url)";

/// Reads the event facts of an events batch (see the module doc for the columns).
pub fn read_facts(batch: &RecordBatch) -> Result<Vec<EventFact>, BatchError> {
    let article_ids = required(batch, "article_id", strings)?;
    let seqs = required(batch, "seq", ints)?;
    let sources = required(batch, "source_code", strings)?;
    let targets = required(batch, "target_code", strings)?;
    let cameos = required(batch, "cameo", strings)?;
    let quads = required(batch, "quad_class", ints)?;
    let goldsteins = required(batch, "goldstein", floats)?;
    let dates = match optional(batch, "published", dates)? {
        Some(dates) => dates,
        None => required(batch, "date", dates)?,
    };
    let stories = optional(batch, "story_id", strings)?;
    let modalities = optional(batch, "modality", strings)?;
    let hosts = match optional(batch, "source_host", strings)? {
        Some(hosts) => Some(hosts),
        None => optional(batch, "url", strings)?
            .map(|urls| urls.into_iter().map(|u| u.as_deref().and_then(source_host)).collect()),
    };
    let mut facts = Vec::with_capacity(batch.num_rows());
    for row in 0..batch.num_rows() {
        let (Some(date), Some(target_code)) = (dates[row], targets[row].clone()) else { continue };
        // As the store's series: only what the text says happened (asserted and reported events).
        let modality = modalities.as_ref().and_then(|m| m[row].as_deref()).and_then(Modality::parse);
        if modality.is_some_and(|m| !m.is_counted()) {
            continue;
        }
        facts.push(EventFact {
            date,
            article_id: article_ids[row].clone().unwrap_or_default(),
            seq: seqs[row].and_then(|s| u32::try_from(s).ok()).unwrap_or(0),
            story_id: stories.as_ref().and_then(|s| s[row].clone()),
            source_host: hosts.as_ref().and_then(|h| h[row].clone()),
            source_code: sources[row].clone().unwrap_or_default(),
            target_code,
            cameo: cameos[row].clone().unwrap_or_default(),
            quad_class: quads[row].and_then(|q| u8::try_from(q).ok()).unwrap_or(0),
            goldstein: goldsteins[row].unwrap_or(0.0),
        });
    }
    // The store's order: publication date, article, position.
    facts.sort_by(|a, b| (a.date, &a.article_id, a.seq).cmp(&(b.date, &b.article_id, b.seq)));
    Ok(facts)
}

/// Reads a volumes batch: `date` (date32), `host` (utf8, null = no URL host), `articles` (int64).
pub fn read_volumes(batch: &RecordBatch) -> Result<Vec<SourceVolume>, BatchError> {
    let dates = required(batch, "date", dates)?;
    let hosts = required(batch, "host", strings)?;
    let counts = required(batch, "articles", ints)?;
    Ok((0..batch.num_rows())
        .filter_map(|row| {
            Some(SourceVolume {
                date: dates[row]?,
                host: hosts[row].clone().unwrap_or_else(|| NO_URL.to_string()),
                articles: counts[row].and_then(|n| u32::try_from(n).ok())?,
            })
        })
        .collect())
}

/// The daily article count of every host among `articles` (id, date, url; each id counted once, undated
/// ones left out), by date and host, as the store counts its stored articles.
pub fn volumes_of_articles<'a>(articles: impl IntoIterator<Item = &'a RawArticle>) -> Vec<SourceVolume> {
    let mut seen = HashSet::new();
    let mut counts: BTreeMap<(Date, String), u32> = BTreeMap::new();
    for article in articles {
        let Some(date) = article.date else { continue };
        if !seen.insert(article.id.as_str()) {
            continue;
        }
        let host = article.url.as_deref().and_then(source_host).unwrap_or_else(|| NO_URL.to_string());
        *counts.entry((date, host)).or_default() += 1;
    }
    counts.into_iter().map(|((date, host), articles)| SourceVolume { date, host, articles }).collect()
}

/// Volumes when none are given: the distinct articles among the facts, by date and host. Articles that
/// coded no dyad event are missing from it, so the normalised values run higher than with real volumes.
pub fn volumes_of_facts(facts: &[EventFact]) -> Vec<SourceVolume> {
    let mut seen = HashSet::new();
    let mut counts: BTreeMap<(Date, String), u32> = BTreeMap::new();
    for fact in facts {
        if seen.insert(fact.article_id.as_str()) {
            let host = fact.source_host.clone().unwrap_or_else(|| NO_URL.to_string());
            *counts.entry((fact.date, host)).or_default() += 1;
        }
    }
    counts.into_iter().map(|((date, host), articles)| SourceVolume { date, host, articles }).collect()
}

/// A volumes batch: `date, host, articles`.
pub fn volumes_batch(volumes: &[SourceVolume]) -> Result<RecordBatch, BatchError> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("date", DataType::Date32, false),
        Field::new("host", DataType::Utf8, false),
        Field::new("articles", DataType::Int64, false),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Date32Array::from_iter_values(volumes.iter().map(|v| days_since_epoch(v.date)))),
        Arc::new(StringArray::from_iter_values(volumes.iter().map(|v| v.host.as_str()))),
        Arc::new(Int64Array::from_iter_values(volumes.iter().map(|v| i64::from(v.articles)))),
    ];
    Ok(RecordBatch::try_new(schema, columns)?)
}

/// The date range `redline series` uses: the one asked, else the first and last dated article of the volumes.
/// `None` when nothing is dated.
pub fn date_range(volumes: &[SourceVolume], from: Option<Date>, to: Option<Date>) -> Option<(Date, Date)> {
    let first = volumes.iter().map(|v| v.date).min();
    let last = volumes.iter().map(|v| v.date).max();
    Some((from.or(first)?, to.or(last)?))
}

/// The schema of [`series_batch`]'s output ([`SERIES_COLUMNS`]).
pub fn series_schema() -> SchemaRef {
    let fields: Vec<Field> = SERIES_COLUMNS
        .iter()
        .map(|&name| {
            let (kind, nullable) = match name {
                "start" => (DataType::Date32, false),
                "goldstein_sum" | "metric" => (DataType::Float64, false),
                "goldstein_mean" | "conflict_share" | "metric_per_100_articles" => (DataType::Float64, true),
                _ => (DataType::Int64, false),
            };
            Field::new(name, kind, nullable)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// A series as a batch, one row per bucket, the columns of `redline series --format csv`.
pub fn series_batch(series: &Series) -> Result<RecordBatch, BatchError> {
    let points = &series.points;
    let int = |f: &dyn Fn(&redline_signal::SeriesPoint) -> u32| -> ArrayRef {
        Arc::new(Int64Array::from_iter_values(points.iter().map(|p| i64::from(f(p)))))
    };
    let float = |f: &dyn Fn(&redline_signal::SeriesPoint) -> f64| -> ArrayRef {
        Arc::new(Float64Array::from_iter_values(points.iter().map(f)))
    };
    let opt_float = |f: &dyn Fn(&redline_signal::SeriesPoint) -> Option<f64>| -> ArrayRef {
        Arc::new(points.iter().map(f).collect::<Float64Array>())
    };
    let columns: Vec<ArrayRef> = vec![
        Arc::new(points.iter().map(|p| p.start.map(days_since_epoch)).collect::<Date32Array>()),
        int(&|p| p.events),
        int(&|p| p.quad[0]),
        int(&|p| p.quad[1]),
        int(&|p| p.quad[2]),
        int(&|p| p.quad[3]),
        float(&|p| p.goldstein_sum),
        opt_float(&|p| p.goldstein_mean),
        opt_float(&|p| p.conflict_share),
        int(&|p| p.stories),
        int(&|p| p.sources),
        int(&|p| p.story_events),
        int(&|p| p.articles),
        int(&|p| p.active_sources),
        float(&|p| p.value),
        opt_float(&|p| p.per_100_articles),
    ];
    Ok(RecordBatch::try_new(series_schema(), columns)?)
}

/// A dyad's series from `from` to `to` (default: the volumes' first and last day); empty without dates.
pub fn series(
    facts: &[EventFact],
    volumes: &[SourceVolume],
    dyad: &DyadSpec,
    bucket: Bucket,
    range: (Option<Date>, Option<Date>),
    rules: &Rules,
) -> Series {
    match date_range(volumes, range.0, range.1) {
        Some((from, to)) => build_series(facts, volumes, dyad, bucket, from, to, &rules.series),
        None => Series { dyad: dyad.clone(), bucket, points: Vec::new() },
    }
}

/// The store's cut of a code to country / organisation level (`level` in its SQL): nine letters for
/// `IGO`/`NGO`/`IMG`/`MNC` codes, three otherwise.
pub fn level(code: &str) -> &str {
    let cut = if ["IGO", "NGO", "IMG", "MNC"].iter().any(|p| code.starts_with(p)) { 9 } else { 3 };
    code.char_indices().nth(cut).map_or(code, |(i, _)| &code[..i])
}

/// The dyads `redline alerts` watches by default: level pairs (self-pairs left out) with at least
/// `selection.min_events` conflict events, both directions joined when `selection.undirected`, most first.
pub fn watched_dyads(facts: &[EventFact], rules: &Rules) -> Vec<DyadSpec> {
    let mut totals: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for fact in facts {
        let (source, target) = (level(&fact.source_code), level(&fact.target_code));
        if source == target {
            continue;
        }
        let key = if rules.selection.undirected && target < source { (target, source) } else { (source, target) };
        *totals.entry(key).or_default() += u64::from(fact.quad_class >= 3);
    }
    let mut watched: Vec<(u64, DyadSpec)> = totals
        .into_iter()
        .filter(|(_, conflict)| *conflict >= u64::from(rules.selection.min_events))
        .map(|((s, t), conflict)| (conflict, DyadSpec::new(s, t, rules.selection.undirected)))
        .collect();
    watched.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    watched.into_iter().map(|(_, dyad)| dyad).collect()
}

/// The alerts on `dyads` (default: [`watched_dyads`]) over the whole range, from `since` on, sorted by date
/// then dyad, as `redline alerts` lists them.
pub fn alerts(
    facts: &[EventFact],
    volumes: &[SourceVolume],
    dyads: Option<Vec<DyadSpec>>,
    rules: &Rules,
    since: Option<Date>,
) -> Vec<Alert> {
    let Some((first, last)) = date_range(volumes, None, None) else { return Vec::new() };
    let dyads = dyads.unwrap_or_else(|| watched_dyads(facts, rules));
    let mut out = Vec::new();
    for dyad in &dyads {
        let own: Vec<EventFact> =
            facts.iter().filter(|f| dyad.matches(&f.source_code, &f.target_code)).cloned().collect();
        let series = build_series(&own, volumes, dyad, Bucket::Day, first, last, &rules.series);
        out.extend(detect(&series, &own, rules).into_iter().filter(|a| since.is_none_or(|s| a.date >= s)));
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.dyad.cmp(&b.dyad)));
    out
}

/// An alert as JSON: the fields of `redline alerts --format json` that come from the detector (the CLI adds
/// the driving events' evidence, quotations and titles, read from the store).
pub fn alert_json(alert: &Alert) -> serde_json::Value {
    serde_json::json!({
        "dyad": alert.dyad.to_string(),
        "date": alert.date.to_string(),
        "window_start": alert.window_start.to_string(),
        "severity": alert.severity.as_str(),
        "rule": alert.rule,
        "kind": alert.kind.as_str(),
        "value": alert.score.value,
        "baseline_mean": alert.score.baseline_mean,
        "baseline_spread": alert.score.baseline_spread,
        "score": alert.score.score,
        "window_events": alert.window_events,
        "drivers": alert.drivers.iter().map(|d| serde_json::json!({
            "article_id": d.id.article_id, "seq": d.id.seq, "contribution": d.contribution,
        })).collect::<Vec<_>>(),
    })
}

/// The story of every article, in order: the store's rule replayed. Each article with a fingerprint joins
/// the story of the closest earlier article that is the same story ([`same_story`]; highest estimated
/// Jaccard, then smallest story id) among those sharing a band key with it, else starts a story named by its
/// own id. Articles without a fingerprint (or an empty one) are stories of their own.
pub fn assign_stories(articles: &[(String, Option<Fingerprint>)]) -> Vec<String> {
    let mut by_key: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut stories: Vec<String> = Vec::with_capacity(articles.len());
    for (index, (id, fingerprint)) in articles.iter().enumerate() {
        let Some(fingerprint) = fingerprint.as_ref().filter(|f| !f.is_empty()) else {
            stories.push(id.clone());
            continue;
        };
        let keys = fingerprint.band_keys();
        let mut seen = HashSet::new();
        let mut best: Option<(f64, usize)> = None;
        for earlier in keys.iter().filter_map(|k| by_key.get(k)).flatten().copied() {
            if !seen.insert(earlier) {
                continue;
            }
            let Some(Some(other)) = articles.get(earlier).map(|a| a.1.as_ref()) else { continue };
            let Some(found) = same_story(fingerprint, other) else { continue };
            let better = match best {
                None => true,
                Some((jaccard, at)) => {
                    found.jaccard > jaccard || (found.jaccard == jaccard && stories[earlier] < stories[at])
                }
            };
            if better {
                best = Some((found.jaccard, earlier));
            }
        }
        stories.push(best.map_or_else(|| id.clone(), |(_, at)| stories[at].clone()));
        for key in keys {
            by_key.entry(key).or_default().push(index);
        }
    }
    stories
}

type Column<T> = Vec<Option<T>>;

fn required<T>(
    batch: &RecordBatch,
    name: &str,
    read: fn(&str, &dyn Array) -> Result<Column<T>, BatchError>,
) -> Result<Column<T>, BatchError> {
    optional(batch, name, read)?.ok_or_else(|| {
        let names: Vec<&str> = batch.schema_ref().fields().iter().map(|f| f.name().as_str()).collect();
        BatchError::MissingColumn { column: name.to_string(), columns: names.join(", ") }
    })
}

fn optional<T>(
    batch: &RecordBatch,
    name: &str,
    read: fn(&str, &dyn Array) -> Result<Column<T>, BatchError>,
) -> Result<Option<Column<T>>, BatchError> {
    batch.column_by_name(name).map(|array| read(name, array.as_ref())).transpose()
}

fn wrong(name: &str, array: &dyn Array, expected: &'static str) -> BatchError {
    BatchError::ColumnType { column: name.to_string(), found: array.data_type().clone(), expected }
}

fn strings(name: &str, array: &dyn Array) -> Result<Column<String>, BatchError> {
    Ok(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().iter().map(|v| v.map(str::to_string)).collect(),
        DataType::LargeUtf8 => array.as_string::<i64>().iter().map(|v| v.map(str::to_string)).collect(),
        DataType::Utf8View => array.as_string_view().iter().map(|v| v.map(str::to_string)).collect(),
        DataType::Null => vec![None; array.len()],
        _ => return Err(wrong(name, array, "a string (utf8, large_utf8 or utf8_view)")),
    })
}

fn ints(name: &str, array: &dyn Array) -> Result<Column<i64>, BatchError> {
    match array.data_type() {
        DataType::Int64 => Ok(array.as_primitive::<Int64Type>().iter().collect()),
        _ => Err(wrong(name, array, "int64")),
    }
}

fn floats(name: &str, array: &dyn Array) -> Result<Column<f64>, BatchError> {
    match array.data_type() {
        DataType::Float64 => Ok(array.as_primitive::<Float64Type>().iter().collect()),
        _ => Err(wrong(name, array, "float64")),
    }
}

fn dates(name: &str, array: &dyn Array) -> Result<Column<Date>, BatchError> {
    match array.data_type() {
        DataType::Date32 => Ok(array.as_primitive::<Date32Type>().iter().map(|d| d.and_then(date_from_days)).collect()),
        _ => Err(wrong(name, array, "date32")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_model::Origin;

    const RULES: &str = include_str!("../../../rules/alerts.toml");

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    /// article id, seq, source, target, CAMEO, quad class, Goldstein, date.
    type Row<'a> = (&'a str, i64, &'a str, Option<&'a str>, &'a str, i64, f64, &'a str);

    fn events<'a>(rows: &[Row<'a>]) -> RecordBatch {
        let text =
            |f: fn(&Row<'a>) -> Option<&'a str>| -> ArrayRef { Arc::new(rows.iter().map(f).collect::<StringArray>()) };
        RecordBatch::try_from_iter([
            ("article_id", text(|r| Some(r.0))),
            ("seq", Arc::new(rows.iter().map(|r| Some(r.1)).collect::<Int64Array>()) as ArrayRef),
            ("source_code", text(|r| Some(r.2))),
            ("target_code", text(|r| r.3)),
            ("cameo", text(|r| Some(r.4))),
            ("quad_class", Arc::new(rows.iter().map(|r| Some(r.5)).collect::<Int64Array>()) as ArrayRef),
            ("goldstein", Arc::new(rows.iter().map(|r| Some(r.6)).collect::<Float64Array>()) as ArrayRef),
            (
                "date",
                Arc::new(rows.iter().map(|r| Some(days_since_epoch(day(r.7)))).collect::<Date32Array>()) as ArrayRef,
            ),
            ("url", text(|r| Some(if r.0 == "b" { "https://www.tass.com/x" } else { "https://kyiv.example/y" }))),
        ])
        .unwrap()
    }

    #[test]
    fn facts_keep_dated_events_with_a_target_in_store_order() {
        let batch = events(&[
            ("b", 0, "RUSGOV", Some("UKR"), "130", 3, -4.4, "2022-02-02"),
            ("a", 1, "RUS", None, "010", 1, 0.0, "2022-02-01"),
            ("a", 0, "RUSMIL", Some("UKRMIL"), "190", 4, -10.0, "2022-02-01"),
        ]);
        let facts = read_facts(&batch).unwrap();
        let ids: Vec<(&str, u32)> = facts.iter().map(|f| (f.article_id.as_str(), f.seq)).collect();
        assert_eq!(ids, [("a", 0), ("b", 0)]);
        assert_eq!(facts[1].source_host.as_deref(), Some("tass.com"));
        assert_eq!(facts[0].story_id, None);
        let missing = RecordBatch::try_from_iter([("seq", batch.column(1).clone())]).unwrap();
        let err = read_facts(&missing).unwrap_err().to_string();
        assert_eq!(err, "the batch has no \"article_id\" column (columns: seq)");
        let wrong_type = RecordBatch::try_from_iter([("article_id", batch.column(1).clone())]).unwrap();
        assert!(read_facts(&wrong_type).unwrap_err().to_string().contains("expected a string"));
    }

    #[test]
    fn published_dates_win_over_event_dates() {
        let batch = events(&[("a", 0, "RUS", Some("UKR"), "130", 3, -4.4, "2014-03-18")]);
        let published: ArrayRef = Arc::new(Date32Array::from(vec![days_since_epoch(day("2022-02-01"))]));
        let batch = RecordBatch::try_new(
            Arc::new(Schema::new(
                batch
                    .schema()
                    .fields()
                    .iter()
                    .cloned()
                    .chain([Arc::new(Field::new("published", DataType::Date32, true))])
                    .collect::<Vec<_>>(),
            )),
            batch.columns().iter().cloned().chain([published]).collect(),
        )
        .unwrap();
        assert_eq!(read_facts(&batch).unwrap()[0].date, day("2022-02-01"));
    }

    #[test]
    fn series_counts_the_dyad_over_the_volumes_range() {
        let batch = events(&[
            ("a", 0, "RUSMIL", Some("UKRMIL"), "190", 4, -10.0, "2022-02-01"),
            ("b", 0, "RUSGOV", Some("UKR"), "130", 3, -4.4, "2022-02-02"),
            ("b", 1, "UKR", Some("RUS"), "130", 3, -4.4, "2022-02-02"),
        ]);
        let facts = read_facts(&batch).unwrap();
        let volumes = vec![
            SourceVolume { date: day("2022-01-31"), host: "kyiv.example".into(), articles: 2 },
            SourceVolume { date: day("2022-02-02"), host: "tass.com".into(), articles: 4 },
        ];
        let rules = Rules::parse(RULES).unwrap();
        let dyad: DyadSpec = "RUS:UKR".parse().unwrap();
        let series = series(&facts, &volumes, &dyad, Bucket::Day, (None, None), &rules);
        let batch = series_batch(&series).unwrap();
        assert_eq!(batch.num_rows(), 3, "2022-01-31 to 2022-02-02");
        let events = batch.column_by_name("events").unwrap().as_primitive::<Int64Type>();
        assert_eq!(events.values().to_vec(), [0, 1, 1]);
        let per_100 = batch.column_by_name("metric_per_100_articles").unwrap().as_primitive::<Float64Type>();
        assert!(per_100.is_null(1), "no article on 2022-02-01");
        assert_eq!(per_100.value(2), 25.0);
        // Without volumes, the articles carrying events stand in for the coverage.
        let approx = volumes_of_facts(&facts);
        assert_eq!(approx.iter().map(|v| v.articles).sum::<u32>(), 2);
    }

    #[test]
    fn levels_and_watched_dyads_follow_the_store() {
        assert_eq!(level("RUSGOV"), "RUS");
        assert_eq!(level("IGOWSTNATMIL"), "IGOWSTNAT");
        assert_eq!(level("UK"), "UK");
        let mut rows = Vec::new();
        for i in 0..40 {
            rows.push((if i % 2 == 0 { "a" } else { "b" }, i, "RUSMIL", Some("UKR"), "190", 4, -10.0, "2022-02-01"));
        }
        rows.push(("c", 0, "UKR", Some("RUS"), "190", 4, -10.0, "2022-02-01"));
        rows.push(("c", 1, "USA", Some("UKR"), "040", 1, 1.0, "2022-02-01"));
        rows.push(("c", 2, "RUSGOV", Some("RUSMIL"), "190", 4, -10.0, "2022-02-01"));
        let facts = read_facts(&events(&rows)).unwrap();
        let rules = Rules::parse(RULES).unwrap();
        let watched: Vec<String> = watched_dyads(&facts, &rules).iter().map(|d| d.to_string()).collect();
        assert_eq!(watched, ["RUS-UKR"]);
    }

    #[test]
    fn a_burst_after_a_quiet_month_alerts() {
        let mut rows = Vec::new();
        let mut volumes = Vec::new();
        let start = day("2022-01-01");
        for offset in 0..50 {
            let date = redline_signal::add_days(start, offset).unwrap();
            volumes.push(SourceVolume { date, host: "kyiv.example".into(), articles: 10 });
            let conflict = if offset >= 43 { 6 } else { usize::from(offset % 7 == 0) };
            for n in 0..conflict {
                rows.push((format!("a{offset}-{n}"), date.to_string()));
            }
        }
        let rows: Vec<_> = rows
            .iter()
            .map(|(id, date)| (id.as_str(), 0, "RUS", Some("UKR"), "190", 4, -10.0, date.as_str()))
            .collect();
        let facts = read_facts(&events(&rows)).unwrap();
        let rules = Rules::parse(RULES).unwrap();
        let dyad: DyadSpec = "RUS-UKR".parse().unwrap();
        let found = alerts(&facts, &volumes, Some(vec![dyad]), &rules, None);
        assert!(!found.is_empty(), "a sixfold burst is a spike");
        assert!(found.iter().all(|a| a.date >= day("2022-02-13")), "{found:?}");
        let json = alert_json(&found[0]);
        assert_eq!(json["dyad"], "RUS-UKR");
        assert!(json["drivers"].as_array().is_some_and(|d| !d.is_empty()));
        assert!(alerts(&facts, &volumes, None, &rules, None).iter().all(|a| a.dyad.undirected));
        assert!(alerts(&facts, &[], None, &rules, None).is_empty(), "no dated article, no range");
    }

    #[test]
    fn copies_join_the_first_story_and_volumes_count_ids_once() {
        let text = "Russian troops massed near the border on Monday as Ukraine's president called for calm and \
                    urged the West to impose sanctions before any invasion, officials in Kyiv said.";
        let other = "The central bank raised interest rates by half a point on Thursday, citing inflation in \
                     food and energy prices that rose faster than expected during the winter months.";
        let print = |t: &str| Some(redline_story::fingerprint(t));
        let articles = vec![
            ("b".to_string(), print(text)),
            ("a".to_string(), print(other)),
            ("c".to_string(), print(&format!("{text} More follows."))),
            ("d".to_string(), None),
        ];
        assert_eq!(assign_stories(&articles), ["b", "a", "b", "d"]);

        let raw = |id: &str, date: Option<&str>, url: Option<&str>| RawArticle {
            id: id.into(),
            title: None,
            date: date.map(day),
            url: url.map(str::to_string),
            body: "x".into(),
            origin: Origin { path: "<arrow>".into(), line: None },
        };
        let list = [
            raw("a", Some("2022-02-01"), Some("https://www.tass.com/1")),
            raw("a", Some("2022-02-01"), Some("https://www.tass.com/1")),
            raw("b", Some("2022-02-01"), None),
            raw("c", None, None),
        ];
        let volumes = volumes_of_articles(&list);
        let got: Vec<(&str, u32)> = volumes.iter().map(|v| (v.host.as_str(), v.articles)).collect();
        assert_eq!(got, [("(no url)", 1), ("tass.com", 1)]);
        let batch = volumes_batch(&volumes).unwrap();
        assert_eq!(read_volumes(&batch).unwrap(), volumes);
    }
}
