//! Date expressions: finding "on Monday", "last month", "January 14, 2022", "two days ago" ... in
//! sentences and resolving them against the publication date; and choosing an event's date.
//!
//! This runs on every sentence of every article, so it works on a cheap hand-written word scan: a
//! sentence is only looked at closely where one of its words is a trigger (a weekday, a month, a
//! relative word such as "yesterday" or "ago", a four-digit year).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use jiff::civil::{Date, Weekday};
use redline_model::{DateExpr, DateGranularity, Sentence, Span};

/// Weekday and month names, capitalised: calendar words, never actor or speaker names.
pub const CALENDAR_WORDS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Finds date expressions in each sentence and resolves them against `published`.
///
/// Expressions come back in text order; their spans are exact byte ranges of the words (a leading
/// "on", "last" or "next" is part of the expression). Expressions whose date cannot be represented
/// (far outside jiff's range) are dropped.
pub fn find_dates(text: &str, sentences: &[Sentence], published: Date) -> Vec<DateExpr> {
    let mut out = Vec::new();
    let mut words = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        let Some(body) = text.get(sentence.span.range()) else {
            continue;
        };
        if !has_trigger(body) {
            continue;
        }
        words.clear();
        scan_words(body, sentence.span.start as usize, &mut words);
        find_in_sentence(&words, index as u32, published, &mut out);
    }
    out
}

/// The date an event in sentence `sentence` happened: the first day-granular (else month) date
/// expression of that sentence if any, else the publication date.
pub fn event_date(dates: &[DateExpr], sentence: u32, published: Date) -> Date {
    let in_sentence = || dates.iter().filter(|d| d.sentence == sentence);
    in_sentence()
        .find(|d| d.granularity == DateGranularity::Day)
        .or_else(|| in_sentence().find(|d| d.granularity == DateGranularity::Month))
        .map(|d| d.date)
        .unwrap_or(published)
}

/// One word of a sentence: its absolute byte span and a few cheap facts about it.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    span: Span,
    text: &'a str,
    /// The character right after the word, if it is punctuation (`.` `,` `;` ...).
    punct_after: Option<char>,
}

/// Cheap pre-check: does the sentence hold anything that can start a date expression?
///
/// A weekday or month starts with a capital; the relative words are few. This only rules out
/// sentences with no digits and none of the trigger stems ([`TRIGGER_STEMS`]).
fn has_trigger(body: &str) -> bool {
    // Digits in blocks without an early exit inside one, which the compiler vectorises; the stems
    // with one automaton (a vectorised search for all of them at once).
    let has_digit = |block: &[u8]| block.iter().fold(false, |seen, b| seen | b.is_ascii_digit());
    body.as_bytes().chunks(64).any(has_digit) || STEMS.is_match(body)
}

/// The automaton of [`TRIGGER_STEMS`].
static STEMS: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(TRIGGER_STEMS).expect("a few short literal stems always build"));

/// Substrings that may begin a date expression without a digit (all at least two bytes long).
const TRIGGER_STEMS: [&str; 30] = [
    "day",
    "Mon",
    "Tue",
    "Wed",
    "Thu",
    "Fri",
    "Sat",
    "Sun",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    "tomorrow",
    "tonight",
    "week",
    "month",
    "year",
    "ago",
    "morning",
    "afternoon",
    "evening",
    "night",
];

/// Longest word [`lower_ascii`] lower-cases in place; every word the scan compares is shorter.
const SHORT_WORD: usize = 16;

/// `text` with ASCII letters lower-cased, written into `buf`; `None` when it is longer than
/// [`SHORT_WORD`] bytes (no allocation per word, as `to_ascii_lowercase` would make).
fn lower_ascii<'b>(text: &str, buf: &'b mut [u8; SHORT_WORD]) -> Option<&'b str> {
    let out = buf.get_mut(..text.len())?;
    out.copy_from_slice(text.as_bytes());
    out.make_ascii_lowercase();
    // Lower-casing ASCII bytes keeps UTF-8 valid.
    std::str::from_utf8(out).ok()
}

