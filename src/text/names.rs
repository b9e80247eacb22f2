//! A respondent's own name, read from the questionnaire's name fields, taken out of their answers.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

pub const NAME_REMOVED: &str = "[name removed]";

/// Forms of address, which are not words of a name.
const TITLES: [&str; 10] = [
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame",
];
/// Longer words are not compared with the titles: nearly every word of a name.
const LONGEST_TITLE: usize = {
    let (mut longest, mut i) = (0, 0);
    while i < TITLES.len() {
        if TITLES[i].len() > longest {
            longest = TITLES[i].len();
        }
        i += 1;
    }
    longest
};

/// What people write in a name field instead of a name; the whole cell compared, in any case.
const NOT_GIVEN: [&str; 12] = [
    "n/a",
    "na",
    "none",
    "nil",
    "no",
    "anon",
    "anonymous",
    "not given",
    "not applicable",
    "prefer not to say",
    "rather not say",
    "withheld",
];

/// One respondent's name, from the cells that hold it; cleared and refilled row by row. The
/// cells are read into words only when an answer is first looked at: `tally` looks at few.
#[derive(Default)]
pub struct OwnName {
    /// The name cells, a line each.
    cells: String,
    words: OnceCell<Words>,
    /// The last row's words, emptied, so that reading the next allocates nothing.
    spare: Cell<Words>,
}

impl Clone for OwnName {
    fn clone(&self) -> Self {
        OwnName {
            cells: self.cells.clone(),
            ..OwnName::default()
        }
    }
}

/// Never shows the name: a debug print of a row is no place for it either.
impl std::fmt::Debug for OwnName {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_struct("OwnName").finish_non_exhaustive()
    }
}

impl OwnName {
    pub fn clear(&mut self) {
        self.cells.clear();
        if let Some(mut words) = self.words.take() {
            words.clear();
            *self.spare.get_mut() = words;
        }
    }

    /// Adds a cell holding the name, or part of it.
    pub fn add(&mut self, cell: &str) {
        self.cells.push_str(cell);
        self.cells.push('\n');
    }

    /// True when there is no name to look for: a name is found as two of its words together.
    pub fn is_empty(&self) -> bool {
        self.words().is_empty()
    }

    /// `text` with the respondent's name replaced by "[name removed]" (see `Words::remove_from`);
    /// borrowed when the name is not there.
    pub fn remove_from<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if text.is_empty() || self.cells.is_empty() {
            return Cow::Borrowed(text);
        }
        self.words().remove_from(text)
    }

    fn words(&self) -> &Words {
        self.words.get_or_init(|| {
            let mut words = self.spare.take();
            for cell in self.cells.lines() {
                words.add(cell);
            }
            words
        })
    }
}

/// The words of a name, case-folded.
#[derive(Debug, Clone, Default)]
struct Words {
    /// The words one after another.
    folded: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    /// Where the word is in `folded`.
    start: usize,
    end: usize,
    /// For an ASCII word: most answers are passed over by looking for one letter alone.
    quick: Option<Quick>,
}

/// The word's rarest letter in English text, case-folded, and where it stands in the word.
#[derive(Debug, Clone, Copy)]
struct Quick {
    rare: u8,
    at: usize,
}

/// How rarely each ASCII byte is used in English text: letters ranked from the most used
/// (1, "e") to the least ("z", 26); digits count as rarer than any, and other bytes as 0.
static RARITY: [u8; 256] = {
    const LETTERS_BY_USE: &[u8; 26] = b"etaoinshrdlcumwfgypbvkjxqz";
    let mut rarity = [0; 256];
    let mut i = 0;
    while i < 26 {
        rarity[LETTERS_BY_USE[i] as usize] = i as u8 + 1;
        i += 1;
    }
    let mut digit = b'0';
    while digit <= b'9' {
        rarity[digit as usize] = 27;
        digit += 1;
    }
    rarity
};

/// A word of the name found in an answer: its byte range and which word it is.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    part: usize,
}

impl Words {
    fn clear(&mut self) {
        self.folded.clear();
        self.parts.clear();
    }

    fn is_empty(&self) -> bool {
        self.parts.len() < 2
    }

    fn word(&self, part: &Part) -> &str {
        &self.folded[part.start..part.end]
    }

