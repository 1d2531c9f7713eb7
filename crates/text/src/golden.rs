//! Golden tests: every `test_data/*.txt` input beside readable dumps of what the crate made of it:
//! `.clean` (diagnostics and clean text), `.sentences` (`[paragraph] sentence`, one per line) and,
//! for inputs named `tokens*`, `.tokens` (`kind start..end text`). Regenerate with `UPDATE_EXPECT=1`.

use std::fmt::Write;
use std::path::Path;

use redline_model::Span;

use crate::{Segmenter, clean, tokenize};

#[test]
fn golden_inputs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("test_data is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5, "expected the golden inputs in {}", dir.display());
    let segmenter = Segmenter::new();
    for input in inputs {
        let raw = std::fs::read_to_string(&input).expect("golden input is UTF-8");
        let cleaned = clean(&raw);
        let sentences = segmenter.split(&cleaned.text, 0);

        let mut clean_dump = String::from("== diagnostics\n");
        for diagnostic in &cleaned.diagnostics {
            writeln!(clean_dump, "{diagnostic}").unwrap();
        }
        writeln!(clean_dump, "== text\n{}", cleaned.text).unwrap();
        expect_test::expect_file![input.with_extension("clean")].assert_eq(&clean_dump);

        let mut sentence_dump = String::new();
        for sentence in &sentences {
            writeln!(sentence_dump, "[{}] {}", sentence.paragraph, sentence.span.slice(&cleaned.text)).unwrap();
        }
        expect_test::expect_file![input.with_extension("sentences")].assert_eq(&sentence_dump);

        let is_token_input = input.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.starts_with("tokens"));
        if is_token_input {
            let text = &cleaned.text;
            let mut token_dump = String::new();
            for token in tokenize(text, Span::new(0, text.len())) {
                let kind = format!("{:?}", token.kind);
                writeln!(
                    token_dump,
                    "{kind:<10} {:>3}..{:<3} {}",
                    token.span.start,
                    token.span.end,
                    token.span.slice(text)
                )
                .unwrap();
            }
            expect_test::expect_file![input.with_extension("tokens")].assert_eq(&token_dump);
        }
    }
}
