//! `canvass compare`, `tally --by` and `merge`: version mapping, the three-wave example,
//! breakdowns, shards.

use crate::workdir::{Run, SMALL_HEADER, Workdir, golden, repo};
use serde_json::Value;

/// Runs `compare` of the three example waves, with `extra` arguments.
fn compare_luton(wd: &Workdir, extra: &[&str]) -> Run {
    let args = luton_args(extra);
    wd.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The arguments of `compare` of the three example waves, with `extra` ones.
fn luton_args(extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "compare".to_string(),
        repo("surveys/luton-dv-service-providers-2014.toml"),
    ];
    for wave in [
        format!("2014={}", repo("examples/luton-service-providers-2014.csv")),
        format!("2016={}", repo("examples/luton-service-providers-2016.csv")),
        format!(
            "2018={}@{}",
            repo("examples/luton-service-providers-2018.csv"),
            repo("surveys/luton-dv-service-providers-2018.toml")
        ),
    ] {
        args.push("--wave".to_string());
        args.push(wave);
    }
    args.extend(extra.iter().map(|a| a.to_string()));
    args
}

fn luton_waves(extra: &[&str]) -> (Workdir, String) {
    let wd = Workdir::new();
    let out = compare_luton(&wd, extra).ok();
    (wd, out)
}

fn line<'a>(json: &'a Value, question: &str, label: &str) -> &'a Value {
    let q = json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == question)
        .unwrap();
    q["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["label"] == label)
        .unwrap()
}

#[test]
fn the_three_wave_example_finds_the_real_change_and_not_the_other() {
    let (_, out) = luton_waves(&["--json"]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["waves"], serde_json::json!(["2014", "2016", "2018"]));
    let good = line(&json, "q10", "net positive (very good or fairly good)");
    assert_eq!(good["waves"][0]["count"], 12);
    assert_eq!(good["waves"][0]["base"], 29);
    assert_eq!(good["significant"], true);
    assert!(good["change"].as_f64().unwrap() > 20.0);
    let yes = line(&json, "q6", "Yes");
    assert_eq!(yes["significant"], false);
    assert!(yes["change"].as_f64().unwrap().abs() < 5.0);
    // Every line has the contract's fields.
    for key in ["label", "waves", "change", "p_value", "significant"] {
        assert!(yes.get(key).is_some(), "{key}");
    }
    for key in ["wave", "count", "base", "percent"] {
        assert!(yes["waves"][1].get(key).is_some(), "{key}");
    }
    let q9 = json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "q9")
        .unwrap();
    assert_eq!(q9["rows"].as_array().unwrap().len(), 7);
    assert_eq!(
        json["not_comparable"],
        serde_json::json!(["q16: new in 2018", "q11: free text not asked in 2018"])
    );
}

#[test]
fn the_trend_report_states_both_correctly() {
    let (wd, table) = luton_waves(&["--report", "trend.html", "--date", "2018-12-01"]);
    golden("luton-compare.txt", &table);
    let html = std::fs::read_to_string(wd.path("trend.html")).unwrap();
    assert!(html.contains("<li>net positive (very good or fairly good): 41% in 2014, 38% in 2016 and 67% in 2018: up from 41% to 67% (significant).</li>"));
    assert!(html.contains(
        "<li>Yes: 32% in 2014, 29% in 2016 and 31% in 2018: little changed (32% to 31%).</li>"
    ));
    assert!(html.contains("<svg role=\"img\" aria-labelledby=\"trend-q10-title trend-q10-desc\""));
    assert!(
        html.contains("<desc id=\"trend-q10-desc\">Lines per wave (2014, 2016, 2018)."),
        "three waves draw lines"
    );
}

/// The rows of every table of a trend report, cell by cell, in page order.
fn trend_table_rows(html: &str) -> Vec<Vec<String>> {
    let doc = scraper::Html::parse_document(html);
    let rows = scraper::Selector::parse("section.question table tbody tr").unwrap();
    let cells = scraper::Selector::parse("th, td").unwrap();
    doc.select(&rows)
        .map(|row| {
            row.select(&cells)
                .map(|cell| cell.text().collect::<String>())
                .collect()
        })
        .collect()
}

