//! redline-story: one story counted once. Near-duplicate articles — the same wire story republished,
//! lightly edited, re-titled or truncated — are recognised by a MinHash fingerprint of their text, found
//! through LSH band keys and joined by a documented rule.
//!
//! Everything here is a pure function of the text, with no I/O, clock, threads or global state, and every
//! constant is spelled out below, so the same fingerprint and band keys can be computed anywhere (a Python
//! binding, a Spark UDF grouping fingerprints by band key across partitions) and compared with the ones a
//! redline database stores.
//!
//! # The fingerprint ([`fingerprint`])
//!
//! - **Words**: maximal runs of alphanumeric characters (`char::is_alphanumeric`), lower-cased
//!   (`char::to_lowercase`). Punctuation, quotation marks and spacing never matter.
//! - **Shingles**: every run of [`SHINGLE_WORDS`] = 5 consecutive words, hashed with xxh3-64 over the words
//!   joined by one space (a text of 1–4 words is one shingle; a text without words has none). Five words
//!   are long enough that two different stories about the same actors rarely share a shingle, and short
//!   enough that editing one word disturbs only five of them.
//! - **Signature**: [`PERMUTATIONS`] = 128 minima. Permutation `i` maps a shingle hash `h` to
//!   `(a[i] * x + b[i]) >> 32` in wrapping 64-bit arithmetic, where `x` is the low 32 bits of `h`
//!   (Dietzfelbinger's multiply-add-shift, a strongly universal family); `a[i]` (made odd) and `b[i]` are the
//!   outputs `2i` and `2i + 1` of SplitMix64 seeded with [`COEFFICIENT_SEED`]. One xxh3 call per shingle and
//!   one multiply-add per permutation keep fingerprinting far cheaper than coding.
//! - The number of distinct shingles is kept with the signature: it turns the Jaccard estimate into a
//!   containment estimate (below).
//!
//! With 128 permutations the estimate of a Jaccard similarity `J` has a standard error of
//! `sqrt(J(1 - J) / 128)`: 0.043 at `J = 0.6`.
//!
//! # Band keys ([`Fingerprint::band_keys`])
//!
//! The first 126 values of the signature form [`BANDS`] = 42 bands of [`ROWS_PER_BAND`] = 3 rows; band `k`'s key
//! is xxh3-64 (seed `k`) of its three values as little-endian `u32`s. Two articles share at least one band key
//! with probability `1 - (1 - J^3)^42`: 0.29 at `J = 0.2`, 0.68 at 0.3, 0.94 at 0.4, 0.996 at 0.5, and
//! more than 0.9999 at 0.6. So every copy the rule below would join is found as a candidate (a copy that
//! shares 40% of the shingles nearly always), while two unrelated articles (`J` near 0) almost never are.
//! Candidates are only candidates: the rule decides on the whole signature.
//!
//! # The rule ([`same_story`])
//!
//! Two articles are the same story when either
//! - their estimated Jaccard similarity of shingles is at least [`JACCARD_THRESHOLD`] = 0.6: a re-titled copy
//!   (the fingerprint reads the body) scores 1, a copy with one sentence in twenty rewritten about 0.9, and two
//!   different articles on the same day's events rarely above 0.2; or
//! - the smaller is contained in the larger — at least [`CONTAINMENT_THRESHOLD`] = 0.8 of its shingles appear
//!   in the larger, estimated as `J (|A| + |B|) / ((1 + J) |A|)` — and the estimated Jaccard is still at
//!   least [`CONTAINMENT_MIN_JACCARD`] = 0.4. This joins a truncated copy whatever the Jaccard noise: the first
//!   60% of an article (`J ≈ 0.6`, containment 1) and the first half (`J ≈ 0.5`); below about 40% a copy no
//!   longer joins. The Jaccard floor keeps a short boilerplate paragraph or a one-line summary from joining
//!   every long article that contains it, where the estimate would rest on a handful of matching minima.
//!
//! Templated texts are the known limit: two official statements from one template that differ in a few
//! names (a decree for one region and the same decree for another) score like a lightly edited copy and
//! join. Counting per story keeps their events apart when the actors differ, since events are grouped by
//! story *and* dyad and code.
//!
//! A fingerprint without shingles (an article without words) joins nothing.

mod fingerprint;
mod rule;

pub use fingerprint::{
    BANDS, COEFFICIENT_SEED, DecodeError, ENCODED_LEN, ENCODING_VERSION, Fingerprint, PERMUTATIONS, ROWS_PER_BAND,
    SHINGLE_WORDS, article_fingerprint, fingerprint,
};
pub use rule::{
    CONTAINMENT_MIN_JACCARD, CONTAINMENT_THRESHOLD, JACCARD_THRESHOLD, Match, MatchRule, estimated_containment,
    estimated_jaccard, same_story, source_host,
};
