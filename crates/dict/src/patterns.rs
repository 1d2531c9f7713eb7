//! Event patterns (`verbs/*.txt`), synsets, quotation cues and discards.

use std::collections::HashMap;

use redline_model::{CameoCode, EntryRef, RuleRef, Taxonomy};

use crate::DictError;
use crate::codebook::Codebook;
use crate::matcher::{PhraseKey, push_key};
use crate::syntax::{Block, split_list};

/// Largest number of words a `..` gap may skip.
pub const MAX_GAP: usize = 10;

/// An example sentence of a pattern: `example  NATO warned Russia. => IGOWSTNAT RUS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Line of the `example` attribute.
    pub line: u32,
    /// The sentence.
    pub text: String,
    /// The source and target (`None`: no target) it must be coded between, at the scoring key's level,
    /// when the example names them after `=>`.
    pub actors: Option<(String, Option<String>)>,
}

impl Example {
    /// Reads `SENTENCE [=> SOURCE TARGET]`; the actors are upper-case codes, the target `-` for none.
    pub fn parse(line: u32, value: &str) -> Result<Example, String> {
        let Some((text, actors)) = value.rsplit_once("=>") else {
            return Ok(Example { line, text: value.trim().to_string(), actors: None });
        };
        let is_code = |w: &str| (3..=15).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase());
        let words: Vec<&str> = actors.split_whitespace().collect();
        let actors = match words.as_slice() {
            [source, "-"] if is_code(source) => (source.to_string(), None),
            [source, target] if is_code(source) && is_code(target) => (source.to_string(), Some(target.to_string())),
            _ => {
                return Err(format!(
                    "example actors {:?}: expected `=> SOURCE TARGET`, two actor codes in capitals (`-` for no target)",
                    actors.trim()
                ));
            }
        };
        Ok(Example { line, text: text.trim().to_string(), actors: Some(actors) })
    }
}

/// One word test: exact or prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordTest {
    /// Lower-case word or prefix.
    pub text: String,
    /// True for `word*`.
    pub prefix: bool,
}

impl WordTest {
    /// True if the token's key passes the test.
    pub fn accepts(&self, key: &str) -> bool {
        if self.prefix { key.starts_with(&self.text) } else { key == self.text }
    }
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// One of several alternatives: words (`meet|meets|met`, `warn*`) and synsets (`&SANCTIONS`,
    /// indices into [`crate::Dictionaries::synsets`]), as in `&CIVILIANS|refugees`.
    Choice {
        /// Single-word alternatives.
        words: Vec<WordTest>,
        /// Synset alternatives (their members may be phrases).
        synsets: Vec<u32>,
    },
    /// Zero to [`MAX_GAP`] words.
    Gap,
    /// The target actor slot `+`.
    Target,
    /// The source actor slot `$`.
    Source,
}

/// A named word class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    /// Name with its `&`.
    pub name: String,
    /// Members, tokenised.
    pub members: Vec<Vec<String>>,
}

/// A compiled event pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The CAMEO code it codes.
    pub code: CameoCode,
    /// The pattern as written.
    pub text: String,
    /// The elements.
    pub elements: Vec<Element>,
    /// Index of the anchor element (the first word or synset).
    pub anchor: usize,
    /// Where it is defined.
    pub entry: EntryRef,
    /// What each event it codes names as its rule (made once: events share its text).
    pub rule: RuleRef,
    /// Example sentences; each must code to `code` between the actors it names.
    pub examples: Vec<Example>,
    /// The code of the event the target does back to the source (`reciprocal 033`: "X left for Y" is
    /// X→Y 032 and Y→X 033), if the pattern has one.
    pub reciprocal: Option<CameoCode>,
}

impl Pattern {
    /// How specific the pattern is: its number of elements (a gap counts: it makes the pattern a
    /// phrase). More specific patterns win; ties go to the longer code.
    pub fn specificity(&self) -> usize {
        self.elements.len()
    }
}

/// Parses `synsets.txt`.
pub fn parse_synsets(file: &str, blocks: &[Block], errors: &mut Vec<DictError>) -> Vec<Synset> {
    let mut synsets: Vec<Synset> = Vec::new();
    for block in blocks {
        let name = block.head.clone();
        let valid = name.len() > 1
            && name.starts_with('&')
            && name[1..].bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            errors.push(DictError::new(
                file,
                block.line,
                format!("synset name must be & followed by capitals, found {name:?}"),
            ));
            continue;
        }
        if synsets.iter().any(|s| s.name == name) {
            errors.push(DictError::new(file, block.line, format!("synset {name} is defined twice")));
            continue;
        }
        let mut members: Vec<String> = split_list(&block.rest);
        for attr in &block.attrs {
            match attr.key.as_str() {
                "note" | "source" => {}
                "words" => members.extend(split_list(&attr.value)),
                other => errors.push(DictError::new(
                    file,
                    attr.line,
                    format!("unknown attribute {other:?} (expected words, note)"),
                )),
            }
        }
        let members: Vec<Vec<String>> = members
            .iter()
            .filter_map(|m| PhraseKey::of(m))
            .map(|p| p.key.split(' ').map(str::to_string).collect())
            .collect();
        if members.is_empty() {
            errors.push(DictError::new(file, block.line, format!("synset {name} has no members")));
        }
        synsets.push(Synset { name, members });
    }
    synsets
}

