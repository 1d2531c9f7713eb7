//! Tests of the whole crate: the shipped model on the seed article (golden parses), the treebank when it is
//! beside the checkout (round trip, the oracle on every projective tree, a tiny model trained on a slice), a
//! synthetic treebank learnt from scratch, and analysis of random text.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use redline_model::Span;

use crate::conllu::{self, Sentence};
use crate::parser::system::{Config, Move, NONE};
use crate::train::{Quiet, TrainSettings, train};
use crate::{Analyser, Analysis, ClusterSettings, MAX_WORDS, Model};

/// The shipped model, as the engine embeds it.
static SHIPPED: &[u8] = include_bytes!("../../../models/en_ewt.syntax");

/// UD English EWT beside the checkout (`../shared/data/treebanks/ud-english-ewt/`), if it is there.
fn treebank(part: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/treebanks/ud-english-ewt")
        .join(format!("en_ewt-ud-{part}.conllu"));
    if path.exists() {
        return Some(path);
    }
    eprintln!("skipped: {} is not beside this checkout", path.display());
    None
}

fn read(path: &Path) -> (String, Vec<Sentence>) {
    let text = std::fs::read_to_string(path).unwrap();
    let (sentences, errors) = conllu::read(&text);
    assert!(errors.is_empty(), "{errors:?}");
    (text, sentences)
}

#[test]
fn the_seed_article_parses_as_its_golden_file_says() {
    let model = Model::from_bytes(SHIPPED).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let input = std::fs::read_to_string(dir.join("seed.txt")).unwrap();
    let mut analyser = Analyser::new(&model);
    let mut dump = String::new();
    for (n, line) in input.lines().enumerate() {
        let (mut words, mut analysis) = (Vec::new(), Analysis::default());
        analyser.analyse_text(line, Span::new(0, line.len()), &mut words, &mut analysis);
        let sentence = Sentence::from_analysis(&format!("seed-{}", n + 1), line, &words, &analysis, &model);
        write!(dump, "{}", sentence.table()).unwrap();
    }
    expect_test::expect_file![dir.join("seed.parse")].assert_eq(&dump);
}

#[test]
fn ewt_round_trips_through_the_reader_and_writer_byte_for_byte() {
    let Some(path) = treebank("dev") else { return };
    let (text, sentences) = read(&path);
    assert_eq!(sentences.len(), 2001);
    assert!(conllu::write(&sentences) == text, "writing back EWT dev changed it");
}

/// Parses with the oracle alone, always taking the first move of cost 0.
fn oracle_parse(gold: &[u16]) -> Vec<u16> {
    let mut config = Config::default();
    config.reset(gold.len() - 1);
    while !config.is_terminal() {
        let m = Move::ALL.into_iter().find(|&m| config.can(m) && config.cost(m, gold) == 0).expect("a move of cost 0");
        config.apply(m);
    }
    config.heads
}

#[test]
fn the_oracle_reproduces_every_projective_tree_of_ewt_train() {
    let Some(path) = treebank("train") else { return };
    let (_, sentences) = read(&path);
    let mut checked = 0;
    for sentence in &sentences {
        let Some(heads) = sentence.heads() else { continue };
        if !crate::is_projective(&heads) || heads.iter().filter(|&&h| h == 0).count() != 1 {
            continue;
        }
        let gold: Vec<u16> = std::iter::once(NONE).chain(heads.iter().map(|&h| h as u16)).collect();
        assert_eq!(oracle_parse(&gold), gold, "{:?}", sentence.id());
        checked += 1;
    }
    assert!(checked > 12_000, "only {checked} projective trees");
}

fn tiny_settings() -> TrainSettings {
    TrainSettings {
        max_epochs: 4,
        patience: 2,
        folds: 2,
        runs: 1,
        clusters: ClusterSettings { classes: 16, passes: 3, min_count: 2 },
        keep: 1.0,
        ..TrainSettings::default()
    }
}

#[test]
fn a_tiny_model_trained_on_a_slice_of_ewt_reaches_its_scores_and_the_same_bytes_twice() {
    let (Some(train_path), Some(dev_path)) = (treebank("train"), treebank("dev")) else { return };
    let train_set: Vec<Sentence> = read(&train_path).1.into_iter().take(600).collect();
    let dev_set: Vec<Sentence> = read(&dev_path).1.into_iter().take(200).collect();
    let trained = train(&train_set, &dev_set, &[], &tiny_settings(), &mut Quiet).unwrap();
    let d = trained.dev;
    let p = |c| 100.0 * c as f64 / d.words as f64;
    // Measured when written: UPOS 90.1, UAS 69.0, LAS 62.1 (the run is deterministic; the margin leaves room for
    // feature changes that do not lose quality).
    assert!(p(d.upos) > 88.0 && p(d.uas) > 66.0 && p(d.las) > 59.0, "{}", d.describe());
    let again = train(&train_set, &dev_set, &[], &tiny_settings(), &mut Quiet).unwrap();
    assert!(again.model.to_bytes() == trained.model.to_bytes(), "training twice gave different models");
    // What was written reads back to the same model.
    assert_eq!(Model::from_bytes(&trained.model.to_bytes()).unwrap(), trained.model);
}

