//! Queries over stored events and quotes: the filters and the parameterised SQL built from them.
//!
//! Actor codes match by prefix (`RUS` matches `RUSGOV`), written as a range on the code column
//! (`code >= 'RUS' AND code < 'RUS\u{10FFFF}'`) so the indexes serve it. User text is only ever bound
//! as a parameter, never spliced into SQL.

use std::fmt;
use std::str::FromStr;

use redline_model::{Date, Modality, QuoteKind};
use rusqlite::types::Value;

use crate::rows::{ActorRow, EventRow, QuoteRow};
use crate::{Store, StoreError, parse_date, to_u32};

/// A directed pair of actor-code prefixes: `RUS:UKR` is RUS… acting on UKR….
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dyad {
    /// Prefix of the source's code.
    pub source: String,
    /// Prefix of the target's code.
    pub target: String,
}

/// Why a string is not a dyad.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dyad {0:?} must be two actor codes separated by a colon, like RUS:UKR")]
pub struct DyadError(pub String);

impl FromStr for Dyad {
    type Err = DyadError;

    fn from_str(text: &str) -> Result<Dyad, DyadError> {
        let (source, target) = text.split_once(':').ok_or_else(|| DyadError(text.to_string()))?;
        let (source, target) = (source.trim(), target.trim());
        let valid = |code: &str| !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric());
        if !valid(source) || !valid(target) {
            return Err(DyadError(text.to_string()));
        }
        Ok(Dyad { source: source.to_ascii_uppercase(), target: target.to_ascii_uppercase() })
    }
}

impl fmt::Display for Dyad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.source, self.target)
    }
}

/// Which events to return. Every field that is set must match; the default returns everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Code prefix that the source OR the target must start with (`RUS` matches `RUSGOV`).
    pub actor: Option<String>,
    /// Source prefix → target prefix.
    pub dyad: Option<Dyad>,
    /// Let the dyad match in both directions (`RUS:UKR` also matches UKR… → RUS…).
    pub undirected: bool,
    /// CAMEO roots, any of which matches (`13`, or `3` for `03`).
    pub roots: Vec<String>,
    /// PLOVER type (`THREATEN`), case-insensitive.
    pub plover: Option<String>,
    /// Modalities, any of which matches; empty for all.
    pub modalities: Vec<Modality>,
    /// First event date to include.
    pub from: Option<Date>,
    /// Last event date to include.
    pub to: Option<Date>,
    /// Only events of this article.
    pub article_id: Option<String>,
    /// At most this many rows.
    pub limit: Option<u32>,
    /// Skip this many rows first.
    pub offset: u32,
}

/// Which quotations to return. Every field that is set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteFilter {
    /// Speaker: a case-insensitive substring of the name, or a prefix of the actor code.
    pub speaker: Option<String>,
    /// A case-insensitive substring of the quoted words.
    pub text: Option<String>,
    /// First article date to include.
    pub from: Option<Date>,
    /// Last article date to include.
    pub to: Option<Date>,
    /// The kinds listed; empty for the quotes feed's default, every kind but `scare`.
    pub kinds: Vec<QuoteKind>,
    /// At most this many rows.
    pub limit: Option<u32>,
}

/// A WHERE clause under construction: SQL fragments with `?` placeholders and their values, in order.
#[derive(Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    pub(crate) values: Vec<Value>,
}

impl Conditions {
    pub(crate) fn push(&mut self, clause: impl Into<String>, values: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.into());
        self.values.extend(values);
    }

    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            return String::new();
        }
        format!(" WHERE {}", self.clauses.join(" AND "))
    }
}

/// `column` starts with `prefix`, as an index-friendly range, with its two bound values.
pub(crate) fn prefix_clause(column: &str, prefix: &str) -> (String, [Value; 2]) {
    let prefix = prefix.trim().to_ascii_uppercase();
    let upper = format!("{prefix}\u{10FFFF}");
    (format!("({column} >= ? AND {column} < ?)"), [Value::Text(prefix), Value::Text(upper)])
}

fn dyad_clause(source: &str, target: &str) -> (String, Vec<Value>) {
    let (s, sv) = prefix_clause("source_code", source);
    let (t, tv) = prefix_clause("target_code", target);
    (format!("({s} AND {t})"), sv.into_iter().chain(tv).collect())
}

