//! The same-story rule: Jaccard and containment estimates from two fingerprints, the thresholds, and what
//! counts as a source (the host of an article's URL).

use crate::fingerprint::{Fingerprint, PERMUTATIONS};

/// Estimated Jaccard similarity at or above which two articles are one story.
pub const JACCARD_THRESHOLD: f64 = 0.6;
/// Estimated share of the smaller article's shingles found in the larger at or above which a truncated
/// copy joins (together with [`CONTAINMENT_MIN_JACCARD`]).
pub const CONTAINMENT_THRESHOLD: f64 = 0.8;
/// Least estimated Jaccard similarity for the containment rule to apply.
pub const CONTAINMENT_MIN_JACCARD: f64 = 0.4;

/// Which part of the rule joined two articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchRule {
    /// Estimated Jaccard similarity at least [`JACCARD_THRESHOLD`].
    Jaccard,
    /// The smaller is contained in the larger (a truncated copy).
    Containment,
}

/// Why two fingerprints are the same story.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Estimated Jaccard similarity of their shingles.
    pub jaccard: f64,
    /// Estimated share of the smaller one's shingles found in the larger.
    pub containment: f64,
    /// The part of the rule that held.
    pub rule: MatchRule,
}

/// The share of signature positions where `a` and `b` agree: an unbiased estimate of the Jaccard similarity of
/// their shingle sets. Zero when either has no shingles.
pub fn estimated_jaccard(a: &Fingerprint, b: &Fingerprint) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let equal = a.signature().iter().zip(b.signature()).filter(|(x, y)| x == y).count();
    equal as f64 / PERMUTATIONS as f64
}

/// The estimated share of the smaller fingerprint's shingles that occur in the larger one:
/// `J (|A| + |B|) / ((1 + J) min(|A|, |B|))`, at most 1. Zero when either has no shingles.
pub fn estimated_containment(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let jaccard = estimated_jaccard(a, b);
    if jaccard == 0.0 {
        return 0.0;
    }
    let (sa, sb) = (f64::from(a.shingles()), f64::from(b.shingles()));
    let intersection = jaccard * (sa + sb) / (1.0 + jaccard);
    (intersection / sa.min(sb)).min(1.0)
}

/// Whether two fingerprints are the same story, and why (the rule is documented in the crate doc).
pub fn same_story(a: &Fingerprint, b: &Fingerprint) -> Option<Match> {
    let jaccard = estimated_jaccard(a, b);
    let containment = estimated_containment(a, b);
    let rule = if jaccard >= JACCARD_THRESHOLD {
        MatchRule::Jaccard
    } else if jaccard >= CONTAINMENT_MIN_JACCARD && containment >= CONTAINMENT_THRESHOLD {
        MatchRule::Containment
    } else {
        return None;
    };
    Some(Match { jaccard, containment, rule })
}

