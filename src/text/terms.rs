//! Term counting for one free-text field: words grouped by stem and shown by their most frequent
//! written form, and two- and three-word phrases kept when the words are associated.

use super::tokenize::{Casing, Folded, Span, for_each_word};
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;
use std::sync::Arc;

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
/// Distinct written words (stop words and typos included) remembered before the rarely used
/// ones are forgotten: each is stemmed once and then known by number.
const LEXICON_LIMIT: usize = 20_000;
/// Answers remembered word by word, so that their repeats are counted without reading them again.
const REPEATS_LIMIT: usize = 2_048;
/// Places for traces of answers not remembered (256 KiB).
const SEEN_SLOTS: usize = 1 << 16;
/// Words of an answer that its lists keep room for between answers; a longer answer's room is
/// given back when the next one starts, so one pasted document holds no memory for the rest of
/// the run.
const KEPT_ROOM: usize = 4_096;
/// An empty place in a phrase key (a two-word phrase), or no stem.
const NONE: u32 = u32::MAX;

/// What a field's vocabulary says of a word; asked once per distinct written word.
pub trait Vocabulary {
    /// Whether the word (case-folded) with this stem is a content word: not a stop word, not a
    /// word of the question itself.
    fn is_content(&self, word: &str, stem: &str) -> bool;
    /// How many theme pattern words ("slots") the field has.
    fn pattern_words(&self) -> usize {
        0
    }
    /// Whether the word fits the pattern word numbered `slot`.
    fn fits(&self, slot: usize, word: &str, stem: &str) -> bool {
        let _ = (slot, word, stem);
        false
    }
}

/// How often one written form (case-folded) of a stem occurs, and how it is cased.
#[derive(Debug, Clone, Default, PartialEq)]
struct Form {
    /// Uses by how they were written, indexed by `Casing as usize`: an index instead of a
    /// match, so counting a word takes no indirect jump.
    by_casing: [u64; 4],
    /// Spellings seen in capitals ("IDVAs"), with counts, at most `SPELLINGS`.
    upper_spellings: Vec<(String, u64)>,
}

impl Form {
    /// Uses written with `casing`.
    fn written(&self, casing: Casing) -> u64 {
        self.by_casing[casing as usize]
    }

    /// Uses in all.
    fn count(&self) -> u64 {
        self.by_casing.iter().sum()
    }
}

/// One distinct written word of the field (case-folded), known by its number.
#[derive(Debug, Clone, Default)]
struct WordInfo {
    stem: u32,
    content: bool,
    /// Uses since the lexicon was last compacted (a word used once is likely a typo).
    uses: u32,
}

/// Word numbers by written word. Words of up to 16 bytes (nearly all) are keyed by their bytes
/// read as a number, so a lookup follows no pointer to the word's text.
#[derive(Debug, Clone, Default)]
struct WordIds {
    short: HashMap<u128, u32>,
    long: HashMap<Box<str>, u32>,
}

impl WordIds {
    /// The bytes of a short word, zero-padded (no word holds a zero byte).
    fn short_key(word: &str) -> Option<u128> {
        let bytes = word.as_bytes();
        (bytes.len() <= 16).then(|| {
            let mut key = [0u8; 16];
            key[..bytes.len()].copy_from_slice(bytes);
            u128::from_le_bytes(key)
        })
    }

    fn get(&self, word: &str) -> Option<u32> {
        match Self::short_key(word) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(word).copied(),
        }
    }

    fn insert(&mut self, word: &str, id: u32) {
        match Self::short_key(word) {
            Some(key) => self.short.insert(key, id),
            None => self.long.insert(word.into(), id),
        };
    }

    /// Gives each word its number in `new`, forgetting those that have none.
    fn renumber(&mut self, new: &[u32]) {
        self.short.retain(|_, id| renumbered(id, new));
        self.long.retain(|_, id| renumbered(id, new));
    }
}

/// Sets `id` to its new number: whether it has one.
fn renumbered(id: &mut u32, new: &[u32]) -> bool {
    *id = new[*id as usize];
    *id != NONE
}

#[derive(Debug, Clone, Default)]
struct StemStats {
    /// 0 when the stem is not counted (never seen, or forgotten).
    mentions: u64,
    respondents: u64,
    /// Lossy counting: the most mentions it could have had before it was first counted.
    delta: u64,
    /// The answer that last counted as a respondent (answers are numbered from 1).
    last_answer: u64,
}

#[derive(Debug, Clone, Default)]
struct PhraseStats {
    mentions: u64,
    respondents: u64,
    delta: u64,
    last_answer: u64,
    /// Stems of its content words, for telling which words it explains (`NONE` after the last).
    content: [u32; 3],
    forms: Forms,
}

/// A phrase's written forms as word numbers, with counts. The first is kept in place: most
/// phrases are written mostly one way, and counting that form then reads no memory elsewhere
/// (a list of forms on the heap cost a cache miss per phrase counted).
#[derive(Debug, Clone, Default)]
struct Forms {
    /// With a count of 0 while there is none.
    first: ([u32; 3], u64),
    more: Vec<([u32; 3], u64)>,
}

