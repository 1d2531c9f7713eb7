//! Export for other tools: stored events, quotes and articles as Parquet, CSV or JSON Lines files in
//! Hive-style date partitions (`OUT/events/date=2022-02-24/part-0.parquet`), readable by DuckDB, pandas,
//! Spark or DataFusion.
//!
//! Each table has one flat schema, declared once in [`columns`]: the Arrow schema, the CSV header, the JSON
//! keys and the documentation ([`schema_markdown`], written beside the data as `schema.md`) all come from
//! it. Rows are streamed from one read snapshot of the store a page at a time and written one partition
//! after another, so memory is bounded by the page and row-group sizes, not by the store. Each table is
//! first written to a hidden directory and moved into place when complete: an interrupted export leaves
//! the previous one intact.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::ArrayRef;
use arrow_array::RecordBatch;
use arrow_array::builder::{Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use redline_model::Date;
use redline_store::{ArticleRow, DateRange, EventRow, QuoteRow, Store, StoreError, StoryRow};

/// The partition name of rows without a date (Hive's convention; DuckDB and Spark read it as NULL).
pub const UNDATED_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// Rows read from the store per page.
pub const DEFAULT_PAGE_SIZE: usize = 4096;

/// A Parquet row group is closed at this many rows, or earlier at [`ROW_GROUP_BYTES`].
pub const ROW_GROUP_ROWS: usize = 65_536;

/// A Parquet row group is closed once its buffered data passes this size (articles carry full texts).
pub const ROW_GROUP_BYTES: usize = 64 << 20;

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Apache Parquet, Snappy-compressed; dates as `DATE`.
    Parquet,
    /// Comma-separated values with a header line; dates as `YYYY-MM-DD`, missing values empty.
    Csv,
    /// One JSON object per line; dates as `"YYYY-MM-DD"`, missing values `null`.
    Jsonl,
}

impl ExportFormat {
    /// File extension of the partition files.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Parquet => "parquet",
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
        }
    }
}

/// A table that can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportTable {
    /// Coded events, partitioned by event date.
    Events,
    /// Quotations, partitioned by their article's publication date.
    Quotes,
    /// Articles with their clean text, partitioned by publication date.
    Articles,
    /// Stories (groups of near-duplicate articles), partitioned by the date they were first seen.
    Stories,
}

impl ExportTable {
    /// Every table, in export order.
    pub const ALL: [ExportTable; 4] =
        [ExportTable::Events, ExportTable::Quotes, ExportTable::Articles, ExportTable::Stories];

    /// The table's directory name under the output directory.
    pub fn name(self) -> &'static str {
        match self {
            ExportTable::Events => "events",
            ExportTable::Quotes => "quotes",
            ExportTable::Articles => "articles",
            ExportTable::Stories => "stories",
        }
    }

    /// What the partition key `date` means for this table.
    fn date_meaning(self) -> &'static str {
        match self {
            ExportTable::Events => "the event's date (its own date, else the article's publication date)",
            ExportTable::Quotes | ExportTable::Articles => "the article's publication date",
            ExportTable::Stories => "the publication date of the story's first article",
        }
    }
}

/// Type of an exported column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text (Parquet `STRING`, Arrow `Utf8`).
    Text,
    /// 64-bit signed integer (Parquet `INT64`).
    Integer,
    /// 64-bit float (Parquet `DOUBLE`).
    Float,
    /// Calendar date (Parquet `DATE`, Arrow `Date32`).
    Date,
}

impl ColumnType {
    fn arrow(self) -> DataType {
        match self {
            ColumnType::Text => DataType::Utf8,
            ColumnType::Integer => DataType::Int64,
            ColumnType::Float => DataType::Float64,
            ColumnType::Date => DataType::Date32,
        }
    }

    fn parquet_name(self) -> &'static str {
        match self {
            ColumnType::Text => "STRING",
            ColumnType::Integer => "INT64",
            ColumnType::Float => "DOUBLE",
            ColumnType::Date => "DATE",
        }
    }
}

/// One column of an exported table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Column name.
    pub name: &'static str,
    /// Its type.
    pub kind: ColumnType,
    /// Whether it can be missing (NULL).
    pub nullable: bool,
    /// What it holds.
    pub doc: &'static str,
}

const fn col(name: &'static str, kind: ColumnType, nullable: bool, doc: &'static str) -> Column {
    Column { name, kind, nullable, doc }
}

use ColumnType::{Date as D, Float as F, Integer as I, Text as T};

