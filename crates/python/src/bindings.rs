//! The functions and exceptions of `redline._redline`. The Python package (`python/redline`) wraps them
//! with keyword arguments, pandas and Spark helpers; their docstrings are the reference.
//!
//! Errors: every exception derives from `RedlineError`. An unreadable article raises `InputError` with the
//! diagnostic exactly as `redline code` prints it (`<arrow>:3: error[input.bad-date]: ...`); a batch
//! redline cannot read raises `SchemaError`; a dictionary set that does not compile raises
//! `DictionaryError`; bytes that are not a fingerprint raise `FingerprintError`; a rules text that does not
//! parse raises `RulesError` (`<rules>:LINE: invalid rules: ...`, as the CLI names the file and line).

use std::sync::OnceLock;

use arrow_array::RecordBatch;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use redline_coder::Pipeline;
use redline_engine::output::ArticleOut;
use redline_model::{Date, Diagnostic, Origin, RawArticle};
use redline_signal::{Bucket, DyadSpec, EventFact, Rules, SourceVolume};
use redline_story::{Fingerprint, MatchRule};

use crate::batch::{self, BatchError};
use crate::ffi::{export_batch, import_batch};
use crate::signal;

create_exception!(_redline, RedlineError, PyException, "Base class of every redline error.");
create_exception!(
    _redline,
    InputError,
    RedlineError,
    "An article redline cannot read (no text, a bad date); the message is the CLI's diagnostic."
);
create_exception!(_redline, SchemaError, RedlineError, "A batch whose columns redline cannot read.");
create_exception!(_redline, DictionaryError, RedlineError, "The dictionary set does not compile.");
create_exception!(_redline, FingerprintError, RedlineError, "Bytes that are not an encoded fingerprint.");
create_exception!(_redline, RulesError, RedlineError, "An alert rules text that does not parse or validate.");

/// The shipped alert rules (`rules/alerts.toml`), the default of `redline series` and `redline alerts`.
const DEFAULT_RULES: &str = include_str!("../../../rules/alerts.toml");

/// The shipped dictionaries, compiled once per process on first use.
fn pipeline() -> PyResult<&'static Pipeline> {
    static PIPELINE: OnceLock<Result<Pipeline, String>> = OnceLock::new();
    PIPELINE
        .get_or_init(|| redline_engine::dictionaries::pipeline(None).map_err(|err| err.to_string()))
        .as_ref()
        .map_err(|message| DictionaryError::new_err(format!("cannot load dictionaries: {message}")))
}

fn batch_error(err: BatchError) -> PyErr {
    match err {
        BatchError::MissingText(_) | BatchError::MissingColumn { .. } | BatchError::ColumnType { .. } => {
            SchemaError::new_err(err.to_string())
        }
        other => RedlineError::new_err(other.to_string()),
    }
}

fn input_error(diagnostic: &Diagnostic) -> PyErr {
    InputError::new_err(diagnostic.to_string())
}

/// Codes one article; returns it as one line of `redline code --format jsonl` (a JSON string).
#[pyfunction]
#[pyo3(signature = (text, title=None, date=None, url=None, id=None))]
fn code_json(
    py: Python<'_>,
    text: &str,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    id: Option<String>,
) -> PyResult<String> {
    let pipeline = pipeline()?;
    let raw = raw_article(text, title, date, url, id)?;
    let json = py.detach(|| {
        let article = pipeline.code(&raw);
        serde_json::to_string(&ArticleOut::new(&article, pipeline.taxonomy()))
    });
    json.map_err(|err| RedlineError::new_err(format!("cannot serialise the article: {err}")))
}

/// The article `code_json` codes: read as a JSON Lines object with the same fields would be.
fn raw_article(
    text: &str,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    id: Option<String>,
) -> PyResult<RawArticle> {
    use redline_engine::source::{codes, content_id, parse_date};
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let date = match date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match parse_date(text) {
            Some(date) => Some(date),
            None => {
                let message = format!("date {text:?} is not YYYY-MM-DD or YYYYMMDD");
                return Err(input_error(&Diagnostic::error(codes::BAD_DATE, message)));
            }
        },
    };
    if text.trim().is_empty() {
        return Err(input_error(&Diagnostic::error(codes::MISSING_TEXT, "no \"text\"")));
    }
    let (title, url) = (non_empty(title), non_empty(url));
    let id = non_empty(id).unwrap_or_else(|| content_id(title.as_deref(), date, url.as_deref(), text));
    let origin = Origin { path: "<python>".to_string(), line: None };
    Ok(RawArticle { id, title, date, url, body: text.to_string(), origin })
}

/// A coded article, or why its row could not be read.
type Coded = Result<redline_model::AnnotatedArticle, Diagnostic>;

