//! PETRARCH agents → `agents.txt`, and discards → `discards.txt`.
//!
//! An agent line is `WORDS {PLURALS} [~SECTOR]`: `{}` means no plural, `{A_B C}` lists the plurals,
//! no braces means the regular plural of the last word; `!NAME! = A, B` defines a macro that
//! `CONGRESS!PERSON!` expands into one word per alternative. `~GOV` appends a sector to the country
//! (redline's composition); `NGO~` (a prefix before the country) has no redline equivalent and is
//! reported. A discard line is a phrase; `+` marks a story-level (article) discard.

use std::collections::HashMap;

use super::{Output, bracket, content_lines, phrase};
use crate::SourceFile;

/// Converts one agents file.
pub(super) fn convert_agents(file: &SourceFile, out: &mut Output) {
    let path = &file.path;
    let mut macros: HashMap<String, Vec<String>> = HashMap::new();
    let mut text = String::new();
    for (line, content) in content_lines(&file.text) {
        let content = content.trim();
        if content.starts_with('!')
            && let Some((name, values)) = content.split_once('=')
        {
            let values = values.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
            macros.insert(name.trim().to_string(), values);
            continue;
        }
        let Some((words, code)) = bracket(content) else {
            out.skip(path, line, "agent without a [code]");
            continue;
        };
        let code = code.trim();
        let Some(sector) = code.strip_prefix('~') else {
            out.skip(
                path,
                line,
                format!("agent code [{code}] puts the sector before the country; redline only appends"),
            );
            continue;
        };
        let sector = sector.trim();
        let valid = !sector.is_empty()
            && sector.len() <= 9
            && sector.len().is_multiple_of(3)
            && sector.bytes().all(|b| b.is_ascii_uppercase());
        if !valid {
            out.skip(path, line, format!("agent sector {sector:?} is not one to three blocks of three capitals"));
            continue;
        }
        let (singular, plurals) = match words.split_once('{') {
            Some((singular, rest)) => (singular, Some(rest.split('}').next().unwrap_or(""))),
            None => (words, None),
        };
        let mut forms = Vec::new();
        for base in expand_macros(singular.trim(), &macros) {
            let base = phrase(&base);
            if base.is_empty() {
                continue;
            }
            let regular = plurals.is_none().then(|| plural(&base));
            forms.push(base);
            forms.extend(regular);
        }
        for listed in plurals.unwrap_or("").split_whitespace() {
            forms.extend(expand_macros(listed, &macros).iter().map(|p| phrase(p)));
        }
        forms.retain(|f| !f.is_empty());
        forms.dedup();
        if forms.is_empty() {
            out.skip(path, line, "agent without words");
            continue;
        }
        text.push_str(&format!("{sector}  {}\n    note  from {path}:{line}\n", forms.join("; ")));
        out.counts.agents += 1;
    }
    out.push("agents.txt", &text);
}

/// `CONGRESS!PERSON!` with `!PERSON! = MAN, WOMAN` → `CONGRESSMAN`, `CONGRESSWOMAN`.
fn expand_macros(text: &str, macros: &HashMap<String, Vec<String>>) -> Vec<String> {
    for (name, values) in macros {
        if text.contains(name.as_str()) {
            return values.iter().flat_map(|v| expand_macros(&text.replacen(name.as_str(), v, 1), macros)).collect();
        }
    }
    vec![text.to_string()]
}

/// The regular plural of a phrase's last word.
fn plural(words: &str) -> String {
    let (before, last) = words.rsplit_once(' ').map_or(("", words), |(b, l)| (b, l));
    let consonant_y = last.len() > 1
        && last.ends_with('y')
        && !matches!(last.as_bytes()[last.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u');
    let last = if consonant_y {
        format!("{}ies", &last[..last.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| last.ends_with(e)) {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    if before.is_empty() { last } else { format!("{before} {last}") }
}

/// Converts one discards file.
pub(super) fn convert_discards(file: &SourceFile, out: &mut Output) {
    let mut text = String::new();
    for (line, content) in content_lines(&file.text) {
        let content = content.trim();
        let (list, words) = match content.strip_prefix('+') {
            Some(words) => ("ARTICLE", words),
            None => ("SENTENCE", content),
        };
        // `;` separates redline list items; PETRARCH uses it inside comments.
        let words = phrase(words.split(';').next().unwrap_or(""));
        if words.is_empty() {
            out.skip(&file.path, line, "discard without words");
            continue;
        }
        text.push_str(&format!("{list}  {words}\n    note  from {}:{line}\n", file.path));
        out.counts.discards += 1;
    }
    out.push("discards.txt", &text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_with_plurals_macros_and_prefix_codes() {
        let text = "!PERSON! = MAN, WOMAN\nPOLICE {} [ ~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nCONGRESS!PERSON! [~LEG]\nMSF {}  [NGO~]\nPARTY [~OPP]\nFOREIGN_MINISTER [~GOVFRM]\nX [~GOVF]\nNOCODE\n";
        let file = SourceFile { path: "a.agents.txt".to_string(), text: text.to_string() };
        let mut out = Output::default();
        convert_agents(&file, &mut out);
        let lines: Vec<&str> = out.files["agents.txt"].lines().filter(|l| !l.starts_with(' ')).collect();
        assert_eq!(
            lines,
            vec![
                "COP  police",
                "GOV  attorney general; attorneys general",
                "LEG  congressman; congressmans; congresswoman; congresswomans",
                "OPP  party; parties",
                "GOVFRM  foreign minister; foreign ministers",
            ]
        );
        let skipped: Vec<u32> = out.skipped.iter().map(|e| e.line).collect();
        assert_eq!(skipped, vec![5, 8, 9]);
    }

    #[test]
    fn discards_by_sentence_and_story() {
        let file = SourceFile {
            path: "d.txt".to_string(),
            text: "MONTHS LATER\n+Manchester United   # pas\nAFRICAN NATIONS CUP # ab ;AB\n".to_string(),
        };
        let mut out = Output::default();
        convert_discards(&file, &mut out);
        let lists: Vec<&str> = out.files["discards.txt"].lines().filter(|l| !l.starts_with(' ')).collect();
        assert_eq!(
            lists,
            vec!["SENTENCE  months later", "ARTICLE  manchester united", "SENTENCE  african nations cup"]
        );
    }
}
