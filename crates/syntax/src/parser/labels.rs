//! Naming each arc as the parser makes it: one multiclass decision per arc, from the dependent (whose subtree is
//! complete when it is popped), its head, the head's children so far, and the words around. The relations then
//! feed the parser's next decisions.

use crate::features::{NONE, key, small};
use crate::parser::Words;
use crate::parser::system::{self, Config};

/// Number of features of an arc.
pub(crate) const COUNT: usize = 36;

fn bucket(distance: usize) -> u32 {
    match distance {
        0..=3 => distance as u32,
        4..=6 => 4,
        7..=10 => 5,
        _ => 6,
    }
}

/// Writes the features of the arc `head` → `dependent`, before the move that makes it is applied.
pub(crate) fn extract(config: &Config, words: &Words, head: usize, dependent: usize, out: &mut [u64; COUNT]) {
    let (h, d) = (head, dependent);
    let node = |n: u16| (n != system::NONE).then_some(n as usize);
    let word = |n: Option<usize>| n.map_or(NONE, |n| words.nodes[n].word);
    let tag = |n: Option<usize>| n.map_or(NONE, |n| words.nodes[n].tag);
    let label = |n: Option<usize>| n.map_or(NONE, |n| small(config.labels[n] as u32));
    let (dn, hn) = (&words.nodes[d], &words.nodes[h]);
    let (dw, dt, dc) = (dn.word, dn.tag, dn.cluster);
    let (hw, ht, hc) = (hn.word, hn.tag, hn.cluster);
    let left = d < h;
    let dir = small(u32::from(left));
    let dist = small(bucket(d.abs_diff(h)));
    let (lc, lc2, rc) = (node(config.left[d][0]), node(config.left[d][1]), node(config.right[d][0]));
    // The head's child next to d on the same side, already attached: children arrive from the inside out.
    let inner = if left { node(config.left[h][0]) } else { node(config.right[h][0]) };
    let before = d.checked_sub(1).filter(|&b| b > 0);
    let after = Some(d + 1).filter(|&a| a < words.nodes.len());
    let valency = small(config.valency[d][0].min(3) as u32 * 4 + config.valency[d][1].min(3) as u32);
    let (a, b) = (d.min(h), d.max(h));
    let punct = small(if a > 0 && b > a + 1 {
        (words.nodes[b].punct_before - words.nodes[a + 1].punct_before).min(2) as u32
    } else {
        0
    });
    let sets = small(((config.label_sets[h][0] ^ config.label_sets[h][1].rotate_left(7)) % 1_000_003) as u32);
    *out = [
        key(200, &[]),
        key(201, &[dw]),
        key(202, &[dt]),
        key(203, &[dw, dt]),
        key(204, &[hw]),
        key(205, &[ht]),
        key(206, &[hw, ht]),
        key(207, &[dt, ht, dir]),
        key(208, &[dw, ht, dir]),
        key(209, &[dt, hw, dir]),
        key(210, &[dw, hw, dir]),
        key(211, &[dt, ht, dir, dist]),
        key(212, &[word(lc), dt]),
        key(213, &[tag(lc), dt, ht]),
        key(214, &[word(rc), dt]),
        key(215, &[tag(rc), dt]),
        key(216, &[label(lc), dt]),
        key(217, &[label(rc), dt, ht]),
        key(218, &[label(inner), dt, ht, dir]),
        key(219, &[label(inner), tag(inner), dt]),
        key(220, &[word(inner), dt, ht, dir]),
        key(221, &[tag(before), dt, tag(after)]),
        key(222, &[valency, dt]),
        key(223, &[punct, dt, ht]),
        key(224, &[word(lc), dt, ht]),
        key(225, &[word(lc), word(rc), dt]),
        key(226, &[tag(before), dw, ht]),
        key(227, &[dw, word(after)]),
        key(228, &[dc, ht]),
        key(229, &[dt, hc]),
        key(230, &[dc, hc]),
        key(231, &[dc, dt, dir]),
        key(232, &[word(before), dt, ht]),
        key(233, &[word(lc2), word(lc), dt]),
        key(234, &[dw, dt, ht, dir]),
        key(235, &[sets, dt, ht, dir]),
    ];
}
