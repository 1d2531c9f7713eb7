//! Articles in, events out, as Arrow record batches: the column-wise half of the Python binding, free of
//! Python so that it is unit-tested by `cargo test`.
//!
//! - Input: a batch with a `text` column (UTF-8) and optional `id`, `title`, `url` (UTF-8) and `date`
//!   (UTF-8 `YYYY-MM-DD`/`YYYYMMDD`, or `Date32`) columns; each row is read as a JSON Lines article would be
//!   (`redline_engine::source`): the same ids, dates and diagnostics.
//! - Events: one row per event in the export's `events` schema (`redline_engine::export::columns`), with
//!   the `date` column kept (it is the partition key on disk, a plain column in memory).
//! - Articles: one row per input row with its URL host (`redline_story::source_host`, as the store keeps
//!   it), its events as a list of the same structs, the MinHash
//!   fingerprint of its clean body (`redline_story::article_fingerprint`), its LSH band keys as `Int64`
//!   (the `u64` bits, since Spark has no unsigned type) and its diagnostics rendered as the CLI prints them.

use std::sync::Arc;

use arrow_array::builder::{BinaryBuilder, Int64Builder, ListBuilder, OffsetBufferBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::Date32Type;
use arrow_array::{
    Array, ArrayRef, Date32Array, Float64Array, Int64Array, ListArray, RecordBatch, StringArray, StructArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use redline_coder::Pipeline;
use redline_engine::export::{ColumnType, ExportTable, columns, days_since_epoch};
use redline_engine::source::{codes, content_id, parse_date};
use redline_engine::{code_chunk, thread_pool};
use redline_model::{AnnotatedArticle, Date, Diagnostic, Origin, RawArticle, Taxonomy};
use redline_store::{ArticleRows, EventRow};

/// The origin path of articles read from a record batch; the line is the row number, from 1.
pub const BATCH_PATH: &str = "<arrow>";

/// Why a batch could not be read or written (never because of one article's content).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The batch has no `text` column.
    #[error("the batch has no \"text\" column (columns: {0})")]
    MissingText(String),
    /// A column the function needs is missing.
    #[error("the batch has no \"{column}\" column (columns: {columns})")]
    MissingColumn {
        /// The column.
        column: String,
        /// The columns the batch has.
        columns: String,
    },
    /// A column has a type redline cannot read.
    #[error("column {column:?} is {found}, expected {expected}")]
    ColumnType {
        /// The column.
        column: String,
        /// Its Arrow type.
        found: DataType,
        /// What would do.
        expected: &'static str,
    },
    /// Arrow refused the output (a bug).
    #[error("cannot build the output batch: {0}")]
    Arrow(#[from] ArrowError),
    /// A coded article did not convert to rows (a span outside its text: a bug in the coder).
    #[error(transparent)]
    Rows(#[from] redline_store::StoreError),
    /// The worker pool could not be started.
    #[error(transparent)]
    Engine(#[from] redline_engine::EngineError),
}

/// The Arrow type of an exported column.
pub fn arrow_type(kind: ColumnType) -> DataType {
    match kind {
        ColumnType::Text => DataType::Utf8,
        ColumnType::Integer => DataType::Int64,
        ColumnType::Float => DataType::Float64,
        ColumnType::Date => DataType::Date32,
    }
}

/// The schema of an events batch: every column of the export's `events` table, `date` included.
pub fn events_schema() -> SchemaRef {
    let fields: Vec<Field> =
        columns(ExportTable::Events).iter().map(|c| Field::new(c.name, arrow_type(c.kind), c.nullable)).collect();
    Arc::new(Schema::new(fields))
}

/// The schema of an articles batch (see the module doc).
pub fn articles_schema() -> SchemaRef {
    let event = DataType::Struct(events_schema().fields().clone());
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("date", DataType::Date32, true),
        Field::new("url", DataType::Utf8, true),
        Field::new("source_host", DataType::Utf8, true),
        Field::new("fingerprint", DataType::Binary, true),
        Field::new("band_keys", DataType::List(Arc::new(Field::new("item", DataType::Int64, true))), true),
        Field::new("events", DataType::List(Arc::new(Field::new("item", event, true))), false),
        Field::new("diagnostics", DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))), false),
    ]))
}

