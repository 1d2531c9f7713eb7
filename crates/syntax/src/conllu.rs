//! CoNLL-U: reading and writing sentences of a Universal Dependencies treebank, losslessly.
//!
//! A sentence keeps every line it was read from in order — comments, words, multiword-token ranges
//! (`19-20 don't`) and empty nodes (`8.1`) — so that writing it back gives the same text. Only word lines are
//! parsed into fields; the tagger and parser read and overwrite those fields.

use std::fmt::{self, Write as _};

use crate::model::{Analysis, Model};
use crate::words::Word;

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence's lines in file order.
    pub lines: Vec<Line>,
    /// The words (lines whose id is a plain integer), in order: `words[i]` has id `i + 1`.
    pub words: Vec<WordLine>,
}

/// A line of a sentence that is not a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A comment, with its `#`.
    Comment(String),
    /// The word `words[index]`.
    Word(usize),
    /// A multiword token covering words `first..=last` (1-based ids), with its surface form and the rest of its
    /// columns as read (`_` in most files).
    Multiword {
        /// Id of the first word.
        first: usize,
        /// Id of the last word.
        last: usize,
        /// The token as written in the text (`don't`).
        form: String,
        /// Columns 3–10 as read, tab-separated.
        rest: String,
    },
    /// An empty node of the enhanced graph (`8.1`), kept verbatim.
    Empty(String),
}

/// The ten columns of a word line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordLine {
    /// Column 2: the word form.
    pub form: String,
    /// Column 3: the lemma (`_` when unknown).
    pub lemma: String,
    /// Column 4: the universal part-of-speech tag.
    pub upos: String,
    /// Column 5: the language-specific tag (Penn Treebank tags in English).
    pub xpos: String,
    /// Column 6: morphological features.
    pub feats: String,
    /// Column 7: the head's id (0 for the root), or `None` for `_`.
    pub head: Option<usize>,
    /// Column 8: the relation to the head (`nsubj:pass`).
    pub deprel: String,
    /// Column 9: the enhanced dependencies.
    pub deps: String,
    /// Column 10: anything else (`SpaceAfter=No`).
    pub misc: String,
}

impl WordLine {
    /// A word with only its form known: every other column `_`.
    pub fn from_form(form: &str) -> WordLine {
        let blank = || "_".to_string();
        WordLine {
            form: form.to_string(),
            lemma: blank(),
            upos: blank(),
            xpos: blank(),
            feats: blank(),
            head: None,
            deprel: blank(),
            deps: blank(),
            misc: blank(),
        }
    }

    /// The universal part of the relation (`nsubj` of `nsubj:pass`).
    pub fn universal_deprel(&self) -> &str {
        universal(&self.deprel)
    }

    /// True when column 10 says no space follows the word.
    pub fn space_after_no(&self) -> bool {
        self.misc.split('|').any(|item| item == "SpaceAfter=No")
    }
}

/// The universal part of a relation label: the text before the first `:`.
pub fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

impl Sentence {
    /// A sentence of the given word forms (every other column `_`), with no comments.
    pub fn from_forms<'a>(forms: impl IntoIterator<Item = &'a str>) -> Sentence {
        let words: Vec<WordLine> = forms.into_iter().map(WordLine::from_form).collect();
        Sentence { lines: (0..words.len()).map(Line::Word).collect(), words }
    }

    /// The `# text = …` comment, if the sentence has one.
    pub fn text(&self) -> Option<&str> {
        self.comment_value("text")
    }

    /// The `# sent_id = …` comment, if the sentence has one.
    pub fn id(&self) -> Option<&str> {
        self.comment_value("sent_id")
    }

    fn comment_value(&self, key: &str) -> Option<&str> {
        self.lines.iter().find_map(|line| match line {
            Line::Comment(text) => {
                let rest = text.strip_prefix('#')?.trim_start().strip_prefix(key)?;
                Some(rest.trim_start().strip_prefix('=')?.trim())
            }
            _ => None,
        })
    }

    /// True when no two arcs cross (every head is known and the tree is projective).
    pub fn is_projective(&self) -> bool {
        match self.heads() {
            Some(heads) => crate::tree::is_projective(&heads),
            None => false,
        }
    }

    /// Every word's head (0 for the root), or `None` when a head is missing or out of range.
    pub fn heads(&self) -> Option<Vec<usize>> {
        self.words.iter().map(|w| w.head.filter(|&h| h <= self.words.len())).collect()
    }
}

