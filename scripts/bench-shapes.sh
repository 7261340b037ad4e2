#!/usr/bin/env bash
# Wall time and peak memory of `wxapi-codegen validate` on each stress shape of the loader
# (generator/benches/support/shapes.rs: deep nesting of every kind, a 100k-item flow list,
# 40k keys, a 1 MiB line, 2,000 files, a chain of 15,000 types), at BYTES bytes of spec each
# (default 1 MiB, the file limit). Not part of the tests: a measurement; the target is well
# under a second each.
# Temporary files go under $TMPDIR.
# Usage: bash scripts/bench-shapes.sh [BYTES [SHAPE...]]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
cargo build -q --release -p wxapi-codegen --bin wxapi-codegen --example shape_spec
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release"
bytes="${1:-1048576}"
shift || true
shapes="${*:-$("$bin/examples/shape_spec" list)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%-20s %6s %9s %7s %6s %9s  %s\n' shape files bytes wall_s cpu_s peak_MiB first_diagnostic
for shape in $shapes; do
  "$bin/examples/shape_spec" "$shape" "$bytes" "$work/$shape"
  # Three runs of `validate` as a maintainer runs it (drawn diagnostics); the median wall
  # time, with that run's peak and CPU time (user + system: on a shared machine, wall time
  # also counts the wait for a core). It exits 1 on the deep shapes (their one diagnostic):
  # GNU time then writes a status line first, hence the last line of its report.
  for run in 1 2 3; do
    ( cd "$work/$shape" && /usr/bin/time -f '%e %M %U %S' -o time.txt "$bin/wxapi-codegen" validate >out.txt 2>&1 || true )
    tail -n 1 "$work/$shape/time.txt"
  done | sort -n | sed -n 2p > "$work/$shape/median.txt"
  read -r wall kb user sys < "$work/$shape/median.txt"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  files=$(find "$work/$shape/spec" -type f | wc -l)
  size=$(find "$work/$shape/spec" -type f -exec cat {} + | wc -c)
  # The first code: miette draws it alone on a line; the plain drawing (long lines) as
  # `error[code]:`.
  outcome=$(grep -o -m1 -E '^[a-z-]+$|^(error|warning)\[[a-z-]+\]' "$work/$shape/out.txt" \
    | sed -E 's/^(error|warning)\[(.*)\]$/\2/' || true)
  outcome=${outcome:-none}
  printf '%-20s %6s %9s %7s %6s %9s  %s\n' "$shape" "$files" "$size" "$wall" "$cpu" "$((kb / 1024))" "$outcome"
done
