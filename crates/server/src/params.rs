//! Query strings: strict decoding and typed, bounded parameters.
//!
//! axum's own `Query` extractor answers bad input with plain-text rejections and decodes `%ZZ` leniently;
//! the API instead decodes the query string itself and answers every problem with a stable error code:
//! a bad escape or non-UTF-8 bytes are `malformed_query`, a parameter the route does not know is
//! `unknown_parameter`, a parameter given twice or with a bad value is `invalid_parameter`, a value longer
//! than [`MAX_TEXT_CHARS`] (or a query string longer than [`MAX_QUERY_BYTES`]) is `query_too_long`.
//! An empty value (`from=`) counts as not given, so forms can send every field.

use redline_model::{Date, Modality};

use crate::error::{ApiError, ErrorCode};

/// Longest text parameter, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// Longest query string, in bytes (before decoding).
pub const MAX_QUERY_BYTES: usize = 4096;
/// Default page size.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// Largest page size.
pub const MAX_PAGE_SIZE: u32 = 500;

/// The decoded parameters of one request, checked against the route's list of known names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// Which page of a list: 1-based `page` and `page_size`, as the SQL offset and limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// 1-based page number.
    pub page: u32,
    /// Rows per page.
    pub page_size: u32,
    /// Rows skipped before this page.
    pub offset: u32,
}

impl Params {
    /// Decodes `query` (the part after `?`, if any), allowing only the names in `known`.
    pub fn parse(query: Option<&str>, known: &[&str]) -> Result<Params, ApiError> {
        let query = query.unwrap_or("");
        if query.len() > MAX_QUERY_BYTES {
            return Err(ApiError::new(
                ErrorCode::QueryTooLong,
                format!("the query string is {} bytes; at most {MAX_QUERY_BYTES}", query.len()),
            ));
        }
        let mut pairs: Vec<(String, String)> = Vec::new();
        for piece in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = piece.split_once('=').unwrap_or((piece, ""));
            let name = decode(raw_name)?;
            let value = decode(raw_value)?;
            if !known.contains(&name.as_str()) {
                let known = known.join(", ");
                return Err(ApiError::new(
                    ErrorCode::UnknownParameter,
                    format!("unknown parameter {name:?}; this route takes: {known}"),
                ));
            }
            if pairs.iter().any(|(n, _)| *n == name) {
                return Err(ApiError::invalid(&name, "given more than once"));
            }
            if value.chars().count() > MAX_TEXT_CHARS {
                return Err(ApiError::new(
                    ErrorCode::QueryTooLong,
                    format!("parameter {name:?} is longer than {MAX_TEXT_CHARS} characters"),
                ));
            }
            pairs.push((name, value));
        }
        Ok(Params { pairs })
    }

    /// The value of `name`, trimmed; `None` when absent or empty.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// The value of `name`, which must be given.
    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.text(name).ok_or_else(|| ApiError::invalid(name, "is required"))
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&self, name: &str) -> Result<Option<Date>, ApiError> {
        self.text(name)
            .map(|text| parse_date(text).ok_or_else(|| ApiError::invalid(name, "must be a date YYYY-MM-DD")))
            .transpose()
    }

    /// `from` and `to` dates (both inclusive); `from` after `to` is `invalid_range`.
    pub fn date_range(&self, from: &str, to: &str) -> Result<(Option<Date>, Option<Date>), ApiError> {
        let (start, end) = (self.date(from)?, self.date(to)?);
        if let (Some(start), Some(end)) = (start, end)
            && start > end
        {
            return Err(ApiError::new(ErrorCode::InvalidRange, format!("{from:?} ({start}) is after {to:?} ({end})")));
        }
        Ok((start, end))
    }

    /// `true`/`false` (also `1`/`0`); `default` when absent.
    pub fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.text(name) {
            None => Ok(default),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(_) => Err(ApiError::invalid(name, "must be true or false")),
        }
    }

    /// A whole number in `min..=max`; `default` when absent.
    pub fn number(&self, name: &str, min: u32, max: u32, default: u32) -> Result<u32, ApiError> {
        let Some(text) = self.text(name) else { return Ok(default) };
        match text.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::invalid(name, format!("must be a whole number from {min} to {max}"))),
        }
    }

    /// A comma-separated list of modalities (`asserted,reported`; `counted` for both); empty when absent.
    pub fn modalities(&self, name: &str) -> Result<Vec<Modality>, ApiError> {
        let expected = "must be modalities (asserted, negated, hypothetical, future, question, reported, denied, or \
                        counted for asserted and reported), comma-separated";
        self.list(name, expected, |part| match part {
            "counted" => Some(Modality::COUNTED.to_vec()),
            _ => Modality::parse(part).map(|m| vec![m]),
        })
    }

    /// A comma-separated list, each part (trimmed) read by `parse`, which may stand for several values;
    /// empty when absent, an error saying what is `expected` when a part does not read.
    pub fn list<T>(
        &self,
        name: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<Vec<T>>,
    ) -> Result<Vec<T>, ApiError> {
        let Some(text) = self.text(name) else { return Ok(Vec::new()) };
        let mut values = Vec::new();
        for part in text.split(',').map(str::trim) {
            values.extend(parse(part).ok_or_else(|| ApiError::invalid(name, expected))?);
        }
        Ok(values)
    }

    /// An actor code or code prefix: 1 to 15 ASCII letters or digits, upper-cased.
    pub fn code(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.text(name)
            .map(|text| {
                if text.len() <= 15 && text.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    Ok(text.to_ascii_uppercase())
                } else {
                    Err(ApiError::invalid(name, "must be an actor code like RUS or RUSGOV"))
                }
            })
            .transpose()
    }

    /// `page` (1-based, default 1) and `page_size` (default [`DEFAULT_PAGE_SIZE`], at most [`MAX_PAGE_SIZE`]).
    pub fn paging(&self) -> Result<Paging, ApiError> {
        let page = self.number("page", 1, u32::MAX, 1)?;
        let page_size = match self.text("page_size") {
            None => DEFAULT_PAGE_SIZE,
            Some(text) => match text.parse::<u32>() {
                Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => n,
                // Digits only but above the maximum (or beyond u32): too large, not malformed.
                Ok(n) if n > MAX_PAGE_SIZE => return Err(page_size_too_large(text)),
                Err(_) if text.bytes().all(|b| b.is_ascii_digit()) => return Err(page_size_too_large(text)),
                _ => {
                    return Err(ApiError::invalid(
                        "page_size",
                        format!("must be a whole number from 1 to {MAX_PAGE_SIZE}"),
                    ));
                }
            },
        };
        let offset = u64::from(page - 1) * u64::from(page_size);
        let offset = u32::try_from(offset).map_err(|_| ApiError::invalid("page", "is too large"))?;
        Ok(Paging { page, page_size, offset })
    }
}

