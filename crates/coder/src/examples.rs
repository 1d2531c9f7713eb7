//! Every event pattern carries example sentences that must be coded with the pattern's own code
//! (`dictionaries/README.md`). This module checks them; the test suite and `redline dict check` call it.

use redline_model::{Date, EntryRef, Event, Modality, RawArticle};

use crate::Pipeline;

/// The publication date examples are coded on (people's roles are looked up on it).
pub const EXAMPLE_DATE: &str = "2022-01-15";

/// Examples of the shipped dictionaries (`file:line`) that the coder does not code yet since it reads the tree:
/// misparsed short sentences, event nouns without a clause of their own, patterns whose distinctions the
/// tree does not make, and actors it gets wrong (a place taken for its country where the sentence names the
/// actor elsewhere, "Minsk agreements" read as Belarus, a "by" phrase that is no agent, an unnamed
/// "police" or "government" of the sentence's own country). `redline dict check` and the tests list them apart and fail on any other; an entry that
/// starts to pass must be removed (the tests say so).
pub const KNOWN_GAPS: &[&str] = &[
    "verbs/01-statement.txt:58",
    "verbs/01-statement.txt:83",
    "verbs/01-statement.txt:85",
    "verbs/01-statement.txt:131",
    "verbs/01-statement.txt:147",
    "verbs/02-appeal.txt:91",
    "verbs/02-appeal.txt:93",
    "verbs/02-appeal.txt:117",
    "verbs/04-consult.txt:83",
    "verbs/04-consult.txt:87",
    "verbs/04-consult.txt:89",
    "verbs/05-diplomatic-cooperation.txt:7",
    "verbs/05-diplomatic-cooperation.txt:25",
    "verbs/05-diplomatic-cooperation.txt:96",
    "verbs/06-material-cooperation.txt:52",
    "verbs/06-material-cooperation.txt:57",
    "verbs/08-yield.txt:86",
    "verbs/09-investigate.txt:34",
    "verbs/10-demand.txt:17",
    "verbs/10-demand.txt:58",
    "verbs/10-demand.txt:75",
    "verbs/10-demand.txt:87",
    "verbs/10-demand.txt:115",
    "verbs/11-disapprove.txt:19",
    "verbs/11-disapprove.txt:44",
    "verbs/11-disapprove.txt:71",
    "verbs/11-disapprove.txt:91",
    "verbs/12-reject.txt:19",
    "verbs/12-reject.txt:72",
    "verbs/12-reject.txt:127",
    "verbs/13-threaten.txt:34",
    "verbs/13-threaten.txt:65",
    "verbs/13-threaten.txt:135",
    "verbs/14-protest.txt:46",
    "verbs/15-force-posture.txt:45",
    "verbs/17-coerce.txt:35",
    "verbs/17-coerce.txt:41",
    "verbs/17-coerce.txt:60",
    "verbs/17-coerce.txt:65",
    "verbs/18-assault.txt:63",
    "verbs/19-fight.txt:53",
    "verbs/19-fight.txt:55",
    "verbs/19-fight.txt:142",
];

/// An example that its pattern does not code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The pattern's entry.
    pub pattern: EntryRef,
    /// The pattern as written.
    pub text: String,
    /// The code the example should get.
    pub code: String,
    /// Line of the example.
    pub line: u32,
    /// The example sentence.
    pub example: String,
    /// The actors it names (`SOURCE→TARGET`), if it names them.
    pub want: Option<String>,
    /// What was coded instead (`source→target code`).
    pub got: Vec<String>,
}

impl ExampleFailure {
    /// `file:line` of the example.
    pub fn location(&self) -> String {
        format!("{}:{}", self.pattern.file, self.line)
    }

    /// True when the example is one of [`KNOWN_GAPS`].
    pub fn is_known_gap(&self) -> bool {
        KNOWN_GAPS.contains(&self.location().as_str())
    }
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: example {:?} is not coded {}{} by `{}` (coded: {})",
            self.pattern.file,
            self.line,
            self.example,
            self.want.as_deref().map_or(String::new(), |w| format!("{w} ")),
            self.code,
            self.text,
            if self.got.is_empty() { "nothing".to_string() } else { self.got.join(", ") }
        )
    }
}

/// Codes every pattern's examples; returns the ones that do not come out with the pattern's code between
/// the actors the example names, and how many examples were checked. An example written in the future
/// ("Russia will invade") counts when the pattern fired and the coder re-coded it as the matching threat or
/// intent. Actors compare at the scoring key's level (`RUSGOV` is `RUS`).
pub fn check_examples(pipeline: &Pipeline) -> (Vec<ExampleFailure>, usize) {
    let date: Date = EXAMPLE_DATE.parse().unwrap_or_default();
    let mut failures = Vec::new();
    let mut checked = 0;
    for pattern in &pipeline.dictionaries().patterns {
        for example in &pattern.examples {
            checked += 1;
            let raw =
                RawArticle { id: "example".into(), date: Some(date), body: example.text.clone(), ..Default::default() };
            let coded = pipeline.code(&raw);
            let fired: Vec<&Event> = coded
                .events
                .iter()
                .filter(|e| {
                    e.code == pattern.code || (e.modality == Modality::Future && *e.rule.pattern == *pattern.text)
                })
                .collect();
            let right = match &example.actors {
                None => !fired.is_empty(),
                Some((source, target)) => fired.iter().any(|e| {
                    e.source.code.scoring_key() == source.as_str()
                        && e.target.as_ref().map(|t| t.code.scoring_key()) == target.as_deref()
                }),
            };
            if !right {
                failures.push(ExampleFailure {
                    pattern: pattern.entry.clone(),
                    text: pattern.text.clone(),
                    code: pattern.code.to_string(),
                    line: example.line,
                    example: example.text.clone(),
                    want: example.actors.as_ref().map(|(s, t)| format!("{s}→{}", t.as_deref().unwrap_or("-"))),
                    got: coded.events.iter().map(describe).collect(),
                });
            }
        }
    }
    (failures, checked)
}

/// `SOURCE→TARGET CODE` of an event, for failure messages.
fn describe(event: &Event) -> String {
    let target = event.target.as_ref().map_or("-".to_string(), |t| t.code.to_string());
    format!("{}→{} {}", event.source.code, target, event.code)
}
