//! "Did you mean" suggestions: the closest known name by edit distance.

/// The candidate closest to `name`, if it is close enough to be a likely
/// typo (at most a third of the name's length in edits, at least one).
pub fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let d = distance(name, candidate);
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && candidate < bc)) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Block names people write that Alloy spells too differently for the
/// edit distance to find, with the name Alloy uses: Promtail's stage
/// names, and `stage.static` for `stage.static_labels`. Alloy's Promtail
/// converter maps each (internal/converter/internal/promtailconvert/
/// internal/build/stages.go:80-83 at 66ebea85: `labelallow` becomes
/// `stage.label_keep`, `static_labels` becomes `stage.static_labels`).
const KNOWN_MISNAMES: &[(&str, &str)] = &[
    ("stage.labelallow", "stage.label_keep"),
    ("stage.static", "stage.static_labels"),
];

/// The name to suggest for `name`: Alloy's spelling of a known misname
/// when it is one of the candidates, else the closest candidate.
pub fn closest_or_known<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str> + Clone,
) -> Option<&'c str> {
    if let Some(&(_, known)) = KNOWN_MISNAMES.iter().find(|(wrong, _)| *wrong == name) {
        if let Some(c) = candidates.clone().into_iter().find(|&c| c == known) {
            return Some(c);
        }
    }
    closest(name, candidates)
}

/// Damerau–Levenshtein distance (optimal string alignment): a swap of two
/// neighbours counts as one edit, the commonest typo.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["receiver", "targets", "output"];
        assert_eq!(closest("reciever", names), Some("receiver"));
        assert_eq!(closest("target", names), Some("targets"));
        assert_eq!(closest("zzz", names), None);
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn known_misnames_suggest_alloys_spelling() {
        let stages = ["stage.static_labels", "stage.label_keep", "stage.labels"];
        assert_eq!(closest("stage.static", stages), None, "too far for a typo");
        assert_eq!(
            closest_or_known("stage.static", stages),
            Some("stage.static_labels")
        );
        assert_eq!(
            closest_or_known("stage.labelallow", stages),
            Some("stage.label_keep")
        );
        // Only where the block exists.
        assert_eq!(closest_or_known("stage.static", ["stage.labels"]), None);
    }
}