const EVENT_COLUMNS: &[Column] = &[
    col("article_id", T, false, "Id of the article the event was coded from"),
    col("seq", I, false, "Position of the event in its article (0-based, text order)"),
    col("sentence", I, false, "Index of the sentence holding the evidence"),
    col("date", D, true, "When it happened: the event's own date, else the article's publication date"),
    col("source_code", T, false, "Source actor code (`RUSGOV`)"),
    col("source_name", T, false, "Canonical name of the source's dictionary entry"),
    col("source_text", T, false, "The source's words in the text"),
    col("source_start", I, false, "First byte of the source mention in the article's clean text"),
    col("source_end", I, false, "One past the last byte of the source mention"),
    col("source_kind", T, false, "How the source was recognised (`country`, `person`, ...)"),
    col("source_entry", T, false, "Dictionary entry that named the source, `file:line`"),
    col("target_code", T, true, "Target actor code, if a target is named"),
    col("target_name", T, true, "Canonical name of the target's dictionary entry"),
    col("target_text", T, true, "The target's words in the text"),
    col("target_start", I, true, "First byte of the target mention"),
    col("target_end", I, true, "One past the last byte of the target mention"),
    col("target_kind", T, true, "How the target was recognised"),
    col("target_entry", T, true, "Dictionary entry that named the target, `file:line`"),
    col("cameo", T, false, "CAMEO event code (`1312`)"),
    col("root", T, false, "CAMEO root, two digits (`13`)"),
    col("plover", T, true, "PLOVER event type (`THREATEN`), if the code has one"),
    col("quad_class", I, false, "Quad class, 1 (verbal cooperation) to 4 (material conflict)"),
    col("goldstein", F, false, "Goldstein value of the code, -10 to 10"),
    col("evidence_start", I, false, "First byte of the evidence in the article's clean text"),
    col("evidence_end", I, false, "One past the last byte of the evidence"),
    col("evidence_text", T, false, "The evidence words"),
    col("rule_id", T, false, "Dictionary pattern (`file:line`) or rule (`rule:<name>`) that fired"),
    col("rule_pattern", T, false, "The pattern as written"),
    col("modality", T, false, "`asserted`, `future` or `reported`"),
    col("dict_version", T, false, "Version of the dictionary set that coded the event"),
];

const QUOTE_COLUMNS: &[Column] = &[
    col("article_id", T, false, "Id of the article the quotation was found in"),
    col("seq", I, false, "Position of the quotation in its article (0-based, text order)"),
    col("date", D, true, "The article's publication date"),
    col("sentence", I, false, "Index of the sentence where the quotation starts"),
    col("start", I, false, "First byte of the quoted words in the article's clean text"),
    col("end", I, false, "One past the last byte of the quoted words"),
    col("text", T, false, "The quoted words"),
    col("kind", T, false, "`direct`, `partial` or `scare` (scare quotes and titles)"),
    col("speaker_name", T, true, "Speaker's name, if attributed"),
    col("speaker_code", T, true, "Speaker's actor code, if known"),
    col("speaker_start", I, true, "First byte of the mention naming the speaker"),
    col("speaker_end", I, true, "One past the last byte of that mention"),
];

const ARTICLE_COLUMNS: &[Column] = &[
    col("id", T, false, "The article's stable id"),
    col("date", D, true, "Publication date"),
    col("title", T, true, "Headline"),
    col("url", T, true, "Where it was published"),
    col("text", T, false, "The clean text every byte offset of the other tables points into"),
    col("body_start", I, false, "Byte offset where the body starts in `text` (after the title)"),
    col("content_hash", T, false, "16 hex digits of xxh3 over title, date, url and text"),
    col("origin_path", T, false, "File the article was read from, or `<stdin>`"),
    col("origin_line", I, true, "Line in that file (JSON Lines input)"),
    col("dict_version", T, false, "Version of the dictionary set that coded the article"),
];

const STORY_COLUMNS: &[Column] = &[
    col("id", T, false, "The story's id: the id of the article that started it (stable as copies arrive)"),
    col("date", D, true, "Publication date of its first article"),
    col("first_article", T, false, "Id of the member published first (earliest date, then smallest id)"),
    col("articles", I, false, "Member articles (near-duplicates of each other)"),
    col("sources", I, false, "Distinct URL hosts among the members"),
];

/// The columns of `table`, in file order.
pub fn columns(table: ExportTable) -> &'static [Column] {
    match table {
        ExportTable::Events => EVENT_COLUMNS,
        ExportTable::Quotes => QUOTE_COLUMNS,
        ExportTable::Articles => ARTICLE_COLUMNS,
        ExportTable::Stories => STORY_COLUMNS,
    }
}

/// The name of the partition column, the same in every table.
pub const PARTITION_COLUMN: &str = "date";

/// The Arrow schema of `table`'s Parquet files: every column but the partition column `date`, which
/// readers take from the directory name (see [`schema_markdown`]).
pub fn arrow_schema(table: ExportTable) -> SchemaRef {
    let fields: Vec<Field> =
        parquet_columns(table).map(|(_, c)| Field::new(c.name, c.kind.arrow(), c.nullable)).collect();
    Arc::new(Schema::new(fields))
}

/// The columns a Parquet file holds, with their index in [`columns`].
fn parquet_columns(table: ExportTable) -> impl Iterator<Item = (usize, &'static Column)> {
    columns(table).iter().enumerate().filter(|(_, c)| c.name != PARTITION_COLUMN)
}

