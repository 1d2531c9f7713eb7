//! The coding stages by name, and a hook that lets a caller watch each one finish.
//!
//! [`code_observed`] codes an article exactly as [`Pipeline::code`] does and calls the observer
//! after every stage. The coder itself never reads a clock: a benchmark implements
//! [`StageObserver`] with one and attributes the time between two calls to the stage just finished.

use redline_model::{AnnotatedArticle, RawArticle};

use crate::Pipeline;

/// One stage of [`Pipeline::code`], in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Encoding and quote repair of the title and body (`redline-text`), and joining them.
    Clean,
    /// Sentence segmentation.
    Split,
    /// Tokens of every sentence and the lower-cased key text the dictionaries are matched on.
    Tokenize,
    /// Dictionary lookup: every whole-word phrase list (names, titles, anchors, cues) in one pass.
    Lookup,
    /// Actor mentions: names, compositions, role nominals.
    Actors,
    /// Date expressions.
    Dates,
    /// Quotations and their speakers.
    Quotes,
    /// Event patterns, sources, targets and modality.
    Events,
}

impl Stage {
    /// Every stage, in the order they run.
    pub const ALL: [Stage; 8] = [
        Stage::Clean,
        Stage::Split,
        Stage::Tokenize,
        Stage::Lookup,
        Stage::Actors,
        Stage::Dates,
        Stage::Quotes,
        Stage::Events,
    ];

    /// Short lower-case name, for tables.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Clean => "clean",
            Stage::Split => "split",
            Stage::Tokenize => "tokenize",
            Stage::Lookup => "lookup",
            Stage::Actors => "actors",
            Stage::Dates => "dates",
            Stage::Quotes => "quotes",
            Stage::Events => "events",
        }
    }

    /// Position in [`Stage::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Told when each stage of one article finishes, in [`Stage::ALL`] order.
pub trait StageObserver {
    /// `stage` has just finished.
    fn finished(&mut self, stage: Stage);
}

/// Observes nothing: what [`Pipeline::code`] uses.
impl StageObserver for () {
    #[inline(always)]
    fn finished(&mut self, _stage: Stage) {}
}

/// Codes one article as [`Pipeline::code`] does (same output), calling `observer` after each stage.
pub fn code_observed(pipeline: &Pipeline, raw: &RawArticle, observer: &mut impl StageObserver) -> AnnotatedArticle {
    pipeline.code_observed(raw, observer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::shipped_pipeline;

    struct Record(Vec<Stage>);

    impl StageObserver for Record {
        fn finished(&mut self, stage: Stage) {
            self.0.push(stage);
        }
    }

    #[test]
    fn every_stage_is_reported_once_in_order_and_the_output_is_unchanged() {
        let pipeline = shipped_pipeline();
        let raw = RawArticle {
            id: "a".into(),
            title: Some("Russia warns NATO".into()),
            date: Some(jiff::civil::date(2022, 1, 15)),
            body: "Russia warned NATO on Monday. \u{201c}We will respond,\u{201d} Lavrov said.".into(),
            ..RawArticle::default()
        };
        let mut record = Record(Vec::new());
        let observed = code_observed(&pipeline, &raw, &mut record);
        assert_eq!(record.0, Stage::ALL);
        let plain = pipeline.code(&raw);
        assert_eq!(crate::tests::dump(&observed), crate::tests::dump(&plain));
        assert!(!plain.events.is_empty());
        assert_eq!(Stage::ALL.iter().map(|s| s.index()).collect::<Vec<_>>(), (0..8).collect::<Vec<_>>());
    }
}
