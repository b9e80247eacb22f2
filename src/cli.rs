//! The command line: one subcommand per job, each defined beside its code in `cmd`.

use crate::cmd;
use clap::{Parser, Subcommand};

/// Survey and consultation analysis: questionnaires as data, responses checked row by row,
/// tallies with bases, ready to publish.
#[derive(Debug, Parser)]
#[command(name = "canvass", version, about, long_about = None)]
pub struct Cli {
    /// No progress bar (it is only shown on a terminal, for reads that take over a second).
    #[arg(short = 'Q', long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a questionnaire file and print a summary of it.
    Validate(cmd::validate::Args),
    /// Check a response file: row accounting and every problem found.
    Check(cmd::check::Args),
    /// Count answers: bases, percentages and nets for every closed question.
    Tally(cmd::tally::Args),
    /// Compare survey waves: each option's change, with its significance, and a trend report.
    Compare(cmd::compare::Args),
    /// Combine the partial tallies of shards of one export (`tally --partial`).
    Merge(cmd::merge::Args),
    /// Write the consultation report: one self-contained, accessible HTML file.
    Report(cmd::report::Args),
    /// List the frequent words and phrases of free-text answers, with representative quotes.
    Terms(cmd::terms::Args),
    /// Count respondents per theme of a codebook, with an example each and the uncoded answers.
    Themes(cmd::themes::Args),
    /// Draw a word cloud of one free-text field as SVG, and print its term table.
    Cloud(cmd::cloud::Args),
    /// Write the empty response CSV header for a questionnaire (for typing in paper forms).
    Template(cmd::template::Args),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
