//! `redline bench`: throughput and peak memory on a synthetic firehose built from a corpus (the bundled
//! demo corpus by default), printed as a table.
//!
//! The firehose is the corpus repeated until it holds `--articles` articles, each copy varied so that
//! nothing is coded twice by accident: new ids, shifted dates, a changed title, rotated and trimmed
//! paragraphs; one copy in ten is an exact republication under the original id (the store finds it
//! unchanged) and one in ten the same text under a new id and host (a near-duplicate for stories). It is
//! generated lazily, one article at a time, from the corpus held once in memory: never the whole firehose.
//!
//! Passes, each over the whole firehose: every stage on one thread (timed between stages through
//! [`redline_coder::stages::StageObserver`]), code only end to end on 1..=`--threads` threads, and code +
//! store into a temporary SQLite file. Peak memory is the process's `VmHWM` from `/proc/self/status`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use redline_coder::Pipeline;
use redline_coder::stages::{Stage, StageObserver, code_observed};
use redline_engine::{IngestConfig, Sources, code_in_order, dictionaries, ingest_items, thread_pool};
use redline_model::{Diagnostic, RawArticle};
use redline_store::Store;

use crate::cmd::Outcome;
use crate::cmd::demo::DEMO_CORPUS;

/// Arguments of `redline bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Articles in the synthetic firehose (the corpus repeated with variation).
    #[arg(long, default_value_t = 100_000)]
    pub articles: usize,
    /// Corpus to repeat.
    #[arg(long, value_name = "DIR", default_value = DEMO_CORPUS)]
    pub corpus: PathBuf,
    /// Dictionary directory to use instead of the built-in set.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// The scaling rows code on 1, 2, … up to this many threads.
    #[arg(long, default_value_t = 2)]
    pub threads: usize,
    /// Articles per coding chunk and per stored batch.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// Skip the code + store pass.
    #[arg(long)]
    pub no_store: bool,
    /// Run the code + store pass only (no stage or code-only rows): for measuring the writer.
    #[arg(long, conflicts_with = "no_store")]
    pub store_only: bool,
    /// Also time tagging and parsing the words of this CoNLL-U treebank (for example UD English EWT's test set).
    #[arg(long, value_name = "FILE.conllu")]
    pub treebank: Option<PathBuf>,
    /// Syntax model to time instead of the built-in one.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
}

/// Runs `redline bench`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.articles == 0 || args.threads == 0 {
        bail!("--articles and --threads must be at least 1");
    }
    let pipeline = dictionaries::pipeline(args.dict.as_deref()).context("cannot load dictionaries")?;
    let templates = read_corpus(&args.corpus)?;
    let firehose = Firehose::new(&templates, args.articles);
    let (articles, bytes) = firehose.size();
    println!(
        "redline bench: {articles} articles ({} corpus articles, varied copies), {:.1} MB of text, dictionaries {}",
        templates.len(),
        bytes as f64 / 1e6,
        pipeline.dict_version()
    );
    println!("MB = 10^6 bytes of title and body as read; one row per pass over the whole firehose.\n");
    println!("{:<28} {:>7} {:>9} {:>12} {:>9}", "pass", "threads", "seconds", "articles/s", "MB/s");
    let row = |name: &str, threads: usize, elapsed: Duration| {
        let secs = elapsed.as_secs_f64().max(1e-9);
        println!(
            "{name:<28} {threads:>7} {secs:>9.2} {:>12.0} {:>9.1}",
            articles as f64 / secs,
            bytes as f64 / 1e6 / secs
        );
    };

    if !args.store_only {
        let stages = time_stages(&pipeline, firehose.iter());
        for stage in Stage::ALL {
            row(&format!("stage: {}", stage.name()), 1, stages.spent[stage.index()]);
        }
        row("stages: all", 1, stages.spent.iter().sum());
    }

    if !args.store_only {
        syntax_rows(&templates, &args)?;
    }

    let mut single = None;
    for threads in (1..=args.threads).filter(|_| !args.store_only) {
        let elapsed = time_code_only(&pipeline, firehose.iter(), threads, args.batch)?;
        row("code only, end to end", threads, elapsed);
        match single {
            None => single = Some(elapsed),
            Some(one) => {
                let speedup = one.as_secs_f64() / elapsed.as_secs_f64().max(1e-9);
                println!(
                    "{:<28} {threads:>7}   speed-up {speedup:.2}× over 1 thread, {:.0}% of linear",
                    "  scaling",
                    100.0 * speedup / threads as f64
                );
            }
        }
    }

    if !args.no_store {
        let (elapsed, summary) = time_code_and_store(&pipeline, &firehose, args.threads, args.batch)?;
        row("code + store (SQLite)", args.threads, elapsed);
        println!(
            "{:<28} {:>7}   {} new, {} unchanged, {} joined a story; {} events, {} quotations",
            "  stored", "", summary.inserted, summary.unchanged, summary.stories_joined, summary.events, summary.quotes
        );
    }

    match peak_memory_kb() {
        Some(kb) => println!("\npeak memory (VmHWM): {:.1} MB", kb as f64 / 1024.0),
        None => println!("\npeak memory: not available (no /proc/self/status)"),
    }
    Ok(Outcome::Clean)
}

