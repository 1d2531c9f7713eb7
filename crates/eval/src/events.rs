//! Matching predicted events against gold events: CAMEO at three levels, PLOVER, and the pentaclass.
//!
//! Matching is one-to-one and greedy in tiers, so that the most specific pairs are taken first: a gold
//! event first takes a predicted event with the identical code and an exact dyad, then one with the
//! identical code (the gold `""` wildcard allowed), then one that matches at the measure's level with an
//! exact dyad, then any that matches at the level. Within a tier, gold and predicted events go in order.

use redline_model::actor::ORGANISATION_PREFIXES;
use redline_model::{ActorCode, Event, PloverType, QuadClass, Taxonomy};

use crate::gold::{GoldEvent, GoldPlover};

/// How close a predicted event must be to a gold event to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// Same CAMEO root (first two digits).
    Root,
    /// Identical code.
    FullCode,
    /// Same quad class.
    Quad,
}

/// True positives, false positives and false negatives of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Counts {
    pub(crate) tp: usize,
    pub(crate) fp: usize,
    pub(crate) fn_: usize,
}

/// Matches `predicted` against `gold` at `level`, each gold event at most once.
pub(crate) fn match_events(gold: &[GoldEvent], predicted: &[Event], level: Level) -> Counts {
    let same_code = |g: &GoldEvent, p: &Event| g.code == p.code.as_str();
    let at_level = |g: &GoldEvent, p: &Event| match level {
        Level::FullCode => same_code(g, p),
        Level::Root => g.code.get(..2) == Some(p.code.root()),
        Level::Quad => gold_quad(&g.code) == Some(p.code.quad_class()),
    };
    let tiers: [Tier<'_, GoldEvent, Event>; 4] = [
        &|g, p| same_code(g, p) && dyad(g, p, Exactness::Exact),
        &|g, p| same_code(g, p) && dyad(g, p, Exactness::Wildcard),
        &|g, p| at_level(g, p) && dyad(g, p, Exactness::Exact),
        &|g, p| at_level(g, p) && dyad(g, p, Exactness::Wildcard),
    ];
    let matched = greedy(gold, predicted, &tiers);
    Counts { tp: matched, fp: predicted.len() - matched, fn_: gold.len() - matched }
}

/// Matches predicted events that have a PLOVER type against gold PLOVER events. Predicted events
/// without a PLOVER type (public statements, root 01) are outside PLOVER and are not counted.
pub(crate) fn match_plover<'e>(gold: &[GoldPlover], predicted: &'e [Event], taxonomy: &Taxonomy) -> Counts {
    let typed: Vec<(PloverType, &'e Event)> =
        predicted.iter().filter_map(|event| Some((taxonomy.plover(&event.code)?, event))).collect();
    let same_type = |g: &GoldPlover, t: PloverType| PloverType::parse(&g.event) == Some(t);
    let tiers: [Tier<'_, GoldPlover, (PloverType, &'e Event)>; 2] =
        [&|g, (t, p)| same_type(g, *t) && plover_dyad(g, p, Exactness::Exact), &|g, (t, p)| {
            same_type(g, *t) && plover_dyad(g, p, Exactness::Wildcard)
        }];
    let matched = greedy(gold, &typed, &tiers);
    Counts { tp: matched, fp: typed.len() - matched, fn_: gold.len() - matched }
}

/// The pentaclass of an item's predictions: the quad class (1–4) of the most intense event by
/// |Goldstein| (the first in text order on a tie), leaving out public statements (root 01); 0 when
/// nothing but statements, or nothing at all, was coded.
pub(crate) fn predicted_pentaclass(predicted: &[Event], taxonomy: &Taxonomy) -> u8 {
    let mut best: Option<(f32, QuadClass)> = None;
    for event in predicted.iter().filter(|event| event.code.root_number() != 1) {
        let intensity = taxonomy.goldstein(&event.code).abs();
        if best.is_none_or(|(top, _)| intensity > top) {
            best = Some((intensity, event.code.quad_class()));
        }
    }
    best.map_or(0, |(_, class)| class.number())
}