impl Forms {
    fn count(&mut self, written: [u32; 3], n: u64) {
        if self.first.1 == 0 || self.first.0 == written {
            self.first = (written, self.first.1 + n);
            return;
        }
        match self.more.iter_mut().find(|(w, _)| *w == written) {
            Some((_, count)) => *count += n,
            None => self.more.push((written, n)),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &([u32; 3], u64)> {
        let first = (self.first.1 > 0).then_some(&self.first);
        first.into_iter().chain(&self.more)
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut ([u32; 3], u64)> {
        let first = (self.first.1 > 0).then_some(&mut self.first);
        first.into_iter().chain(&mut self.more)
    }
}

/// One kept word of the answer being counted.
#[derive(Debug, Clone, Copy)]
struct Placed {
    word: u32,
    stem: u32,
    /// Not a stop word nor a word of the question.
    content: bool,
    casing: Casing,
    break_before: bool,
    /// Where it is written in the answer.
    start: usize,
    end: usize,
}

/// An answer remembered as counted: consultations get the same answer word for word from many
/// respondents (a campaign's template, a stock reply), and its repeats need no reading.
#[derive(Debug, Clone)]
struct Repeat {
    /// As written (trimmed): a repeat is the same text.
    written: Box<str>,
    /// As counted (redacted), where it differs; `placed` gives places in it.
    counted: Option<Box<str>>,
    placed: Vec<Placed>,
    /// What the caller noted with it (the themes it is coded to).
    tags: Box<[u32]>,
    /// Repeats since the last sweep.
    hits: u32,
    /// Repeats whose words are not counted yet.
    owed: u64,
}

/// An answer the counter does not remember, known by the hash of its text.
#[derive(Debug, Clone, Copy)]
pub struct Unremembered(u64);

/// The remembered answers, found by a hash of their text.
#[derive(Debug, Clone, Default)]
struct Repeats {
    by_hash: HashMap<u64, u32>,
    entries: Vec<Repeat>,
    /// A trace of each answer seen lately, at a place its hash picks: part of its hash, and in
    /// the low two bits how often it was seen. An answer is remembered the fourth time it is
    /// seen: remembering one written only a few times costs more than it saves.
    seen: Vec<u32>,
}

impl Repeats {
    fn hash(written: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(written)
    }

    fn find(&self, written: &str, hash: u64) -> Option<usize> {
        let &index = self.by_hash.get(&hash)?;
        let index = index as usize;
        (*self.entries[index].written == *written).then_some(index)
    }
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
///
/// Each distinct written word is looked up once per use and stemmed once; everything after
/// that works on numbers (word, stem and phrase keys), so counting an answer of known words and
/// phrases allocates nothing.
#[derive(Clone)]
pub struct TermCounter {
    answers: u64,
    content_words: u64,
    word_ids: WordIds,
    word_names: Vec<Box<str>>,
    words: Vec<WordInfo>,
    /// Each word's counts while its stem is counted; emptied when the stem is forgotten.
    forms: Vec<Form>,
    /// The theme pattern words each word fits: `stride` 64-bit blocks per word.
    slots: Vec<u64>,
    stride: usize,
    stem_ids: HashMap<Box<str>, u32>,
    stem_names: Vec<Box<str>>,
    stems: Vec<StemStats>,
    /// Stems with mentions.
    counted_stems: usize,
    /// Keyed by the stems of its words (`NONE` in the third place for two words).
    phrases: HashMap<[u32; 3], PhraseStats>,
    /// The phrases while they are renumbered, reused.
    phrase_scratch: Vec<([u32; 3], PhraseStats)>,
    stemmer: Arc<Stemmer>,
    /// The lexicon size at which rarely used words are next forgotten, and the answers counted
    /// when they last were.
    compact_at: usize,
    compacted_at: u64,
    /// The answers counted when pruning last ran.
    pruned_at: u64,
    // The answer last counted, reused so counting allocates nothing.
    spans: Vec<Span>,
    placed: Vec<Placed>,
    folded: String,
    /// The theme pattern words some word of the answer last counted fits (bits by slot).
    fitted: Vec<u64>,
    repeats: Repeats,
    /// Repeats whose words are not counted yet, of all remembered answers.
    owed: u64,
    /// Times repeats were counted (each numbered as an answer of its own).
    repeat_counts: u64,
}

impl std::fmt::Debug for TermCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "TermCounter({} answers, {} words, {} stems, {} phrases)",
            self.answers,
            self.words.len(),
            self.counted_stems,
            self.phrases.len()
        )
    }
}

impl Default for TermCounter {
    fn default() -> Self {
        TermCounter {
            answers: 0,
            content_words: 0,
            word_ids: WordIds::default(),
            word_names: Vec::new(),
            words: Vec::new(),
            forms: Vec::new(),
            slots: Vec::new(),
            stride: 0,
            stem_ids: HashMap::default(),
            stem_names: Vec::new(),
            stems: Vec::new(),
            counted_stems: 0,
            phrases: HashMap::default(),
            phrase_scratch: Vec::new(),
            stemmer: Arc::new(Stemmer::create(Algorithm::English)),
            compact_at: LEXICON_LIMIT,
            compacted_at: 0,
            pruned_at: 0,
            spans: Vec::new(),
            placed: Vec::new(),
            folded: String::new(),
            fitted: Vec::new(),
            repeats: Repeats::default(),
            owed: 0,
            repeat_counts: 0,
        }
    }
}

impl TermCounter {
    /// The number of the stem `name`, added if new.
    fn stem_id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.stem_ids.get(name) {
            return id;
        }
        let id = self.stem_names.len() as u32;
        self.stem_ids.insert(name.into(), id);
        self.stem_names.push(name.into());
        self.stems.push(StemStats::default());
        id
    }

    /// The number of a written word (case-folded), stemmed and classified when new.
    fn word_id(&mut self, word: Folded, vocabulary: &impl Vocabulary) -> u32 {
        let found = match word {
            Folded::Key(key) => self.word_ids.short.get(&key).copied(),
            Folded::Text(word) => self.word_ids.get(word),
        };
        match found {
            Some(id) => id,
            None => word.with_str(|word| self.new_word(word, vocabulary)),
        }
    }

    /// Stems and classifies a new word (`add` has set `stride`).
    fn new_word(&mut self, word: &str, vocabulary: &impl Vocabulary) -> u32 {
        let stem_name = self.stemmer.stem(word);
        let content = vocabulary.is_content(word, &stem_name);
        let first_slot = self.slots.len();
        self.slots.resize(first_slot + self.stride, 0);
        for slot in 0..vocabulary.pattern_words() {
            if vocabulary.fits(slot, word, &stem_name) {
                self.slots[first_slot + slot / 64] |= 1 << (slot % 64);
            }
        }
        let stem = self.stem_id(&stem_name);
        self.add_word(word, stem, content)
    }

    fn add_word(&mut self, word: &str, stem: u32, content: bool) -> u32 {
        let id = self.words.len() as u32;
        self.word_ids.insert(word, id);
        self.word_names.push(word.into());
        self.words.push(WordInfo {
            stem,
            content,
            uses: 0,
        });
        self.forms.push(Form::default());
        id
    }

    /// Prunes, if a bucket of answers has just ended and it was not done yet. Pruning renumbers
    /// words, so it waits for the next answer: until then `fits` reads the word numbers of the
    /// answer last counted.
    fn prune_if_due(&mut self) {
        if self.answers > self.pruned_at && self.answers.is_multiple_of(PRUNE_EVERY) {
            self.pruned_at = self.answers;
            self.prune(self.answers / PRUNE_EVERY);
            self.sweep_repeats();
        }
    }

