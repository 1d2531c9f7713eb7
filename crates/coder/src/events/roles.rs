//! Who acts on whom, read from the dependency tree of the event's sentence.
//!
//! The event word is the head of the pattern's anchor. A verb's clause gives the actors: its subject acts
//! (`nsubj`), its objects and the objects of its prepositions are acted on (`obj`, `iobj`, `obl` with its
//! `case`); a passive swaps them back (`nsubj:pass`, `obl:agent` "by X"); a verb with no subject of its own
//! takes its governor's (control and raising through `xcomp`, coordinated verbs through `conj`, participles
//! through `advcl` and `acl`, relative clauses through the noun they modify). A noun names its own actors
//! (`nmod:poss`, an adjective or compound that is an actor → source; "of"/"on"/"against" … → target), and
//! takes the subject of the verb it is the object of ("Russia launched an invasion of Ukraine"). Actors are
//! only ever found among the clause's own dependents: a speaker or a possessor elsewhere in the sentence is
//! never an actor of another clause's event.

use crate::tree::View;

/// Prepositions whose object a verb or event noun acts on.
const TARGET_CASES: &[&str] = &[
    "against",
    "on",
    "upon",
    "to",
    "with",
    "at",
    "into",
    "onto",
    "toward",
    "towards",
    "from",
    "over",
    "of",
    "for",
    "about",
    "regarding",
    "concerning",
];
/// Prepositions of place: what is attacked in a country is the country's.
/// What is acted on may also lie in the target ("a base in Saudi Arabia") or be the target's ("charges by the
/// State Department").
const PLACE_CASES: &[&str] = &["in", "near", "inside", "outside", "across", "along", "by"];
/// Verbs whose object is the subject of their infinitive: "the US urged Russia to withdraw".
const OBJECT_CONTROL: &[&str] = &[
    "urge",
    "ask",
    "force",
    "order",
    "persuade",
    "tell",
    "call",
    "press",
    "pressure",
    "push",
    "encourage",
    "invite",
    "allow",
    "compel",
    "warn",
    "request",
    "instruct",
    "authorize",
    "authorise",
    "help",
    "accuse",
    "lead",
];
/// Participles that describe their subject's state rather than something done to it.
const STATE_PARTICIPLES: &[&str] = &[
    "prepare",
    "commit",
    "determine",
    "dedicate",
    "devote",
    "resolve",
    "poise",
    "set",
    "concern",
    "alarm",
    "worry",
    "disappoint",
    "please",
    "interest",
    "involve",
    "engage",
    "oppose",
    "ally",
    "unite",
    "align",
    "convince",
];
/// Verbs whose object is someone else's act, talked about, judged or watched: "discussed the war against
/// Ukraine", "condemned the invasion" (unlike "launched an invasion", "imposed sanctions", "held talks").
const ABOUT_VERBS: &[&str] = &[
    "say",
    "discuss",
    "talk",
    "describe",
    "report",
    "mention",
    "speak",
    "condemn",
    "denounce",
    "criticize",
    "criticise",
    "deplore",
    "decry",
    "welcome",
    "praise",
    "hail",
    "applaud",
    "oppose",
    "deny",
    "blame",
    "accuse",
    "investigate",
    "document",
    "record",
    "witness",
    "see",
    "watch",
    "monitor",
    "follow",
    "fear",
    "note",
    "recall",
    "commemorate",
    "mark",
    "address",
    "review",
    "assess",
    "examine",
    "study",
    "cover",
    "prevent",
    "deter",
    "stop",
    "halt",
    "end",
    "protest",
    "resist",
    "repel",
    "survive",
    "remember",
    "mourn",
    "cite",
    "predict",
    "expect",
];
/// Relative pronouns: in a relative clause they stand for the noun the clause modifies.
const RELATIVE: &[&str] = &["who", "which", "that", "whom"];

