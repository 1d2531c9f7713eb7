//! redline's vocabulary: the types every stage of the pipeline hands to the next.
//!
//! Nothing here does I/O. Every span is a byte range into one clean text (the `text` of an
//! [`AnnotatedArticle`]), so `&text[span.range()]` always shows the evidence.

pub mod actor;
pub mod article;
pub mod cameo;
pub mod diagnostic;
pub mod event;
pub mod span;

pub use actor::{ActorCode, ActorCodeError, ActorMention, EntryRef, MentionKind};
pub use article::{AnnotatedArticle, DateExpr, DateGranularity, Origin, RawArticle, Sentence};
pub use cameo::{CameoCode, CodeInfo, PloverType, QuadClass, Taxonomy};
pub use diagnostic::{Diagnostic, Severity};
pub use event::{Event, Modality, Quote, QuoteKind, RuleRef, Speaker};
pub use span::Span;

/// Re-exported so that every crate names calendar dates with the same type.
pub use jiff::civil::Date;