/// One input row: the article read from it, or why it could not be read.
pub type ReadRow = Result<RawArticle, Diagnostic>;

/// Reads every row of `batch` as an article, as a JSON Lines article with the same fields would be read.
pub fn read_articles(batch: &RecordBatch) -> Result<Vec<ReadRow>, BatchError> {
    let Some(texts) = string_column(batch, "text")? else {
        let names: Vec<&str> = batch.schema_ref().fields().iter().map(|f| f.name().as_str()).collect();
        return Err(BatchError::MissingText(names.join(", ")));
    };
    let ids = string_column(batch, "id")?;
    let titles = string_column(batch, "title")?;
    let urls = string_column(batch, "url")?;
    let dates = date_column(batch)?;
    let mut rows = Vec::with_capacity(batch.num_rows());
    for row in 0..batch.num_rows() {
        let line = u32::try_from(row + 1).unwrap_or(u32::MAX);
        let error = |code: &'static str, message: String| Diagnostic::error(code, message).at(BATCH_PATH, Some(line));
        let value = |column: &Option<Vec<Option<String>>>| column.as_ref().and_then(|c| c[row].clone());
        let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        let date = match &dates {
            None => None,
            Some(DateColumn::Days(days)) => days[row],
            Some(DateColumn::Text(texts)) => match texts[row].as_deref().map(str::trim) {
                None | Some("") => None,
                Some(text) => match parse_date(text) {
                    Some(date) => Some(date),
                    None => {
                        rows.push(Err(error(codes::BAD_DATE, format!("date {text:?} is not YYYY-MM-DD or YYYYMMDD"))));
                        continue;
                    }
                },
            },
        };
        let Some(body) = non_empty(texts[row].clone()) else {
            rows.push(Err(error(codes::MISSING_TEXT, "no \"text\"".to_string())));
            continue;
        };
        let title = non_empty(value(&titles));
        let url = non_empty(value(&urls));
        let id = match non_empty(value(&ids)) {
            Some(id) => id,
            None => content_id(title.as_deref(), date, url.as_deref(), &body),
        };
        let origin = Origin { path: BATCH_PATH.to_string(), line: Some(line) };
        rows.push(Ok(RawArticle { id, title, date, url, body, origin }));
    }
    Ok(rows)
}

/// The `id` column of `batch` as given (`None` where missing or when there is no such column).
pub fn input_ids(batch: &RecordBatch) -> Result<Vec<Option<String>>, BatchError> {
    Ok(string_column(batch, "id")?.unwrap_or_else(|| vec![None; batch.num_rows()]))
}

/// Codes the rows on `threads` worker threads (0 = one per core), in input order.
pub fn code_rows(
    rows: Vec<ReadRow>,
    pipeline: &Pipeline,
    threads: usize,
) -> Result<Vec<Result<AnnotatedArticle, Diagnostic>>, BatchError> {
    let pool = thread_pool(threads)?;
    Ok(code_chunk(rows, pipeline, &pool))
}

/// The events of `articles`, in article then text order, as one batch in [`events_schema`].
pub fn events_batch<'a>(
    articles: impl IntoIterator<Item = &'a AnnotatedArticle>,
    taxonomy: &Taxonomy,
) -> Result<RecordBatch, BatchError> {
    let mut rows = Vec::new();
    for article in articles {
        rows.extend(ArticleRows::from_article(article, taxonomy)?.events);
    }
    rows_batch(&rows)
}

/// The columns [`events_with_articles_batch`] appends to the events.
pub const ARTICLE_EVENT_COLUMNS: [&str; 3] = ["published", "source_host", "story_id"];

