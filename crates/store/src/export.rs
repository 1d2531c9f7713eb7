//! Export reads: the whole store, or a date range of it, streamed in pages from one consistent snapshot.
//!
//! [`Store::export_reader`] opens a read transaction: in WAL mode it sees the database as it was when the
//! first page was read, so an ingest running at the same time neither tears nor duplicates an export.
//! Each table is read by one query in `(date, article_id, seq)` order and handed to a sink a page at a
//! time, so memory is bounded by the page size, not by the store; a sink sees each date's rows together
//! (undated rows come first), which lets it write one partition after another.

use redline_model::Date;
use rusqlite::Transaction;
use rusqlite::types::Value;

use crate::query::{EVENT_COLUMNS, event_from_row, quote_from_row};
use crate::rows::{ArticleRow, EventRow, QuoteRow};
use crate::stories::StoryRow;
use crate::{Store, StoreError, parse_date, to_u32};

/// Which dates to export; both ends inclusive, either open. Rows without a date are kept only when
/// neither end is set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// First date to include.
    pub from: Option<Date>,
    /// Last date to include.
    pub to: Option<Date>,
}

impl DateRange {
    /// A `WHERE` clause over `column` and its values.
    fn clause(&self, column: &str) -> (String, Vec<Value>) {
        let mut clauses = Vec::new();
        let mut values = Vec::new();
        if let Some(from) = self.from {
            clauses.push(format!("{column} >= ?"));
            values.push(Value::Text(from.to_string()));
        }
        if let Some(to) = self.to {
            clauses.push(format!("{column} <= ?"));
            values.push(Value::Text(to.to_string()));
        }
        if clauses.is_empty() {
            return (String::new(), values);
        }
        (format!(" WHERE {}", clauses.join(" AND ")), values)
    }
}

/// A read snapshot of the store for export; dropping it ends the read transaction.
pub struct ExportReader<'a> {
    tx: Transaction<'a>,
}

impl std::fmt::Debug for ExportReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportReader").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens a consistent read snapshot for exporting (see the module documentation).
    pub fn export_reader(&self) -> Result<ExportReader<'_>, StoreError> {
        // A deferred transaction takes its snapshot at the first read; nothing is ever written in it.
        Ok(ExportReader { tx: self.conn.unchecked_transaction()? })
    }
}

