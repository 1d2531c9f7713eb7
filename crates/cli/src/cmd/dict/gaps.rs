//! `redline dict gaps PATHS…`: the most frequent proper names in a corpus that no dictionary entry
//! resolves, with counts and an example sentence, so a maintainer sees what to add next.

use std::path::PathBuf;

use anyhow::Context;
use redline_coder::gaps::GapCounter;
use redline_engine::{Sources, code_in_order, dictionaries, thread_pool};

use crate::cmd::{Outcome, print_diagnostic};

/// Arguments of `redline dict gaps`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories of articles.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// How many names to list.
    #[arg(long, default_value_t = 50)]
    pub top: usize,
    /// Dictionary directory to use instead of the built-in set.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Coding threads (0 = one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// Runs `redline dict gaps`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let pipeline = dictionaries::pipeline(args.dict.as_deref()).context("cannot load dictionaries")?;
    let pool = thread_pool(args.threads)?;
    let mut counter = GapCounter::new();
    let mut errors = false;
    for item in code_in_order(Sources::new(args.paths.clone()), &pipeline, &pool, 64) {
        let article = match item {
            Ok(article) => article,
            Err(diagnostic) => {
                print_diagnostic(&diagnostic);
                errors = true;
                continue;
            }
        };
        counter.add(&article);
    }
    println!("{:>6}  {:<40} example", "count", "unresolved name");
    for gap in counter.ranked(args.top) {
        println!("{:>6}  {:<40} {}", gap.count, gap.name, gap.example);
    }
    Ok(Outcome::from_errors(errors))
}