/// The events of `articles` (in order) as [`events_batch`] gives them, plus what the series need of their
/// article: `published` (its publication date), `source_host` (its URL host) and `story_id` (its story,
/// [`crate::signal::assign_stories`] over `articles` in order, the order `redline ingest` writes them).
pub fn events_with_articles_batch(
    articles: &[&AnnotatedArticle],
    taxonomy: &Taxonomy,
) -> Result<RecordBatch, BatchError> {
    let prints: Vec<(String, Option<redline_story::Fingerprint>)> =
        articles.iter().map(|a| (a.id.clone(), Some(redline_story::article_fingerprint(a)))).collect();
    let stories = crate::signal::assign_stories(&prints);
    let mut rows = Vec::new();
    let (mut published, mut hosts, mut story_ids) = (Vec::new(), StringBuilder::new(), StringBuilder::new());
    for (article, story) in articles.iter().zip(&stories) {
        let events = ArticleRows::from_article(article, taxonomy)?.events;
        let host = article.url.as_deref().and_then(redline_story::source_host);
        for _ in &events {
            published.push(article.date.map(days_since_epoch));
            hosts.append_option(host.as_deref());
            story_ids.append_value(story);
        }
        rows.extend(events);
    }
    let events = rows_batch(&rows)?;
    let mut fields: Vec<Field> = events.schema().fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new(ARTICLE_EVENT_COLUMNS[0], DataType::Date32, true));
    fields.push(Field::new(ARTICLE_EVENT_COLUMNS[1], DataType::Utf8, true));
    fields.push(Field::new(ARTICLE_EVENT_COLUMNS[2], DataType::Utf8, false));
    let mut columns = events.columns().to_vec();
    columns.push(Arc::new(Date32Array::from(published)));
    columns.push(Arc::new(hosts.finish()));
    columns.push(Arc::new(story_ids.finish()));
    Ok(RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)?)
}

/// One row per coded (or unreadable) article, in [`articles_schema`].
///
/// `input_ids` are the rows' ids as given ([`input_ids`]): an unreadable row keeps its id, if it had one.
pub fn articles_batch(
    coded: &[Result<AnnotatedArticle, Diagnostic>],
    input_ids: &[Option<String>],
    taxonomy: &Taxonomy,
) -> Result<RecordBatch, BatchError> {
    let mut ids = StringBuilder::new();
    let mut dates: Vec<Option<i32>> = Vec::with_capacity(coded.len());
    let mut urls = StringBuilder::new();
    let mut hosts = StringBuilder::new();
    let mut fingerprints = BinaryBuilder::new();
    let mut band_keys = ListBuilder::new(Int64Builder::new());
    let mut diagnostics = ListBuilder::new(StringBuilder::new());
    let mut offsets = OffsetBufferBuilder::<i32>::new(coded.len());
    let mut events: Vec<EventRow> = Vec::new();
    for (index, item) in coded.iter().enumerate() {
        match item {
            Ok(article) => {
                ids.append_value(&article.id);
                dates.push(article.date.map(days_since_epoch));
                urls.append_option(article.url.as_deref());
                hosts.append_option(article.url.as_deref().and_then(redline_story::source_host));
                let fingerprint = redline_story::article_fingerprint(article);
                fingerprints.append_value(fingerprint.to_bytes());
                // The u64 keys as i64 bits: equal keys stay equal, and Spark can group them.
                band_keys.append_value(fingerprint.band_keys().into_iter().map(|k| Some(k as i64)));
                let rows = ArticleRows::from_article(article, taxonomy)?.events;
                offsets.push_length(rows.len());
                events.extend(rows);
                diagnostics.append_value(article.diagnostics.iter().map(|d| Some(d.to_string())));
            }
            Err(diagnostic) => {
                // An unreadable row keeps the id it was given, so that its diagnostic can be traced.
                ids.append_option(input_ids.get(index).and_then(|id| id.as_deref()));
                dates.push(None);
                urls.append_null();
                hosts.append_null();
                fingerprints.append_null();
                band_keys.append_null();
                offsets.push_length(0);
                diagnostics.append_value([Some(diagnostic.to_string())]);
            }
        }
    }
    let events = StructArray::from(rows_batch(&events)?);
    let item = Arc::new(Field::new("item", events.data_type().clone(), true));
    let events = ListArray::try_new(item, offsets.finish(), Arc::new(events), None)?;
    let columns: Vec<ArrayRef> = vec![
        Arc::new(ids.finish()),
        Arc::new(Date32Array::from(dates)),
        Arc::new(urls.finish()),
        Arc::new(hosts.finish()),
        Arc::new(fingerprints.finish()),
        Arc::new(band_keys.finish()),
        Arc::new(events),
        Arc::new(diagnostics.finish()),
    ];
    Ok(RecordBatch::try_new(articles_schema(), columns)?)
}

