#!/usr/bin/env python3
"""Cuts figures out of a Stroom report as PNG files, for docs/images/.

    python3 tools/floriade/report_figures.py REPORT.html OUT.png "TITLE" [OUT.png "TITLE" ...]

Each TITLE is the start of a map's heading (for example "Density at t = 16200.0 s") or a
plot's title (for example "Zone occupancy"); the figure, with the report's own style sheet
and the map's legend, is rendered alone by headless Chromium at the report's 960 px width.
Needs the `chromium` package (Debian).
"""
import html
import os
import re
import subprocess
import sys
import tempfile


def figure(report, title):
    """The HTML of the figure whose heading or plot title starts with `title`."""
    escaped = html.escape(title, quote=False)
    heading = report.find("<h3>" + escaped)
    if heading >= 0:
        start = report.rfind('<div class="figure">', 0, heading)
        # A figure is a div holding the heading, the map and its legend (one nested div).
        end = report.find("</div>\n</div>", heading)
        return report[start:end + len("</div>\n</div>")]
    plot = re.search(r'<svg class="plot"[^>]*aria-label="' + re.escape(escaped) + r'[^"]*"', report)
    if not plot:
        sys.exit(f"no figure titled '{title}' in the report")
    return report[plot.start():report.find("</svg>", plot.start()) + len("</svg>")]


def main():
    if len(sys.argv) < 4 or len(sys.argv) % 2:
        sys.exit(__doc__)
    report = open(sys.argv[1], encoding="utf-8").read()
    style = re.search(r"<style>.*?</style>", report, re.S).group(0)
    for out, title in zip(sys.argv[2::2], sys.argv[3::2]):
        body = figure(report, title)
        # The svg fills the page's width (944 px): its height follows from its viewBox.
        box = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', body)
        height = int(944 * float(box.group(2)) / float(box.group(1))) + 24
        if "<h3>" in body:
            height += 90  # the heading and the legend under a map
        with tempfile.TemporaryDirectory() as tmp:
            page = os.path.join(tmp, "figure.html")
            with open(page, "w", encoding="utf-8") as f:
                f.write(f"<!DOCTYPE html><html><head><meta charset='utf-8'>{style}</head>"
                        f"<body><main style='padding:8px'>{body}</main></body></html>")
            subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                            "--hide-scrollbars", f"--window-size=976,{height}",
                            f"--screenshot={os.path.abspath(out)}", "file://" + page],
                           check=True, capture_output=True)
        print(f"wrote {out} ({title})")


if __name__ == "__main__":
    main()
