//! The trained model and what it gives a sentence: tags, lemmas, heads and relations.

use std::borrow::Cow;

use redline_model::Span;

use crate::features::Lex;
use crate::format::{self, ModelError, Parts};
use crate::lemma::Lemmatizer;
use crate::parser::system::Config;
use crate::parser::{Parser, Words};
use crate::perceptron::KeyMap;
use crate::tagger::Tagger;
use crate::words::{Word, words_into};

/// Sentences longer than this many words are analysed in pieces of this size, each with its own root (the
/// parser's node numbers are `u16`, and no real sentence comes near).
pub const MAX_WORDS: usize = 1024;

/// A part-of-speech tag: an index into the model's tag inventory (one per UPOS and XPOS pair).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(pub u16);

/// A dependency relation: an index into the model's relation inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Relation(pub u16);

/// The tagger, parser (with the relation of each arc) and lemmatiser of one language, loaded once and shared
/// across threads.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    header: Vec<(String, String)>,
    tags: Vec<(String, String)>,
    relations: Vec<String>,
    punct: Vec<bool>,
    coarse: Vec<u16>,
    pub(crate) tagger: Tagger,
    pub(crate) parser: Parser,
    pub(crate) lemmas: Lemmatizer,
    pub(crate) clusters: KeyMap<u16>,
}

impl Model {
    /// Reads a model file's bytes; a truncated, corrupt or mismatched file is refused with the reason.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let parts = format::read(bytes)?;
        let value = |key: &str| parts.header.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let tags: Vec<(String, String)> = value("tags")
            .ok_or_else(|| ModelError::Corrupt("the header has no tag inventory".into()))?
            .split(' ')
            .map(|pair| {
                let (upos, xpos) = pair.split_once('/').unwrap_or((pair, "_"));
                (upos.to_string(), xpos.to_string())
            })
            .collect();
        let relations: Vec<String> = value("relations")
            .ok_or_else(|| ModelError::Corrupt("the header has no relation inventory".into()))?
            .split(' ')
            .map(str::to_string)
            .collect();
        if tags.len() != parts.tagger.table.classes() {
            return Err(ModelError::Corrupt(format!(
                "{} tags in the header, {} in the tagger",
                tags.len(),
                parts.tagger.table.classes()
            )));
        }
        if relations.len() != parts.parser.labels.classes() {
            return Err(ModelError::Corrupt(format!(
                "{} relations in the header, {} in the parser",
                relations.len(),
                parts.parser.labels.classes()
            )));
        }
        Ok(Model::assemble(parts, tags, relations))
    }

    /// A model from its trained parts and inventories.
    pub(crate) fn assemble(parts: Parts, tags: Vec<(String, String)>, relations: Vec<String>) -> Model {
        let punct = tags.iter().map(|(upos, _)| upos == "PUNCT").collect();
        let coarse = tags.iter().map(|(upos, _)| coarse_tag(upos)).collect();
        Model {
            coarse,
            header: parts.header,
            tags,
            relations,
            punct,
            tagger: parts.tagger,
            parser: parts.parser,
            lemmas: parts.lemmas,
            clusters: parts.clusters,
        }
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        format::write(&Parts {
            header: self.header.clone(),
            tagger: self.tagger.clone(),
            parser: self.parser.clone(),
            lemmas: self.lemmas.clone(),
            clusters: self.clusters.clone(),
        })
    }

    /// The header's `key`/value lines: tag and relation inventories, training data hash, settings, scores.
    pub fn header(&self) -> &[(String, String)] {
        &self.header
    }

    /// The header value of `key`.
    pub fn header_value(&self, key: &str) -> Option<&str> {
        self.header.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Sizes of the model's parts, for people: features and weights kept per table, words known.
    pub fn sizes(&self) -> String {
        format!(
            "tagger {} features ({} weights), {} dictionary words; parser {} move features, {} relation features ({} weights); {} clustered words; {} lemma exceptions, {} lemma rules",
            self.tagger.table.len(),
            self.tagger.table.weights(),
            self.tagger.dictionary.len(),
            self.parser.table.len(),
            self.parser.labels.len(),
            self.parser.labels.weights(),
            self.clusters.len(),
            self.lemmas.exceptions.len(),
            self.lemmas.rules.len()
        )
    }

    /// Number of tags.
    pub fn tag_count(&self) -> usize {
        self.tags.len()
    }

    /// The universal part-of-speech tag of `tag` (`NOUN`).
    pub fn upos(&self, tag: Tag) -> &str {
        self.tags.get(tag.0 as usize).map_or("X", |(u, _)| u)
    }

    /// The Penn Treebank tag of `tag` (`NNS`).
    pub fn xpos(&self, tag: Tag) -> &str {
        self.tags.get(tag.0 as usize).map_or("_", |(_, x)| x)
    }

    /// The tag of a UPOS and XPOS pair, if the model has it.
    pub fn tag(&self, upos: &str, xpos: &str) -> Option<Tag> {
        self.tags.iter().position(|(u, x)| u == upos && x == xpos).map(|i| Tag(i as u16))
    }

    /// The name of `relation` (`nsubj:pass`).
    pub fn relation_name(&self, relation: Relation) -> &str {
        self.relations.get(relation.0 as usize).map_or("dep", String::as_str)
    }

    /// The relation called `name`, if the model has it.
    pub fn relation(&self, name: &str) -> Option<Relation> {
        self.relations.iter().position(|r| r == name).map(|i| Relation(i as u16))
    }

    /// Number of relations.
    pub fn relation_count(&self) -> usize {
        self.relations.len()
    }

    /// The lemma of `form` tagged `tag`.
    pub fn lemma<'a>(&self, form: &'a str, tag: Tag) -> Cow<'a, str> {
        self.lemmas.lemma(form, tag.0)
    }

    pub(crate) fn is_punct(&self, tag: u16) -> bool {
        self.punct.get(tag as usize).copied().unwrap_or(false)
    }

    pub(crate) fn coarse(&self, tag: u16) -> u16 {
        self.coarse.get(tag as usize).copied().unwrap_or(0)
    }
}

