//! Fingerprinting throughput and story count over a directory of text articles (the seed layout: title, date,
//! URL, then the body): `cargo bench -p redline-story` reads the demo corpus; `-- DIR` reads another.
//!
//! Stories are grouped in memory exactly as the store does it (band-key candidates, [`same_story`], the
//! closest match's story), on the raw body rather than the cleaned text, so the count can differ slightly
//! from `redline ingest`'s.

use std::collections::HashMap;
use std::time::Instant;

use redline_story::{Fingerprint, fingerprint, same_story};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes `--bench`; any other argument is the corpus directory.
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/escalation-2021-22");
    let dir = std::env::args().skip(1).find(|a| !a.starts_with("--")).map_or(demo, std::path::PathBuf::from);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let bodies: Vec<String> = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|text| text.lines().skip(3).collect::<Vec<_>>().join("\n"))
        .collect();
    let bytes: usize = bodies.iter().map(String::len).sum();

    // Best of five passes, to keep the number about the code rather than the machine's neighbours.
    let mut best = f64::INFINITY;
    let mut fingerprints: Vec<Fingerprint> = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        fingerprints = bodies.iter().map(|b| fingerprint(b)).collect();
        best = best.min(start.elapsed().as_secs_f64());
    }
    let start = Instant::now();
    let keys: usize = fingerprints.iter().map(|f| f.band_keys().len()).sum();
    let band_seconds = start.elapsed().as_secs_f64();

    let mut by_key: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut story: Vec<usize> = Vec::with_capacity(fingerprints.len());
    for (i, fp) in fingerprints.iter().enumerate() {
        let keys = fp.band_keys();
        let mut best_match: Option<(f64, usize)> = None;
        let mut seen = Vec::new();
        for key in &keys {
            for &j in by_key.get(key).into_iter().flatten() {
                if seen.contains(&j) {
                    continue;
                }
                seen.push(j);
                if let Some(m) = same_story(fp, &fingerprints[j])
                    && best_match
                        .is_none_or(|(jaccard, s)| m.jaccard > jaccard || (m.jaccard == jaccard && story[j] < s))
                {
                    best_match = Some((m.jaccard, story[j]));
                }
            }
        }
        story.push(best_match.map_or(i, |(_, s)| s));
        for key in keys {
            by_key.entry(key).or_default().push(i);
        }
    }
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for s in &story {
        *sizes.entry(*s).or_default() += 1;
    }
    let mut largest: Vec<usize> = sizes.values().copied().collect();
    largest.sort_unstable_by(|a, b| b.cmp(a));
    println!("articles:     {}", bodies.len());
    println!("bytes:        {bytes}");
    println!("fingerprint:  {:.1} MB/s ({:.3} s, one thread)", bytes as f64 / best / 1e6, best);
    println!("band keys:    {keys} in {:.4} s", band_seconds);
    println!("stories:      {}", sizes.len());
    println!("largest:      {:?}", &largest[..largest.len().min(10)]);
    Ok(())
}