#[test]
fn the_trend_report_withholds_small_counts_on_request() {
    let wd = Workdir::new();
    let run = compare_luton(
        &wd,
        &[
            "--report",
            "trend.html",
            "--date",
            "2018-12-01",
            "--suppress-below",
            "5",
        ],
    );
    // The printed table is the analyst's, and keeps every figure; canvass says so.
    golden("luton-compare.txt", &run.ok());
    assert!(run.stderr().ends_with(
        "warning: the printed comparison is not suppressed: it holds every figure, including those of counts under 5; publish trend.html instead\n"
    ), "{}", run.stderr());
    let html = std::fs::read_to_string(wd.path("trend.html")).unwrap();
    // Q2 in 2014: Other (4) is under 5, and Only work with domestic abuse (7) is withheld too, or
    // 36 - 16 - 9 - 7 would give Other away. Neither line's change is given.
    assert!(html.contains("<li>Other: fewer than 5 in 2014, 12% in 2016 and 12% in 2018: no change is given, as a figure is withheld.</li>"));
    assert!(html.contains("<li>Only work with domestic abuse: withheld in 2014, 21% in 2016 and 22% in 2018: no change is given, as a figure is withheld.</li>"));
    assert!(html.contains("<li>Work regularly with domestic abuse: 44% in 2014, 43% in 2016 and 38% in 2018: down from 44% to 38%, but the change is not significant.</li>"));
    assert!(html.contains(
        "To protect respondents, counts under 5 are shown as \u{201c}fewer than 5\u{201d}"
    ));
    let rows = trend_table_rows(&html);
    // The first row of that label.
    let row = |label: &str| {
        rows.iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("{label}"))
            .clone()
    };
    assert_eq!(
        row("Other"),
        [
            "Other",
            "fewer than 5 (36)",
            "12% (282)",
            "12% (283)",
            "-",
            "-"
        ]
    );
    // Q4 is multi-choice: its options do not add up to the base, so Refuge (1) goes alone.
    assert_eq!(
        row("Refuge"),
        [
            "Refuge",
            "fewer than 5 (36)",
            "4% (278)",
            "3% (281)",
            "-",
            "-"
        ]
    );
    assert_eq!(row("Advocacy")[1], "22% (36)");
    // Q9's housing row in 2014: Very good is under 5 and Fairly good goes with it; the positive
    // net takes both in and is withheld, the negative net takes in neither and is shown.
    let housing = rows
        .iter()
        .position(|r| r[0] == "Very good" && r[1] == "fewer than 5 (28)")
        .expect("the housing row");
    assert_eq!(rows[housing + 1][..2], ["Fairly good", "withheld (28)"]);
    assert_eq!(
        rows[housing + 5][..2],
        ["net positive (very good or fairly good)", "withheld (28)"]
    );
    assert_eq!(
        rows[housing + 6][..2],
        ["net negative (fairly poor or very poor)", "50% (28)"]
    );
    // The chart's description says what is withheld; its line or bar is not drawn there.
    assert!(
        html.contains("Other: fewer than 5, 12%, 12%."),
        "the Q2 chart's description"
    );

    // Every figure shown is one of at least five respondents (or none).
    let json: Value = serde_json::from_str(&compare_luton(&wd, &["--json"]).ok()).unwrap();
    // Each line with its question and grid row.
    let mut lines: Vec<(&str, &str, &Value)> = Vec::new();
    for q in json["questions"].as_array().unwrap() {
        let id = q["id"].as_str().unwrap();
        let options = q["options"].as_array().into_iter().flatten();
        let grid_rows = q["rows"].as_array().into_iter().flatten();
        lines.extend(options.map(|o| (id, "", o)));
        for r in grid_rows {
            let row = r["id"].as_str().unwrap();
            lines.extend(
                r["options"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| (id, row, o)),
            );
        }
    }
    // The multi-choice questions of the 2014 questionnaire, whose options do not add up.
    let multi = ["q3", "q4", "q7", "q8"];
    let closed = &rows[..lines.len()];
    // Per wave of a question or grid row whose counts add up: counts withheld, their sum, and
    // non-zero counts shown.
    let mut withheld = std::collections::BTreeMap::new();
    for ((id, grid_row, line), row) in lines.iter().zip(closed) {
        assert_eq!(row[0], line["label"].as_str().unwrap());
        for (wave, cell) in line["waves"].as_array().unwrap().iter().zip(&row[1..]) {
            let count = wave["count"].as_u64().unwrap();
            let hidden = cell.starts_with("fewer than 5") || cell.starts_with("withheld");
            assert_eq!(
                hidden,
                (1..5).contains(&count) || cell.starts_with("withheld"),
                "{id} {cell} ({count})"
            );
            if !hidden {
                assert!(count == 0 || count >= 5, "{id} {} shows {count}", row[0]);
            }
            if !multi.contains(id) && line["kind"] == "option" {
                let wave = wave["wave"].as_str().unwrap();
                let group = withheld.entry((*id, *grid_row, wave)).or_insert((0, 0, 0));
                if hidden {
                    (group.0, group.1) = (group.0 + 1, group.1 + count);
                } else if count > 0 {
                    group.2 += 1;
                }
            }
        }
    }
    // No count is withheld alone, nor counts that add up to under 5 (which the base would tell)
    // while another could go with them.
    assert!(withheld.values().any(|&(n, _, _)| n > 0));
    for (group, &(n, sum, shown)) in &withheld {
        assert!(n != 1, "{group:?}: one count withheld alone");
        assert!(
            n == 0 || sum >= 5 || shown == 0,
            "{group:?}: {n} withheld add up to {sum}"
        );
    }
}

