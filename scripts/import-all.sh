#!/usr/bin/env bash
# Imports every page of a folder of WeChat documentation pages and measures the drafts: how
# many were written, how many validate with zero errors on their own (each in a spec folder
# with the repository's common error table), the TODOs they leave by kind, the importer's
# warnings by code, and the time the import takes. A measurement, not a test: the pages are
# reference data outside the repository.
#
# Paths the pages lack come from the endpoint catalogue when there is one (CATALOGUE=file).
#
#   bash scripts/import-all.sh [PAGES_DIR]     default: ../shared/wechat-docs/miniprogram
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
pages="${1:-$repo/../shared/wechat-docs/miniprogram}"
[ -d "$pages" ] || { echo "no pages at $pages; pass the folder as the first argument" >&2; exit 2; }
catalogue="${CATALOGUE:-$repo/../shared/reference/miniprogram-api-catalogue.md}"
catalogue_arg=()
[ -f "$catalogue" ] && catalogue_arg=(--catalogue "$catalogue")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build -q --release -p wxapi-codegen
bin="$repo/target/release/wxapi-codegen"

# Every page but the folder's index and readme.
find "$pages" -name '*.md' ! -name INDEX.md ! -name README.md | sort > "$work/pages.txt"
total=$(wc -l < "$work/pages.txt")

# The time of one run over every page.
start=$(date +%s.%N)
xargs -a "$work/pages.txt" -d '\n' "$bin" --format short import --out "$work/timed" --spec "$repo/spec" "${catalogue_arg[@]}" \
  > /dev/null 2>&1 || true
end=$(date +%s.%N)

# Then each page on its own, so that two pages giving one id are both measured.
: > "$work/import.log"
n=0
while IFS= read -r page; do
  n=$((n + 1))
  "$bin" --format short import "$page" --out "$work/drafts/$n" --spec "$repo/spec" "${catalogue_arg[@]}" \
    > /dev/null 2>> "$work/import.log" || true
done < "$work/pages.txt"

written=$(find "$work/drafts" -name '*.yaml' | wc -l)
valid=0
: > "$work/invalid.txt"
for draft in $(find "$work/drafts" -name '*.yaml' | sort); do
  spec="$work/spec"
  rm -rf "$spec" && mkdir -p "$spec/common" "$spec/endpoints"
  cp "$repo/spec/common/errors.yaml" "$spec/common/"
  cp "$draft" "$spec/endpoints/"
  if "$bin" --format short validate --spec "$spec" > /dev/null 2> "$work/validate.txt"; then
    valid=$((valid + 1))
  else
    { echo "== $draft"; grep -E 'error\[' "$work/validate.txt" | head -3; } >> "$work/invalid.txt"
  fi
done

echo "pages:             $total"
echo "catalogue:         ${catalogue_arg[1]:-none}"
echo "drafts written:    $written"
echo "no draft:          $((total - written))"
awk -v v="$valid" -v w="$written" 'BEGIN { printf "drafts validating: %d of %d (%.1f%%)\n", v, w, w ? 100 * v / w : 0 }'
awk -v s="$start" -v e="$end" 'BEGIN { printf "import time:       %.2f s for all pages\n", e - s }'
echo
echo "TODOs in the drafts, by kind:"
find "$work/drafts" -name '*.yaml' -exec grep -h '# TODO:' {} + 2>/dev/null \
  | sed -E 's/.*# TODO: *//; s/`[^`]*`/`…`/g; s/[0-9]+/N/g' | cut -c1-70 | sort | uniq -c | sort -rn | head -15
echo
echo "importer diagnostics, by code:"
grep -oE '(error|warning)\[page-[a-z-]+\]' "$work/import.log" | sort | uniq -c | sort -rn
if [ -s "$work/invalid.txt" ]; then
  echo
  echo "drafts that don't validate (first errors):"
  head -40 "$work/invalid.txt"
fi
