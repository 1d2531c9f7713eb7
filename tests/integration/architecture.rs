//! ARCHITECTURE.md stays true: every crate is named in its code map, and pure crates stay pure.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn crates() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn every_crate_is_in_the_code_map() {
    let architecture = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let missing: Vec<String> =
        crates().into_iter().filter(|c| !architecture.contains(&format!("### `crates/{c}`"))).collect();
    assert!(missing.is_empty(), "crates missing from ARCHITECTURE.md's code map: {missing:?}");
}

#[test]
fn pure_crates_depend_on_no_io_crates() {
    // The pure core may not pull in storage, HTTP, threads or the engine.
    let forbidden = [
        "rusqlite",
        "rayon",
        "crossbeam",
        "tokio",
        "axum",
        "redline-store",
        "redline-engine",
        "redline-cli",
        "include_dir",
    ];
    for name in ["model", "text", "syntax", "dict", "coder", "eval", "story"] {
        let manifest = std::fs::read_to_string(root().join("crates").join(name).join("Cargo.toml")).unwrap();
        let dependencies = manifest.split("[dev-dependencies]").next().unwrap_or("");
        for dep in forbidden {
            assert!(!dependencies.contains(dep), "crates/{name} depends on {dep}, but it is part of the pure core");
        }
    }
}
