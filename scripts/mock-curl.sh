#!/usr/bin/env bash
# Starts the mock on the repository's spec (`wxapi-mock --spec spec`), then sends every endpoint of the spec one curl request (`wxapi-mock --print-curl` writes
# them: each endpoint's first request example, or its required fields) and prints what each
# answered: ok, a file, or a WeChat error code. Fails when an endpoint doesn't answer
# (connection refused, 404). Needs curl.
#
#   bash scripts/mock-curl.sh [SPEC_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
spec="${1:-spec}"
command -v curl >/dev/null || { echo "needs curl: apt-get install -y curl" >&2; exit 1; }
work="$(mktemp -d)"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cargo build -q -p wxapi-mock --bin wxapi-mock
bin="target/debug/wxapi-mock"
# The app the spec's examples name, so that their requests carry valid credentials.
app="APPID:APPSECRET"

start=$(date +%s.%N)
"$bin" --spec "$spec" --port 0 --app "$app" > "$work/serving.txt" 2> "$work/stderr.txt" &
pid=$!
for _ in $(seq 1 100); do
  grep -q '^serving' "$work/serving.txt" 2>/dev/null && break
  sleep 0.05
done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serving.txt") || { cat "$work/stderr.txt" >&2; exit 1; }
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "mock up in %.2f s: ", e - s }'
cat "$work/serving.txt"

# A fresh token for each call: the token endpoints' own calls replace the previous one.
token() {
  curl -sS "$base/cgi-bin/token?grant_type=client_credential&appid=APPID&secret=APPSECRET" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
[ -n "$(token)" ] || { echo "no token from the mock" >&2; exit 1; }
printf '\x89PNG\r\n\x1a\n' > /tmp/wxapi-mock-sample.png

"$bin" --spec "$spec" --app "$app" --print-curl "$base" > "$work/commands.tsv"
ok=0; errors=0; failed=0
while IFS=$'\t' read -r id command; do
  [[ "$command" == *ACCESS_TOKEN* ]] && command=${command//ACCESS_TOKEN/$(token)}
  if ! meta=$(eval "$command -o '$work/body' -w '%{http_code} %{content_type}'" 2>"$work/curl.txt"); then
    echo "FAIL $id: $(cat "$work/curl.txt")"; failed=$((failed + 1)); continue
  fi
  status=${meta%% *}
  type=${meta#* }
  code=$(tr -d '\0' < "$work/body" | sed -n 's/.*"errcode": *"\{0,1\}\(-\{0,1\}[0-9]*\).*/\1/p' | head -1)
  if [ "$status" = 404 ] || [ "$status" = 000 ]; then
    echo "FAIL $id: HTTP $status"; failed=$((failed + 1))
  elif [[ "$type" == image/* ]]; then
    echo "ok   $id: a file ($type, HTTP $status)"; ok=$((ok + 1))
  elif [ -z "$code" ] || [ "$code" = 0 ]; then
    echo "ok   $id"; ok=$((ok + 1))
  else
    echo "err  $id: errcode $code"; errors=$((errors + 1))
  fi
done < "$work/commands.tsv"
echo "endpoints: $((ok + errors + failed)); answered ok: $ok; answered with a WeChat error: $errors; no answer: $failed"
if [ -s "$work/stderr.txt" ]; then echo "the mock reported:"; cat "$work/stderr.txt"; fi
[ "$failed" = 0 ]
