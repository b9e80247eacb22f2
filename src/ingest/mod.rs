//! Reading response exports in the canonical CSV layout, one streaming pass, every row accounted for.

mod accounting;
mod matching;
mod records;
mod roster;
mod seen;
mod utf16;

pub use accounting::{Accounting, DETAIL_LIMIT, Excluded, Exclusion, Issue, Problem, Problems};
pub use matching::{Matcher, normalize_label};
use records::RECORD_LIMIT;
pub use records::{ReadError, Record, RecordReader};
pub use roster::{Roster, RosterWriter};
pub use seen::SeenIds;

use crate::survey::{FieldRole, Kind, Question, Survey};
use crate::text::OwnName;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a response file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{} is empty; a response file starts with a header row (`canvass template SURVEY` writes one)", path.display())]
    Empty { path: PathBuf },
    #[error("{} has a header row but no responses", path.display())]
    HeaderOnly { path: PathBuf },
    #[error("{}: {} missing: {}; `canvass template SURVEY` prints the expected header", path.display(), plural(missing.len(), "required column is", "required columns are"), missing.join(", "))]
    MissingColumns { path: PathBuf, missing: Vec<String> },
    #[error("{}: the first row has none of the questionnaire's answer columns (it starts {starts}); it must be the header row (`canvass template SURVEY` prints the expected one), or the file is for another questionnaire", path.display())]
    NoKnownColumns { path: PathBuf, starts: String },
    #[error("{}: column {name:?} appears twice in the header (columns {first} and {second})", path.display())]
    DuplicateColumn {
        path: PathBuf,
        name: String,
        first: String,
        second: String,
    },
    #[error("{} is {kind}, not a CSV file; {fix}", path.display())]
    NotCsv {
        path: PathBuf,
        kind: &'static str,
        fix: &'static str,
    },
    #[error("{}: row {row}, column {column}: the text is not UTF-8; save the export as \"CSV UTF-8\" and try again", path.display())]
    NotUtf8 {
        path: PathBuf,
        row: u64,
        column: String,
    },
    #[error("{}: row {row}, column {column}: the UTF-16 text is damaged (half of a character is missing); export the file again, as \"CSV UTF-8\" if you can", path.display())]
    DamagedUtf16 {
        path: PathBuf,
        row: u64,
        column: String,
    },
    #[error("{}: cannot use a temporary file in {} to look for repeated respondent ids: {source}; set TMPDIR to a folder with free space and try again", path.display(), folder.display())]
    Scratch {
        path: PathBuf,
        folder: PathBuf,
        source: io::Error,
    },
    #[error("{}: row {row}, column {column}: the row runs on past {} MiB; a quoted cell is probably never closed (a '\"' is missing), so the rest of the file ran into it", path.display(), RECORD_LIMIT >> 20)]
    RowTooLong {
        path: PathBuf,
        row: u64,
        column: String,
    },
    #[error("{}: row {row}, column {column}: a quoted cell is never closed (a '\"' is missing), so the rest of the file ran into it", path.display())]
    UnterminatedQuote {
        path: PathBuf,
        row: u64,
        column: String,
    },
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A spreadsheet column letter for a 0-based index: A, B, ..., Z, AA.
pub fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// One question's answer in the current row; buffers are reused from row to row.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// Routing sent this respondent to the question (always true without routing).
    pub asked: bool,
    pub choice: Option<usize>,
    pub ticks: Vec<usize>,
    pub grid: Vec<Option<usize>>,
    pub text: String,
    pub number: Option<f64>,
    pub other: String,
    pub comment: String,
}

impl Answer {
    fn clear(&mut self, grid_rows: usize) {
        self.asked = true;
        self.choice = None;
        self.ticks.clear();
        self.grid.clear();
        self.grid.resize(grid_rows, None);
        self.text.clear();
        self.number = None;
        self.other.clear();
        self.comment.clear();
    }
}

/// The answers of one included row, in questionnaire order.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Row number as a spreadsheet shows it: the header is row 1.
    pub number: u64,
    /// The `respondent_id` cell, empty where the file has none.
    pub respondent: String,
    pub answers: Vec<Answer>,
    /// The respondent's name, from the contact fields that hold it: answers are kept as
    /// written, and whatever keeps or counts one takes the name out of it first.
    pub own_name: OwnName,
}

