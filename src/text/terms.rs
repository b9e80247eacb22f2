//! Term counting for one free-text field: words grouped by stem and shown by their most frequent
//! written form, and two- and three-word phrases kept when the words are associated.

use super::tokenize::{Casing, Token};
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;

/// Phrases need at least this many mentions, from at least this many respondents.
pub const MIN_PHRASE_MENTIONS: u64 = 2;
/// Log-likelihood (G²) a phrase's first and last words must reach: p < 0.01 for one degree of
/// freedom, so the few answers of a local survey can still show their phrases.
const MIN_ASSOCIATION: f64 = 6.63;
/// How many distinct spellings are remembered per written form.
const SPELLINGS: usize = 4;
/// Lossy counting (Manku and Motwani): once the words or phrases kept pass these limits, those
/// used less than once per `PRUNE_EVERY` answers since they were first seen are forgotten (at
/// most once per `PRUNE_EVERY` answers), so memory follows the vocabulary in use rather than
/// every typo ever made. A term used more often than that is never forgotten, so its counts
/// stay exact; a field that stays under the limits is counted exactly throughout.
pub const PRUNE_EVERY: u64 = 1_000;
const WORD_LIMIT: usize = 5_000;
const PHRASE_LIMIT: usize = 10_000;
/// The stem cache is emptied when it passes this size (typos would otherwise grow it for ever).
const STEM_CACHE_LIMIT: usize = 10_000;

/// How often one written form (case-folded) of a stem occurs, and how it is cased.
#[derive(Debug, Clone, Default, PartialEq)]
struct Form {
    count: u64,
    lower: u64,
    title: u64,
    upper: u64,
    /// Spellings seen in capitals ("IDVAs"), with counts, at most `SPELLINGS`.
    upper_spellings: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct WordStats {
    mentions: u64,
    respondents: u64,
    /// Lossy counting: the most mentions it could have had before it was first counted.
    delta: u64,
    /// The answer that last counted as a respondent (answers are numbered from 1).
    last_answer: u64,
    forms: HashMap<String, Form>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct PhraseStats {
    mentions: u64,
    respondents: u64,
    delta: u64,
    last_answer: u64,
    /// Content-word stems at its ends, for the association test.
    first: String,
    last: String,
    /// Stems of its content words, for telling which words it explains.
    content: Vec<String>,
    forms: HashMap<String, u64>,
}

/// One entry of a term list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    /// As displayed: the most frequent written form; a phrase has spaces.
    pub term: String,
    pub mentions: u64,
    pub respondents: u64,
    /// Of the respondents who answered the field.
    pub percent: f64,
    /// "word" or "phrase".
    pub kind: &'static str,
    /// What it was grouped by: the stem of a word, the stems of a phrase.
    pub stem: String,
}

/// Counts words and phrases of one field's answers; `add` one answer, `merge` another counter.
#[derive(Debug, Clone, Default)]
pub struct TermCounter {
    answers: u64,
    content_words: u64,
    words: HashMap<String, WordStats>,
    phrases: HashMap<String, PhraseStats>,
    stems: StemCache,
}

impl PartialEq for TermCounter {
    fn eq(&self, other: &Self) -> bool {
        (self.answers, self.content_words, &self.words, &self.phrases)
            == (
                other.answers,
                other.content_words,
                &other.words,
                &other.phrases,
            )
    }
}

/// Stems by folded word, so each distinct word is stemmed once.
#[derive(Clone)]
pub struct StemCache {
    stemmer: std::sync::Arc<Stemmer>,
    cache: HashMap<String, String>,
}

impl std::fmt::Debug for StemCache {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "StemCache({} words)", self.cache.len())
    }
}

impl Default for StemCache {
    fn default() -> Self {
        StemCache {
            stemmer: std::sync::Arc::new(Stemmer::create(Algorithm::English)),
            cache: HashMap::default(),
        }
    }
}

impl StemCache {
    pub fn stem(&mut self, word: &str) -> &str {
        if !self.cache.contains_key(word) {
            if self.cache.len() >= STEM_CACHE_LIMIT {
                self.cache.clear();
            }
            let stem = self.stemmer.stem(word).into_owned();
            self.cache.insert(word.to_string(), stem);
        }
        &self.cache[word]
    }
}

