#!/usr/bin/env bash
# wxapi next to progenitor on the same synthetic API, in one run (not part of CI).
#
# Installs progenitor's CLI (cargo-progenitor) if missing, writes the synthetic API as a
# wxapi spec and as OpenAPI 3, runs both generators on N endpoints (default 1,000), and
# prints wall time, peak memory and lines of Rust per endpoint of each, with the ratios;
# then a full (CARGO_INCREMENTAL=0) `cargo check` of each generated crate (dependencies
# built beforehand, so the figure is the generated code's own) at 100 endpoints, and at N
# with --check-n.
#
# Each generator runs three times into a fresh folder; the median wall time is reported with
# that run's peak. Temporary files go under $TMPDIR (TMPDIR=/dev/shm keeps a busy disk's
# file-creation cost out of the figures: wxapi writes a file per module and docs page,
# progenitor one).
#
# Usage: bash scripts/compare-progenitor.sh [N] [--check-n]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
n=${1:-1000}
check_n=${2:-}
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
command -v cargo-progenitor >/dev/null || cargo install cargo-progenitor
cargo build -q --release -p wxapi-codegen --bin wxapi-codegen --example synth_spec
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
bin="$target/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

measure() { # dir, out folder, command... -> "wall_s peak_kb" (median of three runs)
  local dir=$1 out=$2; shift 2
  for run in 1 2 3; do
    rm -rf "${dir:?}/$out"
    ( cd "$dir" && /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" ) || { cat "$work/err.txt" >&2; return 1; }
    cat "$work/time.txt"
  done | sort -n | sed -n 2p
}

generate_both() { # n -> prints "wx_wall wx_kb wx_lines pg_wall pg_kb pg_lines"
  # Two `local`s: one would expand `$n` before setting it, naming the outer N's folder.
  local n=$1
  local dir="$work/synth-$n"
  "$bin/examples/synth_spec" "$n" "$dir" 2>/dev/null
  read -r wx_wall wx_kb < <(measure "$dir" wxapi-out "$bin/wxapi-codegen" generate --out wxapi-out)
  read -r pg_wall pg_kb < <(measure "$dir" pg-out cargo progenitor -i openapi.json -o pg-out -n synth -v 0.1.0)
  local wx_lines pg_lines
  wx_lines=$(cat "$dir"/wxapi-out/src/api/endpoints/*.rs | wc -l)
  pg_lines=$(find "$dir/pg-out/src" -name '*.rs' -exec cat {} + | wc -l)
  echo "$wx_wall $wx_kb $wx_lines $pg_wall $pg_kb $pg_lines"
}

ratio() { python3 -c "print(f'{$1 / $2:.3f}')"; }

echo "== generation, $n endpoints (wall s, peak MiB, lines of Rust per endpoint)"
read -r wx_wall wx_kb wx_lines pg_wall pg_kb pg_lines < <(generate_both "$n")
printf '%-12s %8s %10s %10s\n' "" wall_s peak_MiB lines/ep
printf '%-12s %8s %10s %10s\n' wxapi "$wx_wall" "$((wx_kb / 1024))" "$((wx_lines / n))"
printf '%-12s %8s %10s %10s\n' progenitor "$pg_wall" "$((pg_kb / 1024))" "$((pg_lines / n))"
echo "ratios wxapi/progenitor: wall $(ratio "$wx_wall" "$pg_wall"), peak $(ratio "$wx_kb" "$pg_kb"), lines $(ratio "$wx_lines" "$pg_lines")"

check_crate() { # n -> "wx_wall wx_kb pg_wall pg_kb"
  local n=$1
  local dir="$work/synth-$n"
  [ -d "$dir/wxapi-out" ] || generate_both "$n" >/dev/null
  # The wxapi crate: the generated modules under a hand-written lib.rs, like generated/.
  mkdir -p "$dir/wxapi-out/src"
  printf '[package]\nname = "synth-wxapi"\nversion = "0.1.0"\nedition = "2021"\n[dependencies]\nwxapi-runtime = { path = "%s/runtime" }\n[workspace]\n' "$repo" > "$dir/wxapi-out/Cargo.toml"
  cp "$repo/Cargo.lock" "$dir/wxapi-out/Cargo.lock"
  printf '#[rustfmt::skip]\nmod api;\npub use api::*;\n' > "$dir/wxapi-out/src/lib.rs"
  grep -q '^\[workspace\]' "$dir/pg-out/Cargo.toml" || printf '\n[workspace]\n' >> "$dir/pg-out/Cargo.toml"
  local out=""
  for pair in "wxapi-out synth-wxapi" "pg-out synth"; do
    set -- $pair
    # Dependencies first, with the measured run's settings (or they are rebuilt), then
    # only the generated crate is cleaned and checked from scratch.
    ( cd "$dir/$1" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$work/target-$1" cargo check -q >/dev/null 2>&1 ) || true
    ( cd "$dir/$1" && CARGO_TARGET_DIR="$work/target-$1" cargo clean -q -p "$2" )
    ( cd "$dir/$1" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$work/target-$1" /usr/bin/time -f '%e %M' -o "$work/time.txt" cargo check -q >/dev/null 2>&1 )
    out="$out $(cat "$work/time.txt")"
  done
  echo "$out"
}

for m in 100 ${check_n:+$n}; do
  echo "== full cargo check of the generated crate, $m endpoints (wall s, peak MiB)"
  read -r wx_wall wx_kb pg_wall pg_kb < <(check_crate "$m")
  printf '%-12s %8s %10s\n' wxapi "$wx_wall" "$((wx_kb / 1024))"
  printf '%-12s %8s %10s\n' progenitor "$pg_wall" "$((pg_kb / 1024))"
  echo "ratio wxapi/progenitor: wall $(ratio "$wx_wall" "$pg_wall"), peak $(ratio "$wx_kb" "$pg_kb")"
done