/// `3`, `03` and `13` to the stored two-digit form.
fn normalise_root(root: &str) -> String {
    let root = root.trim();
    match root.parse::<u8>() {
        Ok(n) if root.len() <= 2 => format!("{n:02}"),
        _ => root.to_string(),
    }
}

pub(crate) fn date_value(date: Date) -> Value {
    Value::Text(date.to_string())
}

fn limit_value(limit: Option<u32>) -> Value {
    // SQLite reads a negative LIMIT as "no limit".
    Value::Integer(limit.map_or(-1, i64::from))
}

/// The WHERE clause of `filter` over the `events` table (every reader of events uses this one).
pub(crate) fn event_conditions(filter: &EventFilter) -> Conditions {
    let mut conditions = Conditions::default();
    if let Some(actor) = &filter.actor {
        let (s, sv) = prefix_clause("source_code", actor);
        let (t, tv) = prefix_clause("target_code", actor);
        conditions.push(format!("({s} OR {t})"), sv.into_iter().chain(tv));
    }
    if let Some(dyad) = &filter.dyad {
        let (forward, mut values) = dyad_clause(&dyad.source, &dyad.target);
        if filter.undirected {
            let (backward, back_values) = dyad_clause(&dyad.target, &dyad.source);
            values.extend(back_values);
            conditions.push(format!("({forward} OR {backward})"), values);
        } else {
            conditions.push(forward, values);
        }
    }
    if !filter.roots.is_empty() {
        let placeholders = vec!["?"; filter.roots.len()].join(", ");
        conditions
            .push(format!("root IN ({placeholders})"), filter.roots.iter().map(|r| Value::Text(normalise_root(r))));
    }
    if let Some(plover) = &filter.plover {
        conditions.push("plover = ?", [Value::Text(plover.trim().to_ascii_uppercase())]);
    }
    if !filter.modalities.is_empty() {
        let placeholders = vec!["?"; filter.modalities.len()].join(", ");
        let values = filter.modalities.iter().map(|m| Value::Text(m.as_str().to_string()));
        conditions.push(format!("modality IN ({placeholders})"), values);
    }
    if let Some(from) = filter.from {
        conditions.push("date >= ?", [date_value(from)]);
    }
    if let Some(to) = filter.to {
        conditions.push("date <= ?", [date_value(to)]);
    }
    if let Some(id) = &filter.article_id {
        conditions.push("article_id = ?", [Value::Text(id.clone())]);
    }
    conditions
}

/// The WHERE clause of `filter` over `quotes q JOIN articles a`.
pub(crate) fn quote_conditions(filter: &QuoteFilter) -> Conditions {
    let mut conditions = Conditions::default();
    if let Some(speaker) = &filter.speaker {
        let (code, code_values) = prefix_clause("q.speaker_code", speaker);
        conditions.push(
            format!("(instr(lower(q.speaker_name), lower(?)) > 0 OR {code})"),
            std::iter::once(Value::Text(speaker.trim().to_string())).chain(code_values),
        );
    }
    if let Some(text) = &filter.text {
        conditions.push("instr(lower(q.text), lower(?)) > 0", [Value::Text(text.clone())]);
    }
    if let Some(from) = filter.from {
        conditions.push("a.date >= ?", [date_value(from)]);
    }
    if let Some(to) = filter.to {
        conditions.push("a.date <= ?", [date_value(to)]);
    }
    let kinds: Vec<QuoteKind> = if filter.kinds.is_empty() {
        QuoteKind::ALL.into_iter().filter(|k| *k != QuoteKind::Scare).collect()
    } else {
        filter.kinds.clone()
    };
    let placeholders = vec!["?"; kinds.len()].join(", ");
    conditions.push(format!("q.kind IN ({placeholders})"), kinds.iter().map(|k| Value::Text(k.as_str().to_string())));
    conditions
}

pub(crate) const EVENT_COLUMNS: &str = "article_id, seq, sentence, date, source_code, source_name, source_text, source_start, \
    source_end, source_kind, source_entry, target_code, target_name, target_text, target_start, target_end, \
    target_kind, target_entry, cameo, root, plover, quad_class, goldstein, evidence_start, evidence_end, \
    evidence_text, rule_id, rule_pattern, modality, dict_version";

