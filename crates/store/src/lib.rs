//! redline's embedded SQLite store: the only crate that knows SQL or the on-disk format.
//!
//! [`Store::open`] creates or migrates a database file (schema version in `PRAGMA user_version`,
//! WAL journal). [`Store::write_batch`] writes coded articles in one transaction, skipping articles
//! it already holds unchanged and replacing edited ones, so ingesting the same input twice never
//! duplicates anything. The queries ([`Store::events`], [`Store::quotes`], [`Store::counts`]) return
//! the store's own row types ([`EventRow`], [`QuoteRow`], ...), never domain types.

mod export;
mod query;
mod resume;
mod rows;
mod schema;
mod stories;
mod summary;
#[cfg(test)]
mod test_support;

use std::path::Path;

use redline_model::{AnnotatedArticle, Date, Taxonomy};
use redline_story::{Fingerprint, article_fingerprint};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

pub use export::{DateRange, ExportReader};
pub use query::{Dyad, DyadError, EventFilter, QuoteFilter};
pub use resume::{RawHashRecord, raw_hash};
pub use rows::{ActorRow, ArticleRow, ArticleRows, EventRow, MentionRow, QuoteRow, content_hash};
pub use schema::{MIGRATIONS, SCHEMA_VERSION};
pub use stories::{StoryEventRow, StoryRow};
pub use summary::{ArticleStat, DyadStat};

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused an operation (file not writable, disk full, locked, corrupt, ...).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration script failed; the database stays at the previous version.
    #[error("migration to schema version {version} failed: {source}")]
    Migration {
        /// The version the script would have produced.
        version: u32,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file was written by a newer redline whose schema this build does not know.
    #[error("database schema version {found} is newer than this build supports ({supported}); upgrade redline")]
    SchemaTooNew {
        /// Version found in the file.
        found: u32,
        /// Latest version this build knows.
        supported: u32,
    },
    /// A coded article holds a span that does not slice its text: storing it would show wrong evidence.
    #[error("article {article:?}: {what} span {start}..{end} does not fall on the text (length {text_len})")]
    SpanOutsideText {
        /// Article id.
        article: String,
        /// Which kind of span.
        what: &'static str,
        /// Span start.
        start: u32,
        /// Span end.
        end: u32,
        /// Length of the article's text in bytes.
        text_len: usize,
    },
    /// A stored value could not be read back (a date that is not `YYYY-MM-DD`, a negative offset).
    #[error("stored value in {column} is malformed: {value:?}")]
    Malformed {
        /// Column name.
        column: &'static str,
        /// The value as found.
        value: String,
    },
}

/// What one [`Store::write_batch`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Articles not seen before.
    pub inserted: u64,
    /// Articles already stored with the same content and dictionary version: left as they were.
    pub unchanged: u64,
    /// Articles stored before with different content or dictionary version: their rows were replaced.
    pub replaced: u64,
    /// Events written (by inserted and replaced articles).
    pub events: u64,
    /// Quotes written.
    pub quotes: u64,
    /// Actor mentions written.
    pub mentions: u64,
    /// Written articles (inserted or replaced) that started a new story.
    pub stories_started: u64,
    /// Written articles that joined an existing story as a near-duplicate.
    pub stories_joined: u64,
}

impl BatchSummary {
    /// Adds another summary to this one.
    pub fn add(&mut self, other: BatchSummary) {
        self.inserted += other.inserted;
        self.unchanged += other.unchanged;
        self.replaced += other.replaced;
        self.events += other.events;
        self.quotes += other.quotes;
        self.mentions += other.mentions;
        self.stories_started += other.stories_started;
        self.stories_joined += other.stories_joined;
    }
}

/// How many rows each table holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Stored articles.
    pub articles: u64,
    /// Stored events.
    pub events: u64,
    /// Stored quotations.
    pub quotes: u64,
    /// Stored actor mentions.
    pub mentions: u64,
}

