//! The dictionary sets the engine can code with: the shipped set embedded in the binary (so `redline`
//! works from any directory) or a directory on disk (`--dict DIR`), both as [`SourceFile`]s for
//! [`Dictionaries::compile`], and the [`Pipeline`] built from them.

use std::fs;
use std::io;
use std::path::Path;

use include_dir::{Dir, include_dir};
use redline_coder::Pipeline;
use redline_dict::{DictErrors, Dictionaries, SourceFile};

/// `dictionaries/` at the root of the repository, embedded at build time.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../dictionaries");

/// Why a dictionary set could not be turned into a pipeline.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// The directory or one of its files could not be read.
    #[error("cannot read dictionaries: {0}")]
    Io(#[from] io::Error),
    /// The set does not validate; every problem carries `file:line`.
    #[error(transparent)]
    Invalid(#[from] DictErrors),
}

/// The shipped dictionary set, sorted by path, without its README.
pub fn builtin() -> Vec<SourceFile> {
    let mut files = Vec::new();
    collect_builtin(&BUILTIN, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn collect_builtin(dir: &Dir<'static>, files: &mut Vec<SourceFile>) {
    for file in dir.files() {
        let path = relative_path(file.path());
        if skipped(&path) {
            continue;
        }
        // Dictionary files are UTF-8 by contract; `redline dict check` reports a broken byte as a diagnostic.
        let text = String::from_utf8_lossy(file.contents()).into_owned();
        files.push(SourceFile { path, text });
    }
    for sub in dir.dirs() {
        collect_builtin(sub, files);
    }
}

/// Every dictionary file under `root` (recursively, sorted, README.md and hidden files left out), with
/// paths relative to `root` and separated by `/`.
pub fn from_dir(root: &Path) -> Result<Vec<SourceFile>, io::Error> {
    let mut files = Vec::new();
    collect_dir(root, root, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn collect_dir(root: &Path, dir: &Path, files: &mut Vec<SourceFile>) -> Result<(), io::Error> {
    let entries = fs::read_dir(dir).map_err(|err| with_path(err, dir))?;
    for entry in entries {
        let entry = entry.map_err(|err| with_path(err, dir))?;
        let path = entry.path();
        let relative = relative_path(path.strip_prefix(root).unwrap_or(&path));
        if skipped(&relative) {
            continue;
        }
        if path.is_dir() {
            collect_dir(root, &path, files)?;
            continue;
        }
        let bytes = fs::read(&path).map_err(|err| with_path(err, &path))?;
        let text = String::from_utf8(bytes).map_err(|err| {
            let message = format!("{}: not UTF-8 at byte {}", path.display(), err.utf8_error().valid_up_to());
            io::Error::new(io::ErrorKind::InvalidData, message)
        })?;
        files.push(SourceFile { path: relative, text });
    }
    Ok(())
}

/// Compiles the shipped set, or the set in `dir`, into a pipeline.
pub fn pipeline(dir: Option<&Path>) -> Result<Pipeline, DictionaryError> {
    let files = match dir {
        Some(dir) => from_dir(dir)?,
        None => builtin(),
    };
    Ok(Pipeline::new(Dictionaries::compile(&files)?, crate::syntax::english()))
}

fn relative_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn skipped(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name.eq_ignore_ascii_case("README.md") || name.starts_with('.')
}

fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A pipeline over a set with nothing but a version: codes no events, fast to build.
    pub(crate) fn minimal_pipeline() -> Pipeline {
        let files = [SourceFile { path: "VERSION".into(), text: "2021.11.1\n".into() }];
        let dicts = Dictionaries::compile(&files).expect("a set with only a VERSION compiles");
        Pipeline::new(dicts, crate::syntax::english())
    }

    #[test]
    fn builtin_set_has_a_version_and_no_readme() {
        let files = builtin();
        assert!(files.iter().any(|f| f.path == "VERSION" && !f.text.trim().is_empty()));
        assert!(files.iter().all(|f| !f.path.ends_with("README.md")));
        assert!(files.windows(2).all(|w| w[0].path < w[1].path));
        // The embedded set is the one in the repository, file for file.
        let on_disk = from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dictionaries")).unwrap();
        assert_eq!(files, on_disk);
    }

    #[test]
    fn from_dir_uses_relative_slash_paths() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("verbs")).unwrap();
        fs::write(dir.path().join("VERSION"), "2021.11.1\n").unwrap();
        fs::write(dir.path().join("README.md"), "docs").unwrap();
        fs::write(dir.path().join("verbs/13-threaten.txt"), "THREATEN\n").unwrap();
        let files = from_dir(dir.path()).unwrap();
        let paths: Vec<_> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["VERSION", "verbs/13-threaten.txt"]);
        // That verb file is not valid: the set is refused, naming the file and line.
        let Err(DictionaryError::Invalid(errors)) = pipeline(Some(dir.path())) else {
            panic!("an invalid set must be refused");
        };
        assert!(errors.0.iter().any(|e| e.file == "verbs/13-threaten.txt" && e.line == 1), "{errors}");
        fs::remove_file(dir.path().join("verbs/13-threaten.txt")).unwrap();
        assert_eq!(pipeline(Some(dir.path())).unwrap().dict_version(), "2021.11.1");
    }

    #[test]
    fn unreadable_directories_and_bad_bytes_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = from_dir(&dir.path().join("nope")).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
        fs::write(dir.path().join("actors.txt"), b"RUS \xff\n").unwrap();
        let err = from_dir(dir.path()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("actors.txt"), "{err}");
    }
}
