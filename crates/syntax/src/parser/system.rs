//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez & Satta 2011) and its dynamic oracle (Goldberg &
//! Nivre 2013).
//!
//! A configuration is a stack, a buffer and the arcs made so far. Nodes are numbered as in CoNLL-U: 0 is the
//! artificial root, which starts on the stack, and words are 1..=n. Three moves:
//! - `Shift` moves the buffer's front `b0` onto the stack;
//! - `Left` makes `b0` the head of the stack's top `s0` and pops it;
//! - `Right` makes `s1` (under `s0`) the head of `s0` and pops it.
//!
//! The root takes its one dependent only when the buffer is empty, so every tree has a single root word.

/// A move of the parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift = 0,
    Left = 1,
    Right = 2,
}

impl Move {
    /// All moves, in class order.
    pub const ALL: [Move; 3] = [Move::Shift, Move::Left, Move::Right];
}

/// No head yet, or no such child.
pub(crate) const NONE: u16 = u16::MAX;

/// A parser configuration over a sentence of `n` words.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    n: usize,
    stack: Vec<u16>,
    /// The buffer's front: words `b0..=n` are in the buffer.
    b0: usize,
    /// The head of every node (index 0 is the root, which has none).
    pub heads: Vec<u16>,
    /// Leftmost and second-leftmost children.
    pub left: Vec<[u16; 2]>,
    /// Rightmost and second-rightmost children.
    pub right: Vec<[u16; 2]>,
    /// Numbers of left and right children.
    pub valency: Vec<[u8; 2]>,
    /// The relation of every attached node to its head ([`NONE`] until labelled).
    pub labels: Vec<u16>,
    /// The relations of each node's left and right children so far, as bits (relation number mod 64).
    pub label_sets: Vec<[u64; 2]>,
}