/// The syntax rows: loading the model, then tagging and parsing on one thread, over the corpus's sentences
/// (split and tokenised by redline) and over a treebank's words when one is given.
fn syntax_rows(templates: &[RawArticle], args: &Args) -> anyhow::Result<()> {
    let start = Instant::now();
    let model = crate::cmd::syntax::load_model(args.model.as_deref())?;
    let loaded = start.elapsed();
    let segmenter = redline_text::Segmenter::new();
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for article in templates {
        let clean = redline_coder::clean_article(article);
        for sentence in segmenter.split(&clean.text, 0) {
            let words = redline_syntax::words(&clean.text, sentence.span);
            sentences.push(words.iter().map(|w| clean.text[w.span.range()].to_string()).collect());
        }
    }
    let row = |name: &str, sentences: &[Vec<String>]| {
        let words: usize = sentences.iter().map(Vec::len).sum();
        let mut analyser = redline_syntax::Analyser::new(&model);
        let mut analysis = redline_syntax::Analysis::default();
        // The best of three passes: the first warms the caches, and timings on shared machines vary.
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let start = Instant::now();
            for sentence in sentences {
                analyser.analyse(sentence.iter().map(String::as_str), &mut analysis);
                std::hint::black_box(&analysis);
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        let secs = best.max(1e-9);
        println!(
            "{name:<28} {:>7} {secs:>9.2} {:>9.0} sentences/s {:>9.0} words/s ({} sentences, {words} words)",
            1,
            sentences.len() as f64 / secs,
            words as f64 / secs,
            sentences.len()
        );
    };
    println!("syntax: model loaded in {:.0} ms ({})", loaded.as_secs_f64() * 1e3, model.sizes());
    row("syntax: corpus sentences", &sentences);
    if let Some(path) = &args.treebank {
        let (treebank, _) = crate::cmd::syntax::read_treebank(path)?;
        let sentences: Vec<Vec<String>> =
            treebank.iter().map(|s| s.words.iter().map(|w| w.form.clone()).collect()).collect();
        row("syntax: treebank words", &sentences);
    }
    println!();
    Ok(())
}

/// Reads every article of the corpus; unreadable items are skipped (they would be skipped when coding).
fn read_corpus(path: &Path) -> anyhow::Result<Vec<RawArticle>> {
    let templates: Vec<RawArticle> = Sources::new([path.to_path_buf()]).filter_map(Result::ok).collect();
    if templates.is_empty() {
        bail!("no articles in {}", path.display());
    }
    Ok(templates)
}

/// The synthetic firehose: `count` articles generated from `templates` on demand.
#[derive(Debug, Clone, Copy)]
pub struct Firehose<'a> {
    templates: &'a [RawArticle],
    count: usize,
}

