//! Parallel coding: raw articles in, coded articles out, in input order, a bounded chunk at a time.
//!
//! Articles are coded on a rayon pool, `chunk_size` at a time, so memory stays bounded however long
//! the input is. A panic inside the coder is a bug, but it costs one article, not the run: it becomes
//! an `engine.coder-panic` diagnostic.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::ThreadPool;
use rayon::prelude::*;
use redline_coder::Pipeline;
use redline_model::{AnnotatedArticle, Diagnostic, RawArticle};

/// Diagnostic code for an article on which the coder panicked.
pub const CODER_PANIC: &str = "engine.coder-panic";

/// Why the engine could not run (never because of content).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The worker pool could not be started.
    #[error("cannot start worker threads: {0}")]
    ThreadPool(#[from] rayon::ThreadPoolBuildError),
    /// The store refused a batch; earlier batches are kept.
    #[error(transparent)]
    Store(#[from] redline_store::StoreError),
    /// A reader or coder thread died.
    #[error("an engine thread stopped unexpectedly")]
    ThreadPanicked,
}

/// A pool of `threads` workers (0 = one per core).
pub fn thread_pool(threads: usize) -> Result<ThreadPool, EngineError> {
    Ok(rayon::ThreadPoolBuilder::new().num_threads(threads).thread_name(|i| format!("redline-code-{i}")).build()?)
}

/// Codes one chunk in parallel on `pool`; the output is in the order of the input. Source diagnostics
/// pass through; the coder's diagnostics get the article's path and line where they have none.
pub fn code_chunk(
    chunk: Vec<Result<RawArticle, Diagnostic>>,
    pipeline: &Pipeline,
    pool: &ThreadPool,
) -> Vec<Result<AnnotatedArticle, Diagnostic>> {
    pool.install(|| chunk.into_par_iter().map(|item| item.and_then(|raw| code_one(&raw, pipeline))).collect())
}

fn code_one(raw: &RawArticle, pipeline: &Pipeline) -> Result<AnnotatedArticle, Diagnostic> {
    let mut article = catch_unwind(AssertUnwindSafe(|| pipeline.code(raw))).map_err(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let message = format!("the coder failed on article {:?} (a bug; please report it): {reason}", raw.id);
        Diagnostic::error(CODER_PANIC, message).at(raw.origin.path.clone(), raw.origin.line)
    })?;
    for diagnostic in &mut article.diagnostics {
        if diagnostic.path.is_none() {
            diagnostic.path = Some(article.origin.path.clone());
            diagnostic.line = article.origin.line;
        }
    }
    Ok(article)
}

/// Codes a stream of articles `chunk_size` at a time, yielding results in input order.
pub fn code_in_order<'a, I>(items: I, pipeline: &'a Pipeline, pool: &'a ThreadPool, chunk_size: usize) -> Coded<'a, I>
where
    I: Iterator<Item = Result<RawArticle, Diagnostic>>,
{
    Coded { items, pipeline, pool, chunk_size: chunk_size.max(1), ready: Vec::new().into_iter() }
}

/// The iterator returned by [`code_in_order`].
pub struct Coded<'a, I> {
    items: I,
    pipeline: &'a Pipeline,
    pool: &'a ThreadPool,
    chunk_size: usize,
    ready: std::vec::IntoIter<Result<AnnotatedArticle, Diagnostic>>,
}

impl<I> Iterator for Coded<'_, I>
where
    I: Iterator<Item = Result<RawArticle, Diagnostic>>,
{
    type Item = Result<AnnotatedArticle, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.ready.next() {
            return Some(item);
        }
        let chunk: Vec<_> = self.items.by_ref().take(self.chunk_size).collect();
        if chunk.is_empty() {
            return None;
        }
        self.ready = code_chunk(chunk, self.pipeline, self.pool).into_iter();
        self.ready.next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_model::Origin;

    fn raw(id: usize) -> Result<RawArticle, Diagnostic> {
        if id % 7 == 3 {
            return Err(Diagnostic::error("input.bad-json", format!("line {id}")));
        }
        Ok(RawArticle {
            id: format!("a{id}"),
            title: Some(format!("Title {id}")),
            body: format!("Body of article {id}."),
            origin: Origin { path: "in.jsonl".into(), line: Some(id as u32 + 1) },
            ..RawArticle::default()
        })
    }

    #[test]
    fn results_come_back_in_input_order_across_chunks() {
        let pipeline = crate::dictionaries::tests::minimal_pipeline();
        let pool = thread_pool(2).unwrap();
        let out: Vec<_> = code_in_order((0..50).map(raw), &pipeline, &pool, 8).collect();
        assert_eq!(out.len(), 50);
        for (i, item) in out.iter().enumerate() {
            match item {
                Ok(article) => assert_eq!(article.id, format!("a{i}")),
                Err(d) => assert_eq!((i % 7, d.message.as_str()), (3, format!("line {i}").as_str())),
            }
        }
    }

    #[test]
    fn chunk_size_zero_still_progresses() {
        let pipeline = crate::dictionaries::tests::minimal_pipeline();
        let pool = thread_pool(1).unwrap();
        assert_eq!(code_in_order((0..3).map(raw), &pipeline, &pool, 0).count(), 3);
    }
}
