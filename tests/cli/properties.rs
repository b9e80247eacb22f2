//! Property test: for random response files, accounting and counts add up.

use canvass::analysis::{Main, Results, tally_file};
use canvass::survey;
use proptest::prelude::*;
use std::path::Path;

const Q2: [&str; 7] = ["Yes", "no", " OTHER ", "1", "2", "Maybe", ""];
const Q3: [&str; 6] = [
    "Books",
    "Yes, from the van",
    "Computers; printing",
    "None",
    "Dvds",
    "",
];
const Q4: [&str; 6] = ["Agree", "neither", "Disagree", "Don't know", "Meh", ""];

#[derive(Debug, Clone)]
struct Row {
    blank: bool,
    ragged: bool,
    q2: usize,
    q3: Vec<usize>,
    q4: [usize; 2],
}

fn row() -> impl Strategy<Value = Row> {
    (
        prop::bool::weighted(0.05),
        prop::bool::weighted(0.05),
        0..Q2.len(),
        prop::collection::vec(0..Q3.len(), 0..4),
        [0..Q4.len(), 0..Q4.len()],
    )
        .prop_map(|(blank, ragged, q2, q3, q4)| Row {
            blank,
            ragged,
            q2,
            q3,
            q4,
        })
}

fn cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The rows as a response file of the small survey, cells separated by `separator`.
fn csv_of(rows: &[Row], separator: char) -> String {
    let mut csv = crate::workdir::SMALL_HEADER.replace(',', &separator.to_string());
    for (i, r) in rows.iter().enumerate() {
        if r.blank {
            csv.push_str(&separator.to_string().repeat(9));
            csv.push('\n');
            continue;
        }
        let q3: Vec<&str> = r.q3.iter().map(|&k| Q3[k]).collect();
        let cells = [
            (i + 1).to_string(),
            String::new(),
            String::new(),
            cell(Q2[r.q2]),
            String::new(),
            cell(&q3.join(";")),
            cell(Q4[r.q4[0]]),
            cell(Q4[r.q4[1]]),
            "1".into(),
            "note".into(),
        ];
        let n = if r.ragged { 7 } else { cells.len() };
        csv.push_str(&cells[..n].join(&separator.to_string()));
        csv.push('\n');
    }
    csv
}

fn small_survey() -> survey::Survey {
    survey::parse(crate::workdir::SMALL_SURVEY, Path::new("small.toml")).unwrap()
}

/// The tally of `bytes` as a response file, as its JSON results.
fn tallied(survey: &survey::Survey, dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let (tally, report) = tally_file(survey, &path).unwrap();
    serde_json::to_string(&Results::new(survey, &tally, &report)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn counts_bases_and_accounting_add_up(rows in prop::collection::vec(row(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let survey = small_survey();
        let csv = csv_of(&rows, ',');
        let path = dir.path().join("r.csv");
        std::fs::write(&path, csv).unwrap();
        let (tally, report) = tally_file(&survey, &path).unwrap();
        let a = &report.accounting;

        let kept: Vec<&Row> = rows.iter().filter(|r| !r.blank && !r.ragged).collect();
        prop_assert_eq!(a.read, rows.len() as u64);
        prop_assert_eq!(a.read, a.included + a.excluded);
        prop_assert_eq!(a.excluded, a.exclusions.values().sum::<u64>());
        // Every kept row answers q5 and q6, so none is excluded for having no answers.
        prop_assert_eq!(a.included, kept.len() as u64);

        // q2: valid answers are counted once, "Maybe" is invalid, blank is unanswered.
        let q2_index = |k: usize| match k { 0 | 3 => Some(0), 1 | 4 => Some(1), 2 => Some(2), _ => None };
        let Main::Choice(q2) = &tally.questions[1].main else { panic!("q2 is a choice") };
        for option in 0..3 {
            let expected = kept.iter().filter(|r| q2_index(r.q2) == Some(option)).count() as u64;
            prop_assert_eq!(q2.counts[option], expected);
        }
        prop_assert_eq!(q2.answered, q2.counts.iter().sum::<u64>());

        // q3 is only asked of those answering Yes; its base is those who ticked a valid option.
        let Main::Choice(q3) = &tally.questions[2].main else { panic!("q3 is a choice") };
        let asked: Vec<&&Row> = kept.iter().filter(|r| q2_index(r.q2) == Some(0)).collect();
        prop_assert_eq!(tally.questions[2].asked, asked.len() as u64);
        for option in 0..4 {
            let expected = asked.iter().filter(|r| r.q3.contains(&option)).count() as u64;
            prop_assert_eq!(q3.counts[option], expected);
        }
        let ticked = asked.iter().filter(|r| r.q3.iter().any(|&k| k < 4)).count() as u64;
        prop_assert_eq!(q3.answered, ticked);

        // Invalid answers are exactly the unknown labels given where the question was asked,
        // plus q3 answers from respondents who were not routed there.
        let unknown_q2 = kept.iter().filter(|r| r.q2 == 5).count();
        let unknown_q3: usize = asked.iter().map(|r| r.q3.iter().filter(|&&k| k == 4).count()).sum();
        let unknown_q4: usize = kept.iter().map(|r| r.q4.iter().filter(|&&k| k == 4).count()).sum();
        let q3_cell = |r: &Row| r.q3.iter().map(|&k| Q3[k]).collect::<Vec<_>>().join(";");
        let not_routed = kept
            .iter()
            .filter(|r| q2_index(r.q2) != Some(0) && !q3_cell(r).trim().is_empty())
            .count();
        prop_assert_eq!(report.problems.invalid as usize, unknown_q2 + unknown_q3 + unknown_q4 + not_routed);

        // Grid rows: the base leaves out "Don't know"; nets never exceed the base.
        let Main::Grid { rows: grid, .. } = &tally.questions[3].main else { panic!("q4 is a grid") };
        for (g, counts) in grid.iter().enumerate() {
            for point in 0..4 {
                let expected = kept.iter().filter(|r| r.q4[g] == point).count() as u64;
                prop_assert_eq!(counts.counts[point], expected);
            }
        }
    }

    /// However an export separates its cells, and in UTF-8 or UTF-16, it tallies the same.
    #[test]
    fn semicolons_tabs_and_utf16_tally_as_commas_do(
        rows in prop::collection::vec(row(), 1..30),
        separator in prop::sample::select(vec![';', '\t']),
        big_endian in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let survey = small_survey();
        let comma = tallied(&survey, dir.path(), "comma.csv", csv_of(&rows, ',').as_bytes());
        let separated = csv_of(&rows, separator);
        let units = "\u{feff}".encode_utf16().chain(separated.encode_utf16());
        let utf16: Vec<u8> = if big_endian {
            units.flat_map(u16::to_be_bytes).collect()
        } else {
            units.flat_map(u16::to_le_bytes).collect()
        };
        prop_assert_eq!(&tallied(&survey, dir.path(), "separated.csv", separated.as_bytes()), &comma);
        prop_assert_eq!(&tallied(&survey, dir.path(), "utf16.csv", &utf16), &comma);
    }
}