/// The documentation of every table's columns, as Markdown (written as `schema.md` by [`export`]).
pub fn schema_markdown() -> String {
    let mut out = String::from(
        "# redline export schema\n\n\
         `redline export` writes one directory per table, partitioned Hive-style by date:\n\
         `TABLE/date=YYYY-MM-DD/part-N.EXT`, and `TABLE/date=__HIVE_DEFAULT_PARTITION__/` for rows without a date.\n\
         Parquet files leave the partition column `date` out, as Spark, Hive and DuckDB write partitions: readers\n\
         take it from the directory name (pyarrow, pandas and DataFusion refuse a column that is in both). Read\n\
         with `read_parquet('OUT/events/*/*.parquet', hive_partitioning = true)` in DuckDB (`date` is a DATE),\n\
         `spark.read.parquet('OUT/events')` (DateType), or in pandas with the key's type given (pyarrow cannot\n\
         infer it, nor mix the undated partition into a dictionary): `pd.read_parquet('OUT/events', partitioning=\n\
         pyarrow.dataset.partitioning(pyarrow.schema([('date', pyarrow.date32())]), flavor='hive'))`.\n\
         CSV and JSON Lines lines keep `date`, so each line stands alone.\n\
         Byte offsets (`*_start`, `*_end`, `body_start`) index the UTF-8 bytes of the article's clean `text`\n\
         (table `articles`): `text[start..end]` is the evidence.\n\n\
         Types are Parquet's; in CSV, dates are `YYYY-MM-DD` and missing values are empty; in JSON Lines,\n\
         dates are strings and missing values are `null`.\n",
    );
    for table in ExportTable::ALL {
        out.push_str(&format!("\n## `{}`\n\nPartition key `date`: {}.\n\n", table.name(), table.date_meaning()));
        out.push_str("| column | type | null | meaning |\n|---|---|---|---|\n");
        for c in columns(table) {
            let null = if c.nullable { "yes" } else { "no" };
            let kind = if c.name == PARTITION_COLUMN { "DATE, partition key" } else { c.kind.parquet_name() };
            out.push_str(&format!("| `{}` | {} | {} | {} |\n", c.name, kind, null, c.doc));
        }
    }
    out
}

/// What to export and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportConfig {
    /// File format.
    pub format: ExportFormat,
    /// Tables to write, each into its own directory.
    pub tables: Vec<ExportTable>,
    /// Dates to include (event date for events, publication date for quotes and articles).
    pub range: DateRange,
    /// Rows read from the store per page.
    pub page_size: usize,
}

impl Default for ExportConfig {
    fn default() -> ExportConfig {
        ExportConfig {
            format: ExportFormat::Parquet,
            tables: ExportTable::ALL.to_vec(),
            range: DateRange::default(),
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// What was written for one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableExport {
    /// The table.
    pub table: ExportTable,
    /// Its directory.
    pub dir: PathBuf,
    /// Rows written.
    pub rows: u64,
    /// Date partitions written.
    pub partitions: u64,
}

/// Why an export failed. The previous export of a table stays in place until its new one is complete.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file or directory could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The Parquet writer refused a file.
    #[error("cannot write Parquet file {path}: {source}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// What the writer said.
        source: ParquetError,
    },
    /// A batch of rows did not fit the table's Arrow schema (a bug).
    #[error("rows do not fit the {table} schema: {source}")]
    Arrow {
        /// The table.
        table: &'static str,
        /// What Arrow said.
        source: ArrowError,
    },
    /// A CSV file could not be written.
    #[error("cannot write CSV file {path}: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// What the writer said.
        source: csv::Error,
    },
    /// The table's directory exists and holds something other than an earlier export: it is left alone.
    #[error("{0} exists and is not a redline export (it holds more than date=… partitions); choose another --out")]
    NotAnExport(PathBuf),
}

/// Writes the configured tables under `out` (created if missing), plus `out/schema.md`.
///
/// All tables are read from one snapshot of the store, so they agree with each other even while an
/// ingest is running. A table's earlier export under `out` is replaced as a whole.
pub fn export(store: &Store, out: &Path, config: &ExportConfig) -> Result<Vec<TableExport>, ExportError> {
    fs::create_dir_all(out).map_err(|source| ExportError::Io { path: out.to_path_buf(), source })?;
    let reader = store.export_reader()?;
    let mut done = Vec::new();
    for &table in &config.tables {
        let dir = out.join(table.name());
        check_replaceable(&dir)?;
        let staging = out.join(format!(".{}.partial", table.name()));
        remove_dir(&staging)?;
        let mut writer = TableWriter::new(table, config.format, staging.clone());
        let rows = match table {
            ExportTable::Events => reader.events(&config.range, config.page_size, |page| writer.write(&page))?,
            ExportTable::Quotes => reader.quotes(&config.range, config.page_size, |page| writer.write(&page))?,
            ExportTable::Articles => reader.articles(&config.range, config.page_size, |page| writer.write(&page))?,
            ExportTable::Stories => reader.stories(&config.range, config.page_size, |page| writer.write(&page))?,
        };
        let partitions = writer.finish()?;
        if partitions == 0 {
            // An empty table is still a table: readers find a directory with no partitions.
            fs::create_dir_all(&staging).map_err(|source| ExportError::Io { path: staging.clone(), source })?;
        }
        remove_dir(&dir)?;
        fs::rename(&staging, &dir).map_err(|source| ExportError::Io { path: dir.clone(), source })?;
        done.push(TableExport { table, dir, rows, partitions });
    }
    let schema = out.join("schema.md");
    fs::write(&schema, schema_markdown()).map_err(|source| ExportError::Io { path: schema, source })?;
    Ok(done)
}

