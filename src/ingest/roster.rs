//! The respondents a shard counted (id and row), kept in a temporary file so that a partial tally
//! carries them, and `merge` checks them across shards, in bounded memory.

use serde::de::{self, SeqAccess, Visitor};
use serde::ser::{self, SerializeSeq};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// Respondent ids with the rows they were counted from, in row order, on disk. In a partial
/// tally they are a JSON list of `[id, row]` pairs.
#[derive(Debug, Default)]
pub struct Roster {
    /// None for an empty roster made by `Default` (a partial tally from before rosters).
    file: Option<File>,
    len: u64,
}

/// Writes a roster: ids are added as rows are counted.
pub struct RosterWriter {
    out: BufWriter<File>,
    len: u64,
}

impl RosterWriter {
    /// A roster in the system's temporary folder (`TMPDIR`), removed when it is dropped.
    pub fn new() -> io::Result<Self> {
        Ok(RosterWriter {
            out: BufWriter::new(tempfile::tempfile()?),
            len: 0,
        })
    }

    pub fn push(&mut self, id: &str, row: u64) -> io::Result<()> {
        self.out.write_all(&(id.len() as u64).to_le_bytes())?;
        self.out.write_all(id.as_bytes())?;
        self.out.write_all(&row.to_le_bytes())?;
        self.len += 1;
        Ok(())
    }

    pub fn finish(self) -> io::Result<Roster> {
        let file = self
            .out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        Ok(Roster {
            file: Some(file),
            len: self.len,
        })
    }
}

impl Roster {
    /// How many respondents it holds.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `each(id, row)` for every respondent, in row order.
    pub fn for_each(&self, mut each: impl FnMut(&str, u64) -> io::Result<()>) -> io::Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let mut input = BufReader::new(file);
        input.seek(SeekFrom::Start(0))?;
        let mut id = Vec::new();
        let mut number = [0u8; 8];
        for _ in 0..self.len {
            input.read_exact(&mut number)?;
            id.resize(u64::from_le_bytes(number) as usize, 0);
            input.read_exact(&mut id)?;
            input.read_exact(&mut number)?;
            let id = std::str::from_utf8(&id)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a damaged roster"))?;
            each(id, u64::from_le_bytes(number))?;
        }
        Ok(())
    }
}

impl serde::Serialize for Roster {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut list = serializer.serialize_seq(Some(self.len as usize))?;
        let mut failed = None;
        let read = self.for_each(|id, row| {
            list.serialize_element(&(id, row)).map_err(|e| {
                failed = Some(e);
                io::Error::other("cannot write")
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(|e| ser::Error::custom(format!("cannot read the temporary roster: {e}")))?;
        list.end()
    }
}

impl<'de> serde::Deserialize<'de> for Roster {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RosterVisitor)
    }
}

/// Reads a list of `[id, row]` pairs straight to a temporary file.
struct RosterVisitor;

impl<'de> Visitor<'de> for RosterVisitor {
    type Value = Roster;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of [respondent id, row] pairs")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut list: A) -> Result<Roster, A::Error> {
        let scratch =
            |e: io::Error| de::Error::custom(format!("cannot write a temporary file: {e}"));
        let mut roster = RosterWriter::new().map_err(scratch)?;
        while let Some((id, row)) = list.next_element::<(String, u64)>()? {
            roster.push(&id, row).map_err(scratch)?;
        }
        roster.finish().map_err(scratch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(roster: &Roster) -> Vec<(String, u64)> {
        let mut all = Vec::new();
        roster
            .for_each(|id, row| {
                all.push((id.to_string(), row));
                Ok(())
            })
            .unwrap();
        all
    }

    #[test]
    fn a_roster_keeps_its_ids_and_rows_through_json() {
        let mut writer = RosterWriter::new().unwrap();
        for (id, row) in [("1000001", 2), ("", 3), ("ID \"7\", Gül", 12_345_678_901)] {
            writer.push(id, row).unwrap();
        }
        let roster = writer.finish().unwrap();
        let json = serde_json::to_string(&roster).unwrap();
        assert_eq!(
            json,
            r#"[["1000001",2],["",3],["ID \"7\", Gül",12345678901]]"#
        );
        let read: Roster = serde_json::from_str(&json).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(entries(&read), entries(&roster));
        // Read twice: each reading starts from the beginning.
        assert_eq!(entries(&read).len(), 3);
        let empty: Roster = serde_json::from_str("[]").unwrap();
        assert!(empty.is_empty() && entries(&empty).is_empty());
        assert_eq!(serde_json::to_string(&Roster::default()).unwrap(), "[]");
    }

    #[test]
    fn a_list_of_something_else_is_refused() {
        let error = serde_json::from_str::<Roster>(r#"[["1", "two"]]"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid type: string \"two\", expected u64")
        );
        let error = serde_json::from_str::<Roster>("{}").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid type: map, expected a list of [respondent id, row] pairs")
        );
    }
}
