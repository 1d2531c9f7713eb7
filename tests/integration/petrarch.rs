//! `redline dict import-petrarch` end to end: the PETRARCH2 validation dictionaries imported into a
//! temporary set, then `redline eval --json` on the PETRARCH2 unit tests. Both live beside the project
//! (`../shared/data/`); where they are absent the test says so and passes.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The share of unit-test items coded exactly right when this test was written was 0.627 (178 of 284);
/// the floor leaves a few points for harmless changes and fails on a real regression.
const EXACT_FLOOR: f64 = 0.60;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

#[test]
fn petrarch_validation_dictionaries_code_the_unit_tests() {
    let dictionaries = shared().join("reference/petrarch2-dictionaries");
    let gold = shared().join("gold/dev/petrarch2_unittests.jsonl");
    if !dictionaries.is_dir() || !gold.is_file() {
        eprintln!("skipped: ../shared/data (PETRARCH2 dictionaries and unit tests) is not beside this checkout");
        return;
    }
    let out = tempfile::tempdir().expect("a temporary directory");
    let set = out.path().join("petr");
    let import = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["dict", "import-petrarch"])
        .arg(&dictionaries)
        .args(["--only", "PETR.Validate.*", "--set-version", "2026.11.0", "--out"])
        .arg(&set)
        .output()
        .expect("redline runs");
    let stderr = String::from_utf8_lossy(&import.stderr);
    assert!(import.status.success(), "import failed: {stderr}");
    // Unconvertible lines are reported with file:line, never fatal.
    assert!(stderr.contains("PETR.Validate.actors.txt:118: skipped:"), "{stderr}");
    for file in ["VERSION", "codebook.txt", "cues.txt", "agents.txt", "synsets.txt", "discards.txt"] {
        assert!(set.join(file).is_file(), "{file} missing");
    }
    let verbs = std::fs::read_to_string(set.join("verbs/petr-validate-verbs.txt")).expect("verbs written");
    assert!(verbs.contains("note  from PETR.Validate.verbs.txt:"), "entries record their origin");

    let eval = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["eval", "--json", "--dict"])
        .arg(&set)
        .arg("--gold")
        .arg(&gold)
        .output()
        .expect("redline runs");
    assert!(eval.status.success(), "eval failed: {}", String::from_utf8_lossy(&eval.stderr));
    let report: Value = serde_json::from_slice(&eval.stdout).expect("eval prints JSON");
    assert_eq!(report["items"], 284);
    assert_eq!(report["dict_version"], "2026.11.0");
    let measures = report["measures"].as_array().expect("measures");
    let exact = measures.iter().find(|m| m["measure"] == "items exactly right").expect("the exact-match measure");
    let share = exact["accuracy"].as_f64().expect("a share");
    eprintln!("PETRARCH2 unit tests exactly right: {share:.3} ({} of 284)", exact["tp"]);
    assert!(share >= EXACT_FLOOR, "exactly right {share:.3} fell below {EXACT_FLOOR}");
}
