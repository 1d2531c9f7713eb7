//! Sources: turning paths (files, directory trees, JSON Lines, standard input) into a stream of
//! [`RawArticle`]s, one at a time, with bad input reported as [`Diagnostic`]s instead of errors.
//!
//! Layouts:
//! - **text** (`.txt`, or any explicitly named file that is not JSON Lines): line 1 title, line 2 date
//!   `YYYYMMDD`, line 3 URL, then the body, one paragraph per line. The id is the file stem.
//! - **JSON Lines** (`.jsonl`, `.json`, `.ndjson`): one object per line with `id`, `title`, `date`
//!   (`YYYY-MM-DD`, `YYYYMMDD` or null), `url`, `text`; other fields are ignored.
//! - **standard input** (`-`): JSON Lines if the first non-blank character is `{`, else one text article.
//!
//! Directories are walked recursively in sorted order. While walking, only `.txt` files whose second
//! line is a date and JSON Lines files are read; anything else (README.md, MANIFEST.tsv, hidden files)
//! is skipped silently. A file named explicitly is always read, and reported if it is not an article.
//! Articles without an id get `h-` + 16 hex digits of xxh3 over their content: never random, never a counter.

use std::collections::VecDeque;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use redline_model::{Date, Diagnostic, Origin, RawArticle};
use serde::Deserialize;
use xxhash_rust::xxh3::xxh3_64;

/// The largest article accepted: spans are `u32` byte offsets.
pub const MAX_ARTICLE_BYTES: u64 = u32::MAX as u64;

/// The path that stands for standard input.
pub const STDIN_PATH: &str = "-";

/// How standard input is named in diagnostics and origins.
pub const STDIN_NAME: &str = "<stdin>";

/// Stable diagnostic codes produced by sources.
pub mod codes {
    /// A file or directory could not be opened or read.
    pub const UNREADABLE: &str = "input.unreadable";
    /// A file (or standard input) holds nothing but whitespace.
    pub const EMPTY: &str = "input.empty";
    /// NUL bytes: not a text file.
    pub const BINARY: &str = "input.binary";
    /// Bytes that are not UTF-8.
    pub const NOT_UTF8: &str = "input.not-utf8";
    /// A text article with fewer than four lines, or a JSON line cut off mid-object at the end of a file.
    pub const TRUNCATED: &str = "input.truncated";
    /// A JSON line that does not parse as an article object.
    pub const BAD_JSON: &str = "input.bad-json";
    /// A date that is not `YYYYMMDD` or `YYYY-MM-DD`.
    pub const BAD_DATE: &str = "input.bad-date";
    /// An article without body text.
    pub const MISSING_TEXT: &str = "input.missing-text";
    /// An article larger than [`super::MAX_ARTICLE_BYTES`].
    pub const TOO_LARGE: &str = "input.too-large";
    /// A file named explicitly that is not an article (`README.md`, a `.tsv` manifest).
    pub const NOT_ARTICLE: &str = "input.not-article";
}

/// Limits for reading sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceConfig {
    /// Articles (a text file, a JSON line) longer than this many bytes are rejected.
    pub max_article_bytes: u64,
}

impl Default for SourceConfig {
    fn default() -> SourceConfig {
        SourceConfig { max_article_bytes: MAX_ARTICLE_BYTES }
    }
}

