//! The alert detector: runs each rule of a [`Rules`] over a dyad's daily series and returns the alerts,
//! each with its score against its baseline and the events that drove it, ranked by contribution.
//!
//! Two rule kinds (formulas and the argument for them in docs/signal.md):
//! - `zscore`: the rate over the last `window_days` against the same rate computed at each of the
//!   `baseline_days` before the window (mean and spread), spread floored by the Poisson spread of the
//!   window and by `min_spread`;
//! - `cusum`: the one-sided cumulative sum of daily z-scores less a slack `k`, against a baseline that
//!   ends `lag_days` before the day judged, so that a slow ramp accumulates instead of becoming its own
//!   baseline.
//!
//! Each rule fires once per episode: after an alert it is silent on that dyad until its score falls below
//! `rearm`, so a plateau or a drop back to calm raises nothing new.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

use jiff::civil::Date;

use crate::dyad::DyadSpec;
use crate::rules::{RuleKind, RuleSpec, Rules};
use crate::series::{EventFact, Series};

/// How strong an alert is, from its score and the rule's bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The score passed the rule's threshold.
    Warning,
    /// The score passed the rule's `high` band.
    High,
    /// The score passed the rule's `critical` band.
    Critical,
}

impl Severity {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Parses a name written by [`Severity::as_str`].
    pub fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "warning" => Some(Severity::Warning),
            "high" => Some(Severity::High),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The number behind an alert: the watched value against its baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// The value judged: the window's rate (z-score) or the episode's rate (CUSUM), per day or per 100 articles.
    pub value: f64,
    /// Baseline mean, same unit.
    pub baseline_mean: f64,
    /// Baseline spread used (after the floors), same unit.
    pub baseline_spread: f64,
    /// The z-score, or the CUSUM sum in spreads.
    pub score: f64,
}

/// The id of a stored event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId {
    /// Its article.
    pub article_id: String,
    /// Its position in the article.
    pub seq: u32,
}

/// One event that drove an alert, with its share of the alert's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver {
    /// The event.
    pub id: EventId,
    /// Its weight in the metric divided by its day's exposure (so a share of the window's sum).
    pub contribution: f64,
}

/// One alert on one dyad.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// The dyad.
    pub dyad: DyadSpec,
    /// The day the rule fired (what was known by the end of that day).
    pub date: Date,
    /// First day of the evidence window (z-score window, or the start of the CUSUM run).
    pub window_start: Date,
    /// Warning, high or critical.
    pub severity: Severity,
    /// Name of the rule that fired.
    pub rule: String,
    /// Kind of that rule.
    pub kind: RuleKind,
    /// The value against its baseline.
    pub score: Score,
    /// The window's metric events, raw count (not normalised).
    pub window_events: f64,
    /// The driving events, largest contribution first, at most `max_drivers`.
    pub drivers: Vec<Driver>,
}

/// Runs every rule of `rules` over a daily `series` and returns the alerts in date order.
///
/// `facts` are the events the series was built from (others are ignored): they name the drivers.
pub fn detect(series: &Series, facts: &[EventFact], rules: &Rules) -> Vec<Alert> {
    let normalise = rules.series.normalise;
    let observations: Vec<Observation> = (0..series.points.len())
        .map(|i| {
            let (value, exposure) = series.observation(i, normalise);
            let point = &series.points[i];
            let covered = point.articles > 0 || point.events > 0;
            Observation { value, exposure: if covered { exposure } else { 0.0 } }
        })
        .collect();
    let mut alerts = Vec::new();
    for rule in &rules.rules {
        let firings = match rule.kind {
            RuleKind::Zscore => zscore(&observations, rule),
            RuleKind::Cusum => cusum(&observations, rule),
        };
        for firing in firings {
            let (Some(date), Some(window_start)) = (
                series.points.get(firing.index).and_then(|p| p.start),
                series.points.get(firing.from).and_then(|p| p.start),
            ) else {
                continue;
            };
            let exposures: HashMap<Date, f64> = series.points[firing.from..=firing.index]
                .iter()
                .zip(&observations[firing.from..=firing.index])
                .filter_map(|(p, o)| p.start.map(|d| (d, o.exposure)))
                .collect();
            let drivers = drivers(facts, &series.dyad, rules, window_start, date, &exposures);
            alerts.push(Alert {
                dyad: series.dyad.clone(),
                date,
                window_start,
                severity: severity(rule, firing.score.score),
                rule: rule.name.clone(),
                kind: rule.kind,
                score: firing.score,
                window_events: firing.events,
                drivers,
            });
        }
    }
    alerts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.rule.cmp(&b.rule)));
    alerts
}

