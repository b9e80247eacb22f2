//! CSV records read by the csv crate's rules, skipping over long quoted answers in bulk.
//!
//! The rules are csv-core's defaults, so a file reads the same as it did through the csv crate
//! (tests compare the two): cells separated by commas (or the separator set), `"` quotes with
//! `""` inside them, a record ending at `\r`, `\n` or `\r\n`, blank lines skipped, a UTF-8
//! byte-order mark at the start dropped, a quote inside an unquoted cell kept as written, and
//! text after a closing quote kept as part of the cell. Where csv-core reads byte by byte, this
//! finds the next separator, line end or quote with `memchr`: most of a consultation export's
//! bytes are long quoted answers, so reading takes about half the time (see the README's Scale
//! section).

use memchr::{memchr, memchr3};
use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// One record: its cells end to end, and where each ends.
#[derive(Debug, Clone, Default)]
pub struct Record {
    text: String,
    ends: Vec<usize>,
    /// Each cell's bounds without surrounding white space, once `trim` has run.
    trimmed: Vec<(usize, usize)>,
}

impl Record {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        (0..self.ends.len()).map(|i| self.get(i).expect("a cell of the record"))
    }

    /// Finds each cell without the white space around it, for `trimmed`: done once, on the
    /// reading thread, as every later test and match ignores surrounding space.
    pub fn trim(&mut self) {
        self.trimmed.clear();
        let mut start = 0;
        for &end in &self.ends {
            let cell = &self.text[start..end];
            let bytes = cell.as_bytes();
            // The usual cell starts and ends with a visible ASCII character.
            let kept = match (bytes.first(), bytes.last()) {
                (Some(first), Some(last))
                    if first.is_ascii_graphic() && last.is_ascii_graphic() =>
                {
                    cell
                }
                _ => cell.trim(),
            };
            let from = start + (kept.as_ptr() as usize - cell.as_ptr() as usize);
            self.trimmed.push((from, from + kept.len()));
            start = end;
        }
    }

    /// The cells without surrounding white space (see `trim`).
    pub fn trimmed(&self) -> impl Iterator<Item = &str> {
        self.trimmed
            .iter()
            .map(|&(start, end)| &self.text[start..end])
    }
}

/// The longest record read, in bytes: far beyond any answer (about three million words), and
/// short of all the memory a file whose quote is never closed would otherwise take.
pub const RECORD_LIMIT: usize = 16 << 20;

/// Why a record could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// The cell numbered `field` (from 0) is not UTF-8.
    Utf8 {
        field: usize,
    },
    /// The record ran past `RECORD_LIMIT` in the cell numbered `field`.
    TooLong {
        field: usize,
    },
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StartRecord,
    StartField,
    InField,
    InQuotes,
    /// A quote in a quoted cell: doubled, closing, or (if text follows) the cell goes on unquoted.
    QuoteInQuotes,
}

/// Bytes read from the file at a time. Measured, not explained: with 1 MiB, while another thread
/// matched the records, the system took 0.7 s instead of 0.3 s to copy in a million rows (48 KiB
/// did as well as 64; 128 KiB as badly as 1 MiB). A bare parse on one thread does not care.
const READ_BUFFER: usize = 64 << 10;