impl fmt::Display for Sentence {
    /// The sentence as CoNLL-U lines, each ending in a newline, followed by the blank line that ends a sentence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            match line {
                Line::Comment(text) | Line::Empty(text) => f.write_str(text)?,
                Line::Multiword { first, last, form, rest } => write!(f, "{first}-{last}\t{form}\t{rest}")?,
                Line::Word(index) => {
                    let Some(word) = self.words.get(*index) else { continue };
                    let head = word.head.map_or_else(|| "_".to_string(), |h| h.to_string());
                    write!(
                        f,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        index + 1,
                        word.form,
                        word.lemma,
                        word.upos,
                        word.xpos,
                        word.feats,
                        head,
                        word.deprel,
                        word.deps,
                        word.misc
                    )?;
                }
            }
            f.write_char('\n')?;
        }
        f.write_char('\n')
    }
}

impl Sentence {
    /// A sentence from words found in `text` and their analysis: comments `# sent_id` and `# text`, a
    /// multiword-token line for each token split into fused words (`don't` → `do` `n't`), `SpaceAfter=No` where
    /// no space follows, and `TokenRange=START:END` (byte offsets into `text`) on every word.
    pub fn from_analysis(id: &str, text: &str, words: &[Word], analysis: &Analysis, model: &Model) -> Sentence {
        let sentence_text = match (words.first(), words.last()) {
            (Some(first), Some(last)) => {
                text[first.span.start as usize..last.span.end as usize].replace(['\n', '\r'], " ")
            }
            _ => String::new(),
        };
        let mut sentence = Sentence {
            lines: vec![Line::Comment(format!("# sent_id = {id}")), Line::Comment(format!("# text = {sentence_text}"))],
            words: Vec::with_capacity(words.len()),
        };
        let mut i = 0;
        while i < words.len() {
            // A run of fused words is one token.
            let last = (i..words.len()).find(|&j| !words[j].fused).unwrap_or(words.len() - 1);
            if last > i {
                let span = redline_model::Span::new(words[i].span.start as usize, words[last].span.end as usize);
                let misc = space_after(span.end, words.get(last + 1)).unwrap_or("_").to_string();
                sentence.lines.push(Line::Multiword {
                    first: i + 1,
                    last: last + 1,
                    form: span.slice(text).to_string(),
                    rest: format!("_\t_\t_\t_\t_\t_\t_\t_\t{misc}"),
                });
            }
            for k in i..=last {
                let word = words[k];
                let form = word.span.slice(text).to_string();
                let range = format!("TokenRange={}:{}", word.span.start, word.span.end);
                // The words of a multiword token say nothing of spaces: its token line does.
                let misc = match space_after(word.span.end, words.get(k + 1)).filter(|_| last == i) {
                    Some(no) => format!("{no}|{range}"),
                    None => range,
                };
                sentence.lines.push(Line::Word(sentence.words.len()));
                sentence.words.push(analysed(form, k, analysis, model, misc));
            }
            i = last + 1;
        }
        sentence
    }

    /// The sentence for people: its text, a table (number, word, UPOS, XPOS, lemma, head, relation) and the tree
    /// drawn from the root.
    pub fn table(&self) -> String {
        let sentence = self;
        let mut out = String::new();
        if let Some(text) = sentence.text() {
            let _ = writeln!(out, "# {text}");
        }
        let width = sentence.words.iter().map(|w| w.form.chars().count()).max().unwrap_or(4).clamp(4, 24);
        let _ = writeln!(
            out,
            "{:>4}  {:<width$}  {:<6} {:<5} {:<width$}  {:>4}  relation",
            "#", "word", "upos", "xpos", "lemma", "head"
        );
        for (i, w) in sentence.words.iter().enumerate() {
            let head = w.head.map_or("_".to_string(), |h| h.to_string());
            let _ = writeln!(
                out,
                "{:>4}  {:<width$}  {:<6} {:<5} {:<width$}  {:>4}  {}",
                i + 1,
                w.form,
                w.upos,
                w.xpos,
                w.lemma,
                head,
                w.deprel
            );
        }
        let _ = writeln!(out);
        let children = |node: usize| -> Vec<usize> {
            sentence.words.iter().enumerate().filter(|(_, w)| w.head == Some(node)).map(|(i, _)| i + 1).collect()
        };
        // Depth first from the root's dependents; each entry holds the guide lines of its ancestors and whether it
        // is its parent's last child. A malformed tree (a cycle) cannot loop: each word is drawn once.
        let mut stack: Vec<(usize, String, Option<bool>)> =
            children(0).into_iter().rev().map(|n| (n, String::new(), None)).collect();
        let mut drawn = vec![false; sentence.words.len() + 1];
        while let Some((node, prefix, last)) = stack.pop() {
            if std::mem::replace(&mut drawn[node], true) {
                continue;
            }
            let w = &sentence.words[node - 1];
            let (branch, below) = match last {
                None => ("", ""),
                Some(true) => ("└─ ", "   "),
                Some(false) => ("├─ ", "│  "),
            };
            let _ = writeln!(out, "{prefix}{branch}{} ({node}, {} {})", w.form, w.deprel, w.upos);
            let own = children(node);
            let inner = format!("{prefix}{below}");
            for (k, &child) in own.iter().enumerate().rev() {
                stack.push((child, inner.clone(), Some(k + 1 == own.len())));
            }
        }
        let _ = writeln!(out);
        out
    }

