//! Ingest: sources → parallel coding → one writer, in bounded batches.
//!
//! Three stages joined by bounded channels: a reader thread groups articles into batches of
//! `batch_size`, a coder thread codes each batch on the rayon pool, and the calling thread — the one
//! writer — stores each batch in one transaction and reports progress. At most a few batches are in
//! flight, so memory is bounded by the batch size, not by the corpus. Content problems become
//! diagnostics; only a store failure stops the run, and batches written before it are kept.
//!
//! Off the writer: right after coding, the workers compute each article's fingerprint
//! (`redline_story::article_fingerprint`), build its rows and encode its columns
//! ([`redline_store::PreparedArticle`]), so the writer only executes SQL and places stories through one
//! [`StoryWindow`] kept for the whole run.
//!
//! Diagnostics: every one is handed to the caller as it arrives ([`ingest_streaming`]); the summary keeps the
//! first [`KEPT_DIAGNOSTICS`] and counts them all, so a corpus of bad input cannot grow memory without bound.

use std::path::PathBuf;

use crossbeam_channel::bounded;
use rayon::ThreadPool;
use rayon::prelude::*;
use redline_coder::Pipeline;
use redline_model::{AnnotatedArticle, Diagnostic, RawArticle, Severity};
use redline_store::{PreparedArticle, RawHashRecord, Store, StoreError, StoryWindow, raw_hash};
use redline_story::article_fingerprint;

use crate::code::{EngineError, code_chunk, thread_pool};
use crate::source::Sources;

/// Diagnostics an [`IngestSummary`] keeps in memory; later ones are only counted (and streamed).
pub const KEPT_DIAGNOSTICS: usize = 1000;

/// How to run an ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IngestConfig {
    /// Coding threads (0 = one per core).
    pub threads: usize,
    /// Articles per stored transaction (and per coding chunk).
    pub batch_size: usize,
}

impl Default for IngestConfig {
    fn default() -> IngestConfig {
        IngestConfig { threads: 0, batch_size: 256 }
    }
}

/// Where an ingest stands, reported after every stored batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Items taken from the sources so far (articles and unreadable items).
    pub items: u64,
    /// Articles read and coded so far.
    pub articles: u64,
    /// Events written so far.
    pub events: u64,
    /// Diagnostics so far.
    pub diagnostics: u64,
    /// Batches written so far.
    pub batches: u64,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Articles read from the sources (and coded).
    pub articles_read: u64,
    /// New articles stored.
    pub inserted: u64,
    /// Articles already stored unchanged (including the `skipped` ones).
    pub unchanged: u64,
    /// Unchanged articles that were not even coded: stored from the same input and dictionary version.
    pub skipped: u64,
    /// Articles whose stored version was replaced.
    pub replaced: u64,
    /// Events written.
    pub events: u64,
    /// Quotations written.
    pub quotes: u64,
    /// Actor mentions written.
    pub mentions: u64,
    /// Written articles that started a new story.
    pub stories_started: u64,
    /// Written articles that joined an existing story as a near-duplicate.
    pub stories_joined: u64,
    /// Transactions committed.
    pub batches: u64,
    /// The first [`KEPT_DIAGNOSTICS`] problems with the input and its content, in input order.
    pub diagnostics: Vec<Diagnostic>,
    /// All diagnostics, kept or not.
    pub diagnostics_total: u64,
    /// Diagnostics of severity error among them.
    pub errors: u64,
}

impl IngestSummary {
    /// True when some input could not be processed (an error diagnostic, not just warnings).
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// Diagnostics counted but not kept in [`IngestSummary::diagnostics`].
    pub fn diagnostics_dropped(&self) -> u64 {
        self.diagnostics_total - self.diagnostics.len() as u64
    }

    fn record(&mut self, diagnostic: Diagnostic, on_diagnostic: &dyn Fn(&Diagnostic)) {
        on_diagnostic(&diagnostic);
        self.diagnostics_total += 1;
        self.errors += u64::from(diagnostic.severity == Severity::Error);
        if self.diagnostics.len() < KEPT_DIAGNOSTICS {
            self.diagnostics.push(diagnostic);
        }
    }
}

/// Reads `paths` (`-` is standard input), codes every article and stores the results.
pub fn ingest(
    paths: &[PathBuf],
    pipeline: &Pipeline,
    store: &mut Store,
    config: IngestConfig,
    progress: &dyn Fn(Progress),
) -> Result<IngestSummary, EngineError> {
    ingest_items(Sources::new(paths.iter().cloned()), pipeline, store, config, progress)
}

