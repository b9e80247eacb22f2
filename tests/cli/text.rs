//! `canvass terms`, `themes` and `cloud`: golden term lists, redaction, clouds without overlaps.

use crate::workdir::{SMALL_HEADER, Workdir, golden, repo};
use canvass::render::cloud::{CloudOptions, CloudWord, layout};
use proptest::prelude::*;

const LUTON: &str = "surveys/luton-dv-service-providers-2014.toml";
const EXAMPLE: &str = "examples/luton-service-providers-2014.csv";

fn luton(args: &[&str]) -> String {
    let (survey, example) = (repo(LUTON), repo(EXAMPLE));
    let mut all = vec![args[0], survey.as_str(), example.as_str()];
    all.extend_from_slice(&args[1..]);
    let run = Workdir::new().run(&all);
    let out = run.ok();
    assert_eq!(run.stderr(), "");
    out
}

#[test]
fn the_example_terms_match_their_golden_files() {
    golden(
        "luton-terms.json",
        &luton(&["terms", "--format", "json", "--top", "15"]),
    );
    golden("luton-terms-q5.txt", &luton(&["terms", "-q", "q5"]));
    golden("luton-themes.txt", &luton(&["themes"]));
}

#[test]
fn q5_terms_lead_with_what_respondents_said_most() {
    let out = luton(&["terms", "-q", "q5", "--format", "csv", "--top", "4"]);
    assert_eq!(
        out,
        "field,question,answered,term,kind,mentions,respondents,percent\n\
         q5,q5,29,lack,word,7,6,20.689655172413794\n\
         q5,q5,29,working,word,9,5,17.24137931034483\n\
         q5,q5,29,victim,word,7,4,13.793103448275861\n\
         q5,q5,29,understanding,word,4,4,13.793103448275861\n"
    );
}

#[test]
fn nothing_personal_reaches_terms_themes_or_clouds() {
    let contacts = crate::workdir::example_contacts();
    let wd = Workdir::new();
    let cloud = wd.run(&[
        "cloud",
        &repo(LUTON),
        &repo(EXAMPLE),
        "-q",
        "q10_explain",
        "-o",
        "c.svg",
    ]);
    cloud.ok();
    let svg = std::fs::read_to_string(wd.path("c.svg")).unwrap();
    for out in [
        luton(&["terms", "--format", "json"]),
        luton(&["themes", "--json"]),
        svg,
    ] {
        for contact in &contacts {
            assert!(!out.contains(contact.as_str()), "{contact:?} shown");
        }
    }
}

#[test]
fn answers_are_redacted_before_they_are_counted_or_quoted() {
    let wd = Workdir::small();
    wd.write(
        "r.csv",
        format!(
            "{SMALL_HEADER}1,,,No,,,,,,\"Ring 01582 547099 or email jo.bloggs@example.org about opening hours\"\n\
             2,,,No,,,,,,\"Opening hours are short; see www.example.org/hours, office LU1 2BQ\"\n\
             3,,,Other,\"Mobile, call 07700 900123\",,,,,Since 2014 the opening hours are 24 hours online\n"
        ),
    );
    let out = wd
        .run(&["terms", "small.toml", "r.csv", "--format", "json"])
        .ok();
    for secret in [
        "01582", "547099", "bloggs", "example", "www", "LU1", "2BQ", "07700", "900123",
    ] {
        assert!(!out.contains(secret), "{secret} leaked:\n{out}");
    }
    assert!(
        out.contains("Ring [phone number removed] or email [email removed] about opening hours"),
        "{out}"
    );
    assert!(
        out.contains("see [link removed], office [postcode removed]"),
        "{out}"
    );
    assert!(
        out.contains("\"text\": \"Mobile, call [phone number removed]\""),
        "{out}"
    );
    assert!(
        out.contains("Since 2014 the opening hours are 24 hours online"),
        "{out}"
    );
    assert!(out.contains("\"term\": \"opening hours\""), "{out}");
    // The markers' words are not counted ("email" is, where the respondent wrote it).
    assert!(out.contains("\"term\": \"email\""), "{out}");
    for marker_word in ["removed", "phone", "number", "link", "postcode"] {
        assert!(
            !out.contains(&format!("\"term\": \"{marker_word}")),
            "{out}"
        );
    }
}

