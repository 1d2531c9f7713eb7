//! `redline dict …`: check, look up, find gaps in, and import dictionaries.

pub mod check;
pub mod gaps;
pub mod import;
pub mod lookup;

use crate::cmd::Outcome;

/// Arguments of `redline dict`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Validate a dictionary set: every problem with file:line; exit 1 when there is any.
    Check(check::Args),
    /// Show what a name resolves to on a date, and from which entry.
    Lookup(lookup::Args),
    /// List the most frequent proper names in a corpus that no dictionary entry resolves.
    Gaps(gaps::Args),
    /// Convert PETRARCH/TABARI dictionaries (verbs, actors, agents, discards) into redline's format.
    ImportPetrarch(import::Args),
}

/// Runs `redline dict`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        Command::Check(args) => check::run(args),
        Command::Lookup(args) => lookup::run(args),
        Command::Gaps(args) => gaps::run(args),
        Command::ImportPetrarch(args) => import::run(args),
    }
}
