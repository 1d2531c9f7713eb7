//! `redline dict lookup NAME --date D`: what a name resolves to on a date, and from which entry — as a
//! name (countries, organisations, people, seats) and as a sector word or role title.

use std::path::PathBuf;

use anyhow::Context;
use redline_dict::{Nominal, PhraseKey};
use redline_engine::dictionaries;
use redline_model::Date;

use crate::cmd::{Outcome, parse_date_arg};

/// Arguments of `redline dict lookup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The name, as it would appear in a text ("Olaf Scholz", "the Kremlin", "foreign minister").
    pub name: String,
    /// The date to resolve on (YYYY-MM-DD); roles in force on that day apply.
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Date,
    /// Dictionary directory to use instead of the built-in set.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
}

/// Runs `redline dict lookup`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let pipeline = dictionaries::pipeline(args.dict.as_deref()).context("cannot load dictionaries")?;
    let dicts = pipeline.dictionaries();
    let Some(key) = PhraseKey::of(&args.name) else {
        anyhow::bail!("{:?} has no words to look up", args.name);
    };
    let mut found = 0;
    for &index in dicts.names.get(&key.key).unwrap_or(&[]) {
        let form = &dicts.forms[index as usize];
        let entry = dicts.entry_of(form);
        found += 1;
        let resolved = match entry.role_on(Some(args.date)) {
            Some(role) => {
                let range = match (role.from, role.to) {
                    (None, None) if role.undated => "undated fallback".to_string(),
                    (None, None) => "always".to_string(),
                    (from, to) => format!(
                        "{}..{}",
                        from.map_or(String::new(), |d| d.to_string()),
                        to.map_or(String::new(), |d| d.to_string())
                    ),
                };
                let titles =
                    if role.titles.is_empty() { String::new() } else { format!(" — {}", role.titles.join("; ")) };
                format!("{} ({range}{titles}) from {}:{}", role.code, entry.entry.file, role.line.max(entry.entry.line))
            }
            None => "no code on this date (no role in force)".to_string(),
        };
        println!("{} → {} [{:?} {:?}] {resolved}", args.name, entry.name, entry.kind, form.form);
        if let Some(source) = &entry.source {
            println!("  source: {source}");
        }
    }
    for value in dicts.nominals.get(&key.key.to_lowercase()).unwrap_or(&[]) {
        found += 1;
        match *value {
            Nominal::Agent(a) => {
                let agent = &dicts.agents[a as usize];
                println!(
                    "{} → sector {} (composes with a country: \"Russian {}\" → RUS{}) from {}",
                    args.name, agent.sector, args.name, agent.sector, agent.entry
                );
            }
            Nominal::Title(e, r) => {
                let entry = &dicts.actors[e as usize];
                let role = &entry.roles[r as usize];
                if role.in_force(args.date) {
                    println!(
                        "{} → title held by {} ({}) on {} from {}:{}",
                        args.name, entry.name, role.code, args.date, entry.entry.file, role.line
                    );
                }
            }
        }
    }
    if found == 0 {
        println!("{}: no dictionary entry (try `redline dict gaps` on a corpus to see what is missing)", args.name);
    }
    Ok(Outcome::Clean)
}
