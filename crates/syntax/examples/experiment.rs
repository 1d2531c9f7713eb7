//! Development harness: trains on a treebank and prints dev scores per pass (not part of the product; the
//! `redline syntax train` command is). Usage: experiment TRAIN DEV [OUT] [key=value settings].

use std::time::Instant;

use redline_syntax::conllu;
use redline_syntax::train::{EpochReport, Stage, TrainObserver, TrainSettings, train};

struct Print(Instant);

impl TrainObserver for Print {
    fn stage(&mut self, _: Stage, _: usize) {}
    fn advance(&mut self, _: usize) {}
    fn epoch(&mut self, r: &EpochReport) {
        let dev: Vec<String> = r.dev.iter().map(|(k, v)| format!("{k} {v:6.2}")).collect();
        eprintln!(
            "{:>8.1}s {:<9} {:>2} train {:6.2} dev {}{}",
            self.0.elapsed().as_secs_f64(),
            r.stage.name(),
            r.epoch,
            r.train,
            dev.join(" "),
            if r.best { " *" } else { "" }
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let read = |p: &str| conllu::read(&std::fs::read_to_string(p).unwrap()).0;
    let (train_set, dev_set) = (read(&args[0]), read(&args[1]));
    let mut settings = TrainSettings::default();
    let mut out = None;
    let mut paragraphs: Vec<String> = Vec::new();
    for a in &args[2..] {
        match a.split_once('=') {
            Some(("seed", v)) => settings.seed = v.parse().unwrap(),
            Some(("epochs", v)) => settings.max_epochs = v.parse().unwrap(),
            Some(("patience", v)) => settings.patience = v.parse().unwrap(),
            Some(("folds", v)) => settings.folds = v.parse().unwrap(),
            Some(("explore", v)) => settings.explore_from = v.parse().unwrap(),
            Some(("follow", v)) => settings.follow = v.parse().unwrap(),
            Some(("keep", v)) => settings.keep = v.parse().unwrap(),
            Some(("margin", v)) => settings.margin = v.parse().unwrap(),
            Some(("classes", v)) => settings.clusters.classes = v.parse().unwrap(),
            Some(("passes", v)) => settings.clusters.passes = v.parse().unwrap(),
            Some(("min", v)) => settings.clusters.min_count = v.parse().unwrap(),
            Some(("text", v)) => {
                for entry in std::fs::read_dir(v).unwrap() {
                    let body = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
                    paragraphs.extend(body.lines().skip(3).filter(|l| !l.trim().is_empty()).map(str::to_string));
                }
            }
            _ => out = Some(a.clone()),
        }
    }
    let start = Instant::now();
    let unlabelled: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    eprintln!("{} unlabelled paragraphs", unlabelled.len());
    let trained = train(&train_set, &dev_set, &unlabelled, &settings, &mut Print(start)).unwrap();
    let d = trained.dev;
    let p = |c| 100.0 * c as f64 / d.words as f64;
    eprintln!(
        "dev: upos {:.2} xpos {:.2} lemma {:.2} uas {:.2} las {:.2}  ({:.0}s)",
        p(d.upos),
        p(d.xpos),
        p(d.lemma),
        p(d.uas),
        p(d.las),
        start.elapsed().as_secs_f64()
    );
    if let Some(out) = out {
        let bytes = trained.model.to_bytes();
        std::fs::write(&out, &bytes).unwrap();
        eprintln!("wrote {out}: {:.1} MB", bytes.len() as f64 / 1e6);
    }
}
