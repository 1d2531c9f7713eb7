//! Tension series and explained alerts over a store: the join between `redline-store`'s reads
//! (`series_facts`, `source_volumes`, `level_pairs`, `events_by_id`, `quotes_in_articles`, `article_refs`)
//! and `redline-signal`'s pure functions (`build_series`, `detect`). The CLI (`series`, `alerts`, `plot`,
//! `backtest`, `demo`) and the server (`/api/v1/series`, `/api/v1/alerts`) both call this module and only
//! format what it returns.
//!
//! [`Watch`] is built once per database and rules: it holds the rules and every source's daily article
//! volume (the coverage the normalised metric divides by), so repeated series and alerts reuse them.
//! Alerts are judged per day over the whole stored history (baselines need it); `since` only filters
//! what is returned. Each alert has a stable id, [`alert_id`]: `{dyad}:{date}:{rule}`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use redline_model::{Date, Modality};
use redline_signal::{
    Alert, Bucket, DyadSpec, EventFact, Rules, RulesError, Series, SeriesPoint, SourceVolume, build_series, detect,
};
use redline_store::{ArticleRefRow, EventRow, QuoteRow, SeriesFilter, Store, StoreError};

/// The shipped alert rules (`rules/alerts.toml`), embedded in the binary.
pub const DEFAULT_RULES: &str = include_str!("../../../rules/alerts.toml");

/// Why series or alerts could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// A rules file could not be read.
    #[error("cannot read rules file {path}: {source}")]
    ReadRules {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A rules file (or the shipped one) is invalid.
    #[error("{origin}:{line}: invalid rules: {source}")]
    Rules {
        /// The file, or `rules/alerts.toml (shipped)`.
        origin: String,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        source: RulesError,
    },
    /// A date range whose start is after its end.
    #[error("--from {from} is after --to {to}")]
    InvertedRange {
        /// First day asked for.
        from: Date,
        /// Last day asked for.
        to: Date,
    },
    /// No range was given and the store has no dated article to default to.
    #[error("the database holds no dated article")]
    NoDatedArticle,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads and validates a rules file, or the shipped rules when `path` is `None`; errors name `FILE:LINE`.
pub fn load_rules(path: Option<&Path>) -> Result<Rules, WatchError> {
    let Some(path) = path else {
        return Rules::parse(DEFAULT_RULES).map_err(|source| WatchError::Rules {
            origin: "rules/alerts.toml (shipped)".into(),
            line: source.line(),
            source,
        });
    };
    let text =
        std::fs::read_to_string(path).map_err(|source| WatchError::ReadRules { path: path.to_path_buf(), source })?;
    Rules::parse(&text).map_err(|source| WatchError::Rules {
        origin: path.display().to_string(),
        line: source.line(),
        source,
    })
}

/// An alert with the evidence read back from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    /// The alert.
    pub alert: Alert,
    /// Its driving events, largest contribution first.
    pub events: Vec<EventRow>,
    /// Quotations by speakers of the dyad's two sides in or next to a driving event's sentence.
    pub quotes: Vec<QuoteRow>,
    /// The drivers' articles, in the order their events first appear.
    pub articles: Vec<ArticleRefRow>,
}

/// The rules and the coverage of one database: what every series and alert over it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Watch {
    rules: Rules,
    volumes: Vec<SourceVolume>,
    modalities: Vec<Modality>,
}

impl Watch {
    /// Reads every source's daily article volume from `store` once.
    pub fn new(store: &Store, rules: Rules) -> Result<Watch, WatchError> {
        let volumes = store
            .source_volumes(None, None)?
            .into_iter()
            .map(|v| SourceVolume { date: v.date, host: v.host, articles: v.articles })
            .collect();
        Ok(Watch { rules, volumes, modalities: Vec::new() })
    }

    /// The same coverage under other rules (the backtest's sensitivity grid).
    pub fn with_rules(&self, rules: Rules) -> Watch {
        Watch { rules, volumes: self.volumes.clone(), modalities: self.modalities.clone() }
    }

    /// Counts events of `modalities` instead of the default [`Modality::COUNTED`] (asserted and reported);
    /// an empty list keeps the default.
    pub fn with_modalities(mut self, modalities: Vec<Modality>) -> Watch {
        self.modalities = modalities;
        self
    }

