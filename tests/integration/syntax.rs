//! `redline syntax …`: training is deterministic and scored, parsing prints CoNLL-U (with multiword tokens and
//! byte ranges) or a drawn tree, evaluation reports both settings, and broken treebanks and models are refused
//! with their file (and line).

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{redline_in, text};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/syntax/synthetic.conllu")
}

fn redline(args: &[&str], stdin: Option<&str>) -> Output {
    redline_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."), args, stdin)
}

/// Trains a small model on the synthetic treebank into `dir`.
fn train(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let fixture = fixture();
    let args = ["syntax", "train", "--train", fixture.to_str().unwrap(), "--dev", fixture.to_str().unwrap()];
    let output =
        redline(&[&args[..], &["--out", out.to_str().unwrap(), "--epochs", "3", "--folds", "2"]].concat(), None);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("parser   pass  1"), "{}", text(&output));
    out
}

#[test]
fn training_twice_gives_the_same_model_and_it_scores_on_its_treebank() {
    let dir = tempfile::tempdir().unwrap();
    let first = train(dir.path(), "a.syntax");
    let second = train(dir.path(), "b.syntax");
    assert!(std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(), "training is not deterministic");
    let fixture = fixture();
    let output =
        redline(&["syntax", "eval", "--gold", fixture.to_str().unwrap(), "--model", first.to_str().unwrap()], None);
    assert!(output.status.success(), "{}", text(&output));
    let report = text(&output);
    for line in ["UPOS", "XPOS", "UAS", "LAS", "on raw text split by redline", "words  P"] {
        assert!(report.contains(line), "{line} missing from:\n{report}");
    }
    let json = redline(
        &[
            "syntax",
            "eval",
            "--gold",
            fixture.to_str().unwrap(),
            "--model",
            first.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(value["gold_words"]["uas"].as_f64().unwrap() > 95.0, "{value}");

    // `info` shows what the model was trained on and with what settings.
    let info = text(&redline(&["syntax", "info", "--model", first.to_str().unwrap()], None));
    for key in ["trained_on", "training", "tags", "relations", "dev", "parts"] {
        assert!(info.lines().any(|line| line.starts_with(key)), "{key} missing from:\n{info}");
    }
}

#[test]
fn parse_prints_all_ten_columns_with_multiword_tokens_and_byte_ranges() {
    let text_in = "Russia's troops didn't leave.";
    let output = redline(&["syntax", "parse"], Some(text_in));
    assert!(output.status.success(), "{}", text(&output));
    let conllu = String::from_utf8(output.stdout).unwrap();
    assert!(conllu.contains("# text = Russia's troops didn't leave."), "{conllu}");
    assert!(conllu.contains("1-2\tRussia's\t"), "{conllu}");
    assert!(conllu.contains("4-5\tdidn't\t"), "{conllu}");
    let words: Vec<Vec<&str>> = conllu
        .lines()
        .filter(|l| l.split('\t').next().is_some_and(|id| id.parse::<usize>().is_ok()))
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(words.len(), 7, "{conllu}");
    assert!(words.iter().all(|w| w.len() == 10), "{conllu}");
    assert_eq!(words.iter().map(|w| w[1]).collect::<Vec<_>>(), ["Russia", "'s", "troops", "did", "n't", "leave", "."]);
    // Every word's byte range shows the word in the text.
    for w in &words {
        let range = w[9].split('|').find_map(|m| m.strip_prefix("TokenRange=")).unwrap();
        let (start, end) = range.split_once(':').unwrap();
        assert_eq!(&text_in[start.parse::<usize>().unwrap()..end.parse::<usize>().unwrap()], w[1]);
    }
    assert_eq!(words.iter().filter(|w| w[6] == "0").count(), 1, "one root: {conllu}");
    assert_eq!(words[5][2], "leave");
    assert_eq!(words[4][2], "not");

    let table = redline(&["syntax", "parse", "--format", "table"], Some("Russia warned NATO."));
    let drawn = String::from_utf8(table.stdout).unwrap();
    assert!(drawn.contains("warned (2, root VERB)") && drawn.contains("└─ . (4, punct PUNCT)"), "{drawn}");
}

#[test]
fn conllu_input_keeps_its_words_and_gets_the_rest_predicted() {
    let fixture = fixture();
    let output = redline(&["syntax", "parse", "--input", "conllu", fixture.to_str().unwrap()], None);
    assert!(output.status.success(), "{}", text(&output));
    let parsed = String::from_utf8(output.stdout).unwrap();
    let original = std::fs::read_to_string(&fixture).unwrap();
    let forms = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with(char::is_numeric))
            .map(|l| l.split('\t').nth(1).unwrap().to_string())
            .collect()
    };
    assert_eq!(forms(&parsed), forms(&original));
    assert!(parsed.contains("# sent_id = synthetic-0"));
}

#[test]
fn broken_treebanks_and_models_are_refused_with_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.conllu");
    std::fs::write(&bad, "1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n\n1\tB\t_\t_\n\n").unwrap();
    let output = redline(&["syntax", "eval", "--gold", bad.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("bad.conllu:3: error[conllu]: expected 10 tab-separated columns"),
        "{}",
        text(&output)
    );

    let model = dir.path().join("cut.syntax");
    std::fs::write(&model, b"RLSYNTAX\x01\x00\x00\x00").unwrap();
    let output = redline(&["syntax", "parse", "--model", model.to_str().unwrap()], Some("Hello."));
    assert_eq!(output.status.code(), Some(2));
    let message = text(&output);
    assert!(message.contains("cut.syntax") && message.contains("truncated"), "{message}");
}
