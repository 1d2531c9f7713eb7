//! `redline syntax info`: what a model is — its header (training data hash, settings, dev scores, tag and
//! relation inventories) and the size of each part.

use std::path::PathBuf;

use crate::cmd::Outcome;
use crate::cmd::syntax::load_model;

/// Arguments of `redline syntax info`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Model file to describe instead of the built-in English model.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
}

/// Runs `redline syntax info`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let model = load_model(args.model.as_deref())?;
    let width = model.header().iter().map(|(key, _)| key.len()).max().unwrap_or(0);
    for (key, value) in model.header() {
        println!("{key:width$}  {value}");
    }
    println!("{:width$}  {}", "parts", model.sizes());
    Ok(Outcome::Clean)
}
