//! redline's embedded SQLite store: the only crate that knows SQL or the on-disk format.
//!
//! [`Store::open`] creates or migrates a database file (schema version in `PRAGMA user_version`,
//! WAL journal). [`Store::write_batch`] writes coded articles in one transaction, skipping articles
//! it already holds unchanged and replacing edited ones, so ingesting the same input twice never
//! duplicates anything. The queries ([`Store::events`], [`Store::quotes`], [`Store::counts`]) return
//! the store's own row types ([`EventRow`], [`QuoteRow`], ...), never domain types.

mod browse;
mod export;
mod network;
mod query;
mod read_only;
mod resume;
mod rows;
mod schema;
mod series;
mod stories;
mod summary;
#[cfg(test)]
mod test_support;
mod window;

use std::path::Path;

use redline_model::{AnnotatedArticle, Date, Taxonomy};
use redline_story::{Fingerprint, article_fingerprint};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

pub use browse::{ArticleHeader, DateSpan};
pub use export::{DateRange, ExportReader};
pub use network::{MAX_EDGES, Network, NetworkEdge, NetworkNode};
pub use query::{Dyad, DyadError, EventFilter, QuoteFilter};
pub use read_only::ReadOnlyError;
pub use resume::{RawHashRecord, raw_hash};
pub use rows::{ActorRow, ArticleRow, ArticleRows, EventRow, MentionRow, QuoteRow, content_hash};
pub use schema::{MIGRATIONS, SCHEMA_VERSION};
pub use series::{ArticleRefRow, LevelPairRow, SeriesFactRow, SeriesFilter, SourceVolumeRow};
pub use stories::{StoryEventRow, StoryRow};
pub use summary::{ArticleStat, DyadStat};
pub use window::{STORY_WINDOW, StoryWindow};

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

/// SQLite page cache per connection, in KiB.
const CACHE_KIB: i64 = 64 * 1024;

/// WAL frames (pages) after which a commit checkpoints the WAL into the database file.
const WAL_CHECKPOINT_PAGES: i64 = 4096;

/// A coded article made ready for [`Store::write_prepared`]: its rows, its fingerprint and the encoded columns.
/// Building one is pure work (no database), meant for the coding threads.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedArticle {
    rows: ArticleRows,
    fingerprint: Fingerprint,
    fingerprint_bytes: Vec<u8>,
    mentions_json: String,
    host: Option<String>,
}

impl PreparedArticle {
    /// Converts a coded article and its fingerprint ([`redline_story::article_fingerprint`]); fails, as
    /// [`ArticleRows::from_article`] does, when a span does not fall on the text.
    pub fn new(
        article: &AnnotatedArticle,
        fingerprint: Fingerprint,
        taxonomy: &Taxonomy,
    ) -> Result<PreparedArticle, StoreError> {
        let rows = ArticleRows::from_article(article, taxonomy)?;
        Ok(PreparedArticle {
            fingerprint_bytes: fingerprint.to_bytes(),
            mentions_json: rows::encode_mentions(&rows.mentions),
            host: article.url.as_deref().and_then(redline_story::source_host),
            rows,
            fingerprint,
        })
    }

