//! `canvass check`: accounting and problems, and the exact messages for broken files.

use crate::workdir::{SMALL_HEADER, Workdir, repo};

fn check(rows: &str) -> (Workdir, crate::workdir::Run) {
    let wd = Workdir::small();
    wd.write("r.csv", format!("{SMALL_HEADER}{rows}"));
    let run = wd.run(&["check", "small.toml", "r.csv"]);
    (wd, run)
}

#[test]
fn the_shipped_example_is_clean() {
    let out = Workdir::new()
        .run(&[
            "check",
            &repo("surveys/luton-dv-service-providers-2014.toml"),
            &repo("examples/luton-service-providers-2014.csv"),
        ])
        .ok();
    assert!(out.ends_with("luton-service-providers-2014.csv: 36 rows read, 36 included, 0 excluded\nNo problems found.\n"), "{out}");
}

#[test]
fn unknown_options_are_listed_with_row_column_and_nearest_option() {
    let (_, run) = check("1,,,Yse,,,Agree,Agree,3,\n2,,,Sometimes,,,,,,\n");
    assert_eq!(
        run.ok(),
        "r.csv: 2 rows read, 2 included, 0 excluded\n\
         2 invalid answers (left out of the tallies):\n  \
         row 2, column q2 (D): \"Yse\" is not an option of q2 (did you mean \"Yes\"?)\n  \
         row 3, column q2 (D): \"Sometimes\" is not an option of q2\n"
    );
}

#[test]
fn strict_makes_invalid_answers_fatal() {
    let wd = Workdir::small();
    wd.write("r.csv", format!("{SMALL_HEADER}1,,,Yse,,,,,,\n"));
    let run = wd.run(&["check", "--strict", "small.toml", "r.csv"]);
    run.fails();
    assert!(
        run.stdout()
            .contains("1 invalid answer (fatal with --strict):"),
        "{}",
        run.stdout()
    );
    wd.run(&["tally", "--strict", "small.toml", "r.csv"]).fails_with(
        "r.csv: 1 invalid answer (--strict); the first: row 2, column q2 (D): \"Yse\" is not an option of q2 (did you mean \"Yes\"?)",
    );
}

#[test]
fn every_row_is_accounted_for() {
    let rows = "1,Ann,ann@example.org,Yes,,Books,Agree,,12,\n\
                2,,,,,,,,,\n\
                ,,,,,,,,,\n\
                1,Bob,,No,,,,,,\n\
                3,Cy,cy@example.org,,,,,,,\n\
                4,,,No,,,\n\
                5,,,No,,,,,,,,\n\
                6,,,Other,,,,,,\n";
    let (_, run) = check(rows);
    assert_eq!(
        run.ok(),
        "r.csv: 8 rows read, 2 included, 6 excluded (1 blank row, 2 no answers to any question, 2 wrong number of cells, 1 duplicate respondent_id)\n  \
         row 3: no answers to any question (only the respondent id is filled in)\n  \
         row 4: blank row\n  \
         row 5: duplicate respondent_id (respondent_id \"1\" was already used by an earlier row)\n  \
         row 6: no answers to any question (only contact details are filled in)\n  \
         row 7: wrong number of cells (has 7 cells but the header has 10 columns)\n  \
         row 8: wrong number of cells (has 12 cells but the header has 10 columns)\n\
         note: 1 row has fewer cells than the header. Excel leaves out empty cells at the end of \
         some rows when it saves a CSV: export the file again from the survey platform, or fill \
         the last column of every row before saving it from Excel.\n"
    );
}

/// A response file of `rows` respondents numbered from 1, each answering q2.
fn numbered_rows(rows: usize) -> String {
    let mut csv = String::from(SMALL_HEADER);
    for id in 1..=rows {
        csv.push_str(&format!("{id},,,No,,,,,,\n"));
    }
    csv
}

#[test]
fn repeated_ids_are_found_among_more_than_memory_holds() {
    // canvass keeps the last 229,376 ids in memory and older ones on disk: 7 and 229000 are
    // looked up on disk, 299999 in memory.
    let wd = Workdir::small();
    let mut rows = numbered_rows(300_000);
    rows.push_str("7,,,Yes,,,,,,\n229000,,,Yes,,,,,,\n300001,,,Yes,,,,,,\n299999,,,Yes,,,,,,\n");
    wd.write("r.csv", rows);
    let scratch = wd.path("scratch");
    std::fs::create_dir(&scratch).unwrap();
    let run = wd.run_with_env(&[("TMPDIR", &scratch)], &["check", "small.toml", "r.csv"]);
    assert_eq!(
        run.ok(),
        "r.csv: 300,004 rows read, 300,001 included, 3 excluded (3 duplicate respondent_ids)\n  \
         row 300002: duplicate respondent_id (respondent_id \"7\" was already used by an earlier row)\n  \
         row 300003: duplicate respondent_id (respondent_id \"229000\" was already used by an earlier row)\n  \
         row 300005: duplicate respondent_id (respondent_id \"299999\" was already used by an earlier row)\n"
    );
    // The files on disk have no names and are gone.
    assert_eq!(std::fs::read_dir(&scratch).unwrap().count(), 0);
}

