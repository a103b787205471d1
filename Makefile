# Two commands for a newcomer: `make serve` and `make test`. Both install what is missing first.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080

.PHONY: setup build serve test bench check-size clean

## setup: install the tools the build and tests need (skips what is already there)
setup:
	@scripts/setup.sh

## build: release build of the site in dist/, every route pre-rendered as real HTML
build: setup
	trunk build --release
	cargo run --quiet -p prerender -- dist

## serve: build, then serve the site on http://127.0.0.1:$(PORT)
serve: build
	cargo run --quiet -p site-server -- dist $(PORT)

## test: formatting, lints, native tests, browser tests on the release build, size budget
test: build
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test --workspace
	scripts/check-size.sh dist

## bench: Lighthouse (mobile) on every page against a plain-HTML copy; writes bench/RESULTS.md
bench: build
	scripts/bench.sh

check-size:
	scripts/check-size.sh dist

clean:
	rm -rf dist target
