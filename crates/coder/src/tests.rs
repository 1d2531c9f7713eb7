//! Tests over the shipped dictionaries: golden dumps of whole articles (`test_data/articles/*.txt`, each
//! beside its `.coded` dump; regenerate with `UPDATE_EXPECT=1`) and every pattern's own examples.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use redline_dict::{Dictionaries, SourceFile};
use redline_model::{AnnotatedArticle, Date, Origin, RawArticle};

use crate::Pipeline;

fn dictionary_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dictionaries")
}

fn read_tree(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(root, &path, out);
        } else if path.file_name().is_some_and(|n| n != "README.md") {
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push(SourceFile { path: relative, text: std::fs::read_to_string(&path).unwrap() });
        }
    }
}

/// The shipped English syntax model (`models/en_ewt.syntax`), loaded once.
pub(crate) fn english() -> std::sync::Arc<redline_syntax::Model> {
    static MODEL: std::sync::OnceLock<std::sync::Arc<redline_syntax::Model>> = std::sync::OnceLock::new();
    let bytes: &[u8] = include_bytes!("../../../models/en_ewt.syntax");
    MODEL.get_or_init(|| std::sync::Arc::new(redline_syntax::Model::from_bytes(bytes).unwrap())).clone()
}

/// The shipped dictionaries, compiled; panics with every problem listed if they are broken.
pub(crate) fn shipped_pipeline() -> Pipeline {
    let root = dictionary_root();
    let mut files = Vec::new();
    read_tree(&root, &root, &mut files);
    match Dictionaries::compile(&files) {
        Ok(dicts) => Pipeline::new(dicts, english()),
        Err(errors) => panic!("{errors}"),
    }
}

/// Parses the text layout: title, YYYYMMDD date, URL, body.
fn article(id: &str, text: &str) -> RawArticle {
    let mut lines = text.lines();
    let title = lines.next().map(str::to_string);
    let date = lines.next().and_then(|d| jiff::fmt::strtime::parse("%Y%m%d", d.trim()).ok()?.to_date().ok());
    let url = lines.next().map(str::to_string);
    let body = lines.collect::<Vec<_>>().join("\n");
    RawArticle { id: id.to_string(), title, date, url, body, origin: Origin::default() }
}

/// A readable dump of everything the coder found.
pub(crate) fn dump(article: &AnnotatedArticle) -> String {
    let text = &article.text;
    let mut out = String::new();
    writeln!(out, "# sentences").unwrap();
    for (i, s) in article.sentences.iter().enumerate() {
        writeln!(out, "[{i}] p{} {}", s.paragraph, s.span.slice(text)).unwrap();
    }
    writeln!(out, "\n# mentions").unwrap();
    for m in &article.mentions {
        writeln!(
            out,
            "[{}] {} {} ({}) «{}» {}",
            m.sentence,
            m.code,
            m.name,
            m.kind.as_str(),
            m.span.slice(text),
            m.entry
        )
        .unwrap();
    }
    writeln!(out, "\n# dates").unwrap();
    for d in &article.dates {
        writeln!(out, "[{}] «{}» {} ({})", d.sentence, d.span.slice(text), d.date, d.granularity.as_str()).unwrap();
    }
    writeln!(out, "\n# quotes").unwrap();
    for q in &article.quotes {
        let speaker = q.speaker.as_ref().map_or("?".to_string(), |s| {
            format!("{} ({})", s.name, s.code.as_ref().map_or("-".to_string(), |c| c.to_string()))
        });
        writeln!(out, "[{}] {} «{}» — {}", q.sentence, q.kind.as_str(), q.span.slice(text), speaker).unwrap();
    }
    writeln!(out, "\n# events").unwrap();
    for e in &article.events {
        let target = e.target.as_ref().map_or("-".to_string(), |t| format!("{} «{}»", t.code, t.span.slice(text)));
        let date = e.date.map_or("-".to_string(), |d: Date| d.to_string());
        writeln!(
            out,
            "[{}] {} «{}» -{}-> {}  evidence «{}»  {} {}  rule {}",
            e.sentence,
            e.source.code,
            e.source.span.slice(text),
            e.code,
            target,
            e.evidence.slice(text),
            date,
            e.modality.as_str(),
            e.rule
        )
        .unwrap();
    }
    out
}