    /// The modalities counted.
    pub fn modalities(&self) -> &[Modality] {
        if self.modalities.is_empty() { &Modality::COUNTED } else { &self.modalities }
    }

    /// The rules in force.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Every source's article count per publication day.
    pub fn volumes(&self) -> &[SourceVolume] {
        &self.volumes
    }

    /// The first and last stored publication dates, if any article is dated.
    pub fn stored_range(&self) -> Option<(Date, Date)> {
        let first = self.volumes.iter().map(|v| v.date).min()?;
        let last = self.volumes.iter().map(|v| v.date).max()?;
        Some((first, last))
    }

    /// The range asked, each end defaulting to the stored publication dates; an inverted range is an error.
    pub fn date_range(&self, from: Option<Date>, to: Option<Date>) -> Result<(Date, Date), WatchError> {
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(WatchError::InvertedRange { from, to });
        }
        let stored = self.stored_range();
        match (from.or(stored.map(|s| s.0)), to.or(stored.map(|s| s.1))) {
            (Some(from), Some(to)) => Ok((from, to)),
            _ => Err(WatchError::NoDatedArticle),
        }
    }

    /// The dyad's series per `bucket` from `from` to `to` (both inclusive, every bucket present).
    pub fn series(
        &self,
        store: &Store,
        dyad: &DyadSpec,
        bucket: Bucket,
        from: Date,
        to: Date,
    ) -> Result<Series, WatchError> {
        let facts = self.facts(store, dyad)?;
        Ok(self.series_of(&facts, dyad, bucket, from, to))
    }

    /// [`Watch::series`] over facts already read (one read serves several ranges).
    pub fn series_of(&self, facts: &[EventFact], dyad: &DyadSpec, bucket: Bucket, from: Date, to: Date) -> Series {
        build_series(facts, &self.volumes, dyad, bucket, from, to, &self.rules.series)
    }

    /// Runs the detector on one dyad over the stored history up to `to` (default: the last stored day) and
    /// keeps the alerts dated from `since` on. An empty store has no alert.
    pub fn alerts(
        &self,
        store: &Store,
        dyad: &DyadSpec,
        since: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<Alert>, WatchError> {
        let Some((first, last)) = self.stored_range() else { return Ok(Vec::new()) };
        let last = to.unwrap_or(last);
        if last < first {
            return Ok(Vec::new());
        }
        let facts = self.facts(store, dyad)?;
        let series = self.series_of(&facts, dyad, Bucket::Day, first, last);
        Ok(detect(&series, &facts, &self.rules).into_iter().filter(|a| since.is_none_or(|s| a.date >= s)).collect())
    }

    /// The dyads watched by default: country / organisation pairs with at least `selection.min_events`
    /// conflict events up to `to`, joined across directions (sides in code order) when
    /// `selection.undirected`; most conflict first.
    pub fn watched_dyads(&self, store: &Store, to: Option<Date>) -> Result<Vec<DyadSpec>, WatchError> {
        let selection = &self.rules.selection;
        let mut totals: BTreeMap<(String, String), u64> = BTreeMap::new();
        for pair in store.level_pairs(None, to, &self.modalities)? {
            let key = if selection.undirected && pair.target < pair.source {
                (pair.target, pair.source)
            } else {
                (pair.source, pair.target)
            };
            *totals.entry(key).or_default() += pair.conflict;
        }
        let mut watched: Vec<(u64, DyadSpec)> = totals
            .into_iter()
            .filter(|(_, conflict)| *conflict >= u64::from(selection.min_events))
            .map(|((s, t), conflict)| (conflict, DyadSpec::new(&s, &t, selection.undirected)))
            .collect();
        watched.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(watched.into_iter().map(|(_, d)| d).collect())
    }

    /// Every alert of `dyads` from `since` on, explained, in date then dyad order.
    pub fn explained_alerts(
        &self,
        store: &Store,
        dyads: &[DyadSpec],
        since: Option<Date>,
    ) -> Result<Vec<Explained>, WatchError> {
        let mut explained = Vec::new();
        for dyad in dyads {
            for alert in self.alerts(store, dyad, since, None)? {
                explained.push(explain(store, alert)?);
            }
        }
        explained.sort_by(|a, b| a.alert.date.cmp(&b.alert.date).then_with(|| a.alert.dyad.cmp(&b.alert.dyad)));
        Ok(explained)
    }

    /// A dyad's event facts of the counted modalities over all dates (baselines need the history), dated
    /// by publication.
    pub fn facts(&self, store: &Store, dyad: &DyadSpec) -> Result<Vec<EventFact>, WatchError> {
        read_facts(store, dyad, &self.modalities)
    }

    /// The unit of the watched value, for people: `per 100 articles` or `per day`.
    pub fn unit(&self) -> &'static str {
        if self.rules.series.normalise { "per 100 articles" } else { "per day" }
    }
}

