//! Paged reads for the HTTP API: totals for the event and quotation filters, quotations with an offset,
//! stories in a date range, an article's header, story members and quotations, and the stored date span.
//!
//! The WHERE clauses are `query.rs`'s own (`event_conditions`, `quote_conditions`), so a page and its
//! total always describe the same rows as [`Store::events`]. User text is only ever bound.

use redline_model::Date;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use crate::export::DateRange;
use crate::query::{
    Conditions, EventFilter, QuoteFilter, date_value, event_conditions, quote_conditions, quote_from_row,
};
use crate::rows::QuoteRow;
use crate::stories::StoryRow;
use crate::{Store, StoreError, parse_date};

/// What a list of articles shows about each: everything but the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleHeader {
    /// The article's stable id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Where it was published.
    pub url: Option<String>,
    /// URL host, lower case, without `www.`.
    pub source_host: Option<String>,
    /// The story it belongs to.
    pub story_id: Option<String>,
}

/// Stored publication dates: the earliest and the latest (both `None` for an empty store).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateSpan {
    /// Earliest article date.
    pub first: Option<Date>,
    /// Latest article date.
    pub last: Option<Date>,
}

fn story_where(range: &DateRange) -> Conditions {
    let mut w = Conditions::default();
    if let Some(from) = range.from {
        w.push("first_seen >= ?", [date_value(from)]);
    }
    if let Some(to) = range.to {
        w.push("first_seen <= ?", [date_value(to)]);
    }
    w
}

const QUOTE_SELECT: &str = "SELECT q.article_id, q.seq, a.date, q.sentence, q.start, q.\"end\", q.text, q.kind, \
    q.speaker_name, q.speaker_code, q.speaker_start, q.speaker_end FROM quotes q JOIN articles a ON a.id = q.article_id";

impl Store {
    /// How many events match `filter`, ignoring its `limit` and `offset`: the total behind a page of [`Store::events`].
    pub fn count_events(&self, filter: &EventFilter) -> Result<u64, StoreError> {
        let w = event_conditions(filter);
        self.count(&format!("SELECT count(*) FROM events{}", w.sql()), w.values)
    }

    /// How many quotations match `filter`, ignoring its `limit`.
    pub fn count_quotes(&self, filter: &QuoteFilter) -> Result<u64, StoreError> {
        let w = quote_conditions(filter);
        self.count(
            &format!("SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id{}", w.sql()),
            w.values,
        )
    }

    /// Quotations matching `filter` in the order of [`Store::quotes`], skipping the first `offset`.
    pub fn quotes_page(&self, filter: &QuoteFilter, offset: u32) -> Result<Vec<QuoteRow>, StoreError> {
        let w = quote_conditions(filter);
        let sql = format!("{QUOTE_SELECT}{} ORDER BY a.date, q.article_id, q.seq LIMIT ? OFFSET ?", w.sql());
        let mut values = w.values;
        values.push(Value::Integer(filter.limit.map_or(-1, i64::from)));
        values.push(Value::Integer(i64::from(offset)));
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(values))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(quote_from_row(row)?);
        }
        Ok(out)
    }

    /// Every quotation of one article, in text order.
    pub fn article_quotes(&self, article_id: &str) -> Result<Vec<QuoteRow>, StoreError> {
        let sql = format!("{QUOTE_SELECT} WHERE q.article_id = ?1 ORDER BY q.seq");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([article_id])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(quote_from_row(row)?);
        }
        Ok(out)
    }

    /// The headers of the stored articles among `ids`, in the order of `ids` (unknown ids are left out).
    pub fn article_headers(&self, ids: &[&str]) -> Result<Vec<ArticleHeader>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, title, date, url, source_host, story_id FROM articles WHERE id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row = stmt.query_row([id], header_columns).optional()?;
            if let Some(row) = row {
                out.push(header_from(row)?);
            }
        }
        Ok(out)
    }

    /// The articles of one story, earliest first (then by id).
    pub fn story_members(&self, story_id: &str) -> Result<Vec<ArticleHeader>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, title, date, url, source_host, story_id FROM articles WHERE story_id = ?1 \
             ORDER BY date IS NULL, date, id",
        )?;
        let rows = stmt.query_map([story_id], header_columns)?;
        rows.map(|row| header_from(row?)).collect()
    }

    /// Stories first seen within `range`, most articles first (as [`Store::stories`]), a page at a time.
    pub fn stories_page(&self, range: &DateRange, limit: u32, offset: u32) -> Result<Vec<StoryRow>, StoreError> {
        let w = story_where(range);
        let clause = w.sql();
        let mut values = w.values;
        values.push(Value::Integer(i64::from(limit)));
        values.push(Value::Integer(i64::from(offset)));
        self.stories_where(&clause, params_from_iter(values), " LIMIT ? OFFSET ?")
    }

    /// How many stories were first seen within `range`.
    pub fn count_stories(&self, range: &DateRange) -> Result<u64, StoreError> {
        let w = story_where(range);
        self.count(&format!("SELECT count(*) FROM stories{}", w.sql()), w.values)
    }

    /// The earliest and latest stored publication dates.
    pub fn date_span(&self) -> Result<DateSpan, StoreError> {
        let (first, last) = self.conn.query_row("SELECT min(date), max(date) FROM articles", [], |row| {
            Ok((row.get::<_, Option<String>>(0)?, row.get::<_, Option<String>>(1)?))
        })?;
        Ok(DateSpan { first: parse_date("articles.date", first)?, last: parse_date("articles.date", last)? })
    }

    fn count(&self, sql: &str, values: Vec<Value>) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(sql, params_from_iter(values), |row| row.get(0))?;
        Ok(n.max(0) as u64)
    }
}