/// The Hive partition directory name of a date.
pub fn partition_name(date: Option<Date>) -> String {
    match date {
        Some(date) => format!("date={date}"),
        None => format!("date={UNDATED_PARTITION}"),
    }
}

/// Days since 1970-01-01, Arrow's `Date32` (Howard Hinnant's `days_from_civil`; exact for every `Date`).
pub fn days_since_epoch(date: Date) -> i32 {
    let (y, m, d) = (i32::from(date.year()), i32::from(date.month()), i32::from(date.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// One value of an exported row.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell<'a> {
    Text(Option<&'a str>),
    Integer(Option<i64>),
    Float(f64),
    Date(Option<Date>),
}

/// A stored row that can be exported: its partition date and its cells in [`columns`] order.
trait ExportRow {
    fn date(&self) -> Option<Date>;
    fn cells(&self) -> Vec<Cell<'_>>;
}

fn text(value: &str) -> Cell<'_> {
    Cell::Text(Some(value))
}

fn int(value: u32) -> Cell<'static> {
    Cell::Integer(Some(i64::from(value)))
}

impl ExportRow for EventRow {
    fn date(&self) -> Option<Date> {
        self.date
    }

    fn cells(&self) -> Vec<Cell<'_>> {
        let t = self.target.as_ref();
        let t_text = |f: fn(&redline_store::ActorRow) -> &str| Cell::Text(t.map(f));
        let t_int = |f: fn(&redline_store::ActorRow) -> u32| Cell::Integer(t.map(|t| i64::from(f(t))));
        vec![
            text(&self.article_id),
            int(self.seq),
            int(self.sentence),
            Cell::Date(self.date),
            text(&self.source.code),
            text(&self.source.name),
            text(&self.source.text),
            int(self.source.start),
            int(self.source.end),
            text(&self.source.kind),
            text(&self.source.entry),
            t_text(|t| &t.code),
            t_text(|t| &t.name),
            t_text(|t| &t.text),
            t_int(|t| t.start),
            t_int(|t| t.end),
            t_text(|t| &t.kind),
            t_text(|t| &t.entry),
            text(&self.cameo),
            text(&self.root),
            Cell::Text(self.plover.as_deref()),
            Cell::Integer(Some(i64::from(self.quad_class))),
            Cell::Float(self.goldstein),
            int(self.evidence_start),
            int(self.evidence_end),
            text(&self.evidence_text),
            text(&self.rule_id),
            text(&self.rule_pattern),
            text(&self.modality),
            text(&self.dict_version),
        ]
    }
}

impl ExportRow for QuoteRow {
    fn date(&self) -> Option<Date> {
        self.date
    }

    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            text(&self.article_id),
            int(self.seq),
            Cell::Date(self.date),
            int(self.sentence),
            int(self.start),
            int(self.end),
            text(&self.text),
            text(&self.kind),
            Cell::Text(self.speaker_name.as_deref()),
            Cell::Text(self.speaker_code.as_deref()),
            Cell::Integer(self.speaker_start.map(i64::from)),
            Cell::Integer(self.speaker_end.map(i64::from)),
        ]
    }
}

impl ExportRow for ArticleRow {
    fn date(&self) -> Option<Date> {
        self.date
    }

    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            text(&self.id),
            Cell::Date(self.date),
            Cell::Text(self.title.as_deref()),
            Cell::Text(self.url.as_deref()),
            text(&self.text),
            int(self.body_start),
            text(&self.content_hash),
            text(&self.origin_path),
            Cell::Integer(self.origin_line.map(i64::from)),
            text(&self.dict_version),
        ]
    }
}

impl ExportRow for StoryRow {
    fn date(&self) -> Option<Date> {
        self.first_seen
    }

    fn cells(&self) -> Vec<Cell<'_>> {
        let count = |n: u64| Cell::Integer(Some(i64::try_from(n).unwrap_or(i64::MAX)));
        vec![
            text(&self.id),
            Cell::Date(self.first_seen),
            text(&self.first_article),
            count(self.articles),
            count(self.sources),
        ]
    }
}

/// Writes one table: one open partition file at a time, switched when the date changes.
struct TableWriter {
    table: ExportTable,
    format: ExportFormat,
    dir: PathBuf,
    schema: SchemaRef,
    current: Option<(Option<Date>, PartWriter)>,
    /// Files written per partition, so a date met again (never, with ordered input) gets a new part.
    parts: HashMap<Option<Date>, u32>,
}

