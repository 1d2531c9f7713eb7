//! `redline backtest`: replays the detector on the 2021–22 escalation corpus (a given database, or a temporary
//! one coded from the bundled demo corpus) and prints what an analyst would have seen: the escalation dyads'
//! monthly conflict series, their alerts before 2022-02-24 with lead times, the calm dyads checked and why they
//! are calm, and how the result moves when the threshold and baseline window move. Writes the chart to `--out`.

use std::path::PathBuf;

use anyhow::Context;
use redline_engine::watch::{self, Watch, headline};
use redline_engine::{IngestConfig, dictionaries, ingest};
use redline_model::Date;
use redline_signal::{Alert, Bucket, DyadSpec, RuleKind, Rules, days_between};
use redline_store::Store;

use crate::cmd::demo::DEMO_CORPUS;
use crate::cmd::plot::{Line, draw, series_points};
use crate::cmd::{Outcome, open_existing};

/// The dyads that escalated, and the calm ones checked against them (picked by volume in the demo corpus:
/// the busiest pairs of Western capitals and Ukraine's neighbour, whose events are meetings and support).
const ESCALATION: [&str; 3] = ["RUS-UKR", "RUS-USA", "IGOWSTNAT-RUS"];
const CALM: [&str; 4] = ["USA-FRA", "USA-DEU", "USA-POL", "UKR-POL"];

/// Arguments of `redline backtest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Database holding the escalation corpus [default: code the bundled demo corpus into a temporary one].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Directory for the chart (`backtest.svg`, `backtest.png`).
    #[arg(long, value_name = "DIR", default_value = "backtest")]
    pub out: PathBuf,
    /// Rules file [default: the shipped rules/alerts.toml].
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

fn day(text: &str) -> Date {
    text.parse().unwrap_or_default()
}