impl ExportReader<'_> {
    /// Streams events in `range` (by event date) to `sink`, `page_size` rows at a time, ordered by date,
    /// article and position. Returns the number of rows; stops at the sink's first error.
    pub fn events<E: From<StoreError>>(
        &self,
        range: &DateRange,
        page_size: usize,
        sink: impl FnMut(Vec<EventRow>) -> Result<(), E>,
    ) -> Result<u64, E> {
        let (filter, values) = range.clause("date");
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events{filter} ORDER BY date, article_id, seq");
        self.stream(&sql, values, page_size, event_from_row, sink)
    }

    /// Streams quotations whose article was published in `range`, with the article's date, in the
    /// same order and manner as [`ExportReader::events`].
    pub fn quotes<E: From<StoreError>>(
        &self,
        range: &DateRange,
        page_size: usize,
        sink: impl FnMut(Vec<QuoteRow>) -> Result<(), E>,
    ) -> Result<u64, E> {
        let (filter, values) = range.clause("a.date");
        let sql = format!(
            "SELECT q.article_id, q.seq, a.date, q.sentence, q.start, q.\"end\", q.text, q.kind, q.speaker_name, \
             q.speaker_code, q.speaker_start, q.speaker_end FROM quotes q JOIN articles a ON a.id = q.article_id\
             {filter} ORDER BY a.date, q.article_id, q.seq"
        );
        self.stream(&sql, values, page_size, quote_from_row, sink)
    }

    /// Streams articles published in `range` (with their full clean text), ordered by date and id.
    pub fn articles<E: From<StoreError>>(
        &self,
        range: &DateRange,
        page_size: usize,
        sink: impl FnMut(Vec<ArticleRow>) -> Result<(), E>,
    ) -> Result<u64, E> {
        let (filter, values) = range.clause("date");
        let sql = format!(
            "SELECT id, title, date, url, text, body_start, content_hash, origin_path, origin_line, dict_version \
             FROM articles{filter} ORDER BY date, id"
        );
        self.stream(&sql, values, page_size, article_from_row, sink)
    }

    /// Streams stories first seen in `range` (groups of near-duplicate articles), ordered by first date and id.
    pub fn stories<E: From<StoreError>>(
        &self,
        range: &DateRange,
        page_size: usize,
        sink: impl FnMut(Vec<StoryRow>) -> Result<(), E>,
    ) -> Result<u64, E> {
        let (filter, values) = range.clause("first_seen");
        let sql = format!(
            "SELECT id, first_article, first_seen, articles, sources FROM stories{filter} ORDER BY first_seen, id"
        );
        self.stream(&sql, values, page_size, story_from_row, sink)
    }

    /// Whether the store has a table of this name (`stories` arrives with a later schema version).
    pub fn has_table(&self, name: &str) -> Result<bool, StoreError> {
        let n: i64 = self.tx.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |row| row.get(0),
        )?;
        Ok(n > 0)
    }

    fn stream<T, E: From<StoreError>>(
        &self,
        sql: &str,
        values: Vec<Value>,
        page_size: usize,
        convert: fn(&rusqlite::Row<'_>) -> Result<T, StoreError>,
        mut sink: impl FnMut(Vec<T>) -> Result<(), E>,
    ) -> Result<u64, E> {
        let page_size = page_size.max(1);
        let mut stmt = self.tx.prepare(sql).map_err(StoreError::from)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values)).map_err(StoreError::from)?;
        let mut page = Vec::with_capacity(page_size);
        let mut total = 0u64;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            page.push(convert(row)?);
            total += 1;
            if page.len() == page_size {
                sink(std::mem::replace(&mut page, Vec::with_capacity(page_size)))?;
            }
        }
        if !page.is_empty() {
            sink(page)?;
        }
        Ok(total)
    }
}

fn story_from_row(row: &rusqlite::Row<'_>) -> Result<StoryRow, StoreError> {
    let count = |index: usize, column: &'static str| -> Result<u64, StoreError> {
        let n: i64 = row.get(index)?;
        u64::try_from(n).map_err(|_| StoreError::Malformed { column, value: n.to_string() })
    };
    Ok(StoryRow {
        id: row.get(0)?,
        first_article: row.get(1)?,
        first_seen: parse_date("stories.first_seen", row.get(2)?)?,
        articles: count(3, "stories.articles")?,
        sources: count(4, "stories.sources")?,
    })
}

