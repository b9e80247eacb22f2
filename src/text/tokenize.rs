//! Words of an answer from Unicode word boundaries: case-folded, possessives trimmed, numbers
//! and one-letter tokens dropped, hyphenated compounds kept whole, phrase breaks at punctuation.

use unicode_segmentation::UnicodeSegmentation;

/// How a word was written, for choosing how to display it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casing {
    Lower,
    /// First letter capital, not at the start of a sentence ("Police", "Freedom").
    Title,
    /// All capitals ("MARAC"), allowing a lower-case plural s ("IDVAs").
    Upper,
    /// Mixed, at a sentence start, or in an answer written in capitals: no evidence.
    Unknown,
}

/// One word of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Case-folded, typographic apostrophes made plain, possessive "'s" removed (borrowed from
    /// the answer when it was written so already, as most words are).
    pub word: std::borrow::Cow<'a, str>,
    /// As written (possessive included).
    pub written: &'a str,
    pub casing: Casing,
    /// Punctuation or a line break comes between this word and the one before.
    pub break_before: bool,
}

/// Where a word candidate was written in an answer: `scan` finds them, folding decides which
/// are kept (numbers and single letters are not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub casing: Casing,
    pub break_before: bool,
}

/// A kept word, case-folded. ASCII words of up to 16 bytes (nearly all) come as their bytes
/// read as a little-endian number, zero-padded (no word holds a zero byte), built without
/// copying the word; others as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folded<'a> {
    Key(u128),
    Text(&'a str),
}

impl Folded<'_> {
    /// Calls `f` with the word as text.
    pub fn with_str<R>(self, f: impl FnOnce(&str) -> R) -> R {
        match self {
            Folded::Text(word) => f(word),
            Folded::Key(key) => {
                let bytes = key.to_le_bytes();
                let len = 16 - (key.leading_zeros() / 8) as usize;
                f(std::str::from_utf8(&bytes[..len]).expect("an ASCII word"))
            }
        }
    }
}

/// Splits `text` into words, reusing `out`.
pub fn tokenize<'a>(text: &'a str, out: &mut Vec<Token<'a>>) {
    out.clear();
    for_each_word(text, &mut Vec::new(), &mut String::new(), |word, span| {
        let written = &text[span.start..span.end];
        let base = written.strip_suffix("'s").unwrap_or(written);
        let word = word.with_str(|word| {
            if word == base {
                std::borrow::Cow::Borrowed(base)
            } else {
                std::borrow::Cow::Owned(word.to_string())
            }
        });
        out.push(Token {
            word,
            written,
            casing: span.casing,
            break_before: span.break_before,
        });
    });
}

/// Calls `each(word, span)` for each word of `text` kept (see `keep`), case-folded (see
/// `fold_into`); a dropped number or letter still separates its neighbours, so the next word's
/// `break_before` is set and no phrase spans it. `spans` and `folded` are buffers to reuse.
pub fn for_each_word(
    text: &str,
    spans: &mut Vec<Span>,
    folded: &mut String,
    mut each: impl FnMut(Folded, Span),
) {
    scan(text, spans);
    let mut broken = false;
    for span in spans.iter() {
        let word = match ascii_key(text.as_bytes(), span.start, span.end) {
            Some((key, first)) if first.is_ascii_alphabetic() && key > 0xff => Folded::Key(key),
            Some(_) => {
                broken = true;
                continue;
            }
            None => {
                fold_into(&text[span.start..span.end], folded);
                if !keep(folded) {
                    broken = true;
                    continue;
                }
                Folded::Text(folded.as_str())
            }
        };
        let break_before = span.break_before || broken;
        each(
            word,
            Span {
                break_before,
                ..*span
            },
        );
        broken = false;
    }
}

