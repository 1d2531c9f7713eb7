//! Dependency trees as head arrays: `heads[i]` is the head of word `i + 1` (0 for the root).
//!
//! The parser is projective (no two arcs cross); a non-projective training tree is lifted into a projective
//! one (Kahane et al. 1998, as in Nivre & Nilsson 2005 without the label encoding): the shortest crossing
//! arc's dependent is re-attached to its head's head until nothing crosses.

/// True when no two arcs of the tree cross. `heads` must point at words of the sentence or the root.
pub fn is_projective(heads: &[usize]) -> bool {
    first_crossing(heads).is_none()
}

/// A projective tree as close to `heads` as lifting allows: every word keeps its head unless its arc crosses
/// another, in which case it hangs from an ancestor of its head. Arcs that are not crossed stay as they are.
pub fn projectivize(heads: &[usize]) -> Vec<usize> {
    let mut heads = heads.to_vec();
    // Each lift moves a dependent one step up a finite tree, so this ends; the bound only guards cycles in
    // malformed input.
    for _ in 0..heads.len() * heads.len() + 1 {
        let Some(dependent) = first_crossing(&heads) else { break };
        let head = heads[dependent - 1];
        if head == 0 {
            break;
        }
        heads[dependent - 1] = heads[head - 1];
    }
    heads
}

/// The dependent (1-based) of the shortest arc that crosses another, if any arc crosses. Among arcs of the same
/// length, one whose lifting keeps a single root word comes first.
fn first_crossing(heads: &[usize]) -> Option<usize> {
    let arcs: Vec<(usize, usize, usize)> = heads
        .iter()
        .enumerate()
        .map(|(i, &h)| {
            let d = i + 1;
            (h.min(d), h.max(d), d)
        })
        .collect();
    // Lifting a dependent of the root word would give the tree a second root word.
    let to_root = |d: usize| heads[d - 1] != 0 && heads[heads[d - 1] - 1] == 0;
    let mut crossing: Option<((usize, bool), usize)> = None;
    for &(l1, r1, d1) in &arcs {
        let crosses =
            arcs.iter().any(|&(l2, r2, _)| (l1 < l2 && l2 < r1 && r1 < r2) || (l2 < l1 && l1 < r2 && r2 < r1));
        if !crosses || heads[d1 - 1] == 0 {
            continue;
        }
        let rank = (r1 - l1, to_root(d1));
        if crossing.is_none_or(|(best, _)| rank < best) {
            crossing = Some((rank, d1));
        }
    }
    crossing.map(|(_, dependent)| dependent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_crossing_arcs_and_lifts_them_away() {
        // 1 <- 3, 2 <- 4 (crossing), 3 <- 0, 4 <- 3.
        let heads = [3, 4, 0, 3];
        assert!(!is_projective(&heads));
        let lifted = projectivize(&heads);
        assert!(is_projective(&lifted));
        assert_eq!(lifted, vec![3, 3, 0, 3]);
        assert!(is_projective(&[2, 0, 2]));
        assert_eq!(projectivize(&[2, 0, 2]), vec![2, 0, 2]);
    }

    #[test]
    fn an_arc_over_the_root_word_crosses_the_root_arc() {
        // The root is word 2; word 1 depends on word 3, passing over the root's arc from 0.
        let heads = [3, 0, 2];
        assert!(!is_projective(&heads));
        assert!(is_projective(&projectivize(&heads)));
    }
}
