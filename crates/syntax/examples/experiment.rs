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
        eprintln!(
            "{:>8.1}s {:<9} {:>2} train {:6.2} dev {:6.2}{}",
            self.0.elapsed().as_secs_f64(),
            r.stage.name(),
            r.epoch,
            r.train,
            r.dev,
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
    for a in &args[2..] {
        match a.split_once('=') {
            Some(("seed", v)) => settings.seed = v.parse().unwrap(),
            Some(("epochs", v)) => settings.max_epochs = v.parse().unwrap(),
            Some(("patience", v)) => settings.patience = v.parse().unwrap(),
            Some(("folds", v)) => settings.folds = v.parse().unwrap(),
            Some(("explore", v)) => settings.explore_from = v.parse().unwrap(),
            Some(("follow", v)) => settings.follow = v.parse().unwrap(),
            Some(("prune", v)) => settings.prune = v.parse().unwrap(),
            _ => out = Some(a.clone()),
        }
    }
    let start = Instant::now();
    let trained = train(&train_set, &dev_set, &settings, &mut Print(start)).unwrap();
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