#[test]
fn a_temporary_folder_that_cannot_be_written_stops_the_run() {
    let wd = Workdir::small();
    wd.write("r.csv", numbered_rows(230_000));
    let missing = wd.path("no-such-folder");
    wd.run_with_env(&[("TMPDIR", &missing)], &["tally", "small.toml", "r.csv"])
        .fails_with(&format!(
            "r.csv: cannot use a temporary file in {} to look for repeated respondent ids: \
             No such file or directory (os error 2); set TMPDIR to a folder with free space and \
             try again",
            missing.display()
        ));
}

#[test]
fn routing_exclusive_ticks_and_ranges_are_checked() {
    let rows = "1,,,No,,Books,,,,\n\
                2,,,Yes,,Books;None,,,400,\n\
                3,,,yes,,Yes; from the van,,,ten,\n";
    let (_, run) = check(rows);
    assert_eq!(
        run.ok(),
        "r.csv: 3 rows read, 3 included, 0 excluded\n\
         5 invalid answers (left out of the tallies):\n  \
         row 2, column q3 (F): \"Books\" answers q3, which this respondent was not asked (q3 is only for those who answered \"Yes\" to q2)\n  \
         row 3, column q5 (I): \"400\" is out of range (q5 takes numbers from 0 to 365)\n  \
         row 4, column q3 (F): \"Yes\" is not an option of q3\n  \
         row 4, column q3 (F): \"from the van\" is not an option of q3 (did you mean \"Yes, from the van\"?)\n  \
         row 4, column q5 (I): \"ten\" is not a number (q5 asks for one)\n\
         1 warning:\n  \
         row 3, column q3 (F): \"Books;None\" ticks \"None\" together with other options of q3; all ticks are counted\n"
    );
}

#[test]
fn labels_with_separators_bom_crlf_and_quoted_newlines_are_read() {
    let wd = Workdir::small();
    let csv = format!(
        "\u{feff}{}1,,,YES ,,\"Yes, from the van;Computers; printing\",agree,DON'T KNOW,2,\"Line one,\r\nline \"\"two\"\"\"\r\n",
        SMALL_HEADER.replace('\n', "\r\n")
    );
    wd.write("r.csv", csv);
    assert_eq!(
        wd.run(&["check", "small.toml", "r.csv"]).ok(),
        "r.csv: 1 row read, 1 included, 0 excluded\nNo problems found.\n"
    );
    let json = wd
        .run(&["tally", "small.toml", "r.csv", "-f", "json", "-q", "q3"])
        .ok();
    assert!(
        json.contains("\"label\": \"Yes, from the van\",\n          \"count\": 1"),
        "{json}"
    );
    assert!(
        json.contains("\"label\": \"Computers; printing\",\n          \"count\": 1"),
        "{json}"
    );
}

#[test]
fn unknown_columns_are_warnings() {
    let wd = Workdir::small();
    wd.write(
        "r.csv",
        format!("Timestamp,{}", SMALL_HEADER.replace('\n', ",\n")) + "today,1,,,No,,,,,,,\n",
    );
    assert_eq!(
        wd.run(&["check", "small.toml", "r.csv"]).ok(),
        "r.csv: 1 row read, 1 included, 0 excluded\n\
         warning: column A \"Timestamp\" is not in the questionnaire and is ignored\n\
         warning: column L (no name) is not in the questionnaire and is ignored\n"
    );
}

#[test]
fn a_missing_column_is_fatal() {
    let wd = Workdir::small();
    wd.write(
        "r.csv",
        SMALL_HEADER.replace(",q4_staff", "").replace(",q6", "") + "1,,,No,,,,,\n",
    );
    wd.run(&["check", "small.toml", "r.csv"]).fails_with(
        "r.csv: 2 required columns are missing: \"q4_staff\" (q4 row \"Staff are helpful\"), \"q6\" (q6); `canvass template SURVEY` prints the expected header",
    );
}