impl<'a> Firehose<'a> {
    /// A firehose of `count` articles over non-empty `templates`.
    pub fn new(templates: &'a [RawArticle], count: usize) -> Firehose<'a> {
        Firehose { templates, count }
    }

    /// The articles, generated one at a time (the same sequence on every call).
    pub fn iter(&self) -> impl Iterator<Item = RawArticle> + Send + 'a {
        let templates = self.templates;
        (0..self.count).filter_map(move |i| {
            let template = templates.get(i % templates.len())?;
            Some(vary(template, i / templates.len()))
        })
    }

    /// Number of articles and bytes of text (title and body), counted by generating them once.
    pub fn size(&self) -> (u64, u64) {
        self.iter().fold((0, 0), |(n, bytes), a| (n + 1, bytes + text_bytes(&a)))
    }
}

fn text_bytes(article: &RawArticle) -> u64 {
    (article.body.len() + article.title.as_deref().map_or(0, str::len)) as u64
}

/// Copy number `copy` of `template`: copy 0 is the template itself.
fn vary(template: &RawArticle, copy: usize) -> RawArticle {
    if copy == 0 || copy % 10 == 9 {
        // An exact republication under the same id: the store's de-duplication finds it unchanged.
        return template.clone();
    }
    let mut article = template.clone();
    article.id = format!("{}~{copy}", template.id);
    article.url = Some(format!("https://mirror{copy}.example/{}", template.id));
    if copy % 10 == 4 {
        // The same text under a new id and host: a wire republication, a near-duplicate for stories.
        return article;
    }
    article.date = template.date.and_then(|d| d.checked_add(jiff::Span::new().days(copy as i64 % 365)).ok());
    article.title = Some(format!("{} (update {copy})", template.title.as_deref().unwrap_or("Untitled")));
    let mut paragraphs: Vec<&str> = template.body.lines().collect();
    if paragraphs.len() > 2 {
        let turn = copy % paragraphs.len();
        paragraphs.rotate_left(turn);
        if copy % 3 == 1 {
            paragraphs.pop();
        }
    }
    article.body = paragraphs.join("\n");
    article
}

/// Time spent in each stage over a whole pass.
#[derive(Debug, Default)]
struct StageTimes {
    spent: [Duration; Stage::ALL.len()],
    last: Option<Instant>,
}

impl StageObserver for StageTimes {
    fn finished(&mut self, stage: Stage) {
        let now = Instant::now();
        if let Some(last) = self.last {
            self.spent[stage.index()] += now - last;
        }
        self.last = Some(now);
    }
}

/// Codes every article on this thread, timing each stage.
fn time_stages(pipeline: &Pipeline, articles: impl Iterator<Item = RawArticle>) -> StageTimes {
    let mut times = StageTimes::default();
    for raw in articles {
        times.last = Some(Instant::now());
        std::hint::black_box(code_observed(pipeline, &raw, &mut times));
    }
    times
}

/// Codes every article on a pool of `threads`, `batch` at a time, dropping the results.
fn time_code_only(
    pipeline: &Pipeline,
    articles: impl Iterator<Item = RawArticle>,
    threads: usize,
    batch: usize,
) -> anyhow::Result<Duration> {
    let pool = thread_pool(threads)?;
    let start = Instant::now();
    let items = articles.map(Ok::<RawArticle, Diagnostic>);
    let coded = code_in_order(items, pipeline, &pool, batch).filter(Result::is_ok).count();
    std::hint::black_box(coded);
    Ok(start.elapsed())
}