/// The folded key of an ASCII word of up to 16 bytes (after a possessive "'s" is cut), with its
/// first byte: `fold_into` and `WordIds`'s key in one step, reading the word as two numbers.
fn ascii_key(bytes: &[u8], start: usize, end: usize) -> Option<(u128, u8)> {
    let end = match &bytes[start..end] {
        [.., b'\'', b's' | b'S'] => end - 2,
        _ => end,
    };
    let len = end - start;
    if len == 0 || len > 16 {
        return None;
    }
    let raw = if start + 16 <= bytes.len() {
        let mask = u128::MAX >> (8 * (16 - len));
        u128::from_le_bytes(bytes[start..start + 16].try_into().expect("16 bytes")) & mask
    } else if end >= 16 {
        u128::from_le_bytes(bytes[end - 16..end].try_into().expect("16 bytes")) >> (8 * (16 - len))
    } else {
        let mut padded = [0u8; 16];
        padded[..len].copy_from_slice(&bytes[start..end]);
        u128::from_le_bytes(padded)
    };
    const HIGH: u128 = u128::from_le_bytes([0x80; 16]);
    const fn each_byte(b: u8) -> u128 {
        u128::from_le_bytes([b; 16])
    }
    if raw & HIGH != 0 {
        return None;
    }
    // Bytes from 'A' to 'Z' get their 0x20 bit: each sum stays below 0x100, so no carries.
    let at_least_a = raw + each_byte(0x80 - b'A');
    let above_z = raw + each_byte(0x80 - b'Z' - 1);
    let capitals = at_least_a & !above_z & HIGH;
    let key = raw | (capitals >> 2);
    Some((key, key as u8))
}

/// The word candidates of `text`, reusing `out`: segments with a letter or digit, hyphenated
/// compounds joined, each with its casing and whether punctuation comes before it.
pub fn scan(text: &str, out: &mut Vec<Span>) {
    out.clear();
    let mut state = ScanState::default();
    let shouting = match scan_ascii(text, 0, text.len(), &mut state, out) {
        Some((letters, capitals)) => shouted(letters, capitals),
        None => {
            // Another character: the ASCII stretches still take the fused loop.
            out.clear();
            state = ScanState::default();
            for_each_stretch(text, |start, end, ascii| {
                if ascii {
                    scan_ascii(text, start, end, &mut state, out).expect("an ASCII stretch");
                } else {
                    scan_segments(text, start, end, &mut state, out);
                }
            });
            is_shouting(text)
        }
    };
    if shouting {
        out.iter_mut()
            .for_each(|span| span.casing = Casing::Unknown);
    }
}

/// What scanning carries from one stretch of an answer to the next.
#[derive(Debug)]
struct ScanState {
    sentence_start: bool,
    /// Punctuation or a line break since the last word.
    pending_break: bool,
    /// A hyphen directly between two words joins them ("drop-in", "well-run"): `open` says the
    /// last segment was a word, `joinable` that a hyphen followed it.
    joinable: bool,
    open: bool,
}

impl Default for ScanState {
    fn default() -> Self {
        ScanState {
            sentence_start: true,
            pending_break: true,
            joinable: false,
            open: false,
        }
    }
}

/// Splits a text into stretches that are all ASCII or not, cutting only after a space that is
/// followed by an ASCII character other than a space, where Unicode word boundaries always
/// break whatever surrounds them; calls `each(start, end, ascii)` for each stretch in order.
fn for_each_stretch(text: &str, mut each: impl FnMut(usize, usize, bool)) {
    let bytes = text.as_bytes();
    let (mut run_start, mut run_ascii) = (0, None::<bool>);
    let (mut piece_start, mut piece_ascii) = (0, true);
    for at in 0..=bytes.len() {
        let cut = at == bytes.len()
            || (at > 0 && bytes[at - 1] == b' ' && bytes[at].is_ascii() && bytes[at] != b' ');
        if cut && at > piece_start {
            if run_ascii.is_some_and(|ascii| ascii != piece_ascii) {
                each(run_start, piece_start, !piece_ascii);
                run_start = piece_start;
            }
            run_ascii = Some(piece_ascii);
            (piece_start, piece_ascii) = (at, true);
        }
        if at < bytes.len() && !bytes[at].is_ascii() {
            piece_ascii = false;
        }
    }
    if let Some(ascii) = run_ascii {
        each(run_start, bytes.len(), ascii);
    }
}

/// Scans `text[start..end]` by Unicode word boundaries (UAX #29).
fn scan_segments(text: &str, start: usize, end: usize, state: &mut ScanState, out: &mut Vec<Span>) {
    for (offset, segment) in text[start..end].split_word_bound_indices() {
        let start = start + offset;
        let is_word = segment.bytes().any(|b| b.is_ascii_alphanumeric())
            || (!segment.is_ascii() && segment.chars().any(char::is_alphanumeric));
        if !is_word {
            if segment == "-" && state.open && !state.pending_break {
                state.joinable = true;
                continue;
            }
            (state.joinable, state.open) = (false, false);
            if segment
                .chars()
                .any(|c| !c.is_whitespace() && c != '\'' && c != '\u{2019}' && c != '-')
                || segment.contains('\n')
            {
                state.pending_break = true;
                if segment
                    .chars()
                    .any(|c| matches!(c, '.' | '!' | '?' | ':' | '\n' | '•'))
                {
                    state.sentence_start = true;
                }
            }
            continue;
        }
        let end = start + segment.len();
        if state.joinable && state.open {
            // Extend the previous word over the hyphen and this word.
            if let Some(last) = out.last_mut() {
                last.end = end;
            }
            state.joinable = false;
            continue;
        }
        push_word(start, end, casing_of(segment), state, out);
    }
}

