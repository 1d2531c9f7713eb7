//! The block syntax shared by every dictionary file: entries in column 0, indented attributes,
//! `#` comments, `;`-separated lists (see `dictionaries/README.md`).

use crate::DictError;

/// One entry: its header line and the indented attribute lines under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// One-based line of the header.
    pub line: u32,
    /// The header's first field (a code, a pattern's code, or a person's first name list).
    pub head: String,
    /// The rest of the header after the first run of whitespace (may be empty).
    pub rest: String,
    /// The whole header, comment removed.
    pub header: String,
    /// Attribute lines in order.
    pub attrs: Vec<Attr>,
}

/// One indented `key  value` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// One-based line.
    pub line: u32,
    /// The key, lower-cased.
    pub key: String,
    /// The value after the key, trimmed.
    pub value: String,
}

/// Splits a file into blocks. Attribute lines before any header are reported.
pub fn parse_blocks(file: &str, text: &str) -> (Vec<Block>, Vec<DictError>) {
    let mut blocks: Vec<Block> = Vec::new();
    let mut errors = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index as u32 + 1;
        let content = strip_comment(raw);
        if content.trim().is_empty() {
            continue;
        }
        let indented = content.starts_with(' ') || content.starts_with('\t');
        let content = content.trim();
        if indented {
            let (key, value) = split_first_field(content);
            match blocks.last_mut() {
                Some(block) => block.attrs.push(Attr { line, key: key.to_ascii_lowercase(), value: value.to_string() }),
                None => errors.push(DictError::new(file, line, "indented attribute line before any entry")),
            }
            continue;
        }
        let (head, rest) = split_first_field(content);
        blocks.push(Block {
            line,
            head: head.to_string(),
            rest: rest.to_string(),
            header: content.to_string(),
            attrs: Vec::new(),
        });
    }
    (blocks, errors)
}

/// Removes the file-level directives (entries whose head starts with `@`, such as `@source`) from
/// `blocks` and returns them.
pub fn take_directives(blocks: &mut Vec<Block>) -> Vec<Block> {
    let (directives, entries): (Vec<Block>, Vec<Block>) =
        std::mem::take(blocks).into_iter().partition(|b| b.head.starts_with('@'));
    *blocks = entries;
    directives
}

/// Splits a `;`-separated list, trimming items and dropping empty ones.
pub fn split_list(value: &str) -> Vec<String> {
    value.split(';').map(str::trim).filter(|item| !item.is_empty()).map(str::to_string).collect()
}

/// Removes a `#` comment: one at the start of the line or after whitespace.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return &line[..i];
        }
    }
    line
}

/// Splits at the first run of whitespace: `("RUS", "Russia; Russian Federation")`.
fn split_first_field(content: &str) -> (&str, &str) {
    match content.find([' ', '\t']) {
        Some(at) => (&content[..at], content[at..].trim()),
        None => (content, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_attributes_and_comments() {
        let text = "# header comment\nRUS  Russia; Russian Federation  # note\n    adj  Russian; Russians\n\n\tcapital Moscow\nC#  not a comment\n";
        let (blocks, errors) = parse_blocks("countries.txt", text);
        assert!(errors.is_empty());
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].head, "RUS");
        assert_eq!(blocks[0].rest, "Russia; Russian Federation");
        assert_eq!(blocks[0].line, 2);
        assert_eq!(blocks[0].attrs[1].key, "capital");
        assert_eq!(blocks[0].attrs[1].line, 5);
        assert_eq!(blocks[1].head, "C#");
        assert_eq!(split_list(" a; b ;;c "), vec!["a", "b", "c"]);
    }

    #[test]
    fn reports_orphan_attribute_with_line() {
        let (_, errors) = parse_blocks("x.txt", "\n   adj Russian\n");
        assert_eq!(errors[0].to_string(), "x.txt:2: indented attribute line before any entry");
    }
}
