//! Statistics for breakdowns and waves: Wilson score intervals, the two-proportion z-test,
//! Pearson's chi-square test of independence and Fisher's exact test for 2x2 tables.

use serde::Serialize;

/// The normal quantile for 95% two-sided confidence.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A 95% Wilson score interval for `count` of `base`, in percent.
pub fn wilson(count: u64, base: u64) -> Option<(f64, f64)> {
    if base == 0 {
        return None;
    }
    let n = base as f64;
    let p = count as f64 / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some((
        (centre - half).max(0.0) * 100.0,
        (centre + half).min(1.0) * 100.0,
    ))
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9): accurate to about 15 significant digits.
pub fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The regularised upper incomplete gamma function Q(a, x).
fn gamma_q(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let ln_front = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        // Series for P(a, x).
        let (mut sum, mut term, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..10_000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        1.0 - sum * ln_front.exp()
    } else {
        // Continued fraction for Q(a, x) (modified Lentz).
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        h * ln_front.exp()
    }
}

/// P(X ≥ x) for a chi-square distribution with `df` degrees of freedom.
pub fn chi_square_sf(x: f64, df: f64) -> f64 {
    gamma_q(df / 2.0, x / 2.0)
}

/// The complementary error function (via the incomplete gamma function: erfc(x) = Q(1/2, x²)).
pub fn erfc(x: f64) -> f64 {
    if x >= 0.0 {
        gamma_q(0.5, x * x)
    } else {
        2.0 - gamma_q(0.5, x * x)
    }
}

/// A test's outcome; `p_value` is withheld (None) where the test would not hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Test {
    /// "chi-square", "z-test" or "fisher-exact".
    pub method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistic: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub df: Option<u64>,
    pub p_value: Option<f64>,
    pub significant: Option<bool>,
    /// Why the p-value is not given, or what to bear in mind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caution: Option<String>,
}

impl Test {
    fn with_p(method: &'static str, statistic: Option<f64>, df: Option<u64>, p: f64) -> Test {
        Test {
            method,
            statistic,
            df,
            p_value: Some(p),
            significant: Some(p < 0.05),
            caution: None,
        }
    }
}

/// Two-sided Fisher's exact test of a 2x2 table [[a, b], [c, d]], as scipy computes it: the
/// sum of the probabilities of all tables with the same margins no more likely than this one.
pub fn fisher_exact(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let (row1, row2, col1) = (a + b, c + d, a + c);
    let n = row1 + row2;
    let ln_choose = |n: u64, k: u64| {
        ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
    };
    let ln_p = |x: u64| ln_choose(row1, x) + ln_choose(row2, col1 - x) - ln_choose(n, col1);
    let observed = ln_p(a);
    let low = col1.saturating_sub(row2);
    let high = col1.min(row1);
    let total: f64 = (low..=high)
        .map(ln_p)
        .filter(|&lp| lp <= observed + 1e-7_f64.ln_1p())
        .map(f64::exp)
        .sum();
    total.min(1.0)
}

/// Two-proportion test: the pooled z-test, or Fisher's exact test when any of the four counts
/// is under five (the normal approximation does not hold there).
pub fn two_proportions(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<Test> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    if [x1, n1 - x1, x2, n2 - x2].iter().any(|&k| k < 5) {
        return Some(Test::with_p(
            "fisher-exact",
            None,
            None,
            fisher_exact(x1, n1 - x1, x2, n2 - x2),
        ));
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let pooled = (x1 + x2) as f64 / (n1 + n2) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n2 as f64)).sqrt();
    if se == 0.0 {
        return Some(Test::with_p("z-test", Some(0.0), None, 1.0));
    }
    let z = (p2 - p1) / se;
    Some(Test::with_p(
        "z-test",
        Some(z),
        None,
        erfc(z.abs() / std::f64::consts::SQRT_2),
    ))
}

/// Pearson's chi-square statistic of a table with no empty row or column, how many expected
/// counts are under 5, and whether any is under 1.
pub fn pearson(rows: &[Vec<u64>]) -> (f64, usize, bool) {
    let cols = rows.first().map_or(0, Vec::len);
    let row_sums: Vec<f64> = rows.iter().map(|r| r.iter().sum::<u64>() as f64).collect();
    let col_sums: Vec<f64> = (0..cols)
        .map(|j| rows.iter().map(|r| r[j]).sum::<u64>() as f64)
        .collect();
    let n: f64 = row_sums.iter().sum();
    let (mut statistic, mut small, mut tiny) = (0.0, 0usize, false);
    for (i, row) in rows.iter().enumerate() {
        for (j, &observed) in row.iter().enumerate() {
            let expected = row_sums[i] * col_sums[j] / n;
            statistic += (observed as f64 - expected).powi(2) / expected;
            small += usize::from(expected < 5.0);
            tiny |= expected < 1.0;
        }
    }
    (statistic, small, tiny)
}

/// Pearson's chi-square test of independence of a table of counts (rows x columns). Empty rows
/// and columns are dropped; where expected counts are too small for the test to hold (any under
/// 1, or more than a fifth under 5), a 2x2 table gets Fisher's exact test and a larger one a
/// caution instead of a p-value.
pub fn chi_square(table: &[Vec<u64>]) -> Option<Test> {
    let cols = table.first()?.len();
    let col_sums: Vec<u64> = (0..cols)
        .map(|j| table.iter().map(|r| r[j]).sum())
        .collect();
    let rows: Vec<Vec<u64>> = table
        .iter()
        .filter(|r| r.iter().sum::<u64>() > 0)
        .map(|r| {
            r.iter()
                .zip(&col_sums)
                .filter(|(_, s)| **s > 0)
                .map(|(c, _)| *c)
                .collect()
        })
        .collect();
    let cols = rows.first().map_or(0, Vec::len);
    if rows.len() < 2 || cols < 2 {
        return None;
    }
    let (statistic, small, tiny) = pearson(&rows);
    let df = ((rows.len() - 1) * (cols - 1)) as u64;
    let too_small = tiny || small * 5 > rows.len() * cols;
    if too_small && rows.len() == 2 && cols == 2 {
        let p = fisher_exact(rows[0][0], rows[0][1], rows[1][0], rows[1][1]);
        return Some(Test::with_p("fisher-exact", None, None, p));
    }
    if too_small {
        return Some(Test {
            method: "chi-square",
            statistic: Some(statistic),
            df: Some(df),
            p_value: None,
            significant: None,
            caution: Some(format!(
                "expected counts are too small for the chi-square test to hold ({small} of {} cells under 5); no p-value is given",
                rows.len() * cols
            )),
        });
    }
    Some(Test::with_p(
        "chi-square",
        Some(statistic),
        Some(df),
        chi_square_sf(statistic, df as f64),
    ))
}
