//! The MinHash fingerprint of a text: words, 5-word shingles, 128 minima, LSH band keys, and the
//! byte encoding a store or another language reads back. The constants are explained in the crate doc.

use redline_model::AnnotatedArticle;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Values in a signature (MinHash permutations).
pub const PERMUTATIONS: usize = 128;
/// LSH bands.
pub const BANDS: usize = 42;
/// Signature values per band (`BANDS * ROWS_PER_BAND` = 126 of the 128 values are banded).
pub const ROWS_PER_BAND: usize = 3;
/// Seed of the SplitMix64 stream that gives the permutations' coefficients.
pub const COEFFICIENT_SEED: u64 = 0x5245_444c_494e_4531; // "REDLINE1"
/// Version byte that starts [`Fingerprint::to_bytes`].
pub const ENCODING_VERSION: u8 = 1;
/// Length of [`Fingerprint::to_bytes`]: version, shingle count, signature.
pub const ENCODED_LEN: usize = 1 + 4 + 4 * PERMUTATIONS;

const _: () = assert!(BANDS * ROWS_PER_BAND <= PERMUTATIONS);

/// `(a, b)` of every permutation, computed at compile time.
const COEFFICIENTS: [(u64, u64); PERMUTATIONS] = coefficients();

const fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const fn coefficients() -> [(u64, u64); PERMUTATIONS] {
    let mut state = COEFFICIENT_SEED;
    let mut out = [(0, 0); PERMUTATIONS];
    let mut i = 0;
    while i < PERMUTATIONS {
        let a = splitmix64(&mut state) | 1;
        let b = splitmix64(&mut state);
        out[i] = (a, b);
        i += 1;
    }
    out
}

/// A MinHash signature of a text's word shingles, with the number of distinct shingles.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    signature: [u32; PERMUTATIONS],
    shingles: u32,
}

/// Why bytes are not an encoded [`Fingerprint`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The buffer is not [`ENCODED_LEN`] bytes long.
    #[error("an encoded fingerprint is {expected} bytes, found {found}")]
    Length {
        /// Bytes found.
        found: usize,
        /// Bytes expected.
        expected: usize,
    },
    /// The first byte names an encoding this build does not know.
    #[error("unknown fingerprint encoding version {0}")]
    Version(u8),
}

/// The fingerprint of `text` (see the crate doc for the exact recipe).
pub fn fingerprint(text: &str) -> Fingerprint {
    let hashes = shingle_hashes(text);
    let mut signature = [u32::MAX; PERMUTATIONS];
    for &hash in &hashes {
        let x = hash & 0xffff_ffff;
        for (slot, &(a, b)) in signature.iter_mut().zip(COEFFICIENTS.iter()) {
            let value = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            if value < *slot {
                *slot = value;
            }
        }
    }
    Fingerprint { signature, shingles: u32::try_from(hashes.len()).unwrap_or(u32::MAX) }
}

/// The fingerprint of a coded article's body (`text[body_start..]`): the title is left out so that a
/// re-titled copy has the same fingerprint as the original.
pub fn article_fingerprint(article: &AnnotatedArticle) -> Fingerprint {
    let body = article.text.get(article.body_start as usize..).unwrap_or(&article.text);
    fingerprint(body)
}

/// The distinct xxh3-64 hashes of the text's shingles, sorted.
fn shingle_hashes(text: &str) -> Vec<u64> {
    // The lower-cased words joined by single spaces, and where each word starts and ends in that string.
    let mut words = String::with_capacity(text.len());
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if start.is_none() {
                if !words.is_empty() {
                    words.push(' ');
                }
                start = Some(words.len());
            }
            words.extend(c.to_lowercase());
        } else if let Some(s) = start.take() {
            bounds.push((s, words.len()));
        }
    }
    if let Some(s) = start {
        bounds.push((s, words.len()));
    }
    if bounds.is_empty() {
        return Vec::new();
    }
    let mut hashes: Vec<u64> = if bounds.len() < SHINGLE_WORDS {
        vec![xxh3_64(words.as_bytes())]
    } else {
        bounds.windows(SHINGLE_WORDS).map(|w| xxh3_64(&words.as_bytes()[w[0].0..w[SHINGLE_WORDS - 1].1])).collect()
    };
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

