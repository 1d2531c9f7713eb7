//! Scenario tests: every file under `test_data/scenarios/` is an input daily series and the alerts the
//! shipped rules (`rules/alerts.toml`) must raise on it, dates and severities. Adding a scenario is adding a file.
//!
//! A scenario is TOML: `start` (first day), optional `normalise` (overrides the rules), one `[[source]]` per
//! source with run-length day series (`"8 x 30, 12 x 5"`; a comma list inside a segment repeats as a
//! pattern: `"1,0,2 x 10"` is 30 days), and one `[[expect]]` per alert (`date`, `severity`, `rule`).

use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::{Bucket, DyadSpec, EventFact, Rules, SourceVolume, add_days, build_series, detect};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    description: String,
    start: String,
    #[serde(default)]
    normalise: Option<bool>,
    source: Vec<SourceSpec>,
    #[serde(default)]
    expect: Vec<Expected>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceSpec {
    host: String,
    articles: String,
    conflict: String,
    #[serde(default)]
    cooperation: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Expected {
    date: String,
    severity: String,
    rule: String,
}

/// Expands `"8 x 30, 1,0,2 x 10, 5"` into one value per day.
fn expand(text: &str) -> Result<Vec<u32>, String> {
    let mut days = Vec::new();
    // Segments are separated by commas that follow a repeat count or a lone value; parse greedily.
    let mut pattern: Vec<u32> = Vec::new();
    for piece in text.split(',') {
        let piece = piece.trim();
        if let Some((value, times)) = piece.split_once('x') {
            pattern.push(value.trim().parse().map_err(|_| format!("bad value in {piece:?}"))?);
            let times: usize = times.trim().parse().map_err(|_| format!("bad repeat in {piece:?}"))?;
            for _ in 0..times {
                days.extend(&pattern);
            }
            pattern.clear();
        } else {
            pattern.push(piece.parse().map_err(|_| format!("bad value {piece:?}"))?);
        }
    }
    days.extend(pattern);
    Ok(days)
}

fn run(path: &Path, rules: &Rules) -> Result<(Vec<Expected>, Vec<Expected>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let scenario: Scenario = toml::from_str(&text).map_err(|e| e.to_string())?;
    assert!(!scenario.description.trim().is_empty(), "{}: describe the scenario", path.display());
    let start: Date = scenario.start.parse().map_err(|_| "bad start".to_string())?;
    let mut rules = rules.clone();
    if let Some(normalise) = scenario.normalise {
        rules.series.normalise = normalise;
    }
    let mut facts = Vec::new();
    let mut volumes = Vec::new();
    let mut last = start;
    for source in &scenario.source {
        let articles = expand(&source.articles)?;
        let conflict = expand(&source.conflict)?;
        let cooperation = source.cooperation.as_deref().map(expand).transpose()?.unwrap_or_default();
        for (day, count) in articles.iter().enumerate() {
            let date = add_days(start, day as i64).ok_or("date out of range")?;
            last = last.max(date);
            volumes.push(SourceVolume { date, host: source.host.clone(), articles: *count });
        }
        let kinds = [(&conflict, 3u8, -5.0), (&cooperation, 1u8, 3.0)];
        for (series, quad, goldstein) in kinds {
            for (day, count) in series.iter().enumerate() {
                let date = add_days(start, day as i64).ok_or("date out of range")?;
                for seq in 0..*count {
                    facts.push(EventFact {
                        date,
                        article_id: format!("{}-{day}-{quad}", source.host),
                        seq,
                        story_id: None,
                        source_host: Some(source.host.clone()),
                        source_code: "RUSGOV".into(),
                        target_code: "UKR".into(),
                        cameo: format!("{quad}{seq}"),
                        quad_class: quad,
                        goldstein,
                    });
                }
            }
        }
    }
    let dyad: DyadSpec = "RUS-UKR".parse().map_err(|_| "dyad")?;
    let series = build_series(&facts, &volumes, &dyad, Bucket::Day, start, last, &rules.series);
    let mut got: Vec<Expected> = detect(&series, &facts, &rules)
        .into_iter()
        .map(|a| Expected { date: a.date.to_string(), severity: a.severity.to_string(), rule: a.rule })
        .collect();
    let mut expected = scenario.expect;
    got.sort();
    expected.sort();
    Ok((expected, got))
}

#[test]
fn every_scenario_raises_exactly_its_expected_alerts() {
    let rules = Rules::parse(include_str!("../../../rules/alerts.toml")).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    assert!(files.len() >= 5, "expected at least five scenarios in {}", dir.display());
    let mut failures = Vec::new();
    for file in &files {
        match run(file, &rules) {
            Ok((expected, got)) if expected == got => {}
            Ok((expected, got)) => {
                failures.push(format!("{}:\n  expected {expected:?}\n  got      {got:?}", file.display()))
            }
            Err(err) => failures.push(format!("{}: {err}", file.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn run_lengths_expand() {
    assert_eq!(expand("2 x 3, 5").unwrap(), [2, 2, 2, 5]);
    assert_eq!(expand("1,0 x 2, 7 x 1").unwrap(), [1, 0, 1, 0, 7]);
    assert!(expand("a x 2").is_err());
}