/// [`ingest`] over any stream of source items.
pub fn ingest_items<I>(
    items: I,
    pipeline: &Pipeline,
    store: &mut Store,
    config: IngestConfig,
    progress: &dyn Fn(Progress),
) -> Result<IngestSummary, EngineError>
where
    I: Iterator<Item = Result<RawArticle, Diagnostic>> + Send,
{
    ingest_streaming(items, pipeline, store, config, progress, &|_| {})
}

/// [`ingest_items`] that also hands every diagnostic to `on_diagnostic` as soon as its batch is stored, in
/// input order (the summary keeps only the first [`KEPT_DIAGNOSTICS`]).
pub fn ingest_streaming<I>(
    items: I,
    pipeline: &Pipeline,
    store: &mut Store,
    config: IngestConfig,
    progress: &dyn Fn(Progress),
    on_diagnostic: &dyn Fn(&Diagnostic),
) -> Result<IngestSummary, EngineError>
where
    I: Iterator<Item = Result<RawArticle, Diagnostic>> + Send,
{
    let batch_size = config.batch_size.max(1);
    let pool = thread_pool(config.threads)?;
    // One batch queued at each hand-over: enough to keep every stage busy, little enough to bound memory.
    let (raw_tx, raw_rx) = bounded::<Vec<Result<RawArticle, Diagnostic>>>(1);
    let (coded_tx, coded_rx) = bounded::<CodedBatch>(1);
    // Look-ups of what is already stored run on their own connection, from the coder thread.
    let lookup = store.open_reader()?;
    let mut summary = IngestSummary::default();
    let mut state = Progress::default();
    // Near-duplicate candidates of the recently written articles, kept across batches.
    let mut window = StoryWindow::default();
    // Checkpoints (copying the WAL into the database file, and its fsync) run on their own connection and
    // thread, so the writer only appends to the WAL. An in-memory database has no WAL.
    let checkpointer = store.open_reader()?;
    if checkpointer.is_some() {
        store.set_auto_checkpoint(false)?;
    }
    let (checkpoint_tx, checkpoint_rx) = bounded::<()>(1);

    let outcome = std::thread::scope(|scope| {
        let checkpoints = scope.spawn(move || {
            let Some(checkpointer) = checkpointer else { return };
            // A failed checkpoint only leaves the WAL longer: the next one (or the writer's own) catches up.
            for () in checkpoint_rx {
                let _ = checkpointer.checkpoint();
            }
            let _ = checkpointer.checkpoint();
        });
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(batch_size);
            for item in items {
                batch.push(item);
                if batch.len() == batch_size && raw_tx.send(std::mem::take(&mut batch)).is_err() {
                    return; // The writer stopped: nothing more is wanted.
                }
            }
            if !batch.is_empty() {
                let _ = raw_tx.send(batch);
            }
        });
        let pool = &pool;
        let coder = scope.spawn(move || {
            for batch in raw_rx {
                let len = batch.len() as u64;
                let (to_code, raw_hashes, skipped) = skip_unchanged(batch, lookup.as_ref(), pipeline.dict_version());
                let items = prepare_chunk(code_chunk(to_code, pipeline, pool), pipeline, pool);
                if coded_tx.send(CodedBatch { len, items, raw_hashes, skipped }).is_err() {
                    return;
                }
            }
        });

        let mut result = Ok(());
        for batch in coded_rx {
            state.items += batch.len;
            let mut articles = Vec::with_capacity(batch.items.len());
            let mut records = Vec::with_capacity(batch.items.len());
            let mut diagnostics = Vec::new();
            let mut unstorable: Option<StoreError> = None;
            for (item, raw_hash) in batch.items.into_iter().zip(batch.raw_hashes) {
                match item {
                    Ok(ready) => {
                        diagnostics.extend(ready.diagnostics);
                        match ready.article {
                            Ok(article) => {
                                records.extend(raw_hash.map(|raw_hash| raw_hash_record(&article, raw_hash)));
                                articles.push(article);
                            }
                            // As when the writer built the rows itself: the batch is not written.
                            Err(err) => unstorable = unstorable.or(Some(err)),
                        }
                    }
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
            }
            // The raw hashes go in after the batch's own transaction: a crash in between only costs a
            // re-code of this batch next time (see `redline_store::raw_hash`).
            let written = match unstorable.map_or(Ok(()), Err).and_then(|()| {
                let written = store.write_prepared(&articles, &mut window)?;
                store.record_raw_hashes(&records).map(|_| written)
            }) {
                Ok(written) => written,
                Err(err) => {
                    result = Err(EngineError::Store(err));
                    break; // Dropping the receiver stops the coder, which stops the reader.
                }
            };
            for diagnostic in diagnostics {
                summary.record(diagnostic, on_diagnostic);
            }
            summary.articles_read += articles.len() as u64 + batch.skipped;
            summary.skipped += batch.skipped;
            summary.inserted += written.inserted;
            summary.unchanged += written.unchanged + batch.skipped;
            summary.replaced += written.replaced;
            summary.events += written.events;
            summary.quotes += written.quotes;
            summary.mentions += written.mentions;
            summary.stories_started += written.stories_started;
            summary.stories_joined += written.stories_joined;
            summary.batches += 1;
            // A checkpoint after this commit, unless one is still running (then that one will do).
            let _ = checkpoint_tx.try_send(());
            state.articles = summary.articles_read;
            state.events = summary.events;
            state.diagnostics = summary.diagnostics_total;
            state.batches = summary.batches;
            progress(state);
        }
        drop(checkpoint_tx);
        let threads_ok = reader.join().is_ok() & coder.join().is_ok() & checkpoints.join().is_ok();
        result?;
        if threads_ok { Ok(()) } else { Err(EngineError::ThreadPanicked) }
    });
    // Whatever happened, the connection checkpoints by itself again.
    let restored = store.set_auto_checkpoint(true);
    outcome?;
    restored?;
    Ok(summary)
}

