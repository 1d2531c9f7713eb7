//! Actor dictionaries: coded actors (countries, organisations, media, seats of government) and people
//! with dated roles; agents (sector words) that compose with them.

use std::sync::Arc;

use jiff::civil::Date;
use redline_model::{ActorCode, EntryRef};

use crate::DictError;
use crate::matcher::PhraseKey;
use crate::syntax::{Block, split_list};

/// What kind of actor an entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A country or territory.
    Country,
    /// An international or non-state organisation.
    Organisation,
    /// A news organisation.
    Media,
    /// A seat of government or institution standing for a coded actor ("the Kremlin").
    Seat,
    /// A person with dated roles.
    Person,
}

/// A code an entry carries, optionally only within a date range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// The code while the role is in force.
    pub code: ActorCode,
    /// First day in force (inclusive), if bounded.
    pub from: Option<Date>,
    /// First day no longer in force (exclusive), if bounded.
    pub to: Option<Date>,
    /// Role nominals that may refer to the holder ("deputy foreign minister"), lower case.
    pub titles: Vec<String>,
    /// True for a role written without dates: the fallback when no dated role is in force.
    pub undated: bool,
    /// Line of the role in its file.
    pub line: u32,
}

impl Role {
    /// True if the role is in force on `date`.
    pub fn in_force(&self, date: Date) -> bool {
        !self.undated && self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date < to)
    }
}

/// One actor entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// Canonical name (the first name of the header); shared with every mention of the entry.
    pub name: Arc<str>,
    /// Country, organisation, media, seat or person.
    pub kind: EntryKind,
    /// Where the entry is defined.
    pub entry: EntryRef,
    /// Codes, dated or not.
    pub roles: Vec<Role>,
    /// Where the facts come from: the entry's `source` (or `note`), else its file's `@source`.
    pub source: Option<String>,
}

impl ActorEntry {
    /// The role in force on `date`: a dated role covering it, else the undated fallback. Without a date,
    /// the most recent open-ended role, else the undated one, else the last listed.
    pub fn role_on(&self, date: Option<Date>) -> Option<&Role> {
        match date {
            Some(date) => {
                self.roles.iter().find(|r| r.in_force(date)).or_else(|| self.roles.iter().find(|r| r.undated))
            }
            None => self
                .roles
                .iter()
                .filter(|r| !r.undated && r.to.is_none())
                .max_by_key(|r| r.from)
                .or_else(|| self.roles.iter().find(|r| r.undated))
                .or_else(|| self.roles.last()),
        }
    }

    /// The code in force on `date`, if any.
    pub fn code_on(&self, date: Option<Date>) -> Option<&ActorCode> {
        self.role_on(date).map(|r| &r.code)
    }
}

/// How a name form refers to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormKind {
    /// A name of the entry.
    Name,
    /// An adjective or demonym ("Russian").
    Adjective,
    /// The capital, standing for the country.
    Capital,
    /// A major city.
    City,
    /// A historical name.
    Former,
}

/// One matchable form of an entry's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForm {
    /// Index of the entry in [`crate::Dictionaries::actors`].
    pub entry: u32,
    /// Name, adjective, capital, city or former name.
    pub form: FormKind,
    /// The phrase's key and per-word case rules.
    pub phrase: PhraseKey,
    /// For former names: the range in which they are in force.
    pub from: Option<Date>,
    /// For former names: first day no longer in force.
    pub to: Option<Date>,
}

/// A sector word ("troops" → `MIL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// The sector code: three capitals, or two or three blocks of three (`GOVFRM`).
    pub sector: String,
    /// The word or phrase.
    pub phrase: PhraseKey,
    /// Where it is defined.
    pub entry: EntryRef,
}

/// Parses a date range `FROM..TO`, `FROM..`, `..TO` or `-` (undated).
pub fn parse_range(text: &str) -> Result<(Option<Date>, Option<Date>), String> {
    if text == "-" {
        return Ok((None, None));
    }
    let Some((from, to)) = text.split_once("..") else {
        return Err(format!("date range {text:?} must be FROM..TO (either side may be empty) or -"));
    };
    let from = parse_date(from)?;
    let to = parse_date(to)?;
    if let (Some(f), Some(t)) = (from, to)
        && f >= t
    {
        return Err(format!("date range {text:?} ends before it starts"));
    }
    Ok((from, to))
}

