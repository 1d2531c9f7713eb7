//! `redline eval --gold FILE`: codes every item of a gold file and scores the result as
//! `../shared/data/gold/FORMAT.md` describes (precision, recall, F1 per measure).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use anyhow::Context;
use redline_engine::{code_chunk, dictionaries, thread_pool};
use redline_eval::{GoldItem, Scorer, parse_gold_line};
use redline_model::{Diagnostic, Origin, RawArticle};

use crate::cmd::{Outcome, print_diagnostic};

/// Arguments of `redline eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gold file (JSON Lines, see FORMAT.md).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Dictionary directory to use instead of the built-in set.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Coding threads (0 = one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `redline eval`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let pipeline = dictionaries::pipeline(args.dict.as_deref()).context("cannot load dictionaries")?;
    let pool = thread_pool(args.threads)?;
    let path = args.gold.display().to_string();
    let file = File::open(&args.gold).with_context(|| format!("cannot open gold file {path}"))?;
    let mut items: Vec<GoldItem> = Vec::new();
    let mut raws = Vec::new();
    let mut errors = false;
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let number = index as u32 + 1;
        let line = match line {
            Ok(line) => line,
            Err(err) => {
                print_diagnostic(&Diagnostic::error("input.unreadable", err.to_string()).at(&path, Some(number)));
                errors = true;
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match parse_gold_line(&line) {
            Ok(item) => {
                raws.push(Ok(RawArticle {
                    id: item.id.clone(),
                    title: item.title.clone(),
                    date: item.date,
                    url: item.url.clone(),
                    body: item.text.clone(),
                    origin: Origin { path: path.clone(), line: Some(number) },
                }));
                items.push(item);
            }
            Err(err) => {
                print_diagnostic(&Diagnostic::error("input.bad-gold", err.to_string()).at(&path, Some(number)));
                errors = true;
            }
        }
    }
    let coded = code_chunk(raws, &pipeline, &pool);
    let mut scorer = Scorer::new();
    for (item, article) in items.iter().zip(coded) {
        match article {
            Ok(article) => scorer.add(item, &article, pipeline.taxonomy()),
            Err(diagnostic) => {
                print_diagnostic(&diagnostic);
                errors = true;
            }
        }
    }
    let report = scorer.report();
    if args.json {
        let measures: Vec<serde_json::Value> = report
            .measures
            .iter()
            .map(|m| {
                serde_json::json!({
                    "measure": m.name, "tp": m.tp, "fp": m.fp, "fn": m.fn_,
                    "precision": m.precision, "recall": m.recall, "f1": m.f1, "accuracy": m.accuracy,
                })
            })
            .collect();
        let out = serde_json::json!({ "gold": path, "items": report.items, "dict_version": pipeline.dict_version(), "measures": measures });
        println!("{out}");
    } else {
        println!("gold: {path} ({} items, dictionaries {})", report.items, pipeline.dict_version());
        print!("{report}");
    }
    Ok(Outcome::from_errors(errors))
}
