//! Times the word counter alone: one free-text column of a response file, held in memory,
//! counted on one thread with the shipped stop words and the memory of repeated answers, as
//! `report` counts it (no redaction or themes). On a shared machine a whole `report` run varies
//! by a tenth from run to run; when the machine is calm the best round here stays within about
//! 3%, so it shows changes to the counter that a whole run hides.
//!
//! Usage: cargo run --release --example count_field -- FILE.csv COLUMN [ROUNDS]

use canvass::text::{StopWords, TermCounter, Vocabulary};
use std::io::Write;
use std::process::exit;
use std::time::{Duration, Instant};

struct English(StopWords);

impl Vocabulary for English {
    fn is_content(&self, word: &str, _stem: &str) -> bool {
        !self.0.contains(word)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, column) = match args.as_slice() {
        [path, column] | [path, column, _] => (path, column),
        _ => {
            eprintln!("usage: count_field FILE.csv COLUMN [ROUNDS]");
            exit(2);
        }
    };
    let rounds: usize = match args.get(2).map(|r| r.parse()) {
        None => 9,
        Some(Ok(rounds)) if rounds > 0 => rounds,
        Some(_) => {
            eprintln!(
                "count_field: ROUNDS must be a whole number above 0, not {:?}",
                args[2]
            );
            exit(2);
        }
    };
    let answers = read_column(path, column).unwrap_or_else(|message| {
        eprintln!("count_field: {path}: {message}");
        exit(1);
    });
    let words: usize = answers.iter().map(|a| a.split_whitespace().count()).sum();
    let vocabulary = English(StopWords::english());
    let mut times: Vec<Duration> = Vec::with_capacity(rounds);
    let mut counter = TermCounter::default();
    for _ in 0..rounds {
        let start = Instant::now();
        counter = TermCounter::default();
        for answer in &answers {
            // As `report` counts: a repeat of a remembered answer is not read again.
            if let Err(unremembered) = counter.add_repeat(answer) {
                counter.add(answer, &vocabulary);
                counter.remember(unremembered, answer, answer, &[]);
            }
        }
        counter.count_repeats();
        times.push(start.elapsed());
    }
    times.sort();
    let per_word = |time: Duration| time.as_nanos() as f64 / words.max(1) as f64;
    // A closed pipe (`| head -1`) ends the output quietly.
    let _ = writeln!(
        std::io::stdout(),
        "{column}: {} answers, {words} words; best {:.1} ns a word, median {:.1} ({rounds} rounds)\n{counter:?}",
        answers.len(),
        per_word(times[0]),
        per_word(times[rounds / 2]),
    );
}

/// The non-blank answers in `column`, trimmed as canvass reads them.
fn read_column(path: &str, column: &str) -> Result<Vec<String>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| e.to_string())?;
    let headers = reader.headers().map_err(|e| e.to_string())?;
    let Some(index) = headers.iter().position(|h| h.trim() == column) else {
        return Err(format!("no column named {column:?} in the header"));
    };
    let mut answers = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", row + 2))?;
        let answer = record.get(index).unwrap_or_default().trim();
        if !answer.is_empty() {
            answers.push(answer.to_string());
        }
    }
    Ok(answers)
}
