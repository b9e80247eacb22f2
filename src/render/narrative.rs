//! Plain-English narrative in the published report's style, but correct: "three quarters (75%)",
//! "around 6 out of 10 (64%)", "the largest group (44%)" and never "the majority" under half.

use crate::analysis::waves::CompareOption;

/// Numbers under ten in words, as house style asks; larger ones as digits.
pub fn number_words(n: u64) -> String {
    const WORDS: [&str; 10] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| super::grouped(n), |w| w.to_string())
}

/// "two respondents", "36 respondents", "one answer": a count with its noun, in words under ten.
pub fn count_words(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("one {noun}")
    } else {
        format!("{} {noun}s", number_words(n))
    }
}

/// A whole percentage, rounded half away from zero.
pub fn whole(percent: f64) -> i64 {
    percent.round() as i64
}

/// A proportion in words: "half", "a third", "around 6 out of 10", "about 2 in 10".
pub fn proportion(percent: f64) -> String {
    let p = whole(percent);
    let tens = (percent / 10.0).round() as i64;
    match p {
        0 => "none".to_string(),
        100 => "all".to_string(),
        95..=99 => "almost all".to_string(),
        1..=4 => "very few".to_string(),
        24..=26 => "a quarter".to_string(),
        32..=34 => "a third".to_string(),
        45..=49 => "just under half".to_string(),
        50 => "half".to_string(),
        51..=55 => "just over half".to_string(),
        65..=68 => "two thirds".to_string(),
        74..=76 => "three quarters".to_string(),
        // "one in 10" when exact; "about 2 in 10" and "around 6 out of 10" otherwise, as published.
        _ if p < 50 && tens * 10 == p => format!("{} in 10", number_words(tens as u64)),
        _ if p < 50 => format!("about {tens} in 10"),
        _ if tens * 10 == p => format!("{} out of 10", number_words(tens as u64)),
        _ => format!("around {tens} out of 10"),
    }
}

/// "three quarters (75%)".
pub fn share(percent: f64) -> String {
    format!("{} ({}%)", proportion(percent), whole(percent))
}

/// A proportion of a group: "three quarters of respondents (75%)", "around 6 out of 10
/// respondents (64%)", "no respondents (0%)".
pub fn share_of(percent: f64, noun: &str) -> String {
    let phrase = proportion(percent);
    let p = whole(percent);
    let fraction = [
        "a quarter",
        "a third",
        "half",
        "two thirds",
        "three quarters",
        "just over half",
        "just under half",
    ];
    if fraction.contains(&phrase.as_str()) {
        format!("{phrase} of {noun} ({p}%)")
    } else if phrase == "none" {
        format!("no {noun} ({p}%)")
    } else {
        format!("{phrase} {noun} ({p}%)")
    }
}

/// Starts a sentence: capital first letter, and never a numeral (it is spelt out or led into).
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => format!("In all, {text}"),
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a", "a and b", "a, b and c".
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A label quoted in a sentence.
pub fn quoted(label: &str) -> String {
    format!("\u{201c}{label}\u{201d}")
}

