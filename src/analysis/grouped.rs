//! "Other, please specify" answers grouped by what they say, with counts, in bounded memory.

use crate::text::redact;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Different answers kept per field before those given rarely are forgotten (lossy counting, as
/// for words: see `crate::text::TermCounter`).
pub const GROUP_LIMIT: usize = 5_000;
/// Answers per bucket of lossy counting: an answer given less than once in this many answers
/// since it was first given may be forgotten once there are more than `GROUP_LIMIT`.
const BUCKET: u64 = crate::text::PRUNE_EVERY;
/// Written forms kept per group, for showing the one written most often.
const FORMS: usize = 4;

/// Answers that differ only in case, spacing or end punctuation, as one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Folded: what answers are grouped by.
    key: String,
    /// Answers counted since the group was (last) kept.
    pub count: u64,
    /// Lossy counting: how many answers of the group may have been forgotten before it was kept.
    pub delta: u64,
    /// The row of its first answer counted.
    pub first_row: u64,
    /// Written forms (redacted, trimmed), with counts and first rows, at most `FORMS`.
    forms: Vec<(String, u64, u64)>,
}

impl Group {
    /// The form written most often (the first written among equals).
    pub fn text(&self) -> &str {
        self.forms
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
            .map_or("", |form| form.0.as_str())
    }

    fn count_form(&mut self, written: &str, times: u64, row: u64) {
        match self.forms.iter().position(|form| form.0 == written) {
            Some(at) => {
                let form = &mut self.forms[at];
                form.1 += times;
                form.2 = form.2.min(row);
            }
            None if self.forms.len() < FORMS => self.forms.push((written.to_string(), times, row)),
            None => {}
        }
    }
}

/// The answers to one "Other, please specify" box: how many, and grouped by what they say.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "Stored", into = "Stored")]
pub struct GroupedAnswers {
    pub answered: u64,
    /// Answers of groups forgotten since: counted in `answered`, in no group.
    pub forgotten: u64,
    groups: Vec<Group>,
    by_key: HashMap<String, usize>,
    /// The answer being grouped, folded; reused.
    scratch: String,
}

/// How grouped answers are written to a partial tally: groups in order of first row, so the
/// same shard always gives the same bytes.
#[derive(Serialize, Deserialize)]
struct Stored {
    answered: u64,
    forgotten: u64,
    groups: Vec<Group>,
}

impl From<Stored> for GroupedAnswers {
    fn from(stored: Stored) -> Self {
        let mut grouped = GroupedAnswers {
            answered: stored.answered,
            forgotten: stored.forgotten,
            groups: stored.groups,
            ..GroupedAnswers::default()
        };
        grouped.index();
        grouped
    }
}

impl From<GroupedAnswers> for Stored {
    fn from(mut grouped: GroupedAnswers) -> Self {
        grouped.groups.sort_by_key(|g| g.first_row);
        Stored {
            answered: grouped.answered,
            forgotten: grouped.forgotten,
            groups: grouped.groups,
        }
    }
}

/// Equal when they count the same answers, whatever order their groups were made in.
impl PartialEq for GroupedAnswers {
    fn eq(&self, other: &Self) -> bool {
        fn in_order(grouped: &GroupedAnswers) -> Vec<&Group> {
            let mut groups: Vec<&Group> = grouped.groups.iter().collect();
            groups.sort_by_key(|g| g.first_row);
            groups
        }
        (self.answered, self.forgotten) == (other.answered, other.forgotten)
            && in_order(self) == in_order(other)
    }
}

impl GroupedAnswers {
    /// Counts the answer of row `row`; a blank one is not an answer.
    #[inline]
    pub fn add(&mut self, row: u64, text: &str) {
        // Called for every row, and most have no answer here: only answers pay for a call.
        if !text.is_empty() {
            self.add_answer(row, text);
        }
    }