impl Fingerprint {
    /// A fingerprint from a stored signature and shingle count.
    pub fn from_parts(signature: [u32; PERMUTATIONS], shingles: u32) -> Fingerprint {
        Fingerprint { signature, shingles }
    }

    /// The MinHash signature: for each permutation, the least permuted shingle hash (`u32::MAX` without shingles).
    pub fn signature(&self) -> &[u32; PERMUTATIONS] {
        &self.signature
    }

    /// Number of distinct shingles in the text.
    pub fn shingles(&self) -> u32 {
        self.shingles
    }

    /// True when the text had no words: such a fingerprint joins nothing and has no band keys.
    pub fn is_empty(&self) -> bool {
        self.shingles == 0
    }

    /// The [`BANDS`] LSH band keys, in band order; none for an empty fingerprint. Two texts with Jaccard
    /// similarity `J` share at least one key with probability `1 - (1 - J^3)^42`.
    pub fn band_keys(&self) -> Vec<u64> {
        if self.is_empty() {
            return Vec::new();
        }
        self.signature
            .chunks_exact(ROWS_PER_BAND)
            .take(BANDS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = [0u8; 4 * ROWS_PER_BAND];
                for (chunk, value) in bytes.chunks_exact_mut(4).zip(rows) {
                    chunk.copy_from_slice(&value.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes, band as u64)
            })
            .collect()
    }

    /// The portable encoding: [`ENCODING_VERSION`], the shingle count, then the signature, all little-endian
    /// `u32`s ([`ENCODED_LEN`] bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(ENCODED_LEN);
        out.push(ENCODING_VERSION);
        out.extend_from_slice(&self.shingles.to_le_bytes());
        for value in &self.signature {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out
    }

