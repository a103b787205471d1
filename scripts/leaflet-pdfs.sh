#!/usr/bin/env bash
# Makes each leaflet's PDF from its built page: dist/leaflets/<name>/index.html becomes
# dist/leaflets/<name>.pdf (and dist/pl/leaflets/<name>/index.html, in Polish, dist/pl/leaflets/
# <name>.pdf: Chromium embeds the fonts the page uses, so Gurmukhi and Devanagari come from
# Debian's Noto fonts, which scripts/setup.sh installs), printed by headless Chromium with the site's print stylesheet
# (A4, real text, the page's title and language). Run by `make build` after the pre-render.
#
#   scripts/leaflet-pdfs.sh <built site folder> [public url path, e.g. /advocacy/]
#
# The page is served by the project's own static server on a free loopback port. Chromium prints
# it once loaded; the pre-rendered HTML and the app's live markup are the same, so it does not
# matter whether the app has taken over by then. (Blink's scriptEnabled=false setting would make
# that certain, but with it this Chromium writes no PDF at all.)
# Chromium writes links as absolute addresses; the loopback origin is then cut from each one
# (keeping every byte offset in the PDF), so a link reads /refer, not http://127.0.0.1:…/refer.
set -euo pipefail
cd "$(dirname "$0")/.."

dist=${1:?usage: scripts/leaflet-pdfs.sh <dist folder> [public url path]}
prefix=${2:-/}
prefix=${prefix%/}

shopt -s nullglob
pages=("$dist"/leaflets/*/index.html "$dist"/[a-z][a-z]/leaflets/*/index.html)
if [ ${#pages[@]} -eq 0 ]; then
  echo "leaflet-pdfs: no leaflet pages in $dist/leaflets/" >&2
  exit 1
fi

cargo build --quiet -p site-server
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
log=$(mktemp)
profile=$(mktemp -d)
"$target_dir/debug/site-server" "$dist" 0 "$prefix" >"$log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; rm -rf "$log" "$profile"; }
trap cleanup EXIT

origin=""
for _ in $(seq 50); do
  origin=$(sed -n 's|^Serving .* at \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$log")
  [ -n "$origin" ] && break
  sleep 0.1
done
if [ -z "$origin" ]; then
  echo "leaflet-pdfs: the static server did not start:" >&2
  cat "$log" >&2
  exit 1
fi

for page in "${pages[@]}"; do
  # leaflets/<name> or <language>/leaflets/<name>, as the page's address below the prefix.
  route=${page#"$dist"/}
  route=${route%/index.html}
  pdf="$dist/$route.pdf"
  rm -f "$pdf"
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" \
    --no-pdf-header-footer \
    --print-to-pdf="$pdf" "$origin$prefix/$route" >/dev/null 2>&1
  if [ ! -s "$pdf" ]; then
    echo "leaflet-pdfs: Chromium made no PDF for $prefix/$route" >&2
    exit 1
  fi
  # Same-length edit: "(http://127.0.0.1:PORT/refer)" becomes "(/refer)" and spaces.
  ORIGIN="$origin" perl -0777 -pi -e '
    my $o = quotemeta $ENV{ORIGIN};
    s{\($o(/[^)]*)\)}{"($1)" . (" " x length($ENV{ORIGIN}))}ge' "$pdf"
  echo "leaflet-pdfs: wrote $pdf"
done
