//! The story window: an in-memory LSH index of the band keys of the most recently written articles, where
//! the writer finds a new article's near-duplicate candidates without touching SQL.
//!
//! Republications arrive close together (the same wire story within hours or days), so candidates are only
//! looked for among the last [`StoryWindow::capacity`] articles written to the store (in write order, that is
//! by `rowid`; [`STORY_WINDOW`] by default). An article whose only near-duplicates were written earlier than
//! that starts a story of its own. The bound is what keeps the writer's memory independent of the corpus: about
//! 2 KB per article held (the 512-byte signature, 42 chain links, and up to 42 band-key slots in the hash map).
//!
//! The window is loaded lazily from the `articles` table (their stored fingerprints and story ids) the first
//! time a write needs it, and again whenever the table's largest `rowid` is not the one the window last saw:
//! another connection wrote in between. A failed transaction empties it, so it never holds rolled-back rows.
//!
//! Layout: entries live in a ring (oldest first) and are numbered by a sequence number that only grows; the map
//! sends each band key to the newest entry holding it, and each entry links, band by band, to the previous entry
//! with the same key. Links only point to older entries, so a walk stops at the first evicted one.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

use redline_story::{BANDS, Fingerprint, same_story};
use rusqlite::Connection;

use crate::StoreError;

/// Articles the window holds unless told otherwise: at about 2 KB each, at most some 130 MB.
pub const STORY_WINDOW: usize = 65_536;

/// "No entry" in the chains.
const NONE: u64 = u64::MAX;

/// The in-memory index of recent articles' band keys (see the module documentation).
#[derive(Debug)]
pub struct StoryWindow {
    capacity: usize,
    entries: VecDeque<Entry>,
    /// Sequence number of `entries[0]`.
    first_seq: u64,
    /// Band key → sequence number of the newest entry with that key.
    heads: HashMap<u64, u64, BuildHasherDefault<KeyHasher>>,
    /// False until loaded from the database, and after a failed write.
    loaded: bool,
    /// The largest `articles.rowid` the window knows of.
    last_rowid: i64,
}

#[derive(Debug)]
struct Entry {
    rowid: i64,
    /// `None` once the article was deleted (replaced by an edited version).
    story: Option<Box<str>>,
    fingerprint: Fingerprint,
    /// Per band: sequence number of the previous entry with the same band key, or [`NONE`].
    next: [u64; BANDS],
}

/// Band keys are already xxh3 hashes: the map uses them as they are.
#[derive(Debug, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Default for StoryWindow {
    fn default() -> StoryWindow {
        StoryWindow::new(STORY_WINDOW)
    }
}

impl StoryWindow {
    /// An empty window that will hold the last `capacity` articles written (at least one).
    pub fn new(capacity: usize) -> StoryWindow {
        StoryWindow {
            capacity: capacity.max(1),
            entries: VecDeque::new(),
            first_seq: 0,
            heads: HashMap::default(),
            loaded: false,
            last_rowid: 0,
        }
    }

    /// How many articles it holds at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Articles held now (articles without words are never held: they join nothing).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds no article.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Forgets everything; the next write loads the window from the database again.
    pub(crate) fn invalidate(&mut self) {
        self.entries = VecDeque::new();
        self.heads = HashMap::default();
        self.first_seq = 0;
        self.loaded = false;
        self.last_rowid = 0;
    }

    /// Makes the window match the database: loads it if it is not loaded or if another connection wrote
    /// articles since it last looked (the largest `rowid` moved).
    pub(crate) fn sync(&mut self, conn: &Connection) -> Result<(), StoreError> {
        let max: i64 =
            conn.prepare_cached("SELECT coalesce(max(rowid), 0) FROM articles")?.query_row([], |row| row.get(0))?;
        if self.loaded && max == self.last_rowid {
            return Ok(());
        }
        self.invalidate();
        let limit = i64::try_from(self.capacity).unwrap_or(i64::MAX);
        let mut stmt = conn.prepare(
            "SELECT rowid, story_id, fingerprint FROM articles \
             WHERE story_id IS NOT NULL AND fingerprint IS NOT NULL ORDER BY rowid DESC LIMIT ?1",
        )?;
        let mut recent: Vec<(i64, String, Fingerprint)> = Vec::new();
        let mut rows = stmt.query([limit])?;
        while let Some(row) = rows.next()? {
            let bytes: Vec<u8> = row.get(2)?;
            // An unreadable fingerprint (written by a future encoding, or damaged) can never be a candidate.
            if let Ok(fingerprint) = Fingerprint::from_bytes(&bytes) {
                recent.push((row.get(0)?, row.get(1)?, fingerprint));
            }
        }
        for (rowid, story, fingerprint) in recent.into_iter().rev() {
            self.push(rowid, &story, fingerprint);
        }
        self.last_rowid = max;
        self.loaded = true;
        Ok(())
    }

    /// The story of the held article closest to `fingerprint` among those sharing a band key with it and the
    /// same story by [`same_story`]: highest estimated Jaccard, then smallest story id.
    pub(crate) fn closest_story(&self, fingerprint: &Fingerprint) -> Option<&str> {
        let mut best: Option<(f64, &str)> = None;
        for seq in self.candidates(fingerprint) {
            let Some(entry) = self.entry(seq) else { continue };
            let Some(story) = entry.story.as_deref() else { continue };
            let Some(found) = same_story(fingerprint, &entry.fingerprint) else { continue };
            let better = match best {
                None => true,
                Some((jaccard, id)) => found.jaccard > jaccard || (found.jaccard == jaccard && story < id),
            };
            if better {
                best = Some((found.jaccard, story));
            }
        }
        best.map(|(_, story)| story)
    }

