#!/usr/bin/env bash
# Builds the reference book from generated/docs/ into target/book and opens it in a browser.
# Installs the pinned mdbook first when it is missing. `--no-open` only builds.
set -euo pipefail
cd "$(dirname "$0")/.."

MDBOOK_VERSION=0.4.52
if ! command -v mdbook >/dev/null 2>&1 || [ "$(mdbook --version)" != "mdbook v$MDBOOK_VERSION" ]; then
  echo "installing mdbook $MDBOOK_VERSION" >&2
  cargo install mdbook --version "$MDBOOK_VERSION" --locked --no-default-features --features search
fi
if [ "${1:-}" = --no-open ]; then
  mdbook build generated
else
  mdbook build generated --open
fi