type HeaderColumns = (String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

fn header_columns(row: &rusqlite::Row<'_>) -> rusqlite::Result<HeaderColumns> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
}

fn header_from((id, title, date, url, source_host, story_id): HeaderColumns) -> Result<ArticleHeader, StoreError> {
    Ok(ArticleHeader { id, title, date: parse_date("articles.date", date)?, url, source_host, story_id })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Dyad;
    use crate::test_support::{article, event, kremlin_threat, quote};
    use redline_model::{AnnotatedArticle, Taxonomy};

    fn store() -> Store {
        let mut articles: Vec<AnnotatedArticle> = Vec::new();
        let mut a = kremlin_threat();
        a.date = Date::new(2021, 11, 14).ok();
        articles.push(a);
        let mut b = article(
            "b",
            "Russia invaded Ukraine. Ukraine appealed to Russia.",
            vec![
                event(("Russia", "RUS"), "invaded", Some(("Ukraine", "UKR")), "190"),
                event(("Ukraine", "UKR"), "appealed", Some(("Russia", "RUS")), "020"),
            ],
        );
        b.date = Date::new(2022, 2, 24).ok();
        b.url = Some("https://www.example.org/b".into());
        quote(&mut b, "invaded Ukraine", Some(("Russia", "Vladimir Putin", Some("RUSGOV"))));
        quote(&mut b, "appealed to Russia", None);
        articles.push(b);
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&articles, &Taxonomy::standard()).unwrap();
        store
    }

    #[test]
    fn event_totals_agree_with_the_rows() {
        let store = store();
        let filters = [
            EventFilter::default(),
            EventFilter { actor: Some("rus".into()), ..EventFilter::default() },
            EventFilter { dyad: Some(Dyad { source: "RUS".into(), target: "UKR".into() }), ..EventFilter::default() },
            EventFilter {
                dyad: Some(Dyad { source: "RUS".into(), target: "UKR".into() }),
                undirected: true,
                ..EventFilter::default()
            },
            EventFilter { roots: vec!["2".into(), "19".into()], ..EventFilter::default() },
            EventFilter { plover: Some("assault".into()), ..EventFilter::default() },
            EventFilter { from: Date::new(2022, 1, 1).ok(), ..EventFilter::default() },
            EventFilter { to: Date::new(2022, 1, 1).ok(), article_id: Some("a".into()), ..EventFilter::default() },
            EventFilter { actor: Some("CHN".into()), ..EventFilter::default() },
        ];
        let expected = [4, 4, 2, 4, 2, 1, 2, 2, 0];
        for (filter, want) in filters.iter().zip(expected) {
            assert_eq!(store.count_events(filter).unwrap(), want, "{filter:?}");
            assert_eq!(store.events(filter).unwrap().len() as u64, want, "{filter:?}");
        }
        // The total ignores paging.
        let paged = EventFilter { limit: Some(1), offset: 3, ..EventFilter::default() };
        assert_eq!(store.count_events(&paged).unwrap(), 4);
    }

    #[test]
    fn quotes_page_and_count() {
        let store = store();
        let all = QuoteFilter::default();
        assert_eq!(store.count_quotes(&all).unwrap(), 3);
        let page = QuoteFilter { limit: Some(2), ..QuoteFilter::default() };
        let texts = |rows: Vec<QuoteRow>| rows.into_iter().map(|q| q.text).collect::<Vec<_>>();
        assert_eq!(texts(store.quotes_page(&page, 1).unwrap()), ["invaded Ukraine", "appealed to Russia"]);
        assert!(store.quotes_page(&page, 3).unwrap().is_empty());
        let putin = QuoteFilter { speaker: Some("putin".into()), ..QuoteFilter::default() };
        assert_eq!(store.count_quotes(&putin).unwrap(), 1);
        assert_eq!(texts(store.article_quotes("b").unwrap()), ["invaded Ukraine", "appealed to Russia"]);
        assert!(store.article_quotes("zzz").unwrap().is_empty());
    }

    #[test]
    fn headers_members_stories_and_span() {
        let store = store();
        let headers = store.article_headers(&["b", "missing", "a"]).unwrap();
        assert_eq!(headers.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(headers[0].source_host.as_deref(), Some("example.org"));
        assert_eq!(headers[0].story_id.as_deref(), Some("b"));
        assert_eq!(store.story_members("a").unwrap().len(), 1);
        assert!(store.story_members("nope").unwrap().is_empty());
        let all = DateRange::default();
        assert_eq!(store.count_stories(&all).unwrap(), 2);
        assert_eq!(store.stories_page(&all, 1, 1).unwrap().len(), 1);
        let late = DateRange { from: Date::new(2022, 1, 1).ok(), to: None };
        assert_eq!(store.count_stories(&late).unwrap(), 1);
        assert_eq!(store.stories_page(&late, 10, 0).unwrap()[0].id, "b");
        let span = store.date_span().unwrap();
        assert_eq!((span.first, span.last), (Date::new(2021, 11, 14).ok(), Date::new(2022, 2, 24).ok()));
        assert_eq!(Store::open_in_memory().unwrap().date_span().unwrap(), DateSpan::default());
    }
}
