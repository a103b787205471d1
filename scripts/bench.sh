#!/usr/bin/env bash
# `make bench`: copies the release build and a plain-HTML copy of it, brotli-compresses them,
# and runs scripts/bench.mjs, which serves them on loopback and measures. Run after `make build`
# (make bench does). To compare with an earlier build in the same run, build it first and pass
# its folder: `make bench BENCH_BEFORE=path/to/old/dist BENCH_BEFORE_LABEL="commit abc1234"`.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/bench
rm -rf "$work"
mkdir -p "$work"
cp -r dist "$work/app"
cp -r dist "$work/plain"
if [ -n "${BENCH_BEFORE:-}" ]; then
  cp -r "$BENCH_BEFORE" "$work/before"
fi
# The plain copy: every script and script preload removed, the same HTML and CSS otherwise.
find "$work/plain" -name '*.html' -print0 | while IFS= read -r -d '' f; do
  perl -0pi -e 's#<script\b.*?</script>##gs; s#<link rel="modulepreload"[^>]*>##g; s#<link rel="preload"[^>]*>##g' "$f"
done
rm -f "$work"/plain/*.wasm "$work"/plain/*.js
find "$work" -type f ! -name '*.br' -exec brotli -q 11 -f -k {} \;

# Served over HTTPS with HTTP/2, as every static host the service would use serves it (see
# bench/RESULTS.md). A throwaway certificate for 127.0.0.1.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
# Chromium trusts it by its key (not --ignore-certificate-errors, under which it caches nothing
# over HTTPS, so every repeat visit would download everything again).
BENCH_SPKI=$(openssl x509 -in "$work/cert.pem" -pubkey -noout | openssl pkey -pubin -outform der \
  | openssl dgst -sha256 -binary | base64)
export BENCH_SPKI
CHROME_PATH=/usr/bin/chromium node scripts/bench.mjs "$work" "$work/key.pem" "$work/cert.pem"
