//! `redline events`: list stored events, filtered by actor, dyad, CAMEO root, PLOVER type and date.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use redline_engine::output::{EventRecord, write_event_rows_table, write_jsonl};
use redline_model::{Date, PloverType};
use redline_store::{Dyad, EventFilter};

use crate::cmd::{Outcome, RowFormat, db_path, finish, open_existing, parse_date_arg};

/// Arguments of `redline events`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Database file [default: redline.db in the current directory].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Actor code prefix matching the source or the target (`RUS` matches `RUSGOV`).
    #[arg(long)]
    pub actor: Option<String>,
    /// Source and target code prefixes, `RUS:UKR`.
    #[arg(long)]
    pub dyad: Option<Dyad>,
    /// Match the dyad in both directions.
    #[arg(long, requires = "dyad")]
    pub undirected: bool,
    /// CAMEO root, 1 to 20 (repeatable).
    #[arg(long = "root", value_parser = parse_root)]
    pub roots: Vec<String>,
    /// PLOVER type (`THREATEN`).
    #[arg(long, value_parser = parse_plover)]
    pub plover: Option<String>,
    /// First date, inclusive (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg)]
    pub from: Option<Date>,
    /// Last date, inclusive (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg)]
    pub to: Option<Date>,
    /// Only events of this article.
    #[arg(long)]
    pub article: Option<String>,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<u32>,
    /// Skip this many events first.
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RowFormat::Table)]
    pub format: RowFormat,
}

fn parse_root(text: &str) -> Result<String, String> {
    match text.trim().parse::<u8>() {
        Ok(root @ 1..=20) => Ok(format!("{root:02}")),
        _ => Err(format!("{text:?} is not a CAMEO root (1 to 20)")),
    }
}

fn parse_plover(text: &str) -> Result<String, String> {
    PloverType::parse(text).map(|p| p.as_str().to_string()).ok_or_else(|| {
        let names: Vec<&str> = PloverType::ALL.iter().map(|p| p.as_str()).collect();
        format!("{text:?} is not a PLOVER type; one of {}", names.join(", "))
    })
}

/// Runs `redline events`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let store = open_existing(&db_path(args.db))?;
    let filter = EventFilter {
        actor: args.actor,
        dyad: args.dyad,
        undirected: args.undirected,
        roots: args.roots,
        plover: args.plover,
        from: args.from,
        to: args.to,
        article_id: args.article,
        limit: args.limit,
        offset: args.offset,
    };
    let rows = store.events(&filter)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let write = |out: &mut BufWriter<io::StdoutLock<'_>>| -> io::Result<()> {
        match args.format {
            RowFormat::Table => write_event_rows_table(out, &rows)?,
            RowFormat::Jsonl => {
                for row in &rows {
                    write_jsonl(out, &EventRecord::from(row))?;
                }
            }
            RowFormat::Csv => {
                let mut csv = csv::Writer::from_writer(&mut *out);
                for row in &rows {
                    csv.serialize(EventRecord::from(row))?;
                }
                csv.flush()?;
            }
        }
        out.flush()
    };
    finish(write(&mut out))?;
    Ok(Outcome::Clean)
}