/// The words of a sentence that play the event's roles: each the head word of a phrase (its actor mention is
/// found by [`actors`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    /// The verb whose clause the event belongs to (the event word itself, or the verb a noun is the object of).
    pub clause: usize,
    /// Whose act it is.
    pub source: Option<usize>,
    /// Who is acted on.
    pub target: Vec<usize>,
    /// The clause is passive.
    pub passive: bool,
}

/// The head of the anchor's words: the one whose head lies outside them (or the first).
pub fn phrase_head(tree: &View<'_>, words: std::ops::Range<usize>, matched: std::ops::Range<usize>) -> usize {
    let mut w = words
        .clone()
        .filter(|&w| tree.head(w).is_none_or(|h| !words.contains(&h)))
        .min_by_key(|&w| tree.depth(w))
        .unwrap_or(words.start);
    // A function word or modifier stands for the word it belongs to: a particle or fixed part of a verb ("build
    // up", "rule out"), an auxiliary ("should be"), a determiner or adverb ("no further expansion").
    while matches!(
        tree.rel(w),
        "compound:prt"
            | "fixed"
            | "flat"
            | "goeswith"
            | "aux"
            | "aux:pass"
            | "cop"
            | "mark"
            | "det"
            | "advmod"
            | "case"
            | "discourse"
    ) {
        match tree.head(w) {
            Some(h) => w = h,
            None => break,
        }
    }
    // The anchor modifies a noun the pattern goes on to name ("suicide bomber", "car bomb"): the noun is the event.
    while matches!(tree.rel(w), "compound" | "amod")
        && let Some(h) = tree.head(w).filter(|h| matched.contains(h))
    {
        w = h;
    }
    w
}

/// The roles of the event whose anchor heads at word `event`. `cases` are the prepositions the pattern
/// itself names after its anchor (their objects are preferred as target).
pub fn read(tree: &View<'_>, event: usize, cases: &[&str]) -> Roles {
    let mut roles = Roles { clause: event, ..Roles::default() };
    if is_nominal(tree, event) {
        nominal(tree, event, cases, &mut roles);
    } else {
        verbal(tree, event, cases, &mut roles);
    }
    roles.target.retain(|&t| Some(t) != roles.source);
    roles
}

/// A noun, or a word standing where a noun stands ("began an offensive", with "offensive" tagged an adjective).
fn is_nominal(tree: &View<'_>, w: usize) -> bool {
    let noun_slot = matches!(tree.rel(w), "obj" | "iobj" | "nsubj" | "nsubj:pass" | "obl" | "nmod" | "appos");
    !tree.xpos(w).starts_with("VB") && (matches!(tree.upos(w), "NOUN" | "PROPN" | "NUM") || noun_slot)
}

/// A verb's (or predicate adjective's) roles.
fn verbal(tree: &View<'_>, verb: usize, cases: &[&str], roles: &mut Roles) {
    // "There should be no expansion of NATO": the existential's subject is the event.
    if tree.children(verb).any(|c| tree.rel(c) == "expl")
        && let Some(noun) = tree.child(verb, "nsubj")
    {
        nominal(tree, noun, cases, roles);
        roles.clause = verb;
        return;
    }
    let (mut subject, mut passive) = subject(tree, verb, 0);
    // A main verb left without any subject is misparsed ("On Monday, NATO Secretary-General Jens Stoltenberg
    // warned …" read with the name joined to "Monday"): the nearest actor before it stands in.
    if subject.is_none() && passive.is_none() && tree.head(verb).is_none() {
        subject = (0..verb).rev().find(|&w| tree.mention(w).is_some()).map(|mut w| {
            // The head of the name's phrase: "Stoltenberg" → "Jens" → "Secretary-General".
            while matches!(tree.rel(w), "flat" | "appos" | "compound")
                && let Some(h) = tree.head(w).filter(|&h| h < verb)
            {
                w = h;
            }
            w
        });
    }
    // "the guarantees demanded by Russia", parsed as a clause: an agent makes it passive.
    if passive.is_none() && tree.children(verb).any(|c| tree.rel(c) == "obl:agent") {
        passive = Some(subject.take());
    }
    roles.passive = passive.is_some();
    match passive {
        // "Ukraine was attacked by Russia": the agent acts on the subject.
        Some(patient) => {
            roles.source = agent(tree, verb);
            roles.target.extend(patient);
        }
        None => {
            roles.source = subject;
            roles.target.extend(objects(tree, verb, cases));
            // "agreed to withdraw troops from Ukraine": the infinitive's objects, when the verb has none.
            // "committed to working with Ukraine" (a `to` clause parsed as adverbial) likewise.
            let infinitive = tree.child(verb, "xcomp").or_else(|| {
                tree.children(verb).find(|&c| {
                    tree.rel(c) == "advcl"
                        && tree.children(c).any(|m| tree.rel(m) == "mark" && tree.lemma_in(m, &["to"]))
                })
            });
            if roles.target.is_empty()
                && let Some(x) = infinitive
            {
                roles.target.extend(objects(tree, x, cases));
            }
        }
    }
}