/// A treebank generated from a small grammar: subjects, verbs, objects, adjectives, prepositional phrases
/// attached to the verb or to the object, and coordinated verbs.
pub(crate) fn synthetic_treebank(count: usize, seed: u64) -> Vec<Sentence> {
    let mut state = seed;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let nouns = ["troops", "ministers", "talks", "sanctions", "leaders", "border", "envoys", "forces"];
    let names = ["Russia", "Ukraine", "NATO", "Kyiv", "Moscow", "Washington"];
    let verbs = ["warned", "attacked", "met", "criticised", "urged", "accused", "praised"];
    let adjectives = ["new", "severe", "military", "western", "foreign"];
    let prepositions = ["near", "with", "after", "at"];
    let mut sentences = Vec::new();
    for n in 0..count {
        // (form, upos, xpos, head, relation)
        let mut words: Vec<(String, &str, &str, usize, &str)> = Vec::new();
        let subject = names[next(names.len())];
        words.push((subject.into(), "PROPN", "NNP", 2, "nsubj"));
        words.push((verbs[next(verbs.len())].into(), "VERB", "VBD", 0, "root"));
        let object_at = if next(2) == 0 {
            words.push(("the".into(), "DET", "DT", 5, "det"));
            words.push((adjectives[next(adjectives.len())].into(), "ADJ", "JJ", 5, "amod"));
            words.push((nouns[next(nouns.len())].into(), "NOUN", "NNS", 2, "obj"));
            5
        } else {
            words.push((names[next(names.len())].into(), "PROPN", "NNP", 2, "obj"));
            3
        };
        if next(2) == 0 {
            // A prepositional phrase on the verb (a place name) or on the object (a noun).
            let on_verb = next(2) == 0;
            let at = words.len() + 1;
            words.push((prepositions[next(prepositions.len())].into(), "ADP", "IN", at + 1, "case"));
            if on_verb {
                words.push((names[next(names.len())].into(), "PROPN", "NNP", 2, "obl"));
            } else {
                words.push((nouns[next(nouns.len())].into(), "NOUN", "NNS", object_at, "nmod"));
            }
        }
        if next(3) == 0 {
            let at = words.len() + 1;
            words.push(("and".into(), "CCONJ", "CC", at + 1, "cc"));
            words.push((verbs[next(verbs.len())].into(), "VERB", "VBD", 2, "conj"));
            words.push((names[next(names.len())].into(), "PROPN", "NNP", at + 1, "obj"));
        }
        words.push((".".into(), "PUNCT", ".", 2, "punct"));
        let mut sentence = Sentence::from_forms(words.iter().map(|w| w.0.as_str()));
        sentence.lines.insert(0, conllu::Line::Comment(format!("# sent_id = synthetic-{n}")));
        for (line, (_, upos, xpos, head, relation)) in sentence.words.iter_mut().zip(&words) {
            line.lemma = line.form.to_lowercase();
            line.upos = upos.to_string();
            line.xpos = xpos.to_string();
            line.head = Some(*head);
            line.deprel = relation.to_string();
        }
        sentences.push(sentence);
    }
    sentences
}

#[test]
fn a_model_learns_a_synthetic_grammar_from_scratch() {
    let train_set = synthetic_treebank(400, 7);
    let dev_set = synthetic_treebank(100, 99);
    let trained = train(&train_set, &dev_set, &[], &tiny_settings(), &mut Quiet).unwrap();
    let d = trained.dev;
    let p = |c| 100.0 * c as f64 / d.words as f64;
    assert!(p(d.upos) > 99.5 && p(d.uas) > 99.5 && p(d.las) > 99.5, "{}", d.describe());
}

#[test]
fn any_text_gets_words_in_it_and_a_tree_over_them() {
    let model = Model::from_bytes(SHIPPED).unwrap();
    let mut analyser = Analyser::new(&model);
    let pieces = [
        "Russia", "warned", " ", " ", "NATO", ".", "don't", "U.S.", "’s", "\n", "é", "日本", "?", "\"", "(", "-",
        "1,000", "", "’", "'", "a",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut texts: Vec<String> = (0..2000)
        .map(|_| {
            let len = (state % 40) as usize;
            (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    pieces[(state % pieces.len() as u64) as usize]
                })
                .collect()
        })
        .collect();
    // One sentence longer than the parser's limit: it is analysed in pieces, each with its own root.
    texts.push("word ".repeat(MAX_WORDS * 2 + 10));
    for text in &texts {
        let (mut words, mut analysis) = (Vec::new(), Analysis::default());
        analyser.analyse_text(text, Span::new(0, text.len()), &mut words, &mut analysis);
        assert_eq!(analysis.len(), words.len());
        assert_eq!(analysis.relations.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert!(w.span.end as usize <= text.len() && !w.span.is_empty());
            assert!(text.is_char_boundary(w.span.start as usize) && text.is_char_boundary(w.span.end as usize));
            let head = analysis.heads[i] as usize;
            assert!(head <= words.len() && head != i + 1, "{text:?}");
        }
        let roots = analysis.heads.iter().filter(|&&h| h == 0).count();
        assert_eq!(roots, words.len().div_ceil(MAX_WORDS), "{text:?}");
    }
}