/// What reading a file found, beside the rows handed to the sink.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub accounting: Accounting,
    pub problems: Problems,
    /// Header-level notes, such as columns the questionnaire does not know.
    pub warnings: Vec<String>,
}

/// Where each question's cells are in the file.
struct QuestionColumns {
    main: Option<usize>,
    rows: Vec<usize>,
    other: Option<usize>,
    comment: Option<usize>,
    matcher: Matcher,
}

/// The header resolved against the questionnaire.
struct Layout {
    headers: Vec<String>,
    id_column: Option<usize>,
    contact_columns: Vec<usize>,
    /// Contact columns holding the respondent's name, taken out of their answers.
    name_columns: Vec<usize>,
    questions: Vec<QuestionColumns>,
    /// Numbers are written with a decimal comma ("2,5"): the file is separated by semicolons, as
    /// Excel saves it where a comma is the decimal mark.
    decimal_comma: bool,
}

impl Layout {
    fn new(
        path: &Path,
        survey: &Survey,
        headers: Vec<String>,
        warnings: &mut Vec<String>,
    ) -> Result<Self, IngestError> {
        let mut by_name: std::collections::HashMap<String, usize> = Default::default();
        for (i, h) in headers.iter().enumerate() {
            let key = h.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            if let Some(first) = by_name.insert(key, i) {
                return Err(IngestError::DuplicateColumn {
                    path: path.to_path_buf(),
                    name: h.trim().to_string(),
                    first: column_letter(first),
                    second: column_letter(i),
                });
            }
        }
        let find = |column: &str| by_name.get(&column.trim().to_lowercase()).copied();
        let mut used = vec![false; headers.len()];
        let id_column = find("respondent_id");
        if let Some(i) = id_column {
            used[i] = true;
        }
        let (mut missing, mut found_any) = (Vec::new(), false);
        let mut contact_columns = Vec::new();
        let mut questions: Vec<QuestionColumns> = survey
            .questions
            .iter()
            .map(|q| QuestionColumns {
                main: None,
                rows: Vec::new(),
                other: None,
                comment: None,
                matcher: Matcher::new(q.kind.choices()),
            })
            .collect();
        for field in survey.fields() {
            let question = &survey.questions[field.question];
            let Some(i) = find(&field.column) else {
                if field.required() {
                    missing.push(describe_field(question, field.role, &field.column));
                }
                continue;
            };
            used[i] = true;
            found_any = true;
            let columns = &mut questions[field.question];
            match field.role {
                FieldRole::Answer => columns.main = Some(i),
                FieldRole::GridRow(_) => columns.rows.push(i),
                FieldRole::Other => columns.other = Some(i),
                FieldRole::Comment => columns.comment = Some(i),
                FieldRole::Contact => contact_columns.push(i),
            }
        }
        if !missing.is_empty() && !found_any {
            return Err(IngestError::NoKnownColumns {
                path: path.to_path_buf(),
                starts: first_cells(&headers),
            });
        }
        if !missing.is_empty() {
            return Err(IngestError::MissingColumns {
                path: path.to_path_buf(),
                missing,
            });
        }
        for (i, h) in headers.iter().enumerate() {
            if !used[i] {
                let name = if h.trim().is_empty() {
                    "(no name)".to_string()
                } else {
                    format!("{:?}", h.trim())
                };
                warnings.push(format!(
                    "column {} {name} is not in the questionnaire and is ignored",
                    column_letter(i)
                ));
            }
        }
        let name_columns = survey.name_columns().into_iter().filter_map(find).collect();
        Ok(Layout {
            headers,
            id_column,
            contact_columns,
            name_columns,
            questions,
            decimal_comma: false,
        })
    }

    fn column_name(&self, i: usize) -> String {
        format!("{} ({})", self.headers[i].trim(), column_letter(i))
    }
}