/// Splits a sentence into words (letters, digits, internal apostrophes and hyphens).
fn scan_words<'a>(body: &'a str, offset: usize, out: &mut Vec<Word<'a>>) {
    let bytes = body.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII letters, digits and spaces, most of the text, without decoding a character.
        if b.is_ascii_alphanumeric() {
            start.get_or_insert(i);
            i += 1;
            continue;
        }
        if b == b' ' {
            if let Some(s) = start.take() {
                out.push(Word { span: Span::new(offset + s, offset + i), text: &body[s..i], punct_after: None });
            }
            i += 1;
            continue;
        }
        let mut rest = body[i..].chars();
        let Some(c) = rest.next() else { break };
        let next = rest.next();
        let len = c.len_utf8();
        let inner = (c == '\'' || c == '’' || c == '-') && start.is_some() && next.is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
            i += len;
            continue;
        }
        if let Some(s) = start.take() {
            let punct_after = (!c.is_whitespace()).then_some(c);
            out.push(Word { span: Span::new(offset + s, offset + i), text: &body[s..i], punct_after });
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(Word { span: Span::new(offset + s, offset + body.len()), text: &body[s..], punct_after: None });
    }
}

fn lower_is(word: &Word, expected: &str) -> bool {
    word.text.eq_ignore_ascii_case(expected)
}

fn weekday_of(word: &str) -> Option<Weekday> {
    let word = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word);
    Some(match word {
        "Monday" => Weekday::Monday,
        "Tuesday" => Weekday::Tuesday,
        "Wednesday" => Weekday::Wednesday,
        "Thursday" => Weekday::Thursday,
        "Friday" => Weekday::Friday,
        "Saturday" => Weekday::Saturday,
        "Sunday" => Weekday::Sunday,
        _ => return None,
    })
}

/// A month name or abbreviation (`Jan.`, `Sept.`): its number.
fn month_of(word: &Word) -> Option<i8> {
    month_and_form(word).map(|(month, _)| month)
}