/// Parses one `verbs/*.txt` file.
pub fn parse_patterns(
    file: &str,
    blocks: &[Block],
    synsets: &[Synset],
    taxonomy: &Taxonomy,
    codebook: &Codebook,
    errors: &mut Vec<DictError>,
) -> Vec<Pattern> {
    let synset_index: HashMap<&str, u32> =
        synsets.iter().enumerate().map(|(i, s)| (s.name.as_str(), i as u32)).collect();
    let mut patterns = Vec::new();
    for block in blocks {
        let Some(code) = codebook.event_code(&block.head, taxonomy) else {
            errors.push(DictError::new(
                file,
                block.line,
                format!("{:?} is not a CAMEO event code in the codebook (nor in codebook.txt)", block.head),
            ));
            continue;
        };
        let elements = match parse_elements(&block.rest, &synset_index) {
            Ok(elements) => elements,
            Err(message) => {
                errors.push(DictError::new(file, block.line, message));
                continue;
            }
        };
        let Some(anchor) = elements.iter().position(|e| matches!(e, Element::Choice { .. })) else {
            errors.push(DictError::new(file, block.line, "pattern needs at least one word"));
            continue;
        };
        let mut examples = Vec::new();
        let mut written = 0;
        let mut reciprocal = None;
        for attr in &block.attrs {
            match attr.key.as_str() {
                "example" => {
                    written += 1;
                    match Example::parse(attr.line, &attr.value) {
                        Ok(example) if example.actors.is_none() && !codebook.examples_optional => {
                            errors.push(DictError::new(
                                file,
                                attr.line,
                                "example without its actors: end it with `=> SOURCE TARGET` (`-` for no target)",
                            ))
                        }
                        Ok(example) => examples.push(example),
                        Err(message) => errors.push(DictError::new(file, attr.line, message)),
                    }
                }
                "reciprocal" => match codebook.event_code(&attr.value, taxonomy) {
                    Some(code) => reciprocal = Some(code),
                    None => errors.push(DictError::new(
                        file,
                        attr.line,
                        format!("reciprocal {:?} is not an event code in the codebook", attr.value),
                    )),
                },
                "note" | "source" => {}
                other => errors.push(DictError::new(
                    file,
                    attr.line,
                    format!("unknown attribute {other:?} (expected example, reciprocal, note)"),
                )),
            }
        }
        if written == 0 && !codebook.examples_optional {
            errors.push(DictError::new(file, block.line, format!("pattern `{}` has no example sentence", block.rest)));
        }
        let entry = EntryRef { file: file.into(), line: block.line };
        let rule = RuleRef { id: entry.to_string().into(), pattern: block.rest.as_str().into() };
        patterns.push(Pattern { code, text: block.rest.clone(), elements, anchor, entry, rule, examples, reciprocal });
    }
    patterns
}

fn parse_elements(pattern: &str, synsets: &HashMap<&str, u32>) -> Result<Vec<Element>, String> {
    let mut elements = Vec::new();
    for item in pattern.split_whitespace() {
        let element = match item {
            ".." => Element::Gap,
            "+" => Element::Target,
            "$" => Element::Source,
            _ => {
                let mut words = Vec::new();
                let mut sets = Vec::new();
                for alternative in item.split('|').filter(|a| !a.is_empty()) {
                    if alternative.starts_with('&') {
                        sets.push(*synsets.get(alternative).ok_or_else(|| format!("unknown synset {alternative}"))?);
                        continue;
                    }
                    let (text, prefix) = match alternative.strip_suffix('*') {
                        Some(stem) => (stem, true),
                        None => (alternative, false),
                    };
                    if text.is_empty() {
                        return Err(format!("empty word in {item:?}"));
                    }
                    let mut key = String::new();
                    push_key(&mut key, text);
                    words.push(WordTest { text: key, prefix });
                }
                if words.is_empty() && sets.is_empty() {
                    return Err(format!("empty element {item:?}"));
                }
                Element::Choice { words, synsets: sets }
            }
        };
        elements.push(element);
    }
    if elements.first() == Some(&Element::Gap) || elements.last() == Some(&Element::Gap) {
        return Err("a pattern may not start or end with `..`".to_string());
    }
    if elements.iter().filter(|e| **e == Element::Target).count() > 1
        || elements.iter().filter(|e| **e == Element::Source).count() > 1
    {
        return Err("a pattern has at most one `+` and one `$`".to_string());
    }
    Ok(elements)
}

