//! How the text holds an event, read from the tree: asserted, negated, denied, a question, hypothetical, in
//! the future, or reported by someone else.
//!
//! The event's scope is the event word and the words it climbs to while it stays the same proposition: a noun
//! to the verb it is the object of, an infinitive to its governor (`xcomp`), a participle or `of`-complement to
//! the word it modifies. Negation ("not", "never", "no intention of", "ruled out", "refused to") and modals
//! ("will", "would", "could") count inside that scope. Climbing on through a clausal complement (`ccomp`)
//! reaches the verb that frames it: a verb of saying makes the event reported (when its subject is not the
//! event's source), a verb of denial makes it denied, and a condition (`advcl` with "if"/"unless") on the way
//! makes it hypothetical.

use redline_model::Modality;

use crate::tree::View;

/// Words that negate the word they depend on.
const NEGATORS: &[&str] = &["not", "n't", "never", "no", "neither", "nor", "without"];
/// Verbs whose complement does not happen: "refused to meet", "ruled out sending", "failed to agree".
const NEGATING_VERBS: &[&str] = &["refuse", "decline", "fail", "avoid", "abstain", "stop", "cease", "halt"];
/// Verbs that deny their complement.
const DENYING_VERBS: &[&str] = &["deny", "dismiss", "refute", "reject", "rebuff", "disavow"];
/// Verbs of saying, thinking and reporting: their complement is the speaker's report.
pub const SAYING_VERBS: &[&str] = &[
    "say",
    "tell",
    "state",
    "claim",
    "report",
    "announce",
    "add",
    "note",
    "stress",
    "insist",
    "confirm",
    "allege",
    "believe",
    "think",
    "write",
    "tweet",
    "declare",
    "assert",
    "suggest",
    "argue",
    "explain",
    "reiterate",
    "emphasize",
    "emphasise",
    "warn",
    "accuse",
    "charge",
    "contend",
    "indicate",
    "acknowledge",
    "admit",
    "reveal",
    "show",
    "find",
    "conclude",
    "estimate",
    "assess",
    "predict",
    "fear",
    "suspect",
    "know",
    "hear",
    "learn",
    "understand",
    "see",
    "recall",
    "point",
    "underline",
    "announce",
    "disclose",
    "testify",
    "complain",
];
/// Verbs whose infinitive is an intention or a threat: "threatened to strike", "plans to visit".
const INTENT_VERBS: &[&str] = &[
    "threaten",
    "plan",
    "intend",
    "vow",
    "pledge",
    "promise",
    "prepare",
    "aim",
    "seek",
    "want",
    "hope",
    "expect",
    "plot",
    "propose",
    "offer",
    "agree",
    "decide",
    "resolve",
    "mean",
    "go",
    "poise",
    "set",
    "ready",
    "prepared",
    "likely",
    "determined",
    "commit",
];
/// Modals of the future.
const FUTURE_MODALS: &[&str] = &["will", "shall", "'ll", "wo"];
/// Modals of possibility and condition.
const CONDITIONAL_MODALS: &[&str] = &["could", "might", "may"];
/// Subordinators of a condition.
const CONDITIONS: &[&str] = &["if", "unless", "whether", "lest", "should", "once"];
/// Modifiers that make an event noun hypothetical: "any invasion", "a possible attack".
const HYPOTHETICAL_MODIFIERS: &[&str] = &[
    "any",
    "potential",
    "possible",
    "imminent",
    "planned",
    "prospective",
    "looming",
    "threatened",
    "further",
    "future",
];

/// What the tree says about an event's modality.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// Negated inside its own scope.
    pub negated: bool,
    /// Under a verb of denial.
    pub denied: bool,
    /// Under a condition or a modal of possibility.
    pub hypothetical: bool,
    /// Announced: a future modal, an intention or a threat.
    pub future: bool,
    /// "would" in the scope: conditional, or the future of reported speech ("said he would call").
    pub would: bool,
    /// The subject word of the verb of saying the event is reported under, if any.
    pub reporter: Option<usize>,
    /// Introduced by "according to": the word of the attributed source.
    pub according_to: Option<usize>,
    /// Alleged by no one named ("with the Kremlin accused of building up troops"): no event of its own.
    pub unattributed: bool,
}

