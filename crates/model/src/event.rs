//! Coded events and quotations, each carrying the evidence that explains it.

use std::fmt;
use std::sync::Arc;

use jiff::civil::Date;

use crate::actor::{ActorCode, ActorMention};
use crate::cameo::CameoCode;
use crate::span::Span;

/// The dictionary pattern or built-in rule that produced an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleRef {
    /// Dictionary file and line (`verbs/13-threaten.txt:12`) or `rule:<name>` for a built-in rule.
    pub id: Arc<str>,
    /// The pattern as written in the dictionary, or a description of the rule.
    pub pattern: Arc<str>,
}

impl fmt::Display for RuleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.id, self.pattern)
    }
}

/// How the text presents the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modality {
    /// Stated as having happened or happening.
    Asserted,
    /// Said not to happen: "did not attack", "no intention of deploying", "ruled out sending".
    Negated,
    /// Under a condition or a modal of possibility: "if Russia invades", "could strike", "any invasion".
    Hypothetical,
    /// Announced: will, intends, plans, threatens to; material events are re-coded as threats or intents.
    Future,
    /// Asked: a reporter's or a direct question.
    Question,
    /// Reported by someone other than the source ("X said Y attacked Z").
    Reported,
    /// Denied by its actor ("Russia denied attacking the hospital"); the denial is an event of its own.
    Denied,
}

impl Modality {
    /// Every modality, in declaration order.
    pub const ALL: [Modality; 7] = [
        Modality::Asserted,
        Modality::Negated,
        Modality::Hypothetical,
        Modality::Future,
        Modality::Question,
        Modality::Reported,
        Modality::Denied,
    ];

    /// The modalities series and alerts count by default: what the text says happened.
    pub const COUNTED: [Modality; 2] = [Modality::Asserted, Modality::Reported];

    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
            Modality::Future => "future",
            Modality::Question => "question",
            Modality::Reported => "reported",
            Modality::Denied => "denied",
        }
    }

    /// The modality named `name` (as [`Modality::as_str`] writes it).
    pub fn parse(name: &str) -> Option<Modality> {
        Modality::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// True for the modalities series and alerts count by default.
    pub fn is_counted(self) -> bool {
        Modality::COUNTED.contains(&self)
    }
}

/// One coded event: who did what to whom, when, and why the coder thinks so.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The actor who acts.
    pub source: ActorMention,
    /// The actor acted upon, where the text names one.
    pub target: Option<ActorMention>,
    /// CAMEO event code.
    pub code: CameoCode,
    /// Index of the sentence holding the evidence.
    pub sentence: u32,
    /// The words that carry the event (the verb phrase the pattern matched).
    pub evidence: Span,
    /// When it happened: a resolved date expression in the sentence, else the publication date.
    pub date: Option<Date>,
    /// The pattern or rule that fired.
    pub rule: RuleRef,
    /// Asserted, future/conditional, or reported.
    pub modality: Modality,
}

/// Whether the quotation is a whole utterance or a few words woven into the reporter's sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// A full quoted utterance, usually with a speech verb ("…," X said).
    Direct,
    /// A short quoted phrase inside a sentence (were "repeatedly told").
    Partial,
    /// Scare quotes and titles: words set apart, not an utterance (the «Normandy Four», the so-called
    /// “special operation”, a “Dear Colleague” letter). Kept out of the quotes feed by default.
    Scare,
}

impl QuoteKind {
    /// Every kind, in the order above.
    pub const ALL: [QuoteKind; 3] = [QuoteKind::Direct, QuoteKind::Partial, QuoteKind::Scare];

    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Scare => "scare",
        }
    }

    /// The kind named by [`QuoteKind::as_str`], if any.
    pub fn parse(name: &str) -> Option<QuoteKind> {
        QuoteKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Who said a quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// Canonical name where the speaker resolves to a dictionary entry, else the words of the mention.
    pub name: String,
    /// Actor code on the article's date, where known.
    pub code: Option<ActorCode>,
    /// The mention that names the speaker (may be in an earlier paragraph for follow-on quotes).
    pub mention: Span,
}

/// A quotation with its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub span: Span,
    /// Index of the sentence where the quotation starts.
    pub sentence: u32,
    /// Direct or partial.
    pub kind: QuoteKind,
    /// The speaker, where the text allows attributing one.
    pub speaker: Option<Speaker>,
}
