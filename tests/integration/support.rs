//! Helpers shared by the integration test modules.

use std::process::Output;

/// The number after `key:` in a command's summary on stdout (`inserted:      12`).
pub fn summary_value(output: &Output, key: &str) -> u64 {
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{key}:")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key:?} in summary:\n{stdout}"))
}
