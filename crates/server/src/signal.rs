//! Series and alerts for `/api/v1/series` and `/api/v1/alerts`: `redline_engine::watch` computes them, this
//! module keeps them and turns them into DTOs.
//!
//! The database is read-only, so alerts never change while the server runs: [`Signal::load`] (once per server,
//! warmed on a background thread at start-up) reads the coverage, picks the watched dyads and explains their
//! alerts. A series of another dyad has its alerts computed on first ask and kept (at most
//! [`MAX_CACHED_DYADS`] dyads; beyond that they are computed per request).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use redline_engine::watch::{self, Explained, Watch, point_value};
use redline_model::Modality;
use redline_signal::{DyadSpec, SeriesPoint};
use redline_store::Store;

use crate::api::headers;
use crate::dto::{AlertDto, EventDto, ExplanationDto, MemberDto, QuoteDto, SeriesPointDto};
use crate::error::ApiError;

/// At most this many dyads outside the watch list keep their alerts in memory.
pub const MAX_CACHED_DYADS: usize = 256;

/// The alerts of one database, computed once.
pub struct Signal {
    watch: Watch,
    /// The watched dyads (canonical), most conflict first.
    watched: Vec<DyadSpec>,
    /// Their alerts, newest first.
    alerts: Vec<AlertDto>,
    /// Alerts of other dyads asked for, by canonical dyad, oldest first.
    others: Mutex<HashMap<DyadSpec, Arc<Vec<AlertDto>>>>,
}

impl Signal {
    /// Reads the coverage under the shipped rules and explains every alert of the watched dyads.
    pub fn load(store: &Store) -> Result<Signal, ApiError> {
        let rules = watch::load_rules(None).map_err(ApiError::internal)?;
        let watch = Watch::new(store, rules).map_err(ApiError::internal)?;
        let watched: Vec<DyadSpec> =
            watch.watched_dyads(store, None).map_err(ApiError::internal)?.into_iter().map(watch::canonical).collect();
        let explained = watch.explained_alerts(store, &watched, None).map_err(ApiError::internal)?;
        let mut alerts = explained.into_iter().map(|e| alert_dto(store, e)).collect::<Result<Vec<_>, _>>()?;
        alerts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        Ok(Signal { watch, watched, alerts, others: Mutex::new(HashMap::new()) })
    }

    /// The rules and coverage.
    pub fn watch(&self) -> &Watch {
        &self.watch
    }

    /// Alerts of the watched dyads, newest first.
    pub fn watched_alerts(&self) -> &[AlertDto] {
        &self.alerts
    }

    /// Whether alerts on `dyad` are among the watched ones (the same sides as a watched dyad).
    pub fn is_watched(&self, dyad: &DyadSpec) -> bool {
        self.watched.iter().any(|w| watch::same_sides(w, dyad))
    }

    /// Every alert on `dyad` (any direction when undirected), oldest first: from the watch list when the
    /// dyad is watched, else computed (and kept) now.
    pub fn alerts_of(&self, store: &Store, dyad: &DyadSpec) -> Result<Arc<Vec<AlertDto>>, ApiError> {
        let dyad = watch::canonical(dyad.clone());
        if let Some(watched) = self.watched.iter().find(|w| **w == dyad) {
            let mut alerts: Vec<AlertDto> =
                self.alerts.iter().filter(|a| a.dyad == watched.to_string()).cloned().collect();
            alerts.reverse();
            return Ok(Arc::new(alerts));
        }
        if let Some(cached) = self.others.lock().ok().and_then(|others| others.get(&dyad).cloned()) {
            return Ok(cached);
        }
        let mut alerts = Vec::new();
        for alert in self.watch.alerts(store, &dyad, None, None).map_err(ApiError::internal)? {
            let explained = watch::explain(store, alert).map_err(ApiError::internal)?;
            alerts.push(alert_dto(store, explained)?);
        }
        let alerts = Arc::new(alerts);
        if let Ok(mut others) = self.others.lock()
            && others.len() < MAX_CACHED_DYADS
        {
            others.insert(dyad, Arc::clone(&alerts));
        }
        Ok(alerts)
    }