/// One batch on its way from the coder to the writer.
struct CodedBatch {
    /// Items taken from the sources.
    len: u64,
    /// The coded and prepared (or unreadable) items, in input order, without the skipped ones.
    items: Vec<Result<Ready, Diagnostic>>,
    /// The raw-input hash of each item of `items` that is an article.
    raw_hashes: Vec<Option<String>>,
    /// Articles not coded: stored from the same input with the same dictionary version.
    skipped: u64,
}

/// A coded article ready for the writer, with the diagnostics coding gave.
struct Ready {
    article: Result<PreparedArticle, StoreError>,
    diagnostics: Vec<Diagnostic>,
}

/// Leaves out the articles stored from this very input with this dictionary version; returns the rest,
/// each article's raw-input hash, and how many were left out. A failed look-up skips nothing: it only
/// costs time.
fn skip_unchanged(
    batch: Vec<Result<RawArticle, Diagnostic>>,
    lookup: Option<&Store>,
    dict_version: &str,
) -> (Vec<Result<RawArticle, Diagnostic>>, Vec<Option<String>>, u64) {
    let hashes: Vec<Option<String>> = batch.iter().map(|item| item.as_ref().ok().map(raw_hash)).collect();
    let unchanged = lookup
        .and_then(|store| {
            let inputs = batch
                .iter()
                .zip(&hashes)
                .filter_map(|(item, hash)| Some((item.as_ref().ok()?.id.as_str(), hash.as_deref()?)));
            store.unchanged_inputs(inputs, dict_version).ok()
        })
        .unwrap_or_default();
    if unchanged.is_empty() {
        return (batch, hashes, 0);
    }
    let mut skipped = 0;
    let mut to_code = Vec::with_capacity(batch.len());
    let mut kept_hashes = Vec::with_capacity(batch.len());
    for (item, hash) in batch.into_iter().zip(hashes) {
        if item.as_ref().is_ok_and(|raw| unchanged.contains(&raw.id)) {
            skipped += 1;
        } else {
            to_code.push(item);
            kept_hashes.push(hash);
        }
    }
    (to_code, kept_hashes, skipped)
}

fn raw_hash_record(article: &PreparedArticle, raw_hash: String) -> RawHashRecord {
    let row = &article.rows().article;
    RawHashRecord {
        id: row.id.clone(),
        content_hash: row.content_hash.clone(),
        dict_version: row.dict_version.clone(),
        raw_hash,
    }
}

