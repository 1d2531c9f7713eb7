//! `redline ingest`: code articles and store them, with a progress bar on a terminal and a summary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use redline_engine::{IngestConfig, Progress, Sources, dictionaries, ingest_streaming};
use redline_store::Store;

use crate::cmd::{Outcome, db_path, print_diagnostic};

/// Arguments of `redline ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories to read; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Database file (created if missing) [default: redline.db in the current directory].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Coding threads (0 = one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Articles per stored transaction.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_size: u32,
    /// Dictionary directory to use instead of the built-in set.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
}

/// Runs `redline ingest`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let pipeline = dictionaries::pipeline(args.dict.as_deref()).context("cannot load dictionaries")?;
    let db = db_path(args.db);
    let mut store = Store::open(&db).with_context(|| format!("cannot open database {}", db.display()))?;
    let bar = progress_bar();
    let config = IngestConfig { threads: args.threads, batch_size: args.batch_size as usize };
    let report = |p: Progress| {
        bar.set_message(format!("{} articles, {} events, {} diagnostics", p.articles, p.events, p.diagnostics));
    };
    // Diagnostics are printed as their batch is stored: the summary keeps only the first few thousand.
    let on_diagnostic = |diagnostic: &redline_model::Diagnostic| bar.suspend(|| print_diagnostic(diagnostic));
    let sources = Sources::new(args.paths.iter().cloned());
    let result = ingest_streaming(sources, &pipeline, &mut store, config, &report, &on_diagnostic);
    bar.finish_and_clear();
    let summary = result.with_context(|| format!("ingest into {} stopped", db.display()))?;
    println!("database:      {}", db.display());
    println!("articles read: {}", summary.articles_read);
    println!("inserted:      {}", summary.inserted);
    println!("unchanged:     {}", summary.unchanged);
    println!("replaced:      {}", summary.replaced);
    println!("events:        {}", summary.events);
    println!("quotes:        {}", summary.quotes);
    // Stories: articles written now that started a story or joined one as a near-duplicate, and all stories stored.
    println!("stories new:   {}", summary.stories_started);
    println!("stories joined: {}", summary.stories_joined);
    match store.story_count() {
        Ok(stories) => println!("stories total: {stories}"),
        Err(err) => eprintln!("cannot count stories: {err}"),
    }
    println!("diagnostics:   {}", summary.diagnostics_total);
    Ok(Outcome::from_errors(summary.has_errors()))
}

/// A spinner with running counts on a terminal; hidden when stderr is a pipe or a file.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar.set_message("reading…");
    bar
}
