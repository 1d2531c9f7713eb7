//! `redline events`: list stored events, filtered by actor, dyad, CAMEO root, PLOVER type and date; with
//! `--by-story`, counted once per story (near-duplicate articles grouped by the store).

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use redline_engine::output::{EventRecord, write_event_rows_table, write_jsonl};
use redline_model::{Date, Modality, PloverType};
use redline_store::{Dyad, EventFilter, StoryEventRow};

use crate::cmd::{Outcome, RowFormat, db_path, finish, open_existing, parse_date_arg, parse_modality};

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
    /// Only events of this modality (repeatable): asserted, negated, hypothetical, future, question, reported,
    /// denied. `--modality counted` is asserted and reported, what series and alerts count.
    #[arg(long = "modality", value_parser = parse_modality)]
    pub modalities: Vec<Vec<Modality>>,
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
    /// One row per (story, source code, target code, CAMEO code), with the number of the story's articles
    /// and sources that carried it; --limit and --offset then count rows, not events.
    #[arg(long)]
    pub by_story: bool,
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
        modalities: args.modalities.into_iter().flatten().collect(),
        from: args.from,
        to: args.to,
        article_id: args.article,
        limit: args.limit,
        offset: args.offset,
    };
    if args.by_story {
        let rows = store.events_by_story(&filter)?;
        let stdout = io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        finish(write_story_rows(&mut out, &rows, args.format))?;
        return Ok(Outcome::Clean);
    }
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

/// Columns of `--by-story` CSV output (JSON Lines has the same fields, plus every field of an event record).
const STORY_COLUMNS: [&str; 17] = [
    "story",
    "articles",
    "sources",
    "story_articles",
    "story_sources",
    "date",
    "source_code",
    "source_name",
    "target_code",
    "target_name",
    "cameo",
    "plover",
    "quad_class",
    "goldstein",
    "evidence_text",
    "article_id",
    "seq",
];

fn write_story_rows(out: &mut dyn Write, rows: &[StoryEventRow], format: RowFormat) -> io::Result<()> {
    match format {
        RowFormat::Table => {
            for row in rows {
                let e = &row.event;
                let date = e.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
                let dyad = format!("{} → {}", e.source.code, e.target.as_ref().map_or("-", |t| t.code.as_str()));
                writeln!(
                    out,
                    "{date:<10}  {dyad:<22}  {:<4}  {:<9}  {:>5.1}  {:>3} art {:>3} src  \"{}\"    [story {}]",
                    e.cameo,
                    e.plover.as_deref().unwrap_or("-"),
                    e.goldstein,
                    row.articles,
                    row.sources,
                    e.evidence_text,
                    row.story_id
                )?;
            }
        }
        RowFormat::Jsonl => {
            for row in rows {
                let mut value = serde_json::to_value(EventRecord::from(&row.event)).map_err(io::Error::other)?;
                if let Some(object) = value.as_object_mut() {
                    object.insert("story".into(), row.story_id.clone().into());
                    object.insert("articles".into(), row.articles.into());
                    object.insert("sources".into(), row.sources.into());
                    object.insert("story_articles".into(), row.story_articles.into());
                    object.insert("story_sources".into(), row.story_sources.into());
                }
                write_jsonl(out, &value)?;
            }
        }
        RowFormat::Csv => {
            let mut csv = csv::Writer::from_writer(&mut *out);
            csv.write_record(STORY_COLUMNS)?;
            for row in rows {
                let e = &row.event;
                let target = e.target.as_ref();
                csv.write_record([
                    row.story_id.clone(),
                    row.articles.to_string(),
                    row.sources.to_string(),
                    row.story_articles.to_string(),
                    row.story_sources.to_string(),
                    e.date.map(|d| d.to_string()).unwrap_or_default(),
                    e.source.code.clone(),
                    e.source.name.clone(),
                    target.map(|t| t.code.clone()).unwrap_or_default(),
                    target.map(|t| t.name.clone()).unwrap_or_default(),
                    e.cameo.clone(),
                    e.plover.clone().unwrap_or_default(),
                    e.quad_class.to_string(),
                    e.goldstein.to_string(),
                    e.evidence_text.clone(),
                    e.article_id.clone(),
                    e.seq.to_string(),
                ])?;
            }
            csv.flush()?;
        }
    }
    out.flush()
}