/// The first few cells of a row, quoted and cut short, for saying what a row holds.
fn first_cells(cells: &[String]) -> String {
    const SHOWN: usize = 3;
    const LONGEST: usize = 40;
    let mut shown: Vec<String> = cells
        .iter()
        .take(SHOWN)
        .map(|cell| cell.trim())
        .map(|cell| match cell.char_indices().nth(LONGEST) {
            Some((cut, _)) => format!("{:?}...", &cell[..cut]),
            None => format!("{cell:?}"),
        })
        .collect();
    if cells.len() > SHOWN {
        shown.push("...".to_string());
    }
    shown.join(", ")
}

fn describe_field(question: &Question, role: FieldRole, column: &str) -> String {
    match (role, &question.kind) {
        (FieldRole::GridRow(r), Kind::Grid { rows, .. }) => {
            format!("{column:?} ({} row {:?})", question.id, rows[r].label)
        }
        (FieldRole::Other, _) => format!("{column:?} ({} \"Other, please specify\")", question.id),
        (FieldRole::Comment, _) => format!("{column:?} ({} comment)", question.id),
        _ => format!("{column:?} ({})", question.id),
    }
}

/// Rows parsed per batch handed from the reading thread to the counting one: few enough that a
/// batch is still in the processor's shared cache when the counting thread reads it (with 1,024,
/// `tally` took a third more processor time).
const BATCH: usize = 128;

/// What the reading thread hands over: parsed records (reused buffers), or why it stopped.
enum Parsed {
    Records(Vec<Record>, usize),
    Failed(Failure),
}

/// A read failure, located; the counting thread names the column.
enum Failure {
    Utf8 { row: u64, field: usize },
    TooLong { row: u64, field: usize },
    Io(String),
}

/// The records of a response file, cells separated by `separator`, and whether it is UTF-16
/// (known by its byte-order mark; read as UTF-8). Counts the file's bytes read into `bytes`.
fn open_records(
    path: &Path,
    separator: u8,
    bytes: &Arc<AtomicU64>,
) -> Result<(RecordReader<Box<dyn Read + Send>>, bool), IngestError> {
    let (file, mut mark) = open_start(path)?;
    let utf16 = matches!(mark.as_slice(), [0xff, 0xfe, ..] | [0xfe, 0xff, ..]);
    let (input, counted): (Box<dyn Read + Send>, _) = if utf16 {
        bytes.fetch_add(2, Ordering::Relaxed);
        let big_endian = mark[0] == 0xfe;
        let after_mark = io::Cursor::new(mark.split_off(2)).chain(file);
        let decoded = utf16::Utf16Reader::new(after_mark, big_endian, bytes.clone());
        // The UTF-8 bytes are not the file's: the progress bar counts the UTF-16 ones.
        (Box::new(decoded), Arc::default())
    } else {
        (Box::new(io::Cursor::new(mark).chain(file)), bytes.clone())
    };
    let records = RecordReader::new(input, counted).with_separator(separator);
    Ok((records, utf16))
}

/// A response file opened, with its first four bytes read (fewer if it is shorter); a workbook
/// or compressed file is an error.
fn open_start(path: &Path) -> Result<(File, Vec<u8>), IngestError> {
    let io_error = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io_error)?;
    let mut start = Vec::with_capacity(4);
    (&mut file)
        .take(4)
        .read_to_end(&mut start)
        .map_err(io_error)?;
    if let Some((kind, fix)) = other_format(&start) {
        return Err(IngestError::NotCsv {
            path: path.to_path_buf(),
            kind,
            fix,
        });
    }
    Ok((file, start))
}

