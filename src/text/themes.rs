//! Themes from a codebook: term patterns per free-text field, matched on each answer's words.

use super::tokenize::Token;
use crate::survey::ThemeDef;
use rust_stemmers::{Algorithm, Stemmer};

/// One word of a pattern.
#[derive(Debug, Clone, PartialEq)]
enum PatternWord {
    /// `fund*`: any word starting so.
    Prefix(String),
    /// `refuge`: any word with this stem (refuge, refuges).
    Stem(String),
}

/// A compiled pattern: consecutive words.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    words: Vec<PatternWord>,
}

/// A theme ready for matching.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub patterns: Vec<String>,
    compiled: Vec<Pattern>,
}

impl Theme {
    pub fn new(def: &ThemeDef) -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let compiled = def
            .patterns
            .iter()
            .map(|p| Pattern {
                words: p
                    .split_whitespace()
                    .map(|w| {
                        let folded = w.to_lowercase().replace('\u{2019}', "'");
                        match folded.strip_suffix('*') {
                            Some(prefix) => PatternWord::Prefix(prefix.to_string()),
                            None => PatternWord::Stem(stemmer.stem(&folded).into_owned()),
                        }
                    })
                    .collect(),
            })
            .collect();
        Theme {
            name: def.name.clone(),
            patterns: def.patterns.clone(),
            compiled,
        }
    }

    /// Whether any pattern occurs in the answer; `stems[i]` is the stem of `tokens[i]`.
    pub fn matches(&self, tokens: &[Token], stems: &[String]) -> bool {
        self.compiled.iter().any(|pattern| {
            let n = pattern.words.len();
            (0..tokens.len().saturating_sub(n - 1)).any(|start| {
                pattern.words.iter().enumerate().all(|(k, word)| {
                    let i = start + k;
                    (k == 0 || !tokens[i].break_before)
                        && match word {
                            PatternWord::Prefix(p) => tokens[i].word.starts_with(p.as_str()),
                            PatternWord::Stem(s) => &stems[i] == s,
                        }
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    fn matches(patterns: &[&str], answer: &str) -> bool {
        let theme = Theme::new(&ThemeDef {
            question: "q5".into(),
            name: "T".into(),
            patterns: patterns.iter().map(|p| p.to_string()).collect(),
        });
        let stemmer = Stemmer::create(Algorithm::English);
        let mut tokens = Vec::new();
        tokenize(answer, &mut tokens);
        let stems: Vec<String> = tokens
            .iter()
            .map(|t| stemmer.stem(&t.word).into_owned())
            .collect();
        theme.matches(&tokens, &stems)
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
