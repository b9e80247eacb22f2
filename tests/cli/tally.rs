//! `canvass tally`: the published figures, every format, and the golden JSON of the example.

use crate::workdir::{SMALL_HEADER, Workdir, golden, repo};

const LUTON: &str = "surveys/luton-dv-service-providers-2014.toml";
const EXAMPLE: &str = "examples/luton-service-providers-2014.csv";

fn luton(args: &[&str]) -> String {
    let (survey, example) = (repo(LUTON), repo(EXAMPLE));
    let mut all = vec!["tally", survey.as_str(), example.as_str()];
    all.extend_from_slice(args);
    let run = Workdir::new().run(&all);
    let out = run.ok();
    assert_eq!(run.stderr(), "", "a clean example prints no warnings");
    out
}

fn has_line(out: &str, line: &str) {
    assert!(
        out.lines().any(|l| l == line),
        "missing line {line:?} in\n{out}"
    );
}

#[test]
fn the_example_gives_the_published_figures() {
    let out = luton(&[]);
    has_line(&out, "36 rows read: 36 included, 0 excluded");
    // Q2: "the largest group ... regularly (44%)", "a further quarter ... occasionally (25%)".
    has_line(
        &out,
        "    Work regularly with domestic abuse          16  44%  █████████",
    );
    has_line(
        &out,
        "    Work with domestic abuse occasionally        9  25%  █████",
    );
    // Q3, base 36: victims 81%, women 75%, families 64%, perpetrators 28%.
    has_line(
        &out,
        "    Victims                                     29  81%  ████████████████",
    );
    has_line(
        &out,
        "    Women                                       27  75%  ███████████████",
    );
    has_line(
        &out,
        "    Families                                    23  64%  █████████████",
    );
    has_line(
        &out,
        "    Perpetrators                                10  28%  ██████",
    );
    // Q4: advice & referral 72%; Q8 based on 32, health professionals 53%.
    has_line(
        &out,
        "    Advice & referral                           26  72%  ██████████████",
    );
    has_line(
        &out,
        "    Base: 32 respondents; more than one answer allowed",
    );
    has_line(
        &out,
        "    Health professionals                        17  53%  ███████████",
    );
    // Q9: health fairly good 34%, satisfactory 31% of 29; information satisfactory 43%.
    has_line(
        &out,
        "    health                   0%  34%  31%  24%  10%    29    2   34%   34%",
    );
    has_line(
        &out,
        "    information              7%  29%  43%  14%   7%    28    2   36%   21%",
    );
    has_line(
        &out,
        "    child_focused           18%  41%  27%   9%   5%    22    8   59%   14%",
    );
    // Q10: 41% good, 31% satisfactory, 28% poor, of 29.
    has_line(&out, "    Base: 29 respondents");
    has_line(
        &out,
        "    Satisfactory                                 9  31%  ██████",
    );
    has_line(&out, "    Net positive 41%, net negative 28%");
}

#[test]
fn no_line_of_the_table_is_wider_than_80_columns() {
    for line in luton(&[]).lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
}

#[test]
fn the_example_json_matches_its_golden_file() {
    golden("luton-tally.json", &luton(&["--format", "json"]));
}

#[test]
fn no_output_format_shows_contact_details() {
    let contacts = crate::workdir::example_contacts();
    assert_eq!(contacts.len(), 36 * 5);
    for format in ["table", "markdown", "csv", "json"] {
        let out = luton(&["--format", format]);
        for contact in &contacts {
            assert!(
                !out.contains(contact.as_str()),
                "{format} output shows {contact:?}"
            );
        }
    }
}

#[test]
fn questions_can_be_chosen_and_unknown_ones_are_named() {
    let out = luton(&["-q", "q10", "--format", "csv"]);
    assert_eq!(
        out,
        "question,kind,row,option,code,type,count,base,percent\n\
         q10,single,,Very good,1,option,4,29,13.793103448275861\n\
         q10,single,,Fairly good,2,option,8,29,27.586206896551722\n\
         q10,single,,Satisfactory,3,option,9,29,31.03448275862069\n\
         q10,single,,Fairly poor,4,option,5,29,17.24137931034483\n\
         q10,single,,Very poor,5,option,3,29,10.344827586206897\n\
         q10,single,,net positive,,net,12,29,41.37931034482759\n\
         q10,single,,net negative,,net,8,29,27.586206896551722\n\
         q10,single,,q10_explain,,text,27,,\n"
    );
    let wd = Workdir::new();
    wd.run(&["tally", &repo(LUTON), &repo(EXAMPLE), "-q", "q99"]).fails_with(&format!(
        "{}: there is no question \"q99\"; the questions are q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13, q14, q15",
        repo(LUTON)
    ));
    wd.run(&["tally", &repo(LUTON), &repo(EXAMPLE), "-q", "q1"])
        .fails_with("q1 holds contact details, which canvass never reports");
}

