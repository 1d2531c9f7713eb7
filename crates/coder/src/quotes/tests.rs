//! Tests of quotation pairing and attribution.

use redline_model::{ActorCode, ActorMention, EntryRef, MentionKind, QuoteKind, Sentence, Span};

use super::lex::*;
use super::marks::*;
use super::*;

#[test]
fn the_byte_scans_agree_with_a_char_by_char_reading() {
    let texts = [
        "no marks at all, only Kyiv's apostrophe",
        "He said \"yes\".",
        "“Curly” and ‘single’ and «guillemets» and „low“",
        "Only a closing ’ mark and an em dash — here",
        "Wire copy ''quoted'' text",
        "Ünïcödé ’s café – ‘",
        "«Non» then \"yes\" and it's ½ done",
    ];
    for text in texts {
        let by_chars = text.contains(['"', '“', '”', '«', '»', '‘', '„']) || text.contains("''");
        assert_eq!(has_double_mark(text), by_chars, "{text}");
        let bytes = text.as_bytes();
        let (mut jumps, mut next_c2, mut at) = (Vec::new(), None, 0);
        while at < bytes.len() {
            at = next_mark_start(bytes, at, &mut next_c2);
            jumps.push(at);
            at += 1;
        }
        let mut expected: Vec<usize> = (0..bytes.len()).filter(|&i| may_start_mark(bytes[i])).collect();
        if jumps.last() == Some(&bytes.len()) {
            expected.push(bytes.len());
        }
        assert_eq!(jumps, expected, "{text}");
    }
    let text = "Mr. Putin’s aide said: ''No.'' «Non», ‘oui’ — don't";
    let tokens = lex(text);
    let shown: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    assert_eq!(
        shown,
        [
            "Mr.",
            "Putin’s",
            "aide",
            "said",
            ":",
            "''",
            "No",
            ".",
            "''",
            "«",
            "Non",
            "»",
            ",",
            "‘",
            "oui",
            "’",
            "—",
            "don't"
        ]
    );
    assert!(tokens.iter().all(|t| text.is_char_boundary(t.start) && text.is_char_boundary(t.end)));
}

#[test]
fn only_the_quoted_paragraphs_and_the_one_before_each_are_lexed_as_the_whole_text_would_be() {
    let text = "Nothing here.\nMinister Lavrov continued:\n“We will respond,” he said.\nNo quote.\nAgain none.\n\
                Kyiv said “no”\nand left";
    let quotes = pair_marks(text, 0);
    assert_eq!(quotes.len(), 2);
    let paragraphs: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    // Paragraphs 1 and 2 (counting from 0: the one before "We will respond" and its own), then 4
    // and 5 (before "Kyiv said “no”", and its own); not 0, 3 or the last.
    let kept = |t: &Tok| {
        t.start > paragraphs[0] && t.start <= paragraphs[2] || t.start > paragraphs[3] && t.start <= paragraphs[5]
    };
    let expected: Vec<Tok> = lex(text).into_iter().filter(kept).collect();
    assert_eq!(lex_quoted_paragraphs(text, &quotes), expected);
    assert!(lex_quoted_paragraphs("no quotes", &[]).is_empty());
}

/// Splits text into sentences the way the text crate roughly does: per line, after `.?!` (and a
/// closing mark) followed by a space and a capital or an opening mark.
fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (paragraph, line) in text.split('\n').enumerate() {
        let mut start = offset;
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if matches!(c, b'.' | b'?' | b'!') {
                let mut end = i + 1;
                if line[end..].starts_with('"') {
                    end += 1;
                } else if line[end..].starts_with('”') {
                    end += '”'.len_utf8();
                }
                let rest = &line[end..];
                let next = rest.strip_prefix(' ').and_then(|r| r.chars().next());
                if next.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '“' | '«' | '\'')) {
                    out.push(Sentence { span: Span::new(start, offset + end), paragraph: paragraph as u32 });
                    start = offset + end + 1;
                    i = end + 1;
                    continue;
                }
            }
            i += 1;
        }
        if start < offset + line.len() {
            out.push(Sentence { span: Span::new(start, offset + line.len()), paragraph: paragraph as u32 });
        }
        offset += line.len() + 1;
    }
    out
}

