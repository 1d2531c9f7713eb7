//! Feature hashing and what every model reads of a word.
//!
//! A feature is a template id and a few atoms (a word's normalised form, a tag, a distance), hashed to a u64
//! with plain integer arithmetic, so that the same feature has the same key on every machine: the keys are
//! stored in the model file. A word's atoms are hashed once per sentence ([`Lex`]), never per feature.

use xxhash_rust::xxh3::xxh3_64;

/// The key of a feature: `template` and its atoms mixed into one u64.
#[inline]
pub(crate) fn key(template: u32, atoms: &[u64]) -> u64 {
    let mut h = (template as u64).wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for &atom in atoms {
        h = (h ^ atom).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 31;
    }
    finish(h)
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
        assert_eq!(Lex::new("US-led").flags, CAPS | HYPHEN);
        assert_eq!(Lex::new("warned").suffix[1], text("ed"));
        assert_eq!(Lex::new("é").suffix[3], text("é"));
    }
}