/// Event rows as a batch in [`events_schema`], one array per column of the export's declaration.
pub fn rows_batch(rows: &[EventRow]) -> Result<RecordBatch, BatchError> {
    let schema = events_schema();
    let arrays = schema
        .fields()
        .iter()
        .map(|field| {
            event_column(field.name(), rows).ok_or_else(|| {
                ArrowError::SchemaError(format!("no values for events column {:?} (a bug)", field.name()))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RecordBatch::try_new(schema, arrays)?)
}

/// The values of one events column, or `None` for a column this module does not know.
fn event_column(name: &str, rows: &[EventRow]) -> Option<ArrayRef> {
    let text = |f: fn(&EventRow) -> &str| -> ArrayRef { Arc::new(StringArray::from_iter_values(rows.iter().map(f))) };
    let opt_text =
        |f: fn(&EventRow) -> Option<&str>| -> ArrayRef { Arc::new(rows.iter().map(f).collect::<StringArray>()) };
    let int = |f: fn(&EventRow) -> u32| -> ArrayRef {
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| i64::from(f(r)))))
    };
    let opt_int = |f: fn(&EventRow) -> Option<u32>| -> ArrayRef {
        Arc::new(rows.iter().map(|r| f(r).map(i64::from)).collect::<Int64Array>())
    };
    Some(match name {
        "article_id" => text(|r| &r.article_id),
        "seq" => int(|r| r.seq),
        "sentence" => int(|r| r.sentence),
        "date" => Arc::new(rows.iter().map(|r| r.date.map(days_since_epoch)).collect::<Date32Array>()),
        "source_code" => text(|r| &r.source.code),
        "source_name" => text(|r| &r.source.name),
        "source_text" => text(|r| &r.source.text),
        "source_start" => int(|r| r.source.start),
        "source_end" => int(|r| r.source.end),
        "source_kind" => text(|r| &r.source.kind),
        "source_entry" => text(|r| &r.source.entry),
        "target_code" => opt_text(|r| r.target.as_ref().map(|t| t.code.as_str())),
        "target_name" => opt_text(|r| r.target.as_ref().map(|t| t.name.as_str())),
        "target_text" => opt_text(|r| r.target.as_ref().map(|t| t.text.as_str())),
        "target_start" => opt_int(|r| r.target.as_ref().map(|t| t.start)),
        "target_end" => opt_int(|r| r.target.as_ref().map(|t| t.end)),
        "target_kind" => opt_text(|r| r.target.as_ref().map(|t| t.kind.as_str())),
        "target_entry" => opt_text(|r| r.target.as_ref().map(|t| t.entry.as_str())),
        "cameo" => text(|r| &r.cameo),
        "root" => text(|r| &r.root),
        "plover" => opt_text(|r| r.plover.as_deref()),
        "quad_class" => int(|r| u32::from(r.quad_class)),
        "goldstein" => Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.goldstein))),
        "evidence_start" => int(|r| r.evidence_start),
        "evidence_end" => int(|r| r.evidence_end),
        "evidence_text" => text(|r| &r.evidence_text),
        "rule_id" => text(|r| &r.rule_id),
        "rule_pattern" => text(|r| &r.rule_pattern),
        "modality" => text(|r| &r.modality),
        "dict_version" => text(|r| &r.dict_version),
        _ => return None,
    })
}

/// A date column, as days since the epoch or as text still to parse.
enum DateColumn {
    Days(Vec<Option<Date>>),
    Text(Vec<Option<String>>),
}

/// The values of a string column (`Utf8`, `LargeUtf8` or `Utf8View`; an all-null column reads as missing
/// values), or `None` when the batch has no such column.
fn string_column(batch: &RecordBatch, name: &str) -> Result<Option<Vec<Option<String>>>, BatchError> {
    let Some(array) = batch.column_by_name(name) else { return Ok(None) };
    let values: Vec<Option<String>> = match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().iter().map(|v| v.map(str::to_string)).collect(),
        DataType::LargeUtf8 => array.as_string::<i64>().iter().map(|v| v.map(str::to_string)).collect(),
        DataType::Utf8View => array.as_string_view().iter().map(|v| v.map(str::to_string)).collect(),
        DataType::Null => vec![None; array.len()],
        other => {
            return Err(BatchError::ColumnType {
                column: name.to_string(),
                found: other.clone(),
                expected: "a string (utf8, large_utf8 or utf8_view)",
            });
        }
    };
    Ok(Some(values))
}