/// Runs `redline backtest`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let rules = watch::load_rules(args.rules.as_deref())?;
    let _temp;
    let store = match &args.db {
        Some(path) => open_existing(path)?,
        None => {
            let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
            let path = dir.path().join("backtest.db");
            println!("coding the demo corpus into a temporary database …");
            let pipeline = dictionaries::pipeline(None).context("cannot load dictionaries")?;
            let mut store = Store::open(&path)?;
            let config = IngestConfig { threads: 0, batch_size: 256 };
            ingest(&[PathBuf::from(DEMO_CORPUS)], &pipeline, &mut store, config, &|_| {})
                .context("ingest of the demo corpus stopped")?;
            _temp = dir;
            store
        }
    };
    let watch = Watch::new(&store, rules)?;
    let rules = watch.rules();
    let invasion = day("2022-02-24");
    let (start, end) = (day("2021-10-01"), day("2022-02-23"));

    println!("\nconflict series ({} per 100 articles, publication dates), by month", rules.series.metric.as_str());
    let months = [
        ("Oct", "2021-10-01", "2021-10-31"),
        ("Nov", "2021-11-01", "2021-11-30"),
        ("Dec", "2021-12-01", "2021-12-31"),
        ("Jan", "2022-01-01", "2022-01-31"),
        ("Feb 1-23", "2022-02-01", "2022-02-23"),
    ];
    print!("{:<16}", "dyad");
    for (name, _, _) in months {
        print!(" {name:>14}");
    }
    println!();
    let mut lines = Vec::new();
    for text in ESCALATION.iter().chain(&CALM) {
        let dyad: DyadSpec = text.parse()?;
        let facts = watch.facts(&store, &dyad)?;
        print!("{:<16}", dyad.to_string());
        for (_, from, to) in months {
            let s = watch.series_of(&facts, &dyad, Bucket::Day, day(from), day(to));
            let value: f64 = s.points.iter().map(|p| p.value).sum();
            let articles: u32 = s.points.iter().map(|p| p.articles).sum();
            let per_100 = if articles > 0 { 100.0 * value / f64::from(articles) } else { 0.0 };
            print!(" {:>5.0} ({:>5.1})", value, per_100);
        }
        println!();
        if ESCALATION.contains(text) {
            let weekly = watch.series_of(&facts, &dyad, Bucket::Week, start, end);
            let alerts = watch.alerts(&store, &dyad, Some(start), Some(end))?;
            lines.push(Line {
                label: dyad.to_string(),
                points: series_points(&weekly.points, rules.series.normalise),
                alerts: alerts.iter().map(|a| (a.date, a.severity)).collect(),
            });
        }
    }
    println!("(each cell: events counted, and per 100 articles of all sources that month)");

    let unit = watch.unit();
    println!("\nalerts before 2022-02-24 on the escalation dyads (lead time = days before the invasion):");
    for text in ESCALATION {
        let dyad: DyadSpec = text.parse()?;
        let alerts = watch.alerts(&store, &dyad, Some(start), Some(end))?;
        if alerts.is_empty() {
            println!("  {dyad}: no alert");
        }
        for alert in &alerts {
            println!("  lead {:>3} days  {}", days_between(alert.date, invasion), headline(alert, unit));
        }
    }

    println!("\ncalm dyads checked (Oct 2021 – 23 Feb 2022):");
    for text in CALM {
        let dyad: DyadSpec = text.parse()?;
        let facts = watch.facts(&store, &dyad)?;
        let s = watch.series_of(&facts, &dyad, Bucket::Week, start, end);
        let events: u32 = s.points.iter().map(|p| p.events).sum();
        let conflict: u32 = s.points.iter().map(|p| p.quad[2] + p.quad[3]).sum();
        let max_week = s.points.iter().map(|p| p.value).fold(0.0, f64::max);
        let alerts = watch.alerts(&store, &dyad, Some(start), Some(end))?;
        println!(
            "  calm {:<10} alerts {}  events {:>4}, conflict {:>3} ({:.0}%), busiest week {:.0} counted: {}",
            dyad.to_string(),
            alerts.len(),
            events,
            conflict,
            if events > 0 { 100.0 * f64::from(conflict) / f64::from(events) } else { 0.0 },
            max_week,
            if conflict == 0 { "no conflict event at all" } else { "conflict too rare to rise above its baseline" }
        );
    }

    println!("\nsensitivity (every rule's threshold scaled × baseline days; escalation dyads / calm dyads):");
    println!(
        "{:<22} {:>12} {:>14} {:>14} {:>12}",
        "threshold × baseline", "esc. alerts", "first alert", "lead (days)", "calm alerts"
    );
    for scale in [0.75, 1.0, 1.5] {
        for baseline in [14, 28, 42] {
            let varied = watch.with_rules(vary(rules, scale, baseline));
            let mut escalation: Vec<Alert> = Vec::new();
            for text in ESCALATION {
                escalation.extend(varied.alerts(&store, &text.parse()?, Some(start), Some(end))?);
            }
            let mut calm = 0;
            for text in CALM {
                calm += varied.alerts(&store, &text.parse()?, Some(start), Some(end))?.len();
            }
            let first = escalation.iter().map(|a| a.date).min();
            println!(
                "{:<22} {:>12} {:>14} {:>14} {:>12}",
                format!("×{scale} / {baseline} d"),
                escalation.len(),
                first.map_or("-".to_string(), |d| d.to_string()),
                first.map_or("-".to_string(), |d| days_between(d, invasion).to_string()),
                calm
            );
        }
    }

    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let title = format!("{} {unit}, weekly, with alerts (triangles)", rules.series.metric.as_str());
    for name in ["backtest.svg", "backtest.png"] {
        let path = args.out.join(name);
        draw(&path, &title, &lines, start, end)?;
        println!("wrote {}", path.display());
    }
    Ok(Outcome::Clean)
}

/// `rules` with every threshold (and its severity bands) scaled and every baseline window set to `baseline`
/// days (the minimum covered days scaled with it).
fn vary(rules: &Rules, scale: f64, baseline: u32) -> Rules {
    let mut varied = rules.clone();
    for rule in &mut varied.rules {
        rule.threshold *= scale;
        rule.high *= scale;
        rule.critical *= scale;
        rule.rearm = rule.rearm.min(rule.threshold);
        let ratio = f64::from(rule.min_baseline_days) / f64::from(rule.baseline_days.max(1));
        rule.baseline_days = baseline;
        rule.min_baseline_days = (ratio * f64::from(baseline)).round() as u32;
        if rule.kind == RuleKind::Cusum {
            rule.lag_days = rule.lag_days.min(baseline);
        }
    }
    varied
}