    fn add_answer(&mut self, row: u64, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if self.answered.is_multiple_of(BUCKET) && self.groups.len() > GROUP_LIMIT {
            self.forget(self.answered / BUCKET);
        }
        self.answered += 1;
        // Grouped as shown: two answers that differ only in a phone number are one answer.
        let written = redact(text);
        let written = written.trim();
        fold_into(written, &mut self.scratch);
        let index = match self.by_key.get(self.scratch.as_str()) {
            Some(&index) => index,
            None => {
                let bucket = self.answered.div_ceil(BUCKET);
                self.new_group(self.scratch.clone(), bucket - 1, row)
            }
        };
        let group = &mut self.groups[index];
        group.count += 1;
        group.count_form(written, 1, row);
    }

    fn new_group(&mut self, key: String, delta: u64, first_row: u64) -> usize {
        let index = self.groups.len();
        self.by_key.insert(key.clone(), index);
        self.groups.push(Group {
            key,
            count: 0,
            delta,
            first_row,
            forms: Vec::new(),
        });
        index
    }

    /// Lossy counting's pruning: forgets the groups given less than once per bucket since kept.
    fn forget(&mut self, bucket: u64) {
        let before: u64 = self.groups.iter().map(|g| g.count).sum();
        self.groups.retain(|g| g.count + g.delta > bucket);
        let after: u64 = self.groups.iter().map(|g| g.count).sum();
        self.forgotten += before - after;
        self.index();
    }

    fn index(&mut self) {
        self.by_key = self
            .groups
            .iter()
            .enumerate()
            .map(|(index, g)| (g.key.clone(), index))
            .collect();
    }

    /// Adds another tally's answers (of other respondents). A group one side forgot may have had
    /// answers there, as many as that side's buckets: its `delta` grows by that much. Past
    /// `GROUP_LIMIT` groups, those given rarely are forgotten again, so merging many shards
    /// stays bounded too.
    pub fn merge(&mut self, other: &GroupedAnswers) {
        let (ours_bound, theirs_bound) = (self.forgotten_bound(), other.forgotten_bound());
        let mut in_both = vec![false; self.groups.len()];
        self.answered += other.answered;
        self.forgotten += other.forgotten;
        for theirs in &other.groups {
            let index = match self.by_key.get(&theirs.key) {
                Some(&index) => index,
                None => self.new_group(theirs.key.clone(), ours_bound, theirs.first_row),
            };
            if let Some(both) = in_both.get_mut(index) {
                *both = true;
            }
            let ours = &mut self.groups[index];
            ours.count += theirs.count;
            ours.delta += theirs.delta;
            ours.first_row = ours.first_row.min(theirs.first_row);
            for (written, n, row) in &theirs.forms {
                ours.count_form(written, *n, *row);
            }
            ours.forms.sort_by_key(|form| form.2);
        }
        for (group, _) in self
            .groups
            .iter_mut()
            .zip(&in_both)
            .filter(|(_, both)| !**both)
        {
            group.delta += theirs_bound;
        }
        if self.groups.len() > GROUP_LIMIT {
            self.forget(self.answered / BUCKET);
        }
    }

    /// The most answers of one group this tally may have forgotten: a group is forgotten with
    /// fewer answers than the buckets counted so far.
    fn forgotten_bound(&self) -> u64 {
        if self.forgotten == 0 {
            0
        } else {
            self.answered / BUCKET
        }
    }

    /// The groups lossy counting can count, those given most often first, and how many answers
    /// are in none of them. Once answers were forgotten, a group counted at most once per bucket
    /// may have been forgotten and kept again, so only those counted more often are countable (a
    /// count is never more than the answers given, so each was given that often); before, all.
    pub fn countable(&self) -> (Vec<&Group>, u64) {
        let rare_at_most = if self.forgotten > 0 {
            self.answered / BUCKET
        } else {
            0
        };
        let (frequent, rare): (Vec<&Group>, Vec<&Group>) = self
            .most_given()
            .into_iter()
            .partition(|g| g.count > rare_at_most);
        let rare_answers = self.forgotten + rare.iter().map(|g| g.count).sum::<u64>();
        (frequent, rare_answers)
    }

