//! Small-count suppression: counts under the threshold are shown as "fewer than N", and where
//! the counts add up to a published total, more are withheld until neither a withheld count nor
//! the sum of those withheld, if under the threshold, can be worked out by subtraction.

/// Which of `counts` to withhold. `additive`: the counts sum to a total that is shown (the
/// answers of a single-choice question or a grid row), so one withheld count alone would be
/// recoverable.
pub fn suppressed(counts: &[u64], additive: bool, threshold: u64) -> Vec<bool> {
    let none = vec![vec![false; counts.len()]];
    suppressed_table(&[counts.to_vec()], none, false, &[additive], threshold).remove(0)
}

/// Which cells of a table of counts (`cells[row][column]`) to withhold, besides those of
/// `withheld` already: counts under the threshold, then, while a line whose counts add up to a
/// shown total (every column when `columns_add_up`, row `r` when `rows_add_up[r]`) has a
/// withheld cell alone, or withheld cells that add up to less than the threshold, the smallest
/// other count of that line too.
pub fn suppressed_table(
    cells: &[Vec<u64>],
    mut withheld: Vec<Vec<bool>>,
    columns_add_up: bool,
    rows_add_up: &[bool],
    threshold: u64,
) -> Vec<Vec<bool>> {
    for (row, hidden) in cells.iter().zip(&mut withheld) {
        for (&count, hidden) in row.iter().zip(hidden) {
            *hidden |= count > 0 && count < threshold;
        }
    }
    let columns = cells.first().map_or(0, Vec::len);
    // Withholds another cell of the line `at` gives, if what is withheld there can be worked
    // out from its total: one cell alone, or cells whose sum is under the threshold (that sum is
    // then a small count shown, and two withheld cells adding up to 2 are each 1); whether it did.
    let protect = |withheld: &mut [Vec<bool>], at: &[(usize, usize)]| {
        let hidden: Vec<u64> = at
            .iter()
            .filter(|&&(r, c)| withheld[r][c])
            .map(|&(r, c)| cells[r][c])
            .collect();
        let alone = hidden.len() == 1;
        if !alone && (hidden.is_empty() || hidden.iter().sum::<u64>() >= threshold) {
            return false;
        }
        // The smallest other count; one that is not zero, since withholding a zero leaves the
        // first count still known exactly (and adds nothing to a sum).
        let other = at
            .iter()
            .filter(|&&(r, c)| !withheld[r][c] && (alone || cells[r][c] > 0))
            .min_by_key(|&&(r, c)| (cells[r][c] == 0, cells[r][c], r, c));
        match other {
            Some(&(r, c)) => {
                withheld[r][c] = true;
                true
            }
            None => false,
        }
    };
    loop {
        let mut changed = false;
        if columns_add_up {
            for c in 0..columns {
                let line: Vec<(usize, usize)> = (0..cells.len()).map(|r| (r, c)).collect();
                changed |= protect(&mut withheld, &line);
            }
        }
        for (r, _) in rows_add_up.iter().enumerate().filter(|&(_, &adds)| adds) {
            let line: Vec<(usize, usize)> = (0..columns).map(|c| (r, c)).collect();
            changed |= protect(&mut withheld, &line);
        }
        if !changed {
            return withheld;
        }
    }
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
        // Two already withheld protect each other, when they add up to the threshold or more.
        assert_eq!(
            suppressed(&[3, 2, 20, 12], true, 5),
            vec![true, true, false, false]
        );
        // Two that add up to 2 would each be known as 1 (36 - 20 - 14); and 1 and 3 would be
        // known to be 4 together: the next smallest goes too.
        assert_eq!(
            suppressed(&[1, 1, 20, 14], true, 5),
            vec![true, true, false, true]
        );
        assert_eq!(
            suppressed(&[1, 3, 9, 14], true, 5),
            vec![true, true, true, false]
        );
        // Nothing small, nothing withheld.
        assert_eq!(suppressed(&[10, 20], true, 5), vec![false, false]);
    }

    #[test]
    fn a_table_withholds_until_no_withheld_cell_is_alone_in_a_line_that_adds_up() {
        let cells = vec![vec![10, 3, 12], vec![9, 8, 6], vec![7, 11, 20]];
        let none = vec![vec![false; 3]; 3];
        // The 3 is alone in its column and its row: the 8 and the 10 go too; each of them is then
        // alone in its row or column, and so on until every line holds none or two or more.
        let withheld = suppressed_table(&cells, none.clone(), true, &[true; 3], 5);
        assert_eq!(
            withheld,
            vec![
                vec![true, true, true],
                vec![false, true, true],
                vec![true, true, false]
            ]
        );
        // Lines that do not add up protect nothing.
        let withheld = suppressed_table(&cells, none, false, &[false; 3], 5);
        assert_eq!(withheld[0], vec![false, true, false]);
        assert_eq!(withheld[1..], [vec![false; 3], vec![false; 3]]);
        // A column withheld whole (a group under the threshold) protects each row it crosses.
        let mut group = vec![vec![false; 3]; 3];
        group.iter_mut().for_each(|row| row[2] = true);
        let withheld = suppressed_table(&cells, group, false, &[true, false, true], 5);
        assert_eq!(
            withheld,
            vec![
                vec![false, true, true],
                vec![false, false, true],
                vec![true, false, true]
            ]
        );
    }
}