/// A new word: capitals at a sentence start prove nothing, except a whole word in capitals (an
/// acronym).
fn push_word(start: usize, end: usize, casing: Casing, state: &mut ScanState, out: &mut Vec<Span>) {
    let casing = match casing {
        Casing::Upper => Casing::Upper,
        _ if state.sentence_start => Casing::Unknown,
        casing => casing,
    };
    out.push(Span {
        start,
        end,
        casing,
        break_before: state.pending_break,
    });
    state.sentence_start = false;
    state.pending_break = false;
    state.open = true;
}

/// `scan_segments` for ASCII text, fused into one loop over the bytes (the segments of Unicode
/// word boundaries found directly): most answers are ASCII, and this is a report's hottest loop.
/// Gives the letters and capitals seen, for telling a shouted answer; `None` at a character
/// other than ASCII and the few punctuation marks of `lone_mark`.
fn scan_ascii(
    text: &str,
    start: usize,
    end: usize,
    state: &mut ScanState,
    out: &mut Vec<Span>,
) -> Option<(usize, usize)> {
    let bytes = &text.as_bytes()[..end];
    let (mut letters, mut capitals) = (0, 0);
    let mut at = start;
    while at < bytes.len() {
        let first = bytes[at];
        if is_wordish(first) {
            let (start, word) = (at, ascii_word(bytes, at));
            at = word.end;
            (letters, capitals) = (letters + word.letters, capitals + word.capitals);
            if word.letters == 0 && !word.digits {
                // Underscores only: punctuation.
                (state.joinable, state.open, state.pending_break) = (false, false, true);
            } else if state.joinable && state.open {
                if let Some(last) = out.last_mut() {
                    last.end = word.end;
                }
                state.joinable = false;
            } else {
                push_word(start, word.end, word.casing(), state, out);
            }
            // The space that most often follows a word, passed here: in the match below it
            // would take the match's jump table, an indirect branch that is often mispredicted.
            if bytes.get(at) == Some(&b' ') {
                at += 1;
                (state.joinable, state.open) = (false, false);
            }
            continue;
        }
        if !first.is_ascii() {
            at += lone_mark(&bytes[at..])?;
            (state.pending_break, state.joinable, state.open) = (true, false, false);
            continue;
        }
        at += 1;
        match first {
            b'-' if state.open && !state.pending_break => {
                state.joinable = true;
                continue;
            }
            b' ' => {
                while bytes.get(at) == Some(&b' ') {
                    at += 1;
                }
            }
            b'\r' if bytes.get(at) == Some(&b'\n') => {
                at += 1;
                (state.pending_break, state.sentence_start) = (true, true);
            }
            b'\n' => (state.pending_break, state.sentence_start) = (true, true),
            b'-' | b'\'' | b'\t' | b'\r' | 0x0b | 0x0c => {}
            _ => {
                state.pending_break = true;
                if matches!(first, b'.' | b'!' | b'?' | b':') {
                    state.sentence_start = true;
                }
            }
        }
        (state.joinable, state.open) = (false, false);
    }
    Some((letters, capitals))
}

/// The length of the punctuation mark `rest` starts with, if it is one of the common ones that
/// Unicode word boundaries always break around (class Other) and an ASCII character or the
/// end follows (no combining mark can attach to it): dashes, curly double quotes, the ellipsis,
/// £ and €.
/// Curly single quotes are not among them: one can join a word ("Children’s").
fn lone_mark(rest: &[u8]) -> Option<usize> {
    const LONE_MARKS: [&str; 7] = ["–", "—", "“", "”", "…", "£", "€"];
    let mark = LONE_MARKS
        .iter()
        .find(|mark| rest.starts_with(mark.as_bytes()))?;
    rest.get(mark.len())
        .is_none_or(u8::is_ascii)
        .then_some(mark.len())
}

fn is_wordish(b: u8) -> bool {
    WORDISH[b as usize]
}

