#!/usr/bin/env python3
"""Builds the synthetic later waves of the Luton example for `canvass compare`:
examples/luton-service-providers-2016.csv (the 2014 questionnaire) and
examples/luton-service-providers-2018.csv (surveys/luton-dv-service-providers-2018.toml).

Both start from the shared generator (../shared/bench/gen_responses.py), 300 respondents each,
with invented contact details. Deliberately:
  - a real change: in 2018 half of those who rated partnership working (Q10) satisfactory or
    poor rate it fairly good instead, so the positive net rises well beyond chance;
  - a non-change: Q6 keeps the generator's distribution in every wave (about 31% "Yes",
    against 32% in 2014).
The 2018 file follows its questionnaire: Q3's two age groups merged, Q4's "Drop-in services"
renamed "Drop-in sessions", Q11 dropped and a new Q16.

Usage: python3 examples/make_luton_waves.py   (from the repository root; deterministic)
"""
import csv
import io
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_responses.py"
FIRST = "Alex Bea Cal Dana Eli Fern Gus Hana Ivo Jo Kit Lena Milo Nell Omar Pia Quin Rosa Seb Tess".split()
LAST = "Ashdown Brookes Carver Dunmore Ellery Fairley Garside Holbrook Ingram Jessop Kingsley Larkin".split()


def generate(rows, seed, first_id):
    out = subprocess.run([sys.executable, str(GENERATOR), "--rows", str(rows), "--out", "-", "--seed", str(seed),
                          "--first-id", str(first_id)], check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def invent_contacts(rng, rows):
    for r in rows:
        if any(r[c] for c in ("q1_name", "q1_email", "q1_phone")):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            r["q1_name"] = f"{first} {last}" if r["q1_name"] else ""
            r["q1_email"] = f"{first.lower()}.{last.lower()}@example.org" if r["q1_email"] else ""
            r["q1_phone"] = f"01632 960{rng.randrange(1000):03d}" if r["q1_phone"] else ""
            r["q1_organisation"] = "Example Family Support" if r["q1_organisation"] else ""


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def main():
    rng = random.Random(2018)
    wave16 = generate(300, 2016, 2016001)
    invent_contacts(rng, wave16)
    header = list(wave16[0].keys())
    write(ROOT / "examples/luton-service-providers-2016.csv", header, wave16)

    wave18 = generate(300, 2018, 2018001)
    invent_contacts(rng, wave18)
    for r in wave18:
        ticks = [t for t in r["q3"].split(";") if t]
        merged = [t for t in ticks if t not in ("Children (0-9)", "Young people (10-17)")]
        if len(merged) < len(ticks):
            merged.insert(2, "Children and young people (0-17)")
        r["q3"] = ";".join(merged)
        r["q4"] = r["q4"].replace("Drop-in services", "Drop-in sessions")
        if r["q10"] in ("Satisfactory", "Fairly poor", "Very poor") and rng.random() < 0.5:
            r["q10"] = "Fairly good"
        r["q16"] = "" if not r["q2"] else rng.choices(["Yes", "No", "Don't know"], [45, 40, 15])[0]
    header18 = [c for c in header if c != "q11"] + ["q16"]
    write(ROOT / "examples/luton-service-providers-2018.csv", header18, wave18)


if __name__ == "__main__":
    main()
