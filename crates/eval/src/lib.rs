//! redline-eval: scores the engine's output against gold items, as the gold sets' FORMAT.md describes.
//!
//! Pure: the caller reads gold lines ([`parse_gold_line`]) and codes the articles; a [`Scorer`] adds
//! one (gold item, annotated article) pair at a time and gives a [`Report`]. Only the layers a gold line
//! carries are scored for it ([`Layers`]), and a report holds only the measures some item had data for.
//!
//! # The rules
//!
//! **Actors at country level.** A CAMEO actor code compares on its first three letters (`RUSGOV` →
//! `RUS`), except organisation codes (`IGO…`, `NGO…`, `IMG…`, `MNC…`), which compare on their first nine
//! (`IGOWSTNAT`). A gold actor `""` (the text names none) matches any predicted actor; a predicted event
//! without a target has target `""`, which matches only a gold `""`. (FORMAT.md names the wildcard for
//! targets; a few PETRARCH items leave the source empty, and it is treated the same way.)
//!
//! **Events** — `events (root+dyad)`, `events (full code)`, `events (quad class)`. Items with an `events`
//! list or `no_events: true` count. A predicted and a gold event match when their sources and targets
//! match at country level and their codes have the same root (first two digits), are identical, or fall
//! in the same quad class, respectively. Matching is one-to-one, greedy in tiers (identical code and exact
//! dyad first, then identical code with wildcards, then the level with an exact dyad, then the level with
//! wildcards). tp = matched pairs, fp = predicted events left over, fn = gold events left over, summed over
//! items (micro-average). On a `no_events` item every predicted event is a false positive. Gold codes
//! outside the codebook (PETRARCH's `345`, `174K`) are kept; they have no quad class.
//!
//! **Items exactly right** — `items exactly right`. Items with an `events` list or `no_events: true`
//! count. An item is right when its predicted events, as a set of (source, code, target), equal its gold
//! events: codes compared in full (`0311` ≠ `031`), actor codes compared in full (`DAGGOV` ≠ `DAG`, no
//! country-level folding), duplicates counted once on either side; a gold `""` actor matches any
//! predicted actor and a predicted event without a target has target `""`. A `no_events` item is right
//! when nothing is predicted. `accuracy` (and P, R, F1, which equal it) = items right / items; tp = items
//! right, fp = fn = items wrong. This is the PETRARCH2 unit tests' own criterion.
//!
//! **PLOVER** — `plover`. Items with a `plover` list count. A predicted event's type is
//! `Taxonomy::plover(code)`; events without one (public statements, root 01) are outside PLOVER and
//! count neither way. Types must be equal; a compound gold source or target (`["JOR", "GBR"]`) is matched
//! by any member; a member that is a country compares on three letters, an organisation (`IGO`,
//! `IGOWSTNAT`) as a prefix of the predicted code at the length the gold gives; an empty list is a
//! wildcard. Matching as for events, exact dyads first.
//!
//! **Pentaclass** — `pentaclass`. Items with a `pentaclass` count. The predicted class is the quad class
//! (1–4) of the predicted event with the largest |Goldstein| (the first in text order on a tie), leaving
//! out public statements (root 01); it is 0 when only statements, or nothing, were coded. `accuracy` =
//! items classed right / items; `precision`, `recall` and `f1` are macro-averages of the per-class values
//! over the classes that occur in gold or predictions; tp = items classed right, fp = fn = items classed
//! wrong.
//!
//! **Actor spans** — `actor spans (source)`, `actor spans (target)`. Items with `source_spans` or
//! `target_spans` count. Each gold span text is located by content in the gold text (every occurrence),
//! and mapped into the engine's clean text through a character alignment that ignores whitespace and
//! folds quotation marks, apostrophes, dashes and case (see the `align` module). The predicted actors are
//! the source (or target) mentions of the predicted events, one per distinct span. tp = gold spans that a
//! predicted actor overlaps (≥ 1 byte) at any occurrence, fn = the others (a span that cannot be located
//! counts here, and the note says how many); recall = tp / gold spans. Precision = predicted actors that
//! overlap an occurrence of some gold span / predicted actors; fp = predicted actors that overlap none.
//!
//! **Quotes** — `quotes (found)`, `quotes (attributed)`. Items with a `quotes` list count. A gold quote
//! is located by content in the gold text (its `start` offset picks among repeated occurrences) and
//! mapped into the clean text as above; quotation marks and spaces at its ends are trimmed there (gold
//! texts may include the marks, predicted quotes do not). *Found* (the rule of the gold sets' FORMAT.md):
//! tp = gold quotes of which some predicted quote overlapping them holds at least half of the words
//! (lower-cased runs of letters and digits, exactly half counts), fn = the others. Precision = predicted
//! quotes overlapping (≥ 1 byte) some gold quote / predicted quotes; fp = predicted quotes overlapping
//! none. *Attributed*: a predicted speaker is right for a gold quote when its mention overlaps the gold
//! speaker span (from `speaker_start`/`speaker_end`, so a resolved pronoun counts where it points at the
//! gold "he"), or its name or mention shares a content word (not a function word, pronoun, honorific or
//! speech verb) with the gold speaker. tp = gold quotes found by a predicted quote whose
//! speaker is right, fn = other gold quotes; fp = predicted quotes that overlap gold quotes but have a
//! wrong or missing speaker for all of them, plus predicted quotes overlapping no gold quote; precision =
//! predicted quotes with a right speaker for an overlapped gold quote / (those + fp). Gold quotes without
//! a speaker are left out of attribution, with predicted quotes that overlap only such quotes.
//!
//! A ratio with a zero denominator is 0.

mod align;
mod events;
mod gold;
mod report;
mod scorer;
mod spans;

pub use gold::{GoldError, GoldEvent, GoldItem, GoldPlover, GoldQuote, Layers, parse_gold_line};
pub use report::{Measure, Report};
pub use scorer::Scorer;
