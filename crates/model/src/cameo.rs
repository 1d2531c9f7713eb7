//! The CAMEO event ontology with Goldstein values, quad classes and the PLOVER mapping.
//!
//! The tables ship inside the crate (`data/`, see its NOTICE) and are parsed once into a [`Taxonomy`]
//! that the pipeline owns; nothing is global.

use std::collections::HashMap;
use std::fmt;

const EVENT_CODES: &str = include_str!("../data/cameo-eventcodes.tsv");
const GOLDSTEIN: &str = include_str!("../data/cameo-goldstein.tsv");
const PLOVER: &str = include_str!("../data/cameo-to-plover-2021.txt");

/// A CAMEO event code: a two-digit root (`13`), a three-digit code (`130`) or a four-digit sub-code (`1312`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CameoCode(String);

impl CameoCode {
    /// Accepts 2–4 ASCII digits with a root between 01 and 20; existence is checked by [`Taxonomy`].
    pub fn parse(code: &str) -> Option<CameoCode> {
        let code = code.trim();
        if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let root: u8 = code[..2].parse().ok()?;
        (1..=20).contains(&root).then(|| CameoCode(code.to_string()))
    }

    /// A code outside the CAMEO codebook, for imported dictionary sets whose codes are not CAMEO's
    /// (PETRARCH's validation codes `903`, `174K`): 1–5 ASCII letters or digits. Its root is its first two
    /// characters (or the whole code); [`Taxonomy`] knows nothing about it (no Goldstein value, no PLOVER
    /// type). Use [`CameoCode::parse`] for CAMEO codes.
    pub fn foreign(code: &str) -> Option<CameoCode> {
        let code = code.trim();
        let valid = (1..=5).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric());
        valid.then(|| CameoCode(code.to_string()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-digit root category ("13" for "1312").
    pub fn root(&self) -> &str {
        self.0.get(..2).unwrap_or(&self.0)
    }

    /// The root as a number, 1 to 20.
    pub fn root_number(&self) -> u8 {
        self.root().parse().unwrap_or(0)
    }

    /// The quad class of the root (GDELT's convention).
    pub fn quad_class(&self) -> QuadClass {
        QuadClass::of_root(self.root_number())
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Verbal/material × cooperation/conflict, as in GDELT's QuadClass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuadClass {
    /// Roots 01–05: statements, appeals, intent to cooperate, consultation, diplomatic cooperation.
    VerbalCooperation = 1,
    /// Roots 06–08: material cooperation, aid, yielding.
    MaterialCooperation = 2,
    /// Roots 09–13: investigation, demands, disapproval, rejection, threats.
    VerbalConflict = 3,
    /// Roots 14–20: protest through mass violence.
    MaterialConflict = 4,
}

impl QuadClass {
    /// The quad class of a CAMEO root number (1–20).
    pub fn of_root(root: u8) -> QuadClass {
        match root {
            0..=5 => QuadClass::VerbalCooperation,
            6..=8 => QuadClass::MaterialCooperation,
            9..=13 => QuadClass::VerbalConflict,
            _ => QuadClass::MaterialConflict,
        }
    }

    /// 1 to 4.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// True for the two conflict classes.
    pub fn is_conflict(self) -> bool {
        matches!(self, QuadClass::VerbalConflict | QuadClass::MaterialConflict)
    }

    /// Stable snake-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            QuadClass::VerbalCooperation => "verbal_cooperation",
            QuadClass::MaterialCooperation => "material_cooperation",
            QuadClass::VerbalConflict => "verbal_conflict",
            QuadClass::MaterialConflict => "material_conflict",
        }
    }
}

/// The sixteen PLOVER event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PloverType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl PloverType {
    /// All types, in PLOVER's order.
    pub const ALL: [PloverType; 16] = [
        PloverType::Agree,
        PloverType::Consult,
        PloverType::Support,
        PloverType::Concede,
        PloverType::Cooperate,
        PloverType::Aid,
        PloverType::Retreat,
        PloverType::Request,
        PloverType::Accuse,
        PloverType::Reject,
        PloverType::Threaten,
        PloverType::Protest,
        PloverType::Sanction,
        PloverType::Mobilize,
        PloverType::Coerce,
        PloverType::Assault,
    ];

    /// The upper-case name PLOVER uses ("THREATEN").
    pub fn as_str(self) -> &'static str {
        match self {
            PloverType::Agree => "AGREE",
            PloverType::Consult => "CONSULT",
            PloverType::Support => "SUPPORT",
            PloverType::Concede => "CONCEDE",
            PloverType::Cooperate => "COOPERATE",
            PloverType::Aid => "AID",
            PloverType::Retreat => "RETREAT",
            PloverType::Request => "REQUEST",
            PloverType::Accuse => "ACCUSE",
            PloverType::Reject => "REJECT",
            PloverType::Threaten => "THREATEN",
            PloverType::Protest => "PROTEST",
            PloverType::Sanction => "SANCTION",
            PloverType::Mobilize => "MOBILIZE",
            PloverType::Coerce => "COERCE",
            PloverType::Assault => "ASSAULT",
        }
    }

    /// Parses a PLOVER name, case-insensitively.
    pub fn parse(name: &str) -> Option<PloverType> {
        let name = name.trim();
        PloverType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for PloverType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the codebook says about one CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    /// The codebook's description ("Threaten to boycott, embargo, or sanction").
    pub description: String,
    /// Goldstein intensity, −10 (most conflictual) to +10.
    pub goldstein: f32,
    /// The PLOVER event type, where the mapping gives one.
    pub plover: Option<PloverType>,
}