    /// Alerts counting events of `modalities` rather than the default, computed now and not kept, oldest
    /// first: of `dyad`, or of the dyads watched under those modalities.
    pub fn alerts_counting(
        &self,
        store: &Store,
        dyad: Option<&DyadSpec>,
        modalities: Vec<Modality>,
    ) -> Result<Vec<AlertDto>, ApiError> {
        let watch = self.watch.clone().with_modalities(modalities);
        let dyads = match dyad {
            Some(dyad) => vec![watch::canonical(dyad.clone())],
            None => watch
                .watched_dyads(store, None)
                .map_err(ApiError::internal)?
                .into_iter()
                .map(watch::canonical)
                .collect(),
        };
        let explained = watch.explained_alerts(store, &dyads, None).map_err(ApiError::internal)?;
        explained.into_iter().map(|e| alert_dto(store, e)).collect()
    }

    /// The alert with this id: a watched one, or one on the dyad the id names.
    pub fn alert(&self, store: &Store, id: &str) -> Result<Option<AlertDto>, ApiError> {
        if let Some(alert) = self.alerts.iter().find(|a| a.id == id) {
            return Ok(Some(alert.clone()));
        }
        let Some((dyad, _, _)) = watch::parse_alert_id(id) else { return Ok(None) };
        Ok(self.alerts_of(store, &dyad)?.iter().find(|a| a.id == id).cloned())
    }
}

/// The DTO of an explained alert, its events and quotations carrying their articles' story and title.
pub fn alert_dto(store: &Store, explained: Explained) -> Result<AlertDto, ApiError> {
    let Explained { alert, events, quotes, articles } = explained;
    let headers = headers(store, events.iter().map(|e| e.article_id.clone()))?;
    let events = events
        .into_iter()
        .map(|e| {
            let header = headers.get(&e.article_id);
            EventDto::new(e, header)
        })
        .collect();
    let quotes = quotes
        .into_iter()
        .map(|q| {
            let title = headers.get(&q.article_id).and_then(|h| h.title.clone());
            QuoteDto::new(q, title)
        })
        .collect();
    let articles = articles
        .into_iter()
        .map(|r| MemberDto {
            id: r.id,
            title: r.title,
            date: r.date.map(|d| d.to_string()),
            url: r.url,
            source_host: r.source_host,
        })
        .collect();
    Ok(AlertDto {
        id: watch::alert_id(&alert),
        dyad: alert.dyad.to_string(),
        date: alert.date.to_string(),
        severity: alert.severity.as_str().to_string(),
        score: alert.score.score,
        value: alert.score.value,
        baseline: alert.score.baseline_mean,
        baseline_spread: alert.score.baseline_spread,
        rule: alert.rule,
        kind: alert.kind.as_str().to_string(),
        window_start: alert.window_start.to_string(),
        window_events: alert.window_events,
        explanation: ExplanationDto { events, quotes, articles },
    })
}

/// The DTO of a series bucket; `value` is the watched metric, per 100 articles when `normalise`.
pub fn point_dto(point: &SeriesPoint, normalise: bool) -> SeriesPointDto {
    SeriesPointDto {
        date: point.start.map(|d| d.to_string()).unwrap_or_default(),
        events: u64::from(point.events),
        quad: point.quad.map(u64::from),
        goldstein_sum: point.goldstein_sum,
        goldstein_mean: point.goldstein_mean.unwrap_or(0.0),
        conflict_share: point.conflict_share.unwrap_or(0.0),
        stories: u64::from(point.stories),
        sources: u64::from(point.sources),
        value: point_value(point, normalise),
        articles: u64::from(point.articles),
        metric: point.value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redline_model::Date;

    #[test]
    fn points_carry_the_raw_or_normalised_metric() {
        let point = SeriesPoint {
            start: Date::new(2022, 2, 21).ok(),
            events: 4,
            quad: [1, 0, 2, 1],
            goldstein_sum: -9.5,
            goldstein_mean: Some(-2.375),
            conflict_share: Some(0.75),
            stories: 2,
            sources: 1,
            story_events: 3,
            articles: 20,
            active_sources: 2,
            value: 3.0,
            per_100_articles: Some(15.0),
        };
        let raw = point_dto(&point, false);
        assert_eq!((raw.date.as_str(), raw.value, raw.metric, raw.articles), ("2022-02-21", 3.0, 3.0, 20));
        assert_eq!(raw.quad, [1, 0, 2, 1]);
        assert_eq!(point_dto(&point, true).value, 15.0);
        let empty = SeriesPoint { goldstein_mean: None, conflict_share: None, per_100_articles: None, ..point };
        let dto = point_dto(&empty, true);
        assert_eq!((dto.goldstein_mean, dto.conflict_share, dto.value), (0.0, 0.0, 0.0));
    }
}
