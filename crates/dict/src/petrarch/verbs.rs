//! The PETRARCH verb dictionary (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`) → `synsets.txt` and
//! `verbs/<stem>.txt`.
//!
//! A verb block `--- NAME [CODE] ---` lists verbs (`WORD {IRREGULAR FORMS} [CODE]`, `_` joining words
//! and `+` marking the head of a multi-word verb) and patterns `- WORDS * WORDS [CODE]`. Each block
//! becomes a synset `&V_NAME` holding every form of its verbs (regular forms are generated as
//! PETRARCH2 does: -s/-es/-ies, -ed/-d/-ied, -ing), a bare pattern per verb with a code, and one
//! redline pattern per PETRARCH pattern: `*` → the block's synset, a space → `..` (PETRARCH lets words
//! intervene), `_` → adjacent words, `^` (skip a noun phrase) → `..`, `+`/`$` kept, `%` dropped (the
//! coder already codes a compound subject without an object as acting on each other), `[A:B]` → code
//! `A` with `reciprocal B`.

use std::collections::{HashMap, HashSet};

use redline_model::{CameoCode, Taxonomy};

use super::{Output, bracket, content_lines, phrase, stem};
use crate::SourceFile;

/// A PETRARCH synset as read.
struct RawSynset {
    name: String,
    line: u32,
    members: Vec<String>,
}

/// One verb line of a block.
struct Verb {
    name: String,
    forms: Vec<String>,
    code: Option<String>,
}

/// One `--- NAME [CODE] ---` block.
struct Block {
    line: u32,
    name: String,
    code: String,
    verbs: Vec<Verb>,
    patterns: Vec<(u32, String, String)>,
}

enum State {
    Outside,
    Synset(usize),
    Block(usize),
}

/// Converts one verb dictionary.
pub(super) fn convert(file: &SourceFile, out: &mut Output) {
    let (synsets, blocks) = parse(file, out);
    let taxonomy = Taxonomy::standard();
    let path = &file.path;
    let mut used: HashSet<String> = HashSet::new();
    let mut synset_text = String::new();
    let raw: HashMap<&str, &RawSynset> = synsets.iter().map(|s| (s.name.as_str(), s)).collect();
    for synset in &synsets {
        let mut members = Vec::new();
        if let Err(message) = expand(synset, &raw, 0, &mut members) {
            out.skip(path, synset.line, message);
            continue;
        }
        if members.is_empty() {
            out.skip(path, synset.line, format!("synset {} has no members", synset.name));
            continue;
        }
        used.insert(synset.name.clone());
        push_synset(&mut synset_text, &synset.name, &members, path, synset.line);
        out.counts.synsets += 1;
    }

    let mut verbs_text = String::new();
    let mut seen_patterns: HashSet<String> = HashSet::new();
    for block in &blocks {
        let mut all_forms: Vec<String> = Vec::new();
        for form in block.verbs.iter().flat_map(|v| &v.forms) {
            if !all_forms.contains(form) {
                all_forms.push(form.clone());
            }
        }
        if all_forms.is_empty() {
            out.skip(path, block.line, format!("verb block {} lists no verb", block.name));
            continue;
        }
        let block_synset = unique_name(&block.name, &mut used);
        push_synset(&mut synset_text, &block_synset, &all_forms, path, block.line);
        out.counts.synsets += 1;
        let mut emit = |code: &str, text: String, line: u32, out: &mut Output| {
            let (primary, reciprocal) = match event_codes(code, &taxonomy, path, line, out) {
                Ok(Some(codes)) => codes,
                Ok(None) => return,
                Err(message) => return out.skip(path, line, message),
            };
            if !seen_patterns.insert(text.to_lowercase()) {
                return out.skip(path, line, format!("pattern `{text}` repeats an earlier one"));
            }
            verbs_text.push_str(&format!("{primary}  {text}\n"));
            if let Some(reciprocal) = reciprocal {
                verbs_text.push_str(&format!("    reciprocal  {reciprocal}\n"));
            }
            verbs_text.push_str(&format!("    note  from {path}:{line}\n"));
            out.counts.patterns += 1;
        };
        for verb in &block.verbs {
            let code = verb.code.as_deref().unwrap_or(&block.code);
            let synset = if block.verbs.len() == 1 {
                block_synset.clone()
            } else {
                let name = unique_name(&verb.name, &mut used);
                push_synset(&mut synset_text, &name, &verb.forms, path, block.line);
                out.counts.synsets += 1;
                name
            };
            if code.trim() != "---" {
                emit(code, synset, block.line, out);
            }
        }
        for (line, body, code) in &block.patterns {
            if code.trim().split(':').next().is_some_and(|c| c.trim() == "---") {
                out.skip(path, *line, "pattern codes no event ([---]); redline patterns cannot suppress coding");
                continue;
            }
            match pattern_text(body, &block_synset, &used) {
                Ok(text) => emit(code, text, *line, out),
                Err(message) => out.skip(path, *line, message),
            }
        }
    }
    out.push("synsets.txt", &synset_text);
    out.push(&format!("verbs/{}.txt", stem(path)), &verbs_text);
}

