//! Feature hashing and what every model reads of a word.
//!
//! A feature is a template id and a few atoms (a word's normalised form, a tag, a distance), hashed to a u64
//! with plain integer arithmetic, so that the same feature has the same key on every machine: the keys are
//! stored in the model file. A word's atoms are hashed once per sentence ([`Lex`]), never per feature.

use xxhash_rust::xxh3::xxh3_64;

/// The key of a feature: `template` and its atoms mixed into one u64.
///
/// The atoms are well-mixed hashes already, so one multiply per atom is enough; the last step folds the high
/// half (which depends on every bit) into the low bits that tables index by. Cheap on purpose: the parser
/// computes over a hundred keys per move.
#[inline(always)]
pub(crate) fn key(template: u32, atoms: &[u64]) -> u64 {
    let mut h = finish(template as u64 + 1);
    for &atom in atoms {
        h = (h ^ atom).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    h ^ (h >> 32)
}

#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// The hash of a string atom.
#[inline]
pub(crate) fn text(value: &str) -> u64 {
    xxh3_64(value.as_bytes())
}

/// A small integer atom (a tag, a label, a bucketed distance), kept apart from string hashes.
#[inline]
pub(crate) fn small(value: u32) -> u64 {
    finish(0xA076_1D64_78BD_642F ^ value as u64)
}

/// The atom of a word that is not there (past the end of the sentence, a missing child).
pub(crate) const NONE: u64 = 0x2545_F491_4F6C_DD1D;
/// The atom of the artificial root.
pub(crate) const ROOT: u64 = 0x5851_F42D_4C95_7F2D;

/// What the models read of one word, hashed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lex {
    /// The form as written.
    pub form: u64,
    /// The lower-cased form, with digits folded (`1999` and `2022` share a key).
    pub norm: u64,
    /// The last one, two, three and four characters (lower-cased).
    pub suffix: [u64; 4],
    /// The first character and the first three characters, as written.
    pub prefix: [u64; 2],
    /// The shape: `Xx`, `xx`, `X.X.`, `dd`, `d.d`, … (runs of a class longer than two are cut).
    pub shape: u64,
    /// Flags: title case, all caps, digit, hyphen, first letter non-ASCII.
    pub flags: u32,
    /// The word's cluster ([`NO_CLUSTER`] until [`Lex::cluster`] looks it up).
    pub cluster: u64,
}

/// Words up to this many bytes are read without allocating.
const ASCII_MAX: usize = 48;

/// The cluster atom of a word no cluster holds.
pub(crate) const NO_CLUSTER: u64 = 0x7A3B_9C1D_2E4F_5061;

/// Flag: the first character is upper case and some other is lower case.
pub(crate) const TITLE: u32 = 1;
/// Flag: every letter is upper case (and there are at least two).
pub(crate) const CAPS: u32 = 2;
/// Flag: holds a digit.
pub(crate) const DIGIT: u32 = 4;
/// Flag: holds a hyphen.
pub(crate) const HYPHEN: u32 = 8;

impl Lex {
    /// The normalised form: lower-cased, every ASCII digit a `0`.
    pub fn normalise(form: &str) -> String {
        form.chars().flat_map(char::to_lowercase).map(|c| if c.is_ascii_digit() { '0' } else { c }).collect()
    }

    /// Hashes what the models read of `form`.
    pub fn new(form: &str) -> Lex {
        if form.len() <= ASCII_MAX && form.is_ascii() {
            return Lex::ascii(form.as_bytes());
        }
        Lex::general(form)
    }

    /// The common case without allocating: a short ASCII word, in stack buffers. Gives exactly what
    /// [`Lex::general`] gives for the same word (a test checks it).
    fn ascii(form: &[u8]) -> Lex {
        let mut lower = [0u8; ASCII_MAX];
        let mut norm = [0u8; ASCII_MAX];
        let mut shape = [0u8; ASCII_MAX];
        let mut shape_len = 0;
        let mut flags = 0;
        let (mut uppers, mut lowers) = (0usize, 0usize);
        let mut last_class = 0u8;
        let mut run = 0;
        for (i, &b) in form.iter().enumerate() {
            let class = match b {
                b'A'..=b'Z' => {
                    uppers += 1;
                    b'X'
                }
                b'a'..=b'z' => {
                    lowers += 1;
                    b'x'
                }
                b'0'..=b'9' => {
                    flags |= DIGIT;
                    b'd'
                }
                b'-' => {
                    flags |= HYPHEN;
                    b
                }
                _ => b,
            };
            if class == last_class {
                run += 1;
            } else {
                run = 1;
                last_class = class;
            }
            if run <= 2 {
                shape[shape_len] = class;
                shape_len += 1;
            }
            let l = b.to_ascii_lowercase();
            lower[i] = l;
            norm[i] = if l.is_ascii_digit() { b'0' } else { l };
        }
        if form.first().is_some_and(u8::is_ascii_uppercase) && lowers > 0 {
            flags |= TITLE;
        }
        if uppers >= 2 && lowers == 0 {
            flags |= CAPS;
        }
        let n = form.len();
        let bytes = |b: &[u8]| xxh3_64(b);
        let suffix = |k: usize| bytes(&lower[n.saturating_sub(k)..n]);
        Lex {
            form: bytes(form),
            norm: bytes(&norm[..n]),
            suffix: [suffix(1), suffix(2), suffix(3), suffix(4)],
            prefix: [bytes(&form[..n.min(1)]), bytes(&form[..n.min(3)])],
            shape: bytes(&shape[..shape_len]),
            flags,
            cluster: NO_CLUSTER,
        }
    }