impl Store {
    /// Events matching `filter`, ordered by date, article and position in the article.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>, StoreError> {
        let conditions = event_conditions(filter);
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events{} ORDER BY date, article_id, seq LIMIT ? OFFSET ?",
            conditions.sql()
        );
        let mut values = conditions.values;
        values.push(limit_value(filter.limit));
        values.push(Value::Integer(i64::from(filter.offset)));
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(event_from_row(row)?);
        }
        Ok(out)
    }

    /// Quotations matching `filter`, ordered by article date, article and position.
    pub fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>, StoreError> {
        let conditions = quote_conditions(filter);
        let sql = format!(
            "SELECT q.article_id, q.seq, a.date, q.sentence, q.start, q.\"end\", q.text, q.kind, q.speaker_name, \
             q.speaker_code, q.speaker_start, q.speaker_end FROM quotes q JOIN articles a ON a.id = q.article_id{} \
             ORDER BY a.date, q.article_id, q.seq LIMIT ?",
            conditions.sql()
        );
        let mut values = conditions.values;
        values.push(limit_value(filter.limit));
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(quote_from_row(row)?);
        }
        Ok(out)
    }
}

/// A quotation row from the columns `article_id, seq, date, sentence, start, end, text, kind,
/// speaker_name, speaker_code, speaker_start, speaker_end`, in that order.
pub(crate) fn quote_from_row(row: &rusqlite::Row<'_>) -> Result<QuoteRow, StoreError> {
    let optional = |index: usize, column: &'static str| -> Result<Option<u32>, StoreError> {
        row.get::<_, Option<i64>>(index)?.map(|v| to_u32(column, v)).transpose()
    };
    Ok(QuoteRow {
        article_id: row.get(0)?,
        seq: to_u32("quotes.seq", row.get(1)?)?,
        date: parse_date("articles.date", row.get(2)?)?,
        sentence: to_u32("quotes.sentence", row.get(3)?)?,
        start: to_u32("quotes.start", row.get(4)?)?,
        end: to_u32("quotes.end", row.get(5)?)?,
        text: row.get(6)?,
        kind: row.get(7)?,
        speaker_name: row.get(8)?,
        speaker_code: row.get(9)?,
        speaker_start: optional(10, "quotes.speaker_start")?,
        speaker_end: optional(11, "quotes.speaker_end")?,
    })
}

