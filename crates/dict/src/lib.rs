//! Dictionary formats, validation and compiled matchers.
//!
//! A dictionary set is a folder of plain-text files (see `dictionaries/README.md`). [`Dictionaries::compile`]
//! parses every file, validates it (every problem carries `file:line`) and compiles the phrases into
//! automata once, at start-up. The crate is pure: it receives file contents, never paths to open.

pub mod actors;
pub mod codebook;
pub mod matcher;
pub mod patterns;
pub mod petrarch;
pub mod syntax;

use std::collections::HashMap;
use std::fmt;

use redline_model::Taxonomy;

pub use actors::{ActorEntry, Agent, EntryKind, FormKind, NameForm, Role};
pub use codebook::Codebook;
pub use matcher::{CaseRule, KeyText, PhraseHit, PhraseKey, PhraseSet, push_key};
pub use patterns::{Element, Example, MAX_GAP, Pattern, Synset, WordTest};

/// One dictionary file as text, with its path relative to the dictionary set's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Relative path with `/` separators, e.g. `actors/countries.txt`.
    pub path: String,
    /// The file's contents.
    pub text: String,
}

/// A problem in a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictError {
    /// Relative path of the file.
    pub file: String,
    /// One-based line, 0 when the problem concerns the whole file or set.
    pub line: u32,
    /// What is wrong.
    pub message: String,
}

impl DictError {
    /// A problem at `file:line`.
    pub fn new(file: &str, line: u32, message: impl Into<String>) -> DictError {
        DictError { file: file.to_string(), line, message: message.into() }
    }
}

impl fmt::Display for DictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Every problem found in a dictionary set; the set is refused when this is not empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dictionary set has {} problem(s):\n{}", .0.len(), .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct DictErrors(pub Vec<DictError>);

/// A role nominal or sector word, as found by [`Dictionaries::nominals`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nominal {
    /// A sector word (index into [`Dictionaries::agents`]).
    Agent(u32),
    /// A title of a person's role: entry index and role index.
    Title(u32, u32),
}

/// Where an event pattern's anchor word comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnchorRef {
    /// Index into [`Dictionaries::patterns`].
    pub pattern: u32,
    /// True if the anchor word is a prefix (`warn*`).
    pub prefix: bool,
}

/// A validated, compiled dictionary set.
#[derive(Debug)]
pub struct Dictionaries {
    /// The set's version (from `VERSION`).
    pub version: String,
    /// Every actor entry.
    pub actors: Vec<ActorEntry>,
    /// Every name form, indexed by `names`.
    pub forms: Vec<NameForm>,
    /// Names, adjectives, capitals, cities → indices into `forms`.
    pub names: PhraseSet<u32>,
    /// Sector words.
    pub agents: Vec<Agent>,
    /// Sector words and role titles.
    pub nominals: PhraseSet<Nominal>,
    /// Word classes.
    pub synsets: Vec<Synset>,
    /// Event patterns.
    pub patterns: Vec<Pattern>,
    /// Anchor words of the patterns.
    pub anchors: PhraseSet<AnchorRef>,
    /// Speech verbs (`SAY`).
    pub say: PhraseSet<()>,
    /// Prepositional cues (`ACCORDING`).
    pub according: PhraseSet<()>,
    /// The cue phrases as written, for consumers that want the lists.
    pub cue_lists: HashMap<String, Vec<String>>,
    /// Sentence-level discards.
    pub discard_sentence: PhraseSet<()>,
    /// Article-level discards.
    pub discard_article: PhraseSet<()>,
    /// Extra event codes, actor prefixes and options from `codebook.txt` (defaults without one).
    pub codebook: Codebook,
}

