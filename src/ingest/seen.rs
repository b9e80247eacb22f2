//! Respondent ids already seen, for excluding duplicates exactly in bounded memory: recent ids in
//! memory, older ones in sorted files on disk behind a fixed-size filter.

use rustc_hash::FxBuildHasher;
use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Ids kept in memory before they are written to disk: 7/8 of 2^18, so the table never grows
/// past 2^18 places (2.3 MiB).
const IN_MEMORY: usize = 229_376;
/// Ids per block of a file on disk; a look-up on disk reads one block (4 KiB) per file.
const BLOCK: usize = 512;
/// Files on disk before they are merged into one, so a look-up reads at most this many blocks.
const MOST_FILES: usize = 8;
/// The filter's size, fixed so memory stays flat: 16 bits an id up to 8 million ids on disk
/// (about one false alarm in 1,500 look-ups then); past that it fills up and more look-ups read
/// a block from disk.
const FILTER_BYTES: usize = 16 << 20;

/// The respondent ids of a file read so far, each known by a 64-bit hash: two ids share one
/// with a chance of about one in 37 million for a million respondents.
pub struct SeenIds {
    /// Where the files on disk go.
    folder: PathBuf,
    recent: HashSet<u64, FxBuildHasher>,
    in_memory: usize,
    files: Vec<SortedFile>,
    filter: Filter,
    /// Reused for sorting the recent ids.
    buffer: Vec<u64>,
}

impl Default for SeenIds {
    /// Writing to disk in the system's temporary folder (`TMPDIR`).
    fn default() -> Self {
        SeenIds::in_folder(&std::env::temp_dir(), IN_MEMORY)
    }
}

impl SeenIds {
    /// Writing to `folder`, after `in_memory` ids (tests use a few).
    fn in_folder(folder: &Path, in_memory: usize) -> Self {
        SeenIds {
            folder: folder.to_path_buf(),
            recent: HashSet::default(),
            in_memory,
            files: Vec::new(),
            filter: Filter::default(),
            buffer: Vec::new(),
        }
    }

    /// The folder of its files on disk.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Records `id`: whether it is new (false if an earlier row had it). Fails only if the
    /// temporary files cannot be written or read.
    pub fn insert(&mut self, id: &str) -> io::Result<bool> {
        let mut hasher = DefaultHasher::new();
        id.hash(&mut hasher);
        let hash = hasher.finish();
        if self.recent.contains(&hash) || (self.filter.may_hold(hash) && self.on_disk(hash)?) {
            return Ok(false);
        }
        self.recent.insert(hash);
        if self.recent.len() >= self.in_memory {
            self.write_recent()?;
        }
        Ok(true)
    }