    /// Counts the words and phrases of one answer.
    pub fn add(&mut self, text: &str, vocabulary: &impl Vocabulary) {
        self.prune_if_due();
        self.answers += 1;
        self.clear_placed();
        let (mut spans, mut folded) = (
            std::mem::take(&mut self.spans),
            std::mem::take(&mut self.folded),
        );
        if self.words.is_empty() {
            self.stride = vocabulary.pattern_words().div_ceil(64);
        }
        self.fitted.clear();
        self.fitted.resize(self.stride, 0);
        for_each_word(text, &mut spans, &mut folded, |word, span| {
            let word = self.word_id(word, vocabulary);
            let slots = &self.slots[word as usize * self.stride..][..self.stride];
            for (fitted, bits) in self.fitted.iter_mut().zip(slots) {
                *fitted |= bits;
            }
            let info = &mut self.words[word as usize];
            info.uses = info.uses.saturating_add(1);
            self.placed.push(Placed {
                word,
                stem: info.stem,
                content: info.content,
                casing: span.casing,
                break_before: span.break_before,
                start: span.start,
                end: span.end,
            });
        });
        self.spans = spans;
        self.folded = folded;
        self.count_placed(text, 1, self.answers);
    }

    fn clear_placed(&mut self) {
        self.placed.clear();
        if self.placed.capacity() > KEPT_ROOM {
            self.give_back_room();
        }
    }

    /// Lets go of the room a long answer took (kept out of line: it is rarely needed).
    #[cold]
    fn give_back_room(&mut self) {
        self.placed.shrink_to(KEPT_ROOM);
        self.spans.clear();
        self.spans.shrink_to(KEPT_ROOM);
    }

    /// Counts `written` again if it is a remembered answer, word for word: gives the text it was
    /// counted as and the tags it was remembered with. Its words are counted later, with its
    /// other repeats at once (`count_repeats`); meanwhile `answer_len` and `fits` tell of no words.
    /// An answer not remembered is given back for `remember`, once it is counted with `add`.
    pub fn add_repeat(&mut self, written: &str) -> Result<(&str, &[u32]), Unremembered> {
        self.prune_if_due();
        let hash = Repeats::hash(written);
        let Some(index) = self.repeats.find(written, hash) else {
            return Err(Unremembered(hash));
        };
        self.answers += 1;
        self.owed += 1;
        self.clear_placed();
        self.fitted.fill(0);
        let repeat = &mut self.repeats.entries[index];
        repeat.hits = repeat.hits.saturating_add(1);
        repeat.owed += 1;
        Ok((
            repeat.counted.as_deref().unwrap_or(&repeat.written),
            &repeat.tags,
        ))
    }

    /// Counts the words of the repeats not counted yet: before the counts are read, and before
    /// pruning, so that no count waiting here is forgotten.
    pub fn count_repeats(&mut self) {
        for index in 0..self.repeats.entries.len() {
            self.count_repeat(index);
        }
    }

    /// Counts the repeats owed and lets go of the remembered answers, once all answers are in:
    /// they only save work on answers still to come. Adding more answers afterwards still
    /// counts them, remembering anew.
    pub fn finish(&mut self) {
        self.count_repeats();
        self.repeats = Repeats::default();
    }

    fn count_repeat(&mut self, index: usize) {
        let repeat = &mut self.repeats.entries[index];
        let times = std::mem::take(&mut repeat.owed);
        if times == 0 {
            return;
        }
        // Taken out while counting, which needs the counter whole, and put back.
        let (written, counted) = (std::mem::take(&mut repeat.written), repeat.counted.take());
        std::mem::swap(&mut self.placed, &mut repeat.placed);
        // Numbers no answer has, counting down from the largest.
        self.repeat_counts += 1;
        let answer = u64::MAX - self.repeat_counts;
        self.count_placed(counted.as_deref().unwrap_or(&written), times, answer);
        let repeat = &mut self.repeats.entries[index];
        std::mem::swap(&mut self.placed, &mut repeat.placed);
        (repeat.written, repeat.counted) = (written, counted);
        self.owed -= times;
    }

    /// A copy with the repeats owed counted, for reading a counter not yet `count_repeats`ed.
    fn with_repeats_counted(&self) -> TermCounter {
        let mut counted = self.clone();
        counted.count_repeats();
        counted
    }

    /// Forgets the remembered answers not repeated since the last sweep once they fill most of
    /// the room (counting what they are owed first), so answers written once give way to ones
    /// that come back.
    fn sweep_repeats(&mut self) {
        if self.repeats.entries.len() < REPEATS_LIMIT * 3 / 4 {
            return;
        }
        for index in 0..self.repeats.entries.len() {
            if self.repeats.entries[index].hits == 0 {
                self.count_repeat(index);
            }
        }
        let repeats = &mut self.repeats;
        repeats.entries.retain(|repeat| repeat.hits > 0);
        repeats.by_hash.clear();
        for (index, repeat) in repeats.entries.iter_mut().enumerate() {
            repeat.hits = 0;
            repeats
                .by_hash
                .insert(Repeats::hash(&repeat.written), index as u32);
        }
    }

    /// Remembers the answer last counted, which `add_repeat` gave back, written as `written`
    /// and counted (redacted) as `counted`, with the caller's `tags`: the fourth time it is seen,
    /// if there is room.
    pub fn remember(&mut self, answer: Unremembered, written: &str, counted: &str, tags: &[u32]) {
        let repeats = &mut self.repeats;
        if repeats.entries.len() >= REPEATS_LIMIT {
            return;
        }
        let Unremembered(hash) = answer;
        if repeats.seen.is_empty() {
            repeats.seen = vec![0; SEEN_SLOTS];
        }
        let (slot, trace) = (hash as usize % SEEN_SLOTS, (hash >> 32) as u32 & !3);
        let seen = &mut repeats.seen[slot];
        let sightings = if *seen & !3 == trace { *seen & 3 } else { 0 };
        if sightings < 3 {
            *seen = trace | (sightings + 1);
            return;
        }
        if repeats.by_hash.contains_key(&hash) {
            return;
        }
        repeats.by_hash.insert(hash, repeats.entries.len() as u32);
        repeats.entries.push(Repeat {
            written: written.into(),
            counted: (counted != written).then(|| counted.into()),
            placed: self.placed.clone(),
            tags: tags.into(),
            hits: 0,
            owed: 0,
        });
    }

