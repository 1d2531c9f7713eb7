//! Articles as they arrive ([`RawArticle`]) and as the coder leaves them ([`AnnotatedArticle`]).

use jiff::civil::Date;

use crate::actor::ActorMention;
use crate::diagnostic::Diagnostic;
use crate::event::{Event, Quote};
use crate::span::Span;

/// Where an article came from: a file (and line, for JSON Lines) or standard input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// File path as given, or `<stdin>`.
    pub path: String,
    /// One-based line for JSON Lines input.
    pub line: Option<u32>,
}

/// An article as read from a source, before cleaning.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawArticle {
    /// Stable identifier: given by the input, or derived by the source (never random).
    pub id: String,
    /// Headline, if any.
    pub title: Option<String>,
    /// Publication date: the anchor for relative dates ("on Monday").
    pub date: Option<Date>,
    /// Where it was published.
    pub url: Option<String>,
    /// The body as read, paragraphs separated by newlines.
    pub body: String,
    /// Where it was read from.
    pub origin: Origin,
}

/// A sentence of the clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence's bytes in the clean text.
    pub span: Span,
    /// Index of its paragraph (the title, when present, is paragraph 0).
    pub paragraph: u32,
}

/// How precise a resolved date expression is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateGranularity {
    /// A single day ("on Monday", "yesterday", "December 7").
    Day,
    /// A month ("last month", "in January"); the date is its first day.
    Month,
    /// A year ("last year", "in 2019"); the date is its first day.
    Year,
}

impl DateGranularity {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            DateGranularity::Day => "day",
            DateGranularity::Month => "month",
            DateGranularity::Year => "year",
        }
    }
}

/// A date expression in the text, resolved against the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateExpr {
    /// The words ("on Monday").
    pub span: Span,
    /// The date they denote (first day of the month or year for coarser expressions).
    pub date: Date,
    /// Day, month or year.
    pub granularity: DateGranularity,
    /// Index of the sentence holding it.
    pub sentence: u32,
}

/// An article after coding: the one clean text and everything found in it, as spans into that text.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotatedArticle {
    /// The article's stable id, unchanged from input.
    pub id: String,
    /// Headline, cleaned.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Where it was published.
    pub url: Option<String>,
    /// Where it was read from.
    pub origin: Origin,
    /// The one clean text: the title (when present and not already the first paragraph), a blank line,
    /// then the cleaned body. Every span below points into it.
    pub text: String,
    /// Byte offset where the body starts in `text`.
    pub body_start: u32,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
    /// Every recognised actor mention, in text order.
    pub mentions: Vec<ActorMention>,
    /// Coded events, in text order.
    pub events: Vec<Event>,
    /// Quotations, in text order.
    pub quotes: Vec<Quote>,
    /// Resolved date expressions, in text order.
    pub dates: Vec<DateExpr>,
    /// Problems found while cleaning and coding; coding never fails on content.
    pub diagnostics: Vec<Diagnostic>,
    /// Version of the dictionary set that coded it.
    pub dict_version: String,
}
