#!/usr/bin/env python3
"""Docs that cannot drift: reruns the commands behind the result tables and sample outputs of
docs/floriade.md, docs/batch.md and docs/cli.md and rewrites them in place.

Every generated block lies between two marker lines,

    <!-- stroom:table NAME begin -->
    *`python3 tools/docs/refresh-tables.py NAME` on commit C, DATE: what was run.*
    ...the table or the sample output...
    <!-- stroom:table NAME end -->

and is replaced as a whole: one current block per table, no history. The first line names
the commit, the date and the commands; edit the commands in TABLES below, never the block.

    python3 tools/docs/refresh-tables.py [NAME...]   rerun and rewrite (default: every table)
    python3 tools/docs/refresh-tables.py --cheap     only the tables that take under a minute
    python3 tools/docs/refresh-tables.py --list      the tables, their pages and their cost
    python3 tools/docs/refresh-tables.py --check     markers well formed, every marked table
                                                     known, every table marked once; runs
                                                     nothing (ctest: docs.tables)
    python3 tools/docs/refresh-tables.py --dry-run NAME...   rerun, print, write nothing
    python3 tools/docs/refresh-tables.py --compare NAME...   rerun and fail when the page's
                                                     block differs (below its first line);
                                                     for deterministic outputs (ctest:
                                                     docs.tables_current)
    python3 tools/docs/refresh-tables.py --self-test  the marker checks on broken examples

Run from the repository root after `cmake --build --preset release --target stroom`
(`--bin DIR` for another folder with the stroom executable). The commands run in a scratch
folder that sees the repository's scenarios/ and tests/ and has the executable at
build/release/bin, so their output names the same paths as the docs. The Floriade tables take
10-20 minutes on two cores (`--threads 2`, one simulation at a time); run them alone.
"""
import argparse
import datetime
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
STROOM = "build/release/bin/stroom"
BEGIN = re.compile(r"^<!-- stroom:table ([a-z0-9-]+) begin -->$")
END = re.compile(r"^<!-- stroom:table ([a-z0-9-]+) end -->$")
ANY_MARKER = re.compile(r"<!--\s*stroom:")

FLORIADE_FULL = ["concert-egress", "evacuation", "entry-morning", "evacuation-main-exit-blocked",
                 "concert-egress-exit-closed", "evacuation-groups-profiles"]
FLORIADE_CI = ["entry-morning-small", "evacuation-small", "evacuation-main-exit-blocked-small",
               "concert-egress-small", "concert-egress-exit-closed-small", "day-small"]
CAPACITY_SCENARIOS = ["evacuation", "evacuation-main-exit-blocked", "concert-egress"]


# [SECTION] Running commands

