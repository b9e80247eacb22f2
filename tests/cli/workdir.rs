//! A temporary folder to run `canvass` in, printing command and output when an assertion fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A small questionnaire with every kind of question, routing and non-opinion points.
pub const SMALL_SURVEY: &str = r#"
[survey]
id = "small"
title = "Library users survey"

[scales.agree]
points = [
  { label = "Agree", net = "positive" },
  "Neither",
  { label = "Disagree", net = "negative" },
  { label = "Don't know", non_opinion = true },
]

[[questions]]
id = "q1"
kind = "contact"
text = "Your details"
fields = [{ id = "name", label = "Name" }, { id = "email", label = "Email" }]

[[questions]]
id = "q2"
kind = "single"
text = "Do you use the library?"
options = [{ label = "Yes", code = 1 }, { label = "No", code = 2 }, "Other"]
other = {}

[[questions]]
id = "q3"
kind = "multi"
text = "Which services do you use?"
ask_if = { question = "q2", answers = ["Yes"] }
options = ["Books", "Yes, from the van", "Computers; printing", { label = "None", exclusive = true }]

[[questions]]
id = "q4"
kind = "grid"
text = "How far do you agree?"
scale = "agree"
rows = [{ id = "open", label = "Opening hours suit me" }, { id = "staff", label = "Staff are helpful" }]

[[questions]]
id = "q5"
kind = "number"
text = "How many visits last year?"
min = 0
max = 365
unit = "visits"

[[questions]]
id = "q6"
kind = "text"
text = "Anything else?"
"#;

pub const SMALL_HEADER: &str =
    "respondent_id,q1_name,q1_email,q2,q2_other,q3,q4_open,q4_staff,q5,q6\n";

pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// A workdir holding `small.toml`.
    pub fn small() -> Self {
        let wd = Workdir::new();
        wd.write("small.toml", SMALL_SURVEY);
        wd
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("write a fixture");
        path
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(&[], args)
    }

    /// Runs canvass with these environment variables set.
    pub fn run_with_env(&self, env: &[(&str, &Path)], args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_canvass"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(self.dir.path())
            .output()
            .expect("run canvass");
        Run {
            command: format!("canvass {}", args.join(" ")),
            output,
        }
    }
}

/// Every non-empty contact detail (name, job, organisation, phone, email) of the shipped example.
pub fn example_contacts() -> Vec<String> {
    let example =
        std::fs::read_to_string(repo("examples/luton-service-providers-2014.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(example.as_bytes());
    reader
        .records()
        .flat_map(|r| {
            r.unwrap()
                .iter()
                .skip(1)
                .take(5)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// The repository root, for the shipped questionnaire and example.
pub fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

pub struct Run {
    command: String,
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    fn context(&self) -> String {
        format!(
            "command: {}\nstatus: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.command,
            self.output.status,
            self.stdout(),
            self.stderr()
        )
    }

    /// Succeeded; returns standard output.
    pub fn ok(&self) -> String {
        assert!(
            self.output.status.success(),
            "expected success\n{}",
            self.context()
        );
        self.stdout()
    }

    /// Failed with exit code 1; returns standard error.
    pub fn fails(&self) -> String {
        assert_eq!(
            self.output.status.code(),
            Some(1),
            "expected exit code 1\n{}",
            self.context()
        );
        self.stderr()
    }

    /// Failed with `error: <message>` as the whole of standard error.
    pub fn fails_with(&self, message: &str) {
        let stderr = self.fails();
        assert_eq!(
            stderr,
            format!("error: {message}\n"),
            "\n{}",
            self.context()
        );
    }
}

/// Compares with a golden file; `CANVASS_BLESS=1 cargo test` rewrites it.
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("CANVASS_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with CANVASS_BLESS=1",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "output differs from {} (rerun with CANVASS_BLESS=1 to accept)\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}