fn page_size_too_large(text: &str) -> ApiError {
    ApiError::new(ErrorCode::PageSizeTooLarge, format!("page_size {text} is above the maximum of {MAX_PAGE_SIZE}"))
}

/// Parses exactly `YYYY-MM-DD` (a real calendar day).
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<i16>().ok());
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// Decodes one `application/x-www-form-urlencoded` component strictly: `+` is a space, `%XX` a byte, any
/// other `%` is `malformed_query`, and the bytes must be UTF-8.
pub fn decode(raw: &str) -> Result<String, ApiError> {
    let malformed =
        |why: &str| ApiError::new(ErrorCode::MalformedQuery, format!("cannot decode the query string: {why}"));
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
                match (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                    (Some(high), Some(low)) => out.push((high * 16 + low) as u8),
                    _ => return Err(malformed("a % must be followed by two hex digits")),
                }
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| malformed("the decoded bytes are not UTF-8"))
}

/// Decodes a URL path strictly (`%XX` only; `+` stays a plus): `None` for a bad escape or non-UTF-8 bytes.
pub fn decode_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
            let (high, low) = (hex(bytes.get(i + 1))?, hex(bytes.get(i + 2))?);
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(result: Result<Params, ApiError>) -> &'static str {
        result.err().map_or("ok", |e| e.code.as_str())
    }

    #[test]
    fn decodes_escapes_plus_and_utf8() {
        let params = Params::parse(Some("q=Lavrov+said%3A%20%C3%A9&speaker="), &["q", "speaker"]).unwrap();
        assert_eq!(params.text("q"), Some("Lavrov said: é"));
        assert_eq!(params.text("speaker"), None);
        assert_eq!(params.text("missing"), None);
        assert_eq!(Params::parse(None, &[]).unwrap(), Params::default());
        assert_eq!(Params::parse(Some("&&"), &[]).unwrap(), Params::default());
    }

    #[test]
    fn bad_query_strings_have_stable_codes() {
        assert_eq!(code_of(Params::parse(Some("q=%ZZ"), &["q"])), "malformed_query");
        assert_eq!(code_of(Params::parse(Some("q=%4"), &["q"])), "malformed_query");
        assert_eq!(code_of(Params::parse(Some("q=%FF"), &["q"])), "malformed_query");
        assert_eq!(code_of(Params::parse(Some("x=1"), &["q"])), "unknown_parameter");
        assert_eq!(code_of(Params::parse(Some("q=1&q=2"), &["q"])), "invalid_parameter");
        let long = format!("q={}", "é".repeat(201));
        assert_eq!(code_of(Params::parse(Some(&long), &["q"])), "query_too_long");
        let ok = format!("q={}", "é".repeat(200));
        assert_eq!(code_of(Params::parse(Some(&ok), &["q"])), "ok");
        let huge = format!("q=1{}", "&".repeat(MAX_QUERY_BYTES));
        assert_eq!(code_of(Params::parse(Some(&huge), &["q"])), "query_too_long");
    }

    #[test]
    fn typed_values() {
        let p = Params::parse(
            Some("from=2022-01-15&to=2022-01-14&bad=2022-02-30&yes=1&no=false&maybe=yes&n=7&actor=rusgov&dyad=R%27S"),
            &["from", "to", "bad", "yes", "no", "maybe", "n", "actor", "dyad"],
        )
        .unwrap();
        assert_eq!(p.date("from").unwrap(), Date::new(2022, 1, 15).ok());
        assert_eq!(p.date("bad").unwrap_err().code, ErrorCode::InvalidParameter);
        assert_eq!(p.date_range("from", "to").unwrap_err().code, ErrorCode::InvalidRange);
        assert_eq!(p.date_range("to", "from").unwrap(), (Date::new(2022, 1, 14).ok(), Date::new(2022, 1, 15).ok()));
        assert_eq!((p.flag("yes", false).unwrap(), p.flag("no", true).unwrap()), (true, false));
        assert!(p.flag("maybe", false).is_err());
        assert!(p.flag("absent", true).unwrap());
        assert_eq!(p.number("n", 1, 10, 5).unwrap(), 7);
        assert!(p.number("n", 1, 6, 5).is_err());
        assert_eq!(p.code("actor").unwrap().as_deref(), Some("RUSGOV"));
        assert!(p.code("dyad").is_err());
        assert_eq!(parse_date("20220115"), None);
        assert_eq!(parse_date("2022-1-15"), None);
        assert_eq!(parse_date("+022-01-15"), None);
    }

    #[test]
    fn paging_is_bounded() {
        let paging = |q: &str| Params::parse(Some(q), &["page", "page_size"]).and_then(|p| p.paging());
        assert_eq!(paging("").unwrap(), Paging { page: 1, page_size: 50, offset: 0 });
        assert_eq!(paging("page=3&page_size=20").unwrap(), Paging { page: 3, page_size: 20, offset: 40 });
        assert_eq!(paging("page_size=500").unwrap().page_size, 500);
        assert_eq!(paging("page_size=501").unwrap_err().code, ErrorCode::PageSizeTooLarge);
        assert_eq!(paging("page_size=99999999999999999999").unwrap_err().code, ErrorCode::PageSizeTooLarge);
        assert_eq!(paging("page_size=ten").unwrap_err().code, ErrorCode::InvalidParameter);
        assert_eq!(paging("page_size=0").unwrap_err().code, ErrorCode::InvalidParameter);
        assert_eq!(paging("page=0").unwrap_err().code, ErrorCode::InvalidParameter);
        assert_eq!(paging("page=-1").unwrap_err().code, ErrorCode::InvalidParameter);
        assert_eq!(paging("page=4294967295&page_size=500").unwrap_err().code, ErrorCode::InvalidParameter);
    }
}