    /// Counts the words of the answer last placed (`self.placed`), written as `text`.
    /// `times` answers written so, counted at once; `answer` tells one answer from another.
    fn count_placed(&mut self, text: &str, times: u64, answer: u64) {
        let bucket = self.answers.div_ceil(PRUNE_EVERY);
        let placed = std::mem::take(&mut self.placed);
        for (i, at) in placed.iter().enumerate() {
            if !at.content {
                continue;
            }
            let stem = at.stem;
            self.content_words += times;
            let stats = &mut self.stems[stem as usize];
            if stats.mentions == 0 {
                *stats = StemStats {
                    delta: bucket - 1,
                    ..StemStats::default()
                };
                self.counted_stems += 1;
            }
            stats.mentions += times;
            if stats.last_answer != answer {
                stats.last_answer = answer;
                stats.respondents += times;
            }
            let form = &mut self.forms[at.word as usize];
            form.by_casing[at.casing as usize] += times;
            if at.casing == Casing::Upper {
                let spelling = without_possessive(&text[at.start..at.end]);
                count_spelling(&mut form.upper_spellings, spelling, times);
            }
            // Phrases start and end on content words, never across punctuation.
            for len in 2..=3 {
                let end = i + len;
                if end > placed.len()
                    || !placed[end - 1].content
                    || placed[i + 1..end].iter().any(|p| p.break_before)
                {
                    continue;
                }
                let (mut key, mut written, mut content) = ([NONE; 3], [NONE; 3], [NONE; 3]);
                let mut contents = 0;
                for (k, p) in placed[i..end].iter().enumerate() {
                    key[k] = p.stem;
                    written[k] = p.word;
                    if p.content {
                        content[contents] = p.stem;
                        contents += 1;
                    }
                }
                let phrase = self.phrases.entry(key).or_insert_with(|| PhraseStats {
                    delta: bucket - 1,
                    content,
                    ..PhraseStats::default()
                });
                phrase.mentions += times;
                if phrase.last_answer != answer {
                    phrase.last_answer = answer;
                    phrase.respondents += times;
                }
                phrase.forms.count(written, times);
            }
        }
        self.placed = placed;
    }

    /// Lossy counting's pruning, then forgetting rarely used words once there are too many.
    fn prune(&mut self, bucket: u64) {
        let forgetting = self.counted_stems > WORD_LIMIT
            || self.phrases.len() > PHRASE_LIMIT
            || self.words.len() > self.compact_at;
        if forgetting {
            self.count_repeats();
        }
        if self.counted_stems > WORD_LIMIT {
            for stats in &mut self.stems {
                if stats.mentions > 0 && stats.mentions + stats.delta <= bucket {
                    *stats = StemStats::default();
                    self.counted_stems -= 1;
                }
            }
            for (info, form) in self.words.iter().zip(&mut self.forms) {
                if self.stems[info.stem as usize].mentions == 0 && form.count() > 0 {
                    *form = Form::default();
                }
            }
        }
        if self.phrases.len() > PHRASE_LIMIT {
            self.phrases.retain(|_, p| p.mentions + p.delta > bucket);
        }
        if self.words.len() > self.compact_at {
            self.compact();
        }
    }

    /// Forgets the words not counted, in no phrase and rarely used since the last time, and the
    /// stems no longer needed; renumbers the rest.
    fn compact(&mut self) {
        // Lossy counting's rule again: a word used less than once per `PRUNE_EVERY` answers
        // since the last compaction is forgotten, unless it is counted or in a phrase.
        let since = self.answers - self.compacted_at;
        self.compacted_at = self.answers;
        let mut keep_word: Vec<bool> = self
            .words
            .iter()
            .zip(&self.forms)
            .map(|(w, form)| form.count() > 0 || u64::from(w.uses) * PRUNE_EVERY > since)
            .collect();
        let mut keep_stem: Vec<bool> = self.stems.iter().map(|s| s.mentions > 0).collect();
        for (key, phrase) in &self.phrases {
            for &s in key.iter().chain(&phrase.content).filter(|&&s| s != NONE) {
                keep_stem[s as usize] = true;
            }
            for (written, _) in phrase.forms.iter() {
                for &w in written.iter().filter(|&&w| w != NONE) {
                    keep_word[w as usize] = true;
                }
            }
        }
        // Remembered answers keep their words, renumbered below.
        for repeat in &self.repeats.entries {
            for p in &repeat.placed {
                keep_word[p.word as usize] = true;
            }
        }
        for (info, _) in self.words.iter().zip(&keep_word).filter(|(_, k)| **k) {
            keep_stem[info.stem as usize] = true;
        }
        let renumber = |keep: &[bool]| -> Vec<u32> {
            let mut next = 0;
            keep.iter()
                .map(|&k| {
                    if k {
                        next += 1;
                        next - 1
                    } else {
                        NONE
                    }
                })
                .collect()
        };
        let (new_word, new_stem) = (renumber(&keep_word), renumber(&keep_stem));
        let map = |ids: [u32; 3], new: &[u32]| map_ids(ids, |i| new[i as usize]);

        // Renumbered in place: building new tables at each compaction left the allocator's heap
        // in pieces, and a report's memory crept up by about 8 MiB a million rows.
        retain_by(&mut self.stems, &keep_stem);
        retain_by(&mut self.stem_names, &keep_stem);
        self.stem_ids.retain(|_, id| renumbered(id, &new_stem));
        retain_by(&mut self.words, &keep_word);
        retain_by(&mut self.forms, &keep_word);
        retain_by(&mut self.word_names, &keep_word);
        let stride = self.stride;
        let mut kept = 0;
        for (id, _) in keep_word.iter().enumerate().filter(|(_, k)| **k) {
            self.slots
                .copy_within(id * stride..(id + 1) * stride, kept * stride);
            kept += 1;
        }
        self.slots.truncate(kept * stride);
        self.word_ids.renumber(&new_word);
        for info in &mut self.words {
            info.stem = new_stem[info.stem as usize];
            info.uses = 0;
        }
        let mut phrases = std::mem::take(&mut self.phrase_scratch);
        phrases.extend(self.phrases.drain());
        for (key, mut phrase) in phrases.drain(..) {
            phrase.content = map(phrase.content, &new_stem);
            for (written, _) in phrase.forms.iter_mut() {
                *written = map(*written, &new_word);
            }
            self.phrases.insert(map(key, &new_stem), phrase);
        }
        self.phrase_scratch = phrases;
        for p in self.repeats.entries.iter_mut().flat_map(|r| &mut r.placed) {
            p.word = new_word[p.word as usize];
            p.stem = new_stem[p.stem as usize];
        }
        self.compact_at = LEXICON_LIMIT.max(self.words.len() * 2);
    }

