//! `redline dict check [DIR]`: validates a dictionary set — every syntax, code, date-range, duplicate and
//! conflict problem with `file:line`, then every pattern's examples coded with the whole set — and
//! prints what the set holds. Exits 1 when anything is wrong, as start-up refuses such a set.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use redline_coder::Pipeline;
use redline_coder::examples::check_examples;
use redline_dict::{Dictionaries, EntryKind, FormKind};
use redline_engine::dictionaries;

use crate::cmd::Outcome;

/// Arguments of `redline dict check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dictionary directory to check [default: the set built into this binary].
    pub dir: Option<PathBuf>,
}

/// Runs `redline dict check`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let files = match &args.dir {
        Some(dir) => dictionaries::from_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?,
        None => dictionaries::builtin(),
    };
    let shown = args.dir.as_ref().map_or("the built-in set".to_string(), |d| d.display().to_string());
    let dicts = match Dictionaries::compile(&files) {
        Ok(dicts) => dicts,
        Err(errors) => {
            for error in &errors.0 {
                println!("{error}");
            }
            println!("{shown}: {} problem(s); the coder refuses this set", errors.0.len());
            return Ok(Outcome::InputErrors);
        }
    };
    print_counts(&dicts);
    let pipeline = Pipeline::new(dicts, redline_engine::syntax::english());
    let (failures, checked) = check_examples(&pipeline);
    let (known, failures): (Vec<_>, Vec<_>) = failures.into_iter().partition(|f| f.is_known_gap());
    for failure in &failures {
        println!("{failure}");
    }
    for gap in &known {
        println!("known gap: {gap}");
    }
    if !failures.is_empty() {
        println!(
            "{shown}: {} of {checked} pattern examples are not coded with their own code between their actors",
            failures.len()
        );
        return Ok(Outcome::InputErrors);
    }
    if known.is_empty() {
        println!(
            "{shown}: version {}, valid; all {checked} pattern examples code to their own code between their actors",
            pipeline.dict_version()
        );
    } else {
        println!(
            "{shown}: version {}, valid; {} of {checked} pattern examples code to their own code between their actors, {} known gaps listed above",
            pipeline.dict_version(),
            checked - known.len(),
            known.len()
        );
    }
    Ok(Outcome::Clean)
}

/// Entries per kind, so a maintainer sees what the set holds.
fn print_counts(dicts: &Dictionaries) {
    let mut entries: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in &dicts.actors {
        let kind = match entry.kind {
            EntryKind::Country => "countries and territories",
            EntryKind::Organisation => "organisations",
            EntryKind::Media => "media",
            EntryKind::Seat => "seats of government and institutions",
            EntryKind::Person => "people",
        };
        *entries.entry(kind).or_default() += 1;
    }
    let roles: usize = dicts.actors.iter().filter(|e| e.kind == EntryKind::Person).map(|e| e.roles.len()).sum();
    let forms = |kind: FormKind| dicts.forms.iter().filter(|f| f.form == kind).count();
    for (kind, count) in &entries {
        println!("{count:>7}  {kind}");
    }
    println!("{roles:>7}  dated roles of people");
    println!(
        "{:>7}  names ({} adjectives/demonyms, {} capitals, {} cities, {} former names)",
        dicts.forms.len(),
        forms(FormKind::Adjective),
        forms(FormKind::Capital),
        forms(FormKind::City),
        forms(FormKind::Former)
    );
    let sectors: std::collections::BTreeSet<&str> = dicts.agents.iter().map(|a| a.sector.as_str()).collect();
    println!("{:>7}  agent words in {} sectors", dicts.agents.len(), sectors.len());
    let mut roots: BTreeMap<&str, usize> = BTreeMap::new();
    for pattern in &dicts.patterns {
        *roots.entry(pattern.code.root()).or_default() += 1;
    }
    let per_root: Vec<String> = roots.iter().map(|(root, n)| format!("{root}:{n}")).collect();
    println!("{:>7}  event patterns in {} roots ({})", dicts.patterns.len(), roots.len(), per_root.join(" "));
    println!("{:>7}  synsets", dicts.synsets.len());
    let cue = |name: &str| dicts.cue_lists.get(name).map_or(0, Vec::len);
    println!(
        "{:>7}  quotation cues ({} speech verbs, {} prepositional)",
        cue("SAY") + cue("ACCORDING"),
        cue("SAY"),
        cue("ACCORDING")
    );
    println!("{:>7}  discard phrases", dicts.discard_sentence.len() + dicts.discard_article.len());
}