#[test]
fn a_codebook_file_adds_themes_and_bad_ones_are_named() {
    let wd = Workdir::small();
    wd.write("r.csv", format!("{SMALL_HEADER}1,,,No,,,,,,More books please\n2,,,No,,,,,,Longer opening hours\n3,,,No,,,,,,Nice staff\n"));
    wd.write("codebook.toml", "[[themes]]\nquestion = \"q6\"\nname = \"Stock\"\npatterns = [\"book\"]\n\n[[themes]]\nquestion = \"q6\"\nname = \"Hours\"\npatterns = [\"opening hour*\"]\n");
    let out = wd
        .run(&[
            "themes",
            "small.toml",
            "r.csv",
            "--codebook",
            "codebook.toml",
        ])
        .ok();
    assert_eq!(
        out,
        "Q6: 3 answers; an answer can fall in several themes\n    \
         Theme                                            Respondents     %\n    \
         Stock                                                      1   33%\n      \
         e.g. \"More books please\" (row 2)\n    \
         Hours                                                      1   33%\n      \
         e.g. \"Longer opening hours\" (row 3)\n    \
         Uncoded: 1 answer (33%)\n      \
         row 4: \"Nice staff\"\n"
    );
    wd.write(
        "bad.toml",
        "[[themes]]\nquestion = \"q2\"\nname = \"X\"\npatterns = [\"a*b\"]\n",
    );
    wd.run(&["themes", "small.toml", "r.csv", "--codebook", "bad.toml"]).fails_with(
        "bad.toml: 2 problems\nbad.toml: line 1: theme \"X\": \"q2\" is not a free-text field (those are q2_other, q6)\nbad.toml: line 1: theme \"X\": pattern \"a*b\" must be words, with `*` only at the end of a word",
    );
    wd.write(
        "never.toml",
        "[[themes]]\nquestion = \"q6\"\nname = \"Health\"\npatterns = [\"GP\", \"A&E\"]\n",
    );
    wd.run(&["themes", "small.toml", "r.csv", "--codebook", "never.toml"]).fails_with(
        "never.toml: line 1: theme \"Health\": pattern \"A&E\" can never match: \"A&E\" holds no \
         word that answers are counted by (numbers and single letters are left out)",
    );
    wd.run(&["themes", "small.toml", "r.csv"]).fails_with(
        "small.toml has no themes; add [[themes]] to it or name a codebook file with --codebook",
    );
}

#[test]
fn clouds_are_deterministic_and_need_a_free_text_field() {
    let wd = Workdir::new();
    let (survey, example) = (repo(LUTON), repo(EXAMPLE));
    let table = wd
        .run(&["cloud", &survey, &example, "-q", "q5", "-o", "a.svg"])
        .ok();
    assert!(table.starts_with("Q5: 29 answers\n"), "{table}");
    wd.run(&["cloud", &survey, &example, "-q", "q5", "-o", "b.svg"])
        .ok();
    let (a, b) = (
        std::fs::read(wd.path("a.svg")).unwrap(),
        std::fs::read(wd.path("b.svg")).unwrap(),
    );
    assert!(a == b, "two runs gave different SVG");
    let svg = String::from_utf8(a).unwrap();
    assert!(svg.contains("<title id=\"cloud-q5-title\">Q5 In your experience, what are the main barriers to accessing domestic abuse support or services?: most used words and phrases</title>"));
    assert!(svg.contains("@font-face{font-family:'canvass cloud';src:url(data:font/ttf;base64,"));
    assert_eq!(svg.matches("<text ").count(), 40);
    wd.run(&["cloud", &survey, &example, "-q", "q9", "-o", "c.svg"]).fails_with(&format!(
        "{survey}: \"q9\" has no free text; the free-text fields are q2_other, q3_other, q4_other, q5, q8_other, q10_explain, q11, q12, q13, q14, q15"
    ));
}