    /// How many words the answer last counted has (numbers and single letters left out).
    pub fn answer_len(&self) -> usize {
        self.placed.len()
    }

    /// Whether any word of the answer last counted fits any theme pattern word.
    pub fn fits_any(&self) -> bool {
        self.fitted.iter().any(|&bits| bits != 0)
    }

    /// Whether some word of the answer last counted fits the pattern word numbered `slot`.
    pub fn fitted(&self, slot: usize) -> bool {
        self.fitted[slot / 64] & (1 << (slot % 64)) != 0
    }

    /// Whether word `i` of the answer last counted fits the theme pattern word numbered `slot`.
    pub fn fits(&self, i: usize, slot: usize) -> bool {
        let word = self.placed[i].word as usize;
        self.slots[word * self.stride + slot / 64] & (1 << (slot % 64)) != 0
    }

    /// Whether no punctuation comes between words `i - 1` and `i` of the answer last counted.
    pub fn joined(&self, i: usize) -> bool {
        !self.placed[i].break_before
    }

    /// Respondents who used a term, by its key (`Term::stem`); 0 where it was never used.
    pub fn respondents_of(&self, key: &str, phrase: bool) -> u64 {
        if self.owed > 0 {
            return self.with_repeats_counted().respondents_of(key, phrase);
        }
        if phrase {
            let mut ids = [NONE; 3];
            for (k, name) in key.split(' ').enumerate() {
                match (self.stem_ids.get(name), ids.get_mut(k)) {
                    (Some(&id), Some(slot)) => *slot = id,
                    _ => return 0,
                }
            }
            self.phrases.get(&ids).map_or(0, |p| p.respondents)
        } else {
            self.stem_ids
                .get(key)
                .map_or(0, |&id| self.stems[id as usize].respondents)
        }
    }

    /// The number here of the other counter's word `id`, added if new.
    fn word_from(&mut self, other: &TermCounter, id: u32) -> u32 {
        let name = &other.word_names[id as usize];
        if let Some(ours) = self.word_ids.get(name) {
            return ours;
        }
        let info = &other.words[id as usize];
        let stem = self.stem_id(&other.stem_names[info.stem as usize]);
        if self.words.is_empty() {
            self.stride = other.stride;
        }
        let slots = &other.slots[id as usize * other.stride..(id as usize + 1) * other.stride];
        self.slots.extend_from_slice(slots);
        self.add_word(name, stem, info.content)
    }

    /// Adds another counter's counts (of other respondents).
    pub fn merge(&mut self, other: &TermCounter) {
        if other.owed > 0 {
            return self.merge(&other.with_repeats_counted());
        }
        self.answers += other.answers;
        self.content_words += other.content_words;
        for (id, theirs) in other.stems.iter().enumerate() {
            if theirs.mentions == 0 {
                continue;
            }
            let stem = self.stem_id(&other.stem_names[id]);
            let ours = &mut self.stems[stem as usize];
            if ours.mentions == 0 {
                self.counted_stems += 1;
            }
            ours.mentions += theirs.mentions;
            ours.respondents += theirs.respondents;
        }
        for (id, theirs) in other.forms.iter().enumerate() {
            if theirs.count() == 0 {
                continue;
            }
            let word = self.word_from(other, id as u32);
            let mine = &mut self.forms[word as usize];
            for (mine, theirs) in mine.by_casing.iter_mut().zip(theirs.by_casing) {
                *mine += theirs;
            }
            for (spelling, n) in &theirs.upper_spellings {
                count_spelling(&mut mine.upper_spellings, spelling, *n);
            }
        }
        for (key, theirs) in &other.phrases {
            let mut stems =
                |ids: [u32; 3]| map_ids(ids, |s| self.stem_id(&other.stem_names[s as usize]));
            let (key, content) = (stems(*key), stems(theirs.content));
            let forms: Vec<([u32; 3], u64)> = theirs
                .forms
                .iter()
                .map(|(written, n)| (map_ids(*written, |w| self.word_from(other, w)), *n))
                .collect();
            let ours = self.phrases.entry(key).or_insert_with(|| PhraseStats {
                content,
                ..PhraseStats::default()
            });
            ours.mentions += theirs.mentions;
            ours.respondents += theirs.respondents;
            for (written, n) in forms {
                ours.forms.count(written, n);
            }
        }
    }

    /// The counted form of a word, if it is counted.
    fn form_of(&self, word: u32) -> Option<&Form> {
        let form = &self.forms[word as usize];
        (form.count() > 0).then_some(form)
    }

    /// A phrase key (or written form) as text: its stems (or words) with spaces between.
    fn spelled(names: &[Box<str>], ids: &[u32; 3]) -> String {
        let parts: Vec<&str> = ids
            .iter()
            .filter(|&&i| i != NONE)
            .map(|&i| &*names[i as usize])
            .collect();
        parts.join(" ")
    }