/// A day's metric and exposure; exposure 0 means the day had no coverage and is not judged.
#[derive(Debug, Clone, Copy)]
struct Observation {
    value: f64,
    exposure: f64,
}

/// Where a rule fired: the day, the first day of its evidence, its score and raw events.
struct Firing {
    index: usize,
    from: usize,
    score: Score,
    events: f64,
}

fn severity(rule: &RuleSpec, score: f64) -> Severity {
    if score >= rule.critical {
        Severity::Critical
    } else if score >= rule.high {
        Severity::High
    } else {
        Severity::Warning
    }
}

/// The rate (sum / exposure) over `days`, when they have any exposure, and their raw sum.
fn rate(days: &[Observation]) -> Option<(f64, f64)> {
    let exposure: f64 = days.iter().map(|o| o.exposure).sum();
    let sum: f64 = days.iter().filter(|o| o.exposure > 0.0).map(|o| o.value).sum();
    (exposure > 0.0).then_some((sum / exposure, sum))
}

/// Population mean and standard deviation.
fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, variance.sqrt())
}

/// The spread used: the baseline's, floored by the Poisson spread of a rate over `exposure` and by `min_spread`.
fn floored_spread(sd: f64, mean: f64, exposure: f64, rule: &RuleSpec) -> f64 {
    let poisson = if exposure > 0.0 { (mean.max(0.0) / exposure).sqrt() } else { 0.0 };
    sd.max(poisson).max(rule.min_spread)
}

fn zscore(obs: &[Observation], rule: &RuleSpec) -> Vec<Firing> {
    let window = rule.window_days as usize;
    let baseline = rule.baseline_days as usize;
    let mut armed = true;
    let mut out = Vec::new();
    for index in window.saturating_sub(1)..obs.len() {
        let from = index + 1 - window;
        let Some((value, events)) = rate(&obs[from..=index]) else { continue };
        // The baseline: the same window rate at each of the `baseline` days before this window.
        let first = from.saturating_sub(baseline).max(window - 1);
        let covered = obs[from.saturating_sub(baseline)..from].iter().filter(|o| o.exposure > 0.0).count();
        let rates: Vec<f64> =
            (first..from).filter_map(|j| rate(&obs[j + 1 - window..=j]).map(|(rate, _)| rate)).collect();
        if covered < rule.min_baseline_days as usize || rates.len() < 2 {
            continue;
        }
        let (mean, sd) = mean_sd(&rates);
        let exposure: f64 = obs[from..=index].iter().map(|o| o.exposure).sum();
        let spread = floored_spread(sd, mean, exposure, rule);
        let score = (value - mean) / spread;
        if !armed {
            armed = score < rule.rearm;
            continue;
        }
        if score >= rule.threshold && events >= rule.min_events {
            armed = false;
            out.push(Firing {
                index,
                from,
                score: Score { value, baseline_mean: mean, baseline_spread: spread, score },
                events,
            });
        }
    }
    out
}

