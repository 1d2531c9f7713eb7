//! Scores against a treebank, as in the CoNLL 2018 shared task: UPOS, XPOS, lemmas, UAS and LAS (LAS on the
//! universal part of the relation, punctuation included), on the treebank's own words, and on raw text split
//! by our own tokeniser with words aligned by their characters (word F1, and UAS/LAS as F1 over aligned words).

use redline_model::Span;

use crate::conllu::{Sentence, universal};
use crate::model::{Analyser, Analysis, Model};
use crate::words::Word;

/// Counts of correct words on the treebank's own words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// Words with the right UPOS.
    pub upos: usize,
    /// Words with the right XPOS.
    pub xpos: usize,
    /// Words with the right lemma.
    pub lemma: usize,
    /// Words with the right head.
    pub uas: usize,
    /// Words with the right head and the right universal relation.
    pub las: usize,
}

/// A count as a percentage of `total`.
pub fn percent(count: usize, total: usize) -> f64 {
    if total == 0 { 0.0 } else { 100.0 * count as f64 / total as f64 }
}

impl Scores {
    /// The scores as one line: `words=… upos=… xpos=… lemma=… uas=… las=…` (percentages).
    pub fn describe(&self) -> String {
        let p = |c| percent(c, self.words);
        format!(
            "words={} upos={:.2} xpos={:.2} lemma={:.2} uas={:.2} las={:.2}",
            self.words,
            p(self.upos),
            p(self.xpos),
            p(self.lemma),
            p(self.uas),
            p(self.las)
        )
    }

    /// Adds another count.
    pub fn add(&mut self, other: Scores) {
        self.words += other.words;
        self.upos += other.upos;
        self.xpos += other.xpos;
        self.lemma += other.lemma;
        self.uas += other.uas;
        self.las += other.las;
    }
}

/// Tags and parses every sentence on its gold words and counts what is right.
pub fn on_gold_words(model: &Model, sentences: &[Sentence]) -> Scores {
    let mut analyser = Analyser::new(model);
    let mut analysis = Analysis::default();
    let mut scores = Scores::default();
    for sentence in sentences {
        analyser.analyse(sentence.words.iter().map(|w| w.form.as_str()), &mut analysis);
        for (i, gold) in sentence.words.iter().enumerate() {
            let tag = analysis.tags[i];
            scores.words += 1;
            scores.upos += usize::from(model.upos(tag) == gold.upos);
            scores.xpos += usize::from(model.xpos(tag) == gold.xpos);
            scores.lemma += usize::from(model.lemma(&gold.form, tag) == gold.lemma);
            if gold.head == Some(analysis.heads[i] as usize) {
                scores.uas += 1;
                scores.las +=
                    usize::from(universal(model.relation_name(analysis.relations[i])) == gold.universal_deprel());
            }
        }
    }
    scores
}

/// Counts on raw text: our words aligned with the treebank's by character offsets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RawScores {
    /// Sentences scored (those with a `# text` comment).
    pub sentences: usize,
    /// Sentences left out: no `# text`, or words that could not be found in it.
    pub skipped: usize,
    /// Words in the treebank.
    pub gold_words: usize,
    /// Words we found.
    pub system_words: usize,
    /// Our words with exactly a treebank word's offsets.
    pub aligned: usize,
    /// Aligned words with the right UPOS.
    pub upos: usize,
    /// Aligned words whose head is the aligned counterpart of the gold head.
    pub uas: usize,
    /// ... and whose universal relation is right.
    pub las: usize,
}

impl RawScores {
    /// F1 of a count against the gold and system word counts (CoNLL 2018).
    pub fn f1(&self, count: usize) -> f64 {
        let (p, r) = (percent(count, self.system_words), percent(count, self.gold_words));
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// The character spans of a sentence's gold words in its `# text`: each token's form is found after the
/// previous one; the words of a multiword token get their sub-spans when their forms spell the token, otherwise
/// the whole token goes to the first and the others get none.
pub fn gold_spans(sentence: &Sentence, text: &str) -> Option<Vec<Option<Span>>> {
    use crate::conllu::Line;
    let mut spans: Vec<Option<Span>> = vec![None; sentence.words.len()];
    let mut at = 0usize;
    let mut covered_until = 0usize;
    let find = |form: &str, at: &mut usize| -> Option<Span> {
        let start = *at + text[*at..].find(form)?;
        // Only whitespace may be skipped.
        if !text[*at..start].chars().all(char::is_whitespace) {
            return None;
        }
        *at = start + form.len();
        Some(Span::new(start, *at))
    };
    for line in &sentence.lines {
        match line {
            Line::Multiword { first, last, form, .. } => {
                let span = find(form, &mut at)?;
                let words = &sentence.words[first - 1..*last];
                let spelled: String = words.iter().map(|w| w.form.as_str()).collect();
                if spelled == *form {
                    let mut start = span.start as usize;
                    for (k, w) in words.iter().enumerate() {
                        spans[first - 1 + k] = Some(Span::new(start, start + w.form.len()));
                        start += w.form.len();
                    }
                } else {
                    spans[first - 1] = Some(span);
                }
                covered_until = *last;
            }
            Line::Word(index) if index + 1 > covered_until => {
                spans[*index] = Some(find(&sentence.words[*index].form, &mut at)?);
            }
            _ => {}
        }
    }
    Some(spans)
}

/// Splits each sentence's `# text` with our tokeniser, analyses it and scores the aligned words.
pub fn on_raw_text(model: &Model, sentences: &[Sentence]) -> RawScores {
    let mut analyser = Analyser::new(model);
    let mut analysis = Analysis::default();
    let mut words: Vec<Word> = Vec::new();
    let mut scores = RawScores::default();
    for sentence in sentences {
        let Some(text) = sentence.text() else {
            scores.skipped += 1;
            continue;
        };
        let Some(gold) = gold_spans(sentence, text) else {
            scores.skipped += 1;
            continue;
        };
        scores.sentences += 1;
        words.clear();
        analyser.analyse_text(text, Span::new(0, text.len()), &mut words, &mut analysis);
        scores.gold_words += sentence.words.len();
        scores.system_words += words.len();
        // Gold word index of each of our words, and ours of each gold word.
        let mut ours_of_gold: Vec<Option<usize>> = vec![None; gold.len()];
        let mut gold_of_ours: Vec<Option<usize>> = vec![None; words.len()];
        let mut g = 0;
        for (s, word) in words.iter().enumerate() {
            while g < gold.len() && gold[g].is_none_or(|span| span.end <= word.span.start) {
                g += 1;
            }
            if g < gold.len() && gold[g] == Some(word.span) {
                gold_of_ours[s] = Some(g);
                ours_of_gold[g] = Some(s);
            }
        }
        for (s, gi) in gold_of_ours.iter().enumerate() {
            let Some(gi) = *gi else { continue };
            let gold_word = &sentence.words[gi];
            scores.aligned += 1;
            scores.upos += usize::from(model.upos(analysis.tags[s]) == gold_word.upos);
            let head = analysis.heads[s] as usize;
            let head_right = match gold_word.head {
                Some(0) => head == 0,
                Some(h) => head != 0 && ours_of_gold[h - 1] == Some(head - 1),
                None => false,
            };
            if head_right {
                scores.uas += 1;
                scores.las +=
                    usize::from(universal(model.relation_name(analysis.relations[s])) == gold_word.universal_deprel());
            }
        }
    }
    scores
}
