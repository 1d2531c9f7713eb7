//! The model file: one versioned binary format.
//!
//! ```text
//! magic      8 bytes  "RLSYNTAX"
//! version    u32      FORMAT_VERSION: the layout of what follows
//! features   u32      FEATURE_SET: the feature templates the weights were trained with
//! length     u64      the whole file's length in bytes
//! header     u32 length + UTF-8 text, one `key<TAB>value` per line (tags, labels, training data hash, settings)
//! sections   word clusters, tag dictionary, tagger weights, parser move and relation weights, lemma exceptions,
//!            lemma rules
//! checksum   u64      xxh3-64 of every byte before it
//! ```
//!
//! Integers are little-endian. Weights are `i16` with one `f32` scale per table. A file that is truncated,
//! corrupt, of another version or feature set is refused with a [`ModelError`] that says which, never a panic.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

use crate::lemma::{Edit, Lemmatizer};
use crate::parser::Parser;
use crate::perceptron::{HashedTable, KeyMap, MAX_CLASSES, SparseParts, SparseTable};
use crate::tagger::Tagger;

/// The first bytes of every model file.
pub const MAGIC: &[u8; 8] = b"RLSYNTAX";
/// The version of the layout this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// The version of the feature templates this build computes; weights trained with others are meaningless.
pub const FEATURE_SET: u32 = 2;

/// Why a model file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The bytes do not start with [`MAGIC`].
    #[error("not a redline syntax model (the file does not start with RLSYNTAX)")]
    NotAModel,
    /// The layout version is not the one this build reads.
    #[error("model format version {found}, but this build reads version {expected}: retrain the model")]
    Version {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// The feature templates differ from this build's.
    #[error(
        "model trained with feature set {found}, but this build computes feature set {expected}: retrain the model"
    )]
    FeatureSet {
        /// Feature set in the file.
        found: u32,
        /// Feature set of this build.
        expected: u32,
    },
    /// The file ends early.
    #[error("model file is truncated: {found} bytes of {expected}")]
    Truncated {
        /// Bytes in the file.
        found: u64,
        /// Bytes the file should have.
        expected: u64,
    },
    /// The checksum does not match the content.
    #[error("model file is corrupt (checksum mismatch)")]
    Checksum,
    /// The content is inconsistent.
    #[error("model file is corrupt: {0}")]
    Corrupt(String),
}

/// Everything a model file holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parts {
    pub header: Vec<(String, String)>,
    pub clusters: KeyMap<u16>,
    pub tagger: Tagger,
    pub parser: Parser,
    pub lemmas: Lemmatizer,
}

/// Writes a model file.
pub(crate) fn write(parts: &Parts) -> Vec<u8> {
    let mut out = Writer::default();
    out.bytes(MAGIC);
    out.u32(FORMAT_VERSION);
    out.u32(FEATURE_SET);
    let length_at = out.0.len();
    out.u64(0);
    let header: String = parts.header.iter().map(|(k, v)| format!("{k}\t{v}\n")).collect();
    out.text(&header);

    let mut clusters: Vec<(u64, u16)> = parts.clusters.iter().map(|(&k, &v)| (k, v)).collect();
    clusters.sort_unstable();
    out.u32(clusters.len() as u32);
    for (norm, class) in clusters {
        out.u64(norm);
        out.u16(class);
    }

    let mut dictionary: Vec<(u64, u16)> = parts.tagger.dictionary.iter().map(|(&k, &v)| (k, v)).collect();
    dictionary.sort_unstable();
    out.u32(dictionary.len() as u32);
    for (form, tag) in dictionary {
        out.u64(form);
        out.u16(tag);
    }
    out.f32(parts.tagger.margin);
    sparse(&mut out, &parts.tagger.table);

    let (scale, rows) = parts.parser.table.parts();
    out.f32(scale);
    out.u32(rows.len() as u32);
    let used: Vec<(u32, &[i16; 4])> =
        rows.iter().enumerate().filter(|(_, r)| r.iter().any(|&w| w != 0)).map(|(i, r)| (i as u32, r)).collect();
    out.u32(used.len() as u32);
    for (row, weights) in used {
        out.u32(row);
        for &w in &weights[..3] {
            out.u16(w as u16);
        }
    }
    out.u16(parts.parser.root);
    sparse(&mut out, &parts.parser.labels);

    let mut exceptions: Vec<(&(String, u16), &String)> = parts.lemmas.exceptions.iter().collect();
    exceptions.sort();
    out.u32(exceptions.len() as u32);
    for ((form, tag), lemma) in exceptions {
        out.text(form);
        out.u16(*tag);
        out.text(lemma);
    }
    let mut rules: Vec<(&(u16, String), &Edit)> = parts.lemmas.rules.iter().collect();
    rules.sort();
    out.u32(rules.len() as u32);
    for ((tag, suffix), edit) in rules {
        out.u16(*tag);
        out.text(suffix);
        out.bytes(&[edit.strip]);
        out.text(&edit.append);
    }
    out.u32(parts.lemmas.keep_case.len() as u32);
    for &keep in &parts.lemmas.keep_case {
        out.bytes(&[u8::from(keep)]);
    }

    let length = out.0.len() as u64 + 8;
    out.0[length_at..length_at + 8].copy_from_slice(&length.to_le_bytes());
    let checksum = xxh3_64(&out.0);
    out.u64(checksum);
    out.0
}