/// Reads records from `inner`, counting the bytes read into `bytes` for a progress bar.
pub struct RecordReader<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    state: State,
    started: bool,
    /// The input ended inside a quoted cell.
    unclosed: bool,
    /// What separates cells: a comma unless `with_separator` says otherwise.
    separator: u8,
    /// The longest record read (`RECORD_LIMIT` but in tests).
    limit: usize,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> RecordReader<R> {
    pub fn new(inner: R, bytes: Arc<AtomicU64>) -> Self {
        Self::with_capacity(READ_BUFFER, inner, bytes)
    }

    /// A reader with a buffer of `capacity` bytes (at least 3, to see a byte-order mark whole).
    fn with_capacity(capacity: usize, inner: R, bytes: Arc<AtomicU64>) -> Self {
        RecordReader {
            inner,
            buf: vec![0; capacity.max(3)].into_boxed_slice(),
            pos: 0,
            end: 0,
            state: State::StartRecord,
            started: false,
            unclosed: false,
            separator: b',',
            limit: RECORD_LIMIT,
            bytes,
        }
    }

    /// The reader with cells separated by `separator` (a semicolon, a tab) instead of commas.
    pub fn with_separator(mut self, separator: u8) -> Self {
        self.separator = separator;
        self
    }

    /// Whether the input ended inside a quoted cell: its closing quote is missing.
    pub fn ended_in_quotes(&self) -> bool {
        self.unclosed
    }

    /// Reads the next record into `record`; false at the end of the input.
    pub fn read(&mut self, record: &mut Record) -> Result<bool, ReadError> {
        let mut data = std::mem::take(&mut record.text).into_bytes();
        data.clear();
        record.ends.clear();
        record.trimmed.clear();
        let found = match self.parse(&mut data, &mut record.ends) {
            Ok(found) => found,
            Err(e) => {
                record.text = String::from_utf8(data).unwrap_or_default();
                return Err(e);
            }
        };
        match String::from_utf8(data) {
            Ok(text) => {
                record.text = text;
                Ok(found)
            }
            Err(e) => {
                let bad = e.utf8_error().valid_up_to();
                let field = record.ends.partition_point(|&end| end <= bad);
                record.ends.clear();
                Err(ReadError::Utf8 { field })
            }
        }
    }

    /// Refills the buffer once it is used up; false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        loop {
            let (mut end, want) = (0, if self.started { 1 } else { 3 });
            while end < want {
                match self.inner.read(&mut self.buf[end..]) {
                    Ok(0) => break,
                    Ok(n) => end += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            self.bytes.fetch_add(end as u64, Ordering::Relaxed);
            (self.pos, self.end) = (0, end);
            if !self.started {
                self.started = true;
                if self.buf[..end].starts_with(b"\xef\xbb\xbf") {
                    self.pos = 3;
                }
            }
            // Only a byte-order mark that filled the buffer leaves it used up but for more.
            if self.pos < self.end || end == 0 {
                return Ok(self.pos < self.end);
            }
        }
    }

    /// The state machine of csv-core, taking runs of plain bytes at a time.
    fn parse(&mut self, data: &mut Vec<u8>, ends: &mut Vec<usize>) -> Result<bool, ReadError> {
        use State::*;
        loop {
            if data.len() > self.limit {
                self.state = StartRecord;
                return Err(ReadError::TooLong { field: ends.len() });
            }
            if self.pos == self.end && !self.fill()? {
                let state = std::mem::replace(&mut self.state, StartRecord);
                if state == StartRecord {
                    return Ok(false);
                }
                self.unclosed = state == InQuotes;
                ends.push(data.len());
                return Ok(true);
            }
            let (rest, separator) = (&self.buf[self.pos..self.end], self.separator);
            let ended = |at: usize, data: &Vec<u8>, ends: &mut Vec<usize>| {
                ends.push(data.len());
                if rest[at] == separator {
                    StartField
                } else {
                    StartRecord
                }
            };
            match self.state {
                StartRecord => match rest.iter().position(|&b| b != b'\r' && b != b'\n') {
                    Some(at) => (self.pos, self.state) = (self.pos + at, StartField),
                    None => self.pos = self.end,
                },
                StartField | QuoteInQuotes => {
                    self.state = match rest[0] {
                        b'"' if self.state == StartField => InQuotes,
                        b'"' => {
                            data.push(b'"');
                            InQuotes
                        }
                        b'\r' | b'\n' => ended(0, data, ends),
                        b if b == separator => ended(0, data, ends),
                        _ => {
                            self.state = InField;
                            continue;
                        }
                    };
                    self.pos += 1;
                    if self.state == StartRecord {
                        return Ok(true);
                    }
                }
                InField => match memchr3(separator, b'\n', b'\r', rest) {
                    Some(at) => {
                        data.extend_from_slice(&rest[..at]);
                        self.state = ended(at, data, ends);
                        self.pos += at + 1;
                        if self.state == StartRecord {
                            return Ok(true);
                        }
                    }
                    None => {
                        data.extend_from_slice(rest);
                        self.pos = self.end;
                    }
                },
                InQuotes => match memchr(b'"', rest) {
                    Some(at) => {
                        data.extend_from_slice(&rest[..at]);
                        (self.pos, self.state) = (self.pos + at + 1, QuoteInQuotes);
                    }
                    None => {
                        data.extend_from_slice(rest);
                        self.pos = self.end;
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Cells = Vec<Vec<String>>;

    fn ours(input: &[u8], capacity: usize) -> (Result<Cells, String>, bool) {
        separated(input, capacity, b',')
    }

    fn separated(input: &[u8], capacity: usize, separator: u8) -> (Result<Cells, String>, bool) {
        let bytes = Arc::new(AtomicU64::new(0));
        let mut reader =
            RecordReader::with_capacity(capacity, input, bytes.clone()).with_separator(separator);
        let mut record = Record::default();
        let mut out = Vec::new();
        loop {
            match reader.read(&mut record) {
                Ok(true) => out.push(record.iter().map(str::to_string).collect()),
                Ok(false) => break,
                Err(ReadError::Utf8 { field }) => {
                    return (Err(format!("record {} field {field}", out.len())), false);
                }
                Err(ReadError::Io(e)) => return (Err(e.to_string()), false),
                Err(ReadError::TooLong { field }) => {
                    return (
                        Err(format!("record {} field {field} too long", out.len())),
                        false,
                    );
                }
            }
        }
        assert_eq!(
            bytes.load(Ordering::Relaxed),
            input.len() as u64,
            "{input:?} {capacity}"
        );
        (Ok(out), reader.ended_in_quotes())
    }

    fn csv_crate(input: &[u8]) -> Result<Cells, String> {
        csv_crate_separated(input, b',')
    }

    fn csv_crate_separated(input: &[u8], separator: u8) -> Result<Cells, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .from_reader(input);
        let mut record = csv::StringRecord::new();
        let mut out = Vec::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => out.push(record.iter().map(str::to_string).collect()),
                Ok(false) => return Ok(out),
                Err(e) => match e.kind() {
                    csv::ErrorKind::Utf8 { err, .. } => {
                        return Err(format!("record {} field {}", out.len(), err.field()));
                    }
                    _ => return Err(e.to_string()),
                },
            }
        }
    }

    #[test]
    fn reads_as_the_csv_crate_does() {
        let cases: &[&[u8]] = &[
            b"",
            b"a,b\r\nc,d\r\n",
            b"a,b\rc,d\r",
            b"a,b\n\n\nc,d",
            b"a,\"b\nc\",d\n",
            b"a,b\"c,d\n",
            b"a,\"b\"c,d\n",
            b"a,\"b\"\"c\",\"\"\n",
            b"\xef\xbb\xbfa,b\n",
            b"a,\xef\xbb\xbfb\n",
            b"a,",
            b",\n,\n",
            b" a , \"b\" ,\"c\" \n",
            b"a,caf\xe9,b\n",
            b"\"x\"\"\"",
        ];
        for &case in cases {
            for capacity in [3, 4, 7, 1 << 20] {
                let (read, _) = ours(case, capacity);
                assert_eq!(read, csv_crate(case), "{:?}", String::from_utf8_lossy(case));
            }
        }
    }

    #[test]
    fn random_inputs_read_as_the_csv_crate_does() {
        // A fixed xorshift stream, so a failure is repeatable.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        const BYTES: &[u8] = b"ab ,,;\"\"\r\n\n\xe9";
        for round in 0..20_000 {
            let len = (next() % 24) as usize;
            let input: Vec<u8> = (0..len)
                .map(|_| BYTES[(next() % BYTES.len() as u64) as usize])
                .collect();
            let capacity = 3 + (next() % 6) as usize;
            let separator = if round % 4 == 0 { b';' } else { b',' };
            let (read, _) = separated(&input, capacity, separator);
            assert_eq!(
                read,
                csv_crate_separated(&input, separator),
                "{:?} by {:?}",
                String::from_utf8_lossy(&input),
                separator as char
            );
        }
    }

    #[test]
    fn semicolons_and_tabs_separate_as_in_the_csv_crate() {
        let cases: &[&[u8]] = &[
            b"a;b,c\tx\r\n\"d;e\";f\n",
            b"a\tb;c,x\n\"d\te\"\tf\n",
            b";\t;\n\n\"x\"\"\";",
        ];
        for &case in cases {
            for separator in [b';', b'\t'] {
                for capacity in [3, 5, 1 << 20] {
                    assert_eq!(
                        separated(case, capacity, separator).0,
                        csv_crate_separated(case, separator),
                        "{:?} by {:?}",
                        String::from_utf8_lossy(case),
                        separator as char
                    );
                }
            }
        }
    }

    #[test]
    fn an_input_ending_inside_quotes_is_told() {
        assert_eq!(
            ours(b"a,\"open\nb,c\n", 4),
            (Ok(vec![vec!["a".into(), "open\nb,c\n".into()]]), true)
        );
        assert!(!ours(b"a,\"closed\"", 4).1);
        assert!(!ours(b"a,b\"c\n", 4).1);
    }

    #[test]
    fn a_record_past_the_limit_names_its_cell_without_reading_on() {
        let mut input = b"h1,h2\nok,\"never closed, ".to_vec();
        input.extend(b"and on".repeat(1_000));
        let bytes = Arc::new(AtomicU64::new(0));
        let mut reader = RecordReader::with_capacity(64, &input[..], bytes.clone());
        reader.limit = 100;
        let mut record = Record::default();
        assert!(matches!(reader.read(&mut record), Ok(true)));
        assert!(matches!(
            reader.read(&mut record),
            Err(ReadError::TooLong { field: 1 })
        ));
        assert!(bytes.load(Ordering::Relaxed) < 300);
    }

    #[test]
    fn a_bad_byte_names_its_cell() {
        assert_eq!(
            ours(b"h1,h2\nok,caf\xe9\n", 8).0,
            Err("record 1 field 1".to_string())
        );
    }
}