fn parse_date(text: &str) -> Result<Option<Date>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<Date>().map(Some).map_err(|_| format!("{text:?} is not a date (YYYY-MM-DD)"))
}

fn looks_like_range(token: &str) -> bool {
    token == "-" || (token.contains("..") && token.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '.'))
}

/// Accumulates entries and name forms from actor files.
#[derive(Debug, Default)]
pub struct ActorBuilder {
    /// The `@source` of the file being added, inherited by entries without a source of their own.
    pub file_source: Option<String>,
    /// Entries so far.
    pub entries: Vec<ActorEntry>,
    /// Name forms so far.
    pub forms: Vec<NameForm>,
}

impl ActorBuilder {
    /// Adds the blocks of a coded-actor file (countries, organisations, media).
    pub fn add_coded_file(&mut self, file: &str, blocks: &[Block], errors: &mut Vec<DictError>) {
        for block in blocks {
            let code = match ActorCode::parse(&block.head) {
                Ok(code) if block.head.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) => code,
                Ok(_) | Err(_) => {
                    errors.push(DictError::new(
                        file,
                        block.line,
                        format!(
                            "entry must start with an actor code (3-15 capitals in blocks of three), found {:?}",
                            block.head
                        ),
                    ));
                    continue;
                }
            };
            let names = split_list(&block.rest);
            if names.is_empty() {
                errors.push(DictError::new(file, block.line, format!("entry {code} has no names")));
                continue;
            }
            let kind = if file.contains("media") {
                EntryKind::Media
            } else if code.is_organisation() || code.as_str().len() > 3 {
                EntryKind::Organisation
            } else {
                EntryKind::Country
            };
            let index = self.push_entry(file, block.line, &names[0], kind, vec![undated(code, block.line)]);
            let (mut own_source, mut own_note): (Option<String>, Option<String>) = (None, None);
            self.add_forms(index, FormKind::Name, &names, None, None, file, block.line, errors);
            for attr in &block.attrs {
                match attr.key.as_str() {
                    "adj" => self.add_forms(index, FormKind::Adjective, &split_list(&attr.value), None, None, file, attr.line, errors),
                    "capital" => self.add_forms(index, FormKind::Capital, &split_list(&attr.value), None, None, file, attr.line, errors),
                    "city" => self.add_forms(index, FormKind::City, &split_list(&attr.value), None, None, file, attr.line, errors),
                    "former" => {
                        let (names, range) = split_trailing_range(&attr.value);
                        match range.map(parse_range).transpose() {
                            Ok(range) => {
                                let (from, to) = range.unwrap_or((None, None));
                                self.add_forms(index, FormKind::Former, &split_list(names), from, to, file, attr.line, errors);
                            }
                            Err(message) => errors.push(DictError::new(file, attr.line, message)),
                        }
                    }
                    "seat" => self.add_seat(file, attr.line, &attr.value, errors),
                    "code" => match parse_role(&attr.value) {
                        Ok(mut role) => {
                            role.line = attr.line;
                            self.entries[index as usize].roles.insert(0, role);
                        }
                        Err(message) => errors.push(DictError::new(file, attr.line, message)),
                    },
                    "source" => own_source = Some(attr.value.clone()),
                    "note" => own_note = own_note.or_else(|| Some(attr.value.clone())),
                    other => errors.push(DictError::new(file, attr.line, format!("unknown attribute {other:?} (expected adj, capital, city, seat, former, code, note, source)"))),
                }
            }
            // The entry and the seats it declares share its source.
            let source = own_source.or(own_note).or_else(|| self.file_source.clone());
            for entry in &mut self.entries[index as usize..] {
                entry.source = source.clone();
            }
        }
    }

    /// Adds the blocks of a people file.
    pub fn add_people_file(&mut self, file: &str, blocks: &[Block], errors: &mut Vec<DictError>) {
        for block in blocks {
            let names = split_list(&block.header);
            if names.is_empty() {
                continue;
            }
            let mut roles = Vec::new();
            let (mut own_source, mut own_note): (Option<String>, Option<String>) = (None, None);
            for attr in &block.attrs {
                match attr.key.as_str() {
                    "role" => match parse_role(&attr.value) {
                        Ok(mut role) => {
                            role.line = attr.line;
                            roles.push(role);
                        }
                        Err(message) => errors.push(DictError::new(file, attr.line, message)),
                    },
                    "source" => own_source = Some(attr.value.clone()),
                    "note" => own_note = own_note.or_else(|| Some(attr.value.clone())),
                    other => errors.push(DictError::new(
                        file,
                        attr.line,
                        format!("unknown attribute {other:?} (expected role, note, source)"),
                    )),
                }
            }
            if roles.is_empty() {
                errors.push(DictError::new(file, block.line, format!("person {:?} has no role", names[0])));
                continue;
            }
            let index = self.push_entry(file, block.line, &names[0], EntryKind::Person, roles);
            if own_source.is_some() || own_note.is_some() {
                self.entries[index as usize].source = own_source.or(own_note);
            }
            self.add_forms(index, FormKind::Name, &names, None, None, file, block.line, errors);
        }
    }

    fn add_seat(&mut self, file: &str, line: u32, value: &str, errors: &mut Vec<DictError>) {
        let (code, names) = value.split_once([' ', '\t']).unwrap_or((value, ""));
        let code = match ActorCode::parse(code) {
            Ok(code) => code,
            Err(error) => {
                errors.push(DictError::new(file, line, format!("seat: {error}")));
                return;
            }
        };
        let names = split_list(names);
        if names.is_empty() {
            errors.push(DictError::new(file, line, "seat has a code but no names"));
            return;
        }
        let index = self.push_entry(file, line, &names[0], EntryKind::Seat, vec![undated(code, line)]);
        self.add_forms(index, FormKind::Name, &names, None, None, file, line, errors);
    }

    fn push_entry(&mut self, file: &str, line: u32, name: &str, kind: EntryKind, roles: Vec<Role>) -> u32 {
        self.entries.push(ActorEntry {
            name: name.into(),
            kind,
            entry: EntryRef { file: file.into(), line },
            roles,
            source: self.file_source.clone(),
        });
        (self.entries.len() - 1) as u32
    }

    #[allow(clippy::too_many_arguments)]
    fn add_forms(
        &mut self,
        entry: u32,
        form: FormKind,
        names: &[String],
        from: Option<Date>,
        to: Option<Date>,
        file: &str,
        line: u32,
        errors: &mut Vec<DictError>,
    ) {
        for name in names {
            match PhraseKey::of(name) {
                Some(phrase) => self.forms.push(NameForm { entry, form, phrase, from, to }),
                None => errors.push(DictError::new(file, line, format!("name {name:?} has no words"))),
            }
        }
    }
}

