//! Lemmas: the dictionary form of a word given its Penn tag (`warned`/VBD → `warn`, `troops`/NNS → `troop`).
//!
//! Learned from the treebank's lemma column in two layers: every (form, tag) seen in training whose lemma the
//! suffix rules would get wrong is an exception, and the suffix rules themselves — for a tag and the last
//! characters of the form, the most frequent edit (remove k characters, append a string) — carry the pattern
//! over to unseen words (`bombarded` from `warded`).

use std::borrow::Cow;
use std::collections::HashMap;

/// The longest form suffix a rule looks at.
const SUFFIX: usize = 5;

/// An edit that turns a form into its lemma: remove `strip` characters from the end, then append `append`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Edit {
    pub strip: u8,
    pub append: String,
}

impl Edit {
    /// The edit from `form` (lower-cased) to `lemma`.
    fn between(form: &str, lemma: &str) -> Edit {
        let common = form.chars().zip(lemma.chars()).take_while(|(a, b)| a == b).count();
        let strip = form.chars().count() - common;
        Edit { strip: strip.min(u8::MAX as usize) as u8, append: lemma.chars().skip(common).collect() }
    }

    fn apply(&self, form: &str) -> Option<String> {
        let keep = form.chars().count().checked_sub(self.strip as usize)?;
        let mut out: String = form.chars().take(keep).collect();
        out.push_str(&self.append);
        (!out.is_empty()).then_some(out)
    }
}

/// The lemmatiser.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Lemmatizer {
    /// (lower-cased form, tag) → lemma, where the rules are wrong.
    pub exceptions: HashMap<(String, u16), String>,
    /// (tag, lower-cased suffix) → edit.
    pub rules: HashMap<(u16, String), Edit>,
    /// Tags whose words keep their case (proper nouns).
    pub keep_case: Vec<bool>,
}

impl Lemmatizer {
    /// Learns from (form, tag, lemma) triples; `keep_case[tag]` is true for tags whose lemmas keep the form's
    /// case (proper nouns).
    pub fn learn<'a>(
        examples: impl Iterator<Item = (&'a str, u16, &'a str)> + Clone,
        keep_case: Vec<bool>,
    ) -> Lemmatizer {
        let mut votes: HashMap<(u16, String), HashMap<Edit, usize>> = HashMap::new();
        for (form, tag, lemma) in examples.clone() {
            let lower = form.to_lowercase();
            let edit = Edit::between(&lower, &lemma.to_lowercase());
            for n in 0..=SUFFIX.min(lower.chars().count()) {
                let suffix: String = lower.chars().skip(lower.chars().count() - n).collect();
                *votes.entry((tag, suffix)).or_default().entry(edit.clone()).or_default() += 1;
            }
        }
        let rules = votes
            .into_iter()
            .filter_map(|(k, edits)| {
                // The most frequent edit; ties go to the smaller edit so the result does not depend on map order.
                let (edit, _) = edits.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
                Some((k, edit))
            })
            .collect();
        let mut lemmatizer = Lemmatizer { exceptions: HashMap::new(), rules, keep_case };
        // Each (form, tag)'s most frequent lemma, kept where the rules give another.
        let mut seen: HashMap<(String, u16), HashMap<String, usize>> = HashMap::new();
        for (form, tag, lemma) in examples {
            // The lemma keeps its case (`I`), the form does not (`The` and `the` share an entry).
            *seen.entry((form.to_lowercase(), tag)).or_default().entry(lemma.to_string()).or_default() += 1;
        }
        lemmatizer.exceptions = seen
            .into_iter()
            .filter_map(|((form, tag), lemmas)| {
                let (lemma, _) = lemmas.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
                (lemmatizer.by_rule(&form, tag).as_deref() != Some(lemma.as_str())).then_some(((form, tag), lemma))
            })
            .collect();
        lemmatizer
    }

    /// The lemma of `form` tagged `tag`.
    pub fn lemma<'a>(&self, form: &'a str, tag: u16) -> Cow<'a, str> {
        if self.keep_case.get(tag as usize).copied().unwrap_or(false) {
            return Cow::Borrowed(form);
        }
        let lower = form.to_lowercase();
        if let Some(lemma) = self.exceptions.get(&(lower.clone(), tag)) {
            return Cow::Owned(lemma.clone());
        }
        match self.by_rule(&lower, tag) {
            Some(lemma) if lemma == form => Cow::Borrowed(form),
            Some(lemma) => Cow::Owned(lemma),
            None => Cow::Owned(lower),
        }
    }

    /// The lemma the longest matching suffix rule gives.
    fn by_rule(&self, lower: &str, tag: u16) -> Option<String> {
        let chars = lower.chars().count();
        for n in (0..=SUFFIX.min(chars)).rev() {
            let start = lower.char_indices().nth(chars - n).map_or(lower.len(), |(i, _)| i);
            if let Some(edit) = self.rules.get(&(tag, lower[start..].to_string())) {
                return edit.apply(lower);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_rules_carry_over_to_unseen_words_and_exceptions_win() {
        const VBD: u16 = 0;
        const NNP: u16 = 1;
        const NNS: u16 = 2;
        let examples = [
            ("warned", VBD, "warn"),
            ("guarded", VBD, "guard"),
            ("awarded", VBD, "award"),
            ("went", VBD, "go"),
            ("guarded", VBD, "guard"),
            ("guarded", VBD, "guardd"),
            ("Russia", NNP, "Russia"),
            ("troops", NNS, "troop"),
            ("weapons", NNS, "weapon"),
            ("sanctions", NNS, "sanction"),
            ("countries", NNS, "country"),
            ("cities", NNS, "city"),
        ];
        let lemmatizer = Lemmatizer::learn(examples.iter().copied(), vec![false, true, false]);
        assert_eq!(lemmatizer.lemma("bombarded", VBD), "bombard");
        assert_eq!(lemmatizer.lemma("Warned", VBD), "warn");
        assert_eq!(lemmatizer.lemma("went", VBD), "go");
        assert_eq!(lemmatizer.lemma("guarded", VBD), "guard");
        assert_eq!(lemmatizer.lemma("Ukraine", NNP), "Ukraine");
        assert_eq!(lemmatizer.lemma("parties", NNS), "party");
        assert_eq!(lemmatizer.lemma("tanks", NNS), "tank");
    }
}