impl Dictionaries {
    /// Parses, validates and compiles a set of dictionary files. Refuses the set on any problem.
    pub fn compile(files: &[SourceFile]) -> Result<Dictionaries, DictErrors> {
        let taxonomy = Taxonomy::standard();
        let mut errors = Vec::new();
        let mut version = String::new();
        let mut builder = actors::ActorBuilder::default();
        let mut agents = Vec::new();
        let mut synsets = Vec::new();
        let mut verb_files = Vec::new();
        let mut cue_lists = HashMap::new();
        let mut discards = HashMap::new();
        let mut codebook = Codebook::default();

        let mut sorted: Vec<&SourceFile> = files.iter().collect();
        sorted.sort_by(|a, b| a.path.cmp(&b.path));
        // Synsets and the codebook first: patterns refer to them.
        for file in &sorted {
            if file.path == "synsets.txt" {
                let (blocks, mut parse_errors) = syntax::parse_blocks(&file.path, &file.text);
                errors.append(&mut parse_errors);
                synsets = patterns::parse_synsets(&file.path, &blocks, &mut errors);
            } else if file.path == "codebook.txt" {
                let (blocks, mut parse_errors) = syntax::parse_blocks(&file.path, &file.text);
                errors.append(&mut parse_errors);
                codebook = codebook::parse_codebook(&file.path, &blocks, &mut errors);
            }
        }
        for file in &sorted {
            let path = file.path.as_str();
            if path == "VERSION" {
                version = file.text.trim().to_string();
                continue;
            }
            if !path.ends_with(".txt") || path == "synsets.txt" || path == "codebook.txt" {
                continue;
            }
            let (mut blocks, mut parse_errors) = syntax::parse_blocks(path, &file.text);
            errors.append(&mut parse_errors);
            builder.file_source = None;
            for directive in syntax::take_directives(&mut blocks) {
                match directive.head.as_str() {
                    "@source" if !directive.rest.is_empty() => builder.file_source = Some(directive.rest.clone()),
                    other => errors.push(DictError::new(
                        path,
                        directive.line,
                        format!("unknown directive {other:?} (expected @source TEXT)"),
                    )),
                }
            }
            if path.starts_with("actors/people/") {
                builder.add_people_file(path, &blocks, &mut errors);
            } else if path.starts_with("actors/") {
                builder.add_coded_file(path, &blocks, &mut errors);
            } else if path == "agents.txt" {
                agents.extend(actors::parse_agents(path, &blocks, &mut errors));
            } else if path.starts_with("verbs/") {
                verb_files.push((path, blocks));
            } else if path == "cues.txt" {
                cue_lists = patterns::parse_phrase_lists(path, &blocks, &["SAY", "ACCORDING"], &mut errors);
            } else if path == "discards.txt" {
                discards = patterns::parse_phrase_lists(path, &blocks, &["SENTENCE", "ARTICLE"], &mut errors);
            } else {
                errors.push(DictError::new(
                    path,
                    0,
                    "file is not part of the dictionary layout (see dictionaries/README.md)",
                ));
            }
        }
        let mut all_patterns = Vec::new();
        for (path, blocks) in &verb_files {
            all_patterns.extend(patterns::parse_patterns(path, blocks, &synsets, &taxonomy, &codebook, &mut errors));
        }
        if version.is_empty() {
            errors.push(DictError::new("VERSION", 0, "the dictionary set has no VERSION"));
        }
        check_name_conflicts(&builder, &mut errors);
        check_actor_codes(&builder, &codebook, &mut errors);
        check_sources(&builder, &mut errors);
        check_pattern_duplicates(&all_patterns, &mut errors);
        if !errors.is_empty() {
            return Err(DictErrors(errors));
        }

        let names = PhraseSet::build(
            builder.forms.iter().enumerate().map(|(i, form)| (form.phrase.key.clone(), i as u32)).collect(),
        );
        let mut nominal_items: Vec<(String, Nominal)> = agents
            .iter()
            .enumerate()
            .map(|(i, a): (usize, &Agent)| (a.phrase.key.clone(), Nominal::Agent(i as u32)))
            .collect();
        for (e, entry) in builder.entries.iter().enumerate() {
            for (r, role) in entry.roles.iter().enumerate() {
                for title in &role.titles {
                    if let Some(key) = PhraseKey::of(title) {
                        nominal_items.push((key.key, Nominal::Title(e as u32, r as u32)));
                    }
                }
            }
        }
        let anchors = PhraseSet::build(anchor_items(&all_patterns, &synsets));
        let phrase_set = |lists: &HashMap<String, Vec<String>>, name: &str| {
            PhraseSet::build(
                lists.get(name).into_iter().flatten().filter_map(|p| PhraseKey::of(p)).map(|k| (k.key, ())).collect(),
            )
        };
        Ok(Dictionaries {
            version,
            codebook,
            say: phrase_set(&cue_lists, "SAY"),
            according: phrase_set(&cue_lists, "ACCORDING"),
            discard_sentence: phrase_set(&discards, "SENTENCE"),
            discard_article: phrase_set(&discards, "ARTICLE"),
            cue_lists,
            names,
            forms: builder.forms,
            actors: builder.entries,
            nominals: PhraseSet::build(nominal_items),
            agents,
            synsets,
            patterns: all_patterns,
            anchors,
        })
    }

