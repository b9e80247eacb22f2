//! The statistics agree with scipy and statsmodels (tests/fixtures/stats-reference.json, made
//! by tests/reference/stats_reference.py).

use canvass::analysis::stats::{
    chi_square, chi_square_sf, fisher_exact, pearson, two_proportions, wilson,
};
use serde_json::Value;

fn reference() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/stats-reference.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn close(actual: f64, expected: f64, what: &str) {
    let tolerance = 1e-9 * expected.abs().max(1e-3);
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} but scipy gives {expected}"
    );
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap()
}

#[test]
fn wilson_intervals_match_statsmodels() {
    for case in reference()["wilson"].as_array().unwrap() {
        let (low, high) = wilson(n(&case["count"]), n(&case["base"])).unwrap();
        close(low, case["low"].as_f64().unwrap(), &format!("{case} low"));
        close(
            high,
            case["high"].as_f64().unwrap(),
            &format!("{case} high"),
        );
    }
    assert_eq!(wilson(0, 0), None);
}

#[test]
fn two_proportion_z_tests_match_statsmodels() {
    for case in reference()["ztest"].as_array().unwrap() {
        let test = two_proportions(
            n(&case["x1"]),
            n(&case["n1"]),
            n(&case["x2"]),
            n(&case["n2"]),
        )
        .unwrap();
        assert_eq!(test.method, "z-test");
        // statsmodels tests the first proportion against the second; canvass the change from first to second.
        close(
            -test.statistic.unwrap(),
            case["z"].as_f64().unwrap(),
            &format!("{case} z"),
        );
        close(
            test.p_value.unwrap(),
            case["p"].as_f64().unwrap(),
            &format!("{case} p"),
        );
    }
}

#[test]
fn fisher_exact_tests_match_scipy_and_take_over_for_small_counts() {
    for case in reference()["fisher"].as_array().unwrap() {
        let t: Vec<u64> = case["table"].as_array().unwrap().iter().map(n).collect();
        close(
            fisher_exact(t[0], t[1], t[2], t[3]),
            case["p"].as_f64().unwrap(),
            &format!("{case}"),
        );
    }
    let small = two_proportions(1, 10, 11, 14).unwrap();
    assert_eq!(small.method, "fisher-exact");
    close(
        small.p_value.unwrap(),
        fisher_exact(1, 9, 11, 3),
        "small counts",
    );
}

#[test]
fn chi_square_statistics_and_p_values_match_scipy() {
    for case in reference()["chi_square"].as_array().unwrap() {
        let table: Vec<Vec<u64>> = case["table"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_array().unwrap().iter().map(n).collect())
            .collect();
        let (statistic, _, _) = pearson(&table);
        close(
            statistic,
            case["statistic"].as_f64().unwrap(),
            &format!("{case} statistic"),
        );
        let df = n(&case["df"]) as f64;
        close(
            chi_square_sf(statistic, df),
            case["p"].as_f64().unwrap(),
            &format!("{case} p"),
        );
        let test = chi_square(&table).unwrap();
        if case["expected_min"].as_f64().unwrap() >= 5.0 {
            close(
                test.p_value.unwrap(),
                case["p"].as_f64().unwrap(),
                &format!("{case} test"),
            );
        }
    }
}

#[test]
fn small_expected_counts_get_a_caution_or_fishers_test() {
    let test = chi_square(&[vec![1, 0, 4], vec![2, 3, 9], vec![5, 6, 7]]).unwrap();
    assert_eq!(test.p_value, None);
    assert_eq!(
        test.caution.as_deref(),
        Some(
            "expected counts are too small for the chi-square test to hold (7 of 9 cells under 5); no p-value is given"
        )
    );
    let two_by_two = chi_square(&[vec![1, 4], vec![6, 3]]).unwrap();
    assert_eq!(two_by_two.method, "fisher-exact");
    close(two_by_two.p_value.unwrap(), fisher_exact(1, 4, 6, 3), "2x2");
    // Empty rows and columns are dropped before testing.
    let with_empty = chi_square(&[
        vec![20, 15, 0],
        vec![0, 0, 0],
        vec![30, 35, 0],
        vec![10, 25, 0],
    ])
    .unwrap();
    let without = chi_square(&[vec![20, 15], vec![30, 35], vec![10, 25]]).unwrap();
    assert_eq!(with_empty, without);
}
