//! The README's promises, end to end: the demo command builds the embedded database from the bundled
//! corpus without losing an article and sums up its strongest alerts, and the engine meets the seed article's bar in `redline eval`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn redline(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_redline")).args(args).current_dir(dir).output().expect("redline runs")
}

#[test]
fn the_demo_codes_every_bundled_article_into_the_embedded_store() {
    let dir = tempfile::tempdir().unwrap();
    let output = redline(&["demo", "--db", "demo.db", "--no-serve"], dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "demo failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("read 1050 articles: 1050 new"), "{stdout}");
    assert!(stdout.contains("stored: 1050 articles"), "{stdout}");
    assert!(stdout.contains("www.state.gov") && stdout.contains("en.kremlin.ru"), "{stdout}");
    // The strongest alerts, each with its top evidence; and --no-serve does not serve.
    let alerts = stdout.split("strongest alerts (").nth(1).expect("an alerts summary");
    assert!(alerts.contains(" watched dyads: ") && alerts.contains("RUS-UKR"), "{alerts}");
    let headlines =
        alerts.lines().filter(|l| l.contains(" score ") && l.contains(" per 100 articles vs baseline ")).count();
    let evidence = alerts.lines().filter(|l| l.trim_start().starts_with("top evidence: ")).count();
    assert!((1..=5).contains(&headlines), "{alerts}");
    assert_eq!(evidence, headlines, "{alerts}");
    assert!(!stdout.contains("open http://"), "{stdout}");
    // Running it again adds nothing.
    let again = redline(&["demo", "--db", "demo.db", "--no-serve"], dir.path());
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("0 new, 1050 unchanged"), "{stdout}");
    // And the stored events answer queries.
    let events =
        redline(&["events", "--db", "demo.db", "--dyad", "RUS:UKR", "--format", "jsonl", "--limit", "5"], dir.path());
    assert!(events.status.success());
    let rows: Vec<Value> =
        String::from_utf8_lossy(&events.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!rows.is_empty(), "no RUS→UKR event in the demo corpus");
}

/// The seed gold set lives beside the project (`../shared/data/gold/`), never inside it; where it is
/// absent (a clone on its own) there is nothing to score.
fn seed_gold() -> Option<PathBuf> {
    let path = repo().join("../shared/data/gold/dev/seed.jsonl");
    path.exists().then_some(path)
}

fn measure<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["measures"].as_array().unwrap().iter().find(|m| m["measure"] == name).unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn the_seed_article_meets_its_bar() {
    let Some(gold) = seed_gold() else {
        eprintln!("skipped: ../shared/data/gold/dev/seed.jsonl is not beside this checkout");
        return;
    };
    let output = redline(&["eval", "--json", "--gold", gold.to_str().unwrap()], &repo());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let events = measure(&report, "events (root+dyad)");
    assert!(events["tp"].as_u64().unwrap() >= 6, "{events}");
    assert!(events["precision"].as_f64().unwrap() >= 0.6, "{events}");
    let quotes = measure(&report, "quotes (attributed)");
    assert!(quotes["tp"].as_u64().unwrap() >= 6, "{quotes}");
}