/// Builds mentions the way the actor stage would: every word-bounded occurrence of each surface
/// form, longest first, no overlaps.
fn mentions(text: &str, gazetteer: &[(&str, &str, &str, MentionKind)]) -> Vec<ActorMention> {
    let mut entries: Vec<_> = gazetteer.to_vec();
    entries.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
    let mut out: Vec<ActorMention> = Vec::new();
    for (surface, name, code, kind) in entries {
        for (at, _) in text.match_indices(surface) {
            let end = at + surface.len();
            let before_ok = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after_ok = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            let span = Span::new(at, end);
            if !before_ok || !after_ok || out.iter().any(|m| m.span.overlap(span) > 0) {
                continue;
            }
            out.push(ActorMention {
                span,
                code: ActorCode::parse(code).expect("test codes are valid"),
                name: name.into(),
                kind,
                entry: EntryRef::default(),
                sentence: 0,
            });
        }
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// `[kind] «text» — speaker (code)` for each quote.
fn dump(text: &str, quotes: &[Quote]) -> Vec<String> {
    quotes
        .iter()
        .map(|q| {
            let who = match &q.speaker {
                Some(s) => format!("{} ({})", s.name, s.code.as_ref().map_or("-".to_string(), |c| c.to_string())),
                None => "?".to_string(),
            };
            format!("[{}] «{}» — {}", q.kind.as_str(), q.span.slice(text), who)
        })
        .collect()
}

const PEOPLE: &[(&str, &str, &str, MentionKind)] = &[
    ("Sergey Ryabkov", "Sergey Ryabkov", "RUSGOV", MentionKind::Person),
    ("Ryabkov", "Sergey Ryabkov", "RUSGOV", MentionKind::Person),
    ("Russia's deputy foreign minister", "Sergey Ryabkov", "RUSGOV", MentionKind::RoleNominal),
    ("Jens Stoltenberg", "Jens Stoltenberg", "IGOWSTNAT", MentionKind::Person),
    ("Stoltenberg", "Jens Stoltenberg", "IGOWSTNAT", MentionKind::Person),
    ("Sergey Lavrov", "Sergey Lavrov", "RUSGOV", MentionKind::Person),
    ("Dmitry Peskov", "Dmitry Peskov", "RUSGOV", MentionKind::Person),
    ("Kremlin", "Kremlin", "RUSGOV", MentionKind::Metonym),
    ("Russia", "Russia", "RUS", MentionKind::Country),
    ("NATO", "NATO", "IGOWSTNAT", MentionKind::Organisation),
    ("Ukraine", "Ukraine", "UKR", MentionKind::Country),
];

fn run(text: &str) -> Vec<String> {
    let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &CueWords::builtin(), 0);
    dump(text, &quotes)
}

fn check(text: &str, expected: &[&str]) {
    assert_eq!(run(text), expected, "{text}");
}

#[test]
fn quote_then_speaker_said() {
    check("\"We will not allow it,\" Ryabkov said.", &["[direct] «We will not allow it» — Sergey Ryabkov (RUSGOV)"]);
}

#[test]
fn quote_then_said_speaker_with_titles() {
    check(
        "“We will respond,” said Foreign Minister Sergey Lavrov.",
        &["[direct] «We will respond» — Sergey Lavrov (RUSGOV)"],
    );
    check(
        "“Nothing has changed,” Kremlin spokesman Dmitry Peskov told reporters.",
        &["[direct] «Nothing has changed» — Dmitry Peskov (RUSGOV)"],
    );
}

#[test]
fn speaker_colon_and_that_before_quote() {
    check("Stoltenberg said: “Ukraine decides.”", &["[direct] «Ukraine decides.» — Jens Stoltenberg (IGOWSTNAT)"]);
    check(
        "Ryabkov said that “the response will be military.”",
        &["[partial] «the response will be military.» — Sergey Ryabkov (RUSGOV)"],
    );
    check(
        "According to Stoltenberg, “the door remains open.”",
        &["[direct] «the door remains open.» — Jens Stoltenberg (IGOWSTNAT)"],
    );
}

#[test]
fn quote_then_speaker_added_without_comma() {
    check("“It is a red line” Ryabkov added.", &["[direct] «It is a red line» — Sergey Ryabkov (RUSGOV)"]);
}

#[test]
fn follow_on_sentence_and_paragraph() {
    check(
        "“To be a member, you need to meet the standards,” Stoltenberg said. “We help them.”\n“But 30 allies have to agree.”",
        &[
            "[direct] «To be a member, you need to meet the standards» — Jens Stoltenberg (IGOWSTNAT)",
            "[direct] «We help them.» — Jens Stoltenberg (IGOWSTNAT)",
            "[direct] «But 30 allies have to agree.» — Jens Stoltenberg (IGOWSTNAT)",
        ],
    );
    // No inheritance across an unrelated paragraph.
    check(
        "“Yes,” Stoltenberg said.\nThe talks went on.\n“No.”",
        &["[direct] «Yes» — Jens Stoltenberg (IGOWSTNAT)", "[direct] «No.» — ?"],
    );
}

#[test]
fn multi_paragraph_quote_is_one() {
    let text = "Ryabkov said: “We will stand our ground.\n“The consequences will be dire.”\nNext paragraph.";
    let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &CueWords::builtin(), 0);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].span.slice(text), "We will stand our ground.\n“The consequences will be dire.");
    assert_eq!(quotes[0].kind, QuoteKind::Direct);
    assert_eq!(quotes[0].speaker.as_ref().map(|s| s.name.as_str()), Some("Sergey Ryabkov"));
}

