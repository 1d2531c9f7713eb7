//! `redline series DYAD`: a dyad's tension series per day or ISO week (counts by quad class, Goldstein,
//! conflict share, stories, sources, coverage and the watched metric), as a table with a sparkline, CSV or
//! JSON. The series itself comes from `redline_engine::watch`; this module parses the arguments and formats.
//! It also owns the argument types `alerts` and `plot` share (`By`, `parse_dyad`).

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use redline_engine::watch::{self, Watch, point_value};
use redline_model::{Date, Modality};
use redline_signal::{Bucket, DyadSpec, Rules, SERIES_COLUMNS, Series};

use crate::cmd::{Outcome, db_path, finish, open_existing, parse_date_arg, parse_modality};

/// Arguments of `redline series`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dyad: `RUS:UKR` (directed), `RUS-UKR` (both directions), any level (`RUSGOV:UKR`, `IGOWSTNAT-RUS`).
    #[arg(value_parser = parse_dyad)]
    pub dyad: DyadSpec,
    /// Count both directions (same as writing the dyad with '-').
    #[arg(long)]
    pub undirected: bool,
    /// Database file [default: redline.db in the current directory].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// First publication date, inclusive [default: the first stored].
    #[arg(long, value_parser = parse_date_arg)]
    pub from: Option<Date>,
    /// Last publication date, inclusive [default: the last stored].
    #[arg(long, value_parser = parse_date_arg)]
    pub to: Option<Date>,
    /// Bucket width.
    #[arg(long, value_enum, default_value_t = By::Day)]
    pub by: By,
    /// Show the metric per 100 articles of the sources active in the bucket (the sparkline follows it).
    #[arg(long)]
    pub normalise: bool,
    /// Rules file whose `[series]` says which events the metric counts [default: the shipped rules].
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Count only events of this modality (repeatable) [default: counted, i.e. asserted and reported]; one
    /// of asserted, negated, hypothetical, future, question, reported, denied, counted.
    #[arg(long = "modality", value_parser = parse_modality)]
    pub modalities: Vec<Vec<Modality>>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SeriesFormat::Table)]
    pub format: SeriesFormat,
}

/// Bucket width on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// One row per day.
    Day,
    /// One row per ISO week (labelled by its Monday).
    Week,
}

impl From<By> for Bucket {
    fn from(by: By) -> Bucket {
        match by {
            By::Day => Bucket::Day,
            By::Week => Bucket::Week,
        }
    }
}

/// Output formats of `redline series`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeriesFormat {
    /// Aligned columns and a sparkline.
    Table,
    /// Comma-separated values with a header.
    Csv,
    /// One JSON document.
    Json,
}

/// Parses a dyad argument.
pub fn parse_dyad(text: &str) -> Result<DyadSpec, String> {
    text.parse::<DyadSpec>().map_err(|e| e.to_string())
}

/// Unicode block sparkline of `values` scaled to their maximum.
pub fn sparkline(values: &[f64]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    values
        .iter()
        .map(|v| {
            if max <= 0.0 || !v.is_finite() {
                return BLOCKS[0];
            }
            let level = ((v / max) * 7.0).round().clamp(0.0, 7.0) as usize;
            BLOCKS[level]
        })
        .collect()
}

/// Runs `redline series`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let rules = watch::load_rules(args.rules.as_deref())?;
    let store = open_existing(&db_path(args.db))?;
    let watch = Watch::new(&store, rules)?.with_modalities(args.modalities.into_iter().flatten().collect());
    let (from, to) = watch.date_range(args.from, args.to)?;
    let dyad = if args.undirected { args.dyad.undirected() } else { args.dyad };
    let series = watch.series(&store, &dyad, args.by.into(), from, to)?;
    let rules = watch.rules();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = match args.format {
        SeriesFormat::Table => write_table(&mut out, &series, rules.series.metric.as_str(), args.normalise),
        SeriesFormat::Csv => write_csv(&mut out, &series),
        SeriesFormat::Json => write_json(&mut out, &series, rules),
    };
    finish(result)?;
    Ok(Outcome::Clean)
}