fn undated(code: ActorCode, line: u32) -> Role {
    Role { code, from: None, to: None, titles: Vec::new(), undated: true, line }
}

/// Parses `CODE  FROM..TO  titles; ...` (or `CODE - titles`, or just `CODE FROM..TO`).
fn parse_role(value: &str) -> Result<Role, String> {
    let mut parts = value.splitn(3, [' ', '\t']).filter(|p| !p.is_empty());
    let code = parts.next().ok_or("role needs a code")?;
    let code = ActorCode::parse(code).map_err(|e| e.to_string())?;
    let rest = value[value.find(code.as_str()).map_or(0, |i| i + code.as_str().len())..].trim();
    let (range, titles) = match rest.split_once([' ', '\t']) {
        Some((range, titles)) if looks_like_range(range) => (range, titles),
        _ if looks_like_range(rest) => (rest, ""),
        _ => return Err(format!("role {code} needs a date range FROM..TO or - after the code")),
    };
    let (from, to) = parse_range(range)?;
    let titles = split_list(titles).into_iter().map(|t| t.to_lowercase()).collect();
    Ok(Role { code, from, to, titles, undated: range == "-", line: 0 })
}

/// Splits `USSR; Soviet Union  ..1991-12-26` into the names and the trailing range, if any.
fn split_trailing_range(value: &str) -> (&str, Option<&str>) {
    match value.rsplit_once([' ', '\t']) {
        Some((names, last)) if looks_like_range(last) && last != "-" => (names.trim(), Some(last)),
        _ => (value, None),
    }
}

