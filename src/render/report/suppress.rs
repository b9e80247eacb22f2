//! Small-count suppression: counts under the threshold are shown as "fewer than N", and where
//! the counts add up to a published total, a second count is withheld so the first cannot be
//! worked out by subtraction.

/// Which of `counts` to withhold. `additive`: the counts sum to a total that is shown (the
/// answers of a single-choice question or a grid row), so one withheld count alone would be
/// recoverable.
pub fn suppressed(counts: &[u64], additive: bool, threshold: u64) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|&c| c > 0 && c < threshold).collect();
    if additive && hidden.iter().filter(|&&h| h).count() == 1 {
        // Withhold the smallest other count too; prefer one that is not zero, since
        // withholding a zero leaves the first count still known exactly.
        let candidate = (0..counts.len())
            .filter(|&i| !hidden[i])
            .min_by_key(|&i| (counts[i] == 0, counts[i], i));
        if let Some(i) = candidate {
            hidden[i] = true;
        }
    }
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_withheld() {
        assert_eq!(
            suppressed(&[16, 9, 7, 4], false, 5),
            vec![false, false, false, true]
        );
        assert_eq!(suppressed(&[16, 9, 0, 40], false, 5), vec![false; 4]);
    }

    #[test]
    fn one_withheld_count_of_a_total_takes_the_next_smallest_with_it() {
        assert_eq!(
            suppressed(&[16, 9, 7, 4], true, 5),
            vec![false, false, true, true]
        );
        // A zero would not protect it: the next smallest non-zero count goes.
        assert_eq!(
            suppressed(&[3, 0, 20, 12], true, 5),
            vec![true, false, false, true]
        );
        // Two already withheld protect each other.
        assert_eq!(
            suppressed(&[3, 2, 20, 12], true, 5),
            vec![true, true, false, false]
        );
        // Nothing small, nothing withheld.
        assert_eq!(suppressed(&[10, 20], true, 5), vec![false, false]);
    }
}
