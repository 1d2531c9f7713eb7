//! Resuming an ingest cheaply: the hash of each article's raw input, recorded beside the stored rows,
//! lets a re-run (after a crash, a kill, or on an unchanged corpus) skip coding what it already holds.
//!
//! The hash is recorded by [`Store::record_raw_hashes`] after the batch that wrote the article, and only
//! while the stored row still has the content and dictionary version it was coded to. Every rewrite of an
//! article row (insert or replace) leaves `raw_hash` NULL, so a crash between the two transactions costs
//! a re-code next time, never a wrong skip.

use std::collections::HashSet;

use redline_model::RawArticle;
use rusqlite::OptionalExtension;
use xxhash_rust::xxh3::Xxh3;

use crate::{Store, StoreError};

/// 16 hex digits of xxh3 over every field of the raw input that coding reads: id, title, date, url, body.
/// Fields are separated by a byte that cannot occur in them. The origin (file, line) is not hashed: moving
/// a file does not change what it codes to.
pub fn raw_hash(raw: &RawArticle) -> String {
    let date = raw.date.map(|d| d.to_string()).unwrap_or_default();
    let mut hasher = Xxh3::new();
    for field in
        [raw.id.as_str(), raw.title.as_deref().unwrap_or(""), &date, raw.url.as_deref().unwrap_or(""), &raw.body]
    {
        hasher.update(field.as_bytes());
        hasher.update(&[0x1f]);
    }
    // Tell "no title" from an empty title.
    hasher.update(&[u8::from(raw.title.is_some()), u8::from(raw.url.is_some())]);
    format!("{:016x}", hasher.digest())
}

/// A coded article whose raw-input hash is to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHashRecord {
    /// Article id.
    pub id: String,
    /// [`content_hash`](crate::content_hash) of what was coded from the input.
    pub content_hash: String,
    /// The dictionary version that coded it.
    pub dict_version: String,
    /// [`raw_hash`] of the input.
    pub raw_hash: String,
}

impl Store {
    /// A second connection to the same database file, for look-ups from another thread while this one
    /// writes (WAL lets it read committed data). `None` for an in-memory database, which has no file.
    pub fn open_reader(&self) -> Result<Option<Store>, StoreError> {
        match self.conn.path() {
            Some(path) if !path.is_empty() => Store::open(path).map(Some),
            _ => Ok(None),
        }
    }

    /// The ids, among `inputs` (`(id, raw_hash)`), that are stored from exactly this input and coded with
    /// `dict_version`: coding them again would change nothing.
    pub fn unchanged_inputs<'a>(
        &self,
        inputs: impl IntoIterator<Item = (&'a str, &'a str)>,
        dict_version: &str,
    ) -> Result<HashSet<String>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT 1 FROM articles WHERE id = ?1 AND raw_hash = ?2 AND dict_version = ?3")?;
        let mut unchanged = HashSet::new();
        for (id, hash) in inputs {
            if stmt.query_row((id, hash, dict_version), |_| Ok(())).optional()?.is_some() {
                unchanged.insert(id.to_string());
            }
        }
        Ok(unchanged)
    }

    /// Records raw-input hashes in one transaction, each only where the stored article still has the
    /// record's content hash and dictionary version. Returns how many were recorded.
    pub fn record_raw_hashes(&mut self, records: &[RawHashRecord]) -> Result<u64, StoreError> {
        let tx = self.conn.transaction()?;
        let mut recorded = 0;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE articles SET raw_hash = ?4 WHERE id = ?1 AND content_hash = ?2 AND dict_version = ?3",
            )?;
            for r in records {
                recorded += stmt.execute((&r.id, &r.content_hash, &r.dict_version, &r.raw_hash))? as u64;
            }
        }
        tx.commit()?;
        Ok(recorded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content_hash;
    use crate::test_support::{article, event};
    use redline_model::{AnnotatedArticle, Taxonomy};

    fn coded(id: &str, text: &str) -> AnnotatedArticle {
        article(id, text, vec![event(("Russia", "RUS"), "threatened", None, "1312")])
    }

    fn record(a: &AnnotatedArticle, raw: &str) -> RawHashRecord {
        RawHashRecord {
            id: a.id.clone(),
            content_hash: content_hash(a.title.as_deref(), a.date, a.url.as_deref(), &a.text),
            dict_version: a.dict_version.clone(),
            raw_hash: raw.into(),
        }
    }

    #[test]
    fn the_raw_hash_covers_every_coded_field() {
        let raw = RawArticle { id: "a".into(), body: "Russia threatened.".into(), ..RawArticle::default() };
        let base = raw_hash(&raw);
        assert_eq!(base.len(), 16);
        assert_eq!(base, raw_hash(&raw.clone()));
        let mut moved = raw.clone();
        moved.origin.path = "elsewhere.txt".into();
        assert_eq!(raw_hash(&moved), base);
        let variants = [
            RawArticle { id: "b".into(), ..raw.clone() },
            RawArticle { title: Some(String::new()), ..raw.clone() },
            RawArticle { url: Some("u".into()), ..raw.clone() },
            RawArticle { date: redline_model::Date::new(2022, 2, 24).ok(), ..raw.clone() },
            RawArticle { body: "Russia threatened!".into(), ..raw.clone() },
        ];
        for variant in variants {
            assert_ne!(raw_hash(&variant), base, "{variant:?}");
        }
    }

    #[test]
    fn recorded_inputs_are_found_unchanged_until_the_article_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("redline.db")).unwrap();
        let taxonomy = Taxonomy::standard();
        let (a, b) = (coded("a", "Russia threatened Kyiv."), coded("b", "Russia threatened Kyiv again."));
        store.write_batch(&[a.clone(), b.clone()], &taxonomy).unwrap();
        let reader = store.open_reader().unwrap().unwrap();
        let version = a.dict_version.clone();
        let lookup = |inputs: &[(&str, &str)], version: &str| {
            let mut ids: Vec<String> =
                reader.unchanged_inputs(inputs.iter().copied(), version).unwrap().into_iter().collect();
            ids.sort();
            ids
        };
        // Nothing recorded yet: everything is coded.
        assert!(lookup(&[("a", "h1"), ("b", "h2")], &version).is_empty());
        // A record whose content no longer matches the stored row is refused.
        let stale = RawHashRecord { content_hash: "0000000000000000".into(), ..record(&b, "h2") };
        assert_eq!(store.record_raw_hashes(&[record(&a, "h1"), stale]).unwrap(), 1);
        assert_eq!(lookup(&[("a", "h1"), ("b", "h2"), ("c", "h3")], &version), ["a"]);
        assert!(lookup(&[("a", "other")], &version).is_empty());
        assert!(lookup(&[("a", "h1")], "2099.01.1").is_empty());
        // Rewriting the article (new text) forgets its raw hash.
        store.write_batch(&[coded("a", "Russia threatened Kyiv twice.")], &taxonomy).unwrap();
        assert!(lookup(&[("a", "h1")], &version).is_empty());
        assert!(Store::open_in_memory().unwrap().open_reader().unwrap().is_none());
    }
}