    /// The entry a name form belongs to.
    pub fn entry_of(&self, form: &NameForm) -> &ActorEntry {
        &self.actors[form.entry as usize]
    }
}

fn anchor_items(patterns: &[Pattern], synsets: &[Synset]) -> Vec<(String, AnchorRef)> {
    let mut items = Vec::new();
    for (i, pattern) in patterns.iter().enumerate() {
        let pattern_index = i as u32;
        match &pattern.elements[pattern.anchor] {
            Element::Choice { words, synsets: sets } => {
                for word in words {
                    items.push((word.text.clone(), AnchorRef { pattern: pattern_index, prefix: word.prefix }));
                }
                for s in sets {
                    for member in &synsets[*s as usize].members {
                        items.push((member.join(" "), AnchorRef { pattern: pattern_index, prefix: false }));
                    }
                }
            }
            Element::Gap | Element::Target | Element::Source => {}
        }
    }
    items
}

/// A name may not point at two entries with different codes, nor at two people.
fn check_name_conflicts(builder: &actors::ActorBuilder, errors: &mut Vec<DictError>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, form) in builder.forms.iter().enumerate() {
        let Some(&first) = seen.get(form.phrase.key.as_str()) else {
            seen.insert(&form.phrase.key, i);
            continue;
        };
        let a = &builder.entries[builder.forms[first].entry as usize];
        let b = &builder.entries[form.entry as usize];
        if std::ptr::eq(a, b) {
            continue;
        }
        let both_people = a.kind == EntryKind::Person && b.kind == EntryKind::Person;
        let codes_differ = a.role_on(None).map(|r| &r.code) != b.role_on(None).map(|r| &r.code);
        if both_people || codes_differ {
            let line = b.roles.first().map_or(b.entry.line, |_| b.entry.line);
            errors.push(DictError::new(
                &b.entry.file,
                line,
                format!("name {:?} of {:?} already names {:?} at {}", form.phrase.key, b.name, a.name, a.entry),
            ));
        }
    }
}

/// Every actor code must start with a country defined in the set (or an organisation prefix such as
/// `IGO`): a typo such as `RUSS` or `UKRGOV` written `URKGOV` is an unknown code.
/// Prefixes declared in `codebook.txt` (`actor HGW`) are accepted too.
fn check_actor_codes(builder: &actors::ActorBuilder, codebook: &Codebook, errors: &mut Vec<DictError>) {
    let countries: std::collections::HashSet<&str> = builder
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Country)
        .flat_map(|e| e.roles.iter().map(|r| r.code.primary()))
        .collect();
    if countries.is_empty() {
        return; // A set without country files (a test fixture, an import) cannot be checked this way.
    }
    for entry in &builder.entries {
        for role in &entry.roles {
            let primary = role.code.primary();
            let known = countries.contains(primary)
                || redline_model::actor::ORGANISATION_PREFIXES.contains(&primary)
                || codebook.actor_prefixes.contains(primary);
            if !known {
                errors.push(DictError::new(
                    &entry.entry.file,
                    role.line.max(entry.entry.line),
                    format!(
                        "unknown actor code {}: {primary} is not a country in the set nor IGO/NGO/IMG/MNC",
                        role.code
                    ),
                ));
            }
        }
    }
}

/// Every actor entry says where its facts come from: its own `source` or `note`, or its file's `@source`.
fn check_sources(builder: &actors::ActorBuilder, errors: &mut Vec<DictError>) {
    for entry in builder.entries.iter().filter(|e| e.source.is_none()) {
        errors.push(DictError::new(
            &entry.entry.file,
            entry.entry.line,
            format!(
                "entry {:?} has no source: add a `source` or `note` line, or a `@source` line for the file",
                entry.name
            ),
        ));
    }
}