fn parse(file: &SourceFile, out: &mut Output) -> (Vec<RawSynset>, Vec<Block>) {
    let mut synsets: Vec<RawSynset> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut state = State::Outside;
    for (line, content) in content_lines(&file.text) {
        let trimmed = content.trim();
        if trimmed.starts_with("---") {
            let inner = trimmed.trim_matches('-');
            match bracket(inner) {
                Some((name, code)) if !name.trim().is_empty() => {
                    blocks.push(Block {
                        line,
                        name: name.trim().to_string(),
                        code: code.trim().to_string(),
                        verbs: Vec::new(),
                        patterns: Vec::new(),
                    });
                    state = State::Block(blocks.len() - 1);
                }
                _ => {
                    out.skip(&file.path, line, "verb block header needs a name and a [code]");
                    state = State::Outside;
                }
            }
            continue;
        }
        if trimmed.starts_with('&') && !content.starts_with([' ', '\t']) {
            synsets.push(RawSynset { name: synset_name(trimmed), line, members: Vec::new() });
            state = State::Synset(synsets.len() - 1);
            continue;
        }
        match state {
            State::Synset(i) if trimmed.starts_with('+') => synsets[i].members.push(trimmed[1..].trim().to_string()),
            State::Block(i) if trimmed.starts_with('-') => match bracket(&trimmed[1..]) {
                Some((body, code)) => blocks[i].patterns.push((line, body.trim().to_string(), code.to_string())),
                None => out.skip(&file.path, line, "pattern without a [code]"),
            },
            // Verbs come before a block's patterns; a bare line after them is not a verb.
            State::Block(i) if !blocks[i].patterns.is_empty() => {
                out.skip(&file.path, line, "line after a block's patterns that is not a pattern");
            }
            State::Block(i) => match verb(trimmed) {
                Some(verb) => blocks[i].verbs.push(verb),
                None => out.skip(&file.path, line, "verb line without a verb"),
            },
            State::Synset(_) | State::Outside => {
                out.skip(&file.path, line, "line outside any synset or verb block");
            }
        }
    }
    (synsets, blocks)
}

