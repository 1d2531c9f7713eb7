//! PETRARCH actor files → `actors/<stem>.txt` (entries with one code) and `actors/people/<stem>.txt`
//! (entries with date-bounded codes, written as people with dated roles, which keep their order).
//!
//! An entry is `NAME [CODE]` (or `NAME` with its codes on indented lines), `+ALIAS` lines add names,
//! indented `[CODE <DATE]` (until DATE), `[CODE >DATE]` (from DATE), `[CODE DATE-DATE]` (inclusive)
//! add dated codes; dates are `YYMMDD` or `YYYYMMDD`. A name already used by an earlier entry with
//! another code is reported and left out (redline refuses ambiguous names); so are codes `---`/`+++`
//! (PETRARCH's "recognise but do not code"), codes that are not blocks of three letters, and every code
//! after the first of `[A/B]`.

use std::collections::{BTreeSet, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;
use redline_model::ActorCode;
use redline_model::actor::ORGANISATION_PREFIXES;

use super::{Output, bracket, content_lines, phrase, stem};
use crate::SourceFile;
use crate::matcher::PhraseKey;

/// One code of an entry, with its date range (`to` exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Code {
    code: ActorCode,
    from: Option<Date>,
    to: Option<Date>,
    dated: bool,
}

/// One PETRARCH actor entry.
#[derive(Debug, Default)]
struct Record {
    line: u32,
    names: Vec<String>,
    codes: Vec<Code>,
}

/// Converts every actor file; names are checked for conflicts across all of them.
pub(super) fn convert(files: &[&SourceFile], out: &mut Output) {
    let mut owners: HashMap<String, (usize, String, bool)> = HashMap::new();
    let mut countries: BTreeSet<String> = BTreeSet::new();
    let mut used_codes: Vec<(String, String)> = Vec::new();
    let mut serial = 0;
    for file in files {
        let path = &file.path;
        let records = parse(file, out);
        let mut coded = String::new();
        let mut people = String::new();
        for record in records {
            serial += 1;
            let origin = format!("{path}:{}", record.line);
            if record.codes.is_empty() {
                out.skip(path, record.line, "actor has no usable code");
                continue;
            }
            let dated = record.codes.iter().any(|c| c.dated);
            let main = main_code(&record.codes).to_string();
            let mut names = Vec::new();
            for name in &record.names {
                let Some(key) = PhraseKey::of(name).map(|k| k.key) else { continue };
                match owners.get(&key) {
                    Some((owner, code, person)) if *owner != serial && (*code != main || (*person && dated)) => {
                        out.skip(path, record.line, format!("name {name:?} already names an entry coded {code}"));
                    }
                    Some(_) => names.push(name.clone()),
                    None => {
                        owners.insert(key, (serial, main.clone(), dated));
                        names.push(name.clone());
                    }
                }
            }
            names.dedup();
            if names.is_empty() {
                out.skip(path, record.line, "actor has no name left to convert");
                continue;
            }
            out.counts.actors += 1;
            if !dated {
                if record.codes.len() > 1 {
                    out.skip(path, record.line, format!("only the first of {} codes is kept", record.codes.len()));
                }
                let code = &record.codes[0].code;
                if code.as_str().len() == 3 && !code.is_organisation() {
                    countries.insert(code.to_string());
                }
                used_codes.push((code.to_string(), origin.clone()));
                coded.push_str(&format!("{code}  {}\n    note  from {origin}\n", names.join("; ")));
                continue;
            }
            people.push_str(&format!("{}\n", names.join("; ")));
            let mut fallback = false;
            for code in &record.codes {
                used_codes.push((code.code.to_string(), origin.clone()));
                if code.dated {
                    let from = code.from.map(|d| d.to_string()).unwrap_or_default();
                    let to = code.to.map(|d| d.to_string()).unwrap_or_default();
                    people.push_str(&format!("    role  {}  {from}..{to}\n", code.code));
                } else if !fallback {
                    fallback = true;
                    people.push_str(&format!("    role  {}  -\n", code.code));
                } else {
                    out.skip(path, record.line, format!("undated code {} after another is left out", code.code));
                }
            }
            people.push_str(&format!("    note  from {origin}\n"));
        }
        let stem = stem(path);
        if !coded.is_empty() {
            out.push(&format!("actors/{stem}.txt"), &coded);
        }
        if !people.is_empty() {
            out.push(&format!("actors/people/{stem}.txt"), &people);
        }
    }
    for (code, origin) in used_codes {
        let primary = &code[..3];
        if !countries.contains(primary) && !ORGANISATION_PREFIXES.contains(&primary) {
            out.actor_prefixes.entry(primary.to_string()).or_insert(origin);
        }
    }
}