/// The universal part-of-speech tags, in the order of the UD guidelines.
const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ",
    "SYM", "VERB", "X",
];

/// The index of a UPOS name (unknown names share one index).
pub(crate) fn coarse_tag(upos: &str) -> u16 {
    UPOS.iter().position(|&u| u == upos).unwrap_or(UPOS.len()) as u16
}

/// The analysis of one sentence: for word `i` (0-based), its tag, its head (1-based word number, 0 for the
/// root) and its relation to the head.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Tag of each word.
    pub tags: Vec<Tag>,
    /// Head of each word: 0 for the root, otherwise the 1-based number of the head word.
    pub heads: Vec<u16>,
    /// Relation of each word to its head.
    pub relations: Vec<Relation>,
}

impl Analysis {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    /// True for a sentence with no words.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }
}

/// Analyses sentences with one model, reusing its buffers from sentence to sentence (one per thread).
#[derive(Debug)]
pub struct Analyser<'m> {
    model: &'m Model,
    lex: Vec<Lex>,
    tags: Vec<u16>,
    alternatives: Vec<u16>,
    words: Words,
    config: Config,
    spans: Vec<Word>,
    verbs: VerbTags,
}

/// The tag classes the finite-verb check reads (see [`VerbTags::repair`]).
#[derive(Debug, Default)]
struct VerbTags {
    /// Per tag: a finite verb or modal (VBD, VBZ, VBP, MD).
    finite: Vec<bool>,
    /// Per tag: a past participle (VBN).
    participle: Vec<bool>,
    /// Per tag: a word that can open a direct object (a determiner, noun, pronoun, number or adjective).
    object: Vec<bool>,
    /// The past-tense verb tag (VERB/VBD).
    past: Option<u16>,
}

impl VerbTags {
    fn new(model: &Model) -> VerbTags {
        let mut verbs = VerbTags { past: model.tag("VERB", "VBD").map(|t| t.0), ..VerbTags::default() };
        for (upos, xpos) in &model.tags {
            verbs.finite.push(matches!(xpos.as_str(), "VBD" | "VBZ" | "VBP" | "MD"));
            verbs.participle.push(xpos == "VBN");
            verbs.object.push(matches!(upos.as_str(), "DET" | "NOUN" | "PROPN" | "PRON" | "NUM" | "ADJ"));
        }
        verbs
    }

    /// A sentence has a finite verb: when the tagger found none, a past participle followed by what can only be
    /// its object is the past tense ("Russian troops stormed Mariupol", not "troops [who were] stormed").
    fn repair(&self, tags: &mut [u16], alternatives: &mut [u16]) {
        let class = |table: &[bool], t: u16| table.get(t as usize).copied().unwrap_or(false);
        let Some(past) = self.past else { return };
        if tags.iter().any(|&t| class(&self.finite, t)) {
            return;
        }
        // The tagger's close second choice, where it is a finite verb ("spoke" read as a noun).
        if let Some(i) =
            (1..tags.len()).find(|&i| alternatives[i] != crate::tagger::SURE && class(&self.finite, alternatives[i]))
        {
            tags[i] = alternatives[i];
            alternatives[i] = crate::tagger::SURE;
            return;
        }
        if let Some(i) = (0..tags.len().saturating_sub(1))
            .find(|&i| i > 0 && class(&self.participle, tags[i]) && class(&self.object, tags[i + 1]))
        {
            tags[i] = past;
            alternatives[i] = crate::tagger::SURE;
        }
    }
}