    /// The rows it will be stored as.
    pub fn rows(&self) -> &ArticleRows {
        &self.rows
    }
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
        // A page cache of 64 MiB (the default is 2 MiB): the writer's index look-ups and inserts stay in
        // memory instead of re-reading pages from the OS on every batch. Bounded whatever the file size.
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Checkpoint the WAL every ~16 MiB of frames rather than every 4 MiB: fewer, larger copies into
        // the database file; the WAL file is truncated back to that size after each checkpoint.
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)?;
        conn.pragma_update(None, "journal_size_limit", WAL_CHECKPOINT_PAGES * 4096)?;
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
    /// (see [`Store::write_prepared`]); its fingerprint is computed here, and the story window is loaded
    /// for this call only: a writer of many batches keeps one [`StoryWindow`] and calls
    /// [`Store::write_prepared`].
    pub fn write_batch(
        &mut self,
        articles: &[AnnotatedArticle],
        taxonomy: &Taxonomy,
    ) -> Result<BatchSummary, StoreError> {
        let prepared = articles
            .iter()
            .map(|article| PreparedArticle::new(article, article_fingerprint(article), taxonomy))
            .collect::<Result<Vec<_>, _>>()?;
        self.write_prepared(&prepared, &mut StoryWindow::default())
    }

    /// Writes articles made ready by [`PreparedArticle::new`] (on the coding threads, so that the single
    /// writer only executes SQL) in one transaction, as [`Store::write_batch`] does.
    ///
    /// In the same transaction, each written article joins the story of its closest near-duplicate among the
    /// articles `window` holds (the most recently written ones: candidates found by LSH band key, confirmed by
    /// [`redline_story::same_story`]) or starts a story whose id is its own id. Keep one window across batches:
    /// it is loaded from the database on first use and reloaded only when another connection wrote meanwhile.
    /// Unchanged articles written again change no count.
    pub fn write_prepared(
        &mut self,
        batch: &[PreparedArticle],
        window: &mut StoryWindow,
    ) -> Result<BatchSummary, StoreError> {
        let written = self.write_in_transaction(batch, window);
        if written.is_err() {
            // The window may hold articles of the rolled-back transaction: read it again next time.
            window.invalidate();
        }
        written
    }

    fn write_in_transaction(
        &mut self,
        batch: &[PreparedArticle],
        window: &mut StoryWindow,
    ) -> Result<BatchSummary, StoreError> {
        let tx = self.conn.transaction()?;
        window.sync(&tx)?;
        let mut summary = BatchSummary::default();
        for prepared in batch {
            let rows = &prepared.rows;
            let stored: Option<(String, String)> = tx
                .prepare_cached("SELECT content_hash, dict_version FROM articles WHERE id = ?1")?
                .query_row([&rows.article.id], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            match stored {
                Some((hash, version)) if hash == rows.article.content_hash && version == rows.article.dict_version => {
                    summary.unchanged += 1;
                    continue;
                }
                Some(_) => {
                    delete_article(&tx, &rows.article.id, window)?;
                    summary.replaced += 1;
                }
                None => summary.inserted += 1,
            }
            let placed = stories::assign(&tx, window, &rows.article, prepared.host.clone(), &prepared.fingerprint)?;
            let rowid = insert_rows(&tx, prepared, &placed)?;
            window.push(rowid, &placed.story, prepared.fingerprint.clone());
            match placed.placement {
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

    /// Turns off (`false`) or back on (`true`) the checkpoints this connection's commits run once the WAL
    /// holds more than a few MiB. A bulk writer turns them off while another connection calls
    /// [`Store::checkpoint`], so copying pages into the database file (and its fsync) happens off the writer.
    pub fn set_auto_checkpoint(&self, on: bool) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "wal_autocheckpoint", if on { WAL_CHECKPOINT_PAGES } else { 0 })?;
        Ok(())
    }

    /// Copies the committed WAL frames into the database file as far as readers allow, without waiting for
    /// or blocking anyone (a passive checkpoint); the next write then starts the WAL over.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
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
            // The `mentions` view counts the same, but parses every array to do it.
            mentions: {
                let n: i64 = self.conn.query_row(
                    "SELECT coalesce(sum(json_array_length(mentions_json)), 0) FROM articles",
                    [],
                    |row| row.get(0),
                )?;
                n.max(0) as u64
            },
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
        let json: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT mentions_json FROM articles WHERE id = ?1")?
            .query_row([article_id], |row| row.get(0))
            .optional()?;
        rows::decode_mentions(article_id, json.flatten().as_deref())
    }
}

fn delete_article(tx: &Transaction<'_>, id: &str, window: &mut StoryWindow) -> Result<(), StoreError> {
    let placement = stories::stored_placement(tx, id)?;
    for sql in [
        "DELETE FROM events WHERE article_id = ?1",
        "DELETE FROM quotes WHERE article_id = ?1",
        "DELETE FROM articles WHERE id = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([id])?;
    }
    // It is no longer a near-duplicate candidate; its story loses a member.
    if let Some((rowid, story)) = placement {
        window.forget(rowid);
        if let Some(story) = story {
            stories::refresh(tx, &story)?;
        }
    }
    Ok(())
}

/// Inserts an article's rows, the article with its story, source host and fingerprint; returns its `rowid`.
fn insert_rows(tx: &Transaction<'_>, prepared: &PreparedArticle, placed: &stories::Placed) -> Result<i64, StoreError> {
    let rows = &prepared.rows;
    let a = &rows.article;
    tx.prepare_cached(
        "INSERT INTO articles (id, title, date, url, text, body_start, content_hash, origin_path, origin_line, \
         dict_version, story_id, source_host, fingerprint, mentions_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, \
         ?9, ?10, ?11, ?12, ?13, ?14)",
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
        a.dict_version,
        placed.story,
        placed.host,
        prepared.fingerprint_bytes,
        prepared.mentions_json
    ])?;
    let rowid = tx.last_insert_rowid();
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
    Ok(rowid)
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