/// `WIRE_+TAP {WIRE_+TAPPED WIRE_+TAPPING} [1711]`: the verb's forms and own code.
fn verb(line: &str) -> Option<Verb> {
    let (before_code, code) = match bracket(line) {
        Some((before, code)) => (before, Some(code.trim().to_string())),
        None => (line, None),
    };
    let (words, irregular) = match before_code.split_once('{') {
        Some((words, rest)) => (words, rest.split('}').next().unwrap_or("")),
        None => (before_code, ""),
    };
    let words = words.trim().trim_start_matches('+');
    let parts: Vec<&str> = words.split(['_', ' ']).filter(|w| !w.is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    let head = parts.iter().position(|w| w.starts_with('+')).unwrap_or(0);
    let lower: Vec<String> = parts.iter().map(|w| w.trim_start_matches('+').to_lowercase()).collect();
    let mut forms = Vec::new();
    for inflected in inflections(&lower[head]) {
        let mut words = lower.clone();
        words[head] = inflected;
        let form = words.join(" ");
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    for form in irregular.split_whitespace().map(|f| phrase(&f.replace('+', ""))) {
        if !form.is_empty() && !forms.contains(&form) {
            forms.push(form);
        }
    }
    Some(Verb { name: lower.join("_"), forms, code })
}

/// The regular forms PETRARCH2 generates: base, -s, -ed, -ing.
fn inflections(verb: &str) -> Vec<String> {
    let consonant_y = verb.len() > 1
        && verb.ends_with('y')
        && !matches!(verb.as_bytes()[verb.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u');
    let stem = &verb[..verb.len() - 1];
    let third = if consonant_y {
        format!("{stem}ies")
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| verb.ends_with(e)) {
        format!("{verb}es")
    } else {
        format!("{verb}s")
    };
    let past = if verb.ends_with('e') {
        format!("{verb}d")
    } else if consonant_y {
        format!("{stem}ied")
    } else {
        format!("{verb}ed")
    };
    let ing = if verb.ends_with('e') && !verb.ends_with("ee") { format!("{stem}ing") } else { format!("{verb}ing") };
    vec![verb.to_string(), third, past, ing]
}

/// `&PREPOSIT1_` → `&PREPOSIT1`.
fn synset_name(raw: &str) -> String {
    let name: String = raw
        .trim_start_matches('&')
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches('_')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
        .collect();
    format!("&{name}")
}

/// A fresh synset name for a verb block or verb: `&V_BREAK_DOWN`, `&V_SHOT_2`.
fn unique_name(verb: &str, used: &mut HashSet<String>) -> String {
    let base = synset_name(&format!("V_{}", verb.replace(' ', "_")));
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    used.insert(name.clone());
    name
}

/// A synset's members with nested synsets (`+&TIETYPES`) expanded.
fn expand(
    synset: &RawSynset,
    all: &HashMap<&str, &RawSynset>,
    depth: u32,
    out: &mut Vec<String>,
) -> Result<(), String> {
    if depth > 8 {
        return Err(format!("synset {} nests too deeply (a cycle?)", synset.name));
    }
    for member in &synset.members {
        if member.starts_with('&') {
            let name = synset_name(member);
            let inner =
                all.get(name.as_str()).ok_or_else(|| format!("synset {} uses unknown synset {name}", synset.name))?;
            expand(inner, all, depth + 1, out)?;
        } else {
            let words = phrase(member);
            if !words.is_empty() && !out.contains(&words) {
                out.push(words);
            }
        }
    }
    Ok(())
}

fn push_synset(text: &mut String, name: &str, members: &[String], path: &str, line: u32) {
    text.push_str(&format!("{name}  {}\n    note  from {path}:{line}\n", members.join("; ")));
}

/// `[032:033]` → `("032", Some("033"))`; `[---]` → `None`. Codes outside CAMEO are declared in the
/// codebook; a trailing `?` (PETRARCH's "unsure") is dropped.
fn event_codes(
    raw: &str,
    taxonomy: &Taxonomy,
    path: &str,
    line: u32,
    out: &mut Output,
) -> Result<Option<(String, Option<String>)>, String> {
    let mut parts = raw.split(':').map(|p| p.trim().trim_end_matches('?'));
    let primary = parts.next().unwrap_or("");
    if primary == "---" {
        return Ok(None);
    }
    let mut code = |text: &str| -> Result<String, String> {
        if CameoCode::parse(text).is_some_and(|c| taxonomy.contains(c.as_str())) {
            return Ok(text.to_string());
        }
        match CameoCode::foreign(text) {
            Some(code) => {
                out.events.entry(code.to_string()).or_insert_with(|| format!("{path}:{line}"));
                Ok(code.to_string())
            }
            None => Err(format!("event code [{raw}] is neither CAMEO nor 1-5 letters and digits")),
        }
    };
    let primary = code(primary)?;
    let reciprocal = match parts.next() {
        Some("---") | None => None,
        Some(other) => Some(code(other)?),
    };
    Ok(Some((primary, reciprocal)))
}

enum Piece {
    Word(String),
    Synset(String),
    Gap,
    Target,
    Source,
}

/// A PETRARCH pattern body (`SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS`) as a redline pattern.
fn pattern_text(body: &str, verb: &str, synsets: &HashSet<String>) -> Result<String, String> {
    let mut pieces: Vec<Piece> = Vec::new();
    // PETRARCH2's constituent brackets (`(TO PRESS)`, `{NEW SANCTIONS}`) group words; redline has no
    // constituents, so the words stand alone.
    let tokens = body.split_whitespace().map(|t| t.trim_matches(['(', ')', '{', '}'])).filter(|t| !t.is_empty());
    for (i, token) in tokens.enumerate() {
        if i > 0 {
            pieces.push(Piece::Gap);
        }
        for part in token.split('_').filter(|p| !p.is_empty()) {
            match part {
                "*" => pieces.push(Piece::Synset(verb.to_string())),
                "+" => pieces.push(Piece::Target),
                "$" => pieces.push(Piece::Source),
                "%" => {}
                "^" => pieces.push(Piece::Gap),
                p if p.starts_with('&') => {
                    let name = synset_name(p);
                    if !synsets.contains(&name) {
                        return Err(format!("pattern uses unknown synset {name}"));
                    }
                    pieces.push(Piece::Synset(name));
                }
                p if p.contains(['|', '*']) => return Err(format!("word {p:?} cannot be written in redline")),
                // Treebank splits contractions (`DID N'T`); the text has them whole.
                p if p.eq_ignore_ascii_case("n't") => {
                    if matches!(pieces.last(), Some(Piece::Gap)) && pieces.len() > 1 {
                        pieces.pop();
                    }
                    match pieces.last_mut() {
                        Some(Piece::Word(last)) => last.push_str("n't"),
                        _ => pieces.push(Piece::Word("n't".to_string())),
                    }
                }
                p => pieces.push(Piece::Word(p.to_lowercase())),
            }
        }
    }
    let mut words: Vec<&str> = Vec::new();
    for piece in &pieces {
        let word = match piece {
            Piece::Word(w) | Piece::Synset(w) => w.as_str(),
            Piece::Gap => "..",
            Piece::Target => "+",
            Piece::Source => "$",
        };
        if word == ".." && (words.is_empty() || words.last() == Some(&"..")) {
            continue;
        }
        words.push(word);
    }
    while words.last() == Some(&"..") {
        words.pop();
    }
    if words.iter().filter(|w| **w == "+").count() > 1 || words.iter().filter(|w| **w == "$").count() > 1 {
        return Err("pattern has more than one + or $".to_string());
    }
    Ok(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_forms_regular_irregular_and_multiword() {
        let v = verb("BAN {BANS BANNED}").unwrap();
        assert_eq!(v.forms, vec!["ban", "bans", "baned", "baning", "banned"]);
        let v = verb("WIRE_+TAP {WIRE_+TAPPED  WIRE_+TAPPING } [1711]").unwrap();
        assert_eq!(v.forms[..2], ["wire tap", "wire taps"]);
        assert!(v.forms.contains(&"wire tapped".to_string()));
        assert_eq!(v.code.as_deref(), Some("1711"));
        assert_eq!(inflections("deny"), vec!["deny", "denies", "denied", "denying"]);
        assert_eq!(inflections("arrive"), vec!["arrive", "arrives", "arrived", "arriving"]);
        assert_eq!(inflections("push")[1], "pushes");
    }

    #[test]
    fn patterns_become_gapped_redline_patterns() {
        let synsets: HashSet<String> = ["&TIETYPES".to_string(), "&NEGATVAUXVRB".to_string()].into();
        let p = |body: &str| pattern_text(body, "&V_X", &synsets);
        assert_eq!(p("* NEW_&TIETYPES_RELATIONS").unwrap(), "&V_X .. new &TIETYPES relations");
        assert_eq!(p("% HAVE *").unwrap(), "have .. &V_X");
        assert_eq!(p("$ ^ FOR *").unwrap(), "$ .. for .. &V_X");
        assert_eq!(p("SUGGESTED_+ * DEMAND").unwrap(), "suggested + .. &V_X .. demand");
        assert_eq!(p("* AT ^ +").unwrap(), "&V_X .. at .. +");
        assert_eq!(p("DID N'T_*").unwrap(), "didn't &V_X");
        assert_eq!(p("* (AT {NEW SANCTIONS})").unwrap(), "&V_X .. at .. new .. sanctions");
        assert!(p("* &NOPE").is_err());
        assert!(p("+ * + ").is_err());
        assert_eq!(synset_name("&PREPOSIT1_"), "&PREPOSIT1");
    }

    #[test]
    fn codes_with_reciprocals_unsure_marks_and_foreign_codes() {
        let taxonomy = Taxonomy::standard();
        let mut out = Output::default();
        let mut code = |raw: &str| event_codes(raw, &taxonomy, "v.txt", 3, &mut out);
        assert_eq!(code("032:033"), Ok(Some(("032".to_string(), Some("033".to_string())))));
        assert_eq!(code("025?"), Ok(Some(("025".to_string(), None))));
        assert_eq!(code("174K"), Ok(Some(("174K".to_string(), None))));
        assert_eq!(code("---"), Ok(None));
        assert!(code("+++").is_err());
        assert_eq!(out.events.get("174K").map(String::as_str), Some("v.txt:3"));
        assert!(!out.events.contains_key("032"));
    }
}
