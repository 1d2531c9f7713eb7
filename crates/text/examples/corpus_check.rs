//! Ad-hoc check over a directory of `.txt` articles: cleans, splits and tokenizes every file, checks
//! the span invariants, catches panics, and reports throughput per stage.
//!
//! `cargo run --release -p redline-text --example corpus_check -- DIR [REPEAT]`

use std::time::{Duration, Instant};

use redline_model::Span;
use redline_text::{Segmenter, clean, tokenize_into};

/// Runs the check over the directory named by the first argument.
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: corpus_check DIR [REPEAT]");
        std::process::exit(2);
    };
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) => {
            eprintln!("corpus_check: {dir}: {err}");
            std::process::exit(1);
        }
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let texts: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            Some((p.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let segmenter = Segmenter::new();
    let (mut t_clean, mut t_split, mut t_tok) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let (mut sentences, mut tokens, mut panics, mut bad, mut diags) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut codes = std::collections::BTreeMap::<&str, usize>::new();
    let mut buffer = Vec::new();
    for round in 0..repeat {
        for (path, raw) in &texts {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let t0 = Instant::now();
                let cleaned = clean(raw);
                let t1 = Instant::now();
                let split = segmenter.split(&cleaned.text, 0);
                let t2 = Instant::now();
                let mut count = 0;
                for s in &split {
                    buffer.clear();
                    tokenize_into(&cleaned.text, s.span, &mut buffer);
                    count += buffer.len();
                }
                let t3 = Instant::now();
                (cleaned, split, count, [t1 - t0, t2 - t1, t3 - t2])
            }));
            let Ok((cleaned, split, count, [a, b, c])) = result else {
                panics += 1;
                eprintln!("PANIC in {path}");
                continue;
            };
            t_clean += a;
            t_split += b;
            t_tok += c;
            if round > 0 {
                continue;
            }
            sentences += split.len();
            tokens += count;
            diags += cleaned.diagnostics.len();
            for d in &cleaned.diagnostics {
                *codes.entry(d.code).or_default() += 1;
            }
            let text = &cleaned.text;
            let mut last = 0;
            for s in &split {
                let slice = s.span.slice(text);
                let ok = text.get(s.span.range()).is_some()
                    && !slice.is_empty()
                    && slice == slice.trim()
                    && !slice.contains('\n')
                    && s.span.start as usize >= last;
                last = s.span.end as usize;
                if !ok {
                    bad += 1;
                    eprintln!("BAD SPAN in {path}: {:?} {:?}", s.span, slice);
                }
            }
            let mut all = Vec::new();
            tokenize_into(text, Span::new(0, text.len()), &mut all);
            for t in &all {
                if text.get(t.span.range()).is_none_or(|s| s.trim().is_empty()) {
                    bad += 1;
                    eprintln!("BAD TOKEN in {path}: {:?}", t.span);
                }
            }
        }
    }
    let mb = (bytes * repeat) as f64 / 1e6;
    let rate = |d: Duration| mb / d.as_secs_f64();
    println!(
        "files {} bytes {} sentences {} tokens {} diagnostics {} {:?}",
        texts.len(),
        bytes,
        sentences,
        tokens,
        diags,
        codes
    );
    println!("panics {panics} bad spans/tokens {bad}");
    println!(
        "MB/s clean {:.1} split {:.1} tokenize {:.1} all {:.1}",
        rate(t_clean),
        rate(t_split),
        rate(t_tok),
        rate(t_clean + t_split + t_tok)
    );
}