impl TableWriter {
    fn new(table: ExportTable, format: ExportFormat, dir: PathBuf) -> TableWriter {
        TableWriter { table, format, dir, schema: arrow_schema(table), current: None, parts: HashMap::new() }
    }

    fn write<R: ExportRow>(&mut self, rows: &[R]) -> Result<(), ExportError> {
        let mut start = 0;
        while start < rows.len() {
            let date = rows[start].date();
            let len = rows[start..].iter().take_while(|r| r.date() == date).count();
            if self.current.as_ref().is_none_or(|(open, _)| *open != date) {
                self.close_current()?;
                let writer = self.open(date)?;
                self.current = Some((date, writer));
            }
            if let Some((_, writer)) = self.current.as_mut() {
                writer.write(self.table, &self.schema, &rows[start..start + len])?;
            }
            start += len;
        }
        Ok(())
    }

    fn open(&mut self, date: Option<Date>) -> Result<PartWriter, ExportError> {
        let dir = self.dir.join(partition_name(date));
        fs::create_dir_all(&dir).map_err(|source| ExportError::Io { path: dir.clone(), source })?;
        let part = self.parts.entry(date).or_insert(0);
        let path = dir.join(format!("part-{part}.{}", self.format.extension()));
        *part += 1;
        PartWriter::create(self.format, path, &self.schema, columns(self.table))
    }

    fn close_current(&mut self) -> Result<(), ExportError> {
        match self.current.take() {
            Some((_, writer)) => writer.finish(),
            None => Ok(()),
        }
    }

    /// Closes the last file; returns the number of partitions written.
    fn finish(mut self) -> Result<u64, ExportError> {
        self.close_current()?;
        Ok(self.parts.len() as u64)
    }
}

/// One open partition file.
enum PartWriter {
    Parquet { path: PathBuf, writer: ArrowWriter<File> },
    Csv { path: PathBuf, writer: csv::Writer<BufWriter<File>> },
    Jsonl { path: PathBuf, writer: BufWriter<File> },
}