    /// Overwrites the tags, lemmas, heads and relations of the sentence's words with `analysis` (of the same
    /// words); features, enhanced dependencies and MISC stay as they were.
    pub fn set_analysis(&mut self, analysis: &Analysis, model: &Model) {
        for (k, word) in self.words.iter_mut().enumerate() {
            let analysed = analysed(word.form.clone(), k, analysis, model, String::new());
            word.lemma = analysed.lemma;
            word.upos = analysed.upos;
            word.xpos = analysed.xpos;
            word.head = analysed.head;
            word.deprel = analysed.deprel;
        }
    }
}

/// `SpaceAfter=No` when the next word starts where a word or token ends.
fn space_after(end: u32, next: Option<&Word>) -> Option<&'static str> {
    next.filter(|w| w.span.start == end).map(|_| "SpaceAfter=No")
}

fn analysed(form: String, k: usize, analysis: &Analysis, model: &Model, misc: String) -> WordLine {
    let tag = analysis.tags.get(k).copied().unwrap_or(crate::Tag(0));
    WordLine {
        lemma: model.lemma(&form, tag).into_owned(),
        upos: model.upos(tag).to_string(),
        xpos: model.xpos(tag).to_string(),
        feats: "_".to_string(),
        head: analysis.heads.get(k).map(|&h| h as usize),
        deprel: analysis.relations.get(k).map_or("dep", |&r| model.relation_name(r)).to_string(),
        deps: "_".to_string(),
        misc: if misc.is_empty() { "_".to_string() } else { misc },
        form,
    }
}

/// A line that is not valid CoNLL-U.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ConlluError {
    /// 1-based line number in the input.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// Reads every sentence of a CoNLL-U text. A sentence with a bad line is left out and its error reported; the
/// rest of the file is still read.
pub fn read(text: &str) -> (Vec<Sentence>, Vec<ConlluError>) {
    let mut sentences = Vec::new();
    let mut errors = Vec::new();
    let mut current = Sentence::default();
    let mut broken = false;
    for (index, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let number = index + 1;
        if line.trim().is_empty() {
            if !current.lines.is_empty() && !broken {
                match check_sentence(&current) {
                    Ok(()) => sentences.push(std::mem::take(&mut current)),
                    Err(message) => errors.push(ConlluError { line: number, message }),
                }
            }
            current = Sentence::default();
            broken = false;
            continue;
        }
        if broken {
            continue;
        }
        if let Err(message) = read_line(line, &mut current) {
            errors.push(ConlluError { line: number, message });
            broken = true;
        }
    }
    if !current.lines.is_empty() && !broken {
        match check_sentence(&current) {
            Ok(()) => sentences.push(current),
            Err(message) => errors.push(ConlluError { line: text.split('\n').count(), message }),
        }
    }
    (sentences, errors)
}

/// Writes sentences as CoNLL-U.
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for sentence in sentences {
        let _ = write!(out, "{sentence}");
    }
    out
}

fn read_line(line: &str, sentence: &mut Sentence) -> Result<(), String> {
    if line.starts_with('#') {
        sentence.lines.push(Line::Comment(line.to_string()));
        return Ok(());
    }
    let columns: Vec<&str> = line.split('\t').collect();
    if columns.len() != 10 {
        return Err(format!("expected 10 tab-separated columns, found {}", columns.len()));
    }
    let id = columns[0];
    if id.contains('.') {
        sentence.lines.push(Line::Empty(line.to_string()));
        return Ok(());
    }
    if let Some((first, last)) = id.split_once('-') {
        let (Ok(first), Ok(last)) = (first.parse::<usize>(), last.parse::<usize>()) else {
            return Err(format!("bad multiword token range {id:?}"));
        };
        if first == 0 || last < first {
            return Err(format!("bad multiword token range {id:?}"));
        }
        let rest = columns[2..].join("\t");
        sentence.lines.push(Line::Multiword { first, last, form: columns[1].to_string(), rest });
        return Ok(());
    }
    let Ok(number) = id.parse::<usize>() else {
        return Err(format!("bad word id {id:?}"));
    };
    if number != sentence.words.len() + 1 {
        return Err(format!("word id {number} out of sequence (expected {})", sentence.words.len() + 1));
    }
    let head = match columns[6] {
        "_" => None,
        text => Some(text.parse::<usize>().map_err(|_| format!("bad head {text:?} (expected a word id or _)"))?),
    };
    if columns[1].is_empty() {
        return Err("empty word form".to_string());
    }
    sentence.words.push(WordLine {
        form: columns[1].to_string(),
        lemma: columns[2].to_string(),
        upos: columns[3].to_string(),
        xpos: columns[4].to_string(),
        feats: columns[5].to_string(),
        head,
        deprel: columns[7].to_string(),
        deps: columns[8].to_string(),
        misc: columns[9].to_string(),
    });
    sentence.lines.push(Line::Word(sentence.words.len() - 1));
    Ok(())
}