fn opt(value: Option<f64>, digits: usize) -> String {
    value.map_or("-".to_string(), |v| format!("{v:.digits$}"))
}

fn write_table(out: &mut dyn Write, series: &Series, metric: &str, normalise: bool) -> io::Result<()> {
    let shown: Vec<f64> = series.points.iter().map(|p| point_value(p, normalise)).collect();
    let unit = if normalise { "per 100 articles" } else { "per bucket" };
    writeln!(out, "{}  {metric} {unit}  {}", series.dyad, sparkline(&shown))?;
    writeln!(
        out,
        "{:<10} {:>6} {:>4} {:>4} {:>4} {:>4} {:>8} {:>6} {:>6} {:>7} {:>7} {:>8} {:>8} {:>7} {:>8}",
        "start",
        "events",
        "q1",
        "q2",
        "q3",
        "q4",
        "gold_sum",
        "g_mean",
        "confl%",
        "stories",
        "sources",
        "st_evts",
        "articles",
        "metric",
        "per_100"
    )?;
    for p in &series.points {
        writeln!(
            out,
            "{:<10} {:>6} {:>4} {:>4} {:>4} {:>4} {:>8.1} {:>6} {:>6} {:>7} {:>7} {:>8} {:>8} {:>7.1} {:>8}",
            p.start.map(|d| d.to_string()).unwrap_or_default(),
            p.events,
            p.quad[0],
            p.quad[1],
            p.quad[2],
            p.quad[3],
            p.goldstein_sum,
            opt(p.goldstein_mean, 2),
            opt(p.conflict_share.map(|s| s * 100.0), 0),
            p.stories,
            p.sources,
            p.story_events,
            p.articles,
            p.value,
            opt(p.per_100_articles, 1),
        )?;
    }
    out.flush()
}

fn write_csv(out: &mut dyn Write, series: &Series) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(&mut *out);
    csv.write_record(SERIES_COLUMNS)?;
    let text = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for p in &series.points {
        csv.write_record([
            p.start.map(|d| d.to_string()).unwrap_or_default(),
            p.events.to_string(),
            p.quad[0].to_string(),
            p.quad[1].to_string(),
            p.quad[2].to_string(),
            p.quad[3].to_string(),
            p.goldstein_sum.to_string(),
            text(p.goldstein_mean),
            text(p.conflict_share),
            p.stories.to_string(),
            p.sources.to_string(),
            p.story_events.to_string(),
            p.articles.to_string(),
            p.active_sources.to_string(),
            p.value.to_string(),
            text(p.per_100_articles),
        ])?;
    }
    csv.flush()
}

fn write_json(out: &mut dyn Write, series: &Series, rules: &Rules) -> io::Result<()> {
    let points: Vec<serde_json::Value> = series
        .points
        .iter()
        .map(|p| {
            serde_json::json!({
                "start": p.start.map(|d| d.to_string()),
                "events": p.events,
                "quad": p.quad,
                "goldstein_sum": p.goldstein_sum,
                "goldstein_mean": p.goldstein_mean,
                "conflict_share": p.conflict_share,
                "stories": p.stories,
                "sources": p.sources,
                "story_events": p.story_events,
                "articles": p.articles,
                "active_sources": p.active_sources,
                "metric": p.value,
                "metric_per_100_articles": p.per_100_articles,
            })
        })
        .collect();
    let document = serde_json::json!({
        "dyad": series.dyad.to_string(),
        "bucket": if series.bucket == Bucket::Week { "week" } else { "day" },
        "date_basis": "publication",
        "metric": rules.series.metric.as_str(),
        "points": points,
    });
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::other)?;
    writeln!(out)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_to_the_maximum() {
        assert_eq!(sparkline(&[0.0, 3.5, 7.0]), "▁▅█");
        assert_eq!(sparkline(&[0.0, 0.0]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }
}
