//! `canvass report`: golden HTML, structure and accessibility, safety, suppression, templates.

use crate::workdir::{SMALL_HEADER, Workdir, golden, repo};
use scraper::{Html, Selector};

const LUTON: &str = "surveys/luton-dv-service-providers-2014.toml";
const EXAMPLE: &str = "examples/luton-service-providers-2014.csv";

/// Writes the example's report (dated as published) to `report.html` in `wd`, with `extra` options.
pub fn luton_report(wd: &Workdir, extra: &[&str]) -> String {
    let (survey, example) = (repo(LUTON), repo(EXAMPLE));
    let mut args = vec![
        "report",
        survey.as_str(),
        example.as_str(),
        "-o",
        "report.html",
        "--date",
        "2014-12-10",
    ];
    args.extend_from_slice(extra);
    let run = wd.run(&args);
    run.ok();
    assert_eq!(run.stderr(), "", "a clean example reports no warnings");
    std::fs::read_to_string(wd.path("report.html")).unwrap()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(el: &scraper::ElementRef) -> String {
    el.text().collect::<Vec<_>>().join("")
}

#[test]
fn the_example_report_matches_its_golden_file_and_is_deterministic() {
    let wd = Workdir::new();
    let first = luton_report(&wd, &[]);
    golden("luton-report.html", &first);
    assert_eq!(luton_report(&wd, &[]), first);
}

#[test]
fn the_report_is_structured_and_accessible() {
    let html = luton_report(&Workdir::new(), &[]);
    let doc = Html::parse_document(&html);
    assert_eq!(select(&doc, "html")[0].value().attr("lang"), Some("en-GB"));
    assert_eq!(select(&doc, "h1").len(), 1);
    // Headings never skip a level.
    let mut previous = 1;
    for h in select(&doc, "h1, h2, h3, h4, h5, h6") {
        let level: u32 = h.value().name()[1..].parse().unwrap();
        assert!(
            level <= previous + 1,
            "{} after h{previous}: {}",
            h.value().name(),
            text(&h)
        );
        previous = level;
    }
    // The contents is a nav whose links all lead somewhere.
    let links = select(&doc, "nav a");
    assert_eq!(links.len(), 18);
    for link in links {
        let target = link.value().attr("href").unwrap().trim_start_matches('#');
        assert_eq!(
            select(&doc, &format!("[id=\"{target}\"]")).len(),
            1,
            "{target}"
        );
    }
    // Every chart is an image with a title and a description that states figures, and a table.
    let charts = select(&doc, "svg.chart");
    assert_eq!(charts.len(), 8);
    for chart in &charts {
        assert_eq!(chart.value().attr("role"), Some("img"));
        let title = select(
            &doc,
            &format!(
                "[id=\"{}\"]",
                chart
                    .value()
                    .attr("aria-labelledby")
                    .unwrap()
                    .split(' ')
                    .next()
                    .unwrap()
            ),
        );
        assert_eq!(title.len(), 1);
        let desc = chart
            .select(&Selector::parse("desc").unwrap())
            .next()
            .expect("a desc");
        assert!(text(&desc).contains('%'), "{}", text(&desc));
        let section = chart
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "section")
            .unwrap();
        assert!(
            section
                .select(&Selector::parse("details table").unwrap())
                .next()
                .is_some(),
            "a chart without a table"
        );
    }
    // Word clouds are images with a title and description too.
    let clouds = select(&doc, "figure.cloud svg");
    assert_eq!(clouds.len(), 7);
    for cloud in clouds {
        assert_eq!(cloud.value().attr("role"), Some("img"));
        assert!(
            cloud
                .select(&Selector::parse("title").unwrap())
                .next()
                .is_some()
        );
    }
    // One file: nothing loaded from elsewhere, nothing to run.
    assert!(select(&doc, "script, img, link, iframe, object").is_empty());
    for el in select(&doc, "[src], [href]") {
        let target = el.value().attr("src").or(el.value().attr("href")).unwrap();
        assert!(target.starts_with('#'), "external reference {target}");
    }
    assert!(!html.contains("url(http"));
}

