//! redline-text: turns raw article text into the one clean text every later stage points into, and
//! segments it into paragraphs, sentences and tokens.
//!
//! - [`clean()`] repairs what news feeds break (control characters, HTML entities and tags, mojibake,
//!   Unicode spaces, apostrophes, quotation marks lost as `?`) and reports each repair as a
//!   [`Diagnostic`](redline_model::Diagnostic). It never fails.
//! - [`Segmenter::split`] finds sentences (with `sentencex`, plus fixes for news quoting style); every
//!   sentence span is a byte range into the clean text.
//! - [`tokenize`] / [`tokenize_into`] split a span into words, numbers, punctuation and quotation marks
//!   on the byte level, without allocating.
//!
//! The crate is pure: no files, clock, threads or global mutable state.

mod clean;
mod lost_quotes;
mod mojibake;
mod sentences;
mod tokens;

pub use clean::{Cleaned, clean};
pub use sentences::Segmenter;
pub use tokens::{Token, TokenKind, tokenize, tokenize_into};

#[cfg(test)]
mod golden;

#[cfg(test)]
mod tests {
    use redline_model::Span;

    use super::*;

    /// Deterministic pseudo-random texts made of the characters the stages care about.
    fn random_texts(count: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "a", "Z", "é", "ü", "日", "1", "0", " ", " ", "\n", "\n\n", "\r\n", "\t", ".", ",", "?", "!", "\"", "'",
            "’", "‘", "“", "”", "(", ")", "-", "—", "…", "...", "U.S.", "Mr.", "s", "Ã", "©", "â", "€", "™", "\u{9D}",
            "\u{A0}", "\u{FEFF}", "\0", "\u{200B}", "e\u{301}", "&", "&amp;", "<p>", "<", ">", "said", "Kyiv", "'s",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = (next() % 40) as usize;
                (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect()
            })
            .collect()
    }

    #[test]
    fn stages_keep_their_invariants_on_random_text() {
        let segmenter = Segmenter::new();
        for raw in random_texts(3000) {
            let cleaned = clean(&raw);
            let text = &cleaned.text;
            assert_eq!(text.trim(), text, "{raw:?}");
            assert!(!text.contains("\n\n") && !text.contains("  ") && !text.contains('\r'), "{raw:?}");
            // Entities and tags may decode to more of them, a combining accent composes only after
            // the mojibake stage, and restored quotes may complete a mojibake sequence (`Ã?` -> `Ã”`);
            // other text is cleaned once and for all.
            if !raw.contains(['&', '<', '\u{301}', '?']) {
                assert_eq!(&clean(text).text, text, "cleaning twice changes {raw:?}");
            }
            let mut last_end = 0;
            for sentence in segmenter.split(text, 0) {
                let slice = text.get(sentence.span.range()).expect("sentence on char boundaries");
                assert!(!slice.is_empty() && slice.trim() == slice && !slice.contains('\n'), "{raw:?}");
                assert!(sentence.span.start as usize >= last_end, "{raw:?}");
                last_end = sentence.span.end as usize;
                for token in tokenize(text, sentence.span) {
                    assert!(sentence.span.contains(token.span), "{raw:?}");
                    let token_text = text.get(token.span.range()).expect("token on char boundaries");
                    assert!(!token_text.trim().is_empty(), "{raw:?}");
                }
            }
            // Tokenizing raw text with arbitrary spans never panics either.
            let len = raw.len();
            for (start, end) in [(0, len), (1, len), (0, len.saturating_sub(1)), (len / 2, len + 5)] {
                for token in tokenize(&raw, Span::new(start, end)) {
                    assert!(raw.get(token.span.range()).is_some(), "{raw:?}");
                }
            }
        }
    }
}