    /// Log-likelihood that a phrase's end words occur together more than by chance.
    fn association(&self, key: &[u32; 3], phrase: &PhraseStats) -> f64 {
        let last = if key[2] == NONE { key[1] } else { key[2] };
        let count = |stem: u32| self.stems[stem as usize].mentions as f64;
        let n = self.content_words as f64;
        let k11 = phrase.mentions as f64;
        let (c1, c2) = (count(key[0]), count(last));
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
        if self.owed > 0 {
            return self.with_repeats_counted().terms(answered, top);
        }
        let percent = |n: u64| {
            if answered == 0 {
                0.0
            } else {
                n as f64 * 100.0 / answered as f64
            }
        };
        let mut phrases: Vec<(String, &PhraseStats)> = self
            .phrases
            .iter()
            .filter(|(_, p)| p.mentions >= MIN_PHRASE_MENTIONS && p.respondents >= 2)
            .filter(|(key, p)| self.association(key, p) >= MIN_ASSOCIATION)
            .map(|(key, p)| (Self::spelled(&self.stem_names, key), p))
            .collect();
        phrases.sort_by(|a, b| b.1.mentions.cmp(&a.1.mentions).then_with(|| a.0.cmp(&b.0)));
        // A two-word phrase that is nearly always part of a listed three-word one is not listed:
        // for each two-word key, the most mentions of a three-word phrase that starts or ends with it.
        let mut covering: HashMap<&str, u64> = HashMap::default();
        for (key, p) in phrases.iter().filter(|(k, _)| k.matches(' ').count() == 2) {
            let (head, tail) = (
                key.rsplit_once(' ').map(|(h, _)| h),
                key.split_once(' ').map(|(_, t)| t),
            );
            for part in head.into_iter().chain(tail) {
                let most = covering.entry(part).or_default();
                *most = (*most).max(p.mentions);
            }
        }
        let listed: Vec<&(String, &PhraseStats)> = phrases
            .iter()
            .filter(|(key, p)| {
                key.matches(' ').count() == 2
                    || covering
                        .get(key.as_str())
                        .is_none_or(|m| m * 3 < p.mentions * 2)
            })
            .collect();
        // Only phrases used at least once per `PRUNE_EVERY` answers explain a word: lossy
        // counting forgets rarer ones now and then, and a word's place in the list must not
        // hinge on a long tail of phrases it cannot keep. (Below 2,000 answers every listed
        // phrase qualifies.)
        let mut in_phrases: HashMap<u32, u64> = HashMap::default();
        let common = |p: &PhraseStats| p.mentions * PRUNE_EVERY >= self.answers;
        for (_, p) in listed.iter().filter(|(_, p)| common(p)) {
            let distinct: HashSet<u32> = p.content.iter().copied().filter(|&s| s != NONE).collect();
            for stem in distinct {
                *in_phrases.entry(stem).or_default() += p.mentions;
            }
        }
        let mut terms: Vec<Term> = listed
            .iter()
            .map(|(key, p)| Term {
                term: self.display_phrase(p),
                mentions: p.mentions,
                respondents: p.respondents,
                percent: percent(p.respondents),
                kind: "phrase",
                stem: key.clone(),
            })
            .collect();
        // Each counted stem's most frequent written form, ties to the first in sorted order.
        let mut shown: Vec<Option<u32>> = vec![None; self.stems.len()];
        for (id, (info, form)) in self.words.iter().zip(&self.forms).enumerate() {
            if form.count() == 0 {
                continue;
            }
            let best = &mut shown[info.stem as usize];
            let better = best.is_none_or(|b| {
                let (count, b_count) = (form.count(), self.forms[b as usize].count());
                count > b_count
                    || (count == b_count && self.word_names[id] < self.word_names[b as usize])
            });
            if better {
                *best = Some(id as u32);
            }
        }
        for (stem, w) in self.stems.iter().enumerate() {
            let Some(word) = shown[stem] else { continue };
            // A word two thirds of whose mentions sit in common listed phrases is explained.
            let inside = in_phrases.get(&(stem as u32)).copied().unwrap_or(0);
            if inside * 3 >= w.mentions * 2 {
                continue;
            }
            terms.push(Term {
                term: display_form(&self.word_names[word as usize], &self.forms[word as usize]),
                mentions: w.mentions,
                respondents: w.respondents,
                percent: percent(w.respondents),
                kind: "word",
                stem: self.stem_names[stem].to_string(),
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

    /// A phrase keeps capitals only where every word has them ("Stepping Stones") or for
    /// acronyms ("MARAC meetings"); otherwise it is lower case ("social care").
    fn display_phrase(&self, phrase: &PhraseStats) -> String {
        let (written, _) = phrase
            .forms
            .iter()
            .map(|(w, n)| (w, Self::spelled(&self.word_names, w), n))
            .max_by(|a, b| a.2.cmp(b.2).then_with(|| b.1.cmp(&a.1)))
            .map(|(w, _, n)| (w, n))
            .expect("a counted phrase has a form");
        let words: Vec<(&str, String)> = written
            .iter()
            .filter(|&&w| w != NONE)
            .map(|&w| {
                let word = &*self.word_names[w as usize];
                let display = self
                    .form_of(w)
                    .map_or_else(|| word.to_string(), |f| display_form(word, f));
                (word, display)
            })
            .collect();
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        if words.iter().all(|(_, display)| capitalised(display)) {
            let shown: Vec<&str> = words.iter().map(|(_, d)| d.as_str()).collect();
            return shown.join(" ");
        }
        let acronym = |w: &str| {
            w.chars()
                .filter(|c| c.is_alphabetic() && c.is_uppercase())
                .count()
                >= 2
        };
        let shown: Vec<&str> = words
            .iter()
            .map(|(word, display)| {
                if acronym(display) {
                    display.as_str()
                } else {
                    word
                }
            })
            .collect();
        shown.join(" ")
    }
}

/// A word without its possessive "'s" ("MARAC's"), plain or typographic.
fn without_possessive(mut word: &str) -> &str {
    // `strip_suffix` rather than `trim_end_matches`, which builds a string searcher per call.
    while let Some(rest) = word.strip_suffix("'s") {
        word = rest;
    }
    while let Some(rest) = word.strip_suffix("\u{2019}s") {
        word = rest;
    }
    word
}

/// Keeps the items whose place in `keep` is true, in order.
fn retain_by<T>(items: &mut Vec<T>, keep: &[bool]) {
    let mut place = 0;
    items.retain(|_| {
        place += 1;
        keep[place - 1]
    });
}

/// Renumbers the places of a phrase key or written form, leaving empty places empty.
fn map_ids(ids: [u32; 3], mut renumber: impl FnMut(u32) -> u32) -> [u32; 3] {
    ids.map(|id| if id == NONE { NONE } else { renumber(id) })
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
    // Capitals when at least half of all its uses are in capitals, counting those whose case
    // tells nothing else (a sentence's first word, where an acronym is still in capitals): 170
    // "DEFINITELY" beside 12,750 "Definitely" starting a sentence and 1,439 "definitely" is no
    // acronym, where "LGBT" once and "lgbt" once is.
    let upper = form.written(Casing::Upper);
    if upper > 0 && upper * 2 >= form.count() {
        if let Some((spelling, _)) = form
            .upper_spellings
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        {
            return spelling.clone();
        }
        return word.to_uppercase();
    }
    if form.written(Casing::Title) > form.written(Casing::Lower) {
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

    struct AllContent<'a>(&'a [&'a str]);

    impl Vocabulary for AllContent<'_> {
        fn is_content(&self, word: &str, _: &str) -> bool {
            !self.0.contains(&word)
        }
    }

    fn count(answers: &[&str], stop: &[&str]) -> TermCounter {
        let mut counter = TermCounter::default();
        for answer in answers {
            counter.add(answer, &AllContent(stop));
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
    fn a_long_answer_gives_back_its_room_and_is_counted_whole() {
        let long = "refuge staff help ".repeat(10_000);
        let mut c = count(&[&long], &[]);
        assert_eq!(c.answer_len(), 30_000);
        // The words stay placed for `fits` until the next answer starts.
        assert!(c.placed.capacity() >= 30_000);
        c.add("refuge staff", &AllContent(&[]));
        assert!(
            c.placed.capacity() <= 2 * KEPT_ROOM,
            "{}",
            c.placed.capacity()
        );
        assert!(
            c.spans.capacity() <= 2 * KEPT_ROOM,
            "{}",
            c.spans.capacity()
        );
        assert_eq!(
            listed(&c, 2),
            [
                ("refuge staff".into(), 10_001, 2),
                ("help".into(), 10_000, 1)
            ]
        );
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
    fn a_word_written_in_capitals_now_and_then_is_not_an_acronym() {
        // Mostly at the start of a sentence, where its case tells nothing.
        let mut answers = vec!["Definitely better.".to_string(); 8];
        answers.extend([
            "we DEFINITELY agree".to_string(),
            "It is DEFINITELY".to_string(),
        ]);
        answers.push("it is definitely".to_string());
        let refs: Vec<&str> = answers.iter().map(String::as_str).collect();
        let c = count(&refs, &["we", "it", "is", "better"]);
        let names: Vec<String> = listed(&c, 5).into_iter().map(|t| t.0).collect();
        assert_eq!(names, ["definitely", "agree"]);
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
        // How "police", "Refuge" and "MARAC" are shown depends on the cases of both halves: the
        // second half's lower case, title case and capitals each outnumber the first half's.
        let answers = [
            "asked the Police",
            "a marac and the marac",
            "lack of funding for the refuge",
            "the police came, the police again",
            "the Refuge and a Refuge",
            "we asked MARAC and the MARAC works with a MARAC meeting",
            "lack of funding",
        ];
        let stop = ["of", "and", "the", "a", "for", "we", "with"];
        let whole = count(&answers, &stop);
        let mut left = count(&answers[..3], &stop);
        left.merge(&count(&answers[3..], &stop));
        assert_eq!(left.terms(7, 20), whole.terms(7, 20));
        let names: Vec<String> = listed(&left, 7).into_iter().map(|t| t.0).collect();
        assert!(
            ["police", "Refuge", "MARAC"]
                .iter()
                .all(|name| names.contains(&name.to_string())),
            "{names:?}"
        );
    }

    #[test]
    fn forgetting_rare_words_keeps_every_count() {
        let answers = [
            "Lack of funding for the Refuge",
            "the MARAC works well, a tpyo here",
            "lack of funding again, and the refuge is full",
            "Police and MARAC; another misspeling",
        ];
        let stop = ["of", "for", "the", "and", "is", "a"];
        let whole = count(&answers, &stop);
        let mut compacted = TermCounter::default();
        for answer in answers {
            compacted.add(answer, &AllContent(&stop));
            compacted.compact();
        }
        assert_eq!(compacted.terms(4, 50), whole.terms(4, 50));
        assert_eq!(compacted.respondents_of("lack of fund", true), 2);
        assert_eq!(compacted.respondents_of("marac", false), 2);
        // A stop word not used since the last compaction is forgotten; a counted word is not.
        assert!(compacted.word_ids.get("the").is_none());
        assert!(compacted.word_ids.get("tpyo").is_some());
        assert!(compacted.words.len() < whole.words.len());
    }

    /// Every word is content; "refuge" fits the one theme pattern word.
    struct RefugeTheme;

    impl Vocabulary for RefugeTheme {
        fn is_content(&self, _: &str, _: &str) -> bool {
            true
        }
        fn pattern_words(&self) -> usize {
            1
        }
        fn fits(&self, _: usize, word: &str, _: &str) -> bool {
            word == "refuge"
        }
    }

    #[test]
    fn the_answer_that_fills_the_lexicon_still_fits_its_themes() {
        // Answer 1,000 brings the lexicon past its limit with words used once; the words it
        // is asked about afterwards are its own, not renumbered ones.
        let mut counter = TermCounter::default();
        let per_answer = LEXICON_LIMIT / 900;
        for answer in 0..PRUNE_EVERY - 1 {
            let words: Vec<String> = (0..per_answer)
                .map(|k| format!("w{}x", answer as usize * per_answer + k))
                .collect();
            counter.add(&words.join(" "), &RefugeTheme);
        }
        counter.add("unheard refuge words", &RefugeTheme);
        let fits: Vec<bool> = (0..3).map(|i| counter.fits(i, 0)).collect();
        assert_eq!(fits, [false, true, false]);
        assert!(counter.words.len() > LEXICON_LIMIT);
        counter.add("refuge", &RefugeTheme);
        assert!(counter.words.len() < LEXICON_LIMIT, "{counter:?}");
        assert!(counter.fits(0, 0));
    }

    #[test]
    fn words_kept_through_forgetting_still_fit_their_themes() {
        // "refuge" is in every answer, so it is kept when the words used once are forgotten,
        // and renumbered with its theme pattern words.
        let mut counter = TermCounter::default();
        let per_answer = LEXICON_LIMIT / 900;
        for answer in 0..PRUNE_EVERY as usize {
            let words: Vec<String> = (0..per_answer)
                .map(|k| format!("w{}x", answer * per_answer + k))
                .collect();
            counter.add(&format!("{} refuge", words.join(" ")), &RefugeTheme);
        }
        assert!(counter.words.len() > LEXICON_LIMIT);
        counter.add("shelter refuge", &RefugeTheme);
        assert!(counter.words.len() < LEXICON_LIMIT, "{counter:?}");
        let fits: Vec<bool> = (0..2).map(|i| counter.fits(i, 0)).collect();
        assert_eq!(fits, [false, true]);
    }

    /// Counts `answers` as `FreeText` does: a repeat of a remembered answer is not read again.
    fn count_with_repeats(answers: &[String], stop: &[&str]) -> TermCounter {
        let mut counter = TermCounter::default();
        for answer in answers {
            if let Err(unremembered) = counter.add_repeat(answer) {
                counter.add(answer, &AllContent(stop));
                counter.remember(unremembered, answer, answer, &[]);
            }
        }
        counter
    }

    #[test]
    fn repeated_answers_are_counted_in_full() {
        // A campaign's answer comes back 3,000 times among answers of words never used again,
        // which make the counter forget rare words while the campaign's repeats wait to be
        // counted.
        let campaign = "So zebra crossings by Refuge; zebra crossings".to_string();
        // Words forgotten later come first, so forgetting them renumbers the campaign's words.
        let mut answers: Vec<String> = (0..50).map(|n| format!("first{n}")).collect();
        for n in 0..3_000 {
            answers.push(campaign.clone());
            answers.push(format!("once{n}a, once{n}b, once{n}c"));
        }
        // Only the campaign uses "by" (in a phrase) and "so" (in none).
        let stop = ["by", "so"];
        let repeated = count_with_repeats(&answers, &stop);
        assert!(repeated.owed > 0);
        let plain = count(
            &answers.iter().map(String::as_str).collect::<Vec<_>>(),
            &stop,
        );
        let top = |counter: &TermCounter| counter.terms(6_050, 3);
        assert_eq!(top(&repeated), top(&plain));
        let zebra = top(&repeated).into_iter().find(|t| t.stem == "zebra cross");
        assert_eq!(
            zebra.map(|t| (t.mentions, t.respondents)),
            Some((6_000, 3_000))
        );
        assert_eq!(repeated.respondents_of("refug", false), 3_000);
        // Counting the repeats owed in place gives what reading them did.
        let mut counted = repeated.clone();
        counted.count_repeats();
        assert_eq!(counted.owed, 0);
        assert_eq!(top(&counted), top(&plain));
        // Finishing lets go of the remembered answers; answers added after are still counted.
        let mut finished = repeated.clone();
        finished.finish();
        assert_eq!(top(&finished), top(&plain));
        assert!(finished.repeats.entries.is_empty() && finished.repeats.seen.is_empty());
        assert!(finished.add_repeat(&campaign).is_err());
        finished.add(&campaign, &AllContent(&stop));
        assert_eq!(finished.respondents_of("refug", false), 3_001);
        assert_eq!(
            counted.stems.len(),
            repeated.with_repeats_counted().stems.len()
        );
        // Forgetting words renumbers them, the remembered answers' words too.
        let mut compacted = repeated.clone();
        compacted.compact();
        assert!(compacted.words.len() < repeated.words.len());
        assert!(compacted.word_ids.get("so").is_some());
        for _ in 0..10 {
            assert!(compacted.add_repeat(&campaign).is_ok());
            answers.push(campaign.clone());
        }
        let plain = count(
            &answers.iter().map(String::as_str).collect::<Vec<_>>(),
            &stop,
        );
        assert_eq!(compacted.terms(6_060, 3), plain.terms(6_060, 3));
        let counted = compacted.with_repeats_counted();
        let refuge = counted.word_ids.get("refuge").expect("a counted word");
        assert_eq!(counted.forms[refuge as usize].count(), 3_010);
    }

    #[test]
    fn a_remembered_answer_given_way_keeps_its_repeats() {
        // The fifth "kestrel" answer is owed when answers given four times fill the room; two
        // sweeps later, unrepeated since the first, it gives way.
        let mut answers = vec!["Bespoke kestrel answer".to_string(); 5];
        for n in 0..REPEATS_LIMIT * 2 {
            let often = format!("word{} word{}", n % 80, n / 80);
            answers.extend(std::iter::repeat_n(often, 4));
        }
        let repeated = count_with_repeats(&answers, &[]);
        let kestrel = "Bespoke kestrel answer";
        assert!(
            repeated
                .repeats
                .find(kestrel, Repeats::hash(kestrel))
                .is_none()
        );
        assert_eq!(repeated.respondents_of("kestrel", false), 5);
        let plain = count(&answers.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
        assert_eq!(
            repeated.terms(answers.len() as u64, 5),
            plain.terms(answers.len() as u64, 5)
        );
    }

    #[test]
    fn only_phrases_used_once_per_thousand_answers_explain_a_word() {
        // "support" is in 4,000 of 40,000 answers: in a common phrase in half of them, and in
        // 1,000 rare ones (each used twice, so listed) in the other half.
        let mut answers: Vec<String> = (0..36_000)
            .map(|n| format!("filler{} words", n % 100))
            .collect();
        answers.extend((0..2_000).map(|n| format!("support kestrel{}", n / 2)));
        answers.extend((0..2_000).map(|_| "support workers".to_string()));
        let terms = |answers: &[String]| {
            let c = count(&answers.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
            let terms = c.terms(answers.len() as u64, 5_000);
            let found = |term: &str| {
                let found = terms.iter().find(|t| t.term == term);
                found.map(|t| (t.mentions, t.respondents))
            };
            (
                found("support kestrel7"),
                found("support workers"),
                found("support"),
            )
        };
        // All its mentions sit in listed phrases, but only half in phrases used once per
        // 1,000 answers (40 times here), so it is listed on its own too.
        assert_eq!(
            terms(&answers),
            (Some((2, 2)), Some((2_000, 2_000)), Some((4_000, 4_000)))
        );
        // Where such a phrase holds two thirds of its mentions, the word is explained by it.
        answers.extend((0..2_000).map(|_| "support workers".to_string()));
        assert_eq!(terms(&answers), (Some((2, 2)), Some((4_000, 4_000)), None));
    }

    #[test]
    fn a_phrase_is_shown_as_most_often_written_even_when_first_written_otherwise() {
        let c = count(
            &["support worker", "support workers", "Support workers"],
            &[],
        );
        let phrase = c.terms(3, 10).into_iter().find(|t| t.kind == "phrase");
        let phrase = phrase.map(|t| (t.term, t.mentions, t.respondents));
        assert_eq!(phrase, Some(("support workers".to_string(), 3, 3)));
    }

    #[test]
    fn short_and_long_words_are_both_found() {
        let mut ids = WordIds::default();
        ids.insert("refuge", 0);
        ids.insert("institutionalisation", 1);
        assert_eq!(ids.get("refuge"), Some(0));
        assert_eq!(ids.get("institutionalisation"), Some(1));
        assert_eq!(ids.get("refuges"), None);
        assert_eq!(ids.get("institutionalisations"), None);
    }

    #[test]
    fn log_likelihood_matches_a_worked_example() {
        // Dunning (1993)-style table; value computed independently with the entropy formula.
        let value = g2(110.0, 2442.0, 111.0, 29114.0);
        assert!((value - 270.72).abs() < 0.01, "{value}");
    }
}