/// Parses a publication date written `YYYYMMDD` or `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let (y, m, d) = match bytes.len() {
        8 if bytes.iter().all(u8::is_ascii_digit) => (&text[..4], &text[4..6], &text[6..]),
        10 if bytes[4] == b'-' && bytes[7] == b'-' => (&text[..4], &text[5..7], &text[8..]),
        _ => return None,
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(y) || !all_digits(m) || !all_digits(d) {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// The id of an article that has none: `h-` + 16 hex digits of xxh3 over title, date, url and text.
pub fn content_id(title: Option<&str>, date: Option<Date>, url: Option<&str>, text: &str) -> String {
    let date = date.map(|d| d.to_string()).unwrap_or_default();
    let mut bytes = Vec::with_capacity(text.len() + 256);
    for field in [title.unwrap_or(""), &date, url.unwrap_or(""), text] {
        bytes.extend_from_slice(field.as_bytes());
        // A separator that cannot occur in the fields, so moving words between them changes the id.
        bytes.push(0x1f);
    }
    format!("h-{:016x}", xxh3_64(&bytes))
}

/// A stream of articles read from paths, one file at a time.
pub struct Sources {
    pending: VecDeque<Pending>,
    current: Option<JsonLines>,
    stdin: Option<Box<dyn Read + Send>>,
    config: SourceConfig,
}

enum Pending {
    /// A path, and whether the user named it (rather than it being found by walking a directory).
    Path {
        path: PathBuf,
        explicit: bool,
    },
    Stdin,
}

impl Sources {
    /// Reads `paths` in order (`-` is standard input) with the default limits.
    pub fn new(paths: impl IntoIterator<Item = PathBuf>) -> Sources {
        Sources::with_config(paths, SourceConfig::default())
    }

    /// Reads `paths` in order with the given limits.
    pub fn with_config(paths: impl IntoIterator<Item = PathBuf>, config: SourceConfig) -> Sources {
        let pending =
            paths
                .into_iter()
                .map(|path| {
                    if path.as_os_str() == STDIN_PATH { Pending::Stdin } else { Pending::Path { path, explicit: true } }
                })
                .collect();
        Sources { pending, current: None, stdin: None, config }
    }

    /// Reads `-` from `reader` instead of the process's standard input (for tests and embedding).
    pub fn with_stdin(mut self, reader: Box<dyn Read + Send>) -> Sources {
        self.stdin = Some(reader);
        self
    }

    /// Opens the next pending path: `Some(item)` for a single-article file or a diagnostic, `None`
    /// when it was a directory, a silently skipped file, or a JSON Lines file now in `self.current`.
    fn open(&mut self, pending: Pending) -> Option<Result<RawArticle, Diagnostic>> {
        match pending {
            Pending::Stdin => self.open_stdin(),
            Pending::Path { path, explicit } => self.open_path(path, explicit),
        }
    }

    fn open_path(&mut self, path: PathBuf, explicit: bool) -> Option<Result<RawArticle, Diagnostic>> {
        let name = path.display().to_string();
        let metadata = match fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(err) => return Some(Err(unreadable(&name, &err))),
        };
        if metadata.is_dir() {
            return match walk_dir(&path) {
                Ok(children) => {
                    for child in children.into_iter().rev() {
                        self.pending.push_front(Pending::Path { path: child, explicit: false });
                    }
                    None
                }
                Err(err) => Some(Err(unreadable(&name, &err))),
            };
        }
        let kind = FileKind::of(&path);
        if !explicit && kind == FileKind::Other {
            return None;
        }
        if kind == FileKind::NotArticle {
            if !explicit {
                return None;
            }
            let message = "not an article: only text-layout and JSON Lines files are read";
            return Some(Err(Diagnostic::error(codes::NOT_ARTICLE, message).at(name, None)));
        }
        if metadata.len() > self.config.max_article_bytes && kind != FileKind::JsonLines {
            return Some(Err(too_large(&name, None, self.config.max_article_bytes)));
        }
        let file = match fs::File::open(&path) {
            Ok(file) => file,
            Err(err) => return Some(Err(unreadable(&name, &err))),
        };
        if kind == FileKind::JsonLines {
            self.current = Some(JsonLines::new(name, Box::new(BufReader::new(file)), 0, self.config));
            return None;
        }
        let bytes = match read_bounded(file, self.config.max_article_bytes) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Some(Err(too_large(&name, None, self.config.max_article_bytes))),
            Err(err) => return Some(Err(unreadable(&name, &err))),
        };
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        // A walked `.txt` that is not in the text layout (notes, licences) is not an article.
        let strict = explicit || kind != FileKind::Text;
        parse_text_article(&bytes, &name, stem, strict)
    }

    fn open_stdin(&mut self) -> Option<Result<RawArticle, Diagnostic>> {
        let reader = self.stdin.take().unwrap_or_else(|| Box::new(io::stdin()));
        let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::new(reader));
        let (first, newlines) = match skip_blank(&mut reader) {
            Ok(found) => found,
            Err(err) => return Some(Err(unreadable(STDIN_NAME, &err))),
        };
        match first {
            None => Some(Err(Diagnostic::error(codes::EMPTY, "standard input is empty").at(STDIN_NAME, None))),
            Some(b'{') => {
                self.current = Some(JsonLines::new(STDIN_NAME.to_string(), reader, newlines, self.config));
                None
            }
            Some(_) => match read_bounded(reader, self.config.max_article_bytes) {
                Ok(Some(bytes)) => parse_text_article(&bytes, STDIN_NAME, None, true),
                Ok(None) => Some(Err(too_large(STDIN_NAME, None, self.config.max_article_bytes))),
                Err(err) => Some(Err(unreadable(STDIN_NAME, &err))),
            },
        }
    }
}

