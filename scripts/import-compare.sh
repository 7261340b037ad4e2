#!/usr/bin/env bash
# Imports the official pages of endpoints the spec already has, and compares each draft with
# the spec's file: method, path, auth, field names and required flags, error codes. Prints
# the differences. A measurement of the importer, not a test: the pages are reference data
# outside the repository.
#
#   bash scripts/import-compare.sh [PAGES_DIR] [SEEDS_DIR]
#     defaults: ../shared/wechat-docs/miniprogram and ../shared/seeds
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
pages="${1:-$repo/../shared/wechat-docs/miniprogram}"
seeds="${2:-$repo/../shared/seeds}"
catalogue="${CATALOGUE:-$repo/../shared/reference/miniprogram-api-catalogue.md}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build -q --release -p wxapi-codegen --bin wxapi-codegen --example compare_draft
bin="$repo/target/release/wxapi-codegen"
compare="$repo/target/release/examples/compare_draft"

# page (relative to PAGES_DIR, or seed:FILE) -> the spec's id
pairs=(
  "sec-center/sec-check/api_msgseccheck.md msg_sec_check"
  "user-login/api_code2session.md code2_session"
  "user-login/api_checksessionkey.md check_session_key"
  "qrcode-link/qr-code/api_getunlimitedqrcode.md get_unlimited_qrcode"
  "user-info/phone-number/api_getphonenumber.md get_phone_number"
  "qrcode-link/url-scheme/api_queryscheme.md query_scheme"
  "seed:000_0ed93f9428e7f63f.txt invoke_service"
)
same=0
for pair in "${pairs[@]}"; do
  read -r page id <<< "$pair"
  case "$page" in
    seed:*) file="$seeds/${page#seed:}" ;;
    *) file="$pages/$page" ;;
  esac
  [ -f "$file" ] || { echo "$id: no page at $file"; continue; }
  out="$work/$id"
  mkdir -p "$out"
  args=(import "$file" --out "$out" --spec "$repo/spec")
  [ -f "$catalogue" ] && args+=(--catalogue "$catalogue")
  "$bin" --format short "${args[@]}" 2> "$out/import.log" || true
  draft=$(find "$out" -name '*.yaml' | head -1)
  if [ -z "$draft" ]; then
    echo "$id: no draft"; cat "$out/import.log"; continue
  fi
  if "$compare" "$repo/spec" "$draft" "$id"; then same=$((same + 1)); fi
done
echo "same facts: $same of ${#pairs[@]} endpoints"
