#!/usr/bin/env python3
"""Prints the key figures of Floriade runs (summary.json) as Markdown table rows.

    python3 tools/floriade/summarise.py RESULTS_DIR...

For docs/floriade.md, section Results: persons, exit counts, evacuation or last exit time,
travel times, grid peak density, largest specific exit flow, criteria, wall time.
"""
import json
import os
import sys


def row(d):
    s = json.load(open(os.path.join(d, "summary.json")))
    a, ev, tt = s["agents"], s["evacuation"], s["travel_time"]
    used = {n: e for n, e in s["exits"].items() if e["count"] > 0}
    counts = ", ".join(f"{n} {e['count']}" for n, e in sorted(used.items(), key=lambda x: -x[1]["count"]))
    spec = max(((e["peak_flow"] / e["width"], n) for n, e in used.items()), default=(0, "-"))
    dens = s["density"]
    crit = "; ".join(f"{c['name']} {'-' if c['value'] is None else format(c['value'], '.4g')} {'pass' if c['pass'] else 'FAIL'}"
                     for c in s["criteria"] if not c["name"].startswith("zone:") or not c["pass"])
    f = lambda v: "-" if v is None else f"{v:.0f}"  # noqa: E731
    rt = s["runtime"]
    done = "" if s["completed"] else f" (stopped at {s['simulated_time']:.0f} s)"
    return (f"| {os.path.basename(d.rstrip('/'))}{done} | {a['spawned']} / {a['exited']} / {a['inside']} | "
            f"{counts} | {f(ev['evacuation_time'])} | {f(tt['mean'])} / {f(tt['p50'])} / {f(tt['p95'])} | "
            f"{dens['peak']:.2f} at t {dens['peak_time']:.0f} ({dens['peak_at'][0]:.0f}, {dens['peak_at'][1]:.0f}) | "
            f"{spec[0]:.2f} ({spec[1]}) | {crit} | {rt['wall_seconds']:.0f} s |")


print("| Run | spawned / exited / inside | Exit counts | Evac. / last exit s | Travel mean / p50 / p95 s "
      "| Peak density P/m² (t, x, y) | Max specific exit flow P/(m·s) | Criteria | Wall |")
print("|---|---|---|---|---|---|---|---|---|")
for d in sys.argv[1:]:
    print(row(d))
