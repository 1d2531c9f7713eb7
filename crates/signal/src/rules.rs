//! The alert rules file: what series is watched, which dyads are watched by default, and every detector
//! parameter. Parsed from TOML text (the caller reads the file) and validated; errors carry a line.

use serde::Deserialize;

/// Everything the detector needs, built once from a rules file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The watched series.
    pub series: SeriesSpec,
    /// Which dyads `redline alerts` watches when none is named.
    pub selection: SelectionSpec,
    /// How many driving events an alert lists at most.
    pub max_drivers: usize,
    /// The detector rules; each runs on every watched dyad.
    #[serde(rename = "rule")]
    pub rules: Vec<RuleSpec>,
}

/// The watched series: which events count, how, and whether per 100 articles.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesSpec {
    /// Which events count, and with what weight.
    pub metric: Metric,
    /// Every event, or each story's events once per day.
    pub count: CountUnit,
    /// Divide by the coverage: the metric per 100 articles published by all sources that day.
    pub normalise: bool,
}

/// Which events a series counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Quad classes 3 and 4 (verbal and material conflict), weight 1.
    Conflict,
    /// Quad class 3, weight 1.
    VerbalConflict,
    /// Quad class 4, weight 1.
    MaterialConflict,
    /// Every event, weight 1.
    All,
    /// Every event with a negative Goldstein value, weighted by its magnitude.
    NegativeGoldstein,
}

impl Metric {
    /// The weight of one event in the metric (0 when it does not count).
    pub fn weight(self, quad_class: u8, goldstein: f64) -> f64 {
        let counts = match self {
            Metric::Conflict => quad_class >= 3,
            Metric::VerbalConflict => quad_class == 3,
            Metric::MaterialConflict => quad_class == 4,
            Metric::All => true,
            Metric::NegativeGoldstein => return (-goldstein).max(0.0),
        };
        if counts { 1.0 } else { 0.0 }
    }

    /// Stable name, as written in the rules file.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Conflict => "conflict",
            Metric::VerbalConflict => "verbal_conflict",
            Metric::MaterialConflict => "material_conflict",
            Metric::All => "all",
            Metric::NegativeGoldstein => "negative_goldstein",
        }
    }
}

/// What one unit of a count is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountUnit {
    /// Every coded event.
    Events,
    /// Distinct (story, source code, target code, CAMEO code) per day: a story copied by several outlets
    /// counts once, like `redline events --by-story`.
    StoryEvents,
}

/// The default watch list: dyads at country / organisation level with enough events.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionSpec {
    /// A dyad is watched when it has at least this many metric events over the whole range.
    pub min_events: u32,
    /// Watch pairs in both directions together (`RUS-UKR`) rather than each direction apart.
    pub undirected: bool,
}

/// The kind of a detector rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A short window's rate against the rates of the preceding baseline window, as a z-score.
    Zscore,
    /// One-sided CUSUM of daily z-scores against a lagged baseline: catches slow ramps.
    Cusum,
}

impl RuleKind {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Zscore => "zscore",
            RuleKind::Cusum => "cusum",
        }
    }
}

/// One detector rule and its parameters (see docs/signal.md for the formulas).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Name shown in alerts.
    pub name: String,
    /// Detector kind.
    pub kind: RuleKind,
    /// Days in the current window (z-score; CUSUM uses 1).
    #[serde(default = "one")]
    pub window_days: u32,
    /// Days of baseline before the window (z-score) or before the lag (CUSUM).
    pub baseline_days: u32,
    /// Days between the baseline's end and the day judged (CUSUM only; z-score baselines end where the window starts).
    #[serde(default)]
    pub lag_days: u32,
    /// Baseline days that must have coverage before the rule judges anything.
    pub min_baseline_days: u32,
    /// Score at which the rule fires (z for z-score, the CUSUM sum for CUSUM); the `warning` severity.
    pub threshold: f64,
    /// Score from which the alert is `high`.
    pub high: f64,
    /// Score from which the alert is `critical`.
    pub critical: f64,
    /// Floor of the baseline spread, in metric units per day (per 100 articles when normalised).
    pub min_spread: f64,
    /// Metric events (raw, not normalised) the window must hold for the rule to fire.
    pub min_events: f64,
    /// After firing, the score must fall below this before the rule fires again on the dyad.
    pub rearm: f64,
    /// CUSUM slack `k`, in spreads per day, subtracted before accumulating.
    #[serde(default)]
    pub slack: f64,
}

fn one() -> u32 {
    1
}

/// Why a rules file is refused; `line` is one-based within the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RulesError {
    /// Not TOML, an unknown key, a missing key or a value of the wrong type.
    #[error("line {line}: {message}")]
    Syntax {
        /// Line of the problem.
        line: usize,
        /// What TOML or the schema said.
        message: String,
    },
    /// A parameter out of its range.
    #[error("line {line}: rule {rule:?}: {message}")]
    Invalid {
        /// Line of the rule's `name`.
        line: usize,
        /// The rule's name.
        rule: String,
        /// Which parameter, and why.
        message: String,
    },
}

