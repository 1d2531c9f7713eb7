//! The scores a [`crate::Scorer`] reports: one [`Measure`] per scored layer, and a readable table.

use std::fmt;

/// Scores over all items added, with only the measures the gold file has data for.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Items added to the scorer.
    pub items: usize,
    /// Measures in a fixed order: events (root, full code, quad), plover, pentaclass, actor spans
    /// (source, target), quotes (found, attributed).
    pub measures: Vec<Measure>,
}

impl Report {
    /// The measure called `name`, if the gold file had data for it.
    pub fn measure(&self, name: &str) -> Option<&Measure> {
        self.measures.iter().find(|measure| measure.name == name)
    }
}

/// One measure. For span measures precision counts predictions and recall counts gold spans, so
/// `precision` is not always `tp / (tp + fp)`: it is `(predicted right) / (predicted right + fp)`.
/// A ratio whose denominator is zero is 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Stable name, such as `events (root+dyad)`.
    pub name: String,
    /// True positives (gold side: gold events matched, gold spans found).
    pub tp: usize,
    /// False positives (predicted side).
    pub fp: usize,
    /// False negatives (gold side).
    pub fn_: usize,
    /// Precision; macro-averaged for pentaclass.
    pub precision: f64,
    /// Recall; macro-averaged for pentaclass.
    pub recall: f64,
    /// F1; macro-F1 for pentaclass.
    pub f1: f64,
    /// Accuracy, for single-label measures (pentaclass).
    pub accuracy: Option<f64>,
    /// What a reader should know about the numbers (items scored, spans not located).
    pub note: Option<String>,
}

impl Measure {
    /// A measure from gold-side counts (`tp`, `fn_`) and prediction-side counts (`right`, `fp`).
    pub(crate) fn from_counts(name: &str, tp: usize, fn_: usize, right: usize, fp: usize) -> Measure {
        let precision = ratio(right, right + fp);
        let recall = ratio(tp, tp + fn_);
        Measure {
            name: name.to_string(),
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1: harmonic_mean(precision, recall),
            accuracy: None,
            note: None,
        }
    }

    /// The same measure with a note.
    pub(crate) fn with_note(mut self, note: String) -> Measure {
        self.note = Some(note);
        self
    }
}

/// `part / whole`, or 0 when `whole` is 0.
pub(crate) fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// F1 of a precision and a recall, 0 when both are 0.
pub(crate) fn harmonic_mean(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) }
}

impl fmt::Display for Report {
    /// A table: measure, P, R, F1, accuracy, tp/fp/fn, then each measure's note.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} items", self.items)?;
        writeln!(
            f,
            "{:<22} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "measure", "P", "R", "F1", "acc", "tp", "fp", "fn"
        )?;
        for m in &self.measures {
            let accuracy = m.accuracy.map_or_else(|| "-".to_string(), |a| format!("{a:.3}"));
            writeln!(
                f,
                "{:<22} {:>6.3} {:>6.3} {:>6.3} {:>6} {:>6} {:>6} {:>6}",
                m.name, m.precision, m.recall, m.f1, accuracy, m.tp, m.fp, m.fn_
            )?;
        }
        for m in &self.measures {
            if let Some(note) = &m.note {
                writeln!(f, "  {}: {note}", m.name)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_make_ratios() {
        let m = Measure::from_counts("x", 3, 1, 3, 3);
        assert_eq!((m.precision, m.recall), (0.5, 0.75));
        assert!((m.f1 - 0.6).abs() < 1e-12);
        let empty = Measure::from_counts("y", 0, 0, 0, 0);
        assert_eq!((empty.precision, empty.recall, empty.f1), (0.0, 0.0, 0.0));
    }

    #[test]
    fn displays_a_table_with_notes() {
        let report = Report {
            items: 2,
            measures: vec![
                Measure::from_counts("events (root+dyad)", 1, 1, 1, 0),
                Measure { accuracy: Some(0.5), ..Measure::from_counts("pentaclass", 1, 1, 1, 1) }
                    .with_note("2 items".to_string()),
            ],
        };
        let table = report.to_string();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "2 items");
        assert!(lines[2].starts_with("events (root+dyad)      1.000  0.500  0.667      -      1      0      1"));
        assert!(lines[3].contains(" 0.500      1      1      1"), "{}", lines[3]);
        assert_eq!(lines[4], "  pentaclass: 2 items");
        assert_eq!(report.measure("pentaclass").map(|m| m.tp), Some(1));
        assert!(report.measure("plover").is_none());
    }
}
