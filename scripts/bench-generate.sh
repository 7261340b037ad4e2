#!/usr/bin/env bash
# Wall time and peak memory of `wxapi-codegen generate` on the synthetic API
# (N endpoints of a WeChat-shaped POST with a 3-code error table), and lines of Rust per
# endpoint. Not part of the tests: a measurement. Temporary files go under $TMPDIR
# (TMPDIR=/dev/shm keeps a busy disk's file-creation cost out of the figures).
# Usage: bash scripts/bench-generate.sh [N...]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
cargo build -q --release -p wxapi-codegen --bin wxapi-codegen --example synth_spec
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%8s %10s %12s %14s\n' endpoints wall_s peak_MiB lines/endpoint
for n in "${@:-100 1000 5000}"; do
  for n1 in $n; do
    "$bin/examples/synth_spec" "$n1" "$work/$n1" 2>/dev/null
    # Three runs into a fresh folder; the median wall time, with that run's peak.
    for run in 1 2 3; do
      rm -rf "$work/$n1/out"
      ( cd "$work/$n1" && /usr/bin/time -f '%e %M' -o time.txt "$bin/wxapi-codegen" generate --out out >/dev/null 2>&1 )
      cat "$work/$n1/time.txt"
    done | sort -n | sed -n 2p > "$work/$n1/median.txt"
    read -r wall kb < "$work/$n1/median.txt"
    lines=$(cat "$work/$n1"/out/src/api/endpoints/*.rs | wc -l)
    printf '%8s %10s %12s %14s\n' "$n1" "$wall" "$((kb / 1024))" "$((lines / n1))"
  done
done