impl Iterator for Sources {
    type Item = Result<RawArticle, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(lines) = &mut self.current {
                match lines.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let pending = self.pending.pop_front()?;
            if let Some(item) = self.open(pending) {
                return Some(item);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    JsonLines,
    Text,
    /// Known non-article files: reported when named, skipped when walked.
    NotArticle,
    /// No or another extension: read as text when named, skipped when walked.
    Other,
}

impl FileKind {
    fn of(path: &Path) -> FileKind {
        let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            _ if hidden => FileKind::NotArticle,
            Some("jsonl" | "json" | "ndjson") => FileKind::JsonLines,
            Some("txt") => FileKind::Text,
            Some("md" | "tsv" | "csv" | "html" | "htm" | "pdf" | "gz" | "zip" | "db") => FileKind::NotArticle,
            _ => FileKind::Other,
        }
    }
}

/// The entries of a directory, sorted by name, hidden ones left out.
fn walk_dir(path: &Path) -> io::Result<Vec<PathBuf>> {
    let mut children = Vec::new();
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // Symbolic links to directories are not followed: they can form cycles.
        let file_type = entry.file_type()?;
        if file_type.is_symlink() && entry.path().is_dir() {
            continue;
        }
        children.push(entry.path());
    }
    children.sort();
    Ok(children)
}

/// Reads at most `max` bytes; `None` if there were more.
fn read_bounded(reader: impl Read, max: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// Consumes leading whitespace; returns the first other byte (not consumed) and the newlines skipped.
fn skip_blank(reader: &mut dyn BufRead) -> io::Result<(Option<u8>, u32)> {
    let mut newlines = 0u32;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok((None, newlines));
        }
        let blank = buffer.iter().take_while(|b| b.is_ascii_whitespace()).count();
        newlines += buffer[..blank].iter().filter(|&&b| b == b'\n').count() as u32;
        let first = buffer.get(blank).copied();
        reader.consume(blank);
        if first.is_some() {
            return Ok((first, newlines));
        }
    }
}

fn unreadable(path: &str, err: &io::Error) -> Diagnostic {
    Diagnostic::error(codes::UNREADABLE, format!("cannot read: {err}")).at(path, None)
}

fn too_large(path: &str, line: Option<u32>, max: u64) -> Diagnostic {
    Diagnostic::error(codes::TOO_LARGE, format!("article is larger than {max} bytes")).at(path, line)
}

/// One-based line of byte `offset` in `bytes`.
fn line_of(bytes: &[u8], offset: usize) -> u32 {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// Checks that `bytes` are non-blank UTF-8 text; `first_line` is the line number of `bytes[0]`.
fn decode<'a>(bytes: &'a [u8], path: &str, first_line: u32, base_offset: u64) -> Result<&'a str, Diagnostic> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let line = first_line + line_of(bytes, nul) - 1;
        let message = format!("binary data (NUL byte at byte offset {})", base_offset + nul as u64);
        return Err(Diagnostic::error(codes::BINARY, message).at(path, Some(line)));
    }
    std::str::from_utf8(bytes).map_err(|err| {
        let offset = err.valid_up_to();
        let line = first_line + line_of(bytes, offset) - 1;
        let message = format!("not valid UTF-8 at byte offset {}", base_offset + offset as u64);
        Diagnostic::error(codes::NOT_UTF8, message).at(path, Some(line))
    })
}