#[test]
fn suppression_is_for_the_trend_report() {
    let wd = Workdir::new();
    compare_luton(&wd, &["--suppress-below", "5"])
        .fails_with("--suppress-below applies to the trend report: give --report FILE.html as well (the printed table and --json keep every count)");
    compare_luton(&wd, &["--report", "t.html", "--suppress-below", "0"])
        .fails_with("--suppress-below needs a count of at least 1");
    assert!(!wd.path("t.html").exists());
}

#[test]
fn the_trend_report_takes_house_templates() {
    let wd = Workdir::new();
    std::fs::create_dir(wd.path("house")).unwrap();
    wd.write(
        "house/style.css.hbs",
        "body { font-family: \"Council Sans\"; }",
    );
    compare_luton(&wd, &["--report", "trend.html", "--templates", "house"]).ok();
    let html = std::fs::read_to_string(wd.path("trend.html")).unwrap();
    assert!(html.contains("<style>\nbody { font-family: \"Council Sans\"; }</style>"));
    assert!(
        html.contains("<h2>How to read the changes</h2>"),
        "the other templates are the built-in ones"
    );
    // Told before any wave is read: these files do not exist.
    wd.write("house/compare.html.hbs", "<h1>{{{title}}}</h1>");
    let survey = repo("surveys/luton-dv-service-providers-2014.toml");
    wd.run(&[
        "compare",
        &survey,
        "--wave",
        "a=missing.csv",
        "--wave",
        "b=missing.csv",
        "--report",
        "t.html",
        "--templates",
        "house",
    ])
    .fails_with(
        "house/compare.html.hbs: line 1: {{{title}}} writes its value unescaped, so an answer or \
         label holding HTML would reach the page as HTML; write it with two braces (only chart, \
         cloud, background, methodology, summary, key_findings, recommendations, commentary, \
         font_face may have three)",
    );
    compare_luton(&wd, &["--templates", "house"])
        .fails_with("--templates applies to the trend report: give --report FILE.html as well");
}

#[test]
fn two_waves_draw_grouped_bars() {
    let wd = Workdir::new();
    let survey = repo("surveys/luton-dv-service-providers-2014.toml");
    let (a, b) = (
        format!("2014={}", repo("examples/luton-service-providers-2014.csv")),
        format!("2016={}", repo("examples/luton-service-providers-2016.csv")),
    );
    wd.run(&[
        "compare", &survey, "--wave", &a, "--wave", &b, "--report", "t.html",
    ])
    .ok();
    let html = std::fs::read_to_string(wd.path("t.html")).unwrap();
    assert!(html.contains("<desc id=\"trend-q10-desc\">Bars per wave (2014, 2016)."));
}

#[test]
fn report_charts_show_intervals_on_request() {
    let html = crate::report::luton_report(&Workdir::new(), &["--intervals"]);
    assert!(
        html.contains("Work regularly with domestic abuse: 44% (95% CI 30-60)"),
        "the chart description states the interval"
    );
}

const V2: &str = r#"
[survey]
id = "small-v2"
title = "Library users survey, second version"

[[questions]]
id = "q2"
kind = "single"
text = "Do you use the library?"
options = ["Yes", "No", "Other"]

[[questions]]
id = "q3"
kind = "multi"
text = "Which services do you use?"
options = ["Books and van", "Computers; printing", "Cafe"]

[[questions]]
id = "q7"
kind = "single"
text = "Would you recommend us?"
options = ["Yes", "No"]