    /// Adds the words of a name field's cell ("Dr Kit Somers-Lee": kit, somers, lee), leaving
    /// out forms of address, single letters and cells such as "N/A" or "Anonymous".
    fn add(&mut self, cell: &str) {
        let whole = cell.trim().trim_end_matches('.');
        if NOT_GIVEN.iter().any(|n| n.eq_ignore_ascii_case(whole)) {
            return;
        }
        for word in whole.split(|c: char| !c.is_alphanumeric()) {
            if word.len() < 2 {
                continue;
            }
            let start = self.folded.len();
            if word.is_ascii() {
                self.folded.push_str(word);
                self.folded[start..].make_ascii_lowercase();
            } else {
                self.folded
                    .extend(word.chars().flat_map(char::to_lowercase));
            }
            let folded = &self.folded[start..];
            if folded.chars().nth(1).is_none()
                || (folded.len() <= LONGEST_TITLE && TITLES.contains(&folded))
                || self.parts.iter().any(|p| self.word(p) == folded)
            {
                self.folded.truncate(start);
                continue;
            }
            let bytes = folded.as_bytes();
            let quick = bytes.is_ascii().then(|| {
                // The first of its rarest letters.
                let mut quick = Quick {
                    rare: bytes[0],
                    at: 0,
                };
                for (at, &b) in bytes.iter().enumerate().skip(1) {
                    if RARITY[b as usize] > RARITY[quick.rare as usize] {
                        quick = Quick { rare: b, at };
                    }
                }
                quick
            });
            let part = Part {
                start,
                end: self.folded.len(),
                quick,
            };
            // The word with the rarest letter first: it is looked for first, and most answers
            // then need no other look.
            let order = |p: &Part| {
                let rarity = p.quick.map_or(0, |q| RARITY[q.rare as usize]);
                (
                    std::cmp::Reverse(rarity),
                    std::cmp::Reverse(p.end - p.start),
                )
            };
            let at = self
                .parts
                .iter()
                .position(|p| order(p) > order(&part))
                .unwrap_or(self.parts.len());
            self.parts.insert(at, part);
        }
    }

    /// `text` with the respondent's name replaced by "[name removed]": two or more words of the
    /// name together, in any order and case ("Kit Somers", "SOMERS, Kit", "Kit Somers-Lee").
    /// A word of it alone is left: a surname is often a word too ("White Ribbon"). Borrowed
    /// when the name is not there.
    fn remove_from<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.is_empty() || !self.two_may_be_in(text) {
            return Cow::Borrowed(text);
        }
        let found = self.find(text);
        let mut out = String::new();
        let mut copied = 0;
        let mut i = 0;
        while i < found.len() {
            // A run: words of the name with only spaces, hyphens, apostrophes or a comma
            // between them.
            let mut end = i + 1;
            while end < found.len()
                && text[found[end - 1].end..with_prefix(text, found[end].start)]
                    .chars()
                    .all(|c| c.is_whitespace() || matches!(c, '-' | ',' | '\'' | '\u{2019}'))
            {
                end += 1;
            }
            let run = &found[i..end];
            if run.iter().any(|f| f.part != run[0].part) {
                out.push_str(&text[copied..with_prefix(text, run[0].start)]);
                out.push_str(NAME_REMOVED);
                copied = run[run.len() - 1].end;
            }
            i = end;
        }
        if copied == 0 {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }

    /// Whether two words of the name may both be in `text`; false only when they cannot be. For
    /// a name of two words (most), one quick look, for the word with the rarer letter, settles
    /// nearly every answer.
    fn two_may_be_in(&self, text: &str) -> bool {
        let (mut present, mut absent) = (0, 0);
        for part in &self.parts {
            if part.may_be_in(self.word(part).as_bytes(), text.as_bytes()) {
                present += 1;
                if present == 2 {
                    return true;
                }
            } else {
                absent += 1;
                if absent > self.parts.len() - 2 {
                    return false;
                }
            }
        }
        false
    }