impl<'m> Analyser<'m> {
    /// An analyser of `model`.
    pub fn new(model: &'m Model) -> Analyser<'m> {
        Analyser {
            model,
            lex: Vec::new(),
            tags: Vec::new(),
            alternatives: Vec::new(),
            words: Words::default(),
            config: Config::default(),
            spans: Vec::new(),
            verbs: VerbTags::new(model),
        }
    }

    /// Tags and parses a sentence given as words.
    pub fn analyse<'s>(&mut self, forms: impl IntoIterator<Item = &'s str>, out: &mut Analysis) {
        self.lex.clear();
        let clusters = &self.model.clusters;
        self.lex.extend(forms.into_iter().map(|f| Lex::new(f).cluster(clusters)));
        self.run(out);
    }

    /// Splits `text` inside `sentence` into words (appended to `words`, spans into `text`), then tags and
    /// parses them.
    pub fn analyse_text(&mut self, text: &str, sentence: Span, words: &mut Vec<Word>, out: &mut Analysis) {
        self.split(text, sentence, words);
        self.run(out);
    }

    /// Splits the sentence into words (kept in `spans`, appended to `words`) and reads them.
    fn split(&mut self, text: &str, sentence: Span, words: &mut Vec<Word>) {
        self.spans.clear();
        words_into(text, sentence, &mut self.spans);
        self.lex.clear();
        let clusters = &self.model.clusters;
        self.lex.extend(self.spans.iter().map(|w| Lex::new(&text[w.span.range()]).cluster(clusters)));
        words.extend_from_slice(&self.spans);
    }

    /// [`Analyser::analyse_text`] for news, with what the caller knows better than the tagger: `fix(word, tag)`
    /// may replace the tag predicted for a word (a name the caller's dictionaries know is a proper noun, wherever
    /// it stands), and a sentence without a finite verb gets one where a past participle takes an object
    /// ("Russian troops stormed Mariupol"). Treebank scores are measured without either.
    pub fn analyse_text_with(
        &mut self,
        text: &str,
        sentence: Span,
        words: &mut Vec<Word>,
        out: &mut Analysis,
        fix: &mut dyn FnMut(&Word, Tag) -> Option<Tag>,
    ) {
        self.split(text, sentence, words);
        let spans = std::mem::take(&mut self.spans);
        self.run_with(out, true, &mut |i, tag| fix(&spans[i], tag));
        self.spans = spans;
    }

    fn run(&mut self, out: &mut Analysis) {
        self.run_with(out, false, &mut |_, _| None);
    }

    fn run_with(&mut self, out: &mut Analysis, news: bool, fix: &mut dyn FnMut(usize, Tag) -> Option<Tag>) {
        out.tags.clear();
        out.heads.clear();
        out.relations.clear();
        let model = self.model;
        let lex = std::mem::take(&mut self.lex);
        for (index, piece) in lex.chunks(MAX_WORDS).enumerate() {
            let offset = (index * MAX_WORDS) as u16;
            model.tagger.tag(piece, &mut self.tags, &mut self.alternatives);
            if news {
                self.verbs.repair(&mut self.tags, &mut self.alternatives);
            }
            for (i, (tag, alternative)) in self.tags.iter_mut().zip(&mut self.alternatives).enumerate() {
                if let Some(fixed) = fix(index * MAX_WORDS + i, Tag(*tag)).filter(|f| (f.0 as usize) < model.tags.len())
                {
                    *tag = fixed.0;
                    *alternative = crate::tagger::SURE;
                }
            }
            self.words.fill(piece, &self.tags, &self.alternatives, |t| model.is_punct(t), |t| model.coarse(t));
            model.parser.parse(&self.words, &mut self.config);
            out.tags.extend(self.tags.iter().map(|&t| Tag(t)));
            out.heads.extend(self.config.heads[1..].iter().map(|&h| if h == 0 { 0 } else { h + offset }));
            out.relations.extend(self.config.labels[1..].iter().map(|&l| Relation(l)));
        }
        self.lex = lex;
    }
}
