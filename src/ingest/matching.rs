//! Matching cell text to options: case and spacing ignored, codes accepted, multi-choice cells
//! split by the option list itself so labels containing `;` or `,` stay whole.

use crate::survey::Choice;
use rustc_hash::FxHashMap as HashMap;

/// The form a label is compared in: trimmed, lower-cased, inner white space collapsed, and
/// typographic quotes and dashes made plain (exports from word processors carry them).
pub fn normalize_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => out.push('\''),
                '\u{201C}' | '\u{201D}' => out.push('"'),
                '\u{2013}' | '\u{2014}' | '\u{2212}' => out.push('-'),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// Looks up the options of one question.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Labels and codes exactly as written: most cells are, and this skips normalising them.
    exact: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
    labels: Vec<String>,
    /// The most separators of one kind inside any label: how many pieces a join may span.
    max_semicolons: usize,
    max_commas: usize,
}

impl Matcher {
    pub fn new(choices: &[Choice]) -> Self {
        let (mut exact, mut by_key) = (HashMap::default(), HashMap::default());
        for (i, choice) in choices.iter().enumerate() {
            exact.insert(choice.label.clone(), i);
            by_key.insert(normalize_label(&choice.label), i);
        }
        // Codes second, so a label always wins over another option's code.
        for (i, choice) in choices.iter().enumerate() {
            if let Some(code) = &choice.code {
                exact.entry(code.clone()).or_insert(i);
                by_key.entry(normalize_label(code)).or_insert(i);
            }
        }
        let most = |sep: char| {
            choices
                .iter()
                .map(|c| c.label.matches(sep).count())
                .max()
                .unwrap_or(0)
        };
        Matcher {
            exact,
            by_key,
            labels: choices.iter().map(|c| c.label.clone()).collect(),
            max_semicolons: most(';'),
            max_commas: most(','),
        }
    }

    /// The option a whole cell names.
    pub fn find(&self, cell: &str) -> Option<usize> {
        let trimmed = cell.trim();
        match self.exact.get(trimmed) {
            Some(&i) => Some(i),
            None => self.by_key.get(&normalize_label(trimmed)).copied(),
        }
    }