/// A grid row's short name: its label up to any bracketed detail, lower-cased after the first
/// word's capital ("Child focused response (schools, ...)" gives "child focused response").
pub fn row_name(label: &str) -> String {
    let short = label.split(" (").next().unwrap_or(label).trim();
    let mut chars = short.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Scale labels of a net, lower-cased and joined: "very good or fairly good".
pub fn net_labels(labels: &[&str]) -> String {
    let lower: Vec<String> = labels.iter().map(|l| l.to_lowercase()).collect();
    lower.join(" or ")
}

/// The caution printed under a question whose base is small.
pub fn small_base_caution(base: u64, threshold: u64) -> Option<String> {
    (base > 0 && base < threshold).then(|| {
        format!(
            "Caution: this is based on {} respondents, fewer than {threshold}, so each respondent moves the percentages by {} points or more.",
            number_words(base),
            whole(100.0 / base as f64)
        )
    })
}

/// Each wave's figure as shown, with its wave: "41% in 2014, 38% in 2016 and 67% in 2018".
fn by_wave(line: &CompareOption, figures: &[String]) -> String {
    let parts: Vec<String> = line
        .waves
        .iter()
        .zip(figures)
        .map(|(w, f)| format!("{f} in {}", w.wave))
        .collect();
    list(&parts)
}

/// A change between waves in words: "up from 31% to 45% (significant)", "little changed (41% to
/// 43%)"; with three or more waves each wave's figure (as shown in `figures`) leads.
pub fn change(line: &CompareOption, figures: &[String]) -> String {
    let (Some(first), Some(last)) = (
        line.waves[0].percent,
        line.waves[line.waves.len() - 1].percent,
    ) else {
        return "no comparison: a wave has no answers".to_string();
    };
    let (a, b) = (whole(first), whole(last));
    let lead = if line.waves.len() > 2 {
        format!("{}: ", by_wave(line, figures))
    } else {
        String::new()
    };
    let direction = if last > first { "up" } else { "down" };
    let words = match line.significant {
        Some(true) => format!("{direction} from {a}% to {b}% (significant)"),
        Some(false) if (b - a).abs() < 5 => format!("little changed ({a}% to {b}%)"),
        Some(false) => format!("{direction} from {a}% to {b}%, but the change is not significant"),
        None => format!("{a}% to {b}% (not tested)"),
    };
    format!("{lead}{words}")
}

/// A line whose first or last figure is withheld: each wave's figure as shown, and no change,
/// which would tell the withheld one.
pub fn change_withheld(line: &CompareOption, figures: &[String]) -> String {
    format!(
        "{}: no change is given, as a figure is withheld",
        by_wave(line, figures)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportions_follow_the_published_bands() {
        assert_eq!(share(75.0), "three quarters (75%)");
        assert_eq!(share(63.888), "around 6 out of 10 (64%)");
        assert_eq!(share(50.0), "half (50%)");
        assert_eq!(share(19.44), "about 2 in 10 (19%)");
        assert_eq!(share(33.3), "a third (33%)");
        assert_eq!(share(66.7), "two thirds (67%)");
        assert_eq!(share(25.0), "a quarter (25%)");
        assert_eq!(share(27.8), "about 3 in 10 (28%)");
        assert_eq!(share(10.0), "one in 10 (10%)");
        assert_eq!(share(60.0), "six out of 10 (60%)");
        assert_eq!(
            share_of(75.0, "respondents"),
            "three quarters of respondents (75%)"
        );
        assert_eq!(
            share_of(64.0, "respondents"),
            "around 6 out of 10 respondents (64%)"
        );
        assert_eq!(share_of(0.0, "respondents"), "no respondents (0%)");
        assert_eq!(share(80.6), "around 8 out of 10 (81%)");
        assert_eq!(share(53.0), "just over half (53%)");
        assert_eq!(share(44.4), "about 4 in 10 (44%)");
        assert_eq!(share(47.0), "just under half (47%)");
        assert_eq!(share(2.0), "very few (2%)");
        assert_eq!(share(0.0), "none (0%)");
        assert_eq!(share(100.0), "all (100%)");
    }

    #[test]
    fn numbers_under_ten_are_words_and_sentences_never_start_with_numerals() {
        assert_eq!(number_words(0), "no");
        assert_eq!(number_words(7), "seven");
        assert_eq!(number_words(36), "36");
        assert_eq!(count_words(2, "respondent"), "two respondents");
        assert_eq!(count_words(1, "answer"), "one answer");
        assert_eq!(count_words(12, "answer"), "12 answers");
        assert_eq!(
            sentence("36 surveys were returned."),
            "In all, 36 surveys were returned."
        );
        assert_eq!(
            sentence("three quarters (75%) said so."),
            "Three quarters (75%) said so."
        );
    }

    #[test]
    fn lists_rows_and_nets_read_naturally() {
        assert_eq!(list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(list(&["a".into()]), "a");
        assert_eq!(
            row_name("Child focused response (schools, education department)"),
            "child focused response"
        );
        assert_eq!(
            net_labels(&["Very good", "Fairly good"]),
            "very good or fairly good"
        );
    }

    #[test]
    fn small_bases_carry_a_caution() {
        assert_eq!(
            small_base_caution(29, 30).unwrap(),
            "Caution: this is based on 29 respondents, fewer than 30, so each respondent moves the percentages by 3 points or more."
        );
        assert_eq!(small_base_caution(30, 30), None);
        assert_eq!(small_base_caution(0, 30), None);
    }
}