    /// The groups, those given most often first (the first given first among equals).
    pub fn most_given(&self) -> Vec<&Group> {
        let mut groups: Vec<&Group> = self.groups.iter().collect();
        groups.sort_by(|a, b| b.count.cmp(&a.count).then(a.first_row.cmp(&b.first_row)));
        groups
    }
}

/// The key answers are grouped by: lower case, spaces run together, plain apostrophes, and no
/// punctuation or spaces at the end. `written` is trimmed.
fn fold_into(written: &str, out: &mut String) {
    out.clear();
    let bytes = written.as_bytes();
    // Most answers: ASCII with single spaces, lower-cased as a whole (vector instructions).
    // Both checks run to the end rather than stop early, which keeps them vector code too.
    let plain = written.is_ascii()
        && !bytes.iter().fold(false, |control, &b| control | (b < b' '))
        && DOUBLE_SPACE.find(bytes).is_none();
    if plain {
        out.push_str(written);
        out.make_ascii_lowercase();
    } else {
        // Whether a space is owed before the next character (none at the start).
        let mut space = false;
        for c in written.chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if std::mem::take(&mut space) && !out.is_empty() {
                out.push(' ');
            }
            match c {
                '\u{2019}' | '\u{2018}' => out.push('\''),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    let kept = out
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ' '])
        .len();
    out.truncate(kept);
}

static DOUBLE_SPACE: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

#[cfg(test)]
mod tests {
    use super::*;

    fn grouped(answers: &[&str]) -> GroupedAnswers {
        let mut grouped = GroupedAnswers::default();
        for (row, answer) in answers.iter().enumerate() {
            grouped.add(row as u64 + 2, answer);
        }
        grouped
    }

    fn listed(grouped: &GroupedAnswers) -> Vec<(&str, u64, u64)> {
        grouped
            .most_given()
            .into_iter()
            .map(|g| (g.text(), g.count, g.first_row))
            .collect()
    }

    #[test]
    fn answers_differing_in_case_spacing_and_end_punctuation_are_one_group() {
        let g = grouped(&[
            "manage the service",
            "Health visiting",
            "Manage  the service.",
            " Manage the service ",
            "Manage the service",
            "",
            "Health visiting!",
            "Children’s centre",
            "children's centre",
        ]);
        assert_eq!(g.answered, 8);
        assert_eq!(
            listed(&g),
            vec![
                // Shown as written most often; "manage the service" came first but once.
                ("Manage the service", 4, 2),
                ("Health visiting", 2, 3),
                ("Children’s centre", 2, 9),
            ]
        );
        assert!(g.most_given().iter().all(|g| g.delta == 0));
    }

    proptest::proptest! {
        #[test]
        fn every_answer_is_counted_once_whatever_it_says(
            answers in proptest::collection::vec("[aA \t.!\u{2019}\u{130}\u{e9}0-9@]{0,12}", 0..60)
        ) {
            let g = grouped(&answers.iter().map(String::as_str).collect::<Vec<_>>());
            let answered = answers.iter().filter(|a| !a.trim().is_empty()).count() as u64;
            let counted: u64 = g.groups.iter().map(|g| g.count).sum();
            proptest::prop_assert_eq!((g.answered, counted + g.forgotten), (answered, answered));
            // Folding a group's text gives its key back.
            let mut key = String::new();
            for group in &g.groups {
                fold_into(group.text(), &mut key);
                proptest::prop_assert_eq!(&key, &group.key);
            }
        }
    }