fn cusum(obs: &[Observation], rule: &RuleSpec) -> Vec<Firing> {
    let baseline = rule.baseline_days as usize;
    let lag = rule.lag_days as usize;
    let mut sum = 0.0;
    let mut run_start: Option<usize> = None;
    let mut armed = true;
    let mut out = Vec::new();
    for index in 0..obs.len() {
        let Some(end) = index.checked_sub(lag) else { continue };
        let start = end.saturating_sub(baseline);
        let days: Vec<f64> =
            obs[start..end].iter().filter(|o| o.exposure > 0.0).map(|o| o.value / o.exposure).collect();
        if days.len() < (rule.min_baseline_days as usize).max(2) {
            continue;
        }
        let (mean, sd) = mean_sd(&days);
        let today = obs[index];
        let spread = floored_spread(sd, mean, today.exposure, rule);
        let z = if today.exposure > 0.0 { (today.value / today.exposure - mean) / spread } else { 0.0 };
        sum = (sum + z - rule.slack).max(0.0);
        if sum <= 0.0 {
            run_start = None;
        } else if run_start.is_none() {
            run_start = Some(index);
        }
        if !armed {
            armed = sum < rule.rearm || sum <= 0.0;
            continue;
        }
        let from = run_start.unwrap_or(index);
        let Some((value, events)) = rate(&obs[from..=index]) else { continue };
        if sum >= rule.threshold && events >= rule.min_events {
            armed = false;
            out.push(Firing {
                index,
                from,
                score: Score { value, baseline_mean: mean, baseline_spread: spread, score: sum },
                events,
            });
        }
    }
    out
}