/// Codes and stores every article into a fresh SQLite file in the temporary directory (removed after).
fn time_code_and_store(
    pipeline: &Pipeline,
    firehose: &Firehose<'_>,
    threads: usize,
    batch: usize,
) -> anyhow::Result<(Duration, redline_engine::IngestSummary)> {
    let db = std::env::temp_dir().join(format!("redline-bench-{}.db", std::process::id()));
    let remove = |db: &Path| {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    };
    remove(&db);
    let result = (|| {
        let mut store = Store::open(&db).with_context(|| format!("cannot open database {}", db.display()))?;
        let config = IngestConfig { threads, batch_size: batch };
        let start = Instant::now();
        let items = firehose.iter().map(Ok::<RawArticle, Diagnostic>);
        let summary = ingest_items(items, pipeline, &mut store, config, &|_| {}).context("ingest stopped")?;
        Ok((start.elapsed(), summary))
    })();
    remove(&db);
    result
}

/// The process's peak resident memory in kB (`VmHWM`), where `/proc` has it.
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn template(id: &str, paragraphs: usize) -> RawArticle {
        RawArticle {
            id: id.into(),
            title: Some(format!("Title {id}")),
            date: Some(jiff::civil::date(2022, 1, 15)),
            url: Some(format!("https://example.org/{id}")),
            body: (0..paragraphs).map(|p| format!("Paragraph {p} of {id}.")).collect::<Vec<_>>().join("\n"),
            ..RawArticle::default()
        }
    }

    #[test]
    fn the_firehose_repeats_the_corpus_with_variation_and_republications() {
        let templates = vec![template("a", 5), template("b", 1)];
        let firehose = Firehose::new(&templates, 40);
        let articles: Vec<RawArticle> = firehose.iter().collect();
        assert_eq!(articles.len(), 40);
        assert_eq!(firehose.size().0, 40);
        // The same sequence every time.
        assert_eq!(
            firehose.iter().map(|a| a.id).collect::<Vec<_>>(),
            articles.iter().map(|a| a.id.clone()).collect::<Vec<_>>()
        );
        // Copy 0 and every tenth copy from 9 are the template itself.
        assert_eq!(articles[0], templates[0]);
        assert_eq!(articles[2 * 9], templates[0]);
        // Copy 4 keeps the text under a new id and host.
        let wire = &articles[2 * 4];
        assert_eq!(
            (wire.body.as_str(), wire.title.as_deref()),
            (templates[0].body.as_str(), templates[0].title.as_deref())
        );
        assert_ne!(wire.id, templates[0].id);
        // Other copies: new id, shifted date, new title, the same paragraphs rotated (one dropped on some).
        let copy = &articles[2];
        assert_eq!(copy.id, "a~1");
        assert_eq!(copy.date, Some(jiff::civil::date(2022, 1, 16)));
        assert_ne!(copy.title, templates[0].title);
        assert!(copy.body.starts_with("Paragraph 1 of a."));
        assert_eq!(copy.body.lines().count(), 4);
        let original: HashSet<&str> = templates[0].body.lines().collect();
        assert!(copy.body.lines().all(|p| original.contains(p)));
        // Ids are unique except for the exact republications.
        let ids: HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), 40 - 2 * 2);
    }

    #[test]
    fn every_pass_runs_and_the_store_finds_the_exact_republications_unchanged() {
        let pipeline = dictionaries::pipeline(None).unwrap();
        let templates = vec![template("a", 3), template("b", 2)];
        let firehose = Firehose::new(&templates, 20);
        let stages = time_stages(&pipeline, firehose.iter());
        assert!(stages.spent.iter().all(|d| *d > Duration::ZERO), "{stages:?}");
        assert!(time_code_only(&pipeline, firehose.iter(), 2, 3).is_ok());
        let (_, summary) = time_code_and_store(&pipeline, &firehose, 1, 4).unwrap();
        // Copies 0..=9 of two templates: copy 9 of each is the template again, under its own id.
        assert_eq!((summary.inserted, summary.unchanged), (18, 2));
    }

    #[test]
    fn reads_peak_memory_from_proc_status() {
        let status = "Name:\tredline\nVmPeak:\t  200 kB\nVmHWM:\t   12345 kB\nVmRSS:\t 100 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(12345));
        assert_eq!(parse_vm_hwm("Name: x\n"), None);
    }
}