/// A month name or abbreviation: its number and whether it was abbreviated.
fn month_and_form(word: &Word) -> Option<(i8, bool)> {
    let full = match word.text {
        "January" => 1,
        "February" => 2,
        "March" => 3,
        "April" => 4,
        "May" => 5,
        "June" => 6,
        "July" => 7,
        "August" => 8,
        "September" => 9,
        "October" => 10,
        "November" => 11,
        "December" => 12,
        _ => 0,
    };
    if full > 0 {
        return Some((full, false));
    }
    // Abbreviations only with their period, so that "Mar" or "Dec" as other words do not fire.
    if word.punct_after != Some('.') {
        return None;
    }
    let month = match word.text {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" | "Sept" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    Some((month, true))
}

/// A day of the month written as `14`, `14th`, `1st`, `2nd`, `3rd`.
fn day_number(word: &Word) -> Option<i8> {
    let text = word.text;
    let digits_end = text.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(text.len());
    if digits_end == 0 || digits_end > 2 {
        return None;
    }
    if !matches!(&text[digits_end..], "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let day: i8 = text[..digits_end].parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

/// A four-digit year between 1900 and 2100.
fn year_number(word: &Word) -> Option<i16> {
    if word.text.len() != 4 || !word.text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i16 = word.text.parse().ok()?;
    (1900..=2100).contains(&year).then_some(year)
}

/// A small count written as digits or a word ("two", "a").
fn count_number(word: &Word) -> Option<i64> {
    if let Ok(n) = word.text.parse::<i64>() {
        return (n > 0 && n < 1000).then_some(n);
    }
    const WORDS: [&str; 13] =
        ["a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    WORDS.iter().position(|w| lower_is(word, w)).map(|i| (i as i64).max(1))
}

/// Words that mark a clause as future or scheduled.
fn is_future_marker(word: &Word) -> bool {
    const MARKERS: [&str; 9] = ["will", "shall", "won't", "next", "upcoming", "scheduled", "due", "would", "planned"];
    MARKERS.iter().any(|m| lower_is(word, m)) || word.text.ends_with("'ll") || word.text.ends_with("’ll")
}

/// Past-tense reporting words that pin an adjacent date to the past ("said on Monday").
fn is_past_marker(word: &Word) -> bool {
    const MARKERS: [&str; 8] = ["said", "told", "announced", "was", "were", "had", "last", "ago"];
    MARKERS.iter().any(|m| lower_is(word, m))
}

/// The tense of the clause around a date expression, as far as a cheap look can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    /// A past reporting verb or auxiliary right next to the expression ("said on Monday").
    Past,
    /// Nothing either way.
    Unknown,
    /// A future or scheduling word nearby ("will meet on Monday", "is due next month").
    Future,
}

/// Is the date expression made of words `first..=last` in a future clause?
fn is_future(words: &[Word], first: usize, last: usize) -> bool {
    tense(words, first, last) == Tense::Future
}

/// The tense around words `first..=last`.
///
/// Looks up to six words back and four forward, stopping at clause punctuation; a past reporting verb
/// right next to the expression ("said on Monday") wins over a future word further away.
fn tense(words: &[Word], first: usize, last: usize) -> Tense {
    if first > 0 && is_past_marker(&words[first - 1]) {
        return Tense::Past;
    }
    if words.get(last + 1).is_some_and(is_past_marker) {
        return Tense::Past;
    }
    // "to be held", "is set to".
    let mut back = first;
    let mut steps = 0;
    while back > 0 && steps < 6 {
        back -= 1;
        steps += 1;
        let word = &words[back];
        if word.punct_after.is_some_and(|p| matches!(p, ',' | ';' | ':' | '.')) {
            break;
        }
        if is_future_marker(word) || (lower_is(word, "held") && back >= 2 && lower_is(&words[back - 1], "be")) {
            return Tense::Future;
        }
        if is_past_marker(word) {
            return Tense::Past;
        }
        if lower_is(word, "that") {
            break;
        }
    }
    let sentence_initial = first == 0;
    let mut commas = 0;
    for (steps, word) in words[last..].iter().enumerate() {
        if steps > 0 && (is_future_marker(word) || lower_is(word, "held")) {
            return Tense::Future;
        }
        if steps >= 4 || is_past_marker(word) {
            break;
        }
        if let Some(p) = word.punct_after {
            // A sentence-initial "On Monday, leaders will meet" reads past one comma.
            if p == ',' && sentence_initial && commas == 0 {
                commas += 1;
                continue;
            }
            if matches!(p, ',' | ';' | ':' | '.') {
                break;
            }
        }
    }
    Tense::Unknown
}

fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(jiff::Span::new().try_days(days).ok()?).ok()
}

fn add_months(date: Date, months: i64) -> Option<Date> {
    date.checked_add(jiff::Span::new().try_months(months).ok()?).ok()
}

/// The Monday of the week holding `date`.
fn monday_of(date: Date) -> Option<Date> {
    add_days(date, -i64::from(date.weekday().to_monday_zero_offset()))
}

/// Resolves a weekday: `past` → most recent on or before `published` (`strict` → before), else the
/// next one after.
fn resolve_weekday(published: Date, weekday: Weekday, future: bool, strict_past: bool) -> Option<Date> {
    let here = published.weekday();
    if future {
        let ahead = i64::from(here.until(weekday));
        return add_days(published, if ahead == 0 { 7 } else { ahead });
    }
    let back = i64::from(here.since(weekday));
    add_days(published, -(if back == 0 && strict_past { 7 } else { back }))
}

/// Resolves a day and month without a year: the publication year, unless that is more than two
/// months ahead (then the year before), or the clause is past and the date is ahead (the year
/// before), or the date is in the future clause already passed or more than ten months back while
/// next year's is at most a month ahead (the year after: "talks begin January 10" in December).
fn resolve_day_month(published: Date, month: i8, day: i8, tense: Tense) -> Option<Date> {
    let year = published.year();
    let this_year = Date::new(year, month, day).ok()?;
    let horizon = add_days(published, 61)?;
    let next_year = || Date::new(year.checked_add(1)?, month, day).ok();
    let last_year = || Date::new(year.checked_sub(1)?, month, day).ok();
    if this_year < published {
        if tense == Tense::Future {
            return next_year();
        }
        let long_ago = this_year < add_days(published, -300)?;
        let soon = add_days(published, 31)?;
        if tense == Tense::Unknown && long_ago && next_year().is_some_and(|d| d <= soon) {
            return next_year();
        }
        return Some(this_year);
    }
    if this_year > horizon || (tense == Tense::Past && this_year > published) {
        return last_year();
    }
    Some(this_year)
}

/// Resolves a bare month: the most recent such month on or before publication, or, in a future
/// clause, the first such month from the publication month on.
fn resolve_month(published: Date, month: i8, future: bool) -> Option<Date> {
    let year = published.year();
    let year = if future && month < published.month() {
        year.checked_add(1)?
    } else if !future && month > published.month() {
        year.checked_sub(1)?
    } else {
        year
    };
    Date::new(year, month, 1).ok()
}

/// Prepositions that may start a bare-month or bare-year expression; only "on" is kept in the span
/// (it is part of "on Monday", "on 7 December").
fn is_month_preposition(word: &Word) -> bool {
    const WORDS: [&str; 11] = ["in", "since", "until", "till", "by", "during", "from", "of", "early", "late", "mid"];
    WORDS.iter().any(|w| lower_is(word, w))
}

/// Pushes one expression, skipping ones that overlap what was already found in this sentence.
fn push(out: &mut Vec<DateExpr>, span: Span, date: Option<Date>, granularity: DateGranularity, sentence: u32) {
    let Some(date) = date else { return };
    if out.last().is_some_and(|last| last.sentence == sentence && last.span.end > span.start) {
        return;
    }
    out.push(DateExpr { span, date, granularity, sentence });
}

/// Finds the date expressions among one sentence's words.
fn find_in_sentence(words: &[Word], sentence: u32, published: Date, out: &mut Vec<DateExpr>) {
    use DateGranularity::{Day, Month, Year};
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        let prev = i.checked_sub(1).map(|p| &words[p]);
        let prev_is = |w: &str| prev.is_some_and(|p| lower_is(p, w) && p.punct_after.is_none());
        let next = words.get(i + 1);
        let span_from = |first: usize, last: usize| words[first].span.cover(words[last].span);
        let mut buf = [0; SHORT_WORD];
        // Every word matched below is shorter than `SHORT_WORD`: a longer one matches none.
        let lower = lower_ascii(word.text, &mut buf).unwrap_or("");
        match lower {
            "today" | "tonight" => {
                push(out, word.span, Some(published), Day, sentence);
            }
            "yesterday" => {
                // "the day before yesterday"
                let two_back = i >= 3
                    && lower_is(&words[i - 3], "the")
                    && lower_is(&words[i - 2], "day")
                    && lower_is(&words[i - 1], "before");
                if two_back {
                    out.retain(|d| !(d.sentence == sentence && d.span.start >= words[i - 3].span.start));
                    push(out, span_from(i - 3, i), add_days(published, -2), Day, sentence);
                } else {
                    push(out, word.span, add_days(published, -1), Day, sentence);
                }
            }
            "tomorrow" => {
                let two_ahead = i >= 3
                    && lower_is(&words[i - 3], "the")
                    && lower_is(&words[i - 2], "day")
                    && lower_is(&words[i - 1], "after");
                if two_ahead {
                    push(out, span_from(i - 3, i), add_days(published, 2), Day, sentence);
                } else {
                    push(out, word.span, add_days(published, 1), Day, sentence);
                }
            }
            "this" | "last" | "next" => {
                let Some(unit) = next else {
                    i += 1;
                    continue;
                };
                let step: i64 = match lower {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                let mut unit_buf = [0; SHORT_WORD];
                let unit_lower = lower_ascii(unit.text, &mut unit_buf).unwrap_or("");
                let span = span_from(i, i + 1);
                let consumed = match unit_lower {
                    "morning" | "afternoon" | "evening" if step == 0 => {
                        push(out, span, Some(published), Day, sentence);
                        true
                    }
                    "night" if step <= 0 => {
                        let date = if step < 0 { add_days(published, -1) } else { Some(published) };
                        push(out, span, date, Day, sentence);
                        true
                    }
                    "week" if step != 0 => {
                        let date = monday_of(published).and_then(|m| add_days(m, 7 * step));
                        push(out, span, date, Day, sentence);
                        true
                    }
                    "month" => {
                        let date = add_months(published.first_of_month(), step);
                        push(out, span, date, Month, sentence);
                        true
                    }
                    "year" => {
                        let year = published.year().checked_add(step as i16);
                        let date = year.and_then(|y| Date::new(y, 1, 1).ok());
                        push(out, span, date, Year, sentence);
                        true
                    }
                    _ => {
                        if let Some(weekday) = weekday_of(unit.text) {
                            let future = step > 0 || (step == 0 && is_future(words, i, i + 1));
                            push(out, span, resolve_weekday(published, weekday, future, step < 0), Day, sentence);
                            true
                        } else if let Some(month) = month_of(unit) {
                            let future = step > 0 || (step == 0 && is_future(words, i, i + 1));
                            push(out, span, resolve_month(published, month, future), Month, sentence);
                            true
                        } else {
                            false
                        }
                    }
                };
                i += if consumed { 2 } else { 1 };
                continue;
            }
            "ago" => ago_expression(words, i, published, sentence, out),
            _ => {}
        }

        let starts_with_on = prev_is("on");
        let first = if starts_with_on { i - 1 } else { i };

        if let Some(weekday) = weekday_of(word.text) {
            // "Mondays" is habitual and does not match; "Monday's talks" does.
            let future = is_future(words, first, i);
            push(out, span_from(first, i), resolve_weekday(published, weekday, future, false), Day, sentence);
        } else if let Some(month) = month_of(word) {
            let consumed = month_expression(words, i, first, month, published, sentence, out);
            i += consumed;
            continue;
        } else if let Some(day) = day_number(word) {
            // "14 January", "on 7 December 2021"
            if let Some(month) = next.and_then(month_of) {
                let mut last = i + 1;
                let date = match words.get(i + 2).and_then(year_number) {
                    Some(year) => {
                        last = i + 2;
                        Date::new(year, month, day).ok()
                    }
                    None => resolve_day_month(published, month, day, tense(words, first, last)),
                };
                push(out, span_from(first, last), date, Day, sentence);
                i = last + 1;
                continue;
            }
        } else if let Some(date) = iso_date(word) {
            push(out, word.span, Some(date), Day, sentence);
        } else if let Some(year) = year_number(word)
            && prev.is_some_and(|p| is_month_preposition(p) && p.punct_after.is_none())
        {
            push(out, word.span, Date::new(year, 1, 1).ok(), Year, sentence);
        }
        i += 1;
    }
}

/// "two days ago", "a week ago", "three years ago", ending at the word `ago` (index `i`).
fn ago_expression(words: &[Word], i: usize, published: Date, sentence: u32, out: &mut Vec<DateExpr>) {
    use DateGranularity::{Day, Month, Year};
    if i < 2 {
        return;
    }
    let Some(n) = count_number(&words[i - 2]) else {
        return;
    };
    let mut buf = [0; SHORT_WORD];
    let long;
    let unit = match lower_ascii(words[i - 1].text, &mut buf) {
        Some(lower) => lower,
        None => {
            long = words[i - 1].text.to_ascii_lowercase();
            long.as_str()
        }
    };
    let span = words[i - 2].span.cover(words[i].span);
    match unit.trim_end_matches('s') {
        "day" => push(out, span, add_days(published, -n), Day, sentence),
        "week" => push(out, span, add_days(published, -7 * n), Day, sentence),
        "month" => push(out, span, add_months(published.first_of_month(), -n), Month, sentence),
        "year" => {
            let year = i16::try_from(n).ok().and_then(|n| published.year().checked_sub(n));
            push(out, span, year.and_then(|y| Date::new(y, 1, 1).ok()), Year, sentence);
        }
        _ => {}
    }
}

/// An ISO date `2022-02-24` (the word scan keeps it as one word).
fn iso_date(word: &Word) -> Option<Date> {
    let bytes = word.text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let field = |r: std::ops::Range<usize>| word.text.get(r)?.parse::<i16>().ok();
    let year = field(0..4)?;
    let month = i8::try_from(field(5..7)?).ok()?;
    let day = i8::try_from(field(8..10)?).ok()?;
    Date::new(year, month, day).ok()
}

/// Handles an expression at a month word (index `i`; `first` includes a leading "on"). Returns how
/// many words were consumed from `i`.
fn month_expression(
    words: &[Word],
    i: usize,
    first: usize,
    month: i8,
    published: Date,
    sentence: u32,
    out: &mut Vec<DateExpr>,
) -> usize {
    use DateGranularity::{Day, Month};
    let word = &words[i];
    let span_from = |a: usize, b: usize| words[a].span.cover(words[b].span);
    // "January 14", "Jan. 14, 2022"
    if let Some(day) = words.get(i + 1).and_then(day_number) {
        let mut last = i + 1;
        let date = match words.get(i + 2).and_then(year_number) {
            Some(year) if words[i + 1].punct_after.is_none_or(|p| p == ',') => {
                last = i + 2;
                Date::new(year, month, day).ok()
            }
            _ => resolve_day_month(published, month, day, tense(words, first, last)),
        };
        push(out, span_from(first, last), date, Day, sentence);
        return last + 1 - i;
    }
    // "January 2022"
    if let Some(year) = words.get(i + 1).and_then(year_number) {
        push(out, span_from(i, i + 1), Date::new(year, month, 1).ok(), Month, sentence);
        return 2;
    }
    // A bare month only after a preposition: "May" and "March" are also a verb and a name.
    let prev = i.checked_sub(1).map(|p| &words[p]);
    let after_preposition = prev.is_some_and(|p| is_month_preposition(p) && p.punct_after.is_none());
    let abbreviated = month_and_form(word).is_some_and(|(_, abbreviated)| abbreviated);
    if after_preposition && !abbreviated {
        let future = is_future(words, i, i);
        push(out, word.span, resolve_month(published, month, future), Month, sentence);
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn trigger_check_agrees_with_searching_for_each_stem() {
        let texts = [
            "",
            "d",
            "The talks went well.",
            "They met on Mon and agreed.",
            "A week of talks",
            "talks a yea",
            "ends with day",
            "no digits, no stems here",
            "Unión Europea – tonight’s vote",
            "in 2022",
            "Summit",
            "da",
            "Decembe",
            "evening",
            "a long sentence with no digit until its very end, well past the first block of bytes: 7",
            "a long sentence with no stem until its very end, well past the first block of bytes: Fri",
        ];
        for text in texts {
            let searched = text.bytes().any(|b| b.is_ascii_digit()) || TRIGGER_STEMS.iter().any(|s| text.contains(s));
            assert_eq!(has_trigger(text), searched, "{text:?}");
        }
        assert!(has_trigger("A summit on Sunday") && !has_trigger("The summit went well."));
    }

    #[test]
    fn short_words_are_lower_cased_without_allocating_and_long_ones_are_refused() {
        let mut buf = [0; SHORT_WORD];
        assert_eq!(lower_ascii("YesTerday", &mut buf), Some("yesterday"));
        assert_eq!(lower_ascii("Zürich", &mut buf), Some("zürich"));
        assert_eq!(lower_ascii("", &mut buf), Some(""));
        assert_eq!(lower_ascii("internationalisation", &mut buf), None);
        // A long unit before "ago" is still read ("dayssssssssssssss" trims to "day").
        let text = "It happened two dayssssssssssssss ago.";
        let sentences = [Sentence { span: Span::new(0, text.len()), paragraph: 0 }];
        let found = find_dates(text, &sentences, date(2022, 1, 15));
        assert_eq!(found.iter().map(|d| d.date).collect::<Vec<_>>(), [date(2022, 1, 13)]);
    }

    /// One sentence covering the whole text.
    fn one(text: &str) -> Vec<Sentence> {
        vec![Sentence { span: Span::new(0, text.len()), paragraph: 0 }]
    }

    /// (expression text, date, granularity) for every expression found.
    fn found(text: &str, published: Date) -> Vec<(String, String, &'static str)> {
        find_dates(text, &one(text), published)
            .into_iter()
            .map(|d| (d.span.slice(text).to_string(), d.date.to_string(), d.granularity.as_str()))
            .collect()
    }

    fn single(text: &str, published: Date) -> (String, String, &'static str) {
        let all = found(text, published);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.into_iter().next().unwrap_or_default()
    }

    const SUNDAY: Date = date(2021, 11, 14);

    fn expect(text: &str, published: Date, words: &str, when: &str, granularity: &str) {
        let (w, d, g) = single(text, published);
        assert_eq!((w.as_str(), d.as_str(), g), (words, when, granularity), "{text}");
    }

    #[test]
    fn seed_article_dates() {
        expect("Also on Monday, Ryabkov spoke to news agency RIA Novosti.", SUNDAY, "on Monday", "2021-11-08", "day");
        expect(
            "However, last month, NATO Secretary-General Jens Stoltenberg suggested",
            SUNDAY,
            "last month",
            "2021-10-01",
            "month",
        );
        expect("ever since his election in 2019.", SUNDAY, "2019", "2019-01-01", "year");
    }

    #[test]
    fn relative_days() {
        expect("The talks ended today.", SUNDAY, "today", "2021-11-14", "day");
        expect("He spoke yesterday.", SUNDAY, "yesterday", "2021-11-13", "day");
        expect("It happened the day before yesterday.", SUNDAY, "the day before yesterday", "2021-11-12", "day");
        expect("They meet tomorrow.", SUNDAY, "tomorrow", "2021-11-15", "day");
        expect("He will speak tonight.", SUNDAY, "tonight", "2021-11-14", "day");
        expect("Shelling resumed this morning.", SUNDAY, "this morning", "2021-11-14", "day");
        expect("Shelling resumed last night.", SUNDAY, "last night", "2021-11-13", "day");
    }

    #[test]
    fn weekdays_past_and_future() {
        expect("Talks were held on Monday.", SUNDAY, "on Monday", "2021-11-08", "day");
        expect("Troops moved Friday.", SUNDAY, "Friday", "2021-11-12", "day");
        expect("Talks held on Sunday ended.", SUNDAY, "on Sunday", "2021-11-14", "day");
        expect("The ministers will meet on Monday.", SUNDAY, "on Monday", "2021-11-15", "day");
        expect("They meet next Monday.", SUNDAY, "next Monday", "2021-11-15", "day");
        expect("They met last Sunday.", SUNDAY, "last Sunday", "2021-11-07", "day");
        expect("Ryabkov said on Monday that Russia would respond.", SUNDAY, "on Monday", "2021-11-08", "day");
        expect("On Tuesday, leaders will meet in Brussels.", SUNDAY, "On Tuesday", "2021-11-16", "day");
        let monday = date(2021, 11, 15);
        expect("He spoke on Monday.", monday, "on Monday", "2021-11-15", "day");
        expect("The summit is scheduled for Monday.", monday, "Monday", "2021-11-22", "day");
    }

    #[test]
    fn weeks_months_years() {
        expect("Fighting escalated last week.", SUNDAY, "last week", "2021-11-01", "day");
        expect("Talks resume next week.", SUNDAY, "next week", "2021-11-15", "day");
        expect("Exports fell this month.", SUNDAY, "this month", "2021-11-01", "month");
        expect("Elections are due next month.", SUNDAY, "next month", "2021-12-01", "month");
        expect("Sanctions were imposed last year.", SUNDAY, "last year", "2020-01-01", "year");
        expect("Growth slowed this year.", SUNDAY, "this year", "2021-01-01", "year");
        expect("A vote is planned next year.", SUNDAY, "next year", "2022-01-01", "year");
    }

    #[test]
    fn month_names() {
        expect("The deal was signed in January.", SUNDAY, "January", "2021-01-01", "month");
        expect("The deal was signed in December.", SUNDAY, "December", "2020-12-01", "month");
        expect("A vote will take place in December.", SUNDAY, "December", "2021-12-01", "month");
        expect("A vote will take place in March.", SUNDAY, "March", "2022-03-01", "month");
        expect("The plan dates from May 2019.", SUNDAY, "May 2019", "2019-05-01", "month");
        assert!(found("May God help us.", SUNDAY).is_empty());
        assert!(found("March on, they said.", SUNDAY).is_empty());
    }

    #[test]
    fn calendar_dates() {
        expect("Talks began January 14.", SUNDAY, "January 14", "2021-01-14", "day");
        expect("Talks began 14 January.", SUNDAY, "14 January", "2021-01-14", "day");
        expect("Talks began Jan. 14.", SUNDAY, "Jan. 14", "2021-01-14", "day");
        expect("Talks began on January 14, 2022.", SUNDAY, "on January 14, 2022", "2022-01-14", "day");
        expect("Talks began on 7 December.", SUNDAY, "on 7 December", "2021-12-07", "day");
        expect("It was signed on 7 December.", SUNDAY, "on 7 December", "2020-12-07", "day");
        expect("Talks will begin on 7 December.", SUNDAY, "on 7 December", "2021-12-07", "day");
        expect("It was signed on December 7.", date(2021, 12, 20), "on December 7", "2021-12-07", "day");
        expect("Talks begin January 10.", date(2021, 12, 20), "January 10", "2022-01-10", "day");
        expect("Russia invaded on 2022-02-24.", SUNDAY, "2022-02-24", "2022-02-24", "day");
        expect("Russia invaded on 24 February 2022.", SUNDAY, "on 24 February 2022", "2022-02-24", "day");
    }

    #[test]
    fn ago_expressions() {
        expect("He left two days ago.", SUNDAY, "two days ago", "2021-11-12", "day");
        expect("He left three weeks ago.", SUNDAY, "three weeks ago", "2021-10-24", "day");
        expect("He left a week ago.", SUNDAY, "a week ago", "2021-11-07", "day");
        expect("He left 2 months ago.", SUNDAY, "2 months ago", "2021-09-01", "month");
        expect("He left five years ago.", SUNDAY, "five years ago", "2016-01-01", "year");
    }

    #[test]
    fn nothing_to_find_and_odd_input() {
        assert!(found("NATO warned Moscow of sanctions.", SUNDAY).is_empty());
        assert!(found("The 2019 election and 30,000 troops.", SUNDAY).is_empty());
        assert!(found("Born on 2022-13-45 in 99999 weeks ago", SUNDAY).is_empty());
        // Out-of-range spans and non-boundary spans are skipped, not a panic.
        let text = "Kyiv’s day";
        let bad = vec![Sentence { span: Span::new(3, 40), paragraph: 0 }];
        assert!(find_dates(text, &bad, SUNDAY).is_empty());
    }

    #[test]
    fn spans_are_absolute_and_sentences_numbered() {
        let text = "Nothing here.\nHe spoke on Monday. Then yesterday.";
        let sentences = vec![
            Sentence { span: Span::new(0, 13), paragraph: 0 },
            Sentence { span: Span::new(14, 33), paragraph: 1 },
            Sentence { span: Span::new(34, text.len()), paragraph: 1 },
        ];
        let dates = find_dates(text, &sentences, SUNDAY);
        assert_eq!(dates.len(), 2);
        assert_eq!(dates[0].span.slice(text), "on Monday");
        assert_eq!(dates[0].sentence, 1);
        assert_eq!(dates[1].span.slice(text), "yesterday");
        assert_eq!(dates[1].sentence, 2);
    }

    #[test]
    fn event_date_prefers_day_then_month_then_publication() {
        let text = "Last month, on Monday, talks. In January. Nothing.";
        let sentences = vec![
            Sentence { span: Span::new(0, 29), paragraph: 0 },
            Sentence { span: Span::new(30, 41), paragraph: 0 },
            Sentence { span: Span::new(42, text.len()), paragraph: 0 },
        ];
        let dates = find_dates(text, &sentences, SUNDAY);
        assert_eq!(event_date(&dates, 0, SUNDAY), date(2021, 11, 8));
        assert_eq!(event_date(&dates, 1, SUNDAY), date(2021, 1, 1));
        assert_eq!(event_date(&dates, 2, SUNDAY), SUNDAY);
    }
}
