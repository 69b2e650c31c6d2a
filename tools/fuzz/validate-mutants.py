#!/usr/bin/env python3
"""Runs mutants of the shipped scenarios through `stroom validate` and checks its promises.

Usage: tools/fuzz/validate-mutants.py STROOM FUZZER [--count 10000] [--seed 7] [--jobs 2]
                                       [--work DIR]

FUZZER is the stroom_fuzz_scenario binary (tests/fuzz); it writes COUNT mutants of every
.yaml file under scenarios/ into DIR. Each mutant is then validated as its own process, with
its run time and peak memory (ru_maxrss) measured. Checked for every mutant:
  - no crash signal, exit code 0 or 2 only;
  - at most 2 s of CPU time (user + system, so that the figure does not depend on what else
    the machine runs; the wall time is reported too) and 1 GB of peak memory;
  - with exit 2, every stderr line is `FILE:LINE:COLUMN: error: MESSAGE` (or `FILE: error:
    cannot read ...` for a file that cannot be read).
Prints the figures for docs/reliability.md and lists every mutant that broke a promise.
Exit status 0 when none did.
"""
import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

LINE = re.compile(r"^[^\n]+:[0-9]+:[0-9]+: error: [^\n]+$")
FILE_LINE = re.compile(r"^[^\n]+: error: cannot read [^\n]+$")
MAX_SECONDS = 2.0
MAX_BYTES = 1 << 30


def run_measured(stroom, path):
    """Runs one validate with its own rusage (peak resident memory)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        pid = os.posix_spawn(stroom, [stroom, "validate", str(path)], os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, out_f.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, err_f.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)
        seconds = time.monotonic() - start
        out_f.seek(0)
        err_f.seek(0)
        out = out_f.read().decode("utf-8", "replace")
        err = err_f.read().decode("utf-8", "replace")
    if os.WIFSIGNALED(status):
        code = -os.WTERMSIG(status)
    else:
        code = os.WEXITSTATUS(status)
    cpu = usage.ru_utime + usage.ru_stime
    return code, cpu, seconds, usage.ru_maxrss * 1024, out, err


def problems_of(code, cpu, rss, err):
    found = []
    if code < 0:
        found.append(f"killed by signal {-code}")
    elif code not in (0, 2):
        found.append(f"exit {code}")
    if cpu > MAX_SECONDS:
        found.append(f"took {cpu:.2f} s of CPU time")
    if rss > MAX_BYTES:
        found.append(f"used {rss / 2**20:.0f} MiB")
    if code == 2:
        lines = err.rstrip("\n").split("\n")
        for line in lines:
            if not (LINE.match(line) or FILE_LINE.match(line)):
                found.append(f"message not in the documented form: {line[:200]!r}")
                break
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stroom")
    ap.add_argument("fuzzer")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", default=None)
    ap.add_argument("--scenarios", default=str(Path(__file__).resolve().parents[2] / "scenarios"))
    args = ap.parse_args()

    work = Path(args.work or tempfile.mkdtemp(prefix="stroom-mutants-"))
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run([args.fuzzer, "--seeds", args.scenarios, "--write", str(args.count), "--seed",
                    str(args.seed), "--out", str(work)], check=True)
    mutants = sorted(work.glob("mutant-*.yaml"))
    stroom = str(Path(args.stroom).resolve())

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda m: (m, *run_measured(stroom, m)), mutants))
    wall = time.monotonic() - start

    codes = {}
    bad = []
    slowest = max(r[2] for r in results)
    slowest_wall = max(r[3] for r in results)
    biggest = max(r[4] for r in results)
    for path, code, cpu, seconds, rss, out, err in results:
        codes[code] = codes.get(code, 0) + 1
        found = problems_of(code, cpu, rss, err)
        if found:
            bad.append((path, found, err.strip().split("\n")[:2]))
    print(f"mutants: {len(results)} (seed {args.seed}) in {work}, {wall:.0f} s wall, "
          f"{args.jobs} at once")
    print("exit codes: " + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items())))
    print(f"slowest: {slowest:.3f} s CPU ({slowest_wall:.3f} s wall at most); "
          f"largest peak memory: {biggest / 2**20:.1f} MiB; load average now: "
          f"{os.getloadavg()[0]:.1f}")
    print(f"broken promises: {len(bad)}")
    for path, found, first in bad[:50]:
        print(f"  {path.name}: {'; '.join(found)}")
        for line in first:
            print(f"      {line[:200]}")
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
