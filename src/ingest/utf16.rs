//! UTF-16 exports (Excel's "Unicode Text", some platforms' TSV downloads) read as UTF-8.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A byte that is never part of UTF-8: damaged UTF-16 (half a surrogate pair, an odd last byte)
/// becomes it, so the CSV reader stops there and names the row and column as for any text that is
/// not UTF-8.
const DAMAGED: u8 = 0xff;

/// Reads UTF-16 text, its byte-order mark already taken, as UTF-8; counts the UTF-16 bytes read
/// into `bytes`, for a progress bar that measures the file as it is on disk.
pub struct Utf16Reader<R> {
    inner: R,
    big_endian: bool,
    /// UTF-16 bytes read but not yet decoded: an odd byte, or the first half of a pair.
    raw: Vec<u8>,
    /// UTF-8 decoded but not yet given out, from `given`.
    decoded: Vec<u8>,
    given: usize,
    ended: bool,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Utf16Reader<R> {
    pub fn new(inner: R, big_endian: bool, bytes: Arc<AtomicU64>) -> Self {
        Utf16Reader {
            inner,
            big_endian,
            raw: Vec::new(),
            decoded: Vec::new(),
            given: 0,
            ended: false,
            bytes,
        }
    }

    /// Reads and decodes the next stretch of the input; false once it is all given out.
    fn refill(&mut self) -> io::Result<bool> {
        self.decoded.clear();
        self.given = 0;
        while self.decoded.is_empty() && !self.ended {
            let kept = self.raw.len();
            self.raw.resize(kept + (64 << 10), 0);
            let read = loop {
                match self.inner.read(&mut self.raw[kept..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    other => break other,
                }
            };
            let read = read.inspect_err(|_| self.raw.truncate(kept))?;
            self.raw.truncate(kept + read);
            self.bytes.fetch_add(read as u64, Ordering::Relaxed);
            self.ended = read == 0;
            self.decode();
        }
        Ok(!self.decoded.is_empty())
    }

    /// Decodes the whole units of `raw` into `decoded`, keeping back an odd byte or a first half
    /// of a surrogate pair whose second half may come with the next read.
    fn decode(&mut self) {
        let unit_at = |raw: &[u8], i: usize| {
            let pair = [raw[i], raw[i + 1]];
            if self.big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        };
        let raw = &self.raw;
        let mut i = 0;
        while i + 1 < raw.len() {
            let unit = unit_at(raw, i);
            let code = match unit {
                0xd800..=0xdbff if i + 3 < raw.len() => match unit_at(raw, i + 2) {
                    low @ 0xdc00..=0xdfff => {
                        i += 2;
                        0x10000 + ((u32::from(unit) - 0xd800) << 10) + (u32::from(low) - 0xdc00)
                    }
                    _ => u32::MAX,
                },
                0xd800..=0xdbff if !self.ended => break,
                0xd800..=0xdfff => u32::MAX,
                _ => u32::from(unit),
            };
            i += 2;
            match char::from_u32(code) {
                Some(c) if c.is_ascii() => self.decoded.push(c as u8),
                Some(c) => self
                    .decoded
                    .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                None => self.decoded.push(DAMAGED),
            }
        }
        self.raw.drain(..i);
        if self.ended && !self.raw.is_empty() {
            self.raw.clear();
            self.decoded.push(DAMAGED);
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.given == self.decoded.len() && !self.refill()? {
            return Ok(0);
        }
        let rest = &self.decoded[self.given..];
        let n = rest.len().min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.given += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` a few bytes at a time, as a slow disk or pipe gives it, `out_size` bytes
    /// asked for at once.
    fn decoded(input: &[u8], big_endian: bool, piece: usize, out_size: usize) -> (Vec<u8>, u64) {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let bytes = Arc::new(AtomicU64::new(0));
        let mut reader = Utf16Reader::new(Trickle(input, piece), big_endian, bytes.clone());
        let (mut all, mut buf) = (Vec::new(), vec![0; out_size]);
        loop {
            let n = reader.read(&mut buf).expect("reading from memory");
            if n == 0 {
                return (all, bytes.load(Ordering::Relaxed));
            }
            all.extend_from_slice(&buf[..n]);
        }
    }

    #[test]
    fn text_of_every_width_reads_the_same_in_any_pieces() {
        let text = "id\tq6\n1\t\"Caf\u{e9} \u{2013} 5\u{20ac}, \u{1f600}\"\n";
        let units: Vec<u16> = text.encode_utf16().collect();
        let little: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
        let big: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
        for piece in [1, 2, 3, 7, 1 << 16] {
            for out_size in [1, 5, 4096] {
                let expected = (text.as_bytes().to_vec(), little.len() as u64);
                assert_eq!(decoded(&little, false, piece, out_size), expected);
                assert_eq!(decoded(&big, true, piece, out_size), expected);
            }
        }
    }

    #[test]
    fn damaged_text_becomes_a_byte_that_is_not_utf8() {
        let le =
            |units: &[u16]| -> Vec<u8> { units.iter().flat_map(|u| u.to_le_bytes()).collect() };
        // A first half with no second, a second half alone, and an odd last byte.
        assert_eq!(decoded(&le(&[0xd83d, 0x41]), false, 3, 8).0, b"\xffA");
        assert_eq!(decoded(&le(&[0x41, 0xde00]), false, 3, 8).0, b"A\xff");
        assert_eq!(decoded(&le(&[0x41, 0xd83d]), false, 1, 8).0, b"A\xff");
        assert_eq!(decoded(b"A\0B", false, 2, 8).0, b"A\xff");
    }
}
