//! A bounded, mergeable sample of answers and the choice of representative quotes from it.

use serde::Serialize;
use std::borrow::Cow;

/// How many answers a field keeps for choosing quotes and theme examples.
pub const SAMPLE_SIZE: usize = 200;

/// A quoted answer, already redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The `respondent_id`, where the file has one; never shown when it holds personal data.
    #[serde(skip_serializing_if = "not_shown")]
    pub respondent: String,
    /// Row in the response file (the header is row 1).
    pub row: u64,
    pub text: String,
}

impl Quote {
    /// The respondent id as it may be shown: none, so that the quote is known by its row, when
    /// the id is empty or is personal data (an export that uses email addresses as ids).
    pub fn shown_respondent(&self) -> &str {
        if not_shown(&self.respondent) {
            ""
        } else {
            &self.respondent
        }
    }
}

fn not_shown(respondent: &str) -> bool {
    respondent.is_empty() || matches!(super::redact(respondent), Cow::Owned(_))
}

/// The answers with the smallest hash keys: the same answers whatever order rows arrive in or
/// however the file is split, so merged samples equal a one-pass sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    size: usize,
    items: Vec<(u64, Quote)>,
}

impl Default for Sample {
    fn default() -> Self {
        Sample::new(SAMPLE_SIZE)
    }
}

/// The sampling key of an answer: a hash of its row number and text, eight bytes at a time
/// (FxHash steps, then MurmurHash3's finaliser), the same across runs, machines and versions.
pub fn key(row: u64, text: &str) -> u64 {
    let step =
        |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    let mut hash = step(0, row);
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        hash = step(
            hash,
            u64::from_le_bytes(chunk.try_into().expect("eight bytes")),
        );
    }
    let mut rest = [0u8; 8];
    rest[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = step(step(hash, u64::from_le_bytes(rest)), text.len() as u64);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

impl Sample {
    /// A sample keeping at most `size` answers.
    pub fn new(size: usize) -> Self {
        Sample {
            size,
            items: Vec::new(),
        }
    }

    /// Offers an answer by its `key`; `quote` is only built when the answer is kept.
    pub fn offer(&mut self, k: u64, quote: impl FnOnce() -> Quote) {
        if self.items.len() >= self.size && self.items.last().is_some_and(|(last, _)| k >= *last) {
            return;
        }
        let at = self.items.partition_point(|(other, _)| *other < k);
        self.items.insert(at, (k, quote()));
        self.items.truncate(self.size);
    }

    pub fn add(&mut self, quote: Quote) {
        self.offer(key(quote.row, &quote.text), || quote);
    }

    pub fn merge(&mut self, other: &Sample) {
        for (_, quote) in &other.items {
            self.add(quote.clone());
        }
    }

    /// The kept answers, in row order.
    pub fn answers(&self) -> Vec<&Quote> {
        let mut answers: Vec<&Quote> = self.items.iter().map(|(_, q)| q).collect();
        answers.sort_by_key(|q| q.row);
        answers
    }
}

/// How much an answer's length suits a quote: a sentence or two reads best.
pub fn length_weight(words: usize) -> f64 {
    match words {
        8..=40 => 1.0,
        4..=7 | 41..=80 => 0.6,
        _ => 0.3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(row: u64) -> Quote {
        Quote {
            respondent: String::new(),
            row,
            text: format!("answer {row}"),
        }
    }

    #[test]
    fn the_sample_is_bounded_and_independent_of_how_rows_are_split() {
        let mut whole = Sample::default();
        let (mut left, mut right) = (Sample::default(), Sample::default());
        for row in 0..1000 {
            whole.add(quote(row));
            if row % 3 == 0 {
                left.add(quote(row))
            } else {
                right.add(quote(row))
            }
        }
        right.merge(&left);
        assert_eq!(whole.answers().len(), SAMPLE_SIZE);
        assert_eq!(whole.answers(), right.answers());
    }
}
