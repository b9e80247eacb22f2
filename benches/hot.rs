//! Benchmarks of the hot functions (divan): reading CSV records, matching answers to options,
//! splitting multi-choice cells, finding words, counting terms, grouping "Other" answers and
//! looking for a respondent's own name. Run with `cargo bench --bench hot`.

use canvass::analysis::GroupedAnswers;
use canvass::ingest::{Matcher, Record, RecordReader};
use canvass::survey::Choice;
use canvass::text::{OwnName, TermCounter, Vocabulary, scan, tokenize};
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

fn choices(labels: &[&str]) -> Vec<Choice> {
    labels
        .iter()
        .map(|l| Choice {
            label: l.to_string(),
            code: None,
            net: None,
            non_opinion: false,
            exclusive: false,
        })
        .collect()
}

const Q8: [&str; 8] = [
    "Adult Social Care",
    "Children Centre",
    "Children's Services",
    "Health professionals",
    "MARAC",
    "Police",
    "Self-referral",
    "Victim Support - Community Service/Victim Care Unit",
];

const ANSWER: &str = "Lack of funding to specialist services such as All Women's Centre and Stepping Stones, \
    and professionals' lack of understanding the complexities of exploitation, drug use & street sex working.";

/// The shipped 36-row example export, its rows repeated to 1,008.
fn example_export() -> Vec<u8> {
    let example = include_str!("../examples/luton-service-providers-2014.csv");
    let (header, rows) = example.split_once('\n').expect("a header row");
    let mut export = format!("{header}\n");
    for _ in 0..28 {
        export.push_str(rows);
    }
    export.into_bytes()
}

#[divan::bench]
fn read_records_of_export(bencher: Bencher) {
    let export = example_export();
    let bytes = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut record = Record::default();
    bencher.bench_local(|| {
        let mut reader = RecordReader::new(black_box(&export[..]), bytes.clone());
        let mut cells = 0;
        while let Ok(true) = reader.read(&mut record) {
            cells += record.len();
        }
        cells
    });
}

/// The same with the csv crate, for comparison (`examples/parse_floor.rs` reads so).
#[divan::bench]
fn read_records_of_export_with_csv_crate(bencher: Bencher) {
    let export = example_export();
    let mut record = csv::StringRecord::new();
    bencher.bench_local(|| {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(black_box(&export[..]));
        let mut cells = 0;
        while let Ok(true) = reader.read_record(&mut record) {
            cells += record.len();
        }
        cells
    });
}

#[divan::bench]
fn match_single_label(bencher: Bencher) {
    let matcher = Matcher::new(&choices(&Q8));
    bencher.bench(|| matcher.find(black_box("Health professionals")));
}

#[divan::bench]
fn split_multi_cell(bencher: Bencher) {
    let matcher = Matcher::new(&choices(&Q8));
    let (mut ticks, mut unmatched) = (Vec::new(), Vec::new());
    bencher.bench_local(|| {
        matcher.split_multi(
            black_box("Children Centre;Health professionals;MARAC;Police;Self-referral"),
            &mut ticks,
            &mut unmatched,
        );
        ticks.len()
    });
}

#[divan::bench]
fn tokenize_answer(bencher: Bencher) {
    let mut tokens = Vec::new();
    bencher.bench_local(|| {
        tokenize(black_box(ANSWER), &mut tokens);
        tokens.len()
    });
}

#[divan::bench]
fn scan_answer(bencher: Bencher) {
    let mut spans = Vec::new();
    bencher.bench_local(|| {
        scan(black_box(ANSWER), &mut spans);
        spans.len()
    });
}

struct Everything;

impl Vocabulary for Everything {
    fn is_content(&self, word: &str, _: &str) -> bool {
        word.len() > 3
    }
}

#[divan::bench]
fn count_terms_of_answer(bencher: Bencher) {
    let mut counter = TermCounter::default();
    bencher.bench_local(|| counter.add(black_box(ANSWER), &Everything));
}

/// "Other, please specify" answers as a large export gives them: a few common ones, often
/// written alike, and typos.
const OTHER_ANSWERS: [&str; 6] = [
    "Manage the service",
    "Indirectly, as manager of a team who occasionally work with families where domestic abuse is present",
    "manage the service.",
    "Health visiting",
    "Safeguarding lead for the organisation",
    "Maoage the service",
];

#[divan::bench]
fn group_other_answer(bencher: Bencher) {
    let mut grouped = GroupedAnswers::default();
    let mut row = 0;
    bencher.bench_local(|| {
        row += 1;
        grouped.add(
            row,
            black_box(OTHER_ANSWERS[row as usize % OTHER_ANSWERS.len()]),
        );
    });
}

/// Reading a row's name, then looking for it in an answer that does not have it (nearly all).
#[divan::bench]
fn own_name_in_answer(bencher: Bencher) {
    let mut name = OwnName::default();
    bencher.bench_local(|| {
        name.clear();
        name.add(black_box("Kit Somers"));
        name.remove_from(black_box(ANSWER)).len()
    });
}
