//! Diagnostics: problems with input or content, reported as data beside the output.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something was repaired or looked odd; the output is still usable.
    Warning,
    /// The item could not be processed and was skipped.
    Error,
}

impl Severity {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A problem found in the input, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// A stable dotted code such as `input.not-utf8` that scripts can match on.
    pub code: &'static str,
    /// What went wrong, for a person.
    pub message: String,
    /// File path (or `<stdin>`), if the problem belongs to a file.
    pub path: Option<String>,
    /// One-based line in that file, where it is known.
    pub line: Option<u32>,
}

impl Diagnostic {
    /// An error diagnostic.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, code, message: message.into(), path: None, line: None }
    }

    /// A warning diagnostic.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, code, message: message.into(), path: None, line: None }
    }

    /// The same diagnostic located at `path`, `line`.
    pub fn at(mut self, path: impl Into<String>, line: Option<u32>) -> Diagnostic {
        self.path = Some(path.into());
        self.line = line;
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line: severity[code]: message`, the shape compilers use.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{path}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}[{}]: {}", self.severity.as_str(), self.code, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_path_and_line() {
        let d = Diagnostic::error("input.bad-json", "expected value").at("gold.jsonl", Some(7));
        assert_eq!(d.to_string(), "gold.jsonl:7: error[input.bad-json]: expected value");
        let w = Diagnostic::warning("text.empty", "no text");
        assert_eq!(w.to_string(), "warning[text.empty]: no text");
    }
}