/// True when the item's predicted events, as a set, equal its gold events: sources, targets and codes
/// compared in full (`DAGGOV` ≠ `DAG`, `0311` ≠ `031`). Duplicates count once on either side; a gold
/// `""` actor matches any predicted actor, and a predicted event without a target has target `""`.
pub(crate) fn exactly_right(gold: &[GoldEvent], predicted: &[Event]) -> bool {
    let mut gold_set: Vec<(&str, &str, &str)> =
        gold.iter().map(|g| (g.source.as_str(), g.code.as_str(), g.target.as_str())).collect();
    gold_set.sort_unstable();
    gold_set.dedup();
    let mut predicted_set: Vec<(&str, &str, &str)> = predicted
        .iter()
        .map(|p| (p.source.code.as_str(), p.code.as_str(), p.target.as_ref().map_or("", |t| t.code.as_str())))
        .collect();
    predicted_set.sort_unstable();
    predicted_set.dedup();
    if gold_set.len() != predicted_set.len() {
        return false;
    }
    type Triple<'a> = (&'a str, &'a str, &'a str);
    let equal = |g: &Triple<'_>, p: &Triple<'_>| g == p;
    let wildcard =
        |g: &Triple<'_>, p: &Triple<'_>| g.1 == p.1 && (g.0.is_empty() || g.0 == p.0) && (g.2.is_empty() || g.2 == p.2);
    let tiers: [Tier<'_, Triple<'_>, Triple<'_>>; 2] = [&equal, &wildcard];
    greedy(&gold_set, &predicted_set, &tiers) == gold_set.len()
}

/// The key a gold actor code is compared on: nine letters for organisations, else three.
pub(crate) fn gold_key(code: &str) -> &str {
    let prefix = code.get(..3).unwrap_or(code);
    let length = if ORGANISATION_PREFIXES.contains(&prefix) { 9 } else { 3 };
    code.get(..length).unwrap_or(code)
}

/// A matching tier: which (gold, predicted) pairs it may join.
type Tier<'t, G, P> = &'t dyn Fn(&G, &P) -> bool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exactness {
    /// Both actors must be named and equal.
    Exact,
    /// A gold `""` actor matches any predicted actor.
    Wildcard,
}

fn gold_quad(code: &str) -> Option<QuadClass> {
    let root: u8 = code.get(..2)?.parse().ok()?;
    (1..=20).contains(&root).then(|| QuadClass::of_root(root))
}

/// Source and target match at country level. A predicted event without a target has target `""`,
/// which only a gold `""` matches. An empty gold source is treated like an empty gold target.
fn dyad(gold: &GoldEvent, predicted: &Event, exactness: Exactness) -> bool {
    let actor = |gold: &str, predicted: Option<&ActorCode>| match predicted {
        _ if gold.is_empty() => exactness == Exactness::Wildcard,
        Some(code) => gold_key(gold) == code.scoring_key(),
        None => false,
    };
    let target = predicted.target.as_ref().map(|mention| &mention.code);
    let no_target = gold.target.is_empty() && target.is_none();
    actor(&gold.source, Some(&predicted.source.code)) && (no_target || actor(&gold.target, target))
}

/// PLOVER actors: any member of a compound gold actor matches; countries compare on three letters,
/// organisations (`IGO`, `IGOWSTNAT`) on the length the gold gives. An empty gold list is a wildcard.
fn plover_dyad(gold: &GoldPlover, predicted: &Event, exactness: Exactness) -> bool {
    let actor = |members: &[String], predicted: Option<&ActorCode>| {
        if members.is_empty() {
            return exactness == Exactness::Wildcard;
        }
        let Some(code) = predicted else { return false };
        members.iter().any(|member| {
            let prefix = member.get(..3).unwrap_or(member);
            if ORGANISATION_PREFIXES.contains(&prefix) {
                code.as_str().starts_with(member.as_str())
            } else {
                code.primary() == prefix
            }
        })
    };
    let target = predicted.target.as_ref().map(|mention| &mention.code);
    let no_target = gold.target.is_empty() && target.is_none();
    actor(&gold.source, Some(&predicted.source.code)) && (no_target || actor(&gold.target, target))
}