/// Which bytes are letters, digits or underscores, for the ASCII scan: one table look-up
/// instead of a chain of comparisons.
static WORDISH: [bool; 256] = {
    let mut wordish = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        wordish[b] = byte.is_ascii_alphanumeric() || byte == b'_';
        b += 1;
    }
    wordish
};

/// An ASCII word segment and its letters, read in one pass.
#[derive(Debug, Default)]
struct AsciiWord {
    end: usize,
    letters: usize,
    capitals: usize,
    digits: bool,
    first_capital: bool,
    last_letter: u8,
}

impl AsciiWord {
    /// Counts the bytes of `eight` (classed as `classes`) whose high bits are in `within`.
    fn count_eight(&mut self, eight: u64, classes: &Classes, within: u64) {
        let (letters, capitals) = (classes.letter & within, classes.capital & within);
        if letters != 0 {
            if self.letters == 0 {
                self.first_capital = capitals & letters & letters.wrapping_neg() != 0;
            }
            let last = 63 - letters.leading_zeros();
            self.last_letter = (eight >> (last - 7)) as u8;
        }
        self.letters += letters.count_ones() as usize;
        self.capitals += capitals.count_ones() as usize;
        self.digits |= classes.digit & within != 0;
    }

    fn casing(&self) -> Casing {
        let (letters, capitals) = (self.letters, self.capitals);
        // All capitals but a plural s ("IDVAs") counts as capitals.
        if (self.last_letter == b's' && letters >= 3 && capitals == letters - 1)
            || (letters >= 2 && capitals == letters)
        {
            Casing::Upper
        } else if capitals == 0 {
            Casing::Lower
        } else if self.first_capital && capitals == 1 {
            Casing::Title
        } else {
            Casing::Unknown
        }
    }
}

/// The ASCII word segment starting at `start` (UAX #29 WB5-WB13b): letters, digits and
/// underscores run together; a letter, then ' . or : then a letter; a digit, then ' . , or ;
/// then a digit. Reads eight bytes at a time: the end of a run is found from their classes at
/// once, not by a branch per byte (the scan takes about an eighth fewer instructions).
fn ascii_word(bytes: &[u8], start: usize) -> AsciiWord {
    let letter = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut word = AsciiWord::default();
    let mut end = start;
    loop {
        let eight = eight_bytes(bytes, end);
        let classes = Classes::of(eight);
        let stop = !classes.wordish & HIGH_BITS;
        let len = if stop == 0 {
            8
        } else {
            stop.trailing_zeros() as usize / 8
        };
        word.count_eight(eight, &classes, first_bytes(len));
        end += len;
        if len == 8 {
            continue;
        }
        match bytes.get(end) {
            Some(b'\'' | b'.' | b':') if letter(end - 1) && letter(end + 1) => end += 1,
            Some(b'\'' | b'.' | b',' | b';') if digit(end - 1) && digit(end + 1) => end += 1,
            _ => break,
        }
    }
    word.end = end;
    word
}

/// The bits of the first `len` (at most 8) bytes of a `u64`.
fn first_bytes(len: usize) -> u64 {
    u64::MAX.checked_shr(64 - 8 * len as u32).unwrap_or(0)
}

/// The high bit of every byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Eight bytes from `at` as a little-endian number, zeros past the end (a zero is no word byte).
fn eight_bytes(bytes: &[u8], at: usize) -> u64 {
    match bytes
        .get(at..at + 8)
        .and_then(|eight| <[u8; 8]>::try_from(eight).ok())
    {
        Some(eight) => u64::from_le_bytes(eight),
        None => {
            let mut padded = [0u8; 8];
            let rest = &bytes[at.min(bytes.len())..];
            padded[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(padded)
        }
    }
}

/// The classes of eight bytes at once: the high bit of each byte of a mask is set where that
/// byte is of the class. Bytes of 0x80 and above are of none.
struct Classes {
    letter: u64,
    capital: u64,
    digit: u64,
    wordish: u64,
}

impl Classes {
    fn of(eight: u64) -> Classes {
        const fn each(b: u8) -> u64 {
            u64::from_le_bytes([b; 8])
        }
        let ascii = !eight & HIGH_BITS;
        let low = eight & !HIGH_BITS;
        // low + 0x80 - from reaches the high bit when low >= from, low + 0x7f - to when
        // low > to; no sum passes 0xff, so no byte carries into the next.
        let within =
            |from: u8, to: u8| (low + each(0x80 - from)) & !(low + each(0x7f - to)) & ascii;
        let capital = within(b'A', b'Z');
        let letter = capital | within(b'a', b'z');
        let digit = within(b'0', b'9');
        let underscore = !((low ^ each(b'_')) + each(0x7f)) & ascii;
        Classes {
            letter,
            capital,
            digit,
            wordish: letter | digit | underscore,
        }
    }
}

/// Writes `written` case-folded into `out` (replacing what was there): lower case, typographic
/// apostrophes made plain, a possessive "'s" removed.
pub fn fold_into(written: &str, out: &mut String) {
    out.clear();
    if written.is_ascii() {
        out.push_str(written);
        out.make_ascii_lowercase();
    } else {
        out.extend(
            written
                .chars()
                .map(|c| {
                    if c == '\u{2019}' || c == '\u{2018}' {
                        '\''
                    } else {
                        c
                    }
                })
                .flat_map(char::to_lowercase),
        );
    }
    if out.ends_with("'s") {
        out.truncate(out.len() - 2);
    }
}

/// Numbers ("2014", "9-5", "2nd") and single letters say nothing in a word list.
fn keep(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) if first.is_alphabetic() => chars.next().is_some(),
        _ => false,
    }
}