class Work:
    """A scratch folder that sees the repository's inputs and the stroom executable at the
    preset path, so that commands and their output read exactly as in the docs."""

    def __init__(self, bin_dir):
        self.dir = tempfile.mkdtemp(prefix="stroom_tables_")
        for name in ("scenarios", "tests", "tools"):
            os.symlink(os.path.join(ROOT, name), os.path.join(self.dir, name))
        os.makedirs(os.path.join(self.dir, "build", "release"))
        os.symlink(os.path.abspath(bin_dir), os.path.join(self.dir, "build", "release", "bin"))

    def run(self, command, expect=(0,)):
        """Runs a shell command; returns (exit code, stdout and stderr as they came, wall s,
        CPU s, peak memory in bytes). Output is captured through one pipe, so the lines keep
        the order in which the program wrote them."""
        load = os.getloadavg()[0]
        start = time.monotonic()
        proc = subprocess.Popen(["bash", "-c", command], cwd=self.dir, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        output = proc.stdout.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - start
        if proc.returncode not in expect:
            raise RuntimeError(f"`{command}` exited {proc.returncode} (expected "
                               f"{' or '.join(map(str, expect))}):\n{output[-3000:]}")
        return {"code": proc.returncode, "output": output, "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss * 1024,
                "load_before": load, "load_after": os.getloadavg()[0]}

    def path(self, relative):
        return os.path.join(self.dir, relative)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def commit_and_date():
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout
    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    # Changes to the docs and to this script do not change a result; anything else might.
    dirty = [line for line in git("status", "--porcelain").splitlines()
             if not line[3:].startswith(("docs/", "tools/docs/"))]
    if dirty:
        commit += " with uncommitted changes"
    return commit, datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")


def caption(name, stamp, what):
    commit, date = stamp
    return f"*`python3 tools/docs/refresh-tables.py {name}` on commit {commit}, {date}: {what}*"


def sample(command, expect=(0,), note=""):
    """A sample output block: the command and what it printed (stdout and stderr)."""
    def make(work, name, stamp):
        r = work.run(command, expect)
        text = [caption(name, stamp, f"the output of the command, exit code {r['code']}"
                        + (f"; {note}" if note else "") + "."), "", "```", f"$ {command}"]
        text += r["output"].rstrip("\n").splitlines()
        text.append("```")
        return text
    return make


# [SECTION] Tables

def fmt(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def batch_acceptance(work, name, stamp):
    command = f"{STROOM} batch tests/batch/room-one-door-sweep.yaml --out results/acc --jobs 2"
    r = work.run(command, expect=(0, 1))
    with open(work.path("results/acc/batch.json"), encoding="utf-8") as f:
        batch = json.load(f)
    variants = batch["variants"]

    def cells(label, make):
        return f"| {label} | " + " | ".join(make(v) for v in variants) + " |"

    def passing(v):
        failed = [f"{c['name']} {c['passed']} of {c['runs']}" for c in v["criteria"]
                  if c["passed"] < c["runs"]]
        text = f"{v['all_passed']} of {v['completed']}"
        return text + (f" (passed: {', '.join(failed)})" if failed else "")

    e = lambda v: v["evacuation_time"]  # noqa: E731
    d = lambda v: v["peak_density"]  # noqa: E731
    return [
        caption(name, stamp, f"`{command}`, {batch['runs']} runs in {r['wall']:.1f} s wall "
                f"({r['cpu']:.1f} s CPU), exit {r['code']}."),
        "",
        "| | " + " | ".join(v["name"] for v in variants) + " |",
        "| --- |" + " --- |" * len(variants),
        cells("evacuation time mean / sd (s)", lambda v: f"{e(v)['mean']:.1f} / {e(v)['sd']:.1f}"),
        cells("P50 / P95 / max (s)",
              lambda v: f"{e(v)['p50']:.1f} / {e(v)['p95']:.1f} / {e(v)['max']:.1f}"),
        cells("peak density P50 / max (P/m²)", lambda v: f"{d(v)['p50']:.2f} / {d(v)['max']:.2f}"),
        cells("runs passing every criterion", passing),
    ]


def floriade_capacity(work, name, stamp):
    rows, commands = [], []
    for scenario in CAPACITY_SCENARIOS:
        command = f"{STROOM} capacity scenarios/floriade/{scenario}.yaml --n-1 --json"
        commands.append(command)
        cap = json.loads(work.run(command, expect=(0, 1))["output"])
        venue = next(row for row in cap["rows"] if row["kind"] == "venue")
        used = [x for x in cap["exits"] if x["used"]]
        names = ", ".join(x["name"] for x in used) if len(used) <= 3 else f"{len(used)} exits"
        reasons = {}  # exits left out for the same reasons share a line
        for x in cap["exits"]:
            if not x["used"]:
                reasons.setdefault("; ".join(x["notes"]), []).append(x["name"])
        left = [f"{', '.join(names)}: {why}" for why, names in reasons.items()]
        verdict = "pass" if venue["within_limits"] else "**fails**"
        worst = "–"
        if cap.get("n_minus_1"):
            w = cap["n_minus_1"][0]
            if w["egress_time"] is None:
                worst = f"without {w['without']}: some persons have no exit left, fails"
            else:
                worst = (f"without {w['without']}: {w['egress_time']:.0f} s, "
                         f"{'within the limit' if w['within_limit'] else 'fails'}")
        rows.append(
            f"| {scenario} | {names} ({fmt(venue['exit_width'])} m) | {'<br>'.join(left) or '–'}"
            f" | {venue['flow_time']:.0f} | {venue['walking_distance']:.0f} | "
            f"**{venue['egress_time']:.0f}** ({cap['egress_limit']:.0f}, "
            f"{cap['egress_limit_source']}): {verdict} | {worst} |")
    return [
        caption(name, stamp, "`" + STROOM + " capacity scenarios/floriade/SCENARIO.yaml --n-1 "
                "--json` for each row; the venue row, with the norms the venue's `setting: "
                "open-air` selects."),
        "",
        "| Scenario | Exits used (width) | Left out, and why | Flow s | Longest walk m "
        "| Egress s (limit): verdict | N-1 worst |",
        "|---|---|---|---|---|---|---|",
    ] + rows


def floriade_runs(scenarios, folder, runs_note):
    def make(work, name, stamp):
        dirs, costs = [], []
        for scenario in scenarios:
            out = f"results/floriade/{scenario}"
            command = (f"{STROOM} run scenarios/floriade/{folder}{scenario}.yaml --threads 2 "
                       f"--quiet --trajectories none --out {out}")
            r = work.run(command, expect=(0, 1, 4))
            print(f"  {scenario}: exit {r['code']}, {r['wall']:.0f} s wall, {r['cpu']:.0f} s CPU",
                  file=sys.stderr, flush=True)
            dirs.append(out)
            costs.append(f"| {scenario} | {r['wall']:.0f} s | {r['cpu']:.0f} s | "
                         f"{r['rss'] / 1e9:.2f} GB | {r['load_before']:.1f} → "
                         f"{r['load_after']:.1f} |")
        summary = work.run("python3 tools/floriade/summarise.py " + " ".join(dirs))["output"]
        loads = os.getloadavg()
        return [
            caption(name, stamp,
                    f"`{STROOM} run scenarios/floriade/{folder}SCENARIO.yaml --threads 2 --quiet "
                    "--trajectories none` for each row, one at a time, seed as in the file "
                    f"(2022), Release build; rows by `tools/floriade/summarise.py`. {runs_note}"),
            "",
        ] + summary.rstrip("\n").splitlines() + [
            "",
            "| Run | Wall (process) | CPU user + sys | Peak memory | Load before → after |",
            "|---|---|---|---|---|",
        ] + costs + [
            "",
            f"\"Wall\" in the first table is the run's own clock (`runtime.wall_seconds`), in the "
            f"second the whole process; the machine's 1-minute load average was "
            f"{loads[0]:.1f} at the end.",
        ]
    return make


def floriade_day(work, name, stamp):
    """The whole design day: the run's key figures, its cost, and who is where every hour
    (summary.json `snapshots`)."""
    out = "results/floriade/day"
    command = f"{STROOM} run scenarios/floriade/day.yaml --threads 2 --quiet --out {out}"
    r = work.run(command, expect=(0, 1, 4))
    s = json.load(open(work.path(os.path.join(out, "summary.json"))))
    row = work.run(f"python3 tools/floriade/summarise.py {out}")["output"].rstrip("\n")
    # Kept for the figures of docs/floriade.md (report.html: the occupancy curves and maps).
    kept = os.path.join(ROOT, out)
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(work.path(out), kept)
    rt = s["runtime"]
    clock = lambda t: f"{9 + (t + 1800) // 3600:02.0f}:{((t + 1800) % 3600) // 60:02.0f}"  # noqa: E731
    snaps = s.get("snapshots", [])
    head = "| Persons | " + " | ".join(f"{clock(x['time'])}" for x in snaps) + " |"
    lines = [head, "|---" * (len(snaps) + 1) + "|"]
    lines.append("| inside the site | " + " | ".join(f"{x['inside']:,}" for x in snaps) + " |")
    lines.append("| of them off the walkways (indoor zones) | " +
                 " | ".join(f"{x['indoors']:,}" for x in snaps) + " |")
    for zone in s["zones"]:
        lines.append(f"| {zone} | " + " | ".join(f"{x['zones'][zone]:,}" for x in snaps) + " |")
    lines.append("| densest 1 m cell, P/m² (10 s mean) | " + " | ".join(
        "–" if x["densest"] is None else
        f"{x['densest']:.2f} ({x['densest_at'][0]:.0f}, {x['densest_at'][1]:.0f})" for x in snaps)
        + " |")
    return [
        caption(name, stamp,
                f"`{command}` (seed 2022 as in the file, Release build, trajectories off as in "
                "the file); the first row by `tools/floriade/summarise.py`, the hourly table from "
                "summary.json `snapshots`; the results are kept in results/floriade/day/."),
        "",
    ] + row.splitlines() + [
        "",
        f"Cost: {r['wall']:.0f} s of wall time for the whole process ({r['wall'] / 60:.1f} min), "
        f"{r['cpu']:.0f} s of CPU, peak memory {r['rss'] / 1e9:.2f} GB, 1-minute load average "
        f"{r['load_before']:.1f} before and {r['load_after']:.1f} after; "
        f"{rt['steps']:,} steps of 0.05 s and {rt['agent_steps'] / 1e6:,.0f} M agent-steps "
        f"(persons on the walkways × steps: {rt['agent_steps'] / rt['steps']:,.0f} on average), "
        f"{rt['agent_steps_per_second'] / 1e6:.2f} M agent-steps/s; "
        f"{s['stuck']['persons']:,} persons reported stuck (30 s without 0.5 m of progress).",
        "",
        "Who is where, every hour (t = 0 is 09:30; each column is the density sample at that "
        "time):",
        "",
    ] + lines


def verify_full(work, name, stamp):
    """The whole verification suite, every model: one row per test, one column per model."""
    command = f"{STROOM} verify --jobs 2 --out results/verification"
    r = work.run(command, expect=(0, 1))
    with open(work.path("results/verification/verification.json"), encoding="utf-8") as f:
        result = json.load(f)
    models = result["models"]
    cells = {}
    for t in result["tests"]:
        cells.setdefault(t["name"], {})[t["model"]] = t

    def md(text):
        return text.replace("|", "\\|")

    rows = []
    passed = {m: 0 for m in models}
    totals = {m: 0 for m in models}
    for test in sorted(cells):
        by_model = cells[test]
        first = by_model.get(models[0]) or next(iter(by_model.values()))
        row = [md(test), md(first["expected"])]
        for m in models:
            t = by_model.get(m)
            if t is None:
                row.append("–")
                continue
            totals[m] += 1
            passed[m] += 1 if t["pass"] else 0
            cell = f"{md(t['measured'])} **{'PASS' if t['pass'] else 'FAIL'}**"
            if t["documentation"]:
                cell += " (doc)"
            if t["expected"] != first["expected"]:
                cell += f" (expected: {md(t['expected'])})"
            row.append(cell)
        rows.append("| " + " | ".join(row) + " |")
    tally = "; ".join(f"{m}: {passed[m]} of {totals[m]} pass" for m in models)
    return [
        caption(name, stamp,
                f"`{command}`, full set, {result['simulations']} simulations, "
                f"{r['wall']:.0f} s wall, exit {r['code']}. {tally}. \"(doc)\": documentation "
                "tests, which pass when the documented relation holds."),
        "",
        "| test | expected (default model) | " + " | ".join(models) + " |",
        "|---" * (2 + len(models)) + "|",
    ] + rows


# name: (page, cost in seconds on the 2-core development machine, maker)
TABLES = {
    "cli-validate-ok": ("docs/cli.md", 1, sample(
        f"{STROOM} validate scenarios/examples/room-one-door.yaml")),
    "cli-validate-error": ("docs/cli.md", 1, sample(
        f"{STROOM} validate tests/scenarios/broken/count-and-arrive.yaml", expect=(2,))),
    "cli-validate-one-pass": ("docs/cli.md", 1, sample(
        f"{STROOM} validate tests/scenarios/broken/one-pass-three-problems.yaml", expect=(2,))),
    "cli-validate-venue": ("docs/cli.md", 2, sample(
        f"{STROOM} validate scenarios/floriade/entry-venue.yaml")),
    "cli-run": ("docs/cli.md", 2, sample(
        f"{STROOM} run scenarios/examples/room-one-door.yaml --out results/room --threads 1",
        note="the wall time and speed vary")),
    "cli-run-duration-limit": ("docs/cli.md", 2, sample(
        f"{STROOM} run scenarios/examples/room-one-door.yaml --out results/room-30s "
        "--set time.duration=30 --trajectories none --threads 1", expect=(1,),
        note="the warning on stderr comes first")),
    "batch-acceptance": ("docs/batch.md", 15, batch_acceptance),
    "floriade-capacity": ("docs/floriade.md", 30, floriade_capacity),
    "floriade-ci": ("docs/floriade.md", 150, floriade_runs(
        FLORIADE_CI, "ci/", "The scaled-down variants of scenarios/floriade/ci/.")),
    "verify-full": ("docs/validation.md", 500, verify_full),
    "floriade-full": ("docs/floriade.md", 900, floriade_runs(
        FLORIADE_FULL, "", "The full-size scenarios.")),
    "floriade-day": ("docs/floriade.md", 1800, floriade_day),
}
CHEAP_SECONDS = 60


# [SECTION] Markers

def scan(text, page):
    """The marked blocks of a page: {name: (begin line index, end line index)}, and the
    problems with its markers."""
    blocks, problems, open_name, open_at = {}, [], None, 0
    for i, line in enumerate(text.split("\n")):
        begin, end = BEGIN.match(line), END.match(line)
        where = f"{page}:{i + 1}"
        if not begin and not end:
            if ANY_MARKER.search(line):
                problems.append(f"{where}: malformed marker (write `<!-- stroom:table NAME "
                                f"begin -->` or `... end -->` alone on a line): {line.strip()}")
            continue
        if begin:
            if open_name:
                problems.append(f"{where}: '{begin.group(1)}' begins inside '{open_name}' "
                                f"(begun at line {open_at + 1}, not ended)")
            open_name, open_at = begin.group(1), i
            continue
        if not open_name:
            problems.append(f"{where}: end of '{end.group(1)}' without a begin")
        elif end.group(1) != open_name:
            problems.append(f"{where}: end of '{end.group(1)}' inside '{open_name}'")
        else:
            if open_name in blocks:
                problems.append(f"{where}: '{open_name}' is marked twice on this page")
            blocks[open_name] = (open_at, i)
        open_name = None
    if open_name:
        problems.append(f"{page}:{open_at + 1}: '{open_name}' is never ended")
    return blocks, problems


def check_pages(pages, generated=True, required=None):
    """pages: {page path: text}. Every marked table must be known and on its page, every known
    table marked once, and (`generated`) each block must start with the line that names its
    command: it was written by this script."""
    problems = []
    found = {}
    for page, text in sorted(pages.items()):
        blocks, page_problems = scan(text, page)
        problems += page_problems
        lines = text.split("\n")
        for name, (begin, end) in blocks.items():
            if name not in TABLES:
                problems.append(f"{page}:{begin + 1}: unknown table '{name}' (known: "
                                f"{', '.join(sorted(TABLES))})")
                continue
            if TABLES[name][0] != page:
                problems.append(f"{page}:{begin + 1}: table '{name}' belongs on {TABLES[name][0]}")
            first = lines[begin + 1] if begin + 1 < end else ""
            if generated and f"refresh-tables.py {name}` on commit" not in first:
                problems.append(f"{page}:{begin + 2}: the block of '{name}' must start with the "
                                "line naming its command, commit and date (rerun the script)")
            found.setdefault(name, []).append(page)
    for name, (page, _, _) in sorted(TABLES.items()):
        if required is not None and name not in required:
            continue
        if page in pages and name not in found:
            problems.append(f"{page}: table '{name}' is not marked (add its begin and end "
                            "markers where it belongs)")
    return problems


def read_pages():
    pages = {}
    for page in sorted({page for page, _, _ in TABLES.values()} | {
            "docs/" + n for n in os.listdir(os.path.join(ROOT, "docs")) if n.endswith(".md")}):
        with open(os.path.join(ROOT, page), encoding="utf-8") as f:
            pages[page] = f.read()
    return pages


def self_test():
    """The marker checks catch what they should: each broken page gives its problem."""
    good_block = ["<!-- stroom:table cli-run begin -->",
                  "*`python3 tools/docs/refresh-tables.py cli-run` on commit x, d: y.*",
                  "<!-- stroom:table cli-run end -->"]
    others = {page: "" for page, _, _ in TABLES.values()}
    cases = {
        "unknown table": ["<!-- stroom:table nonsense begin -->", "x",
                          "<!-- stroom:table nonsense end -->"],
        "never ended": ["<!-- stroom:table cli-run begin -->"],
        "without a begin": ["<!-- stroom:table cli-run end -->"],
        "inside": ["<!-- stroom:table cli-run begin -->", "<!-- stroom:table cli-run-x end -->"],
        "malformed marker": ["<!--stroom:table cli-run begin-->"],
        "marked twice": good_block + good_block,
        "must start with the line": ["<!-- stroom:table cli-run begin -->", "| a |",
                                     "<!-- stroom:table cli-run end -->"],
        "is not marked": [],
    }
    failed = 0
    for expected, lines in cases.items():
        pages = dict(others)
        for page in pages:  # every other table marked correctly
            for name, (p, _, _) in TABLES.items():
                if p == page and name != "cli-run":
                    pages[page] += "\n".join([
                        f"<!-- stroom:table {name} begin -->",
                        f"*`python3 tools/docs/refresh-tables.py {name}` on commit x, d: y.*",
                        f"<!-- stroom:table {name} end -->", ""])
        pages["docs/cli.md"] += "\n".join(lines)
        problems = check_pages(pages)
        if not any(expected in p for p in problems):
            print(f"FAIL self-test '{expected}': got {problems}")
            failed += 1
    pages = dict(others)
    for name, (page, _, _) in TABLES.items():
        pages[page] += "\n".join([f"<!-- stroom:table {name} begin -->",
                                  f"*`python3 tools/docs/refresh-tables.py {name}` on commit x, "
                                  "d: y.*", f"<!-- stroom:table {name} end -->", ""])
    if check_pages(pages):
        print(f"FAIL self-test: a correct set of pages gives {check_pages(pages)}")
        failed += 1
    print(f"self-test: {len(cases) + 1} cases, {failed} failed")
    return 1 if failed else 0


# [SECTION] Main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="tables to refresh (default: all)")
    parser.add_argument("--bin", default=os.path.join(ROOT, "build", "release", "bin"))
    parser.add_argument("--cheap", action="store_true", help="only tables under a minute")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()

    if args.self_test:
        return self_test()
    pages = read_pages()
    problems = check_pages(pages, generated=args.check,
                           required=None if args.check else set(args.names or TABLES))
    if args.check:
        for p in problems:
            print("FAIL", p)
        print(f"{sum(len(scan(t, p)[0]) for p, t in pages.items())} marked tables on "
              f"{len(pages)} pages, {len(TABLES)} known, {len(problems)} problems")
        return 1 if problems else 0
    if args.list:
        for name, (page, cost, _) in TABLES.items():
            print(f"{name:24} {page:18} about {cost} s")
        return 0
    if problems:
        for p in problems:
            print("FAIL", p)
        return 1
    unknown = [n for n in args.names if n not in TABLES]
    if unknown:
        print(f"unknown table(s): {', '.join(unknown)}; known: {', '.join(TABLES)}")
        return 2
    names = args.names or [n for n, (_, cost, _) in TABLES.items()
                           if not args.cheap or cost < CHEAP_SECONDS]
    if not os.path.exists(os.path.join(args.bin, "stroom")):
        print(f"no stroom executable in {args.bin}: build it first "
              "(cmake --build --preset release --target stroom)")
        return 2

    stamp = commit_and_date()
    work = Work(args.bin)
    mismatches = 0
    try:
        for name in names:
            page, _, make = TABLES[name]
            print(f"{name}: running ...", file=sys.stderr, flush=True)
            block = make(work, name, stamp)
            if args.dry_run:
                print("\n".join(block))
                continue
            if args.compare:
                begin, end = scan(pages[page], page)[0][name]
                written = pages[page].split("\n")[begin + 2:end]
                if written != block[1:]:
                    print(f"FAIL {page}:{begin + 1}: '{name}' is not what the command prints "
                          "now (rerun the script and commit the page):")
                    for line in difflib.unified_diff(written, block[1:], "page", "now",
                                                     lineterm=""):
                        print("  " + line)
                    mismatches += 1
                else:
                    print(f"ok   {page}:{begin + 1}: '{name}' is current")
                continue
            # Reread the page: another table may have been written meanwhile.
            with open(os.path.join(ROOT, page), encoding="utf-8") as f:
                text = f.read()
            begin, end = scan(text, page)[0][name]
            lines = text.split("\n")
            lines[begin + 1:end] = block
            with open(os.path.join(ROOT, page), "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            print(f"{name}: {page} rewritten", file=sys.stderr, flush=True)
    except RuntimeError as e:
        print(f"refresh-tables: {e}", file=sys.stderr)
        return 1
    finally:
        work.close()
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
