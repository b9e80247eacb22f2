//! The parse floor for the scale benchmark: one pass of the `csv` crate over a file, doing
//! nothing with the records, so `canvass tally` and `report` can be timed against it.
//!
//! Usage: cargo run --release --example parse_floor -- FILE.csv

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor FILE.csv");
        std::process::exit(2);
    };
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(1);
    });
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, file));
    let mut record = csv::ByteRecord::new();
    let (mut records, mut fields) = (0u64, 0u64);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                records += 1;
                fields += record.len() as u64;
            }
            Ok(false) => break,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("{records} records, {fields} fields");
}