/// Parses `agents.txt`.
pub fn parse_agents(file: &str, blocks: &[Block], errors: &mut Vec<DictError>) -> Vec<Agent> {
    let mut agents = Vec::new();
    for block in blocks {
        let sector = &block.head;
        // One to three blocks of three: `GOV`, and imported compound sectors such as `GOVFRM`.
        let blocks_of_three = !sector.is_empty() && sector.len() <= 9 && sector.len().is_multiple_of(3);
        if !blocks_of_three || !sector.bytes().all(|b| b.is_ascii_uppercase()) {
            errors.push(DictError::new(
                file,
                block.line,
                format!("agent sector must be three capitals (or two or three blocks of three), found {sector:?}"),
            ));
            continue;
        }
        let mut words = split_list(&block.rest);
        for attr in &block.attrs {
            match attr.key.as_str() {
                "note" | "source" => {}
                "words" => words.extend(split_list(&attr.value)),
                other => errors.push(DictError::new(
                    file,
                    attr.line,
                    format!("unknown attribute {other:?} (expected words, note, source)"),
                )),
            }
        }
        for word in words {
            if let Some(phrase) = PhraseKey::of(&word.to_lowercase()) {
                agents.push(Agent {
                    sector: sector.clone(),
                    phrase,
                    entry: EntryRef { file: file.into(), line: block.line },
                });
            }
        }
    }
    agents
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_blocks;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn people_roles_hand_over_on_the_successors_first_day() {
        let text = "Angela Merkel; Merkel\n    role DEUGOV ..2021-12-08 chancellor\n    role DEUELI - former chancellor\nOlaf Scholz; Scholz\n    role DEUGOV 2021-12-08.. chancellor\n";
        let (blocks, errors) = parse_blocks("people/europe.txt", text);
        assert!(errors.is_empty());
        let mut builder = ActorBuilder::default();
        let mut errors = Vec::new();
        builder.add_people_file("people/europe.txt", &blocks, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let merkel = &builder.entries[0];
        assert_eq!(merkel.code_on(Some(date("2021-12-07"))).unwrap().as_str(), "DEUGOV");
        assert_eq!(merkel.code_on(Some(date("2021-12-08"))).unwrap().as_str(), "DEUELI");
        let scholz = &builder.entries[1];
        assert!(scholz.code_on(Some(date("2021-12-07"))).is_none());
        assert_eq!(scholz.code_on(Some(date("2021-12-08"))).unwrap().as_str(), "DEUGOV");
        assert_eq!(scholz.roles[0].titles, vec!["chancellor"]);
    }

    #[test]
    fn coded_entries_with_forms_and_seats() {
        let text = "RUS  Russia; Russian Federation\n    adj Russian; Russians\n    capital Moscow\n    seat RUSGOV Kremlin; the Kremlin\n    former Soviet Union ..1991-12-26\n";
        let (blocks, _) = parse_blocks("actors/countries.txt", text);
        let mut builder = ActorBuilder::default();
        let mut errors = Vec::new();
        builder.add_coded_file("actors/countries.txt", &blocks, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(builder.entries.len(), 2);
        assert_eq!(builder.entries[1].kind, EntryKind::Seat);
        assert_eq!(builder.entries[1].code_on(None).unwrap().as_str(), "RUSGOV");
        let former = builder.forms.iter().find(|f| f.form == FormKind::Former).unwrap();
        assert_eq!(former.to, Some(date("1991-12-26")));
        assert_eq!(former.phrase.key, "soviet union");
    }

    #[test]
    fn agents_take_compound_sectors() {
        let (blocks, _) = parse_blocks("agents.txt", "GOVFRM foreign minister\nGOVF x\nMIL troops; army\n");
        let mut errors = Vec::new();
        let agents = parse_agents("agents.txt", &blocks, &mut errors);
        let sectors: Vec<&str> = agents.iter().map(|a| a.sector.as_str()).collect();
        assert_eq!(sectors, vec!["GOVFRM", "MIL", "MIL"]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
    }

    #[test]
    fn errors_name_the_line() {
        let text = "rus  Russia\nRUSX Russia\nRUS Russia\n    capitol Moscow\nPutin\n    role RUSGOV 2012-05-07..2008-01-01 president\n";
        let (blocks, _) = parse_blocks("actors/countries.txt", text);
        let mut builder = ActorBuilder::default();
        let mut errors = Vec::new();
        builder.add_coded_file("actors/countries.txt", &blocks[..3], &mut errors);
        builder.add_people_file("actors/people/x.txt", &blocks[3..], &mut errors);
        let lines: Vec<u32> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 2, 4, 6, 5], "{errors:?}");
        assert!(errors[3].message.contains("ends before it starts"));
    }
}