/// Parses one article in the text layout. `None` when `strict` is off and the file is not an article.
fn parse_text_article(
    bytes: &[u8],
    path: &str,
    stem: Option<String>,
    strict: bool,
) -> Option<Result<RawArticle, Diagnostic>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Some(Err(Diagnostic::error(codes::EMPTY, "empty file").at(path, None)));
    }
    let text = match decode(bytes, path, 1, 0) {
        Ok(text) => text,
        Err(diagnostic) => return Some(Err(diagnostic)),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.trim_end().lines().map(|l| l.trim_end_matches('\r')).collect();
    let date_line = lines.get(1).map(|l| l.trim());
    let date = date_line.and_then(parse_date);
    if date.is_none() && !strict {
        return None;
    }
    if lines.len() < 4 {
        let message =
            format!("truncated: {} line(s); the text layout needs a title, a date, a URL and a body", lines.len());
        return Some(Err(Diagnostic::error(codes::TRUNCATED, message).at(path, Some(lines.len() as u32))));
    }
    let Some(date) = date else {
        let message = format!("line 2 should be a date YYYYMMDD, found {:?}", date_line.unwrap_or(""));
        return Some(Err(Diagnostic::error(codes::BAD_DATE, message).at(path, Some(2))));
    };
    let body = lines[3..].join("\n");
    if body.trim().is_empty() {
        return Some(Err(Diagnostic::error(codes::MISSING_TEXT, "no body text after line 3").at(path, Some(4))));
    }
    let non_empty = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
    let title = non_empty(lines[0]);
    let url = non_empty(lines[2]);
    let id = match stem {
        Some(stem) if !stem.is_empty() => stem,
        _ => content_id(title.as_deref(), Some(date), url.as_deref(), &body),
    };
    Some(Ok(RawArticle {
        id,
        title,
        date: Some(date),
        url,
        body,
        origin: Origin { path: path.to_string(), line: None },
    }))
}

/// The fields redline reads from a JSON line; everything else (gold annotations) is ignored.
#[derive(Deserialize)]
struct JsonArticle {
    id: Option<JsonId>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonId {
    Text(String),
    Number(serde_json::Number),
}

/// A JSON Lines file being read line by line.
struct JsonLines {
    path: String,
    reader: Box<dyn BufRead + Send>,
    /// Line number of the last line read.
    line: u32,
    /// Byte offset of the start of the next line.
    offset: u64,
    buffer: Vec<u8>,
    saw_content: bool,
    done: bool,
    config: SourceConfig,
}

/// One line as read by [`JsonLines::read_line`].
enum LineRead {
    Eof,
    /// A line (without its newline); `complete` is false for a last line with no newline.
    Line {
        complete: bool,
    },
    TooLong,
}

impl JsonLines {
    fn new(path: String, reader: Box<dyn BufRead + Send>, lines_skipped: u32, config: SourceConfig) -> JsonLines {
        JsonLines {
            path,
            reader,
            line: lines_skipped,
            offset: 0,
            buffer: Vec::new(),
            saw_content: false,
            done: false,
            config,
        }
    }

    /// Reads the next line into `self.buffer`, keeping at most `max_article_bytes` of it.
    fn read_line(&mut self) -> io::Result<LineRead> {
        self.buffer.clear();
        let max = self.config.max_article_bytes;
        let mut length: u64 = 0;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(match length {
                    0 => LineRead::Eof,
                    _ if length > max => LineRead::TooLong,
                    _ => LineRead::Line { complete: false },
                });
            }
            let (take, found_newline) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i, true),
                None => (chunk.len(), false),
            };
            if length + (take as u64) <= max {
                self.buffer.extend_from_slice(&chunk[..take]);
            }
            length += take as u64;
            let consumed = take + usize::from(found_newline);
            self.reader.consume(consumed);
            self.offset += consumed as u64;
            if found_newline {
                return Ok(if length > max { LineRead::TooLong } else { LineRead::Line { complete: true } });
            }
        }
    }

    fn error(&self, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).at(self.path.clone(), Some(self.line))
    }

    /// Turns the line in `self.buffer` into an article; `None` for a blank line.
    fn parse_line(&self, complete: bool, line_offset: u64) -> Option<Result<RawArticle, Diagnostic>> {
        let bytes = self.buffer.strip_suffix(b"\r").unwrap_or(&self.buffer);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let text = match decode(bytes, &self.path, self.line, line_offset) {
            Ok(text) => text.trim_start_matches('\u{feff}').trim(),
            Err(diagnostic) => return Some(Err(diagnostic)),
        };
        if !text.starts_with('{') {
            return Some(Err(self.error(codes::BAD_JSON, "expected a JSON object")));
        }
        let article: JsonArticle = match serde_json::from_str(text) {
            Ok(article) => article,
            Err(err) if err.is_eof() && !complete => {
                let message = format!("truncated: the last line ends inside a JSON object ({err})");
                return Some(Err(self.error(codes::TRUNCATED, message)));
            }
            Err(err) => return Some(Err(self.error(codes::BAD_JSON, err.to_string()))),
        };
        let date = match article.date.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => match parse_date(text) {
                Some(date) => Some(date),
                None => {
                    let message = format!("date {text:?} is not YYYY-MM-DD or YYYYMMDD");
                    return Some(Err(self.error(codes::BAD_DATE, message)));
                }
            },
        };
        let Some(body) = article.text.filter(|t| !t.trim().is_empty()) else {
            return Some(Err(self.error(codes::MISSING_TEXT, "no \"text\"")));
        };
        let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        let title = non_empty(article.title);
        let url = non_empty(article.url);
        let id = match article.id {
            Some(JsonId::Text(id)) if !id.trim().is_empty() => id,
            Some(JsonId::Number(n)) => n.to_string(),
            _ => content_id(title.as_deref(), date, url.as_deref(), &body),
        };
        Some(Ok(RawArticle {
            id,
            title,
            date,
            url,
            body,
            origin: Origin { path: self.path.clone(), line: Some(self.line) },
        }))
    }
}

