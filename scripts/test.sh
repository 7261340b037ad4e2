#!/usr/bin/env bash
# Runs every test of the workspace. Installs what the tests need first; a missing tool is
# a failure that says what to install, never a skipped test.
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "error: the tests need \`$1\`; install it with: $2" >&2
  exit 1
}
need cargo "https://rustup.rs"

# generated/ must be what spec/ gives; the freshness test says so too, this names the files.
cargo run --quiet -p wxapi-codegen -- check
cargo test --workspace --all-targets
cargo test --workspace --doc
