//! Dyad series per day or ISO week: event counts by quad class, Goldstein sum and mean, conflict share,
//! distinct stories and sources, story-level counts, the coverage of every source and the watched metric,
//! raw and per 100 articles.
//!
//! Every event is placed on its article's publication date (what was known that day), never on the date
//! the text talks about. Buckets with no event are present with zeros, so a series has no holes.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;

use crate::dyad::DyadSpec;
use crate::rules::{CountUnit, SeriesSpec};

/// The names of a point's fields in table order: the columns of `redline series --format csv` and of the
/// Python package's series batches.
pub const SERIES_COLUMNS: [&str; 16] = [
    "start",
    "events",
    "verbal_cooperation",
    "material_cooperation",
    "verbal_conflict",
    "material_conflict",
    "goldstein_sum",
    "goldstein_mean",
    "conflict_share",
    "stories",
    "sources",
    "story_events",
    "articles",
    "active_sources",
    "metric",
    "metric_per_100_articles",
];

/// What the signal needs to know of one stored event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFact {
    /// The article's publication date.
    pub date: Date,
    /// The article holding the event.
    pub article_id: String,
    /// The event's position in its article.
    pub seq: u32,
    /// The story (near-duplicate group) of the article, if the store grouped it.
    pub story_id: Option<String>,
    /// The article's URL host (`state.gov`), if any.
    pub source_host: Option<String>,
    /// Actor code of the source.
    pub source_code: String,
    /// Actor code of the target.
    pub target_code: String,
    /// CAMEO event code.
    pub cameo: String,
    /// Quad class, 1 (verbal cooperation) to 4 (material conflict).
    pub quad_class: u8,
    /// Goldstein value, -10 to +10.
    pub goldstein: f64,
}

/// How many articles one source published on one day (all articles, not only a dyad's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceVolume {
    /// Publication date.
    pub date: Date,
    /// URL host, or `(no url)`.
    pub host: String,
    /// Articles that day.
    pub articles: u32,
}

/// The width of a series bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// One calendar day.
    Day,
    /// One ISO week, Monday to Sunday, labelled by its Monday.
    Week,
}

/// One bucket of a dyad's series.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SeriesPoint {
    /// First day of the bucket (the day itself, or the ISO week's Monday).
    pub start: Option<Date>,
    /// Events of the dyad.
    pub events: u32,
    /// Events per quad class: verbal cooperation, material cooperation, verbal conflict, material conflict.
    pub quad: [u32; 4],
    /// Sum of Goldstein values.
    pub goldstein_sum: f64,
    /// Mean Goldstein value, when there is an event.
    pub goldstein_mean: Option<f64>,
    /// Share of events in quad classes 3 and 4, when there is an event.
    pub conflict_share: Option<f64>,
    /// Distinct stories (an article without a story is its own).
    pub stories: u32,
    /// Distinct source hosts carrying the dyad's events.
    pub sources: u32,
    /// Events counted once per story: distinct (story, source code, target code, CAMEO code).
    pub story_events: u32,
    /// Articles published in the bucket by all sources (the coverage).
    pub articles: u32,
    /// Sources that published at least one article in the bucket.
    pub active_sources: u32,
    /// The watched metric (see [`SeriesSpec`]): a count, or a sum of negative Goldstein values.
    pub value: f64,
    /// The metric per 100 articles of the bucket's coverage; `None` when no source published.
    pub per_100_articles: Option<f64>,
}

/// A dyad's series over a date range, one point per bucket, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The dyad.
    pub dyad: DyadSpec,
    /// Day or week.
    pub bucket: Bucket,
    /// The points, first bucket first.
    pub points: Vec<SeriesPoint>,
}

impl Series {
    /// The value the detector watches at point `index`: [`SeriesPoint::value`] and its exposure (1 per
    /// bucket, or the bucket's articles / 100 when normalised; 0 when normalised and nothing was published).
    pub fn observation(&self, index: usize, normalise: bool) -> (f64, f64) {
        let Some(point) = self.points.get(index) else { return (0.0, 0.0) };
        let exposure = if normalise { f64::from(point.articles) / 100.0 } else { 1.0 };
        (point.value, exposure)
    }
}

/// `date` plus `days` (negative to go back), or `None` outside the calendar.
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(jiff::Span::new().try_days(days).ok()?).ok()
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    to.since(from).map(|span| i64::from(span.get_days())).unwrap_or(0)
}

/// The first day of the bucket holding `date`.
pub fn bucket_start(date: Date, bucket: Bucket) -> Date {
    match bucket {
        Bucket::Day => date,
        Bucket::Week => {
            let offset = i64::from(date.weekday().to_monday_zero_offset());
            add_days(date, -offset).unwrap_or(date)
        }
    }
}

