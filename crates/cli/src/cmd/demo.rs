//! `redline demo`: codes the bundled demo corpus into an embedded database and prints what it found —
//! counts per source, the busiest dyads, and a few events and quotations with their evidence.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use redline_engine::{IngestConfig, dictionaries, ingest};
use redline_store::{EventFilter, QuoteFilter, Store};

use crate::cmd::{Outcome, print_diagnostic};

/// The demo corpus shipped with the repository.
const DEMO_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/escalation-2021-22");

/// Arguments of `redline demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Database file to build (created if missing; re-running adds nothing twice).
    #[arg(long, value_name = "FILE", default_value = "redline-demo.db")]
    pub db: PathBuf,
    /// Corpus to code instead of the bundled one.
    #[arg(long, value_name = "DIR", default_value = DEMO_CORPUS)]
    pub corpus: PathBuf,
    /// Coding threads (0 = one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// Runs `redline demo`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let pipeline = dictionaries::pipeline(None).context("cannot load dictionaries")?;
    let mut store = Store::open(&args.db).with_context(|| format!("cannot open database {}", args.db.display()))?;
    println!("coding {} into {} …", args.corpus.display(), args.db.display());
    let config = IngestConfig { threads: args.threads, batch_size: 256 };
    let summary = ingest(std::slice::from_ref(&args.corpus), &pipeline, &mut store, config, &|_| {})
        .with_context(|| format!("ingest into {} stopped", args.db.display()))?;
    for diagnostic in &summary.diagnostics {
        print_diagnostic(diagnostic);
    }
    println!(
        "read {} articles: {} new, {} unchanged, {} re-coded; {} events and {} quotations written\n",
        summary.articles_read, summary.inserted, summary.unchanged, summary.replaced, summary.events, summary.quotes
    );

    let counts = store.counts()?;
    println!(
        "stored: {} articles, {} events, {} quotations, {} actor mentions",
        counts.articles, counts.events, counts.quotes, counts.mentions
    );
    println!("\nper source                         articles   events   quotes");
    let mut per_source: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    for stat in store.article_stats()? {
        let entry = per_source.entry(host(stat.url.as_deref())).or_default();
        entry.0 += 1;
        entry.1 += stat.events;
        entry.2 += stat.quotes;
    }
    for (source, (articles, events, quotes)) in &per_source {
        println!("  {source:<32} {articles:>8} {events:>8} {quotes:>8}");
    }

    println!("\nbusiest dyads (country or organisation level)   events  conflict  Goldstein");
    for dyad in store.dyad_stats(12)? {
        let pair = format!("{} → {}", dyad.source, dyad.target);
        println!("  {pair:<44} {:>8} {:>9} {:>10.1}", dyad.events, dyad.conflict, dyad.goldstein);
    }

    println!("\nsome threats on RUS–UKR–NATO–USA dyads, with their evidence:");
    let threats = EventFilter { roots: vec!["13".to_string()], limit: Some(400), ..Default::default() };
    let shown = store
        .events(&threats)?
        .into_iter()
        .filter(|e| {
            let key = |c: &str| c.get(..3).unwrap_or("").to_string();
            let pair = [key(&e.source.code), e.target.as_ref().map(|t| key(&t.code)).unwrap_or_default()];
            pair.iter().all(|c| ["RUS", "UKR", "USA", "IGO"].contains(&c.as_str()))
        })
        .take(6);
    for event in shown {
        let target = event.target.as_ref().map_or("-".to_string(), |t| t.code.clone());
        println!(
            "  {} {} → {} {} ({}): «{}»  [{}]",
            event.date.map_or("-".to_string(), |d| d.to_string()),
            event.source.code,
            target,
            event.cameo,
            event.plover.as_deref().unwrap_or("-"),
            event.evidence_text,
            event.rule_id
        );
    }

    println!("\nsome quotations:");
    for quote in
        store.quotes(&QuoteFilter { speaker: Some("Lavrov".to_string()), limit: Some(3), ..Default::default() })?
    {
        let text: String = quote.text.chars().take(140).collect();
        println!(
            "  {} ({}): «{text}»",
            quote.speaker_name.as_deref().unwrap_or("?"),
            quote.speaker_code.as_deref().unwrap_or("-")
        );
    }
    println!(
        "\nexplore: redline events --db {} --dyad RUS:UKR --root 13 | redline quotes --db {} --speaker Peskov",
        args.db.display(),
        args.db.display()
    );
    Ok(Outcome::from_errors(summary.has_errors()))
}

/// The host of a URL ("www.whitehouse.gov"), or "(no url)".
fn host(url: Option<&str>) -> String {
    let Some(url) = url else { return "(no url)".to_string() };
    let rest = url.split("://").nth(1).unwrap_or(url);
    rest.split('/').next().unwrap_or(rest).to_string()
}
