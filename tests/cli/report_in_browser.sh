#!/usr/bin/env bash
# Renders the report.html of a real run in headless Chromium and checks what a permit
# reviewer must see: the page loads without errors from the page itself, and the rendered
# DOM holds the criteria table, the venue map, both density maps and the plots.
# Usage: report_in_browser.sh STROOM_EXE SCENARIO.yaml
# Exit 77 (skipped) when Chromium is not installed.
set -euo pipefail
stroom=$1
scenario=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium not installed (tools/setup.sh installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$stroom" run "$scenario" --out "$work/out" --quiet --trajectories none >/dev/null || [ $? -eq 1 ]
report="$work/out/report.html"
[ -s "$report" ] || { echo "FAIL: no report.html written"; exit 1; }

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$work/profile")
timeout 120 "$browser" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom \
  "file://$report" >"$work/dom.html" 2>"$work/console.log"
timeout 120 "$browser" "${flags[@]}" --window-size=1300,2600 --screenshot="$work/page.png" \
  "file://$report" >/dev/null 2>&1

fail=0
expect() {  # expect PATTERN DESCRIPTION
  if ! grep -q -- "$1" "$work/dom.html"; then
    echo "FAIL: rendered page lacks $2 ($1)"
    fail=1
  fi
}
expect '<h2>Criteria' "the criteria section"
expect '<table' "a table"
expect 'PASS\|FAIL' "pass/fail words"
expect '<h2>Venue' "the venue section"
expect '<svg' "SVG plots and map"
expect 'data:image/png;base64,' "the density map images"
expect 'Density at the peak' "the peak density map"
expect 'Highest density per cell' "the maximum density map"
expect 'Over time' "the time-series section"

# Messages from the page itself (script errors, failed loads) are logged as CONSOLE lines.
if grep -E 'CONSOLE|Failed to load|ERR_FILE_NOT_FOUND' "$work/console.log"; then
  echo "FAIL: the page logged errors"
  fail=1
fi
png_bytes=$(stat -c %s "$work/page.png" 2>/dev/null || echo 0)
if [ "$png_bytes" -lt 20000 ]; then
  echo "FAIL: screenshot of the page is missing or blank ($png_bytes bytes)"
  fail=1
fi
[ $fail -eq 0 ] && echo "report renders in $("$browser" --version 2>/dev/null | head -1): all sections present"
exit $fail
