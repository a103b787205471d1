#!/usr/bin/env bash
# The size budget from the brief, on the release build in dist/: what a phone on a slow
# connection downloads. Prints the figures and fails when a budget is passed.
set -euo pipefail
dist=${1:-dist}
# 95 KB since the words left the wasm (the brief: 110 KB before, 95 KB after).
JS_WASM_BUDGET=$((95 * 1024))
CSS_BUDGET=$((10 * 1024))

brotli_size() { brotli -c -q 11 "$1" | wc -c; }

total_code=0
total_css=0
shopt -s nullglob
for f in "$dist"/*.js "$dist"/*.wasm; do
  size=$(brotli_size "$f"); total_code=$((total_code + size))
  printf 'size: %-48s %8d bytes raw %7d bytes brotli\n' "$(basename "$f")" "$(wc -c <"$f")" "$size"
done
for f in "$dist"/*.css; do
  size=$(brotli_size "$f"); total_css=$((total_css + size))
  printf 'size: %-48s %8d bytes raw %7d bytes brotli\n' "$(basename "$f")" "$(wc -c <"$f")" "$size"
done
# The wording files are not code, and not in the budget: one per language, read once and kept.
for f in "$dist"/wording-*.json; do
  printf 'size: %-48s %8d bytes raw %7d bytes brotli (words, not in the budget)\n' "$(basename "$f")" "$(wc -c <"$f")" "$(brotli_size "$f")"
done
if [ "$total_code" -eq 0 ] || [ "$total_css" -eq 0 ]; then
  echo "size: no built JS, wasm or CSS in $dist: run make build" >&2
  exit 1
fi
status=0
report() { # name total budget
  local verdict=ok
  [ "$2" -le "$3" ] || { verdict="OVER BUDGET"; status=1; }
  printf 'size: %-14s %6.1f KB brotli of %3d KB budget: %s\n' "$1" "$(awk -v b="$2" 'BEGIN { print b / 1024 }')" "$(($3 / 1024))" "$verdict"
}
report "JS + wasm" "$total_code" "$JS_WASM_BUDGET"
report "CSS" "$total_css" "$CSS_BUDGET"
exit $status