    /// Splits a multi-choice cell into options. Pieces between `;` are joined greedily, longest
    /// first, while they still name an option. A cell with no `;` that does not name one option is
    /// also tried split on commas, as some platforms join ticks with ", ".
    pub fn split_multi<'c>(
        &self,
        cell: &'c str,
        ticks: &mut Vec<usize>,
        unmatched: &mut Vec<&'c str>,
    ) {
        ticks.clear();
        unmatched.clear();
        // Cells are short: a plain loop finds a byte sooner than `memchr` is set up.
        let holds = |sep: u8| cell.bytes().any(|b| b == sep);
        let semicolons = holds(b';');
        // A whole cell is only worth matching when it could be one label: no `;`, or some label has one.
        if (self.max_semicolons > 0 || !semicolons)
            && let Some(i) = self.find(cell)
        {
            ticks.push(i);
            return;
        }
        self.split_on(cell, b';', ticks, unmatched);
        if semicolons || !holds(b',') || unmatched.is_empty() {
            return;
        }
        let (mut comma_ticks, mut comma_unmatched) = (Vec::new(), Vec::new());
        self.split_on(cell, b',', &mut comma_ticks, &mut comma_unmatched);
        if comma_ticks.len() > ticks.len() && comma_unmatched.len() <= unmatched.len() {
            *ticks = comma_ticks;
            *unmatched = comma_unmatched;
        }
    }

    fn split_on<'c>(
        &self,
        cell: &'c str,
        sep: u8,
        ticks: &mut Vec<usize>,
        unmatched: &mut Vec<&'c str>,
    ) {
        // No label holds the separator: every piece stands alone, and nothing need be collected.
        let span = if sep == b';' {
            self.max_semicolons
        } else {
            self.max_commas
        };
        if span == 0 {
            let mut start = 0;
            for piece in cell.as_bytes().split(|&b| b == sep) {
                // The separator is ASCII, so every piece ends on a character boundary.
                let piece = &cell[start..start + piece.len()];
                start += piece.len() + 1;
                match self.find(piece) {
                    Some(option) if !ticks.contains(&option) => ticks.push(option),
                    Some(_) => {}
                    None if !piece.trim().is_empty() => unmatched.push(piece.trim()),
                    None => {}
                }
            }
            return;
        }
        // Piece boundaries: the start of the cell and just after each separator.
        let starts: Vec<usize> = std::iter::once(0)
            .chain(cell.match_indices(sep as char).map(|(i, _)| i + 1))
            .collect();
        let end_of =
            |piece: usize| -> usize { starts.get(piece + 1).map_or(cell.len(), |next| next - 1) };
        // A join can only match if it spans no more separators than some label holds.
        let span = 1 + if sep == b';' {
            self.max_semicolons
        } else {
            self.max_commas
        };
        let mut piece = 0;
        while piece < starts.len() {
            let begin = starts[piece];
            let found = (piece..(piece + span).min(starts.len()))
                .rev()
                .find_map(|last| self.find(&cell[begin..end_of(last)]).map(|i| (last, i)));
            match found {
                Some((last, option)) => {
                    if !ticks.contains(&option) {
                        ticks.push(option);
                    }
                    piece = last + 1;
                }
                None => {
                    let text = cell[begin..end_of(piece)].trim();
                    if !text.is_empty() {
                        unmatched.push(text);
                    }
                    piece += 1;
                }
            }
        }
    }

    /// The option most like `value`, if one is close enough to be worth suggesting.
    pub fn nearest(&self, value: &str) -> Option<&str> {
        let value = normalize_label(value);
        self.labels
            .iter()
            .map(|label| {
                let key = normalize_label(label);
                let score = if key.contains(&value) && value.len() >= 4 {
                    0.9
                } else {
                    strsim::normalized_damerau_levenshtein(&key, &value)
                };
                (score, label)
            })
            .filter(|(score, _)| *score >= 0.6)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, label)| label.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(labels: &[&str]) -> Vec<Choice> {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| Choice {
                label: l.to_string(),
                code: Some((i + 1).to_string()),
                net: None,
                non_opinion: false,
                exclusive: false,
            })
            .collect()
    }

    fn split(m: &Matcher, cell: &str) -> (Vec<usize>, Vec<String>) {
        let (mut ticks, mut unmatched) = (Vec::new(), Vec::new());
        m.split_multi(cell, &mut ticks, &mut unmatched);
        (ticks, unmatched.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn labels_match_ignoring_case_spacing_and_curly_quotes() {
        let m = Matcher::new(&choices(&["Don't know", "Very good"]));
        assert_eq!(m.find("  DON’T   KNOW "), Some(0));
        assert_eq!(m.find("very good"), Some(1));
        assert_eq!(m.find("2"), Some(1));
        assert_eq!(m.find("good"), None);
    }

    #[test]
    fn multi_cells_keep_labels_with_commas_and_semicolons_whole() {
        let m = Matcher::new(&choices(&[
            "Yes, from Luton Borough Council",
            "Yes, from LLAL",
            "No",
            "A; B",
        ]));
        assert_eq!(
            split(&m, "Yes, from Luton Borough Council;Yes, from LLAL"),
            (vec![0, 1], vec![])
        );
        assert_eq!(split(&m, "A; B;No"), (vec![3, 2], vec![]));
        assert_eq!(split(&m, " no ; yes, from llal "), (vec![2, 1], vec![]));
        assert_eq!(split(&m, "No;Maybe"), (vec![2], vec!["Maybe".to_string()]));
        assert_eq!(split(&m, "No;No"), (vec![2], vec![]));
    }

    #[test]
    fn cells_are_cut_at_every_separator_whatever_the_letters_beside_it() {
        let m = Matcher::new(&choices(&["Café", "Niño’s group", "Men"]));
        assert_eq!(
            split(&m, "Café;Niño's group ; ;Men;"),
            (vec![0, 1, 2], vec![])
        );
        assert_eq!(
            split(&m, "Ménage;café"),
            (vec![0], vec!["Ménage".to_string()])
        );
        assert_eq!(split(&m, "Men, Café"), (vec![2, 0], vec![]));
    }

    #[test]
    fn comma_joined_ticks_are_read_when_every_piece_is_an_option() {
        let m = Matcher::new(&choices(&["Women", "Men", "Children (0-9)"]));
        assert_eq!(split(&m, "Women, Men"), (vec![0, 1], vec![]));
        assert_eq!(
            split(&m, "Women, Dogs"),
            (vec![0], vec!["Dogs".to_string()])
        );
        assert_eq!(
            split(&m, "Wimmen, Mem"),
            (vec![], vec!["Wimmen, Mem".to_string()])
        );
    }

    #[test]
    fn nearest_option_is_suggested_only_when_close() {
        let m = Matcher::new(&choices(&["Work regularly with domestic abuse", "Other"]));
        assert_eq!(
            m.nearest("work regulary with domestic abuse"),
            Some("Work regularly with domestic abuse")
        );
        assert_eq!(m.nearest("Sometimes"), None);
    }
}