    /// Every whole word of `text` that is a word of the name, in order.
    fn find(&self, text: &str) -> Vec<Found> {
        let mut found = Vec::new();
        let mut words = text.char_indices().peekable();
        while let Some((start, first)) = words.next() {
            if !first.is_alphanumeric() {
                continue;
            }
            let mut end = start + first.len_utf8();
            while let Some(&(at, c)) = words.peek() {
                if !c.is_alphanumeric() {
                    break;
                }
                end = at + c.len_utf8();
                words.next();
            }
            let word = &text[start..end];
            let folded: Cow<str> = if word.chars().all(|c| !c.is_uppercase()) {
                Cow::Borrowed(word)
            } else {
                Cow::Owned(word.to_lowercase())
            };
            if let Some(part) = self.parts.iter().position(|p| self.word(p) == folded) {
                found.push(Found { start, end, part });
            }
        }
        found
    }
}

/// Where the word of a name at `start` begins, taking in a single letter and apostrophe written
/// before it ("O'Neil", "D’Souza"): the letter is not a word of the name but is part of it.
fn with_prefix(text: &str, start: usize) -> usize {
    let mut before = text[..start].char_indices().rev();
    match (before.next(), before.next(), before.next()) {
        (Some((_, '\'' | '\u{2019}')), Some((at, letter)), preceding)
            if letter.is_alphabetic() && preceding.is_none_or(|(_, c)| !c.is_alphanumeric()) =>
        {
            at
        }
        _ => start,
    }
}