fn article_from_row(row: &rusqlite::Row<'_>) -> Result<ArticleRow, StoreError> {
    Ok(ArticleRow {
        id: row.get(0)?,
        title: row.get(1)?,
        date: parse_date("articles.date", row.get(2)?)?,
        url: row.get(3)?,
        text: row.get(4)?,
        body_start: to_u32("articles.body_start", row.get(5)?)?,
        content_hash: row.get(6)?,
        origin_path: row.get(7)?,
        origin_line: row.get::<_, Option<i64>>(8)?.map(|l| to_u32("articles.origin_line", l)).transpose()?,
        dict_version: row.get(9)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{article, event, quote};
    use redline_model::{AnnotatedArticle, Taxonomy};

    fn dated(id: &str, date: Option<(i16, i8, i8)>, events: usize) -> AnnotatedArticle {
        let specs = (0..events).map(|_| event(("Russia", "RUS"), "threatened", Some(("Ukraine", "UKR")), "1312"));
        let mut a = article(id, "Russia threatened Ukraine.", specs.collect());
        a.date = date.and_then(|(y, m, d)| Date::new(y, m, d).ok());
        quote(&mut a, "threatened Ukraine", None);
        a
    }

    fn store() -> Store {
        let articles = vec![
            dated("b", Some((2022, 2, 24)), 2),
            dated("a", Some((2022, 2, 24)), 1),
            dated("c", Some((2021, 11, 14)), 3),
            dated("u", None, 1),
        ];
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&articles, &Taxonomy::standard()).unwrap();
        store
    }

    #[test]
    fn events_come_in_pages_ordered_by_date_article_and_position() {
        let store = store();
        let reader = store.export_reader().unwrap();
        let mut pages = Vec::new();
        let total = reader
            .events(&DateRange::default(), 3, |page| {
                pages.push(page.iter().map(|e| format!("{}{}", e.article_id, e.seq)).collect::<Vec<_>>());
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(total, 7);
        assert_eq!(pages, [vec!["u0", "c0", "c1"], vec!["c2", "a0", "b0"], vec!["b1"]]);
    }

    #[test]
    fn date_range_filters_each_table_and_drops_undated_rows() {
        let store = store();
        let reader = store.export_reader().unwrap();
        let range = DateRange { from: Date::new(2022, 1, 1).ok(), to: None };
        let mut events = Vec::new();
        reader
            .events(&range, 100, |page| {
                events.extend(page);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(events.iter().map(|e| e.article_id.as_str()).collect::<Vec<_>>(), ["a", "b", "b"]);
        assert!(events.iter().all(|e| e.date == Date::new(2022, 2, 24).ok() && e.cameo == "1312"));
        let mut quotes = Vec::new();
        reader
            .quotes(&range, 1, |page| {
                quotes.extend(page);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(quotes.iter().map(|q| q.text.as_str()).collect::<Vec<_>>(), ["threatened Ukraine"; 2]);
        assert_eq!(quotes[0].date, Date::new(2022, 2, 24).ok());
        let mut articles = Vec::new();
        let range = DateRange { from: None, to: Date::new(2021, 12, 31).ok() };
        reader
            .articles(&range, 1, |page| {
                articles.extend(page);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["c"]);
        assert_eq!(articles[0].text, "Russia threatened Ukraine.");
        // Every article is in exactly one story, however the near-duplicates were grouped.
        let mut stories = Vec::new();
        reader
            .stories(&DateRange::default(), 1, |page| {
                stories.extend(page);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(stories.iter().map(|s| s.articles).sum::<u64>(), 4);
        let mut early = Vec::new();
        reader
            .stories(&range, 1, |page| {
                early.extend(page);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert!(!early.is_empty() && early.len() < stories.len() + 1);
        assert!(early.iter().all(|s| s.first_seen.is_some_and(|d| d <= Date::new(2021, 12, 31).unwrap())));
    }

    #[test]
    fn a_sink_error_stops_the_stream() {
        #[derive(Debug)]
        enum Stop {
            Here,
            Store,
        }
        impl From<StoreError> for Stop {
            fn from(_: StoreError) -> Stop {
                Stop::Store
            }
        }
        let store = store();
        let reader = store.export_reader().unwrap();
        let mut calls = 0;
        let result = reader.events(&DateRange::default(), 2, |_| {
            calls += 1;
            Err(Stop::Here)
        });
        assert!(matches!(result, Err(Stop::Here)));
        assert_eq!(calls, 1);
    }

    #[test]
    fn the_snapshot_does_not_see_later_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("redline.db");
        let mut writer = Store::open(&path).unwrap();
        writer.write_batch(&[dated("a", Some((2022, 2, 24)), 1)], &Taxonomy::standard()).unwrap();
        let store = Store::open(&path).unwrap();
        let reader = store.export_reader().unwrap();
        let mut seen = 0;
        reader
            .articles(&DateRange::default(), 10, |page| {
                seen += page.len();
                Ok::<_, StoreError>(())
            })
            .unwrap();
        writer.write_batch(&[dated("b", Some((2022, 2, 25)), 1)], &Taxonomy::standard()).unwrap();
        let mut events = 0;
        reader
            .events(&DateRange::default(), 10, |page| {
                events += page.len();
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!((seen, events), (1, 1));
        assert!(!reader.has_table("no_such_table").unwrap());
        assert!(reader.has_table("articles").unwrap());
        drop(reader);
        assert_eq!(store.counts().unwrap().articles, 2);
    }
}