/// The dyad's metric events from `from` to `to`, ranked by contribution (then the more hostile Goldstein,
/// the later date, the article and position), at most `rules.max_drivers`.
fn drivers(
    facts: &[EventFact],
    dyad: &DyadSpec,
    rules: &Rules,
    from: Date,
    to: Date,
    exposures: &HashMap<Date, f64>,
) -> Vec<Driver> {
    let mut ranked: Vec<(&EventFact, f64)> = facts
        .iter()
        .filter(|f| f.date >= from && f.date <= to && dyad.matches(&f.source_code, &f.target_code))
        .filter_map(|f| {
            let weight = rules.series.metric.weight(f.quad_class, f.goldstein);
            let exposure = exposures.get(&f.date).copied().unwrap_or(0.0);
            (weight > 0.0 && exposure > 0.0).then_some((f, weight / exposure))
        })
        .collect();
    ranked.sort_by(|(a, ca), (b, cb)| {
        cb.partial_cmp(ca)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.goldstein.partial_cmp(&b.goldstein).unwrap_or(Ordering::Equal))
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.article_id.cmp(&b.article_id))
            .then_with(|| a.seq.cmp(&b.seq))
    });
    ranked
        .into_iter()
        .take(rules.max_drivers)
        .map(|(f, contribution)| Driver { id: EventId { article_id: f.article_id.clone(), seq: f.seq }, contribution })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{CountUnit, Metric, SelectionSpec, SeriesSpec};
    use crate::series::{Bucket, SourceVolume, add_days, build_series};

    fn rule(kind: RuleKind) -> RuleSpec {
        RuleSpec {
            name: kind.as_str().to_string(),
            kind,
            window_days: 3,
            baseline_days: 14,
            lag_days: 7,
            min_baseline_days: 7,
            threshold: 3.0,
            high: 5.0,
            critical: 8.0,
            min_spread: 0.5,
            min_events: 3.0,
            rearm: 1.0,
            slack: 0.5,
        }
    }

    fn rules(kinds: &[RuleKind]) -> Rules {
        Rules {
            series: SeriesSpec { metric: Metric::Conflict, count: CountUnit::Events, normalise: false },
            selection: SelectionSpec { min_events: 1, undirected: true },
            max_drivers: 3,
            rules: kinds.iter().map(|k| rule(*k)).collect(),
        }
    }

    /// One conflict event per count per day from 2022-01-01, one source with 10 articles a day.
    fn run(counts: &[u32], rules: &Rules) -> Vec<Alert> {
        let start: Date = "2022-01-01".parse().unwrap();
        let mut facts = Vec::new();
        let mut volumes = Vec::new();
        for (day, count) in counts.iter().enumerate() {
            let date = add_days(start, day as i64).unwrap();
            volumes.push(SourceVolume { date, host: "a".into(), articles: 10 });
            for seq in 0..*count {
                facts.push(EventFact {
                    date,
                    article_id: format!("d{day}"),
                    seq,
                    story_id: None,
                    source_host: Some("a".into()),
                    source_code: "RUS".into(),
                    target_code: "UKR".into(),
                    cameo: "130".into(),
                    quad_class: 3,
                    goldstein: -4.0 - f64::from(seq),
                });
            }
        }
        let dyad: DyadSpec = "RUS:UKR".parse().unwrap();
        let end = add_days(start, counts.len() as i64 - 1).unwrap();
        let series = build_series(&facts, &volumes, &dyad, Bucket::Day, start, end, &rules.series);
        detect(&series, &facts, rules)
    }

    #[test]
    fn a_spike_fires_once_with_its_drivers_ranked() {
        let mut counts = vec![1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0];
        counts.extend([12, 1, 0, 1, 0, 1]);
        let alerts = run(&counts, &rules(&[RuleKind::Zscore]));
        assert_eq!(alerts.len(), 1, "{alerts:#?}");
        let alert = &alerts[0];
        assert_eq!(alert.date.to_string(), "2022-01-21");
        // (12 + 1) / 3 = 4.33 a day against a baseline of 0.6 with the 0.5 spread floor: z = 7.5.
        assert!((alert.score.score - 7.476).abs() < 0.01, "{:?}", alert.score);
        assert_eq!(alert.severity, Severity::High);
        assert!(alert.score.value > alert.score.baseline_mean);
        // The spike's events, most hostile Goldstein first among equal contributions.
        let ids: Vec<(String, u32)> = alert.drivers.iter().map(|d| (d.id.article_id.clone(), d.id.seq)).collect();
        assert_eq!(ids, [("d20".to_string(), 11), ("d20".to_string(), 10), ("d20".to_string(), 9)]);
    }

    #[test]
    fn a_flat_series_and_a_too_short_baseline_never_fire() {
        assert!(run(&[2; 60], &rules(&[RuleKind::Zscore, RuleKind::Cusum])).is_empty());
        // A burst before the baseline has filled is not judged.
        assert!(run(&[0, 0, 9, 9, 9], &rules(&[RuleKind::Zscore, RuleKind::Cusum])).is_empty());
    }

    #[test]
    fn min_events_keeps_a_single_event_from_firing() {
        let mut sensitive = rules(&[RuleKind::Zscore]);
        sensitive.rules[0].min_spread = 0.1;
        let mut counts = vec![0; 30];
        counts[25] = 2;
        assert!(run(&counts, &sensitive).is_empty());
        counts[25] = 3;
        assert_eq!(run(&counts, &sensitive).len(), 1);
    }

    #[test]
    fn cusum_catches_a_ramp_the_rule_rearms_after_calm() {
        let mut counts = vec![1; 30];
        counts.extend((0..20).map(|i| 1 + i / 4));
        let alerts = run(&counts, &rules(&[RuleKind::Cusum]));
        assert!(!alerts.is_empty());
        assert!(alerts.iter().all(|a| a.kind == RuleKind::Cusum));
        // Calm, then a second spike after re-arming: a second alert.
        let mut twice = vec![1; 20];
        twice.extend([10, 10]);
        twice.extend(vec![1; 30]);
        twice.extend([10, 10]);
        let alerts = run(&twice, &rules(&[RuleKind::Zscore]));
        let dates: Vec<String> = alerts.iter().map(|a| a.date.to_string()).collect();
        assert_eq!(dates, ["2022-01-21", "2022-02-22"]);
    }

    #[test]
    fn severity_names_round_trip() {
        for s in [Severity::Warning, Severity::High, Severity::Critical] {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
        }
        assert_eq!(Severity::parse("loud"), None);
    }
}
