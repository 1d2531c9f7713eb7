//! End-to-end tests of the `redline` binary on the small fixtures in `tests/fixtures/`.

use std::path::{Path, PathBuf};
use std::process::Output;

use redline_model::{
    ActorCode, ActorMention, AnnotatedArticle, CameoCode, Date, EntryRef, Event, MentionKind, Modality, Origin, Quote,
    QuoteKind, RuleRef, Span, Speaker, Taxonomy,
};
use redline_store::Store;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn redline(args: &[&str]) -> Output {
    redline_with_stdin(args, None)
}

fn redline_with_stdin(args: &[&str], stdin: Option<&str>) -> Output {
    crate::support::redline_in(&fixtures(), args, stdin)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn jsonl(output: &Output) -> Vec<Value> {
    stdout(output).lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))).collect()
}

fn summary_value(output: &Output, key: &str) -> u64 {
    stdout(output)
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{key}:")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key:?} in summary:\n{}", stdout(output)))
}

#[test]
fn code_prints_one_json_object_per_article_with_checkable_offsets() {
    let output = redline(&["code", "articles"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let articles = jsonl(&output);
    let ids: Vec<&str> = articles.iter().map(|a| a["id"].as_str().unwrap_or("")).collect();
    // Sorted walk; README.md skipped silently.
    assert_eq!(ids, ["biden-putin-call-20211207", "russia-warns-20211114"]);
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    for article in &articles {
        assert_eq!(article["date"].as_str().map(str::len), Some(10));
        assert!(article["dict_version"].as_str().is_some_and(|v| !v.is_empty()));
        let text = article["text"].as_str().unwrap_or("");
        for event in article["events"].as_array().into_iter().flatten() {
            let evidence = &event["evidence"];
            let (start, end) =
                (evidence["start"].as_u64().unwrap() as usize, evidence["end"].as_u64().unwrap() as usize);
            assert_eq!(&text[start..end], evidence["text"].as_str().unwrap());
            assert!((1..=4).contains(&event["quad_class"].as_u64().unwrap()));
        }
        for quote in article["quotes"].as_array().into_iter().flatten() {
            let (start, end) = (quote["start"].as_u64().unwrap() as usize, quote["end"].as_u64().unwrap() as usize);
            assert_eq!(&text[start..end], quote["text"].as_str().unwrap());
        }
    }
}

#[test]
fn bad_input_is_reported_with_file_and_line_and_the_rest_is_processed() {
    let output = redline(&["code", "batch.jsonl", "latin1.txt", "empty.txt", "articles", "missing.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("batch.jsonl:2: error[input.bad-json]"), "{err}");
    assert!(err.contains("latin1.txt:1: error[input.not-utf8]: not valid UTF-8 at byte offset 3"), "{err}");
    assert!(err.contains("empty.txt: error[input.empty]"), "{err}");
    assert!(err.contains("missing.txt: error[input.unreadable]"), "{err}");
    let ids: Vec<String> = jsonl(&output).iter().map(|a| a["id"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(ids, ["jl-1", "jl-3", "biden-putin-call-20211207", "russia-warns-20211114"]);
}

#[test]
fn code_reads_standard_input_and_prints_tables() {
    let input = "{\"id\": \"in-1\", \"date\": \"2022-02-24\", \"text\": \"Russia attacked Ukraine.\"}\n";
    let output = redline_with_stdin(&["code", "-"], Some(input));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(jsonl(&output)[0]["id"], "in-1");

    let text = "Talks in Geneva\n20220110\n\nThe United States met Russia in Geneva.\n";
    let output = redline_with_stdin(&["code", "--format", "table"], Some(text));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = stdout(&output);
    assert!(table.starts_with("== h-"), "content-hash id for stdin text: {table}");
    assert!(table.contains("2022-01-10  Talks in Geneva"), "{table}");
}

#[test]
fn ingest_twice_never_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("test.db");
    let db = db.to_str().unwrap();
    let first = redline(&["ingest", "articles", "batch.jsonl", "--db", db, "--threads", "2", "--batch-size", "2"]);
    assert_eq!(first.status.code(), Some(1), "batch.jsonl has a bad line: {}", stderr(&first));
    assert!(stderr(&first).contains("batch.jsonl:2: error[input.bad-json]"), "{}", stderr(&first));
    assert_eq!(summary_value(&first, "articles read"), 4);
    assert_eq!(summary_value(&first, "inserted"), 4);
    assert_eq!(summary_value(&first, "diagnostics"), 1);
    let events = summary_value(&first, "events");
    let listed = jsonl(&redline(&["events", "--db", db, "--format", "jsonl"])).len() as u64;
    assert_eq!(listed, events);

    let second = redline(&["ingest", "articles", "batch.jsonl", "--db", db]);
    assert_eq!(summary_value(&second, "inserted"), 0);
    assert_eq!(summary_value(&second, "unchanged"), 4);
    assert_eq!(summary_value(&second, "events"), 0);
    let listed_again = jsonl(&redline(&["events", "--db", db, "--format", "jsonl"])).len() as u64;
    assert_eq!(listed_again, events);

    let clean = redline(&["ingest", "articles", "--db", db]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
}

// ---- query commands, on a database built by hand so the expected rows are known ----

fn span_of(text: &str, words: &str) -> Span {
    let start = text.find(words).unwrap_or_else(|| panic!("{words:?} not in {text:?}"));
    Span::new(start, start + words.len())
}

fn mention(text: &str, words: &str, code: &str) -> ActorMention {
    ActorMention {
        span: span_of(text, words),
        code: ActorCode::parse(code).unwrap(),
        name: words.into(),
        kind: MentionKind::Country,
        entry: EntryRef { file: "actors/countries.txt".into(), line: 1 },
        sentence: 0,
    }
}

/// `(source words, source code, evidence words, target (words, code), CAMEO code)`.
type EventSpec<'a> = (&'a str, &'a str, &'a str, Option<(&'a str, &'a str)>, &'a str);

fn article(id: &str, date: (i16, i8, i8), text: &str, events: &[EventSpec<'_>]) -> AnnotatedArticle {
    let events = events
        .iter()
        .map(|&(source, source_code, verb, target, code)| Event {
            source: mention(text, source, source_code),
            target: target.map(|(words, code)| mention(text, words, code)),
            code: CameoCode::parse(code).unwrap(),
            sentence: 0,
            evidence: span_of(text, verb),
            date: None,
            rule: RuleRef { id: "verbs/test.txt:1".into(), pattern: verb.into() },
            modality: Modality::Asserted,
        })
        .collect();
    AnnotatedArticle {
        id: id.into(),
        title: None,
        date: Date::new(date.0, date.1, date.2).ok(),
        url: None,
        origin: Origin { path: format!("{id}.txt"), line: None },
        text: text.into(),
        body_start: 0,
        sentences: Vec::new(),
        mentions: Vec::new(),
        events,
        quotes: Vec::new(),
        dates: Vec::new(),
        diagnostics: Vec::new(),
        dict_version: "test".into(),
    }
}

fn query_db(dir: &Path) -> String {
    let path = dir.join("query.db");
    let mut a = article(
        "a",
        (2021, 11, 14),
        "The Kremlin threatened Ukraine. Ukraine accused Russia.",
        &[
            ("The Kremlin", "RUSGOV", "threatened", Some(("Ukraine", "UKR")), "1312"),
            ("Ukraine", "UKR", "accused", Some(("Russia", "RUS")), "112"),
        ],
    );
    a.quotes.push(Quote {
        span: span_of(&a.text, "threatened Ukraine"),
        sentence: 0,
        kind: QuoteKind::Direct,
        speaker: Some(Speaker {
            name: "Dmitry Peskov".into(),
            code: ActorCode::parse("RUSGOV").ok(),
            mention: Span::new(0, 11),
        }),
    });
    let b = article(
        "b",
        (2021, 12, 7),
        "NATO met Ukraine.",
        &[("NATO", "IGOWSTNAT", "met", Some(("Ukraine", "UKR")), "040")],
    );
    let mut c = article(
        "c",
        (2022, 2, 24),
        "Russia invaded Ukraine.",
        &[("Russia", "RUS", "invaded", Some(("Ukraine", "UKR")), "190")],
    );
    c.quotes.push(Quote {
        span: span_of(&c.text, "invaded Ukraine"),
        sentence: 0,
        kind: QuoteKind::Partial,
        speaker: None,
    });
    let mut store = Store::open(&path).unwrap();
    store.write_batch(&[a, b, c], &Taxonomy::standard()).unwrap();
    path.to_string_lossy().into_owned()
}

fn event_keys(db: &str, filters: &[&str]) -> Vec<String> {
    let mut args = vec!["events", "--db", db, "--format", "jsonl"];
    args.extend_from_slice(filters);
    let output = redline(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    jsonl(&output)
        .iter()
        .map(|e| format!("{}{}:{}", e["article_id"].as_str().unwrap(), e["seq"], e["cameo"].as_str().unwrap()))
        .collect()
}

#[test]
fn event_filters() {
    let dir = tempfile::tempdir().unwrap();
    let db = query_db(dir.path());
    assert_eq!(event_keys(&db, &[]), ["a0:1312", "a1:112", "b0:040", "c0:190"]);
    assert_eq!(event_keys(&db, &["--actor", "RUS"]), ["a0:1312", "a1:112", "c0:190"]);
    assert_eq!(event_keys(&db, &["--dyad", "RUS:UKR"]), ["a0:1312", "c0:190"]);
    assert_eq!(event_keys(&db, &["--dyad", "RUS:UKR", "--undirected"]), ["a0:1312", "a1:112", "c0:190"]);
    assert_eq!(event_keys(&db, &["--root", "13", "--root", "4"]), ["a0:1312", "b0:040"]);
    assert_eq!(event_keys(&db, &["--plover", "assault"]), ["c0:190"]);
    assert_eq!(event_keys(&db, &["--from", "2021-12-01", "--to", "20220224"]), ["b0:040", "c0:190"]);
    assert_eq!(event_keys(&db, &["--limit", "1", "--offset", "1"]), ["a1:112"]);
}

#[test]
fn event_formats_parse() {
    let dir = tempfile::tempdir().unwrap();
    let db = query_db(dir.path());
    let output = redline(&["events", "--db", &db, "--format", "csv", "--actor", "UKR"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(&records[0][column("source_code")], "RUSGOV");
    assert_eq!(&records[0][column("plover")], "THREATEN");
    assert_eq!(&records[0][column("evidence_text")], "threatened");
    // The shortest decimal form of the codebook's value, not an f32 widened to f64 (-5.800000190734863).
    let goldstein = Taxonomy::standard().goldstein(&CameoCode::parse("1312").unwrap()).to_string();
    assert_eq!(&records[0][column("goldstein")], goldstein.as_str());

    let table = stdout(&redline(&["events", "--db", &db, "--root", "19"]));
    assert!(table.contains("2022-02-24  RUS → UKR"), "{table}");
    assert!(table.contains("\"invaded\""), "{table}");
}

#[test]
fn quote_filters_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = query_db(dir.path());
    let quotes = |filters: &[&str]| -> Vec<String> {
        let mut args = vec!["quotes", "--db", db.as_str(), "--format", "jsonl"];
        args.extend_from_slice(filters);
        jsonl(&redline(&args)).iter().map(|q| q["text"].as_str().unwrap_or("").to_string()).collect()
    };
    assert_eq!(quotes(&[]), ["threatened Ukraine", "invaded Ukraine"]);
    assert_eq!(quotes(&["--speaker", "PESKOV"]), ["threatened Ukraine"]);
    assert_eq!(quotes(&["--speaker", "RUS"]), ["threatened Ukraine"]);
    assert_eq!(quotes(&["--text", "invaded"]), ["invaded Ukraine"]);
    assert_eq!(quotes(&["--from", "2022-01-01"]), ["invaded Ukraine"]);
    assert_eq!(quotes(&["--limit", "1"]), ["threatened Ukraine"]);
    let output = redline(&["quotes", "--db", &db, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    assert_eq!(reader.records().count(), 2);
    let table = stdout(&redline(&["quotes", "--db", &db]));
    assert!(table.contains("“threatened Ukraine” — Dmitry Peskov (RUSGOV)"), "{table}");
    assert!(table.contains("(unattributed)"), "{table}");
}

#[test]
fn usage_dictionary_and_database_errors_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = query_db(dir.path());
    for args in [
        vec!["events", "--db", db.as_str(), "--root", "21"],
        vec!["events", "--db", db.as_str(), "--from", "14/11/2021"],
        vec!["events", "--db", db.as_str(), "--plover", "SHOUT"],
        vec!["events", "--db", db.as_str(), "--dyad", "RUS"],
        vec!["frobnicate"],
    ] {
        let output = redline(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
    }
    let missing = dir.path().join("missing.db");
    let output = redline(&["events", "--db", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no database at"), "{}", stderr(&output));
    assert!(!missing.exists(), "a query never creates a database");

    let dict = dir.path().join("dict");
    std::fs::create_dir_all(dict.join("verbs")).unwrap();
    std::fs::write(dict.join("VERSION"), "2021.11.1\n").unwrap();
    std::fs::write(dict.join("verbs/13-threaten.txt"), "THREATEN\n").unwrap();
    let output = redline(&["code", "articles", "--dict", dict.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("verbs/13-threaten.txt:1"), "{}", stderr(&output));
}
