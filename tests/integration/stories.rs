//! One story counted once: republished variants of one wire story, ingested by the real binary, form one
//! story with N articles and N sources, and `redline events --by-story` counts each of its events once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::summary_value;

/// Our own wire story in the seed layout's spirit (headline on line 1, one paragraph per line after it).
fn wire_story() -> (String, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../story/test_data/wire-story.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string);
    let title = lines.next().unwrap_or_default();
    (title, lines.collect())
}

fn unrelated_story() -> (String, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../story/test_data/other-story.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string);
    let title = lines.next().unwrap_or_default();
    (title, lines.collect())
}

/// Writes one article file in the text layout: title, date, URL, paragraphs.
fn write_article(dir: &Path, id: &str, title: &str, date: &str, url: &str, paragraphs: &[String]) {
    let text = format!("{title}\n{date}\n{url}\n{}\n", paragraphs.join("\n"));
    std::fs::write(dir.join(format!("{id}.txt")), text).unwrap();
}

/// The republished variants: (id, outlet host, title, date, paragraphs). The original comes first in
/// file order, so its id is the story's id.
fn variants() -> Vec<(&'static str, &'static str, String, &'static str, Vec<String>)> {
    let (title, body) = wire_story();
    // Lightly edited: one sentence rewritten, the closing paragraph replaced by the outlet's own line.
    let mut edited = body.clone();
    edited[9] =
        "Analysts in Warsaw said the breakdown of the talks made an offensive in the winter more likely.".into();
    let last = edited.len() - 1;
    edited[last] = "This story has been updated with reaction from Brussels.".into();
    // Truncated to the first 60% of its words, cut mid-paragraph as a feed would.
    let words: Vec<&str> = body.iter().flat_map(|p| p.split_whitespace()).collect();
    let truncated = vec![words[..words.len() * 6 / 10].join(" ")];
    vec![
        ("a-wire", "wire.example", title.clone(), "20220110", body.clone()),
        ("b-daily", "daily.example", "Geneva talks collapse as Russia warns Ukraine".into(), "20220110", body.clone()),
        ("c-herald", "herald.example", title.clone(), "20220110", edited),
        ("d-brief", "brief.example", title.clone(), "20220110", truncated),
        ("e-post", "post.example", title, "20220111", body),
    ]
}

fn redline(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the redline binary runs");
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output
}

fn jsonl(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// A corpus directory with the variants and one unrelated article, and a database path beside it.
fn corpus() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for (id, host, title, date, paragraphs) in variants() {
        write_article(&articles, id, &title, date, &format!("https://www.{host}/world/{id}"), &paragraphs);
    }
    let (title, body) = unrelated_story();
    write_article(&articles, "f-other", &title, "20220115", "https://wire.example/world/f-other", &body);
    let db = dir.path().join("stories.db");
    (dir, articles, db)
}

#[test]
fn republished_variants_are_one_story_with_n_articles_and_n_sources() {
    let (dir, articles, db) = corpus();
    let n = variants().len() as u64;
    let (articles, db) = (articles.to_string_lossy().into_owned(), db.to_string_lossy().into_owned());
    let ingest = redline(dir.path(), &["ingest", &articles, "--db", &db, "--threads", "2", "--batch-size", "2"]);
    assert_eq!(summary_value(&ingest, "inserted"), n + 1);
    assert_eq!(summary_value(&ingest, "stories new"), 2);
    assert_eq!(summary_value(&ingest, "stories joined"), n - 1);
    assert_eq!(summary_value(&ingest, "stories total"), 2);

    let by_story = jsonl(&redline(dir.path(), &["events", "--db", &db, "--by-story", "--format", "jsonl"]));
    let all = jsonl(&redline(dir.path(), &["events", "--db", &db, "--format", "jsonl"]));
    assert!(!by_story.is_empty() && by_story.len() < all.len());
    // One row per (story, source, target, CAMEO code); every event of the store falls in exactly one.
    let key = |row: &Value| {
        (
            row["story"].to_string(),
            row["source_code"].to_string(),
            row["target_code"].to_string(),
            row["cameo"].to_string(),
        )
    };
    let keys: HashSet<_> = by_story.iter().map(key).collect();
    assert_eq!(keys.len(), by_story.len(), "a (story, dyad, code) appears twice");
    let stories: HashSet<&str> = by_story.iter().filter_map(|r| r["story"].as_str()).collect();
    assert_eq!(stories, HashSet::from(["a-wire", "f-other"]));
    for row in &by_story {
        let (articles, sources) = (row["articles"].as_u64().unwrap_or(0), row["sources"].as_u64().unwrap_or(0));
        let expected_total = if row["story"] == "a-wire" { n } else { 1 };
        assert_eq!(row["story_articles"].as_u64(), Some(expected_total), "{row}");
        assert_eq!(row["story_sources"].as_u64(), Some(expected_total), "{row}");
        assert!((1..=expected_total).contains(&articles) && sources == articles, "{row}");
        // The articles count is the number of the story's articles in which the event was coded.
        let coded_in: HashSet<&str> = all
            .iter()
            .filter(|e| {
                ["source_code", "target_code", "cameo"].iter().all(|f| e[*f] == row[*f])
                    && (e["article_id"].as_str().is_some_and(|id| id != "f-other") == (row["story"] == "a-wire"))
            })
            .filter_map(|e| e["article_id"].as_str())
            .collect();
        assert_eq!(coded_in.len() as u64, articles, "{row}");
    }
    // The lead's events (Russia warned Ukraine, and accused Kyiv) are in every copy, the truncated one included:
    // counted once, carried by all N articles from N outlets.
    for cameo in ["130", "112"] {
        let row = by_story
            .iter()
            .find(|r| {
                r["story"] == "a-wire" && r["source_code"] == "RUS" && r["target_code"] == "UKR" && r["cameo"] == cameo
            })
            .unwrap_or_else(|| panic!("no RUS → UKR {cameo} row in {by_story:#?}"));
        assert_eq!((row["articles"].as_u64(), row["sources"].as_u64()), (Some(n), Some(n)), "{row}");
        let plain =
            all.iter().filter(|e| e["source_code"] == "RUS" && e["target_code"] == "UKR" && e["cameo"] == cameo);
        assert!(plain.count() as u64 >= n);
    }

    // Ingesting the same files again changes no count.
    let again = redline(dir.path(), &["ingest", &articles, "--db", &db]);
    assert_eq!((summary_value(&again, "unchanged"), summary_value(&again, "stories total")), (n + 1, 2));
    assert_eq!(jsonl(&redline(dir.path(), &["events", "--db", &db, "--by-story", "--format", "jsonl"])), by_story);

    // The other formats carry the same counts.
    let csv = redline(dir.path(), &["events", "--db", &db, "--by-story", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.starts_with("story,articles,sources,story_articles,story_sources,"), "{csv}");
    assert_eq!(csv.lines().count(), by_story.len() + 1);
    let table = redline(dir.path(), &["events", "--db", &db, "--by-story", "--limit", "1"]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert_eq!(table.lines().count(), 1, "{table}");
    assert!(table.contains("[story a-wire]"), "{table}");
}
