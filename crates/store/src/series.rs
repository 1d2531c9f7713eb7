//! Reads for tension series and alerts: the event facts of a dyad placed on their article's publication date,
//! each source host's daily article volume, dyad volumes at country / organisation level, and what an
//! alert's explanation needs (events by id, the dyad's quotations in those articles, article titles).
//!
//! Dates here are publication dates (`articles.date`), not the event dates the coder resolved: a backtest
//! may only use what was known on the day, and an event dated years before its article ("the 2014
//! annexation") must not create a spike in 2014. Articles without a date are left out.

use rusqlite::types::Value;

use redline_model::{Date, Modality};

use crate::query::{EVENT_COLUMNS, event_from_row, quote_from_row};
use crate::rows::{EventRow, QuoteRow};
use crate::summary::level;
use crate::{Store, StoreError, parse_date, to_u32};

/// Which events feed a series: a dyad of code prefixes and a publication-date range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeriesFilter {
    /// Source and target code prefixes (`RUS`, `UKR`); `None` for every event with a target.
    pub pair: Option<(String, String)>,
    /// Also take events from the target prefix to the source prefix.
    pub undirected: bool,
    /// First publication date, inclusive.
    pub from: Option<Date>,
    /// Last publication date, inclusive.
    pub to: Option<Date>,
    /// The modalities counted; empty for [`Modality::COUNTED`] (what the text says happened: asserted and
    /// reported events, not negated, hypothetical, future, questioned or denied ones).
    pub modalities: Vec<Modality>,
}

/// One event as a series sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesFactRow {
    /// Publication date of the article.
    pub date: Date,
    /// Article id.
    pub article_id: String,
    /// Position of the event in the article.
    pub seq: u32,
    /// Story of the article.
    pub story_id: Option<String>,
    /// URL host of the article.
    pub source_host: Option<String>,
    /// Source actor code.
    pub source_code: String,
    /// Target actor code.
    pub target_code: String,
    /// CAMEO code.
    pub cameo: String,
    /// Quad class 1 to 4.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f64,
}

/// How many articles one host published on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceVolumeRow {
    /// Publication date.
    pub date: Date,
    /// URL host, or `(no url)`.
    pub host: String,
    /// Articles.
    pub articles: u32,
}

/// Events between two actors cut to country / organisation level, in a date range.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelPairRow {
    /// Source at its level (`RUS`, `IGOWSTNAT`).
    pub source: String,
    /// Target at its level.
    pub target: String,
    /// Events.
    pub events: u64,
    /// Of which quad class 3 or 4.
    pub conflict: u64,
}

/// An article as an explanation cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRefRow {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// URL host.
    pub source_host: Option<String>,
}

/// `column` starts with `prefix` as an index-friendly range.
fn prefix(column: &str, prefix: &str, values: &mut Vec<Value>) -> String {
    let (clause, bounds) = crate::query::prefix_clause(column, prefix);
    values.extend(bounds);
    clause
}

fn date_range(from: Option<Date>, to: Option<Date>, clauses: &mut Vec<String>, values: &mut Vec<Value>) {
    if let Some(from) = from {
        clauses.push("a.date >= ?".into());
        values.push(Value::Text(from.to_string()));
    }
    if let Some(to) = to {
        clauses.push("a.date <= ?".into());
        values.push(Value::Text(to.to_string()));
    }
}