/// One-to-one greedy matching in tiers; returns the number of pairs.
fn greedy<G, P>(gold: &[G], predicted: &[P], tiers: &[Tier<'_, G, P>]) -> usize {
    let mut gold_used = vec![false; gold.len()];
    let mut predicted_used = vec![false; predicted.len()];
    let mut matched = 0;
    for tier in tiers {
        for (g, gold_event) in gold.iter().enumerate() {
            if gold_used[g] {
                continue;
            }
            let found =
                predicted.iter().enumerate().position(|(p, event)| !predicted_used[p] && tier(gold_event, event));
            if let Some(p) = found {
                gold_used[g] = true;
                predicted_used[p] = true;
                matched += 1;
            }
        }
    }
    matched
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use redline_model::{ActorMention, CameoCode, EntryRef, MentionKind, Modality, RuleRef, Span};

    /// A mention of `code` at bytes `start..end`.
    pub(crate) fn mention(code: &str, start: usize, end: usize) -> ActorMention {
        ActorMention {
            span: Span::new(start, end),
            code: ActorCode::parse(code).unwrap(),
            name: code.into(),
            kind: MentionKind::Country,
            entry: EntryRef::default(),
            sentence: 0,
        }
    }

    /// An event `source code target` with mentions at dummy spans.
    pub(crate) fn event(source: &str, code: &str, target: &str) -> Event {
        Event {
            source: mention(source, 0, 1),
            target: (!target.is_empty()).then(|| mention(target, 2, 3)),
            code: CameoCode::parse(code).unwrap(),
            sentence: 0,
            evidence: Span::new(0, 3),
            date: None,
            rule: RuleRef { id: "test".into(), pattern: "".into() },
            modality: Modality::Asserted,
        }
    }

    fn gold(source: &str, code: &str, target: &str) -> GoldEvent {
        GoldEvent { source: source.to_string(), code: code.to_string(), target: target.to_string() }
    }

    fn counts(tp: usize, fp: usize, fn_: usize) -> Counts {
        Counts { tp, fp, fn_ }
    }

    #[test]
    fn root_level_compares_countries_and_roots() {
        let gold = [gold("RUSGOV", "130", "USA")];
        let predicted = [event("RUSMIL", "1312", "USAGOV")];
        assert_eq!(match_events(&gold, &predicted, Level::Root), counts(1, 0, 0));
        assert_eq!(match_events(&gold, &predicted, Level::FullCode), counts(0, 1, 1));
        assert_eq!(match_events(&gold, &predicted, Level::Quad), counts(1, 0, 0));
        let wrong_dyad = [event("USA", "130", "RUS")];
        assert_eq!(match_events(&gold, &wrong_dyad, Level::Root), counts(0, 1, 1));
    }

    #[test]
    fn quad_level_matches_across_roots_of_one_class() {
        let gold = [gold("RUS", "111", "UKR")];
        assert_eq!(match_events(&gold, &[event("RUS", "130", "UKR")], Level::Quad), counts(1, 0, 0));
        assert_eq!(match_events(&gold, &[event("RUS", "190", "UKR")], Level::Quad), counts(0, 1, 1));
        // Codes outside the codebook (PETRARCH's 345) have no quad class and never match there.
        let odd = [self::gold("RUS", "345", "UKR")];
        assert_eq!(match_events(&odd, &[event("RUS", "190", "UKR")], Level::Quad), counts(0, 1, 1));
    }

    #[test]
    fn empty_gold_target_is_a_wildcard_but_not_the_reverse() {
        let open = [gold("RUS", "130", "")];
        assert_eq!(match_events(&open, &[event("RUS", "130", "UKR")], Level::Root), counts(1, 0, 0));
        assert_eq!(match_events(&open, &[event("RUS", "130", "")], Level::Root), counts(1, 0, 0));
        let named = [gold("RUS", "130", "UKR")];
        assert_eq!(match_events(&named, &[event("RUS", "130", "")], Level::Root), counts(0, 1, 1));
        let no_source = [gold("", "032", "GON")];
        assert_eq!(match_events(&no_source, &[event("ARN", "032", "GON")], Level::Root), counts(1, 0, 0));
    }

    #[test]
    fn organisations_compare_on_nine_letters() {
        let gold = [gold("IGOWSTNAT", "130", "RUS")];
        assert_eq!(match_events(&gold, &[event("IGOWSTNATMIL", "130", "RUS")], Level::Root), counts(1, 0, 0));
        assert_eq!(match_events(&gold, &[event("IGOEUREEC", "130", "RUS")], Level::Root), counts(0, 1, 1));
        assert_eq!(gold_key("IGOWSTNATGOV"), "IGOWSTNAT");
        assert_eq!(gold_key("USAGOV"), "USA");
        assert_eq!(gold_key("ITHTV"), "ITH");
        assert_eq!(gold_key("NG"), "NG");
    }

    #[test]
    fn each_gold_event_is_matched_once() {
        let gold = [gold("RUS", "130", "UKR")];
        let predicted = [event("RUS", "130", "UKR"), event("RUS", "130", "UKR")];
        assert_eq!(match_events(&gold, &predicted, Level::Root), counts(1, 1, 0));
        let twice = [self::gold("RUS", "130", "UKR"), self::gold("RUS", "130", "UKR")];
        assert_eq!(match_events(&twice, &predicted[..1], Level::Root), counts(1, 0, 1));
    }

    #[test]
    fn exact_code_matches_are_taken_first() {
        // Gold 130 then 1312; predicted 1312 then 130. Greedy in text order alone would pair gold 130
        // with predicted 1312 at root level and leave full-code matches unmade.
        let gold = [gold("RUS", "130", "UKR"), gold("RUS", "1312", "UKR")];
        let predicted = [event("RUS", "1312", "UKR"), event("RUS", "130", "UKR")];
        assert_eq!(match_events(&gold, &predicted, Level::FullCode), counts(2, 0, 0));
        // A wildcard gold event must not take the only prediction an exact gold event could use.
        let gold = [self::gold("RUS", "130", ""), self::gold("RUS", "130", "UKR")];
        let predicted = [event("RUS", "130", "UKR"), event("RUS", "130", "")];
        assert_eq!(match_events(&gold, &predicted, Level::Root), counts(2, 0, 0));
    }

    #[test]
    fn no_gold_events_make_every_prediction_false() {
        let predicted = [event("RUS", "130", "UKR"), event("UKR", "111", "RUS")];
        assert_eq!(match_events(&[], &predicted, Level::Root), counts(0, 2, 0));
    }

    fn plover(source: &[&str], kind: &str, target: &[&str]) -> GoldPlover {
        GoldPlover {
            source: source.iter().map(|s| s.to_string()).collect(),
            event: kind.to_string(),
            target: target.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn plover_compound_actors_match_by_any_member() {
        let taxonomy = Taxonomy::standard();
        let gold = [plover(&["JOR", "GBR"], "THREATEN", &["IGO"])];
        let by_britain = [event("GBRGOV", "1312", "IGOWSTNAT")];
        assert_eq!(match_plover(&gold, &by_britain, &taxonomy), counts(1, 0, 0));
        let by_france = [event("FRA", "1312", "IGOWSTNAT")];
        assert_eq!(match_plover(&gold, &by_france, &taxonomy), counts(0, 1, 1));
        let wrong_type = [event("JOR", "190", "IGOWSTNAT")];
        assert_eq!(match_plover(&gold, &wrong_type, &taxonomy), counts(0, 1, 1));
        // The organisation compares on the prefix the gold gives: IGOWSTNAT is not IGOEUREEC.
        let nato = [plover(&["RUS"], "THREATEN", &["IGOWSTNAT"])];
        assert_eq!(match_plover(&nato, &[event("RUS", "130", "IGOEUREEC")], &taxonomy), counts(0, 1, 1));
        assert_eq!(match_plover(&nato, &[event("RUS", "130", "IGOWSTNAT")], &taxonomy), counts(1, 0, 0));
    }

    #[test]
    fn plover_leaves_statements_out_and_honours_empty_targets() {
        let taxonomy = Taxonomy::standard();
        let gold = [plover(&["RUS"], "REQUEST", &[])];
        let predicted = [event("RUS", "010", "UKR"), event("RUS", "100", "UKR")];
        assert_eq!(match_plover(&gold, &predicted, &taxonomy), counts(1, 0, 0));
        let named = [plover(&["RUS"], "REQUEST", &["UKR"])];
        assert_eq!(match_plover(&named, &[event("RUS", "100", "")], &taxonomy), counts(0, 1, 1));
    }

    #[test]
    fn pentaclass_takes_the_most_intense_event() {
        let taxonomy = Taxonomy::standard();
        assert_eq!(predicted_pentaclass(&[], &taxonomy), 0);
        // Statements only: 0, even though root 01 is verbal cooperation by quad class.
        let statements = [event("RUS", "010", "UKR"), event("RUS", "012", "UKR")];
        assert_eq!(predicted_pentaclass(&statements, &taxonomy), 0);
        let mixed = [event("RUS", "012", "UKR"), event("RUS", "040", "UKR"), event("RUS", "190", "UKR")];
        assert_eq!(predicted_pentaclass(&mixed, &taxonomy), 4);
        let cooperation = [event("RUS", "010", "UKR"), event("RUS", "070", "UKR"), event("RUS", "040", "UKR")];
        assert_eq!(predicted_pentaclass(&cooperation, &taxonomy), 2);
    }
}