/// The errors a file gives before its first row is read (cannot be opened, empty, a workbook):
/// for checking several files before the long work on any of them starts.
pub fn precheck(path: &Path) -> Result<(), IngestError> {
    let (_, start) = open_start(path)?;
    if start.is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// What a file is and what to do, if its first bytes are those of a format often mistaken for a
/// CSV export: a workbook, or a compressed file.
fn other_format(start: &[u8]) -> Option<(&'static str, &'static str)> {
    const SAVE_AS_CSV: &str = "open it in Excel and save it as \"CSV UTF-8 (Comma delimited)\", or export CSV from the survey platform";
    match start {
        [b'P', b'K', 3, 4] => Some(("an Excel workbook (.xlsx) or another zip file", SAVE_AS_CSV)),
        [0xd0, 0xcf, 0x11, 0xe0] => Some(("an Excel 97-2003 workbook (.xls)", SAVE_AS_CSV)),
        [0x1f, 0x8b, ..] => Some((
            "compressed (gzip)",
            "decompress it first, for example with gunzip",
        )),
        _ => None,
    }
}

/// What separates the cells of a file whose header row, read as comma-separated, is `header`:
/// semicolons (Excel where a comma is the decimal mark) or tabs (Excel's "Unicode Text", TSV
/// downloads) where the row has more of them than commas.
fn separator_of(header: &Record) -> u8 {
    let commas = header.len().saturating_sub(1);
    let count = |separator: u8| -> usize {
        header
            .iter()
            .map(|cell| cell.bytes().filter(|&b| b == separator).count())
            .sum()
    };
    let (semicolons, tabs) = (count(b';'), count(b'\t'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// Reads a response file, handing each included row to `sink`. One thread parses the CSV while
/// this one matches answers and feeds `sink`, so the two cores share the work.
pub fn read(
    path: &Path,
    survey: &Survey,
    mut sink: impl FnMut(&Row),
) -> Result<Report, IngestError> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let bytes = Arc::new(AtomicU64::new(0));
    let (mut csv, utf16) = open_records(path, b',', &bytes)?;
    let mut report = Report::default();
    let mut record = Record::default();
    let failure = |e: ReadError, row: u64| match e {
        ReadError::Utf8 { field } => Failure::Utf8 { row, field },
        ReadError::TooLong { field } => Failure::TooLong { row, field },
        ReadError::Io(e) => Failure::Io(e.to_string()),
    };
    let located = |f: Failure, layout: Option<&Layout>| {
        let column = |field: usize| match layout {
            Some(l) if field < l.headers.len() => l.column_name(field),
            _ => column_letter(field),
        };
        let path = path.to_path_buf();
        match f {
            Failure::Utf8 { row, field } if utf16 => IngestError::DamagedUtf16 {
                path,
                row,
                column: column(field),
            },
            Failure::Utf8 { row, field } => IngestError::NotUtf8 {
                path,
                row,
                column: column(field),
            },
            Failure::TooLong { row, field } => IngestError::RowTooLong {
                path,
                row,
                column: column(field),
            },
            Failure::Io(message) => IngestError::Io {
                path,
                source: io::Error::other(message),
            },
        }
    };
    let read_header = |csv: &mut RecordReader<_>, record: &mut Record| match csv.read(record) {
        Ok(true) => Ok(()),
        Ok(false) => Err(IngestError::Empty {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(located(failure(e, 1), None)),
    };
    read_header(&mut csv, &mut record)?;
    let separator = separator_of(&record);
    if separator != b',' {
        bytes.store(0, Ordering::Relaxed);
        csv = open_records(path, separator, &bytes)?.0;
        read_header(&mut csv, &mut record)?;
    }
    if csv.ended_in_quotes() {
        return Err(IngestError::UnterminatedQuote {
            path: path.to_path_buf(),
            row: 1,
            column: column_letter(record.len() - 1),
        });
    }
    let headers: Vec<String> = record.iter().map(str::to_string).collect();
    let mut layout = Layout::new(path, survey, headers, &mut report.warnings)?;
    layout.decimal_comma = separator == b';';
    let width = layout.headers.len();

    let mut row = Row {
        number: 1,
        answers: vec![Answer::default(); survey.questions.len()],
        ..Row::default()
    };
    let mut seen_ids = SeenIds::default();
    // The cells of the last record, if the file ends inside its last cell's quotes.
    let unclosed = std::thread::scope(|scope| -> Result<Option<usize>, IngestError> {
        let (full, parsed) = std::sync::mpsc::sync_channel::<Parsed>(4);
        let (recycle, spare) = std::sync::mpsc::channel::<Vec<Record>>();
        let reader = scope.spawn(move || {
            let (mut number, mut last_cells) = (1u64, 0);
            loop {
                let mut batch = spare
                    .try_recv()
                    .unwrap_or_else(|_| vec![Record::default(); BATCH]);
                let mut filled = 0;
                while filled < BATCH {
                    match csv.read(&mut batch[filled]) {
                        Ok(true) => {
                            batch[filled].trim();
                            last_cells = batch[filled].len();
                            filled += 1;
                            number += 1;
                        }
                        Ok(false) => break,
                        Err(e) => {
                            let _ = full.send(Parsed::Records(batch, filled));
                            let _ = full.send(Parsed::Failed(failure(e, number + 1)));
                            return None;
                        }
                    }
                }
                let done = filled < BATCH;
                if full.send(Parsed::Records(batch, filled)).is_err() || done {
                    return csv.ended_in_quotes().then_some(last_cells);
                }
            }
        });
        let mut progress = crate::progress::Progress::new(path, size);
        for message in parsed {
            progress.update(bytes.load(Ordering::Relaxed), row.number - 1);
            let (batch, filled) = match message {
                Parsed::Records(batch, filled) => (batch, filled),
                Parsed::Failed(f) => return Err(located(f, Some(&layout))),
            };
            let mut cells: Vec<&str> = Vec::with_capacity(width);
            for record in &batch[..filled] {
                row.number += 1;
                let number = row.number;
                cells.clear();
                cells.extend(record.trimmed());
                if cells.len() != width {
                    if cells.len() < width {
                        report.accounting.short_rows += 1;
                    }
                    report.accounting.exclude(
                        number,
                        Exclusion::WrongCellCount,
                        format!(
                            "has {} cells but the header has {width} columns",
                            cells.len()
                        ),
                    );
                    continue;
                }
                if cells.iter().all(|c| c.is_empty()) {
                    report
                        .accounting
                        .exclude(number, Exclusion::BlankRow, String::new());
                    continue;
                }
                if let Some(id) = layout
                    .id_column
                    .map(|i| cells[i])
                    .filter(|id| !id.is_empty())
                {
                    let new = seen_ids.insert(id).map_err(|source| IngestError::Scratch {
                        path: path.to_path_buf(),
                        folder: seen_ids.folder().to_path_buf(),
                        source,
                    })?;
                    if !new {
                        report.accounting.exclude(
                            number,
                            Exclusion::DuplicateRespondent,
                            format!("respondent_id {id:?} was already used by an earlier row"),
                        );
                        continue;
                    }
                }
                row.own_name.clear();
                for &i in &layout.name_columns {
                    row.own_name.add(cells[i]);
                }
                let answered = parse_row(survey, &layout, &cells, &mut row, &mut report.problems);
                if !answered {
                    let detail = if layout.contact_columns.iter().any(|&i| !cells[i].is_empty()) {
                        "only contact details are filled in".to_string()
                    } else {
                        "only the respondent id is filled in".to_string()
                    };
                    report
                        .accounting
                        .exclude(number, Exclusion::NoAnswers, detail);
                    continue;
                }
                report.accounting.include();
                row.respondent.clear();
                if let Some(i) = layout.id_column {
                    row.respondent.push_str(cells[i]);
                }
                sink(&row);
            }
            drop(cells);
            let _ = recycle.send(batch);
        }
        progress.finish();
        Ok(reader.join().expect("the reading thread does not panic"))
    })?;
    if let Some(cells) = unclosed {
        let at = cells - 1;
        return Err(IngestError::UnterminatedQuote {
            path: path.to_path_buf(),
            row: row.number,
            column: if at < width {
                layout.column_name(at)
            } else {
                column_letter(at)
            },
        });
    }
    if report.accounting.read == 0 {
        return Err(IngestError::HeaderOnly {
            path: path.to_path_buf(),
        });
    }
    Ok(report)
}

/// Fills `row.answers` from the cells; returns whether any question was answered at all.
fn parse_row(
    survey: &Survey,
    layout: &Layout,
    cells: &[&str],
    row: &mut Row,
    problems: &mut Problems,
) -> bool {
    let mut any = false;
    let mut unmatched = Vec::new();
    let number = row.number;
    for (qi, question) in survey.questions.iter().enumerate() {
        let columns = &layout.questions[qi];
        let grid_rows = columns.rows.len();
        let asked = question.ask_if.as_ref().is_none_or(|routing| {
            let earlier = &row.answers[routing.question];
            earlier.choice.is_some_and(|c| routing.answers.contains(&c))
                || earlier.ticks.iter().any(|t| routing.answers.contains(t))
        });
        let answer = &mut row.answers[qi];
        answer.clear(grid_rows);
        // Suggestions are only worked out for problems listed in detail: when a label in the
        // questionnaire differs from the export's, every row has one, and comparing each with
        // every option took four times as long as reading the file.
        let suggesting = problems.details.len() < DETAIL_LIMIT;
        let mut problem = |column: usize, value: &str, issue: Issue| {
            // A problem lists what the respondent wrote: without their name, as when it is kept.
            let value = row.own_name.remove_from(value);
            problems.push(Problem {
                row: number,
                column: layout.column_name(column),
                value: value.chars().take(VALUE_SHOWN).collect(),
                cut: value.chars().nth(VALUE_SHOWN).is_some(),
                issue,
            });
        };
        let not_an_option = |value: &str| Issue::NotAnOption {
            question: question.id.clone(),
            nearest: suggesting
                .then(|| columns.matcher.nearest(value).map(str::to_string))
                .flatten(),
        };
        let cell_at = |i: usize| cells[i];
        let own_cells = columns
            .main
            .iter()
            .chain(&columns.rows)
            .chain(&columns.other)
            .chain(&columns.comment);
        if !asked {
            answer.asked = false;
            if let Some(&i) = own_cells.clone().find(|&&i| !cell_at(i).is_empty()) {
                any = true;
                let routing = question
                    .ask_if
                    .as_ref()
                    .expect("unasked questions have routing");
                let on = &survey.questions[routing.question];
                let labels: Vec<String> = routing
                    .answers
                    .iter()
                    .map(|&a| format!("{:?}", on.kind.choices()[a].label))
                    .collect();
                problem(
                    i,
                    cell_at(i),
                    Issue::NotRouted {
                        question: question.id.clone(),
                        condition: format!("{} to {}", labels.join(" or "), on.id),
                    },
                );
            }
            continue;
        }
        if own_cells.clone().any(|&i| !cell_at(i).is_empty()) {
            any = true;
        }
        match &question.kind {
            Kind::Single { .. } => {
                if let Some(i) = columns.main {
                    let cell = cell_at(i);
                    if !cell.is_empty() {
                        answer.choice = columns.matcher.find(cell);
                        if answer.choice.is_none() {
                            problem(i, cell, not_an_option(cell));
                        }
                    }
                }
            }
            Kind::Multi { options } => {
                if let Some(i) = columns.main {
                    let cell = cell_at(i);
                    if !cell.is_empty() {
                        columns
                            .matcher
                            .split_multi(cells[i], &mut answer.ticks, &mut unmatched);
                        for piece in &unmatched {
                            problem(i, piece, not_an_option(piece));
                        }
                        if answer.ticks.len() > 1
                            && let Some(&t) = answer.ticks.iter().find(|&&t| options[t].exclusive)
                        {
                            problem(
                                i,
                                cell,
                                Issue::ExclusiveWithOthers {
                                    question: question.id.clone(),
                                    option: options[t].label.clone(),
                                },
                            );
                        }
                    }
                }
            }
            Kind::Grid { .. } => {
                for (r, &i) in columns.rows.iter().enumerate() {
                    let cell = cell_at(i);
                    if cell.is_empty() {
                        continue;
                    }
                    answer.grid[r] = columns.matcher.find(cell);
                    if answer.grid[r].is_none() {
                        problem(i, cell, not_an_option(cell));
                    }
                }
            }
            Kind::Text => {
                if let Some(i) = columns.main {
                    answer.text.push_str(cell_at(i));
                }
            }
            Kind::Number { min, max, .. } => {
                if let Some(i) = columns.main {
                    let cell = cell_at(i);
                    if !cell.is_empty() {
                        match parse_number(cell, layout.decimal_comma) {
                            None => problem(
                                i,
                                cell,
                                Issue::NotANumber {
                                    question: question.id.clone(),
                                },
                            ),
                            Some(n) if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) => {
                                problem(
                                    i,
                                    cell,
                                    Issue::OutOfRange {
                                        question: question.id.clone(),
                                        min: *min,
                                        max: *max,
                                    },
                                )
                            }
                            Some(n) => answer.number = Some(n),
                        }
                    }
                }
            }
            Kind::Contact { .. } => {}
        }
        if let Some(i) = columns.other {
            answer.other.push_str(cell_at(i));
        }
        if let Some(i) = columns.comment {
            answer.comment.push_str(cell_at(i));
        }
    }
    any
}

/// The longest value a problem keeps, in characters: enough to recognise it, and a column of
/// long answers read as the wrong question lists a line each, not a page each.
const VALUE_SHOWN: usize = 100;

/// A number as the export writes it (" 12 ", "3.5", "1,250"). With `decimal_comma` a comma is
/// the decimal mark ("2,5" is 2.5); otherwise a comma may only separate thousands, so "2,5" is
/// not read as 25 but is not a number, listed for the officer to see.
fn parse_number(cell: &str, decimal_comma: bool) -> Option<f64> {
    let cell = cell.trim();
    let n: f64 = if !cell.contains(',') {
        cell.parse().ok()?
    } else if decimal_comma {
        if cell.contains('.') || cell.matches(',').count() > 1 {
            return None;
        }
        cell.replacen(',', ".", 1).parse().ok()?
    } else {
        let whole = cell.split('.').next().unwrap_or_default();
        let digits = whole.strip_prefix(['-', '+']).unwrap_or(whole);
        let mut groups = digits.split(',');
        let thousands = groups.next().is_some_and(|g| (1..=3).contains(&g.len()))
            && groups.all(|g| g.len() == 3);
        if !thousands || cell[whole.len()..].contains(',') {
            return None;
        }
        cell.replace(',', "").parse().ok()?
    };
    // Adding 0 makes -0 plain 0, which would otherwise be shown as "-0".
    n.is_finite().then_some(n + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_temporary_folder_says_which_folder_and_what_to_do() {
        let error = IngestError::Scratch {
            path: PathBuf::from("responses.csv"),
            folder: PathBuf::from("/tmp"),
            source: io::Error::from(io::ErrorKind::StorageFull),
        };
        assert_eq!(
            error.to_string(),
            "responses.csv: cannot use a temporary file in /tmp to look for repeated respondent \
             ids: no storage space; set TMPDIR to a folder with free space and try again"
        );
    }

    #[test]
    fn cells_are_separated_by_whichever_the_header_has_more_of() {
        let separator = |header: &str| {
            let mut record = Record::default();
            let mut reader = RecordReader::new(header.as_bytes(), Arc::default());
            assert!(matches!(reader.read(&mut record), Ok(true)));
            separator_of(&record) as char
        };
        assert_eq!(separator("id,q1;a,q2\n"), ',');
        assert_eq!(separator("id;q1;\"q2,a\""), ';');
        assert_eq!(separator("id\tq1\tq2;a\n"), '\t');
        assert_eq!(separator("id\tq1;q2"), '\t');
        assert_eq!(separator("respondent_id"), ',');
    }

    #[test]
    fn column_letters_follow_spreadsheets() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn numbers_accept_thousands_separators_and_spaces() {
        let number = |cell| parse_number(cell, false);
        assert_eq!(number(" 1,250 "), Some(1250.0));
        assert_eq!(number("-12,345,678.5"), Some(-12_345_678.5));
        assert_eq!(number("3.5"), Some(3.5));
        assert_eq!(number("1e2"), Some(100.0));
        for not_a_number in [
            "2,5", "1,25", "12,3456", ",5", "1,,250", "1.250,5", "three", "inf",
        ] {
            assert_eq!(number(not_a_number), None, "{not_a_number}");
        }
        // Minus zero is zero, so that it is never shown as "-0".
        assert!(number("-0").is_some_and(|n| n == 0.0 && n.is_sign_positive()));
    }

    #[test]
    fn numbers_of_semicolon_separated_files_take_a_decimal_comma() {
        let number = |cell| parse_number(cell, true);
        assert_eq!(number("2,5"), Some(2.5));
        assert_eq!(number("1,250"), Some(1.25));
        assert_eq!(number("12"), Some(12.0));
        assert_eq!(number("3.5"), Some(3.5));
        for not_a_number in ["1.250,5", "1,250,000", "2,5 visits"] {
            assert_eq!(number(not_a_number), None, "{not_a_number}");
        }
    }
}
