//! Dyad specifications: which events belong to a pair of actors, and the roll-up of codes to their level.
//!
//! `RUS:UKR` is directed (RUS… acting on UKR…), `RUS-UKR` undirected (either way round). Codes match by
//! prefix, the rule `redline events --dyad` uses, so people and sectors coded `RUSGOV` or `RUSMIL` roll up
//! to `RUS`, and `IGOWSTNAT` matches every NATO body coded below it.

use std::fmt;
use std::str::FromStr;

/// A pair of actor-code prefixes, directed or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DyadSpec {
    /// Prefix of the acting side's code (upper case).
    pub source: String,
    /// Prefix of the side acted upon (upper case).
    pub target: String,
    /// When true, events in either direction belong to the dyad.
    pub undirected: bool,
}

/// Why a string is not a dyad.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dyad {0:?} must be two actor codes separated by ':' (directed, RUS:UKR) or '-' (undirected, RUS-UKR)")]
pub struct DyadError(pub String);

impl DyadSpec {
    /// A dyad from two prefixes.
    pub fn new(source: &str, target: &str, undirected: bool) -> DyadSpec {
        DyadSpec { source: source.trim().to_ascii_uppercase(), target: target.trim().to_ascii_uppercase(), undirected }
    }

    /// True when an event from `source_code` to `target_code` belongs to this dyad.
    pub fn matches(&self, source_code: &str, target_code: &str) -> bool {
        let forward = source_code.starts_with(&self.source) && target_code.starts_with(&self.target);
        forward || (self.undirected && source_code.starts_with(&self.target) && target_code.starts_with(&self.source))
    }

    /// The same dyad, made undirected.
    pub fn undirected(mut self) -> DyadSpec {
        self.undirected = true;
        self
    }
}

impl FromStr for DyadSpec {
    type Err = DyadError;

    fn from_str(text: &str) -> Result<DyadSpec, DyadError> {
        let (source, target, undirected) = if let Some((s, t)) = text.split_once(':') {
            (s, t, false)
        } else if let Some((s, t)) = text.split_once('-') {
            (s, t, true)
        } else {
            return Err(DyadError(text.to_string()));
        };
        let valid = |code: &str| {
            let code = code.trim();
            !code.is_empty() && code.len() <= 15 && code.bytes().all(|b| b.is_ascii_alphanumeric())
        };
        if !valid(source) || !valid(target) {
            return Err(DyadError(text.to_string()));
        }
        Ok(DyadSpec::new(source, target, undirected))
    }
}

impl fmt::Display for DyadSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let separator = if self.undirected { '-' } else { ':' };
        write!(f, "{}{separator}{}", self.source, self.target)
    }
}

/// A stored actor code cut to the level alerts are watched at by default: nine letters for organisations
/// (`IGOWSTNAT`), three for countries (`RUSGOV` → `RUS`); the rule of `ActorCode::scoring_key`, applied to
/// text that may not parse as a code (then returned as it is, upper-cased).
pub fn actor_level(code: &str) -> String {
    match redline_model::ActorCode::parse(code) {
        Ok(parsed) => parsed.scoring_key().to_string(),
        Err(_) => code.trim().to_ascii_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directed_and_undirected_dyads() {
        let directed: DyadSpec = "rus:UKR".parse().unwrap();
        assert_eq!(directed, DyadSpec::new("RUS", "UKR", false));
        assert_eq!(directed.to_string(), "RUS:UKR");
        let undirected: DyadSpec = "IGOWSTNAT-RUS".parse().unwrap();
        assert!(undirected.undirected);
        assert_eq!(undirected.to_string(), "IGOWSTNAT-RUS");
        for bad in ["RUS", "RUS:", ":UKR", "R'S:UKR", "RUS UKR", ""] {
            assert!(bad.parse::<DyadSpec>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn codes_roll_up_by_prefix_and_direction_counts() {
        let dyad: DyadSpec = "RUS:UKR".parse().unwrap();
        assert!(dyad.matches("RUSGOV", "UKR"));
        assert!(dyad.matches("RUSMIL", "UKRGOV"));
        assert!(!dyad.matches("UKR", "RUS"));
        assert!(dyad.clone().undirected().matches("UKRGOV", "RUSMIL"));
        let finer: DyadSpec = "RUSGOV:UKR".parse().unwrap();
        assert!(!finer.matches("RUSMIL", "UKR"));
        let nato: DyadSpec = "IGOWSTNAT-RUS".parse().unwrap();
        assert!(nato.matches("RUSGOV", "IGOWSTNATMIL"));
        assert!(!nato.matches("RUSGOV", "IGOEUREEC"));
    }

    #[test]
    fn levels_follow_the_scoring_key() {
        assert_eq!(actor_level("RUSGOV"), "RUS");
        assert_eq!(actor_level("IGOWSTNATMIL"), "IGOWSTNAT");
        assert_eq!(actor_level("usa"), "USA");
        assert_eq!(actor_level("X-1"), "X-1");
    }
}
