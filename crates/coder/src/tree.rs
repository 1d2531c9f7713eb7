//! The dependency trees event coding reads: a sentence is parsed only when a pattern matched in it and it names
//! an actor (the prefilter), once, with its words mapped to the document's tokens and actor mentions.

use std::borrow::Cow;

use redline_syntax::{Analyser, Analysis, Model, Tag, Word};

use crate::actors::Found;
use crate::doc::Doc;

const NONE: u32 = u32::MAX;

/// True for a mention that names someone: a person, country or organisation (not a pronoun or role noun).
fn is_name(found: &Found) -> bool {
    use redline_model::MentionKind;
    matches!(
        found.mention.kind,
        MentionKind::Person | MentionKind::Country | MentionKind::Organisation | MentionKind::Metonym
    )
}

/// One parsed sentence.
#[derive(Debug, Default)]
pub struct Tree {
    words: Vec<Word>,
    analysis: Analysis,
    /// For each word, the document token holding its first byte.
    token: Vec<u32>,
    /// For each document token of the sentence (from `first_token`), the word holding its first byte.
    word: Vec<u32>,
    first_token: usize,
    /// For each word, the first actor mention (in text order) covering its token, or `NONE`.
    mention: Vec<u32>,
}

impl Tree {
    /// Parses sentence `sentence` of `doc` and maps its words to tokens and `mentions`. A word inside a named
    /// actor that the tagger takes for an adverb, verb or pronoun ("Zelenskyy" opening a sentence) is parsed as
    /// the proper noun the dictionaries know it is.
    pub fn parse(
        analyser: &mut Analyser<'_>,
        model: &Model,
        doc: &Doc<'_>,
        sentence: usize,
        mentions: &[Found],
    ) -> Tree {
        let mut tree = Tree::default();
        let span = doc.sentences[sentence].span;
        let tokens = doc.sentence_tokens[sentence].clone();
        let mut by_token = vec![NONE; tokens.len()];
        for (i, m) in mentions.iter().enumerate() {
            for t in m.first.max(tokens.start)..m.end.min(tokens.end) {
                let slot = &mut by_token[t - tokens.start];
                if *slot == NONE {
                    *slot = i as u32;
                }
            }
        }
        let proper = model.tag("PROPN", "NNP");
        let mut fix = |word: &Word, tag: Tag| -> Option<Tag> {
            let token = doc.token_at_or_after(word.span.start);
            let mention = *by_token.get(token.checked_sub(tokens.start)?)?;
            let named = mention != NONE && is_name(mentions.get(mention as usize)?);
            let starts_name = named && doc.tokens.get(token)?.span.start == word.span.start;
            let unlikely = matches!(model.upos(tag), "ADV" | "VERB" | "AUX" | "PRON" | "INTJ" | "X" | "SYM" | "SCONJ");
            if starts_name && unlikely { proper } else { None }
        };
        analyser.analyse_text_with(doc.text, span, &mut tree.words, &mut tree.analysis, &mut fix);
        tree.first_token = tokens.start;
        // Both lists are in text order: walk them together.
        let mut t = tokens.start;
        for w in &tree.words {
            while t + 1 < tokens.end && doc.tokens[t + 1].span.start <= w.span.start {
                t += 1;
            }
            tree.token.push(t.min(tokens.end.saturating_sub(1)) as u32);
        }
        let mut w = 0usize;
        for t in tokens.clone() {
            while w + 1 < tree.words.len() && tree.words[w + 1].span.start <= doc.tokens[t].span.start {
                w += 1;
            }
            tree.word.push(w as u32);
        }
        tree.mention = tree.token.iter().map(|&t| by_token[t as usize - tokens.start]).collect();
        tree
    }

    /// A view of the tree that can name its tags and relations.
    pub fn view<'a>(&'a self, model: &'a Model, text: &'a str) -> View<'a> {
        View { tree: self, model, text }
    }
}

/// A parsed sentence with its model and text: words are numbered from 0.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    tree: &'a Tree,
    model: &'a Model,
    text: &'a str,
}

