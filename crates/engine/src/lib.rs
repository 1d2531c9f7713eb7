//! redline-engine: everything between the files on disk and the coder, and between the coder and the
//! store or the screen.
//!
//! - [`source`]: paths (files, trees, JSON Lines, stdin) → `Result<RawArticle, Diagnostic>`, streaming.
//! - [`dictionaries`]: the embedded dictionary set or one from a directory, compiled into a `Pipeline`.
//! - [`code`]: parallel coding on a rayon pool, in input order, a bounded chunk at a time.
//! - [`export`]: stored tables → Parquet, CSV or JSON Lines files in Hive-style date partitions.
//! - [`ingest`]: reader → coders → one writer, in batched transactions.
//! - [`output`]: the stable JSON Lines schema, flat records for stored rows, tables for people.

pub mod code;
pub mod dictionaries;
pub mod export;
pub mod ingest;
pub mod output;
pub mod source;

pub use code::{EngineError, code_chunk, code_in_order, thread_pool};
pub use ingest::{IngestConfig, IngestSummary, Progress, ingest, ingest_items};
pub use source::{SourceConfig, Sources};