fn check_pattern_duplicates(patterns: &[Pattern], errors: &mut Vec<DictError>) {
    let mut seen: HashMap<String, &Pattern> = HashMap::new();
    for pattern in patterns {
        let key = pattern.text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        match seen.get(&key) {
            Some(first) => errors.push(DictError::new(
                &pattern.entry.file,
                pattern.entry.line,
                format!(
                    "pattern `{}` ({}) duplicates the one at {} ({})",
                    pattern.text, pattern.code, first.entry, first.code
                ),
            )),
            None => {
                seen.insert(key, pattern);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile { path: path.to_string(), text: text.to_string() }
    }

    fn small_set() -> Vec<SourceFile> {
        vec![
            file("VERSION", "2026.11.0\n"),
            file("actors/countries.txt", "@source ISO 3166\nRUS Russia\n    adj Russian\nUKR Ukraine\n"),
            file(
                "actors/people/x.txt",
                "Sergey Ryabkov; Ryabkov\n    role RUSGOV 2008-05-27.. deputy foreign minister\n    source mid.ru\n",
            ),
            file("agents.txt", "MIL troops\n"),
            file("synsets.txt", "&CONSEQUENCES consequences\n"),
            file(
                "verbs/13-threaten.txt",
                "130 warn* of .. &CONSEQUENCES\n    example Russia warns of dire consequences for NATO. => RUS IGOWSTNAT\n",
            ),
            file("cues.txt", "SAY said; says\nACCORDING according to\n"),
            file("discards.txt", "SENTENCE football\n"),
        ]
    }

    #[test]
    fn compiles_a_small_set() {
        let dicts = Dictionaries::compile(&small_set()).unwrap();
        assert_eq!(dicts.version, "2026.11.0");
        assert_eq!(dicts.actors.len(), 3);
        assert_eq!(dicts.patterns.len(), 1);
        assert!(dicts.anchors.get("warn").is_some());
        assert!(dicts.nominals.get("deputy foreign minister").is_some());
        assert!(dicts.say.get("said").is_some());
    }

    #[test]
    fn refuses_a_broken_set_naming_every_line() {
        let mut files = small_set();
        files.push(file("actors/organisations.txt", "@source charters\nIGOWSTNAT NATO\nIGOUNO Ukraine\n"));
        files.push(file(
            "verbs/01-statement.txt",
            "010 say*\n    example Russia said. => RUS -\n130 warn* of .. &CONSEQUENCES\n",
        ));
        let errors = Dictionaries::compile(&files).unwrap_err().0;
        let shown: Vec<String> = errors.iter().map(|e| format!("{}:{}", e.file, e.line)).collect();
        assert!(shown.contains(&"actors/organisations.txt:3".to_string()), "{shown:?}");
        assert!(shown.contains(&"verbs/01-statement.txt:3".to_string()), "{shown:?}");
    }

    #[test]
    fn an_actor_code_must_start_with_a_known_country() {
        let mut files = small_set();
        files.push(file("actors/people/z.txt", "@source test\nSome Body\n    role URKGOV 2020-01-01.. minister\n"));
        let errors = Dictionaries::compile(&files).unwrap_err().0;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].file.as_str(), errors[0].line), ("actors/people/z.txt", 3));
        assert!(errors[0].message.contains("unknown actor code URKGOV"));
    }

    #[test]
    fn every_actor_entry_needs_a_source() {
        let mut files = small_set();
        files.push(file("actors/media.txt", "RUSMED Izvestia\nRUSMED TASS\n    note state news agency\n"));
        let errors = Dictionaries::compile(&files).unwrap_err().0;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].file.as_str(), errors[0].line), ("actors/media.txt", 1));
        assert!(errors[0].message.contains("has no source"));
        let mut files = small_set();
        files.push(file("actors/media.txt", "@source outlets' own sites\nRUSMED Izvestia\n@bogus x\n"));
        let errors = Dictionaries::compile(&files).unwrap_err().0;
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3], "{errors:?}");
    }

    #[test]
    fn the_same_person_twice_is_a_conflict() {
        let mut files = small_set();
        files.push(file("actors/people/y.txt", "@source test\nSomeone Else; Ryabkov\n    role RUSGOV - diplomat\n"));
        let errors = Dictionaries::compile(&files).unwrap_err().0;
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("already names"));
    }
}
