//! `redline syntax parse`: words, tags, lemmas, heads and relations of text (in the article layouts redline
//! reads) or of the words of a CoNLL-U file, as CoNLL-U or as a table with the tree drawn.

use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use redline_coder::clean_article;
use redline_engine::Sources;
use redline_model::RawArticle;
use redline_syntax::conllu::Sentence;
use redline_syntax::{Analyser, Analysis};
use redline_text::Segmenter;

use crate::cmd::syntax::{load_model, read_treebank};
use crate::cmd::{Outcome, finish};

/// What the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Input {
    /// Articles (text files, JSON Lines or standard input, as `redline code` reads them), split into sentences
    /// and words by redline; standard input that is not in an article layout is read as plain text.
    Text,
    /// Plain text: each file (or standard input) is one document, one paragraph per line.
    Plain,
    /// CoNLL-U: its sentences and words are kept, the rest is predicted.
    Conllu,
}

/// How to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// All ten CoNLL-U columns.
    Conllu,
    /// Word, tags, head and relation per line, and the tree drawn below, for people.
    Table,
}

/// Arguments of `redline syntax parse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories to read; `-` (or nothing) reads standard input.
    pub paths: Vec<PathBuf>,
    /// Model file to use instead of the built-in English model.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// What the input is.
    #[arg(long, value_enum, default_value_t = Input::Text)]
    pub input: Input,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Conllu)]
    pub format: Format,
}

/// The documents to parse: articles read by [`Sources`], or plain texts.
fn documents(
    paths: &[PathBuf],
    input: Input,
) -> anyhow::Result<Box<dyn Iterator<Item = Result<RawArticle, redline_model::Diagnostic>>>> {
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    let mut text_of_stdin = None;
    if stdin {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).context("cannot read standard input")?;
        text_of_stdin = Some(text);
    }
    let plain = |id: String, body: String| RawArticle { id, body, ..RawArticle::default() };
    if input == Input::Plain {
        let mut out = Vec::new();
        for path in paths {
            let body = match (path.as_os_str() == "-", &text_of_stdin) {
                (true, Some(text)) => text.clone(),
                _ => std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
            };
            out.push(Ok(plain(path.display().to_string(), body)));
        }
        return Ok(Box::new(out.into_iter()));
    }
    let mut sources = Sources::new(paths.iter().filter(|p| p.as_os_str() != "-").cloned());
    let mut extra = Vec::new();
    if let Some(text) = text_of_stdin {
        if looks_like_articles(&text) {
            sources = Sources::new(paths.iter().cloned()).with_stdin(Box::new(io::Cursor::new(text.into_bytes())));
        } else {
            extra.push(Ok(plain("stdin".to_string(), text)));
        }
    }
    Ok(Box::new(sources.chain(extra)))
}

/// True when text is JSON Lines or the text layout (a title line, then a date line).
fn looks_like_articles(text: &str) -> bool {
    let trimmed = text.trim_start();
    trimmed.starts_with('{')
        || text.lines().nth(1).is_some_and(|line| redline_engine::source::parse_date(line.trim()).is_some())
}

/// Runs `redline syntax parse`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let model = load_model(args.model.as_deref())?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths.clone() };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut analyser = Analyser::new(&model);
    let mut analysis = Analysis::default();
    let mut errors = false;
    let write = |sentence: &Sentence, out: &mut BufWriter<io::StdoutLock<'_>>| -> io::Result<()> {
        match args.format {
            Format::Conllu => write!(out, "{sentence}"),
            Format::Table => out.write_all(sentence.table().as_bytes()),
        }
    };
    let result = (|| -> anyhow::Result<()> {
        match args.input {
            Input::Conllu => {
                for path in &paths {
                    let (sentences, bad) = read_treebank(path)?;
                    errors |= bad;
                    for mut sentence in sentences {
                        analyser.analyse(sentence.words.iter().map(|w| w.form.as_str()), &mut analysis);
                        sentence.set_analysis(&analysis, &model);
                        finish(write(&sentence, &mut out))?;
                    }
                }
            }
            Input::Text | Input::Plain => {
                let segmenter = Segmenter::new();
                let mut words = Vec::new();
                for item in documents(&paths, args.input)? {
                    let article = match item {
                        Ok(article) => article,
                        Err(diagnostic) => {
                            errors = true;
                            eprintln!("{diagnostic}");
                            continue;
                        }
                    };
                    let clean = clean_article(&article);
                    finish(writeln!(out, "# newdoc id = {}", article.id))?;
                    for (n, sentence) in segmenter.split(&clean.text, 0).iter().enumerate() {
                        words.clear();
                        analyser.analyse_text(&clean.text, sentence.span, &mut words, &mut analysis);
                        if words.is_empty() {
                            continue;
                        }
                        let id = format!("{}-{}", article.id, n + 1);
                        let parsed = Sentence::from_analysis(&id, &clean.text, &words, &analysis, &model);
                        finish(write(&parsed, &mut out))?;
                    }
                }
            }
        }
        finish(out.flush())?;
        Ok(())
    })();
    result?;
    Ok(Outcome::from_errors(errors))
}