    /// Reads [`Fingerprint::to_bytes`] back.
    pub fn from_bytes(bytes: &[u8]) -> Result<Fingerprint, DecodeError> {
        if bytes.len() != ENCODED_LEN {
            return Err(DecodeError::Length { found: bytes.len(), expected: ENCODED_LEN });
        }
        if bytes[0] != ENCODING_VERSION {
            return Err(DecodeError::Version(bytes[0]));
        }
        let mut words = bytes[1..].chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let shingles = words.next().unwrap_or(0);
        let mut signature = [u32::MAX; PERMUTATIONS];
        for (slot, value) in signature.iter_mut().zip(words) {
            *slot = value;
        }
        Ok(Fingerprint { signature, shingles })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_case_punctuation_and_spacing() {
        let a = fingerprint("Russia warned NATO on Monday, the Kremlin said.");
        let b = fingerprint("  russia WARNED nato -- on monday; the kremlin said ");
        assert_eq!(a, b);
        assert_eq!(a.shingles(), 4); // 8 words, 4 shingles of 5
        assert_ne!(a, fingerprint("Russia warned NATO on Tuesday, the Kremlin said."));
    }

    #[test]
    fn shingles_are_five_words_and_counted_once() {
        assert_eq!(shingle_hashes("one two three four five").len(), 1);
        assert_eq!(shingle_hashes("one two three four five six").len(), 2);
        // A short text is one shingle; no words, none.
        assert_eq!(shingle_hashes("Kyiv, Ukraine").len(), 1);
        assert!(shingle_hashes(" ... — !").is_empty());
        // A repeated passage adds no new shingles.
        let once = "a b c d e f g";
        assert_eq!(shingle_hashes(&format!("{once} {once}")).len(), shingle_hashes(once).len() + 4);
        // Shingles are the words joined by one space, so the hash is reproducible elsewhere.
        assert_eq!(shingle_hashes("One, two. Three! Four? Five"), vec![xxh3_64(b"one two three four five")]);
        // Non-ASCII letters are words; lower-casing is Unicode-aware.
        assert_eq!(shingle_hashes("ÉTÉ Київ"), vec![xxh3_64("été київ".as_bytes())]);
    }

    #[test]
    fn coefficients_follow_splitmix64_and_are_odd() {
        // SplitMix64's published first output for seed 0 is 0xe220a8397b1dcdaf.
        let mut state = 0;
        assert_eq!(splitmix64(&mut state), 0xe220_a839_7b1d_cdaf);
        assert!(COEFFICIENTS.iter().all(|(a, _)| a % 2 == 1));
        let mut state = COEFFICIENT_SEED;
        let a0 = splitmix64(&mut state) | 1;
        let b0 = splitmix64(&mut state);
        assert_eq!(COEFFICIENTS[0], (a0, b0));
    }

    #[test]
    fn signature_is_the_minimum_per_permutation() {
        let text = "one two three four five six seven";
        let fp = fingerprint(text);
        let hashes = shingle_hashes(text);
        for (i, &(a, b)) in COEFFICIENTS.iter().enumerate() {
            let expected = hashes.iter().map(|h| (a.wrapping_mul(h & 0xffff_ffff).wrapping_add(b) >> 32) as u32).min();
            assert_eq!(Some(fp.signature()[i]), expected);
        }
    }

    #[test]
    fn empty_text_has_no_shingles_and_no_band_keys() {
        let fp = fingerprint("");
        assert!(fp.is_empty());
        assert!(fp.signature().iter().all(|&v| v == u32::MAX));
        assert!(fp.band_keys().is_empty());
    }

    #[test]
    fn band_keys_depend_on_their_band_only() {
        let fp = fingerprint("The foreign ministry summoned the ambassador over the border incident on Friday.");
        let keys = fp.band_keys();
        assert_eq!(keys.len(), BANDS);
        // Changing one value of band 5 changes key 5 and no other.
        let mut signature = *fp.signature();
        signature[5 * ROWS_PER_BAND + 1] ^= 1;
        let changed = Fingerprint::from_parts(signature, fp.shingles()).band_keys();
        let differ: Vec<usize> = (0..BANDS).filter(|&k| keys[k] != changed[k]).collect();
        assert_eq!(differ, [5]);
        // The unbanded tail does not change any key.
        signature = *fp.signature();
        signature[PERMUTATIONS - 1] ^= 1;
        assert_eq!(Fingerprint::from_parts(signature, fp.shingles()).band_keys(), keys);
        // The same rows in another band give another key (the band index is the seed).
        let same_rows = Fingerprint::from_parts([7; PERMUTATIONS], 1).band_keys();
        assert_ne!(same_rows[0], same_rows[1]);
    }

    #[test]
    fn bytes_round_trip_and_bad_bytes_are_errors() {
        let fp = fingerprint("Talks between the two delegations resumed in Geneva after a pause of a week.");
        let bytes = fp.to_bytes();
        assert_eq!(bytes.len(), ENCODED_LEN);
        assert_eq!(bytes[0], ENCODING_VERSION);
        assert_eq!(u32::from_le_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]), fp.shingles());
        assert_eq!(Fingerprint::from_bytes(&bytes), Ok(fp));
        assert_eq!(Fingerprint::from_bytes(&bytes[1..]), Err(DecodeError::Length { found: 516, expected: 517 }));
        let mut wrong = bytes.clone();
        wrong[0] = 9;
        assert_eq!(Fingerprint::from_bytes(&wrong), Err(DecodeError::Version(9)));
    }

    #[test]
    fn article_fingerprint_reads_the_body_only() {
        let body = "Ministers of the two countries met in Ankara on Thursday to discuss grain exports.";
        let make = |title: &str| {
            let text = format!("{title}\n\n{body}");
            AnnotatedArticle {
                id: "a".into(),
                title: Some(title.into()),
                date: None,
                url: None,
                origin: Default::default(),
                body_start: (title.len() + 2) as u32,
                text,
                sentences: Vec::new(),
                mentions: Vec::new(),
                events: Vec::new(),
                quotes: Vec::new(),
                dates: Vec::new(),
                diagnostics: Vec::new(),
                dict_version: "1".into(),
            }
        };
        assert_eq!(article_fingerprint(&make("Grain talks in Ankara")), fingerprint(body));
        assert_eq!(article_fingerprint(&make("A different headline")), fingerprint(body));
        // A body start that is not on the text falls back to the whole text instead of failing.
        let mut broken = make("T");
        broken.body_start = 10_000;
        assert_eq!(article_fingerprint(&broken), fingerprint(&broken.text));
    }
}