#[test]
fn golden_articles() {
    let pipeline = shipped_pipeline();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/articles");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for input in inputs {
        let text = std::fs::read_to_string(&input).unwrap();
        let id = input.file_stem().unwrap().to_string_lossy().to_string();
        let coded = pipeline.code(&article(&id, &text));
        for e in &coded.events {
            assert!(!e.evidence.slice(&coded.text).is_empty(), "{id}: empty evidence");
        }
        expect_test::expect_file![input.with_extension("coded")].assert_eq(&dump(&coded));
    }
}

#[test]
fn every_pattern_codes_its_own_examples() {
    let pipeline = shipped_pipeline();
    let (failures, checked) = crate::examples::check_examples(&pipeline);
    assert!(checked > 500, "only {checked} examples");
    let new: Vec<String> = failures.iter().filter(|f| !f.is_known_gap()).map(|f| f.to_string()).collect();
    assert!(new.is_empty(), "{} of {checked} examples fail:\n{}", new.len(), new.join("\n"));
    let failing: Vec<String> = failures.iter().map(|f| f.location()).collect();
    let fixed: Vec<&&str> = crate::examples::KNOWN_GAPS.iter().filter(|g| !failing.iter().any(|f| f == *g)).collect();
    assert!(fixed.is_empty(), "these known gaps are coded now: remove them from KNOWN_GAPS: {fixed:?}");
}

fn code_body(pipeline: &Pipeline, date: &str, body: &str) -> AnnotatedArticle {
    let raw = RawArticle { id: "t".into(), date: Some(date.parse().unwrap()), body: body.into(), ..Default::default() };
    pipeline.code(&raw)
}

/// (source, cameo, target) of every event, for compact assertions.
fn triples(article: &AnnotatedArticle) -> Vec<(String, String, String)> {
    article
        .events
        .iter()
        .map(|e| {
            (
                e.source.code.to_string(),
                e.code.to_string(),
                e.target.as_ref().map_or(String::new(), |t| t.code.to_string()),
            )
        })
        .collect()
}

fn triple(source: &str, code: &str, target: &str) -> (String, String, String) {
    (source.to_string(), code.to_string(), target.to_string())
}

#[test]
fn regression_a_surname_shared_by_two_people_seen_three_times_does_not_panic() {
    let pipeline = shipped_pipeline();
    let coded = code_body(
        &pipeline,
        "2016-10-04",
        "Bill Clinton spoke. Hillary Clinton spoke. Bill Clinton spoke again. Clinton left.",
    );
    // "Clinton" alone is ambiguous in this article: it resolves to nobody.
    assert!(coded.mentions.iter().all(|m| m.span.slice(&coded.text) != "Clinton"));
}

#[test]
fn a_bare_surname_resolves_to_the_person_named_in_full() {
    let pipeline = shipped_pipeline();
    let coded = code_body(
        &pipeline,
        "2022-02-11",
        "Jake Sullivan briefed reporters. Sullivan warned Russia of severe consequences.",
    );
    let sullivan = coded.mentions.iter().find(|m| m.span.slice(&coded.text) == "Sullivan").expect("surname resolved");
    assert_eq!(&*sullivan.name, "Jake Sullivan");
    assert!(triples(&coded).contains(&triple("USAGOV", "130", "RUS")), "{:?}", triples(&coded));
}

#[test]
fn regression_the_object_of_a_preposition_is_not_the_subject() {
    // "between Russia and Ukraine": neither is the subject of the build-up; the Kremlin (accused of it) is.
    let pipeline = shipped_pipeline();
    let coded = code_body(
        &pipeline,
        "2021-11-14",
        "Tensions between Russia and Ukraine continue to rise, with the Kremlin accused of building up troops near the border.",
    );
    let sources: Vec<String> = coded.events.iter().map(|e| e.source.code.to_string()).collect();
    assert!(!sources.iter().any(|s| s == "UKR" || s == "RUS"), "{sources:?}");
}

#[test]
fn headline_threat_and_reported_speech_speaker() {
    let pipeline = shipped_pipeline();
    let coded = code_body(
        &pipeline,
        "2021-11-14",
        "Attempts to expand NATO eastwards will lead to dire consequences for the US-led bloc, Russia's deputy foreign minister said on Monday.",
    );
    // The source is the speaker (the expansion's object NATO is not the subject); the target is the bloc.
    assert_eq!(triples(&coded), vec![triple("RUSGOV", "130", "IGOWSTNAT")]);
    assert_eq!(coded.events[0].date, Some("2021-11-08".parse().unwrap()));
}

