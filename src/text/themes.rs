//! Themes from a codebook: term patterns per free-text field, matched on each answer's words.

use crate::survey::ThemeDef;
use rust_stemmers::{Algorithm, Stemmer};

/// One word of a pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternWord {
    /// `fund*`: any word starting so.
    Prefix(String),
    /// `refuge`: any word with this stem (refuge, refuges).
    Stem(String),
}

impl PatternWord {
    /// Whether an answer's word (case-folded), with its stem, fits this pattern word.
    pub fn fits(&self, word: &str, stem: &str) -> bool {
        match self {
            PatternWord::Prefix(p) => word.starts_with(p.as_str()),
            PatternWord::Stem(s) => stem == s,
        }
    }
}

/// A theme ready for matching. Its pattern words are numbered ("slots") from `first_slot`, in
/// order, so the words of a field's vocabulary can record once which pattern words they fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub patterns: Vec<String>,
    compiled: Vec<Vec<PatternWord>>,
    first_slot: usize,
}

impl Theme {
    pub fn new(def: &ThemeDef, first_slot: usize) -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let compiled = def
            .patterns
            .iter()
            .map(|p| {
                p.split_whitespace()
                    .map(|w| {
                        let folded = w.to_lowercase().replace('\u{2019}', "'");
                        match folded.strip_suffix('*') {
                            Some(prefix) => PatternWord::Prefix(prefix.to_string()),
                            None => PatternWord::Stem(stemmer.stem(&folded).into_owned()),
                        }
                    })
                    .collect()
            })
            .collect();
        Theme {
            name: def.name.clone(),
            patterns: def.patterns.clone(),
            compiled,
            first_slot,
        }
    }

    /// The pattern words, in slot order.
    pub fn pattern_words(&self) -> impl Iterator<Item = &PatternWord> {
        self.compiled.iter().flatten()
    }

    /// Whether any pattern occurs in an answer of `len` words: `fitted(slot)` says whether some
    /// word fits the pattern word numbered `slot`, `fits(i, slot)` whether word `i` does, and
    /// `joined(i)` that no punctuation comes between words `i - 1` and `i`.
    pub fn matches(
        &self,
        len: usize,
        fitted: impl Fn(usize) -> bool,
        fits: impl Fn(usize, usize) -> bool,
        joined: impl Fn(usize) -> bool,
    ) -> bool {
        let mut slot = self.first_slot;
        self.compiled.iter().any(|pattern| {
            let first = slot;
            slot += pattern.len();
            // Each of its words must fit some word of the answer; for one word, that is a match.
            if !(first..slot).all(&fitted) {
                return false;
            }
            pattern.len() == 1
                || (0..len.saturating_sub(pattern.len() - 1)).any(|start| {
                    (0..pattern.len())
                        .all(|k| (k == 0 || joined(start + k)) && fits(start + k, first + k))
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    fn matches(patterns: &[&str], answer: &str) -> bool {
        let theme = Theme::new(
            &ThemeDef {
                question: "q5".into(),
                name: "T".into(),
                patterns: patterns.iter().map(|p| p.to_string()).collect(),
            },
            0,
        );
        let words: Vec<&PatternWord> = theme.pattern_words().collect();
        let stemmer = Stemmer::create(Algorithm::English);
        let mut tokens = Vec::new();
        tokenize(answer, &mut tokens);
        let stems: Vec<String> = tokens
            .iter()
            .map(|t| stemmer.stem(&t.word).into_owned())
            .collect();
        let fits = |i: usize, slot: usize| words[slot].fits(&tokens[i].word, &stems[i]);
        theme.matches(
            tokens.len(),
            |slot| (0..tokens.len()).any(|i| fits(i, slot)),
            fits,
            |i| !tokens[i].break_before,
        )
    }

    #[test]
    fn prefixes_stems_and_phrases_match() {
        assert!(matches(&["fund*"], "Lack of Funding for refuges"));
        assert!(matches(&["refuge"], "Lack of Funding for refuges"));
        assert!(matches(
            &["lack of resources"],
            "a real LACK of resources here"
        ));
        assert!(!matches(&["lack of resources"], "lack of, resources"));
        assert!(!matches(&["refuge"], "refugees"));
        assert!(!matches(&["fund*"], "we refund fares"));
    }
}