/// Reads and codes a batch, raising `InputError` for the first unreadable row unless `skip_errors`.
fn code_rows(
    py: Python<'_>,
    batch: &Bound<'_, PyAny>,
    threads: usize,
    skip_errors: bool,
) -> PyResult<(Vec<Option<String>>, Vec<Coded>)> {
    let pipeline = pipeline()?;
    let batch: RecordBatch = import_batch(batch)?;
    let rows = batch::read_articles(&batch).map_err(batch_error)?;
    if !skip_errors && let Some(Err(diagnostic)) = rows.iter().find(|r| r.is_err()) {
        return Err(input_error(diagnostic));
    }
    let ids = batch::input_ids(&batch).map_err(batch_error)?;
    let coded = py.detach(|| batch::code_rows(rows, pipeline, threads)).map_err(batch_error)?;
    if !skip_errors && let Some(Err(diagnostic)) = coded.iter().find(|r| r.is_err()) {
        return Err(input_error(diagnostic));
    }
    Ok((ids, coded))
}

/// Codes a `pyarrow.RecordBatch` of articles; returns a `pyarrow.RecordBatch` of their events, with
/// `published`, `source_host` and `story_id` appended when `article_columns`.
#[pyfunction]
#[pyo3(signature = (batch, threads=0, skip_errors=false, article_columns=false))]
fn code_batch<'py>(
    py: Python<'py>,
    batch: &Bound<'py, PyAny>,
    threads: usize,
    skip_errors: bool,
    article_columns: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let (_, coded) = code_rows(py, batch, threads, skip_errors)?;
    let taxonomy = pipeline()?.taxonomy();
    let articles: Vec<_> = coded.iter().filter_map(|r| r.as_ref().ok()).collect();
    let events = if article_columns {
        py.detach(|| batch::events_with_articles_batch(&articles, taxonomy))
    } else {
        batch::events_batch(articles.iter().copied(), taxonomy)
    };
    export_batch(py, events.map_err(batch_error)?)
}

/// Every host's article count per publication day in a batch of articles (`date, host, articles`).
#[pyfunction]
fn source_volumes<'py>(py: Python<'py>, batch: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let batch: RecordBatch = import_batch(batch)?;
    let rows = batch::read_articles(&batch).map_err(batch_error)?;
    let volumes = signal::volumes_of_articles(rows.iter().filter_map(|r| r.as_ref().ok()));
    export_batch(py, signal::volumes_batch(&volumes).map_err(batch_error)?)
}

fn parse_rules(text: Option<&str>) -> PyResult<Rules> {
    let text = text.unwrap_or(DEFAULT_RULES);
    Rules::parse(text).map_err(|err| RulesError::new_err(format!("<rules>:{}: invalid rules: {err}", err.line())))
}

fn parse_dyad(text: &str) -> PyResult<DyadSpec> {
    text.parse::<DyadSpec>().map_err(|err| PyValueError::new_err(err.to_string()))
}

fn parse_day(name: &str, text: Option<&str>) -> PyResult<Option<Date>> {
    text.map(|t| {
        redline_engine::source::parse_date(t)
            .ok_or_else(|| PyValueError::new_err(format!("{name} {t:?} is not YYYY-MM-DD or YYYYMMDD")))
    })
    .transpose()
}

/// Facts and volumes from the Python arguments; volumes default to the articles carrying the events.
fn signal_inputs(
    events: &Bound<'_, PyAny>,
    volumes: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Vec<EventFact>, Vec<SourceVolume>)> {
    let facts = signal::read_facts(&import_batch(events)?).map_err(batch_error)?;
    let volumes = match volumes {
        Some(volumes) => signal::read_volumes(&import_batch(volumes)?).map_err(batch_error)?,
        None => signal::volumes_of_facts(&facts),
    };
    Ok((facts, volumes))
}

/// The series of `dyad` over a batch of events, as a batch of the columns of `redline series --format csv`.
#[pyfunction]
#[pyo3(signature = (events, dyad, by="day", volumes=None, from_=None, to=None, rules=None))]
#[allow(clippy::too_many_arguments)]
fn series<'py>(
    py: Python<'py>,
    events: &Bound<'py, PyAny>,
    dyad: &str,
    by: &str,
    volumes: Option<&Bound<'py, PyAny>>,
    from_: Option<&str>,
    to: Option<&str>,
    rules: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let rules = parse_rules(rules)?;
    let dyad = parse_dyad(dyad)?;
    let bucket = match by {
        "day" => Bucket::Day,
        "week" => Bucket::Week,
        other => return Err(PyValueError::new_err(format!("by={other:?}: expected \"day\" or \"week\""))),
    };
    let range = (parse_day("from_", from_)?, parse_day("to", to)?);
    if let (Some(from), Some(to)) = range
        && from > to
    {
        return Err(PyValueError::new_err(format!("from_ {from} is after to {to}")));
    }
    let (facts, volumes) = signal_inputs(events, volumes)?;
    let series = py.detach(|| signal::series(&facts, &volumes, &dyad, bucket, range, &rules));
    export_batch(py, signal::series_batch(&series).map_err(batch_error)?)
}

