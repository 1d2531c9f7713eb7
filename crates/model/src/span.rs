//! Byte spans into the one clean text of an article.

use std::ops::Range;

/// A half-open byte range `[start, end)` into an article's clean text.
///
/// Spans are `u32` to keep events small; articles over 4 GiB are rejected at input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`; `end` is clamped so that the span is never inverted.
    pub fn new(start: usize, end: usize) -> Span {
        let start = start as u32;
        Span { start, end: (end as u32).max(start) }
    }

    /// The span as a `usize` range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text the span covers, or `""` if it does not fall on character boundaries of `text`.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Number of bytes the two spans share.
    pub fn overlap(self, other: Span) -> usize {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        end.saturating_sub(start) as usize
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// This span moved right by `offset` bytes.
    pub fn shift(self, offset: usize) -> Span {
        Span { start: self.start + offset as u32, end: self.end + offset as u32 }
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_and_cover() {
        let a = Span::new(2, 8);
        let b = Span::new(5, 12);
        assert_eq!(a.overlap(b), 3);
        assert_eq!(a.cover(b), Span::new(2, 12));
        assert_eq!(Span::new(0, 2).overlap(Span::new(2, 4)), 0);
        assert!(a.contains(Span::new(3, 8)));
    }

    #[test]
    fn slice_is_safe_off_char_boundaries() {
        let text = "Kyiv’s";
        assert_eq!(Span::new(0, 4).slice(text), "Kyiv");
        assert_eq!(Span::new(0, 5).slice(text), "");
        assert_eq!(Span::new(9, 3), Span::new(9, 9));
    }
}