/// Reads a dyad's event facts of `modalities` (empty for [`Modality::COUNTED`]) over all dates, dated by
/// publication.
fn read_facts(store: &Store, dyad: &DyadSpec, modalities: &[Modality]) -> Result<Vec<EventFact>, WatchError> {
    let filter = SeriesFilter {
        pair: Some((dyad.source.clone(), dyad.target.clone())),
        undirected: dyad.undirected,
        from: None,
        to: None,
        modalities: modalities.to_vec(),
    };
    let facts = store
        .series_facts(&filter)?
        .into_iter()
        .map(|r| EventFact {
            date: r.date,
            article_id: r.article_id,
            seq: r.seq,
            story_id: r.story_id,
            source_host: r.source_host,
            source_code: r.source_code,
            target_code: r.target_code,
            cameo: r.cameo,
            quad_class: r.quad_class,
            goldstein: r.goldstein,
        })
        .collect();
    Ok(facts)
}

/// Reads an alert's evidence: driving events, the dyad's quotations near them, their articles.
pub fn explain(store: &Store, alert: Alert) -> Result<Explained, WatchError> {
    let ids: Vec<(String, u32)> = alert.drivers.iter().map(|d| (d.id.article_id.clone(), d.id.seq)).collect();
    let events = store.events_by_id(&ids)?;
    let mut article_ids: Vec<String> = Vec::new();
    for event in &events {
        if !article_ids.contains(&event.article_id) {
            article_ids.push(event.article_id.clone());
        }
    }
    let sides = [alert.dyad.source.clone(), alert.dyad.target.clone()];
    // Only quotations near a driving event (same or neighbouring sentence): a briefing holds many unrelated ones.
    let quotes = store
        .quotes_in_articles(&article_ids, &sides)?
        .into_iter()
        .filter(|q| events.iter().any(|e| e.article_id == q.article_id && e.sentence.abs_diff(q.sentence) <= 1))
        .collect();
    let articles = store.article_refs(&article_ids)?;
    Ok(Explained { alert, events, quotes, articles })
}

/// The dyad with its sides in code order when undirected (`UKR-RUS` and `RUS-UKR` are one dyad).
pub fn canonical(dyad: DyadSpec) -> DyadSpec {
    if dyad.undirected && dyad.target < dyad.source {
        DyadSpec { source: dyad.target, target: dyad.source, undirected: true }
    } else {
        dyad
    }
}

/// The stable id of an alert: `{dyad}:{date}:{rule}` with the dyad in [`canonical`] form
/// (`RUS-UKR:2022-02-20:spike`, `RUS:UKR:2022-02-20:drift` for a directed one).
pub fn alert_id(alert: &Alert) -> String {
    format!("{}:{}:{}", canonical(alert.dyad.clone()), alert.date, alert.rule)
}

/// Splits an [`alert_id`] into its dyad (canonical), date and rule name; `None` if it has not that shape.
pub fn parse_alert_id(id: &str) -> Option<(DyadSpec, Date, String)> {
    let mut parts = id.rsplitn(3, ':');
    let rule = parts.next()?;
    let date = parts.next()?;
    let dyad = parts.next()?;
    if rule.is_empty() {
        return None;
    }
    let date = date.parse::<Date>().ok()?;
    let dyad = dyad.parse::<DyadSpec>().ok()?;
    Some((canonical(dyad), date, rule.to_string()))
}