impl Config {
    /// Resets to the initial configuration of a sentence of `n` words: the root on the stack, every word in
    /// the buffer, no arcs.
    pub fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.b0 = 1;
        self.heads.clear();
        self.heads.resize(n + 1, NONE);
        for v in [&mut self.left, &mut self.right] {
            v.clear();
            v.resize(n + 1, [NONE; 2]);
        }
        self.valency.clear();
        self.valency.resize(n + 1, [0; 2]);
        self.labels.clear();
        self.labels.resize(n + 1, NONE);
        self.label_sets.clear();
        self.label_sets.resize(n + 1, [0; 2]);
    }

    /// The arc `m` would make, as (head, dependent), if it makes one.
    pub fn arc(&self, m: Move) -> Option<(usize, usize)> {
        match m {
            Move::Shift => None,
            Move::Left => Some((self.b0, self.stack(0)?)),
            Move::Right => Some((self.stack(1)?, self.stack(0)?)),
        }
    }

    /// Gives the attached word `dependent` its relation.
    pub fn set_label(&mut self, dependent: usize, label: u16) {
        self.labels[dependent] = label;
        let head = self.heads[dependent];
        if head != NONE {
            let side = usize::from(dependent > head as usize);
            self.label_sets[head as usize][side] |= 1 << (label % 64);
        }
    }

    /// True when the tree is complete.
    pub fn is_terminal(&self) -> bool {
        self.b0 > self.n && self.stack.len() == 1
    }

    /// The `i`-th node from the stack's top (0 = `s0`).
    #[inline]
    pub fn stack(&self, i: usize) -> Option<usize> {
        let len = self.stack.len();
        (i < len).then(|| self.stack[len - 1 - i] as usize)
    }

    /// The `i`-th word of the buffer (0 = `b0`).
    #[inline]
    pub fn buffer(&self, i: usize) -> Option<usize> {
        let word = self.b0 + i;
        (word <= self.n).then_some(word)
    }

    /// True when `m` can be applied.
    #[inline]
    pub fn can(&self, m: Move) -> bool {
        let buffer = self.b0 <= self.n;
        match m {
            Move::Shift => buffer,
            Move::Left => buffer && self.stack.len() >= 2,
            Move::Right => self.stack.len() >= 3 || (self.stack.len() == 2 && !buffer),
        }
    }

    /// Applies `m`, which must be allowed.
    pub fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.b0 as u16);
                self.b0 += 1;
            }
            Move::Left => {
                let dependent = self.stack.pop().expect("Left needs s0") as usize;
                self.attach(self.b0, dependent);
            }
            Move::Right => {
                let dependent = self.stack.pop().expect("Right needs s0") as usize;
                let head = *self.stack.last().expect("Right needs s1") as usize;
                self.attach(head, dependent);
            }
        }
    }

    fn attach(&mut self, head: usize, dependent: usize) {
        self.heads[dependent] = head as u16;
        let d = dependent as u16;
        // Left children arrive right to left and right children left to right (see the module doc), so the
        // newest is always the outermost.
        if dependent < head {
            let l = &mut self.left[head];
            *l = [d, l[0]];
            self.valency[head][0] = self.valency[head][0].saturating_add(1);
        } else {
            let r = &mut self.right[head];
            *r = [d, r[0]];
            self.valency[head][1] = self.valency[head][1].saturating_add(1);
        }
    }

    /// The number of gold arcs that `m` makes unreachable (`gold[d]` is the head of word `d`, index 0 unused).
    /// The gold tree must be projective; then a move of cost 0 keeps the best reachable tree reachable.
    pub fn cost(&self, m: Move, gold: &[u16]) -> usize {
        let in_buffer = |node: u16| node as usize >= self.b0 && node as usize <= self.n && node != NONE;
        let dependents_in_buffer = |head: usize| (self.b0..=self.n).filter(|&d| gold[d] as usize == head).count();
        match m {
            Move::Shift => {
                let b0 = self.b0;
                let s0 = self.stack(0);
                let mut cost = self.stack.iter().filter(|&&k| k != 0 && gold[k as usize] as usize == b0).count();
                let head = gold[b0] as usize;
                if Some(head) != s0 && self.stack.iter().any(|&k| k as usize == head) {
                    cost += 1;
                }
                cost
            }
            Move::Left => {
                let s0 = self.stack(0).expect("Left needs s0");
                let head = gold[s0];
                let mut cost = dependents_in_buffer(s0);
                if self.stack(1) == Some(head as usize) || (in_buffer(head) && head as usize != self.b0) {
                    cost += 1;
                }
                cost
            }
            Move::Right => {
                let s0 = self.stack(0).expect("Right needs s0");
                dependents_in_buffer(s0) + usize::from(in_buffer(gold[s0]))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses with the oracle alone, always taking the first move of cost 0.
    fn oracle_parse(gold: &[u16]) -> Vec<u16> {
        let mut config = Config::default();
        config.reset(gold.len() - 1);
        while !config.is_terminal() {
            let m =
                Move::ALL.into_iter().find(|&m| config.can(m) && config.cost(m, gold) == 0).expect("a move of cost 0");
            config.apply(m);
        }
        config.heads
    }

    #[test]
    fn the_oracle_reproduces_projective_trees() {
        // "Russia warned NATO of consequences ." : warned is the root.
        let gold = [NONE, 2, 0, 2, 2, 6, 4, 2];
        let gold = &gold[..7];
        assert_eq!(&oracle_parse(gold)[1..], &gold[1..]);
        // Chains to the left and right, and a root at either end.
        for tree in [vec![NONE, 0, 1, 2, 3], vec![NONE, 2, 3, 4, 0], vec![NONE, 4, 4, 4, 0, 4, 4]] {
            assert_eq!(&oracle_parse(&tree)[1..], &tree[1..]);
        }
    }

    #[test]
    fn moves_keep_track_of_children_and_valency() {
        let mut config = Config::default();
        config.reset(3);
        // 1 <- 2 -> 3, 2 <- root.
        for m in [Move::Shift, Move::Left, Move::Shift, Move::Shift, Move::Right, Move::Right] {
            assert!(config.can(m), "{m:?}");
            config.apply(m);
        }
        assert!(config.is_terminal());
        assert_eq!(config.heads, vec![NONE, 2, 0, 2]);
        assert_eq!(config.left[2], [1, NONE]);
        assert_eq!(config.right[2], [3, NONE]);
        assert_eq!(config.valency[2], [1, 1]);
        assert_eq!(config.right[0], [2, NONE]);
    }

    #[test]
    fn the_root_takes_a_dependent_only_at_the_end() {
        let mut config = Config::default();
        config.reset(2);
        config.apply(Move::Shift);
        assert!(!config.can(Move::Right));
        assert!(config.can(Move::Left));
        config.apply(Move::Shift);
        assert!(config.can(Move::Right));
        config.apply(Move::Right);
        assert!(config.can(Move::Right));
    }
}
