//! `redline export`: write stored tables (events, quotes, articles, stories) as Parquet, CSV or JSON Lines files partitioned by date, for
//! DuckDB, pandas, Spark or DataFusion; `--schema` prints the documented columns of every table.

use std::path::PathBuf;

use anyhow::{Context, bail};
use redline_engine::export::{DEFAULT_PAGE_SIZE, ExportConfig, ExportFormat, ExportTable, export, schema_markdown};
use redline_model::Date;
use redline_store::DateRange;

use crate::cmd::{Outcome, db_path, open_existing, parse_date_arg};

/// File formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Apache Parquet (Snappy), dates as DATE.
    Parquet,
    /// CSV with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Tables on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    /// Coded events, by event date.
    Events,
    /// Quotations, by article date.
    Quotes,
    /// Articles with their clean text, by publication date.
    Articles,
    /// Stories (near-duplicate articles grouped), by first publication date.
    Stories,
}

/// Arguments of `redline export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Database file [default: redline.db in the current directory].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Output directory (created if missing); each table goes to OUT/TABLE/date=YYYY-MM-DD/.
    #[arg(long, value_name = "DIR", required_unless_present = "schema")]
    pub out: Option<PathBuf>,
    /// File format.
    #[arg(long, value_enum, default_value_t = Format::Parquet)]
    pub format: Format,
    /// Tables to export, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Table::Events, Table::Quotes, Table::Articles, Table::Stories])]
    pub what: Vec<Table>,
    /// First date, inclusive (YYYY-MM-DD); rows without a date are left out when a range is given.
    #[arg(long, value_parser = parse_date_arg)]
    pub from: Option<Date>,
    /// Last date, inclusive (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg)]
    pub to: Option<Date>,
    /// Rows read from the database per page (bounds memory).
    #[arg(long, default_value_t = DEFAULT_PAGE_SIZE as u32, value_parser = clap::value_parser!(u32).range(1..))]
    pub page_size: u32,
    /// Print the schema of every table (Markdown) and exit.
    #[arg(long)]
    pub schema: bool,
}

/// Runs `redline export`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.schema {
        print!("{}", schema_markdown());
        return Ok(Outcome::Clean);
    }
    let Some(out) = args.out else { bail!("--out DIR is required") };
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        bail!("--from {from} is after --to {to}");
    }
    let db = db_path(args.db);
    let store = open_existing(&db)?;
    let mut tables: Vec<ExportTable> = Vec::new();
    for table in args.what {
        let table = match table {
            Table::Events => ExportTable::Events,
            Table::Quotes => ExportTable::Quotes,
            Table::Articles => ExportTable::Articles,
            Table::Stories => ExportTable::Stories,
        };
        if !tables.contains(&table) {
            tables.push(table);
        }
    }
    let config = ExportConfig {
        format: match args.format {
            Format::Parquet => ExportFormat::Parquet,
            Format::Csv => ExportFormat::Csv,
            Format::Jsonl => ExportFormat::Jsonl,
        },
        tables,
        range: DateRange { from: args.from, to: args.to },
        page_size: args.page_size as usize,
    };
    let done = export(&store, &out, &config).with_context(|| format!("export to {} failed", out.display()))?;
    for table in &done {
        println!(
            "{:<9} {:>8} rows  {:>4} partitions  {}",
            table.table.name(),
            table.rows,
            table.partitions,
            table.dir.display()
        );
    }
    println!("schema    {}", out.join("schema.md").display());
    Ok(Outcome::Clean)
}
