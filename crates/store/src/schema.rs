//! The database schema: an ordered list of migration scripts and the code that applies them.
//!
//! The schema version lives in `PRAGMA user_version`: version `n` means the first `n` scripts of
//! [`MIGRATIONS`] have run. Scripts are append-only: never edit one that has shipped, add the next.

use rusqlite::Connection;

use crate::StoreError;

/// Migration scripts, in order; script `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4];

/// The schema version this build of the store writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

const V1: &str = r#"
CREATE TABLE articles (
    id            TEXT PRIMARY KEY NOT NULL,
    title         TEXT,
    date          TEXT,            -- YYYY-MM-DD
    url           TEXT,
    text          TEXT NOT NULL,   -- the clean text every offset points into
    body_start    INTEGER NOT NULL,
    content_hash  TEXT NOT NULL,   -- 16 hex digits of xxh3(title, date, url, text)
    origin_path   TEXT NOT NULL,
    origin_line   INTEGER,
    dict_version  TEXT NOT NULL
);
CREATE INDEX articles_date ON articles (date);

CREATE TABLE events (
    article_id       TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,
    sentence         INTEGER NOT NULL,
    date             TEXT,
    source_code      TEXT NOT NULL,
    source_name      TEXT NOT NULL,
    source_text      TEXT NOT NULL,
    source_start     INTEGER NOT NULL,
    source_end       INTEGER NOT NULL,
    source_kind      TEXT NOT NULL,
    source_entry     TEXT NOT NULL,
    target_code      TEXT,
    target_name      TEXT,
    target_text      TEXT,
    target_start     INTEGER,
    target_end       INTEGER,
    target_kind      TEXT,
    target_entry     TEXT,
    cameo            TEXT NOT NULL,
    root             TEXT NOT NULL,
    plover           TEXT,
    quad_class       INTEGER NOT NULL CHECK (quad_class BETWEEN 1 AND 4),
    goldstein        REAL NOT NULL,
    evidence_start   INTEGER NOT NULL,
    evidence_end     INTEGER NOT NULL,
    evidence_text    TEXT NOT NULL,
    rule_id          TEXT NOT NULL,
    rule_pattern     TEXT NOT NULL,
    modality         TEXT NOT NULL,
    dict_version     TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX events_source ON events (source_code);
CREATE INDEX events_target ON events (target_code);
CREATE INDEX events_root ON events (root);
CREATE INDEX events_plover ON events (plover);
CREATE INDEX events_date ON events (date);

CREATE TABLE quotes (
    article_id     TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    sentence       INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    speaker_name   TEXT,
    speaker_code   TEXT,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX quotes_speaker_code ON quotes (speaker_code);

CREATE TABLE mentions (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    entry       TEXT NOT NULL,
    sentence    INTEGER NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX mentions_code ON mentions (code);
"#;

/// Stories: near-duplicate articles grouped into one (see `redline-story` for the fingerprint and rule).
const V2: &str = r#"
CREATE TABLE stories (
    id             TEXT PRIMARY KEY NOT NULL,  -- the id of the article that started the story; never changes
    first_article  TEXT NOT NULL,              -- the member published first (date, then id)
    first_seen     TEXT,                       -- its publication date, YYYY-MM-DD
    articles       INTEGER NOT NULL,           -- member articles
    sources        INTEGER NOT NULL            -- distinct URL hosts among them
);

ALTER TABLE articles ADD COLUMN story_id TEXT;
ALTER TABLE articles ADD COLUMN source_host TEXT;   -- URL host, lower-case, without www.
ALTER TABLE articles ADD COLUMN fingerprint BLOB;   -- redline_story::Fingerprint::to_bytes of the body
CREATE INDEX articles_story ON articles (story_id);

-- LSH band keys (u64 stored as the i64 with the same bits): a new article finds candidate stories here.
CREATE TABLE article_bands (
    band_key    INTEGER NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;
CREATE INDEX article_bands_article ON article_bands (article_id);
"#;

/// Raw-input hashes: a re-ingest does not code again an article whose input and dictionary version are
/// unchanged (see `resume.rs`). NULL until recorded; every rewrite of an article row resets it.
const V3: &str = r#"
ALTER TABLE articles ADD COLUMN raw_hash TEXT;  -- resume::raw_hash of the input the stored rows were coded from
"#;

/// A cheaper writer.
///
/// - Near-duplicate candidates are found in memory (`window.rs`), so the band keys are no longer stored: 42 rows
///   per article inserted at random places of a growing B-tree were most of the writer's page writes.
/// - A story's counts are updated as members join, which asks "does a member have this host?": the story index
///   becomes (story_id, source_host), and still serves every look-up by story.
/// - An article's actor mentions (some 70 per article) are one JSON column of the article, in text order, each
///   `[start, end, code, name, kind, entry, sentence]`, instead of one row each with two index entries; the view
///   `mentions` shows them as the rows of the table it replaces (same name, columns and values).
const V4: &str = r#"
DROP TABLE article_bands;
DROP INDEX articles_story;
CREATE INDEX articles_story_host ON articles (story_id, source_host);

ALTER TABLE articles ADD COLUMN mentions_json TEXT;  -- JSON array of [start, end, code, name, kind, entry, sentence]
UPDATE articles SET mentions_json = (
    SELECT json_group_array(json_array(m.start, m."end", m.code, m.name, m.kind, m.entry, m.sentence) ORDER BY m.seq)
    FROM mentions m WHERE m.article_id = articles.id
);
DROP TABLE mentions;
CREATE VIEW mentions (article_id, seq, start, "end", code, name, kind, entry, sentence) AS
SELECT a.id, j.key, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5,
       j.value ->> 6
FROM articles a, json_each(a.mentions_json) j;
"#;

/// Reads the schema version of an open database.
pub fn schema_version(conn: &Connection) -> Result<u32, StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok(u32::try_from(version).unwrap_or(u32::MAX))
}

/// Brings the database up to [`SCHEMA_VERSION`], one script per transaction.
///
/// A database written by a newer build (a higher version than we know) is refused rather than guessed at.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = schema_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew { found, supported: SCHEMA_VERSION });
    }
    for (index, script) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as u32 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(script).map_err(|source| StoreError::Migration { version, source })?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_an_empty_database_to_the_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 0);
        migrate(&mut conn).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
        // Running again is a no-op, not a "table exists" error.
        migrate(&mut conn).unwrap();
        let tables: i64 = conn
            .query_row(
                // `mentions` is a view since version 4.
                "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') \
                 AND name IN ('articles', 'events', 'quotes', 'mentions')",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(tables, 4);
    }

    #[test]
    fn version_4_moves_mentions_into_their_article_and_keeps_the_rows_readable() {
        let mut conn = Connection::open_in_memory().unwrap();
        for (i, script) in MIGRATIONS[..3].iter().enumerate() {
            conn.execute_batch(script).unwrap();
            conn.pragma_update(None, "user_version", i as i64 + 1).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO articles (id, text, body_start, content_hash, origin_path, dict_version) \
                 VALUES ('a', 'NATO warned Russia.', 0, 'h', 'p', 'v'), ('b', 'Nothing.', 0, 'h', 'p', 'v');
             INSERT INTO mentions (article_id, seq, start, \"end\", code, name, kind, entry, sentence) VALUES
                 ('a', 1, 12, 18, 'RUS', 'Russia', 'country', 'countries.txt:7', 0),
                 ('a', 0, 0, 4, 'IGOWSTNAT', 'NATO', 'organisation', 'organisations.txt:3', 0);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
        type Mention = (String, i64, i64, i64, String, String, String, String, i64);
        let rows: Vec<Mention> = conn
            .prepare("SELECT article_id, seq, start, \"end\", code, name, kind, entry, sentence FROM mentions ORDER BY article_id, seq")
            .unwrap()
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let row = |seq, start, end, code: &str, name: &str, kind: &str, entry: &str| {
            ("a".to_string(), seq, start, end, code.into(), name.into(), kind.into(), entry.into(), 0)
        };
        assert_eq!(
            rows,
            [
                row(0, 0, 4, "IGOWSTNAT", "NATO", "organisation", "organisations.txt:3"),
                row(1, 12, 18, "RUS", "Russia", "country", "countries.txt:7"),
            ]
        );
        let json: String =
            conn.query_row("SELECT mentions_json FROM articles WHERE id = 'b'", [], |r| r.get(0)).unwrap();
        assert_eq!(json, "[]");
        let bands: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'article_bands'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(bands, 0);
    }

    #[test]
    fn refuses_a_newer_schema() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, StoreError::SchemaTooNew { found, .. } if found == SCHEMA_VERSION + 1));
    }
}
