//! `redline quotes`: list stored quotations, filtered by speaker, words and date.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use redline_engine::output::{QuoteRecord, write_jsonl, write_quote_rows_table};
use redline_model::{Date, QuoteKind};
use redline_store::QuoteFilter;

use crate::cmd::{Outcome, RowFormat, db_path, finish, open_existing, parse_date_arg};

/// Arguments of `redline quotes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Database file [default: redline.db in the current directory].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Speaker: part of the name (any case) or an actor code prefix.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Words the quotation contains (any case).
    #[arg(long)]
    pub text: Option<String>,
    /// First article date, inclusive (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg)]
    pub from: Option<Date>,
    /// Last article date, inclusive (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg)]
    pub to: Option<Date>,
    /// At most this many quotations.
    #[arg(long)]
    pub limit: Option<u32>,
    /// Only quotations of this kind (repeatable): direct, partial or scare (scare quotes and titles, left
    /// out by default).
    #[arg(long = "kind", value_parser = parse_kind)]
    pub kinds: Vec<QuoteKind>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RowFormat::Table)]
    pub format: RowFormat,
}

fn parse_kind(text: &str) -> Result<QuoteKind, String> {
    QuoteKind::parse(&text.trim().to_ascii_lowercase()).ok_or_else(|| {
        let names: Vec<&str> = QuoteKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("{text:?} is not a quotation kind; one of {}", names.join(", "))
    })
}

/// Runs `redline quotes`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let store = open_existing(&db_path(args.db))?;
    let filter = QuoteFilter {
        speaker: args.speaker,
        text: args.text,
        from: args.from,
        to: args.to,
        kinds: args.kinds,
        limit: args.limit,
    };
    let rows = store.quotes(&filter)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let write = |out: &mut BufWriter<io::StdoutLock<'_>>| -> io::Result<()> {
        match args.format {
            RowFormat::Table => write_quote_rows_table(out, &rows)?,
            RowFormat::Jsonl => {
                for row in &rows {
                    write_jsonl(out, &QuoteRecord::from(row))?;
                }
            }
            RowFormat::Csv => {
                let mut csv = csv::Writer::from_writer(&mut *out);
                for row in &rows {
                    csv.serialize(QuoteRecord::from(row))?;
                }
                csv.flush()?;
            }
        }
        out.flush()
    };
    finish(write(&mut out))?;
    Ok(Outcome::Clean)
}
