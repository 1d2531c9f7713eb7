//! Stories: near-duplicate articles stored as one story, and events counted once per story.
//!
//! Every stored article keeps its body's fingerprint (`redline_story`) and its URL host. When the writer stores
//! a new article it looks its band keys up in the [`StoryWindow`] (an in-memory LSH index of the most recently
//! written articles), checks each candidate with [`redline_story::same_story`], and joins the story of the
//! closest match (highest estimated Jaccard, then smallest story id) or starts a new story whose id is the
//! article's own id. A story's counts (`articles`, `sources` = distinct URL hosts) and its first article
//! (earliest publication date, then id) are updated as each member joins (one indexed look-up for the host)
//! and recomputed from its members whenever one leaves, so re-ingesting an article never changes them.
//! Grouping is single-link: an article that matches any member within the window joins the story.

use std::collections::HashMap;

use redline_model::Date;
use redline_story::{Fingerprint, source_host};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::query::EventFilter;
use crate::rows::{ArticleRow, EventRow};
use crate::window::StoryWindow;
use crate::{Store, StoreError, parse_date};

/// The first schema version with stories; databases migrated from before it are back-filled on open.
pub(crate) const STORIES_SINCE: u32 = 2;

/// A story as stored: a group of near-duplicate articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRow {
    /// The id of the article that started the story (stable: it does not change as copies arrive).
    pub id: String,
    /// The member published first (earliest date, then smallest id).
    pub first_article: String,
    /// Its publication date.
    pub first_seen: Option<Date>,
    /// Member articles.
    pub articles: u64,
    /// Distinct URL hosts among the members (articles without a URL host are not counted).
    pub sources: u64,
}

/// One event counted once per story: the story's articles that carry the same (source code, target code,
/// CAMEO code), collapsed into one row.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryEventRow {
    /// The story.
    pub story_id: String,
    /// The first matching event in the store's event order (date, article id, position): its evidence,
    /// names and date stand for the group.
    pub event: EventRow,
    /// Articles of the story in which this event was coded (an event coded twice in one article counts once).
    pub articles: u64,
    /// Distinct URL hosts among those articles.
    pub sources: u64,
    /// All articles of the story.
    pub story_articles: u64,
    /// All distinct URL hosts of the story.
    pub story_sources: u64,
}

/// How one article was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    /// It joined an existing story.
    Joined,
    /// It started a new story.
    Started,
}

/// Where an article goes: the story it joins or starts, and its URL host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placed {
    /// The story id.
    pub story: String,
    /// Whether it joined or started that story.
    pub placement: Placement,
    /// The article's source (URL host), stored with it.
    pub host: Option<String>,
}

/// Assigns an article that is about to be stored (its row not yet carrying a story) to the story of its closest
/// near-duplicate in `window`, or to a new story whose id is its own id, and updates that story's counts and
/// first article as if the article were already a member. The caller stores the article with the story id and
/// host, then adds it to the window.
pub(crate) fn assign(
    tx: &Transaction<'_>,
    window: &StoryWindow,
    article: &ArticleRow,
    host: Option<String>,
    fingerprint: &Fingerprint,
) -> Result<Placed, StoreError> {
    let date = article.date.map(|d| d.to_string());
    if let Some(story) = window.closest_story(fingerprint) {
        let story = story.to_string();
        if join(tx, &story, article, date.as_deref(), host.as_deref())? {
            return Ok(Placed { story, placement: Placement::Joined, host });
        }
    }
    let id = free_story_id(tx, article)?;
    tx.prepare_cached(
        "INSERT INTO stories (id, first_article, first_seen, articles, sources) VALUES (?1, ?2, ?3, 1, ?4)",
    )?
    .execute(params![id, article.id, date, i64::from(host.is_some())])?;
    Ok(Placed { story: id, placement: Placement::Started, host })
}

