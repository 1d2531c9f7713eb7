//! Development harness: the most frequent tagging and labelling confusions of a model on a treebank.
//! Usage: errors MODEL TREEBANK

use std::collections::HashMap;

use redline_syntax::conllu::{self, universal};
use redline_syntax::{Analyser, Analysis, Model};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let model = Model::from_bytes(&std::fs::read(&args[0]).unwrap()).unwrap();
    let (sentences, _) = conllu::read(&std::fs::read_to_string(&args[1]).unwrap());
    let known: std::collections::HashSet<String> = args
        .get(2)
        .map(|p| conllu::read(&std::fs::read_to_string(p).unwrap()).0)
        .unwrap_or_default()
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.form.clone()))
        .collect();
    let (mut oov, mut oov_right, mut iv, mut iv_right) = (0, 0, 0, 0);
    let mut analyser = Analyser::new(&model);
    let mut a = Analysis::default();
    let mut xpos: HashMap<(String, String), usize> = HashMap::new();
    let mut words: HashMap<(String, String, String), usize> = HashMap::new();
    let mut rel: HashMap<(String, String), usize> = HashMap::new();
    let mut label_by_tags: HashMap<(bool, bool), (usize, usize)> = HashMap::new();
    let mut head_by_rel: HashMap<String, (usize, usize)> = HashMap::new();
    for s in &sentences {
        analyser.analyse(s.words.iter().map(|w| w.form.as_str()), &mut a);
        for (i, g) in s.words.iter().enumerate() {
            let x = model.xpos(a.tags[i]).to_string();
            if known.contains(&g.form) {
                iv += 1;
                iv_right += usize::from(x == g.xpos);
            } else {
                oov += 1;
                oov_right += usize::from(x == g.xpos);
            }
            if x != g.xpos {
                *xpos.entry((g.xpos.clone(), x.clone())).or_default() += 1;
                *words.entry((g.form.to_lowercase(), g.xpos.clone(), x)).or_default() += 1;
            }
            let mut key = g.universal_deprel().to_string();
            if key == "punct" {
                key = format!(
                    "punct{}",
                    if i + 1 == s.words.len() {
                        "-final"
                    } else if g.form == "," {
                        "-comma"
                    } else {
                        "-other"
                    }
                );
            }
            let e = head_by_rel.entry(key).or_default();
            e.1 += 1;
            if g.head == Some(a.heads[i] as usize) {
                e.0 += 1;
                let r = universal(model.relation_name(a.relations[i])).to_string();
                let tag_ok = model.xpos(a.tags[i]) == g.xpos;
                let hd = g.head.unwrap();
                let head_tag_ok = hd == 0 || model.xpos(a.tags[hd - 1]) == s.words[hd - 1].xpos;
                let e = label_by_tags.entry((tag_ok, head_tag_ok)).or_insert((0usize, 0usize));
                e.1 += 1;
                e.0 += usize::from(r == g.universal_deprel());
                if r != g.universal_deprel() {
                    *rel.entry((g.universal_deprel().to_string(), r)).or_default() += 1;
                }
            }
        }
    }
    fn top<K: Ord>(m: HashMap<K, usize>, n: usize) -> Vec<(K, usize)> {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(n);
        v
    }
    println!(
        "XPOS known words {iv_right}/{iv} = {:.2}%, unknown {oov_right}/{oov} = {:.2}%",
        100.0 * iv_right as f64 / iv as f64,
        100.0 * oov_right as f64 / oov as f64
    );
    println!("XPOS confusions (gold -> predicted):");
    for ((g, p), c) in top(xpos, 25) {
        println!("  {c:5} {g} -> {p}");
    }
    println!("words:");
    for ((w, g, p), c) in top(words, 40) {
        println!("  {c:5} {w} {g} -> {p}");
    }
    println!("relation confusions on right heads (gold -> predicted):");
    for ((g, p), c) in top(rel, 25) {
        println!("  {c:5} {g} -> {p}");
    }
    for (k, (r, t)) in &label_by_tags {
        println!(
            "label accuracy on right heads, (own tag right, head tag right) = {k:?}: {r}/{t} = {:.2}%",
            100.0 * *r as f64 / *t as f64
        );
    }
    println!("head accuracy by gold relation:");
    let mut v: Vec<_> = head_by_rel.into_iter().collect();
    v.sort_by(|a, b| (b.1.1 - b.1.0).cmp(&(a.1.1 - a.1.0)));
    for (r, (right, total)) in v.into_iter().take(20) {
        println!(
            "  {r:12} {right:5}/{total:5} = {:.1}%  ({} wrong)",
            100.0 * right as f64 / total as f64,
            total - right
        );
    }
}