[[compare.questions]]
id = "q3"
options = { "Books and van" = ["Books", "Yes, from the van"] }

[[compare.questions]]
id = "q7"
new = true
"#;

#[test]
fn a_later_questionnaire_is_mapped_option_by_option() {
    let wd = Workdir::small();
    wd.write("v2.toml", V2);
    // Row 1 ticks both old options that were merged: one respondent, counted once.
    wd.write(
        "w1.csv",
        format!("{SMALL_HEADER}1,,,Yes,,\"Books;Yes, from the van\",,,,\n2,,,Yes,,Computers; printing,,,,\n3,,,No,,,,,,\n"),
    );
    wd.write(
        "w2.csv",
        "respondent_id,q2,q3,q7\n1,Yes,Books and van,Yes\n2,Yes,Cafe,No\n",
    );
    let out = wd
        .run(&[
            "compare",
            "small.toml",
            "--wave",
            "one=w1.csv",
            "--wave",
            "two=w2.csv@v2.toml",
            "--json",
        ])
        .ok();
    let json: Value = serde_json::from_str(&out).unwrap();
    let merged = line(&json, "q3", "Books and van");
    assert_eq!(merged["waves"][0]["count"], 1);
    assert_eq!(merged["waves"][0]["base"], 2);
    assert_eq!(merged["waves"][1]["count"], 1);
    let reasons: Vec<&str> = json["not_comparable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for expected in [
        "q3 option \"Cafe\": new in two",
        "q3 option \"None\": not offered in two",
        "q4: not asked in the same form in two",
        "q7: new in two",
        "q6: free text not asked in two",
    ] {
        assert!(
            reasons.contains(&expected),
            "{expected} missing from {reasons:?}"
        );
    }
}

#[test]
fn waves_are_checked() {
    let wd = Workdir::small();
    wd.run(&["compare", "small.toml", "--wave", "one=a.csv"])
        .fails_with("compare needs two or more waves (--wave LABEL=FILE, once per wave)");
    wd.run(&[
        "compare",
        "small.toml",
        "--wave",
        "a.csv",
        "--wave",
        "b=b.csv",
    ])
    .fails_with("--wave \"a.csv\": give it as LABEL=FILE or LABEL=FILE@SURVEY");
}

#[test]
fn breakdowns_split_by_a_single_choice_question_with_a_test() {
    let survey = repo("surveys/luton-dv-service-providers-2014.toml");
    let example = repo("examples/luton-service-providers-2014.csv");
    let wd = Workdir::new();
    let out = wd
        .run(&[
            "tally", &survey, &example, "--by", "q6", "-q", "q2", "-q", "q10", "-f", "json",
        ])
        .ok();
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["by"]["groups"],
        serde_json::json!(["Yes", "No", "Don't know"])
    );
    let q2 = &json["questions"][0];
    let bases: Vec<u64> = q2["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["base"].as_u64().unwrap())
        .collect();
    assert_eq!(bases, vec![11, 15, 8]);
    assert_eq!(q2["test"]["p_value"], Value::Null);
    assert!(
        q2["test"]["caution"]
            .as_str()
            .unwrap()
            .starts_with("expected counts are too small")
    );
    golden(
        "luton-tally-by-q6.txt",
        &wd.run(&["tally", &survey, &example, "--by", "q6"]).ok(),
    );
    wd.run(&["tally", &survey, &example, "--by", "q3"])
        .fails_with(
            "--by q3: a breakdown needs a single-choice question, and q3 is a multi question",
        );
}

#[test]
fn the_report_can_break_down_by_a_question() {
    let html = crate::report::luton_report(&Workdir::new(), &["--by", "q6"]);
    assert!(html.contains(
        "<summary>Table: Q2 by answer to Q6: percentages of each group&#x27;s base</summary>"
    ));
    assert!(
        html.contains("<th scope=\"row\">Base</th><td>36</td><td>11</td><td>15</td><td>8</td>")
    );
    assert!(
        html.contains(
            "<p>Chi-square: expected counts are too small for the chi-square test to hold"
        )
    );
}

#[test]
fn tables_show_wilson_intervals_on_request() {
    let out = Workdir::new()
        .run(&[
            "tally",
            &repo("surveys/luton-dv-service-providers-2014.toml"),
            &repo("examples/luton-service-providers-2014.csv"),
            "-q",
            "q2",
            "--intervals",
        ])
        .ok();
    assert!(
        out.contains("    Work regularly with domestic abuse          16  44%  (95% CI 30-60)\n"),
        "{out}"
    );
}

