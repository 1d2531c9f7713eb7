//! Import of PETRARCH/TABARI dictionaries into redline's format: the verb dictionary (synsets, verb
//! blocks with forms and patterns), actor files (aliases, date-bounded codes), agents (sector words with
//! plurals and `!MACRO!` substitutions) and discards.
//!
//! Pure: PETRARCH file contents in ([`SourceFile`] with the original file name as `path`), redline
//! [`SourceFile`]s out, plus a report of every line that could not be converted (`file:line`, skipped,
//! never a panic). Every converted entry carries `note  from FILE:LINE`. The output set declares in
//! `codebook.txt` the event codes and actor prefixes it uses beyond CAMEO's, and the options
//! `examples-optional` (imported patterns have no example sentences), `keep-future-codes` (PETRARCH
//! codes what the pattern says; it does not re-code future events as threats) and `verbs-only`
//! (PETRARCH patterns name verbs, so "an attack" does not fire the verb `attack`).
//!
//! PETRARCH2 matches words exactly (its TABARI-era stems are not honoured), so names and pattern words
//! are converted to exact, lower-case words; PETRARCH upper-cases the text, so case never matters.

mod actors;
mod agents;
mod verbs;

use std::collections::BTreeMap;

use crate::{DictError, SourceFile};

/// What kind of PETRARCH dictionary a file is, judged from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Verb dictionary (`CAMEO.2.0.txt`, `*.verbs.txt`).
    Verbs,
    /// Actor dictionary (`*.actors.txt`).
    Actors,
    /// Agent dictionary (`*.agents.txt`).
    Agents,
    /// Discard list (`*.discards.txt`).
    Discards,
}

impl Kind {
    /// The kind of a PETRARCH file from its name, if it is one the import understands.
    pub fn of(name: &str) -> Option<Kind> {
        let lower = name.to_ascii_lowercase();
        if lower.contains("verbs") || lower.starts_with("cameo") {
            Some(Kind::Verbs)
        } else if lower.contains("actors") {
            Some(Kind::Actors)
        } else if lower.contains("agents") {
            Some(Kind::Agents)
        } else if lower.contains("discards") {
            Some(Kind::Discards)
        } else {
            None
        }
    }
}

/// The converted set and what could not be converted.
#[derive(Debug, Clone, Default)]
pub struct Import {
    /// redline dictionary files, paths relative to the new set's root.
    pub files: Vec<SourceFile>,
    /// Lines skipped, each with the PETRARCH file and line and the reason.
    pub skipped: Vec<DictError>,
    /// Entries written: actors, agent words, patterns, discards.
    pub counts: Counts,
}

/// How many entries of each kind were written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Actor entries (coded and dated).
    pub actors: usize,
    /// Agent entries.
    pub agents: usize,
    /// Synsets (PETRARCH's and one per verb block).
    pub synsets: usize,
    /// Event patterns.
    pub patterns: usize,
    /// Discard phrases.
    pub discards: usize,
}

/// Converts PETRARCH files into a redline set with `version` as its VERSION and `cues` (a redline
/// `cues.txt`) as its speech cues. Files whose kind is unknown are reported and skipped.
pub fn import(files: &[SourceFile], version: &str, cues: &str) -> Import {
    let mut out = Output::default();
    let mut actor_files = Vec::new();
    for file in files {
        match Kind::of(&file.path) {
            Some(Kind::Verbs) => verbs::convert(file, &mut out),
            Some(Kind::Actors) => actor_files.push(file),
            Some(Kind::Agents) => agents::convert_agents(file, &mut out),
            Some(Kind::Discards) => agents::convert_discards(file, &mut out),
            None => {
                out.skip(&file.path, 0, "not a PETRARCH verbs, actors, agents or discards file (judged by its name)")
            }
        }
    }
    actors::convert(&actor_files, &mut out);
    out.finish(version, cues)
}

/// What the converters accumulate.
#[derive(Debug, Default)]
struct Output {
    /// Files by output path (sorted, so the output is deterministic).
    files: BTreeMap<String, String>,
    skipped: Vec<DictError>,
    /// Extra event codes with where they were first used.
    events: BTreeMap<String, String>,
    /// Actor prefixes to declare, with where they were first used.
    actor_prefixes: BTreeMap<String, String>,
    counts: Counts,
}

impl Output {
    fn skip(&mut self, file: &str, line: u32, message: impl Into<String>) {
        self.skipped.push(DictError::new(file, line, message));
    }

    fn push(&mut self, path: &str, text: &str) {
        self.files.entry(path.to_string()).or_default().push_str(text);
    }

    fn finish(mut self, version: &str, cues: &str) -> Import {
        let mut codebook = String::from(
            "# Written by `redline dict import-petrarch`: codes and prefixes the imported set uses beyond CAMEO's.\n\
             option  examples-optional\noption  keep-future-codes\noption  verbs-only\n",
        );
        for (code, origin) in &self.events {
            codebook.push_str(&format!("event  {code}  PETRARCH code\n    note  from {origin}\n"));
        }
        for (prefix, origin) in &self.actor_prefixes {
            codebook.push_str(&format!("actor  {prefix}  PETRARCH actor prefix\n    note  from {origin}\n"));
        }
        self.files.insert("codebook.txt".to_string(), codebook);
        self.files.insert("VERSION".to_string(), format!("{version}\n"));
        self.files.insert("cues.txt".to_string(), cues.to_string());
        for required in ["agents.txt", "synsets.txt", "discards.txt"] {
            self.files.entry(required.to_string()).or_default();
        }
        let files = self.files.into_iter().map(|(path, text)| SourceFile { path, text }).collect();
        Import { files, skipped: self.skipped, counts: self.counts }
    }
}