#[test]
fn the_report_reads_like_the_published_one() {
    let html = luton_report(&Workdir::new(), &[]);
    for expected in [
        "In total 36 completed surveys were returned.",
        "The largest group of respondents (44%) answered \u{201c}Work regularly with domestic abuse\u{201d}.",
        "Around 8 out of 10 (81%) chose \u{201c}Victims\u{201d}, three quarters (75%) \u{201c}Women\u{201d} and around 6 out of 10 (64%) \u{201c}Families\u{201d}.",
        "Just over half (53%) chose \u{201c}Health professionals\u{201d}",
        "Base: 32 respondents; respondents could choose more than one answer.",
        "The child focused response was rated best, with around 6 out of 10 respondents (59%) saying it was very good or fairly good.",
        "Based on 23 (top bar), 16, 29, 28, 26, 22 and 28 (bottom bar) responses;",
        "About 4 in 10 (41%) answered very good or fairly good, about 3 in 10 (31%) satisfactory and about 3 in 10 (28%) fairly poor or very poor.",
        "Caution: this is based on 29 respondents, fewer than 30, so each respondent moves the percentages by 3 points or more.",
        "Two respondents gave other answers under",
        "Appendix A: copy of the questionnaire",
    ] {
        let escaped = expected.replace('\'', "&#x27;");
        assert!(html.contains(&escaped), "missing: {expected}");
    }
    assert!(
        !html.contains("majority of respondents (4"),
        "'majority' for under half"
    );
}