#[test]
fn partial_tallies_of_shards_merge_into_the_whole() {
    let wd = Workdir::new();
    let survey = repo("surveys/luton-dv-service-providers-2014.toml");
    let example =
        std::fs::read_to_string(repo("examples/luton-service-providers-2014.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(example.as_bytes());
    let header = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for (name, part) in [("a.csv", &records[..20]), ("b.csv", &records[20..])] {
        let mut out = csv::Writer::from_path(wd.path(name)).unwrap();
        out.write_record(&header).unwrap();
        for r in part {
            out.write_record(r).unwrap();
        }
        out.flush().unwrap();
        wd.run(&[
            "tally",
            &survey,
            name,
            "--partial",
            &format!("{name}.partial"),
        ])
        .ok();
    }
    let merged = wd
        .run(&[
            "merge",
            &survey,
            "a.csv.partial",
            "b.csv.partial",
            "-f",
            "json",
        ])
        .ok();
    let whole = wd
        .run(&[
            "tally",
            &survey,
            &repo("examples/luton-service-providers-2014.csv"),
            "-f",
            "json",
        ])
        .ok();
    assert_eq!(merged, whole);
    wd.write("other.toml", crate::workdir::SMALL_SURVEY);
    wd.run(&["merge", "other.toml", "a.csv.partial"]).fails_with(
        "a.csv.partial: tallied with questionnaire \"luton-dv-service-providers-2014\", not \"small\" as other.toml is; tally every shard with the same questionnaire",
    );
    wd.write("junk.partial", "{}");
    let stderr = wd.run(&["merge", &survey, "junk.partial"]).fails();
    assert!(
        stderr.starts_with(
            "error: junk.partial: not a partial tally written by `canvass tally --partial`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_respondent_counted_in_two_shards_stops_the_merge() {
    let wd = Workdir::small();
    let rows = |ids: &[&str]| {
        let mut csv = SMALL_HEADER.to_string();
        for id in ids {
            csv.push_str(&format!("{id},,,Yes,,Books,Agree,Agree,3,\n"));
        }
        csv
    };
    wd.write("a.csv", rows(&["r1", "r2", "r3"]));
    wd.write("b.csv", rows(&["r4", "r2", "", "r5"]));
    for shard in ["a", "b"] {
        let csv = format!("{shard}.csv");
        let partial = format!("{shard}.partial");
        wd.run(&["tally", "small.toml", &csv, "--partial", &partial])
            .ok();
    }
    wd.run(&["merge", "small.toml", "a.partial", "b.partial"]).fails_with(
        "b.partial: 1 respondent was already counted in an earlier shard, so merging would count their answers twice:\n  \
         respondent_id \"r2\": row 3 of b.csv, and row 3 of a.csv (a.partial)\n\
         Take the repeated rows out of one export, tally it again with --partial and merge again; if the shards number their respondents separately (the same id being a different person in each), merge with --separate-ids",
    );
    let merged = wd
        .run(&[
            "merge",
            "small.toml",
            "a.partial",
            "b.partial",
            "--separate-ids",
            "-f",
            "json",
        ])
        .ok();
    let json: serde_json::Value = serde_json::from_str(&merged).unwrap();
    assert_eq!(json["responses"]["included"], 7, "{merged}");

    // The same export tallied twice, under another name.
    wd.run(&["tally", "small.toml", "a.csv", "--partial", "again.partial"])
        .ok();
    wd.run(&["merge", "small.toml", "a.partial", "again.partial"]).fails_with(
        "again.partial: 3 respondents were already counted in an earlier shard (every one: the same export tallied twice?), so merging would count their answers twice:\n  \
         respondent_id \"r1\": row 2 of a.csv, and row 2 of a.csv (a.partial)\n  \
         respondent_id \"r2\": row 3 of a.csv, and row 3 of a.csv (a.partial)\n  \
         respondent_id \"r3\": row 4 of a.csv, and row 4 of a.csv (a.partial)\n\
         Take the repeated rows out of one export, tally it again with --partial and merge again; if the shards number their respondents separately (the same id being a different person in each), merge with --separate-ids",
    );
    wd.run(&[
        "merge",
        "small.toml",
        "a.partial",
        "b.partial",
        "./a.partial",
    ])
    .fails_with("./a.partial is named twice; each shard is merged once");

    // More repeats than are named.
    let many: Vec<String> = (1..=8).map(|i| format!("m{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    wd.write("m.csv", rows(&many));
    wd.write("n.csv", rows(&[&["new"], &many[..7]].concat()));
    wd.run(&["tally", "small.toml", "m.csv", "--partial", "m.partial"])
        .ok();
    wd.run(&["tally", "small.toml", "n.csv", "--partial", "n.partial"])
        .ok();
    let stderr = wd
        .run(&["merge", "small.toml", "m.partial", "n.partial"])
        .fails();
    assert!(
        stderr.starts_with(
            "error: n.partial: 7 respondents were already counted in an earlier shard, so"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "  respondent_id \"m5\": row 7 of n.csv, and row 6 of m.csv (m.partial)\n  and 2 more\n"
        ),
        "{stderr}"
    );

    // A partial tally written by an earlier version (before Other answers were grouped).
    let old = std::fs::read_to_string(wd.path("a.partial"))
        .unwrap()
        .replace("canvass partial tally 3", "canvass partial tally 2");
    let old = &old[..old.find(",\"respondents\"").unwrap()];
    wd.write("old.partial", format!("{old}}}"));
    wd.run(&["merge", "small.toml", "old.partial"]).fails_with(
        "old.partial: written by another version of canvass (\"canvass partial tally 2\"); tally the shard again",
    );
}

#[test]
fn compare_opens_every_wave_before_reading_and_warns_in_wave_order() {
    let wd = Workdir::small();
    wd.write(
        "a.csv",
        format!("{SMALL_HEADER}1,,,Yse,,,,,,\n2,,,No,,,,,,\n"),
    );
    wd.write(
        "b.csv",
        format!("{SMALL_HEADER}1,,,No,,,,,,\n,,,,,,,,,\n2,,,Yes,,,,,,\n"),
    );
    wd.write("empty.csv", "");
    // The last wave is read first, but what is wrong with any wave's file is said before that.
    wd.run(&[
        "compare",
        "small.toml",
        "--wave",
        "a=missing.csv",
        "--wave",
        "b=empty.csv",
    ])
    .fails_with("cannot read missing.csv: No such file or directory (os error 2)");
    wd.write("wave.xlsx", b"PK\x03\x04");
    let compare = |waves: &[&str]| {
        let mut args = vec!["compare", "small.toml"];
        for wave in waves {
            args.extend(["--wave", wave]);
        }
        wd.run(&args)
    };
    compare(&["a=wave.xlsx", "b=a.csv"]).fails_with(
        "wave.xlsx is an Excel workbook (.xlsx) or another zip file, not a CSV file; open it in Excel and save it as \"CSV UTF-8 (Comma delimited)\", or export CSV from the survey platform",
    );
    compare(&["a=a.csv", "b=empty.csv", "c=a.csv"]).fails_with(
        "empty.csv is empty; a response file starts with a header row (`canvass template SURVEY` writes one)",
    );
    let run = wd.run(&[
        "compare",
        "small.toml",
        "--wave",
        "a=a.csv",
        "--wave",
        "b=b.csv",
    ]);
    run.ok();
    assert_eq!(
        run.stderr(),
        "warning: a.csv: 0 rows excluded, 1 invalid answer, 0 other warnings; `canvass check` lists them\n\
         warning: b.csv: 1 row excluded, 0 invalid answers, 0 other warnings; `canvass check` lists them\n"
    );
}

#[test]
fn shards_need_a_temporary_folder_and_say_so() {
    let wd = Workdir::small();
    wd.write(
        "a.csv",
        format!("{SMALL_HEADER}r1,,,Yes,,Books,Agree,Agree,3,\n"),
    );
    let missing = wd.path("no-such-folder");
    let tmp = [("TMPDIR", missing.as_path())];
    let folder = missing.display();
    wd.run_with_env(&tmp, &["tally", "small.toml", "a.csv", "--partial", "a.partial"])
        .fails_with(&format!(
            "a.csv: cannot use a temporary file in {folder} to note the respondents of the partial tally: No such file or directory (os error 2); set TMPDIR to a folder with free space and try again"
        ));
    wd.run(&["tally", "small.toml", "a.csv", "--partial", "a.partial"])
        .ok();
    wd.run_with_env(&tmp, &["merge", "small.toml", "a.partial"])
        .fails_with(&format!(
            "cannot use a temporary file in {folder} to read the respondents of the partial tallies: No such file or directory (os error 2); set TMPDIR to a folder with free space and try again"
        ));
}