/// Fingerprints the coded articles of a chunk and builds their rows on the worker pool, keeping the order.
fn prepare_chunk(
    coded: Vec<Result<AnnotatedArticle, Diagnostic>>,
    pipeline: &Pipeline,
    pool: &ThreadPool,
) -> Vec<Result<Ready, Diagnostic>> {
    pool.install(|| {
        coded
            .into_par_iter()
            .map(|item| {
                item.map(|mut article| {
                    let fingerprint = article_fingerprint(&article);
                    Ready {
                        article: PreparedArticle::new(&article, fingerprint, pipeline.taxonomy()),
                        diagnostics: std::mem::take(&mut article.diagnostics),
                    }
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    use redline_model::Origin;

    fn pipeline() -> Pipeline {
        crate::dictionaries::tests::minimal_pipeline()
    }

    fn items(n: usize) -> impl Iterator<Item = Result<RawArticle, Diagnostic>> + Send {
        (0..n).map(|i| {
            if i % 10 == 9 {
                return Err(Diagnostic::error("input.bad-json", "broken").at("in.jsonl", Some(i as u32 + 1)));
            }
            Ok(RawArticle {
                id: format!("a{i}"),
                body: format!("Article number {i}."),
                origin: Origin { path: "in.jsonl".into(), line: Some(i as u32 + 1) },
                ..RawArticle::default()
            })
        })
    }

    #[test]
    fn stores_everything_in_batches_and_reports_progress() {
        let mut store = Store::open_in_memory().unwrap();
        let seen = RefCell::new(Vec::new());
        let config = IngestConfig { threads: 2, batch_size: 7 };
        let summary = ingest_items(items(50), &pipeline(), &mut store, config, &|p| seen.borrow_mut().push(p)).unwrap();
        assert_eq!(summary.articles_read, 45);
        assert_eq!((summary.inserted, summary.unchanged, summary.replaced), (45, 0, 0));
        assert_eq!(summary.diagnostics.len(), 5);
        assert_eq!(summary.diagnostics[0].line, Some(10));
        assert!(summary.has_errors());
        assert_eq!(summary.batches, 8); // ceil(50 / 7)
        assert_eq!(store.counts().unwrap().articles, 45);
        let seen = seen.into_inner();
        assert_eq!(seen.len(), 8);
        assert_eq!(seen.last().map(|p| (p.items, p.articles, p.diagnostics)), Some((50, 45, 5)));
        assert!(seen.windows(2).all(|w| w[0].articles <= w[1].articles));

        // Ingesting the same input again stores nothing new.
        let again = ingest_items(items(50), &pipeline(), &mut store, config, &|_| {}).unwrap();
        assert_eq!((again.inserted, again.unchanged), (0, 45));
        assert_eq!(store.counts().unwrap().articles, 45);
    }

    #[test]
    fn diagnostics_are_all_streamed_and_counted_but_only_the_first_are_kept() {
        let bad = KEPT_DIAGNOSTICS * 2 + 500;
        let items = (0..bad).map(|i| Err(Diagnostic::error("input.bad-json", "broken").at("in.jsonl", Some(i as u32))));
        let items = items.chain(self::items(3));
        let streamed = RefCell::new(Vec::new());
        let mut store = Store::open_in_memory().unwrap();
        let config = IngestConfig { threads: 2, batch_size: 64 };
        let summary =
            ingest_streaming(items, &pipeline(), &mut store, config, &|_| {}, &|d| streamed.borrow_mut().push(d.line))
                .unwrap();
        assert_eq!(summary.articles_read, 3);
        assert_eq!(summary.diagnostics.len(), KEPT_DIAGNOSTICS);
        assert_eq!((summary.diagnostics_total, summary.errors), (bad as u64, bad as u64));
        assert_eq!(summary.diagnostics_dropped(), (bad - KEPT_DIAGNOSTICS) as u64);
        assert!(summary.has_errors());
        assert_eq!(summary.diagnostics.last().and_then(|d| d.line), Some(KEPT_DIAGNOSTICS as u32 - 1));
        // Every one was handed over, in input order.
        let streamed = streamed.into_inner();
        assert_eq!(streamed.len(), bad);
        assert!(streamed.iter().enumerate().all(|(i, line)| *line == Some(i as u32)));
    }

    #[test]
    fn republished_copies_are_one_story_across_batches() {
        let body: String = (0..300).map(|i| format!("word{} ", i * 7 % 101)).collect();
        let raw = |id: &str, host: &str, text: &str| {
            Ok(RawArticle {
                id: id.into(),
                title: Some(format!("Headline at {host}")),
                url: Some(format!("https://{host}/{id}")),
                body: text.to_string(),
                ..RawArticle::default()
            })
        };
        let copies = vec![
            raw("a", "one.example", &body),
            raw("b", "two.example", &body),
            raw("c", "three.example", &body[..body.len() * 6 / 10]),
            raw("d", "one.example", "A different article about something else entirely, with its own words."),
        ];
        let mut store = Store::open_in_memory().unwrap();
        let config = IngestConfig { threads: 2, batch_size: 2 };
        let summary = ingest_items(copies.clone().into_iter(), &pipeline(), &mut store, config, &|_| {}).unwrap();
        assert_eq!((summary.stories_started, summary.stories_joined), (2, 2));
        assert_eq!(store.story("a").unwrap().map(|s| (s.articles, s.sources)), Some((3, 3)));
        assert_eq!(store.article_story("d").unwrap().as_deref(), Some("d"));
        // Again: nothing written, nothing counted twice.
        let again = ingest_items(copies.into_iter(), &pipeline(), &mut store, config, &|_| {}).unwrap();
        assert_eq!((again.unchanged, again.stories_started, again.stories_joined), (4, 0, 0));
        assert_eq!(store.story("a").unwrap().map(|s| s.articles), Some(3));
        assert_eq!(store.story_count().unwrap(), 2);
    }

    #[test]
    fn a_re_run_on_a_database_file_skips_coding_unchanged_input() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("redline.db")).unwrap();
        let config = IngestConfig { threads: 2, batch_size: 7 };
        let first = ingest_items(items(50), &pipeline(), &mut store, config, &|_| {}).unwrap();
        assert_eq!((first.inserted, first.skipped), (45, 0));
        let again = ingest_items(items(50), &pipeline(), &mut store, config, &|_| {}).unwrap();
        assert_eq!((again.articles_read, again.skipped, again.unchanged, again.inserted), (45, 45, 45, 0));
        // Bad lines are still reported; skipped articles are not coded, so they are not written either.
        assert_eq!(again.diagnostics.len(), 5);
        assert_eq!((again.events, again.mentions), (0, 0));
        // One edited article is coded again and replaced; the others are skipped.
        let edited = items(50).map(|item| {
            item.map(|mut raw| {
                if raw.id == "a3" {
                    raw.body = "Article number three, edited.".into();
                }
                raw
            })
        });
        let third = ingest_items(edited, &pipeline(), &mut store, config, &|_| {}).unwrap();
        assert_eq!((third.skipped, third.replaced, third.unchanged), (44, 1, 44));
        assert_eq!(store.article("a3").unwrap().unwrap().text, "Article number three, edited.");
        assert_eq!(store.counts().unwrap().articles, 45);
    }

    #[test]
    fn reads_files_from_paths() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/source");
        let mut store = Store::open_in_memory().unwrap();
        let summary = ingest(&[dir], &pipeline(), &mut store, IngestConfig::default(), &|_| {}).unwrap();
        assert_eq!(summary.articles_read, 5);
        assert_eq!(summary.diagnostics.len(), 11);
        assert!(store.article("russia-warns-20211114").unwrap().is_some());
    }

    #[test]
    fn a_store_failure_stops_the_run_and_keeps_earlier_batches() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("redline.db");
        let mut store = Store::open(&path).unwrap();
        let calls = RefCell::new(0);
        let config = IngestConfig { threads: 1, batch_size: 5 };
        let result = ingest_items(items(50), &pipeline(), &mut store, config, &|_| {
            *calls.borrow_mut() += 1;
            if *calls.borrow() == 2 {
                // From the third batch on, the database refuses every new article.
                let other = rusqlite::Connection::open(&path).unwrap();
                other
                    .execute_batch(
                        "CREATE TRIGGER refuse BEFORE INSERT ON articles \
                         BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;",
                    )
                    .unwrap();
            }
        });
        let err = result.unwrap_err();
        assert!(matches!(err, EngineError::Store(_)) && err.to_string().contains("disk on fire"), "{err}");
        assert_eq!(*calls.borrow(), 2);
        // Two batches of 5 items with one bad line in the second: 9 articles survive.
        assert_eq!(store.counts().unwrap().articles, 9);
    }
}