fn casing_of(word: &str) -> Casing {
    if word.is_ascii() {
        ascii_casing(word.as_bytes())
    } else {
        unicode_casing(word)
    }
}

fn unicode_casing(word: &str) -> Casing {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let body = match letters.split_last() {
        Some((&'s', rest)) if rest.len() >= 2 && rest.iter().all(|c| c.is_uppercase()) => rest,
        _ => &letters[..],
    };
    if body.len() >= 2 && body.iter().all(|c| c.is_uppercase()) {
        Casing::Upper
    } else if body.iter().all(|c| c.is_lowercase()) {
        Casing::Lower
    } else if body.first().is_some_and(|c| c.is_uppercase())
        && body[1..].iter().all(|c| c.is_lowercase())
    {
        Casing::Title
    } else {
        Casing::Unknown
    }
}

/// `casing_of` for an ASCII word, counting instead of collecting its letters (as `ascii_word`
/// does, eight bytes at a time).
fn ascii_casing(word: &[u8]) -> Casing {
    let mut counted = AsciiWord::default();
    for (i, chunk) in word.chunks(8).enumerate() {
        let eight = eight_bytes(word, i * 8);
        counted.count_eight(eight, &Classes::of(eight), first_bytes(chunk.len()));
    }
    counted.casing()
}

/// An answer written mostly in capitals tells nothing about how its words are usually written.
fn is_shouting(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (count, capitals) = letters.fold((0, 0), |(n, u), c| {
        (n + 1, u + usize::from(c.is_uppercase()))
    });
    shouted(count, capitals)
}