/// The code redline's conflict check compares on: the latest open-ended dated code, else the undated
/// one, else the last.
fn main_code(codes: &[Code]) -> &ActorCode {
    codes
        .iter()
        .filter(|c| c.dated && c.to.is_none())
        .max_by_key(|c| c.from)
        .or_else(|| codes.iter().find(|c| !c.dated))
        .or(codes.last())
        .map(|c| &c.code)
        .unwrap_or_else(|| &codes[0].code)
}

fn parse(file: &SourceFile, out: &mut Output) -> Vec<Record> {
    let mut records: Vec<Record> = Vec::new();
    for (line, content) in content_lines(&file.text) {
        let indented = content.starts_with([' ', '\t']);
        let trimmed = content.trim();
        let (before, code) = match bracket(trimmed) {
            Some((before, code)) => (before, Some(code)),
            None => (trimmed, None),
        };
        let record = if indented && before.trim().is_empty() {
            match records.last_mut() {
                Some(record) => record,
                None => {
                    out.skip(&file.path, line, "code line before any actor");
                    continue;
                }
            }
        } else if let Some(alias) = before.trim().strip_prefix('+') {
            let Some(record) = records.last_mut() else {
                out.skip(&file.path, line, "alias before any actor");
                continue;
            };
            let name = phrase(alias);
            if !name.is_empty() {
                record.names.push(name);
            }
            record
        } else if indented {
            out.skip(&file.path, line, "indented line that is neither a [code] nor a +alias");
            continue;
        } else {
            let name = phrase(before);
            if name.is_empty() {
                out.skip(&file.path, line, "actor line without a name");
                continue;
            }
            records.push(Record { line, names: vec![name], codes: Vec::new() });
            let Some(record) = records.last_mut() else { continue };
            record
        };
        let Some(code) = code else { continue };
        match parse_code(code) {
            Ok((Some(code), dropped)) => {
                record.codes.push(code);
                if !dropped.is_empty() {
                    out.skip(&file.path, line, format!("only the first code of [{}] is kept", code_text(&dropped)));
                }
            }
            Ok((None, _)) => out.skip(&file.path, line, format!("code [{}] codes nothing; left out", code.trim())),
            Err(message) => out.skip(&file.path, line, message),
        }
    }
    records
}

fn code_text(codes: &[String]) -> String {
    codes.join("/")
}