pub(crate) fn event_from_row(row: &rusqlite::Row<'_>) -> Result<EventRow, StoreError> {
    let target = match row.get::<_, Option<String>>(11)? {
        None => None,
        Some(code) => Some(ActorRow {
            code,
            name: row.get::<_, Option<String>>(12)?.unwrap_or_default(),
            text: row.get::<_, Option<String>>(13)?.unwrap_or_default(),
            start: to_u32("events.target_start", row.get::<_, Option<i64>>(14)?.unwrap_or(0))?,
            end: to_u32("events.target_end", row.get::<_, Option<i64>>(15)?.unwrap_or(0))?,
            kind: row.get::<_, Option<String>>(16)?.unwrap_or_default(),
            entry: row.get::<_, Option<String>>(17)?.unwrap_or_default(),
        }),
    };
    Ok(EventRow {
        article_id: row.get(0)?,
        seq: to_u32("events.seq", row.get(1)?)?,
        sentence: to_u32("events.sentence", row.get(2)?)?,
        date: parse_date("events.date", row.get(3)?)?,
        source: ActorRow {
            code: row.get(4)?,
            name: row.get(5)?,
            text: row.get(6)?,
            start: to_u32("events.source_start", row.get(7)?)?,
            end: to_u32("events.source_end", row.get(8)?)?,
            kind: row.get(9)?,
            entry: row.get(10)?,
        },
        target,
        cameo: row.get(18)?,
        root: row.get(19)?,
        plover: row.get(20)?,
        quad_class: u8::try_from(row.get::<_, i64>(21)?).unwrap_or(0),
        goldstein: row.get(22)?,
        evidence_start: to_u32("events.evidence_start", row.get(23)?)?,
        evidence_end: to_u32("events.evidence_end", row.get(24)?)?,
        evidence_text: row.get(25)?,
        rule_id: row.get(26)?,
        rule_pattern: row.get(27)?,
        modality: row.get(28)?,
        dict_version: row.get(29)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{article, event, kremlin_threat, quote};
    use redline_model::{AnnotatedArticle, Taxonomy};

    /// Four dated articles covering the filters' cases.
    fn store() -> Store {
        let mut articles: Vec<AnnotatedArticle> = Vec::new();
        let mut a = kremlin_threat();
        a.date = Date::new(2021, 11, 14).ok();
        articles.push(a);
        let mut b = article(
            "b",
            "NATO met Ukraine. Belarus mobilized.",
            vec![
                event(("NATO", "IGOWSTNAT"), "met", Some(("Ukraine", "UKR")), "040"),
                event(("Belarus", "BLR"), "mobilized", None, "150"),
            ],
        );
        b.date = Date::new(2021, 12, 7).ok();
        quote(&mut b, "Belarus mobilized", None);
        articles.push(b);
        let mut c = article(
            "c",
            "Russia invaded Ukraine.",
            vec![event(("Russia", "RUS"), "invaded", Some(("Ukraine", "UKR")), "190")],
        );
        c.date = Date::new(2022, 2, 24).ok();
        quote(&mut c, "invaded Ukraine", Some(("Russia", "Vladimir Putin", Some("RUSGOV"))));
        articles.push(c);
        let mut d = article(
            "d",
            "Ukraine appealed to Russia.",
            vec![event(("Ukraine", "UKR"), "appealed", Some(("Russia", "RUS")), "020")],
        );
        d.date = Date::new(2022, 2, 25).ok();
        quote(&mut d, "appealed", None);
        d.quotes[0].kind = QuoteKind::Scare;
        articles.push(d);
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&articles, &Taxonomy::standard()).unwrap();
        store
    }

    fn keys(rows: &[EventRow]) -> Vec<String> {
        rows.iter().map(|r| format!("{}{}:{}", r.article_id, r.seq, r.cameo)).collect()
    }

    fn events(store: &Store, filter: EventFilter) -> Vec<String> {
        keys(&store.events(&filter).unwrap())
    }

    #[test]
    fn no_filter_returns_everything_in_date_order() {
        let store = store();
        assert_eq!(
            events(&store, EventFilter::default()),
            ["a0:1312", "a1:112", "b0:040", "b1:150", "c0:190", "d0:020"]
        );
    }

    #[test]
    fn actor_matches_source_or_target_by_prefix() {
        let store = store();
        let filter = |actor: &str| EventFilter { actor: Some(actor.into()), ..EventFilter::default() };
        assert_eq!(events(&store, filter("RUS")), ["a0:1312", "a1:112", "c0:190", "d0:020"]);
        assert_eq!(events(&store, filter("rusgov")), ["a0:1312"]);
        assert_eq!(events(&store, filter("BLR")), ["b1:150"]);
        assert_eq!(events(&store, filter("IGO")), ["b0:040"]);
        assert!(events(&store, filter("CHN")).is_empty());
        // A LIKE wildcard in user input is a literal, not a pattern.
        assert!(events(&store, filter("%")).is_empty());
    }

    #[test]
    fn dyad_is_directed_unless_undirected() {
        let store = store();
        let dyad: Dyad = "RUS:UKR".parse().unwrap();
        let directed = EventFilter { dyad: Some(dyad.clone()), ..EventFilter::default() };
        assert_eq!(events(&store, directed.clone()), ["a0:1312", "c0:190"]);
        let undirected = EventFilter { undirected: true, ..directed };
        assert_eq!(events(&store, undirected), ["a0:1312", "a1:112", "c0:190", "d0:020"]);
        assert!("RUS".parse::<Dyad>().is_err());
        assert!("RUS:".parse::<Dyad>().is_err());
        assert!("R'S:UKR".parse::<Dyad>().is_err());
    }

    #[test]
    fn roots_plover_and_article() {
        let store = store();
        let roots = EventFilter { roots: vec!["13".into(), "19".into()], ..EventFilter::default() };
        assert_eq!(events(&store, roots), ["a0:1312", "c0:190"]);
        let short_root = EventFilter { roots: vec!["4".into()], ..EventFilter::default() };
        assert_eq!(events(&store, short_root), ["b0:040"]);
        let plover = EventFilter { plover: Some("request".into()), ..EventFilter::default() };
        assert_eq!(events(&store, plover), ["d0:020"]);
        let article = EventFilter { article_id: Some("b".into()), ..EventFilter::default() };
        assert_eq!(events(&store, article), ["b0:040", "b1:150"]);
    }

    #[test]
    fn date_range_is_inclusive_and_paging_works() {
        let store = store();
        let range = EventFilter {
            from: Date::new(2021, 12, 7).ok(),
            to: Date::new(2022, 2, 24).ok(),
            ..EventFilter::default()
        };
        assert_eq!(events(&store, range.clone()), ["b0:040", "b1:150", "c0:190"]);
        let page = EventFilter { limit: Some(2), offset: 1, ..range };
        assert_eq!(events(&store, page), ["b1:150", "c0:190"]);
        let combined = EventFilter { actor: Some("UKR".into()), roots: vec!["11".into()], ..EventFilter::default() };
        assert_eq!(events(&store, combined), ["a1:112"]);
    }

    #[test]
    fn event_rows_round_trip() {
        let store = store();
        let rows = store.events(&EventFilter { article_id: Some("b".into()), ..EventFilter::default() }).unwrap();
        let met = &rows[0];
        assert_eq!(met.source.code, "IGOWSTNAT");
        assert_eq!(met.source.entry, "actors/countries.txt:1");
        assert_eq!(met.target.as_ref().map(|t| (t.code.as_str(), t.start, t.end)), Some(("UKR", 9, 16)));
        assert_eq!(met.plover.as_deref(), Some("CONSULT"));
        assert_eq!(met.date, Date::new(2021, 12, 7).ok());
        assert_eq!(met.modality, "asserted");
        assert!(rows[1].target.is_none());
    }

    #[test]
    fn quote_filters() {
        let store = store();
        let quotes = |filter: QuoteFilter| -> Vec<String> {
            store.quotes(&filter).unwrap().into_iter().map(|q| format!("{}:{}", q.article_id, q.text)).collect()
        };
        // The feed leaves scare quotes out unless asked for.
        assert_eq!(quotes(QuoteFilter::default()).len(), 3);
        assert_eq!(quotes(QuoteFilter { kinds: vec![QuoteKind::Scare], ..QuoteFilter::default() }), ["d:appealed"]);
        let every = QuoteFilter { kinds: QuoteKind::ALL.to_vec(), ..QuoteFilter::default() };
        assert_eq!(quotes(every).len(), 4);
        let by_name = QuoteFilter { speaker: Some("putin".into()), ..QuoteFilter::default() };
        assert_eq!(quotes(by_name), ["c:invaded Ukraine"]);
        let by_code = QuoteFilter { speaker: Some("RUS".into()), ..QuoteFilter::default() };
        assert_eq!(quotes(by_code), ["a:threatened Ukraine", "c:invaded Ukraine"]);
        let by_text = QuoteFilter { text: Some("BELARUS".into()), ..QuoteFilter::default() };
        assert_eq!(quotes(by_text), ["b:Belarus mobilized"]);
        let by_date = QuoteFilter {
            from: Date::new(2021, 12, 1).ok(),
            to: Date::new(2021, 12, 31).ok(),
            ..QuoteFilter::default()
        };
        assert_eq!(quotes(by_date), ["b:Belarus mobilized"]);
        let limited = QuoteFilter { limit: Some(1), ..QuoteFilter::default() };
        assert_eq!(quotes(limited), ["a:threatened Ukraine"]);
        let row = &store.quotes(&QuoteFilter { speaker: Some("peskov".into()), ..QuoteFilter::default() }).unwrap()[0];
        assert_eq!(
            (row.speaker_code.as_deref(), row.speaker_start, row.date),
            (Some("RUSGOV"), Some(0), Date::new(2021, 11, 14).ok())
        );
    }
}