/// An open redline database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens the database at `path`, creating it if needed, and migrates it to [`SCHEMA_VERSION`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Store::configure(conn)
    }

    /// An in-memory database, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::configure(Connection::open_in_memory()?)
    }

    fn configure(mut conn: Connection) -> Result<Store, StoreError> {
        // WAL lets readers (a server, a second CLI) query while one writer ingests.
        let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let before = schema::schema_version(&conn)?;
        schema::migrate(&mut conn)?;
        if before < stories::STORIES_SINCE {
            // Articles stored before stories existed are placed in stories once, in the order they were stored.
            stories::backfill(&mut conn)?;
        }
        Ok(Store { conn })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        schema::schema_version(&self.conn)
    }

    /// Writes coded articles in one transaction: all of them or, on error, none.
    ///
    /// An article whose id is stored with the same content hash and dictionary version is skipped
    /// (`unchanged`); with a different hash or version, its old events, quotes and mentions are
    /// deleted and the new ones written (`replaced`); otherwise it is `inserted`. `taxonomy` gives each
    /// event its PLOVER type, quad class and Goldstein value. Every written article is placed in a story
    /// (see [`Store::write_fingerprinted`]); its fingerprint is computed here.
    pub fn write_batch(
        &mut self,
        articles: &[AnnotatedArticle],
        taxonomy: &Taxonomy,
    ) -> Result<BatchSummary, StoreError> {
        let fingerprints: Vec<Fingerprint> = articles.iter().map(article_fingerprint).collect();
        self.write_fingerprinted(articles.iter().zip(&fingerprints), taxonomy)
    }

    /// [`Store::write_batch`] with each article's fingerprint ([`redline_story::article_fingerprint`]) computed
    /// by the caller, so that the parallel stage does the hashing and the single writer only the assignment.
    ///
    /// In the same transaction, each written article joins the story of its closest stored near-duplicate
    /// (candidates found by LSH band key, confirmed by [`redline_story::same_story`]) or starts a story whose id
    /// is its own id; the story's article and source counts are recomputed from its members, so unchanged
    /// articles written again change no count.
    pub fn write_fingerprinted<'a>(
        &mut self,
        batch: impl IntoIterator<Item = (&'a AnnotatedArticle, &'a Fingerprint)>,
        taxonomy: &Taxonomy,
    ) -> Result<BatchSummary, StoreError> {
        let tx = self.conn.transaction()?;
        let mut summary = BatchSummary::default();
        for (article, fingerprint) in batch {
            let rows = ArticleRows::from_article(article, taxonomy)?;
            let stored: Option<(String, String)> = tx
                .query_row("SELECT content_hash, dict_version FROM articles WHERE id = ?1", [&rows.article.id], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()?;
            match stored {
                Some((hash, version)) if hash == rows.article.content_hash && version == rows.article.dict_version => {
                    summary.unchanged += 1;
                    continue;
                }
                Some(_) => {
                    delete_article(&tx, &rows.article.id)?;
                    summary.replaced += 1;
                }
                None => summary.inserted += 1,
            }
            insert_rows(&tx, &rows)?;
            match stories::place(&tx, &rows.article, fingerprint)? {
                stories::Placement::Joined => summary.stories_joined += 1,
                stories::Placement::Started => summary.stories_started += 1,
            }
            summary.events += rows.events.len() as u64;
            summary.quotes += rows.quotes.len() as u64;
            summary.mentions += rows.mentions.len() as u64;
        }
        tx.commit()?;
        Ok(summary)
    }

    /// Row counts of every table.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let count = |table: &str| -> Result<u64, StoreError> {
            let n: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))?;
            Ok(n.max(0) as u64)
        };
        Ok(Counts {
            articles: count("articles")?,
            events: count("events")?,
            quotes: count("quotes")?,
            mentions: count("mentions")?,
        })
    }

    /// Event and quotation counts per stored article, by date.
    pub fn article_stats(&self) -> Result<Vec<summary::ArticleStat>, StoreError> {
        summary::article_stats(&self.conn)
    }

    /// The `limit` dyads with most events (country or organisation level, self-dyads left out).
    pub fn dyad_stats(&self, limit: u32) -> Result<Vec<summary::DyadStat>, StoreError> {
        summary::dyad_stats(&self.conn, limit)
    }

    /// The stored article with this id.
    pub fn article(&self, id: &str) -> Result<Option<ArticleRow>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, title, date, url, text, body_start, content_hash, origin_path, origin_line, dict_version \
                 FROM articles WHERE id = ?1",
                [id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, Option<String>>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, Option<String>>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, i64>(5)?,
                        row.get::<_, String>(6)?,
                        row.get::<_, String>(7)?,
                        row.get::<_, Option<i64>>(8)?,
                        row.get::<_, String>(9)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, title, date, url, text, body_start, content_hash, origin_path, origin_line, dict_version)) = row
        else {
            return Ok(None);
        };
        Ok(Some(ArticleRow {
            id,
            title,
            date: parse_date("articles.date", date)?,
            url,
            text,
            body_start: to_u32("articles.body_start", body_start)?,
            content_hash,
            origin_path,
            origin_line: origin_line.map(|l| to_u32("articles.origin_line", l)).transpose()?,
            dict_version,
        }))
    }

    /// The stored mentions of one article, in text order.
    pub fn mentions(&self, article_id: &str) -> Result<Vec<MentionRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT article_id, seq, start, \"end\", code, name, kind, entry, sentence \
             FROM mentions WHERE article_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([article_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
                row.get::<_, i64>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (article_id, seq, start, end, code, name, kind, entry, sentence) = row?;
            out.push(MentionRow {
                article_id,
                seq: to_u32("mentions.seq", seq)?,
                start: to_u32("mentions.start", start)?,
                end: to_u32("mentions.end", end)?,
                code,
                name,
                kind,
                entry,
                sentence: to_u32("mentions.sentence", sentence)?,
            });
        }
        Ok(out)
    }
}

