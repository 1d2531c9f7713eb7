//! `codebook.txt`: what a dictionary set adds to the CAMEO codebook and how it asks the coder to treat
//! its codes. Optional; imported sets (PETRARCH/TABARI) use it for event codes that are not CAMEO's,
//! actor prefixes that are not countries, and the options below (see `dictionaries/README.md`).

use std::collections::{HashMap, HashSet};

use redline_model::{CameoCode, Taxonomy};

use crate::DictError;
use crate::syntax::Block;

/// Event codes, actor prefixes and options declared by a set's `codebook.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codebook {
    /// Event codes patterns may use besides the CAMEO codebook, with their descriptions.
    pub events: HashMap<String, String>,
    /// First blocks of actor codes (`HGW`) accepted although no country entry defines them.
    pub actor_prefixes: HashSet<String>,
    /// `option examples-optional`: patterns need no `example` line (imported sets have none).
    pub examples_optional: bool,
    /// False with `option verbs-only`: a pattern's first word right after a determiner ("an attack") is
    /// a noun and does not fire (PETRARCH's patterns name verbs; redline's also name event nouns).
    pub anchor_nouns: bool,
    /// False with `option keep-future-codes`: the coder codes future and conditional events with the
    /// pattern's own code instead of re-coding them as threats or intents.
    pub recode_future: bool,
}

impl Default for Codebook {
    fn default() -> Codebook {
        Codebook {
            events: HashMap::new(),
            actor_prefixes: HashSet::new(),
            examples_optional: false,
            anchor_nouns: true,
            recode_future: true,
        }
    }
}

/// The option names `option` lines accept.
pub const OPTIONS: [&str; 3] = ["examples-optional", "keep-future-codes", "verbs-only"];

impl Codebook {
    /// The event code `text` stands for: a CAMEO code in the codebook, or a code this set declares.
    pub fn event_code(&self, text: &str, taxonomy: &Taxonomy) -> Option<CameoCode> {
        if let Some(code) = CameoCode::parse(text).filter(|c| taxonomy.contains(c.as_str())) {
            return Some(code);
        }
        self.events.contains_key(text).then(|| CameoCode::foreign(text)).flatten()
    }
}

/// Parses `codebook.txt`: `event CODE description`, `actor PREFIX description`, `option NAME`.
pub fn parse_codebook(file: &str, blocks: &[Block], errors: &mut Vec<DictError>) -> Codebook {
    let mut codebook = Codebook::default();
    for block in blocks {
        let (value, description) = block.rest.split_once([' ', '\t']).unwrap_or((block.rest.as_str(), ""));
        match block.head.as_str() {
            "event" => match CameoCode::foreign(value) {
                Some(code) => {
                    codebook.events.insert(code.as_str().to_string(), description.trim().to_string());
                }
                None => errors.push(DictError::new(
                    file,
                    block.line,
                    format!("event code must be 1-5 letters or digits, found {value:?}"),
                )),
            },
            "actor" => {
                if value.len() == 3 && value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
                    codebook.actor_prefixes.insert(value.to_string());
                } else {
                    errors.push(DictError::new(
                        file,
                        block.line,
                        format!("actor prefix must be three capitals or digits, found {value:?}"),
                    ));
                }
            }
            "option" => match value {
                "examples-optional" => codebook.examples_optional = true,
                "keep-future-codes" => codebook.recode_future = false,
                "verbs-only" => codebook.anchor_nouns = false,
                other => errors.push(DictError::new(
                    file,
                    block.line,
                    format!("unknown option {other:?} (expected one of {})", OPTIONS.join(", ")),
                )),
            },
            other => errors.push(DictError::new(
                file,
                block.line,
                format!("unknown codebook entry {other:?} (expected event, actor or option)"),
            )),
        }
        for attr in &block.attrs {
            if !matches!(attr.key.as_str(), "note" | "source") {
                errors.push(DictError::new(
                    file,
                    attr.line,
                    format!("unknown attribute {:?} (expected note, source)", attr.key),
                ));
            }
        }
    }
    codebook
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_blocks;

    #[test]
    fn reads_events_prefixes_and_options() {
        let text = "event 903  abandon economic ties\n    note from x.txt:3\nactor HGW  Hogwarts\noption keep-future-codes\noption examples-optional\noption verbs-only\n";
        let (blocks, _) = parse_blocks("codebook.txt", text);
        let mut errors = Vec::new();
        let codebook = parse_codebook("codebook.txt", &blocks, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let taxonomy = Taxonomy::standard();
        assert_eq!(codebook.event_code("903", &taxonomy).map(|c| c.to_string()), Some("903".to_string()));
        assert_eq!(codebook.event_code("130", &taxonomy).map(|c| c.to_string()), Some("130".to_string()));
        assert!(codebook.event_code("904", &taxonomy).is_none());
        assert!(codebook.actor_prefixes.contains("HGW"));
        assert!(codebook.examples_optional && !codebook.recode_future && !codebook.anchor_nouns);
        assert!(Codebook::default().recode_future && Codebook::default().anchor_nouns);
    }

    #[test]
    fn reports_bad_lines() {
        let text = "event 12345678 x\nactor hg x\noption fast\nrule x\n";
        let (blocks, _) = parse_blocks("codebook.txt", text);
        let mut errors = Vec::new();
        parse_codebook("codebook.txt", &blocks, &mut errors);
        let lines: Vec<u32> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4]);
    }
}