/// Lists of phrases keyed by a header word (`SAY`, `ACCORDING`, `SENTENCE`, `ARTICLE`).
pub fn parse_phrase_lists(
    file: &str,
    blocks: &[Block],
    allowed: &[&str],
    errors: &mut Vec<DictError>,
) -> HashMap<String, Vec<String>> {
    let mut lists: HashMap<String, Vec<String>> = HashMap::new();
    for block in blocks {
        if !allowed.contains(&block.head.as_str()) {
            errors.push(DictError::new(
                file,
                block.line,
                format!("unknown list {:?} (expected one of {})", block.head, allowed.join(", ")),
            ));
            continue;
        }
        let list = lists.entry(block.head.clone()).or_default();
        list.extend(split_list(&block.rest));
        for attr in &block.attrs {
            match attr.key.as_str() {
                "words" => list.extend(split_list(&attr.value)),
                "note" | "source" => {}
                other => errors.push(DictError::new(file, attr.line, format!("unknown attribute {other:?}"))),
            }
        }
    }
    lists
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_blocks;

    #[test]
    fn parses_patterns_with_every_element() {
        let taxonomy = Taxonomy::standard();
        let (blocks, _) = parse_blocks("synsets.txt", "&SANCTIONS  sanction*; sanctions; restrictive measures\n");
        let mut errors = Vec::new();
        let synsets = parse_synsets("synsets.txt", &blocks, &mut errors);
        assert_eq!(synsets[0].members[2], vec!["restrictive", "measures"]);
        let text = "1312 warn* + that .. &SANCTIONS\n    example NATO warned Russia that it would face sanctions. => IGOWSTNAT RUS\n040  $ meet|met with +\n    example Putin met with Macron. => RUS FRA\n";
        let (blocks, _) = parse_blocks("verbs/13.txt", text);
        let patterns = parse_patterns("verbs/13.txt", &blocks, &synsets, &taxonomy, &Codebook::default(), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(patterns[0].elements.len(), 5);
        assert_eq!(patterns[0].anchor, 0);
        assert_eq!(patterns[1].anchor, 1);
        assert_eq!(patterns[0].specificity(), 5);
        assert!(
            matches!(&patterns[1].elements[1], Element::Choice { words, .. } if words.len() == 2 && !words[0].prefix)
        );
    }

    #[test]
    fn rejects_bad_patterns_with_their_lines() {
        let taxonomy = Taxonomy::standard();
        let text = "999 warn*\n    example x => RUS -\n130 warn* &NOPE\n    example x => RUS -\n130 ..\n130 warn*\n";
        let (blocks, _) = parse_blocks("verbs/13.txt", text);
        let mut errors = Vec::new();
        parse_patterns("verbs/13.txt", &blocks, &[], &taxonomy, &Codebook::default(), &mut errors);
        let lines: Vec<u32> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 3, 5, 6], "{errors:?}");
    }

    #[test]
    fn examples_name_their_actors_after_an_arrow() {
        let plain = Example::parse(3, " Putin met Macron. ").unwrap();
        assert_eq!((plain.line, plain.text.as_str(), plain.actors), (3, "Putin met Macron.", None));
        let both = Example::parse(4, "Putin met Macron. => RUS FRA").unwrap();
        assert_eq!(both.text, "Putin met Macron.");
        assert_eq!(both.actors, Some(("RUS".to_string(), Some("FRA".to_string()))));
        let alone = Example::parse(5, "Russia mobilised its reserves. =>  RUS -").unwrap();
        assert_eq!(alone.actors, Some(("RUS".to_string(), None)));
        for bad in ["x => RUS", "x => rus FRA", "x => RUS FRA UKR", "x =>"] {
            let err = Example::parse(6, bad).unwrap_err();
            assert!(err.contains("expected `=> SOURCE TARGET`"), "{bad}: {err}");
        }
    }

    #[test]
    fn codebook_codes_reciprocals_and_optional_examples() {
        let taxonomy = Taxonomy::standard();
        let (blocks, _) = parse_blocks("codebook.txt", "event 903 x\noption examples-optional\n");
        let mut errors = Vec::new();
        let codebook = crate::codebook::parse_codebook("codebook.txt", &blocks, &mut errors);
        let text = "903 abandon\n032 leave|left for +\n    reciprocal 033\n904 x\n032 go\n    reciprocal 999\n";
        let (blocks, _) = parse_blocks("verbs/x.txt", text);
        let patterns = parse_patterns("verbs/x.txt", &blocks, &[], &taxonomy, &codebook, &mut errors);
        assert_eq!(patterns[0].code.as_str(), "903");
        assert_eq!(patterns[1].reciprocal.as_ref().map(|c| c.as_str()), Some("033"));
        let lines: Vec<u32> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![4, 6], "{errors:?}");
    }
}