/// The source of an article, for counting the sources that carried a story: the host of its URL,
/// lower-cased, without a leading `www.`, a port or credentials. `None` when the URL names no host.
pub fn source_host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => url.strip_prefix("//").unwrap_or(url),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        // An IPv6 literal keeps its colons.
        host_port.split_inclusive(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_lowercase();
    let host = host.strip_prefix("www.").map(str::to_string).unwrap_or(host);
    if host.is_empty() || host.contains(char::is_whitespace) { None } else { Some(host) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::fingerprint;

    const STORY: &str = include_str!("../test_data/wire-story.txt");
    const OTHER: &str = include_str!("../test_data/other-story.txt");

    /// The story's paragraphs (line 1 is the headline, as in the seed layout).
    fn body(text: &str) -> Vec<&str> {
        text.lines().skip(1).filter(|l| !l.trim().is_empty()).collect()
    }

    /// The first `share` of the words of `text`.
    fn truncated(text: &str, share: f64) -> String {
        let words: Vec<&str> = text.split_whitespace().collect();
        let keep = (words.len() as f64 * share).round() as usize;
        words[..keep].join(" ")
    }

    #[test]
    fn the_same_text_is_the_same_story() {
        let text = body(STORY).join("\n");
        let m = same_story(&fingerprint(&text), &fingerprint(&text)).unwrap();
        assert_eq!((m.jaccard, m.containment, m.rule), (1.0, 1.0, MatchRule::Jaccard));
    }

    #[test]
    fn a_lightly_edited_copy_joins_by_jaccard() {
        let paragraphs = body(STORY);
        let original = paragraphs.join("\n");
        // One sentence rewritten, one paragraph dropped, an outlet's tagline added, quotes restyled.
        let mut edited: Vec<String> = paragraphs.iter().map(|p| p.replace('"', "\u{201c}")).collect();
        edited[2] = edited[2].replace("on Tuesday", "late on Tuesday evening");
        edited.remove(6);
        edited.push("Reporting by our correspondents; editing by the foreign desk.".into());
        let m = same_story(&fingerprint(&original), &fingerprint(&edited.join("\n"))).unwrap();
        assert_eq!(m.rule, MatchRule::Jaccard);
        assert!(m.jaccard > 0.75, "{m:?}");
    }

    #[test]
    fn truncated_copies_join_their_story() {
        let original = body(STORY).join("\n");
        for share in [0.6, 0.5, 0.4] {
            let short = truncated(&original, share);
            let m = same_story(&fingerprint(&short), &fingerprint(&original))
                .unwrap_or_else(|| panic!("the first {share} of the story did not join"));
            assert!(m.containment >= CONTAINMENT_THRESHOLD, "{share}: {m:?}");
            // Symmetric: the order of the two articles does not matter.
            assert_eq!(same_story(&fingerprint(&original), &fingerprint(&short)), Some(m));
        }
        // The first 40% shares too few shingles for the Jaccard rule: containment joins it.
        let m = same_story(&fingerprint(&truncated(&original, 0.4)), &fingerprint(&original));
        assert_eq!(m.map(|m| m.rule), Some(MatchRule::Containment), "{m:?}");
        assert!(m.is_some_and(|m| m.jaccard < JACCARD_THRESHOLD));
        // A quarter is too little to tell from a shared paragraph.
        assert_eq!(same_story(&fingerprint(&truncated(&original, 0.25)), &fingerprint(&original)), None);
    }

    #[test]
    fn a_different_story_about_the_same_actors_does_not_join() {
        let story = fingerprint(&body(STORY).join("\n"));
        let other = fingerprint(&body(OTHER).join("\n"));
        assert!(estimated_jaccard(&story, &other) < 0.1, "{}", estimated_jaccard(&story, &other));
        assert_eq!(same_story(&story, &other), None);
        // Nor does one shared paragraph make the two stories one.
        let mut mixed = body(OTHER);
        mixed.push(body(STORY)[0]);
        assert_eq!(same_story(&story, &fingerprint(&mixed.join("\n"))), None);
    }

    #[test]
    fn estimates_follow_the_set_sizes() {
        // Shingles of consecutive numbers: the first 100 are contained in the 200.
        let words = |n: usize| (0..n + 4).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        let (small, large) = (fingerprint(&words(100)), fingerprint(&words(200)));
        assert_eq!((small.shingles(), large.shingles()), (100, 200));
        let j = estimated_jaccard(&small, &large);
        assert!((j - 0.5).abs() < 0.15, "{j}");
        assert!(estimated_containment(&small, &large) > 0.85);
        // Nothing in common, nothing estimated; an empty fingerprint matches nothing, not even itself.
        let empty = fingerprint("");
        assert_eq!(estimated_jaccard(&empty, &empty), 0.0);
        assert_eq!(estimated_containment(&small, &empty), 0.0);
        assert_eq!(same_story(&empty, &empty), None);
    }

    #[test]
    fn sources_are_url_hosts() {
        assert_eq!(source_host("https://www.Example.com/news/1?x=2").as_deref(), Some("example.com"));
        assert_eq!(source_host("http://user:pw@wire.example.org:8080/a#b").as_deref(), Some("wire.example.org"));
        assert_eq!(source_host("example.net/story").as_deref(), Some("example.net"));
        assert_eq!(source_host("https://[::1]:80/x").as_deref(), Some("[::1]"));
        assert_eq!(source_host("https://news.example.com./a").as_deref(), Some("news.example.com"));
        assert_eq!(source_host(""), None);
        assert_eq!(source_host("https:///path"), None);
        assert_eq!(source_host("not a url"), None);
    }
}
