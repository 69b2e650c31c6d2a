#!/usr/bin/env python3
"""Docs that stay true.

check_docs.py tutorial BIN_DIR SOURCE_DIR
    Runs every command of docs/tutorial.md (the `$ ` lines of its ```console blocks), in
    order, in a fresh folder that sees the repository's scenarios/ and has BIN_DIR at
    build/release/bin. A command's expected exit code is 0, or the number in a trailing
    `# exit N`. stroom-view commands are run headless: `--screenshot` is added, under
    xvfb-run when it is installed; without it, the command must exit 3 (no display). A build
    without the viewer (the headless and asan presets) skips them and says so.

check_docs.py import BIN_DIR SOURCE_DIR
    The same for docs/import.md (the walk-through from a DXF drawing to a report); its folder
    also sees the repository's tests/ (the drawing's generator).

check_docs.py defaults BIN_DIR SOURCE_DIR
    Every `# ... default X` comment beside a key in scenarios/examples/*.yaml states the
    engine's default (model_params.hpp, scenario.hpp).

check_docs.py paths BIN_DIR SOURCE_DIR
    Every `build/<dir>/bin/<program>` in README.md and docs/*.md must name a configure
    preset's folder (or one the same page creates with `-B build/<dir>`), never `build/bin/`,
    and `stroom [sub-command] --help` and `stroom-view --help` must exit 0.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROGRAMS = {"stroom", "stroom-view"}
SUBCOMMANDS = {"validate", "capacity", "run", "verify", "batch", "import"}


def console_commands(text):
    """The `$ ` lines of ```console blocks, with their line numbers."""
    commands, in_console = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            in_console = line.strip() == "```console" if not in_console else False
            continue
        if in_console and line.startswith("$ "):
            commands.append((number, line[2:]))
    return commands


def tutorial(bin_dir, source_dir):
    return walk_through("tutorial.md", bin_dir, source_dir, ["scenarios"],
                        ["results/park-evening/report.html", "results/park-evening/summary.json",
                         "results/park-evening/scenario/park-venue.yaml",
                         "results/park-sweep/batch.html"])


def import_walk_through(bin_dir, source_dir):
    return walk_through("import.md", bin_dir, source_dir, ["scenarios", "tests"],
                        ["site-venue.yaml", "results/festival/report.html",
                         "results/festival/summary.json"])


def walk_through(page, bin_dir, source_dir, linked, written):
    with open(os.path.join(source_dir, "docs", page), encoding="utf-8") as f:
        commands = console_commands(f.read())
    if len(commands) < 5:
        print(f"FAIL: only {len(commands)} commands found in docs/{page}")
        return 1
    work = tempfile.mkdtemp(prefix="stroom_walk_through_")
    for folder in linked:
        os.symlink(os.path.join(source_dir, folder), os.path.join(work, folder))
    os.makedirs(os.path.join(work, "build", "release"))
    os.symlink(bin_dir, os.path.join(work, "build", "release", "bin"))
    xvfb = shutil.which("xvfb-run")
    failed = 0
    for number, command in commands:
        expected = 0
        match = re.search(r"#\s*exit\s+(\d+)\s*$", command)
        if match:
            expected = int(match.group(1))
            command = command[: match.start()].rstrip()
        env = dict(os.environ)
        if command.startswith("build/release/bin/stroom-view"):
            if not os.path.exists(os.path.join(bin_dir, "stroom-view")):
                # A preset without the viewer (headless, asan): the rest of the page still runs.
                print(f"skip docs/{page}:{number}: {command} (no stroom-view in this build)")
                continue
            command += " --screenshot view.png --at 20 --size 800x600"
            if xvfb:
                command = f"{xvfb} -a -s '-screen 0 800x600x24' {command}"
            else:
                env.pop("DISPLAY", None)
                expected = 3
        run = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True,
                             text=True, timeout=600)
        ok = run.returncode == expected
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} docs/{page}:{number}: {command} "
              f"(exit {run.returncode}, expected {expected})")
        if not ok:
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
    # What the page says the folder holds.
    for path in written:
        if not os.path.exists(os.path.join(work, path)):
            print(f"FAIL: {path} was not written")
            failed += 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"docs/{page}: {len(commands)} commands, {failed} failed")
    return 1 if failed else 0


