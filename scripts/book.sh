#!/usr/bin/env bash
# Builds the reference book from generated/docs/ into target/book and opens it in a browser,
# installing the pinned mdbook first when it is missing (the one place that pins it).
#   --no-open   only build
#   --install   only install mdbook (scripts/test.sh uses this)
set -euo pipefail
cd "$(dirname "$0")/.."

MDBOOK_VERSION=0.4.52
if [ "$(mdbook --version 2>/dev/null)" != "mdbook v$MDBOOK_VERSION" ]; then
  echo "installing mdbook $MDBOOK_VERSION" >&2
  cargo install mdbook --version "$MDBOOK_VERSION" --locked --no-default-features --features search
fi
case "${1:-}" in
  --install) ;;
  --no-open) mdbook build generated ;;
  *) mdbook build generated --open ;;
esac