    fn on_disk(&self, hash: u64) -> io::Result<bool> {
        for file in &self.files {
            if file.holds(hash)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Moves the recent ids to a new sorted file (clearing the table keeps its room).
    fn write_recent(&mut self) -> io::Result<()> {
        self.buffer.clear();
        self.buffer.extend(self.recent.drain());
        self.buffer.sort_unstable();
        self.files.push(SortedFile::write(
            &self.folder,
            self.buffer.iter().copied(),
        )?);
        if self.filter.blocks.is_empty() {
            self.filter = Filter::with_bytes(FILTER_BYTES);
        }
        for &hash in &self.buffer {
            self.filter.add(hash);
        }
        if self.files.len() > MOST_FILES {
            let files = std::mem::take(&mut self.files);
            self.files.push(SortedFile::merge(&self.folder, files)?);
        }
        Ok(())
    }
}

/// Hashes written in ascending order to an unnamed temporary file (removed when closed), with the
/// first hash of each block kept in memory.
struct SortedFile {
    file: File,
    len: usize,
    block_starts: Vec<u64>,
}

impl SortedFile {
    fn write(folder: &Path, sorted: impl Iterator<Item = u64>) -> io::Result<SortedFile> {
        let mut out = BufWriter::new(tempfile::tempfile_in(folder)?);
        let (mut len, mut block_starts) = (0, Vec::new());
        for hash in sorted {
            if len % BLOCK == 0 {
                block_starts.push(hash);
            }
            out.write_all(&hash.to_le_bytes())?;
            len += 1;
        }
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(SortedFile {
            file,
            len,
            block_starts,
        })
    }

    /// Whether the file holds `hash`: the one block that could is read and searched.
    fn holds(&self, hash: u64) -> io::Result<bool> {
        let Some(number) = self
            .block_starts
            .partition_point(|&s| s <= hash)
            .checked_sub(1)
        else {
            return Ok(false);
        };
        let start = number * BLOCK;
        let len = BLOCK.min(self.len - start);
        let mut bytes = vec![0u8; len * 8];
        let mut file = &self.file;
        file.seek(SeekFrom::Start(start as u64 * 8))?;
        file.read_exact(&mut bytes)?;
        let block: Vec<u64> = bytes.chunks_exact(8).map(le_u64).collect();
        Ok(block.binary_search(&hash).is_ok())
    }

    /// One file with the hashes of all `files`, read side by side in order.
    fn merge(folder: &Path, files: Vec<SortedFile>) -> io::Result<SortedFile> {
        let mut readers = Vec::with_capacity(files.len());
        for file in &files {
            let mut handle = &file.file;
            handle.seek(SeekFrom::Start(0))?;
            readers.push((BufReader::new(handle), file.len));
        }
        let mut heads: Vec<Option<u64>> = Vec::with_capacity(readers.len());
        for (reader, left) in &mut readers {
            heads.push(next_hash(reader, left)?);
        }
        let mut failed = None;
        let merged = std::iter::from_fn(|| {
            let (index, &hash) = heads
                .iter()
                .enumerate()
                .filter_map(|(i, head)| head.as_ref().map(|h| (i, h)))
                .min_by_key(|&(_, h)| *h)?;
            let (reader, left) = &mut readers[index];
            match next_hash(reader, left) {
                Ok(next) => heads[index] = next,
                Err(e) => {
                    failed = Some(e);
                    return None;
                }
            }
            Some(hash)
        });
        let merged = SortedFile::write(folder, merged)?;
        match failed {
            Some(e) => Err(e),
            None => Ok(merged),
        }
    }
}

fn next_hash(reader: &mut impl Read, left: &mut usize) -> io::Result<Option<u64>> {
    if *left == 0 {
        return Ok(None);
    }
    *left -= 1;
    let mut bytes = [0u8; 8];
    reader.read_exact(&mut bytes)?;
    Ok(Some(u64::from_le_bytes(bytes)))
}

fn le_u64(bytes: &[u8]) -> u64 {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(bytes);
    u64::from_le_bytes(eight)
}

/// A Bloom filter whose bits for one hash all lie in one 64-byte block, so a look-up touches one
/// cache line. Empty (holding nothing) until the first ids go to disk.
#[derive(Default)]
struct Filter {
    blocks: Vec<Block>,
}

#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Block([u64; 8]);

/// Bits set per hash.
const FILTER_PROBES: u32 = 6;

impl Filter {
    fn with_bytes(bytes: usize) -> Filter {
        Filter {
            blocks: vec![Block([0; 8]); bytes / 64],
        }
    }

    /// The number of `hash`'s block and its six bit numbers there (0 to 511).
    fn places(&self, hash: u64) -> (usize, impl Iterator<Item = usize> + use<>) {
        let block = (hash >> 32) as usize & (self.blocks.len() - 1);
        let mixed = hash.rotate_left(17).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let bits = (0..FILTER_PROBES).map(move |i| (mixed >> (i * 9)) as usize & 511);
        (block, bits)
    }

    fn add(&mut self, hash: u64) {
        let (block, bits) = self.places(hash);
        let Block(words) = &mut self.blocks[block];
        for bit in bits {
            words[bit / 64] |= 1 << (bit % 64);
        }
    }

    fn may_hold(&self, hash: u64) -> bool {
        if self.blocks.is_empty() {
            return false;
        }
        let (block, mut bits) = self.places(hash);
        let Block(words) = &self.blocks[block];
        bits.all(|bit| words[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_written_to_disk_are_still_found() {
        let mut seen = SeenIds::in_folder(&std::env::temp_dir(), 3);
        let ids: Vec<String> = (0..40).map(|i| format!("R{i:03}")).collect();
        for id in &ids {
            assert!(seen.insert(id).unwrap(), "{id} is new");
        }
        // 40 ids, 3 at a time: 13 files, merged once there were nine.
        let on_disk: usize = seen.files.iter().map(|f| f.len).sum();
        assert_eq!((seen.recent.len(), on_disk), (1, 39));
        assert_eq!(seen.files.len(), 13 - MOST_FILES);
        for id in &ids {
            assert!(!seen.insert(id).unwrap(), "{id} was seen");
        }
        assert!(seen.insert("R040").unwrap());
    }

    #[test]
    fn a_folder_that_cannot_be_written_to_is_an_error_not_a_lost_id() {
        let folder = std::env::temp_dir().join("canvass-no-such-folder");
        let mut seen = SeenIds::in_folder(&folder, 2);
        assert!(seen.insert("R1").unwrap());
        let error = seen.insert("R2").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn merged_files_keep_every_id_in_order() {
        let files = vec![
            SortedFile::write(&std::env::temp_dir(), [1, 5, 9].into_iter()).unwrap(),
            SortedFile::write(&std::env::temp_dir(), [2, 3, 10, 11].into_iter()).unwrap(),
            SortedFile::write(&std::env::temp_dir(), std::iter::empty()).unwrap(),
        ];
        let merged = SortedFile::merge(&std::env::temp_dir(), files).unwrap();
        let mut bytes = Vec::new();
        (&merged.file).seek(SeekFrom::Start(0)).unwrap();
        (&merged.file).read_to_end(&mut bytes).unwrap();
        let hashes: Vec<u64> = bytes.chunks_exact(8).map(le_u64).collect();
        assert_eq!(hashes, [1, 2, 3, 5, 9, 10, 11]);
        assert!(merged.holds(10).unwrap());
        assert!(!merged.holds(4).unwrap());
        assert!(!merged.holds(0).unwrap());
    }

    #[test]
    fn a_file_of_several_blocks_is_searched_in_the_right_one() {
        let evens =
            SortedFile::write(&std::env::temp_dir(), (0..3 * BLOCK as u64).map(|i| i * 2)).unwrap();
        assert_eq!(evens.block_starts, [0, 2 * BLOCK as u64, 4 * BLOCK as u64]);
        for n in 0..6 * BLOCK as u64 + 2 {
            assert_eq!(
                evens.holds(n).unwrap(),
                n % 2 == 0 && n < 6 * BLOCK as u64,
                "{n}"
            );
        }
    }

    #[test]
    fn the_filter_holds_what_was_added_and_few_false_alarms() {
        let mut filter = Filter::with_bytes(FILTER_BYTES);
        assert!(!filter.may_hold(42));
        filter.add(42);
        assert!(filter.may_hold(42));
        // Full, at 16 bits an id: 8 million ids.
        let ids = FILTER_BYTES as u64 * 8 / 16;
        (0..ids).for_each(|i| filter.add(i.wrapping_mul(0x2545_f491_4f6c_dd1d)));
        let alarms = (0..100_000u64)
            .filter(|i| filter.may_hold(i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 1))
            .count();
        assert!(alarms < 200, "{alarms} false alarms in 100,000");
    }

    proptest! {
        /// Whatever goes to disk and when, an id is new exactly when a set of every id says so.
        #[test]
        fn duplicates_are_found_as_by_a_set_of_every_id(
            ids in prop::collection::vec(0u16..300, 0..400),
            room in 1usize..50,
        ) {
            let mut seen = SeenIds::in_folder(&std::env::temp_dir(), room);
            let mut every = std::collections::HashSet::new();
            for id in ids {
                let id = format!("id-{id}");
                prop_assert_eq!(seen.insert(&id).unwrap(), every.insert(id));
            }
        }
    }
}
