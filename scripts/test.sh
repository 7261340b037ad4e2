#!/usr/bin/env bash
# Runs every test of the workspace. Installs the system tools the tests need when they are
# missing (with apt-get, when it can); a tool that is still missing fails the run with what
# to install, never a skipped test.
set -euo pipefail
cd "$(dirname "$0")/.."

# install_if_missing COMMAND DEBIAN_PACKAGE
install_if_missing() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing $2 (for \`$1\`)" >&2
    (apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$2" >/dev/null; }) || true
  fi
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "error: the tests need \`$1\`; install it with: apt-get install -y $2" >&2
    exit 1
  fi
}

# install_if_missing_package DEBIAN_PACKAGE: for a package that brings no command of its own
# (python3-venv: the venv module with ensurepip).
install_if_missing_package() {
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing $1" >&2
    (apt-get install -y "$1" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$1" >/dev/null; }) || true
  fi
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    echo "error: the tests need python3's venv module; install it with: apt-get install -y $1" >&2
    exit 1
  fi
}

command -v cargo >/dev/null 2>&1 || { echo "error: the tests need cargo: https://rustup.rs" >&2; exit 1; }
install_if_missing redis-server redis-server
# The mini-program typings test compiles TypeScript with the compiler pinned in
# tests/miniprogram/package-lock.json.
if [ ! -x tests/miniprogram/node_modules/.bin/tsc ]; then
  install_if_missing node nodejs
  install_if_missing npm npm
  npm ci --prefix tests/miniprogram
fi

# The reference book: mdbook, pinned in scripts/book.sh, and a headless Chromium driven by
# puppeteer-core, pinned in tests/book/package-lock.json.
bash scripts/book.sh --install
install_if_missing chromium chromium
if [ ! -d tests/book/node_modules/puppeteer-core ]; then
  install_if_missing node nodejs
  install_if_missing npm npm
  npm ci --prefix tests/book
fi

# The OpenAPI export (generated/openapi.json) is judged by tools that are not ours: an
# independent OpenAPI 3.1 validator (openapi-spec-validator, pinned with what it pulls in
# by tests/openapi/requirements.txt) in a venv under target/, and Redocly (lint and
# build-docs, pinned in tests/openapi/package-lock.json). generator/tests/it/openapi.rs
# runs them and fails, naming these commands, when they are missing.
if [ ! -x target/openapi-venv/bin/openapi-spec-validator ]; then
  install_if_missing python3 python3
  python3 -c 'import venv, ensurepip' 2>/dev/null || install_if_missing_package python3-venv
  python3 -m venv target/openapi-venv
  target/openapi-venv/bin/pip install --quiet -r tests/openapi/requirements.txt
fi
if [ ! -x tests/openapi/node_modules/.bin/redocly ]; then
  install_if_missing node nodejs
  install_if_missing npm npm
  npm ci --prefix tests/openapi
fi

# generated/ must be what spec/ gives (the freshness test says so too; this names the files).
cargo run --quiet -p wxapi-codegen -- check
# Benchmarks are measurements (`cargo bench`), not tests: every target but them.
cargo test --workspace --all-features --lib --bins --tests --examples
cargo test --workspace --all-features --doc
# The generator as build scripts get it: the library without the CLI's features.
cargo test -p wxapi-codegen --no-default-features --lib
# The published crates build from their own tarballs, and a consumer outside the workspace
# generates its client with the packaged generator.
bash scripts/check-packages.sh
