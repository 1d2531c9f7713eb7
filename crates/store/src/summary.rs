//! Aggregates over the stored events for summaries (`redline demo`): per-article counts and dyads.

use rusqlite::Connection;

use crate::StoreError;

/// Event and quotation counts of one stored article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleStat {
    /// Article id.
    pub id: String,
    /// Its URL, if any (summaries group by host).
    pub url: Option<String>,
    /// Publication date `YYYY-MM-DD`, if any.
    pub date: Option<String>,
    /// Stored events.
    pub events: u64,
    /// Stored quotations.
    pub quotes: u64,
}

/// Events between two countries or organisations (codes cut to their scoring level).
#[derive(Debug, Clone, PartialEq)]
pub struct DyadStat {
    /// Source, at country level (`RUS`) or organisation level (`IGOWSTNAT`).
    pub source: String,
    /// Target, likewise.
    pub target: String,
    /// Number of events.
    pub events: u64,
    /// Of which verbal or material conflict (quad class 3 or 4).
    pub conflict: u64,
    /// Sum of Goldstein values.
    pub goldstein: f64,
}

/// The SQL expression that cuts an actor code to country or organisation level, as
/// `ActorCode::scoring_key` does: nine letters for organisations, else three.
pub(crate) fn level(column: &str) -> String {
    let organisations = redline_model::actor::ORGANISATION_PREFIXES.map(|p| format!("'{p}'")).join(", ");
    format!(
        "CASE WHEN substr({column}, 1, 3) IN ({organisations}) THEN substr({column}, 1, 9) ELSE substr({column}, 1, 3) END"
    )
}

pub(crate) fn article_stats(conn: &Connection) -> Result<Vec<ArticleStat>, StoreError> {
    let mut statement = conn.prepare(
        "SELECT a.id, a.url, a.date, \
                (SELECT count(*) FROM events e WHERE e.article_id = a.id), \
                (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) \
         FROM articles a ORDER BY a.date, a.id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(ArticleStat {
            id: row.get(0)?,
            url: row.get(1)?,
            date: row.get(2)?,
            events: row.get::<_, i64>(3)?.max(0) as u64,
            quotes: row.get::<_, i64>(4)?.max(0) as u64,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn dyad_stats(conn: &Connection, limit: u32) -> Result<Vec<DyadStat>, StoreError> {
    let (source, target) = (level("source_code"), level("target_code"));
    let sql = format!(
        "SELECT {source} AS s, {target} AS t, count(*) AS n, sum(quad_class >= 3), sum(goldstein) \
         FROM events WHERE target_code IS NOT NULL AND {source} <> {target} \
         GROUP BY s, t ORDER BY n DESC, s, t LIMIT ?1"
    );
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([limit], |row| {
        Ok(DyadStat {
            source: row.get(0)?,
            target: row.get(1)?,
            events: row.get::<_, i64>(2)?.max(0) as u64,
            conflict: row.get::<_, i64>(3)?.max(0) as u64,
            goldstein: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
