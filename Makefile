# Two commands for a newcomer: `make serve` and `make test`. Both install what is missing first.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080
# The path the site is served under: make build PUBLIC_URL=/advocacy/
PUBLIC_URL ?= /
export PUBLIC_URL

.PHONY: setup build build-subpath serve test bench check-size clean

## setup: install the tools the build and tests need (skips what is already there)
setup:
	@scripts/setup.sh

## build: release build of the site in dist/, every route pre-rendered as real HTML, and
## each leaflet's PDF (dist/leaflets/<name>.pdf) printed from its page
build: setup
	trunk build --release --public-url $(PUBLIC_URL)
	cargo run --quiet -p prerender -- dist
	scripts/leaflet-pdfs.sh dist $(PUBLIC_URL)

# The same site built for /advocacy/ in target/dist-advocacy, which the browser tests serve
# under that path with the strict Content-Security-Policy.
build-subpath: build
	PUBLIC_URL=/advocacy/ trunk build --release --public-url /advocacy/ --dist target/dist-advocacy
	PUBLIC_URL=/advocacy/ cargo run --quiet -p prerender -- target/dist-advocacy
	scripts/leaflet-pdfs.sh target/dist-advocacy /advocacy/

## serve: build, then serve the site on http://127.0.0.1:$(PORT) with the local referral
## receiver on 127.0.0.1:8081 (where config.json sends referrals). The first run makes a
## key pair for this machine in local-receiver/ (ignored by git); referrals are stored there,
## encrypted to it: target/debug/referrals list --store local-receiver/referrals
serve: build
	cargo build --quiet -p site-server -p referral-receiver -p referrals
	target/debug/referral-receiver local-keys local-receiver
	target/debug/referral-receiver serve --listen 127.0.0.1:8081 \
	    --store local-receiver/referrals --recipients local-receiver/recipients.txt \
	    --origin http://127.0.0.1:$(PORT) --origin http://localhost:$(PORT) & \
	  trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	  target/debug/site-server dist $(PORT) $(PUBLIC_URL)

## test: formatting, lints, native tests, browser tests on the release build, size budget
test: build build-subpath
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test --workspace
	scripts/check-size.sh dist

## bench: on a slow phone (150 ms, 1.6 Mbps, CPU 4x): time until the app works, first and repeat
## visit; LCP beside a plain-HTML copy; the waterfall and a CPU profile; offline; Lighthouse.
## Writes bench/RESULTS.md. BENCH_BEFORE=<an earlier dist> measures that build in the same run.
bench: build
	scripts/bench.sh

check-size:
	scripts/check-size.sh dist

clean:
	rm -rf dist target
