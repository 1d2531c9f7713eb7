//! redline's tension series and early warning: pure functions over stored event facts.
//!
//! The caller (the CLI or the engine) reads [`EventFact`]s and [`SourceVolume`]s from the store and hands
//! them here; this crate never touches SQL, files or the clock. [`DyadSpec`] says which events belong to a
//! pair of actors, [`build_series`] aggregates them per day or ISO week, [`Rules`] (parsed from TOML text)
//! holds every detector parameter, and [`detect`] returns [`Alert`]s carrying the score against their
//! baseline and the ids of the events that drove them.

pub mod detect;
pub mod dyad;
pub mod rules;
pub mod series;

pub use detect::{Alert, Driver, EventId, Score, Severity, detect};
pub use dyad::{DyadError, DyadSpec, actor_level};
pub use rules::{CountUnit, Metric, RuleKind, RuleSpec, Rules, RulesError, SelectionSpec, SeriesSpec};
pub use series::{
    Bucket, EventFact, SERIES_COLUMNS, Series, SeriesPoint, SourceVolume, add_days, bucket_start, build_series,
    days_between, volume_per_host,
};

#[cfg(test)]
mod scenarios;