/// A noun's roles: its own modifiers first, then the verb it is the object of.
fn nominal(tree: &View<'_>, noun: usize, cases: &[&str], roles: &mut Roles) {
    for c in tree.children(noun) {
        let rel = tree.rel(c);
        let case = case_of(tree, c);
        match rel {
            "nmod:poss" | "amod" | "compound" if roles.source.is_none() && tree.mention(c).is_some() => {
                roles.source = Some(c)
            }
            "nmod" | "acl" if case.as_deref() == Some("by") => roles.source = Some(c),
            "nmod" if case.as_deref().is_some_and(|k| TARGET_CASES.contains(&k) || cases.contains(&k)) => {
                roles.target.push(c)
            }
            _ => {}
        }
    }
    // "Russian forces had exchanges of fire with Ukrainian troops", "Russia is a threat to Ukraine": a noun that
    // is the predicate of its clause has the clause's subject.
    if roles.source.is_none()
        && let Some(subject) = tree.child(noun, "nsubj")
    {
        roles.source = Some(subject);
    }
    // "a suicide bomber killed 15 soldiers": the event noun's verb names whom it struck.
    if roles.target.is_empty()
        && tree.is(noun, "nsubj")
        && let Some(verb) = tree.head(noun)
    {
        roles.target.extend(objects(tree, verb, cases));
    }
    // "Russia launched an invasion of Ukraine", "sanctions were imposed on Iran by the EU", "remains in close
    // contact with Ukraine": a verb that supports the noun makes its subject the noun's actor. Other verbs talk
    // about someone else's act ("Biden discussed the war against Ukraine").
    let supported = |verb: usize| tree.is(noun, "nsubj:pass") || !tree.lemma_in(verb, ABOUT_VERBS);
    if let Some(verb) = tree
        .head(noun)
        .filter(|_| tree.is(noun, "obj") || tree.is(noun, "nsubj:pass") || tree.is(noun, "obl"))
        .filter(|&verb| supported(verb))
    {
        roles.clause = verb;
        let mut outer = Roles { clause: verb, ..Roles::default() };
        verbal(tree, verb, cases, &mut outer);
        if roles.source.is_none() {
            roles.source = outer.source;
        }
        if roles.target.is_empty() {
            roles.target = outer.target.into_iter().filter(|&t| t != noun).collect();
        }
        roles.passive = outer.passive;
    }
}