fn date_column(batch: &RecordBatch) -> Result<Option<DateColumn>, BatchError> {
    let Some(array) = batch.column_by_name("date") else { return Ok(None) };
    if array.data_type() == &DataType::Date32 {
        let days = array.as_primitive::<Date32Type>().iter().map(|d| d.and_then(date_from_days)).collect();
        return Ok(Some(DateColumn::Days(days)));
    }
    match string_column(batch, "date") {
        Ok(Some(texts)) => Ok(Some(DateColumn::Text(texts))),
        Ok(None) => Ok(None),
        Err(BatchError::ColumnType { found, .. }) => {
            Err(BatchError::ColumnType { column: "date".to_string(), found, expected: "date32 or a string YYYY-MM-DD" })
        }
        Err(other) => Err(other),
    }
}

/// The calendar date `days` after 1970-01-01 (Hinnant's `civil_from_days`), if redline can represent it.
pub(crate) fn date_from_days(days: i32) -> Option<Date> {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn pipeline() -> &'static Pipeline {
        static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
        PIPELINE.get_or_init(|| redline_engine::dictionaries::pipeline(None).expect("the shipped set compiles"))
    }

    const WARNING: &str = "Russian Deputy Foreign Minister Sergei Ryabkov warned NATO on Monday that Moscow would \
                           respond to any deployment of missiles in Ukraine. Russia accused the United States of \
                           provoking a crisis.";

    fn input(rows: &[(Option<&str>, Option<&str>, Option<&str>)]) -> RecordBatch {
        let ids: StringArray = rows.iter().map(|r| r.0).collect();
        let dates: StringArray = rows.iter().map(|r| r.1).collect();
        let texts: StringArray = rows.iter().map(|r| r.2).collect();
        RecordBatch::try_from_iter([
            ("id", Arc::new(ids) as ArrayRef),
            ("date", Arc::new(dates) as ArrayRef),
            ("text", Arc::new(texts) as ArrayRef),
        ])
        .unwrap()
    }

    #[test]
    fn events_schema_is_the_export_schema_with_the_date() {
        let ours = events_schema();
        let parquet = redline_engine::export::arrow_schema(ExportTable::Events);
        let without_date: Vec<_> = ours.fields().iter().filter(|f| f.name() != "date").cloned().collect();
        assert_eq!(without_date, parquet.fields().iter().cloned().collect::<Vec<_>>());
        assert_eq!(ours.field_with_name("date").unwrap().data_type(), &DataType::Date32);
        // Every declared column has values, even for no rows.
        assert_eq!(rows_batch(&[]).unwrap().num_columns(), columns(ExportTable::Events).len());
    }

    #[test]
    fn rows_read_like_json_lines_with_diagnostics_for_bad_ones() {
        let batch = input(&[
            (Some("a1"), Some("2021-11-15"), Some(WARNING)),
            (None, Some("20211116"), Some("Body.")),
            (Some("a3"), Some("15 Nov"), Some("Body.")),
            (Some("a4"), None, Some("  ")),
        ]);
        let rows = read_articles(&batch).unwrap();
        let a1 = rows[0].as_ref().unwrap();
        assert_eq!((a1.id.as_str(), a1.date.map(|d| d.to_string())), ("a1", Some("2021-11-15".to_string())));
        assert_eq!(a1.origin.line, Some(1));
        let a2 = rows[1].as_ref().unwrap();
        assert_eq!(a2.id, content_id(None, a2.date, None, "Body."));
        assert!(a2.id.starts_with("h-"));
        let bad_date = rows[2].as_ref().unwrap_err();
        assert_eq!(
            bad_date.to_string(),
            "<arrow>:3: error[input.bad-date]: date \"15 Nov\" is not YYYY-MM-DD or YYYYMMDD"
        );
        assert_eq!(rows[3].as_ref().unwrap_err().code, codes::MISSING_TEXT);
    }

    #[test]
    fn a_batch_without_text_or_with_numbers_for_text_is_refused() {
        let ids: ArrayRef = Arc::new(StringArray::from(vec!["a"]));
        let batch = RecordBatch::try_from_iter([("id", ids)]).unwrap();
        assert!(matches!(read_articles(&batch), Err(BatchError::MissingText(cols)) if cols == "id"));
        let numbers: ArrayRef = Arc::new(Int64Array::from(vec![1]));
        let batch = RecordBatch::try_from_iter([("text", numbers)]).unwrap();
        let err = read_articles(&batch).unwrap_err();
        assert_eq!(err.to_string(), "column \"text\" is Int64, expected a string (utf8, large_utf8 or utf8_view)");
    }

    #[test]
    fn date32_dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2021, 12, 31), (1969, 12, 31), (2024, 3, 1)] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(date_from_days(days_since_epoch(date)), Some(date));
        }
        let days: ArrayRef = Arc::new(Date32Array::from(vec![Some(18_946), None]));
        let texts: ArrayRef = Arc::new(StringArray::from(vec!["x", "y"]));
        let batch = RecordBatch::try_from_iter([("date", days), ("text", texts)]).unwrap();
        let rows = read_articles(&batch).unwrap();
        assert_eq!(rows[0].as_ref().unwrap().date.map(|d| d.to_string()).as_deref(), Some("2021-11-15"));
        assert_eq!(rows[1].as_ref().unwrap().date, None);
    }

    #[test]
    fn events_match_the_engine_coding_the_same_article() {
        let batch = input(&[(Some("a1"), Some("2021-11-15"), Some(WARNING)), (Some("a2"), None, None)]);
        let rows = read_articles(&batch).unwrap();
        let coded = code_rows(rows.clone(), pipeline(), 1).unwrap();
        let articles: Vec<_> = coded.iter().filter_map(|r| r.as_ref().ok()).collect();
        let events = events_batch(articles.iter().copied(), pipeline().taxonomy()).unwrap();
        // The same article coded directly by the pipeline gives the same rows.
        let direct = pipeline().code(rows[0].as_ref().unwrap());
        let expected = ArticleRows::from_article(&direct, pipeline().taxonomy()).unwrap().events;
        assert!(!expected.is_empty(), "the sample sentence codes events");
        assert_eq!(events.num_rows(), expected.len());
        let cameo = events.column_by_name("cameo").unwrap().as_string::<i32>();
        let codes: Vec<&str> = cameo.iter().flatten().collect();
        assert_eq!(codes, expected.iter().map(|e| e.cameo.as_str()).collect::<Vec<_>>());
        let dates = events.column_by_name("date").unwrap().as_primitive::<Date32Type>();
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(dates.iter().nth(i).flatten(), e.date.map(days_since_epoch));
        }

        let table = articles_batch(&coded, &input_ids(&batch).unwrap(), pipeline().taxonomy()).unwrap();
        assert_eq!(table.num_rows(), 2);
        let lists = table.column_by_name("events").unwrap().as_list::<i32>();
        assert_eq!(lists.value_length(0) as usize, expected.len());
        assert_eq!(lists.value_length(1), 0);
        let fp = table.column_by_name("fingerprint").unwrap().as_binary::<i32>();
        let decoded = redline_story::Fingerprint::from_bytes(fp.value(0)).unwrap();
        assert_eq!(decoded, redline_story::article_fingerprint(&direct));
        assert!(fp.is_null(1));
        assert_eq!(table.column_by_name("id").unwrap().as_string::<i32>().value(1), "a2");
        let keys = table.column_by_name("band_keys").unwrap().as_list::<i32>();
        let first: Vec<i64> = keys.value(0).as_primitive::<arrow_array::types::Int64Type>().values().to_vec();
        assert_eq!(first, decoded.band_keys().iter().map(|&k| k as i64).collect::<Vec<_>>());
        let diags = table.column_by_name("diagnostics").unwrap().as_list::<i32>();
        let second = diags.value(1);
        assert_eq!(second.as_string::<i32>().value(0), "<arrow>:2: error[input.missing-text]: no \"text\"");
    }
}
