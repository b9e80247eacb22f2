#!/usr/bin/env python3
"""Builds examples/luton-service-providers-2014.csv: 36 synthetic respondents whose answers give
every figure printed in the 2014 Luton consultation report (where the report is self-consistent).

The closed answers are laid out to hit the published counts exactly; the free-text answers are the
bullet points and quotes the report published, taken from the report text in shared/seeds/ with the
shared generator's own extraction. Names, emails, phone numbers and organisations are invented
(phone numbers from Ofcom's drama ranges, emails at example.org).

Usage: python3 examples/make_luton_example.py [--seed-text PATH] > examples/luton-service-providers-2014.csv
Deterministic: the same seed text gives the same bytes.
"""
import argparse
import csv
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "shared" / "bench"))
import gen_responses as gen  # noqa: E402  (the shared generator: its report-text extraction)

N = 36
IDS = [str(1001 + i) for i in range(N)]

# Counts per option, from the report's percentages of its stated bases.
Q2 = {"Only work with domestic abuse": 7, "Work regularly with domestic abuse": 16,
      "Work with domestic abuse occasionally": 9, "Other": 4}                       # base 36
Q3 = {"Women": 27, "Men": 16, "Children (0-9)": 20, "Young people (10-17)": 19, "Families": 23,
      "Victims": 29, "Perpetrators": 10, "Forced marriage": 18, "Honour based violence": 18,
      "Other": 2}                                                                   # base 36
Q4 = {"Advice & referral": 26, "Advocacy": 8, "Childcare": 3, "Children & Young Persons Support": 10,
      "Counselling": 7, "Drop-in services": 6, "Educational courses": 4, "Emergency housing": 2,
      "Emotional support": 19, "Group working": 5, "Health and wellbeing": 13, "Housing support": 6,
      "Legal support/services": 3, "Parenting guidance": 9, "Refuge": 1, "Signposting": 21,
      "Specialist mentoring": 3, "Telephone support": 14, "Training courses": 5, "Other": 15}  # base 36
Q6 = {"Yes": 11, "No": 15, "Don't know": 8}                                         # base 34
Q7 = [["Yes, from Luton Borough Council"]] * 10 + [["Yes, from LLAL"]] * 2 + \
     [["Yes, from Luton Borough Council", "Yes, from LLAL"]] + [["No"]] * 20          # base 33
Q8 = {"Adult Social Care": 7, "Children Centre": 14, "Children's Services": 14, "Citizens Advice": 4,
      "Crown Prosecution Service": 2, "Drop-in": 10, "Drug and Alcohol Services": 11,
      "Health professionals": 17, "Housing": 11, "Independent Domestic Violence Advisors": 11,
      "MARAC": 12, "Mental Health Services": 10, "Police": 11, "Probation": 5, "Refuge": 6,
      "School": 12, "Self-referral": 13, "Solicitors": 3, "Specialist DV/SV Service": 8,
      "Victim Support - Community Service/Victim Care Unit": 7, "Witness Service": 1,
      "Women's Centre": 6, "Youth Offending": 4, "Other": 9}                       # base 32
RATING = ["Very good", "Fairly good", "Satisfactory", "Fairly poor", "Very poor", "Don't know"]
# q9 rows: counts of Very good .. Very poor, Don't know. Bases (opinion answers) are the report's
# 29, 26, 28, 28, 22, 16 and 23, matched to rows by the percentages its text gives.
Q9 = {"criminal_justice": [1, 3, 6, 8, 5, 4],       # base 23: poor 13 (57%; report 56%)
      "civil_family_justice": [1, 2, 6, 5, 2, 10],  # base 16: poor 7 (44%)
      "health": [0, 10, 9, 7, 3, 2],                # base 29: fairly good 34%, satisfactory 31%
      "housing": [1, 5, 8, 9, 5, 3],                # base 28: poor 14 (50%)
      "employers": [1, 4, 11, 6, 4, 6],             # base 26
      "child_focused": [4, 9, 6, 2, 1, 8],          # base 22: good 13 (59%)
      "information": [2, 8, 12, 4, 2, 2]}           # base 28: good 36%, satisfactory 43%
Q10 = [4, 8, 9, 5, 3]                               # base 29: good 41%, satisfactory 31%, poor 28%

FIRST = ("Alex Bea Cal Dana Eli Fern Gus Hana Ivo Jo Kit Lena Milo Nell Omar Pia Quin Rosa Seb "
         "Tess Uma Vic Wren Yara Zed").split()
LAST = ("Ashdown Brookes Carver Dunmore Ellery Fairley Garside Holbrook Ingram Jessop Kingsley "
        "Larkin Merriman Northcott Oakley Penrose Quarles Radley Somers Thorne").split()
JOBS = ["Support Worker", "Family Worker", "Social Worker", "Team Manager", "Outreach Worker",
        "Health Visitor", "Housing Officer", "Project Coordinator", "Safeguarding Lead", "Counsellor"]