/// The subject of `verb`'s clause, and the patient when the clause is passive: its own, or its governor's.
fn subject(tree: &View<'_>, verb: usize, depth: usize) -> (Option<usize>, Option<Option<usize>>) {
    // "is prepared to engage", "is committed to working with": a participle that describes its subject.
    let passive_aux = tree.child(verb, "aux:pass").is_some() && !tree.lemma_in(verb, STATE_PARTICIPLES);
    if let Some(s) = tree.child(verb, "nsubj:pass") {
        let s = relative_antecedent(tree, verb, s);
        return if passive_aux || agent(tree, verb).is_some() { (None, Some(Some(s))) } else { (Some(s), None) };
    }
    // Of two subjects (a misparse of "Hours earlier Maduro expelled …"), the one that names an actor.
    let subjects = || tree.children(verb).filter(|&c| tree.rel(c) == "nsubj");
    if let Some(s) = subjects().find(|&c| tree.mention(c).is_some()).or_else(|| subjects().next()) {
        let s = relative_antecedent(tree, verb, s);
        return if passive_aux { (None, Some(Some(s))) } else { (Some(s), None) };
    }
    let Some(head) = tree.head(verb).filter(|_| depth < 8) else {
        return (None, passive_aux.then_some(None));
    };
    match tree.rel(verb) {
        // "the US urged Russia to withdraw": object control; "Russia agreed to withdraw": subject control.
        "xcomp" => match tree.child(head, "obj").filter(|_| tree.lemma_in(head, OBJECT_CONTROL)) {
            Some(object) => (Some(object), None),
            None => inherit(tree, head, passive_aux, depth),
        },
        // "Russia invaded Ukraine and shelled Kyiv"; "…, killing five"; "accused of shelling".
        // "deter Russia from invading", "accused Ukraine of shelling": the governor's object acts.
        "advcl" | "acl"
            if tree
                .children(verb)
                .any(|c| matches!(tree.rel(c), "mark" | "case") && tree.lemma_in(c, &["from", "of"]))
                && tree.child(head, "obj").is_some() =>
        {
            (tree.child(head, "obj"), None)
        }
        "conj" | "advcl" => inherit(tree, head, passive_aux, depth),
        // "troops sent by Russia" (the noun is the patient), "forces attacking Kyiv" (the noun acts).
        // A participle with a direct object, or hanging from a sentence that has no verb of its own, is the
        // clause's verb mistagged ("Russian troops stormed Mariupol." read as "troops [who were] stormed").
        "acl" if tree.xpos(verb) == "VBN" && tree.child(verb, "obj").is_none() && tree.head(head).is_some() => {
            (None, Some(Some(head)))
        }
        "acl" => (Some(head), None),
        _ => (None, passive_aux.then_some(None)),
    }
}

/// The governor's subject for a verb without one; a passive verb turns it into the patient.
fn inherit(tree: &View<'_>, head: usize, passive: bool, depth: usize) -> (Option<usize>, Option<Option<usize>>) {
    // "Russia accused Ukraine of shelling Donetsk": the accused is the one who shelled.
    let (s, p) = match tree.child(head, "obj").filter(|_| tree.lemma_in(head, &["accuse", "blame", "suspect"])) {
        Some(object) => (Some(object), None),
        None => subject(tree, head, depth + 1),
    };
    match (passive, s, p) {
        (true, Some(s), None) => (None, Some(Some(s))),
        (_, s, p) => (s, p),
    }
}

/// A relative pronoun subject stands for the noun its clause modifies.
fn relative_antecedent(tree: &View<'_>, verb: usize, subject: usize) -> usize {
    if tree.rel(verb) == "acl:relcl" && tree.lemma_in(subject, RELATIVE) {
        tree.head(verb).unwrap_or(subject)
    } else {
        subject
    }
}

/// The agent of a passive verb: `obl:agent`, or an `obl` with "by".
fn agent(tree: &View<'_>, verb: usize) -> Option<usize> {
    tree.children(verb).find(|&c| tree.rel(c) == "obl:agent" || (tree.is(c, "obl") && case_is(tree, c, "by")))
}