/// Verbs whose complement is an allegation: "accused Ukraine of shelling Donetsk".
const ALLEGING_VERBS: &[&str] = &["accuse", "blame", "allege", "suspect", "charge"];

/// Reads the modality of the event at `event` whose clause verb is `clause`.
pub fn read(tree: &View<'_>, event: usize, clause: usize) -> Reading {
    let mut reading = Reading::default();
    // The event noun's own determiner or adjective: "any invasion", "no attack".
    if event != clause {
        for c in tree.children(event) {
            let lemma = tree.lemma(c);
            if (tree.rel(c) == "det" || tree.rel(c) == "amod") && HYPOTHETICAL_MODIFIERS.contains(&lemma.as_ref()) {
                reading.hypothetical = true;
            }
            if tree.rel(c) == "det" && NEGATORS.contains(&lemma.as_ref()) {
                reading.negated = true;
            }
        }
    }
    let mut w = event;
    let mut in_scope = true;
    for _ in 0..tree.len() {
        if in_scope {
            scope_marks(tree, w, &mut reading);
        }
        if tree.rel(w) == "advcl" && tree.children(w).any(|c| tree.rel(c) == "mark" && tree.lemma_in(c, CONDITIONS)) {
            reading.hypothetical = true;
        }
        if let Some(a) = tree.children(w).find(|&c| tree.is(c, "obl") && is_according(tree, c)) {
            reading.according_to.get_or_insert(a);
        }
        // "Russian troops shelled a kindergarten, Ukraine's foreign minister said": the report hangs from the
        // clause it reports.
        if reading.reporter.is_none()
            && let Some(saying) =
                tree.children(w).find(|&c| tree.rel(c) == "parataxis" && tree.lemma_in(c, SAYING_VERBS))
        {
            reading.reporter = tree.child(saying, "nsubj").or(Some(saying));
        }
        let Some(head) = tree.head(w) else { break };
        let rel = tree.rel(w);
        match rel {
            // Still the same proposition: an infinitive, an object, a participle or complement of a noun.
            "xcomp" | "obj" | "acl" | "nmod" | "obl" | "nsubj:pass" | "iobj" => {
                if in_scope && matches!(rel, "xcomp" | "acl" | "obj") {
                    if tree.lemma_in(head, NEGATING_VERBS) || is_rule_out(tree, head) {
                        reading.negated = true;
                    }
                    if tree.lemma_in(head, INTENT_VERBS) {
                        reading.future = true;
                    }
                }
                if tree.lemma_in(head, DENYING_VERBS) {
                    reading.denied = true;
                }
                // "accused of building up troops": the accuser reports it; an accusation with no accuser
                // attributes it to no one.
                if reading.reporter.is_none()
                    && tree.lemma_in(head, ALLEGING_VERBS)
                    && matches!(rel, "obl" | "acl" | "xcomp")
                {
                    // "X is accused of", "X, accused of", "with X accused of": the accused is the subject.
                    let absolute = tree.children(head).any(|c| tree.rel(c) == "mark" && tree.lemma_in(c, &["with"]));
                    let passive = tree.child(head, "aux:pass").is_some()
                        || tree.rel(head) == "acl"
                        || absolute
                        || tree.xpos(head) == "VBN" && tree.child(head, "aux").is_none();
                    match tree.child(head, "nsubj").filter(|_| !passive) {
                        Some(accuser) => reading.reporter = Some(accuser),
                        None if tree.children(head).all(|c| tree.rel(c) != "obl:agent") => reading.unattributed = true,
                        None => reading.reporter = tree.children(head).find(|&c| tree.rel(c) == "obl:agent"),
                    }
                }
            }
            // A clause framed by another verb.
            "ccomp" | "parataxis" | "advcl" | "csubj" | "acl:relcl" => {
                if tree.lemma_in(head, DENYING_VERBS) {
                    reading.denied = true;
                } else if rel != "advcl"
                    && rel != "acl:relcl"
                    && tree.lemma_in(head, SAYING_VERBS)
                    && reading.reporter.is_none()
                {
                    reading.reporter = tree.child(head, "nsubj").or(Some(head));
                }
                in_scope = false;
            }
            "conj" => {}
            _ => in_scope = false,
        }
        w = head;
    }
    // "said he would call on the Council": the future of reported speech; otherwise a condition.
    if reading.would {
        if reading.reporter.is_some() {
            reading.future = true;
        } else {
            reading.hypothetical = true;
        }
    }
    reading
}