/// Builds the series of `dyad` from `from` to `to` (inclusive; empty if inverted).
///
/// `facts` may hold other dyads' events and dates outside the range: they are skipped. `volumes` gives
/// every source's daily article count, used for [`SeriesPoint::articles`] and the normalised value.
pub fn build_series(
    facts: &[EventFact],
    volumes: &[SourceVolume],
    dyad: &DyadSpec,
    bucket: Bucket,
    from: Date,
    to: Date,
    spec: &SeriesSpec,
) -> Series {
    #[derive(Default)]
    struct Acc {
        point: SeriesPoint,
        stories: HashSet<String>,
        hosts: HashSet<String>,
        story_events: HashSet<(String, String, String, String)>,
        active: HashSet<String>,
    }
    let mut buckets: BTreeMap<Date, Acc> = BTreeMap::new();
    let mut day = bucket_start(from, bucket);
    let step = if bucket == Bucket::Week { 7 } else { 1 };
    while day <= to {
        buckets.insert(day, Acc::default());
        match add_days(day, step) {
            Some(next) => day = next,
            None => break,
        }
    }
    let in_range = |date: Date| date >= from && date <= to;
    for volume in volumes.iter().filter(|v| in_range(v.date)) {
        if let Some(acc) = buckets.get_mut(&bucket_start(volume.date, bucket)) {
            acc.point.articles += volume.articles;
            if volume.articles > 0 {
                acc.active.insert(volume.host.clone());
            }
        }
    }
    for fact in facts.iter().filter(|f| in_range(f.date) && dyad.matches(&f.source_code, &f.target_code)) {
        let Some(acc) = buckets.get_mut(&bucket_start(fact.date, bucket)) else { continue };
        let p = &mut acc.point;
        p.events += 1;
        if let Some(slot) = usize::from(fact.quad_class).checked_sub(1).and_then(|i| p.quad.get_mut(i)) {
            *slot += 1;
        }
        p.goldstein_sum += fact.goldstein;
        let story = fact.story_id.clone().unwrap_or_else(|| fact.article_id.clone());
        acc.stories.insert(story.clone());
        acc.hosts.insert(fact.source_host.clone().unwrap_or_else(|| "(no url)".to_string()));
        let weight = spec.metric.weight(fact.quad_class, fact.goldstein);
        let key = (story, fact.source_code.clone(), fact.target_code.clone(), fact.cameo.clone());
        let first_of_story = acc.story_events.insert(key);
        match spec.count {
            CountUnit::Events => p.value += weight,
            CountUnit::StoryEvents if first_of_story => p.value += weight,
            CountUnit::StoryEvents => {}
        }
    }
    let points = buckets
        .into_iter()
        .map(|(start, acc)| {
            let mut p = acc.point;
            p.start = Some(start);
            p.stories = acc.stories.len() as u32;
            p.sources = acc.hosts.len() as u32;
            p.story_events = acc.story_events.len() as u32;
            p.active_sources = acc.active.len() as u32;
            if p.events > 0 {
                p.goldstein_mean = Some(p.goldstein_sum / f64::from(p.events));
                p.conflict_share = Some(f64::from(p.quad[2] + p.quad[3]) / f64::from(p.events));
            }
            if p.articles > 0 {
                p.per_100_articles = Some(100.0 * p.value / f64::from(p.articles));
            }
            p
        })
        .collect();
    Series { dyad: dyad.clone(), bucket, points }
}