#[test]
fn contact_details_never_reach_the_report_or_its_export() {
    let wd = Workdir::new();
    let html = luton_report(&wd, &["--export", "tables"]);
    let mut outputs = vec![html];
    for entry in std::fs::read_dir(wd.path("tables")).unwrap() {
        outputs.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for contact in crate::workdir::example_contacts() {
        for out in &outputs {
            assert!(!out.contains(&contact), "{contact:?} shown");
        }
    }
}

#[test]
fn the_export_holds_every_table() {
    let wd = Workdir::new();
    luton_report(&wd, &["--export", "tables"]);
    let mut names: Vec<String> = std::fs::read_dir(wd.path("tables"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names.join(" "),
        "q10.csv q10_explain-terms.csv q11-terms.csv q11.csv q12-terms.csv q12.csv q13-terms.csv q13.csv q14-terms.csv q14.csv q15-terms.csv q15.csv q2.csv q2_other-answers.csv q2_other-terms.csv q3.csv q3_other-answers.csv q3_other-terms.csv q4.csv q4_other-answers.csv q4_other-terms.csv q5-terms.csv q5.csv q6.csv q7.csv q8.csv q8_other-answers.csv q8_other-terms.csv q9.csv results.json"
    );
    let q2 = std::fs::read_to_string(wd.path("tables/q2.csv")).unwrap();
    assert!(
        q2.contains(
            "q2,single,,Work regularly with domestic abuse,,option,16,36,44.44444444444444\n"
        ),
        "{q2}"
    );
    let json = std::fs::read_to_string(wd.path("tables/results.json")).unwrap();
    assert!(
        json.starts_with("{\n  \"tally\": {\n    \"survey\": \"luton-dv-service-providers-2014\"")
    );
}

#[test]
fn suppression_withholds_small_counts_and_the_count_that_would_reveal_them() {
    let html = luton_report(&Workdir::new(), &["--suppress-below", "5"]);
    let doc = Html::parse_document(&html);
    let q2_rows: Vec<String> = select(&doc, "#q2 details table tbody tr")
        .iter()
        .map(|r| text(r))
        .collect();
    // Other (4) is under 5; Only work with domestic abuse (7) goes too, or 36 - 16 - 9 - 7 gives it
    // away. It is not under 5, so it is "withheld", not "fewer than 5".
    assert_eq!(
        q2_rows,
        vec![
            "Work regularly with domestic abuse1644%",
            "Work with domestic abuse occasionally925%",
            "Only work with domestic abusewithheld-",
            "Otherfewer than 5-",
        ]
    );
    assert!(html.contains("counts under 5 are shown as \u{201c}fewer than 5\u{201d}"));
    // Q10's positive net holds a withheld count: the sentence starts at the next part, and the
    // verb moves with it.
    let q10 = text(&select(&doc, "#q10 p")[1]);
    assert_eq!(q10, "About 3 in 10 (31%) answered satisfactory.");
    // The child focused response (59% positive) is rated best, but its net is withheld: the
    // best of those shown is said to be so, not the best.
    let q9 = text(&select(&doc, "#q9 p")[1]);
    assert!(
        q9.starts_with("Of those shown, the health services response was rated best"),
        "{q9}"
    );
    // Q9's criminal justice row: Very good and Fairly good are both under 5, and together they
    // are 23 - 6 - 8 - 5 = 4, a small count the total would tell; Very poor (5) goes too.
    let q9_desc = text(&select(&doc, "#q9 svg desc")[0]);
    assert!(
        q9_desc.contains("criminal justice response (base 23): Very good withheld, Fairly good withheld, Satisfactory 26%, Fairly poor 35%, Very poor withheld;"),
        "{q9_desc}"
    );
    // The bar chart shows no bar and no percentage for either.
    let q2_desc = text(&select(&doc, "#q2 svg desc")[0]);
    assert!(
        q2_desc.contains("Only work with domestic abuse: withheld; Other: fewer than 5"),
        "{q2_desc}"
    );
}

#[test]
fn suppression_reaches_the_breakdown_tables() {
    let html = luton_report(&Workdir::new(), &["--by", "q2", "--suppress-below", "5"]);
    let doc = Html::parse_document(&html);
    let rows_of = |table: &scraper::ElementRef| -> Vec<Vec<String>> {
        table
            .select(&Selector::parse("tr").unwrap())
            .map(|row| {
                row.select(&Selector::parse("th, td").unwrap())
                    .map(|cell| text(&cell))
                    .collect()
            })
            .collect()
    };
    let tables: Vec<Vec<Vec<String>>> = select(&doc, "details")
        .iter()
        .filter(|d| text(d).contains("by answer to Q2"))
        .flat_map(|d| {
            d.select(&Selector::parse("table").unwrap())
                .collect::<Vec<_>>()
        })
        .map(|t| rows_of(&t))
        .collect();
    assert!(tables.len() >= 5, "{} breakdown tables", tables.len());
    let q6 = tables
        .iter()
        .find(|t| t.iter().any(|row| row[0] == "Don't know"))
        .expect("Q6's breakdown");
    // The groups as in Q2's own table: Other (4) under 5, Only work (7) withheld with it.
    assert_eq!(
        q6[1..],
        [
            [
                "Yes",
                "32%",
                "fewer than 5",
                "40%",
                "fewer than 5",
                "fewer than 5"
            ],
            [
                "No",
                "44%",
                "fewer than 5",
                "withheld",
                "fewer than 5",
                "fewer than 5"
            ],
            [
                "Don't know",
                "24%",
                "fewer than 5",
                "fewer than 5",
                "fewer than 5",
                "fewer than 5"
            ],
            ["Base", "34", "withheld", "15", "9", "fewer than 5"],
        ]
    );
    // No percentage shown in any table reveals a count from 1 to 4 of a base that is shown.
    for table in &tables {
        let Some(bases) = table.iter().find(|row| row[0] == "Base") else {
            continue;
        };
        for row in table
            .iter()
            .filter(|row| row[0] != "Base" && row[0] != "Answer")
        {
            for (cell, base) in row.iter().zip(bases).skip(1) {
                let (Some(percent), Ok(base)) = (cell.strip_suffix('%'), base.parse::<f64>())
                else {
                    continue;
                };
                let count = (percent.parse::<f64>().unwrap() * base / 100.0).round();
                assert!(count == 0.0 || count >= 5.0, "{row:?} of bases {bases:?}");
            }
        }
    }
}

#[test]
fn answers_and_notes_are_escaped() {
    let wd = Workdir::small();
    let attack =
        "<script>alert(1)</script> <img src=x onerror=alert(2)> {{handlebars}} </textarea>";
    wd.write(
        "r.csv",
        format!(
            "{SMALL_HEADER}1,,,Other,\"{attack}\",,,,,\"{attack}\"\n2,,,\"<b>bold</b>\",,,,,,\"{attack}\"\n3,,,Yes,,Books,,,,fine\n"
        ),
    );
    wd.write(
        "notes.md",
        format!("## Summary\n{attack}\n\n## Q6\nCommentary {attack} [x](javascript:alert(3))\n"),
    );
    wd.run(&[
        "report",
        "small.toml",
        "r.csv",
        "-o",
        "r.html",
        "--notes",
        "notes.md",
        "--date",
        "2025-01-01",
    ])
    .ok();
    let html = std::fs::read_to_string(wd.path("r.html")).unwrap();
    let doc = Html::parse_document(&html);
    assert!(
        select(&doc, "script, img, textarea, b").is_empty(),
        "markup from answers or notes became elements"
    );
    assert!(!html.contains("javascript:"));
    assert!(
        select(&doc, "[onerror]").is_empty(),
        "no attribute comes from an answer"
    );
    assert!(!html.contains("<img"), "an escaped tag stays text");
    assert!(
        html.contains("{{handlebars}}"),
        "template syntax in data is shown as text"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        html.contains("&lt;b&gt;bold&lt;/b&gt;"),
        "the invalid answer is listed, escaped"
    );
}

#[test]
fn notes_add_summary_commentary_and_chosen_quotes() {
    let wd = Workdir::new();
    wd.write(
        "notes.toml",
        "summary = \"Partners value **MARAC**.\"\nrecommendations = \"1. Fund refuges\"\n\n[questions.q5]\ncommentary = \"Funding dominates.\"\nquotes = [\"1021\", \"1010\", \"9999\"]\n\n[questions.q12]\nhide_quotes = [\"1004\"]\n",
    );
    let (survey, example) = (repo(LUTON), repo(EXAMPLE));
    let run = wd.run(&[
        "report",
        &survey,
        &example,
        "-o",
        "r.html",
        "--notes",
        "notes.toml",
        "--date",
        "2014-12-10",
    ]);
    run.ok();
    assert_eq!(
        run.stderr(),
        "warning: notes: respondent \"9999\" has no answer to q5 to quote\n"
    );
    let html = std::fs::read_to_string(wd.path("r.html")).unwrap();
    let doc = Html::parse_document(&html);
    assert_eq!(
        text(&select(&doc, "#summary p")[0]),
        "Partners value MARAC."
    );
    assert_eq!(
        text(&select(&doc, "#recommendations li")[0]),
        "Fund refuges"
    );
    assert_eq!(
        text(&select(&doc, "#q5 .commentary p")[0]),
        "Funding dominates."
    );
    let q5_quotes: Vec<String> = select(&doc, "#q5 blockquote footer")
        .iter()
        .map(|f| text(f))
        .collect();
    assert_eq!(q5_quotes, vec!["respondent 1021", "respondent 1010"]);
    let q12_quotes: Vec<String> = select(&doc, "#q12 blockquote footer")
        .iter()
        .map(|f| text(f))
        .collect();
    assert!(
        !q12_quotes.contains(&"respondent 1004".to_string()),
        "{q12_quotes:?}"
    );
    wd.write("bad.toml", "[questions.q99]\ncommentary = \"x\"\n");
    wd.run(&[
        "report", &survey, &example, "-o", "r.html", "--notes", "bad.toml",
    ])
    .fails_with("bad.toml: notes for \"q99\", which is not a question of the survey");
}

#[test]
fn templates_can_be_replaced_one_by_one() {
    let wd = Workdir::new();
    std::fs::create_dir(wd.path("house")).unwrap();
    wd.write("house/contents.hbs", "<nav><p>House style contents</p>{{#each contents}}<a href=\"#{{anchor}}\">{{title}}</a>{{/each}}</nav>");
    let html = luton_report(&wd, &["--templates", "house"]);
    assert!(
        html.contains("<nav><p>House style contents</p><a href=\"#background\">Background</a>")
    );
    assert!(
        html.contains("<h2>Methodology</h2>"),
        "the other templates are the built-in ones"
    );
    wd.write("house/footer.hbs", "x");
    wd.run(&["report", &repo(LUTON), &repo(EXAMPLE), "-o", "r.html", "--templates", "house"]).fails_with(
        "house/footer.hbs: not one of the report's templates (report.html.hbs, style.css.hbs, contents.hbs, notes.hbs, introduction.hbs, question.hbs, table.hbs, quality.hbs, appendix.hbs, compare.html.hbs)",
    );
    std::fs::remove_file(wd.path("house/footer.hbs")).unwrap();
    wd.write(
        "house/contents.hbs",
        "{{#each contents}}{{nosuchfield}}{{/each}}",
    );
    let stderr = wd
        .run(&[
            "report",
            &repo(LUTON),
            &repo(EXAMPLE),
            "-o",
            "r.html",
            "--templates",
            "house",
        ])
        .fails();
    assert!(
        stderr.starts_with("error: the report template failed: "),
        "{stderr}"
    );
    assert!(stderr.contains("nosuchfield"), "{stderr}");
}

#[test]
fn a_house_template_cannot_write_answers_unescaped() {
    let wd = Workdir::new();
    std::fs::create_dir(wd.path("house")).unwrap();
    let report = |wd: &Workdir, responses: &str| {
        wd.run(&[
            "report",
            &repo(LUTON),
            responses,
            "-o",
            "r.html",
            "--templates",
            "house",
        ])
    };
    wd.write(
        "house/question.hbs",
        "<section>\n<h2>{{heading}}</h2>\n{{#each texts}}{{#each quotes}}<p>{{{text}}}</p>{{/each}}{{/each}}</section>",
    );
    // Told before the responses are read: this file does not exist.
    report(&wd, "missing.csv").fails_with(
        "house/question.hbs: line 3: {{{text}}} writes its value unescaped, so an answer or label \
         holding HTML would reach the page as HTML; write it with two braces (only chart, cloud, \
         background, methodology, summary, key_findings, recommendations, commentary, font_face \
         may have three)",
    );
    // canvass's own charts and clouds may be written as they are.
    wd.write(
        "house/question.hbs",
        "<section id=\"{{anchor}}\"><h2>{{heading}}</h2>{{{chart}}}{{#each texts}}{{{cloud}}}{{/each}}</section>",
    );
    report(&wd, &repo(EXAMPLE)).ok();
    let html = std::fs::read_to_string(wd.path("r.html")).unwrap();
    assert!(
        html.contains("<h2>Measuring effectiveness</h2><svg xmlns="),
        "{html}"
    );
}

#[test]
fn dates_and_thresholds_are_checked() {
    let wd = Workdir::new();
    wd.run(&[
        "report",
        &repo(LUTON),
        &repo(EXAMPLE),
        "-o",
        "r.html",
        "--date",
        "10/12/2014",
    ])
    .fails_with("--date \"10/12/2014\" is not a date in the form YYYY-MM-DD");
    wd.run(&[
        "report",
        &repo(LUTON),
        &repo(EXAMPLE),
        "-o",
        "r.html",
        "--suppress-below",
        "0",
    ])
    .fails_with("--suppress-below needs a count of at least 1");
}

#[test]
fn an_output_that_cannot_be_written_names_it_and_the_cause() {
    // The context names the file; the system's reason follows once, as its cause.
    let wd = Workdir::new();
    let run = wd.run(&[
        "report",
        &repo(LUTON),
        &repo(EXAMPLE),
        "-o",
        "no-such-folder/r.html",
    ]);
    assert_eq!(
        run.fails(),
        "error: cannot write no-such-folder/r.html\n  caused by: No such file or directory (os error 2)\n"
    );
}

/// A response file of the small questionnaire in which each row, numbered from 1, ticks "Other"
/// in q2 and writes the next of `others`.
fn other_answers_csv(others: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut csv = String::from(SMALL_HEADER);
    for (i, other) in others.into_iter().enumerate() {
        let quoted = other.as_ref().replace('"', "\"\"");
        csv.push_str(&format!("{},,,Other,\"{quoted}\",,,,,\n", i + 1));
    }
    csv
}

/// The report of the small questionnaire on `csv` (header included), dated 2025-01-01.
fn small_report(csv: &str) -> Html {
    small_report_with(csv, &[])
}

/// `small_report` with `extra` options.
fn small_report_with(csv: &str, extra: &[&str]) -> Html {
    let wd = Workdir::small();
    wd.write("r.csv", csv);
    let mut args = vec![
        "report",
        "small.toml",
        "r.csv",
        "-o",
        "r.html",
        "--date",
        "2025-01-01",
    ];
    args.extend_from_slice(extra);
    wd.run(&args).ok();
    Html::parse_document(&std::fs::read_to_string(wd.path("r.html")).unwrap())
}

#[test]
fn data_quality_counts_every_invalid_answer_past_the_listed_ones() {
    // More invalid answers than problem details are kept, two per row, in q2 and the q4 grid.
    let rows = 10_003;
    let mut csv = String::from(SMALL_HEADER);
    for i in 1..=rows {
        csv.push_str(&format!("{i},,,Maybe,,,Meh,,,\n"));
    }
    let doc = small_report(&csv);
    let quality = &select(&doc, "#data-quality")[0];
    let cells: Vec<Vec<String>> = select(&doc, "#data-quality tbody tr")
        .iter()
        .map(|row| {
            row.text()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect()
        })
        .collect();
    assert_eq!(cells, [["Q2", "10,003"], ["Q4", "10,003"]]);
    assert!(
        text(quality).contains("In all, 20,006 answers were left out"),
        "{}",
        text(quality)
    );
    let summary: Vec<String> = select(&doc, "#data-quality summary")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        summary,
        ["Problems found in the data (the first 20 of 20,006)"]
    );
    assert_eq!(select(&doc, "#data-quality details li").len(), 20);
}

#[test]
fn data_quality_says_which_questions_had_an_alone_option_ticked_with_others() {
    let mut csv = String::from(SMALL_HEADER);
    for i in 1..=3 {
        csv.push_str(&format!("{i},,,Yes,,Books;None,,,,\n"));
    }
    let doc = small_report(&csv);
    let summary = text(&select(&doc, "#data-quality p")[0]);
    assert_eq!(
        summary,
        "The response file had 3 rows: 3 included and 0 excluded. No answer had to be left out \
         for matching no option. Three answers ticked an option meant to be ticked alone \
         together with other options (Q3: 3); all the ticks are counted."
    );
}

/// The intro, items and note of a question's "Other answers" list.
fn other_answers(doc: &Html, question: &str) -> (String, Vec<String>, Vec<String>) {
    let intro = select(doc, &format!("#{question} h3 + p"));
    let items = select(doc, &format!("#{question} h3 + p + ul li"));
    let notes = select(doc, &format!("#{question} ul + p.note"));
    (
        text(&intro[0]),
        items.iter().map(text).collect(),
        notes.iter().map(text).collect(),
    )
}

#[test]
fn other_answers_are_listed_once_each_with_how_many_gave_them() {
    let others = [
        "Opening times",
        "Phone me on 07700 900123",
        "opening times.",
        "<b>Reading group</b> & talks",
        "Opening  Times",
        "phone me on 07700 900999",
        "Opening times",
    ];
    let doc = small_report(&other_answers_csv(others));
    let (intro, items, notes) = other_answers(&doc, "q2");
    assert_eq!(
        intro,
        "Seven respondents gave other answers under \u{201c}Other, please specify\u{201d}; an \
         answer given by more than one is listed once, with how many gave it:"
    );
    assert_eq!(
        items,
        [
            // Written most often as "Opening times"; redacted before grouping.
            "Opening times (4 respondents)",
            "Phone me on [phone number removed] (2 respondents)",
            // Escaped: read as markup, its text would have no tags.
            "<b>Reading group</b> & talks",
        ]
    );
    assert!(notes.is_empty());
}

#[test]
fn other_answers_in_row_order_when_all_differ() {
    let doc = small_report(&other_answers_csv(["Zines", "Archives", "Maps"]));
    assert_eq!(
        other_answers(&doc, "q2"),
        (
            "Three respondents gave other answers under \u{201c}Other, please specify\u{201d}:"
                .to_string(),
            vec!["Zines".to_string(), "Archives".into(), "Maps".into()],
            vec![]
        )
    );
}

#[test]
fn other_answers_past_the_limits_say_what_is_not_listed() {
    // Every third answer is the same, and from the 9,001st row another; the rest all differ, more
    // than the 5,000 different answers kept.
    let others = (1..=12_000).map(|i| match i % 3 {
        0 => "Opening times".to_string(),
        1 if i > 9_000 => "Late answer".to_string(),
        _ => format!("idea {i}"),
    });
    let doc = small_report(&other_answers_csv(others));
    let (intro, items, notes) = other_answers(&doc, "q2");
    assert_eq!(
        intro,
        "In all, 12,000 respondents gave other answers under \u{201c}Other, please \
         specify\u{201d}; an answer given by more than one is listed once, with how many gave it:"
    );
    // After the 8,000th answer the 5,334 ideas so far, each given once, were forgotten. The
    // ideas after it are kept but given once in 12,000 answers: not more than 12 times. "Late
    // answer" was first given in the 9th bucket of 1,000 answers, so up to 9 before were
    // forgotten. (A Python model of the counting gives the same figures.)
    assert_eq!(
        items,
        [
            "Opening times (4,000 respondents)",
            "Late answer (1,000 respondents)"
        ]
    );
    assert_eq!(
        notes,
        [
            "In all, 7,000 answers are not listed: past 5,000 different answers, canvass lists \
             only those given more than once in every 1,000 answers, as it cannot keep count of \
             rarer ones. An answer listed may have been given up to 9 times more than its count \
             shows, before it was counted."
        ]
    );
}

#[test]
fn other_answers_counts_are_suppressed_like_table_counts() {
    let others = [("Opening times", 9), ("Reading group", 6), ("Zines", 2)];
    let others = others
        .into_iter()
        .flat_map(|(other, times)| std::iter::repeat_n(other, times));
    let doc = small_report_with(&other_answers_csv(others), &["--suppress-below", "5"]);
    let (_, items, _) = other_answers(&doc, "q2");
    // Zines (2) is under 5; with the 17 in the intro, Reading group (6) would give it away.
    assert_eq!(
        items,
        [
            "Opening times (9 respondents)",
            "Reading group (number withheld)",
            "Zines (fewer than 5 respondents)",
        ]
    );
}

#[test]
fn the_export_lists_every_different_other_answer_safe_for_spreadsheets() {
    let wd = Workdir::small();
    let others = [
        "Opening times",
        "=HYPERLINK(\"http://x\")",
        "opening times",
        "- Maps",
        "@home",
    ];
    wd.write("r.csv", other_answers_csv(others));
    wd.run(&[
        "report",
        "small.toml",
        "r.csv",
        "-o",
        "r.html",
        "--export",
        "tables",
    ])
    .ok();
    assert_eq!(
        std::fs::read_to_string(wd.path("tables/q2_other-answers.csv")).unwrap(),
        "answer,respondents,forgotten_at_most\n\
         Opening times,2,0\n\
         \"'=HYPERLINK(\"\"[link removed]\"\")\",1,0\n\
         '- Maps,1,0\n\
         '@home,1,0\n"
    );
}

#[test]
fn suppressing_the_report_warns_that_its_exported_tables_are_not() {
    let wd = Workdir::new();
    let (survey, example) = (repo(LUTON), repo(EXAMPLE));
    let run = wd.run(&[
        "report",
        &survey,
        &example,
        "-o",
        "report.html",
        "--suppress-below",
        "5",
        "--export",
        "tables",
    ]);
    run.ok();
    assert_eq!(
        run.stderr(),
        "warning: tables: the exported tables are not suppressed: they hold every count, including \
         those under 5; share them only where those may be seen\n"
    );
    // As the warning says: the export still holds Other's 4.
    let q2 = std::fs::read_to_string(wd.path("tables/q2.csv")).unwrap();
    assert!(q2.contains("q2,single,,Other,,option,4,36,"), "{q2}");
}

#[test]
fn terms_too_long_for_the_word_cloud_are_counted_in_the_warning() {
    // A word of 400 letters is wider than the cloud even at the smallest size.
    let long = |letter: &str| letter.repeat(400);
    for (words, warning) in [
        (
            vec![long("a")],
            "warning: q6: 1 term did not fit in the word cloud and is named in its description\n",
        ),
        (
            vec![long("a"), long("b")],
            "warning: q6: 2 terms did not fit in the word cloud and are named in its description\n",
        ),
    ] {
        let mut csv = String::from(SMALL_HEADER);
        for i in 1..=3 {
            // Full stops keep the long words out of phrases.
            csv.push_str(&format!(
                "{i},,,Yes,,,,,,Refuge staff. {}.\n",
                words.join(". ")
            ));
        }
        let wd = Workdir::small();
        wd.write("r.csv", &csv);
        let run = wd.run(&["report", "small.toml", "r.csv", "-o", "r.html"]);
        run.ok();
        assert_eq!(run.stderr(), warning);
        let html = std::fs::read_to_string(wd.path("r.html")).unwrap();
        let description = format!(
            "Respondents per term: refuge staff (3). Not shown, for lack of space: {}.",
            words
                .iter()
                .map(|w| format!("{w} (3)"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert!(html.contains(&description), "{html}");
    }
}
