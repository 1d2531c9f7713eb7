//! `redline demo`: codes the bundled demo corpus into an embedded database and prints what it found —
//! counts per source, the busiest dyads, a few events and quotations with their evidence, and the strongest
//! alerts of the watched dyads with their top evidence — then serves the dashboard over it on loopback
//! (port 8080 or the next free one) until Ctrl-C. `--no-serve` stops after the summary.

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;

use anyhow::{Context, bail};
use redline_engine::watch::{self, Explained, Watch};
use redline_engine::{IngestConfig, dictionaries, ingest};
use redline_server::{DEFAULT_ADDR, ServerConfig};
use redline_store::{EventFilter, QuoteFilter, Store};

use crate::cmd::serve::{load_dictionaries, serve_until_ctrl_c};
use crate::cmd::{Outcome, print_diagnostic};

/// How many alerts the summary shows.
const SHOWN_ALERTS: usize = 5;
/// How many ports after `--addr`'s are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// The demo corpus shipped with the repository.
pub const DEMO_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/escalation-2021-22");

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
    /// Print the summary and stop instead of serving the dashboard.
    #[arg(long)]
    pub no_serve: bool,
    /// Loopback address to serve on; if its port is taken, the next free one is used.
    #[arg(long, value_name = "ADDR", default_value_t = DEFAULT_ADDR)]
    pub addr: SocketAddr,
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
    if summary.diagnostics_dropped() > 0 {
        eprintln!("… and {} more diagnostics", summary.diagnostics_dropped());
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

    let watch = Watch::new(&store, watch::load_rules(None)?)?;
    let dyads = watch.watched_dyads(&store, None)?;
    let explained = watch.explained_alerts(&store, &dyads, None)?;
    print_alerts(&explained, &dyads, watch.unit());
    let db = args.db.display();
    println!("\nexplore:");
    println!("  redline events --db {db} --dyad RUS:UKR --root 13");
    println!("  redline alerts --db {db}");
    println!("  redline quotes --db {db} --speaker Peskov");
    let outcome = Outcome::from_errors(summary.has_errors());
    if args.no_serve {
        return Ok(outcome);
    }
    drop(store);
    if !args.addr.ip().is_loopback() {
        bail!("the demo serves on loopback only; use `redline serve --allow-remote --addr {}`", args.addr);
    }
    let addr = free_addr(args.addr)?;
    println!("\nserving the dashboard; Ctrl-C to stop");
    let config = ServerConfig { addr, db: args.db.clone(), ..ServerConfig::default() };
    serve_until_ctrl_c(config, load_dictionaries(None)?)?;
    Ok(outcome)
}

/// The strongest alerts (severity, then score), each with its headline and its top evidence.
fn print_alerts(explained: &[Explained], dyads: &[redline_signal::DyadSpec], unit: &str) {
    let names: Vec<String> = dyads.iter().map(|d| d.to_string()).collect();
    println!("\nstrongest alerts ({} on the {} watched dyads: {}):", explained.len(), dyads.len(), names.join(" "));
    let mut ranked: Vec<&Explained> = explained.iter().collect();
    ranked.sort_by(|a, b| {
        b.alert.severity.cmp(&a.alert.severity).then_with(|| b.alert.score.score.total_cmp(&a.alert.score.score))
    });
    for e in ranked.into_iter().take(SHOWN_ALERTS) {
        println!("  {}", watch::headline(&e.alert, unit));
        if let Some(event) = e.events.first() {
            let target = event.target.as_ref().map_or("-", |t| t.code.as_str());
            let title = e.articles.iter().find(|a| a.id == event.article_id).and_then(|a| a.title.as_deref());
            println!(
                "      top evidence: {} → {target} {} «{}» in «{}» ({}:{}-{})",
                event.source.code,
                event.cameo,
                event.evidence_text,
                title.unwrap_or("untitled"),
                event.article_id,
                event.evidence_start,
                event.evidence_end
            );
        }
        if let Some(quote) = e.quotes.first() {
            let text: String = quote.text.chars().take(120).collect();
            println!("      quoted: {}: «{text}»", quote.speaker_name.as_deref().unwrap_or("?"));
        }
    }
}

/// `addr`, or the first of the next [`PORT_TRIES`] ports on its host that is free.
fn free_addr(addr: SocketAddr) -> anyhow::Result<SocketAddr> {
    if addr.port() == 0 {
        return Ok(addr);
    }
    for offset in 0..=PORT_TRIES {
        let Some(port) = addr.port().checked_add(offset) else { break };
        let candidate = SocketAddr::new(addr.ip(), port);
        // Bound and released at once: the server binds it again a moment later.
        if TcpListener::bind(candidate).is_ok() {
            return Ok(candidate);
        }
    }
    bail!(
        "ports {} to {} on {} are all taken; pass --addr",
        addr.port(),
        addr.port().saturating_add(PORT_TRIES),
        addr.ip()
    )
}

/// The host of a URL ("www.whitehouse.gov"), or "(no url)".
fn host(url: Option<&str>) -> String {
    let Some(url) = url else { return "(no url)".to_string() };
    let rest = url.split("://").nth(1).unwrap_or(url);
    rest.split('/').next().unwrap_or(rest).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_port_moves_to_the_next_free_one() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = taken.local_addr().unwrap();
        let chosen = free_addr(addr).unwrap();
        assert_ne!(chosen, addr);
        assert!(chosen.port() > addr.port() && chosen.port() <= addr.port() + PORT_TRIES);
        assert_eq!(free_addr("127.0.0.1:0".parse().unwrap()).unwrap().port(), 0);
    }
}
