#!/usr/bin/env python3
"""Reference values for canvass's statistics, computed once with scipy and statsmodels and
checked in as tests/fixtures/stats-reference.json (run from the repository root; needs
`pip install scipy statsmodels`; not part of CI)."""
import json
from pathlib import Path

from scipy.stats import chi2_contingency, fisher_exact
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

WILSON = [(0, 10), (1, 10), (5, 10), (10, 10), (16, 36), (27, 36), (12, 29), (17, 32), (1, 1), (431, 1000), (3, 250000)]
ZTEST = [(16, 36, 45, 60), (12, 29, 90, 160), (310, 1000, 450, 1000), (41, 100, 43, 100), (20, 50, 20, 50), (5, 40, 35, 40)]
FISHER = [(1, 9, 11, 3), (0, 5, 5, 0), (3, 1, 1, 3), (2, 7, 8, 2), (0, 10, 1, 9), (4, 0, 0, 4), (7, 12, 0, 5)]
CHI = [
    [[7, 16, 9, 4], [3, 10, 8, 6]],
    [[20, 15], [30, 35], [10, 25]],
    [[12, 9, 8], [14, 6, 9], [11, 10, 7], [13, 12, 9]],
    [[1, 0, 4], [2, 3, 9], [5, 6, 7]],
    [[50, 0], [40, 10]],
    [[100, 120, 80], [90, 140, 95]],
]


def main():
    out = {
        "wilson": [{"count": c, "base": n, "low": 100 * lo, "high": 100 * hi}
                   for c, n in WILSON for lo, hi in [proportion_confint(c, n, alpha=0.05, method="wilson")]],
        "ztest": [{"x1": a, "n1": b, "x2": c, "n2": d, "z": float(z), "p": float(p)}
                  for a, b, c, d in ZTEST for z, p in [proportions_ztest([a, c], [b, d])]],
        "fisher": [{"table": [a, b, c, d], "p": float(fisher_exact([[a, b], [c, d]]).pvalue)} for a, b, c, d in FISHER],
        "chi_square": [],
    }
    for table in CHI:
        res = chi2_contingency(table, correction=False)
        out["chi_square"].append({"table": table, "statistic": float(res.statistic), "p": float(res.pvalue),
                                  "df": int(res.dof), "expected_min": float(res.expected_freq.min())})
    path = Path("tests/fixtures/stats-reference.json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