/// Which tokens are content words: not stop words, not words of the question itself.
pub trait Vocabulary {
    fn is_content(&self, token: &Token, stem: &str) -> bool;
}

impl TermCounter {
    /// The stems of an answer's tokens, as this counter groups them.
    pub fn stems(&mut self, tokens: &[Token]) -> Vec<String> {
        tokens
            .iter()
            .map(|t| self.stems.stem(&t.word).to_string())
            .collect()
    }

    /// Counts the words and phrases of one answer; `stems` are `self.stems(tokens)`.
    pub fn add(&mut self, tokens: &[Token], stems: &[String], vocabulary: &impl Vocabulary) {
        self.answers += 1;
        let answer = self.answers;
        let bucket = answer.div_ceil(PRUNE_EVERY);
        let content: Vec<bool> = tokens
            .iter()
            .zip(stems)
            .map(|(t, s)| vocabulary.is_content(t, s))
            .collect();
        let mut key = String::new();
        let mut written = String::new();
        for (i, token) in tokens.iter().enumerate() {
            if !content[i] {
                continue;
            }
            self.content_words += 1;
            // Look up before inserting, so a known word costs no allocation.
            if !self.words.contains_key(stems[i].as_str()) {
                self.words.insert(
                    stems[i].clone(),
                    WordStats {
                        delta: bucket - 1,
                        ..WordStats::default()
                    },
                );
            }
            let stats = self
                .words
                .get_mut(stems[i].as_str())
                .expect("just inserted");
            stats.mentions += 1;
            if stats.last_answer != answer {
                stats.last_answer = answer;
                stats.respondents += 1;
            }
            if !stats.forms.contains_key(&*token.word) {
                stats.forms.insert(token.word.to_string(), Form::default());
            }
            let form = stats.forms.get_mut(&*token.word).expect("just inserted");
            form.count += 1;
            match token.casing {
                Casing::Lower => form.lower += 1,
                Casing::Title => form.title += 1,
                Casing::Upper => {
                    form.upper += 1;
                    let spelling = token
                        .written
                        .trim_end_matches("'s")
                        .trim_end_matches("\u{2019}s");
                    count_spelling(&mut form.upper_spellings, spelling, 1);
                }
                Casing::Unknown => {}
            }
            // Phrases start and end on content words, never across punctuation.
            for len in 2..=3 {
                let end = i + len;
                if end > tokens.len()
                    || !content[end - 1]
                    || tokens[i + 1..end].iter().any(|t| t.break_before)
                {
                    continue;
                }
                key.clear();
                written.clear();
                for k in i..end {
                    if k > i {
                        key.push(' ');
                        written.push(' ');
                    }
                    key.push_str(&stems[k]);
                    written.push_str(&tokens[k].word);
                }
                if !self.phrases.contains_key(key.as_str()) {
                    self.phrases.insert(
                        key.clone(),
                        PhraseStats {
                            delta: bucket - 1,
                            first: stems[i].clone(),
                            last: stems[end - 1].clone(),
                            content: (i..end)
                                .filter(|&k| content[k])
                                .map(|k| stems[k].clone())
                                .collect(),
                            ..PhraseStats::default()
                        },
                    );
                }
                let phrase = self.phrases.get_mut(key.as_str()).expect("just inserted");
                phrase.mentions += 1;
                if phrase.last_answer != answer {
                    phrase.last_answer = answer;
                    phrase.respondents += 1;
                }
                match phrase.forms.get_mut(written.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        phrase.forms.insert(written.clone(), 1);
                    }
                }
            }
        }
        if answer.is_multiple_of(PRUNE_EVERY) {
            if self.words.len() > WORD_LIMIT {
                self.words.retain(|_, w| w.mentions + w.delta > bucket);
            }
            if self.phrases.len() > PHRASE_LIMIT {
                self.phrases.retain(|_, p| p.mentions + p.delta > bucket);
            }
        }
    }

    /// Respondents who used a term, by its key (`Term::stem`); 0 where it was never used.
    pub fn respondents_of(&self, key: &str, phrase: bool) -> u64 {
        if phrase {
            self.phrases.get(key).map_or(0, |p| p.respondents)
        } else {
            self.words.get(key).map_or(0, |w| w.respondents)
        }
    }

    /// Adds another counter's counts (of other respondents).
    pub fn merge(&mut self, other: &TermCounter) {
        self.answers += other.answers;
        self.content_words += other.content_words;
        for (stem, theirs) in &other.words {
            let ours = self.words.entry(stem.clone()).or_default();
            ours.mentions += theirs.mentions;
            ours.respondents += theirs.respondents;
            for (word, form) in &theirs.forms {
                let mine = ours.forms.entry(word.clone()).or_default();
                mine.count += form.count;
                mine.lower += form.lower;
                mine.title += form.title;
                mine.upper += form.upper;
                for (spelling, n) in &form.upper_spellings {
                    count_spelling(&mut mine.upper_spellings, spelling, *n);
                }
            }
        }
        for (key, theirs) in &other.phrases {
            let ours = self
                .phrases
                .entry(key.clone())
                .or_insert_with(|| PhraseStats {
                    first: theirs.first.clone(),
                    last: theirs.last.clone(),
                    content: theirs.content.clone(),
                    ..PhraseStats::default()
                });
            ours.mentions += theirs.mentions;
            ours.respondents += theirs.respondents;
            for (form, n) in &theirs.forms {
                *ours.forms.entry(form.clone()).or_default() += n;
            }
        }
    }

    /// The display form of a word stem: its most frequent written form, in capitals where it is
    /// mostly written so (MARAC), capitalised where it mostly is mid-sentence (Police).
    fn display_word(&self, stem: &str) -> String {
        let stats = &self.words[stem];
        let (word, form) = stats
            .forms
            .iter()
            .max_by(|a, b| a.1.count.cmp(&b.1.count).then_with(|| b.0.cmp(a.0)))
            .expect("a counted word has a form");
        display_form(word, form)
    }

    /// Log-likelihood that a phrase's end words occur together more than by chance.
    fn association(&self, phrase: &PhraseStats) -> f64 {
        let count = |stem: &str| self.words.get(stem).map_or(0, |w| w.mentions) as f64;
        let n = self.content_words as f64;
        let k11 = phrase.mentions as f64;
        let (c1, c2) = (count(&phrase.first), count(&phrase.last));
        let k12 = (c1 - k11).max(0.0);
        let k21 = (c2 - k11).max(0.0);
        let k22 = (n - c1 - c2 + k11).max(0.0);
        if k11 * n <= c1 * c2 {
            return 0.0;
        }
        g2(k11, k12, k21, k22)
    }

    /// The term list: accepted phrases, and words not explained by them, used by the most
    /// respondents first (one person repeating a word does not make it common), then by mentions.
    pub fn terms(&self, answered: u64, top: usize) -> Vec<Term> {
        let percent = |n: u64| {
            if answered == 0 {
                0.0
            } else {
                n as f64 * 100.0 / answered as f64
            }
        };
        let mut phrases: Vec<(&String, &PhraseStats)> = self
            .phrases
            .iter()
            .filter(|(_, p)| p.mentions >= MIN_PHRASE_MENTIONS && p.respondents >= 2)
            .filter(|(_, p)| self.association(p) >= MIN_ASSOCIATION)
            .collect();
        phrases.sort_by(|a, b| b.1.mentions.cmp(&a.1.mentions).then_with(|| a.0.cmp(b.0)));
        // A two-word phrase that is nearly always part of a listed three-word one is not listed:
        // for each two-word key, the most mentions of a three-word phrase that starts or ends with it.
        let mut covering: HashMap<String, u64> = HashMap::default();
        for (key, p) in phrases.iter().filter(|(k, _)| k.matches(' ').count() == 2) {
            let (head, tail) = (
                key.rsplit_once(' ').map(|(h, _)| h),
                key.split_once(' ').map(|(_, t)| t),
            );
            for part in head.into_iter().chain(tail) {
                let most = covering.entry(part.to_string()).or_default();
                *most = (*most).max(p.mentions);
            }
        }
        phrases.retain(|(key, p)| {
            key.matches(' ').count() == 2
                || covering
                    .get(key.as_str())
                    .is_none_or(|m| m * 3 < p.mentions * 2)
        });
        let forms: HashMap<&str, &Form> = self
            .words
            .values()
            .flat_map(|w| w.forms.iter().map(|(word, form)| (word.as_str(), form)))
            .collect();
        let mut in_phrases: HashMap<&str, u64> = HashMap::default();
        for (_, p) in &phrases {
            let distinct: HashSet<&String> = p.content.iter().collect();
            for stem in distinct {
                *in_phrases.entry(stem.as_str()).or_default() += p.mentions;
            }
        }
        let mut terms: Vec<Term> = phrases
            .iter()
            .map(|(key, p)| Term {
                term: display_phrase(p, &forms),
                mentions: p.mentions,
                respondents: p.respondents,
                percent: percent(p.respondents),
                kind: "phrase",
                stem: key.to_string(),
            })
            .collect();
        for (stem, w) in &self.words {
            // A word two thirds of whose mentions sit in listed phrases is explained by them.
            let inside = in_phrases.get(stem.as_str()).copied().unwrap_or(0);
            if inside * 3 >= w.mentions * 2 {
                continue;
            }
            terms.push(Term {
                term: self.display_word(stem),
                mentions: w.mentions,
                respondents: w.respondents,
                percent: percent(w.respondents),
                kind: "word",
                stem: stem.clone(),
            });
        }
        terms.sort_by(|a, b| {
            b.respondents
                .cmp(&a.respondents)
                .then_with(|| b.mentions.cmp(&a.mentions))
                .then_with(|| a.term.to_lowercase().cmp(&b.term.to_lowercase()))
                .then_with(|| a.term.cmp(&b.term))
        });
        terms.truncate(top);
        terms
    }
}

