//! Actor codes in CAMEO's convention and the mentions of actors found in a text.

use std::fmt;
use std::sync::Arc;

use crate::span::Span;

/// A CAMEO actor code: three-letter blocks such as `RUS`, `RUSGOV`, `RUSMIL`, `IGOWSTNAT`.
///
/// The first block is a country (ISO 3166 alpha-3 where one exists) or an international / non-state
/// prefix (`IGO`, `NGO`, `IMG`, `MNC`, ...); later blocks add region, sector or organisation.
///
/// Shared text: every mention and event of an actor holds the dictionary's code, and a copy is a
/// count, not an allocation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorCode(Arc<str>);

/// Why a string is not an actor code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActorCodeError {
    /// Codes are made of one to five blocks of three letters.
    #[error("actor code {0:?} must be 3 to 15 letters in blocks of three")]
    Length(String),
    /// Only ASCII capital letters and digits are allowed.
    #[error("actor code {0:?} may hold only capital letters A-Z and digits")]
    Characters(String),
}

/// Prefixes whose codes name organisations rather than countries; they compare on nine letters.
pub const ORGANISATION_PREFIXES: [&str; 4] = ["IGO", "NGO", "IMG", "MNC"];

impl ActorCode {
    /// Parses and validates a code. Lower case is accepted and upper-cased (PETRARCH files use both).
    pub fn parse(code: &str) -> Result<ActorCode, ActorCodeError> {
        let code = code.trim().to_ascii_uppercase();
        if code.is_empty() || code.len() > 15 || !code.len().is_multiple_of(3) {
            return Err(ActorCodeError::Length(code));
        }
        if !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return Err(ActorCodeError::Characters(code));
        }
        Ok(ActorCode(code.into()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first block: a country, or an organisation prefix such as `IGO`.
    pub fn primary(&self) -> &str {
        &self.0[..3]
    }

    /// True for international and non-state organisation codes (`IGO…`, `NGO…`, `IMG…`, `MNC…`).
    pub fn is_organisation(&self) -> bool {
        ORGANISATION_PREFIXES.contains(&self.primary())
    }

    /// The code at the level the gold sets score on: nine letters for organisations, else three.
    pub fn scoring_key(&self) -> &str {
        if self.is_organisation() { &self.0[..self.0.len().min(9)] } else { self.primary() }
    }

    /// This code with a sector block appended (`RUS` + `MIL` = `RUSMIL`), unless it already ends with it.
    pub fn with_sector(&self, sector: &str) -> ActorCode {
        if self.0.ends_with(sector) || self.0.len() + sector.len() > 15 {
            return self.clone();
        }
        ActorCode(format!("{}{}", self.0, sector).into())
    }
}

impl fmt::Display for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where in the dictionaries an entry or pattern is defined: shown to users who ask "why?".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct EntryRef {
    /// Dictionary file, relative to the dictionary set's root (e.g. `actors/countries.txt`); shared
    /// text, as every mention from the file names it.
    pub file: Arc<str>,
    /// One-based line of the entry's header.
    pub line: u32,
}

impl fmt::Display for EntryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// How an actor mention was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// A country or territory by name or adjective ("Russia", "Russian").
    Country,
    /// A capital, seat of government or city standing for its country ("Moscow", "the Kremlin").
    Metonym,
    /// An international or non-state organisation ("NATO").
    Organisation,
    /// A named person with a dated role ("Sergey Ryabkov").
    Person,
    /// A country composed with a sector word ("Russian troops", "Ukraine's foreign minister").
    Composed,
    /// A role nominal resolved to a person named elsewhere ("the deputy foreign minister").
    RoleNominal,
    /// A pronoun resolved to an earlier mention ("he", "it").
    Pronoun,
}

impl MentionKind {
    /// Stable lower-case name, used in output and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Country => "country",
            MentionKind::Metonym => "metonym",
            MentionKind::Organisation => "organisation",
            MentionKind::Person => "person",
            MentionKind::Composed => "composed",
            MentionKind::RoleNominal => "role",
            MentionKind::Pronoun => "pronoun",
        }
    }
}

/// One recognised mention of an actor in the clean text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    /// The words in the text.
    pub span: Span,
    /// The actor code in force on the article's date.
    pub code: ActorCode,
    /// Canonical name of the entry ("Sergey Ryabkov", "Russia"); for pronouns and role nominals,
    /// the name of the actor they resolve to. Shared text, like [`ActorCode`].
    pub name: Arc<str>,
    /// How the mention was recognised.
    pub kind: MentionKind,
    /// The dictionary entry that fired.
    pub entry: EntryRef,
    /// Index of the sentence holding the mention.
    pub sentence: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_scores_codes() {
        let nato = ActorCode::parse("igowstnat").unwrap();
        assert_eq!(nato.as_str(), "IGOWSTNAT");
        assert!(nato.is_organisation());
        assert_eq!(nato.scoring_key(), "IGOWSTNAT");
        let rusgov = ActorCode::parse("RUSGOV").unwrap();
        assert_eq!(rusgov.scoring_key(), "RUS");
        assert_eq!(ActorCode::parse("RUS").unwrap().with_sector("MIL").as_str(), "RUSMIL");
        assert_eq!(rusgov.with_sector("GOV"), rusgov);
    }

    #[test]
    fn rejects_malformed_codes() {
        assert!(matches!(ActorCode::parse("RU"), Err(ActorCodeError::Length(_))));
        assert!(matches!(ActorCode::parse("RU-"), Err(ActorCodeError::Characters(_))));
        assert!(ActorCode::parse("").is_err());
    }
}