fn delete_article(tx: &Transaction<'_>, id: &str) -> Result<(), StoreError> {
    let story = stories::story_of(tx, id)?;
    for sql in [
        "DELETE FROM events WHERE article_id = ?1",
        "DELETE FROM quotes WHERE article_id = ?1",
        "DELETE FROM mentions WHERE article_id = ?1",
        "DELETE FROM articles WHERE id = ?1",
    ] {
        tx.execute(sql, [id])?;
    }
    // Its band keys go with it (ON DELETE CASCADE); its story loses a member.
    if let Some(story) = story {
        stories::refresh(tx, &story)?;
    }
    Ok(())
}

fn insert_rows(tx: &Transaction<'_>, rows: &ArticleRows) -> Result<(), StoreError> {
    let a = &rows.article;
    tx.prepare_cached(
        "INSERT INTO articles (id, title, date, url, text, body_start, content_hash, origin_path, origin_line, \
         dict_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        a.id,
        a.title,
        a.date.map(|d| d.to_string()),
        a.url,
        a.text,
        a.body_start,
        a.content_hash,
        a.origin_path,
        a.origin_line,
        a.dict_version
    ])?;
    let mut insert_event = tx.prepare_cached(
        "INSERT INTO events (article_id, seq, sentence, date, source_code, source_name, source_text, source_start, \
         source_end, source_kind, source_entry, target_code, target_name, target_text, target_start, target_end, \
         target_kind, target_entry, cameo, root, plover, quad_class, goldstein, evidence_start, evidence_end, \
         evidence_text, rule_id, rule_pattern, modality, dict_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, \
         ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
    )?;
    for e in &rows.events {
        let t = e.target.as_ref();
        insert_event.execute(params![
            e.article_id,
            e.seq,
            e.sentence,
            e.date.map(|d| d.to_string()),
            e.source.code,
            e.source.name,
            e.source.text,
            e.source.start,
            e.source.end,
            e.source.kind,
            e.source.entry,
            t.map(|t| &t.code),
            t.map(|t| &t.name),
            t.map(|t| &t.text),
            t.map(|t| t.start),
            t.map(|t| t.end),
            t.map(|t| &t.kind),
            t.map(|t| &t.entry),
            e.cameo,
            e.root,
            e.plover,
            e.quad_class,
            e.goldstein,
            e.evidence_start,
            e.evidence_end,
            e.evidence_text,
            e.rule_id,
            e.rule_pattern,
            e.modality,
            e.dict_version
        ])?;
    }
    let mut insert_quote = tx.prepare_cached(
        "INSERT INTO quotes (article_id, seq, sentence, start, \"end\", text, kind, speaker_name, speaker_code, \
         speaker_start, speaker_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for q in &rows.quotes {
        insert_quote.execute(params![
            q.article_id,
            q.seq,
            q.sentence,
            q.start,
            q.end,
            q.text,
            q.kind,
            q.speaker_name,
            q.speaker_code,
            q.speaker_start,
            q.speaker_end
        ])?;
    }
    let mut insert_mention = tx.prepare_cached(
        "INSERT INTO mentions (article_id, seq, start, \"end\", code, name, kind, entry, sentence) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for m in &rows.mentions {
        insert_mention.execute(params![
            m.article_id,
            m.seq,
            m.start,
            m.end,
            m.code,
            m.name,
            m.kind,
            m.entry,
            m.sentence
        ])?;
    }
    Ok(())
}

