//! Subcommands, one module each, and what they share: outcomes, output formats, dates, the database path.

pub mod alerts;
pub mod backtest;
pub mod bench;
pub mod code;
pub mod demo;
pub mod dict;
pub mod eval;
pub mod events;
pub mod export;
pub mod ingest;
pub mod plot;
pub mod quotes;
pub mod series;
pub mod serve;
pub mod syntax;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use redline_model::{Date, Diagnostic, Modality};
use redline_store::Store;

/// The database used when `--db` is not given: `redline.db` in the current directory.
pub const DEFAULT_DB: &str = "redline.db";

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was processed.
    Clean,
    /// Some input had errors (reported on stderr); the rest was processed.
    InputErrors,
}

impl Outcome {
    /// `InputErrors` if `errors` is true.
    pub fn from_errors(errors: bool) -> Outcome {
        if errors { Outcome::InputErrors } else { Outcome::Clean }
    }
}

/// Output formats of the query commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RowFormat {
    /// Aligned lines for people.
    Table,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
}

/// Parses `YYYY-MM-DD` or `YYYYMMDD` for `--from` / `--to`.
pub fn parse_date_arg(text: &str) -> Result<Date, String> {
    redline_engine::source::parse_date(text).ok_or_else(|| format!("{text:?} is not a date YYYY-MM-DD or YYYYMMDD"))
}

/// Parses a `--modality` value: one modality, or `counted` for asserted and reported (what series and alerts
/// count by default).
pub fn parse_modality(text: &str) -> Result<Vec<Modality>, String> {
    let text = text.trim().to_ascii_lowercase();
    if text == "counted" {
        return Ok(Modality::COUNTED.to_vec());
    }
    Modality::parse(&text).map(|m| vec![m]).ok_or_else(|| {
        let names: Vec<&str> = Modality::ALL.iter().map(|m| m.as_str()).collect();
        format!("{text:?} is not a modality; one of {}, or counted", names.join(", "))
    })
}

/// Prints a diagnostic to stderr as `path:line: error[code]: message`.
pub fn print_diagnostic(diagnostic: &Diagnostic) {
    eprintln!("{diagnostic}");
}

/// Opens an existing database for queries; a missing file is an error, not a new empty database.
pub fn open_existing(path: &Path) -> anyhow::Result<Store> {
    if !path.exists() {
        bail!("no database at {} (run `redline ingest` first, or pass --db)", path.display());
    }
    Store::open(path).with_context(|| format!("cannot open database {}", path.display()))
}

/// The database path from `--db`, or [`DEFAULT_DB`].
pub fn db_path(db: Option<PathBuf>) -> PathBuf {
    db.unwrap_or_else(|| PathBuf::from(DEFAULT_DB))
}

/// Finishes writing to stdout; a closed pipe (`redline events | head`) is not an error.
pub fn finish(result: io::Result<()>) -> anyhow::Result<()> {
    match result.and_then(|()| io::stdout().flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}