/// The CAMEO codebook: every code with its description, Goldstein value and PLOVER type.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    codes: HashMap<String, CodeInfo>,
}

impl Taxonomy {
    /// The standard tables shipped with redline.
    pub fn standard() -> Taxonomy {
        let mut codes: HashMap<String, CodeInfo> = HashMap::new();
        for (code, description) in tsv_rows(EVENT_CODES) {
            codes.insert(
                code.to_string(),
                CodeInfo { description: description.to_string(), goldstein: 0.0, plover: None },
            );
        }
        for (code, value) in tsv_rows(GOLDSTEIN) {
            if let (Some(info), Ok(value)) = (codes.get_mut(code), value.parse::<f32>()) {
                info.goldstein = value;
            }
        }
        let plover = plover_table();
        for (code, info) in codes.iter_mut() {
            info.plover = plover_for(&plover, code);
        }
        Taxonomy { codes }
    }

    /// What the codebook says about `code`, if it is a CAMEO code.
    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        self.codes.get(code)
    }

    /// True if `code` is in the codebook.
    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains_key(code)
    }

    /// Goldstein value of a code (0.0 for unknown codes, which validation keeps out).
    pub fn goldstein(&self, code: &CameoCode) -> f32 {
        self.get(code.as_str()).map_or(0.0, |info| info.goldstein)
    }

    /// PLOVER type of a code, if any.
    pub fn plover(&self, code: &CameoCode) -> Option<PloverType> {
        self.get(code.as_str()).and_then(|info| info.plover)
    }

    /// All codes, sorted.
    pub fn codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.codes.keys().map(String::as_str).collect();
        codes.sort_unstable();
        codes
    }
}

fn tsv_rows(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().skip(1).filter_map(|line| {
        let (code, rest) = line.split_once('\t')?;
        Some((code.trim(), rest.trim()))
    })
}

/// Parses `0312: AGREE,  ,   military # ...` lines; the first mapping of a code wins.
fn plover_table() -> HashMap<String, PloverType> {
    let mut table = HashMap::new();
    for line in PLOVER.lines() {
        let line = line.split('#').next().unwrap_or("");
        let Some((code, rest)) = line.split_once(':') else { continue };
        let code = code.trim();
        if !code.bytes().all(|b| b.is_ascii_digit()) || code.is_empty() {
            continue;
        }
        let name = rest.split(',').next().unwrap_or("");
        if let Some(kind) = PloverType::parse(name) {
            table.entry(code.to_string()).or_insert(kind);
        }
    }
    table
}

/// The PLOVER type of a code: its own row, else its parent's, else by root. Appeals (02x) are
/// requests in PLOVER; public statements (01x) have no PLOVER type.
fn plover_for(table: &HashMap<String, PloverType>, code: &str) -> Option<PloverType> {
    if code.starts_with("02") {
        return Some(PloverType::Request);
    }
    let mut prefix = code;
    while prefix.len() >= 2 {
        if let Some(kind) = table.get(prefix) {
            return Some(*kind);
        }
        prefix = &prefix[..prefix.len() - 1];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_taxonomy_knows_the_seed_codes() {
        let taxonomy = Taxonomy::standard();
        let threat = CameoCode::parse("1312").unwrap();
        assert_eq!(taxonomy.plover(&threat), Some(PloverType::Threaten));
        assert_eq!(threat.root(), "13");
        assert_eq!(threat.quad_class(), QuadClass::VerbalConflict);
        assert!(taxonomy.goldstein(&threat) < -4.0);
        let demand = CameoCode::parse("100").unwrap();
        assert_eq!(taxonomy.plover(&demand), Some(PloverType::Request));
        assert_eq!(taxonomy.plover(&CameoCode::parse("010").unwrap()), None);
        assert_eq!(taxonomy.plover(&CameoCode::parse("023").unwrap()), Some(PloverType::Request));
        assert_eq!(taxonomy.plover(&CameoCode::parse("190").unwrap()), Some(PloverType::Assault));
    }

    #[test]
    fn every_root_is_in_the_codebook() {
        let taxonomy = Taxonomy::standard();
        for root in 1..=20 {
            assert!(taxonomy.contains(&format!("{root:02}")), "root {root:02}");
        }
        assert!(taxonomy.codes().len() > 250);
    }

    #[test]
    fn parse_rejects_non_codes() {
        assert!(CameoCode::parse("21").is_none());
        assert!(CameoCode::parse("1a").is_none());
        assert!(CameoCode::parse("12345").is_none());
        assert_eq!(CameoCode::parse("0312").unwrap().quad_class(), QuadClass::VerbalCooperation);
    }

    #[test]
    fn foreign_codes_are_outside_the_codebook() {
        let taxonomy = Taxonomy::standard();
        let code = CameoCode::foreign("174K").unwrap();
        assert_eq!((code.as_str(), code.root(), code.root_number()), ("174K", "17", 17));
        assert_eq!(CameoCode::foreign("7").unwrap().root(), "7");
        assert_eq!(taxonomy.goldstein(&CameoCode::foreign("903").unwrap()), 0.0);
        assert!(taxonomy.plover(&CameoCode::foreign("903").unwrap()).is_none());
        assert!(CameoCode::foreign("025?").is_none());
        assert!(CameoCode::foreign("123456").is_none());
        assert!(CameoCode::parse("174K").is_none(), "parse stays strict");
    }
}