/// Counts `article` into `story` (one more member; one more source if no member has its host yet; the first
/// article if it was published before the current one). False when the story row is missing.
fn join(
    tx: &Transaction<'_>,
    story: &str,
    article: &ArticleRow,
    date: Option<&str>,
    host: Option<&str>,
) -> Result<bool, StoreError> {
    let current: Option<(String, Option<String>)> = tx
        .prepare_cached("SELECT first_article, first_seen FROM stories WHERE id = ?1")?
        .query_row([story], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let Some((first_article, first_seen)) = current else { return Ok(false) };
    let new_source = match host {
        Some(host) => !tx
            .prepare_cached("SELECT 1 FROM articles WHERE story_id = ?1 AND source_host = ?2 LIMIT 1")?
            .exists(params![story, host])?,
        None => false,
    };
    // The order `refresh` sorts members in: dated before undated, then by date, then by id.
    let is_first = (date.is_none(), date, article.id.as_str())
        < (first_seen.is_none(), first_seen.as_deref(), first_article.as_str());
    let (first_article, first_seen) =
        if is_first { (article.id.as_str(), date) } else { (first_article.as_str(), first_seen.as_deref()) };
    tx.prepare_cached(
        "UPDATE stories SET articles = articles + 1, sources = sources + ?2, first_article = ?3, first_seen = ?4 \
         WHERE id = ?1",
    )?
    .execute(params![story, i64::from(new_source), first_article, first_seen])?;
    Ok(true)
}

/// The story an article belongs to.
pub(crate) fn story_of(conn: &Connection, article_id: &str) -> Result<Option<String>, StoreError> {
    Ok(stored_placement(conn, article_id)?.and_then(|(_, story)| story))
}

/// The `rowid` and story of a stored article, read before it is deleted.
pub(crate) fn stored_placement(
    conn: &Connection,
    article_id: &str,
) -> Result<Option<(i64, Option<String>)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT rowid, story_id FROM articles WHERE id = ?1")?
        .query_row([article_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

/// Recomputes a story's counts and first article from its members; a story without members is deleted.
pub(crate) fn refresh(conn: &Connection, story: &str) -> Result<(), StoreError> {
    let (articles, sources): (i64, i64) = conn
        .prepare_cached("SELECT count(*), count(DISTINCT source_host) FROM articles WHERE story_id = ?1")?
        .query_row([story], |row| Ok((row.get(0)?, row.get(1)?)))?;
    if articles == 0 {
        conn.prepare_cached("DELETE FROM stories WHERE id = ?1")?.execute([story])?;
        return Ok(());
    }
    // Undated articles sort last: a dated member is a better "first seen".
    let (first, date): (String, Option<String>) = conn
        .prepare_cached("SELECT id, date FROM articles WHERE story_id = ?1 ORDER BY date IS NULL, date, id LIMIT 1")?
        .query_row([story], |row| Ok((row.get(0)?, row.get(1)?)))?;
    conn.prepare_cached(
        "UPDATE stories SET articles = ?2, sources = ?3, first_article = ?4, first_seen = ?5 WHERE id = ?1",
    )?
    .execute(params![story, articles, sources, first, date])?;
    Ok(())
}

/// Places every article of a database migrated from before stories, in the order they were stored.
pub(crate) fn backfill(conn: &mut Connection) -> Result<u64, StoreError> {
    let tx = conn.transaction()?;
    type Pending = (i64, String, String, i64, Option<String>, Option<String>, String);
    let pending: Vec<Pending> = {
        let mut stmt = tx.prepare(
            "SELECT rowid, id, text, body_start, url, date, content_hash FROM articles WHERE story_id IS NULL \
             ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let mut window = StoryWindow::default();
    window.sync(&tx)?;
    let mut placed = 0;
    for (rowid, id, text, body_start, url, date, content_hash) in pending {
        // The same body the writer fingerprints: the clean text from `body_start` on.
        let body = usize::try_from(body_start).ok().and_then(|start| text.get(start..)).unwrap_or(&text);
        let fingerprint = redline_story::fingerprint(body);
        let article = ArticleRow {
            id,
            title: None,
            date: parse_date("articles.date", date)?,
            url,
            text: String::new(),
            body_start: 0,
            content_hash,
            origin_path: String::new(),
            origin_line: None,
            dict_version: String::new(),
        };
        let host = article.url.as_deref().and_then(source_host);
        let to = assign(&tx, &window, &article, host, &fingerprint)?;
        tx.prepare_cached("UPDATE articles SET story_id = ?1, source_host = ?2, fingerprint = ?3 WHERE rowid = ?4")?
            .execute(params![to.story, to.host, fingerprint.to_bytes(), rowid])?;
        window.push(rowid, &to.story, fingerprint);
        placed += 1;
    }
    tx.commit()?;
    Ok(placed)
}

/// The id for a story started by `article`: the article's id, unless a story of that id lives on without it
/// (its founder was edited into a different story), then the id with `@` and the content hash.
fn free_story_id(conn: &Connection, article: &ArticleRow) -> Result<String, StoreError> {
    let taken = |id: &str| -> Result<bool, StoreError> {
        Ok(conn.prepare_cached("SELECT 1 FROM stories WHERE id = ?1")?.exists([id])?)
    };
    if !taken(&article.id)? {
        return Ok(article.id.clone());
    }
    let base = format!("{}@{}", article.id, article.content_hash);
    let mut id = base.clone();
    let mut n = 2;
    while taken(&id)? {
        id = format!("{base}-{n}");
        n += 1;
    }
    Ok(id)
}

impl Store {
    /// Number of stories.
    pub fn story_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM stories", [], |row| row.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// The story of a stored article.
    pub fn article_story(&self, article_id: &str) -> Result<Option<String>, StoreError> {
        story_of(&self.conn, article_id)
    }

    /// One story by id.
    pub fn story(&self, id: &str) -> Result<Option<StoryRow>, StoreError> {
        Ok(self.stories_where("WHERE id = ?1", [id], "")?.into_iter().next())
    }

    /// Stories with the most articles first (then the earliest), at most `limit`.
    pub fn stories(&self, limit: Option<u32>) -> Result<Vec<StoryRow>, StoreError> {
        let limit = limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
        self.stories_where("", [], &limit)
    }

    /// Stories matching `clause` (a WHERE clause with `values`, or empty), most articles first, then the
    /// earliest; `tail` is appended after the ORDER BY (a LIMIT / OFFSET, whose values `values` also binds).
    pub(crate) fn stories_where<P: rusqlite::Params>(
        &self,
        clause: &str,
        values: P,
        tail: &str,
    ) -> Result<Vec<StoryRow>, StoreError> {
        let sql = format!(
            "SELECT id, first_article, first_seen, articles, sources FROM stories {clause} \
             ORDER BY articles DESC, first_seen IS NULL, first_seen, id{tail}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(values, |row| {
            Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?, row.get::<_, i64>(3)?, row.get::<_, i64>(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, first_article, first_seen, articles, sources) = row?;
            out.push(StoryRow {
                id,
                first_article,
                first_seen: parse_date("stories.first_seen", first_seen)?,
                articles: articles.max(0) as u64,
                sources: sources.max(0) as u64,
            });
        }
        Ok(out)
    }

    /// Events matching `filter`, counted once per story: one row per (story, source code, target code, CAMEO
    /// code), in the order of each group's first event. `filter.limit` and `filter.offset` page the groups.
    pub fn events_by_story(&self, filter: &EventFilter) -> Result<Vec<StoryEventRow>, StoreError> {
        let all = EventFilter { limit: None, offset: 0, ..filter.clone() };
        let events = self.events(&all)?;
        let mut article_info: HashMap<String, (String, Option<String>)> = HashMap::new();
        let mut story_totals: HashMap<String, (u64, u64)> = HashMap::new();
        // Per group: the representative row, the articles and the hosts seen.
        struct Group {
            row: StoryEventRow,
            articles: Vec<String>,
            hosts: Vec<String>,
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut index: HashMap<(String, String, Option<String>, String), usize> = HashMap::new();
        for event in events {
            if !article_info.contains_key(&event.article_id) {
                let info = self
                    .conn
                    .prepare_cached("SELECT story_id, source_host FROM articles WHERE id = ?1")?
                    .query_row([&event.article_id], |row| {
                        Ok((row.get::<_, Option<String>>(0)?, row.get::<_, Option<String>>(1)?))
                    })
                    .optional()?
                    .unwrap_or((None, None));
                // An article outside any story (none should be) counts as a story of its own.
                let story = info.0.unwrap_or_else(|| event.article_id.clone());
                article_info.insert(event.article_id.clone(), (story, info.1));
            }
            let Some((story, host)) = article_info.get(&event.article_id).cloned() else { continue };
            if !story_totals.contains_key(&story) {
                let totals = self.story(&story)?.map_or((1, u64::from(host.is_some())), |s| (s.articles, s.sources));
                story_totals.insert(story.clone(), totals);
            }
            let key = (
                story.clone(),
                event.source.code.clone(),
                event.target.as_ref().map(|t| t.code.clone()),
                event.cameo.clone(),
            );
            let slot = match index.get(&key) {
                Some(&slot) => slot,
                None => {
                    let (story_articles, story_sources) = story_totals.get(&story).copied().unwrap_or((1, 0));
                    groups.push(Group {
                        row: StoryEventRow {
                            story_id: story,
                            event: event.clone(),
                            articles: 0,
                            sources: 0,
                            story_articles,
                            story_sources,
                        },
                        articles: Vec::new(),
                        hosts: Vec::new(),
                    });
                    index.insert(key, groups.len() - 1);
                    groups.len() - 1
                }
            };
            let group = &mut groups[slot];
            if !group.articles.contains(&event.article_id) {
                group.articles.push(event.article_id.clone());
            }
            if let Some(host) = host
                && !group.hosts.contains(&host)
            {
                group.hosts.push(host);
            }
        }
        let limit = filter.limit.map_or(usize::MAX, |n| n as usize);
        Ok(groups
            .into_iter()
            .skip(filter.offset as usize)
            .take(limit)
            .map(|mut g| {
                g.row.articles = g.articles.len() as u64;
                g.row.sources = g.hosts.len() as u64;
                g.row
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{article, event};
    use redline_model::{AnnotatedArticle, Taxonomy};
    use xxhash_rust::xxh3::xxh3_64_with_seed;

    /// A body of `words` pseudo-random words after "Russia threatened Ukraine.", different for every `seed`.
    fn body(seed: u64, words: usize) -> String {
        let mut text = String::from("Russia threatened Ukraine.");
        for i in 0..words {
            let word = xxh3_64_with_seed(&i.to_le_bytes(), seed) % 5000;
            text.push_str(&format!(" w{word}"));
            if i % 12 == 11 {
                text.push('.');
            }
        }
        text
    }

    /// An article of `text` under a title, published at `host`, with the event "Russia threatened Ukraine".
    fn copy(id: &str, title: &str, text: &str, host: Option<&str>) -> AnnotatedArticle {
        let full = format!("{title}\n\n{text}");
        let mut a = article(id, &full, vec![event(("Russia", "RUS"), "threatened", Some(("Ukraine", "UKR")), "1312")]);
        a.title = Some(title.to_string());
        a.body_start = (title.len() + 2) as u32;
        a.url = host.map(|h| format!("https://www.{h}/news/{id}"));
        a
    }

    /// The original, a re-titled copy, an edited copy and a copy truncated to 60%, from four outlets.
    fn variants() -> Vec<AnnotatedArticle> {
        let original = body(1, 400);
        let edited = original.replacen("w", "v", 3);
        let words: Vec<&str> = original.split(' ').collect();
        let truncated = words[..words.len() * 6 / 10].join(" ");
        vec![
            copy("wire", "Moscow threatens Kyiv", &original, Some("wire.example")),
            copy("daily", "Kremlin issues threat", &original, Some("daily.example")),
            copy("herald", "Moscow threatens Kyiv", &edited, Some("herald.example")),
            copy("brief", "Moscow threatens Kyiv", &truncated, Some("brief.example")),
        ]
    }

    fn unrelated() -> AnnotatedArticle {
        copy("other", "Another story", &body(2, 300), Some("wire.example"))
    }

    #[test]
    fn republished_variants_form_one_story_with_every_article_and_source() {
        let mut store = Store::open_in_memory().unwrap();
        let mut batch = variants();
        batch.push(unrelated());
        let summary = store.write_batch(&batch, &Taxonomy::standard()).unwrap();
        assert_eq!((summary.stories_started, summary.stories_joined), (2, 3));
        assert_eq!(store.story_count().unwrap(), 2);
        let story = store.story("wire").unwrap().unwrap();
        assert_eq!((story.articles, story.sources), (4, 4));
        assert_eq!(story.first_article, "brief"); // same date: the smallest id is "first"
        for id in ["wire", "daily", "herald", "brief"] {
            assert_eq!(store.article_story(id).unwrap().as_deref(), Some("wire"), "{id}");
        }
        assert_eq!(store.article_story("other").unwrap().as_deref(), Some("other"));
        let other = store.story("other").unwrap().unwrap();
        assert_eq!((other.articles, other.sources), (1, 1));
        assert_eq!(store.stories(Some(1)).unwrap(), vec![story]);
    }

    #[test]
    fn copies_arriving_in_later_batches_join_and_the_earliest_date_is_first_seen() {
        let mut store = Store::open_in_memory().unwrap();
        let taxonomy = Taxonomy::standard();
        let mut batch = variants();
        batch[1].date = Date::new(2021, 11, 13).ok();
        for article in &batch {
            store.write_batch(std::slice::from_ref(article), &taxonomy).unwrap();
        }
        let story = store.story("wire").unwrap().unwrap();
        assert_eq!((story.articles, story.sources), (4, 4));
        assert_eq!((story.first_article.as_str(), story.first_seen), ("daily", Date::new(2021, 11, 13).ok()));
    }

    #[test]
    fn re_ingesting_changes_no_count_and_an_edited_article_moves() {
        let mut store = Store::open_in_memory().unwrap();
        let taxonomy = Taxonomy::standard();
        store.write_batch(&variants(), &taxonomy).unwrap();
        let again = store.write_batch(&variants(), &taxonomy).unwrap();
        assert_eq!((again.unchanged, again.stories_started, again.stories_joined), (4, 0, 0));
        // Recoded with a new dictionary version: replaced, and back in the same story.
        let mut recoded = variants();
        for a in &mut recoded {
            a.dict_version = "2022.01.1".into();
        }
        let summary = store.write_batch(&recoded, &taxonomy).unwrap();
        // Even the founder rejoins: while it was replaced, the story lived on in its copies.
        assert_eq!((summary.replaced, summary.stories_started, summary.stories_joined), (4, 0, 4));
        assert_eq!(store.story_count().unwrap(), 1);
        let story = store.story("wire").unwrap().unwrap();
        assert_eq!((story.articles, story.sources), (4, 4));
        // The founder is edited into another story: the story keeps its id, the article gets a new one.
        let moved = copy("wire", "Another story", &body(3, 400), Some("wire.example"));
        store.write_batch(&[moved], &taxonomy).unwrap();
        let story = store.story("wire").unwrap().unwrap();
        assert_eq!((story.articles, story.sources), (3, 3));
        let new_story = store.article_story("wire").unwrap().unwrap();
        assert!(new_story.starts_with("wire@"), "{new_story}");
        assert_eq!(store.story(&new_story).unwrap().map(|s| s.articles), Some(1));
        assert_eq!(store.story_count().unwrap(), 2);
    }

    #[test]
    fn articles_without_a_url_or_words_are_stories_without_sources() {
        let mut store = Store::open_in_memory().unwrap();
        let mut batch = variants();
        batch[0].url = None;
        batch[1].url = Some("https://daily.example/elsewhere".into());
        batch[2].url = Some("https://daily.example/again".into());
        let mut empty = article("empty", "T\n\n", Vec::new());
        empty.body_start = 3;
        batch.push(empty.clone());
        let mut empty2 = empty.clone();
        empty2.id = "empty2".into();
        batch.push(empty2);
        store.write_batch(&batch, &Taxonomy::standard()).unwrap();
        let story = store.story("wire").unwrap().unwrap();
        assert_eq!((story.articles, story.sources), (4, 2)); // no host, daily.example twice, brief.example
        // Two texts without words are not one story.
        assert_eq!(store.article_story("empty2").unwrap().as_deref(), Some("empty2"));
        assert_eq!(store.story_count().unwrap(), 3);
    }

    #[test]
    fn events_by_story_count_each_event_once_per_story() {
        let mut store = Store::open_in_memory().unwrap();
        let mut batch = variants();
        batch.push(unrelated());
        // A second event in one copy only.
        let text = batch[1].text.clone();
        let extra = article("x", &text, vec![event(("Ukraine", "UKR"), "threatened", Some(("Russia", "RUS")), "1312")]);
        batch[1].events.extend(extra.events);
        store.write_batch(&batch, &Taxonomy::standard()).unwrap();
        let rows = store.events_by_story(&EventFilter::default()).unwrap();
        let summary: Vec<(String, String, Option<String>, u64, u64, u64)> = rows
            .iter()
            .map(|r| {
                let target = r.event.target.as_ref().map(|t| t.code.clone());
                (r.story_id.clone(), r.event.source.code.clone(), target, r.articles, r.sources, r.story_articles)
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("wire".to_string(), "RUS".to_string(), Some("UKR".to_string()), 4, 4, 4),
                ("wire".to_string(), "UKR".to_string(), Some("RUS".to_string()), 1, 1, 4),
                ("other".to_string(), "RUS".to_string(), Some("UKR".to_string()), 1, 1, 1),
            ]
        );
        // The representative is the first event in date, article, position order.
        assert_eq!(rows[0].event.article_id, "brief");
        // Filters apply to events before grouping; paging applies to the groups.
        let filter = EventFilter { dyad: Some("UKR:RUS".parse().unwrap()), ..EventFilter::default() };
        assert_eq!(store.events_by_story(&filter).unwrap().len(), 1);
        let page = EventFilter { limit: Some(1), offset: 1, ..EventFilter::default() };
        let paged = store.events_by_story(&page).unwrap();
        assert_eq!((paged.len(), paged[0].articles), (1, 1));
        assert_eq!(paged[0].event.source.code, "UKR");
    }

    #[test]
    fn a_database_from_before_stories_is_backfilled_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            let tx = conn.transaction().unwrap();
            tx.execute_batch(crate::MIGRATIONS[0]).unwrap();
            tx.pragma_update(None, "user_version", 1).unwrap();
            for a in variants().iter().chain([&unrelated()]) {
                tx.execute(
                    "INSERT INTO articles (id, title, date, url, text, body_start, content_hash, origin_path, \
                     dict_version) VALUES (?1, ?2, '2021-11-14', ?3, ?4, ?5, 'h', 'p', 'v')",
                    params![a.id, a.title, a.url, a.text, a.body_start],
                )
                .unwrap();
            }
            tx.commit().unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), crate::SCHEMA_VERSION);
        assert_eq!(store.story_count().unwrap(), 2);
        assert_eq!(store.story("wire").unwrap().map(|s| (s.articles, s.sources)), Some((4, 4)));
        drop(store);
        // Opening again does not place anything twice.
        let store = Store::open(&path).unwrap();
        assert_eq!(store.story("wire").unwrap().map(|s| s.articles), Some(4));
    }
}