/// Whole-sentence checks: heads point at words of the sentence, ranges cover words it has.
fn check_sentence(sentence: &Sentence) -> Result<(), String> {
    let count = sentence.words.len();
    for (index, word) in sentence.words.iter().enumerate() {
        if let Some(head) = word.head {
            if head > count {
                return Err(format!("word {} has head {head}, but the sentence has {count} words", index + 1));
            }
            if head == index + 1 {
                return Err(format!("word {} is its own head", index + 1));
            }
        }
    }
    for line in &sentence.lines {
        if let Line::Multiword { first, last, .. } = line
            && *last > count
        {
            return Err(format!("multiword token {first}-{last} reaches past the sentence's {count} words"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n\
# text = Russia's troops don't leave.\n\
1-2\tRussia's\t_\t_\t_\t_\t_\t_\t_\t_\n\
1\tRussia\tRussia\tPROPN\tNNP\tNumber=Sing\t3\tnmod:poss\t3:nmod:poss\t_\n\
2\t's\t's\tPART\tPOS\t_\t1\tcase\t1:case\t_\n\
3\ttroops\ttroop\tNOUN\tNNS\tNumber=Plur\t6\tnsubj\t6:nsubj\t_\n\
4-5\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
4\tdo\tdo\tAUX\tVBP\t_\t6\taux\t6:aux\t_\n\
5\tn't\tnot\tPART\tRB\t_\t6\tadvmod\t6:advmod\t_\n\
6\tleave\tleave\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n\
6.1\tleft\tleave\tVERB\tVBD\t_\t_\t_\t6:conj\tCopyOf=6\n\
7\t.\t.\tPUNCT\t.\t_\t6\tpunct\t6:punct\t_\n\
\n\
# sent_id = s2\n\
1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t0:root\t_\n\
\n";

    #[test]
    fn reads_and_writes_back_every_line() {
        let (sentences, errors) = read(SAMPLE);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(sentences.len(), 2);
        assert_eq!(write(&sentences), SAMPLE);
        let first = &sentences[0];
        assert_eq!(first.words.len(), 7);
        assert_eq!(first.id(), Some("s1"));
        assert_eq!(first.text(), Some("Russia's troops don't leave."));
        assert_eq!(first.words[0].universal_deprel(), "nmod");
        assert_eq!(first.heads(), Some(vec![3, 1, 6, 6, 6, 0, 6]));
        assert!(first.words[5].space_after_no());
        assert!(first.is_projective());
    }

    #[test]
    fn a_bad_sentence_is_reported_with_its_line_and_the_rest_is_read() {
        let text = "1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n2\tB\t_\t_\t_\t_\tx\tdep\t_\t_\n\n\
1\tC\t_\t_\t_\t_\t0\troot\t_\t_\n\n\
1\tD\t_\t_\n\n\
1\tE\t_\t_\t_\t_\t5\tdep\t_\t_\n\n";
        let (sentences, errors) = read(text);
        assert_eq!(sentences.len(), 1);
        assert_eq!(sentences[0].words[0].form, "C");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 6, 9]);
        assert!(errors[0].message.contains("bad head"), "{}", errors[0]);
        assert!(errors[1].message.contains("10 tab-separated columns"), "{}", errors[1]);
        assert!(errors[2].message.contains("has head 5"), "{}", errors[2]);
    }

    #[test]
    fn a_file_without_a_final_blank_line_keeps_its_last_sentence() {
        let (sentences, errors) = read("1\tA\t_\t_\t_\t_\t0\troot\t_\t_");
        assert!(errors.is_empty());
        assert_eq!(sentences.len(), 1);
        assert_eq!(Sentence::from_forms(["A"]).words[0].form, "A");
    }
}
