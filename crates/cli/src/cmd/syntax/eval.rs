//! `redline syntax eval`: a model's scores on a CoNLL-U treebank, as in the CoNLL 2018 shared task: UPOS, XPOS,
//! lemmas, UAS and LAS (LAS on the universal part of the relation, punctuation included) on the treebank's
//! words; and on its raw text (`# text`) split by our tokeniser, aligned by characters: word precision, recall
//! and F1, and UPOS, UAS and LAS as F1 over aligned words.

use std::path::PathBuf;
use std::time::Instant;

use redline_syntax::eval::{on_gold_words, on_raw_text, percent};

use crate::cmd::Outcome;
use crate::cmd::syntax::{load_model, read_treebank};

/// Output formats of `redline syntax eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned lines for people.
    Table,
    /// One JSON object.
    Json,
}

/// Arguments of `redline syntax eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The gold treebank (CoNLL-U).
    #[arg(long, value_name = "FILE.conllu")]
    pub gold: PathBuf,
    /// Model file to use instead of the built-in English model.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `redline syntax eval`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let model = load_model(args.model.as_deref())?;
    let (sentences, errors) = read_treebank(&args.gold)?;
    if sentences.is_empty() {
        anyhow::bail!("{} has no sentence to score", args.gold.display());
    }
    let start = Instant::now();
    let gold = on_gold_words(&model, &sentences);
    let seconds = start.elapsed().as_secs_f64();
    let raw = on_raw_text(&model, &sentences);
    let g = |count| percent(count, gold.words);
    let word_p = percent(raw.aligned, raw.system_words);
    let word_r = percent(raw.aligned, raw.gold_words);
    match args.format {
        Format::Json => {
            let json = serde_json::json!({
                "gold": args.gold.display().to_string(),
                "model": model.header_value("trained_on"),
                "gold_words": {
                    "sentences": sentences.len(), "words": gold.words,
                    "upos": g(gold.upos), "xpos": g(gold.xpos), "lemma": g(gold.lemma), "uas": g(gold.uas), "las": g(gold.las),
                    "sentences_per_second": sentences.len() as f64 / seconds.max(1e-9),
                },
                "raw_text": {
                    "sentences": raw.sentences, "skipped": raw.skipped, "gold_words": raw.gold_words,
                    "system_words": raw.system_words, "words_precision": word_p, "words_recall": word_r,
                    "words_f1": raw.f1(raw.aligned), "upos_f1": raw.f1(raw.upos), "uas_f1": raw.f1(raw.uas), "las_f1": raw.f1(raw.las),
                },
            });
            println!("{json}");
        }
        Format::Table => {
            println!("{} ({} sentences)", args.gold.display(), sentences.len());
            println!();
            println!("on the treebank's words ({} words)", gold.words);
            println!("  UPOS   {:6.2}", g(gold.upos));
            println!("  XPOS   {:6.2}", g(gold.xpos));
            println!("  lemma  {:6.2}", g(gold.lemma));
            println!("  UAS    {:6.2}", g(gold.uas));
            println!("  LAS    {:6.2}", g(gold.las));
            println!("  speed  {:.0} sentences/s on one thread", sentences.len() as f64 / seconds.max(1e-9));
            println!();
            println!(
                "on raw text split by redline ({} sentences{}; {} gold words, {} ours)",
                raw.sentences,
                if raw.skipped > 0 {
                    format!(", {} without usable # text left out", raw.skipped)
                } else {
                    String::new()
                },
                raw.gold_words,
                raw.system_words
            );
            println!("  words  P {word_p:6.2}  R {word_r:6.2}  F1 {:6.2}", raw.f1(raw.aligned));
            println!("  UPOS   F1 {:6.2}", raw.f1(raw.upos));
            println!("  UAS    F1 {:6.2}", raw.f1(raw.uas));
            println!("  LAS    F1 {:6.2}", raw.f1(raw.las));
        }
    }
    Ok(Outcome::from_errors(errors))
}
