//! The actor network of a period: who acts on whom, at country or organisation level, aggregated in SQL.
//!
//! Codes are cut as in the dyad summary (`IGO`/`NGO`/`IMG`/`MNC` codes keep nine characters, everything else
//! its three-letter country), self-loops are left out, and an edge is kept when it has at least
//! `min_events` events. Nodes are the codes that kept edges touch.

use std::collections::BTreeMap;

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use crate::export::DateRange;
use crate::summary::level;
use crate::{Store, StoreError};

/// At most this many edges, the busiest first: a graph a person can read, and a bounded response.
pub const MAX_EDGES: u32 = 400;

/// One directed edge: events from `source` to `target`.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkEdge {
    /// Source code, at country or organisation level.
    pub source: String,
    /// Target code, at the same level.
    pub target: String,
    /// Events.
    pub events: u64,
    /// Events of quad class 3 or 4 (verbal or material conflict).
    pub conflict: u64,
    /// Mean Goldstein value of the events.
    pub goldstein_mean: f64,
}

/// One node: an actor code and the events on its kept edges (either direction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkNode {
    /// Code, at country or organisation level.
    pub code: String,
    /// Events on the kept edges that touch it.
    pub events: u64,
}

/// The network of a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Network {
    /// Nodes, busiest first (then by code).
    pub nodes: Vec<NetworkNode>,
    /// Edges, busiest first (then by source and target), at most [`MAX_EDGES`].
    pub edges: Vec<NetworkEdge>,
}

impl Store {
    /// Who acted on whom within `range` (event dates, both ends inclusive), edges with at least `min_events`.
    pub fn network(&self, range: &DateRange, min_events: u32) -> Result<Network, StoreError> {
        let (source, target) = (level("source_code"), level("target_code"));
        let mut clauses = vec!["target_code IS NOT NULL".to_string(), format!("{source} <> {target}")];
        let mut values = Vec::new();
        if let Some(from) = range.from {
            clauses.push("date >= ?".into());
            values.push(Value::Text(from.to_string()));
        }
        if let Some(to) = range.to {
            clauses.push("date <= ?".into());
            values.push(Value::Text(to.to_string()));
        }
        values.push(Value::Integer(i64::from(min_events)));
        values.push(Value::Integer(i64::from(MAX_EDGES)));
        let sql = format!(
            "SELECT {source} AS s, {target} AS t, count(*) AS n, sum(quad_class >= 3), avg(goldstein) \
             FROM events WHERE {} GROUP BY s, t HAVING n >= ? ORDER BY n DESC, s, t LIMIT ?",
            clauses.join(" AND ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), |row| {
            Ok(NetworkEdge {
                source: row.get(0)?,
                target: row.get(1)?,
                events: row.get::<_, i64>(2)?.max(0) as u64,
                conflict: row.get::<_, i64>(3)?.max(0) as u64,
                goldstein_mean: row.get(4)?,
            })
        })?;
        let edges: Vec<NetworkEdge> = rows.collect::<Result<_, _>>()?;
        let mut per_node: BTreeMap<&str, u64> = BTreeMap::new();
        for edge in &edges {
            *per_node.entry(&edge.source).or_default() += edge.events;
            *per_node.entry(&edge.target).or_default() += edge.events;
        }
        let mut nodes: Vec<NetworkNode> =
            per_node.into_iter().map(|(code, events)| NetworkNode { code: code.to_string(), events }).collect();
        nodes.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.code.cmp(&b.code)));
        Ok(Network { nodes, edges })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{article, event};
    use redline_model::{Date, Taxonomy};

    fn store() -> Store {
        let mut a = article(
            "a",
            "The Kremlin threatened Ukraine. Russia attacked Ukraine. NATO warned Moscow. Russia hailed Russia.",
            vec![
                event(("The Kremlin", "RUSGOV"), "threatened", Some(("Ukraine", "UKR")), "130"),
                event(("Russia", "RUS"), "attacked", Some(("Ukraine", "UKR")), "190"),
                event(("NATO", "IGOWSTNAT"), "warned", Some(("Moscow", "RUS")), "130"),
                event(("Russia", "RUS"), "hailed", Some(("Russia", "RUS")), "051"),
            ],
        );
        a.date = Date::new(2022, 2, 1).ok();
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&[a], &Taxonomy::standard()).unwrap();
        store
    }

    #[test]
    fn aggregates_at_country_and_organisation_level_without_self_loops() {
        let store = store();
        let network = store.network(&DateRange::default(), 1).unwrap();
        let edges: Vec<_> =
            network.edges.iter().map(|e| (e.source.as_str(), e.target.as_str(), e.events, e.conflict)).collect();
        assert_eq!(edges, [("RUS", "UKR", 2, 2), ("IGOWSTNAT", "RUS", 1, 1)]);
        let mean = network.edges[0].goldstein_mean;
        // Goldstein: 130 threaten -4.4, 190 use conventional force -10.
        assert!((mean - (-4.4 + -10.0) / 2.0).abs() < 1e-9, "{mean}");
        let nodes: Vec<_> = network.nodes.iter().map(|n| (n.code.as_str(), n.events)).collect();
        assert_eq!(nodes, [("RUS", 3), ("UKR", 2), ("IGOWSTNAT", 1)]);
    }

    #[test]
    fn min_events_and_dates_filter() {
        let store = store();
        let busy = store.network(&DateRange::default(), 2).unwrap();
        assert_eq!(busy.edges.len(), 1);
        assert_eq!(busy.nodes.len(), 2);
        let later = DateRange { from: Date::new(2022, 3, 1).ok(), to: None };
        assert_eq!(store.network(&later, 1).unwrap(), Network::default());
    }
}
