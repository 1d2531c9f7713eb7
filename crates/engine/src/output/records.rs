//! Flat records of stored events and quotes, for `redline events` / `redline quotes` in JSON Lines and CSV.
//!
//! Flat on purpose: CSV has no nesting, and one shape for both formats keeps them interchangeable.

use redline_store::{EventRow, QuoteRow};
use serde::Serialize;

/// A stored event as one flat record.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventRecord {
    /// Article the event was coded from.
    pub article_id: String,
    /// Position of the event in its article.
    pub seq: u32,
    /// When it happened, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Source actor code.
    pub source_code: String,
    /// Source canonical name.
    pub source_name: String,
    /// Source words in the text.
    pub source_text: String,
    /// Target actor code.
    pub target_code: Option<String>,
    /// Target canonical name.
    pub target_name: Option<String>,
    /// Target words in the text.
    pub target_text: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// CAMEO root.
    pub root: String,
    /// PLOVER type.
    pub plover: Option<String>,
    /// Quad class, 1 to 4.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f64,
    /// Evidence start (byte offset into the article's clean text).
    pub evidence_start: u32,
    /// Evidence end.
    pub evidence_end: u32,
    /// Evidence words.
    pub evidence_text: String,
    /// Rule id (`file:line` or `rule:<name>`).
    pub rule_id: String,
    /// Rule pattern.
    pub rule_pattern: String,
    /// `asserted`, `future` or `reported`.
    pub modality: String,
    /// Dictionary version that coded it.
    pub dict_version: String,
}

impl From<&EventRow> for EventRecord {
    fn from(row: &EventRow) -> EventRecord {
        let target = row.target.as_ref();
        EventRecord {
            article_id: row.article_id.clone(),
            seq: row.seq,
            date: row.date.map(|d| d.to_string()),
            source_code: row.source.code.clone(),
            source_name: row.source.name.clone(),
            source_text: row.source.text.clone(),
            target_code: target.map(|t| t.code.clone()),
            target_name: target.map(|t| t.name.clone()),
            target_text: target.map(|t| t.text.clone()),
            cameo: row.cameo.clone(),
            root: row.root.clone(),
            plover: row.plover.clone(),
            quad_class: row.quad_class,
            goldstein: row.goldstein,
            evidence_start: row.evidence_start,
            evidence_end: row.evidence_end,
            evidence_text: row.evidence_text.clone(),
            rule_id: row.rule_id.clone(),
            rule_pattern: row.rule_pattern.clone(),
            modality: row.modality.clone(),
            dict_version: row.dict_version.clone(),
        }
    }
}

/// A stored quotation as one flat record.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct QuoteRecord {
    /// Article it was found in.
    pub article_id: String,
    /// Position in the article.
    pub seq: u32,
    /// The article's publication date.
    pub date: Option<String>,
    /// The quoted words.
    pub text: String,
    /// `direct`, `partial` or `scare`.
    pub kind: String,
    /// Speaker's name.
    pub speaker_name: Option<String>,
    /// Speaker's actor code.
    pub speaker_code: Option<String>,
    /// First byte of the quote in the article's clean text.
    pub start: u32,
    /// One past its last byte.
    pub end: u32,
}

impl From<&QuoteRow> for QuoteRecord {
    fn from(row: &QuoteRow) -> QuoteRecord {
        QuoteRecord {
            article_id: row.article_id.clone(),
            seq: row.seq,
            date: row.date.map(|d| d.to_string()),
            text: row.text.clone(),
            kind: row.kind.clone(),
            speaker_name: row.speaker_name.clone(),
            speaker_code: row.speaker_code.clone(),
            start: row.start,
            end: row.end,
        }
    }
}
