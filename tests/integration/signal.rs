//! Tension series, alerts and the backtest end to end: one database coded from the demo corpus per test
//! binary, the backtest's real findings on it, and the CLI's error cases.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn redline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline")).args(args).output().expect("the redline binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The demo corpus coded once into a database shared by the tests of this module.
fn demo_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("demo.db");
        let db = path.to_str().expect("utf-8 path");
        let output = redline(&["demo", "--db", db, "--no-serve"]);
        assert!(output.status.success(), "demo failed: {}", stderr(&output));
        (dir, path)
    });
    path
}

fn db() -> &'static str {
    demo_db().to_str().expect("utf-8 path")
}

/// The backtest's output on the shared database, run once.
fn backtest() -> &'static (String, PathBuf) {
    static RUN: OnceLock<(String, PathBuf)> = OnceLock::new();
    RUN.get_or_init(|| {
        let out = demo_db().with_file_name("backtest");
        let output = redline(&["backtest", "--db", db(), "--out", out.to_str().expect("utf-8")]);
        assert!(output.status.success(), "backtest failed: {}", stderr(&output));
        (stdout(&output), out)
    })
}

#[test]
fn backtest_warns_on_rus_ukr_before_the_invasion_and_not_on_calm_dyads() {
    let (text, out) = backtest();
    let leads: Vec<i64> = text
        .lines()
        .filter(|l| l.contains(" RUS-UKR ") && l.trim_start().starts_with("lead"))
        .filter_map(|l| l.split_whitespace().nth(1)?.parse().ok())
        .collect();
    assert!(leads.iter().any(|lead| *lead > 0), "no RUS-UKR alert before 2022-02-24:\n{text}");
    let calm: Vec<&str> =
        text.lines().filter(|l| l.trim_start().starts_with("calm ") && l.contains(" alerts ")).collect();
    assert_eq!(calm.len(), 4, "{text}");
    for line in calm {
        assert!(line.contains("alerts 0 "), "a calm dyad alerted: {line}");
    }
    for chart in ["backtest.svg", "backtest.png"] {
        let bytes = std::fs::metadata(out.join(chart)).map(|m| m.len()).unwrap_or(0);
        assert!(bytes > 1000, "{chart} missing or empty");
    }
    assert!(std::fs::read_to_string(out.join("backtest.svg")).unwrap_or_default().contains("RUS-UKR"));
}

#[test]
fn rus_ukr_conflict_rises_from_november_to_february() {
    let (text, _) = backtest();
    let row = text.lines().find(|l| l.starts_with("RUS-UKR ")).expect("a RUS-UKR series row");
    // Cells are "count (per 100)"; take the counts for Nov, Dec, Jan and Feb 1-23.
    let counts: Vec<f64> = row
        .split_whitespace()
        .skip(1)
        .filter(|c| !c.starts_with('(') && !c.ends_with(')'))
        .filter_map(|c| c.parse().ok())
        .collect();
    assert_eq!(counts.len(), 5, "{row}");
    assert!(counts[1] < counts[2] && counts[2] < counts[3] && counts[3] < counts[4], "not rising: {row}");
}

#[test]
fn series_json_matches_the_stored_events() {
    let output = redline(&["series", "RUS:UKR", "--db", db(), "--by", "week", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let points = doc["points"].as_array().expect("points");
    let total: u64 = points.iter().map(|p| p["events"].as_u64().unwrap_or(0)).sum();
    let store = redline_store::Store::open(demo_db()).expect("db");
    let filter = redline_store::SeriesFilter {
        pair: Some(("RUS".into(), "UKR".into())),
        ..redline_store::SeriesFilter::default()
    };
    assert_eq!(total, store.series_facts(&filter).expect("facts").len() as u64);
    // Only what series count: asserted and reported events (not negated, hypothetical, future, asked or denied).
    assert!(total > 400, "RUS→UKR should hold hundreds of counted events, got {total}");
    let table = redline(&["series", "RUS-UKR", "--db", db(), "--from", "2022-02-01", "--to", "2022-02-23"]);
    let text = stdout(&table);
    assert!(text.lines().next().is_some_and(|l| l.chars().any(|c| ('▁'..='█').contains(&c))), "{text}");
    assert_eq!(text.lines().count(), 2 + 23, "{text}");
}

#[test]
fn alerts_explain_themselves_with_spans_quotes_and_articles() {
    let output = redline(&["alerts", "--db", db(), "--dyad", "RUS-UKR", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let alerts: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let alerts = alerts.as_array().expect("a list");
    assert!(!alerts.is_empty());
    let first = &alerts[0];
    assert!(first["score"].as_f64().unwrap_or(0.0) >= 3.0);
    let events = first["events"].as_array().expect("events");
    assert!(!events.is_empty());
    // Every evidence span slices its article's text to the stored evidence.
    let store = redline_store::Store::open(demo_db()).expect("db");
    for event in events {
        let span = event["span"].as_str().expect("span");
        let (article, range) = span.rsplit_once(':').expect("article:start-end");
        let (start, end) = range.split_once('-').expect("start-end");
        let text = store.article(article).expect("read").expect("stored").text;
        let slice = &text[start.parse::<usize>().unwrap()..end.parse::<usize>().unwrap()];
        assert_eq!(slice, event["evidence"].as_str().unwrap_or_default());
    }
    assert!(!first["articles"].as_array().expect("articles").is_empty());
}

#[test]
fn plot_writes_svg_and_refuses_other_extensions() {
    let out = demo_db().with_file_name("chart.svg");
    let output = redline(&["plot", "RUS-UKR", "RUS-USA", "--db", db(), "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&out).unwrap_or_default().contains("<svg"));
    let bad = redline(&["plot", "RUS-UKR", "--db", db(), "--out", "chart.gif"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains(".svg or .png"), "{}", stderr(&bad));
}

#[test]
fn cli_errors_bad_dyad_bad_rules_and_inverted_range() {
    let bad_dyad = redline(&["series", "RUSUKR", "--db", db()]);
    assert_eq!(bad_dyad.status.code(), Some(2));
    assert!(stderr(&bad_dyad).contains("RUSUKR"), "{}", stderr(&bad_dyad));
    let rules = demo_db().with_file_name("bad-rules.toml");
    std::fs::write(&rules, "max_drivers = 4\n\n[series]\nmetric = \"conflict\"\ncount = 3\n").unwrap();
    let bad_rules = redline(&["alerts", "--db", db(), "--rules", rules.to_str().unwrap()]);
    assert_eq!(bad_rules.status.code(), Some(2));
    assert!(stderr(&bad_rules).contains(&format!("{}:5:", rules.display())), "{}", stderr(&bad_rules));
    let inverted = redline(&["series", "RUS:UKR", "--db", db(), "--from", "2022-02-01", "--to", "2022-01-01"]);
    assert_eq!(inverted.status.code(), Some(2));
    assert!(stderr(&inverted).contains("after --to"), "{}", stderr(&inverted));
}