/// Sums daily article volumes per host over the whole input: a summary for reports.
pub fn volume_per_host(volumes: &[SourceVolume]) -> HashMap<String, u32> {
    let mut out: HashMap<String, u32> = HashMap::new();
    for volume in volumes {
        *out.entry(volume.host.clone()).or_default() += volume.articles;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Metric;

    pub(crate) fn fact(
        date: &str,
        article: &str,
        story: Option<&str>,
        pair: (&str, &str),
        quad: u8,
        g: f64,
    ) -> EventFact {
        EventFact {
            date: date.parse().unwrap(),
            article_id: article.to_string(),
            seq: 0,
            story_id: story.map(str::to_string),
            source_host: Some(format!("{article}.example")),
            source_code: pair.0.to_string(),
            target_code: pair.1.to_string(),
            cameo: if quad >= 3 { "130".into() } else { "040".into() },
            quad_class: quad,
            goldstein: g,
        }
    }

    fn spec(count: CountUnit) -> SeriesSpec {
        SeriesSpec { metric: Metric::Conflict, count, normalise: false }
    }

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn daily_points_count_quads_goldstein_stories_and_sources() {
        let facts = vec![
            fact("2022-02-01", "a", Some("s1"), ("RUSGOV", "UKR"), 3, -4.0),
            fact("2022-02-01", "b", Some("s1"), ("RUSMIL", "UKRGOV"), 4, -10.0),
            fact("2022-02-01", "c", None, ("RUS", "UKR"), 1, 3.0),
            fact("2022-02-01", "d", None, ("UKR", "RUS"), 3, -4.0),
            fact("2022-02-03", "e", None, ("RUS", "UKR"), 3, -4.0),
            fact("2022-03-01", "f", None, ("RUS", "UKR"), 3, -4.0),
        ];
        let volumes = vec![
            SourceVolume { date: date("2022-02-01"), host: "a.example".into(), articles: 3 },
            SourceVolume { date: date("2022-02-01"), host: "b.example".into(), articles: 1 },
        ];
        let dyad: DyadSpec = "RUS:UKR".parse().unwrap();
        let series = build_series(
            &facts,
            &volumes,
            &dyad,
            Bucket::Day,
            date("2022-02-01"),
            date("2022-02-03"),
            &spec(CountUnit::Events),
        );
        assert_eq!(series.points.len(), 3);
        let first = &series.points[0];
        assert_eq!(first.events, 3);
        assert_eq!(first.quad, [1, 0, 1, 1]);
        assert_eq!(first.goldstein_sum, -11.0);
        assert_eq!(first.conflict_share, Some(2.0 / 3.0));
        assert_eq!((first.stories, first.sources, first.story_events), (2, 3, 3));
        assert_eq!((first.articles, first.active_sources), (4, 2));
        assert_eq!(first.value, 2.0);
        assert_eq!(first.per_100_articles, Some(50.0));
        // A day with no event is present, with zeros; a day with no article has no normalised value.
        assert_eq!(series.points[1].events, 0);
        assert_eq!(series.points[1].goldstein_mean, None);
        assert_eq!(series.points[2].per_100_articles, None);
        assert_eq!(series.points[2].value, 1.0);
        // Undirected adds the UKR → RUS event.
        let both = build_series(
            &facts,
            &volumes,
            &dyad.clone().undirected(),
            Bucket::Day,
            date("2022-02-01"),
            date("2022-02-01"),
            &spec(CountUnit::Events),
        );
        assert_eq!(both.points[0].events, 4);
    }

    #[test]
    fn story_events_count_a_story_once_per_bucket() {
        let mut copy = fact("2022-02-01", "b", Some("s1"), ("RUSGOV", "UKR"), 3, -4.0);
        copy.cameo = "130".into();
        let facts = vec![fact("2022-02-01", "a", Some("s1"), ("RUSGOV", "UKR"), 3, -4.0), copy];
        let dyad: DyadSpec = "RUS:UKR".parse().unwrap();
        let one_day = |count| {
            build_series(&facts, &[], &dyad, Bucket::Day, date("2022-02-01"), date("2022-02-01"), &spec(count)).points
                [0]
            .value
        };
        assert_eq!(one_day(CountUnit::Events), 2.0);
        assert_eq!(one_day(CountUnit::StoryEvents), 1.0);
    }

    #[test]
    fn weeks_start_on_monday_and_inverted_ranges_are_empty() {
        let facts = vec![
            fact("2022-02-06", "a", None, ("RUS", "UKR"), 3, -4.0), // a Sunday
            fact("2022-02-07", "b", None, ("RUS", "UKR"), 3, -4.0), // the next Monday
            fact("2022-02-13", "c", None, ("RUS", "UKR"), 4, -9.0),
        ];
        let dyad: DyadSpec = "RUS:UKR".parse().unwrap();
        let weeks = build_series(
            &facts,
            &[],
            &dyad,
            Bucket::Week,
            date("2022-02-02"),
            date("2022-02-13"),
            &spec(CountUnit::Events),
        );
        let starts: Vec<String> = weeks.points.iter().map(|p| p.start.unwrap().to_string()).collect();
        assert_eq!(starts, ["2022-01-31", "2022-02-07"]);
        assert_eq!(weeks.points.iter().map(|p| p.events).collect::<Vec<_>>(), [1, 2]);
        let empty = build_series(
            &facts,
            &[],
            &dyad,
            Bucket::Day,
            date("2022-02-13"),
            date("2022-02-01"),
            &spec(CountUnit::Events),
        );
        assert!(empty.points.is_empty());
    }

    #[test]
    fn date_helpers() {
        assert_eq!(add_days(date("2022-02-28"), 1), Some(date("2022-03-01")));
        assert_eq!(days_between(date("2022-02-01"), date("2022-02-24")), 23);
        assert_eq!(days_between(date("2022-02-24"), date("2022-02-01")), -23);
        assert_eq!(bucket_start(date("2022-02-24"), Bucket::Week), date("2022-02-21"));
    }
}