impl Iterator for JsonLines {
    type Item = Result<RawArticle, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        // A binary file would give one diagnostic per "line": check the start once, as git does.
        if self.line == 0 && self.offset == 0 && !self.done {
            match self.reader.fill_buf() {
                Ok(start) if start.contains(&0) => {
                    self.done = true;
                    let message = "binary data (NUL bytes): not a JSON Lines file";
                    return Some(Err(Diagnostic::error(codes::BINARY, message).at(self.path.clone(), None)));
                }
                Ok(_) => {}
                Err(err) => {
                    self.done = true;
                    return Some(Err(unreadable(&self.path, &err)));
                }
            }
        }
        while !self.done {
            let line_offset = self.offset;
            let read = match self.read_line() {
                Ok(read) => read,
                Err(err) => {
                    self.done = true;
                    return Some(Err(unreadable(&self.path, &err).at(self.path.clone(), Some(self.line + 1))));
                }
            };
            match read {
                LineRead::Eof => {
                    self.done = true;
                    if !self.saw_content {
                        return Some(Err(Diagnostic::error(codes::EMPTY, "no JSON lines").at(self.path.clone(), None)));
                    }
                }
                LineRead::TooLong => {
                    self.line += 1;
                    self.saw_content = true;
                    return Some(Err(too_large(&self.path, Some(self.line), self.config.max_article_bytes)));
                }
                LineRead::Line { complete } => {
                    self.line += 1;
                    if let Some(item) = self.parse_line(complete, line_offset) {
                        self.saw_content = true;
                        return Some(item);
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn read_stdin(input: &'static [u8]) -> Vec<Result<RawArticle, Diagnostic>> {
        Sources::new([PathBuf::from("-")]).with_stdin(Box::new(input)).collect()
    }

    /// A readable dump of what a source produced: one block per article, one line per diagnostic.
    fn dump(items: &[Result<RawArticle, Diagnostic>], root: &str) -> String {
        let mut out = String::new();
        for item in items {
            match item {
                Ok(a) => {
                    let origin = a.origin.path.replace(root, "");
                    let line = a.origin.line.map(|l| format!(":{l}")).unwrap_or_default();
                    let date = a.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
                    let _ = writeln!(out, "article {} ({origin}{line})", a.id);
                    let _ = writeln!(out, "  title: {:?}", a.title);
                    let _ = writeln!(out, "  date:  {date}");
                    let _ = writeln!(out, "  url:   {:?}", a.url);
                    let _ = writeln!(out, "  body:  {} bytes, {} paragraph(s)", a.body.len(), a.body.lines().count());
                }
                Err(d) => {
                    let _ = writeln!(out, "{}", d.to_string().replace(root, ""));
                }
            }
        }
        out
    }

    #[test]
    fn golden_walk_of_the_source_fixtures() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/source");
        let root = format!("{}/", dir.display());
        let items: Vec<_> = Sources::new([dir.clone()]).collect();
        expect_test::expect_file!["../test_data/source.dump"].assert_eq(&dump(&items, &root));
        // Explicitly named, the non-articles are reported instead of skipped.
        let named: Vec<_> =
            Sources::new([dir.join("README.md"), dir.join("notes.txt"), dir.join("missing.txt")]).collect();
        expect_test::expect_file!["../test_data/source-named.dump"].assert_eq(&dump(&named, &root));
    }

    #[test]
    fn text_layout_fields_and_file_stem_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("russia-warns-nato-20211114.txt");
        fs::write(&path, "Russia warns NATO\r\n20211114\r\nhttps://x.invalid/a\r\nFirst.\r\nSecond.\r\n\r\n").unwrap();
        let items: Vec<_> = Sources::new([path]).collect();
        let article = items[0].as_ref().unwrap();
        assert_eq!(article.id, "russia-warns-nato-20211114");
        assert_eq!(article.title.as_deref(), Some("Russia warns NATO"));
        assert_eq!(article.date, Date::new(2021, 11, 14).ok());
        assert_eq!(article.url.as_deref(), Some("https://x.invalid/a"));
        assert_eq!(article.body, "First.\nSecond.");
    }

    #[test]
    fn stdin_sniffs_json_lines_or_text() {
        let items = read_stdin(b"\n\n  {\"id\": 7, \"text\": \"Body.\", \"date\": \"20220224\"}\n{\"text\": 3}\n");
        assert_eq!(items.len(), 2);
        let article = items[0].as_ref().unwrap();
        assert_eq!((article.id.as_str(), article.origin.line), ("7", Some(3)));
        assert_eq!(article.date, Date::new(2022, 2, 24).ok());
        let bad = items[1].as_ref().unwrap_err();
        assert_eq!((bad.code, bad.path.as_deref(), bad.line), (codes::BAD_JSON, Some(STDIN_NAME), Some(4)));

        let items = read_stdin(b"Title\n2021-11-14\n\nBody one.\n");
        let article = items[0].as_ref().unwrap();
        assert!(article.id.starts_with("h-") && article.id.len() == 18, "{}", article.id);
        assert_eq!(article.url, None);
        // The same content always gets the same id.
        let again = read_stdin(b"Title\n2021-11-14\n\nBody one.\n");
        assert_eq!(again[0].as_ref().unwrap().id, article.id);

        let empty = read_stdin(b"  \n");
        assert_eq!(empty[0].as_ref().unwrap_err().code, codes::EMPTY);
    }

    #[test]
    fn a_missing_id_becomes_a_content_hash() {
        let items = read_stdin(b"{\"title\": \"T\", \"text\": \"Body.\"}\n{\"title\": \"T\", \"text\": \"Body!\"}\n");
        let ids: Vec<_> = items.iter().map(|i| i.as_ref().unwrap().id.clone()).collect();
        assert_eq!(ids[0], content_id(Some("T"), None, None, "Body."));
        assert_ne!(ids[0], ids[1]);
    }

    #[test]
    fn oversized_articles_are_rejected_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let long = format!("{{\"id\": \"big\", \"text\": \"{}\"}}\n", "x".repeat(200));
        fs::write(&path, format!("{long}{{\"id\": \"small\", \"text\": \"ok\"}}\n")).unwrap();
        let text = dir.path().join("big.txt");
        fs::write(&text, format!("T\n20211114\nu\n{}\n", "x".repeat(200))).unwrap();
        let config = SourceConfig { max_article_bytes: 100 };
        let items: Vec<_> = Sources::with_config([path, text], config).collect();
        assert_eq!(items.len(), 3);
        let first = items[0].as_ref().unwrap_err();
        assert_eq!((first.code, first.line), (codes::TOO_LARGE, Some(1)));
        assert_eq!(items[1].as_ref().unwrap().id, "small");
        assert_eq!(items[2].as_ref().unwrap_err().code, codes::TOO_LARGE);
    }

    #[test]
    fn every_gold_dev_file_reads_cleanly() {
        let dir = Path::new("/work/shared/data/gold/dev");
        if !dir.is_dir() {
            return; // The shared data is not part of the project; checked where it is present.
        }
        let mut articles = 0;
        for item in Sources::new([dir.to_path_buf()]) {
            let article = item.unwrap_or_else(|d| panic!("{d}"));
            assert!(!article.id.starts_with("h-"), "gold ids come back unchanged: {}", article.id);
            articles += 1;
        }
        assert!(articles > 2000, "{articles}");
    }

    #[test]
    fn dates_in_both_layouts() {
        assert_eq!(parse_date("20211114"), Date::new(2021, 11, 14).ok());
        assert_eq!(parse_date(" 2021-11-14 "), Date::new(2021, 11, 14).ok());
        assert_eq!(parse_date("20211314"), None);
        assert_eq!(parse_date("2021/11/14"), None);
        assert_eq!(parse_date("+2021-1-14"), None);
        assert_eq!(parse_date("2021-11-1x"), None);
    }
}