#[test]
fn a_cloud_of_a_question_with_two_text_boxes_asks_which_before_reading() {
    let wd = Workdir::new();
    wd.write(
        "two.toml",
        "[survey]\nid = \"two\"\ntitle = \"T\"\n\n[[questions]]\nid = \"q1\"\nkind = \"single\"\ntext = \"Which?\"\noptions = [\"A\", \"Other\"]\nother = {}\ncomment = { id = \"q1_why\", text = \"Why?\" }\n",
    );
    // The export is not there: the question is settled before any reading.
    wd.run(&[
        "cloud",
        "two.toml",
        "missing.csv",
        "-q",
        "q1",
        "-o",
        "c.svg",
    ])
    .fails_with("q1 has 2 free-text fields (q1_other, q1_why); name one with --question");
    wd.write(
        "two.csv",
        "q1,q1_other,q1_why\nOther,Mobile library,Closer to home\n",
    );
    let table = wd
        .run(&[
            "cloud", "two.toml", "two.csv", "-q", "q1_why", "-o", "c.svg",
        ])
        .ok();
    assert!(table.starts_with("Q1 q1_why: 1 answer\n"), "{table}");
}

#[test]
fn a_cloud_too_small_for_its_words_says_so() {
    let wd = Workdir::new();
    let run = wd.run(&[
        "cloud",
        &repo(LUTON),
        &repo(EXAMPLE),
        "-q",
        "q5",
        "-o",
        "tiny.svg",
        "--width",
        "120",
        "--height",
        "60",
    ]);
    run.ok();
    let stderr = run.stderr();
    assert!(
        stderr.starts_with("warning: ") && stderr.contains("did not fit in the 120x60 cloud"),
        "{stderr}"
    );
    let svg = std::fs::read_to_string(wd.path("tiny.svg")).unwrap();
    assert!(svg.contains("Not shown, for lack of space: "));
}

#[test]
fn cloud_and_term_list_sizes_are_checked_before_reading() {
    let wd = Workdir::new();
    let survey = repo(LUTON);
    // The export is not there: the options are checked first.
    let cloud = |extra: &[&str]| {
        let mut args = vec![
            "cloud",
            survey.as_str(),
            "missing.csv",
            "-q",
            "q5",
            "-o",
            "c.svg",
        ];
        args.extend_from_slice(extra);
        wd.run(&args)
    };
    cloud(&["--words", "0"]).fails_with("--words needs at least 1 term to show");
    cloud(&["--width", "0"]).fails_with("--width 0 is not a size: give a number of pixels above 0");
    cloud(&["--height", "inf"])
        .fails_with("--height inf is not a size: give a number of pixels above 0");
    wd.run(&["terms", &survey, "missing.csv", "--top", "0"])
        .fails_with("--top needs at least 1 term to list");
    // A file that cannot be written names itself, then the system's reason.
    assert_eq!(
        wd.run(&[
            "tally",
            &survey,
            &repo(EXAMPLE),
            "-o",
            "no-such-folder/t.txt"
        ])
        .fails(),
        "error: cannot write no-such-folder/t.txt\n  caused by: No such file or directory (os error 2)\n"
    );
}