#[test]
fn pronoun_resolves_to_latest_person() {
    check(
        "Stoltenberg met Ryabkov in Brussels.\n“It was useful,” he said.",
        &["[direct] «It was useful» — Sergey Ryabkov (RUSGOV)"],
    );
    // Without any mention: a capitalised name found earlier.
    let text = "“We are ready,” said John Smith. “Are you?” he asked.";
    let quotes = find_quotes(text, &sentences(text), &[], &CueWords::builtin(), 0);
    assert_eq!(
        dump(text, &quotes),
        ["[direct] «We are ready» — John Smith (-)", "[direct] «Are you?» — John Smith (-)"]
    );
    // The mention is the pronoun next to the cue; name (and code) are the antecedent's.
    assert_eq!(quotes[1].speaker.as_ref().map(|s| s.mention.slice(text)), Some("he"));
    // An unresolved pronoun keeps its own word.
    check("“No,” she said.", &["[direct] «No» — she (-)"]);
}

#[test]
fn role_nominal_resolves_to_latest_person() {
    check(
        "Sergey Lavrov arrived in Geneva.\n“We expect answers,” the minister said.",
        &["[direct] «We expect answers» — Sergey Lavrov (RUSGOV)"],
    );
}

#[test]
fn partial_quote_takes_the_speaking_subject() {
    check(
        "Speaking to the newspaper Izvestia, Sergey Ryabkov claimed that leaders were “repeatedly told” that there would be no expansion.",
        &["[partial] «repeatedly told» — Sergey Ryabkov (RUSGOV)"],
    );
}

#[test]
fn sentence_ending_with_speaker_said() {
    check(
        "Attempts to expand NATO will lead to “dire consequences” for the bloc, and there is no way Moscow will shift, Russia's deputy foreign minister said on Monday.",
        &["[partial] «dire consequences» — Sergey Ryabkov (RUSGOV)"],
    );
}

#[test]
fn far_cue_without_comma_shape_is_not_taken() {
    check(
        "The so-called “peace plan” was drafted in a hurry and officials in Moscow said it was dead.",
        &["[scare] «peace plan» — ?"],
    );
}

#[test]
fn apostrophes_are_not_quotes() {
    assert!(run("Kyiv’s allies’ plans don’t change Russia’s position, and Ukraine's neither.").is_empty());
    assert!(run("It's the '90s, rock 'n' roll.").is_empty());
    // Nested single quotes stay inside the outer quote.
    check(
        "“They call it ‘defence’ but it’s not,” Ryabkov said.",
        &["[direct] «They call it ‘defence’ but it’s not» — Sergey Ryabkov (RUSGOV)", "[scare] «defence» — ?"],
    );
}

#[test]
fn single_curly_quotes_in_headline() {
    let text = "Russia warns of ‘dire consequences’\n“No,” Ryabkov said.";
    let body_start = text.find('\n').map_or(0, |i| i + 1);
    let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &CueWords::builtin(), body_start);
    // "warns" is a speech cue: the headline's subject speaks.
    assert_eq!(
        dump(text, &quotes),
        ["[partial] «dire consequences» — Russia (RUS)", "[direct] «No» — Sergey Ryabkov (RUSGOV)"]
    );
    // The same marks in the body are not quotes on their own.
    let quotes = find_quotes(text, &sentences(text), &[], &CueWords::builtin(), 0);
    assert_eq!(quotes.len(), 1);
    let quotes = find_quotes("Russia warns of ‘dire consequences’", &[], &[], &CueWords::builtin(), 0);
    assert!(quotes.is_empty());
}

