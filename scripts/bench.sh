#!/usr/bin/env bash
# `make bench`: serves the release build and a plain-HTML copy of it, brotli-compressed, on
# loopback, and runs scripts/bench.mjs against both. Run after `make build` (make bench does).
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/bench
rm -rf "$work"
mkdir -p "$work"
cp -r dist "$work/app"
cp -r dist "$work/plain"
# The plain copy: every script and script preload removed, the same HTML and CSS otherwise.
find "$work/plain" -name '*.html' -print0 | while IFS= read -r -d '' f; do
  perl -0pi -e 's#<script\b.*?</script>##gs; s#<link rel="modulepreload"[^>]*>##g; s#<link rel="preload"[^>]*as="fetch"[^>]*>##g' "$f"
done
rm -f "$work"/plain/*.wasm "$work"/plain/*.js
find "$work" -type f ! -name '*.br' -exec brotli -q 11 -f -k {} \;

cargo build --quiet -p site-server
server=target/debug/site-server
"$server" "$work/app" 8091 >/dev/null & app_pid=$!
"$server" "$work/plain" 8092 >/dev/null & plain_pid=$!
trap 'kill $app_pid $plain_pid 2>/dev/null || true' EXIT
sleep 1
CHROME_PATH=/usr/bin/chromium node scripts/bench.mjs http://127.0.0.1:8091 http://127.0.0.1:8092 dist