/// Reads back a stored `YYYY-MM-DD` date.
pub(crate) fn parse_date(column: &'static str, value: Option<String>) -> Result<Option<Date>, StoreError> {
    match value {
        None => Ok(None),
        Some(text) => text.parse::<Date>().map(Some).map_err(|_| StoreError::Malformed { column, value: text }),
    }
}

/// Reads back a stored offset, count or index.
pub(crate) fn to_u32(column: &'static str, value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| StoreError::Malformed { column, value: value.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{article, event, quote};

    fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("redline.db")).unwrap();
        (dir, store)
    }

    fn two_articles() -> Vec<AnnotatedArticle> {
        let mut a = article(
            "a1",
            "Russia threatened Ukraine. NATO warned Russia.",
            vec![
                event(("Russia", "RUS"), "threatened", Some(("Ukraine", "UKR")), "1312"),
                event(("NATO", "IGOWSTNAT"), "warned", Some(("Russia.", "RUS")), "130"),
            ],
        );
        quote(&mut a, "threatened Ukraine", Some(("NATO", "NATO", Some("IGOWSTNAT"))));
        let b = article(
            "b1",
            "The Kremlin met Kiev.",
            vec![event(("The Kremlin", "RUSGOV"), "met", Some(("Kiev", "UKR")), "040")],
        );
        vec![a, b]
    }

    #[test]
    fn opens_a_new_file_at_the_latest_schema_in_wal_mode() {
        let (dir, store) = temp_store();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |row| row.get(0)).unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(store.counts().unwrap(), Counts::default());
        drop(store);
        // Reopening an existing file keeps its version and does not re-run the scripts.
        let store = Store::open(dir.path().join("redline.db")).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn writes_articles_events_quotes_and_mentions() {
        let (_dir, mut store) = temp_store();
        let summary = store.write_batch(&two_articles(), &Taxonomy::standard()).unwrap();
        assert_eq!(
            summary,
            BatchSummary {
                inserted: 2,
                unchanged: 0,
                replaced: 0,
                events: 3,
                quotes: 1,
                mentions: 6,
                stories_started: 2,
                stories_joined: 0
            }
        );
        assert_eq!(store.counts().unwrap(), Counts { articles: 2, events: 3, quotes: 1, mentions: 6 });
        let stored = store.article("a1").unwrap().unwrap();
        assert_eq!(stored.text, "Russia threatened Ukraine. NATO warned Russia.");
        assert_eq!(stored.date, Date::new(2021, 11, 14).ok());
        assert_eq!(stored.origin_path, "a1.txt");
        let mentions = store.mentions("a1").unwrap();
        assert_eq!(mentions.len(), 4);
        assert_eq!(&stored.text[mentions[2].start as usize..mentions[2].end as usize], "NATO");
        assert!(store.article("missing").unwrap().is_none());
    }

    #[test]
    fn re_ingesting_the_same_articles_changes_nothing() {
        let (_dir, mut store) = temp_store();
        let taxonomy = Taxonomy::standard();
        store.write_batch(&two_articles(), &taxonomy).unwrap();
        let again = store.write_batch(&two_articles(), &taxonomy).unwrap();
        assert_eq!(again, BatchSummary { unchanged: 2, ..BatchSummary::default() });
        assert_eq!(store.counts().unwrap(), Counts { articles: 2, events: 3, quotes: 1, mentions: 6 });
        // The same article twice inside one batch is not duplicated either.
        let mut twice = two_articles();
        twice.push(twice[0].clone());
        let summary = store.write_batch(&twice, &taxonomy).unwrap();
        assert_eq!(summary.unchanged, 3);
        assert_eq!(store.counts().unwrap().events, 3);
    }

    #[test]
    fn changed_content_replaces_the_old_rows() {
        let (_dir, mut store) = temp_store();
        let taxonomy = Taxonomy::standard();
        store.write_batch(&two_articles(), &taxonomy).unwrap();
        let edited = article(
            "a1",
            "Ukraine accused Russia.",
            vec![event(("Ukraine", "UKR"), "accused", Some(("Russia", "RUS")), "112")],
        );
        let summary = store.write_batch(&[edited], &taxonomy).unwrap();
        assert_eq!(
            summary,
            BatchSummary { replaced: 1, events: 1, mentions: 2, stories_started: 1, ..BatchSummary::default() }
        );
        assert_eq!(store.counts().unwrap(), Counts { articles: 2, events: 2, quotes: 0, mentions: 4 });
        let events = store.events(&EventFilter { article_id: Some("a1".into()), ..EventFilter::default() }).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].cameo, "112");
        assert_eq!(store.article("a1").unwrap().unwrap().text, "Ukraine accused Russia.");
    }

    #[test]
    fn a_new_dictionary_version_replaces_unchanged_text() {
        let (_dir, mut store) = temp_store();
        let taxonomy = Taxonomy::standard();
        store.write_batch(&two_articles(), &taxonomy).unwrap();
        let mut recoded = two_articles();
        recoded[1].dict_version = "2021.12.1".into();
        let summary = store.write_batch(&recoded, &taxonomy).unwrap();
        assert_eq!((summary.unchanged, summary.replaced), (1, 1));
        assert_eq!(store.article("b1").unwrap().unwrap().dict_version, "2021.12.1");
    }

    #[test]
    fn a_failing_batch_writes_nothing_and_keeps_earlier_batches() {
        let (_dir, mut store) = temp_store();
        let taxonomy = Taxonomy::standard();
        store.write_batch(&two_articles(), &taxonomy).unwrap();
        let good = article("c1", "Ukraine accused Russia.", vec![event(("Ukraine", "UKR"), "accused", None, "112")]);
        let mut bad = article("d1", "Russia attacked.", vec![event(("Russia", "RUS"), "attacked", None, "190")]);
        bad.events[0].evidence = Span::new(7, 999);
        let err = store.write_batch(&[good, bad], &taxonomy).unwrap_err();
        assert!(matches!(err, StoreError::SpanOutsideText { ref article, .. } if article == "d1"), "{err}");
        // `c1` was written inside the failed transaction and rolled back with it.
        assert!(store.article("c1").unwrap().is_none());
        assert_eq!(store.counts().unwrap(), Counts { articles: 2, events: 3, quotes: 1, mentions: 6 });
    }

    use redline_model::Span;
}