impl PartWriter {
    fn create(
        format: ExportFormat,
        path: PathBuf,
        schema: &SchemaRef,
        columns: &[Column],
    ) -> Result<PartWriter, ExportError> {
        let file = File::create(&path).map_err(|source| ExportError::Io { path: path.clone(), source })?;
        match format {
            ExportFormat::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
                    .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
                    .build();
                match ArrowWriter::try_new(file, schema.clone(), Some(props)) {
                    Ok(writer) => Ok(PartWriter::Parquet { path, writer }),
                    Err(source) => Err(ExportError::Parquet { path, source }),
                }
            }
            ExportFormat::Csv => {
                let mut writer = csv::Writer::from_writer(BufWriter::new(file));
                match writer.write_record(columns.iter().map(|c| c.name)) {
                    Ok(()) => Ok(PartWriter::Csv { path, writer }),
                    Err(source) => Err(ExportError::Csv { path, source }),
                }
            }
            ExportFormat::Jsonl => Ok(PartWriter::Jsonl { path, writer: BufWriter::new(file) }),
        }
    }

    fn write<R: ExportRow>(&mut self, table: ExportTable, schema: &SchemaRef, rows: &[R]) -> Result<(), ExportError> {
        let columns = columns(table);
        match self {
            PartWriter::Parquet { path, writer } => {
                let batch = record_batch(table, schema, rows)?;
                let parquet = |source| ExportError::Parquet { path: path.clone(), source };
                writer.write(&batch).map_err(parquet)
            }
            PartWriter::Csv { path, writer } => {
                let mut record = Vec::with_capacity(columns.len());
                for row in rows {
                    record.clear();
                    record.extend(row.cells().into_iter().map(csv_field));
                    writer.write_record(&record).map_err(|source| ExportError::Csv { path: path.clone(), source })?;
                }
                Ok(())
            }
            PartWriter::Jsonl { path, writer } => {
                for row in rows {
                    let object: serde_json::Map<String, serde_json::Value> = columns
                        .iter()
                        .zip(row.cells())
                        .map(|(c, cell)| (c.name.to_string(), json_value(cell)))
                        .collect();
                    let io = |source| ExportError::Io { path: path.clone(), source };
                    serde_json::to_writer(&mut *writer, &object).map_err(io::Error::from).map_err(io)?;
                    writer.write_all(b"\n").map_err(io)?;
                }
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<(), ExportError> {
        match self {
            PartWriter::Parquet { path, writer } => {
                writer.close().map(drop).map_err(|source| ExportError::Parquet { path, source })
            }
            PartWriter::Csv { path, mut writer } => {
                writer.flush().map_err(|source| ExportError::Io { path: path.clone(), source })?;
                let file =
                    writer.into_inner().map_err(|e| ExportError::Io { path: path.clone(), source: e.into_error() })?;
                finish_file(path, file)
            }
            PartWriter::Jsonl { path, writer } => finish_file(path, writer),
        }
    }
}

/// Flushes a buffered file and waits for it to reach the disk, so a finished export survives a crash.
fn finish_file(path: PathBuf, writer: BufWriter<File>) -> Result<(), ExportError> {
    let file = writer.into_inner().map_err(|e| ExportError::Io { path: path.clone(), source: e.into_error() })?;
    file.sync_all().map_err(|source| ExportError::Io { path, source })
}

/// Builds one Arrow batch of `rows` in the table's schema.
fn record_batch<R: ExportRow>(table: ExportTable, schema: &SchemaRef, rows: &[R]) -> Result<RecordBatch, ExportError> {
    let cells: Vec<Vec<Cell<'_>>> = rows.iter().map(ExportRow::cells).collect();
    let arrays: Vec<ArrayRef> = parquet_columns(table)
        .map(|(index, column)| -> ArrayRef {
            let values = cells.iter().map(|row| row.get(index).copied());
            match column.kind {
                ColumnType::Text => {
                    let mut b = StringBuilder::new();
                    values.for_each(|v| b.append_option(if let Some(Cell::Text(t)) = v { t } else { None }));
                    Arc::new(b.finish())
                }
                ColumnType::Integer => {
                    let mut b = Int64Builder::with_capacity(rows.len());
                    values.for_each(|v| b.append_option(if let Some(Cell::Integer(i)) = v { i } else { None }));
                    Arc::new(b.finish())
                }
                ColumnType::Float => {
                    let mut b = Float64Builder::with_capacity(rows.len());
                    values.for_each(|v| b.append_option(if let Some(Cell::Float(f)) = v { Some(f) } else { None }));
                    Arc::new(b.finish())
                }
                ColumnType::Date => {
                    let mut b = Date32Builder::with_capacity(rows.len());
                    values.for_each(|v| {
                        b.append_option(if let Some(Cell::Date(d)) = v { d.map(days_since_epoch) } else { None })
                    });
                    Arc::new(b.finish())
                }
            }
        })
        .collect();
    // A cell of the wrong type became NULL above; a NULL in a non-nullable column is refused here.
    RecordBatch::try_new(schema.clone(), arrays).map_err(|source| ExportError::Arrow { table: table.name(), source })
}

fn csv_field(cell: Cell<'_>) -> String {
    match cell {
        Cell::Text(t) => t.unwrap_or_default().to_string(),
        Cell::Integer(i) => i.map(|i| i.to_string()).unwrap_or_default(),
        Cell::Float(f) => format!("{f:?}"),
        Cell::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
    }
}

fn json_value(cell: Cell<'_>) -> serde_json::Value {
    use serde_json::Value;
    match cell {
        Cell::Text(t) => t.map_or(Value::Null, |t| Value::String(t.to_string())),
        Cell::Integer(i) => i.map_or(Value::Null, Value::from),
        Cell::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        Cell::Date(d) => d.map_or(Value::Null, |d| Value::String(d.to_string())),
    }
}

/// Refuses to replace a directory that does not look like an earlier export of ours.
fn check_replaceable(dir: &Path) -> Result<(), ExportError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(ExportError::Io { path: dir.to_path_buf(), source }),
    };
    for entry in entries {
        let entry = entry.map_err(|source| ExportError::Io { path: dir.to_path_buf(), source })?;
        let is_partition = entry.file_name().to_str().is_some_and(|name| name.starts_with("date="))
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_partition {
            return Err(ExportError::NotAnExport(dir.to_path_buf()));
        }
    }
    Ok(())
}