    /// Any word, through strings.
    fn general(form: &str) -> Lex {
        let mut lower = String::with_capacity(form.len());
        let mut norm = String::with_capacity(form.len());
        let mut shape = String::with_capacity(8);
        let mut flags = 0;
        let (mut uppers, mut lowers) = (0usize, 0usize);
        let mut last_class = '\0';
        let mut run = 0;
        for c in form.chars() {
            let class = if c.is_uppercase() {
                uppers += 1;
                'X'
            } else if c.is_lowercase() {
                lowers += 1;
                'x'
            } else if c.is_ascii_digit() {
                flags |= DIGIT;
                'd'
            } else {
                if c == '-' {
                    flags |= HYPHEN;
                }
                c
            };
            if class == last_class {
                run += 1;
            } else {
                run = 1;
                last_class = class;
            }
            if run <= 2 {
                shape.push(class);
            }
            for l in c.to_lowercase() {
                lower.push(l);
                norm.push(if l.is_ascii_digit() { '0' } else { l });
            }
        }
        if form.chars().next().is_some_and(char::is_uppercase) && lowers > 0 {
            flags |= TITLE;
        }
        if uppers >= 2 && lowers == 0 {
            flags |= CAPS;
        }
        let suffix = |n: usize| {
            let start = lower.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
            text(&lower[start..])
        };
        let prefix = |n: usize| {
            let end = form.char_indices().nth(n).map_or(form.len(), |(i, _)| i);
            text(&form[..end])
        };
        Lex {
            form: text(form),
            norm: text(&norm),
            suffix: [suffix(1), suffix(2), suffix(3), suffix(4)],
            prefix: [prefix(1), prefix(3)],
            shape: text(&shape),
            flags,
            cluster: NO_CLUSTER,
        }
    }
}

impl Lex {
    /// Looks the word's cluster up.
    pub fn cluster(mut self, clusters: &crate::perceptron::KeyMap<u16>) -> Lex {
        self.cluster = clusters.get(&self.norm).map_or(NO_CLUSTER, |&c| small(50_000 + c as u32));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_depend_on_template_atoms_and_their_order() {
        let (a, b) = (text("a"), text("b"));
        assert_ne!(key(1, &[a, b]), key(1, &[b, a]));
        assert_ne!(key(1, &[a]), key(2, &[a]));
        assert_eq!(key(7, &[a, b]), key(7, &[a, b]));
        assert_ne!(small(1), small(2));
    }

    #[test]
    fn ascii_words_are_read_as_any_word_is() {
        for form in ["Kyiv", "U.S.", "1999", "US-led", "don't", "'s", "NATO", "a", "", "x1-Y2..zz", "Ab--CD99e"] {
            assert_eq!(Lex::ascii(form.as_bytes()), Lex::general(form), "{form}");
        }
    }

    #[test]
    fn a_word_is_read_through_its_norm_shape_and_affixes() {
        let year = Lex::new("1999");
        assert_eq!(year.norm, Lex::new("2022").norm);
        assert_eq!(year.flags, DIGIT);
        let name = Lex::new("Kyiv");
        assert_eq!(name.flags, TITLE);
        assert_eq!(name.norm, Lex::new("KYIV").norm);
        assert_eq!(name.shape, text("Xxx"));
        assert_eq!(Lex::new("U.S.").shape, text("X.X."));
        assert_eq!(Lex::new("NATO").flags, CAPS);
        assert_eq!(Lex::new("US-led").flags, TITLE | HYPHEN);
        assert_eq!(Lex::new("US-UK").flags, CAPS | HYPHEN);
        assert_eq!(Lex::new("warned").suffix[1], text("ed"));
        assert_eq!(Lex::new("é").suffix[3], text("é"));
    }
}
