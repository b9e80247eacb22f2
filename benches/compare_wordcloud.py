#!/usr/bin/env python3
"""Side-by-side check of canvass's term list against the Python `wordcloud` package's
`WordCloud().process_text` on the same free-text answers (not part of CI: it needs
`pip install wordcloud`).

Usage: python3 benches/compare_wordcloud.py [--question q5] [--top 20]
         [--survey surveys/luton-dv-service-providers-2014.toml]
         [--responses examples/luton-service-providers-2014.csv] [--canvass target/release/canvass]

Prints both top lists next to each other, then notes where the lists differ in kind: stems
shown instead of words, one respondent's repetitions, and words counted both alone and in a phrase.
"""
import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--question", default="q5")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--survey", default=str(ROOT / "surveys/luton-dv-service-providers-2014.toml"))
    ap.add_argument("--responses", default=str(ROOT / "examples/luton-service-providers-2014.csv"))
    ap.add_argument("--canvass", default=str(ROOT / "target/release/canvass"))
    a = ap.parse_args()
    try:
        from wordcloud import WordCloud, STOPWORDS
    except ImportError:
        sys.exit("compare_wordcloud: needs the wordcloud package (pip install wordcloud)")

    with open(a.responses, newline="", encoding="utf-8-sig") as f:
        answers = [row[a.question] for row in csv.DictReader(f) if row.get(a.question, "").strip()]
    text = "\n".join(answers)
    # The package's defaults, as a word cloud script would use them.
    theirs = WordCloud(stopwords=STOPWORDS, collocations=True).process_text(text)
    theirs = sorted(theirs.items(), key=lambda kv: (-kv[1], kv[0]))[: a.top]

    out = subprocess.run([a.canvass, "terms", a.survey, a.responses, "-q", a.question, "--top", str(a.top),
                          "--format", "json"], check=True, capture_output=True, text=True).stdout
    ours = json.loads(out)["questions"][0]["terms"]

    print(f"{a.question}: {len(answers)} answers")
    print(f"{'#':>3}  {'wordcloud.process_text':<32}{'count':>6}   {'canvass terms':<32}{'resp.':>6}{'ment.':>6}")
    for i in range(a.top):
        left = theirs[i] if i < len(theirs) else ("", "")
        right = ours[i] if i < len(ours) else {"term": "", "respondents": "", "mentions": ""}
        print(f"{i + 1:>3}  {left[0]:<32}{left[1]:>6}   {right['term']:<32}{right['respondents']:>6}{right['mentions']:>6}")

    # Where the package shows a form nobody wrote (its plural folding: "was" -> "wa").
    written = {w.lower().strip(".,;:!?()\"'") for answer in answers for w in answer.split()}
    mangled = [w for w, _ in theirs if " " not in w and w.lower() not in written]
    print("\nwordcloud forms that no respondent wrote:", ", ".join(mangled) or "none")
    phrases = [w for w, _ in theirs if " " in w]
    doubled = [p for p in phrases if any(part in dict(theirs) for part in p.split())]
    print("wordcloud phrases whose words are also listed alone:", ", ".join(doubled) or "none")


if __name__ == "__main__":
    main()