fn remove_dir(dir: &Path) -> Result<(), ExportError> {
    match fs::remove_dir_all(dir) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => {
            Err(ExportError::Io { path: dir.to_path_buf(), source: err })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::mention;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use redline_model::{ActorCode, AnnotatedArticle, CameoCode, Event};
    use redline_model::{Modality, Origin, Quote, QuoteKind, RuleRef, Span, Speaker, Taxonomy};

    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};

    /// An article with `n` events "Russia threatened Ukraine" (the last one without a target) and a quote.
    fn article(id: &str, date: Option<Date>, n: usize) -> AnnotatedArticle {
        let text = "Russia threatened Ukraine, \"we will respond\".";
        let events = (0..n)
            .map(|i| Event {
                source: mention(text, "Russia", "RUS"),
                target: (i + 1 < n).then(|| mention(text, "Ukraine", "UKR")),
                code: CameoCode::parse("1312").unwrap(),
                sentence: 0,
                evidence: Span::new(7, 17),
                date: None,
                rule: RuleRef { id: "verbs/13-threaten.txt:4".into(), pattern: "threatened".into() },
                modality: Modality::Asserted,
            })
            .collect();
        let quote_start = text.find("we").unwrap();
        AnnotatedArticle {
            id: id.into(),
            title: None,
            date,
            url: Some(format!("https://example.org/{id}")),
            text: text.into(),
            body_start: 0,
            dict_version: "2022.01.1".into(),
            origin: Origin { path: format!("{id}.txt"), line: None },
            mentions: vec![mention(text, "Russia", "RUS"), mention(text, "Ukraine", "UKR")],
            events,
            quotes: vec![Quote {
                span: Span::new(quote_start, quote_start + "we will respond".len()),
                kind: QuoteKind::Direct,
                speaker: Some(Speaker {
                    mention: Span::new(0, 6),
                    name: "Russia".into(),
                    code: ActorCode::parse("RUS").ok(),
                }),
                sentence: 0,
            }],
            sentences: Vec::new(),
            dates: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn day(d: i8) -> Option<Date> {
        Date::new(2022, 2, d).ok()
    }

    /// Three dated articles on two days and one undated: 2 + 3 + 1 + 1 events.
    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let articles =
            [article("a", day(24), 2), article("b", day(24), 3), article("c", day(25), 1), article("u", None, 1)];
        store.write_batch(&articles, &Taxonomy::standard()).unwrap();
        store
    }

    fn config(format: ExportFormat) -> ExportConfig {
        ExportConfig { format, page_size: 2, ..ExportConfig::default() }
    }

    fn read_parquet(path: &Path) -> Vec<RecordBatch> {
        let file = File::open(path).unwrap();
        ParquetRecordBatchReaderBuilder::try_new(file).unwrap().build().unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn parquet_partitions_read_back_with_the_documented_schema() {
        let store = store();
        let out = tempfile::tempdir().unwrap();
        let done = export(&store, out.path(), &config(ExportFormat::Parquet)).unwrap();
        let summary: Vec<_> = done.iter().map(|t| (t.table.name(), t.rows, t.partitions)).collect();
        assert_eq!(&summary[..3], [("events", 7, 3), ("quotes", 4, 3), ("articles", 4, 3)]);
        // The four articles have the same text: however they are grouped, the stories hold all four.
        let stories = read_parquet(&out.path().join("stories/date=2022-02-24/part-0.parquet"));
        let members = stories[0].column_by_name("articles").unwrap().as_primitive::<Int64Type>().value(0);
        assert_eq!(
            (summary[3].0, stories[0].column_by_name("first_article").unwrap().as_string::<i32>().value(0)),
            ("stories", "a")
        );
        assert!((1..=4).contains(&members), "{members}");

        let day24 = read_parquet(&out.path().join("events/date=2022-02-24/part-0.parquet"));
        // Five rows written in pages of two come back as one row group.
        assert_eq!(day24.len(), 1);
        let batch = &day24[0];
        assert_eq!(batch.schema(), arrow_schema(ExportTable::Events));
        assert_eq!(batch.num_rows(), 5);
        let column = |name: &str| batch.column_by_name(name).unwrap().clone();
        let ids = column("article_id");
        let ids: Vec<&str> = ids.as_string::<i32>().iter().map(Option::unwrap).collect();
        assert_eq!(ids, ["a", "a", "b", "b", "b"]);
        assert_eq!(column("seq").as_primitive::<Int64Type>().values().to_vec(), [0, 1, 0, 1, 2]);
        // The date is the directory's, not a column of the file.
        assert!(batch.column_by_name(PARTITION_COLUMN).is_none());
        assert_eq!(batch.num_columns(), EVENT_COLUMNS.len() - 1);
        assert_eq!(column("goldstein").as_primitive::<Float64Type>().value(0), -5.8);
        assert_eq!(column("plover").as_string::<i32>().value(0), "THREATEN");
        assert_eq!(column("evidence_text").as_string::<i32>().value(0), "threatened");
        assert_eq!(column("rule_id").as_string::<i32>().value(0), "verbs/13-threaten.txt:4");
        assert_eq!(column("dict_version").as_string::<i32>().value(0), "2022.01.1");
        // The last event of each article has no target: NULL, not "".
        let targets = column("target_code");
        assert_eq!((targets.is_null(1), targets.is_null(0)), (true, false));

        let undated = read_parquet(&out.path().join("events/date=__HIVE_DEFAULT_PARTITION__/part-0.parquet"));
        assert_eq!(undated[0].num_rows(), 1);
        assert_eq!(undated[0].column_by_name("article_id").unwrap().as_string::<i32>().value(0), "u");
        let quotes = read_parquet(&out.path().join("quotes/date=2022-02-25/part-0.parquet"));
        assert_eq!(quotes[0].column_by_name("text").unwrap().as_string::<i32>().value(0), "we will respond");
        let articles = read_parquet(&out.path().join("articles/date=2022-02-24/part-0.parquet"));
        assert_eq!(articles.iter().map(RecordBatch::num_rows).sum::<usize>(), 2);
        assert!(fs::read_to_string(out.path().join("schema.md")).unwrap().contains("| `evidence_text` | STRING |"));
    }

    #[test]
    fn csv_and_jsonl_hold_the_same_rows() {
        let store = store();
        let out = tempfile::tempdir().unwrap();
        export(&store, &out.path().join("csv"), &config(ExportFormat::Csv)).unwrap();
        export(&store, &out.path().join("jsonl"), &config(ExportFormat::Jsonl)).unwrap();
        let csv_text = fs::read_to_string(out.path().join("csv/events/date=2022-02-24/part-0.csv")).unwrap();
        let mut lines = csv_text.lines();
        let header: Vec<&str> = EVENT_COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(lines.next(), Some(header.join(",").as_str()));
        let first = lines.next().unwrap();
        assert!(first.starts_with("a,0,0,2022-02-24,RUS,Russia,Russia,0,6,country,"), "{first}");
        assert!(first.contains(",1312,13,THREATEN,3,-5.8,7,17,threatened,"), "{first}");
        assert_eq!(lines.count(), 4);
        let jsonl = fs::read_to_string(out.path().join("jsonl/events/date=2022-02-24/part-0.jsonl")).unwrap();
        let rows: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[1]["target_code"], serde_json::Value::Null);
        assert_eq!(rows[0]["date"], "2022-02-24");
        assert_eq!(rows[0]["quad_class"], 3);
        assert_eq!(rows[0].as_object().map(|o| o.len()), Some(EVENT_COLUMNS.len()));
    }

    #[test]
    fn a_date_range_and_a_table_choice_limit_the_export_and_replace_the_previous_one() {
        let store = store();
        let out = tempfile::tempdir().unwrap();
        export(&store, out.path(), &config(ExportFormat::Jsonl)).unwrap();
        let narrow = ExportConfig {
            tables: vec![ExportTable::Events],
            range: DateRange { from: day(25), to: day(25) },
            ..config(ExportFormat::Jsonl)
        };
        let done = export(&store, out.path(), &narrow).unwrap();
        assert_eq!((done.len(), done[0].rows, done[0].partitions), (1, 1, 1));
        let partitions: Vec<String> = fs::read_dir(out.path().join("events"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(partitions, ["date=2022-02-25"]);
        // Quotes were not asked for: the earlier export of them is left as it was.
        assert!(out.path().join("quotes/date=2022-02-24/part-0.jsonl").exists());
        assert!(!out.path().join(".events.partial").exists());
    }

    #[test]
    fn an_empty_range_writes_an_empty_table_directory() {
        let store = store();
        let out = tempfile::tempdir().unwrap();
        let empty = ExportConfig {
            range: DateRange { from: Date::new(2030, 1, 1).ok(), to: None },
            ..config(ExportFormat::Parquet)
        };
        let done = export(&store, out.path(), &empty).unwrap();
        assert!(done.iter().all(|t| t.rows == 0 && t.partitions == 0));
        assert_eq!(fs::read_dir(out.path().join("events")).unwrap().count(), 0);
    }

    #[test]
    fn a_foreign_directory_is_not_replaced() {
        let store = store();
        let out = tempfile::tempdir().unwrap();
        fs::create_dir_all(out.path().join("events")).unwrap();
        fs::write(out.path().join("events/notes.txt"), "mine").unwrap();
        let err = export(&store, out.path(), &config(ExportFormat::Csv)).unwrap_err();
        assert!(matches!(err, ExportError::NotAnExport(_)), "{err}");
        assert_eq!(fs::read_to_string(out.path().join("events/notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn every_row_type_fills_its_columns_with_the_declared_types() {
        let store = store();
        let reader = store.export_reader().unwrap();
        let check = |table: ExportTable, cells: Vec<Cell<'_>>| {
            let columns = columns(table);
            assert_eq!(cells.len(), columns.len(), "{}", table.name());
            for (cell, column) in cells.iter().zip(columns) {
                let (kind, null) = match cell {
                    Cell::Text(t) => (ColumnType::Text, t.is_none()),
                    Cell::Integer(i) => (ColumnType::Integer, i.is_none()),
                    Cell::Float(_) => (ColumnType::Float, false),
                    Cell::Date(d) => (ColumnType::Date, d.is_none()),
                };
                assert_eq!(kind, column.kind, "{}.{}", table.name(), column.name);
                assert!(column.nullable || !null, "{}.{} is NULL", table.name(), column.name);
            }
        };
        let range = DateRange::default();
        let each = |table: ExportTable| {
            move |cells: Vec<Vec<Cell<'_>>>| {
                cells.into_iter().for_each(|row| check(table, row));
                Ok::<_, StoreError>(())
            }
        };
        reader.events(&range, 10, |p| each(ExportTable::Events)(p.iter().map(|r| r.cells()).collect())).unwrap();
        reader.quotes(&range, 10, |p| each(ExportTable::Quotes)(p.iter().map(|r| r.cells()).collect())).unwrap();
        reader.articles(&range, 10, |p| each(ExportTable::Articles)(p.iter().map(|r| r.cells()).collect())).unwrap();
        reader.stories(&range, 10, |p| each(ExportTable::Stories)(p.iter().map(|r| r.cells()).collect())).unwrap();
    }

    #[test]
    fn dates_count_days_from_the_unix_epoch() {
        let days = |y, m, d| days_since_epoch(Date::new(y, m, d).unwrap());
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(1969, 12, 31), -1);
        assert_eq!(days(2000, 3, 1), 11_017);
        assert_eq!(days(2022, 2, 24), 19_047);
        assert_eq!(days(2024, 2, 29), 19_782);
        assert_eq!(partition_name(None), "date=__HIVE_DEFAULT_PARTITION__");
    }
}
