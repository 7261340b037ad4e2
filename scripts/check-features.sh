#!/usr/bin/env bash
# The generated crate's feature matrix: each endpoint group alone, and no group at all, must
# compile clippy-clean (all groups together is the default, which the workspace lints check).
# The groups are the features listed between the markers of generated/Cargo.toml.
#
#   bash scripts/check-features.sh            every group
#   bash scripts/check-features.sh login ocr  only these
set -euo pipefail
cd "$(dirname "$0")/.."

groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then
  mapfile -t groups < <(awk '
    /^# Endpoint groups, one feature each/ { inside = 1; next }
    /^# End of the endpoint groups/ { inside = 0 }
    inside && /^[a-z0-9_]+ = \[\]$/ { print $1 }' generated/Cargo.toml)
fi
if [ ${#groups[@]} -eq 0 ]; then
  echo "error: no endpoint group features found in generated/Cargo.toml" >&2
  exit 1
fi

echo "== no group" >&2
cargo clippy --quiet -p wxapi --no-default-features --all-targets -- -D warnings
for group in "${groups[@]}"; do
  echo "== $group" >&2
  cargo clippy --quiet -p wxapi --no-default-features --features "$group" --all-targets -- -D warnings
done
echo "${#groups[@]} groups each compile alone, clippy-clean" >&2
