//! Development harness: sentences per second of tagging and parsing a treebank's words on one thread.
//! Usage: speed MODEL TREEBANK [ROUNDS]

use std::time::Instant;

use redline_syntax::conllu;
use redline_syntax::{Analyser, Analysis, Model};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let start = Instant::now();
    let bytes = std::fs::read(&args[0]).unwrap();
    let model = Model::from_bytes(&bytes).unwrap();
    if let Ok(dev) = std::env::var("DEV") {
        let (dev, _) = conllu::read(&std::fs::read_to_string(dev).unwrap());
        let d = redline_syntax::eval::on_gold_words(&model, &dev);
        let p = |c| 100.0 * c as f64 / d.words as f64;
        eprintln!("dev: upos {:.2} uas {:.2} las {:.2}", p(d.upos), p(d.uas), p(d.las));
    }
    eprintln!("loaded {:.1} MB in {:.0} ms", bytes.len() as f64 / 1e6, start.elapsed().as_secs_f64() * 1e3);
    eprintln!("{}", model.sizes());
    let (sentences, _) = conllu::read(&std::fs::read_to_string(&args[1]).unwrap());
    let rounds: usize = args.get(2).map_or(5, |r| r.parse().unwrap());
    let forms: Vec<Vec<&str>> = sentences.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    let words: usize = forms.iter().map(Vec::len).sum();
    let mut analyser = Analyser::new(&model);
    let mut analysis = Analysis::default();
    let mut heads = 0usize;
    // The best of five timings: this machine's timings vary from run to run.
    let mut secs = f64::INFINITY;
    let timings: usize = std::env::var("TIMINGS").ok().and_then(|t| t.parse().ok()).unwrap_or(5);
    for _ in 0..timings {
        let start = Instant::now();
        for _ in 0..rounds {
            for f in &forms {
                analyser.analyse(f.iter().copied(), &mut analysis);
                heads += analysis.heads.iter().map(|&h| h as usize).sum::<usize>();
            }
        }
        secs = secs.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} sentences, {} words x {rounds}: {:.0} sentences/s, {:.0} words/s ({heads})",
        forms.len(),
        words,
        (forms.len() * rounds) as f64 / secs,
        (words * rounds) as f64 / secs
    );
}
