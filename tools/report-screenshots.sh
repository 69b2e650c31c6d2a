#!/usr/bin/env bash
# Screenshots of a report.html as a reviewer sees it in a browser: headless Chromium, 1000 px
# wide, one PNG per 1600 px of page from the given offsets (default: the top of the page).
# Usage: tools/report-screenshots.sh REPORT.html OUT_PREFIX [OFFSET_PX ...]
# Writes OUT_PREFIX-<offset>.png for each offset.
set -euo pipefail
report=$(realpath "$1")
prefix=$2
shift 2
offsets=("$@")
[ ${#offsets[@]} -eq 0 ] && offsets=(0)
browser=$(command -v chromium || command -v chromium-browser)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for off in "${offsets[@]}"; do
  cat >"$work/frame.html" <<HTML
<!DOCTYPE html><html><body style="margin:0;overflow:hidden">
<iframe src="file://$report" style="position:absolute;top:-${off}px;left:0;width:1000px;height:$((off + 1600))px;border:0"></iframe>
</body></html>
HTML
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1000,1600 \
    --screenshot="$prefix-$off.png" "file://$work/frame.html" >/dev/null 2>&1
  echo "$prefix-$off.png"
done