/// Negators and modals on a word of the event's scope.
fn scope_marks(tree: &View<'_>, w: usize, reading: &mut Reading) {
    for c in tree.children(w) {
        let rel = tree.rel(c);
        let lemma = tree.lemma(c);
        let lemma = lemma.as_ref();
        if (rel == "advmod" || rel == "det" || rel == "cc:preconj") && NEGATORS.contains(&lemma) {
            reading.negated = true;
        }
        if rel == "aux" || rel == "aux:pass" {
            let form = tree.form(c).to_lowercase();
            if FUTURE_MODALS.contains(&form.as_str()) {
                reading.future = true;
            } else if form == "would" || form == "'d" {
                reading.would = true;
            } else if CONDITIONAL_MODALS.contains(&form.as_str()) {
                reading.hypothetical = true;
            }
        }
        if rel == "mark" && CONDITIONS.contains(&lemma) && tree.rel(w) != "ccomp" {
            reading.hypothetical = true;
        }
        // The consequent of a condition: "if Russia invades, the US will impose sanctions".
        if rel == "advcl" && tree.children(c).any(|m| tree.rel(m) == "mark" && tree.lemma_in(m, &["if", "unless"])) {
            reading.hypothetical = true;
        }
    }
}

/// "ruled out": the verb "rule" with the particle "out".
fn is_rule_out(tree: &View<'_>, w: usize) -> bool {
    tree.lemma_in(w, &["rule"]) && tree.children(w).any(|c| tree.rel(c) == "compound:prt" && tree.lemma_in(c, &["out"]))
}

/// "according to X".
fn is_according(tree: &View<'_>, w: usize) -> bool {
    tree.children(w).any(|c| tree.rel(c) == "case" && tree.lemma_in(c, &["according"]))
        || tree.children(w).any(|c| tree.rel(c) == "case" && tree.children(c).any(|f| tree.lemma_in(f, &["according"])))
}

/// The one modality of an event, from the tree's reading, whether the sentence asks a question, and whether
/// the reporter (or the quotation's speaker) is someone other than the event's source.
pub fn decide(reading: &Reading, question: bool, reported_by_other: bool) -> Modality {
    if reading.denied {
        Modality::Denied
    } else if reading.negated {
        Modality::Negated
    } else if question {
        Modality::Question
    } else if reading.hypothetical {
        Modality::Hypothetical
    } else if reading.future {
        Modality::Future
    } else if reported_by_other {
        Modality::Reported
    } else {
        Modality::Asserted
    }
}

/// A headline's bare infinitive: "Russia to impose sanctions on Ukraine" (the clause verb has "to" and no
/// auxiliary, and heads the sentence).
pub fn is_headline_infinitive(tree: &View<'_>, clause: usize) -> bool {
    tree.head(clause).is_none()
        && tree.children(clause).any(|c| tree.rel(c) == "mark" && tree.lemma_in(c, &["to"]))
        && tree.child(clause, "aux").is_none()
}