/// A phrase keeps capitals only where every word has them ("Stepping Stones") or for acronyms
/// ("MARAC meetings"); otherwise it is lower case ("social care"). `forms` indexes every word form.
fn display_phrase(phrase: &PhraseStats, forms: &HashMap<&str, &Form>) -> String {
    let (written, _) = phrase
        .forms
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .expect("a counted phrase has a form");
    let shown: Vec<String> = written
        .split(' ')
        .map(|word| {
            forms
                .get(word)
                .map_or_else(|| word.to_string(), |f| display_form(word, f))
        })
        .collect();
    let capitalised = |w: &String| w.chars().next().is_some_and(char::is_uppercase);
    if shown.iter().all(capitalised) {
        return shown.join(" ");
    }
    let acronym = |w: &String| {
        w.chars()
            .filter(|c| c.is_alphabetic() && c.is_uppercase())
            .count()
            >= 2
    };
    written
        .split(' ')
        .zip(&shown)
        .map(|(word, display)| {
            if acronym(display) {
                display.as_str()
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds to a spelling's count, remembering at most `SPELLINGS` spellings.
fn count_spelling(spellings: &mut Vec<(String, u64)>, spelling: &str, n: u64) {
    match spellings.iter().position(|(s, _)| s == spelling) {
        Some(i) => spellings[i].1 += n,
        None if spellings.len() < SPELLINGS => spellings.push((spelling.to_string(), n)),
        None => {}
    }
}

fn display_form(word: &str, form: &Form) -> String {
    if form.upper > form.lower + form.title {
        if let Some((spelling, _)) = form
            .upper_spellings
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        {
            return spelling.clone();
        }
        return word.to_uppercase();
    }
    if form.title > form.lower {
        let mut chars = word.chars();
        return chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
    }
    word.to_string()
}

/// Dunning's log-likelihood ratio for a 2x2 table of counts.
fn g2(k11: f64, k12: f64, k21: f64, k22: f64) -> f64 {
    let xlx = |x: f64| if x > 0.0 { x * x.ln() } else { 0.0 };
    let n = k11 + k12 + k21 + k22;
    2.0 * (xlx(k11) + xlx(k12) + xlx(k21) + xlx(k22) + xlx(n)
        - xlx(k11 + k12)
        - xlx(k21 + k22)
        - xlx(k11 + k21)
        - xlx(k12 + k22))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    struct AllContent<'a>(&'a [&'a str]);

    impl Vocabulary for AllContent<'_> {
        fn is_content(&self, token: &Token, _: &str) -> bool {
            !self.0.contains(&&*token.word)
        }
    }

    fn count(answers: &[&str], stop: &[&str]) -> TermCounter {
        let mut counter = TermCounter::default();
        let mut tokens = Vec::new();
        for answer in answers {
            tokenize(answer, &mut tokens);
            let stems = counter.stems(&tokens);
            counter.add(&tokens, &stems, &AllContent(stop));
        }
        counter
    }

    fn listed(counter: &TermCounter, answered: u64) -> Vec<(String, u64, u64)> {
        counter
            .terms(answered, 50)
            .into_iter()
            .map(|t| (t.term, t.mentions, t.respondents))
            .collect()
    }

    #[test]
    fn words_show_their_most_frequent_form_never_a_stem() {
        let c = count(
            &[
                "The virus was bad",
                "services and service",
                "Services were closed",
                "children's services",
            ],
            &[],
        );
        let terms = listed(&c, 4);
        let names: Vec<&str> = terms.iter().map(|t| t.0.as_str()).collect();
        assert!(
            names.contains(&"was") && names.contains(&"virus"),
            "{names:?}"
        );
        assert!(names.contains(&"children"), "{names:?}");
        assert!(terms.contains(&("services".to_string(), 4, 3)), "{terms:?}");
        assert!(
            !names
                .iter()
                .any(|n| *n == "wa" || *n == "viru" || *n == "servic"),
            "{names:?}"
        );
    }

    #[test]
    fn acronyms_stay_in_capitals_and_proper_nouns_capitalised() {
        let c = count(
            &[
                "Referrals to MARAC",
                "the MARAC works",
                "we ask IDVAs and the Police",
                "talk to the Police",
                "marac",
            ],
            &["to", "the", "we", "and"],
        );
        let names: Vec<String> = listed(&c, 5).into_iter().map(|t| t.0).collect();
        assert!(names.contains(&"MARAC".to_string()), "{names:?}");
        assert!(names.contains(&"IDVAs".to_string()), "{names:?}");
        assert!(names.contains(&"Police".to_string()), "{names:?}");
    }

    #[test]
    fn phrases_never_start_or_end_with_stop_words_and_explain_their_words() {
        let stop = ["of", "the", "and", "is", "a", "there"];
        let answers = [
            "Lack of funding for the refuge",
            "There is a lack of funding",
            "lack of funding and of staff",
            "Domestic abuse is hidden",
            "domestic abuse services",
            "staff",
        ];
        let c = count(&answers, &stop);
        let terms = listed(&c, 6);
        assert!(
            terms.contains(&("lack of funding".to_string(), 3, 3)),
            "{terms:?}"
        );
        assert!(
            terms.contains(&("domestic abuse".to_string(), 2, 2)),
            "{terms:?}"
        );
        // "lack" and "funding" are only ever used in the phrase, so they are not listed again.
        assert!(
            !terms
                .iter()
                .any(|t| t.0 == "lack" || t.0 == "funding" || t.0 == "lack of"),
            "{terms:?}"
        );
        assert!(
            !terms
                .iter()
                .any(|t| t.0.starts_with("of ") || t.0.ends_with(" of") || t.0.ends_with(" the")),
            "{terms:?}"
        );
        assert!(terms.contains(&("staff".to_string(), 2, 2)), "{terms:?}");
    }

    #[test]
    fn merging_counters_equals_counting_in_one_pass() {
        let answers = [
            "Lack of funding",
            "MARAC works well",
            "lack of funding again",
            "Police and MARAC",
        ];
        let whole = count(&answers, &["of", "and"]);
        let mut left = count(&answers[..2], &["of", "and"]);
        left.merge(&count(&answers[2..], &["of", "and"]));
        assert_eq!(left.terms(4, 20), whole.terms(4, 20));
    }

    #[test]
    fn log_likelihood_matches_a_worked_example() {
        // Dunning (1993)-style table; value computed independently with the entropy formula.
        let value = g2(110.0, 2442.0, 111.0, 29114.0);
        assert!((value - 270.72).abs() < 0.01, "{value}");
    }
}
