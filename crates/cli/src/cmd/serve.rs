//! `redline serve`: the read-only HTTP API and the dashboard over a database, on loopback unless
//! `--allow-remote` says otherwise. Ctrl-C stops it gracefully (requests in flight finish).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use redline_dict::Dictionaries;
use redline_engine::dictionaries;
use redline_server::{DEFAULT_ADDR, Server, ServerConfig};

use crate::cmd::{Outcome, db_path};

/// Arguments of `redline serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Database to serve, opened read-only (default: redline.db).
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, value_name = "ADDR", default_value_t = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// Allow listening on an address other than loopback (the API has no authentication).
    #[arg(long)]
    pub allow_remote: bool,
    /// Serve the dashboard from this directory instead of the bundle built into the binary.
    #[arg(long, value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
    /// Dictionary directory for actor look-ups instead of the built-in set.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
}

/// Runs `redline serve`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if !args.addr.ip().is_loopback() && !args.allow_remote {
        bail!(
            "refusing to listen on {} (not loopback): the API has no authentication; pass --allow-remote to do it anyway",
            args.addr
        );
    }
    let db = db_path(args.db);
    if !db.exists() {
        bail!("no database at {} (run `redline ingest` or `redline demo` first, or pass --db)", db.display());
    }
    let dictionaries = load_dictionaries(args.dict.as_deref())?;
    let config = ServerConfig { addr: args.addr, db, static_dir: args.static_dir, ..ServerConfig::default() };
    serve_until_ctrl_c(config, dictionaries)?;
    Ok(Outcome::Clean)
}

/// The dictionaries for actor look-ups: those in `dir`, or the built-in set.
pub fn load_dictionaries(dir: Option<&Path>) -> anyhow::Result<Dictionaries> {
    let files = match dir {
        Some(dir) => {
            dictionaries::from_dir(dir).with_context(|| format!("cannot read dictionaries in {}", dir.display()))?
        }
        None => dictionaries::builtin(),
    };
    Dictionaries::compile(&files).context("cannot load dictionaries")
}

/// Serves `config` until Ctrl-C, printing the address to open (`redline serve` and `redline demo`).
pub fn serve_until_ctrl_c(config: ServerConfig, dictionaries: Dictionaries) -> anyhow::Result<()> {
    let db = config.db.clone();
    let server = Server::new(config, Arc::new(dictionaries))?;
    server.run_until_ctrl_c(|addr| {
        println!("serving {} (API at http://{addr}/api/v1/health; Ctrl-C to stop)", db.display());
        println!("open http://{addr}/");
    })?;
    println!("stopped");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_public_address_without_allow_remote() {
        let args = Args {
            db: Some(PathBuf::from("/nonexistent/redline.db")),
            addr: "0.0.0.0:0".parse().unwrap(),
            allow_remote: false,
            static_dir: None,
            dict: None,
        };
        let err = run(args).unwrap_err().to_string();
        assert!(err.contains("--allow-remote"), "{err}");
    }

    #[test]
    fn a_missing_database_is_an_error_not_a_new_file() {
        let args = Args {
            db: Some(PathBuf::from("/nonexistent/redline.db")),
            addr: DEFAULT_ADDR,
            allow_remote: false,
            static_dir: None,
            dict: None,
        };
        let err = run(args).unwrap_err().to_string();
        assert!(err.contains("no database"), "{err}");
    }
}