/// What a verb acts on, in order of preference: indirect and direct objects, then the objects of the
/// prepositions the pattern names, then of the other target prepositions. A direct object that is not an
/// actor passes on its own prepositional modifiers ("imposed sanctions on Russia").
fn objects(tree: &View<'_>, verb: usize, cases: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    for c in tree.children(verb) {
        if (tree.is(c, "iobj") || tree.is(c, "obj"))
            && (tree.mention(c).is_some() || has_author(tree, c) || !nested_targets(tree, c, cases, &mut out))
        {
            out.push(c);
        }
    }
    let obliques: Vec<(usize, String)> = tree
        .children(verb)
        .filter(|&c| tree.is(c, "obl") && tree.rel(c) != "obl:agent")
        .filter_map(|c| case_of(tree, c).map(|k| (c, k)))
        .collect();
    out.extend(obliques.iter().filter(|(_, k)| cases.contains(&k.as_str())).map(|&(c, _)| c));
    out.extend(
        obliques
            .iter()
            .filter(|(_, k)| !cases.contains(&k.as_str()) && TARGET_CASES.contains(&k.as_str()))
            .map(|&(c, _)| c),
    );
    out
}

/// True for an object whose author is named in it ("condemned Russia's invasion of Ukraine", "the Russian
/// invasion"): it stands for its author, not for what it is done to.
fn has_author(tree: &View<'_>, object: usize) -> bool {
    tree.children(object).any(|c| matches!(tree.rel(c), "nmod:poss" | "amod" | "compound") && tree.mention(c).is_some())
}

/// The targets inside a non-actor object: its `nmod`s with a target preposition. True when there were some.
fn nested_targets(tree: &View<'_>, object: usize, cases: &[&str], out: &mut Vec<usize>) -> bool {
    let before = out.len();
    out.extend(tree.children(object).filter(|&c| {
        tree.is(c, "nmod")
            && case_of(tree, c).is_some_and(|k| TARGET_CASES.contains(&k.as_str()) || cases.contains(&k.as_str()))
    }));
    out.len() > before
}

/// The preposition of a nominal, lower-cased ("against" for "against Russia").
pub fn case_of(tree: &View<'_>, w: usize) -> Option<String> {
    let case = tree.children(w).find(|&c| tree.rel(c) == "case" || tree.rel(c) == "mark")?;
    Some(tree.form(case).to_lowercase())
}

fn case_is(tree: &View<'_>, w: usize, case: &str) -> bool {
    tree.children(w).any(|c| tree.rel(c) == "case" && tree.form(c).eq_ignore_ascii_case(case))
}

/// The actor mentions a role word stands for: the mention covering it, else the nearest one in its phrase
/// (its compound, adjective, possessor or `of`-modifier: "the leader of Russia"), then one for each noun
/// coordinated with it ("the US and the EU").
pub fn actors(tree: &View<'_>, w: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut add = |found: Vec<usize>| {
        for m in found {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    };
    if let Some(m) = tree.mention(w) {
        add(vec![m]);
    } else {
        let near =
            |rels: &[&str]| tree.children(w).filter(|&c| rels.contains(&tree.rel(c))).find_map(|c| tree.mention(c));
        match near(&["compound", "amod", "nmod:poss", "flat", "appos"]) {
            Some(m) => add(vec![m]),
            // "the ambassadors of Arnor, Osgiliath and Gondor": each of them.
            None => add(tree
                .children(w)
                .filter(|&c| tree.rel(c) == "nmod" && case_is(tree, c, "of"))
                .map(|c| actors(tree, c))
                .find(|found| !found.is_empty())
                .unwrap_or_default()),
        }
    }
    for c in tree.children(w) {
        if tree.rel(c) == "conj" && !tree.children(c).any(|g| tree.rel(g) == "case") {
            add(actors(tree, c));
        }
    }
    out
}

/// Nouns of accusation whose author a denial answers ("dismissed Western claims").
const ACCUSATIONS: &[&str] = &[
    "claim",
    "accusation",
    "allegation",
    "report",
    "charge",
    "assertion",
    "suggestion",
    "suspicion",
    "statement",
    "speculation",
    "rumour",
    "rumor",
];