#[test]
fn compound_actors_give_one_event_each_and_a_negated_event_is_kept_as_negated() {
    let pipeline = shipped_pipeline();
    let coded = code_body(
        &pipeline,
        "2022-02-20",
        "The United States and the European Union condemned Russia. Belarus did not attack Ukraine.",
    );
    let events = triples(&coded);
    assert!(events.contains(&triple("USA", "111", "RUS")), "{events:?}");
    assert!(events.contains(&triple("IGOEUREEC", "111", "RUS")), "{events:?}");
    let negated: Vec<_> = coded.events.iter().filter(|e| e.source.code.as_str() == "BLR").collect();
    assert!(!negated.is_empty(), "{events:?}");
    assert!(negated.iter().all(|e| e.modality == redline_model::Modality::Negated), "{negated:?}");
}

#[test]
fn passive_voice_swaps_source_and_target() {
    let pipeline = shipped_pipeline();
    let coded = code_body(&pipeline, "2022-03-01", "Ukraine was attacked by Russia on Tuesday.");
    let events = triples(&coded);
    assert!(events.iter().any(|(s, c, t)| s == "RUS" && t == "UKR" && c.starts_with("19")), "{events:?}");
}

#[test]
fn future_material_conflict_is_coded_as_a_threat() {
    let pipeline = shipped_pipeline();
    let coded = code_body(&pipeline, "2022-02-01", "Russia will invade Ukraine.");
    let event = coded.events.iter().find(|e| e.target.is_some()).expect("an event");
    assert_eq!(event.code.root(), "13", "{:?}", triples(&coded));
    assert_eq!(event.modality, redline_model::Modality::Future);
}

#[test]
fn people_carry_the_role_in_force_on_the_date() {
    let pipeline = shipped_pipeline();
    let before = code_body(&pipeline, "2021-12-07", "Angela Merkel met Joe Biden.");
    let after = code_body(&pipeline, "2021-12-09", "Olaf Scholz met Joe Biden. Angela Merkel met Joe Biden.");
    let code_of = |a: &AnnotatedArticle, name: &str| {
        a.mentions.iter().find(|m| m.span.slice(&a.text) == name).map(|m| m.code.to_string())
    };
    assert_eq!(code_of(&before, "Angela Merkel").as_deref(), Some("DEUGOV"));
    assert_eq!(code_of(&after, "Olaf Scholz").as_deref(), Some("DEUGOV"));
    assert_ne!(code_of(&after, "Angela Merkel").as_deref(), Some("DEUGOV"));
}

#[test]
fn every_span_slices_the_clean_text() {
    let pipeline = shipped_pipeline();
    let coded = code_body(
        &pipeline,
        "2021-11-14",
        "Kyiv’s envoy said: “Moscow threatened us.” &amp; Ukraine’s foreign minister condemned Russia.",
    );
    for m in &coded.mentions {
        assert!(!m.span.slice(&coded.text).is_empty());
    }
    for q in &coded.quotes {
        assert!(!q.span.slice(&coded.text).is_empty());
    }
    let events = triples(&coded);
    assert!(events.contains(&triple("UKRGOV", "111", "RUS")), "{events:?}");
}

