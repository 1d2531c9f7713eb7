//! Helpers shared by the integration test modules.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs the `redline` binary in `dir` with `args`, feeding `stdin` if given.
pub fn redline_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the redline binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("stdin accepts input");
    }
    drop(input);
    child.wait_with_output().expect("redline finishes")
}

/// Standard output and standard error together.
pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The number after `key:` in a command's summary on stdout (`inserted:      12`).
pub fn summary_value(output: &Output, key: &str) -> u64 {
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{key}:")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key:?} in summary:\n{stdout}"))
}
