//! `redline dict …`: the shipped set checks clean, a broken copy is refused with `file:line` (by
//! `dict check` and at start-up alike), lookups follow dated roles, and gaps lists what is missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn redline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline")).args(args).current_dir(repo()).output().expect("redline runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A copy of the shipped dictionaries with `needle` replaced by `broken` in `file`; returns the directory
/// and the one-based line of the change.
fn broken_copy(file: &str, needle: &str, broken: &str) -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("dictionaries"), dir.path());
    let path = dir.path().join(file);
    let original = std::fs::read_to_string(&path).unwrap();
    let at = original.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {file}"));
    let line = original[..at].matches('\n').count() + 1;
    std::fs::write(&path, original.replacen(needle, broken, 1)).unwrap();
    (dir, line)
}

#[test]
fn the_shipped_set_checks_clean() {
    let output = redline(&["dict", "check", "dictionaries"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("valid;"), "{}", text(&output));
}

#[test]
fn a_bad_date_range_is_refused_with_its_line_by_check_and_at_start_up() {
    let (dir, line) = broken_copy("actors/people/europe.txt", "2005-11-22..2021-12-08", "2030-01-01..2021-12-08");
    let dir_arg = dir.path().to_str().unwrap();
    let check = redline(&["dict", "check", dir_arg]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let expected = format!("actors/people/europe.txt:{line}:");
    assert!(text(&check).contains(&expected), "expected {expected} in:\n{}", text(&check));
    assert!(text(&check).contains("ends before it starts"), "{}", text(&check));
    // The coder refuses to start on it, with the same message.
    let code = redline(&["code", "--dict", dir_arg, "tests/fixtures/articles"]);
    assert_eq!(code.status.code(), Some(2), "{}", text(&code));
    assert!(text(&code).contains(&expected), "{}", text(&code));
}

#[test]
fn an_unknown_event_code_is_named() {
    let (dir, line) =
        broken_copy("verbs/13-threaten.txt", "130  warn* of .. consequences", "1399  warn* of .. consequences");
    let check = redline(&["dict", "check", dir.path().to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let expected = format!("verbs/13-threaten.txt:{line}: \"1399\" is not a CAMEO event code");
    assert!(text(&check).contains(&expected), "{}", text(&check));
}

#[test]
fn a_pattern_that_misses_its_own_example_is_named() {
    let (dir, line) = broken_copy(
        "verbs/13-threaten.txt",
        "example  Russia warns of dire consequences for NATO.",
        "example  Russia and NATO met in Geneva.",
    );
    let check = redline(&["dict", "check", dir.path().to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let expected = format!(
        "verbs/13-threaten.txt:{line}: example \"Russia and NATO met in Geneva.\" is not coded RUS→IGOWSTNAT 130"
    );
    assert!(text(&check).contains(&expected), "{}", text(&check));
}

#[test]
fn an_example_coded_between_other_actors_is_named() {
    // The example is coded 130, but Russia→NATO, not the NATO→Russia it now names.
    let (dir, line) = broken_copy(
        "verbs/13-threaten.txt",
        "example  Russia warns of dire consequences for NATO.  => RUS IGOWSTNAT",
        "example  Russia warns of dire consequences for NATO.  => IGOWSTNAT RUS",
    );
    let check = redline(&["dict", "check", dir.path().to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let expected = format!(
        "verbs/13-threaten.txt:{line}: example \"Russia warns of dire consequences for NATO.\" is not coded IGOWSTNAT→RUS 130"
    );
    assert!(text(&check).contains(&expected), "{}", text(&check));
    assert!(text(&check).contains("(coded: RUS→IGOWSTNAT 130)"), "{}", text(&check));
}

#[test]
fn an_example_without_its_actors_is_refused() {
    let (dir, line) = broken_copy(
        "verbs/13-threaten.txt",
        "example  Russia warns of dire consequences for NATO.  => RUS IGOWSTNAT",
        "example  Russia warns of dire consequences for NATO.",
    );
    let check = redline(&["dict", "check", dir.path().to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let expected = format!("verbs/13-threaten.txt:{line}: example without its actors");
    assert!(text(&check).contains(&expected), "{}", text(&check));
}

#[test]
fn lookup_follows_dated_roles() {
    let before = text(&redline(&["dict", "lookup", "Angela Merkel", "--date", "2021-12-07"]));
    let after = text(&redline(&["dict", "lookup", "Angela Merkel", "--date", "2021-12-08"]));
    assert!(before.contains("DEUGOV"), "{before}");
    assert!(!after.contains("DEUGOV"), "{after}");
    let scholz = text(&redline(&["dict", "lookup", "Olaf Scholz", "--date", "2022-02-15"]));
    assert!(scholz.contains("DEUGOV") && scholz.contains("chancellor"), "{scholz}");
    assert!(scholz.contains("actors/people/"), "the entry is named: {scholz}");
}

#[test]
fn gaps_lists_unresolved_names_with_counts_and_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let article = "Quaxley meets Biden\n20220201\nhttps://example.org/a\nPresident Biden met Zorvan Quaxley of Imaginaria on Monday.\nQuaxley said Imaginaria wants peace.\n";
    std::fs::write(dir.path().join("a.txt"), article).unwrap();
    let output = redline(&["dict", "gaps", dir.path().to_str().unwrap(), "--top", "5"]);
    assert!(output.status.success(), "{}", text(&output));
    let out = text(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.iter().any(|l| l.split_whitespace().take(2).collect::<Vec<_>>() == ["2", "Quaxley"]), "{out}");
    assert!(out.contains("Zorvan Quaxley of Imaginaria"), "{out}");
    // Biden is in the dictionaries: never a gap.
    assert!(!lines.iter().any(|l| l.split_whitespace().nth(1).is_some_and(|n| n.contains("Biden"))), "{out}");
}
