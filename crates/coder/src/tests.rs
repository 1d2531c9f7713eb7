//! Tests over the shipped dictionaries: golden dumps of whole articles (`test_data/articles/*.txt`, each
//! beside its `.coded` dump; regenerate with `UPDATE_EXPECT=1`) and every pattern's own examples.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use redline_dict::{Dictionaries, SourceFile};
use redline_model::{AnnotatedArticle, Date, Origin, RawArticle};

use crate::Pipeline;

fn dictionary_root() -> PathBuf {
    match std::env::var_os("REDLINE_TEST_DICT") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dictionaries"),
    }
}

fn read_tree(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(root, &path, out);
        } else if path.file_name().is_some_and(|n| n != "README.md") {
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push(SourceFile { path: relative, text: std::fs::read_to_string(&path).unwrap() });
        }
    }
}

/// The shipped dictionaries, compiled; panics with every problem listed if they are broken.
pub(crate) fn shipped_pipeline() -> Pipeline {
    let root = dictionary_root();
    let mut files = Vec::new();
    read_tree(&root, &root, &mut files);
    match Dictionaries::compile(&files) {
        Ok(dicts) => Pipeline::new(dicts),
        Err(errors) => panic!("{errors}"),
    }
}

/// Parses the text layout: title, YYYYMMDD date, URL, body.
fn article(id: &str, text: &str) -> RawArticle {
    let mut lines = text.lines();
    let title = lines.next().map(str::to_string);
    let date = lines.next().and_then(|d| jiff::fmt::strtime::parse("%Y%m%d", d.trim()).ok()?.to_date().ok());
    let url = lines.next().map(str::to_string);
    let body = lines.collect::<Vec<_>>().join("\n");
    RawArticle { id: id.to_string(), title, date, url, body, origin: Origin::default() }
}

/// A readable dump of everything the coder found.
pub(crate) fn dump(article: &AnnotatedArticle) -> String {
    let text = &article.text;
    let mut out = String::new();
    writeln!(out, "# sentences").unwrap();
    for (i, s) in article.sentences.iter().enumerate() {
        writeln!(out, "[{i}] p{} {}", s.paragraph, s.span.slice(text)).unwrap();
    }
    writeln!(out, "\n# mentions").unwrap();
    for m in &article.mentions {
        writeln!(out, "[{}] {} {} ({}) «{}» {}", m.sentence, m.code, m.name, m.kind.as_str(), m.span.slice(text), m.entry).unwrap();
    }
    writeln!(out, "\n# dates").unwrap();
    for d in &article.dates {
        writeln!(out, "[{}] «{}» {} ({})", d.sentence, d.span.slice(text), d.date, d.granularity.as_str()).unwrap();
    }
    writeln!(out, "\n# quotes").unwrap();
    for q in &article.quotes {
        let speaker = q.speaker.as_ref().map_or("?".to_string(), |s| {
            format!("{} ({})", s.name, s.code.as_ref().map_or("-".to_string(), |c| c.to_string()))
        });
        writeln!(out, "[{}] {} «{}» — {}", q.sentence, q.kind.as_str(), q.span.slice(text), speaker).unwrap();
    }
    writeln!(out, "\n# events").unwrap();
    for e in &article.events {
        let target = e.target.as_ref().map_or("-".to_string(), |t| format!("{} «{}»", t.code, t.span.slice(text)));
        let date = e.date.map_or("-".to_string(), |d: Date| d.to_string());
        writeln!(
            out,
            "[{}] {} «{}» -{}-> {}  evidence «{}»  {} {}  rule {}",
            e.sentence,
            e.source.code,
            e.source.span.slice(text),
            e.code,
            target,
            e.evidence.slice(text),
            date,
            e.modality.as_str(),
            e.rule
        )
        .unwrap();
    }
    out
}

#[test]
fn golden_articles() {
    let pipeline = shipped_pipeline();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/articles");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for input in inputs {
        let text = std::fs::read_to_string(&input).unwrap();
        let id = input.file_stem().unwrap().to_string_lossy().to_string();
        let coded = pipeline.code(&article(&id, &text));
        for e in &coded.events {
            assert!(!e.evidence.slice(&coded.text).is_empty(), "{id}: empty evidence");
        }
        expect_test::expect_file![input.with_extension("coded")].assert_eq(&dump(&coded));
    }
}

#[test]
fn every_pattern_codes_its_own_examples() {
    let pipeline = shipped_pipeline();
    let date: Date = "2022-01-15".parse().unwrap();
    let mut failures = Vec::new();
    let mut total = 0;
    for pattern in &pipeline.dictionaries().patterns {
        for (line, example) in &pattern.examples {
            total += 1;
            let raw = RawArticle { id: "example".into(), date: Some(date), body: example.clone(), ..Default::default() };
            let coded = pipeline.code(&raw);
            if !coded.events.iter().any(|e| e.code == pattern.code || future_equivalent(&coded, e, pattern)) {
                let got: Vec<String> = coded.events.iter().map(|e| format!("{}→{:?} {}", e.source.code, e.target.as_ref().map(|t| t.code.to_string()), e.code)).collect();
                failures.push(format!("{}:{line}: `{}` ({}) example {example:?} coded {got:?}", pattern.entry.file, pattern.text, pattern.code));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {total} examples fail:\n{}", failures.len(), failures.join("\n"));
}

/// An example written in the future ("Russia will invade") is coded as the matching threat; it still
/// shows that the pattern fired.
fn future_equivalent(coded: &AnnotatedArticle, event: &redline_model::Event, pattern: &redline_dict::Pattern) -> bool {
    event.modality == redline_model::Modality::Future && event.rule.pattern == pattern.text && !coded.events.is_empty()
}

#[test]
#[ignore]
fn dev_dump() {
    let path = std::env::var("DUMP").unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let pipeline = shipped_pipeline();
    println!("{}", dump(&pipeline.code(&article("x", &text))));
}
