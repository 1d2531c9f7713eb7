//! `redline dict import-petrarch DIR --out OUTDIR [--only GLOB]`: converts PETRARCH/TABARI dictionaries
//! (verbs, actors, agents, discards; kind judged by file name) into a redline set in OUTDIR, with the
//! built-in speech cues. Every line that cannot be converted is printed as `DIR/FILE:LINE: skipped: …`
//! and left out; the written set is then compiled, so a set the coder would refuse is an error (exit 2).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use redline_dict::petrarch::{Kind, import};
use redline_dict::{Dictionaries, SourceFile};
use redline_engine::dictionaries;

use crate::cmd::Outcome;

/// Arguments of `redline dict import-petrarch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory holding the PETRARCH dictionary files (`*.txt`).
    pub dir: PathBuf,
    /// Directory to write the redline set into (created if missing; files in it are overwritten).
    #[arg(long, value_name = "OUTDIR")]
    pub out: PathBuf,
    /// Only files whose name matches this glob (`*` and `?`), e.g. `PETR.Validate.*`; repeatable.
    #[arg(long, value_name = "GLOB")]
    pub only: Vec<String>,
    /// VERSION of the new set [default: YYYY.MM.0 of today].
    #[arg(long, value_name = "VERSION")]
    pub set_version: Option<String>,
}

/// Runs `redline dict import-petrarch`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let inputs = read_inputs(&args.dir, &args.only)?;
    if inputs.is_empty() {
        bail!("no PETRARCH dictionary files in {} match", args.dir.display());
    }
    let version = args.set_version.unwrap_or_else(|| {
        let now = jiff::Timestamp::now().to_string();
        format!("{}.{}.0", &now[..4], &now[5..7])
    });
    let cues = dictionaries::builtin()
        .into_iter()
        .find(|f| f.path == "cues.txt")
        .map(|f| f.text)
        .context("the built-in set has no cues.txt")?;
    let result = import(&inputs, &version, &cues);
    for skipped in &result.skipped {
        eprintln!("{}/{}:{}: skipped: {}", args.dir.display(), skipped.file, skipped.line, skipped.message);
    }
    write_set(&args.out, &result.files)?;
    if let Err(errors) = Dictionaries::compile(&result.files) {
        bail!("the converted set in {} does not validate:\n{errors}", args.out.display());
    }
    let c = result.counts;
    println!(
        "{}: {} files from {} inputs; {} actors, {} agents, {} synsets, {} patterns, {} discards; {} lines skipped",
        args.out.display(),
        result.files.len(),
        inputs.len(),
        c.actors,
        c.agents,
        c.synsets,
        c.patterns,
        c.discards,
        result.skipped.len()
    );
    Ok(Outcome::Clean)
}

/// The `*.txt` files of `dir` (not recursive) that match a glob (if any) and are of a known kind.
fn read_inputs(dir: &Path, only: &[String]) -> anyhow::Result<Vec<SourceFile>> {
    let entries = fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.with_context(|| format!("cannot read {}", dir.display()))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        if !path.is_file() || !name.ends_with(".txt") {
            continue;
        }
        if !only.is_empty() && !only.iter().any(|glob| glob_matches(glob, &name)) {
            continue;
        }
        if Kind::of(&name).is_none() {
            eprintln!("{}: skipped: not a verbs, actors, agents or discards file", path.display());
            continue;
        }
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        // PETRARCH files are ASCII by convention; a stray Latin-1 byte should not stop the import.
        files.push(SourceFile { path: name, text: String::from_utf8_lossy(&bytes).into_owned() });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn write_set(out: &Path, files: &[SourceFile]) -> anyhow::Result<()> {
    for file in files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, &file.text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// `*` matches any run of characters, `?` one character; everything else itself.
fn glob_matches(glob: &str, name: &str) -> bool {
    let (glob, name): (Vec<char>, Vec<char>) = (glob.chars().collect(), name.chars().collect());
    let (mut g, mut n, mut star, mut mark) = (0, 0, None, 0);
    while n < name.len() {
        if g < glob.len() && (glob[g] == '?' || glob[g] == name[n]) {
            g += 1;
            n += 1;
        } else if g < glob.len() && glob[g] == '*' {
            star = Some(g);
            mark = n;
            g += 1;
        } else if let Some(s) = star {
            g = s + 1;
            mark += 1;
            n = mark;
        } else {
            return false;
        }
    }
    glob[g..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_matches("PETR.Validate.*", "PETR.Validate.verbs.txt"));
        assert!(!glob_matches("PETR.Validate.*", "Phoenix.agents.txt"));
        assert!(glob_matches("*.a?tors.txt", "x.actors.txt"));
        assert!(glob_matches("*", ""));
        assert!(!glob_matches("a*b", "acbd"));
    }
}
