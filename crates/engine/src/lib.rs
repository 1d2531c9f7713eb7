//! redline-engine: everything between the files on disk and the coder, and between the coder and the
//! store or the screen.
//!
//! - [`source`]: paths (files, trees, JSON Lines, stdin) → `Result<RawArticle, Diagnostic>`, streaming.
//! - [`dictionaries`]: the embedded dictionary set or one from a directory, compiled into a `Pipeline`.
//! - [`code`]: parallel coding on a rayon pool, in input order, a bounded chunk at a time.
//! - [`export`]: stored tables → Parquet, CSV or JSON Lines files in Hive-style date partitions.
//! - [`ingest`]: reader → coders → one writer, in batched transactions.
//! - [`output`]: the stable JSON Lines schema, flat records for stored rows, tables for people.
//! - [`syntax`]: the shipped English syntax model (embedded) or one from a file.
//! - [`watch`]: store + `redline-signal` → tension series and explained alerts (CLI and server share it).

pub mod code;
pub mod dictionaries;
pub mod export;
pub mod ingest;
pub mod output;
pub mod source;
pub mod syntax;
pub mod watch;

#[cfg(test)]
mod test_support;

pub use code::{EngineError, code_chunk, code_in_order, thread_pool};
pub use ingest::{IngestConfig, IngestSummary, KEPT_DIAGNOSTICS, Progress, ingest, ingest_items, ingest_streaming};
pub use source::{SourceConfig, Sources};
pub use watch::{Explained, Watch, WatchError};
