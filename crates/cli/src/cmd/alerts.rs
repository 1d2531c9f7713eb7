//! `redline alerts`: runs the detector of the rules file over the watched dyads (those named with `--dyad`, or
//! every country / organisation pair with enough conflict events) and prints each alert with its explanation:
//! the driving events with their evidence and `article:start-end` spans, the dyad's quotations in those
//! articles with their speakers, and the articles with their titles. The alerts and their evidence come from
//! `redline_engine::watch`; this module parses the arguments and formats.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use redline_engine::watch::{self, Explained, Watch, headline};
use redline_model::{Date, Modality};
use redline_signal::DyadSpec;

use crate::cmd::series::parse_dyad;
use crate::cmd::{Outcome, db_path, finish, open_existing, parse_date_arg, parse_modality};

/// Arguments of `redline alerts`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Database file [default: redline.db in the current directory].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Only alerts from this publication date on (the baselines still use the earlier history).
    #[arg(long, value_parser = parse_date_arg)]
    pub since: Option<Date>,
    /// Watch these dyads (repeatable) instead of the rules file's selection.
    #[arg(long = "dyad", value_parser = parse_dyad)]
    pub dyads: Vec<DyadSpec>,
    /// Rules file [default: the shipped rules/alerts.toml].
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Count only events of this modality (repeatable) [default: counted, i.e. asserted and reported]; one
    /// of asserted, negated, hypothetical, future, question, reported, denied, counted.
    #[arg(long = "modality", value_parser = parse_modality)]
    pub modalities: Vec<Vec<Modality>>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AlertFormat::Table)]
    pub format: AlertFormat,
}

/// Output formats of `redline alerts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AlertFormat {
    /// Each alert and its explanation, for people.
    Table,
    /// One JSON document: a list of alerts with their explanations.
    Json,
}

/// Runs `redline alerts`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let store = open_existing(&db_path(args.db))?;
    let modalities = args.modalities.into_iter().flatten().collect();
    let watch = Watch::new(&store, watch::load_rules(args.rules.as_deref())?)?.with_modalities(modalities);
    let dyads = if args.dyads.is_empty() { watch.watched_dyads(&store, None)? } else { args.dyads };
    let explained = watch.explained_alerts(&store, &dyads, args.since)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = match args.format {
        AlertFormat::Table => write_table(&mut out, &explained, &dyads, watch.unit()),
        AlertFormat::Json => write_json(&mut out, &explained),
    };
    finish(result)?;
    Ok(Outcome::Clean)
}

fn clip(text: &str, chars: usize) -> String {
    let clipped: String = text.chars().take(chars).collect();
    if clipped.len() < text.len() { format!("{clipped}…") } else { clipped }
}

fn write_table(out: &mut dyn Write, explained: &[Explained], dyads: &[DyadSpec], unit: &str) -> io::Result<()> {
    let names: Vec<String> = dyads.iter().map(|d| d.to_string()).collect();
    writeln!(out, "watched {} dyads: {}", dyads.len(), names.join(" "))?;
    writeln!(out, "{} alerts", explained.len())?;
    for e in explained {
        writeln!(out, "\nALERT {}", headline(&e.alert, unit))?;
        writeln!(out, "  events (largest contribution first):")?;
        for event in &e.events {
            let target = event.target.as_ref().map_or("-", |t| t.code.as_str());
            writeln!(
                out,
                "    {} → {} {} {} {:+.1} «{}»  {}:{}-{}",
                event.source.code,
                target,
                event.cameo,
                event.plover.as_deref().unwrap_or("-"),
                event.goldstein,
                clip(&event.evidence_text, 80),
                event.article_id,
                event.evidence_start,
                event.evidence_end
            )?;
        }
        if !e.quotes.is_empty() {
            writeln!(out, "  quotations:")?;
        }
        for quote in e.quotes.iter().take(5) {
            writeln!(
                out,
                "    {} ({}): «{}»  {}:{}-{}",
                quote.speaker_name.as_deref().unwrap_or("?"),
                quote.speaker_code.as_deref().unwrap_or("-"),
                clip(&quote.text, 120),
                quote.article_id,
                quote.start,
                quote.end
            )?;
        }
        writeln!(out, "  articles:")?;
        for article in &e.articles {
            writeln!(
                out,
                "    {} {} «{}» {}",
                article.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                article.source_host.as_deref().unwrap_or("-"),
                clip(article.title.as_deref().unwrap_or("(untitled)"), 90),
                article.url.as_deref().unwrap_or(&article.id)
            )?;
        }
    }
    out.flush()
}

/// The JSON form of explained alerts.
pub fn alerts_json(explained: &[Explained]) -> serde_json::Value {
    let alerts: Vec<serde_json::Value> = explained
        .iter()
        .map(|e| {
            let a = &e.alert;
            serde_json::json!({
                "id": watch::alert_id(a),
                "dyad": a.dyad.to_string(),
                "date": a.date.to_string(),
                "window_start": a.window_start.to_string(),
                "severity": a.severity.as_str(),
                "rule": a.rule,
                "kind": a.kind.as_str(),
                "value": a.score.value,
                "baseline_mean": a.score.baseline_mean,
                "baseline_spread": a.score.baseline_spread,
                "score": a.score.score,
                "window_events": a.window_events,
                "drivers": a.drivers.iter().map(|d| serde_json::json!({
                    "article_id": d.id.article_id, "seq": d.id.seq, "contribution": d.contribution,
                })).collect::<Vec<_>>(),
                "events": e.events.iter().map(|ev| serde_json::json!({
                    "article_id": ev.article_id, "seq": ev.seq, "source": ev.source.code,
                    "target": ev.target.as_ref().map(|t| t.code.clone()), "cameo": ev.cameo,
                    "goldstein": ev.goldstein, "modality": ev.modality, "evidence": ev.evidence_text,
                    "span": format!("{}:{}-{}", ev.article_id, ev.evidence_start, ev.evidence_end),
                })).collect::<Vec<_>>(),
                "quotes": e.quotes.iter().map(|q| serde_json::json!({
                    "speaker": q.speaker_name, "speaker_code": q.speaker_code, "text": q.text,
                    "span": format!("{}:{}-{}", q.article_id, q.start, q.end),
                })).collect::<Vec<_>>(),
                "articles": e.articles.iter().map(|r| serde_json::json!({
                    "id": r.id, "title": r.title, "url": r.url, "date": r.date.map(|d| d.to_string()),
                    "source": r.source_host,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::Value::Array(alerts)
}

fn write_json(out: &mut dyn Write, explained: &[Explained]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &alerts_json(explained)).map_err(io::Error::other)?;
    writeln!(out)?;
    out.flush()
}