/// The alerts of the rules over a batch of events, as a JSON array (the detector's fields of
/// `redline alerts --format json`).
#[pyfunction]
#[pyo3(signature = (events, rules=None, dyads=None, volumes=None, since=None, normalise=None))]
fn alerts_json(
    py: Python<'_>,
    events: &Bound<'_, PyAny>,
    rules: Option<&str>,
    dyads: Option<Vec<String>>,
    volumes: Option<&Bound<'_, PyAny>>,
    since: Option<&str>,
    normalise: Option<bool>,
) -> PyResult<String> {
    let mut rules = parse_rules(rules)?;
    if let Some(normalise) = normalise {
        rules.series.normalise = normalise;
    }
    let dyads = dyads.map(|list| list.iter().map(|d| parse_dyad(d)).collect::<PyResult<Vec<_>>>()).transpose()?;
    let since = parse_day("since", since)?;
    let (facts, volumes) = signal_inputs(events, volumes)?;
    let found = py.detach(|| signal::alerts(&facts, &volumes, dyads, &rules, since));
    let json = serde_json::Value::Array(found.iter().map(signal::alert_json).collect());
    Ok(json.to_string())
}

/// The text of the shipped alert rules (`rules/alerts.toml`).
#[pyfunction]
fn default_rules() -> &'static str {
    DEFAULT_RULES
}

/// Codes a `pyarrow.RecordBatch` of articles; returns one row per article with its events, fingerprint,
/// band keys and diagnostics (unreadable rows are kept, with their diagnostic).
#[pyfunction]
#[pyo3(signature = (batch, threads=0))]
fn code_articles_batch<'py>(py: Python<'py>, batch: &Bound<'py, PyAny>, threads: usize) -> PyResult<Bound<'py, PyAny>> {
    let (ids, coded) = code_rows(py, batch, threads, true)?;
    let articles = batch::articles_batch(&coded, &ids, pipeline()?.taxonomy()).map_err(batch_error)?;
    export_batch(py, articles)
}

/// An empty events batch: the schema of `code_batch`'s output.
#[pyfunction]
fn events_schema_batch(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    export_batch(py, batch::rows_batch(&[]).map_err(batch_error)?)
}

/// An empty articles batch: the schema of `code_articles_batch`'s output.
#[pyfunction]
fn articles_schema_batch(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    export_batch(py, RecordBatch::new_empty(batch::articles_schema()))
}

/// The encoded MinHash fingerprint of `text` (`redline_story::fingerprint`).
#[pyfunction]
fn fingerprint<'py>(py: Python<'py>, text: &str) -> Bound<'py, PyBytes> {
    PyBytes::new(py, &redline_story::fingerprint(text).to_bytes())
}

fn decode(bytes: &[u8]) -> PyResult<Fingerprint> {
    Fingerprint::from_bytes(bytes).map_err(|err| FingerprintError::new_err(err.to_string()))
}

/// The LSH band keys (unsigned 64-bit) of an encoded fingerprint.
#[pyfunction]
fn band_keys(fingerprint: &[u8]) -> PyResult<Vec<u64>> {
    Ok(decode(fingerprint)?.band_keys())
}

/// Whether two encoded fingerprints are the same story: `None`, or a dict with `jaccard`, `containment`
/// and `rule` (`"jaccard"` or `"containment"`).
#[pyfunction]
fn same_story<'py>(py: Python<'py>, a: &[u8], b: &[u8]) -> PyResult<Option<Bound<'py, PyDict>>> {
    let Some(found) = redline_story::same_story(&decode(a)?, &decode(b)?) else { return Ok(None) };
    let dict = PyDict::new(py);
    dict.set_item("jaccard", found.jaccard)?;
    dict.set_item("containment", found.containment)?;
    let rule = match found.rule {
        MatchRule::Jaccard => "jaccard",
        MatchRule::Containment => "containment",
    };
    dict.set_item("rule", rule)?;
    Ok(Some(dict))
}

/// The version of the embedded dictionary set.
#[pyfunction]
fn dict_version() -> PyResult<String> {
    Ok(pipeline()?.dict_version().to_string())
}

/// The extension module.
#[pymodule]
fn _redline(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add("RedlineError", py.get_type::<RedlineError>())?;
    module.add("InputError", py.get_type::<InputError>())?;
    module.add("SchemaError", py.get_type::<SchemaError>())?;
    module.add("DictionaryError", py.get_type::<DictionaryError>())?;
    module.add("FingerprintError", py.get_type::<FingerprintError>())?;
    module.add("RulesError", py.get_type::<RulesError>())?;
    module.add_function(wrap_pyfunction!(code_json, module)?)?;
    module.add_function(wrap_pyfunction!(code_batch, module)?)?;
    module.add_function(wrap_pyfunction!(code_articles_batch, module)?)?;
    module.add_function(wrap_pyfunction!(events_schema_batch, module)?)?;
    module.add_function(wrap_pyfunction!(articles_schema_batch, module)?)?;
    module.add_function(wrap_pyfunction!(fingerprint, module)?)?;
    module.add_function(wrap_pyfunction!(band_keys, module)?)?;
    module.add_function(wrap_pyfunction!(same_story, module)?)?;
    module.add_function(wrap_pyfunction!(dict_version, module)?)?;
    module.add_function(wrap_pyfunction!(source_volumes, module)?)?;
    module.add_function(wrap_pyfunction!(series, module)?)?;
    module.add_function(wrap_pyfunction!(alerts_json, module)?)?;
    module.add_function(wrap_pyfunction!(default_rules, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
