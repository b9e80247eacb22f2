//! `canvass validate` and `canvass template`.

use crate::workdir::{Workdir, repo};

const LUTON: &str = "surveys/luton-dv-service-providers-2014.toml";

#[test]
fn validate_summarises_the_luton_questionnaire() {
    let out = Workdir::new().run(&["validate", &repo(LUTON)]).ok();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].ends_with("luton-dv-service-providers-2014.toml: valid questionnaire \"luton-dv-service-providers-2014\""));
    assert_eq!(
        lines[1],
        "Domestic Violence Task and Finish Group Questionnaire for Service Providers"
    );
    assert_eq!(lines[3], "Fieldwork 2014-08-07 to 2014-08-29");
    assert_eq!(
        lines[4],
        "15 questions, 30 columns (5 contact columns never reported)"
    );
    assert_eq!(
        lines[5],
        "The name in q1_name is taken out of each respondent's own answers"
    );
    assert_eq!(
        lines[8],
        "  Q2   single  4 options + other       In your role, do you ...?"
    );
    assert_eq!(
        lines[15],
        "  Q9   grid    7 rows x 6 points       How well would you say domestic abus..."
    );
    assert_eq!(
        lines[16],
        "  Q10  single  5 options + comment     Overall, how would you rate partners..."
    );
}

#[test]
fn validate_reports_bad_toml_with_file_and_line() {
    let wd = Workdir::new();
    wd.write("bad.toml", "[survey]\nid = \"x\"\ntitle = \"X\"\n\n[[questions]]\nid = \"q1\"\nkind = \"single\"\ntext = \"T\"\noptions = [\"A\", \"B\"\n");
    wd.run(&["validate", "bad.toml"])
        .fails_with("bad.toml: line 9, column 20: unclosed array, expected `]`");
}

#[test]
fn validate_reports_every_problem_of_a_questionnaire() {
    let wd = Workdir::new();
    wd.write(
        "bad.toml",
        "[survey]\nid = \"x\"\ntitle = \"X\"\n\n[[questions]]\nid = \"q1\"\nkind = \"single\"\ntext = \"T\"\noptions = []\n\n[[questions]]\nid = \"q1\"\nkind = \"grid\"\ntext = \"T\"\nscale = \"none\"\n",
    );
    wd.run(&["validate", "bad.toml"]).fails_with(
        "bad.toml: 2 problems\nbad.toml: line 5: question \"q1\": the option list is empty\nbad.toml: line 11: question \"q1\": duplicate id (first used at line 5)",
    );
}

#[test]
fn validate_says_when_a_field_that_asks_for_a_name_is_not_known_to_hold_one() {
    let wd = Workdir::new();
    let survey = |who: &str| {
        format!(
            "[survey]\nid = \"x\"\ntitle = \"X\"\n\n[[questions]]\nid = \"q1\"\nkind = \"contact\"\n\
             text = \"You\"\nfields = [{who}, {{ id = \"org\", label = \"Name of your organisation\" }}]\n\n\
             [[questions]]\nid = \"q2\"\nkind = \"text\"\ntext = \"T\"\n"
        )
    };
    let cases = [
        (
            "{ id = \"who\", label = \"Your name\" }",
            "No contact field holds a name, so names written into answers stay; if q1_who \
             (\"Your name\") does, give it `personal_name = true`",
        ),
        (
            "{ id = \"who\", label = \"Your name\", personal_name = true }",
            "The name in q1_who is taken out of each respondent's own answers",
        ),
    ];
    for (who, line) in cases {
        wd.write("who.toml", survey(who));
        let out = wd.run(&["validate", "who.toml"]).ok();
        assert_eq!(out.lines().nth(3), Some(line), "{out}");
    }
}

#[test]
fn validate_names_a_missing_file() {
    // The system's words come once, not again as a "caused by" line.
    Workdir::new()
        .run(&["validate", "nowhere.toml"])
        .fails_with(
            "cannot read questionnaire nowhere.toml: No such file or directory (os error 2)",
        );
}

#[test]
fn template_writes_the_canonical_header() {
    let out = Workdir::new().run(&["template", &repo(LUTON)]).ok();
    assert_eq!(
        out,
        "respondent_id,q1_name,q1_job_title,q1_organisation,q1_phone,q1_email,q2,q2_other,q3,q3_other,q4,q4_other,q5,q6,q7,q8,q8_other,q9_criminal_justice,q9_civil_family_justice,q9_health,q9_housing,q9_employers,q9_child_focused,q9_information,q10,q10_explain,q11,q12,q13,q14,q15\n"
    );
}

#[test]
fn template_header_is_read_back_as_header_only() {
    let wd = Workdir::small();
    wd.run(&["template", "small.toml", "-o", "blank.csv"]).ok();
    assert_eq!(
        std::fs::read_to_string(wd.path("blank.csv")).unwrap(),
        crate::workdir::SMALL_HEADER
    );
    wd.run(&["check", "small.toml", "blank.csv"])
        .fails_with("blank.csv has a header row but no responses");
}