/// The accusers a denied word names: the author of an accusation noun (its possessor, adjective or compound,
/// or "by X"/"from X": "US claims", "Western allegations", "claims by Kyiv"); nothing for any other word.
pub fn accusers(tree: &View<'_>, w: usize) -> Vec<usize> {
    if !tree.lemma_in(w, ACCUSATIONS) {
        return Vec::new();
    }
    let from = |c: usize| case_is(tree, c, "by") || case_is(tree, c, "from");
    let own = tree
        .children(w)
        .filter(|&c| matches!(tree.rel(c), "nmod:poss" | "amod" | "compound") || tree.rel(c) == "nmod" && from(c));
    // "rejected the accusations from Ukraine", the parser hanging "from Ukraine" on the verb.
    let verb = tree.head(w).into_iter().flat_map(|v| tree.children(v)).filter(|&c| tree.is(c, "obl") && from(c));
    own.chain(verb).map(|c| actors(tree, c)).find(|found| !found.is_empty()).unwrap_or_default()
}

/// The actors a target word stands for: its own ([`actors`]), or those its prepositional modifiers name ("warns
/// of dire consequences for NATO": the consequences are for NATO).
pub fn target_actors(tree: &View<'_>, w: usize) -> Vec<usize> {
    let own = actors(tree, w);
    if !own.is_empty() {
        return own;
    }
    // "rejected Theresa May's offer", "an offer from the Afghan government", "a base in Saudi Arabia": what is
    // acted on belongs to, comes from, or lies in the target.
    let whose = |c: usize| {
        let rel = tree.rel(c);
        (rel == "nmod:poss" || rel == "compound" || rel == "amod")
            || tree.is(c, "nmod")
                && case_of(tree, c)
                    .is_some_and(|k| TARGET_CASES.contains(&k.as_str()) || PLACE_CASES.contains(&k.as_str()))
    };
    let found = tree.children(w).filter(|&c| whose(c)).map(|c| actors(tree, c)).find(|found| !found.is_empty());
    // "welcomed memos sent by Bree", "rejected the resolution proposed by the Council": whose it is.
    found
        .or_else(|| {
            let participle = tree.children(w).find(|&c| tree.rel(c) == "acl" && tree.xpos(c) == "VBN")?;
            Some(actors(tree, agent(tree, participle)?))
        })
        .unwrap_or_default()
}

/// The subject of the clause a verb frames with `ccomp` ("warned that Russia would pay"): who a statement
/// is about, when it names no one else.
pub fn complement_subject(tree: &View<'_>, verb: usize) -> Option<usize> {
    let complement = tree.child(verb, "ccomp")?;
    tree.child(complement, "nsubj").or_else(|| tree.child(complement, "nsubj:pass"))
}

/// The subject of a verb of saying anywhere in the sentence ("…, Russia's deputy foreign minister said"): who
/// a statement with no actor of its own is attributed to.
pub fn sentence_speaker(tree: &View<'_>, saying: &[&str]) -> Vec<usize> {
    (0..tree.len())
        .filter(|&w| tree.upos(w) == "VERB" && tree.lemma_in(w, saying))
        .filter_map(|w| tree.child(w, "nsubj"))
        .map(|s| actors(tree, s))
        .find(|found| !found.is_empty())
        .unwrap_or_default()
}

/// The first actor after the event word inside its clause (not crossing into another clause of saying,
/// condition or coordination): what a statement is about when its object names no actor itself ("the
/// guarantees demanded by Russia include a document that would stop the expansion of NATO").
pub fn clause_actors_after(tree: &View<'_>, clause: usize, event: usize, into_complement: bool) -> Vec<usize> {
    let mut words: Vec<usize> = Vec::new();
    let mut stack = vec![clause];
    while let Some(w) = stack.pop() {
        for c in tree.children(w) {
            let rel = tree.rel(c);
            let crossing = matches!(rel, "parataxis" | "advcl" | "conj" | "csubj" | "nsubj" | "obl:agent")
                || rel == "ccomp" && !into_complement;
            if !crossing {
                words.push(c);
                stack.push(c);
            }
        }
    }
    words.sort_unstable();
    // With the actors coordinated with it ("ties between Gondor and Osgiliath": both).
    words
        .into_iter()
        .filter(|&w| w > event)
        .find(|&w| tree.mention(w).is_some())
        .map_or_else(Vec::new, |w| actors(tree, w))
}
