//! The per-article working set every coding stage reads: clean text, sentences, tokens and their key text.

use std::ops::Range;

use redline_dict::KeyText;
use redline_model::{Date, Sentence, Span};
use redline_text::{Token, TokenKind, tokenize_into};

/// One article prepared for coding. Built once per article, read by actors, quotes and events.
#[derive(Debug)]
pub struct Doc<'a> {
    /// The one clean text.
    pub text: &'a str,
    /// Publication date.
    pub date: Option<Date>,
    /// Sentences in order.
    pub sentences: &'a [Sentence],
    /// All tokens of all sentences, in order.
    pub tokens: Vec<Token>,
    /// For each sentence, its range of token indices.
    pub sentence_tokens: Vec<Range<usize>>,
    /// For each token, its sentence index.
    pub token_sentence: Vec<u32>,
    /// Lower-cased key text of the tokens, for the dictionaries' automata.
    pub key: KeyText,
    /// True for sentences that come from the title.
    pub title_sentences: usize,
}

impl<'a> Doc<'a> {
    /// Tokenises every sentence and builds the key text.
    pub fn new(text: &'a str, sentences: &'a [Sentence], date: Option<Date>, title_sentences: usize) -> Doc<'a> {
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut sentence_tokens = Vec::with_capacity(sentences.len());
        let mut token_sentence = Vec::with_capacity(text.len() / 5);
        let mut starts = Vec::with_capacity(sentences.len());
        for (index, sentence) in sentences.iter().enumerate() {
            let first = tokens.len();
            tokenize_into(text, sentence.span, &mut tokens);
            starts.push(first);
            sentence_tokens.push(first..tokens.len());
            token_sentence.resize(tokens.len(), index as u32);
        }
        let key = KeyText::build(text, &tokens, &starts);
        Doc { text, date, sentences, tokens, sentence_tokens, token_sentence, key, title_sentences }
    }

    /// The text of token `index`.
    pub fn word(&self, index: usize) -> &'a str {
        self.tokens[index].span.slice(self.text)
    }

    /// The lower-case key of token `index`.
    pub fn key_of(&self, index: usize) -> &str {
        self.key.token_key(index)
    }

    /// True if token `index` is one of `words` (lower case).
    pub fn is(&self, index: usize, words: &[&str]) -> bool {
        index < self.tokens.len() && words.contains(&self.key_of(index))
    }

    /// True if token `index` is a quotation mark.
    pub fn is_quote_mark(&self, index: usize) -> bool {
        matches!(self.tokens[index].kind, TokenKind::OpenQuote | TokenKind::CloseQuote)
    }

    /// The span from the start of token `first` to the end of token `end - 1`.
    pub fn span_of(&self, first: usize, end: usize) -> Span {
        let end = end.max(first + 1).min(self.tokens.len());
        Span::new(self.tokens[first].span.start as usize, self.tokens[end - 1].span.end as usize)
    }

    /// Index of the first token starting at or after byte `offset`.
    pub fn token_at_or_after(&self, offset: u32) -> usize {
        self.tokens.partition_point(|t| t.span.start < offset)
    }

    /// Index of the first token that ends after byte `offset` (the token holding it, or the next one).
    pub fn token_ending_after(&self, offset: u32) -> usize {
        self.tokens.partition_point(|t| t.span.end <= offset)
    }
}