#[test]
fn quotes_take_their_speaker_from_the_tree_and_from_signatures() {
    let pipeline = shipped_pipeline();
    let speakers = |body: &str| -> Vec<(String, String)> {
        let coded = code_body(&pipeline, "2022-03-01", body);
        coded
            .quotes
            .iter()
            .map(|q| {
                let speaker = q.speaker.as_ref().map_or(String::new(), |s| s.name.clone());
                (q.span.slice(&coded.text).to_string(), speaker)
            })
            .collect()
    };
    let pair = |quote: &str, speaker: &str| (quote.to_string(), speaker.to_string());
    // The subject of a speech verb the cue list does not hold, a noun phrase rather than a person.
    assert_eq!(
        speakers("The ministry issued a statement. “We will not accept any ultimatum,” the statement reads."),
        [pair("We will not accept any ultimatum", "the statement")]
    );
    assert_eq!(
        speakers("“Why are prices still rising?” a narrator in the new advertisement asks."),
        [pair("Why are prices still rising?", "a narrator")]
    );
    // A name behind a title and a parenthesis, which the word window does not reach.
    assert_eq!(
        speakers("“Subpoenas are not optional,” Committee Chairman Rep. John Smithfield (R-Ohio) said Tuesday."),
        [pair("Subpoenas are not optional", "John Smithfield")]
    );
    // A verb without a subject takes the subject of the clause it modifies.
    assert_eq!(
        speakers("Protesters marched through the capital on Sunday, chanting “Down with the junta!”"),
        [pair("Down with the junta!", "Protesters")]
    );
    // A plural role noun is nobody in particular: it does not resolve to the last person named.
    assert_eq!(
        speakers("Vladimir Putin spoke on Monday. Senior administration officials called the talks “useful.”"),
        [pair("useful.", "Senior administration officials")]
    );
    // Vox-pop signatures close their quotation: the next one is not a follow-on of the last.
    assert_eq!(
        speakers("“Stop the war now.” ― Maria Ivanova “Prices have doubled since spring.” ― Oleg Petrenko"),
        [pair("Stop the war now.", "Maria Ivanova"), pair("Prices have doubled since spring.", "Oleg Petrenko")]
    );
    // Transcript turns: a quotation inside a labelled turn is the turn speaker's, and so is its "I"; a
    // country inside an organisation's label is not the speaker.
    let turns = speakers(
        "Briefing.\n\nMS. PSAKI: Well, as his “Dear Colleague” letter said, it matters.\n\nQ: Is it “progress”?\n\n\
         It is. I said “no” to that.\n\nIndian American Impact: “We are thrilled.”",
    );
    assert_eq!(
        turns,
        [
            pair("Dear Colleague", "Jen Psaki"),
            pair("progress", "a reporter"),
            pair("no", "a reporter"),
            pair("We are thrilled.", "Indian American Impact")
        ]
    );
    // Scare quotes and titles are kind `scare`; a speaker's partial quotation is not.
    let coded = code_body(
        &pipeline,
        "2022-03-01",
        "The so-called “special military operation” began. Leaders of the «Normandy Four» met. \
         Sergey Lavrov called the talks “useful.”",
    );
    let kinds: Vec<(&str, &str)> = coded.quotes.iter().map(|q| (q.span.slice(&coded.text), q.kind.as_str())).collect();
    assert_eq!(kinds, [("special military operation", "scare"), ("Normandy Four", "scare"), ("useful.", "partial")]);
    // A quotation inside a quoted speaker's words keeps its own speaker, and a person named inside a
    // quotation is no antecedent of the reporter's "he".
    assert_eq!(
        speakers("Macron said: “Putin told me ‘we will never stop’ and I believed him.”\n\n“It is hard,” he added."),
        [
            pair("Putin told me ‘we will never stop’ and I believed him.", "Emmanuel Macron"),
            pair("we will never stop", "Vladimir Putin"),
            pair("It is hard", "Emmanuel Macron")
        ]
    );
    // Wire copy's '' marks: the cue after the first quotation is not handed to the second.
    let wire = speakers("''We are ready,'' Mr. Kowalski said. ''The talks will go on.''");
    assert_eq!(wire[0], pair("We are ready", "Kowalski"), "{wire:?}");
}

#[test]
fn a_surname_after_another_given_name_is_someone_else() {
    let pipeline = shipped_pipeline();
    let coded = code_body(
        &pipeline,
        "2022-03-01",
        "Yulia Tymoshenko spoke in parliament. Kyrylo Tymoshenko, deputy head of the presidential office, said \
         “the shelling continues.” President Tymoshenko is no one; Mr. Zelenskyy met Olena Zelenska.",
    );
    let speaker = coded.quotes[0].speaker.as_ref().unwrap();
    assert_eq!((speaker.name.as_str(), speaker.code.as_ref()), ("Kyrylo Tymoshenko", None));
    let names: Vec<&str> = coded.mentions.iter().map(|m| m.span.slice(&coded.text)).collect();
    assert!(names.contains(&"Yulia Tymoshenko"), "{names:?}");
    let kyrylo = coded.text.find("Kyrylo Tymoshenko").unwrap() + "Kyrylo ".len();
    assert!(coded.mentions.iter().all(|m| m.span.start as usize != kyrylo), "Kyrylo taken for Yulia: {names:?}");
    // A title before the surname is no given name: the surname still resolves.
    assert!(names.iter().any(|n| n.ends_with("Zelenskyy")), "{names:?}");
}