#[test]
fn small_survey_in_markdown_and_csv() {
    let wd = Workdir::small();
    wd.write(
        "r.csv",
        format!(
            "{SMALL_HEADER}1,,,Yes,,Books;Computers; printing,Agree,Don't know,10,\n\
             2,,,yes,,Books,Disagree,Agree,20,Great\n\
             3,,,No,,,Neither,,,\n\
             4,,,Other,Mobile,,,,,\n"
        ),
    );
    let md = wd
        .run(&["tally", "small.toml", "r.csv", "--format", "markdown"])
        .ok();
    golden("small-tally.md", &md);
    let csv = wd
        .run(&["tally", "small.toml", "r.csv", "--format", "csv"])
        .ok();
    golden("small-tally.csv", &csv);
    let table = wd.run(&["tally", "small.toml", "r.csv"]).ok();
    golden("small-tally.txt", &table);
}

#[test]
fn warnings_go_to_stderr_and_the_tally_still_prints() {
    let wd = Workdir::small();
    wd.write(
        "r.csv",
        format!("{SMALL_HEADER}1,,,Yse,,,,,,\n2,,,No,,,,,,\n,,,,,,,,,\n"),
    );
    let run = wd.run(&["tally", "small.toml", "r.csv", "-f", "json"]);
    let out = run.ok();
    assert!(out.contains("\"invalid_answers\": 1"), "{out}");
    assert_eq!(
        run.stderr(),
        "warning: r.csv: 1 row excluded, 1 invalid answer, 0 other warnings; `canvass check` lists them\n"
    );
}

#[test]
fn nothing_is_counted_from_a_file_whose_every_row_is_excluded() {
    let wd = Workdir::small();
    // An id alone, a row cut short, and the same id again.
    wd.write(
        "r.csv",
        format!("{SMALL_HEADER}1,,,,,,,,,\n2,,,Yes\n1,,,No,,,,,,\n"),
    );
    let message = "r.csv: nothing to count: every row was excluded (1 no answers to any question, \
                   1 wrong number of cells, 1 duplicate respondent_id); `canvass check` lists them";
    for command in [
        &["tally", "small.toml", "r.csv"][..],
        &["tally", "small.toml", "r.csv", "--partial", "p.json"],
        &["report", "small.toml", "r.csv", "-o", "r.html"],
        &["terms", "small.toml", "r.csv"],
        &[
            "compare",
            "small.toml",
            "--wave",
            "A=r.csv",
            "--wave",
            "B=r.csv",
        ],
    ] {
        wd.run(command).fails_with(message);
    }
    assert!(!wd.path("r.html").exists() && !wd.path("p.json").exists());
    // `check` still gives the account, row by row.
    let out = wd.run(&["check", "small.toml", "r.csv"]).ok();
    assert!(
        out.starts_with("r.csv: 3 rows read, 0 included, 3 excluded ("),
        "{out}"
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let script = format!(
        "set -o pipefail; {} tally {} {} | head -n 1 > /dev/null",
        env!("CARGO_BIN_EXE_canvass"),
        repo(LUTON),
        repo(EXAMPLE)
    );
    let status = std::process::Command::new("bash")
        .args(["-c", &script])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn output_is_deterministic() {
    assert_eq!(luton(&["-f", "json"]), luton(&["-f", "json"]));
}

#[test]
fn large_counts_get_commas_and_columns_wide_enough_for_them() {
    let wd = Workdir::small();
    let mut csv = String::from(SMALL_HEADER);
    for i in 1..=123_456 {
        let staff = if i % 2 == 1 { "Don't know" } else { "Agree" };
        csv.push_str(&format!("{i},,,Yes,,Books,Agree,{staff},,\n"));
    }
    wd.write("r.csv", csv);
    let out = wd.run(&["tally", "small.toml", "r.csv"]).ok();
    has_line(&out, "123,456 rows read: 123,456 included, 0 excluded");
    has_line(&out, "    Base: 123,456 respondents");
    has_line(
        &out,
        "    Yes                                      123,456 100%  ████████████████████",
    );
    has_line(
        &out,
        "    No                                             0   0%",
    );
    has_line(
        &out,
        "                              1    2    3    Base     DK  Net+  Net-",
    );
    has_line(
        &out,
        "    open                   100%   0%   0% 123,456      0  100%    0%",
    );
    has_line(
        &out,
        "    staff                  100%   0%   0%  61,728 61,728  100%    0%",
    );
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    // Machine-readable formats keep plain numbers.
    let json = wd.run(&["tally", "small.toml", "r.csv", "-f", "json"]).ok();
    assert!(json.contains("\"read\": 123456"), "{json}");
}
