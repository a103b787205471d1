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

# Served over HTTPS with HTTP/2, as every static host the service would use serves it. (Over
# plain HTTP/1.1 with keep-alive, Lighthouse's simulation queues boot.js behind the page on the
# page's own connection, which no HTTP/2 host does: see bench/RESULTS.md.) A throwaway
# certificate for 127.0.0.1; Chromium is told to accept it.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
node scripts/bench-server.mjs "$work/app" 8093 "$work/key.pem" "$work/cert.pem" & app_pid=$!
node scripts/bench-server.mjs "$work/plain" 8094 "$work/key.pem" "$work/cert.pem" & plain_pid=$!
trap 'kill $app_pid $plain_pid 2>/dev/null || true' EXIT
sleep 1
CHROME_PATH=/usr/bin/chromium node scripts/bench.mjs https://127.0.0.1:8093 https://127.0.0.1:8094 dist
