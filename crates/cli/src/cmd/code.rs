//! `redline code`: code articles and print them (JSON Lines or a table); nothing is stored.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use redline_engine::output::{write_article_jsonl, write_article_table};
use redline_engine::{Sources, code_in_order, dictionaries, thread_pool};
use redline_model::Severity;

use crate::cmd::{Outcome, finish, print_diagnostic};

/// Output formats of `redline code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per article (the stable schema).
    Jsonl,
    /// One line per event, then the quotations, for people.
    Table,
}

/// Arguments of `redline code`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories to read; `-` (or nothing) reads standard input.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Dictionary directory to use instead of the built-in set.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Coding threads (0 = one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// Articles coded per parallel chunk; results still come out in input order.
const CHUNK: usize = 64;

/// Runs `redline code`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let pipeline = dictionaries::pipeline(args.dict.as_deref()).context("cannot load dictionaries")?;
    let pool = thread_pool(args.threads)?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut errors = false;
    let write = || -> io::Result<()> {
        for item in code_in_order(Sources::new(paths), &pipeline, &pool, CHUNK) {
            let article = match item {
                Ok(article) => article,
                Err(diagnostic) => {
                    errors = true;
                    print_diagnostic(&diagnostic);
                    continue;
                }
            };
            for diagnostic in article.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                errors = true;
                print_diagnostic(diagnostic);
            }
            match args.format {
                Format::Jsonl => write_article_jsonl(&mut out, &article, pipeline.taxonomy())?,
                Format::Table => write_article_table(&mut out, &article, pipeline.taxonomy())?,
            }
        }
        out.flush()
    };
    finish(write())?;
    Ok(Outcome::from_errors(errors))
}
