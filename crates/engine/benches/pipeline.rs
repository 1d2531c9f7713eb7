//! Throughput of every coding stage, of the whole `Pipeline::code` and of the store's batch write, on the
//! bundled demo corpus (1,050 articles, ~9.6 MB). Run with `cargo bench -p redline-engine`.
//!
//! Each iteration processes the whole corpus, so divan's bytes/s column is the stage's throughput in
//! text bytes of the *raw* articles (title and body), comparable across rows. A stage's inputs are
//! prepared once, outside the timing, from the stages before it. `redline bench` measures the same
//! stages, end to end and with the store on a 100,000-article firehose.

use std::path::Path;
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use redline_coder::actors::{Found, recognise_with};
use redline_coder::dates::find_dates;
use redline_coder::doc::Doc;
use redline_coder::events::{Context, EventTables, code_events};
use redline_coder::lexicon::{Hits, Lexicon};
use redline_coder::quotes::{CueWords, find_quotes};
use redline_coder::{Pipeline, dates};
use redline_engine::{Sources, dictionaries};
use redline_model::{AnnotatedArticle, RawArticle};
use redline_store::Store;
use redline_text::{Segmenter, clean};

fn main() {
    divan::main();
}

/// The demo corpus, the pipeline and every article coded once: the inputs of the stage benchmarks.
struct Fixture {
    pipeline: Pipeline,
    cues: CueWords,
    raw: Vec<RawArticle>,
    coded: Vec<AnnotatedArticle>,
    bytes: u64,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/escalation-2021-22");
        let raw: Vec<RawArticle> = Sources::new([corpus]).filter_map(Result::ok).collect();
        assert!(raw.len() > 1000, "the demo corpus is missing");
        let pipeline = dictionaries::pipeline(None).expect("the built-in dictionaries compile");
        let list = |name: &str| pipeline.dictionaries().cue_lists.get(name).cloned().unwrap_or_default();
        let cues = CueWords::new(&list("SAY"), &list("ACCORDING"));
        let coded = raw.iter().map(|a| pipeline.code(a)).collect();
        let bytes = raw.iter().map(|a| (a.body.len() + a.title.as_deref().map_or(0, str::len)) as u64).sum();
        Fixture { pipeline, cues, raw, coded, bytes }
    })
}

fn counted<'a, 'b>(bencher: Bencher<'a, 'b>) -> Bencher<'a, 'b> {
    let f = fixture();
    bencher.counter(BytesCount::new(f.bytes)).counter(ItemsCount::new(f.raw.len()))
}

/// The sentences that come from the title, as `Pipeline::code` counts them.
fn title_sentences(article: &AnnotatedArticle) -> usize {
    if article.title.is_none() {
        return 0;
    }
    article.sentences.iter().take_while(|s| s.paragraph == 0).count()
}

fn docs(f: &Fixture) -> Vec<Doc<'_>> {
    f.coded.iter().map(|a| Doc::new(&a.text, &a.sentences, a.date, title_sentences(a))).collect()
}

#[divan::bench(sample_count = 5)]
fn clean_text(bencher: Bencher<'_, '_>) {
    let f = fixture();
    counted(bencher).bench(|| {
        for raw in &f.raw {
            divan::black_box(clean(&raw.body));
            divan::black_box(raw.title.as_deref().map(clean));
        }
    });
}

#[divan::bench(sample_count = 5)]
fn split_sentences(bencher: Bencher<'_, '_>) {
    let f = fixture();
    let segmenter = Segmenter::new();
    counted(bencher).bench(|| {
        for article in &f.coded {
            divan::black_box(segmenter.split(&article.text, 0));
        }
    });
}

#[divan::bench(sample_count = 5)]
fn tokenize(bencher: Bencher<'_, '_>) {
    let f = fixture();
    counted(bencher).bench(|| divan::black_box(docs(f)));
}

fn hits(f: &Fixture, docs: &[Doc<'_>]) -> Vec<Hits> {
    let lexicon = Lexicon::new(f.pipeline.dictionaries());
    docs.iter().map(|d| lexicon.find(&d.key)).collect()
}

#[divan::bench(sample_count = 5)]
fn lookup(bencher: Bencher<'_, '_>) {
    let f = fixture();
    let docs = docs(f);
    let lexicon = Lexicon::new(f.pipeline.dictionaries());
    counted(bencher).bench(|| {
        for doc in &docs {
            divan::black_box(lexicon.find(&doc.key));
        }
    });
}

#[divan::bench(sample_count = 5)]
fn actors(bencher: Bencher<'_, '_>) {
    let f = fixture();
    let docs = docs(f);
    let hits = hits(f, &docs);
    counted(bencher).bench(|| {
        for (doc, hits) in docs.iter().zip(&hits) {
            divan::black_box(recognise_with(doc, f.pipeline.dictionaries(), hits));
        }
    });
}

#[divan::bench(sample_count = 5)]
fn dates(bencher: Bencher<'_, '_>) {
    let f = fixture();
    counted(bencher).bench(|| {
        for article in &f.coded {
            if let Some(date) = article.date {
                divan::black_box(find_dates(&article.text, &article.sentences, date));
            }
        }
    });
}

#[divan::bench(sample_count = 5)]
fn quotes(bencher: Bencher<'_, '_>) {
    let f = fixture();
    counted(bencher).bench(|| {
        for a in &f.coded {
            divan::black_box(find_quotes(&a.text, &a.sentences, &a.mentions, &f.cues, a.body_start as usize));
        }
    });
}

#[divan::bench(sample_count = 5)]
fn events(bencher: Bencher<'_, '_>) {
    let f = fixture();
    let docs = docs(f);
    let hits = hits(f, &docs);
    let found: Vec<Vec<Found>> =
        docs.iter().zip(&hits).map(|(d, h)| recognise_with(d, f.pipeline.dictionaries(), h)).collect();
    let tables = EventTables::new(f.pipeline.dictionaries());
    counted(bencher).bench(|| {
        for (((doc, found), article), hits) in docs.iter().zip(&found).zip(&f.coded).zip(&hits) {
            let p = &f.pipeline;
            let cx = Context::new(doc, p.dictionaries(), &tables, hits, p.taxonomy(), found, &article.quotes);
            let event_date = |sentence: u32| article.date.map(|d| dates::event_date(&article.dates, sentence, d));
            let mut trees = redline_coder::tree::Trees::new(p.syntax(), doc.sentences.len());
            divan::black_box(code_events(doc, &cx, &mut trees, &event_date));
        }
    });
}

#[divan::bench(sample_count = 5)]
fn pipeline_code(bencher: Bencher<'_, '_>) {
    let f = fixture();
    counted(bencher).bench(|| {
        for raw in &f.raw {
            divan::black_box(f.pipeline.code(raw));
        }
    });
}

/// Writes the coded corpus into a fresh SQLite file, in batches of 256 (one transaction each).
#[divan::bench(sample_count = 3)]
fn store_write(bencher: Bencher<'_, '_>) {
    let f = fixture();
    counted(bencher)
        .with_inputs(|| {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let store = Store::open(dir.path().join("bench.db")).expect("a new store");
            (dir, store)
        })
        .bench_local_values(|(dir, mut store)| {
            for batch in f.coded.chunks(256) {
                store.write_batch(batch, f.pipeline.taxonomy()).expect("the batch is written");
            }
            (dir, store)
        });
}