    /// Adds a just-written article (its `rowid` in `articles`), evicting the oldest one when full.
    pub(crate) fn push(&mut self, rowid: i64, story: &str, fingerprint: Fingerprint) {
        self.last_rowid = self.last_rowid.max(rowid);
        if fingerprint.is_empty() {
            return;
        }
        if self.entries.len() >= self.capacity {
            self.evict_oldest();
        }
        let seq = self.first_seq + self.entries.len() as u64;
        let mut next = [NONE; BANDS];
        for (link, key) in next.iter_mut().zip(fingerprint.band_keys()) {
            // Two bands of one article with the same key (a 64-bit collision) keep a single link.
            *link = self.heads.insert(key, seq).filter(|&previous| previous != seq).unwrap_or(NONE);
        }
        self.entries.push_back(Entry { rowid, story: Some(story.into()), fingerprint, next });
    }

    /// Marks the article with this `rowid` as gone (deleted to be replaced): it is no longer a candidate.
    pub(crate) fn forget(&mut self, rowid: i64) {
        let start = self.entries.partition_point(|e| e.rowid < rowid);
        for entry in self.entries.range_mut(start..) {
            if entry.rowid != rowid {
                break;
            }
            entry.story = None;
        }
    }

    fn entry(&self, seq: u64) -> Option<&Entry> {
        let index = usize::try_from(seq.checked_sub(self.first_seq)?).ok()?;
        self.entries.get(index)
    }

    /// Sequence numbers of the held entries sharing at least one band key with `fingerprint`, each once.
    fn candidates(&self, fingerprint: &Fingerprint) -> Vec<u64> {
        let mut found = Vec::new();
        for (band, key) in fingerprint.band_keys().into_iter().enumerate() {
            let mut seq = self.heads.get(&key).copied().unwrap_or(NONE);
            let mut previous = NONE;
            // Links only go to older entries; `seq < previous` also ends a walk that a collision would loop.
            while seq != NONE && seq < previous {
                let Some(entry) = self.entry(seq) else { break };
                found.push(seq);
                previous = seq;
                seq = entry.next[band];
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    fn evict_oldest(&mut self) {
        let Some(entry) = self.entries.pop_front() else { return };
        let seq = self.first_seq;
        self.first_seq += 1;
        // A key whose newest entry is the evicted one has no entry left; other keys' walks stop here.
        for key in entry.fingerprint.band_keys() {
            if self.heads.get(&key) == Some(&seq) {
                self.heads.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_story::fingerprint;

    fn text(seed: usize, words: usize) -> String {
        (0..words).map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 100_003)).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn finds_the_closest_near_duplicate_and_ignores_unrelated_articles() {
        let mut window = StoryWindow::new(10);
        let original = text(1, 300);
        let edited = original.replacen("w", "v", 20);
        window.push(1, "story-a", fingerprint(&text(2, 300)));
        window.push(2, "story-b", fingerprint(&edited));
        window.push(3, "story-c", fingerprint(&original));
        assert_eq!(window.len(), 3);
        // The exact copy (Jaccard 1) wins over the edited one.
        assert_eq!(window.closest_story(&fingerprint(&original)), Some("story-c"));
        assert_eq!(window.closest_story(&fingerprint(&text(3, 300))), None);
        // An article without words is never held and never matches.
        window.push(4, "empty", fingerprint(""));
        assert_eq!(window.len(), 3);
        assert_eq!(window.closest_story(&fingerprint("")), None);
    }

    #[test]
    fn equal_matches_go_to_the_smallest_story_id_and_forgotten_articles_do_not_match() {
        let mut window = StoryWindow::new(10);
        let body = text(5, 200);
        window.push(1, "zulu", fingerprint(&body));
        window.push(2, "alpha", fingerprint(&body));
        assert_eq!(window.closest_story(&fingerprint(&body)), Some("alpha"));
        window.forget(2);
        assert_eq!(window.closest_story(&fingerprint(&body)), Some("zulu"));
        window.forget(1);
        assert_eq!(window.closest_story(&fingerprint(&body)), None);
    }

    #[test]
    fn holds_at_most_its_capacity_and_forgets_the_oldest_first() {
        let mut window = StoryWindow::new(3);
        let bodies: Vec<String> = (0..5).map(|i| text(10 + i, 150)).collect();
        for (i, body) in bodies.iter().enumerate() {
            window.push(i as i64 + 1, &format!("s{i}"), fingerprint(body));
        }
        assert_eq!(window.len(), 3);
        assert_eq!(window.closest_story(&fingerprint(&bodies[0])), None);
        assert_eq!(window.closest_story(&fingerprint(&bodies[1])), None);
        assert_eq!(window.closest_story(&fingerprint(&bodies[2])), Some("s2"));
        assert_eq!(window.closest_story(&fingerprint(&bodies[4])), Some("s4"));
        // The map keeps no key of an evicted article: its size is bounded by the window, not the history.
        let keys: usize = (2..5).map(|i| fingerprint(&bodies[i]).band_keys().len()).sum();
        assert!(window.heads.len() <= keys, "{} keys for {keys}", window.heads.len());
        // Copies of one text: the walk still finds the held ones after older copies were evicted.
        let mut copies = StoryWindow::new(2);
        for rowid in 1..=5 {
            copies.push(rowid, &format!("c{rowid}"), fingerprint(&bodies[0]));
        }
        assert_eq!(copies.candidates(&fingerprint(&bodies[0])), [3, 4]);
        assert_eq!(copies.closest_story(&fingerprint(&bodies[0])), Some("c4"));
    }
}