    #[test]
    fn folding_runs_spaces_together_whatever_the_characters() {
        let mut key = String::new();
        for (written, folded) in [
            ("Manage the Service.", "manage the service"),
            ("Manage\tthe  service", "manage the service"),
            ("Manage\r\nthe service!?", "manage the service"),
            ("CHILDREN\u{2019}S  Centre", "children's centre"),
            ("Caf\u{c9} \u{a0}club", "caf\u{e9} club"),
            ("...", ""),
        ] {
            fold_into(written, &mut key);
            assert_eq!(key, folded, "{written:?}");
        }
    }

    #[test]
    fn answers_are_grouped_as_redacted() {
        let g = grouped(&["Call me on 07700 900123", "call me on 07700 900999."]);
        assert_eq!(
            listed(&g),
            vec![("Call me on [phone number removed]", 2, 2)]
        );
    }

    #[test]
    fn rare_answers_are_forgotten_past_the_limit_and_every_answer_stays_counted() {
        let mut g = GroupedAnswers::default();
        let mut row = 0;
        // Every other answer is "Police"; the rest are all different.
        for i in 0..(GROUP_LIMIT as u64 + 2_000) {
            row += 1;
            g.add(row, "Police");
            row += 1;
            g.add(row, &format!("answer {i}"));
        }
        assert_eq!(g.answered, 2 * (GROUP_LIMIT as u64 + 2_000));
        let kept: u64 = g.groups.iter().map(|g| g.count).sum();
        assert_eq!(kept + g.forgotten, g.answered);
        assert!(g.forgotten > 0);
        assert!(g.groups.len() <= GROUP_LIMIT + BUCKET as usize);
        let police = g.most_given()[0];
        assert_eq!(
            (police.text(), police.count, police.delta),
            ("Police", GROUP_LIMIT as u64 + 2_000, 0)
        );
    }

    #[test]
    fn merging_many_shards_stays_bounded_and_bounds_what_was_forgotten() {
        let shard = |n: u64| {
            let mut g = GroupedAnswers::default();
            for i in 0..(GROUP_LIMIT as u64 + 2_000) {
                g.add(i + 1, if i % 2 == 0 { "Police" } else { "" });
                g.add(i + 1, &format!("shard {n} answer {i}"));
            }
            g
        };
        let mut merged = shard(0);
        let first = merged.clone();
        for n in 1..4 {
            merged.merge(&shard(n));
        }
        assert!(merged.groups.len() <= GROUP_LIMIT + BUCKET as usize);
        let kept: u64 = merged.groups.iter().map(|g| g.count).sum();
        assert_eq!(kept + merged.forgotten, merged.answered);
        let police = merged.most_given()[0];
        assert_eq!((police.text(), police.count), ("Police", 4 * 3_500));
        // A group only the first shard kept may have had answers the other forgot: its last
        // answer, the 10,500th, came in the 11th bucket, and the other shard counted 10.
        let mut one_side = first;
        one_side.merge(&shard(1));
        let kept_by_first = &one_side.groups[one_side.by_key["shard 0 answer 6999"]];
        assert_eq!((shard(1).answered, kept_by_first.delta), (10_500, 10 + 10));
    }

    #[test]
    fn merging_equals_one_pass_and_partial_tallies_are_written_alike() {
        let answers = [
            "Police", "Housing", "police.", "School", "Housing", "POLICE",
        ];
        let one = grouped(&answers);
        let mut left = grouped(&answers[..3]);
        let mut right = GroupedAnswers::default();
        for (row, answer) in answers.iter().enumerate().skip(3) {
            right.add(row as u64 + 2, answer);
        }
        left.merge(&right);
        assert_eq!(listed(&left), listed(&one));
        assert_eq!(left, one);
        assert_eq!(
            serde_json::to_string(&left).unwrap(),
            serde_json::to_string(&one).unwrap()
        );
        let read: GroupedAnswers =
            serde_json::from_str(&serde_json::to_string(&one).unwrap()).unwrap();
        assert_eq!(listed(&read), listed(&one));
    }
}