/// Keeps events of `modalities`, or of [`Modality::COUNTED`] when it is empty.
fn modality_in(modalities: &[Modality], clauses: &mut Vec<String>, values: &mut Vec<Value>) {
    let modalities = if modalities.is_empty() { &Modality::COUNTED[..] } else { modalities };
    clauses.push(format!("e.modality IN ({})", placeholders(modalities.len())));
    values.extend(modalities.iter().map(|m| Value::Text(m.as_str().to_string())));
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

impl Store {
    /// The events of `filter`'s dyad, dated by publication, ordered by date, article and position.
    pub fn series_facts(&self, filter: &SeriesFilter) -> Result<Vec<SeriesFactRow>, StoreError> {
        let mut clauses = vec!["e.target_code IS NOT NULL".to_string(), "a.date IS NOT NULL".to_string()];
        let mut values = Vec::new();
        if let Some((source, target)) = &filter.pair {
            let forward = format!(
                "({} AND {})",
                prefix("e.source_code", source, &mut values),
                prefix("e.target_code", target, &mut values)
            );
            if filter.undirected {
                let backward = format!(
                    "({} AND {})",
                    prefix("e.source_code", target, &mut values),
                    prefix("e.target_code", source, &mut values)
                );
                clauses.push(format!("({forward} OR {backward})"));
            } else {
                clauses.push(forward);
            }
        }
        date_range(filter.from, filter.to, &mut clauses, &mut values);
        modality_in(&filter.modalities, &mut clauses, &mut values);
        let sql = format!(
            "SELECT a.date, e.article_id, e.seq, a.story_id, a.source_host, e.source_code, e.target_code, e.cameo, \
             e.quad_class, e.goldstein FROM events e JOIN articles a ON a.id = e.article_id WHERE {} \
             ORDER BY a.date, e.article_id, e.seq",
            clauses.join(" AND ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let Some(date) = parse_date("articles.date", row.get(0)?)? else { continue };
            out.push(SeriesFactRow {
                date,
                article_id: row.get(1)?,
                seq: to_u32("events.seq", row.get(2)?)?,
                story_id: row.get(3)?,
                source_host: row.get(4)?,
                source_code: row.get(5)?,
                target_code: row.get(6)?,
                cameo: row.get(7)?,
                quad_class: u8::try_from(row.get::<_, i64>(8)?).unwrap_or(0),
                goldstein: row.get(9)?,
            });
        }
        Ok(out)
    }

    /// Every host's article count per publication day (all articles, whatever their events), by date and host.
    pub fn source_volumes(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<SourceVolumeRow>, StoreError> {
        let mut clauses = vec!["a.date IS NOT NULL".to_string()];
        let mut values = Vec::new();
        date_range(from, to, &mut clauses, &mut values);
        let sql = format!(
            "SELECT a.date, coalesce(a.source_host, '(no url)') AS host, count(*) FROM articles a WHERE {} \
             GROUP BY a.date, host ORDER BY a.date, host",
            clauses.join(" AND ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let Some(date) = parse_date("articles.date", row.get(0)?)? else { continue };
            out.push(SourceVolumeRow { date, host: row.get(1)?, articles: to_u32("count", row.get(2)?)? });
        }
        Ok(out)
    }

    /// Events of `modalities` (empty for [`Modality::COUNTED`]) per pair of actors at country / organisation
    /// level (self-pairs left out), by publication date range, most events first.
    pub fn level_pairs(
        &self,
        from: Option<Date>,
        to: Option<Date>,
        modalities: &[Modality],
    ) -> Result<Vec<LevelPairRow>, StoreError> {
        let (source, target) = (level("e.source_code"), level("e.target_code"));
        let mut clauses = vec!["e.target_code IS NOT NULL".to_string(), format!("{source} <> {target}")];
        let mut values = Vec::new();
        date_range(from, to, &mut clauses, &mut values);
        modality_in(modalities, &mut clauses, &mut values);
        let sql = format!(
            "SELECT {source} AS s, {target} AS t, count(*) AS n, sum(e.quad_class >= 3) FROM events e \
             JOIN articles a ON a.id = e.article_id WHERE {} GROUP BY s, t ORDER BY n DESC, s, t",
            clauses.join(" AND ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), |row| {
            Ok(LevelPairRow {
                source: row.get(0)?,
                target: row.get(1)?,
                events: row.get::<_, i64>(2)?.max(0) as u64,
                conflict: row.get::<_, i64>(3)?.max(0) as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The events with these (article id, seq) ids, in the order asked; unknown ids are skipped.
    pub fn events_by_id(&self, ids: &[(String, u32)]) -> Result<Vec<EventRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE article_id = ?1 AND seq = ?2"))?;
        let mut out = Vec::new();
        for (article, seq) in ids {
            let mut rows = stmt.query(rusqlite::params![article, seq])?;
            if let Some(row) = rows.next()? {
                out.push(event_from_row(row)?);
            }
        }
        Ok(out)
    }

    /// Quotations (not scare quotes) in these articles whose speaker's code starts with one of
    /// `speaker_prefixes`, in article and text order.
    pub fn quotes_in_articles(
        &self,
        article_ids: &[String],
        speaker_prefixes: &[String],
    ) -> Result<Vec<QuoteRow>, StoreError> {
        if article_ids.is_empty() || speaker_prefixes.is_empty() {
            return Ok(Vec::new());
        }
        let mut values: Vec<Value> = article_ids.iter().map(|id| Value::Text(id.clone())).collect();
        let speakers: Vec<String> = speaker_prefixes.iter().map(|p| prefix("q.speaker_code", p, &mut values)).collect();
        let sql = format!(
            "SELECT q.article_id, q.seq, a.date, q.sentence, q.start, q.\"end\", q.text, q.kind, q.speaker_name, \
             q.speaker_code, q.speaker_start, q.speaker_end FROM quotes q JOIN articles a ON a.id = q.article_id \
             WHERE q.article_id IN ({}) AND ({}) AND q.kind <> 'scare' ORDER BY a.date, q.article_id, q.seq",
            placeholders(article_ids.len()),
            speakers.join(" OR ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(quote_from_row(row)?);
        }
        Ok(out)
    }

    /// Title, URL, date and host of these articles, in the order asked; unknown ids are skipped.
    pub fn article_refs(&self, ids: &[String]) -> Result<Vec<ArticleRefRow>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id, title, url, date, source_host FROM articles WHERE id = ?1")?;
        let mut out = Vec::new();
        for id in ids {
            let mut rows = stmt.query([id])?;
            if let Some(row) = rows.next()? {
                out.push(ArticleRefRow {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    url: row.get(2)?,
                    date: parse_date("articles.date", row.get(3)?)?,
                    source_host: row.get(4)?,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{article, event, kremlin_threat, quote};
    use redline_model::{AnnotatedArticle, Taxonomy};

    fn store() -> Store {
        let mut articles: Vec<AnnotatedArticle> = Vec::new();
        let mut a = kremlin_threat();
        a.date = Date::new(2022, 2, 1).ok();
        // An event the text dates in 2014: it still counts on the publication date.
        a.events[0].date = Date::new(2014, 3, 1).ok();
        a.url = Some("https://www.state.gov/x".into());
        quote(&mut a, "accused Russia", Some(("Ukraine", "Zelensky", Some("UKRGOV"))));
        articles.push(a);
        let mut b = article(
            "b",
            "NATO met Ukraine.",
            vec![event(("NATO", "IGOWSTNATMIL"), "met", Some(("Ukraine", "UKR")), "040")],
        );
        b.date = Date::new(2022, 2, 3).ok();
        articles.push(b);
        let mut c = article("c", "Nothing happened.", vec![]);
        c.date = Date::new(2022, 2, 3).ok();
        articles.push(c);
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&articles, &Taxonomy::standard()).unwrap();
        store
    }

    fn keys(rows: &[SeriesFactRow]) -> Vec<String> {
        rows.iter().map(|r| format!("{}:{}{}", r.date, r.article_id, r.seq)).collect()
    }

    #[test]
    fn facts_are_dated_by_publication_and_filtered_by_dyad() {
        let store = store();
        let pair = |s: &str, t: &str, undirected| SeriesFilter {
            pair: Some((s.into(), t.into())),
            undirected,
            ..SeriesFilter::default()
        };
        assert_eq!(keys(&store.series_facts(&pair("RUS", "UKR", false)).unwrap()), ["2022-02-01:a0"]);
        assert_eq!(keys(&store.series_facts(&pair("rus", "ukr", true)).unwrap()), ["2022-02-01:a0", "2022-02-01:a1"]);
        assert_eq!(keys(&store.series_facts(&pair("IGOWSTNAT", "UKR", false)).unwrap()), ["2022-02-03:b0"]);
        let all = store.series_facts(&SeriesFilter::default()).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].source_host.as_deref(), Some("state.gov"));
        assert_eq!(all[0].quad_class, 3);
        let later = SeriesFilter { from: Date::new(2022, 2, 2).ok(), ..SeriesFilter::default() };
        assert_eq!(keys(&store.series_facts(&later).unwrap()), ["2022-02-03:b0"]);
    }

    #[test]
    fn volumes_count_every_article_per_host_and_day() {
        let store = store();
        let volumes = store.source_volumes(None, None).unwrap();
        let got: Vec<(String, String, u32)> =
            volumes.iter().map(|v| (v.date.to_string(), v.host.clone(), v.articles)).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], ("2022-02-01".into(), "state.gov".into(), 1));
        assert_eq!(got[1].2, 2, "{got:?}");
        assert!(store.source_volumes(Date::new(2022, 3, 1).ok(), None).unwrap().is_empty());
    }

    #[test]
    fn level_pairs_cut_codes_and_count_conflict() {
        let pairs = store().level_pairs(None, None, &[]).unwrap();
        let got: Vec<(String, String, u64, u64)> =
            pairs.into_iter().map(|p| (p.source, p.target, p.events, p.conflict)).collect();
        assert!(got.contains(&("RUS".into(), "UKR".into(), 1, 1)), "{got:?}");
        assert!(got.contains(&("IGOWSTNAT".into(), "UKR".into(), 1, 0)), "{got:?}");
    }

    #[test]
    fn explanation_reads() {
        let store = store();
        let events = store.events_by_id(&[("b".into(), 0), ("a".into(), 1), ("zz".into(), 0)]).unwrap();
        assert_eq!(events.iter().map(|e| e.cameo.as_str()).collect::<Vec<_>>(), ["040", "112"]);
        let quotes = store.quotes_in_articles(&["a".into(), "b".into()], &["RUS".into()]).unwrap();
        assert_eq!(quotes.iter().map(|q| q.text.as_str()).collect::<Vec<_>>(), ["threatened Ukraine"]);
        assert!(store.quotes_in_articles(&[], &["RUS".into()]).unwrap().is_empty());
        let refs = store.article_refs(&["b".into(), "nope".into()]).unwrap();
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].date, Date::new(2022, 2, 3).ok());
    }
}