/// Whether an alert on `alert_dyad` concerns `asked`: the same sides, in either order when either of the
/// two is undirected.
pub fn same_sides(alert_dyad: &DyadSpec, asked: &DyadSpec) -> bool {
    let forward = alert_dyad.source == asked.source && alert_dyad.target == asked.target;
    let backward = alert_dyad.source == asked.target && alert_dyad.target == asked.source;
    forward || ((alert_dyad.undirected || asked.undirected) && backward)
}

/// A point's watched value: per 100 articles when `normalise` (0 on a day without any article), else the
/// raw metric.
pub fn point_value(point: &SeriesPoint, normalise: bool) -> f64 {
    if normalise { point.per_100_articles.unwrap_or(0.0) } else { point.value }
}

/// One line summing up an alert (`unit` from [`Watch::unit`]).
pub fn headline(alert: &Alert, unit: &str) -> String {
    let s = &alert.score;
    format!(
        "{} {:<14} {:<8} {} ({}) score {:.1}: {:.1} {unit} vs baseline {:.1} ± {:.1}; {:.0} events {}..{}",
        alert.date,
        alert.dyad.to_string(),
        alert.severity.as_str(),
        alert.rule,
        alert.kind.as_str(),
        s.score,
        s.value,
        s.baseline_mean,
        s.baseline_spread,
        alert.window_events,
        alert.window_start,
        alert.date
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::mention;
    use redline_model::{
        ActorCode, AnnotatedArticle, CameoCode, Event, Modality, Origin, Quote, QuoteKind, RuleRef, Span, Speaker,
        Taxonomy,
    };
    use redline_signal::CountUnit;

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    /// An article with one event `source verb target.` (CAMEO `code`), or none when `event` is `None`.
    fn article(id: &str, date: Date, event: Option<(&str, &str, &str, &str, &str, &str)>) -> AnnotatedArticle {
        let text = match event {
            Some((source, _, verb, target, _, _)) => format!("{source} {verb} {target}. \"We will respond,\" he said."),
            None => "Officials met to discuss trade.".to_string(),
        };
        let mut events = Vec::new();
        let mut mentions = Vec::new();
        if let Some((source, source_code, verb, target, target_code, code)) = event {
            let s = mention(&text, source, source_code);
            let t = mention(&text, target, target_code);
            let start = text.find(verb).unwrap();
            mentions.extend([s.clone(), t.clone()]);
            events.push(Event {
                source: s,
                target: Some(t),
                code: CameoCode::parse(code).unwrap(),
                sentence: 0,
                evidence: Span::new(start, start + verb.len()),
                date: None,
                rule: RuleRef { id: "verbs/test.txt:1".into(), pattern: verb.into() },
                modality: Modality::Asserted,
            });
        }
        AnnotatedArticle {
            id: id.to_string(),
            title: Some(format!("Title of {id}")),
            date: Some(date),
            url: Some(format!("https://news.example/{id}")),
            origin: Origin { path: format!("{id}.txt"), line: None },
            text,
            body_start: 0,
            sentences: Vec::new(),
            mentions,
            events,
            quotes: Vec::new(),
            dates: Vec::new(),
            diagnostics: Vec::new(),
            dict_version: "test".into(),
        }
    }

    fn quote(article: &mut AnnotatedArticle, speaker_code: &str) {
        let words = "We will respond,";
        let start = article.text.find(words).unwrap();
        let speaker_start = article.text.find("he said").unwrap();
        article.quotes.push(Quote {
            span: Span::new(start, start + words.len()),
            sentence: 1,
            kind: QuoteKind::Direct,
            speaker: Some(Speaker {
                name: "A spokesman".into(),
                code: Some(ActorCode::parse(speaker_code).unwrap()),
                mention: Span::new(speaker_start, speaker_start + 2),
            }),
        });
    }

    /// 60 days from 2022-01-01 with 10 articles a day; a RUS→UKR threat every other day, then from day 55 on
    /// six a day (each its own story), and a few USA–FRA meetings.
    fn crafted_store() -> Store {
        let mut articles = Vec::new();
        let first = day("2022-01-01");
        for d in 0..60 {
            let date = redline_signal::add_days(first, d).unwrap();
            let threats = if d >= 55 {
                6
            } else if d % 2 == 0 {
                1
            } else {
                0
            };
            for n in 0..10 {
                let id = format!("{date}-{n}");
                let event = if n < threats {
                    Some(("The Kremlin", "RUSGOV", "threatened", "Kyiv", "UKR", "138"))
                } else if n == 9 && d % 7 == 0 {
                    Some(("Washington", "USA", "met with", "Paris", "FRA", "040"))
                } else {
                    None
                };
                let mut a = article(&id, date, event);
                if n < threats && d >= 55 {
                    quote(&mut a, if n == 0 { "RUSGOV" } else { "FRA" });
                }
                articles.push(a);
            }
        }
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&articles, &Taxonomy::standard()).unwrap();
        store
    }

    #[test]
    fn the_shipped_rules_parse_and_bad_files_name_their_line() {
        let rules = load_rules(None).unwrap();
        assert!(!rules.rules.is_empty());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "max_drivers = 3\n[series]\nmetric = \"nope\"\n").unwrap();
        let err = load_rules(Some(&path)).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:3:", path.display())), "{err}");
        let missing = load_rules(Some(&dir.path().join("missing.toml"))).unwrap_err();
        assert!(matches!(missing, WatchError::ReadRules { .. }), "{missing:?}");
    }

    #[test]
    fn date_ranges_default_to_the_stored_dates_and_refuse_inversions() {
        let store = crafted_store();
        let watch = Watch::new(&store, load_rules(None).unwrap()).unwrap();
        assert_eq!(watch.date_range(None, None).unwrap(), (day("2022-01-01"), day("2022-03-01")));
        assert!(matches!(
            watch.date_range(Some(day("2022-02-01")), Some(day("2022-01-01"))),
            Err(WatchError::InvertedRange { .. })
        ));
        let empty = Watch::new(&Store::open_in_memory().unwrap(), load_rules(None).unwrap()).unwrap();
        assert!(matches!(empty.date_range(None, None), Err(WatchError::NoDatedArticle)));
        let dyad: DyadSpec = "RUS-UKR".parse().unwrap();
        assert!(empty.alerts(&Store::open_in_memory().unwrap(), &dyad, None, None).unwrap().is_empty());
    }

    #[test]
    fn series_count_the_dyad_and_normalise_by_coverage() {
        let store = crafted_store();
        let mut rules = load_rules(None).unwrap();
        rules.series.count = CountUnit::Events;
        let watch = Watch::new(&store, rules).unwrap();
        let dyad: DyadSpec = "UKR-RUS".parse().unwrap();
        let series = watch.series(&store, &dyad, Bucket::Day, day("2022-02-24"), day("2022-03-01")).unwrap();
        let events: Vec<u32> = series.points.iter().map(|p| p.events).collect();
        assert_eq!(events, [1, 6, 6, 6, 6, 6]);
        // One text repeated is one story: the default story_events count sees it once a day.
        assert_eq!(series.points.last().map(|p| p.story_events), Some(1));
        let last = series.points.last().unwrap();
        assert_eq!(last.articles, 10);
        assert!((point_value(last, true) - 60.0).abs() < 1e-9, "{last:?}");
        assert!((point_value(last, false) - 6.0).abs() < 1e-9, "{last:?}");
        let directed_wrong_way: DyadSpec = "UKR:RUS".parse().unwrap();
        let none =
            watch.series(&store, &directed_wrong_way, Bucket::Week, day("2022-01-01"), day("2022-03-01")).unwrap();
        assert!(none.points.iter().all(|p| p.events == 0));
        assert_eq!(none.points.len(), 10, "ISO weeks from Monday 2021-12-27 to Monday 2022-02-28");
        // Every crafted event is asserted: counting only negated ones leaves the series empty.
        assert_eq!(watch.modalities(), Modality::COUNTED);
        let negated = watch.clone().with_modalities(vec![Modality::Negated]);
        let series = negated.series(&store, &dyad, Bucket::Day, day("2022-02-24"), day("2022-03-01")).unwrap();
        assert!(series.points.iter().all(|p| p.events == 0), "{:?}", series.points);
    }

    #[test]
    fn the_surge_is_watched_and_raises_an_explained_alert() {
        let store = crafted_store();
        // The crafted articles repeat one text, so the store groups them into one story: count events.
        let mut rules = load_rules(None).unwrap();
        rules.series.count = CountUnit::Events;
        let watch = Watch::new(&store, rules.clone()).unwrap();
        // 28 + 30 conflict events between RUS and UKR; USA–FRA meetings are no conflict.
        rules.selection.min_events = 59;
        assert!(watch.with_rules(rules.clone()).watched_dyads(&store, None).unwrap().is_empty());
        rules.selection.min_events = 58;
        let watched = watch.with_rules(rules).watched_dyads(&store, None).unwrap();
        assert_eq!(watched, vec![DyadSpec::new("RUS", "UKR", true)]);
        let negated = watch.clone().with_modalities(vec![Modality::Negated]);
        assert!(negated.watched_dyads(&store, None).unwrap().is_empty(), "no negated conflict is stored");
        assert!(negated.alerts(&store, &watched[0], None, None).unwrap().is_empty());

        let explained = watch.explained_alerts(&store, &watched, None).unwrap();
        let spike = explained.iter().find(|e| e.alert.rule == "spike").expect("a spike alert");
        let alert = &spike.alert;
        assert!(alert.date >= day("2022-02-25"), "fired before the surge: {}", alert.date);
        assert!(alert.score.value > alert.score.baseline_mean);
        assert_eq!(alert_id(alert), format!("RUS-UKR:{}:spike", alert.date));
        // The drivers are surge events, with their evidence, articles and the RUS speaker's quotation only.
        assert!(!spike.events.is_empty());
        assert!(spike.events.iter().all(|e| e.evidence_text == "threatened" && e.article_id.as_str() >= "2022-02-25"));
        assert!(!spike.quotes.is_empty());
        assert!(spike.quotes.iter().all(|q| q.speaker_code.as_deref() == Some("RUSGOV")), "{:?}", spike.quotes);
        let article_ids: Vec<&str> = spike.articles.iter().map(|a| a.id.as_str()).collect();
        for event in &spike.events {
            assert!(article_ids.contains(&event.article_id.as_str()));
        }
        assert!(spike.articles.iter().all(|a| a.title.as_deref().is_some_and(|t| t.starts_with("Title of"))));

        // `since` filters what is returned, not what the baseline sees.
        let later = watch.explained_alerts(&store, &watched, redline_signal::add_days(alert.date, 1)).unwrap();
        assert!(later.iter().all(|e| e.alert.date > alert.date));
        // The calm pair raises nothing.
        assert!(watch.alerts(&store, &"USA-FRA".parse().unwrap(), None, None).unwrap().is_empty());
    }

    #[test]
    fn alert_ids_round_trip_and_sides_compare_in_either_order() {
        let (dyad, date, rule) = parse_alert_id("UKR-RUS:2022-02-20:spike").unwrap();
        assert_eq!(dyad, DyadSpec::new("RUS", "UKR", true));
        assert_eq!(date, day("2022-02-20"));
        assert_eq!(rule, "spike");
        let (directed, _, _) = parse_alert_id("UKR:RUS:2022-02-20:drift").unwrap();
        assert_eq!(directed, DyadSpec::new("UKR", "RUS", false));
        for bad in ["", "RUS-UKR", "RUS-UKR:2022-02-30:spike", "RUS-UKR:2022-02-20:", "RUSUKR:2022-02-20:spike"] {
            assert!(parse_alert_id(bad).is_none(), "{bad:?}");
        }
        let undirected = DyadSpec::new("RUS", "UKR", true);
        assert!(same_sides(&undirected, &"UKR:RUS".parse().unwrap()));
        assert!(same_sides(&undirected, &"RUS:UKR".parse().unwrap()));
        assert!(!same_sides(&undirected, &"RUS:USA".parse().unwrap()));
        assert!(!same_sides(&DyadSpec::new("RUS", "UKR", false), &"UKR:RUS".parse().unwrap()));
    }
}
