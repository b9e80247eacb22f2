#!/usr/bin/env python3
"""Scale benchmark for canvass: generates response files of the Luton questionnaire's shape with
the shared generator, then times the parse floor (one bare pass of the csv crate:
examples/parse_floor.rs), `canvass tally` and `canvass report` on each, and prints the median
times, their ratios to the floor and the peak memory (from /usr/bin/time -v). Also times the
36-respondent example report.

Usage: python3 benches/scale.py [--rows 100000 1000000] [--runs 3] [--data target/bench-data]
Run from anywhere; needs Python 3, cargo and /usr/bin/time (Debian package `time`).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_responses.py"
SURVEY = ROOT / "surveys" / "luton-dv-service-providers-2014.toml"
CANVASS = ROOT / "target" / "release" / "canvass"
FLOOR = ROOT / "target" / "release" / "examples" / "parse_floor"


def timed(cmd):
    """Seconds, processor seconds (user and system, all threads) and peak resident MiB of one run,
    output discarded."""
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(["/usr/bin/time", "-v", "-o", report.name, *map(str, cmd)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = Path(report.name).read_text()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    hours, minutes, seconds = wall.groups()
    secs = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", text).group(1))
              for kind in ("User", "System"))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    return secs, cpu, peak


def medians(commands, runs):
    """Median seconds, median processor seconds and highest peak MiB of each command, the commands
    run in turn each round so that a slow moment of a shared machine does not fall on one of them
    only."""
    results = [[] for _ in commands]
    for _ in range(runs):
        for command, times in zip(commands, results):
            times.append(timed(command))
    return [(statistics.median(t for t, _, _ in times), statistics.median(c for _, c, _ in times),
             max(m for _, _, m in times)) for times in results]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", default=str(ROOT / "target" / "bench-data"))
    a = ap.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("scale.py: needs /usr/bin/time (apt-get install time)")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "canvass", "--example", "parse_floor"],
                   cwd=ROOT, check=True)
    data = Path(a.data)
    data.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp())

    example = [CANVASS, "report", SURVEY, ROOT / "examples/luton-service-providers-2014.csv", "-o", out / "example.html",
               "--date", "2014-12-10"]
    example_times = []
    for _ in range(20):
        start = time.perf_counter()
        subprocess.run(list(map(str, example)), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        example_times.append(time.perf_counter() - start)
    example_ms = statistics.median(example_times) * 1000
    within = "within" if example_ms < 100 else "NOT within"
    print(f"36-row example report: {example_ms:.0f} ms (median of 20): {within} the 100 ms target\n")

    print(f"{'rows':>9}  {'floor s':>8}  {'tally s':>8} {'x floor':>8}  {'report s':>9} {'x floor':>8}"
          f"  {'tally MiB':>9}  {'report MiB':>10}")
    processor, verdicts = [], []
    for rows in a.rows:
        path = data / f"responses-{rows}.csv"
        if not path.exists():
            print(f"generating {path} ...", file=sys.stderr)
            subprocess.run([sys.executable, str(GENERATOR), "--rows", str(rows), "--out", str(path)], check=True)
        with open(path, "rb") as f:  # warm the page cache so every command reads from memory
            while f.read(1 << 24):
                pass
        commands = [
            [FLOOR, path],
            [CANVASS, "--quiet", "tally", SURVEY, path, "--format", "json"],
            [CANVASS, "--quiet", "report", SURVEY, path, "-o", out / "report.html"],
        ]
        (floor, floor_cpu, _), (tally, tally_cpu, tally_mib), (report, report_cpu, report_mib) = medians(commands, a.runs)
        print(f"{rows:>9}  {floor:>8.2f}  {tally:>8.2f} {tally / floor:>8.2f}  {report:>9.2f} {report / floor:>8.2f}"
              f"  {tally_mib:>9.0f}  {report_mib:>10.0f}")
        processor.append((rows, floor_cpu, tally_cpu, report_cpu))
        for name, ratio, target, peak in [("tally", tally / floor, 1.5, tally_mib), ("report", report / floor, 2.5, report_mib)]:
            met = ratio <= target and peak < 256
            verdicts.append(f"{rows:>9} rows, {name:<6} {ratio:.2f}x the floor (target {target}x), "
                            f"{peak:.0f} MiB: {'within the targets' if met else 'NOT within the targets'}")
    print(f"\n{os.cpu_count()} cores; median of {a.runs} runs; targets: tally 1.5x, report 2.5x the floor, under 256 MiB")
    print("\n".join(verdicts))
    # Processor time is what the work costs whatever else the machine is doing; on two cores a
    # report within 2.5x the floor's wall time needs at most about 5x its processor time.
    print("\nprocessor seconds (user + system, all threads; median):")
    print(f"{'rows':>9}  {'floor':>8}  {'tally':>8} {'x floor':>8}  {'report':>9} {'x floor':>8}")
    for rows, floor_cpu, tally_cpu, report_cpu in processor:
        print(f"{rows:>9}  {floor_cpu:>8.2f}  {tally_cpu:>8.2f} {tally_cpu / floor_cpu:>8.2f}"
              f"  {report_cpu:>9.2f} {report_cpu / floor_cpu:>8.2f}")


if __name__ == "__main__":
    main()