def paths(bin_dir, source_dir):
    with open(os.path.join(source_dir, "CMakePresets.json"), encoding="utf-8") as f:
        presets = {p["name"] for p in json.load(f)["configurePresets"] if not p.get("hidden")}
    files = [os.path.join(source_dir, "README.md")]
    docs = os.path.join(source_dir, "docs")
    files += sorted(os.path.join(docs, n) for n in os.listdir(docs) if n.endswith(".md"))
    pattern = re.compile(r"build/([A-Za-z0-9_.-]+)/bin/([A-Za-z0-9_-]+)(?:\s+([a-z]+))?")
    failed, checked, helped = 0, 0, set()
    for path in files:
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
        # A folder the page itself creates (`cmake ... -B build/perf`) is fine there.
        created = set(re.findall(r"-B\s+build/([A-Za-z0-9_.-]+)", "".join(lines)))
        for number, line in enumerate(lines, 1):
            if re.search(r"(?<![A-Za-z0-9_./-])build/bin/", line):
                print(f"FAIL {os.path.relpath(path, source_dir)}:{number}: build/bin/ is not "
                      "where a preset puts the programs (build/release/bin/)")
                failed += 1
            for m in pattern.finditer(line):
                checked += 1
                where = f"{os.path.relpath(path, source_dir)}:{number}"
                preset, program, sub = m.group(1), m.group(2), m.group(3)
                if preset not in presets and preset not in created:
                    print(f"FAIL {where}: build/{preset}/ is not a preset's folder "
                          f"(presets: {', '.join(sorted(presets))})")
                    failed += 1
                    continue
                if program not in PROGRAMS:
                    continue  # test and benchmark programs: the preset check is enough
                args = [program] + ([sub] if sub in SUBCOMMANDS and program == "stroom"
                                    else [])
                if tuple(args) in helped:
                    continue
                helped.add(tuple(args))
                exe = os.path.join(bin_dir, program)
                if not os.path.exists(exe):
                    continue  # e.g. the viewer in a headless build
                run = subprocess.run([exe] + args[1:] + ["--help"], capture_output=True,
                                     text=True, timeout=60)
                if run.returncode != 0:
                    print(f"FAIL {where}: {' '.join(args)} --help exits {run.returncode}")
                    failed += 1
    print(f"{checked} build paths in the docs, {len(helped)} --help checks, {failed} failed")
    return 1 if failed else 0


def defaults(bin_dir, source_dir):
    """A comment `default X` beside a key in scenarios/examples/*.yaml states the default of
    engine/include/stroom/{model_params,scenario}.hpp."""
    del bin_dir
    known = {}
    for header in ["model_params.hpp", "scenario.hpp"]:
        with open(os.path.join(source_dir, "engine", "include", "stroom", header),
                  encoding="utf-8") as f:
            for name, value in re.findall(r"double\s+(\w+)\s*=\s*([-0-9.eE+]+)\s*;", f.read()):
                known.setdefault(name, set()).add(float(value))
    folder = os.path.join(source_dir, "scenarios", "examples")
    failed = checked = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = re.match(r"\s*(?:- )?(\w+):[^#]*#.*\bdefault ([-0-9.]+)", line)
                if not m or m.group(1) not in known:
                    continue
                checked += 1
                if float(m.group(2)) not in known[m.group(1)]:
                    print(f"FAIL scenarios/examples/{name}:{number}: says {m.group(1)} defaults "
                          f"to {m.group(2)}, the engine's default is "
                          f"{' or '.join(str(v) for v in sorted(known[m.group(1)]))}")
                    failed += 1
    print(f"{checked} default comments in scenarios/examples/, {failed} wrong")
    return 1 if failed else 0


def main():
    mode, bin_dir, source_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    modes = {"tutorial": tutorial, "import": import_walk_through, "paths": paths,
             "defaults": defaults}
    return modes[mode](os.path.abspath(bin_dir), os.path.abspath(source_dir))


if __name__ == "__main__":
    sys.exit(main())
