//! The English syntax model: the one shipped in `models/` (embedded in the binary at build time, so `redline`
//! needs no download and works from any directory) or a model file given on the command line.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use redline_syntax::{Model, ModelError};

/// `models/en_ewt.syntax` at the root of the repository, embedded at build time (CC BY-SA 4.0; see
/// `models/README.md`).
pub static ENGLISH: &[u8] = include_bytes!("../../../models/en_ewt.syntax");

/// Why a syntax model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxModelError {
    /// The file could not be read.
    #[error("cannot read the syntax model {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The bytes are not a model this build can use.
    #[error("cannot use the syntax model {path}: {source}")]
    Invalid {
        /// The file, or `(built in)`.
        path: String,
        /// Why it was refused.
        source: ModelError,
    },
}

/// The shipped English model, loaded once per process and shared.
pub fn english() -> Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    // The embedded bytes are part of the build (a test loads them), not input.
    MODEL.get_or_init(|| Arc::new(Model::from_bytes(ENGLISH).expect("the built-in syntax model loads"))).clone()
}

/// The model in `path`, or the shipped English model.
pub fn load(path: Option<&Path>) -> Result<Model, SyntaxModelError> {
    let Some(path) = path else {
        return Model::from_bytes(ENGLISH)
            .map_err(|source| SyntaxModelError::Invalid { path: "(built in)".into(), source });
    };
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| SyntaxModelError::Io { path: shown.clone(), source })?;
    Model::from_bytes(&bytes).map_err(|source| SyntaxModelError::Invalid { path: shown, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads_and_a_broken_file_is_refused_with_its_path() {
        let model = load(None).unwrap();
        assert!(model.tag_count() > 40);
        assert!(model.relation("nsubj:pass").is_some());
        let dir = tempfile::tempdir().unwrap();
        let cut = dir.path().join("cut.syntax");
        std::fs::write(&cut, &ENGLISH[..ENGLISH.len() / 2]).unwrap();
        let err = load(Some(&cut)).unwrap_err().to_string();
        assert!(err.contains("cut.syntax") && err.contains("truncated"), "{err}");
        let missing = load(Some(&dir.path().join("none.syntax"))).unwrap_err().to_string();
        assert!(missing.contains("none.syntax"), "{missing}");
    }
}