impl<'a> View<'a> {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.tree.words.len()
    }

    /// True for a sentence with no words.
    pub fn is_empty(&self) -> bool {
        self.tree.words.is_empty()
    }

    /// The word's head, or `None` for the root.
    pub fn head(&self, w: usize) -> Option<usize> {
        match self.tree.analysis.heads[w] {
            0 => None,
            h => Some(h as usize - 1),
        }
    }

    /// The word's relation to its head, with its subtype (`nsubj:pass`).
    pub fn rel(&self, w: usize) -> &'a str {
        self.model.relation_name(self.tree.analysis.relations[w])
    }

    /// True when the word's relation is `rel` or one of its subtypes (`obl` holds `obl:tmod`).
    pub fn is(&self, w: usize, rel: &str) -> bool {
        let name = self.rel(w);
        name == rel || name.strip_prefix(rel).is_some_and(|rest| rest.starts_with(':'))
    }

    /// The word's universal part of speech.
    pub fn upos(&self, w: usize) -> &'a str {
        self.model.upos(self.tree.analysis.tags[w])
    }

    /// The word's Penn Treebank tag.
    pub fn xpos(&self, w: usize) -> &'a str {
        self.model.xpos(self.tree.analysis.tags[w])
    }

    /// The word's bytes in the clean text.
    pub fn span(&self, w: usize) -> redline_model::Span {
        self.tree.words[w].span
    }

    /// The word as written.
    pub fn form(&self, w: usize) -> &'a str {
        &self.text[self.tree.words[w].span.range()]
    }

    /// The word's lemma, lower-cased.
    pub fn lemma(&self, w: usize) -> Cow<'a, str> {
        let lemma = self.model.lemma(self.form(w), self.tree.analysis.tags[w]);
        if lemma.chars().any(char::is_uppercase) { Cow::Owned(lemma.to_lowercase()) } else { lemma }
    }

    /// True when the word's lemma is one of `lemmas`.
    pub fn lemma_in(&self, w: usize, lemmas: &[&str]) -> bool {
        let lemma = self.lemma(w);
        lemmas.contains(&lemma.as_ref())
    }

    /// The word's dependents, in text order.
    pub fn children(&self, w: usize) -> impl Iterator<Item = usize> + 'a {
        let heads = &self.tree.analysis.heads;
        (0..heads.len()).filter(move |&c| heads[c] as usize == w + 1)
    }

    /// The first dependent of `w` whose relation is `rel` (or a subtype of it).
    pub fn child(&self, w: usize, rel: &str) -> Option<usize> {
        self.children(w).find(|&c| self.is(c, rel))
    }

    /// True when `w` is `ancestor` or lies below it.
    pub fn within(&self, mut w: usize, ancestor: usize) -> bool {
        for _ in 0..self.len() {
            if w == ancestor {
                return true;
            }
            match self.head(w) {
                Some(h) => w = h,
                None => return false,
            }
        }
        false
    }

    /// The word holding the first byte of document token `token`, if the token is in this sentence.
    pub fn word_of_token(&self, token: usize) -> Option<usize> {
        let i = token.checked_sub(self.tree.first_token)?;
        self.tree.word.get(i).map(|&w| w as usize)
    }

    /// The words of document tokens `first..end` (a token the parser splits, "build-up", gives them all).
    pub fn words_of_tokens(&self, doc: &Doc<'_>, first: usize, end: usize) -> Option<std::ops::Range<usize>> {
        let start = self.word_of_token(first)?;
        let stop = doc.tokens.get(end.checked_sub(1)?)?.span.end;
        let last = (start..self.len()).take_while(|&w| self.tree.words[w].span.start < stop).last()?;
        Some(start..last + 1)
    }

    /// The number of heads above the word.
    pub fn depth(&self, mut w: usize) -> usize {
        let mut depth = 0;
        while let Some(h) = self.head(w) {
            depth += 1;
            w = h;
            if depth > self.len() {
                break;
            }
        }
        depth
    }

    /// The document token holding the word's first byte.
    pub fn token_of(&self, w: usize) -> usize {
        self.tree.token[w] as usize
    }

    /// The actor mention covering the word, if any.
    pub fn mention(&self, w: usize) -> Option<usize> {
        self.tree.mention.get(w).filter(|&&m| m != NONE).map(|&m| m as usize)
    }
}

/// Parses sentences on demand and keeps their trees for the article.
pub struct Trees<'m> {
    model: &'m Model,
    analyser: Analyser<'m>,
    index: Vec<u32>,
    trees: Vec<Tree>,
}

impl<'m> Trees<'m> {
    /// No sentence of an article of `sentences` sentences parsed yet.
    pub fn new(model: &'m Model, sentences: usize) -> Trees<'m> {
        Trees { model, analyser: Analyser::new(model), index: vec![NONE; sentences], trees: Vec::new() }
    }

    /// Parses `sentence` unless it already is.
    pub fn parse(&mut self, doc: &Doc<'_>, sentence: usize, mentions: &[Found]) {
        if self.index[sentence] == NONE {
            self.index[sentence] = self.trees.len() as u32;
            self.trees.push(Tree::parse(&mut self.analyser, self.model, doc, sentence, mentions));
        }
    }

    /// The tree of `sentence`, if it was parsed.
    pub fn get<'a>(&'a self, sentence: usize, text: &'a str) -> Option<View<'a>> {
        let i = *self.index.get(sentence)?;
        (i != NONE).then(|| self.trees[i as usize].view(self.model, text))
    }
}