fn word() -> impl Strategy<Value = CloudWord> {
    ("[a-zA-Z][a-z]{1,14}( [a-z]{2,10})?", 1u64..200)
        .prop_map(|(text, weight)| CloudWord { text, weight })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn cloud_words_never_overlap_and_stay_on_the_canvas(
        words in prop::collection::vec(word(), 1..45),
        width in 200.0f64..900.0,
        height in 100.0f64..500.0,
    ) {
        let options = CloudOptions { width, height, ..CloudOptions::default() };
        let l = layout(&words, options);
        prop_assert_eq!(l.placed.len() + l.unplaced.len(), words.len());
        for (i, a) in l.placed.iter().enumerate() {
            let (left, top, right, bottom) = a.bounds;
            prop_assert!(left >= 0.0 && top >= 0.0 && right <= width && bottom <= height, "{:?} outside", a);
            for b in &l.placed[i + 1..] {
                let (l2, t2, r2, b2) = b.bounds;
                prop_assert!(right <= l2 || r2 <= left || bottom <= t2 || b2 <= top, "{:?} overlaps {:?}", a, b);
            }
        }
        prop_assert_eq!(layout(&words, options), l);
    }
}

#[test]
fn a_respondents_own_name_is_taken_out_of_their_answers() {
    let wd = Workdir::small();
    wd.write(
        "r.csv",
        format!(
            "{SMALL_HEADER}1,Kit Somers,,Other,\"SOMERS, Kit (volunteer)\",,,,,\"Please ask Kit Somers about the White Ribbon campaign\"\n\
             2,Ann White,,No,,,,,,\"The White Ribbon campaign, says Ann\"\n\
             3,Kit Somers,,Kit Somers,,,,,,\n"
        ),
    );
    let terms = wd
        .run(&["terms", "small.toml", "r.csv", "--format", "json"])
        .ok();
    assert!(
        terms.contains("\"text\": \"Please ask [name removed] about the White Ribbon campaign\""),
        "{terms}"
    );
    // A word of a name alone is left: a surname is often a word too.
    assert!(
        terms.contains("\"text\": \"The White Ribbon campaign, says Ann\""),
        "{terms}"
    );
    assert!(
        terms.contains("\"text\": \"[name removed] (volunteer)\""),
        "{terms}"
    );
    for name in ["Kit", "kit", "Somers", "somers", "SOMERS"] {
        assert!(!terms.contains(name), "{name} shown:\n{terms}");
    }
    // The marker's words are not counted.
    for marker_word in ["name", "removed"] {
        assert!(
            !terms.contains(&format!("\"term\": \"{marker_word}")),
            "{terms}"
        );
    }
    // Even an answer that is not an option loses the name before it is listed.
    let check = wd.run(&["check", "small.toml", "r.csv"]).ok();
    assert!(
        check.contains("row 4, column q2 (D): \"[name removed]\" is not an option of q2"),
        "{check}"
    );
    assert!(!check.contains("Somers"), "{check}");
    wd.run(&["report", "small.toml", "r.csv", "-o", "r.html"])
        .ok();
    let html = std::fs::read_to_string(wd.path("r.html")).unwrap();
    assert!(html.contains("[name removed] (volunteer)"), "{html}");
    assert!(!html.contains("Somers"), "{html}");
}

#[test]
fn respondent_ids_that_are_email_addresses_are_never_shown() {
    let wd = Workdir::small();
    wd.write(
        "r.csv",
        format!(
            "{SMALL_HEADER}jo@example.org,,,No,,,,,,Opening hours are too short\n\
             1002,,,No,,,,,,The staff are helpful\n"
        ),
    );
    let terms = wd
        .run(&["terms", "small.toml", "r.csv", "--format", "json"])
        .ok();
    assert!(!terms.contains("example.org"), "{terms}");
    // Such a quote is known by its row, as in a file without ids.
    assert!(
        terms.contains("\"row\": 2,\n          \"text\": \"Opening hours are too short\""),
        "{terms}"
    );
    assert!(terms.contains("\"respondent\": \"1002\""), "{terms}");
    wd.run(&["report", "small.toml", "r.csv", "-o", "r.html"])
        .ok();
    let html = std::fs::read_to_string(wd.path("r.html")).unwrap();
    assert!(!html.contains("example.org"), "{html}");
    assert!(html.contains("row 2"), "{html}");
    assert!(html.contains("respondent 1002"), "{html}");
}