fn sparse(out: &mut Writer, table: &SparseTable) {
    let SparseParts { classes, scale, keys, entries } = table.parts();
    out.u32(classes as u32);
    out.f32(scale);
    out.u32(keys.len() as u32);
    for &(key, len) in keys {
        out.u64(key);
        out.u16(len as u16);
    }
    for &(class, weight) in entries {
        out.u16(class);
        out.u16(weight as u16);
    }
}

/// Reads a model file.
pub(crate) fn read(bytes: &[u8]) -> Result<Parts, ModelError> {
    const PREAMBLE: usize = MAGIC.len() + 4 + 4 + 8;
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(ModelError::NotAModel);
    }
    if bytes.len() < PREAMBLE {
        return Err(ModelError::Truncated { found: bytes.len() as u64, expected: PREAMBLE as u64 });
    }
    let mut r = Reader { bytes, at: MAGIC.len() };
    let version = r.u32("the header")?;
    if version != FORMAT_VERSION {
        return Err(ModelError::Version { found: version, expected: FORMAT_VERSION });
    }
    let features = r.u32("the header")?;
    if features != FEATURE_SET {
        return Err(ModelError::FeatureSet { found: features, expected: FEATURE_SET });
    }
    let length = r.u64("the header")?;
    if (bytes.len() as u64) < length {
        return Err(ModelError::Truncated { found: bytes.len() as u64, expected: length });
    }
    if bytes.len() as u64 != length || length < r.at as u64 + 8 {
        return Err(ModelError::Corrupt(format!("the header announces {length} bytes, the file has {}", bytes.len())));
    }
    let (body, tail) = bytes.split_at(bytes.len() - 8);
    let checksum = u64::from_le_bytes(tail.try_into().expect("8 bytes"));
    if xxh3_64(body) != checksum {
        return Err(ModelError::Checksum);
    }
    let mut r = Reader { bytes: body, at: r.at };
    let header = r
        .text("the header")?
        .lines()
        .map(|line| {
            let (k, v) = line.split_once('\t').unwrap_or((line, ""));
            (k.to_string(), v.to_string())
        })
        .collect();

    let count = r.u32("the word clusters")? as usize;
    let mut clusters = KeyMap::default();
    for _ in 0..count {
        let norm = r.u64("the word clusters")?;
        clusters.insert(norm, r.u16("the word clusters")?);
    }

    let count = r.u32("the tag dictionary")? as usize;
    let mut dictionary = KeyMap::default();
    for _ in 0..count {
        let form = r.u64("the tag dictionary")?;
        dictionary.insert(form, r.u16("the tag dictionary")?);
    }
    let margin = r.f32("the tagger's weights")?;
    let table = read_sparse(&mut r, "the tagger's weights")?;
    if table.classes() > MAX_CLASSES {
        return Err(ModelError::Corrupt(format!("the tagger has {} tags, more than {MAX_CLASSES}", table.classes())));
    }
    if let Some((_, &tag)) = dictionary.iter().find(|&(_, &t)| t as usize >= table.classes()) {
        return Err(ModelError::Corrupt(format!("the tag dictionary names tag {tag} of {}", table.classes())));
    }
    let tagger = Tagger { table, dictionary, margin };

    let scale = r.f32("the parser's weights")?;
    let size = r.u32("the parser's weights")? as usize;
    if !size.is_power_of_two() || size > 1 << 24 {
        return Err(ModelError::Corrupt(format!("the parser's table has {size} rows, not a power of two up to 2^24")));
    }
    let used = r.u32("the parser's weights")? as usize;
    let mut rows = vec![[0i16; 4]; size];
    for _ in 0..used {
        let row = r.u32("the parser's weights")? as usize;
        let slot = rows.get_mut(row).ok_or_else(|| ModelError::Corrupt(format!("parser row {row} of {size}")))?;
        for w in &mut slot[..3] {
            *w = r.u16("the parser's weights")? as i16;
        }
    }
    let root = r.u16("the parser's relations")?;
    let labels = read_sparse(&mut r, "the parser's relations")?;
    if root as usize >= labels.classes() {
        return Err(ModelError::Corrupt(format!("the root relation is {root} of {}", labels.classes())));
    }
    let parser = Parser { table: HashedTable::from_parts(scale, rows), labels, root };

    let count = r.u32("the lemma exceptions")? as usize;
    let mut exceptions = HashMap::with_capacity(count.min(1 << 20));
    for _ in 0..count {
        let form = r.text("the lemma exceptions")?;
        let tag = r.u16("the lemma exceptions")?;
        exceptions.insert((form, tag), r.text("the lemma exceptions")?);
    }
    let count = r.u32("the lemma rules")? as usize;
    let mut rules = HashMap::with_capacity(count.min(1 << 20));
    for _ in 0..count {
        let tag = r.u16("the lemma rules")?;
        let suffix = r.text("the lemma rules")?;
        let strip = r.take(1, "the lemma rules")?[0];
        rules.insert((tag, suffix), Edit { strip, append: r.text("the lemma rules")? });
    }
    let count = r.u32("the lemma rules")? as usize;
    let keep_case = r.take(count, "the lemma rules")?.iter().map(|&b| b != 0).collect();
    if r.at != body.len() {
        return Err(ModelError::Corrupt(format!("{} bytes after the last section", body.len() - r.at)));
    }
    Ok(Parts { header, clusters, tagger, parser, lemmas: Lemmatizer { exceptions, rules, keep_case } })
}
fn read_sparse(r: &mut Reader<'_>, what: &'static str) -> Result<SparseTable, ModelError> {
    let classes = r.u32(what)? as usize;
    if classes == 0 || classes > MAX_CLASSES {
        return Err(ModelError::Corrupt(format!("{what}: {classes} classes")));
    }
    let scale = r.f32(what)?;
    let count = r.u32(what)? as usize;
    let mut keys = Vec::with_capacity(count.min(1 << 24));
    let mut total = 0usize;
    for _ in 0..count {
        let key = r.u64(what)?;
        let len = r.u16(what)? as u32;
        if len == 0 {
            return Err(ModelError::Corrupt(format!("{what}: a feature with no weights")));
        }
        total += len as usize;
        keys.push((key, len));
    }
    let mut entries = Vec::with_capacity(total.min(1 << 26));
    for _ in 0..total {
        let class = r.u16(what)?;
        if class as usize >= classes {
            return Err(ModelError::Corrupt(format!("{what}: class {class} of {classes}")));
        }
        entries.push((class, r.u16(what)? as i16));
    }
    Ok(SparseTable::from_parts(classes, scale, keys, entries))
}

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
    fn u16(&mut self, v: u16) {
        self.bytes(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.bytes(&v.to_le_bytes());
    }
    fn text(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes(s.as_bytes());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| ModelError::Corrupt(format!("{what} run past the end of the data")))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }
    fn u16(&mut self, what: &'static str) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.take(2, what)?.try_into().expect("2 bytes")))
    }
    fn u32(&mut self, what: &'static str) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4, what)?.try_into().expect("4 bytes")))
    }
    fn u64(&mut self, what: &'static str) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8, what)?.try_into().expect("8 bytes")))
    }
    fn f32(&mut self, what: &'static str) -> Result<f32, ModelError> {
        let v = f32::from_le_bytes(self.take(4, what)?.try_into().expect("4 bytes"));
        if !v.is_finite() {
            return Err(ModelError::Corrupt(format!("{what}: scale {v}")));
        }
        Ok(v)
    }
    fn text(&mut self, what: &'static str) -> Result<String, ModelError> {
        let len = self.u32(what)? as usize;
        let bytes = self.take(len, what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| ModelError::Corrupt(format!("{what}: text is not UTF-8")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Model;
    use crate::tests::synthetic_treebank;
    use crate::train::{Quiet, TrainSettings, train};

    fn model_bytes() -> Vec<u8> {
        let settings = TrainSettings { max_epochs: 2, folds: 1, runs: 1, ..TrainSettings::default() };
        let trained =
            train(&synthetic_treebank(60, 3), &synthetic_treebank(20, 4), &[], &settings, &mut Quiet).unwrap();
        trained.model.to_bytes()
    }

    /// Recomputes the length and checksum after an edit, so that the content itself is what gets read.
    fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
        bytes.truncate(bytes.len() - 8);
        let length = bytes.len() as u64 + 8;
        bytes[16..24].copy_from_slice(&length.to_le_bytes());
        let checksum = xxh3_64(&bytes);
        bytes.extend_from_slice(&checksum.to_le_bytes());
        bytes
    }

    #[test]
    fn a_model_reads_back_as_it_was_written() {
        let bytes = model_bytes();
        let model = Model::from_bytes(&bytes).unwrap();
        assert_eq!(model.to_bytes(), bytes);
        assert!(model.header_value("trained_on").is_some_and(|h| h.starts_with("xxh3:")));
    }

    #[test]
    fn a_broken_model_is_refused_with_the_reason() {
        let bytes = model_bytes();
        let refuse = |b: &[u8]| Model::from_bytes(b).unwrap_err();
        assert_eq!(refuse(b""), ModelError::NotAModel);
        assert_eq!(refuse(b"GIF89a..."), ModelError::NotAModel);
        assert!(matches!(refuse(&bytes[..12]), ModelError::Truncated { .. }));
        let half = refuse(&bytes[..bytes.len() / 2]);
        assert!(half.to_string().contains("truncated"), "{half}");
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x40;
        assert_eq!(refuse(&flipped), ModelError::Checksum);
        let mut version = bytes.clone();
        version[8] += 1;
        assert_eq!(refuse(&version), ModelError::Version { found: FORMAT_VERSION + 1, expected: FORMAT_VERSION });
        assert!(refuse(&version).to_string().contains("retrain"));
        let mut features = bytes.clone();
        features[12] += 1;
        assert!(matches!(refuse(&features), ModelError::FeatureSet { .. }));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(refuse(&longer), ModelError::Corrupt(_)));
        // A header whose inventory disagrees with the weights, sealed as if it were whole.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let at = text.find("relations\t").unwrap() + "relations\t".len();
        let mut edited = bytes.clone();
        edited[at] = b'X';
        edited[at + 1] = b' ';
        let edited = reseal(edited);
        assert!(Model::from_bytes(&edited).is_ok() || matches!(refuse(&edited), ModelError::Corrupt(_)));
    }

    #[test]
    fn no_edit_of_the_content_makes_reading_panic() {
        let bytes = model_bytes();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let mut edited = bytes.clone();
            for _ in 0..1 + next() % 4 {
                let at = 24 + (next() as usize) % (edited.len() - 32);
                edited[at] = next() as u8;
            }
            if next() % 4 == 0 {
                let cut = 24 + (next() as usize) % (edited.len() - 32);
                edited.truncate(cut);
                edited.extend_from_slice(&[0; 8]);
            }
            // Whatever it says, it answers: a model or an error.
            let _ = Model::from_bytes(&reseal(edited));
        }
    }
}
