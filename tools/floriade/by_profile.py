#!/usr/bin/env python3
"""Exit times of a run by visitor profile and by walking alone or in a group, from the
`persons` table of its trajectories.sqlite (columns profile, group_id, exit_time).

Usage: by_profile.py RESULTS_DIR [LIMIT_S ...]
Prints a Markdown table (persons, mean, median, 95th percentile and last exit time, s) and,
for each LIMIT_S, how many persons left after it.
"""
import sqlite3
import statistics
import sys
from pathlib import Path


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def row(name, times):
    return (f"| {name} | {len(times):,} | {statistics.mean(times):.0f} | {quantile(times, 0.5):.0f} | "
            f"{quantile(times, 0.95):.0f} | {max(times):.0f} |")


def main():
    folder = Path(sys.argv[1])
    limits = [float(a) for a in sys.argv[2:]]
    con = sqlite3.connect(folder / "trajectories.sqlite")
    people = con.execute("select profile, group_id, exit_time from persons").fetchall()
    out = [p for p in people if p[2] is not None]
    print(f"{len(out):,} of {len(people):,} persons left")
    print("| who | persons | mean s | median s | p95 s | last s |")
    print("|---|---|---|---|---|---|")
    profiles = sorted({p[0] for p in out if p[0]}, key=lambda n: [p[0] for p in out].index(n))
    for name in profiles:
        print(row(name, [p[2] for p in out if p[0] == name]))
    print(row("alone", [p[2] for p in out if p[1] is None]))
    print(row("in a group", [p[2] for p in out if p[1] is not None]))
    print(row("everyone", [p[2] for p in out]))
    for limit in limits:
        print(f"left after {limit:.0f} s: {sum(1 for p in out if p[2] > limit):,}")


if __name__ == "__main__":
    main()
