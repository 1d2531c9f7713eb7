//! Tables for people: one line per event (date, source → target, CAMEO, PLOVER, Goldstein, evidence),
//! then the quotations with their speakers. Not a stable format: scripts should read JSON Lines.

use std::io::{self, Write};

use redline_model::{AnnotatedArticle, Taxonomy};
use redline_store::{EventRow, QuoteRow};

/// Longest evidence or quotation snippet shown, in characters.
const SNIPPET_CHARS: usize = 70;

/// Writes one coded article as a table.
pub fn write_article_table(out: &mut dyn Write, article: &AnnotatedArticle, taxonomy: &Taxonomy) -> io::Result<()> {
    let date = article.date.map_or_else(|| "-".to_string(), |d| d.to_string());
    writeln!(out, "== {}  {}  {}", article.id, date, article.title.as_deref().unwrap_or(""))?;
    if article.events.is_empty() {
        writeln!(out, "   (no events)")?;
    }
    for event in &article.events {
        let line = EventLine {
            date: event.date.or(article.date).map(|d| d.to_string()),
            source: event.source.code.as_str(),
            target: event.target.as_ref().map(|t| t.code.as_str()),
            cameo: event.code.as_str(),
            plover: taxonomy.plover(&event.code).map(|p| p.as_str()),
            goldstein: f64::from(taxonomy.goldstein(&event.code)), // printed to one decimal
            evidence: event.evidence.slice(&article.text),
            modality: event.modality.as_str(),
        };
        line.write(out, "   ")?;
    }
    for quote in &article.quotes {
        let speaker = quote.speaker.as_ref().map(|s| (s.name.as_str(), s.code.as_ref().map(|c| c.as_str())));
        write_quote(out, "   ", quote.span.slice(&article.text), speaker, quote.kind.as_str())?;
    }
    for diagnostic in &article.diagnostics {
        writeln!(out, "   ! {}[{}]: {}", diagnostic.severity.as_str(), diagnostic.code, diagnostic.message)?;
    }
    Ok(())
}

/// Writes stored events, one line each, with the article id at the end.
pub fn write_event_rows_table(out: &mut dyn Write, rows: &[EventRow]) -> io::Result<()> {
    for row in rows {
        let line = EventLine {
            date: row.date.map(|d| d.to_string()),
            source: &row.source.code,
            target: row.target.as_ref().map(|t| t.code.as_str()),
            cameo: &row.cameo,
            plover: row.plover.as_deref(),
            goldstein: row.goldstein,
            evidence: &row.evidence_text,
            modality: &row.modality,
        };
        line.write(out, "")?;
        writeln!(out, "    [{}#{}]", row.article_id, row.seq)?;
    }
    Ok(())
}

/// Writes stored quotations, one line each.
pub fn write_quote_rows_table(out: &mut dyn Write, rows: &[QuoteRow]) -> io::Result<()> {
    for row in rows {
        let date = row.date.map_or_else(|| "-".to_string(), |d| d.to_string());
        let speaker = row.speaker_name.as_deref().map(|name| (name, row.speaker_code.as_deref()));
        write_quote(out, &format!("{date}  "), &row.text, speaker, &row.kind)?;
        writeln!(out, "    [{}#{}]", row.article_id, row.seq)?;
    }
    Ok(())
}

struct EventLine<'a> {
    date: Option<String>,
    source: &'a str,
    target: Option<&'a str>,
    cameo: &'a str,
    plover: Option<&'a str>,
    goldstein: f64,
    evidence: &'a str,
    modality: &'a str,
}

impl EventLine<'_> {
    fn write(&self, out: &mut dyn Write, indent: &str) -> io::Result<()> {
        let date = self.date.as_deref().unwrap_or("-");
        let dyad = format!("{} → {}", self.source, self.target.unwrap_or("-"));
        // What the text says happened is the common case; anything else is marked.
        let modality = if self.modality == "asserted" { String::new() } else { format!("  [{}]", self.modality) };
        writeln!(
            out,
            "{indent}{date:<10}  {dyad:<22}  {:<4}  {:<9}  {:>5.1}  \"{}\"{modality}",
            self.cameo,
            self.plover.unwrap_or("-"),
            self.goldstein,
            snippet(self.evidence)
        )
    }
}

/// One quotation: its words, its speaker, and `[scare]` for scare quotes and titles.
fn write_quote(
    out: &mut dyn Write,
    indent: &str,
    text: &str,
    speaker: Option<(&str, Option<&str>)>,
    kind: &str,
) -> io::Result<()> {
    let speaker = match speaker {
        Some((name, Some(code))) => format!("{name} ({code})"),
        Some((name, None)) => name.to_string(),
        None => "(unattributed)".to_string(),
    };
    let kind = if kind == "scare" { "  [scare]" } else { "" };
    writeln!(out, "{indent}“{}” — {speaker}{kind}", snippet(text))
}

/// The text on one line, cut at a character boundary with `…` when longer than [`SNIPPET_CHARS`].
fn snippet(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= SNIPPET_CHARS {
        return flat;
    }
    let mut cut: String = flat.chars().take(SNIPPET_CHARS - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::coded_article;
    use redline_store::{EventFilter, QuoteFilter, Store};

    #[test]
    fn golden_article_table() {
        let mut out = Vec::new();
        write_article_table(&mut out, &coded_article(), &Taxonomy::standard()).unwrap();
        expect_test::expect_file!["../../test_data/output/article.table"].assert_eq(&String::from_utf8(out).unwrap());
    }

    #[test]
    fn stored_rows_render_like_coded_events() {
        let taxonomy = Taxonomy::standard();
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&[coded_article()], &taxonomy).unwrap();
        let mut out = Vec::new();
        write_event_rows_table(&mut out, &store.events(&EventFilter::default()).unwrap()).unwrap();
        write_quote_rows_table(&mut out, &store.quotes(&QuoteFilter::default()).unwrap()).unwrap();
        expect_test::expect_file!["../../test_data/output/stored.table"].assert_eq(&String::from_utf8(out).unwrap());
    }

    #[test]
    fn snippets_are_one_line_and_cut_on_characters() {
        assert_eq!(snippet("a\n  b"), "a b");
        let long = "é".repeat(100);
        let cut = snippet(&long);
        assert_eq!(cut.chars().count(), SNIPPET_CHARS);
        assert!(cut.ends_with('…'));
    }
}