fn shouted(letters: usize, capitals: usize) -> bool {
    letters >= 12 && capitals * 10 > letters * 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The scan by Unicode word boundaries alone, over the whole text.
    fn by_word_boundaries(text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        scan_segments(text, 0, text.len(), &mut ScanState::default(), &mut spans);
        if is_shouting(text) {
            spans
                .iter_mut()
                .for_each(|span| span.casing = Casing::Unknown);
        }
        spans
    }

    fn scanned(text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        scan(text, &mut spans);
        spans
    }

    proptest! {
        #[test]
        fn the_fused_ascii_scan_matches_word_boundaries(text in "[a-cA-CsS0-2 _.,;:'\"!?()/\\-\n\r\t\x0b]{0,60}") {
            prop_assert_eq!(scanned(&text), by_word_boundaries(&text));
        }

        #[test]
        fn ascii_stretches_of_other_text_match_word_boundaries(
            text in "[a-cA-C0-2 .,'\\-\néÉß’‘–—“”£€…•\u{301}\u{200d}\u{3000}\u{2003}😀🇬🇧]{0,40}"
        ) {
            prop_assert_eq!(scanned(&text), by_word_boundaries(&text));
        }

        #[test]
        fn folded_keys_match_folding_the_written_word(
            text in "[a-dA-DsSyYzZ_.:0-2'\\- ]{0,40}[a-z ]{0,20}"
        ) {
            let mut spans = Vec::new();
            scan(&text, &mut spans);
            for span in spans {
                let mut folded = String::new();
                fold_into(&text[span.start..span.end], &mut folded);
                let key = ascii_key(text.as_bytes(), span.start, span.end);
                let kept = key.filter(|&(key, first)| first.is_ascii_alphabetic() && key > 0xff);
                prop_assert_eq!(kept.is_some(), keep(&folded) && folded.len() <= 16, "{}", folded);
                if let Some((key, _)) = kept {
                    prop_assert_eq!(Folded::Key(key).with_str(str::to_string), folded);
                }
            }
        }

        #[test]
        fn answers_with_lone_marks_match_word_boundaries(
            text in "[a-cA-C0-2 .,:'\"\\-\n–—“”…£€]{0,40}[\u{301}’a]?[a-c–]?"
        ) {
            prop_assert_eq!(scanned(&text), by_word_boundaries(&text));
        }

        #[test]
        fn long_words_scan_as_by_word_boundaries(
            text in "([a-cA-C0-2_]{0,20}[ .:',;\\-]){0,6}"
        ) {
            prop_assert_eq!(scanned(&text), by_word_boundaries(&text));
        }

        #[test]
        fn ascii_casing_matches_the_general_rule(word in "[a-cA-CsS0-2'_]{1,20}") {
            prop_assert_eq!(ascii_casing(word.as_bytes()), unicode_casing(&word));
        }
    }

    #[test]
    fn scanning_matches_word_boundaries_on_real_answers() {
        for text in [
            "Lack of funding, e.g. for MARAC's 9-5 work; 1,000.50 pounds: a:b it's 24/7 (IDVAs) don't_stop x1.y2 3.a",
            "  Drop-in   services\r\nand  children's   centres!! ",
            "Waiting lists -months, not weeks - for refuge",
            "NOT ENOUGH REFUGE-PLACES in Luton. MARAC",
            "Lone working policy – unable to take victims in cars; Children’s Centres’ staff • café",
            "ÉCOLE and CAFÉ staff SAY there IS NO REFUGE – none",
            "Lone working – unable…“Refuge” costs £15 or €20—no; a–b 1–2 “MARAC”",
        ] {
            assert_eq!(scanned(text), by_word_boundaries(text), "{text}");
        }
    }

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(text, &mut out);
        out.iter().map(|t| t.word.to_string()).collect()
    }

    #[test]
    fn words_are_folded_and_numbers_and_single_letters_dropped() {
        assert_eq!(
            words("In 2014, Children’s Centres saw 24 hours' work, 9-5 and 1:1 support (a lot)."),
            vec![
                "in", "children", "centres", "saw", "hours", "work", "and", "support", "lot"
            ]
        );
        let mut out = Vec::new();
        tokenize("saw 24 hours", &mut out);
        assert!(out[1].break_before, "no phrase spans a dropped number");
    }

    #[test]
    fn hyphenated_compounds_stay_whole_and_acronyms_keep_their_case() {
        let mut out = Vec::new();
        tokenize(
            "We refer to MARAC and the IDVAs at the drop-in centre",
            &mut out,
        );
        let got: Vec<(&str, Casing)> = out.iter().map(|t| (&*t.word, t.casing)).collect();
        assert_eq!(
            got,
            vec![
                ("we", Casing::Unknown),
                ("refer", Casing::Lower),
                ("to", Casing::Lower),
                ("marac", Casing::Upper),
                ("and", Casing::Lower),
                ("the", Casing::Lower),
                ("idvas", Casing::Upper),
                ("at", Casing::Lower),
                ("the", Casing::Lower),
                ("drop-in", Casing::Lower),
                ("centre", Casing::Lower),
            ]
        );
    }

    #[test]
    fn punctuation_breaks_phrases_and_starts_sentences() {
        let mut out = Vec::new();
        tokenize(
            "Lack of funding. Police, housing\nand Refuge / hostels",
            &mut out,
        );
        let got: Vec<(&str, bool, Casing)> = out
            .iter()
            .map(|t| (&*t.word, t.break_before, t.casing))
            .collect();
        assert_eq!(
            got,
            vec![
                ("lack", true, Casing::Unknown),
                ("of", false, Casing::Lower),
                ("funding", false, Casing::Lower),
                ("police", true, Casing::Unknown),
                ("housing", true, Casing::Lower),
                ("and", true, Casing::Unknown),
                ("refuge", false, Casing::Title),
                ("hostels", true, Casing::Lower),
            ]
        );
    }

    #[test]
    fn shouted_answers_give_no_casing_evidence() {
        let mut out = Vec::new();
        tokenize("NOT ENOUGH REFUGE PLACES IN TOWN", &mut out);
        assert!(out.iter().all(|t| t.casing == Casing::Unknown));
    }
}