impl Part {
    /// Whether `word` (this part's) may be in `text`, in any case, whole or not; false only
    /// when it cannot be. An ASCII word is looked for where its rarest letter is (found with
    /// `memchr`, many bytes at a time), which most answers have a few times at most.
    fn may_be_in(&self, word: &[u8], text: &[u8]) -> bool {
        let Some(Quick { rare, at }) = self.quick else {
            return true;
        };
        memchr::memchr2_iter(rare, rare.to_ascii_uppercase(), text).any(|found| {
            found >= at
                && text
                    .get(found - at..found - at + word.len())
                    .is_some_and(|here| here.eq_ignore_ascii_case(word))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn no_full_name_is_left_and_nothing_else_changes(
            words in proptest::collection::vec(
                "(Kit|kit|SOMERS|Somers|Siân|siân|kits|the|[a-z]{1,3}|é|’)",
                0..12,
            ),
            gaps in proptest::collection::vec("( |, |-|\\. |“)", 12),
        ) {
            let text: String = words.iter().zip(&gaps).map(|(w, g)| format!("{w}{g}")).collect();
            let kept = name(&["Kit Somers", "Siân"]).remove_from(&text).into_owned();
            // No two different words of the name left side by side, with only a space, comma,
            // hyphen or apostrophe between them.
            let folded = kept.to_lowercase();
            let mut words = Vec::new();
            let mut rest = folded.as_str();
            while let Some(start) = rest.find(char::is_alphanumeric) {
                let gap = &rest[..start];
                let word_end = rest[start..]
                    .find(|c: char| !c.is_alphanumeric())
                    .map_or(rest.len(), |end| start + end);
                words.push((gap, &rest[start..word_end]));
                rest = &rest[word_end..];
            }
            let parts = ["kit", "somers", "siân"];
            for pair in words.windows(2) {
                let ((_, first), (gap, second)) = (pair[0], pair[1]);
                let joined = gap.chars().all(|c| matches!(c, ' ' | ',' | '-' | '\'' | '’'));
                proptest::prop_assert!(
                    !(joined && first != second && parts.contains(&first) && parts.contains(&second)),
                    "{kept:?} from {text:?}"
                );
            }
            // Only words of the name go: without them, both texts have the same letters.
            let letters = |text: &str| {
                let mut text = text.replace(NAME_REMOVED, "");
                for word in ["Kit", "kit", "SOMERS", "Somers", "Siân", "siân"] {
                    text = text.replace(word, "");
                }
                text.replace(|c: char| !c.is_alphanumeric(), "")
            };
            proptest::prop_assert_eq!(letters(&kept), letters(&text));
        }
    }

    fn name(cells: &[&str]) -> OwnName {
        let mut name = OwnName::default();
        for cell in cells {
            name.add(cell);
        }
        name
    }

    #[test]
    fn a_respondents_full_name_is_removed_from_their_answer() {
        let kit = name(&["Kit Somers"]);
        assert_eq!(
            kit.remove_from("Call Kit Somers about MARAC; Somers’ team knows, or kit somers."),
            "Call [name removed] about MARAC; Somers’ team knows, or [name removed]."
        );
        assert_eq!(
            kit.remove_from("SOMERS, Kit (housing) and the kit we give out"),
            "[name removed] (housing) and the kit we give out"
        );
        assert_eq!(
            name(&["Dr Ann Smith-Jones"]).remove_from("Ask Ann Smith-Jones or Dr Jones."),
            "Ask [name removed] or Dr Jones."
        );
        // A letter and apostrophe before a word of the name go with it.
        let bob = name(&["Bob O'Neil"]);
        assert_eq!(
            bob.remove_from("I'm Bob O'Neil; O’NEIL, Bob. Ask bob o'neil"),
            "I'm [name removed]; [name removed]. Ask [name removed]"
        );
        // Only a letter standing alone: "MO'" is no prefix.
        assert_eq!(
            bob.remove_from("Neil O'Bob, and MO'Neil Bob"),
            "[name removed], and MO'[name removed]"
        );
    }

    #[test]
    fn a_word_of_the_name_alone_is_left_as_it_is_often_a_word_too() {
        let white = name(&["James White"]);
        assert_eq!(
            white.remove_from("The White Ribbon Campaign, White British women. James"),
            "The White Ribbon Campaign, White British women. James"
        );
        let will = name(&["Will Hope"]);
        assert_eq!(
            will.remove_from("Will the council fund it? We will hope so. Will Hope"),
            "Will the council fund it? We [name removed] so. [name removed]"
        );
    }

    #[test]
    fn answers_without_the_name_are_borrowed_unchanged() {
        let kit = name(&["Kit Somers"]);
        for text in [
            "Funding for refuges",
            "kit",
            "Somers",
            "",
            "Ki",
            "Kits and somersaults",
        ] {
            assert!(matches!(kit.remove_from(text), Cow::Borrowed(t) if t == text));
        }
        for not_a_name in ["N/A", "Anonymous", "Mr J Smith", "Kit", ""] {
            assert!(name(&[not_a_name]).is_empty(), "{not_a_name}");
        }
        assert!(!name(&["Mrs K. Somers-Lee"]).is_empty());
        // Two name fields make one name.
        assert_eq!(
            name(&["Kit", "Somers"]).remove_from("from Kit Somers"),
            "from [name removed]"
        );
    }

    #[test]
    fn each_row_has_its_own_name() {
        let mut name = OwnName::default();
        name.add("Kit Somers");
        assert_eq!(name.remove_from("Kit Somers"), NAME_REMOVED);
        name.clear();
        name.add("Ann White");
        assert_eq!(name.remove_from("Kit Somers"), "Kit Somers");
        assert_eq!(name.remove_from("ann white"), NAME_REMOVED);
        name.clear();
        assert_eq!(name.remove_from("Ann White"), "Ann White");
        let copy = {
            name.add("Ann White");
            name.clone()
        };
        assert_eq!(copy.remove_from("Ann White"), NAME_REMOVED);
    }

    #[test]
    fn names_beyond_ascii_are_found_in_any_case() {
        let name = name(&["Siân Łukasiewicz"]);
        assert_eq!(
            name.remove_from("ŁUKASIEWICZ, SIÂN and “Siân Łukasiewicz” know"),
            "[name removed] and “[name removed]” know"
        );
    }

    #[test]
    fn the_quick_look_finds_a_word_wherever_it_stands_in_any_case() {
        let name = name(&["Kit Somers"]);
        // "kit" is looked for first, its k being rarer than any letter of "somers".
        let words = name.words();
        assert_eq!(words.word(&words.parts[0]), "kit");
        let somers = &words.parts[1];
        let quick = |text: &str| somers.may_be_in(b"somers", text.as_bytes());
        let padding = "x".repeat(70);
        for text in [
            "Somers",
            &format!("{padding}SOMERS"),
            "soMers;",
            "somersault",
        ] {
            assert!(quick(text), "{text}");
        }
        for text in ["Somer", "mers", &format!("{padding}S0mers"), "", "m"] {
            assert!(!quick(text), "{text}");
        }
    }
}