/// The lines of a PETRARCH file with their one-based numbers, `<!-- … -->` blocks and `#` comments
/// removed and trailing space trimmed (leading space kept: it marks continuation lines).
fn content_lines(text: &str) -> Vec<(u32, String)> {
    let mut lines = Vec::new();
    let mut in_markup = false;
    for (index, raw) in text.lines().enumerate() {
        let line = index as u32 + 1;
        if in_markup {
            in_markup = !raw.contains("-->");
            continue;
        }
        if raw.trim_start().starts_with("<!") {
            // `<!-- … -->` on one line, or opening a block that a later `-->` closes.
            in_markup = !raw.contains("-->") && !raw.trim_end().ends_with('>');
            continue;
        }
        let content = raw.split('#').next().unwrap_or("").trim_end();
        if content.trim().is_empty() {
            continue;
        }
        lines.push((line, content.to_string()));
    }
    lines
}

/// A PETRARCH phrase as redline words: `_` joins words, a trailing `_` (exact match) is dropped,
/// Treebank contractions (`DID N'T`) are joined back (`didn't`), everything lower case.
fn phrase(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for word in text.split(['_', ' ', '\t']).filter(|w| !w.is_empty()) {
        let word = word.to_lowercase();
        match words.last_mut() {
            Some(last) if word == "n't" => last.push_str(&word),
            _ => words.push(word),
        }
    }
    words.join(" ")
}

/// A file name made into a redline file stem: `PETR.Validate.verbs.txt` → `petr-validate-verbs`.
fn stem(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    let base = base.strip_suffix(".txt").unwrap_or(base);
    let mut stem = String::new();
    for c in base.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    // A path containing "media" would make every entry a news organisation.
    stem.trim_matches('-').replace("media", "medi-a")
}

/// The first `[…]` of a line: the text before it and the bracket's contents; `None` without brackets.
fn bracket(line: &str) -> Option<(&str, &str)> {
    let open = line.find('[')?;
    let close = open + line[open..].find(']')?;
    Some((&line[..open], &line[open + 1..close]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dictionaries;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile { path: path.to_string(), text: text.to_string() }
    }

    #[test]
    fn strips_markup_and_comments_and_keeps_line_numbers() {
        let text = "<!-- one -->\n<!--\n# inside\n-->\nARNOR_ [ARN] # note\n\n+GONDOR\n\t[X]\n";
        let lines = content_lines(text);
        assert_eq!(lines, vec![(5, "ARNOR_ [ARN]".to_string()), (7, "+GONDOR".to_string()), (8, "\t[X]".to_string())]);
        assert_eq!(phrase("MINAS_TIRITH_"), "minas tirith");
        assert_eq!(phrase("DID N'T"), "didn't");
        assert_eq!(stem("dir/PETR.Validate.verbs.txt"), "petr-validate-verbs");
        assert_eq!(Kind::of("CAMEO.2.0.txt"), Some(Kind::Verbs));
        assert_eq!(Kind::of("Phoenix.IssueCoding.txt"), None);
    }

    #[test]
    fn a_small_import_compiles_and_reports_what_it_skipped() {
        let files = vec![
            file("t.verbs.txt", include_str!("../../test_data/petrarch/small.verbs.txt")),
            file("t.actors.txt", include_str!("../../test_data/petrarch/small.actors.txt")),
            file("t.agents.txt", include_str!("../../test_data/petrarch/small.agents.txt")),
            file("t.discards.txt", "MONTHS LATER\n+TYPHOON # storm\n"),
            file("Phoenix.IssueCoding.txt", "x\n"),
        ];
        let import = import(&files, "2026.11.0", "SAY said\nACCORDING according to\n");
        let dicts = Dictionaries::compile(&import.files).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(dicts.version, "2026.11.0");
        assert!(!dicts.codebook.recode_future);
        assert!(dicts.discard_article.get("typhoon").is_some());
        assert!(dicts.discard_sentence.get("months later").is_some());
        let shown: Vec<String> = import.skipped.iter().map(|e| format!("{}:{}", e.file, e.line)).collect();
        assert!(shown.contains(&"Phoenix.IssueCoding.txt:0".to_string()), "{shown:?}");
        let mut dump = String::new();
        for f in &import.files {
            if f.path != "cues.txt" {
                dump.push_str(&format!("=== {}\n{}", f.path, f.text));
            }
        }
        dump.push_str("=== skipped\n");
        for e in &import.skipped {
            dump.push_str(&format!("{e}\n"));
        }
        expect_test::expect_file!["../../test_data/petrarch/small.imported.txt"].assert_eq(&dump);
    }
}