/// `HOBGOV 19950601 - 19990815` → the code with its range; `None` for `---`/`+++`; the codes after the
/// first of `ELR/GAL` are returned to be reported.
fn parse_code(content: &str) -> Result<(Option<Code>, Vec<String>), String> {
    let content = content.trim();
    let split = content.find(|c: char| c.is_whitespace() || c == '<' || c == '>').unwrap_or(content.len());
    let (codes, spec) = (&content[..split], content[split..].trim());
    let mut alternatives = codes.split('/');
    let first = alternatives.next().unwrap_or("");
    let dropped: Vec<String> = alternatives.map(str::to_string).collect();
    if first.is_empty() || first.bytes().all(|b| !b.is_ascii_alphanumeric()) {
        return Ok((None, dropped));
    }
    let code = ActorCode::parse(first).map_err(|e| e.to_string())?;
    let (from, to) = if spec.is_empty() {
        (None, None)
    } else if let Some(date) = spec.strip_prefix('<') {
        (None, Some(date_of(date)?))
    } else if let Some(date) = spec.strip_prefix('>') {
        (Some(date_of(date)?), None)
    } else if let Some((from, to)) = spec.split_once('-') {
        let to = date_of(to)?;
        let after = to.checked_add(1.day()).map_err(|e| e.to_string())?;
        (Some(date_of(from)?), Some(after))
    } else {
        return Err(format!("date restriction {spec:?} is not <DATE, >DATE or DATE-DATE"));
    };
    if let (Some(f), Some(t)) = (from, to)
        && f >= t
    {
        return Err(format!("date range {spec:?} ends before it starts"));
    }
    let dated = !spec.is_empty();
    Ok((Some(Code { code, from, to, dated }), dropped))
}

/// `950601` (years before 30 are 20xx) or `19950601`.
fn date_of(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let bad = || format!("{text:?} is not a date YYMMDD or YYYYMMDD");
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let number = |s: &str| s.parse::<i16>().map_err(|_| bad());
    let (year, rest) = match text.len() {
        6 => {
            let yy = number(&text[..2])?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &text[2..])
        }
        8 => (number(&text[..4])?, &text[4..]),
        _ => return Err(bad()),
    };
    let month = number(&rest[..2])? as i8;
    let day = number(&rest[2..])? as i8;
    Date::new(year, month, day).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        s.parse().ok()
    }

    #[test]
    fn codes_with_date_restrictions() {
        let (code, _) = parse_code("HOB < 950601").unwrap();
        let code = code.unwrap();
        assert_eq!((code.code.as_str(), code.from, code.to, code.dated), ("HOB", None, d("1995-06-01"), true));
        let (code, _) = parse_code("HOBGOV 19950601 - 19990815").unwrap();
        let code = code.unwrap();
        assert_eq!((code.from, code.to), (d("1995-06-01"), d("1999-08-16")));
        let (code, _) = parse_code("HOBREB >080816").unwrap();
        assert_eq!(code.unwrap().from, d("2008-08-16"));
        let (code, dropped) = parse_code("FRO/BIL/SAM").unwrap();
        assert_eq!((code.unwrap().dated, dropped), (false, vec!["BIL".to_string(), "SAM".to_string()]));
        assert_eq!(parse_code("--- <950630").unwrap().0, None);
        assert!(parse_code("ITHTV").is_err());
        assert!(parse_code("HOB 2001").is_err());
        assert!(parse_code("HOB 20010101-19990101").is_err());
        assert!(date_of("991332").is_err());
    }

    #[test]
    fn entries_aliases_and_conflicts() {
        let text = "GOLLUM  # x\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBREB > 990816]\n\tstray\nROHAN [ROH]\n+ROHANS\n+SMEAGOL\nENT\n\t[ENT]\n";
        let file = SourceFile { path: "a.actors.txt".to_string(), text: text.to_string() };
        let mut out = Output::default();
        convert(&[&file], &mut out);
        let people = &out.files["actors/people/a-actors.txt"];
        assert_eq!(
            people,
            "gollum; smeagol\n    role  HOB  ..1995-06-01\n    role  HOBREB  1999-08-16..\n    note  from a.actors.txt:1\n"
        );
        let coded = &out.files["actors/a-actors.txt"];
        assert_eq!(
            coded,
            "ROH  rohan; rohans\n    note  from a.actors.txt:6\nENT  ent\n    note  from a.actors.txt:9\n"
        );
        let lines: Vec<u32> = out.skipped.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![5, 6], "{:?}", out.skipped);
        assert!(out.actor_prefixes.is_empty() || !out.actor_prefixes.contains_key("ROH"));
    }
}