#[test]
fn an_unterminated_quote_is_fatal() {
    let (_, run) = check("1,,,No,,,,,,fine\n2,,,No,,,,,,\"never closed\n3,,,Yes,,,,,,\n");
    run.fails_with(
        "r.csv: row 3, column q6 (J): a quoted cell is never closed (a '\"' is missing), so the rest of the file ran into it",
    );
}

#[test]
fn a_quote_never_closed_on_the_last_row_is_fatal_even_when_its_cells_add_up() {
    let (_, run) = check("1,,,No,,,,,,fine\n2,,,No,,,,,,\"never closed");
    run.fails_with(
        "r.csv: row 3, column q6 (J): a quoted cell is never closed (a '\"' is missing), so the rest of the file ran into it",
    );
}

#[test]
fn line_endings_and_a_byte_order_mark_do_not_change_what_is_read() {
    let wd = Workdir::small();
    let rows = format!(
        "{SMALL_HEADER}1,,,No,,,,,,\"two\nlines\"\n2,,,Yes,,,,,,\"say \"\"hi\"\"\"\n\n3,,,No,,,,,,x\n"
    );
    wd.write("lf.csv", &rows);
    wd.write("crlf.csv", rows.replace('\n', "\r\n"));
    // Excel for the Mac once ended lines with a carriage return alone.
    wd.write("cr.csv", rows.replace('\n', "\r"));
    wd.write("bom.csv", format!("\u{feff}{rows}"));
    let read = |file: &str| {
        let tally = wd.run(&["tally", "small.toml", file, "-f", "json"]).ok();
        let terms = wd.run(&["terms", "small.toml", file, "-f", "json"]).ok();
        (tally, terms)
    };
    let (tally, terms) = read("lf.csv");
    assert!(tally.contains("\"read\": 3"), "{tally}");
    assert!(terms.contains(r#""text": "two\nlines""#), "{terms}");
    assert!(terms.contains(r#""text": "say \"hi\"""#), "{terms}");
    // Inside quotes a line end is part of the answer, kept as written.
    for (file, line_end) in [("bom.csv", r"\n"), ("crlf.csv", r"\r\n"), ("cr.csv", r"\r")] {
        let (file_tally, file_terms) = read(file);
        assert_eq!(file_tally, tally, "{file}");
        let written = format!("two{line_end}lines");
        assert_eq!(file_terms.replace(&written, r"two\nlines"), terms, "{file}");
    }
}

#[test]
fn empty_files_duplicate_columns_and_other_encodings_are_fatal() {
    let wd = Workdir::small();
    wd.write("empty.csv", "");
    wd.run(&["check", "small.toml", "empty.csv"])
        .fails_with("empty.csv is empty; a response file starts with a header row (`canvass template SURVEY` writes one)");
    wd.write("dup.csv", SMALL_HEADER.replace("q5,", "Q2,q5,"));
    wd.run(&["tally", "small.toml", "dup.csv"])
        .fails_with("dup.csv: column \"Q2\" appears twice in the header (columns D and I)");
    let mut latin1 = SMALL_HEADER.as_bytes().to_vec();
    latin1.extend_from_slice(b"1,,,No,,,,,,caf\xe9\n");
    wd.write("latin1.csv", latin1);
    wd.run(&["check", "small.toml", "latin1.csv"]).fails_with(
        "latin1.csv: row 2, column q6 (J): the text is not UTF-8; save the export as \"CSV UTF-8\" and try again",
    );
    wd.run(&["check", "small.toml", "missing.csv"])
        .fails_with("cannot read missing.csv: No such file or directory (os error 2)");
}

#[test]
fn workbooks_and_compressed_files_are_named_for_what_they_are() {
    let wd = Workdir::small();
    let save_as_csv = "open it in Excel and save it as \"CSV UTF-8 (Comma delimited)\", or export CSV from the survey platform";
    wd.write(
        "export.xlsx",
        b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml",
    );
    wd.run(&["check", "small.toml", "export.xlsx"]).fails_with(&format!(
        "export.xlsx is an Excel workbook (.xlsx) or another zip file, not a CSV file; {save_as_csv}"
    ));
    wd.write("export.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1");
    wd.run(&["tally", "small.toml", "export.xls"])
        .fails_with(&format!(
            "export.xls is an Excel 97-2003 workbook (.xls), not a CSV file; {save_as_csv}"
        ));
    wd.write("export.csv.gz", b"\x1f\x8b\x08\x00");
    wd.run(&["report", "small.toml", "export.csv.gz", "-o", "r.html"])
        .fails_with("export.csv.gz is compressed (gzip), not a CSV file; decompress it first, for example with gunzip");
    // Three bytes that start like none of them are read as text.
    wd.write("pk.csv", "PK,");
    wd.run(&["check", "small.toml", "pk.csv"]).fails_with(
        "pk.csv: the first row has none of the questionnaire's answer columns (it starts \"PK\", \"\"); it must be the header row (`canvass template SURVEY` prints the expected one), or the file is for another questionnaire",
    );
}

/// `rows` as UTF-16 (little- or big-endian) with a byte-order mark, as Excel's "Unicode Text"
/// and some platforms' TSV downloads are.
fn utf16(rows: &str, big_endian: bool) -> Vec<u8> {
    let units = "\u{feff}".encode_utf16().chain(rows.encode_utf16());
    if big_endian {
        units.flat_map(u16::to_be_bytes).collect()
    } else {
        units.flat_map(u16::to_le_bytes).collect()
    }
}

#[test]
fn semicolon_tab_and_utf16_exports_read_as_comma_separated_utf8() {
    let wd = Workdir::small();
    let comma = format!(
        "{SMALL_HEADER}1,,,Yes,,\"Yes, from the van;Computers; printing\",agree,,2,\"Caf\u{e9}s \u{2013} \u{1f600}, \"\"always\"\"\"\n\
         2,,,No,,,disagree,,,Caf\u{e9}s closed; \"shame\"\n"
    );
    wd.write("comma.csv", &comma);
    // Excel where a comma is the decimal mark separates by semicolons, quoting cells that hold one.
    let semicolon = format!(
        "{}1;;;Yes;;\"Yes, from the van;Computers; printing\";agree;;2;\"Caf\u{e9}s \u{2013} \u{1f600}, \"\"always\"\"\"\n\
         2;;;No;;;disagree;;;\"Caf\u{e9}s closed; \"\"shame\"\"\"\n",
        SMALL_HEADER.replace(',', ";")
    );
    wd.write("semicolon.csv", &semicolon);
    let tab = format!(
        "{}1\t\t\tYes\t\t\"Yes, from the van;Computers; printing\"\tagree\t\t2\t\"Caf\u{e9}s \u{2013} \u{1f600}, \"\"always\"\"\"\n\
         2\t\t\tNo\t\t\tdisagree\t\t\tCaf\u{e9}s closed; \"shame\"\n",
        SMALL_HEADER.replace(',', "\t")
    );
    wd.write("tab.tsv", &tab);
    wd.write("utf16.txt", utf16(&tab, false));
    wd.write("utf16be.csv", utf16(&comma, true));
    let read = |file: &str| {
        let check = wd.run(&["check", "small.toml", file]).ok();
        let tally = wd.run(&["tally", "small.toml", file, "-f", "json"]).ok();
        let terms = wd.run(&["terms", "small.toml", file, "-f", "json"]).ok();
        (check.replacen(file, "FILE", 1), tally, terms)
    };
    let expected = read("comma.csv");
    assert_eq!(
        expected.0,
        "FILE: 2 rows read, 2 included, 0 excluded\nNo problems found.\n"
    );
    assert!(
        expected.2.contains(r#""text": "Cafés – 😀, \"always\"""#),
        "{}",
        expected.2
    );
    for file in ["semicolon.csv", "tab.tsv", "utf16.txt", "utf16be.csv"] {
        assert_eq!(read(file), expected, "{file}");
    }
}

#[test]
fn a_decimal_comma_is_read_in_semicolon_files_and_never_taken_for_thousands_elsewhere() {
    let wd = Workdir::small();
    wd.write(
        "semicolon.csv",
        format!(
            "{}1;;;Yes;;;;;2,5;\n2;;;Yes;;;;;10;\n",
            SMALL_HEADER.replace(',', ";")
        ),
    );
    let tally = wd
        .run(&["tally", "small.toml", "semicolon.csv", "-q", "q5"])
        .ok();
    assert!(
        tally.contains("Mean 6.3 visits, lowest 2.5, highest 10"),
        "{tally}"
    );
    wd.write(
        "comma.csv",
        format!("{SMALL_HEADER}1,,,Yes,,,,,\"2,5\",\n2,,,Yes,,,,,\"1,250\",\n3,,,Yes,,,,,-0,\n"),
    );
    let check = wd.run(&["check", "small.toml", "comma.csv"]).ok();
    assert_eq!(
        check,
        "comma.csv: 3 rows read, 3 included, 0 excluded\n\
         2 invalid answers (left out of the tallies):\n  \
         row 2, column q5 (I): \"2,5\" is not a number (q5 asks for one)\n  \
         row 3, column q5 (I): \"1,250\" is out of range (q5 takes numbers from 0 to 365)\n"
    );
    let tally = wd
        .run(&["tally", "small.toml", "comma.csv", "-q", "q5"])
        .ok();
    assert!(
        tally.contains("Mean 0 visits, lowest 0, highest 0"),
        "{tally}"
    );
}

#[test]
fn damaged_utf16_names_its_row_and_column() {
    let wd = Workdir::small();
    let mut bytes = utf16(&format!("{SMALL_HEADER}1,,,No,,,,,,caf"), false);
    // Half of a surrogate pair, then the rest of the row.
    bytes.extend_from_slice(&0xd83du16.to_le_bytes());
    bytes.extend(utf16(" ok\n", false).into_iter().skip(2));
    wd.write("r.txt", bytes);
    wd.run(&["check", "small.toml", "r.txt"]).fails_with(
        "r.txt: row 2, column q6 (J): the UTF-16 text is damaged (half of a character is missing); export the file again, as \"CSV UTF-8\" if you can",
    );
}

#[test]
fn a_quote_never_closed_stops_reading_at_16_mib_not_at_the_end_of_memory() {
    let wd = Workdir::small();
    let mut csv =
        format!("{SMALL_HEADER}1,,,No,,,,,,fine\n2,,,No,,,,,,\"never closed ").into_bytes();
    // 23 MiB of answers after it, with no quote to close it.
    csv.extend(b"3,,,Yes,,,,,,an answer\n".repeat(1 << 20));
    wd.write("r.csv", csv);
    wd.run(&["check", "small.toml", "r.csv"]).fails_with(
        "r.csv: row 3, column q6 (J): the row runs on past 16 MiB; a quoted cell is probably never closed (a '\"' is missing), so the rest of the file ran into it",
    );
}

#[test]
fn a_title_above_the_header_or_another_questionnaire_is_named_as_such() {
    let wd = Workdir::small();
    wd.write(
        "r.csv",
        format!("Library survey export, downloaded on 10 December 2014 by the team,,,\n{SMALL_HEADER}1,,,No,,,,,,\n"),
    );
    wd.run(&["check", "small.toml", "r.csv"]).fails_with(
        "r.csv: the first row has none of the questionnaire's answer columns (it starts \"Library survey export\", \"downloaded on 10 December 2014 by the te\"..., \"\", ...); it must be the header row (`canvass template SURVEY` prints the expected one), or the file is for another questionnaire",
    );
    // The respondent id column alone does not make a file this questionnaire's.
    wd.write("other.csv", "respondent_id,age,postcode_area\n1,34,LU1\n");
    wd.run(&["check", "small.toml", "other.csv"]).fails_with(
        "other.csv: the first row has none of the questionnaire's answer columns (it starts \"respondent_id\", \"age\", \"postcode_area\"); it must be the header row (`canvass template SURVEY` prints the expected one), or the file is for another questionnaire",
    );
}

#[test]
fn a_long_value_is_listed_by_its_first_100_characters() {
    let long = "Library van ".repeat(20);
    let (_, run) = check(&format!("1,,,{long},,,,,,\n"));
    let shown = &long[..100];
    assert_eq!(
        run.ok(),
        format!(
            "r.csv: 1 row read, 1 included, 0 excluded\n\
             1 invalid answer (left out of the tallies):\n  \
             row 2, column q2 (D): {shown:?}... is not an option of q2\n"
        )
    );
}

#[test]
fn long_lists_give_counts_by_question_and_say_what_is_not_listed() {
    let mut rows = String::new();
    // 10,010 answers that are not options of q2, two out of q5's range, then 30 warnings.
    for id in 1..=10_010 {
        let visits = if id <= 2 { "400" } else { "" };
        rows.push_str(&format!("{id},,,Maybe,,,,,{visits},\n"));
    }
    for id in 20_001..=20_030 {
        rows.push_str(&format!("{id},,,Yes,,Books;None,,,,\n"));
    }
    rows.push_str(&",,,,,,,,,\n".repeat(10_003));
    let (_, run) = check(&rows);
    let out = run.ok();
    let lines: Vec<&str> = out.lines().filter(|l| !l.starts_with("  row ")).collect();
    assert_eq!(
        lines,
        [
            "r.csv: 20,043 rows read, 10,040 included, 10,003 excluded (10,003 blank rows)",
            "  and 3 more excluded rows, not listed (only the first 10,000 excluded rows are kept)",
            "10,012 invalid answers (left out of the tallies; by question: q2 10,010, q5 2):",
            "  and 12 more invalid answers, not listed (only the first 10,000 problems are kept)",
            "30 warnings (by question: q3 30):",
            "  and 30 more warnings, not listed (only the first 10,000 problems are kept)",
        ]
    );
    assert_eq!(out.lines().count(), 6 + 2 * 10_000);
}
