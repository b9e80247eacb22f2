//! Stop words: the shipped English list, the survey's own words, and optionally the question's.

use rustc_hash::FxHashSet as HashSet;

const ENGLISH: &str = include_str!("../../data/stopwords-en.txt");

/// Words left out of term lists, compared case-folded.
#[derive(Debug, Clone)]
pub struct StopWords {
    words: HashSet<String>,
}

impl StopWords {
    /// The shipped English list (`data/stopwords-en.txt`).
    pub fn english() -> Self {
        let words = ENGLISH
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        StopWords { words }
    }

    /// Adds a survey's own words (any case).
    pub fn with(mut self, extra: &[String]) -> Self {
        self.words.extend(
            extra
                .iter()
                .map(|w| w.trim().to_lowercase().replace('\u{2019}', "'")),
        );
        self
    }

    pub fn contains(&self, folded: &str) -> bool {
        self.words.contains(folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_and_survey_words_are_folded() {
        let stop = StopWords::english().with(&["Luton".to_string()]);
        assert!(stop.contains("the") && stop.contains("don't") && stop.contains("e.g"));
        assert!(stop.contains("luton"));
        assert!(!stop.contains("refuge"));
        assert!(!stop.contains("#"));
    }
}