#[test]
fn unbalanced_marks_do_not_panic() {
    for text in [
        "\"",
        "“",
        "”",
        "He said “never.\nNext paragraph without marks.",
        "“One” “two",
        "\"\" \"  \" «»",
        "word\" and \"",
        "« Bonjour » dit-il. ‘",
        "Café “Zürich”, he said",
    ] {
        let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &CueWords::builtin(), text.len());
        for q in &quotes {
            assert!(text.get(q.span.range()).is_some(), "{text}: {q:?}");
        }
    }
    assert_eq!(run("He said “never.\nNext paragraph without marks."), Vec::<String>::new());
    assert_eq!(run("“One” “two"), ["[direct] «One» — ?"]);
    assert_eq!(run("Café “Zürich”, he said"), ["[scare] «Zürich» — he (-)"]);
}

#[test]
fn guillemets_and_straight_quotes_pair() {
    check("«Nous refusons», Ryabkov said.", &["[direct] «Nous refusons» — Sergey Ryabkov (RUSGOV)"]);
    check(
        "NATO called it \"a provocation\" and Russia said \"no\".",
        &["[scare] «a provocation» — ?", "[partial] «no» — Russia (RUS)"],
    );
}

#[test]
fn doubled_apostrophes_are_double_quotes() {
    check(
        "''It's more tinkering at the edges,'' said Alan Cole. ''That's all.''",
        &["[direct] «It's more tinkering at the edges» — Alan Cole (-)", "[direct] «That's all.» — Alan Cole (-)"],
    );
}

#[test]
fn cue_words_from_lists() {
    let cues = CueWords::new(&["declared".to_string(), "told reporters".to_string()], &["in the words of".to_string()]);
    let text = "“Enough,” Ryabkov declared. In the words of Stoltenberg, “never.” Lavrov said “stop.”";
    let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &cues, 0);
    let names: Vec<_> = quotes.iter().map(|q| q.speaker.as_ref().map(|s| s.name.as_str())).collect();
    // "said" is not a cue in this list, so the last quote is unattributed.
    assert_eq!(names, [Some("Sergey Ryabkov"), Some("Jens Stoltenberg"), None]);
    assert!(CueWords::new(&[" ".to_string()], &[]).by_first_word.is_empty());
}

#[test]
fn sentence_index_and_mention_span() {
    let text = "NATO met.\n“No,” Stoltenberg said.";
    let quotes = find_quotes(text, &sentences(text), &mentions(text, PEOPLE), &CueWords::builtin(), 0);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].sentence, 1);
    assert_eq!(quotes[0].speaker.as_ref().map(|s| s.mention.slice(text)), Some("Stoltenberg"));
}

/// Golden test: each `test_data/quotes/*.txt` holds `@ surface | name | code | kind` lines (the
/// mentions the actor stage would find), a `---` line, then the article (first line the title);
/// the `.quotes` file beside it is the dump.
#[test]
fn golden() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/quotes");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("test_data/quotes exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for path in inputs {
        let input = std::fs::read_to_string(&path).expect("readable fixture");
        let (header, text) = input.split_once("---\n").expect("fixture has a --- line");
        let gazetteer: Vec<(String, String, String, MentionKind)> = header
            .lines()
            .filter_map(|l| l.strip_prefix("@ "))
            .map(|l| {
                let f: Vec<&str> = l.split('|').map(str::trim).collect();
                let kind = match f[3] {
                    "person" => MentionKind::Person,
                    "role" => MentionKind::RoleNominal,
                    "country" => MentionKind::Country,
                    "metonym" => MentionKind::Metonym,
                    _ => MentionKind::Organisation,
                };
                (f[0].to_string(), f[1].to_string(), f[2].to_string(), kind)
            })
            .collect();
        let borrowed: Vec<_> = gazetteer.iter().map(|(a, b, c, k)| (a.as_str(), b.as_str(), c.as_str(), *k)).collect();
        let text = text.trim_end();
        let body_start = text.find('\n').map_or(0, |i| i + 1);
        let quotes = find_quotes(text, &sentences(text), &mentions(text, &borrowed), &CueWords::builtin(), body_start);
        let mut actual = dump(text, &quotes).join("\n");
        actual.push('\n');
        expect_test::expect_file![path.with_extension("quotes")].assert_eq(&actual);
    }
}
