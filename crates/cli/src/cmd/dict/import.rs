//! `redline dict import` (being built).

use crate::cmd::Outcome;

/// Arguments of `redline dict import`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `redline dict import`.
pub fn run(_args: Args) -> anyhow::Result<Outcome> {
    anyhow::bail!("not implemented yet")
}
