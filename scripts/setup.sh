#!/usr/bin/env bash
# Installs whatever the build and the tests need and is not there yet, from the package
# registries only. Safe to run again: each tool is checked first, so a second run takes seconds.
#
#   wasm32 target  rustup
#   trunk          crates.io, pinned: 0.22 needs a newer rustc than this machine's
#   wasm-bindgen   crates.io, exactly the version in Cargo.lock (Trunk refuses any other)
#   wasm-opt       npm's binaryen 132 (never Debian's binaryen 108: it builds a broken wasm)
#   axe-core       npm, for the accessibility checks inside the page
#   lighthouse     npm, version 12 (13 needs a newer Node), for make bench
#   vnu-jar        npm, the Nu HTML Checker the tests run on every page
#   java           Debian's default-jre-headless, for the Nu HTML Checker, only when none is
#                  installed (and before npm, so vnu-jar's install step finds it and downloads
#                  no Java of its own)
#   chromium, chromedriver, brotli, poppler-utils (pdftotext, pdfinfo: leaflet tests)   Debian
#   fonts-noto-core  Debian: Gurmukhi and Devanagari for the Punjabi and Nepali pages, so the
#                  screenshots and the leaflets' PDFs show their script (phones have their own)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132

say() { printf 'setup: %s\n' "$*"; }

# cargo install puts tools here; make sure this script and its callers find them.
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

for component in clippy rustfmt; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 9 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (about 2.5 minutes)"
  # Not --locked: one of its locked dependencies is not available from the registry here.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

missing_debs=()
command -v chromium >/dev/null 2>&1 || missing_debs+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing_debs+=(chromium-driver)
command -v brotli >/dev/null 2>&1 || missing_debs+=(brotli)
command -v java >/dev/null 2>&1 || missing_debs+=(default-jre-headless)
command -v pdftotext >/dev/null 2>&1 || missing_debs+=(poppler-utils)
[ -f /usr/share/fonts/truetype/noto/NotoSansGurmukhi-Regular.ttf ] || missing_debs+=(fonts-noto-core)
if [ ${#missing_debs[@]} -gt 0 ]; then
  say "installing ${missing_debs[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

npm_ok=true
[ "$(node_modules/.bin/wasm-opt --version 2>/dev/null)" = "wasm-opt version $BINARYEN_VERSION (version_$BINARYEN_VERSION)" ] || npm_ok=false
[ -f node_modules/axe-core/axe.min.js ] || npm_ok=false
[ -f node_modules/lighthouse/package.json ] || npm_ok=false
[ -f node_modules/vnu-jar/build/dist/vnu.jar ] || npm_ok=false
if [ "$npm_ok" = false ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tools (binaryen, axe-core, lighthouse, vnu-jar)"
  npm ci --no-audit --no-fund --loglevel=error
fi

say "all tools present"