ORGS = ["Example Borough Council", "Example Women's Aid", "Riverside Children's Centre",
        "Example Victim Care", "Northside Housing Association", "Example Community Health Trust",
        "Hillview Family Support", "Example Advice Centre"]


def spread(rng, counts, pool):
    """Ticks per respondent in `pool` so each option gets exactly its count and nobody ticks nothing."""
    ticks = {r: [] for r in pool}
    for option, count in counts.items():
        for r in rng.sample(pool, count):
            ticks[r].append(option)
    for r in pool:                  # repair: move a tick from someone with several
        while not ticks[r]:
            donors = [d for d in pool if len(ticks[d]) > 1]
            d = rng.choice(donors)
            movable = [o for o in ticks[d] if o not in ticks[r]]
            o = rng.choice(movable)
            ticks[d].remove(o)
            ticks[r].append(o)
    order = list(counts)
    return {r: sorted(ts, key=order.index) for r, ts in ticks.items()}


def texts_for(rng, answers, pool):
    """One answer each for the first respondents of `pool`; answers beyond that join earlier ones."""
    out = {}
    for i, text in enumerate(answers):
        r = pool[i % len(pool)]
        out[r] = out[r] + "\n" + text if r in out else text
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed-text", default=gen.DEFAULT_SEED_TEXT)
    a = ap.parse_args()
    lines = Path(a.seed_text).read_text(encoding="utf-8").splitlines()
    pool = lambda start, end, min_len=6: gen.pool(lines, start, end, min_len)
    rng = random.Random(2014)
    rows = {r: dict.fromkeys(gen.HEADER, "") for r in IDS}
    for r in IDS:
        rows[r]["respondent_id"] = r
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows[r].update(q1_name=f"{first} {last}", q1_job_title=rng.choice(JOBS),
                       q1_organisation=rng.choice(ORGS),
                       q1_phone=f"01632 960{rng.randrange(1000):03d}" if rng.random() < .7
                       else f"07700 900{rng.randrange(1000):03d}",
                       q1_email=f"{first.lower()}.{last.lower()}@example.org")

    def everyone_but(k):
        return sorted(rng.sample(IDS, N - k), key=IDS.index)

    # Q2, with the two "Other" answers the report lists.
    q2 = [o for o, c in Q2.items() for _ in range(c)]
    rng.shuffle(q2)
    for r, o in zip(IDS, q2):
        rows[r]["q2"] = o
    others = [r for r in IDS if rows[r]["q2"] == "Other"]
    for r, t in zip(others, pool(r"did not fit into these three", r"^###")):
        rows[r]["q2_other"] = t

    for q, counts, base, other_start, other_end in [
            ("q3", Q3, IDS, r"was targeted at:", r"^###"),
            ("q4", Q4, IDS, r"other services that are offered", r"^## What services"),
            ("q8", Q8, everyone_but(4), r"^Other referrals, not listed", r"^Based on")]:
        ticks = spread(rng, counts, base)
        for r, ts in ticks.items():
            rows[r][q] = ";".join(ts)
        ticked_other = [r for r in base if "Other" in ticks[r]]
        for r, t in zip(ticked_other, pool(other_start, other_end)):
            rows[r][q + "_other"] = t

    q6 = [o for o, c in Q6.items() for _ in range(c)]
    rng.shuffle(q6)
    for r, o in zip(everyone_but(2), q6):
        rows[r]["q6"] = o
    q7 = list(Q7)
    rng.shuffle(q7)
    for r, ts in zip(everyone_but(3), q7):
        rows[r]["q7"] = ";".join(ts)

    for row_id, counts in Q9.items():
        answers = [RATING[i] for i, c in enumerate(counts) for _ in range(c)]
        rng.shuffle(answers)
        for r, o in zip(everyone_but(sum(counts) and N - sum(counts)), answers):
            rows[r]["q9_" + row_id] = o
    q10 = [RATING[i] for i, c in enumerate(Q10) for _ in range(c)]
    rng.shuffle(q10)
    rated = everyone_but(N - len(q10))
    for r, o in zip(rated, q10):
        rows[r]["q10"] = o

    free = {
        "q5": pool(r"^## Main barriers", r"^## Where do referrals"),
        "q10_explain": pool(r"^## \*\*Partnership working in Luton", r"How do you/your agency measure"),
        "q11": pool(r"How do you/your agency measure", r"what is working well in Luton", 3),
        "q12": pool(r"what is working well in Luton", r"what is not working so well in Luton"),
        "q13": pool(r"what is not working so well in Luton", r"gaps in services for issues"),
        "q14": pool(r"gaps in services for issues", r"priorities for improvement when"),
        "q15": pool(r"priorities for improvement when", r"Questionnaire for Service Providers"),
    }
    for q, answers in free.items():
        who = rated[:27] if q == "q10_explain" else everyone_but(max(0, N - len(answers) - 2))
        for r, t in texts_for(rng, answers, who).items():
            rows[r][q] = t

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(gen.HEADER)
    for r in IDS:
        out.writerow([rows[r][c] for c in gen.HEADER])


if __name__ == "__main__":
    main()
