#!/usr/bin/env bash
# The spec-evolution gate: compares spec/ with a baseline and fails on a breaking change
# unless generated/Cargo.toml's version was bumped to one cargo treats as incompatible.
#
# The baseline, first that exists: $WXAPI_SPEC_BASE; the newest release tag (`v*`) reachable
# from HEAD; the merge base with origin/main when HEAD is not on it (a branch or a pull
# request); the previous commit (main itself).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v git >/dev/null 2>&1 || { echo "error: the gate needs git: apt-get install -y git" >&2; exit 1; }

base="${WXAPI_SPEC_BASE:-}"
if [ -z "$base" ]; then
  base="$(git describe --tags --abbrev=0 --match 'v*' 2>/dev/null || true)"
fi
if [ -z "$base" ] && git rev-parse -q --verify origin/main >/dev/null; then
  merge_base="$(git merge-base HEAD origin/main 2>/dev/null || true)"
  if [ -n "$merge_base" ] && [ "$merge_base" != "$(git rev-parse HEAD)" ]; then
    base="$merge_base"
  fi
fi
if [ -z "$base" ]; then
  if git rev-parse -q --verify 'HEAD^' >/dev/null; then
    base="HEAD^"
  elif [ "$(git rev-parse --is-shallow-repository)" = true ]; then
    echo "error: a shallow clone has no baseline to compare the spec with: git fetch --unshallow" >&2
    exit 1
  else
    echo "spec gate: the first commit, nothing to compare with"
    exit 0
  fi
fi

echo "spec gate: spec/ against $base ($(git rev-parse --short "$base"))"
cargo run --quiet -p wxapi-codegen -- --format plain diff --against "$base" --require-bump generated/Cargo.toml