impl RulesError {
    /// The one-based line the error is about.
    pub fn line(&self) -> usize {
        match self {
            RulesError::Syntax { line, .. } | RulesError::Invalid { line, .. } => *line,
        }
    }
}

impl Rules {
    /// Parses and validates a rules file's text.
    pub fn parse(text: &str) -> Result<Rules, RulesError> {
        let rules: Rules = toml::from_str(text).map_err(|err| {
            let line = err.span().map_or(1, |span| line_of(text, span.start));
            let message = err.message().trim().to_string();
            RulesError::Syntax { line, message }
        })?;
        for rule in &rules.rules {
            rule.validate().map_err(|message| RulesError::Invalid {
                line: name_line(text, &rule.name),
                rule: rule.name.clone(),
                message,
            })?;
        }
        if rules.rules.is_empty() {
            return Err(RulesError::Syntax { line: 1, message: "no [[rule]] table: nothing would ever fire".into() });
        }
        Ok(rules)
    }
}

impl RuleSpec {
    fn validate(&self) -> Result<(), String> {
        let positive = |value: f64| value.is_finite() && value > 0.0;
        if self.window_days == 0 || self.baseline_days == 0 {
            return Err("window_days and baseline_days must be at least 1".into());
        }
        if self.min_baseline_days > self.baseline_days {
            return Err("min_baseline_days cannot exceed baseline_days".into());
        }
        let ordered = self.high.is_finite()
            && self.critical.is_finite()
            && self.threshold <= self.high
            && self.high <= self.critical;
        if !positive(self.threshold) || !ordered {
            return Err("need 0 < threshold <= high <= critical".into());
        }
        if !positive(self.min_spread) {
            return Err("min_spread must be positive (it keeps a quiet baseline from dividing by zero)".into());
        }
        if !self.min_events.is_finite() || self.min_events < 0.0 || !self.slack.is_finite() || self.slack < 0.0 {
            return Err("min_events and slack must be zero or more".into());
        }
        if !self.rearm.is_finite() || self.rearm > self.threshold {
            return Err("rearm must not exceed threshold".into());
        }
        Ok(())
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len())).map_or(1, |before| before.matches('\n').count() + 1)
}

fn name_line(text: &str, name: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim();
            line.starts_with("name") && line.contains(&format!("\"{name}\""))
        })
        .map_or(1, |index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: &str = include_str!("../../../rules/alerts.toml");

    #[test]
    fn the_shipped_rules_parse() {
        let rules = Rules::parse(DEFAULT).unwrap();
        assert!(!rules.rules.is_empty());
        assert!(rules.rules.iter().any(|r| r.kind == RuleKind::Zscore));
        assert!(rules.rules.iter().any(|r| r.kind == RuleKind::Cusum));
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let broken = DEFAULT.replacen("max_drivers = ", "max_drivers = = ", 1);
        let line = broken.lines().position(|l| l.starts_with("max_drivers")).unwrap() + 1;
        let err = Rules::parse(&broken).unwrap_err();
        assert_eq!(err.line(), line, "{err}");
        let unknown = DEFAULT.replacen("[series]\n", "[series]\nsmoothing = 3\n", 1);
        let err = Rules::parse(&unknown).unwrap_err();
        assert!(err.to_string().contains("smoothing"), "{err}");
        let line = unknown.lines().position(|l| l.starts_with("smoothing")).unwrap() + 1;
        assert_eq!(err.line(), line);
    }

    #[test]
    fn invalid_parameters_name_the_rule_and_its_line() {
        let rules = Rules::parse(DEFAULT).unwrap();
        let name = &rules.rules[0].name;
        let broken = DEFAULT.replacen("min_spread = ", "min_spread = -", 1);
        let err = Rules::parse(&broken).unwrap_err();
        assert!(matches!(&err, RulesError::Invalid { rule, .. } if rule == name), "{err}");
        let line = DEFAULT.lines().position(|l| l.contains(&format!("\"{name}\""))).unwrap() + 1;
        assert_eq!(err.line(), line);
    }

    #[test]
    fn metric_weights() {
        assert_eq!(Metric::Conflict.weight(3, -4.0), 1.0);
        assert_eq!(Metric::Conflict.weight(2, 3.0), 0.0);
        assert_eq!(Metric::MaterialConflict.weight(3, -4.0), 0.0);
        assert_eq!(Metric::NegativeGoldstein.weight(4, -9.5), 9.5);
        assert_eq!(Metric::NegativeGoldstein.weight(1, 3.0), 0.0);
    }
}
